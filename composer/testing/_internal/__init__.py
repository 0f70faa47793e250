"""The implementation of ``composer.testing``: strategies, predicates and the hypothesis plugin (private; import from ``composer.testing``)."""
