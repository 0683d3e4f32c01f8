// Build src/tocsin/api/static/vendor/world-110m.json: one SVG path per country, keyed by
// ISO 3166-1 alpha-3 code, so the dashboard draws the world map with no map library at run
// time (and no network). Build-time only; the generated file is committed.
//
//   mkdir -p /tmp/mapbuild && cd /tmp/mapbuild && npm install world-atlas@2.0.2 \
//     topojson-client@3.1.0 d3-geo@3.1.2 i18n-iso-countries@7.14.0
//   NODE_PATH=/tmp/mapbuild/node_modules node scripts/build_world_map.mjs \
//     /tmp/mapbuild/node_modules src/tocsin/api/static/vendor/world-110m.json
//
// Projection: Natural Earth I fitted to 960 × 480; coordinates rounded to 0.1 px, which is
// below what a browser can show at that size and keeps the file near 100 KB.
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const [modules, out] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), "x.js"));
const topojson = require("topojson-client");
const d3 = require("d3-geo");
const iso = require("i18n-iso-countries");

const WIDTH = 960;
const HEIGHT = 480;
// Features world-atlas ships without a numeric code: keep them under a user-assigned code.
const UNCODED = { Kosovo: "XKX", "N. Cyprus": "XNC", Somaliland: "XSL" };

const topo = JSON.parse(
  readFileSync(require.resolve("world-atlas/countries-110m.json"), "utf-8"),
);
const countries = topojson.feature(topo, topo.objects.countries);
const projection = d3.geoNaturalEarth1().fitSize([WIDTH, HEIGHT], countries);
const toPath = d3.geoPath(projection).digits(1);

const result = { width: WIDTH, height: HEIGHT, source: "world-atlas@2.0.2 countries-110m", countries: {} };
for (const f of countries.features) {
  const name = f.properties.name;
  const code = f.id ? iso.numericToAlpha3(f.id) : UNCODED[name];
  if (!code) {
    console.error(`skipped: ${name} (${f.id})`);
    continue;
  }
  const d = toPath(f);
  if (!d) continue;
  result.countries[code] = { name, d };
}
writeFileSync(out, JSON.stringify(result));
console.error(`${Object.keys(result.countries).length} countries → ${out}`);
