// Fetch JSON from the tocsin REST API; errors carry the catalogue's code, message and fix.

export class ApiError extends Error {
  constructor(body, status) {
    super(`${body.code || status}: ${body.message || "request failed"}`);
    this.body = body;
    this.status = status;
  }
}

/** GET /api/<path> with query `params` (empty values left out); resolves to the JSON body. */
export async function get(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "" && value !== false) {
      query.set(key, value);
    }
  }
  const qs = query.toString();
  const response = await fetch(`/api/${path}${qs ? `?${qs}` : ""}`, {
    headers: { Accept: "application/json" },
  });
  const body = await response.json();
  if (!response.ok) throw new ApiError(body, response.status);
  return body;
}
