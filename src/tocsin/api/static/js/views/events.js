// Events: a filter form (text search, several types and actors at once), a paged table, a
// download of the whole filtered list, and the selected event's sentence with its actor and
// trigger spans highlighted, next to the paragraph of its source article. The URL holds the
// filters and the open event (#/events?type=ASSAULT,COERCE&q=border&open=ID).
import { get } from "../api.js";
import { QUAD, fmt, h, mount, note, typeBadge } from "../dom.js";

const PAGE = 25;
const FILTERS = ["actor", "source", "target", "type", "since", "until", "q", "article", "asserted"];
const ROLE_NAMES = { source: "source actor", target: "target actor", trigger: "trigger" };
const DOWNLOADS = [["csv", "CSV"], ["parquet", "Parquet"], ["jsonl", "JSON"]];

function hashOf(params) {
  const clean = Object.fromEntries(Object.entries(params).filter(([, v]) => v));
  const qs = new URLSearchParams(clean).toString();
  return `#/events${qs ? `?${qs}` : ""}`;
}

function go(params) {
  const hash = hashOf(params);
  if (hash === location.hash) return;
  // busy at once, not only when the (asynchronous) hashchange reaches the router
  document.getElementById("view").setAttribute("aria-busy", "true");
  location.hash = hash;
}

/** Put the open event in the URL (a link to it can be shared) without reloading the view. */
function remember(values, offset, openId) {
  const params = { ...values, offset: offset ? String(offset) : "", open: openId || "" };
  history.replaceState(null, "", hashOf(params));
}

function current(query) {
  return Object.fromEntries(FILTERS.map((k) => [k, query.get(k) || ""]));
}

function field(label, name, value, attrs = {}) {
  return h("label", {}, label, h("input", { name, value, ...attrs }));
}

/** Checkboxes for the PLOVER types in a drop-down; several may be chosen. */
function typePicker(selected) {
  const chosen = new Set(selected.split(",").filter(Boolean));
  const summary = h("summary", {}, chosen.size ? `Types (${chosen.size})` : "Types: any");
  const boxes = Object.keys(QUAD).map((t) => h("label", { class: "check" },
    h("input", { type: "checkbox", name: "type", value: t, checked: chosen.has(t) }), typeBadge(t)));
  const picker = h("details", { class: "multi" }, summary, h("div", { class: "choices" }, ...boxes));
  picker.addEventListener("change", () => {
    const n = picker.querySelectorAll("input:checked").length;
    summary.textContent = n ? `Types (${n})` : "Types: any";
  });
  return h("div", { class: "picker" }, h("span", { class: "label" }, "Type"), picker);
}

function filterForm(values) {
  const form = h("form", { class: "filters", role: "search", "aria-label": "Filter events" },
    field("Search sentences", "q", values.q, { type: "search", placeholder: "words or \"a phrase\"", size: 22 }),
    field("Actor", "actor", values.actor, { placeholder: "either side: RUS,BLR", size: 11 }),
    field("Source", "source", values.source, { placeholder: "e.g. VEN", size: 8 }),
    field("Target", "target", values.target, { placeholder: "e.g. GUY", size: 8 }),
    typePicker(values.type),
    field("Since", "since", values.since, { type: "date" }),
    field("Until", "until", values.until, { type: "date" }),
    h("label", { class: "check" },
      h("input", { type: "checkbox", name: "asserted", value: "true", checked: values.asserted === "true" }),
      "asserted only"),
    h("button", { type: "submit" }, "Filter"),
    h("button", { type: "button", class: "secondary", onclick: () => go({}) }, "Clear"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const params = Object.fromEntries([...data.entries()].filter(([k]) => k !== "type"));
    params.type = data.getAll("type").join(",");
    if (values.article) params.article = values.article;
    go(params);
  });
  return form;
}

function flags(ev) {
  return [ev.negated && "negated", ev.hypothetical && "hypothetical", ev.nuclear && "nuclear"]
    .filter(Boolean).map((f) => h("span", { class: `flag ${f}` }, f));
}

/** The day an event is sorted by: its event date, else (marked ~) its publication date. */
export function dayCell(ev) {
  if (ev.event_date) return h("span", { title: "the date the sentence gives the event" }, fmt.date(ev.event_date));
  if (!ev.date) return h("span", { class: "muted" }, "undated");
  return h("span", { class: "published", title: "publication date: the sentence gives no date" },
    `~${fmt.date(ev.date)}`);
}

/** A snippet of the sentence around the first search word, the words marked. */
function snippet(text, q) {
  const words = (q.match(/"[^"]+"|\S+/g) || []).map((w) => w.replace(/"/g, "").toLowerCase());
  const lower = text.toLowerCase();
  const at = Math.max(0, ...words.map((w) => lower.indexOf(w)).filter((i) => i >= 0).slice(0, 1));
  // about 60 characters before the hit and 100 after, cut at spaces (never inside a word)
  const start = at > 60 ? text.lastIndexOf(" ", at - 60) + 1 : 0;
  const cut = text.indexOf(" ", at + 100);
  const part = text.slice(start, cut < 0 ? text.length : cut);
  const out = h("small", { class: "snippet" }, start ? "…" : "");
  let rest = part;
  const pattern = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "i");
  while (rest) {
    const m = rest.match(pattern);
    if (!m) { out.append(rest); break; }
    out.append(rest.slice(0, m.index), h("mark", { class: "hit" }, m[0]));
    rest = rest.slice(m.index + m[0].length);
  }
  if (start + part.length < text.length) out.append("…");
  return out;
}

