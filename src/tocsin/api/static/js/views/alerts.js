// Alerts: what the rules raised, newest first, each with links to its evidence events.
import { get } from "../api.js";
import { fmt, h, mount, note } from "../dom.js";

/** The alert's dyad, linked to its timeline when both sides are known. */
function dyadOf(a) {
  if (!a.source_code && !a.target_code) return null;
  const label = `${a.source_code || "any"} → ${a.target_code || "any"}`;
  if (!a.source_code || !a.target_code) return h("span", { class: "dyad" }, label);
  const name = `${a.source_code}:${a.target_code}`;
  return h("a", { class: "dyad", href: `#/dyad/${encodeURIComponent(name)}` }, label);
}

function evidenceLinks(ids) {
  const events = (ids || []).filter((id) => !id.includes(":"));
  const redline = (ids || []).find((id) => id.startsWith("redline:"))?.slice("redline:".length);
  if (!events.length) return null;
  return h("span", { class: "evidence" },
    redline ? [h("a", { href: `#/ledger?redline=${encodeURIComponent(redline)}` }, "red line"), " · "] : null,
    "evidence: ",
    ...events.slice(0, 5).flatMap((id, i) => [
      i ? ", " : "",
      h("a", { href: `#/events?open=${encodeURIComponent(id)}` }, `event ${i + 1}`),
    ]),
    events.length > 5 ? ` and ${events.length - 5} more` : "");
}

/** A list of alerts (`compact` leaves out the value and delivery state). */
export function alertList(items, { compact = false } = {}) {
  if (!items.length) return note("No alerts raised.");
  return h("ul", { class: "alerts" }, ...items.map((a) => h("li", { class: `alert sev-${a.severity}` },
    h("span", { class: `sev ${a.severity}` }, a.severity),
    h("span", { class: "when" }, fmt.date(a.date)),
    dyadOf(a),
    h("span", { class: "msg" }, a.message),
    a.confidence == null ? null : h("span", { class: "confidence", title: "how sure: from its events' confidence and independent sources" },
      `confidence ${fmt.num(a.confidence, 2)}`),
    compact || !a.reason ? null : h("span", { class: "why" }, `why: ${a.reason}`),
    compact ? null : h("span", { class: "muted" },
      ` rule ${a.rule}${a.value == null ? "" : `, value ${fmt.num(a.value)}`}, ${a.delivery_status}`),
    evidenceLinks(a.evidence))));
}

export async function render(main, _arg, query) {
  const page = await get("alerts", { limit: 200, rule: query.get("rule") || "" });
  const rules = [...new Set(page.items.map((a) => a.rule))].sort();
  mount(main,
    h("h1", {}, "Alerts"),
    h("p", { class: "controls" },
      h("a", { href: "#/alerts", class: query.get("rule") ? "chip" : "chip on" }, "all rules"),
      ...rules.map((r) => h("a", {
        href: `#/alerts?rule=${encodeURIComponent(r)}`, class: query.get("rule") === r ? "chip on" : "chip",
      }, r))),
    h("p", { class: "muted" }, `${page.total} alerts. Rules and thresholds: docs/monitoring.md.`),
    h("section", { class: "panel" }, alertList(page.items)));
}
