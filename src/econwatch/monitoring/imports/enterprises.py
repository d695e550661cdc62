"""Find the enterprise a row is about, by 统一社会信用代码 or by unit id."""

from __future__ import annotations

import unicodedata

from econwatch.core.codes import uscc as uscc_codes
from econwatch.monitoring.imports.columns import Layout
from econwatch.monitoring.imports.problems import Problem, problem
from econwatch.monitoring.imports.values import BadValue, cell_text, parse_integer
from econwatch.register.models import Unit


def _name_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


class Enterprises:
    """The unit register, loaded once per import for fast lookups.

    Args:
        layout: The layout of the file (for the Chinese headers in problems).
        with_names: Also load names, to compare with a 单位名称 column.
    """

    def __init__(self, layout: Layout, *, with_names: bool = False) -> None:
        """Load USCC → id (and names when asked) from the register."""
        self.layout = layout
        fields = ("id", "uscc", "name") if with_names else ("id", "uscc")
        self._by_uscc: dict[str, int] = {}
        self._names: dict[int, str] = {}
        self._ids: set[int] = set()
        for values in Unit.objects.values_list(*fields).iterator(chunk_size=20_000):
            unit_id, code = values[0], values[1]
            self._ids.add(unit_id)
            if code:
                self._by_uscc[code] = unit_id
            if with_names:
                self._names[unit_id] = _name_key(values[2])
        self._bad: dict[str, tuple[str, str]] = {}
        self._named: set[int] = set()

    def resolve(
        self, row: int, code_raw: object, id_raw: object, name_raw: object = None
    ) -> tuple[int | None, list[Problem]]:
        """Return the unit id of a row, or ``None`` with the problems found.

        Args:
            row: Excel row number.
            code_raw: The 统一社会信用代码 cell (or ``None`` without that column).
            id_raw: The 单位ID cell (or ``None``).
            name_raw: The 单位名称 cell (or ``None``); compared with the register
                once per enterprise.

        Returns:
            The unit id (``None`` when not found) and the problems.
        """
        code = "".join(cell_text(code_raw).split()).upper()
        by_code = self._by_uscc.get(code) if code else None
        problems: list[Problem] = []
        if code and by_code is None:
            problems.append(self._code_problem(row, code))
        by_id: int | None = None
        id_text = cell_text(id_raw)
        if id_text:
            try:
                wanted = parse_integer(id_raw)
            except BadValue as bad:
                problems.append(
                    problem("bad-number", row, self._h("unit_id"), id_text, bad.message)
                )
            else:
                if wanted in self._ids:
                    by_id = wanted
                elif not code:
                    problems.append(
                        problem(
                            "unknown-enterprise",
                            row,
                            self._h("unit_id"),
                            id_text,
                            f"单位名录中没有单位ID为{id_text}的单位；"
                            "请改填统一社会信用代码，或先在名录中登记该单位",
                        )
                    )
        if not code and not id_text:
            problems.append(
                problem(
                    "missing-value",
                    row,
                    self._h("uscc"),
                    "",
                    "统一社会信用代码为空；请填写企业的18位统一社会信用代码",
                )
            )
        if by_code is not None and by_id is not None and by_code != by_id:
            problems.append(
                problem(
                    "enterprise-mismatch",
                    row,
                    self._h("unit_id"),
                    id_text,
                    f"单位ID {id_text} 与统一社会信用代码{code}在名录中不是同一单位"
                    f"（该代码的单位ID为{by_code}）；请核对后只保留正确的一项",
                )
            )
        unit_id = by_code if by_code is not None else by_id
        if problems:
            return None, problems
        assert unit_id is not None
        if self._names and unit_id not in self._named:
            self._named.add(unit_id)
            given = cell_text(name_raw)
            if given and _name_key(given) != self._names.get(unit_id):
                problems.append(
                    problem(
                        "name-mismatch",
                        row,
                        self._h("name"),
                        given,
                        f"单位名称与名录不一致（名录为“{self._names.get(unit_id)}”）；"
                        "请核对信用代码是否填错，名称变更的请在名录中更新",
                    )
                )
        return unit_id, problems

    def _h(self, key: str) -> str:
        return self.layout.header(key)

    def _code_problem(self, row: int, code: str) -> Problem:
        found = self._bad.get(code)
        if found is None:
            errors = [p for p in uscc_codes.check(code) if p.is_error]
            found = (
                ("bad-uscc", errors[0].message)
                if errors
                else (
                    "unknown-enterprise",
                    "单位名录中没有该统一社会信用代码的企业；"
                    "请核对代码，新纳入的企业请先在单位名录中登记",
                )
            )
            self._bad[code] = found
        return problem(found[0], row, self._h("uscc"), code, found[1])
