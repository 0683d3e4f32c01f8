// The dashboard's router: #/<view>/<arg>?<query> → a view's render(container, arg, query).
import { get } from "./api.js";
import { fmt, h, mount } from "./dom.js";
import * as alerts from "./views/alerts.js";
import * as dyad from "./views/dyad.js";
import * as events from "./views/events.js";
import * as ledger from "./views/ledger.js";
import * as map from "./views/map.js";
import * as overview from "./views/overview.js";

const VIEWS = { "": overview, dyad, events, ledger, alerts, map };
const NAV_OF = { "": "overview", dyad: "overview" };

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, qs = ""] = raw.split("?");
  const [name = "", ...rest] = path.split("/");
  return { name, arg: decodeURIComponent(rest.join("/")), query: new URLSearchParams(qs) };
}

async function route() {
  const { name, arg, query } = parseHash();
  const view = VIEWS[name] || overview;
  const current = NAV_OF[name] ?? name;
  for (const link of document.querySelectorAll("nav a[data-view]")) {
    if (link.dataset.view === current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const main = document.getElementById("view");
  main.setAttribute("aria-busy", "true");
  try {
    await view.render(main, arg, query);
    const title = main.querySelector("h1")?.textContent || "tocsin";
    document.title = `${title} — tocsin`;
    document.getElementById("status").textContent = `${title} loaded`;
  } catch (err) {
    mount(main, h("div", { class: "error", role: "alert" },
      h("strong", {}, "Could not load this view. "), err.message,
      err.body?.fix ? h("p", {}, err.body.fix) : null));
  } finally {
    main.setAttribute("aria-busy", "false");
  }
}

async function corpusLine() {
  const stats = await get("stats");
  const t = stats.tables;
  mount(document.getElementById("corpus"),
    `${fmt.num(t.articles || 0)} articles · ${fmt.num(t.events || 0)} events · `,
    `${fmt.date(stats.first_published)} … ${fmt.date(stats.last_published)}`,
    stats.writable ? " · writable" : "");
}

window.addEventListener("hashchange", route);
// A link to another view marks the page busy as it is followed, before the hashchange.
document.addEventListener("click", (ev) => {
  const link = ev.target.closest?.("a[href^='#/']");
  const plain = ev.button === 0 && !(ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey);
  if (link && plain && link.getAttribute("href") !== location.hash && !ev.defaultPrevented) {
    document.getElementById("view").setAttribute("aria-busy", "true");
  }
});
window.addEventListener("DOMContentLoaded", () => {
  route();
  corpusLine().catch(() => {});
});
