"""Which sentences of an article are parsed: the filter's choice plus the context it needs.

The filter (``cascade.filter``) picks sentences that may hold a coded event. Three kinds of
context the coder reads from other sentences are then kept with them:

* **antecedents** — a chosen sentence with a pronoun ("he", "it", "they") or an agent noun
  ("the army") that it does not name the referent of is coded with the actors named before
  it (``actors.coref``): the nearest earlier sentence that names one is parsed too;
* **quotations** — a quotation running over several sentences is parsed whole when any of
  its sentences is chosen, so its speaker (and "we" inside it) is found as before;
* nothing else: dates and threats are read within the event's own clause.
"""

from __future__ import annotations

from collections.abc import Sequence

from tocsin.actors.model import Kind
from tocsin.cascade.sketch import Sketch

#: Kinds that give an agent noun its country ("the army" after "Russia ...").
_COUNTRIES = (Kind.COUNTRY, Kind.ADJ, Kind.PEOPLE, Kind.CAPITAL)


def with_context(sketches: Sequence[Sketch], chosen: Sequence[bool]) -> list[bool]:
    """``chosen`` (one flag per sentence of an article, in order) plus the sentences the
    chosen ones need for their coreference and quotations."""
    keep = list(chosen)
    for i in (i for i, c in enumerate(chosen) if c):
        for j in _antecedents(sketches, i):
            keep[j] = True
    for block in _quotation_blocks(sketches):
        if any(keep[i] for i in block):
            for i in block:
                keep[i] = True
    return keep


def _antecedents(sketches: Sequence[Sketch], i: int) -> list[int]:
    """The earlier sentences sentence ``i`` may refer back to: for "he"/"she" with no person
    named in it, the nearest naming a person; for "it"/"they" with no actor named, the
    nearest naming one; for an agent with no country ("the army"), the nearest naming a
    country (the coder's ``Discourse`` looks no further back in most cases)."""
    sk = sketches[i]
    wanted: list[tuple[Kind, ...]] = []
    if "person" in sk.pronouns and not sk.named(Kind.PERSON):
        wanted.append((Kind.PERSON,))
    if sk.pronouns & {"thing", "plural"} and not sk.named():
        wanted.append(())
    if sk.named(Kind.AGENT) and not sk.named(*_COUNTRIES):
        wanted.append(_COUNTRIES)
    found = []
    for kinds in wanted:
        j = next((j for j in range(i - 1, -1, -1) if sketches[j].named(*kinds)), None)
        if j is not None:
            found.append(j)
    return found


def _quotation_blocks(sketches: Sequence[Sketch]) -> list[list[int]]:
    """Runs of sentences joined by an open quotation (each run holds two or more)."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for i, sk in enumerate(sketches):
        if sk.quote_open and current:
            current.append(i)
        else:
            if len(current) > 1:
                blocks.append(current)
            current = [i]
    if len(current) > 1:
        blocks.append(current)
    return blocks
