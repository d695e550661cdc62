"""econwatch unit: the command line is one call into the same service."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from econwatch.register.models import AuditEntry


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("unit", *args, stdout=out)
    return out.getvalue()


def test_show_prints_the_pages_json(units) -> None:
    data = json.loads(run("show", units["gear"].uscc))
    assert data["unit"]["name"] == "常州恒立精工齿轮有限公司"
    assert data["related"]["activity_units"][0]["name"].endswith("牛塘分厂")


def test_set_changes_and_audits(people, units) -> None:
    gear = units["gear"]
    text = run(
        "set", str(gear.pk), "employees=330", "--reason", "年报", "--version", "1"
    )
    assert "版本 2" in text
    entry = AuditEntry.objects.get(unit=gear)
    assert (entry.field, entry.new, entry.username) == ("employees", "330", "系统")
    run("set", str(gear.pk), "phone=0519-1234567", "--reason", "x", "--version", "2",
        "--user", "analyst")  # fmt: skip
    assert AuditEntry.objects.filter(username="analyst").count() == 1


def test_set_reports_every_problem_in_plain_words(units) -> None:
    with pytest.raises(CommandError) as caught:
        run("set", str(units["gear"].pk), "industry=9999", "uscc=123",
            "--reason", "x", "--version", "1")  # fmt: skip
    assert "行业代码“9999”" in str(caught.value) and "18位" in str(caught.value)


def test_conflict_and_missing_unit(units) -> None:
    with pytest.raises(CommandError, match="版本 1"):
        run("set", str(units["gear"].pk), "employees=1", "--reason", "x",
            "--version", "7")  # fmt: skip
    with pytest.raises(CommandError, match="找不到编号为 999999"):
        run("show", "999999")
