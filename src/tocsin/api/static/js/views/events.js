// Events: a filter form, a paged table, and the selected event's sentence with its actor and
// trigger spans highlighted, next to the paragraph of its source article.
import { get } from "../api.js";
import { QUAD, fmt, h, mount, note, typeBadge } from "../dom.js";

const PAGE = 25;
const FILTERS = ["actor", "source", "target", "type", "since", "until", "article", "asserted"];
const ROLE_NAMES = { source: "source actor", target: "target actor", trigger: "trigger" };

function go(params) {
  const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v));
  const hash = `#/events?${new URLSearchParams(clean)}`;
  if (hash === location.hash) return;
  // busy at once, not only when the (asynchronous) hashchange reaches the router
  document.getElementById("view").setAttribute("aria-busy", "true");
  location.hash = hash;
}

function current(query) {
  return Object.fromEntries(FILTERS.map((k) => [k, query.get(k) || ""]));
}

function field(label, name, value, attrs = {}) {
  return h("label", {}, label, h("input", { name, value, ...attrs }));
}

function filterForm(values) {
  const types = Object.keys(QUAD);
  const form = h("form", { class: "filters", role: "search", "aria-label": "Filter events" },
    field("Actor", "actor", values.actor, { placeholder: "either side", size: 9 }),
    field("Source", "source", values.source, { placeholder: "e.g. VEN", size: 8 }),
    field("Target", "target", values.target, { placeholder: "e.g. GUY", size: 8 }),
    h("label", {}, "Type",
      h("select", { name: "type" }, h("option", { value: "" }, "any"),
        ...types.map((t) => h("option", { value: t, selected: values.type === t }, t)))),
    field("Since", "since", values.since, { type: "date" }),
    field("Until", "until", values.until, { type: "date" }),
    h("label", { class: "check" },
      h("input", { type: "checkbox", name: "asserted", value: "true", checked: values.asserted === "true" }),
      "asserted only"),
    h("button", { type: "submit" }, "Filter"),
    h("button", { type: "button", class: "secondary", onclick: () => go({}) }, "Clear"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    if (values.article) data.article = values.article;
    go(data);
  });
  return form;
}

function flags(ev) {
  return [ev.negated && "negated", ev.hypothetical && "hypothetical", ev.nuclear && "nuclear"]
    .filter(Boolean).map((f) => h("span", { class: `flag ${f}` }, f));
}

function eventRow(ev, onOpen) {
  const open = (e) => {
    for (const row of e.currentTarget.parentNode.querySelectorAll("tr.selected")) row.classList.remove("selected");
    e.currentTarget.classList.add("selected");
    e.currentTarget.setAttribute("aria-current", "true");
    onOpen(ev.id);
  };
  return h("tr", {
    class: "clickable", tabindex: "0", "data-event-id": ev.id,
    "aria-label": `Open event: ${ev.source_code || "?"} ${ev.type} ${ev.target_code || "?"}`,
    onclick: open,
    onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(e); } },
  },
    h("td", { class: "nowrap" }, fmt.date(ev.event_date || ev.date)),
    h("td", { class: "nowrap" }, h("span", { class: "code" }, ev.source_code || "–"), h("small", {}, ` ${ev.source_sector || ""}`)),
    h("td", {}, typeBadge(ev.type), ev.mode ? h("small", {}, ` ${ev.mode}`) : null),
    h("td", { class: "nowrap" }, h("span", { class: "code" }, ev.target_code || "–"), h("small", {}, ` ${ev.target_sector || ""}`)),
    h("td", { class: "trigger" }, ev.event_text || ""),
    h("td", {}, ...flags(ev)),
    h("td", { class: "n" }, fmt.num(ev.intensity)));
}

function pager(page, values) {
  const { total, offset, limit } = page;
  const to = Math.min(total, offset + limit);
  const move = (off) => go({ ...values, offset: String(off) });
  return h("nav", { class: "pager", "aria-label": "Pages" },
    h("button", { type: "button", disabled: offset === 0, onclick: () => move(Math.max(0, offset - limit)) }, "← Previous"),
    h("span", { class: "count", "data-total": String(total) },
      total ? `${offset + 1}–${to} of ${total} events` : "no events match"),
    h("button", { type: "button", disabled: to >= total, onclick: () => move(offset + limit) }, "Next →"));
}

/** The sentence with <mark>s for the spans (offsets into the sentence, non-overlapping). */
export function highlighted(text, spans) {
  const out = h("blockquote", { class: "sentence" });
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue; // overlapping spans: keep the first
    out.append(text.slice(at, span.start));
    out.append(h("mark", {
      class: `span-${span.role}`, "data-role": span.role,
      title: `${ROLE_NAMES[span.role]}${span.actor_code ? ` (${span.actor_code})` : ""}`,
    }, text.slice(span.start, span.end)));
    at = span.end;
  }
  out.append(text.slice(at));
  return out;
}

