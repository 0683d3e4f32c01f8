"""The mixed real-news corpus of the speed benchmarks (``scale.py``, ``throughput.py``).

BBC News (its five sections in turn), AG News and Reuters-21578, interleaved article by
article, read in place from ``$TOCSIN_CORPORA`` or ``../shared``. BBC and AG News articles in
the cascade filter's training fold (``train/cascade.py``) are left out, so the filter is
measured on text it was not trained on (it never sees Reuters-21578). ``write_jsonl`` writes
a sample as one JSONL file, the input a child ``tocsin analyze`` reads; ``baseline_texts``
are the same articles as plain texts for spaCy's ``nlp.pipe``.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "train"))
sys.path.insert(0, str(ROOT / "src"))

from pool import shared_root  # noqa: E402

from cascade import in_training_fold, mixed_corpus  # noqa: E402
from tocsin.records import Article  # noqa: E402


def articles(limit: int) -> list[Article]:
    """The first ``limit`` held-out articles of the mixed corpus (fewer if it runs out)."""
    held_out = (a for a in mixed_corpus(shared_root()) if _reuters(a) or not in_training_fold(a.id))
    return list(itertools.islice(held_out, limit))


def _reuters(article: Article) -> bool:
    """Read from Reuters-21578 (``reut2-*.sgm``), which the filter is never trained on."""
    return "reut2-" in article.source


def write_jsonl(items: list[Article], path: Path) -> Path:
    """``items`` as JSONL (``id``, ``title``, ``text``, ``date``) for ``tocsin analyze``."""
    with path.open("w", encoding="utf-8") as fh:
        for a in items:
            rec = {"id": a.id, "title": a.title, "text": a.text, "date": _iso(a)}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def baseline_texts(items: list[Article]) -> list[str]:
    """What spaCy alone is given: each article's title (when kept apart) and text."""
    return [
        f"{a.title}\n\n{a.text}" if a.title and a.title not in a.text else a.text for a in items
    ]


def words(items: list[Article]) -> int:
    """Words of the articles' texts (as ``RunSummary.words`` counts them)."""
    return sum(len(a.text.split()) for a in items)


def _iso(a: Article) -> str | None:
    return a.published.isoformat() if a.published else None
