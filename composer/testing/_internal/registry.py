"""``defines_strategy``: how each public strategy function is declared, and the registry the export check reads."""

from __future__ import annotations

__all__ = ["ALL_STRATEGIES", "defines_strategy", "composite_strategy"]

import functools
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

#: Every public strategy function, by name (``composer.testing`` checks that it exports exactly these).
ALL_STRATEGIES: dict[str, Callable[..., st.SearchStrategy]] = {}


def defines_strategy(fn: Callable[..., st.SearchStrategy]) -> Callable[..., st.SearchStrategy]:
    """Register a public strategy function (which validates its arguments when called)."""
    ALL_STRATEGIES[fn.__name__] = fn
    return fn


def composite_strategy(validate: Callable[..., Any]) -> Callable[[Callable[..., Any]], Callable[..., st.SearchStrategy]]:
    """Declare a composite strategy whose arguments are checked when it is created, not at its first draw.

    ``validate`` takes the strategy's keyword arguments and raises ``InvalidArgument``
    for bad ones; the decorated ``draw`` function is wrapped by ``st.composite`` (so the
    strategy's repr is ``melodies(bars=2)``, as hypothesis shows its own) and calls
    ``validate`` again itself to get the normalised plan.
    """

    def decorate(body: Callable[..., Any]) -> Callable[..., st.SearchStrategy]:
        strategy_function = st.composite(body)

        @functools.wraps(strategy_function)
        def create(*args: Any, **kwargs: Any) -> st.SearchStrategy:
            validate(*args, **kwargs)
            return strategy_function(*args, **kwargs)

        return defines_strategy(create)

    return decorate
