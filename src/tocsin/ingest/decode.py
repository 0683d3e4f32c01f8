"""Bytes → clean text: gzip, binary detection, charset (BOM, declared, UTF-8, detected).

The order follows the WHATWG encoding sniffing rules in spirit: an explicit ``--encoding``
wins, then a byte-order mark, then a charset the server or the document declares, then
UTF-8 (almost never valid by accident for other encodings), and only then statistical
detection with charset-normalizer, which is slower and can guess wrong on short texts.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zlib

from tocsin.errors import IngestFailure
from tocsin.ingest.base import Payload
from tocsin.ingest.repair import repair_text

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Leading bytes of common binary formats people point a news reader at by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"OggS", "an audio file"),
    (b"ID3", "an MP3 file"),
)

GZIP_MAGIC = b"\x1f\x8b"
#: Bytes looked at to decide binary vs text and to find a declared charset.
_HEAD = 8192
#: Share of C0 control bytes (other than tab, newlines, form feed, escape) above which a
#: file is binary; real text has none, broken exports a few.
_MAX_CONTROL_SHARE = 0.10
_CONTROL_BYTES = frozenset([*range(0x01, 0x09), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)])

_DECLARED = re.compile(
    rb"""<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']"""
    rb"""|<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""",
    re.IGNORECASE,
)

# Control characters other than tab and newline, C1 controls and stray BOMs are dropped;
# form feed, NEL and the Unicode line/paragraph separators become line breaks.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff]+")
_BREAKS = re.compile("\r\n?|[\x0c\x85\u2028\u2029]")
#: Labels of single-byte Western charsets that browsers all read as windows-1252.
_WESTERN = dict.fromkeys(
    ["ascii", "us-ascii", "iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "cp1252",
     "windows-1252", "cp819"],
    "cp1252",
)  # fmt: skip
_MANY_BLANKS = re.compile(r"\n{3,}")
#: A run of blanks inside a line, where a dump dropped a line break ("a European  Union
#: proposal", "the separatist  group ETA"): spaCy makes it a token of its own, and the name
#: or noun phrase around it falls apart.
_RUN_OF_BLANKS = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")

#: Where a declaration that can define entities starts: a DOCTYPE with an internal subset,
#: or an entity declaration (also stray ones outside a DOCTYPE).
_DECLARATION = re.compile(rb"<!DOCTYPE[^>\[]*+\[|<!ENTITY", re.IGNORECASE)
#: The rest of a declaration up to its closing ``>`` (quoted values may hold ``>``), and the
#: end of an internal subset. Possessive: each is tried once from where it starts, so even a
#: file full of unterminated declarations costs one pass.
_DECLARATION_END = re.compile(rb"""(?:[^>"']++|"[^"]*+"|'[^']*+')*+>""")
_SUBSET_END = re.compile(rb"""(?:[^\]"']++|"[^"]*+"|'[^']*+'|\](?!\s*+>))*+\]\s*+>""")


def gunzip(data: bytes, *, source: str, limit: int) -> bytes:
    """Return ``data`` decompressed when it is gzip, else unchanged.

    Decompression stops past ``limit`` bytes (a small file can expand a thousandfold).
    Raises ``IngestFailure`` I010 past the limit, I005 when the gzip stream is corrupt.
    """
    if not data.startswith(GZIP_MAGIC):
        return data
    inflater = zlib.decompressobj(wbits=31)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise IngestFailure("I005", source=source, reason=f"corrupt gzip data: {exc}") from exc
    if len(out) > limit:
        raise IngestFailure("I010", source=source, limit=limit)
    if not inflater.eof:
        raise IngestFailure("I005", source=source, reason="truncated gzip data")
    return out


def strip_entity_declarations(data: bytes) -> bytes:
    """``data`` without a DOCTYPE internal subset or entity declarations.

    Feeds and pages never need their own entities, and declared ones are how a small file
    becomes gigabytes (billion laughs; one 20 kB entity referenced 20,000 times). With the
    declarations gone, a reference to them stays as literal text (``&e;``), so every parser
    after this sees a document of the size it was sent. UTF-16 and UTF-32 documents are
    decoded to find the declarations and re-encoded as they came.
    """
    wide = _wide_codec(data)
    if wide is None:
        return _strip_declarations(data) if b"<!" in data else data
    try:
        text = data.decode(wide)
    except UnicodeDecodeError:
        return data
    if "<!" not in text:
        return data
    return _strip_declarations(text.encode("utf-8")).decode("utf-8").encode(wide)


