"""The state of one import while it runs: options, problems, progress, notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from econwatch.monitoring.imports.problems import ProblemList
from econwatch.monitoring.imports.progress import NO_PROGRESS, Progress

# Progress bars are updated every this many rows: a call per row would cost more
# than reading the row.
_STEP = 5_000


@dataclass
class ImportContext:
    """What the kind modules need while validating and storing one file.

    Attributes:
        kind: The import kind.
        today: Days and periods after this are refused.
        vintage: Default 报送批次 for monthly rows without one.
        replace_period: Monthly: withdraw the current reports of enterprises that
            are missing from the file, for the periods in the file.
        problems: Every problem found.
        progress: Where progress is reported.
        notes: Extra facts for the batch summary (e.g. which checks ran).
        rows: Data rows read so far.
    """

    kind: str
    today: date
    vintage: str
    replace_period: bool = False
    problems: ProblemList = field(default_factory=ProblemList)
    progress: Progress = NO_PROGRESS
    notes: dict[str, object] = field(default_factory=dict)
    rows: int = 0
    _pending: int = 0

    def advance(self, rows: int = 1) -> None:
        """Count data rows read; the progress bar moves every few thousand."""
        self.rows += rows
        self._pending += rows
        if self._pending >= _STEP:
            self.progress.advance(self._pending)
            self._pending = 0

    def phase(self, description: str, total: int | None) -> None:
        """Start a new phase of the progress bar (flushing the rows counted)."""
        self._pending = 0
        self.progress.start(description, total)

    def note(self, **facts: object) -> None:
        """Add facts to the batch summary."""
        self.notes.update(facts)
