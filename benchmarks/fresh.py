"""Run a benchmark step in a fresh Python process (its own memory peak, no warm caches)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any


def run(code: str, *args: str) -> dict[str, Any]:
    """Run ``code`` with ``args`` in a new interpreter; its last line of output is a JSON
    object, returned as a dict (``{"error": ...}`` with the last lines of output if it failed)."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return {"error": " | ".join(tail)}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
