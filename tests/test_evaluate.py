"""The scorer behind `tocsin eval`: the protocol of shared/eval/README.md §2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import shared_path
from tocsin import evaluate


def _gold(
    events: list[dict[str, Any]], sid: str = "s1", tags: list[str] | None = None
) -> dict[str, Any]:
    return {"id": sid, "pub_date": "2025-01-01", "text": "x", "events": events, "tags": tags or []}


def _ev(src: str | None, typ: str, tgt: str | None, **kw: Any) -> dict[str, Any]:
    base = {
        "source": src,
        "source_sector": None,
        "type": typ,
        "mode": None,
        "target": tgt,
        "target_sector": None,
        "negated": False,
        "hypothetical": False,
        "nuclear": False,
    }
    return {**base, **kw}


def _plover(doc: str, src: str | None, typ: str, tgt: str | None, **kw: Any) -> dict[str, Any]:
    rec = {
        "doc_id": doc,
        "actor": [{"code": src}] if src else [],
        "event": typ,
        "recipient": [{"code": tgt}] if tgt else [],
        "negated": False,
        "hypothetical": False,
    }
    return {**rec, **kw}


def _score(gold: list[dict[str, Any]], system: list[dict[str, Any]]) -> dict[str, Any]:
    sentences = [
        evaluate.Sentence(
            g["id"],
            g["text"],
            g["tags"],
            [e for ev in g["events"] for e in evaluate.events_from_record(ev)],
        )
        for g in gold
    ]
    evaluate.attach_system(sentences, system)
    return evaluate.score(sentences)


def test_exact_match_and_spurious() -> None:
    gold = [_gold([_ev("RUS", "ASSAULT", "UKR")])]
    r = _score(
        gold, [_plover("s1", "RUS", "ASSAULT", "UKR"), _plover("s1", "UKR", "ACCUSE", "RUS")]
    )
    assert (r["event"]["tp"], r["event"]["fp"], r["event"]["fn"]) == (1, 1, 0)
    assert r["type"]["tp"] == 1
    assert r["type"]["fp"] == 1


def test_symmetric_types_are_order_free() -> None:
    gold = [_gold([_ev("USA", "CONSULT", "RUS")])]
    r = _score(gold, [_plover("s1", "RUS", "CONSULT", "USA")])
    assert r["event"]["tp"] == 1
    gold = [_gold([_ev("USA", "ASSAULT", "RUS")])]
    r = _score(gold, [_plover("s1", "RUS", "ASSAULT", "USA")])
    assert r["event"]["tp"] == 0


def test_null_target_matches_only_null() -> None:
    gold = [_gold([_ev("PRK", "MOBILIZE", None)])]
    assert _score(gold, [_plover("s1", "PRK", "MOBILIZE", None)])["event"]["tp"] == 1
    assert _score(gold, [_plover("s1", "PRK", "MOBILIZE", "KOR")])["event"]["tp"] == 0


def test_flagged_events_neither_reward_nor_cost() -> None:
    gold = [_gold([_ev("FRA", "AID", "UKR", hypothetical=True)])]
    flagged = _score(gold, [_plover("s1", "FRA", "AID", "UKR", hypothetical=True)])
    assert (flagged["event"]["tp"], flagged["event"]["fp"], flagged["event"]["fn"]) == (0, 0, 0)
    assert flagged["flags"]["hypothetical"]["tp"] == 1
    unflagged = _score(gold, [_plover("s1", "FRA", "AID", "UKR")])
    assert unflagged["event"]["fp"] == 1


def test_restatements_are_capped_at_gold_count() -> None:
    gold = [_gold([_ev("RUS", "THREATEN", "NATO")])]
    r = _score(gold, [_plover("s1", "RUS", "THREATEN", "NATO")] * 3)
    assert (r["event"]["tp"], r["event"]["fp"]) == (1, 0)


def test_compound_lists_expand() -> None:
    gold = [_gold([_ev("MLI", "SANCTION", "ECOWAS"), _ev("NER", "SANCTION", "ECOWAS")])]
    system = [{"doc_id": "s1", "actor": [{"code": "MLI"}, {"code": "NER"}], "event": "SANCTION",
               "recipient": [{"code": "ECOWAS"}]}]  # fmt: skip
    assert _score(gold, system)["event"]["tp"] == 2


def test_slot_accuracies() -> None:
    gold = [_gold([_ev("RUS", "ASSAULT", "UKR", source_sector="MIL", mode="drone",
                       event_date="2025-01-01")])]  # fmt: skip
    system = [_plover("s1", "RUS", "ASSAULT", "POL", mode="drone", event_date="2025-01-01")]
    r = _score(gold, system)
    assert r["source_accuracy"] == 1.0
    assert r["target_accuracy"] == 0.0
    assert r["mode_accuracy"] is None  # no key-matched pair
    system = [{**_plover("s1", "RUS", "ASSAULT", "UKR", mode="drone", event_date="2025-01-01"),
               "actor": [{"code": "RUS", "sector": "MIL"}]}]  # fmt: skip
    r = _score(gold, system)
    assert (r["mode_accuracy"], r["date_accuracy"], r["sector_accuracy"]) == (1.0, 1.0, 1.0)


def test_errors_list_misses_and_spurious() -> None:
    gold = [_gold([_ev("RUS", "ASSAULT", "UKR")])]
    sentences = [
        evaluate.Sentence("s1", "x", [], list(evaluate.events_from_record(gold[0]["events"][0])))
    ]
    evaluate.attach_system(sentences, [_plover("s1", "UKR", "ASSAULT", "RUS")])
    (item,) = evaluate.errors(sentences)
    assert item["missed"] == ["RUS ASSAULT UKR"]
    assert item["spurious"] == ["UKR ASSAULT RUS"]


@pytest.mark.shared
def test_agrees_with_reference_scorer(tmp_path: Path) -> None:
    """Our triple and type scores equal the project's independent reference scorer's."""
    gold_path = shared_path("eval", "dev_sentences.jsonl")
    tool = shared_path("tools", "score_events.py")
    gold = [json.loads(line) for line in gold_path.read_text("utf-8").splitlines() if line.strip()]
    # A deliberately imperfect system: every other gold event, some with roles swapped.
    system = []
    for i, g in enumerate(gold):
        for j, e in enumerate(g["events"]):
            if (i + j) % 2:
                src, tgt = (e["target"], e["source"]) if j % 3 == 0 else (e["source"], e["target"])
                system.append(_plover(g["id"], src, e["type"], tgt, negated=e["negated"],
                                      hypothetical=False))  # fmt: skip
        if i % 7 == 0:
            system.append(_plover(g["id"], "USA", "ASSAULT", "CHN"))
    sys_path = tmp_path / "system.jsonl"
    sys_path.write_text("\n".join(json.dumps(r) for r in system), "utf-8")
    out = subprocess.run([sys.executable, str(tool), str(gold_path), str(sys_path)],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    reference = json.loads(out[: out.rindex("}") + 1])
    sentences = evaluate.load_gold(gold_path)
    evaluate.attach_system(sentences, system)
    ours = evaluate.score(sentences)
    assert round(ours["event"]["f1"], 3) == reference["triple"]["f1"]
    assert round(ours["type"]["f1"], 3) == reference["type"]["f1"]
    assert (ours["event"]["tp"], ours["event"]["fp"], ours["event"]["fn"]) == (
        reference["triple"]["tp"],
        reference["triple"]["fp"],
        reference["triple"]["fn"],
    )
