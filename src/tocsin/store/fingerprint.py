"""What a database holds, as a row count and a content hash per table.

Two databases with equal fingerprints hold the same rows (in any order): the check behind
"a run killed anywhere and run again ends where a clean run ends" (tests/test_finalize.py,
benchmarks/reliability.py). Left out: the bookkeeping of runs (``runs``,
``finalizer_state``, ``schema_version``: a killed run is rightly recorded), and timestamp
columns (when a row was written, not what it says). Floating-point columns are rounded to
nine significant decimals, so that sums taken in another order compare equal.
"""

from __future__ import annotations

from dataclasses import dataclass

from tocsin.store.database import Database

#: Tables that record the runs themselves, not their results.
BOOKKEEPING = frozenset({"runs", "finalizer_state", "schema_version"})


@dataclass(frozen=True, slots=True)
class TableFingerprint:
    """Rows and an order-independent hash of their contents."""

    rows: int
    digest: int


def fingerprints(db: Database) -> dict[str, TableFingerprint]:
    """The fingerprint of every result table of ``db``, by table name."""
    columns: dict[str, list[str]] = {}
    for table, column, kind in db.query(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ):
        if table in BOOKKEEPING or kind.startswith("TIMESTAMP"):
            continue
        expr = f'"{column}"'
        if kind in ("DOUBLE", "FLOAT", "REAL"):
            expr = f"round({expr}, 9)"
        columns.setdefault(table, []).append(expr)
    out: dict[str, TableFingerprint] = {}
    for table, exprs in sorted(columns.items()):
        row = db.query(
            f'SELECT count(*), coalesce(sum(hash({", ".join(exprs)})::HUGEINT), 0) FROM "{table}"'
        )[0]
        out[table] = TableFingerprint(rows=int(row[0]), digest=int(row[1]))
    return out


def differences(got: dict[str, TableFingerprint], want: dict[str, TableFingerprint]) -> list[str]:
    """The tables whose fingerprints differ, each as ``name: rows got/want``."""

    def rows(table: TableFingerprint | None) -> str:
        return "-" if table is None else str(table.rows)

    return [
        f"{name}: {rows(got.get(name))}/{rows(want.get(name))} rows"
        for name in sorted(set(got) | set(want))
        if got.get(name) != want.get(name)
    ]
