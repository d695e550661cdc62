"""Column layouts: the Chinese headers of each import template, declared as data.

A :class:`Layout` lists the columns of one kind of file. Each :class:`Column` carries
what the template, the documentation and the header matching need: the header as the
template writes it, its meaning, unit, rule and an example. Headers are matched
loosely (full-width brackets, spaces and dash variants do not matter; aliases allowed),
so ``工业总产值 1—本月（千元）`` finds the column ``工业总产值1-本月(千元)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from econwatch.monitoring.imports.problems import Problem, problem
from econwatch.monitoring.imports.values import cell_text, header_key

#: Rows searched for the header, so a title line above it is tolerated.
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Column:
    """One column of an import template.

    Attributes:
        key: ASCII name (the model field, and the field name in rule files).
        header: Chinese header exactly as the template writes it.
        meaning: What the column holds.
        unit: Unit of measure ('' when none).
        rule: What is checked, in plain words (for the documentation).
        example: Example value written in the template's explanation sheet.
        required: Whether the column must be present (and filled in every row).
        aliases: Other headers accepted for this column.
    """

    key: str
    header: str
    meaning: str
    unit: str = ""
    rule: str = ""
    example: str = ""
    required: bool = False
    aliases: tuple[str, ...] = ()

    def header_keys(self) -> set[str]:
        """Normalised headers that select this column."""
        return {header_key(h) for h in (self.header, *self.aliases)}


# The columns that identify an enterprise, shared by the per-enterprise kinds.
ENTERPRISE_COLUMNS = (
    Column(
        "uscc",
        "统一社会信用代码",
        "企业的18位统一社会信用代码，用于在单位名录中找到企业",
        rule="须为有效代码（含校验位）且在单位名录中；为空时用“单位ID”",
        example="91320412MA1XXXXXXX",
        aliases=("信用代码", "社会信用代码", "USCC"),
    ),
    Column(
        "unit_id",
        "单位ID",
        "单位名录中的单位编号（可选，仅在没有信用代码时使用）",
        rule="整数，须在单位名录中；与信用代码同时填写时须为同一单位",
        example="1024",
        aliases=("单位编号", "unit_id"),
    ),
    Column(
        "name",
        "单位名称",
        "企业名称（可选，仅用于核对）",
        rule="与名录名称不一致时给出核实提示，不阻止导入",
        example="常州某某机械有限公司",
        aliases=("企业名称",),
    ),
)


@dataclass(frozen=True)
class Layout:
    """The columns of one kind of import file.

    Attributes:
        kind: The import kind, e.g. ``monthly``.
        title: Chinese title, e.g. ``规上工业月报``.
        columns: The columns in template order.
        identified_by_enterprise: Whether rows name an enterprise (USCC / unit id).
    """

    kind: str
    title: str
    columns: tuple[Column, ...]
    identified_by_enterprise: bool = True
    _by_key: dict[str, Column] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_key.update({c.key: c for c in self.columns})

    def column(self, key: str) -> Column:
        """The column with this key."""
        return self._by_key[key]

    def header(self, key: str) -> str:
        """The Chinese header of the column with this key."""
        return self._by_key[key].header

    def looks_like_header(self, cells: Sequence[object]) -> bool:
        """Whether a row holds at least two of this layout's headers."""
        known = set().union(*(c.header_keys() for c in self.columns))
        return sum(header_key(cell_text(c)) in known for c in cells) >= 2

    def match(
        self, cells: Sequence[object], row: int
    ) -> tuple[dict[str, int], list[Problem]]:
        """Map column keys to positions in a header row.

        Args:
            cells: The header row.
            row: Its row number (for problems).

        Returns:
            ``{key: index}`` for the columns found, and the problems:
            ``missing-column`` (error), ``duplicate-column`` (error) and
            ``unknown-column`` (warning, the column is ignored).
        """
        lookup = {k: c for c in self.columns for k in c.header_keys()}
        found: dict[str, int] = {}
        problems: list[Problem] = []
        for index, raw in enumerate(cells):
            text = cell_text(raw)
            if not text:
                continue
            column = lookup.get(header_key(text))
            if column is None:
                problems.append(
                    problem(
                        "unknown-column",
                        row,
                        text,
                        text,
                        f"无法识别列“{text}”，该列不会导入；"
                        f"请对照{self.title}模板的表头核对列名和计量单位",
                    )
                )
            elif column.key in found:
                problems.append(
                    problem(
                        "duplicate-column",
                        row,
                        column.header,
                        text,
                        f"“{column.header}”出现了两次（第{found[column.key] + 1}列和"
                        f"第{index + 1}列），请删除多余的一列",
                    )
                )
            else:
                found[column.key] = index
        for column in self.columns:
            if column.required and column.key not in found:
                problems.append(_missing(column, row, self.title))
        if (
            self.identified_by_enterprise
            and "uscc" not in found
            and "unit_id" not in found
        ):
            problems.append(_missing(self.column("uscc"), row, self.title))
        return found, problems


def _missing(column: Column, row: int, title: str) -> Problem:
    return problem(
        "missing-column",
        row,
        column.header,
        "",
        f"缺少必需的列“{column.header}”；请使用{title}模板"
        "（econwatch import … --template 可生成），表头须在第一行",
    )
