"""From the chain of documents of a style (base first) to its compiled, merged, ordered rules.

Each file's top level is checked, every rule of every file is compiled (so a broken rule
is reported even when a child overrides it), the files are merged with the semantics of
:mod:`composer.rules.inheritance`, and the parameters and variables are put in an
order where each comes after what it reads (a loop is an error that names it).
"""

from __future__ import annotations

__all__ = ["Assembled", "assemble", "DEFAULT_FILE"]

from dataclasses import dataclass

import networkx as nx

from composer.errors import RuleIssue
from composer.rules.arranging import ArrangeSettings, arrange_settings
from composer.rules.forms import Constant, Rule, Site
from composer.rules.graph import dependency_graph, evaluation_order, find_loops
from composer.rules.parameters import PARAMETER_SPECS
from composer.rules.schema import (
    MAX_CONSTRAINT_ENTRIES, MAX_VARIABLES, TOP_LEVEL_KEYS, ConstraintEntry, DocumentCompiler, NameTable,
    check_variable_name, variable_spec,
)
from composer.rules.suggest import suggest
from composer.rules.yamlsource import LocatedDocument

#: The file shown for a parameter no style sets (an optional parameter's built-in default).
DEFAULT_FILE = "(built-in default)"


@dataclass
class Assembled:
    """The merged, compiled style.

    Attributes
    ----------
    name, description : str
        From the last file of the chain (the description inherited when it gives none).
    parameters : dict of str to Rule
        Every parameter's rule (built-in defaults for optional ones no file sets).
    variables : dict of str to Rule
        Every user variable's rule.
    order : list of str
        Parameters and variables in evaluation order.
    constraints : list of ConstraintEntry
        The merged constraint entries, in order.
    graph : networkx.DiGraph
        Edge ``a -> b`` when ``b`` reads ``a``.
    arrange : ArrangeSettings
        The merged ``arrange:`` sections (composer.rules.arranging).
    """

    name: str
    description: str
    parameters: dict[str, Rule]
    variables: dict[str, Rule]
    order: list[str]
    constraints: list[ConstraintEntry]
    graph: nx.DiGraph
    arrange: ArrangeSettings = ArrangeSettings()


def _top_level(doc: LocatedDocument, has_parent: bool, issues: list[RuleIssue]) -> dict | None:
    def add(path: tuple, message: str) -> None:
        issues.append(RuleIssue(doc.source, doc.line(path), ".".join(map(str, path)), message))

    data = doc.data
    if not isinstance(data, dict) or (data and not any(isinstance(k, str) and k in TOP_LEVEL_KEYS for k in data)):
        # Not a style at all (perhaps another file named by mistake or by a hostile extends):
        # say so once, quoting none of its content.
        issues.append(RuleIssue(doc.source, None, "", "not a style file: a style file is a mapping with name, "
                                "description, parameters and constraints (and optionally extends and variables); "
                                "none of this file's content is shown"))
        return None
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            add((key,), f"unknown top-level key '{key}'{suggest(key, TOP_LEVEL_KEYS)}")
    if "name" not in data:
        add((), "missing 'name'")
    elif not isinstance(data["name"], str) or not data["name"].strip():
        add(("name",), "name must be a non-empty string")
    if "description" in data and not isinstance(data["description"], str):
        add(("description",), "description must be a string")
    for key in ("parameters", "variables"):
        if key in data and not isinstance(data[key], dict):
            add((key,), f"'{key}' must be a mapping of names to rules")
    if "parameters" not in data and not has_parent:
        add(("parameters",), "missing 'parameters' mapping")
    if "constraints" in data:
        if not isinstance(data["constraints"], list):
            add(("constraints",), "constraints must be a list")
        elif len(data["constraints"]) > MAX_CONSTRAINT_ENTRIES:
            add(("constraints",), f"at most {MAX_CONSTRAINT_ENTRIES} constraint entries are allowed")
    return data


def _section(data: dict, key: str, kind: type) -> object:
    value = data.get(key)
    return value if isinstance(value, kind) else kind()


