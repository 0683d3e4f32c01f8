"""``ActorResolver``: actor mentions in parsed articles, and the actors of a noun phrase.

The event coder asks ``actors_for(token, ps, doc)`` for each argument of an event; the
``actors`` stage calls ``annotate(doc)`` first, which matches every sentence once, resolves
every noun phrase in reading order (so pronouns and definite descriptions can refer back),
fills ``doc.mentions`` and caches the results on the spaCy ``Doc`` for ``actors_for``.

How a noun phrase is read (see ``compose`` for the coding rules):

* modifiers: the matches left of the head ("South Korean", "NATO", "army"), and the
  possessor resolved as a noun phrase of its own ("Nigeria's", "its", "the country's");
* after the head: an *of*/*for* object ("the government of Sudan", "a spokesman for the
  army") and locatives ("protesters in Nairobi"); appositions when nothing else names it;
* expansion (``actors_for`` only): conjuncts ("the United States and Britain") and lists
  ("several NATO members, including Britain, France and Germany");
* containers ("thousands of health workers") hand over to their *of*-object.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tocsin.actors.compose import MOD_ORDER, Phrase, Piece, compose, entry_actor, head_entry
from tocsin.actors.coref import PRONOUNS, Discourse, main_country, only_country
from tocsin.actors.loader import KnownCodes, load_packaged, load_yaml_file, region_key
from tocsin.actors.matcher import PhraseIndex, phrase_tokenizer, token_key
from tocsin.actors.model import BORDER_WORDS, WAR_WORDS, ActorData, Entry, Kind, Match
from tocsin.actors.petrarch import load_petrarch
from tocsin.config import Settings
from tocsin.nlp import DATELINE, ParsedSentence, parsed_sentences
from tocsin.records import Actor, Document, Mention

_STATE_KEY = "tocsin.actors"
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_MOD_DEPS = frozenset({"poss"})
_NOT_HEAD_DEPS = frozenset({"compound", "amod", "poss", "nmod", "det", "nummod", "case", "punct"})
_HEAD_POS = frozenset({"NOUN", "PROPN", "PRON"})
_LOCATIVE_PREPS = frozenset({"in", "from", "at", "across", "outside", "inside", "near", "around"})
_OWNER_PREPS = frozenset({"of"})
_GENERIC_OWNER_PREPS = frozenset({"of", "for"})
_COUNTABLE_PLACES = frozenset({Kind.COUNTRY, Kind.CAPITAL, Kind.PLACE, Kind.ADJ})
_TWO = frozenset({"two", "both", "2"})
_CLAUSE_PREPS = frozenset(
    {"in", "at", "across", "outside", "inside", "near", "around", "throughout", "during"}
)
_NESTED_PREPS = frozenset({"in", "of", "near", "at"})
#: dictionary kinds that tell which country an article is about, and those that are places
_NAMING_KINDS = (
    Kind.COUNTRY,
    Kind.CAPITAL,
    Kind.PLACE,
    Kind.ADJ,
    Kind.PEOPLE,
    Kind.PERSON,
    Kind.GROUP,
)
_WHERE_KINDS = frozenset({Kind.COUNTRY, Kind.CAPITAL, Kind.PLACE})
#: Names that tie an article to a country (not persons: a surname is often another
#: country's office-holder).
_COUNTRY_KINDS = _WHERE_KINDS | {Kind.ADJ, Kind.PEOPLE, Kind.GROUP, Kind.AGENT}
#: Words that name a country itself ("Kenya", "Kenyan", "Kenyans", "Nairobi", "Mombasa").
_PLACE_KINDS = _WHERE_KINDS | {Kind.ADJ, Kind.PEOPLE}
_MOD_DEPS_ALL = frozenset({"compound", "amod", "poss", "nmod"})
#: Object agents that share the country of the police or court acting on them.
_INHERITING = frozenset({"CVL", "OPP", "MED", "REB"})
_GROUP_KINDS = frozenset({"group", "nonstate", "igo"})
_DOMESTIC = frozenset({"LEG", "NGO", "JUD", "COP", "GOV", "OPP"})


@dataclass(slots=True)
class _DocState:
    """Per spaCy ``Doc`` (one paragraph): matches by token, resolved heads, sentences done."""

    matches: dict[int, Match] = field(default_factory=dict)
    heads: dict[int, list[Actor]] = field(default_factory=dict)
    matched: set[int] = field(default_factory=set)


@dataclass(slots=True)
class _Ctx:
    """What resolving one noun phrase needs: the sentence, the date, the discourse."""

    ps: ParsedSentence
    state: _DocState
    date: dt.date | None
    discourse: Discourse | None
    depth: int = 0


class ActorResolver:
    """Resolve actor mentions with the packaged dictionaries plus any extra files."""

    def __init__(self, data: ActorData) -> None:
        import spacy

        tokenizer = phrase_tokenizer(spacy.blank("en").tokenizer)
        self.index = PhraseIndex(tokenizer, data.owner_suffixes, data.titles)
        self.index.add_all(data.phrases)
        self.containers = data.containers
        self.list_markers = data.list_markers
        self.vague_groups = data.vague_groups
        self.place_acts = data.place_acts
        self.dateline_regions = data.dateline_regions
        self.home_markers = _marker_pattern(data.home_markers)
        self.igo_nouns = _igo_nouns(data)
        self.sources = list(data.sources)

    # ------------------------------------------------------------ construction
    @classmethod
    def from_settings(cls, settings: Settings) -> ActorResolver:
        """The resolver for ``settings`` (packaged data + ``extract.actor_files``), built once.

        Raises ``DataFileError`` (D001/D002) when a file is invalid.
        """
        return _cached_resolver(tuple(settings.extract.actor_files))

    @classmethod
    def packaged(cls) -> ActorResolver:
        """The resolver over the packaged dictionaries only, built once."""
        return _cached_resolver(())

    @classmethod
    def from_files(cls, paths: tuple[str, ...] = ()) -> ActorResolver:
        """A resolver over the packaged data plus ``paths`` (tocsin YAML or PETRARCH files)."""
        data, known = load_packaged()
        for path in paths:
            data.extend(load_extra_file(path, known))
        return cls(data)

    # ------------------------------------------------------------ text
    def resolve_text(self, text: str, *, date: dt.date | None = None) -> Actor | None:
        """The actor a phrase names ("Russian President Vladimir Putin", "the Kremlin").

        Without a parse: the last named or agent word is the head, the words before it
        modify it, and an *of*/*in*/*from* tail names the owner ("health workers in
        Nigeria"). Returns None when the phrase names nothing codable.
        """
        texts = self.index.tokenize(text)
        if not texts:
            return None
        cut = next(
            (i for i, t in enumerate(texts) if t.lower() in ("of", "in", "from") and i > 0),
            len(texts),
        )
        matches = [m for m in self.index.match(texts[:cut]) if not m.drop]
        tail = (
            [m for m in self.index.match(texts[cut + 1 :]) if not m.drop]
            if cut < len(texts)
            else []
        )
        if not matches:
            return None
        head, mods = matches[-1], matches[:-1]
        phrase = Phrase(
            text=text, start=0, head=head, head_text=" ".join(texts[head.start : head.end])
        )
        phrase.definite = texts[0].lower() in _DEFINITE
        phrase.mods = [self._piece(m, " ".join(texts[m.start : m.end]), 0, date) for m in mods]
        owners = [a for m in tail if (a := self._match_actor(m, texts, date))]
        phrase.of_actors = [a for a in owners if texts[cut].lower() == "of"]
        phrase.locatives = [a for a in owners if texts[cut].lower() != "of"]
        actors = compose(phrase, date)
        return actors[0] if actors else None

    def _dateline_country(self, text: str) -> list[Actor]:
        """The country of a wire dateline's city ("MOSCOW, March 12 (Northwire) - ")."""
        match = DATELINE.match(text)
        if match is None:
            return []
        city = match.group(0).split(",")[0].split("(")[0].strip(" -–—")
        return self._place_country(city) if city else []

    def _place_country(self, dateline: str) -> list[Actor]:
        """The country of a dateline's place ("BAGHDAD", "PUNTA GORDA, Fla.")."""
        code = self.dateline_country(dateline)
        return [Actor(code=code, kind="country", confidence=0.8)] if code else []

    def dateline_country(self, dateline: str) -> str | None:
        """The country of a dateline's place, else of its region: "BAGHDAD" → IRQ,
        "JABALYA REFUGEE CAMP, Gaza Strip" → PSE, "FORT PIERCE, Fla." → USA (regions that
        datelines abbreviate are ``dateline_regions`` in places.yaml)."""
        place, _, region = dateline.partition(",")
        place, region = place.strip(), region.strip()
        code = self.country_of_place(place.title()) or self.country_of_place(place)
        if code or not region:
            return code
        return self.dateline_regions.get(region_key(region)) or self.country_of_place(
            region.title() if region.isupper() else region
        )

    def country_of_place(self, text: str) -> str | None:
        """The country of a place name ("Nairobi" → KEN, "Gaza" → PSE), or None."""
        for entry in self.index.lookup(_strip_the(text.strip())):
            if entry.kind in (Kind.PLACE, Kind.COUNTRY, Kind.ADJ) and entry.code:
                return entry.code
        return None

    def _match_actor(self, match: Match, texts: list[str], date: dt.date | None) -> Actor | None:
        text = " ".join(texts[match.start : match.end])
        entry = match.first(*MOD_ORDER)
        return entry_actor(entry, text, date) if entry else None

    def _piece(self, match: Match, text: str, start: int, date: dt.date | None) -> Piece:
        entry = match.first(*MOD_ORDER)
        assert entry is not None
        owner = (
            entry_actor(entry, text, date) if entry.kind not in (Kind.AGENT, Kind.REGION) else None
        )
        if entry.kind is Kind.AGENT and entry.code:  # "IDF soldiers": the institution's country
            owner = Actor(code=entry.code, entity_text=text, kind="country")
        if entry.kind is Kind.PERSON:
            chosen = head_entry(match, Phrase(text, start, match, text), date)
            owner = entry_actor(chosen, text, date) if chosen else None
        return Piece(entry=entry, text=text, start=start, owner=owner)

    # ------------------------------------------------------------ parsed articles
    def annotate(self, doc: Document) -> None:
        """Fill ``doc.mentions`` for every actor mention, with within-article coreference.

        Also caches per-token results on the spaCy docs for ``actors_for``.
        """
        home = self._place_country(doc.dateline) if doc.dateline else []
        home = home or self._dateline_country(doc.article.text)
        named = self._named_codes(doc)
        only = only_country(code for kind, code in named if kind in _COUNTRY_KINDS)
        discourse = Discourse(
            home=home,
            main=main_country(code for kind, code in named if kind is not None)
            or main_country(code for _, code in named)
            # a country named once, and no other (not a surname: "Mr Fox" is not Mexico's)
            or only
            or ([] if named or home or self._names_a_country(doc) else self._marked_home(doc)),
            main_place=main_country(code for kind, code in named if kind in _WHERE_KINDS)
            or only_country(code for kind, code in named if kind in _WHERE_KINDS),
            only=only,
        )
        self._choose_parties(doc, discourse)
        mentions: list[Mention] = []
        for ps in parsed_sentences(doc):
            ctx = _Ctx(ps, self._state(ps), doc.article.published, discourse)
            mentions.extend(self._annotate_sentence(ctx))
        doc.mentions = mentions

    def _names_a_country(self, doc: Document) -> bool:
        """Whether any word of the article is a country's name, adjective, people, capital or
        place, even one a name span swallowed ("Kenyan MPs" tagged as a person)."""
        for ps in parsed_sentences(doc):
            for match in self._state(ps).matches.values():
                if any(e.kind in _PLACE_KINDS and e.code for e in match.entries):
                    return True
            if any(t.text[:1].isupper() and self.country_of_place(t.text) for t in ps.span):
                return True  # a word the phrase matcher skipped inside a name span
        return False

    def _marked_home(self, doc: Document) -> list[Actor]:
        """For an article that names no country: the country whose domestic-news words it
        uses ("a committee of MPs and peers", "a chief constable"; ``home_markers``), when
        they point to one country only."""
        if self.home_markers is None:
            return []
        pattern, codes_of = self.home_markers
        codes = {codes_of[m.group(0)] for m in pattern.finditer(doc.article.text)}
        return [Actor(code=codes.pop(), kind="country", confidence=0.6)] if len(codes) == 1 else []

    def _choose_parties(self, doc: Document, discourse: Discourse) -> None:
        """Put the article's own party first in every match of a name several countries'
        parties share ("Labour")."""
        for ps in parsed_sentences(doc):
            matches = self._state(ps).matches
            for i in range(ps.span.start, ps.span.end):
                match = matches.get(i)
                if match is None or match.start != i:
                    continue
                groups = [e for e in match.entries if e.kind is Kind.GROUP]
                if len(groups) > 1:
                    chosen = _home_party(match, groups, discourse)
                    for j in range(match.start, match.end):
                        matches[j] = chosen

    def _named_codes(self, doc: Document) -> list[tuple[Kind | None, str]]:
        """The kind and code of every country, place, person and party the article's
        dictionary matches name (before resolving any phrase): what the article is about,
        for agents named before any country ("MPs criticised Tony Blair"). A name several
        countries' parties share ("Labour") has kind None and its first-listed party's code."""
        date = doc.article.published
        out: list[tuple[Kind | None, str]] = []
        for ps in parsed_sentences(doc):
            matches = self._state(ps).matches
            for i in range(ps.span.start, ps.span.end):
                match = matches.get(i)
                if match is None or match.start != i or match.drop:
                    continue
                groups = [e for e in match.entries if e.kind is Kind.GROUP]
                # "Labour", several countries' parties: the first listed, counted as a
                # plain country only when nothing else names the article's country
                entry = groups[-1] if len(groups) > 1 else match.first(*_NAMING_KINDS)
                role = entry.role_at(date) if entry is not None else None
                if entry is None or role is None or not role.code:
                    continue
                kind: Kind | None = entry.kind if len(groups) < 2 else None
                if kind in _WHERE_KINDS and ps.span.doc[match.end - 1].dep_ in _MOD_DEPS_ALL:
                    kind = Kind.ADJ  # "a US hostage": who, not where
                out.append((kind, role.code))
        return out

    def actors_for(
        self, token: Any, ps: ParsedSentence, doc: Document, *, partial: bool = False
    ) -> list[Actor]:
        """The actors denoted by the noun phrase headed by ``token`` in sentence ``ps``.

        Expands conjuncts after ``token`` and "including"/"such as" lists; several persons
        with the same code and sector give one actor. With ``partial=True`` an agent with
        no country ("gunmen", "a federal judge") comes back with ``code=None`` and its
        sector, so the caller can supply the country from context.
        """
        ctx = _Ctx(ps, self._state(ps), doc.article.published, None)
        return _dedupe(self._expanded(token, ctx, partial=partial))

    # ------------------------------------------------------------ sentence state
    def _state(self, ps: ParsedSentence) -> _DocState:
        spacy_doc = ps.span.doc
        state: _DocState | None = spacy_doc.user_data.get(_STATE_KEY)
        if state is None:
            state = spacy_doc.user_data[_STATE_KEY] = _DocState()
        if ps.span.start not in state.matched:
            state.matched.add(ps.span.start)
            texts = [t.text for t in ps.span]
            for match in self.index.match(texts, offset=ps.span.start):
                if (
                    _other_persons_surname(match, spacy_doc, ps.span.start)
                    or _within_a_name(match, spacy_doc)
                    or _surname_in_a_place(match, spacy_doc)
                    or _double_barrelled(match, spacy_doc, state.matches)
                ):
                    continue
                for i in range(match.start, match.end):
                    state.matches[i] = match
        return state

    def _annotate_sentence(self, ctx: _Ctx) -> Iterator[Mention]:
        covered: set[int] = set()
        for token in ctx.ps.span:
            if not self._is_head(token, ctx):
                continue
            actors = self._np(token, ctx)
            if actors:
                self._push_compound(token, ctx)
                start, end = _np_bounds(token, ctx)
                covered.update(range(start, end))
                yield from self._mentions(token, actors, start, end, ctx)
        yield from self._leftovers(covered, ctx)

    def _is_head(self, token: Any, ctx: _Ctx) -> bool:
        if token.pos_ not in _HEAD_POS or token.dep_ in _NOT_HEAD_DEPS:
            return False
        match = ctx.state.matches.get(token.i)
        inside = (
            match is not None
            and match.start <= token.head.i < match.end
            and token.head.i != token.i
        )
        return not inside

    def _push_compound(self, token: Any, ctx: _Ctx) -> None:
        later = [c for c in token.conjuncts if c.i > token.i]
        if ctx.discourse is None or not later or any(c.i < token.i for c in token.conjuncts):
            return
        actors = self._expanded(token, ctx, partial=False)
        ctx.discourse.push(actors, plural=True)

    def _mentions(
        self, token: Any, actors: list[Actor], start: int, end: int, ctx: _Ctx
    ) -> Iterator[Mention]:
        sent = ctx.ps.sentence
        span = ctx.ps.span.doc[start:end]
        base = ctx.ps.offset + span.start_char
        stop = ctx.ps.offset + span.end_char
        label = token.ent_type_ or "ACTOR"
        for actor in actors:
            text = actor.entity_text or span.text
            first = stop - len(text) if span.text.endswith(text) and text != span.text else base
            yield Mention(
                article_id=sent.article_id,
                sentence_index=sent.index,
                start=first,
                end=stop,
                text=sent.text[first - sent.start : stop - sent.start],
                label=label,
                actor=actor,
            )

    def _leftovers(self, covered: set[int], ctx: _Ctx) -> Iterator[Mention]:
        """Named matches no noun phrase accounted for (odd parses): report them alone."""
        seen: set[int] = set()
        for i in range(ctx.ps.span.start, ctx.ps.span.end):
            match = ctx.state.matches.get(i)
            if match is None or match.drop or id(match) in seen or i in covered:
                continue
            seen.add(id(match))
            entry = head_entry(match, Phrase("", 0, match, ""), ctx.date)
            if entry is None or entry.kind in (Kind.AGENT, Kind.REGION):
                continue
            span = ctx.ps.span.doc[match.start : match.end]
            actor = entry_actor(entry, span.text, ctx.date)
            if actor is None or _names_a_war(span.root):
                continue
            token = span.root
            yield from self._mentions(token, [actor], match.start, match.end, ctx)

    # ------------------------------------------------------------ noun phrases
    def _expanded(self, token: Any, ctx: _Ctx, *, partial: bool) -> list[Actor]:
        out = list(self._np(token, ctx, partial=partial))
        listed = self._listed(token, ctx)
        if listed and (not any(a.code for a in out) or any(a.kind in _PARTIES for a in listed)):
            # "countries including Russia and China", "NATO members, including Britain": the
            # parties listed; "three UN workers, including a British woman": the named group
            # stands, the person listed is one of them
            return listed
        for conj in token.conjuncts:
            if conj.i > token.i and conj.pos_ in _HEAD_POS:
                out.extend(self._np(conj, ctx, partial=partial))
        for other in headline_list(token):
            named = self._np(other, ctx, partial=partial)
            known = {o.code for o in out}
            if named and all(a.kind in _LISTABLE and a.code not in known for a in named):
                # in the order named: "Congo, Rwanda sign ..." has Congo first
                if other.i < token.i:
                    out[:0] = named
                else:
                    out.extend(named)
        return out

    def _listed(self, token: Any, ctx: _Ctx) -> list[Actor]:
        """Members named after "including", "such as", "particularly"."""
        out: list[Actor] = []
        for child in token.rights:
            if child.dep_ != "prep" and child.lower_ not in self.list_markers:
                continue
            marker = child.lower_ in self.list_markers or (
                child.lower_ == "as" and any(c.lower_ == "such" for c in child.children)
            )
            if not marker:
                continue
            for obj in child.children:
                if obj.dep_ in ("pobj", "dobj", "pcomp"):
                    out.extend(self._expanded(obj, ctx, partial=False))
        return out

    def _np(self, token: Any, ctx: _Ctx, *, partial: bool = False) -> list[Actor]:
        """Actors of the phrase headed by ``token`` (cached; conjuncts not included)."""
        cached = ctx.state.heads.get(token.i)
        if cached is not None and not partial:
            return cached
        if ctx.depth > 6:  # defensive: malformed parses can loop through appos/of chains
            return []
        ctx.depth += 1
        try:
            actors = self._resolve(token, ctx, partial=partial)
        finally:
            ctx.depth -= 1
        if not partial:
            ctx.state.heads[token.i] = actors
            self._remember(token, actors, ctx)
        return actors

    def _remember(self, token: Any, actors: list[Actor], ctx: _Ctx) -> None:
        if ctx.discourse is not None and not actors and token.lower_ in self.vague_groups:
            ctx.discourse.push_vague()  # "warned Western nations ... if they continue"
            return
        if ctx.discourse is None or not actors or token.lower_ in PRONOUNS:
            return
        person = (
            any(a.kind == "person" for a in actors)
            or (token.ent_type_ == "PERSON" and len(actors) == 1)
            or self._person_agent(token, ctx)
        )
        ctx.discourse.push(actors, person=person, plural=token.tag_ in ("NNS", "NNPS"))

    def _person_agent(self, token: Any, ctx: _Ctx) -> bool:
        match = ctx.state.matches.get(token.i)
        entry = match.first(Kind.AGENT) if match else None
        return bool(entry and entry.person and token.tag_ == "NN")

    def _resolve(self, token: Any, ctx: _Ctx, *, partial: bool) -> list[Actor]:
        if token.lower_ in PRONOUNS:
            return self._pronoun(token, ctx)
        match = _namesake(ctx.state.matches.get(token.i), ctx.discourse)
        if match is not None and match.drop:
            match = None
        container = self._container_object(token, match)
        if container is not None:
            return self._expanded(container, ctx, partial=partial)
        if match is None and not self._may_name(token, ctx):
            return []  # most noun phrases: nothing in them can name an actor
        phrase = self._phrase(token, match, ctx)
        referred = self._refer_back(token, phrase, ctx)
        if referred is not None:
            return referred
        actors = compose(phrase, ctx.date, partial=partial)
        if not actors:
            for child in token.rights:
                if child.dep_ == "appos":
                    return self._expanded(child, ctx, partial=partial)
        return actors

    def _may_name(self, token: Any, ctx: _Ctx) -> bool:
        """Cheap test: can a phrase whose head matched nothing still name an actor? Not
        one headed by a border ("the Cameroon border": a line between countries), nor a
        war named by its place ("the Iraq war")."""
        if token.lemma_.lower() in BORDER_WORDS:
            return False
        if _place_war(token):
            return False
        matches = ctx.state.matches
        if any(i in matches for i in range(max(token.left_edge.i, ctx.ps.span.start), token.i)):
            return True
        if token.ent_type_ == "PERSON" or any(c.dep_ == "poss" for c in token.lefts):
            return True
        return any(
            c.dep_ == "appos" or (c.dep_ == "prep" and c.lower_ == "of") for c in token.rights
        )

    def _pronoun(self, token: Any, ctx: _Ctx) -> list[Actor]:
        shared = _shared_object(token)
        if shared is not None:
            # "mistook three Egyptian police officers for militants and shot them": the
            # first verb's object, not the nearest plural
            found = self._resolve(shared, ctx, partial=False)
            if found:
                return [_as_coref(a, token.text) for a in found]
        if ctx.discourse is None:
            return []
        main = self._main_subject(token, ctx)
        if main:
            return [_as_coref(a, token.text) for a in main]
        return [_as_coref(a, token.text) for a in ctx.discourse.pronoun(token.lower_)]

    def _main_subject(self, token: Any, ctx: _Ctx) -> list[Actor]:
        """ "China fired missiles near Taiwan as it began drills", "Somalia expelled
        Ethiopia's envoy and said it was closing consulates": "it" as the subject of an
        adverbial or reported clause is the subject of the clause it hangs on (for a verb
        joined to another, that one's), not the nearest name (a country, an organisation or
        a group, singular as "it" is)."""
        clause = token.head
        if token.lower_ != "it" or token.dep_ != "nsubj" or clause.dep_ not in ("advcl", "ccomp"):
            return []
        governor = clause.head
        main = next((c for c in governor.children if c.dep_ == "nsubj"), None)
        if main is None and governor.dep_ == "conj":
            main = next((c for c in governor.head.children if c.dep_ == "nsubj"), None)
        if main is None or main.lower_ in PRONOUNS or main.tag_ in ("NNS", "NNPS"):
            return []
        found = self._np(main, ctx)
        if len(found) == 1 and found[0].kind in ("country", "capital", "igo", "group", "nonstate"):
            return found
        return []

    def _container_object(self, token: Any, match: Match | None) -> Any | None:
        if token.lower_ not in self.containers:
            return None
        if match is not None and any(e.kind is not Kind.AGENT for e in match.entries):
            return None  # "Group of Seven", "African Union": a name, not a container
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return obj
        return None

    # ------------------------------------------------------------ building a phrase
    def _phrase(self, token: Any, match: Match | None, ctx: _Ctx) -> Phrase:
        if match is not None and _group_as_surname(token, match):
            match = None  # "Foreign Minister Therese Kayikwamba Wagner" is no Wagner Group
        start, end = _np_bounds(token, ctx)
        span = ctx.ps.span.doc[start:end]
        phrase = Phrase(
            text=span.text,
            start=ctx.ps.offset + span.start_char,
            head=match,
            head_text=token.text,
            definite=any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in token.lefts),
            person_name=token.ent_type_ == "PERSON",
        )
        phrase.mods = list(self._pieces(token, match, ctx))
        entry = head_entry(match, phrase, ctx.date) if match else None
        if entry is None or entry.kind is Kind.AGENT:
            self._right_owners(token, entry, phrase, ctx)
        unowned = not entry or not entry.code
        if unowned and not any(p.owner is not None for p in phrase.mods):
            self._context(token, entry, phrase, ctx)
        return phrase

    def _context(self, token: Any, entry: Entry | None, phrase: Phrase, ctx: _Ctx) -> None:
        """Owners from outside the phrase, for an agent (or titled person) that names none."""
        if entry is None:
            if phrase.person_name and ctx.discourse is not None:
                phrase.anaphoric = ctx.discourse.country()  # "former army chief Juan X"
                if ctx.discourse.home and any(p.entry.sector == "GOV" for p in phrase.mods):
                    # "defence ministry spokesman Zhang Wenbo" in a BEIJING-datelined story
                    # speaks for China, not for the country his quotation names last
                    phrase.anaphoric = ctx.discourse.home
            return
        if phrase.of_actors or phrase.locatives or _outsiders(token, phrase.head):
            return
        if entry.sector != "MIL":
            phrase.context = self._clause_places(token, ctx)
        if (
            entry.sector == "GOV"
            and not entry.person
            and ctx.discourse is not None
            and ctx.discourse.home
        ):
            phrase.anaphoric = ctx.discourse.home  # "the foreign ministry said": the dateline's
        if not phrase.context and entry.sector in _INHERITING:
            phrase.context = self._arrester(token, ctx)
        if not phrase.context and entry.acts_where and ctx.discourse is not None:
            # unnamed insurgents and gunmen take the country where they act: the clause's
            # place, the sentence's, the last place named (never the "US troops" fighting them)
            found = self._sentence_places(ctx) or ctx.discourse.place()
            found = found or ctx.discourse.home or ctx.discourse.main_place
            found = found or ctx.discourse.only  # "Militants ... Afghan officials said"
            phrase.context = [_weak(a, 0.7) for a in found]
        if (
            not phrase.context
            and not phrase.anaphoric
            and (entry.sector in _DOMESTIC or entry.domestic)
            and entry.alone
            and ctx.discourse is not None
        ):
            phrase.anaphoric = ctx.discourse.country()
            phrase.anaphoric = phrase.anaphoric or ctx.discourse.main

    def _clause_places(self, token: Any, ctx: _Ctx) -> list[Actor]:
        """Where the clause happens: "protesters attacked ... in Kinshasa" → COD (weak)."""
        anchors = [c for c in token.rights if c.dep_ == "relcl"]
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX"):
            anchors.append(token.head)
            anchors.extend(c for c in token.head.children if c.dep_ in ("dobj", "attr"))
        found = self._first_locative((c for a in anchors for c in a.children), ctx)
        return [_weak(a, 0.7) for a in found]

    def _sentence_places(self, ctx: _Ctx) -> list[Actor]:
        """Where the sentence happens: its first locative naming a place ("near Tikrit")."""
        return self._first_locative(ctx.ps.span, ctx)

    def _first_locative(self, tokens: Iterable[Any], ctx: _Ctx) -> list[Actor]:
        """The places the first of ``tokens`` that is a locative preposition ("in", "near",
        ...) with a place object names."""
        for tok in tokens:
            if tok.dep_ == "prep" and tok.lower_ in _CLAUSE_PREPS:
                found = [
                    p for obj in tok.children if obj.dep_ == "pobj" for p in self._places(obj, ctx)
                ]
                if found:
                    return found
        return []

    def _arrester(self, token: Any, ctx: _Ctx) -> list[Actor]:
        """Police and courts act at home: "Mozambican police killed protesters" → MOZ CVL."""
        while (
            token.dep_ == "pobj"
            and token.head.lower_ == "of"
            and token.head.head.lower_ in self.containers
        ):
            token = token.head.head  # "dozens of protesters": the container is the object
        verb = token.head.head if token.dep_ == "pobj" else token.head
        if token.dep_ not in ("dobj", "pobj") or verb.pos_ != "VERB":
            return []
        while verb.dep_ in ("xcomp", "advcl") and not any(c.dep_ == "nsubj" for c in verb.children):
            verb = verb.head
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if len(subjects) != 1:
            return []
        actors = self._np(subjects[0], ctx)
        if len(actors) == 1 and actors[0].sector in ("COP", "JUD") and actors[0].code:
            return [Actor(code=actors[0].code, kind="country", confidence=0.6)]
        return []

    def _pieces(self, token: Any, match: Match | None, ctx: _Ctx) -> Iterator[Piece]:
        lo = max(token.left_edge.i, ctx.ps.span.start)
        skip: set[int] = set(range(match.start, match.end)) if match else {token.i}
        for child in token.lefts:
            if child.dep_ in _MOD_DEPS:
                skip.update(range(child.left_edge.i, child.right_edge.i + 1))
                yield from self._poss_pieces(child, ctx)
        seen: set[int] = set()
        for i in range(lo, token.i):
            m = ctx.state.matches.get(i)
            if i in skip or m is None or m.drop or id(m) in seen:
                continue
            seen.add(id(m))
            if m.start > 0 and ctx.ps.span.doc[m.start - 1].lower_ in _ETHNIC_WORDS:
                continue  # "ethnic Armenian separatists" in Karabakh are no Armenian force
            span = ctx.ps.span.doc[m.start : m.end]
            yield self._piece(m, span.text, ctx.ps.offset + span.start_char, ctx.date)

    def _poss_pieces(self, child: Any, ctx: _Ctx) -> Iterator[Piece]:
        """The possessor as a noun phrase: "Nigeria's", "its", "the country's", "Erdogan's"."""
        start = ctx.ps.offset + ctx.ps.span.doc[child.left_edge.i].idx
        for actor in self._expanded(child, ctx, partial=False):
            kind = (
                Kind.COUNTRY
                if actor.kind in ("country", "agent", "capital", "place")
                else Kind.GROUP
            )
            entry = Entry(kind, actor.name or actor.code or "", actor.code, actor.sector)
            if actor.kind != "agent":
                yield Piece(entry=entry, text=child.text, start=start, owner=actor)
                continue
            # "the army's spokesman": the country owns it, the army gives the sector
            country = Actor(code=actor.code, entity_text=actor.entity_text, kind="country")
            yield Piece(entry=entry, text=child.text, start=start, owner=country)
            sector = Entry(Kind.AGENT, child.text, sector=actor.sector)
            yield Piece(entry=sector, text=child.text, start=start)

    def _right_owners(self, token: Any, entry: Entry | None, phrase: Phrase, ctx: _Ctx) -> None:
        """The *of*-object and the locatives of an agent (or unknown) head."""
        generic = entry is not None and entry.generic
        owner_preps = _GENERIC_OWNER_PREPS if generic else _OWNER_PREPS
        for child in token.rights:
            if child.dep_ != "prep":
                continue
            objects = [c for c in child.children if c.dep_ == "pobj"]
            for obj in objects:
                if entry is None:  # "the centre of Sumy": a place, weakly
                    if child.lower_ == "of":
                        phrase.of_actors.extend(self._places(obj, ctx))
                elif child.lower_ in owner_preps:
                    phrase.of_actors.extend(
                        a
                        for a in self._expanded(obj, ctx, partial=False)
                        if a.code and not (entry.acts_where and a.kind not in _GROUP_KINDS)
                    )  # "the kidnappers of a French journalist" are not France's
                elif child.lower_ == "from" or (
                    child.lower_ in _LOCATIVE_PREPS and entry.sector != "MIL"
                ):
                    # "troops in Ukraine" are rarely Ukraine's: military agents take "from" only
                    phrase.locatives.extend(self._places(obj, ctx))

    def _places(self, token: Any, ctx: _Ctx, depth: int = 0) -> list[Actor]:
        """Countries a locative object names: "in Nigeria", "in Nairobi", "at a school in
        Kuriga in Nigeria's Kaduna state", "from seven countries, including Argentina"."""
        out: list[Actor] = []
        for tok in [token, *[c for c in token.conjuncts if c.i > token.i]]:
            if tok.lemma_.lower() in BORDER_WORDS:
                continue  # "near the Cameroon border": on either side of it
            match = ctx.state.matches.get(tok.i)
            entry = (
                match.first(Kind.PLACE, Kind.COUNTRY, Kind.ADJ)
                if match and not match.drop
                else None
            )
            if entry is not None and entry.code:
                out.append(
                    Actor(code=entry.code, entity_text=tok.text, kind="place", confidence=0.9)
                )
                continue
            found = (
                self._poss_only(tok, ctx)
                or [
                    Actor(code=a.code, entity_text=a.entity_text, kind="place", confidence=0.9)
                    for a in self._listed(tok, ctx)
                    if a.code
                ]
                or self._place_modifier(tok, ctx)
            )
            if not found and depth < 2:
                found = [
                    p
                    for child in tok.rights
                    if child.dep_ == "prep" and child.lower_ in _NESTED_PREPS
                    for obj in child.children
                    if obj.dep_ == "pobj"
                    for p in self._places(obj, ctx, depth + 1)
                ]
            out.extend(found)
        return out

    def _place_modifier(self, token: Any, ctx: _Ctx) -> list[Actor]:
        """ "during a Gaza raid", "in the Baghdad bombing": an act named with its place."""
        if token.lemma_.lower() not in self.place_acts:
            return []
        for child in token.lefts:
            match = ctx.state.matches.get(child.i)
            entry = match.first(Kind.PLACE, Kind.CAPITAL) if match and not match.drop else None
            if child.dep_ == "compound" and entry is not None and entry.code:
                return [
                    Actor(code=entry.code, entity_text=child.text, kind="place", confidence=0.8)
                ]
        return []

    def _poss_only(self, token: Any, ctx: _Ctx) -> list[Actor]:
        for child in token.lefts:
            if child.dep_ == "poss":
                return [
                    a
                    for a in self._expanded(child, ctx, partial=False)
                    if a.kind in ("country", "place")
                ]
        return []

    # ------------------------------------------------------------ referring back
    def _refer_back(self, token: Any, phrase: Phrase, ctx: _Ctx) -> list[Actor] | None:
        """Definite descriptions: "the group", "the alliance", "the two countries", "the army"."""
        entry = self._anaphoric_entry(phrase)
        if ctx.discourse is None or entry is None:
            return None
        if self._two_of(token):
            pair = ctx.discourse.compound()
            if pair:
                return [_as_coref(a, phrase.text, entry.sector) for a in pair]
        bare = not any(c.dep_ in ("det", "poss") for c in token.lefts) and entry.definite
        if not (phrase.definite or bare) or phrase.of_actors or phrase.locatives:
            return None
        if _outsiders(token, phrase.head):
            return []
        found = self._antecedent(token, phrase.text, entry, ctx.discourse, ctx.date)
        # (acts_where agents take the place in focus instead: ``_context``)
        if not found and entry.definite and entry.sector is not None and not entry.acts_where:
            # (keeping the article's main country ``_context`` gave when none is in focus)
            phrase.anaphoric = ctx.discourse.country() or phrase.anaphoric
        return found

    def _anaphoric_entry(self, phrase: Phrase) -> Entry | None:
        """The agent entry of a head that may refer back (no owner, no name of its own)."""
        if phrase.head is None or phrase.head.first(
            Kind.IGO, Kind.GROUP, Kind.PERSON, Kind.COUNTRY
        ):
            return None
        if any(p.owner is not None or p.entry.kind is Kind.REGION for p in phrase.mods):
            return None
        return phrase.head.first(Kind.AGENT)

    def _titled(self, actor: Actor, title: str, date: dt.date | None) -> bool:
        """``actor`` was named with ``title`` ("President Macron") or holds, on ``date``, a
        listed role with that title (Macron: "President"; not his earlier "Economy
        Minister", so "the minister" after "Starmer met Macron" is Starmer). A title of
        several words is matched whole ("the home secretary" is not a shadow foreign
        secretary), and a shadow minister's title is no minister's."""
        if title in (actor.entity_text or "").lower():
            return True
        if not actor.name:
            return False
        return any(
            _holds_title(part, title)
            for entry in self.index.lookup(actor.name)
            if entry.kind is Kind.PERSON
            for role in entry.roles
            if date is None or not role.dated or role.covers(date)
            for part in (role.title or "").lower().split(",")
        )

    def _two_of(self, token: Any) -> bool:
        if token.tag_ not in ("NNS", "NNPS"):
            return False
        words = {c.lower_ for c in token.lefts if c.dep_ in ("det", "nummod", "predet", "amod")}
        return bool(words & _TWO) or "these" in words or "those" in words

    def _antecedent(
        self, token: Any, text: str, entry: Entry, discourse: Discourse, date: dt.date | None
    ) -> list[Actor] | None:
        codes = self.igo_nouns.get(token.lemma_.lower()) or self.igo_nouns.get(token.lower_)
        if codes:
            found = discourse.matching(lambda a: a.kind == "igo" and a.code in codes)
            if found:
                return [_as_coref(a, text) for a in found]
        tests = {
            "person": lambda a: a.kind == "person",
            # a named group; "the group" also for insurgents coded by where they act, as
            # when militants in Iraq are, a sentence later, the group that threatened
            "group": lambda a: (
                (a.kind in ("group", "nonstate") and a.sector in ("REB", None))
                or (a.sector == "REB" and token.text == "group")
            ),
            "org": lambda a: a.sector in ("BUS", "NGO"),
            "jud": lambda a: a.sector == "JUD" or a.code == "ICC",
        }
        if entry.anaphor == "country":
            found = discourse.country()
            return [_as_coref(a, text, entry.sector) for a in found] or None
        test = tests.get(entry.anaphor or "")
        if test is None:
            return None
        if entry.anaphor == "person":
            # "the chancellor": the last person named with that title (else, below, the
            # chancellor of the country in focus)
            title = _title_words(token)
            found = discourse.person(titled=lambda a: self._titled(a, title, date))
        else:
            found = discourse.matching(test)
        return [_as_coref(a, text) for a in found] or None


