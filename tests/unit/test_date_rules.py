"""Every date rule's examples: the rule alone finds each example's span and gives its value;
and the rule table is well formed (unique names and priorities, known classes, gates and
handlers)."""

from __future__ import annotations

import re

import pytest

from khabar.nlp import dates
from khabar.nlp.dates.lexicon import classes, gates, load_date_lexicon
from khabar.nlp.dates.rules import RULES, Example, Rule

_CASES = [
    pytest.param(rule, example, id=f"{rule.name}-{i}")
    for rule in RULES
    for i, example in enumerate(rule.examples)
]


@pytest.mark.parametrize(("rule", "example"), _CASES)
def test_rule_gives_its_examples_value(rule: Rule, example: Example) -> None:
    found = dates._rule_values(rule.name, example.text, example.doc)
    assert (example.surface or example.text, example.value) in found


def test_every_rule_has_an_example_and_a_unique_name_and_priority() -> None:
    assert all(rule.examples for rule in RULES)
    assert len({rule.name for rule in RULES}) == len(RULES)
    assert [rule.priority for rule in RULES] == list(range(len(RULES)))


def test_rules_name_only_known_classes_gates_and_handlers() -> None:
    lex = load_date_lexicon()
    named, gate_sets = classes(lex), gates(lex)
    handlers = dates.load_date_patterns().h
    for rule in RULES:
        assert set(re.findall(r"\{([a-z_]+)\}", rule.pattern)) <= set(named), rule.name
        for entry in rule.gate:
            if isinstance(entry, str):
                assert set(entry.split("|")) <= set(gate_sets), rule.name
        assert callable(getattr(handlers, rule.handler, None)), rule.name
