"""Importing the optional packages of the render layer, with an error that says what to install."""

from __future__ import annotations

__all__ = ["EXTRAS", "require"]

import importlib
from types import ModuleType

from composer.errors import MissingDependencyError

#: Optional module -> (the extra of ``composer`` that installs it, the PyPI package).
EXTRAS: dict[str, tuple[str, str]] = {
    "verovio": ("notation", "verovio"),
    "cairosvg": ("png", "cairosvg"),
    "matplotlib": ("plot", "matplotlib"),
    "midirenderer": ("soundfont", "midirenderer"),
}


def require(module: str, feature: str) -> ModuleType:
    """Import ``module`` (one of ``EXTRAS``) or raise an error naming the extra to install.

    Parameters
    ----------
    module : str
        Top-level module name, a key of ``EXTRAS``.
    feature : str
        What needs it, for the message (``"SVG sheet music"``).

    Returns
    -------
    module
        The imported module.

    Raises
    ------
    MissingDependencyError
        If the module is not installed or fails to load (a package whose system library
        is missing, like cairosvg without Cairo, fails with ``OSError`` on import).
    """
    extra, package = EXTRAS[module]
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependencyError(
            f"{feature} needs the {package!r} package: pip install 'composer[{extra}]' (or pip install {package})"
        ) from None
    except OSError as exc:  # e.g. cairocffi cannot find libcairo
        raise MissingDependencyError(
            f"{feature} needs {package!r}, which is installed but could not load a system library ({exc}); "
            f"install the library it names (for cairosvg: Cairo, e.g. apt install libcairo2)"
        ) from None
