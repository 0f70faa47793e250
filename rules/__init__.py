"""Shipped style files (YAML), installed as the data package ``composer._styles``."""
