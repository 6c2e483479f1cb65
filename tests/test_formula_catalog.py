"""catalog/formulas.yaml: every rule is complete, and its own failing example fails and
its passing example passes (each evaluated with that rule alone)."""
from __future__ import annotations

from dataclasses import replace

import pytest
from formula_helpers import disclosure

from juesuan.checks.docs import rule_docs
from juesuan.checks.engine import run_formulas
from juesuan.checks.rules import all_rules, catalog, profile_names

RULES = all_rules()


def profile_of(code: str) -> str:
    return next(p for p in profile_names() if code in {r.code for r in catalog(p).rules})


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule):
    assert rule.code.startswith("F-") and rule.title and rule.why and rule.message
    assert rule.fails and rule.passes
    assert rule.severity in ("error", "warning", "note")
    assert any(ch in rule.message for ch in "{")  # the message names the instance


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_examples(rule):
    cat = replace(catalog(profile_of(rule.code)), rules=(rule,))
    kind = "budget" if rule.lines[0].tables()[0].startswith("B") else "final_accounts"
    fails = run_formulas(disclosure(rule.fails, kind=kind), cat)
    assert [f.code for f in fails if f.severity == rule.severity] == [rule.code], rule.fails
    passes = run_formulas(disclosure(rule.passes, kind=kind), cat)
    assert [f for f in passes if f.code not in ("FORMULA-NA",)] == [], rule.passes


def test_every_rule_is_in_some_profile_and_codes_are_unique():
    docs = rule_docs()
    codes = [d.code for d in docs]
    assert len(codes) == len(set(codes))
    assert all(d.profiles for d in docs if d.formulas)


def test_regional_rules_stay_out_of_national():
    national = {r.code for r in catalog("national").rules}
    assert not {r.code for r in RULES if r.regional} & national
