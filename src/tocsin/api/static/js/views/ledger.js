// Threats and red lines: who threatened whom, on what condition, with what consequence; the
// red-line ledger (when the red-line finalizer has run); quotations with their speakers.
import { get } from "../api.js";
import { fmt, h, mount, note, section } from "../dom.js";

/** "if" or "unless": the polarity stored in a threat's structured condition. */
function polarityOf(t) {
  try {
    return JSON.parse(t.condition || "{}").polarity || "if";
  } catch {
    return "if";
  }
}

function threatRow(t) {
  return h("tr", {},
    h("td", { class: "nowrap" }, fmt.date(t.date)),
    h("td", {}, h("span", { class: "code" }, t.issuer_code || "–"), " → ",
      h("span", { class: "code" }, t.addressee_code || "–")),
    h("td", {}, t.condition_text ? h("span", { class: "cond" }, `${polarityOf(t)} ${t.condition_text}`) : h("span", { class: "muted" }, "unconditional")),
    h("td", {}, t.consequence_text || "–",
      t.consequence_type ? h("small", {}, ` (${t.consequence_type})`) : null),
    h("td", {}, t.nuclear ? h("span", { class: "flag nuclear" }, "nuclear") : "",
      ...(t.framing || []).filter((f) => f !== "nuclear").map((f) => h("span", { class: "flag" }, f))),
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

function partList(title, rows, describe) {
  if (!rows.length) return null;
  return h("div", { class: "ledger-part" }, h("h4", {}, title),
    h("ul", {}, ...rows.map((r) => h("li", {},
      h("span", { class: "when" }, fmt.date(r.date)), " ", describe(r), " ",
      h("span", { class: "quote-text" }, r.text), " ", h("small", { class: "muted" }, r.outlet || "")))));
}

async function showRedline(cell, id) {
  const line = await get(`redlines/${encodeURIComponent(id)}`);
  const eventLink = (r, label) => h("a", { href: `#/events?open=${encodeURIComponent(r.event_id)}` }, label);
  cell.replaceChildren(
    partList("Stated", line.statements, () => "stated:"),
    partList("Crossed", line.crossings, (r) => [eventLink(r, "crossing"), h("span", { class: "why" }, ` matched: ${r.reason}`), ":"]),
    partList("Complied (an “unless” line: doing this averts the consequence)", line.compliance || [],
      (r) => [eventLink(r, "event"), h("span", { class: "why" }, ` matched: ${r.reason}`), ":"]),
    partList("Consequence followed", line.consequences, (r) => [eventLink(r, "event"), ":"]));
}

function redlineRows(line) {
  const more = h("td", { colspan: "7", class: "ledger-detail" });
  const detail = h("tr", { hidden: true }, more);
  const toggle = h("button", { type: "button", class: "secondary small", "aria-expanded": "false" }, "details");
  toggle.addEventListener("click", async () => {
    const open = detail.hidden;
    detail.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open && !more.childElementCount) await showRedline(more, line.id);
  });
  const crossed = line.crossings
    ? h("span", { class: "flag crossed" }, `crossed ×${line.crossings} from ${fmt.date(line.first_crossed)}`)
    : h("span", { class: "muted" }, "not crossed");
  return [h("tr", { "data-redline": line.id },
    h("td", { class: "nowrap" }, fmt.date(line.first_stated)),
    h("td", {}, h("span", { class: "code" }, line.issuer_code || "–"), " → ",
      h("span", { class: "code" }, line.addressee_code || "any")),
    h("td", {}, h("span", { class: "cond" }, `${line.polarity === "unless" ? "unless" : "if"} ${line.condition_text}`)),
    h("td", {}, line.consequence_text || "–", line.nuclear ? h("span", { class: "flag nuclear" }, "nuclear") : null),
    h("td", { class: "n" }, `${line.statements} (${fmt.count(line.articles, "article")})`),
    h("td", {}, crossed, line.consequence_followed
      ? h("span", { class: "flag followed" }, `consequence ${fmt.date(line.consequence_date)}`) : null),
    h("td", {}, toggle)), detail];
}

function redlineTable(items) {
  if (!items.length) return note("No red lines in the ledger yet (the redlines finalizer builds it from conditional threats).");
  return h("table", { class: "data ledger" },
    h("caption", {}, "Red lines, most recently stated first"),
    h("thead", {}, h("tr", {}, ...["first stated", "issuer → addressee", "condition", "consequence",
      "statements", "status", ""].map((c, i) => h("th", { scope: "col", class: i === 4 ? "n" : null }, c)))),
    h("tbody", {}, ...items.flatMap(redlineRows)));
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
    get("threats", { limit: 200 }), get("redlines", { limit: 200 }), get("quotes", { limit: 50 }),
  ]);
  mount(main,
    h("h1", {}, "Threats & red lines"),
    section(`Red lines (${ledger.total})`, redlineTable(ledger.items)),
    section(`Threats (${threats.total})`, threatsTable(threats.items)),
    section(`Quotations (${quotes.total})`, quotesList(quotes.items)));
}
