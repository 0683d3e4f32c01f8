"""What of a text is parsed, and as what (tocsin.shape)."""

from __future__ import annotations

import pytest

from tocsin.shape import segments
from tocsin.shape.credits import dateline_place, opening_credit
from tocsin.shape.headline import glued_boundary
from tocsin.shape.truecase import sentence_case


def kinds(text: str, **kw: object) -> list[tuple[str, str]]:
    return [(s.kind, s.text.strip()) for s in segments(text, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "headline", "story"),
    [
        (
            (
                "Marenta Recalls Envoy Over Border Shooting (Reuters) Reuters - Marenta recalled "
                "its ambassador to Veloria on Friday."
            ),
            "Marenta Recalls Envoy Over Border Shooting",
            "Marenta recalled its ambassador to Veloria on Friday.",
        ),
        (
            (
                "Kestria closes port to Veloria ships  OSTRAVA NOVA (Northwire) - Kestria closed "
                "its main port to Velorian ships on Monday."
            ),
            "Kestria closes port to Veloria ships",
            "Kestria closed its main port to Velorian ships on Monday.",
        ),
        (
            (
                "Harbour talks collapse, delegates walk out ... CALDER, Marenta (AP) - Talks on "
                "the harbour dispute collapsed on Tuesday."
            ),
            "Harbour talks collapse, delegates walk out ...",
            "Talks on the harbour dispute collapsed on Tuesday.",
        ),
    ],
)
def test_a_marked_glued_headline_is_cut_and_the_credit_dropped(
    text: str, headline: str, story: str
) -> None:
    found = kinds(text)
    assert found[0] == ("headline", headline)
    assert found[-1] == ("body", story)
    assert [k for k, _ in found[1:-1]] == ["credit"]


def test_the_title_line_is_a_headline_and_credits_bylines_clutter_are_dropped() -> None:
    text = (
        "Veloria and Marenta agree patrols\n\n"
        "By Ana Ruiz\n\n"
        "CALDER (Northwire) - Veloria and Marenta agreed on joint patrols on Tuesday.\n\n"
        "Advertisement\n\n"
        "The patrols start next week, officials said."
    )
    found = kinds(text, title="Veloria and Marenta agree patrols")
    assert found == [
        ("headline", "Veloria and Marenta agree patrols"),
        ("clutter", "By Ana Ruiz"),
        ("credit", "CALDER (Northwire) -"),
        ("body", "Veloria and Marenta agreed on joint patrols on Tuesday."),
        ("clutter", "Advertisement"),
        ("body", "The patrols start next week, officials said."),
    ]


def test_repeated_blocks_and_related_headline_strips_are_not_parsed() -> None:
    sidebar = "Kestria shells border villages, killing four, officials say in a statement."
    text = "\n\n".join(
        [
            "Marenta closes its border after shelling",
            "Marenta closed its border with Kestria on Sunday after overnight shelling.",
            sidebar,
            "Veloria calls for calm",
            "Port strike enters third day",
            "Kestria names new army chief",
            "The closure affects some 2,000 lorries a day, the transport ministry said.",
            sidebar,
        ]
    )
    found = kinds(text)
    assert [k for k, _ in found].count("repeat") == 1
    assert [k for k, _ in found].count("strip") == 3
    assert [t for k, t in found if k == "body"][-1].startswith("The closure affects")


@pytest.mark.parametrize(
    "sentence",
    [
        '"We will not give up the harbour," Defence Minister Ilse Maren said on Monday.',
        "Marenta's parliament voted to remove President Tomas Kell from office on Friday.",
        "Veloria and Kestria met in Calder, Marenta, on Thursday and agreed on a truce.",
        "President Tomas Kell spoke on Monday. He said the talks would go on.",
    ],
)
def test_a_plain_sentence_is_not_cut(sentence: str) -> None:
    assert kinds(sentence) == [("body", sentence)]


