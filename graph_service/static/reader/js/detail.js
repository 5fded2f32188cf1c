// The side panel: one event with who, where, status, causes and effects, and every source's own words, each with
// a link that opens the source's text at that quote.

import { describe, short } from "./dates.js";
import { clear, el } from "./dom.js";

// How a relation reads from the panel's event, by relation type and direction.
const RELATIONS = {
  CAUSED: { outgoing: "caused", incoming: "was caused by" },
  LED_TO: { outgoing: "led to", incoming: "followed from" },
  IN_RESPONSE_TO: { outgoing: "was a response to", incoming: "drew a response:" },
  PART_OF: { outgoing: "is part of", incoming: "includes" },
};

export function sourceLink(quote) {
  const href = `#source=${encodeURIComponent(quote.source)}&start=${quote.start}&end=${quote.end}`;
  return el("a", { href, class: "source-link" }, "Show in the source");
}

function quoteBlock(quote) {
  return el("figure", { class: "quote" },
    el("blockquote", {}, `“${quote.quote}”`),
    el("figcaption", {}, sourceLink(quote), ` (characters ${quote.start}–${quote.end})`));
}

function eventButton(event, onEvent) {
  return el("button", { type: "button", class: "linkish", onclick: () => onEvent(event.id) },
    `${event.title} (${short(event.date)})`);
}

function related(list, onEvent) {
  if (!list.length) return el("p", { class: "muted" }, "None recorded.");
  return el("ul", { class: "related" }, list.map((r) => el("li", {},
    `${(RELATIONS[r.relation] || {})[r.direction] || r.relation} `, eventButton(r.event, onEvent),
    r.note ? el("p", { class: "muted" }, r.note) : null,
    r.evidence.map(quoteBlock))));
}

function section(title, ...body) {
  return el("section", { class: "detail-part" }, el("h3", {}, title), ...body);
}

export function renderEvent(event, { onEvent, onPathEnd }) {
  document.getElementById("detail-heading").textContent = event.title;
  const participants = event.participants.length
    ? el("ul", {}, event.participants.map((p) => el("li", {}, el("strong", {}, p.actor.name),
      ` (${p.actor.kind || "actor"}), ${p.role}`, p.office ? `, as ${p.office.name}` : "")))
    : el("p", { class: "muted" }, "None recorded.");
  const facts = el("dl", { class: "facts" },
    el("dt", {}, "When"), el("dd", {}, describe(event.date), el("br"), el("span", { class: "muted" },
      `EDTF ${event.date.edtf}`, event.date.text ? `; the source says “${event.date.text}”` : "")),
    el("dt", {}, "Status"), el("dd", { class: `status status-${event.status}` }, event.status),
    el("dt", {}, "Kind"), el("dd", {}, event.kind),
    el("dt", {}, "Place"), el("dd", {}, event.place ? event.place.name : "not stated"),
    event.topics.length ? [el("dt", {}, "About"), el("dd", {}, event.topics.map((t) => t.name).join(", "))] : null,
    event.channel_changes.length ? [el("dt", {}, "Channels"), el("dd", {}, event.channel_changes
      .map((c) => `${c.channel.name}: ${c.state}`).join("; "))] : null);
  const sources = event.sources.map((s) => el("article", { class: "source" },
    el("h4", {}, s.title || s.id),
    el("p", { class: "muted" }, [s.publisher, s.published].filter(Boolean).join(", ")),
    s.quotes.map(quoteBlock)));
  clear(document.getElementById("detail-body"),
    facts,
    event.note ? el("p", { class: "note" }, event.note) : null,
    section("Who took part", participants),
    section("What led to it", related([...event.causes, ...event.part_of], onEvent)),
    section("What it led to", related([...event.effects, ...event.parts], onEvent)),
    section("Sources", sources.length ? sources : el("p", { class: "muted" }, "No source quotes.")),
    el("p", { class: "path-ends" },
      el("button", { type: "button", onclick: () => onPathEnd("from", event.id) }, "Trace a path from here"),
      " ",
      el("button", { type: "button", onclick: () => onPathEnd("to", event.id) }, "Trace a path to here")));
}

export function renderError(message) {
  document.getElementById("detail-heading").textContent = "Event";
  clear(document.getElementById("detail-body"), el("p", { class: "error" }, message));
}
