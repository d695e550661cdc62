"""What runs after an import: a tiny registry of subscribers.

Other modules (alerts, caches) subscribe a callable that receives the finished
:class:`~econwatch.monitoring.models.ImportBatch`; it is called for every batch,
accepted or rejected, after the data is committed — check ``batch.status``
(``"ok"``) before acting. A subscriber that raises is logged and does not undo the
import or stop the other subscribers.

Example:
    >>> from econwatch.monitoring.imports import hooks
    >>> seen = []
    >>> hooks.subscribe(seen.append)
    >>> hooks.unsubscribe(seen.append)
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from econwatch.monitoring.models import ImportBatch

Subscriber = Callable[["ImportBatch"], object]

logger = logging.getLogger(__name__)
_subscribers: list[Subscriber] = []


def subscribe(subscriber: Subscriber) -> Subscriber:
    """Call ``subscriber(batch)`` after every import; usable as a decorator."""
    if subscriber not in _subscribers:
        _subscribers.append(subscriber)
    return subscriber


def unsubscribe(subscriber: Subscriber) -> None:
    """Stop calling ``subscriber`` (nothing happens if it was not subscribed)."""
    if subscriber in _subscribers:
        _subscribers.remove(subscriber)


def subscribers() -> tuple[Subscriber, ...]:
    """The current subscribers, in the order they are called."""
    return tuple(_subscribers)


def after_import(batch: ImportBatch) -> list[str]:
    """Call every subscriber with the finished batch.

    Returns:
        The errors of subscribers that raised, as text (also logged).
    """
    failures = []
    for subscriber in tuple(_subscribers):
        try:
            subscriber(batch)
        except Exception as exc:  # a subscriber must not undo a committed import
            logger.exception("after_import subscriber %r failed", subscriber)
            failures.append(f"{getattr(subscriber, '__qualname__', subscriber)}: {exc}")
    return failures
