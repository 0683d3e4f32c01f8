// World map: countries coloured by their escalation index over a recent window. The country
// shapes are pre-projected SVG paths (vendor/world-110m.json, built by
// scripts/build_world_map.mjs), so no map library runs in the browser.
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

/** The map element for the `days` window (links open the events of each country). */
export async function worldMap({ days = 90, small = false } = {}) {
  const [world, data] = await Promise.all([loadShapes(), get("map", { days })]);
  const byCode = Object.fromEntries(data.items.map((r) => [r.code, r]));
  const max = Math.max(1, ...data.items.filter((r) => world.countries[r.code]).map((r) => r.escalation));
  const paths = Object.entries(world.countries).map(([code, c]) => {
    const row = byCode[code];
    const fill = colour(row?.escalation, max);
    const label = row
      ? `${c.name} (${code}): escalation ${fmt.num(row.escalation)}, ${row.events} events, ${row.conflict_events} conflict`
      : `${c.name} (${code}): no events`;
    const path = svg("path", { d: c.d, class: fill ? "country active" : "country", style: fill ? `fill:${fill}` : null,
      "data-code": code }, svg("title", {}, label));
    return row ? svg("a", { href: `#/events?actor=${code}`, "aria-label": label }, path) : path;
  });
  const map = svg("svg", {
    class: small ? "world small" : "world", viewBox: `0 0 ${world.width} ${world.height}`,
    role: "img", "aria-label": `World map of escalation by country, ${days} days to ${fmt.date(data.until)}`,
  }, ...paths);
  return h("figure", { class: "map" }, map, legend(max),
    h("figcaption", { class: "muted" },
      `${days} days to ${fmt.date(data.until)}. Actors without a country shape (NATO, UN, groups) are listed on the Map page.`));
}

function ranking(items) {
  if (!items.length) return note("No events in this window.");
  return h("table", { class: "data" }, h("caption", {}, "Actors by escalation index"),
    h("thead", {}, h("tr", {}, ...["actor", "events", "conflict events", "escalation", "mean intensity"]
      .map((c, i) => h("th", { scope: "col", class: i ? "n" : null }, c)))),
    h("tbody", {}, ...items.slice(0, 30).map((r) => h("tr", {},
      h("td", {}, h("a", { href: `#/events?actor=${r.code}`, class: "code" }, r.code)),
      h("td", { class: "n" }, r.events), h("td", { class: "n" }, r.conflict_events),
      h("td", { class: "n" }, fmt.num(r.escalation)), h("td", { class: "n" }, fmt.num(r.intensity_mean, 2))))));
}

export async function render(main, _arg, query) {
  const days = Number(query.get("days") || 90);
  const data = await get("map", { days });
  const chip = (d) => h("a", { href: `#/map?days=${d}`, class: d === days ? "chip on" : "chip" }, `${d} days`);
  mount(main,
    h("h1", {}, "Conflict intensity by country"),
    h("p", { class: "controls" }, chip(7), chip(30), chip(90), chip(365)),
    section("Map", await worldMap({ days })),
    section("Ranking", ranking(data.items)));
}
