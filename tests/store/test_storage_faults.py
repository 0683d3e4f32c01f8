"""Storage faults: a full disk, a failed final checkpoint and a file that cannot be written
become catalogue errors (S010, S012, S011); what was committed before stays readable.

The full disk is a real one: a 3 MB tmpfs mounted in a private mount namespace
(``unshare``), skipped where user namespaces are not allowed. The failed checkpoint uses
the file-size limit (``RLIMIT_FSIZE``): the write-ahead log stays under it, the database
file outgrows it when the checkpoint writes it.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

#: Fill the database given as argv[1] until it fails; print the error's code.
FILL = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
from tocsin.errors import StoreError
from tocsin.store import Database
path, limit, batches = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
if limit:
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
committed = 0
try:
    with Database(path) as db:
        for i in range(batches):
            with db.transaction() as con:
                con.execute(
                    "INSERT INTO ingest_errors (source, record, code, message) "
                    "SELECT 'x' || range::VARCHAR || ?, '', 'I001', md5(range::VARCHAR) "
                    "|| md5((range + 1)::VARCHAR) FROM range(5000)", [str(i)])
            committed += 1
    print("ok", committed)
except StoreError as exc:
    print(exc.code, committed, exc.message)
"""


#: Count the rows the database given as argv[1] holds after the failure.
COUNT = """
import sys
import duckdb
print(duckdb.connect(sys.argv[1]).execute("SELECT count(*) FROM ingest_errors").fetchone()[0])
"""


def run_fill(path: str, *, limit: int = 0, batches: int = 1000, mount: bool = False) -> str:
    command = [sys.executable, "-c", FILL, path, str(limit), str(batches)]
    if mount:
        folder = str(Path(path).parent)
        count = [sys.executable, "-c", COUNT, path]
        script = (
            f"mount -t tmpfs -o size=3m tmpfs {shlex.quote(folder)} && {shlex.join(command)} "
            f"&& {shlex.join(count)}"
        )
        command = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, check=False, cwd=ROOT
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


def _tmpfs_works(tmp_path: Path) -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
         f"mount -t tmpfs -o size=1m tmpfs {tmp_path}"],
        capture_output=True, check=False, timeout=30,
    )  # fmt: skip
    return probe.returncode == 0


def test_a_full_disk_is_s010_and_keeps_what_was_committed(tmp_path: Path) -> None:
    if not _tmpfs_works(tmp_path):
        pytest.skip("cannot mount a tmpfs in a user namespace here")
    disk = tmp_path / "disk"
    disk.mkdir()
    out = run_fill(str(disk / "full.duckdb"), mount=True).split()
    code, committed, rows = out[0], int(out[1]), int(out[-1])
    assert code == "S010"
    assert "disk is full" in " ".join(out)
    assert committed > 0
    assert rows == committed * 5000  # every committed batch is there, nothing of the failed one


def test_a_failed_final_checkpoint_is_s012(tmp_path: Path) -> None:
    out = run_fill(str(tmp_path / "ckpt.duckdb"), limit=3_000_000, batches=4).split()
    assert out[0] == "S012", out
    assert out[1] == "4"  # every transaction committed to the log; the checkpoint failed
    assert (tmp_path / "ckpt.duckdb.wal").exists()


def test_a_file_that_cannot_grow_is_s011_or_s012(tmp_path: Path) -> None:
    out = run_fill(str(tmp_path / "small.duckdb"), limit=400_000, batches=20).split()
    assert out[0] in ("S011", "S012"), out
