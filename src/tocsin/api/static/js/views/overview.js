// Overview: the most escalating dyads (cards with a weekly sparkline), latest alerts, map.
import { get } from "../api.js";
import { sparkline } from "../charts.js";
import { fmt, h, mount, note, section } from "../dom.js";
import { alertList } from "./alerts.js";
import { worldMap } from "./map.js";

const WINDOW_DAYS = 30;
const CARDS = 8;
const SPARK_WEEKS = 12;

function weeksBefore(day, weeks) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 7 * weeks);
  return d.toISOString().slice(0, 10);
}

async function dyadCard(row) {
  const name = `${row.source}:${row.target}`;
  const series = await get("series", {
    dyad: name, freq: "week", since: weeksBefore(row.until, SPARK_WEEKS), until: row.until,
  });
  const values = series.items.map((p) => p.escalation);
  const rising = row.change > 0;
  return h("li", { class: "card" },
    h("a", { href: `#/dyad/${encodeURIComponent(name)}`, class: "card-link" },
      h("span", { class: "dyad" }, fmt.dyad(row.source, row.target)),
      h("span", { class: row.escalation < 0 ? "esc coop" : "esc" }, fmt.num(row.escalation),
        h("small", {}, " escalation")),
      h("span", { class: rising ? "change up" : "change down" },
        `${rising ? "▲" : "▼"} ${fmt.signed(row.change)} vs previous ${WINDOW_DAYS} days`),
      sparkline(values, { label: `weekly escalation of ${name}, last ${SPARK_WEEKS} weeks` }),
      h("span", { class: "counts" },
        `${fmt.count(row.events, "event")} · ${row.material_conflict} material, `,
        `${row.verbal_conflict} verbal conflict · last ${fmt.date(row.last_day)}`)));
}

export async function render(main) {
  const [dyads, alerts] = await Promise.all([
    get("dyads", { days: WINDOW_DAYS, limit: CARDS }),
    get("alerts", { limit: 6 }),
  ]);
  const cards = dyads.length
    ? h("ol", { class: "cards", "aria-label": "Most escalating dyads" },
      ...(await Promise.all(dyads.map(dyadCard))))
    : note("No dyadic events stored yet: analyse some news with `tocsin analyze`.");
  const until = dyads[0]?.until;
  mount(main,
    h("h1", {}, "Overview"),
    section(`Most escalating dyads — ${WINDOW_DAYS} days to ${fmt.date(until)}`,
      h("p", { class: "muted" },
        "Ranked by escalation index (conflict intensity weighted by corroboration). ",
        "Open a dyad for its timeline."),
      cards),
    h("div", { class: "two" },
      section("Latest alerts", alertList(alerts.items, { compact: true }),
        h("p", {}, h("a", { href: "#/alerts" }, "All alerts →"))),
      section("Conflict intensity by country, 90 days", await worldMap({ days: 90, small: true }))));
}
