"""How well the glued-headline splitter cuts, model and veto together, on held-out texts.

``train/headline.py`` scores the boundary model alone. At run time a cut the model chooses
can still be refused by the parser's cut test (``tocsin.nlp._cut_test``: the cut would split
a name, or leave the headline ending on a word that wants more). This script measures the
whole splitter, ``shape.headline.glued_boundary``, on the training script's held-out fifth
(AG News items whose marker shows the boundary, BBC stories with their title glued on, and
the same stories without a headline, where nothing may be cut), under three cut tests in
the same run:

- ``none``: the model alone;
- ``ner+verbs``: the test before stop 22 (any entity the recogniser finds across the cut;
  a headline ending on any base, past or -ing verb form), re-implemented here as the
  baseline;
- ``shipped``: ``tocsin.nlp._cut_test`` as packaged.

It prints, for each, the share of glued texts cut exactly right and the share of
headline-less stories left uncut. Reads ``../shared/corpora`` (or ``TOCSIN_CORPORA``).

    .venv/bin/python benchmarks/headline_cuts.py [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "train"))

from headline import Example, _dev_keys, ag_examples, bbc_examples  # noqa: E402
from pool import shared_root  # noqa: E402

from tocsin.nlp import _cut_test, load_model  # noqa: E402
from tocsin.shape import headline as hl  # noqa: E402

_OLD_OPEN_ENDS = frozenset({"VB", "VBD", "VBG", "TO", "IN", "DT", "PRP$", "MD", "CC", "WDT"})


def old_cut_test(nlp: Any) -> Any:
    """The cut test before stop 22: any recognised entity across the cut, or a headline
    ending on any verb form, refuses the cut."""

    def splits_phrase(text: str, offset: int) -> bool:
        doc = nlp(text[: offset + 200])
        if any(ent.start_char < offset < ent.end_char for ent in doc.ents):
            return True
        before = [t for t in doc if t.idx < offset and not t.is_space]
        return bool(before) and before[-1].tag_ in _OLD_OPEN_ENDS

    return splits_phrase


def score(examples: list[Example], test: Any) -> tuple[float, float]:
    """(share of glued texts cut exactly right, share of headline-less texts left uncut)."""
    glued = right = alone = uncut = 0
    for ex in examples:
        text = " ".join(ex.words)
        starts = [sum(len(w) + 1 for w in ex.words[:i]) for i in range(len(ex.words))]
        b = hl.glued_boundary(text, splits_phrase=test)
        cut = None if b is None else starts.index(b.body_start) if b.body_start in starts else -1
        if ex.cut is None:
            alone += 1
            uncut += int(cut is None)
        else:
            glued += 1
            right += int(cut == ex.cut)
    return right / max(glued, 1), uncut / max(alone, 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="held-out examples to use (0: all)")
    args = ap.parse_args(argv)
    root = shared_root()
    dev = _dev_keys(root)
    hold = [e for e in ag_examples(root, dev) + bbc_examples(root, dev) if e.holdout]
    if args.limit:
        hold = hold[: args.limit]
    nlp = load_model("auto")
    n_glued = sum(e.cut is not None for e in hold)
    print(f"{len(hold)} held-out texts: {n_glued} glued, {len(hold) - n_glued} without headline")
    print(f"{'cut test':<12} {'glued exact':>12} {'alone uncut':>12} {'seconds':>8}")
    for name, test in (("none", None), ("ner+verbs", old_cut_test(nlp)),
                       ("shipped", _cut_test(nlp))):  # fmt: skip
        start = time.perf_counter()
        exact, uncut = score(hold, test)
        print(f"{name:<12} {exact:>12.3f} {uncut:>12.3f} {time.perf_counter() - start:>8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
