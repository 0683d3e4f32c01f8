// Threats and red lines: who threatened whom, on what condition, with what consequence; the
// red-line ledger (when the red-line finalizer has run); quotations with their speakers.
// Threats and quotations come a page at a time; #/ledger?redline=ID opens one red line.
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

/** Rows of a red line shown at once; the rest on request (a line restated daily for a year). */
const PART_ROWS = 8;

function partList(title, rows, describe) {
  if (!rows.length) return null;
  const item = (r) => h("li", {},
    h("span", { class: "when" }, fmt.date(r.date)), " ", describe(r), " ",
    h("span", { class: "quote-text" }, r.text), " ", h("small", { class: "muted" }, r.outlet || ""));
  const list = h("ul", {}, ...rows.slice(0, PART_ROWS).map(item));
  const more = rows.length > PART_ROWS ? h("button", {
    type: "button", class: "secondary small",
    onclick: (e) => { list.append(...rows.slice(PART_ROWS).map(item)); e.currentTarget.remove(); },
  }, `show all ${rows.length}`) : null;
  return h("div", { class: "ledger-part" }, h("h4", {}, `${title} (${rows.length})`), list, more);
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

function redlineRows(line, openNow = false) {
  const more = h("td", { colspan: "7", class: "ledger-detail" });
  const detail = h("tr", { hidden: true }, more);
  const toggle = h("button", { type: "button", class: "secondary small", "aria-expanded": "false" }, "details");
  toggle.addEventListener("click", async () => {
    const open = detail.hidden;
    detail.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open && !more.childElementCount) await showRedline(more, line.id);
  });
  if (openNow) queueMicrotask(() => toggle.click());
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

function redlineTable(items, wanted) {
  if (!items.length) return note("No red lines in the ledger yet (the redlines finalizer builds it from conditional threats).");
  return h("table", { class: "data ledger" },
    h("caption", {}, "Red lines, most recently stated first"),
    h("thead", {}, h("tr", {}, ...["first stated", "issuer → addressee", "condition", "consequence",
      "statements", "status", ""].map((c, i) => h("th", { scope: "col", class: i === 4 ? "n" : null }, c)))),
    h("tbody", {}, ...items.flatMap((line) => redlineRows(line, line.id === wanted))));
}

function quotesList(items) {
  if (!items.length) return note("No quotations stored (the quotes stage fills this table).");
  return h("ul", { class: "quotes" }, ...items.map((q) => h("li", {},
    h("blockquote", {}, q.text),
    h("p", { class: "muted" }, `— ${q.speaker || "unattributed"}`,
      q.speaker_code ? ` (${q.speaker_code})` : "", `, ${q.kind}, ${fmt.date(q.published)} · `,
      h("a", { href: `#/events?article=${encodeURIComponent(q.article_id)}` }, q.article_title || "article")))));
}

/** A section that shows one page of `path` at a time, with its own pager (no reload). */
function pagedSection(title, path, size, draw) {
  const body = h("div", { class: "paged", "data-path": path });
  const heading = h("h2", {}, title);
  const box = h("section", { class: "panel" }, heading, body);
  async function show(offset) {
    body.setAttribute("aria-busy", "true");
    const page = await get(path, { limit: size, offset });
    heading.textContent = `${title} (${page.total})`;
    const to = Math.min(page.total, offset + size);
    mount(body, draw(page.items),
      page.total > size ? h("nav", { class: "pager", "aria-label": `${title}: pages` },
        h("button", { type: "button", disabled: offset === 0, onclick: () => show(Math.max(0, offset - size)) }, "← Previous"),
        h("span", { class: "count", "data-total": String(page.total) }, `${offset + 1}–${to} of ${page.total}`),
        h("button", { type: "button", disabled: to >= page.total, onclick: () => show(offset + size) }, "Next →")) : null);
    body.setAttribute("aria-busy", "false");
    if (offset) box.scrollIntoView({ block: "start" });
  }
  return { box, show };
}

export async function render(main, _arg, query) {
  const ledger = await get("redlines", { limit: 200 });
  const threats = pagedSection("Threats", "threats", 10, threatsTable);
  const quotes = pagedSection("Quotations", "quotes", 10, quotesList);
  await Promise.all([threats.show(0), quotes.show(0)]);
  mount(main,
    h("h1", {}, "Threats & red lines"),
    section(`Red lines (${ledger.total})`, redlineTable(ledger.items, query.get("redline"))),
    threats.box, quotes.box);
}
