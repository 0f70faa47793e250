"""The examples in every module's docstrings run and give what they show.

Every module of the package whose source holds a ``>>>`` example is found here; a new
module with examples is tested without being listed.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import composer

ROOT = Path(composer.__file__).parent
# composer.testing's examples call .example(), which hypothesis means for the prompt.
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")


def _modules_with_examples() -> list[str]:
    names = ["composer"] + [m.name for m in pkgutil.walk_packages([str(ROOT)], prefix="composer.")]
    found = []
    for name in names:
        rel = Path(*name.split(".")[1:])
        path = ROOT / rel / "__init__.py" if (ROOT / rel).is_dir() else (ROOT / rel).with_suffix(".py")
        if path.is_file() and ">>>" in path.read_text(encoding="utf-8"):
            found.append(name)
    return sorted(found)


MODULES = _modules_with_examples()


def test_every_module_with_examples_is_found():
    on_disk = {p for p in ROOT.rglob("*.py") if ">>>" in p.read_text(encoding="utf-8")}
    assert len(MODULES) == len(on_disk) and "composer.story.scoring.timing" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
