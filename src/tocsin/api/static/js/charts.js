// Charts: an inline SVG sparkline, and the dyad timeline drawn with uPlot (vendored).
import { h, svg } from "./dom.js";

const COLORS = {
  q1: "#8dbbe8", q2: "#2f6fb0", q3: "#f0a04b", q4: "#c8413c",
  escalation: "#1d2a3a", mean: "#7b4fa0", sum: "#8a8a8a",
};

/** A sparkline of `values` (SVG polyline with the last point marked). */
export function sparkline(values, { width = 160, height = 36, label = "" } = {}) {
  const n = values.length;
  const max = Math.max(1e-9, ...values);
  const min = Math.min(0, ...values);
  const x = (i) => (n <= 1 ? width / 2 : (i * (width - 6)) / (n - 1) + 3);
  const y = (v) => height - 3 - ((v - min) / (max - min || 1)) * (height - 6);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  return svg("svg", {
    class: "spark", width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": label,
  },
    svg("line", { x1: 0, x2: width, y1: y(0), y2: y(0), class: "spark-base" }),
    svg("polyline", { points, class: "spark-line" }),
    n ? svg("circle", { cx: x(n - 1), cy: y(values[n - 1]), r: 2.5, class: "spark-dot" }) : null,
  );
}

/** An x range one period wider on the right, so that the last bar is drawn whole. */
function padded(x) {
  const step = x.length > 1 ? x[1] - x[0] : 86400;
  return (u, lo, hi) => [lo, hi + step];
}

function seconds(period) {
  return Date.parse(`${period}T00:00:00Z`) / 1000;
}

/** How each timeline marker is drawn: colour, shape and the row it sits on at the top. */
export const MARKERS = {
  threat: { color: "#b36b00", shape: "▲", label: "threat", row: 0 },
  redline_stated: { color: "#6b3fa0", shape: "◆", label: "red line stated", row: 1 },
  redline_crossed: { color: "#c8102e", shape: "✕", label: "red line crossed", row: 2 },
  alert: { color: "#8f1d2c", shape: "●", label: "alert", row: 3 },
};

/** The start of the period (day, or Monday of the ISO week) a date falls in, in seconds. */
export function periodOf(day, freq) {
  const d = new Date(`${day}T00:00:00Z`);
  if (freq === "week") d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.getTime() / 1000;
}

/** A uPlot plugin that draws `markers` ({kind, x (seconds)}) at the top of the plot, each
 * kind on its own row, with a faint line down to the bars. */
function markerPlugin(markers, step) {
  return {
    hooks: {
      draw: [(u) => {
        const { ctx } = u;
        const ratio = window.devicePixelRatio || 1;
        const { top, height } = u.bbox;
        ctx.save();
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        ctx.font = `${11 * ratio}px system-ui, sans-serif`;
        for (const m of markers) {
          const look = MARKERS[m.kind];
          if (!look || m.x < u.scales.x.min || m.x > u.scales.x.max) continue;
          const x = u.valToPos(m.x + step / 2, "x", true);
          const y = top + (look.row * 12 + 7) * ratio;
          ctx.strokeStyle = `${look.color}55`;
          ctx.setLineDash([3 * ratio, 3 * ratio]);
          ctx.beginPath();
          ctx.moveTo(x, y + 5 * ratio);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          ctx.fillStyle = look.color;
          ctx.fillText(look.shape, x, y);
        }
        ctx.restore();
      }],
    },
  };
}

/** uPlot's bar path builder. */
function bars() {
  return window.uPlot.paths.bars({ size: [0.8, 60], align: 0 });
}

/**
 * The timeline of one dyad: events by quad class as stacked bars (left axis) and the
 * escalation index as a line (right axis). Returns the chart's container.
 */
export function eventsChart(items, { width = 900, height = 300, markers = [], freq = "day" } = {}) {
  const x = items.map((r) => seconds(r.period));
  const step = x.length > 1 ? x[1] - x[0] : (freq === "week" ? 7 : 1) * 86400;
  const placed = markers.map((m) => ({ ...m, x: periodOf(m.date, freq) }));
  // Stacked bars: each series is the cumulative count up to its class, drawn largest first,
  // so every class shows as its own band; the legend shows the class's own count.
  const q4 = items.map((r) => r.material_conflict);
  const q3 = items.map((r, i) => q4[i] + r.verbal_conflict);
  const q2 = items.map((r, i) => q3[i] + r.material_coop);
  const q1 = items.map((r, i) => q2[i] + r.verbal_coop);
  const raw = { 1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict" };
  const bar = (label, quad) => ({
    label, scale: "n", fill: COLORS[`q${quad}`], stroke: COLORS[`q${quad}`], paths: bars(),
    points: { show: false }, value: (u, v, s, i) => (i == null ? "–" : items[i][raw[quad]]),
  });
  const opts = {
    width, height, title: "Events by quad class and escalation index",
    plugins: placed.length ? [markerPlugin(placed, step)] : [],
    // head-room above the bars for the marker rows
    scales: { x: { time: true, range: padded(x) }, n: { range: (u, lo, hi) => [0, Math.max(1, hi) * (placed.length ? 1.35 : 1)] } },
    axes: [
      {},
      { scale: "n", label: "events", incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000] },
      { scale: "esc", side: 1, label: "escalation", grid: { show: false } },
    ],
    series: [
      {},
      bar("verbal cooperation", 1), bar("material cooperation", 2),
      bar("verbal conflict", 3), bar("material conflict", 4),
      {
        label: "escalation", scale: "esc", stroke: COLORS.escalation, width: 2,
        value: (u, v) => (v == null ? "–" : v.toFixed(1)),
      },
    ],
  };
  const gapless = (values) => values.map((v) => (v > 0 ? v : null)); // no hairline for 0
  const data = [x, gapless(q1), gapless(q2), gapless(q3), gapless(q4), items.map((r) => r.escalation)];
  return plot(opts, data, "Events by quad class (stacked bars) and escalation index (line)");
}

/** Mean and summed intensity per period (PLOVER scale, −10 conflict … +10 cooperation). */
export function intensityChart(items, { width = 900, height = 220 } = {}) {
  const x = items.map((r) => seconds(r.period));
  const opts = {
    width, height, title: "Intensity (PLOVER scale: −10 conflict … +10 cooperation)",
    scales: { x: { time: true, range: padded(x) }, m: { range: [-10, 10] } },
    axes: [
      {},
      { scale: "m", label: "mean" },
      { scale: "s", side: 1, label: "sum", grid: { show: false } },
    ],
    series: [
      {},
      {
        label: "mean intensity", scale: "m", stroke: COLORS.mean, width: 2,
        points: { show: true, size: 5 }, value: (u, v) => (v == null ? "–" : v.toFixed(2)),
      },
      {
        label: "summed intensity", scale: "s", stroke: COLORS.sum, width: 1, dash: [4, 4],
        value: (u, v) => (v == null ? "–" : v.toFixed(1)),
      },
    ],
  };
  const data = [
    x,
    items.map((r) => r.intensity_mean),
    items.map((r) => r.intensity_sum),
  ];
  return plot(opts, data, "Mean intensity (line) and summed intensity (dashed) per period");
}

function plot(opts, data, label) {
  const box = h("figure", { class: "chart", role: "group", "aria-label": label });
  if (!window.uPlot) {
    box.append(h("p", { class: "muted" }, "Chart library not loaded."));
    return box;
  }
  box.chart = new window.uPlot(opts, data, box);
  return box;
}
