"""Progress reporting for long imports: a protocol, a silent one and a rich bar."""

from __future__ import annotations

from typing import Any, Protocol


class Progress(Protocol):
    """Receives the phases and row counts of an import."""

    def start(self, description: str, total: int | None) -> None:
        """A new phase begins (``total`` rows, or unknown)."""
        ...

    def advance(self, rows: int) -> None:
        """``rows`` more rows are done in the current phase."""
        ...

    def stop(self) -> None:
        """The import has finished."""
        ...


class _Silent:
    def start(self, description: str, total: int | None) -> None:
        pass

    def advance(self, rows: int) -> None:
        pass

    def stop(self) -> None:
        pass


NO_PROGRESS: Progress = _Silent()


class RichProgress:
    """A rich progress bar on standard error, one task per phase.

    Args:
        console: The rich console to draw on; a new one on stderr by default.
    """

    def __init__(self, console: Any = None) -> None:
        """Build the bar; it is shown when the first phase starts."""
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console if console is not None else Console(stderr=True),
            transient=False,
        )
        self._task: Any = None
        self._started = False

    def start(self, description: str, total: int | None) -> None:
        """Finish the previous phase's task and add a new one."""
        if not self._started:
            self._bar.start()
            self._started = True
        if self._task is not None:
            task = self._bar.tasks[-1]
            self._bar.update(task.id, total=task.completed)
        self._task = self._bar.add_task(description, total=total)

    def advance(self, rows: int) -> None:
        """Move the current task forward."""
        if self._task is not None:
            self._bar.advance(self._task, rows)

    def stop(self) -> None:
        """Close the bar."""
        if self._started:
            if self._task is not None:
                task = self._bar.tasks[-1]
                self._bar.update(task.id, total=task.completed)
            self._bar.stop()
            self._started = False
