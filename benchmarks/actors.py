"""Cost of the actor layer next to spaCy parsing, per 1,000 sentences.

Parses the BBC politics articles (``corpora/bbc-news-raw/politics/*.txt`` read in place
from ``$TOCSIN_CORPORA`` or ``../shared``) with the pipeline's ``parse_documents``, then
times ``ActorResolver.annotate`` on every article and ``actors_for`` on every subject,
object and prepositional object (what the event coder asks for). The actor layer's
budget is a small part of the 25 % that all extraction may add to parse time.

    .venv/bin/python benchmarks/actors.py [--limit 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any

#: Dependency labels of the arguments the event coder resolves.
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative", "agent", "attr"})


def corpus_dir() -> Path | None:
    """``corpora/bbc-news-raw/politics`` under $TOCSIN_CORPORA or ../shared, if present."""
    root = Path(__file__).resolve().parents[1]
    env = os.environ.get("TOCSIN_CORPORA")
    bases = [Path(env), Path(env).parent] if env else []
    for base in [*bases, root.parent / "shared"]:
        for path in (
            base / "corpora" / "bbc-news-raw" / "politics",
            base / "bbc-news-raw" / "politics",
        ):
            if path.is_dir():
                return path
    return None


def load_documents(folder: Path, limit: int) -> list[Any]:
    """Read up to ``limit`` articles as ``Document``s."""
    from tocsin.records import Article, Document

    docs = []
    for path in sorted(folder.glob("*.txt"))[:limit]:
        text = path.read_text("utf-8", errors="replace")
        article = Article(id=path.stem, text=text, source=str(path), published=dt.date(2005, 1, 1))
        docs.append(Document(article=article))
    return docs


def time_parse(docs: list[Any], nlp: Any) -> float:
    """Seconds to parse ``docs`` the way the pipeline does."""
    from tocsin.nlp import parse_documents

    start = time.perf_counter()
    parse_documents(docs, nlp=nlp, batch_size=32)
    return time.perf_counter() - start


def time_actors(docs: list[Any], resolver: Any) -> tuple[float, float, int, int]:
    """Seconds for ``annotate`` and for ``actors_for`` on every argument; counts."""
    from tocsin.nlp import parsed_sentences

    start = time.perf_counter()
    for doc in docs:
        for ps in parsed_sentences(doc):  # fresh state: time the matching too
            ps.span.doc.user_data.pop("tocsin.actors", None)
        resolver.annotate(doc)
    annotate_s = time.perf_counter() - start
    calls = 0
    start = time.perf_counter()
    for doc in docs:
        for ps in parsed_sentences(doc):
            for token in ps.span:
                if token.dep_ in ARGUMENT_DEPS:
                    resolver.actors_for(token, ps, doc)
                    calls += 1
    lookup_s = time.perf_counter() - start
    mentions = sum(len(d.mentions) for d in docs)
    return annotate_s, lookup_s, calls, mentions


def main(argv: list[str] | None = None) -> int:
    """Print parse time and actor-layer time per 1,000 sentences."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=417, help="articles to read (default all)")
    parser.add_argument("--repeat", type=int, default=3, help="timing repeats (best is kept)")
    args = parser.parse_args(argv)
    folder = corpus_dir()
    if folder is None:
        print("skipped: corpora/bbc-news-raw/politics not found (set TOCSIN_CORPORA)")
        return 0
    from tocsin.actors.resolver import ActorResolver
    from tocsin.nlp import load_model

    start = time.perf_counter()
    nlp = load_model("auto")
    model_s = time.perf_counter() - start
    start = time.perf_counter()
    resolver = ActorResolver.from_files()
    build_s = time.perf_counter() - start
    docs = load_documents(folder, args.limit)
    parse_s = min(time_parse(docs, nlp) for _ in range(args.repeat))
    runs = [time_actors(docs, resolver) for _ in range(args.repeat)]
    annotate_s = min(r[0] for r in runs)
    lookup_s = min(r[1] for r in runs)
    calls, mentions = runs[0][2], runs[0][3]
    sentences = sum(len(d.sentences) for d in docs)
    per_k = 1000 / sentences
    print(f"articles {len(docs)}, sentences {sentences}, mentions {mentions}, calls {calls}")
    print(f"spaCy model load (once per process): {model_s:.2f} s")
    print(
        f"resolver build (once per process): {build_s:.2f} s ({build_s / model_s:.0%} of model"
        f" load; {resolver.index.size} distinct phrases)"
    )
    print(f"spaCy parse:  {parse_s * per_k:7.3f} s per 1,000 sentences")
    total = annotate_s + lookup_s
    for label, secs in (("annotate", annotate_s), ("actors_for", lookup_s), ("actor layer", total)):
        share = secs / parse_s
        print(f"{label + ':':13} {secs * per_k:7.3f} s per 1,000 sentences ({share:6.1%} of parse)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
