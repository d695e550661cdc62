"""Validation rules as data: one rule set checks a form as it is typed and a census.

Public API (see docs/rules.md):

* :func:`load_ruleset` / :func:`parse_ruleset` — read YAML, report every problem.
* :func:`lint` — check a rule set without data.
* :func:`bind` — check it against the columns of the data.
* :func:`check_record` — verdicts for one record (forms), in Python.
* :func:`check_table` — verdicts for a whole dataset on DuckDB, SQLite,
  PostgreSQL or Spark, as sparse (key, rule_id, outcome) rows plus totals.
* :func:`compile_plan` — the Ibis expressions behind ``check_table``.
"""

from econwatch.core.rules.analysis import BoundRuleSet, bind, lint
from econwatch.core.rules.batch import (
    RuleTotals,
    SeverityTotals,
    ValidationReport,
    check_table,
    execute,
)
from econwatch.core.rules.codelists import codelist_names, codelist_values
from econwatch.core.rules.compiler import Plan, compile_plan
from econwatch.core.rules.evaluate import GroupStats, Verdict, check_record
from econwatch.core.rules.loader import load_ruleset, parse_ruleset
from econwatch.core.rules.parser import ExpressionSyntaxError, parse_expression
from econwatch.core.rules.problems import (
    DataError,
    Level,
    Problem,
    ProblemsError,
    RuleSetError,
)
from econwatch.core.rules.ruleset import FieldType, Outcome, Rule, RuleSet, Severity

__all__ = [
    "BoundRuleSet",
    "DataError",
    "ExpressionSyntaxError",
    "FieldType",
    "GroupStats",
    "Level",
    "Outcome",
    "Plan",
    "Problem",
    "ProblemsError",
    "Rule",
    "RuleSet",
    "RuleSetError",
    "RuleTotals",
    "Severity",
    "SeverityTotals",
    "ValidationReport",
    "Verdict",
    "bind",
    "check_record",
    "check_table",
    "codelist_names",
    "codelist_values",
    "compile_plan",
    "execute",
    "lint",
    "load_ruleset",
    "parse_expression",
    "parse_ruleset",
]
