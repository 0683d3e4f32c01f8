// One dyad: timeline charts (events by quad class, escalation, intensity) with its threats,
// red lines and alerts marked, the list of those markers, and the periods.
import { get } from "../api.js";
import { MARKERS, eventsChart, intensityChart } from "../charts.js";
import { fmt, h, mount, note, section } from "../dom.js";

function controls(name, query) {
  const freq = query.get("freq") || "day";
  const both = query.get("both") === "true";
  const link = (label, params, current) => h("a", {
    href: `#/dyad/${encodeURIComponent(name)}?${new URLSearchParams(params)}`,
    class: current ? "chip on" : "chip", "aria-pressed": String(current),
  }, label);
  const [s, t] = name.split(":");
  return h("p", { class: "controls" },
    link("daily", { freq: "day", both }, freq === "day"),
    link("weekly", { freq: "week", both }, freq === "week"),
    link(`${s} → ${t} only`, { freq, both: false }, !both),
    link("both directions", { freq, both: true }, both),
    h("a", { href: `#/events?source=${s}&target=${t}`, class: "chip" }, "events of this dyad →"),
    h("a", { href: `#/dyad/${encodeURIComponent(`${t}:${s}`)}?freq=${freq}`, class: "chip" },
      `reverse: ${t} → ${s}`));
}

function periodsTable(items) {
  const rows = items.filter((r) => r.events > 0).reverse();
  if (!rows.length) return note("No events in this period.");
  return h("table", { class: "data" },
    h("caption", {}, "Periods with events, newest first"),
    h("thead", {}, h("tr", {},
      ...["period", "events", "verbal coop.", "material coop.", "verbal conflict",
        "material conflict", "articles", "mean intensity", "escalation"]
        .map((c, i) => h("th", { scope: "col", class: i ? "n" : null }, c)))),
    h("tbody", {}, ...rows.map((r) => h("tr", {},
      h("td", {}, fmt.date(r.period)), h("td", { class: "n" }, r.events),
      h("td", { class: "n" }, r.verbal_coop), h("td", { class: "n" }, r.material_coop),
      h("td", { class: "n" }, r.verbal_conflict), h("td", { class: "n" }, r.material_conflict),
      h("td", { class: "n" }, fmt.num(r.articles)), h("td", { class: "n" }, fmt.num(r.intensity_mean, 2)),
      h("td", { class: "n" }, fmt.num(r.escalation))))));
}

function markerKey() {
  return h("p", { class: "marker-key" }, "Marked above the bars: ",
    ...Object.values(MARKERS).flatMap((m) => [
      h("span", { class: "marker", style: `color:${m.color}` }, m.shape), ` ${m.label}  `]));
}

/** Where a marker leads: its event, else its red line in the ledger. */
function markerLink(m) {
  if (m.event_id) return `#/events?open=${encodeURIComponent(m.event_id)}`;
  if (m.redline_id) return `#/ledger?redline=${encodeURIComponent(m.redline_id)}`;
  return null;
}

function markerList(markers) {
  if (!markers.length) return note("No threats, red lines or alerts for this dyad.");
  return h("ul", { class: "markers" }, ...markers.slice().reverse().map((m) => {
    const look = MARKERS[m.kind] || { color: "#555", shape: "•", label: m.kind };
    const href = markerLink(m);
    return h("li", { "data-kind": m.kind },
      h("span", { class: "marker", style: `color:${look.color}`, "aria-hidden": "true" }, look.shape),
      h("span", { class: "when" }, fmt.date(m.date)), " ",
      h("span", { class: "kind" }, look.label), " ",
      href ? h("a", { href }, m.label || m.id) : m.label || m.id,
      m.source_code ? h("small", { class: "muted" }, ` ${fmt.dyad(m.source_code, m.target_code)}`) : null);
  }));
}

export async function render(main, name, query) {
  const freq = query.get("freq") || "day";
  const both = query.get("both") === "true";
  const [series, markers] = await Promise.all([
    get("series", { dyad: name, freq, both }),
    get("markers", { dyad: name, both }),
  ]);
  const items = series.items;
  const width = Math.max(320, Math.min(1240, main.clientWidth - 80));
  const title = series.undirected ? `${series.source} ↔ ${series.target}` : fmt.dyad(series.source, series.target);
  const total = items.reduce((n, r) => n + r.events, 0);
  mount(main,
    h("h1", {}, title),
    controls(name, query),
    items.length
      ? section(`Timeline (${freq === "day" ? "daily" : "weekly"}, ${total} events)`,
        markers.length ? markerKey() : null,
        h("div", { class: "chart-box", "data-points": String(items.length), "data-markers": String(markers.length) },
          eventsChart(items, { width, markers, freq }), intensityChart(items, { width })))
      : section("Timeline", note(`No events for ${title} yet.`)),
    section(`Threats, red lines and alerts (${markers.length})`, markerList(markers)),
    section("Periods", periodsTable(items)));
}
