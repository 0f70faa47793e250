"""Helpers for the rule tests: write a style file and load it."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from composer.errors import RuleError
from composer.rules import Style, load_style


@pytest.fixture
def write_style(tmp_path: Path) -> Callable[..., Path]:
    """Return ``write_style(text, name="s.yaml")``: the (dedented) text written to a file in tmp_path."""

    def write(text: str, name: str = "s.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
        return path

    return write


@pytest.fixture
def style_of(write_style) -> Callable[..., Style]:
    """Return ``style_of(text, name="s.yaml")``: the style written and loaded."""

    def load(text: str, name: str = "s.yaml") -> Style:
        return load_style(write_style(text, name))

    return load


@pytest.fixture
def errors_of(write_style, tmp_path: Path) -> Callable[..., list[str]]:
    """Return ``errors_of(text)``: the issues (as text, the tmp folder cut from paths) that loading raises."""

    def errors(text: str, name: str = "s.yaml") -> list[str]:
        path = write_style(text, name)
        with pytest.raises(RuleError) as info:
            load_style(path)
        return [str(i).replace(f"{tmp_path}/", "") for i in info.value.issues]

    return errors
