// The dashboard's router: #/<view>/<arg>?<query> → a view's render(container, arg, query);
// an unknown view shows a not-found page. The header shows the corpus and, under
// `tocsin watch`, the watcher's progress and schedule, and offers to refresh the view when
// new articles have arrived.
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
/** Seconds between two looks at the watcher's status. */
const WATCH_EVERY_S = 5;

const notFound = {
  async render(main, _arg, _query, name) {
    mount(main,
      h("h1", {}, "Page not found"),
      h("p", {}, `The dashboard has no view “${name}”. `,
        h("a", { href: "#/" }, "Go to the overview"), " or pick a view above."));
  },
};

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, qs = ""] = raw.split("?");
  const [name = "", ...rest] = path.split("/");
  return { name, arg: decodeURIComponent(rest.join("/")), query: new URLSearchParams(qs) };
}

async function route() {
  const { name, arg, query } = parseHash();
  const known = Object.hasOwn(VIEWS, name);
  const view = known ? VIEWS[name] : notFound;
  const current = known ? NAV_OF[name] ?? name : null;
  for (const link of document.querySelectorAll("nav a[data-view]")) {
    if (link.dataset.view === current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const main = document.getElementById("view");
  main.setAttribute("aria-busy", "true");
  main.dataset.view = known ? name || "overview" : "not-found";
  try {
    await view.render(main, arg, query, name);
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

function clock(iso) {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }) : "–";
}

/** The watcher's line: what it polls, the poll under way, the last and the next. */
function watchLine(w) {
  const last = w.last_poll;
  const now = w.current
    ? h("span", { class: "polling" }, `polling: ${fmt.count(w.current.articles_read, "article")} read, `,
      `${w.current.articles_added} new so far`)
    : h("span", {}, `next poll ${clock(w.next_poll_at)}`);
  const lastText = !last ? "first poll under way"
    : last.error ? `last poll ${clock(last.finished_at)} failed: ${last.error}`
      : `last poll ${clock(last.finished_at)}`;
  const news = w.last_new
    ? ` · last new articles ${clock(w.last_new.finished_at)} (+${w.last_new.articles_added})` : "";
  return [h("span", { class: "dot", "aria-hidden": "true" }, "●"),
    ` watching ${fmt.count(w.sources.length, "source")} every ${fmt.num(w.interval_s)} s · `,
    lastText, news, " · ", now];
}

let seenAdded = null;

async function watchStatus() {
  const box = document.getElementById("watch");
  let w;
  try {
    w = await get("watch");
  } catch {
    return true; // the server is restarting: look again later
  }
  if (!w.watching) {
    box.hidden = true;
    return false;
  }
  box.hidden = false;
  const added = w.totals.articles_added;
  seenAdded ??= added;
  const fresh = added - seenAdded;
  mount(box, ...watchLine(w),
    fresh > 0 ? h("button", {
      type: "button", class: "small fresh",
      onclick: () => { seenAdded = added; corpusLine().catch(() => {}); route(); watchStatus(); },
    }, `${fmt.count(fresh, "new article")} — refresh`) : null);
  box.dataset.articlesAdded = String(added);
  box.dataset.state = w.state;
  return true;
}

async function followWatch() {
  if (await watchStatus()) setTimeout(followWatch, WATCH_EVERY_S * 1000);
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
  followWatch();
});
