"""A key written twice in a data file is an error naming the file and the line."""

from __future__ import annotations

import pytest

from tocsin.errors import DataFileError
from tocsin.events.lexicon import load_lexicon_files, packaged_text

TWICE = """\
entries:
- id: protest.sit_in
  type: PROTEST
  mode: demo
  verbs: [picket]
  type: ASSAULT
"""


def test_a_lexicon_entry_with_a_key_written_twice_is_refused() -> None:
    with pytest.raises(DataFileError) as info:
        load_lexicon_files([("triggers.yaml", packaged_text()), ("extra.yaml", TWICE)])
    assert info.value.code == "D001"
    message = str(info.value)
    assert "extra.yaml" in message
    assert "duplicate key 'type'" in message
    assert "line 6" in message


def test_the_packaged_lexicon_writes_each_key_once() -> None:
    lexicon = load_lexicon_files([("triggers.yaml", packaged_text())])
    ids = [entry.id for entry in lexicon.entries]
    assert len(ids) == len(set(ids))
    assert {"protest.march", "protest.riot", "protest.converge"} <= set(ids)
