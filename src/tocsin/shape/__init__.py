"""Text shape: which parts of an article are parsed, and as what (headline or story).

Runs between ingest and the parser (``nlp.parse_documents``): credits, datelines, bylines
and page clutter are left out, a glued headline is cut from its story, Title Case headlines
are parsed in sentence case. See ``shape.segments``.
"""

from tocsin.shape.segments import Segment, segments

__all__ = ["Segment", "segments"]
