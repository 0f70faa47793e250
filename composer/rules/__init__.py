"""YAML style rules: load and validate styles, evaluate them at an emotion into parameters and constraints."""

from composer.rules.constraints import CONSTRAINT_KINDS, Constraint, ConstraintKind
from composer.rules.parameters import ARTICULATIONS, PARAMETER_SPECS, Parameters, ParameterSpec
from composer.rules.style import Evaluation, Style, list_styles, load_style

__all__ = [
    "ARTICULATIONS",
    "CONSTRAINT_KINDS",
    "Constraint",
    "ConstraintKind",
    "Evaluation",
    "PARAMETER_SPECS",
    "ParameterSpec",
    "Parameters",
    "Style",
    "list_styles",
    "load_style",
]
