"""``extends:``: find the chain of styles a style builds on, and merge them.

A style names the style it extends by shipped name (``extends: default``) or by path
(``extends: base.yaml``, relative to the file that says it). A path must stay inside the
*root*: the folder of the style that was loaded, or a folder the caller grants with
``load_style(path, root=...)``; shipped styles extend only shipped styles. So a style
from an untrusted source cannot make composer read (and echo) any other file. The chain is followed up
to :data:`MAX_DEPTH` levels; a style that comes back to itself is an error naming the loop.

Merge semantics (documented in ``docs/rules.md``), applied from the base to the child:

* ``name`` and ``description``: the child's (the description is inherited when omitted);
* ``parameters`` and ``variables``: replaced one by one: the child's rule for a name
  replaces the whole inherited rule (regions included); names it does not mention are
  inherited;
* ``constraints``: merged by kind: an entry of a kind already inherited replaces that
  entry in place (weight, options and ``when`` all come from the new entry), a new kind
  is appended, and ``{kind: K, remove: true}`` drops the inherited ``K``.
"""

from __future__ import annotations

__all__ = ["Origin", "MAX_DEPTH", "is_path", "resolve_chain", "origin_of_path", "shipped_origin"]

from dataclasses import dataclass
from pathlib import Path

from composer._resources import styles_dir
from composer.errors import LimitError, RuleError, RuleIssue
from composer.limits import LIMITS
from composer.safe_read import read_limited
from composer.rules.suggest import did_you_mean
from composer.rules.yamlsource import LocatedDocument, read_yaml

#: Most levels of ``extends`` followed.
MAX_DEPTH = int(LIMITS["extends_depth"].high)


@dataclass(frozen=True)
class Origin:
    """Where a style document came from.

    Attributes
    ----------
    identity : str
        ``shipped:NAME`` or the resolved file path; two documents with one identity are one style.
    directory : Path or None
        Where relative ``extends`` paths are resolved (None: shipped styles' folder).
    root : Path or None
        The folder ``extends`` paths may not leave (None: the folder of ``directory``).
    """

    identity: str
    directory: Path | None
    root: Path | None = None


def is_path(text: str) -> bool:
    """Whether a style reference is a path (ends in .yaml/.yml or has a slash) rather than a shipped name."""
    return text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text


def shipped_origin(name: str) -> Origin:
    """The origin of shipped style ``name``."""
    return Origin(f"shipped:{name}", None)


def origin_of_path(path: Path, root: Path | None = None) -> Origin:
    """The origin of a style file at ``path``; ``extends`` paths stay inside ``root`` (default: its folder)."""
    resolved = path.resolve()
    return Origin(str(resolved), resolved.parent, Path(root).resolve() if root is not None else resolved.parent)


def shipped_names() -> list[str]:
    """Names of the shipped styles, sorted."""
    return sorted(e.name[: -len(".yaml")] for e in styles_dir().iterdir() if e.name.endswith(".yaml"))


def read_shipped(name: str) -> LocatedDocument:
    """Read shipped style ``name``; a RuleError lists the shipped names when there is none."""
    entry = styles_dir() / f"{name}.yaml"
    if not entry.is_file():
        known = shipped_names()
        hint = did_you_mean(name, known)
        raise RuleError([RuleIssue(name, None, "", f"unknown style '{name}'{hint or '.'} Shipped styles: "
                                                   f"{', '.join(known)}; or give a path to a .yaml file")])
    return read_yaml(entry.read_bytes(), f"{name}.yaml")


def read_path(path: Path, shown: str) -> LocatedDocument:
    """Read a style file (a regular file within the ``style_bytes`` limit); a RuleError when it cannot be read."""
    try:
        raw = read_limited(path, "style_bytes", "style file",
                           lambda message: RuleError([RuleIssue(shown, None, "", message)]))
    except LimitError as e:
        raise RuleError([RuleIssue(shown, None, "", str(e).split(": ", 1)[1])]) from None
    return read_yaml(raw, shown)


def _parent(doc: LocatedDocument, origin: Origin, ref: str) -> tuple[LocatedDocument, Origin]:
    """Load the style ``ref`` named by ``extends`` in ``doc``."""
    where = (doc.source, doc.line(("extends",)), "extends")
    try:
        if not is_path(ref):
            return read_shipped(ref), shipped_origin(ref)
        if origin.directory is None:  # a shipped style extending a file beside it
            entry = styles_dir() / ref
            if not entry.is_file():
                raise RuleError([RuleIssue(*where, f"cannot find shipped style file '{ref}'")])
            return read_yaml(entry.read_bytes(), ref), Origin(f"shipped:{ref}", None)
        path = Path(ref)
        if not path.is_absolute():
            path = origin.directory / path
        root = origin.root or origin.directory
        if not path.resolve().is_relative_to(root):
            raise RuleError([RuleIssue(*where, f"extends may name a shipped style or a .yaml file inside {root}, "
                                               f"not '{ref}' (pass root= to load_style to allow a wider folder)")])
        if not path.is_file():
            raise RuleError([RuleIssue(*where, f"cannot find style file '{ref}' (looked for {path})")])
        return read_path(path, str(path)), origin_of_path(path, root)
    except RuleError as e:
        if e.issues[0].line is None and e.issues[0].file in (ref, f"{ref}.yaml"):
            # a missing shipped style: say which file asked for it
            raise RuleError([RuleIssue(*where, f"cannot extend: {e.issues[0].message}")]) from None
        raise


def resolve_chain(doc: LocatedDocument, origin: Origin) -> tuple[list[LocatedDocument], list[RuleIssue]]:
    """Follow ``extends`` from ``doc``; return the documents base first, and any problems met.

    Raises
    ------
    RuleError
        When a style in the chain cannot be read or parsed (its own problems, with its file).
    """
    chain = [doc]
    seen = [origin.identity]
    shown = [doc.source]
    issues: list[RuleIssue] = []
    current, current_origin = doc, origin
    while isinstance(current.data, dict) and "extends" in current.data:
        ref = current.data["extends"]
        if not isinstance(ref, str) or not ref.strip():
            issues.append(RuleIssue(current.source, current.line(("extends",)), "extends",
                                    f"extends must be a shipped style name or a path to a .yaml file, got {ref!r}"))
            break
        if len(chain) > MAX_DEPTH:
            issues.append(RuleIssue(current.source, current.line(("extends",)), "extends",
                                    f"styles extend each other more than {MAX_DEPTH} levels deep: "
                                    + " → ".join(shown)))
            break
        parent, parent_origin = _parent(current, current_origin, ref.strip())
        if parent_origin.identity in seen:
            loop = shown[seen.index(parent_origin.identity):] + [parent.source]
            issues.append(RuleIssue(current.source, current.line(("extends",)), "extends",
                                    "extends loop: " + " → ".join(loop)))
            break
        chain.append(parent)
        seen.append(parent_origin.identity)
        shown.append(parent.source)
        current, current_origin = parent, parent_origin
    chain.reverse()
    return chain, issues