# ---------------------------------------------------------------- helpers
#: Modifiers saying an agent is not of the country in focus ("foreign diplomats").
_OUTSIDE_WORDS = frozenset({"foreign", "overseas", "international", "outside", "visiting"})
#: Words saying a nationality adjective names a people, not a state ("ethnic Albanian
#: protesters" in Kosovo, "ethnic Armenian separatists" in Karabakh).
_ETHNIC_WORDS = frozenset({"ethnic", "ethnically"})
#: Words before a title that any holder of it answers to ("the party leader").
_GENERIC_TITLE_WORDS = frozenset({"party", "opposition", "current", "new", "country's"})
#: Kinds of actor a headline lists with a bare comma ("India, Pakistan agree", "China,
#: ASEAN agree").
_LISTABLE = frozenset({"country", "person", "igo"})


def _title_words(token: Any) -> str:
    """The title a definite person noun names: "the home secretary" → "home secretary",
    "the Russian foreign minister" → "foreign minister" (a nationality is no part of it)."""
    start = token.i
    for left in reversed(list(token.lefts)):
        if left.i != start - 1 or left.dep_ not in ("compound", "amod"):
            break
        if left.ent_type_ in ("NORP", "GPE") or not left.is_alpha:
            break
        start = left.i
    return " ".join(t.lower_ for t in token.doc[start : token.i + 1])


