"""Hostile and broken style files only ever give a RuleError (with file and line where there is one), never a hang."""

from __future__ import annotations

import random

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer._resources import styles_dir
from composer.errors import RuleError
from composer.rules import Style
from composer.rules.yamlsource import MAX_BYTES, read_yaml

SHIPPED = {p.name: p.read_text() for p in sorted(styles_dir().iterdir()) if p.name.endswith(".yaml")}


def load_text(text: str | bytes, source: str = "hostile.yaml") -> Style | None:
    """Load ``text`` as a style; return None when it is rejected with a RuleError naming the file."""
    try:
        return Style(read_yaml(text, source))
    except RuleError as e:
        assert e.issues and all(i.file for i in e.issues)
        return None


def test_alias_bomb_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 9):
        bomb += f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]\n"
    with pytest.raises(RuleError, match="alias bomb"):
        read_yaml(bomb, "bomb.yaml")


def test_huge_file_is_refused():
    with pytest.raises(RuleError, match="limit is"):
        read_yaml(b"# " + b"x" * MAX_BYTES, "huge.yaml")


@pytest.mark.parametrize("text,message", [
    (b"\xff\xfe\x00bad", "not UTF-8"),
    ("name: x\n---\nname: y\n", "one YAML document"),
    ("a: !!python/object:os.system ls\n", "YAML"),
    ("a: [" * 5000 + "]" * 5000, "nested too deeply"),
    ("name: x\nname: y\n", "duplicate key 'name'"),
    ("? [a, b]\n: c\n", "mapping keys must be plain names"),
    ("name: [unclosed\n", "YAML syntax error"),
    ("", "a style file is a mapping"),
    ("- just\n- a list\n", "a style file is a mapping"),
])
def test_broken_documents_are_rule_errors(text, message):
    with pytest.raises(RuleError) as info:
        Style(read_yaml(text, "broken.yaml"))
    assert message in str(info.value) and "broken.yaml" in str(info.value)


_settings = settings(max_examples=120, deadline=10_000, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(text=st.text(max_size=300))
def test_fuzzed_text_only_raises_rule_error(text):
    load_text(text)


@_settings
@given(data=st.data(), name=st.sampled_from(sorted(SHIPPED)))
def test_mutated_shipped_styles_only_raise_rule_error(data, name):
    """Mutate a shipped style's text: cut, duplicate, swap or replace lines and characters."""
    lines = SHIPPED[name].splitlines(keepends=True)
    rng = random.Random(data.draw(st.integers(0, 2**32)))
    for _ in range(data.draw(st.integers(1, 6))):
        i = rng.randrange(len(lines))
        op = rng.randrange(5)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3 and lines[i].strip():
            k = rng.randrange(len(lines[i]))
            lines[i] = lines[i][:k] + rng.choice("{}[]:-&*!|>'\"#,x 0.5\t") + lines[i][k + 1:]
        else:
            lines[i] = lines[i].replace(rng.choice(["value", "weights", "arousal", "when", "kind", "1", "0."]),
                                        data.draw(st.text(max_size=8)), 1)
    text = "".join(lines)
    style = load_text(text, name)
    if style is not None:
        for v, a in ((-1.0, -1.0), (0.0, 0.0), (1.0, 1.0)):
            from composer.affect import Affect
            try:
                style.evaluate(Affect(v, a), seed=1)
            except RuleError:
                pass


_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                     st.text(max_size=20), st.sampled_from(["valence", "arousal", "tempo", "ionian", "3/4", "in_scale",
                                                            "arousal > 0", "1/0", "default", "s.yaml"]))
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(st.text(max_size=10) | st.sampled_from(
                                                             ["value", "weights", "base", "grid", "expr", "regions",
                                                              "when", "valence", "arousal", "kind", "weight",
                                                              "remove", "count", "shape", "tempo"]), inner, max_size=4)),
                       max_leaves=20)


@_settings
@given(doc=st.fixed_dictionaries({"name": _scalars}, optional={
    "extends": st.sampled_from(["default", "film", "nope", "./x.yaml", "hostile.yaml"]) | _scalars,
    "variables": st.dictionaries(st.text(max_size=8), _values, max_size=3),
    "parameters": st.dictionaries(st.sampled_from(["tempo", "mode", "meter", "range", "tonic", "rests", "x"]),
                                  _values, max_size=4),
    "constraints": st.lists(_values, max_size=4),
}))
def test_structured_garbage_only_raises_rule_error(doc):
    style = load_text(yaml.safe_dump(doc))
    if style is not None:
        from composer.affect import Affect
        try:
            style.evaluate(Affect(0.3, -0.3), seed=2)
        except RuleError:
            pass
