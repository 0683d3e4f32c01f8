"""The local engine: batches processed in this process or in spawned worker processes.

Each worker process builds one ``Processor`` (model, cascade, stages) when it starts and then
takes whole batches. A run that turns out to hold a single batch is processed here: starting
workers (each loads the model) would cost more than it saves.

Workers are *spawned* (the parent holds DuckDB and thread pools that must not be forked), so
a script that calls ``tocsin.analyze`` must guard its entry point with
``if __name__ == "__main__":``, as for any spawned process; a worker that cannot start stops
the run with error E052 instead of being restarted over and over.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from tocsin.config import Settings
from tocsin.engines import in_order
from tocsin.errors import TocsinError
from tocsin.records import Article

if TYPE_CHECKING:
    from tocsin.pipeline import ProcessedBatch

_WORKER: object | None = None


def _init_worker(settings: Settings) -> None:
    from tocsin.pipeline import Processor

    _exit_with_parent()
    global _WORKER  # noqa: PLW0603 - one Processor per worker process, built at start-up
    _WORKER = Processor(settings)


def _exit_with_parent() -> None:
    """End this worker when the process that started it is gone (killed with -9, say):
    an orphaned worker would wait for batches forever, holding its model in memory and
    the parent's output pipes open."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="tocsin-parent-watch", daemon=True).start()


def _work(batch: list[Article]) -> ProcessedBatch:
    from tocsin.pipeline import Processor

    assert isinstance(_WORKER, Processor)
    return _WORKER.process_isolated(batch)


def local_batches(
    batches: Iterable[list[Article]], *, settings: Settings, workers: int
) -> Iterator[ProcessedBatch]:
    """Yield processed batches in input order, here or in ``workers`` processes."""
    stream = iter(batches)
    head = list(itertools.islice(stream, 2))
    if workers <= 1 or len(head) < 2:
        yield from _here(itertools.chain(head, stream), settings)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=ctx, initializer=_init_worker, initargs=(settings,)
    ) as pool:

        def submit(batch: list[Article]) -> Callable[[], ProcessedBatch]:
            return pool.submit(_work, batch).result

        limit = workers * settings.pipeline.prefetch
        try:
            yield from in_order(itertools.chain(head, stream), submit, limit=limit)
        except BrokenProcessPool as exc:
            raise TocsinError("E052", workers=workers, reason=str(exc)) from exc


def _here(batches: Iterable[list[Article]], settings: Settings) -> Iterator[ProcessedBatch]:
    from tocsin.pipeline import Processor

    processor: Processor | None = None  # built on the first batch: no model load for none
    for batch in batches:
        processor = processor or Processor(settings)
        yield processor.process_isolated(batch)
