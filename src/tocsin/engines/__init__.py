"""Where batches of articles are processed: this process, worker processes, or a Ray cluster.

Every engine runs the same ``pipeline.Processor`` (NLP, cascade, stages) on the same batches
and yields the processed batches *in input order*, so the one database writer (the caller)
stores the same rows, with the same ids, whichever engine ran. Every engine keeps a bounded
number of batches in flight (``pipeline.prefetch`` per worker): reading runs only as far
ahead as the writer has caught up, so memory does not grow with the corpus.

* ``local`` (``engines.local``): this process, or ``workers`` spawned processes;
* ``ray`` (``engines.ray``): one actor per worker on a Ray cluster (``tocsin[ray]``).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

ENGINES: tuple[str, ...] = ("local", "ray")


def available_cores() -> int:
    """CPU cores this process may run on (its affinity mask, else the machine's count)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(requested: int | None) -> int:
    """``requested`` workers; 0 or None means one per available core."""
    return requested if requested and requested > 0 else available_cores()


def in_order(
    items: Iterable[T], submit: Callable[[T], Callable[[], R]], *, limit: int
) -> Iterator[R]:
    """Submit ``items`` and yield their results in input order, with at most ``limit``
    submitted and not yet yielded. ``submit`` starts one item and returns a function that
    waits for its result."""
    pending: deque[Callable[[], R]] = deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= limit:
            yield pending.popleft()()
    while pending:
        yield pending.popleft()()
