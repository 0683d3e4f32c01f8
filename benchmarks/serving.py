"""Helpers the benchmarks that start ``tocsin serve`` share (not a package: imported by path)."""

from __future__ import annotations

import subprocess
import time

import httpx


def wait_until_up(url: str, proc: subprocess.Popen[bytes], timeout_s: float) -> None:
    """Poll ``url``/api/health until it answers; RuntimeError when the server exits first or
    does not answer within ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if httpx.get(url + "/api/health", timeout=2).is_success:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            raise RuntimeError("tocsin serve did not start")
        time.sleep(0.2)
