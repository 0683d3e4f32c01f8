"""Reuters-21578 SGML (``reut2-NNN.sgm``): one article per ``<REUTERS>`` element.

The collection (Lewis 1997; README in the distribution) wraps 1987 Reuters newswire items:
``DATE``, ``TOPICS``/``PLACES``/``PEOPLE``/``ORGS``/``EXCHANGES``/``COMPANIES`` lists of
``<D>`` codes, and a ``TEXT`` with ``TITLE``, ``DATELINE`` and ``BODY``. ``TEXT TYPE="BRIEF"``
items have only a title (which becomes the text); ``TYPE="UNPROC"`` items have raw text
without the sub-elements.

The files are not XML (unescaped ``&`` and ``<`` abound, ``reut2-017.sgm`` holds a byte that
is not UTF-8), so each element is cut out with a regular expression on the bytes and decoded
on its own: UTF-8 when it is valid, else Latin-1, which maps every byte. Character
references such as ``&#3;`` (wire control codes) are resolved and the controls dropped; the
lines wrapped at ~70 columns are re-joined into paragraphs and the closing "Reuter"
signature removed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import ClassVar

from tocsin.errors import IngestFailure
from tocsin.ingest.article import build_article
from tocsin.ingest.base import Context, Item, Payload, error_item, record_source
from tocsin.ingest.dates import parse_date
from tocsin.ingest.decode import clean_text
from tocsin.ingest.text import unwrap

OUTLET = "Reuters"
CODE_LISTS: tuple[str, ...] = ("topics", "places", "people", "orgs", "exchanges", "companies")

_ELEMENT = re.compile(rb"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.DOTALL | re.IGNORECASE)
_ATTR = re.compile(r'([A-Z]+)\s*=\s*"([^"]*)"', re.IGNORECASE)
_CODE = re.compile(r"<D>(.*?)</D>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]{1,40}>")
_SIGNATURE = re.compile(r"\s*\bReuter\b\s*$", re.IGNORECASE)


def _field(name: str) -> re.Pattern[str]:
    return re.compile(rf"<{name}\b[^>]*>(.*?)</{name}>", re.DOTALL | re.IGNORECASE)


_FIELDS = {name: _field(name) for name in ("DATE", "TITLE", "DATELINE", "BODY", "AUTHOR", "TEXT")}
_LISTS = {name: _field(name.upper()) for name in CODE_LISTS}


class ReutersReader:
    """Reuters-21578 ``.sgm`` files."""

    name: ClassVar[str] = "sgml"
    suffixes: ClassVar[tuple[str, ...]] = (".sgm", ".sgml")
    media_types: ClassVar[tuple[str, ...]] = ("text/sgml", "application/sgml")
    priority: ClassVar[int] = 20

    def sniff(self, head: str) -> bool:
        """The collection's doctype or a ``<REUTERS>`` element at the start."""
        start = head[:256].lower()
        return start.startswith(("<!doctype lewis", "<reuters"))

    def read(self, payload: Payload, ctx: Context) -> Iterator[Item]:
        """Yield one article per ``<REUTERS>`` element; bad elements become errors.

        Raises ``IngestFailure`` I006 when the file holds no ``<REUTERS>`` element.
        """
        found = False
        for match in _ELEMENT.finditer(payload.data):
            found = True
            element = _decode(match.group(0), ctx.options.encoding)
            label = _label(match.group(1).decode("latin-1"))
            try:
                yield _article(element, payload, ctx, label)
            except IngestFailure as exc:
                yield error_item(exc, source=payload.source, record=label)
        if not found:
            reason = "no <REUTERS> element found"
            raise IngestFailure("I006", source=payload.source, format="SGML", reason=reason)


def _decode(element: bytes, encoding: str | None) -> str:
    if encoding:
        return element.decode(encoding, "replace")
    try:
        return element.decode("utf-8")
    except UnicodeDecodeError:
        return element.decode("latin-1")


def _label(attrs: str) -> str:
    values = dict(_ATTR.findall(attrs))
    return f"NEWID={values['NEWID']}" if "NEWID" in values else "REUTERS"


def _article(element: str, payload: Payload, ctx: Context, label: str) -> Item:
    attrs = {k.upper(): v for k, v in _ATTR.findall(element[: element.find(">")])}
    where = record_source(payload.source, label)
    text_type = _text_type(element)
    title = _value(element, "TITLE")
    body = _body(element, text_type) or title or ""
    try:
        published = parse_date(_value(element, "DATE"))
    except ValueError:
        published = None  # the dateline still gives month and day; the year is unknown
    newid = attrs.get("NEWID")
    meta = {
        "newid": newid,
        "lewissplit": attrs.get("LEWISSPLIT"),
        "cgisplit": attrs.get("CGISPLIT"),
        "type": text_type,
        "dateline": _value(element, "DATELINE", strip=" -"),
        "author": _value(element, "AUTHOR"),
        **{name: ",".join(_codes(element, name)) for name in CODE_LISTS},
    }
    return build_article(
        text=body,
        title=title,
        source=where,
        options=ctx.options,
        outlet=OUTLET,
        published=published,
        record_id=f"reuters-21578:{newid}" if newid else None,
        name=payload.name,
        meta=meta,
    )


def _text_type(element: str) -> str:
    match = re.search(r'<TEXT\b[^>]*TYPE\s*=\s*"([A-Z]+)"', element, re.IGNORECASE)
    return match.group(1).upper() if match else "NORM"


def _value(element: str, name: str, *, strip: str = "") -> str | None:
    match = _FIELDS[name].search(element)
    if not match:
        return None
    # Tags go before entities are resolved: "&lt;on Thursday&gt;" is text, not a tag.
    value = clean_text(html.unescape(_TAG.sub(" ", match.group(1))))
    value = " ".join(value.split()).strip(strip + " ")
    return value or None


def _body(element: str, text_type: str) -> str | None:
    if text_type == "UNPROC":
        raw = _FIELDS["TEXT"].search(element)
        text = raw.group(1) if raw else ""
    else:
        raw = _FIELDS["BODY"].search(element)
        if raw is None:
            return None
        text = raw.group(1)
    text = clean_text(html.unescape(_TAG.sub("", text)))
    return _SIGNATURE.sub("", unwrap(text, force=True)).strip() or None


def _codes(element: str, name: str) -> list[str]:
    match = _LISTS[name].search(element)
    return [c.strip() for c in _CODE.findall(match.group(1))] if match else []
