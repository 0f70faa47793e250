"""A small safe expression language for style files: parsed with ``ast``, checked, never executed.

An expression is Python syntax restricted to numbers, names (the axes ``valence``
and ``arousal``, parameters and variables), arithmetic, comparisons, ``and``/``or``/
``not``, ``x if cond else y`` and the functions of ``FUNCTIONS``. The text is parsed
with :func:`ast.parse` in ``'eval'`` mode and every node is checked against a
whitelist; the checked tree is turned into plain Python closures. Nothing from the
text is ever handed to ``eval``/``exec``, and no attribute, subscript, call of another
name, comprehension, lambda or import can get through.

Every expression is typed when it is compiled: numeric names give numbers, choice
parameters (``mode``, ``meter`` …) give text that may only be compared with ``==``
or ``!=`` to one of their quoted values, comparisons and ``and``/``or``/``not`` give
booleans.
"""

from __future__ import annotations

__all__ = [
    "Expression",
    "ExpressionError",
    "FUNCTIONS",
    "MAX_EXPRESSION_CHARS",
    "MAX_EXPRESSION_NODES",
    "MAX_EXPONENT",
    "compile_expression",
    "NUMBER",
    "BOOL",
]

import ast
import math
import operator
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from composer.limits import LIMITS
from composer.rules.suggest import did_you_mean

#: Longest expression accepted, in characters.
MAX_EXPRESSION_CHARS = int(LIMITS["expression_chars"].high)
#: Most syntax-tree nodes an expression may have.
MAX_EXPRESSION_NODES = int(LIMITS["expression_nodes"].high)
#: Largest absolute exponent allowed after ``**`` (which must be a number written in the text).
MAX_EXPONENT = 8
#: Largest absolute number literal accepted.
MAX_LITERAL = 1e9

NUMBER = "number"
BOOL = "bool"

#: Name -> (least, most arguments, one-line doc). ``None`` as most means any number.
FUNCTIONS: dict[str, tuple[int, int | None, str]] = {
    "min": (2, None, "min(a, b, ...): the smallest argument"),
    "max": (2, None, "max(a, b, ...): the largest argument"),
    "clamp": (3, 3, "clamp(x, low, high): x limited to [low, high]"),
    "lerp": (3, 3, "lerp(a, b, t): a + (b - a) * t, linear interpolation"),
    "abs": (1, 1, "abs(x): the absolute value"),
    "round": (1, 1, "round(x): the nearest whole number (halves round up)"),
}

Env = Mapping[str, object]
Fn = Callable[[Env], object]


class ExpressionError(Exception):
    """An expression that cannot be compiled or evaluated.

    Attributes
    ----------
    message : str
        What is wrong and what is allowed.
    piece : str
        The offending part of the expression text ("" when it is the whole).
    """

    def __init__(self, message: str, piece: str = ""):
        super().__init__(message)
        self.message = message
        self.piece = piece

    def __str__(self) -> str:
        return f"{self.message} (at '{self.piece}')" if self.piece else self.message


@dataclass(frozen=True)
class Expression:
    """A compiled, typed expression.

    Attributes
    ----------
    text : str
        The source text.
    type : str
        ``NUMBER`` or ``BOOL``.
    names : frozenset of str
        Every name the expression reads.
    """

    text: str
    type: str
    names: frozenset[str]
    _fn: Fn

    def evaluate(self, env: Env) -> float | bool:
        """Evaluate with ``env`` mapping each name in :attr:`names` to its value.

        Raises
        ------
        ExpressionError
            On division by zero, overflow, a result that is not finite, or a math domain error.
        """
        try:
            value = self._fn(env)
        except ZeroDivisionError:
            raise ExpressionError("division by zero", self.text) from None
        except OverflowError:
            raise ExpressionError("number too large", self.text) from None
        except ValueError as e:  # math.pow of a negative number to a fractional power
            raise ExpressionError(f"math domain error ({e})", self.text) from None
        if self.type == NUMBER:
            value = float(value)  # type: ignore[arg-type]
            if not math.isfinite(value):
                raise ExpressionError("the result is not a finite number", self.text)
        return value  # type: ignore[return-value]

    def __str__(self) -> str:
        return self.text


def _round(x: float) -> float:
    return float(math.floor(x + 0.5))