def _holds_title(held: str, title: str) -> bool:
    """A role's title ``held`` names ``title``: its last word ("minister" in "prime minister";
    "chancellor" in "chancellor of the exchequer") with each word before it, a generic one
    aside ("the party leader" is the Conservative leader; "the home secretary" is no
    foreign secretary); a shadow title only answers a shadow title."""
    held = held.strip()
    if held.startswith("shadow") != title.startswith("shadow"):
        return False
    *mods, head = title.split()
    words = held.split()
    return head in words and all(m in words or m in _GENERIC_TITLE_WORDS for m in mods)


def headline_list(token: Any) -> list[Any]:
    """ "India, Pakistan agree to resume talks", "Putin, Bush agree on cuts": a headline's
    comma for "and", which the parser reads as an apposition or as two subjects. Only
    proper names on both sides of a lone comma, before a verb that is not singular."""
    verb = token.head
    if token.dep_ not in ("nsubj", "nsubjpass", "npadvmod", "dep") or token.pos_ != "PROPN":
        return []
    # (the tagger reads a Title Case "Agree" as "agrees" at times: the form decides)
    bare = verb.tag_ in ("VB", "VBZ") and not verb.lower_.endswith("s")
    if (
        verb.tag_ not in ("VBP", "VBD", "MD")
        and not bare
        and not any(c.dep_ == "aux" and c.tag_ in ("VBP", "MD") for c in verb.children)
    ):
        return []
    doc = token.doc
    out: list[Any] = []
    for other in (*token.rights, *verb.children):
        if other.i == token.i or other.pos_ != "PROPN" or abs(other.i - token.i) != 2:
            continue
        if doc[min(other.i, token.i) + 1].text != ",":
            continue
        sibling = other.head.i == verb.i and other.dep_ in ("nsubj", "npadvmod", "dep")
        if (other.dep_ == "appos" and other.head.i == token.i) or sibling:
            out.append(other)
    return out


