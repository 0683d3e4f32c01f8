// The offline API reference: renders /openapi.json (no Swagger UI, nothing from a CDN).
import { h, mount } from "./dom.js";

function schemaName(schema) {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.anyOf) return schema.anyOf.map(schemaName).filter((s) => s !== "null").join(" | ");
  if (schema.type === "array") return `${schemaName(schema.items)}[]`;
  return schema.enum ? schema.enum.join(" | ") : schema.type || "";
}

function paramRows(params) {
  if (!params?.length) return null;
  return h("table", { class: "data" },
    h("thead", {}, h("tr", {}, ...["parameter", "in", "type", "description"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...params.map((p) => h("tr", {},
      h("td", { class: "code" }, p.name, p.required ? " *" : ""), h("td", {}, p.in),
      h("td", {}, schemaName(p.schema)), h("td", {}, p.description || p.schema?.description || "")))));
}

function tryLink(path, method) {
  if (method !== "get" || path.includes("{")) return null;
  return h("p", {}, h("a", { href: path }, `GET ${path}`), " (opens the JSON)");
}

function endpoint(path, method, op) {
  const ok = op.responses?.["200"] || op.responses?.["201"];
  const schema = ok?.content?.["application/json"]?.schema;
  return h("details", { class: "endpoint", id: op.operationId },
    h("summary", {}, h("span", { class: `method ${method}` }, method.toUpperCase()),
      h("span", { class: "code" }, path), h("span", { class: "muted" }, op.summary || "")),
    h("div", { class: "body" },
      h("p", {}, op.description || ""),
      paramRows(op.parameters),
      op.requestBody ? h("p", {}, "Body: ", h("span", { class: "code" },
        schemaName(op.requestBody.content?.["application/json"]?.schema))) : null,
      schema ? h("p", {}, "Returns: ", h("span", { class: "code" }, schemaName(schema))) : null,
      h("p", { class: "muted" }, "Errors: ", Object.keys(op.responses || {}).filter((c) => c >= "400").join(", ") || "422"),
      tryLink(path, method)));
}

async function main() {
  const spec = await (await fetch("/openapi.json")).json();
  mount(document.getElementById("intro"),
    `${spec.info.title} ${spec.info.version}. `, spec.info.description || "",
    " Schema: ", h("a", { href: "/openapi.json" }, "/openapi.json"), ".");
  const groups = {};
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = op.tags?.[0] || "other";
      (groups[tag] ||= []).push(endpoint(path, method, op));
    }
  }
  mount(document.getElementById("endpoints"),
    ...Object.entries(groups).map(([tag, items]) => h("section", { class: "panel" }, h("h2", {}, tag), ...items)));
}

main();
