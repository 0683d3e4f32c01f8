// Overview: the dyads whose escalation is rising (cards with a weekly sparkline), the latest
// dated alerts of the same window, and the map of where events happened.
import { get } from "../api.js";
import { sparkline } from "../charts.js";
import { fmt, h, mount, note, section } from "../dom.js";
import { alertList } from "./alerts.js";
import { worldMap } from "./map.js";

const WINDOW_DAYS = 30;
const CARDS = 8;
const SPARK_WEEKS = 12;
/** "Latest" alerts are dated ones of the window: an undated or months-old alert is not news. */
const ALERT_DAYS = WINDOW_DAYS;

function daysBefore(day, days) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

function weeksBefore(day, weeks) {
  return daysBefore(day, 7 * weeks);
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
  const stats = await get("stats");
  const last = stats.last_event;
  const [dyads, alerts] = await Promise.all([
    get("dyads", { days: WINDOW_DAYS, limit: CARDS, rising: true }),
    last ? get("alerts", { limit: 6, dated: true, since: daysBefore(last, ALERT_DAYS) })
      : { items: [], total: 0 },
  ]);
  const cards = dyads.length
    ? h("ol", { class: "cards", "aria-label": "Rising dyads" },
      ...(await Promise.all(dyads.map(dyadCard))))
    : note(stats.tables.events
      ? `No dyad's escalation rose over the last ${WINDOW_DAYS} days of data.`
      : "No dyadic events stored yet: analyse some news with `tocsin analyze`.");
  mount(main,
    h("h1", {}, "Overview"),
    section(`Rising dyads — ${WINDOW_DAYS} days to ${fmt.date(last)}`,
      h("p", { class: "muted" },
        `Dyads whose escalation index (conflict intensity weighted by corroboration) rose `,
        `against the ${WINDOW_DAYS} days before, largest rise first. Open a dyad for its timeline.`),
      cards),
    h("div", { class: "two" },
      section(`Latest alerts — ${ALERT_DAYS} days to ${fmt.date(last)}`,
        alertList(alerts.items, { compact: true }),
        h("p", {}, h("a", { href: "#/alerts" }, `All ${fmt.count(stats.tables.alerts || 0, "alert")} →`))),
      section("Where conflict happened, 90 days",
        await worldMap({ days: 90, small: true, by: "place" }))));
}
