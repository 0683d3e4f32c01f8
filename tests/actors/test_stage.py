"""The ``actors`` stage in a real pipeline: settings → stage → mentions with offsets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tocsin.actors.stage import ActorStage
from tocsin.config import load_settings
from tocsin.pipeline import Processor, build_stages
from tocsin.records import Article


def test_stage_contract() -> None:
    assert ActorStage.name == "actors"
    assert ActorStage.requires == ("spacy_doc", "sentences")
    assert ActorStage.assigns == ("mentions",)


def test_default_pipeline_runs_the_actor_stage() -> None:
    settings = load_settings(config_file=None, environ={})
    assert "actors" in settings.pipeline.stages
    names = [s.name for s in build_stages(settings)]
    assert names.index("actors") < names.index("events") if "events" in names else "actors" in names


def test_mentions_have_article_offsets(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text("agents:\n  - {sector: MIL, words: [halberdier]}\n", "utf-8")
    settings = load_settings(
        config_file=None,
        environ={},
        overrides={"pipeline.stages": ["actors"], "extract.actor_files": [str(extra)]},
    )
    text = (
        "Headline about talks\n"
        "The Kremlin said Polish halberdiers crossed into Belarus. It denied it."
    )
    article = Article(id="a1", text=text, source="test", published=dt.date(2025, 2, 1))
    (doc,) = Processor(settings).process([article], keep_parse=False)
    assert doc.spacy_doc is None
    found = {(m.text, m.actor.code, m.actor.sector) for m in doc.mentions if m.actor}
    assert ("Kremlin", "RUS", "GOV") in found
    assert ("Polish halberdiers", "POL", "MIL") in found
    assert ("Belarus", "BLR", None) in found
    for m in doc.mentions:
        assert text[m.start : m.end] == m.text
        assert (
            doc.sentences[m.sentence_index].start <= m.start < doc.sentences[m.sentence_index].end
        )
