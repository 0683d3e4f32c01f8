// Small DOM and formatting helpers shared by the views (no framework).

/** Create an element: h("a", {href: "#"}, "text", child, ...). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  append(el, children);
  return el;
}

/** Create an SVG element with attributes. */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) el.setAttribute(key, value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replace the children of `el`. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const fmt = {
  num(v, digits = 1) {
    if (v === null || v === undefined || Number.isNaN(v)) return "–";
    return Number.isInteger(v) ? v.toLocaleString("en") : v.toFixed(digits);
  },
  signed(v, digits = 1) {
    if (v === null || v === undefined) return "–";
    const s = Math.abs(v).toFixed(digits);
    return v > 0 ? `+${s}` : v < 0 ? `−${s}` : s;
  },
  date(v) {
    return v ? String(v).slice(0, 10) : "–";
  },
  /** "1 event", "3 events". */
  count(n, word) {
    return `${fmt.num(n ?? 0)} ${word}${n === 1 ? "" : "s"}`;
  },
  dyad(s, t) {
    return `${s || "?"} → ${t || "?"}`;
  },
};

/** PLOVER quad class of each type (records.QUAD_CLASS) and the class names. */
export const QUAD = {
  AGREE: 1, CONSULT: 1, SUPPORT: 1, CONCEDE: 1, COOPERATE: 2, AID: 2, RETREAT: 2,
  REQUEST: 3, ACCUSE: 3, REJECT: 3, THREATEN: 3, PROTEST: 4, SANCTION: 4, MOBILIZE: 4,
  COERCE: 4, ASSAULT: 4,
};
export const QUAD_NAMES = {
  1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict",
};

/** A type badge coloured by quad class (with the class as accessible text). */
export function typeBadge(type) {
  const quad = QUAD[type] || 0;
  return h("span", { class: `badge q${quad}`, title: QUAD_NAMES[quad] || "" }, type);
}

/** An error or empty-state paragraph. */
export function note(text, cls = "muted") {
  return h("p", { class: cls }, text);
}

/** A section with a heading. */
export function section(title, ...children) {
  return h("section", { class: "panel" }, h("h2", {}, title), ...children);
}
