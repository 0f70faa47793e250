"""Safe YAML reading that remembers the line of every key and refuses hostile documents."""

from __future__ import annotations

__all__ = ["LocatedDocument", "read_yaml", "MAX_BYTES", "MAX_NODES"]

from dataclasses import dataclass, field

import yaml

from composer.errors import LimitError, RuleError, RuleIssue
from composer.limits import LIMITS, check_depth, check_number_text

#: Largest style file accepted, in bytes (``style_bytes`` in ``composer.limits``).
MAX_BYTES = int(LIMITS["style_bytes"].high)
_MAP_TAG, _SEQ_TAG = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
#: Most YAML nodes a document may expand to (aliases counted at every use), against alias bombs.
MAX_NODES = int(LIMITS["style_nodes"].high)

Path_ = tuple  # a key path: tuple of str (mapping keys) and int (sequence indices)


@dataclass
class LocatedDocument:
    """A parsed YAML document and the 1-based line of each key path in it.

    Attributes
    ----------
    data : object
        The plain Python value (dicts, lists, str, int, float, bool, None).
    lines : dict of tuple to int
        Line of each key path, e.g. ``("parameters", "tempo") -> 7``.
    source : str
        The file name used in error messages.
    """

    data: object
    source: str
    lines: dict[tuple, int] = field(default_factory=dict)

    def line(self, path: tuple) -> int | None:
        """Return the line of ``path``, or of its nearest located parent."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), None)


class _Builder:
    def __init__(self, source: str):
        self.source = source
        self.count = 0
        self.lines: dict[tuple, int] = {}
        self.issues: list[RuleIssue] = []
        self._constructor = yaml.SafeLoader("")  # only its scalar constructors are used

    def build(self, node: yaml.Node, path: tuple) -> object:
        self.count += 1
        if self.count > MAX_NODES:
            raise RuleError([RuleIssue(self.source, node.start_mark.line + 1, _dotted(path),
                                       f"document expands to more than {MAX_NODES} nodes (alias bomb?); refused")])
        self.lines.setdefault(path, node.start_mark.line + 1)
        line = node.start_mark.line + 1
        try:
            container = isinstance(node, (yaml.MappingNode, yaml.SequenceNode))
            check_depth(len(path) + container, f"{self.source}:{line}")  # containers this node is or is in
            if isinstance(node, yaml.ScalarNode) and node.tag in _NUMBER_TAGS:
                check_number_text(node.value, f"{self.source}:{line}")
        except LimitError as e:
            raise RuleError([RuleIssue(self.source, line, _dotted(path[:4]), str(e).split(": ", 1)[1])]) from None
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in (_MAP_TAG, _SEQ_TAG):
            raise RuleError([RuleIssue(self.source, line, _dotted(path),
                                       f"unsupported YAML tag {node.tag!r}: only standard plain values are allowed")])
        if isinstance(node, yaml.MappingNode):
            out: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.issues.append(RuleIssue(self.source, key_node.start_mark.line + 1, _dotted(path),
                                                 "mapping keys must be plain names"))
                    continue
                key = self._constructor.construct_object(key_node)
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    self.issues.append(RuleIssue(self.source, key_node.start_mark.line + 1, _dotted(path),
                                                 f"mapping key {key!r} must be a name"))
                    continue
                key = str(key) if not isinstance(key, str) else key
                if key in out:
                    self.issues.append(RuleIssue(self.source, key_node.start_mark.line + 1, _dotted(path + (key,)),
                                                 f"duplicate key '{key}'"))
                self.lines[path + (key,)] = key_node.start_mark.line + 1
                out[key] = self.build(value_node, path + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._constructor.construct_object(node)


def _dotted(path: tuple) -> str:
    parts: list[str] = []
    for p in path:
        if isinstance(p, int):
            parts.append(f"[{p}]")
        else:
            parts.append(("." if parts else "") + str(p))
    return "".join(parts)


def read_yaml(text: str | bytes, source: str) -> LocatedDocument:
    """Parse one YAML document safely, keeping key lines.

    Parameters
    ----------
    text : str or bytes
        The document.
    source : str
        Name used in error messages (a path or a shipped style name).

    Raises
    ------
    RuleError
        On a document over ``MAX_BYTES``, a YAML syntax error, a non-UTF-8 file,
        more than one document, an alias bomb, duplicate or non-scalar keys, or
        tags other than YAML's standard safe ones.
    """
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            raise RuleError([RuleIssue(source, None, "", f"file is {len(text)} bytes; the limit is {MAX_BYTES}")])
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as e:
            raise RuleError([RuleIssue(source, None, "", f"not UTF-8 text ({e.reason} at byte {e.start})")]) from None
    if len(text) > MAX_BYTES:
        raise RuleError([RuleIssue(source, None, "", f"file is {len(text)} characters; the limit is {MAX_BYTES}")])
    try:
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark is not None else None
        raise RuleError([RuleIssue(source, line, "", f"YAML syntax error: {e.problem or e.context}")]) from None
    except yaml.YAMLError as e:
        raise RuleError([RuleIssue(source, None, "", f"YAML error: {e}")]) from None
    except RecursionError:
        raise RuleError([RuleIssue(source, None, "", "document is nested too deeply")]) from None
    if len(nodes) > 1:
        raise RuleError([RuleIssue(source, nodes[1].start_mark.line + 1, "", "a style file holds one YAML document, found several")])
    if not nodes or nodes[0] is None:
        return LocatedDocument(None, source, {(): 1})
    builder = _Builder(source)
    try:
        data = builder.build(nodes[0], ())
    except yaml.constructor.ConstructorError as e:
        line = e.problem_mark.line + 1 if e.problem_mark is not None else None
        raise RuleError([RuleIssue(source, line, "", f"unsupported YAML value: {e.problem}")]) from None
    except RecursionError:
        raise RuleError([RuleIssue(source, None, "", "document is nested too deeply (or refers to itself)")]) from None
    if builder.issues:
        raise RuleError(builder.issues)
    return LocatedDocument(data, source, builder.lines)
