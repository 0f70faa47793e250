"""Tests of composer.testing: its strategies, predicates, plugin and docs."""
