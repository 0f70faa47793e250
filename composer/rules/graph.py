"""The dependency graph of a style's parameters and variables (a networkx DAG) and its evaluation order."""

from __future__ import annotations

__all__ = ["dependency_graph", "evaluation_order", "find_loops"]

from collections.abc import Mapping

import networkx as nx

from composer.rules.forms import Rule


def dependency_graph(rules: Mapping[str, Rule]) -> nx.DiGraph:
    """Return the graph with an edge ``a -> b`` when rule ``b`` reads ``a``.

    Parameters
    ----------
    rules : mapping of str to Rule
        The parameters and variables of a style (the axes are inputs, not nodes).
    """
    g = nx.DiGraph()
    g.add_nodes_from(rules)
    for name, rule in rules.items():
        for dep in rule.names:
            if dep in rules:
                g.add_edge(dep, name)
    return g


def find_loops(g: nx.DiGraph) -> list[list[str]]:
    """Return one loop per strongly connected group of names that depend on each other.

    Each loop is the names in order with the first repeated at the end, e.g.
    ``["range", "register", "range"]``.
    """
    loops: list[list[str]] = []
    for component in nx.strongly_connected_components(g):
        if len(component) == 1:
            (node,) = component
            if not g.has_edge(node, node):
                continue
        edges = nx.find_cycle(g.subgraph(component))
        loop = [u for u, _ in edges]
        loops.append(loop + [loop[0]])
    return sorted(loops)


def evaluation_order(g: nx.DiGraph, preferred: list[str]) -> list[str]:
    """Return the nodes in an order where every name comes after what it reads.

    Among names free to go, those earlier in ``preferred`` go first, so the order is
    stable and readable. ``g`` must have no loops (see :func:`find_loops`).
    """
    rank = {name: i for i, name in enumerate(preferred)}
    return list(nx.lexicographical_topological_sort(g, key=lambda n: (rank.get(n, len(rank)), n)))
