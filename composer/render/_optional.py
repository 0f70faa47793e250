"""Importing the optional packages of the render layer, with an error that says what to install."""

from __future__ import annotations

__all__ = ["DISTRIBUTION", "EXTRAS", "require", "require_all"]

import importlib
from types import ModuleType

from composer.errors import MissingDependencyError

#: composer's name on PyPI (``composer`` there is an unrelated PyTorch library); it still
#: imports as ``composer``.
DISTRIBUTION = "composer-emotion"
#: Optional module -> (the extra of ``composer-emotion`` that installs it, the PyPI package).
EXTRAS: dict[str, tuple[str, str]] = {
    "verovio": ("notation", "verovio"),
    "cairosvg": ("png", "cairosvg"),
    "matplotlib": ("plot", "matplotlib"),
    "midirenderer": ("soundfont", "midirenderer"),
    "dask": ("dask", "dask"),  # batches on a Dask cluster (composer.batches.dask)
    "distributed": ("dask", "distributed"),
    "pyarrow": ("parquet", "pyarrow"),  # a batch's manifest as Parquet (composer.batches.manifest)
    "rtmidi": ("live", "python-rtmidi"),  # mido's real-time MIDI ports (composer.live.player)
}


def require(module: str, feature: str) -> ModuleType:
    """Import ``module`` (one of ``EXTRAS``) or raise an error naming the package to install.

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
        See :func:`require_all`.
    """
    return require_all((module,), feature)[0]


def require_all(modules: tuple[str, ...], feature: str) -> tuple[ModuleType, ...]:
    """Import every module of ``modules`` (keys of ``EXTRAS``), or raise one error naming all that are missing.

    The message gives a ``pip install`` of the plain packages, which works however composer
    was installed (from PyPI, a wheel or a clone), and the extras that install the same.

    Parameters
    ----------
    modules : tuple of str
        Top-level module names, keys of ``EXTRAS``.
    feature : str
        What needs them, for the message (``"PNG sheet music"``).

    Returns
    -------
    tuple of module
        The imported modules, in the order asked.

    Raises
    ------
    MissingDependencyError
        If a module is not installed or fails to load (a package whose system library
        is missing, like cairosvg without Cairo, fails with ``OSError`` on import).

    Examples
    --------
    >>> import sys
    >>> sys.modules["verovio"], sys.modules["cairosvg"] = None, None  # as if not installed
    >>> require_all(("verovio", "cairosvg"), "PNG sheet music")
    Traceback (most recent call last):
    ...
    composer.errors.MissingDependencyError: PNG sheet music needs the packages 'verovio' and 'cairosvg': pip install verovio cairosvg (or the extras notation and png of composer-emotion: pip install 'composer-emotion[notation,png]')
    >>> del sys.modules["verovio"], sys.modules["cairosvg"]
    """
    loaded, missing, broken = [], [], []
    for module in modules:
        try:
            loaded.append(importlib.import_module(module))
        except ImportError:
            missing.append(module)
        except OSError as exc:  # e.g. cairocffi cannot find libcairo
            broken.append(f"{EXTRAS[module][1]!r} is installed but could not load a system library ({exc})")
    if missing:
        packages = [EXTRAS[m][1] for m in missing]
        extras = list(dict.fromkeys(EXTRAS[m][0] for m in missing))
        names = " and ".join(repr(p) for p in packages)
        raise MissingDependencyError(
            f"{feature} needs the package{'s' if len(packages) > 1 else ''} {names}: "
            f"pip install {' '.join(packages)} (or the extra{'s' if len(extras) > 1 else ''} "
            f"{' and '.join(extras)} of {DISTRIBUTION}: pip install '{DISTRIBUTION}[{','.join(extras)}]')"
            + ("; also " + "; ".join(broken) if broken else "")
        )
    if broken:
        raise MissingDependencyError(
            f"{feature}: " + "; ".join(broken) + "; install the library it names (for cairosvg: Cairo, e.g. apt install libcairo2)"
        )
    return tuple(loaded)
