// The source view: a source's whole stored text with one quote marked at its offsets. Offsets count characters
// (code points), as the API does; JavaScript strings count UTF-16 units, so the text is split by code point.

import { api } from "./api.js";
import { clear, el } from "./dom.js";

const cache = new Map();

async function fetchSource(id) {
  if (!cache.has(id)) cache.set(id, api("/sources/{source_id}", { source_id: id }));
  return cache.get(id);
}

export function parseHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const id = params.get("source");
  const start = Number(params.get("start"));
  const end = Number(params.get("end"));
  if (!id || !Number.isInteger(start) || !Number.isInteger(end) || end < start) return null;
  return { id, start, end };
}

export async function openSource({ id, start, end }) {
  const dialog = document.getElementById("source-view");
  const body = document.getElementById("source-text");
  const source = await fetchSource(id);
  document.getElementById("source-title").textContent = source.title || source.id;
  document.getElementById("source-meta").textContent =
    [source.publisher, source.published && `published ${source.published}${source.published_basis === "inferred"
      ? " (inferred)" : ""}`, source.url].filter(Boolean).join(" · ");
  if (source.text === null) {
    clear(body, el("p", {}, "This source has no stored text (it is known only by its address)."));
  } else {
    const chars = Array.from(source.text);
    const inRange = end <= chars.length;
    document.getElementById("source-quote-note").textContent = inRange
      ? `The quote is marked: characters ${start} to ${end} of ${chars.length}.`
      : `The quote's offsets (${start}-${end}) lie outside this text of ${chars.length} characters.`;
    if (inRange) {
      const mark = el("mark", { id: "quote-mark" }, chars.slice(start, end).join(""));
      clear(body, chars.slice(0, start).join(""), mark, chars.slice(end).join(""));
    } else {
      clear(body, source.text);
    }
  }
  if (!dialog.open) dialog.showModal();
  const mark = document.getElementById("quote-mark");
  if (mark) mark.scrollIntoView({ block: "center" });
}

export function setUpSourceView() {
  const dialog = document.getElementById("source-view");
  document.getElementById("source-close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    if (location.hash.startsWith("#source=")) history.replaceState(null, "", location.pathname + location.search);
  });
}
