"""Half-decoded entities and stray tags are repaired at ingest (tocsin.ingest.repair)."""

from __future__ import annotations

import pytest

from tocsin.ingest.decode import clean_text
from tocsin.ingest.repair import repair_text


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("Marenta #39;s envoy left Veloria #39;s town", "Marenta's envoy left Veloria's town"),
        ("to cause  quot;panic or harm. quot; ...", 'to cause  "panic or harm." ...'),
        ("a  #36;12 million fund", "a  $12 million fund"),
        ("They  #39;bomb #39; the coast with leaflets", "They  'bomb' the coast with leaflets"),
        ("the harbour raid <b>...</b> A second blast", "the harbour raid ... A second blast"),
        ("the harbour raid &lt;b&gt;...&lt;/b&gt; A second", "the harbour raid ... A second"),
        ("the minister said &amp;#39;no&amp;#39; twice", "the minister said 'no' twice"),
        (r"rebels set off\four bombs near\Veloria", "rebels set off four bombs near Veloria"),
        (r"a \$40m loan, officials\said", "a $40m loan, officials said"),
        (r'called it "reckless"\and election,\and', 'called it "reckless" and election, and'),
    ],
)
def test_mangled_forms_are_repaired(raw: str, fixed: str) -> None:
    assert repair_text(raw) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "Room #12; is closed",  # a control character: meant literally or garbage, not text
        "AT&T and Johnson & Johnson",
        "the score was 3<5 at half time",
        "#MeToo and #39 on the list",
        r"saved to C:\reports\draft.txt",
        r"the share a\b\c of paths",
        r"a literal \n in code",
        "a \\ between spaces",
    ],
)
def test_literal_text_is_left_alone(text: str) -> None:
    assert repair_text(text) == text


def test_clean_text_repairs() -> None:
    assert clean_text("Veloria #39;s navy\r\n") == "Veloria's navy"


def test_clean_text_closes_blanks_left_by_a_dropped_line_break() -> None:
    # a dump that dropped its line breaks leaves runs of blanks inside names
    raw = "Iran turned down a European  Union proposal,  officials said.\n\nNext  paragraph"
    assert clean_text(raw) == (
        "Iran turned down a European Union proposal, officials said.\n\nNext paragraph"
    )