def test_a_title_case_line_standing_alone_is_a_headline() -> None:
    # a feed item or a record that kept only its headline
    text = "Marenta Expels Two Kestrian Diplomats"
    assert kinds(text) == [("headline", text)]
    # a short sentence-case line alone stays what it is
    line = "Marenta expels two Kestrian diplomats"
    assert kinds(line) == [("body", line)]


def test_opening_credits_chain() -> None:
    text = "(Northwire) Northwire - CALDER, Marenta -- Talks resumed."
    assert text[opening_credit(text) :] == "Talks resumed."


def test_glued_headline_without_marker_uses_the_model() -> None:
    text = (
        "Marenta president in Veloria for port talks Marenta's president Ilse Maren visited "
        "Veloria on Monday for talks on the harbour dispute."
    )
    boundary = glued_boundary(text)
    assert boundary is not None
    assert text[: boundary.head_end] == "Marenta president in Veloria for port talks"
    assert text[boundary.body_start :].startswith("Marenta's president Ilse Maren visited")


def test_a_courtesy_title_after_a_capitalised_word_opens_the_story() -> None:
    text = "Veloria pledges to defend Marenta Mr Kell says the pledge stands whatever happens."
    boundary = glued_boundary(text)
    assert boundary is not None
    assert boundary.how == "courtesy"
    assert text[: boundary.head_end] == "Veloria pledges to defend Marenta"
    # an office before the title is one name; a function word before it is one sentence
    for sentence in (
        "Veloria welcomed Prime Minister Mr Kell on Monday for talks on the harbour.",
        "Talks with Mr Kell ended without a deal on Monday.",
    ):
        found = glued_boundary(sentence)
        assert found is None or found.how != "courtesy"


def test_a_headline_does_not_end_with_a_possessive() -> None:
    text = (
        "Kell meets Pope Ilse Marenta's President Tomas Kell has met Pope Ilse at the palace "
        "on Monday for talks."
    )
    boundary = glued_boundary(text)
    assert boundary is not None
    assert text[: boundary.head_end] == "Kell meets Pope Ilse"


@pytest.mark.parametrize(
    ("headline", "story", "cased"),
    [
        (
            "Marenta Urges Supporters to Stay Calm at Calder Gates",
            "Marenta's president urged his supporters to stay calm at the gates of Calder.",
            "Marenta urges supporters to stay calm at Calder gates",
        ),
        (
            "MARENTA AND KESTRIA SIGN GRAIN DEAL",
            "Marenta and Kestria signed a grain deal, the UN said.",
            "Marenta and Kestria sign grain deal",
        ),
        ("Marenta closes border after shelling", "Marenta closed its border.", None),
    ],
)
def test_title_case_headlines_are_parsed_in_sentence_case(
    headline: str, story: str, cased: str | None
) -> None:
    out = sentence_case(headline, story, known_word=lambda w: w.isalpha())
    assert out == (cased or headline)
    assert len(out) == len(headline)


def test_a_sentence_full_of_names_is_not_title_case() -> None:
    from tocsin.shape.truecase import is_title_case

    assert is_title_case("Marenta Recalls Ambassador From Veloria Over Border Clash")
    text = "Marenta's Foreign Office on Monday denounced Veloria President Ivo Kastel as a tyrant."
    assert not is_title_case(text)


def test_a_known_name_of_several_words_keeps_its_capitals() -> None:
    headline = "Marenta Bans Grain Exports To United Kestria"
    start = headline.index("United")

    def names(text: str) -> list[tuple[int, int]]:
        return [(start, len(text))]

    out = sentence_case(headline, "", known_word=lambda w: w.isalpha(), names=names)
    assert out == "Marenta bans grain exports to United Kestria"
    plain = sentence_case(headline, "", known_word=lambda w: w.isalpha())
    assert plain == "Marenta bans grain exports to united kestria"


