"""YAML style rules: load and validate styles, evaluate them at an emotion into parameters and constraints.

The pieces, one job each: ``yamlsource`` (safe YAML with line numbers), ``expressions``
(the safe expression language), ``forms`` (rule forms and their evaluation), ``schema``
(checking and compiling one document), ``inheritance`` (``extends``), ``assemble``
(merging a chain of files, dependency order), ``graph`` (the networkx DAG),
``explain`` (why each value came out), ``style`` (``Style``, ``load_style``),
``constraints`` (the registry of constraint kinds), ``parameters`` (the parameter specs),
``instruments`` (General MIDI program names).
"""

from composer.rules.constraints import CONSTRAINT_KINDS, Constraint, ConstraintKind, ConstraintOption
from composer.rules.explain import ConstraintExplanation, Explanation, ValueExplanation
from composer.rules.instruments import GM_PROGRAMS, gm_program
from composer.rules.parameters import ARTICULATIONS, PARAMETER_SPECS, Parameters, ParameterSpec
from composer.rules.style import Evaluation, Style, list_styles, load_style

__all__ = [
    "ARTICULATIONS",
    "CONSTRAINT_KINDS",
    "Constraint",
    "ConstraintExplanation",
    "ConstraintKind",
    "ConstraintOption",
    "Evaluation",
    "Explanation",
    "GM_PROGRAMS",
    "PARAMETER_SPECS",
    "ParameterSpec",
    "Parameters",
    "Style",
    "ValueExplanation",
    "gm_program",
    "list_styles",
    "load_style",
]