def _outsiders(token: Any, match: Match | None) -> bool:
    """ "A group of foreign diplomats left Pyongyang": agents marked as outsiders belong to
    no country in focus (a name's own word, as in "foreign ministry", does not count)."""
    return any(
        c.dep_ == "amod"
        and c.lower_ in _OUTSIDE_WORDS
        and not (match is not None and match.start <= c.i < match.end)
        for c in token.lefts
    )


def _namesake(match: Match | None, discourse: Discourse | None) -> Match | None:
    """ "Mr Howard" after "Michael Howard": a name several listed persons share (Michael
    Howard and John Howard led parties in 2004) means the one the article has already named
    in full; the article's date decides only when it has named none or several of them."""
    if match is None or discourse is None:
        return match
    persons = [e for e in match.entries if e.kind is Kind.PERSON]
    if len(persons) < 2:
        return match
    named = discourse.named()
    chosen = [e for e in persons if e.name in named]
    if len(chosen) != 1:
        return match
    rest = tuple(e for e in match.entries if e.kind is not Kind.PERSON)
    return Match(match.start, match.end, (chosen[0], *rest), match.drop)


def _home_party(match: Match, groups: list[Entry], discourse: Discourse) -> Match:
    """ "Labour" in an article about Israel is Israel's Labour party: a name several
    countries' groups share means the one of the article's main country, else the first
    listed."""
    main = {a.code for a in discourse.main}
    chosen = [e for e in groups if (e.code or (e.roles[0].code if e.roles else None)) in main]
    # entries listed later come first in a match (an analyst's file overrides the packaged
    # ones), so the first listed is the last
    pick = chosen[0] if len(chosen) == 1 else groups[-1]
    rest = tuple(e for e in match.entries if e is not pick)
    return Match(match.start, match.end, (pick, *rest), match.drop)


