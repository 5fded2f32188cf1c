// The API, read like any other client reads it. When the API advertises `known_at` on a route (in its OpenAPI
// document), the "known on" date the reader picked is sent to that route; elsewhere it is not.

const knownAtRoutes = new Set();
let knownAt = "";

export class ApiError extends Error {}

export async function loadCapabilities() {
  const doc = await getJSON("/openapi.json");
  for (const [route, item] of Object.entries(doc.paths || {})) {
    const params = (item.get && item.get.parameters) || [];
    if (params.some((p) => p.name === "known_at")) knownAtRoutes.add(route);
  }
  return { knownAt: knownAtRoutes.size > 0 };
}

export function setKnownAt(day) {
  knownAt = day || "";
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const problem = await response.json();
      if (problem.detail) detail = problem.detail;
    } catch {
      // not a problem document: the status line says enough
    }
    throw new ApiError(`${url}: ${detail}`);
  }
  return response.json();
}

// api("/events/{event_id}", {event_id: "x"}, {limit: 5}); a query value that is an array repeats the parameter.
export function api(route, pathParams = {}, query = {}) {
  const path = route.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(pathParams[name]));
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== "" && one !== null && one !== undefined) search.append(name, one);
    }
  }
  if (knownAt && knownAtRoutes.has(route)) search.set("known_at", knownAt);
  const qs = search.toString();
  return getJSON(qs ? `${path}?${qs}` : path);
}

// Every page of a paged route, up to `max` items.
export async function allPages(route, query, max) {
  const items = [];
  let cursor = null;
  do {
    const page = await api(route, {}, { ...query, cursor });
    items.push(...page.items);
    cursor = page.page.next_cursor;
  } while (cursor && items.length < max);
  return { items: items.slice(0, max), complete: !cursor };
}
