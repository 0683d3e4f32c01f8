// Threats and red lines: who threatened whom, on what condition, with what consequence; the
// red-line ledger (when the red-line finalizer has run); quotations with their speakers.
import { get } from "../api.js";
import { fmt, h, mount, note, section } from "../dom.js";

/** Columns shown for red-line tables, when present (their schema belongs to that stage). */
const REDLINE_COLUMNS = ["date", "drawn_on", "issuer_code", "addressee_code", "condition_text",
  "consequence_text", "status", "restatements", "crossed_on", "crossed_at", "first_crossed"];
const CROSSING_COLUMNS = ["date", "crossed_on", "redline_id", "actor_code", "event_id", "text", "evidence"];

function threatRow(t) {
  return h("tr", {},
    h("td", {}, fmt.date(t.date)),
    h("td", {}, h("span", { class: "code" }, t.issuer_code || "–"), " → ",
      h("span", { class: "code" }, t.addressee_code || "–")),
    h("td", {}, t.condition_text ? h("span", { class: "cond" }, `if ${t.condition_text}`) : h("span", { class: "muted" }, "unconditional")),
    h("td", {}, t.consequence_text || "–",
      t.consequence_type ? h("small", {}, ` (${t.consequence_type})`) : null),
    h("td", {}, t.nuclear ? h("span", { class: "flag nuclear" }, "nuclear") : "",
      ...(t.framing || []).map((f) => h("span", { class: "flag" }, f))),
    h("td", { class: "quote-text" }, t.text,
      t.event_id ? h("a", { href: `#/events?open=${encodeURIComponent(t.event_id)}`, class: "more" }, " event →") : null));
}

function threatsTable(items) {
  if (!items.length) return note("No threats stored (the threats stage fills this table).");
  return h("table", { class: "data" },
    h("caption", {}, "Threats, newest first"),
    h("thead", {}, h("tr", {}, ...["date", "issuer → addressee", "condition", "consequence", "flags", "sentence"]
      .map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...items.map(threatRow)));
}

/** A table of whichever of `preferred` columns the rows have (else their first six). */
function genericTable(rows, preferred, caption) {
  const have = Object.keys(rows[0]);
  let cols = preferred.filter((c) => have.includes(c));
  if (cols.length < 2) cols = have.slice(0, 6);
  const cell = (v) => (Array.isArray(v) ? v.join(", ") : v === null || v === undefined ? "–" : String(v));
  return h("table", { class: "data" }, h("caption", {}, caption),
    h("thead", {}, h("tr", {}, ...cols.map((c) => h("th", { scope: "col" }, c.replaceAll("_", " "))))),
    h("tbody", {}, ...rows.map((r) => h("tr", {}, ...cols.map((c) => h("td", {}, cell(r[c])))))));
}

function quotesList(items) {
  if (!items.length) return note("No quotations stored (the quotes stage fills this table).");
  return h("ul", { class: "quotes" }, ...items.map((q) => h("li", {},
    h("blockquote", {}, q.text),
    h("p", { class: "muted" }, `— ${q.speaker || "unattributed"}`,
      q.speaker_code ? ` (${q.speaker_code})` : "", `, ${q.kind}, ${fmt.date(q.published)} · `,
      h("a", { href: `#/events?article=${encodeURIComponent(q.article_id)}` }, q.article_title || "article")))));
}

export async function render(main) {
  const [threats, ledger, quotes] = await Promise.all([
    get("threats", { limit: 200 }), get("redlines"), get("quotes", { limit: 50 }),
  ]);
  mount(main,
    h("h1", {}, "Threats & red lines"),
    section("Red lines",
      ledger.redlines.length
        ? genericTable(ledger.redlines, REDLINE_COLUMNS, "Red lines drawn")
        : note("No red lines in the ledger yet (the red-line finalizer builds it from conditional threats)."),
      ledger.crossings.length ? genericTable(ledger.crossings, CROSSING_COLUMNS, "Crossings") : null),
    section(`Threats (${threats.total})`, threatsTable(threats.items)),
    section(`Quotations (${quotes.total})`, quotesList(quotes.items)));
}
