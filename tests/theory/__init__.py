"""Tests of composer.theory."""
