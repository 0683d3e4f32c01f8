"""The events an alert or a red-line crossing may rest on, and how independent they are.

One SQL view, ``evidence_sql``, used by the red-line ledger and by every alert rule, so that
all of them apply the same tests (docs/monitoring.md, "What an alert may rest on"):

- **confidence**: the event's confidence is at least ``monitor.min_confidence``;
- **asserted**: not negated, not hypothetical;
- **dated by the article**: its ``date_source`` is ``text`` or ``published`` — an event in
  a photo caption, a strip of related headlines or a block the page repeats is dated by the
  picture or by another article (``tocsin.enrich.blocks``); rows stored before the column
  existed count as ``published``;
- **not boilerplate**: its sentence does not appear, word for word, in another story of the
  same outlet (a sidebar or teaser strip the site prints on many pages).

Each row also carries what corroboration is counted with: ``indep``, the independent source
of the first report of its sentence (the outlet when known, else the story: copies of one
story and word-for-word copies of a sentence count once), ``quoted`` (the trigger lies in a
direct quotation), ``unit_id`` (its event group: the unit the series count) and
``unit_day`` (the group's date: its earliest report).
"""

from __future__ import annotations

from typing import Any

from tocsin.dedup import OUTLET_SQL

#: Where an event's date may come from for it to alert or cross a line.
ARTICLE_DATE_SOURCES = ("text", "published")

#: A report's independent source: its outlet when known, else its story.
_INDEP = "CASE WHEN outlet <> '' THEN 'outlet:' || outlet ELSE 'story:' || story END"
#: Usable events with their corroboration keys. One parameter: the confidence threshold.
_EVIDENCE = f"""
WITH arts AS (
  SELECT a.id AS article_id, coalesce(a.story_id, 'article:' || a.id) AS story,
         {OUTLET_SQL} AS outlet
  FROM articles a
),
raw AS (
  SELECT e.id, e.article_id, e.sentence_idx, e.source_code, e.source_sector, e.target_code,
         e.target_sector, e.type, e.mode, e.quad_class, e.nuclear, e.confidence, e.weapons,
         e.text, e.trigger_start, coalesce(e.intensity, e.goldstein) AS intensity,
         coalesce(e.event_date, e.date) AS day, e.date AS published,
         coalesce(e.date_source, 'published') AS date_source, a.story, a.outlet,
         -- one key per sentence text (case aside); an empty text is its own
         CASE WHEN e.text = '' THEN hash(e.id) ELSE hash(lower(e.text)) END AS text_key,
         coalesce(m.group_id, 'event:' || e.id) AS unit_id,
         coalesce(g.date, coalesce(e.event_date, e.date)) AS unit_day
  FROM events e JOIN arts a USING (article_id)
  LEFT JOIN event_group_members m ON m.event_id = e.id
  LEFT JOIN event_groups g ON g.id = m.group_id
  WHERE NOT e.negated AND NOT e.hypothetical AND e.confidence >= ?
),
-- only sentences carried more than once need the cross-article tests below
multi AS (
  SELECT * FROM raw
  WHERE text_key IN (SELECT text_key FROM raw GROUP BY text_key HAVING count(*) > 1)
),
boiler AS (
  SELECT text_key, outlet FROM multi WHERE outlet <> ''
  GROUP BY ALL HAVING min(story) <> max(story)
),
firsts AS (
  SELECT text_key, arg_min({_INDEP}, (published, article_id)) AS indep
  FROM multi GROUP BY text_key
),
quoted AS (
  SELECT DISTINCT r.id FROM raw r JOIN quotes q ON q.article_id = r.article_id
  WHERE q.kind = 'direct' AND r.trigger_start >= q.start_char AND r.trigger_start < q.end_char
)
SELECT r.*, coalesce(f.indep, {_INDEP}) AS indep, q.id IS NOT NULL AS quoted
FROM raw r LEFT JOIN firsts f USING (text_key)
LEFT JOIN quoted q ON q.id = r.id
WHERE r.date_source IN {ARTICLE_DATE_SOURCES!r}
  AND NOT EXISTS (SELECT 1 FROM boiler b WHERE b.text_key = r.text_key AND b.outlet = r.outlet)
"""


def evidence_sql(min_confidence: float) -> tuple[str, list[Any]]:
    """SQL (and its parameters) of the events alerts and crossings may rest on."""
    return _EVIDENCE, [float(min_confidence)]


def noisy_or(confidences: list[float]) -> float:
    """How sure a finding is when independent reports each support it with confidence c:
    1 - Π(1 - c). One report at 0.7 gives 0.7, two give 0.91."""
    doubt = 1.0
    for c in confidences:
        doubt *= 1.0 - max(0.0, min(1.0, c))
    return round(1.0 - doubt, 3)