def _pow(a: float, b: float) -> float:
    return math.pow(a, b)


def _finite(x: float) -> float:
    if not math.isfinite(x):
        raise OverflowError
    return x


_BINOPS: dict[type, tuple[str, Callable[[float, float], float]]] = {
    ast.Add: ("+", operator.add),
    ast.Sub: ("-", operator.sub),
    ast.Mult: ("*", operator.mul),
    ast.Div: ("/", operator.truediv),
    ast.FloorDiv: ("//", operator.floordiv),
    ast.Mod: ("%", operator.mod),
    ast.Pow: ("**", _pow),
}
_COMPARES: dict[type, Callable[[object, object], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
_NODE_NAMES: dict[type, str] = {
    ast.Attribute: "attribute access",
    ast.Subscript: "subscripts",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.List: "lists",
    ast.Tuple: "tuples",
    ast.Dict: "dicts",
    ast.Set: "sets",
    ast.Starred: "starred arguments",
    ast.JoinedStr: "f-strings",
    ast.NamedExpr: "assignment (:=)",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Slice: "slices",
}


class _Compiler:
    """Walks a parsed tree, checks it and builds closures. ``types`` maps each name to
    ``NUMBER`` or to the tuple of values of a choice parameter."""

    def __init__(self, text: str, types: Mapping[str, str | tuple[str, ...]],
                 normalise: Callable[[str, str], str | None]):
        self.text = text
        self.types = types
        self.normalise = normalise
        self.names: set[str] = set()

    def piece(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.text, node) or type(node).__name__

    def fail(self, node: ast.AST, message: str) -> ExpressionError:
        return ExpressionError(message, self.piece(node))

    def need(self, node: ast.AST, want: str) -> Fn:
        fn, got = self.compile(node)
        if got != want:
            what = {NUMBER: "a number", BOOL: "a condition (true or false)"}
            found = "text" if isinstance(got, tuple) or got == "text" else what[got]
            raise self.fail(node, f"expected {what[want]} here, found {found}")
        return fn

    def compile(self, node: ast.AST) -> tuple[Fn, object]:
        method = getattr(self, "c_" + type(node).__name__, None)
        if method is None:
            what = _NODE_NAMES.get(type(node), f"'{type(node).__name__}'")
            raise self.fail(node, f"{what} not allowed in an expression; allowed: numbers, names, "
                                  "+ - * / // % **, comparisons, and/or/not, x if c else y, "
                                  + ", ".join(FUNCTIONS))
        return method(node)

    def c_Constant(self, node: ast.Constant) -> tuple[Fn, object]:
        v = node.value
        if isinstance(v, bool):
            return (lambda env, v=v: v), BOOL
        if isinstance(v, (int, float)):
            if not abs(v) <= MAX_LITERAL:
                raise self.fail(node, f"number literals are limited to ±{MAX_LITERAL:g}")
            x = float(v)
            return (lambda env, x=x: x), NUMBER
        if isinstance(v, str):
            return (lambda env, v=v: v), "text"
        raise self.fail(node, f"{type(v).__name__} literals are not allowed; only numbers")

    def c_Name(self, node: ast.Name) -> tuple[Fn, object]:
        name = node.id
        if name not in self.types:
            if name in FUNCTIONS:
                raise self.fail(node, f"'{name}' is a function; call it as {FUNCTIONS[name][2].split(':')[0]}")
            raise self.fail(node, f"unknown name '{name}'{did_you_mean(name, list(self.types) + list(FUNCTIONS))}")
        self.names.add(name)
        t = self.types[name]
        return (lambda env, n=name: env[n]), t

    def c_BinOp(self, node: ast.BinOp) -> tuple[Fn, object]:
        if type(node.op) not in _BINOPS:
            raise self.fail(node, "bitwise operators and @ are not allowed; use + - * / // % **")
        left = self.need(node.left, NUMBER)
        if isinstance(node.op, ast.Pow):
            exponent = node.right
            sign = 1.0
            if isinstance(exponent, ast.UnaryOp) and isinstance(exponent.op, (ast.USub, ast.UAdd)):
                sign = -1.0 if isinstance(exponent.op, ast.USub) else 1.0
                exponent = exponent.operand
            if not (isinstance(exponent, ast.Constant) and isinstance(exponent.value, (int, float))
                    and not isinstance(exponent.value, bool)):
                raise self.fail(node.right, "the exponent after ** must be a number written in the expression")
            e = sign * float(exponent.value)
            if abs(e) > MAX_EXPONENT:
                raise self.fail(node.right, f"exponents are limited to ±{MAX_EXPONENT}")
            return (lambda env, l=left, e=e: _finite(_pow(l(env), e))), NUMBER
        right = self.need(node.right, NUMBER)
        op = _BINOPS[type(node.op)][1]
        return (lambda env, l=left, r=right, op=op: _finite(op(l(env), r(env)))), NUMBER

    def c_UnaryOp(self, node: ast.UnaryOp) -> tuple[Fn, object]:
        if isinstance(node.op, ast.Not):
            inner = self.need(node.operand, BOOL)
            return (lambda env, f=inner: not f(env)), BOOL
        if isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = self.need(node.operand, NUMBER)
            if isinstance(node.op, ast.USub):
                return (lambda env, f=inner: -f(env)), NUMBER
            return inner, NUMBER
        raise self.fail(node, "~ is not allowed; use -, + or not")

    def c_BoolOp(self, node: ast.BoolOp) -> tuple[Fn, object]:
        parts = [self.need(v, BOOL) for v in node.values]
        if isinstance(node.op, ast.And):
            return (lambda env, ps=parts: all(p(env) for p in ps)), BOOL
        return (lambda env, ps=parts: any(p(env) for p in ps)), BOOL

    def text_operand(self, node: ast.AST, other: ast.AST) -> Fn:
        """A text comparison: a choice parameter against one of its quoted values (or another choice)."""
        fn, t = self.compile(node)
        if isinstance(t, tuple):
            return fn
        if t == "text":
            value = node.value  # type: ignore[attr-defined]
            other_t = self.types.get(other.id) if isinstance(other, ast.Name) else None
            if isinstance(other_t, tuple):
                norm = self.normalise(other.id, value)  # type: ignore[attr-defined]
                if norm is None:
                    raise self.fail(node, f"'{value}' is not a value of {other.id}"  # type: ignore[attr-defined]
                                          f"{did_you_mean(value, list(other_t))}")
                return lambda env, v=norm: v
            raise self.fail(node, "quoted text may only be compared with == or != to a choice parameter "
                                  "such as mode or meter")
        raise self.fail(node, "a number cannot be compared with text")

    def c_Compare(self, node: ast.Compare) -> tuple[Fn, object]:
        operands = [node.left] + list(node.comparators)
        fns: list[Fn] = []
        for i, op in enumerate(node.ops):
            if type(op) not in _COMPARES:
                raise self.fail(node, "'in', 'not in', 'is' and 'is not' are not allowed; use ==, !=, <, <=, >, >=")
        texts = [self._is_text(n) for n in operands]
        if any(texts):
            if len(operands) != 2 or not isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
                raise self.fail(node, "text (a choice parameter or a quoted value) only compares with == or != "
                                      "between two operands, e.g. mode == 'dorian'")
            a, b = operands
            fa, fb = self.text_operand(a, b), self.text_operand(b, a)
            op = _COMPARES[type(node.ops[0])]
            return (lambda env, fa=fa, fb=fb, op=op: op(fa(env), fb(env))), BOOL
        fns = [self.need(n, NUMBER) for n in operands]
        ops = [_COMPARES[type(o)] for o in node.ops]

        def compare(env: Env, fns: list[Fn] = fns, ops: list = ops) -> bool:
            values = [f(env) for f in fns]
            return all(op(a, b) for op, a, b in zip(ops, values, values[1:]))

        return compare, BOOL

    def _is_text(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return True
        return isinstance(node, ast.Name) and isinstance(self.types.get(node.id), tuple)

    def c_IfExp(self, node: ast.IfExp) -> tuple[Fn, object]:
        test = self.need(node.test, BOOL)
        body, tb = self.compile(node.body)
        other, to = self.compile(node.orelse)
        if tb not in (NUMBER, BOOL) or tb != to:
            raise self.fail(node, "both branches of 'x if c else y' must be numbers (or both conditions)")
        return (lambda env, t=test, b=body, o=other: b(env) if t(env) else o(env)), tb

    def c_Call(self, node: ast.Call) -> tuple[Fn, object]:
        if not isinstance(node.func, ast.Name):
            raise self.fail(node.func, f"only these functions may be called: {', '.join(FUNCTIONS)}")
        name = node.func.id
        if name not in FUNCTIONS:
            raise self.fail(node.func, f"unknown function '{name}'{did_you_mean(name, list(FUNCTIONS))}; "
                                       f"allowed: {', '.join(FUNCTIONS)}")
        if node.keywords:
            raise self.fail(node, f"{name}() takes no keyword arguments")
        least, most, doc = FUNCTIONS[name]
        n = len(node.args)
        if n < least or (most is not None and n > most):
            raise self.fail(node, f"wrong number of arguments: {doc}")
        args = [self.need(a, NUMBER) for a in node.args]
        if name == "min":
            return (lambda env, a=args: min(f(env) for f in a)), NUMBER
        if name == "max":
            return (lambda env, a=args: max(f(env) for f in a)), NUMBER
        if name == "clamp":
            x, lo, hi = args
            return (lambda env: min(max(x(env), lo(env)), hi(env))), NUMBER
        if name == "lerp":
            a, b, t = args
            return (lambda env: _finite(a(env) + (b(env) - a(env)) * t(env))), NUMBER
        if name == "abs":
            (x,) = args
            return (lambda env: abs(x(env))), NUMBER
        (x,) = args
        return (lambda env: _round(x(env))), NUMBER


def compile_expression(
    text: object,
    types: Mapping[str, str | tuple[str, ...]],
    want: str = NUMBER,
    normalise: Callable[[str, str], str | None] | None = None,
) -> Expression:
    """Parse, check and compile one expression.

    Parameters
    ----------
    text : str
        The expression, e.g. ``"clamp(register / 4, 8, 20)"``.
    types : mapping of str to str or tuple of str
        Every name the expression may read: ``NUMBER`` for numeric ones, the tuple of
        allowed values for choice parameters.
    want : str
        ``NUMBER`` or ``BOOL``: what the expression must give.
    normalise : callable, optional
        ``normalise(name, quoted)`` returns the canonical value of choice ``name``
        spelt ``quoted`` (e.g. ``"Eb"`` for the tonic gives ``"E-"``), or None if
        it is not a value of that choice. By default the value must be listed as is.

    Raises
    ------
    ExpressionError
        If the text is not a string, too long, not valid syntax, uses anything outside
        the whitelist, names something unknown, or has the wrong type.

    Examples
    --------
    >>> e = compile_expression("clamp(60 + 40 * arousal, 40, 200)", {"arousal": NUMBER})
    >>> e.evaluate({"arousal": 0.5})
    80.0
    """
    if not isinstance(text, str):
        raise ExpressionError(f"an expression is text in quotes, got {text!r} ({type(text).__name__})")
    if not text.strip():
        raise ExpressionError("the expression is empty")
    if len(text) > MAX_EXPRESSION_CHARS:
        raise ExpressionError(f"the expression is {len(text)} characters long; the limit is {MAX_EXPRESSION_CHARS}")
    try:
        with warnings.catch_warnings():
            # Python warns about oddities such as "1a" while parsing; the whitelist below
            # rejects what matters, and a style author should see our error, not the warning.
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as e:
        where = f" at column {e.offset}" if e.offset else ""
        raise ExpressionError(f"syntax error{where}: {e.msg}") from None
    except (ValueError, RecursionError, MemoryError) as e:  # null bytes, absurd nesting
        raise ExpressionError(f"cannot parse the expression: {type(e).__name__}") from None
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_EXPRESSION_NODES:
        raise ExpressionError(f"the expression has {count} parts; the limit is {MAX_EXPRESSION_NODES}")
    if normalise is None:
        def normalise(name: str, value: str) -> str | None:
            choices = types.get(name)
            return value if isinstance(choices, tuple) and value in choices else None
    compiler = _Compiler(text.strip(), types, normalise)
    try:
        fn = compiler.need(tree.body, want)
    except RecursionError:
        raise ExpressionError("the expression is nested too deeply") from None
    return Expression(text.strip(), want, frozenset(compiler.names), fn)
