"""Run the tocsin CLI and kill it with SIGKILL where a function is entered (fault tests).

    python -m tests.killpoint MODULE:FUNCTION [N] -- tocsin arguments ...

kills the process the ``N``-th time (default 1) ``MODULE.FUNCTION`` is called: a kill -9
at an exact point, inside a finalizer's transaction or between two batches, without a
hook in tocsin itself (a profile function watches calls). Used by tests/test_finalize.py
and benchmarks/reliability.py; a kill at a random moment needs nothing of this (the
parent sends SIGKILL).
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
import threading
from types import FrameType
from typing import Any


def arm(target: str, nth: int = 1) -> None:
    """SIGKILL this process when ``target`` (``module:function``) is called ``nth`` time."""
    module, _, name = target.partition(":")
    obj: Any = importlib.import_module(module)
    for part in name.split("."):
        obj = getattr(obj, part)
    code = obj.__code__
    calls = 0

    def watch(frame: FrameType, event: str, _arg: Any) -> None:
        nonlocal calls
        if event == "call" and frame.f_code is code:
            calls += 1
            if calls >= nth:
                os.kill(os.getpid(), signal.SIGKILL)

    sys.setprofile(watch)
    threading.setprofile(watch)


def main(argv: list[str]) -> None:
    """``argv``: the target, an optional count, ``--``, then the tocsin arguments."""
    split = argv.index("--")
    head, tail = argv[:split], argv[split + 1 :]
    arm(head[0], int(head[1]) if len(head) > 1 else 1)
    sys.argv = ["tocsin", *tail]
    from tocsin.cli import main as tocsin_main

    tocsin_main()


if __name__ == "__main__":
    main(sys.argv[1:])
