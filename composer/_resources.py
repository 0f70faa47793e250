"""Where shipped data lives: the styles (``rules/``) and models (``corpora/``) inside the wheel."""

from __future__ import annotations

__all__ = ["styles_dir", "corpora_dir"]

import importlib.resources
from pathlib import Path
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:  # importlib.resources.abc is 3.11+; only the type checker needs it
    from importlib.resources.abc import Traversable

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def _data_dir(package: str, source_folder: str) -> "Union[Traversable, Path]":
    # Installed from a wheel, the top-level folders are the packages composer._styles and
    # composer._corpora; run from a source checkout they are plain folders beside composer/.
    try:
        return importlib.resources.files(package)
    except ModuleNotFoundError:
        return _SOURCE_ROOT / source_folder


def styles_dir() -> "Union[Traversable, Path]":
    """Return the folder holding the shipped ``*.yaml`` style files."""
    return _data_dir("composer._styles", "rules")


def corpora_dir() -> "Union[Traversable, Path]":
    """Return the folder holding corpus manifests and trained model files."""
    return _data_dir("composer._corpora", "corpora")