function eventRow(ev, onOpen, q) {
  const open = (e) => {
    for (const row of e.currentTarget.parentNode.querySelectorAll("tr.selected")) {
      row.classList.remove("selected");
      row.removeAttribute("aria-current");
    }
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
    h("td", { class: "nowrap" }, dayCell(ev)),
    h("td", { class: "nowrap" }, h("span", { class: "code" }, ev.source_code || "–"), h("small", {}, ` ${ev.source_sector || ""}`)),
    h("td", {}, typeBadge(ev.type), ev.mode ? h("small", {}, ` ${ev.mode}`) : null),
    h("td", { class: "nowrap" }, h("span", { class: "code" }, ev.target_code || "–"), h("small", {}, ` ${ev.target_sector || ""}`)),
    h("td", { class: "trigger", title: ev.text }, ev.event_text || ""),
    h("td", { class: "outlet" }, ev.outlet || h("span", { class: "muted" }, "–"),
      q ? snippet(ev.text, q) : null),
    h("td", { class: "n", title: "independent outlets reporting this event" }, fmt.num(ev.num_sources)),
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

/** Links that download every event matching the filters (all pages), in three formats. */
function downloads(values, total) {
  const params = Object.fromEntries(Object.entries(values).filter(([, v]) => v));
  return h("p", { class: "downloads" }, `Download these ${fmt.count(total, "event")}: `,
    ...DOWNLOADS.flatMap(([format, label], i) => [i ? " · " : "",
      h("a", { href: `/api/events/download?${new URLSearchParams({ ...params, format })}`,
        download: `tocsin-events.${format}`, "data-format": format }, label)]));
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

function detailFacts(ev, group, place) {
  const facts = [
    ["type", `${ev.type}${ev.mode ? ` (${ev.mode})` : ""}${ev.context ? `, ${ev.context}` : ""}`],
    ["source", `${ev.source_code || "–"} ${ev.source_sector || ""} “${ev.source_text || ""}”`],
    ["target", `${ev.target_code || "–"} ${ev.target_sector || ""} “${ev.target_text || ""}”`],
    ["date", `${fmt.date(ev.event_date || ev.date)}${ev.event_date ? " (from the text)" : " (published)"}`],
    ["intensity", `${fmt.num(ev.intensity)} (Goldstein ${fmt.num(ev.goldstein)}, CAMEO ${ev.cameo || "–"})`],
    ["confidence", fmt.num(ev.confidence, 2)],
  ];
  if (place?.place_code) facts.push(["where", `${place.place_text} (${place.place_code})`]);
  if (group) {
    facts.push(["reported by", `${fmt.count(group.num_articles, "article")}, ${fmt.count(group.num_sources, "outlet")}`]);
  }
  return h("dl", { class: "facts" }, ...facts.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

async function openEvent(panel, id, row) {
  panel.hidden = false;
  mount(panel, note("Loading event…"));
  const d = await get(`events/${encodeURIComponent(id)}`);
  const ev = d.event;
  mount(panel,
    h("div", { class: "detail-head" },
      h("h2", { id: "detail-title", "data-event-id": ev.id }, fmt.dyad(ev.source_code, ev.target_code), " ", typeBadge(ev.type)),
      h("button", { type: "button", class: "secondary close", "aria-label": "Close the event",
        onclick: () => panel.dispatchEvent(new Event("close")) }, "×")),
    highlighted(d.sentence.text, d.spans),
    h("p", { class: "legend" },
      h("mark", { class: "span-source" }, "source"), " ",
      h("mark", { class: "span-target" }, "target"), " ",
      h("mark", { class: "span-trigger" }, "trigger"), " ", ...flags(ev)),
    detailFacts(ev, d.group, row),
    h("p", {}, h("a", { href: `#/events?open=${encodeURIComponent(ev.id)}`, class: "permalink" }, "Link to this event")),
    articlePart(d.article, d.sentence));
  panel.focus();
}

export async function render(main, _arg, query) {
  const values = current(query);
  const offset = Number(query.get("offset") || 0);
  const page = await get("events", { ...values, limit: PAGE, offset });
  const panel = h("aside", { class: "detail panel", hidden: true, tabindex: "-1", "aria-labelledby": "detail-title" });
  const rows = Object.fromEntries(page.items.map((ev) => [ev.id, ev]));
  const onOpen = (id) => {
    remember(values, offset, id);
    openEvent(panel, id, rows[id]).catch((err) => mount(panel, note(err.message, "error")));
  };
  panel.addEventListener("close", () => {
    panel.hidden = true;
    remember(values, offset, "");
    for (const row of main.querySelectorAll("tr.selected")) row.classList.remove("selected");
  });
  const table = page.items.length
    ? h("table", { class: "data events" },
      h("caption", {}, "Events in day order (click a row to read its sentence)"),
      h("thead", {}, h("tr", {}, ...[
        ["day", "the event's date, else ~ its article's publication date"], ["source"], ["type"],
        ["target"], ["trigger"], ["outlet"], ["sources", "independent outlets reporting it"],
        ["flags"], ["intensity"]]
        .map(([c, title]) => h("th", { scope: "col", title, class: ["intensity", "sources"].includes(c) ? "n" : null }, c)))),
      h("tbody", {}, ...page.items.map((ev) => eventRow(ev, onOpen, values.q))))
    : note("No events match these filters.");
  mount(main,
    h("h1", {}, "Events"),
    filterForm(values),
    values.article ? h("p", { class: "muted" }, `Only article ${values.article}. `,
      h("a", { href: "#/events" }, "Show all")) : null,
    page.total ? downloads(values, page.total) : null,
    h("div", { class: "split" }, h("div", { class: "list" }, table, pager(page, values)), panel));
  const wanted = query.get("open");
  if (wanted) {
    main.querySelector(`tr[data-event-id="${CSS.escape(wanted)}"]`)?.classList.add("selected");
    onOpen(wanted);
  }
}