def _strip_declarations(data: bytes) -> bytes:
    """Cut every DOCTYPE internal subset and entity declaration out of ``data``; an
    unterminated one takes the rest of the document with it (no parser could use it)."""
    kept: list[bytes] = []
    pos = 0
    while (start := _DECLARATION.search(data, pos)) is not None:
        kept.append(data[pos : start.start()])
        closing = _SUBSET_END if start.group().endswith(b"[") else _DECLARATION_END
        end = closing.match(data, start.end())
        if end is None:
            return b"".join(kept)
        pos = end.end()
    kept.append(data[pos:])
    return b"".join(kept)


def _wide_codec(data: bytes) -> str | None:
    """``utf-16``/``utf-32`` (or a BOM-less UTF-16 byte order) when ``data`` is in one."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec if codec in ("utf-16", "utf-32") else None
    head = data[:_HEAD]
    return _utf16_order(head) if b"\x00" in head else None


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` looks binary rather than text (None when it looks like text)."""
    head = data[:_HEAD]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return f"it is {kind}"
    if b"\x00" in head:
        return None if _utf16_order(head) else "it contains NUL bytes"
    controls = sum(1 for b in head if b in _CONTROL_BYTES)
    if head and controls > len(head) * _MAX_CONTROL_SHARE:
        return f"{controls} of its first {len(head)} bytes are control characters"
    return None


def _utf16_order(head: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the NULs of ``head`` sit on one parity (BOM-less UTF-16)."""
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = len(head) // 2
    # ASCII-heavy UTF-16 has a NUL in (nearly) every other byte and none in the rest.
    if odd > half * 0.3 and even == 0:
        return "utf-16-le"
    if even > half * 0.3 and odd == 0:
        return "utf-16-be"
    return None


def decode(payload: Payload, *, encoding: str | None = None) -> str:
    """Decode ``payload.data`` to text (see the module docstring for the order).

    Raises ``IngestFailure`` I003 for binary data, I004 when empty, I005 when no encoding
    fits (or the forced ``encoding`` does not).
    """
    data, source = payload.data, payload.source
    if not data.strip():
        raise IngestFailure("I004", source=source)
    if encoding:
        return _decode_as(data, encoding, source)
    reason = binary_reason(data)
    if reason:
        raise IngestFailure("I003", source=source, reason=reason)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, codec, source)
    utf16 = _utf16_order(data[:_HEAD]) if b"\x00" in data[:_HEAD] else None
    for candidate in _candidates(utf16, payload.charset, declared_charset(data)):
        text = _try_decode(data, candidate)
        if text is not None:
            return text
    return _detect(data, source)


def _candidates(*declared: str | None) -> list[str]:
    """Encodings to try in order: the declared ones, then UTF-8.

    A declared ASCII or Latin-1 is read as windows-1252 (as browsers do), and tried only
    after UTF-8: pages saved as UTF-8 under a stale Latin-1 declaration are common, while
    Latin-1 text that happens to be valid UTF-8 is vanishingly rare.
    """
    named = [_WESTERN.get(c.lower(), c) for c in declared if c]
    strong = [c for c in named if c != "cp1252"]
    weak = [c for c in named if c == "cp1252"]
    return [*strong, "utf-8", *weak]


def declared_charset(data: bytes) -> str | None:
    """The charset an XML declaration or an HTML ``<meta>`` states in the first bytes."""
    match = _DECLARED.search(data[:_HEAD])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii", "ignore")


def _try_decode(data: bytes, codec: str | None) -> str | None:
    if not codec:
        return None
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_as(data: bytes, codec: str, source: str) -> str:
    try:
        return data.decode(codec)
    except LookupError as exc:
        raise IngestFailure("I005", source=source, reason=f"unknown encoding {codec!r}") from exc
    except UnicodeDecodeError as exc:
        raise IngestFailure("I005", source=source, reason=f"not valid {codec}: {exc}") from exc


def _detect(data: bytes, source: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IngestFailure("I005", source=source, reason="no known encoding fits the bytes")
    return str(best)


def clean_text(text: str) -> str:
    """Normalise decoded text: NFC, ``\\n`` line ends, no control characters, mangled
    entities and inline tags repaired (``ingest.repair``), tidy blanks."""
    # str methods and ``in`` tests first: regexes over long non-ASCII text are slow.
    if any(c in text for c in "\r\x0c\x85\u2028\u2029"):
        text = _BREAKS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    text = repair_text(text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = "\n".join(line.rstrip(" \t\u00a0") for line in text.split("\n"))
    if "\n\n\n" in text:
        text = _MANY_BLANKS.sub("\n\n", text)
    if "  " in text or "\u00a0 " in text or " \u00a0" in text:
        text = _RUN_OF_BLANKS.sub(" ", text)
    return text.strip()
