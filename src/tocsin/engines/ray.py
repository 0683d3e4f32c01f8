"""The Ray engine: the same ``Processor`` in one Ray actor per worker, on one or many machines.

The driver (the ``tocsin analyze`` process) reads the sources, sends batches of articles to
the actors and writes their documents into DuckDB as they come back, in input order: one
writer, as with the local engine, so a Ray run stores the same rows and ids as a local one.
Each actor loads the model, the cascade and the stages once (one model per worker process)
and asks Ray for one CPU. Batches go to the actor with the fewest outstanding; at most
``pipeline.prefetch`` per actor are in flight.

Without ``address`` a Ray instance is started on this machine with ``workers`` CPUs; with
one (``"auto"``, ``"ray://head:10001"``) the driver joins that cluster and, unless
``workers`` is given, starts one actor per CPU of the cluster. docs/scale.md shows a
multi-node set-up. Needs the ``ray`` extra: ``pip install 'tocsin[ray]'``.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from tocsin.config import Settings
from tocsin.engines import in_order
from tocsin.errors import TocsinError
from tocsin.records import Article

if TYPE_CHECKING:
    from tocsin.pipeline import ProcessedBatch


class _Worker:
    """A Ray actor: one ``Processor`` built on start, then ``process`` per batch."""

    def __init__(self, settings: Settings) -> None:
        from tocsin.pipeline import Processor

        self.processor = Processor(settings)

    def process(self, batch: list[Article]) -> ProcessedBatch:
        return self.processor.process_isolated(batch)


def import_ray() -> Any:
    """The ``ray`` module; raises ``TocsinError`` E050 when it is not installed."""
    try:
        import ray
    except ImportError as exc:
        raise TocsinError("E050", reason=str(exc)) from exc
    return ray


def connect(ray: Any, *, address: str, workers: int | None) -> bool:
    """Join the cluster at ``address``, or start a local one with ``workers`` CPUs. Returns
    True when this call started Ray (and so should shut it down). Raises E051."""
    if ray.is_initialized():
        return False
    options: dict[str, Any] = {"include_dashboard": False, "logging_level": "WARNING"}
    if address:
        check_reachable(address)
        options["address"] = address
    else:
        options["num_cpus"] = workers
    try:
        ray.init(**options)
    except (ConnectionError, RuntimeError, ValueError, TimeoutError) as exc:
        raise TocsinError("E051", address=address or "local", reason=str(exc)) from exc
    return True


def check_reachable(address: str, *, timeout_s: float = 5.0) -> None:
    """Raise ``TocsinError`` E051 when nothing answers at a ``host:port`` (or
    ``ray://host:port``) address: given a wrong one, Ray itself retries for minutes.
    ``auto`` and other forms are left to Ray."""
    host, sep, port = address.removeprefix("ray://").rpartition(":")
    if not sep or not host or not port.isdigit():
        return
    try:
        with socket.create_connection((host, int(port)), timeout=timeout_s):
            pass
    except OSError as exc:
        reason = f"nothing answers there: {exc.strerror or exc}"
        raise TocsinError("E051", address=address, reason=reason) from exc


def ray_batches(
    batches: Iterable[list[Article]], *, settings: Settings, workers: int | None, address: str
) -> Iterator[ProcessedBatch]:
    """Yield processed batches in input order, from one Ray actor per worker."""
    ray = import_ray()
    started = connect(ray, address=address, workers=workers)
    actors: list[Any] = []
    try:
        count = workers or max(int(ray.cluster_resources().get("CPU", 1)), 1)
        actor = ray.remote(num_cpus=1)(_Worker)
        actors = [actor.remote(settings) for _ in range(count)]
        outstanding = [0] * count

        def submit(batch: list[Article]) -> Callable[[], ProcessedBatch]:
            n = outstanding.index(min(outstanding))
            outstanding[n] += 1
            ref = actors[n].process.remote(batch)

            def result() -> ProcessedBatch:
                docs: ProcessedBatch = ray.get(ref)
                outstanding[n] -= 1
                return docs

            return result

        yield from in_order(batches, submit, limit=count * settings.pipeline.prefetch)
    finally:
        for a in actors:  # on a shared cluster, free their CPUs even when the run fails
            ray.kill(a)
        if started:
            ray.shutdown()
