"""Corpus manifests and trained model files, installed as the data package ``composer._corpora``."""