def _place_war(head: Any) -> bool:
    """ "the Iraq war": a war named by its place, which names no party to it; "the US war in
    Iraq" and "Russia's war on Ukraine" name the party waging it."""
    return head.lemma_.lower() in WAR_WORDS and not any(
        c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("in", "on", "against"))
        for c in head.children
    )


def _names_a_war(token: Any) -> bool:
    """ "Iraq" in "the Iraq war": the place a war is named by."""
    return token.dep_ in ("compound", "amod", "nmod") and _place_war(token.head)


def _other_persons_surname(match: Match, doc: Any, first: int) -> bool:
    """ "Raúl Castro" is not Xiomara Castro: a surname match preceded by another given name
    inside the same PERSON entity names someone else; so is one followed by another name
    ("Richard Thomas" is not Alain Richard)."""
    if match.end - match.start != 1:
        return False
    entries = match.entries
    if not entries or any(e.kind is not Kind.PERSON or " " not in e.name for e in entries):
        return False
    if _given_name_of_another(doc, match.start):
        return True
    if match.start <= first:
        return False
    surname, given = doc[match.start], doc[match.start - 1]
    if surname.ent_type_ != "PERSON" or surname.ent_iob_ != "I" or not given.text[:1].isupper():
        return False
    key = token_key(given.text)
    return not any(key in {token_key(w) for w in e.name.split()} for e in entries)


