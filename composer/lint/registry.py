"""The rule registry: every rule module registers its records here, in code order."""

from __future__ import annotations

import importlib
from functools import cache

from composer.lint.rule import Rule

# One module per kind of rule; importing a module registers its rules.
MODULES = ("engine_notes", "structure", "action", "look", "sound", "content", "params", "references", "continuity",
           "vendor", "sequence")
_RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    if rule.code in _RULES:
        raise ValueError(f"rule code {rule.code} registered twice")
    if any(r.name == rule.name for r in _RULES.values()):
        raise ValueError(f"rule name {rule.name} registered twice")
    _RULES[rule.code] = rule
    return rule


@cache
def _load() -> None:
    for module in MODULES:
        importlib.import_module(f"composer.lint.rules.{module}")


def all_rules() -> list[Rule]:
    _load()
    return [_RULES[c] for c in sorted(_RULES)]


def get_rule(code_or_name: str) -> Rule:
    """Look a rule up by code (SL010) or name (vague-motion); KeyError when unknown."""
    _load()
    key = code_or_name.strip()
    if key.upper() in _RULES:
        return _RULES[key.upper()]
    for r in _RULES.values():
        if r.name == key.lower():
            return r
    raise KeyError(code_or_name)