def test_a_paragraph_carried_three_times_is_furniture_in_every_copy() -> None:
    refrain = "Kestrian gunboats fired on a Marentan trawler near the strait, sources said."
    text = "\n\n".join(["The port reopened.", refrain, "Ships came back.", refrain, refrain])
    found = kinds(text)
    assert [k for k, t in found if t == refrain] == ["repeat"] * 3
    twice = kinds("\n\n".join(["The port reopened.", refrain, "Ships came back.", refrain]))
    assert [k for k, t in twice if t == refrain] == ["body", "repeat"]


def test_the_truncation_line_of_a_cut_article_is_not_parsed() -> None:
    from tocsin.ingest import IngestOptions
    from tocsin.ingest.article import build_article

    story = "\n\n".join(
        f"Marenta recalled its ambassador to Veloria on day {n}, officials said." for n in range(60)
    )
    options = IngestOptions(max_article_chars=1_000)
    article = build_article(text=story, source="t", title="Marenta Recalls Envoy", options=options)
    assert article.meta["truncated"]
    found = segments(article.text, title=article.title)
    assert found[0].kind == "headline"  # the title line is still the headline
    last = found[-1]
    assert last.text.startswith("[truncated by tocsin:")  # the marker is the last line,
    assert last.kind == "clutter"  # read as clutter, never parsed as news
    assert all(s.parsed for s in found[:-1])
    assert kinds("[truncated by tocsin: the file has 20,000 bytes, only the start was read]") == [
        ("clutter", "[truncated by tocsin: the file has 20,000 bytes, only the start was read]")
    ]
    # a line that only opens like the marker is read as usual
    quoted = "[truncated by tocsin: a note] Marenta recalled its envoy on Friday, officials said."
    assert [k for k, _ in kinds(quoted)] == ["body"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("MARSHVILLE, Fla. (AP) - The county sheriff said ...", "MARSHVILLE, Fla."),
        ("(AP) AP - LAKEVIEW, N.Y. - Two men were ...", "LAKEVIEW, N.Y."),
        ("KIRKUK, Iraq, Oct. 5 (Reuters) - Gunmen ...", "KIRKUK, Iraq"),
        ("PORT TOWN, Haiti Oct. 5 (AFP) - Troops ...", "PORT TOWN, Haiti"),
        ("BAGHDAD (Reuters) - A car bomb ...", "BAGHDAD"),
        ("The talks resumed on Monday.", None),
    ],
)
def test_dateline_place_keeps_its_region(text: str, place: str | None) -> None:
    assert dateline_place(text) == place


def test_a_dateline_with_its_region_and_credit_is_no_headline() -> None:
    found = kinds("LAKEVIEW, N.Y. (AP) - Two men were charged.")
    assert found == [("credit", "LAKEVIEW, N.Y. (AP) -"), ("body", "Two men were charged.")]


@pytest.mark.parametrize(
    ("text", "offset_word", "refused"),
    [
        # a known name across the cut, an infinitive or a modifier left open: refused
        ("Trump and Xi Jinping met in Busan on Thursday.", "Jinping", True),
        ("Kim said the North would not hesitate to annihilate South Korea.", "South", True),
        ("Hamas freed the last 20 living Israeli hostages on Monday.", "Israeli", True),
        # the recogniser joins a headline's last name to the story's first: no test
        (
            "Marenta intervenes in Ivory Coast South African President Tomas Kell flew in.",
            "South",
            False,
        ),
        # headlines end on nouns the tagger reads as verbs, and on participles
        (
            "Kell reopens harbour row Former harbour chief Ilse Maren has reopened the row.",
            "Former",
            False,
        ),
        (
            "Marenta separatist chief arrested Police in Calder arrested a separatist leader.",
            "Police",
            False,
        ),
    ],
)
def test_the_cut_test(nlp: object, text: str, offset_word: str, refused: bool) -> None:
    from tocsin.nlp import _cut_test

    assert _cut_test(nlp)(text, text.index(offset_word)) is refused