def _double_barrelled(match: Match, doc: Any, matched: dict[int, Match]) -> bool:
    """ "Lewis-Francis" is not Pope Francis: a one-word name joined by a hyphen to a
    capitalised word before it that names no one ("Blair-Brown feud" still names Brown)."""
    i = match.start
    if match.end - i != 1 or i < 2 or any(e.kind is not Kind.PERSON for e in match.entries):
        return False
    hyphen, before = doc[i - 1], doc[i - 2]
    return (
        hyphen.text == "-"
        and not hyphen.whitespace_
        and not before.whitespace_
        and before.is_alpha
        and before.text[:1].isupper()
        and before.i not in matched
    )


def _surname_in_a_place(match: Match, doc: Any) -> bool:
    """ "Nova Scotia" is not Carlos Vila Nova: a surname alone inside a longer place name."""
    if match.end - match.start != 1 or any(e.kind is not Kind.PERSON for e in match.entries):
        return False
    if doc[match.start].ent_type_ not in ("GPE", "LOC", "FAC"):
        return False
    start, end = _entity_bounds(doc, match.start, match.end)
    return end - start > 1


def _given_name_of_another(doc: Any, i: int) -> bool:
    """The token at ``i`` opens a longer PERSON entity whose next word is a name."""
    tok = doc[i]
    if i + 1 >= len(doc) or tok.ent_type_ != "PERSON" or tok.ent_iob_ != "B":
        return False
    nxt = doc[i + 1]
    return bool(nxt.ent_type_ == "PERSON" and nxt.ent_iob_ == "I" and nxt.text[:1].isupper())