function excerpt(article, sentence) {
  const rel = sentence.start - article.excerpt_start;
  const text = article.excerpt;
  if (sentence.start < 0 || rel < 0 || rel > text.length) return h("p", { class: "excerpt" }, text);
  const end = rel + sentence.text.length;
  return h("p", { class: "excerpt" }, text.slice(0, rel), h("strong", {}, text.slice(rel, end)), text.slice(end));
}

async function showFullText(button, articleId) {
  const article = await get(`articles/${encodeURIComponent(articleId)}`);
  button.replaceWith(h("div", { class: "fulltext" },
    ...article.text.split(/\n\s*\n/).map((p) => h("p", {}, p))));
}

function articlePart(article, sentence) {
  if (!article) return note("The source article is not stored.");
  const more = h("button", { type: "button", class: "secondary" }, "Show the full article");
  more.addEventListener("click", () => showFullText(more, article.id));
  return h("div", { class: "article" },
    h("h3", {}, article.url
      ? h("a", { href: article.url, rel: "noopener noreferrer", target: "_blank" }, article.title || article.url)
      : article.title || "(untitled article)"),
    h("p", { class: "muted" }, `${article.outlet || "unknown outlet"} · ${fmt.date(article.published)} · id ${article.id}`),
    excerpt(article, sentence), more);
}

function detailFacts(ev, group) {
  const facts = [
    ["type", `${ev.type}${ev.mode ? ` (${ev.mode})` : ""}${ev.context ? `, ${ev.context}` : ""}`],
    ["source", `${ev.source_code || "–"} ${ev.source_sector || ""} “${ev.source_text || ""}”`],
    ["target", `${ev.target_code || "–"} ${ev.target_sector || ""} “${ev.target_text || ""}”`],
    ["date", `${fmt.date(ev.event_date || ev.date)}${ev.event_date ? " (from the text)" : " (published)"}`],
    ["intensity", `${fmt.num(ev.intensity)} (Goldstein ${fmt.num(ev.goldstein)}, CAMEO ${ev.cameo || "–"})`],
    ["confidence", fmt.num(ev.confidence, 2)],
  ];
  if (group) {
    facts.push(["reported by", `${fmt.count(group.num_articles, "article")}, ${fmt.count(group.num_sources, "outlet")}`]);
  }
  return h("dl", { class: "facts" }, ...facts.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

async function openEvent(panel, id) {
  panel.hidden = false;
  mount(panel, note("Loading event…"));
  const d = await get(`events/${encodeURIComponent(id)}`);
  const ev = d.event;
  mount(panel,
    h("div", { class: "detail-head" },
      h("h2", { id: "detail-title" }, fmt.dyad(ev.source_code, ev.target_code), " ", typeBadge(ev.type)),
      h("button", { type: "button", class: "secondary", "aria-label": "Close the event",
        onclick: () => { panel.hidden = true; } }, "×")),
    highlighted(d.sentence.text, d.spans),
    h("p", { class: "legend" },
      h("mark", { class: "span-source" }, "source"), " ",
      h("mark", { class: "span-target" }, "target"), " ",
      h("mark", { class: "span-trigger" }, "trigger"), " ", ...flags(ev)),
    detailFacts(ev, d.group),
    articlePart(d.article, d.sentence));
  panel.focus();
}

export async function render(main, _arg, query) {
  const values = current(query);
  const offset = Number(query.get("offset") || 0);
  const page = await get("events", { ...values, limit: PAGE, offset });
  const panel = h("aside", { class: "detail panel", hidden: true, tabindex: "-1", "aria-labelledby": "detail-title" });
  const onOpen = (id) => openEvent(panel, id).catch((err) => mount(panel, note(err.message, "error")));
  const table = page.items.length
    ? h("table", { class: "data events" },
      h("caption", {}, "Events (click a row to read its sentence)"),
      h("thead", {}, h("tr", {}, ...["date", "source", "type", "target", "trigger", "flags", "intensity"]
        .map((c) => h("th", { scope: "col", class: c === "intensity" ? "n" : null }, c)))),
      h("tbody", {}, ...page.items.map((ev) => eventRow(ev, onOpen))))
    : note("No events match these filters.");
  mount(main,
    h("h1", {}, "Events"),
    filterForm(values),
    values.article ? h("p", { class: "muted" }, `Only article ${values.article}. `,
      h("a", { href: "#/events" }, "Show all")) : null,
    h("div", { class: "split" }, h("div", { class: "list" }, table, pager(page, values)), panel));
  const wanted = query.get("open");
  if (wanted) onOpen(wanted);
}