def assemble(chain: list[LocatedDocument], issues: list[RuleIssue]) -> Assembled | None:
    """Check, compile and merge ``chain`` (base first); return None when ``issues`` gained problems.

    Parameters
    ----------
    chain : list of LocatedDocument
        The style's file last, the files it extends before it.
    issues : list of RuleIssue
        Problems found so far; every new problem is appended.
    """
    before = len(issues)
    # The base file still names a parent when the chain broke (a loop, a bad reference): that
    # problem is already reported, so do not also report the parameters it would have inherited.
    broken = isinstance(chain[0].data, dict) and "extends" in chain[0].data
    tops = [_top_level(doc, i > 0 or broken, issues) for i, doc in enumerate(chain)]

    names = NameTable()
    for doc, data in zip(chain, tops):
        variables = _section(data, "variables", dict) if data is not None else {}
        for name in variables:  # type: ignore[union-attr]
            why = check_variable_name(name)
            if why:
                issues.append(RuleIssue(doc.source, doc.line(("variables", name)), f"variables.{name}", why))
            elif name not in names.variables:
                names.variables.append(name)
    if len(names.variables) > MAX_VARIABLES:
        issues.append(RuleIssue(chain[-1].source, chain[-1].line(("variables",)), "variables",
                                f"{len(names.variables)} variables; at most {MAX_VARIABLES} are allowed"))
        return None

    parameters: dict[str, Rule | None] = {}
    variables: dict[str, Rule | None] = {}
    merged: dict[str, ConstraintEntry] = {}
    for doc, data in zip(chain, tops):
        if data is None:
            continue
        dc = DocumentCompiler(doc, names, issues)
        for name, raw in _section(data, "parameters", dict).items():  # type: ignore[union-attr]
            if name not in PARAMETER_SPECS:
                dc.add(("parameters", name), f"unknown parameter '{name}'{suggest(name, tuple(PARAMETER_SPECS))}")
                continue
            parameters[name] = dc.rule(PARAMETER_SPECS[name], raw, ("parameters", name), name)
        for name, raw in _section(data, "variables", dict).items():  # type: ignore[union-attr]
            if check_variable_name(name) is None:
                variables[name] = dc.rule(variable_spec(name), raw, ("variables", name), f"variables.{name}")
        seen: dict[str, int | None] = {}
        for i, raw in enumerate(_section(data, "constraints", list)):  # type: ignore[arg-type]
            entry = dc.constraint(raw, ("constraints", i))
            if entry is None:
                continue
            kind = entry.kind.name
            if kind in seen:
                dc.add(("constraints", i), f"constraint kind '{kind}' is listed twice in this file "
                                           f"(first at line {seen[kind]}); give each kind once")
                continue
            seen[kind] = entry.site.line
            if entry.remove:
                if kind not in merged:
                    have = ", ".join(merged) or "none"
                    dc.add(("constraints", i), f"cannot remove '{kind}': the styles this one extends do not "
                                               f"have it (they have: {have})")
                else:
                    del merged[kind]
            else:
                merged[kind] = entry

    last = chain[-1]
    missing = [n for n, s in PARAMETER_SPECS.items() if s.default is None and n not in parameters]
    if missing and tops[-1] is not None and not broken:
        issues.append(RuleIssue(last.source, last.line(("parameters",)), "parameters",
                                f"missing parameters: {', '.join(missing)}"))
    for name, spec in PARAMETER_SPECS.items():
        if name not in parameters and spec.default is not None:
            site = Site(DEFAULT_FILE, None, f"parameters.{name}")
            parameters[name] = Rule(name, Constant(spec.default, site), (), site, name)

    arrange = arrange_settings([d for d, data in zip(chain, tops) if data is not None], issues)
    rules = {n: r for n, r in {**parameters, **variables}.items() if r is not None}
    graph = dependency_graph(rules)
    for loop in find_loops(graph):
        site = rules[loop[0]].site
        issues.append(RuleIssue(site.file, site.line, site.key,
                                "these depend on each other in a loop: " + " → ".join(loop)))
    if len(issues) > before or broken:
        return None
    order = evaluation_order(graph, list(PARAMETER_SPECS) + names.variables)
    top = tops[-1] or {}
    description = ""
    for data in tops:
        if data is not None and isinstance(data.get("description"), str):
            description = data["description"]
    return Assembled(
        name=str(top.get("name", "")),
        description=description,
        parameters={n: parameters[n] for n in PARAMETER_SPECS},  # type: ignore[misc]
        variables={n: variables[n] for n in names.variables if n in variables},  # type: ignore[misc]
        order=order,
        constraints=list(merged.values()),
        graph=graph,
        arrange=arrange,
    )