_PLACE_KINDS = frozenset({Kind.COUNTRY, Kind.CAPITAL, Kind.PLACE, Kind.ADJ})
#: Actor kinds that are parties in their own right: a list of them after "including" names
#: the members of a group ("NATO members, including Britain"); persons and agents listed
#: ("a British woman", "British troops") are part of the named group before it.
_PARTIES = _GROUP_KINDS | {"country", "capital"}


def _entity_bounds(doc: Any, start: int, end: int) -> tuple[int, int]:
    """Token range of the named entity that holds ``doc[start:end]``."""
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def _within_a_name(match: Match, doc: Any) -> bool:
    """ "President Danilo Medina", "Jordan Bardella", "Chad Wolf": a place inside a longer
    personal name is part of the name, not the place."""
    if any(e.kind not in _PLACE_KINDS for e in match.entries):
        return False
    tokens = doc[match.start : match.end]
    if any(t.ent_type_ != "PERSON" for t in tokens):
        return False
    start, end = _entity_bounds(doc, match.start, match.end)
    # the rest of the entity must be words of a name ("Sri Lanka's" is no name)
    rest = [t for t in doc[start:end] if not match.start <= t.i < match.end]
    return bool(rest) and all(t.is_alpha and t.text[:1].isupper() for t in rest)


