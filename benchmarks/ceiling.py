"""How fast the cascade could make tocsin with a perfect filter: the ceiling of its design.

``throughput.py`` measures the cascade as shipped. This asks what any filter in front of the
same parser and stages could give: on the same held-out mixed articles, in this process,
the same run, with the filter replaced by an *oracle* that knows which sentences the full
pipeline (cascade off) codes an event in.

Variants (timed interleaved, medians; each also timed without its stages, so the NLP step
and the stages are told apart):

* ``spacy`` — ``nlp.pipe`` over the texts, the model as published (the issue's baseline);
* ``shipped`` — the cascade as shipped;
* ``shipped, no quotes`` — the shipped filter alone (with the context of the sentences it
  picks): quotations and statements parsed only where the filter picks them;
* ``oracle`` — a sentence is parsed when the full pipeline codes an event whose trigger
  lies in it; quotations and statements reported of a named actor are still parsed
  whatever the filter says, and the context of the chosen sentences (``cascade.plan``);
* ``oracle, no quotes`` — the oracle alone, with its context: quotations and statements
  no longer stored where they hold no event;
* ``nothing`` — no sentence parsed: what reading, shaping, sketching and running the stages
  over unparsed sentences cost on their own (the floor of this design).

For each: seconds, ratio to spaCy's words/s, the share of characters parsed, the full
pipeline's events it still codes, and why the others are lost.

    .venv/bin/python benchmarks/ceiling.py [--limit 1000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import mixed
from throughput import _keys, settings_with

_SPACE = re.compile(r"\s+")


def _key(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def positives(
    items: list[Any], docs: list[Any], cascade: Any, nlp: Any, max_chars: int
) -> set[str]:
    """The texts of the sketched sentences that hold the trigger of an event the full
    pipeline coded (as ``train/cascade.py`` labels them)."""
    from cascade import sketched_spans

    triggers = {
        d.article.id: [e.trigger_start for e in d.events if e.trigger_start is not None]
        for d in docs
    }
    return {
        _key(text)
        for art in items
        if triggers.get(art.id)
        for start, end, text, _ in sketched_spans(art, cascade, nlp, max_chars)
        if any(start <= t < end for t in triggers[art.id])
    }


def oracle(base: Any, wanted: set[str] | None, *, statements: bool) -> Any:
    """A cascade like ``base`` whose filter is ``wanted`` (the texts of the sentences to
    parse; None: the shipped filter), parsing the quotations and statements it always
    parses only when ``statements``."""
    from tocsin.cascade import Cascade

    class Oracle(Cascade):
        def pick(self, segment: str, sketch: Any, position: int) -> bool:
            if statements and self.always(sketch):
                return True
            if wanted is not None:
                return _key(segment[sketch.start : sketch.end]) in wanted
            return self.filtered(sketch, position)

    return Oracle(base.sketcher, base.model, threshold=base.threshold, speech=base.speech)


def losses(full: list[Any], docs: list[Any]) -> Counter[str]:
    """Why the full parse's events are missing from ``docs``: their sentence was not
    parsed, was split otherwise by the parser, or was parsed and coded otherwise or not
    at all (its actors came from sentences no longer parsed)."""
    by_id = {d.article.id: d for d in docs}
    out: Counter[str] = Counter()
    for (art, text, *_), n in (_keys(full, "events") - _keys(docs, "events")).items():
        doc = by_id[art]
        sent = next((s for s in doc.sentences if s.text == text), None)
        if sent is None:
            why = "sentence split otherwise"
        elif not sent.parsed:
            why = "not parsed"
        elif any(e.sentence_index == sent.index for e in doc.events):
            why = "parsed, coded otherwise"
        else:
            why = "parsed, nothing coded"
        out[why] += n
    return out


def bare(settings: Any) -> Any:
    """``settings`` without any stage: the NLP step alone."""
    return settings.model_copy(
        update={"pipeline": settings.pipeline.model_copy(update={"stages": ()})}
    )


def main() -> None:
    """Run the benchmark and print its figures."""
    import spacy

    from tocsin.nlp import resolve_model_name
    from tocsin.pipeline import Processor

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=1000, help="articles to use")
    parser.add_argument("--repeat", type=int, default=1, help="timed repeats per variant")
    args = parser.parse_args()
    items = mixed.articles(args.limit)
    words = mixed.words(items)
    on = settings_with(cascade=True)

    full_docs = Processor(settings_with(cascade=False)).process(items)
    full_events = _keys(full_docs, "events")
    shipped, shipped_bare = Processor(on), Processor(bare(on))
    wanted = positives(items, full_docs, shipped.cascade, shipped.nlp, on.nlp.max_chars)
    print(f"{len(items)} articles, {words:,} words; the full parse codes events in "
          f"{len(wanted):,} sentences", flush=True)  # fmt: skip

    procs: dict[str, tuple[Any, Any]] = {"shipped": (shipped, shipped_bare)}
    for name, want, statements in (
        ("shipped, no quotes", None, False),
        ("oracle", wanted, True),
        ("oracle, no quotes", wanted, False),
        ("nothing", set(), False),
    ):
        pair = (Processor(on), Processor(bare(on)))
        for p in pair:
            p.cascade = oracle(shipped.cascade, want, statements=statements)
        procs[name] = pair

    nlp = spacy.load(resolve_model_name("auto"))  # as published: no tocsin component
    texts = mixed.baseline_texts(items)
    for whole, nlp_only in procs.values():  # warm-up: lazily built caches
        whole.process(items[:20])
        nlp_only.process(items[:20])

    def run(proc: Any) -> Callable[[], object]:
        def go() -> object:
            proc.cache.clear()
            return proc.process(items)

        return go

    timed: dict[str, list[float]] = {"spacy": []}
    last: dict[str, Any] = {}
    timed.update({f"{n}{part}": [] for n in procs for part in ("", " nlp")})
    for _ in range(args.repeat):
        start = time.perf_counter()
        list(nlp.pipe(texts, batch_size=32))
        timed["spacy"].append(time.perf_counter() - start)
        for name, (whole, nlp_only) in procs.items():
            for part, proc in (("", whole), (" nlp", nlp_only)):
                start = time.perf_counter()
                docs = run(proc)()
                timed[f"{name}{part}"].append(time.perf_counter() - start)
                if not part:
                    last[name] = docs
    med = {k: statistics.median(v) for k, v in timed.items()}

    print(f"\nin process, medians of {args.repeat}; spaCy {med['spacy']:.1f} s "
          f"({words / med['spacy']:,.0f} words/s)")  # fmt: skip
    print(f"  {'variant':<18} {'s':>6} {'x spaCy':>8} {'NLP s':>6} {'stages s':>9} "
          f"{'chars parsed':>13} {'events kept':>12}")  # fmt: skip
    for name in procs:
        docs = last[name]
        sents = [s for d in docs for s in d.sentences]
        chars = sum(len(s.text) for s in sents if s.parsed) / sum(len(s.text) for s in sents)
        kept = sum((full_events & _keys(docs, "events")).values())
        total, nlp_s = med[name], med[f"{name} nlp"]
        print(
            f"  {name:<18} {total:6.1f} {med['spacy'] / total:7.2f}x {nlp_s:6.1f} "
            f"{total - nlp_s:9.1f} {chars:12.1%} {kept:5d} of {sum(full_events.values())}"
        )
        if name != "nothing":
            lost = ", ".join(f"{why} {n}" for why, n in losses(full_docs, docs).most_common())
            print(f"    {'':<16} events lost: {lost or 'none'}")


if __name__ == "__main__":
    main()
