"""The safe expression evaluator: right values for what is allowed, a clear ExpressionError for the rest."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.rules.expressions import (
    BOOL, MAX_EXPRESSION_CHARS, NUMBER, ExpressionError, compile_expression,
)

TYPES = {"valence": NUMBER, "arousal": NUMBER, "tempo": NUMBER, "mode": ("ionian", "dorian", "aeolian")}
ENV = {"valence": 0.5, "arousal": -0.25, "tempo": 120.0, "mode": "dorian"}


@pytest.mark.parametrize("text,want,expected", [
    ("1 + 2 * 3", NUMBER, 7.0),
    ("(1 + 2) * 3 - 4 / 8", NUMBER, 8.5),
    ("7 // 2 + 7 % 2", NUMBER, 4.0),
    ("2 ** 3 + 4 ** -1", NUMBER, 8.25),
    ("-valence + +arousal", NUMBER, -0.75),
    ("tempo / 60", NUMBER, 2.0),
    ("min(valence, arousal, 0)", NUMBER, -0.25),
    ("max(valence, arousal)", NUMBER, 0.5),
    ("clamp(tempo, 40, 100)", NUMBER, 100.0),
    ("lerp(10, 20, valence)", NUMBER, 15.0),
    ("abs(arousal)", NUMBER, 0.25),
    ("round(2.5) + round(-2.5)", NUMBER, 1.0),
    ("3 if valence > 0 else 4", NUMBER, 3.0),
    ("valence > 0 and arousal < 0", BOOL, True),
    ("not (valence > 0) or tempo >= 120", BOOL, True),
    ("-1 <= arousal < 0 < valence", BOOL, True),
    ("mode == 'dorian'", BOOL, True),
    ("'aeolian' != mode", BOOL, True),
    ("mode == 'ionian' or valence == 0.5", BOOL, True),
])
def test_allowed_expressions_evaluate(text, want, expected):
    e = compile_expression(text, TYPES, want)
    assert e.evaluate(ENV) == expected
    assert e.type == want


def test_names_are_the_dependencies():
    e = compile_expression("clamp(tempo / 2, valence, 3) if mode == 'dorian' else 1", TYPES)
    assert e.names == {"tempo", "valence", "mode"}


@pytest.mark.parametrize("text,piece,message", [
    ("__import__('os').system('ls')", "__import__('os').system", "only these functions may be called"),
    ("__import__('os')", "__import__", "unknown function '__import__'"),
    ("valence.real", "valence.real", "attribute access"),
    ("[1, 2][0]", "[1, 2][0]", "subscripts"),
    ("(lambda: 1)()", "lambda: 1", "only these functions"),
    ("[x for x in (1, 2)]", "[x for x in (1, 2)]", "comprehensions"),
    ("open('f')", "open", "unknown function 'open'"),
    ("eval('1')", "eval", "unknown function 'eval'"),
    ("tempi + 1", "tempi", "did you mean 'tempo'?"),
    ("2 ** 100", "100", "exponents are limited"),
    ("2 ** tempo", "tempo", "must be a number written"),
    ("9 ** 9 ** 9", "9 ** 9", "must be a number written"),
    ("mode + 1", "mode", "expected a number here, found text"),
    ("'fast'", "'fast'", "expected a number here, found text"),
    ("mode == 'dorain'", "'dorain'", "did you mean 'dorian'?"),
    ("mode < 'dorian'", "mode < 'dorian'", "only compares with == or !="),
    ("valence in (1, 2)", "valence in (1, 2)", "'in'"),
    ("valence and 1", "valence", "expected a condition"),
    ("1e300 * 1e300", "1e300", "number literals are limited"),
    ("x := 3", "", "syntax error"),
    ("f'{valence}'", "f'{valence}'", "f-strings"),
    ("min(valence)", "min(valence)", "wrong number of arguments"),
    ("max(key=1)", "max(key=1)", "keyword arguments"),
    ("1j", "1j", "complex literals"),
    ("valence & 1", "valence & 1", "bitwise"),
    ("min", "min", "is a function"),
])
def test_forbidden_expressions_name_the_piece(text, piece, message):
    with pytest.raises(ExpressionError) as info:
        compile_expression(text, TYPES, NUMBER)
    assert message in str(info.value)
    assert info.value.piece == piece


def test_length_and_nesting_limits():
    with pytest.raises(ExpressionError, match="limit is"):
        compile_expression("1+" * MAX_EXPRESSION_CHARS + "1", TYPES)
    assert compile_expression("(" * 190 + "1" + ")" * 190, TYPES).evaluate({}) == 1.0
    with pytest.raises(ExpressionError, match="parts"):
        compile_expression("-" * 350 + "1", TYPES)
    with pytest.raises(ExpressionError, match="parts"):
        compile_expression("+".join(["1"] * 150), TYPES)


@pytest.mark.parametrize("text,message", [
    ("1 / (valence - 0.5)", "division by zero"),
    ("((10 ** 8) ** 8) ** 8", "too large"),
    ("(arousal) ** 0.5", "math domain"),
])
def test_runtime_failures_are_expression_errors(text, message):
    e = compile_expression(text, TYPES)
    with pytest.raises(ExpressionError, match=message):
        e.evaluate(ENV)


# --- agreement with Python's own arithmetic on generated, whitelisted expressions ---
_leaf = st.one_of(st.sampled_from(["valence", "arousal", "tempo"]),
                  st.integers(-9, 9).map(str), st.floats(-9, 9, allow_nan=False).map(lambda x: f"{x:.3f}"))


def _extend(inner):
    return st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["min", "max"]), inner, inner).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        inner.map(lambda x: f"abs({x})"),
        inner.map(lambda x: f"-{x}"),
    )


@settings(max_examples=150)
@given(text=st.recursive(_leaf, _extend, max_leaves=12), v=st.floats(-1, 1), a=st.floats(-1, 1))
def test_agrees_with_python_arithmetic(text, v, a):
    env = {"valence": v, "arousal": a, "tempo": 120.0}
    expected = eval(text, {"__builtins__": {}, "min": min, "max": max, "abs": abs}, env)  # the test's oracle
    assert compile_expression(text, TYPES).evaluate(env) == pytest.approx(float(expected), rel=1e-12, abs=1e-12)


@settings(max_examples=300)
@given(text=st.text(max_size=60))
def test_arbitrary_text_only_ever_raises_expression_error(text):
    try:
        e = compile_expression(text, TYPES, NUMBER)
    except ExpressionError:
        return
    try:
        assert math.isfinite(e.evaluate(ENV))
    except ExpressionError:
        pass


@settings(max_examples=300)
@given(text=st.text(alphabet="valence arousal tempo mode 0123456789.+-*/%()<>=!,andornotifelse'clamp", max_size=50))
def test_near_miss_text_only_ever_raises_expression_error(text):
    for want in (NUMBER, BOOL):
        try:
            compile_expression(text, TYPES, want).evaluate(ENV)
        except ExpressionError:
            pass