def _np_bounds(token: Any, ctx: _Ctx) -> tuple[int, int]:
    """Token range of the phrase's pre-head words and head (determiners left out)."""
    start = max(token.left_edge.i, ctx.ps.span.start)
    doc = ctx.ps.span.doc
    while start < token.i and doc[start].pos_ in ("DET", "PUNCT", "CCONJ", "ADP"):
        start += 1
    match = ctx.state.matches.get(token.i)
    end = max(token.i + 1, match.end if match else 0)
    return start, min(end, ctx.ps.span.end)


def _group_as_surname(token: Any, match: Match) -> bool:
    """A one-word group name that ends a person's name ("Therese Kayikwamba Wagner")."""
    return (
        token.ent_type_ == "PERSON"
        and match.end - match.start == 1
        and all(e.kind is Kind.GROUP for e in match.entries)
        and any(c.dep_ == "compound" and c.ent_type_ == "PERSON" for c in token.children)
    )


def _shared_object(token: Any) -> Any | None:
    """The plural object of the first of two conjoined verbs when ``token`` is "them",
    the object of the second ("surrounded the rebels and killed them")."""
    verb = token.head
    if token.lower_ != "them" or token.dep_ != "dobj" or verb.dep_ != "conj":
        return None
    first = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
    if first is None or first.tag_ not in ("NNS", "NNPS") or first.lower_ in PRONOUNS:
        return None
    return first


def _as_coref(actor: Actor, text: str, sector: str | None = None) -> Actor:
    return Actor(
        code=actor.code,
        sector=sector if sector is not None else actor.sector,
        entity_text=text,
        name=actor.name,
        kind=actor.kind,
        confidence=min(actor.confidence, 0.8),
    )


def _weak(actor: Actor, confidence: float) -> Actor:
    return Actor(
        code=actor.code, entity_text=actor.entity_text, kind=actor.kind, confidence=confidence
    )


def _dedupe(actors: list[Actor]) -> list[Actor]:
    seen: set[tuple[str | None, str | None]] = set()
    out: list[Actor] = []
    for actor in actors:
        key = (actor.code, actor.sector)
        if key not in seen:
            seen.add(key)
            out.append(actor)
    return out


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def _marker_pattern(markers: dict[str, str]) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """One regex over the home-marker words (whole words, case as written), with the map."""
    if not markers:
        return None
    words = sorted(markers, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
    return pattern, dict(markers)


def _igo_nouns(data: ActorData) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for _, entry in data.phrases:
        if entry.kind is Kind.IGO and entry.code:
            for noun in entry.nouns:
                out.setdefault(noun, set()).add(entry.code)
    return {k: frozenset(v) for k, v in out.items()}


def load_extra_file(path: str, known: KnownCodes) -> ActorData:
    """Load one ``extract.actor_files`` entry: tocsin YAML by suffix, else PETRARCH."""
    if path.lower().endswith((".yaml", ".yml")):
        return load_yaml_file(path, known=known)
    result = load_petrarch(path, known=known)
    if result.problems:
        import logging

        logging.getLogger(__name__).warning(
            "%s: %d dictionary line(s) skipped, first: %s",
            path,
            len(result.problems),
            result.problems[0],
        )
    return result.data


@functools.lru_cache(maxsize=8)
def _cached_resolver(paths: tuple[str, ...]) -> ActorResolver:
    return ActorResolver.from_files(paths)
