"""A style's ``arrange:`` section: whether the style writes an arrangement (harmony, bass,
accompaniment) when the caller does not say.

```yaml
arrange:
  by_default: true     # compose() and `composer generate` arrange unless asked for the melody alone
```

A style inherits the section of the style it extends; a child that sets a key overrides it.
Only ``compose()`` and ``composer generate`` read it: ``arrange=True``/``--arrange`` and
``arrange=False``/``--melody-only`` always win.
"""

from __future__ import annotations

__all__ = ["ARRANGE_KEYS", "ArrangeSettings", "arrange_settings"]

from dataclasses import dataclass

from composer.errors import RuleIssue
from composer.rules.suggest import suggest
from composer.rules.yamlsource import LocatedDocument

#: Keys of the ``arrange:`` section and what each takes.
ARRANGE_KEYS: dict[str, str] = {
    "by_default": "true or false: arrange unless the caller asks for the melody alone",
}


@dataclass(frozen=True)
class ArrangeSettings:
    """A style's arrangement settings.

    Attributes
    ----------
    by_default : bool
        Whether ``compose()`` (``arrange=None``) and ``composer generate`` (neither
        ``--arrange`` nor ``--melody-only``) return an ``Arrangement``.
    """

    by_default: bool = False


def arrange_settings(chain: list[LocatedDocument], issues: list[RuleIssue]) -> ArrangeSettings:
    """Read the ``arrange:`` sections of ``chain`` (base first; later files override), appending problems to ``issues``.

    Parameters
    ----------
    chain : list of LocatedDocument
        A style's file last, the files it extends before it.
    issues : list of RuleIssue
        Each problem (file, line, key, what is allowed) is appended.
    """
    by_default = False
    for doc in chain:
        data = doc.data
        if not isinstance(data, dict) or "arrange" not in data:
            continue
        section = data["arrange"]
        if not isinstance(section, dict):
            issues.append(RuleIssue(doc.source, doc.line(("arrange",)), "arrange",
                                    "arrange must be a mapping, e.g. 'arrange: {by_default: true}'; keys: "
                                    + ", ".join(ARRANGE_KEYS)))
            continue
        for key, value in section.items():
            path = ("arrange", key)
            if key not in ARRANGE_KEYS:
                issues.append(RuleIssue(doc.source, doc.line(path), f"arrange.{key}",
                                        f"unknown key '{key}'{suggest(str(key), tuple(ARRANGE_KEYS))}"))
            elif not isinstance(value, bool):
                issues.append(RuleIssue(doc.source, doc.line(path), f"arrange.{key}",
                                        f"{key} must be true or false, got {value!r}"))
            else:
                by_default = value
    return ArrangeSettings(by_default=by_default)
