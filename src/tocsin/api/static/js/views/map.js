// World map: countries coloured by the escalation index of the events that happened there
// (by=place: events whose sentence names a place) or of the events their actors took part in
// (by=actor), over a recent window. The country shapes are pre-projected SVG paths
// (vendor/world-110m.json, built by scripts/build_world_map.mjs), so no map library runs in
// the browser.
import { get } from "../api.js";
import { fmt, h, mount, note, section, svg } from "../dom.js";

let shapes = null;

async function loadShapes() {
  if (!shapes) {
    const response = await fetch("/static/vendor/world-110m.json");
    shapes = await response.json();
  }
  return shapes;
}

/** Sequential colour scale, pale yellow → dark red (5 steps; 0 = grey). */
const STEPS = ["#fde6b0", "#f9b873", "#ee7b4b", "#cf4036", "#8f1d2c"];

function colour(value, max) {
  if (!value || value <= 0) return null;
  const i = Math.min(STEPS.length - 1, Math.floor((Math.sqrt(value / max)) * STEPS.length));
  return STEPS[i];
}

function legend(max) {
  return h("p", { class: "map-legend" }, "escalation index: ",
    h("span", { class: "swatch none" }), " none ",
    ...STEPS.map((c, i) => [
      h("span", { class: "swatch", style: `background:${c}` }),
      ` ≤ ${fmt.num(max * ((i + 1) / STEPS.length) ** 2)} `,
    ]).flat());
}

const BY_TEXT = {
  place: "where events happened (a place named in the sentence)",
  actor: "the countries taking part (either side)",
};

/** The map element for the `days` window (links open the events of each country). */
export async function worldMap({ days = 90, small = false, by = "place" } = {}) {
  const [world, data] = await Promise.all([loadShapes(), get("map", { days, by })]);
  const byCode = Object.fromEntries(data.items.map((r) => [r.code, r]));
  const max = Math.max(1, ...data.items.filter((r) => world.countries[r.code]).map((r) => r.escalation));
  const paths = Object.entries(world.countries).map(([code, c]) => {
    const row = byCode[code];
    const fill = colour(row?.escalation, max);
    const where = row?.places?.length ? ` in ${row.places.slice(0, 4).join(", ")}` : "";
    const label = row
      ? `${c.name} (${code}): escalation ${fmt.num(row.escalation)}, ${row.events} events${where}, ${row.conflict_events} conflict`
      : `${c.name} (${code}): no events`;
    const path = svg("path", { d: c.d, class: fill ? "country active" : "country", style: fill ? `fill:${fill}` : null,
      "data-code": code }, svg("title", {}, label));
    // a place links to the events whose sentences name it, an actor to its events
    const href = by === "place" && row?.places?.length
      ? `#/events?q=${encodeURIComponent(`"${row.places[0]}"`)}` : `#/events?actor=${code}`;
    return row ? svg("a", { href, "aria-label": label }, path) : path;
  });
  const map = svg("svg", {
    class: small ? "world small" : "world", viewBox: `0 0 ${world.width} ${world.height}`,
    role: "img", "aria-label": `World map of escalation by ${by}, ${days} days to ${fmt.date(data.until)}`,
    "data-by": by,
  }, ...paths);
  const note = by === "place"
    ? "Only events whose sentence names a place are placed."
    : "Actors without a country shape (NATO, UN, groups) are listed on the Map page.";
  return h("figure", { class: "map" }, map, legend(max),
    h("figcaption", { class: "muted" },
      `Countries by ${BY_TEXT[by]}, ${days} days to ${fmt.date(data.until)}. ${note}`));
}

function ranking(items, by) {
  if (!items.length) return note("No events in this window.");
  const head = by === "place" ? ["country", "places named", "events", "conflict events", "escalation", "mean intensity"]
    : ["actor", "events", "conflict events", "escalation", "mean intensity"];
  return h("table", { class: "data" },
    h("caption", {}, by === "place" ? "Where events happened, by escalation index" : "Actors by escalation index"),
    h("thead", {}, h("tr", {}, ...head.map((c, i) => h("th", { scope: "col", class: i > (by === "place" ? 1 : 0) ? "n" : null }, c)))),
    h("tbody", {}, ...items.slice(0, 30).map((r) => h("tr", {},
      h("td", {}, h("a", { href: `#/events?actor=${r.code}`, class: "code" }, r.code)),
      by === "place" ? h("td", {}, (r.places || []).join(", ")) : null,
      h("td", { class: "n" }, r.events), h("td", { class: "n" }, r.conflict_events),
      h("td", { class: "n" }, fmt.num(r.escalation)), h("td", { class: "n" }, fmt.num(r.intensity_mean, 2))))));
}

export async function render(main, _arg, query) {
  const days = Number(query.get("days") || 90);
  const by = query.get("by") === "actor" ? "actor" : "place";
  const data = await get("map", { days, by });
  const chip = (label, params, on) => h("a", {
    href: `#/map?${new URLSearchParams({ days, by, ...params })}`, class: on ? "chip on" : "chip",
    "aria-pressed": String(on),
  }, label);
  mount(main,
    h("h1", {}, by === "place" ? "Where conflict happened" : "Conflict by country taking part"),
    h("p", { class: "controls" },
      chip("where it happened", { by: "place" }, by === "place"),
      chip("who took part", { by: "actor" }, by === "actor"), " ",
      ...[7, 30, 90, 365].map((d) => chip(`${d} days`, { days: d }, d === days))),
    section("Map", await worldMap({ days, by })),
    section("Ranking", ranking(data.items, by)));
}
