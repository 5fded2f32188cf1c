// The reader's page: loads the story from the API, draws it, and wires the filters, the panel, the source view
// and the path view together. Everything it needs comes from this service.

import { allPages, api, loadCapabilities, setKnownAt } from "./api.js";
import { short } from "./dates.js";
import { renderError, renderEvent } from "./detail.js";
import { clear, el, say } from "./dom.js";
import { showPaths } from "./paths.js";
import { draw, fit, move, select, zoom } from "./timeline.js";
import { openSource, parseHash, setUpSourceView } from "./source.js";

const MAX_EVENTS = 2000; // beyond this a drawing says nothing; the filters narrow it
const $ = (id) => document.getElementById(id);
let channels = [];

function options(select, entries) {
  select.append(...entries.map(([value, text]) => el("option", { value }, text)));
}

function filterValues() {
  return {
    actor: $("filter-actor").value,
    channel: $("filter-channel").value,
    kind: $("filter-kind").value,
    source: $("filter-source").value,
  };
}

async function histories(channelId) {
  // The channels as the API knows them now ("known on" a day may know fewer): only those have a history.
  channels = await api("/channels");
  const chosen = channelId ? channels.filter((c) => c.id === channelId) : channels;
  const all = await Promise.all(chosen.map((c) =>
    api("/channels/{channel_id}/history", { channel_id: c.id })));
  return all.filter((h) => h.intervals.length);
}

function listEvents(events) {
  clear($("event-list"), events.map((e) => el("li", {},
    el("button", { type: "button", class: "event-button", dataset: { id: e.id }, onclick: () => showEvent(e.id) },
      el("span", { class: "when" }, short(e.date)),
      " ",
      el("span", {}, e.title),
      e.status === "occurred" ? null : el("span", { class: `badge status-${e.status}` }, ` ${e.status}`)))));
}

function listBands(found) {
  const items = found.flatMap(({ channel, intervals }) => intervals.map((i) => el("li", {},
    el("strong", {}, channel.name), `: ${i.state} from ${short(i.start)}`,
    i.end ? ` to ${short(i.end)}` : " on",
    ` (${i.opened_by.event.title}${i.closed_by ? `; until ${i.closed_by.event.title}` : ""})`)));
  clear($("band-list"), items.length ? items : el("li", { class: "muted" }, "No channel changed state."));
}

async function refresh() {
  const filters = filterValues();
  setKnownAt($("filter-known-at").value);
  say("Loading the timeline…");
  try {
    const [{ items, complete }, found] = await Promise.all([
      allPages("/timeline", { ...filters, limit: 500 }, MAX_EVENTS),
      histories(filters.channel),
    ]);
    draw($("timeline"), items, found, showEvent);
    listEvents(items);
    listBands(found);
    say(`${items.length} event${items.length === 1 ? "" : "s"}${complete ? "" : ` (the first ${MAX_EVENTS}; narrow the filters)`}.`);
    return items;
  } catch (error) {
    say(`Could not load the timeline: ${error.message}`);
    return [];
  }
}

async function showEvent(id) {
  select(id);
  for (const b of document.querySelectorAll(".event-button")) b.toggleAttribute("aria-current", b.dataset.id === id);
  try {
    const event = await api("/events/{event_id}", { event_id: id });
    renderEvent(event, { onEvent: showEvent, onPathEnd: setPathEnd });
  } catch (error) {
    renderError(`Could not load the event: ${error.message}`);
  }
  $("detail-heading").focus({ preventScroll: window.innerWidth > 1000 });
}

function setPathEnd(which, id) {
  $(`path-${which}`).value = id;
  $(`path-${which}`).focus();
}

async function fillChoices(events) {
  const [actors, sourcePage] = await Promise.all([api("/actors"), api("/sources", {}, { limit: 500 })]);
  const byName = (a, b) => a.name.localeCompare(b.name);
  options($("filter-actor"), actors.filter((a) => a.event_count > 0).sort(byName).map((a) => [a.id, a.name]));
  options($("filter-channel"), [...channels].sort(byName).map((c) => [c.id, c.name]));  // as known at first load
  options($("filter-kind"), [...new Set(events.map((e) => e.kind))].sort().map((k) => [k, k]));
  options($("filter-source"), sourcePage.items.map((s) => [s.id, s.title || s.id]));
  for (const which of ["from", "to"]) {
    $(`path-${which}`).append(
      el("optgroup", { label: "Events" }, events.map((e) => el("option", { value: e.id },
        `${short(e.date)}: ${e.title}`))),
      el("optgroup", { label: "Actors" }, [...actors].sort(byName).map((a) => el("option", { value: a.id },
        a.name))));
  }
  const sources = sourcePage.items;
  $("sources-line").textContent = sources.length === 1
    ? `From one source: ${sources[0].title || sources[0].id}${sources[0].publisher ? ` (${sources[0].publisher})` : ""}.`
    : `From ${sources.length}${sourcePage.page.next_cursor ? "+" : ""} sources.`;
}

function wire() {
  $("filters").addEventListener("change", () => refresh());
  $("filters").addEventListener("reset", () => setTimeout(refresh));
  for (const b of document.querySelectorAll("[data-move]")) b.addEventListener("click", () => move(Number(b.dataset.move)));
  for (const b of document.querySelectorAll("[data-zoom]")) b.addEventListener("click", () => zoom(Number(b.dataset.zoom)));
  document.querySelector("[data-fit]").addEventListener("click", () => fit());
  $("paths-form").addEventListener("submit", (e) => {
    e.preventDefault();
    showPaths({ from: $("path-from").value, to: $("path-to").value, mode: $("path-mode").value }, showEvent);
  });
  setUpSourceView();
  const openFromHash = () => {
    const target = parseHash(location.hash);
    if (target) openSource(target).catch((error) => say(`Could not open the source: ${error.message}`));
  };
  window.addEventListener("hashchange", openFromHash);
  return openFromHash;
}

async function start() {
  const openFromHash = wire();
  try {
    const capabilities = await loadCapabilities();
    $("known-at-control").hidden = !capabilities.knownAt;
  } catch (error) {
    say(`Could not read the API's description: ${error.message}`);
  }
  const events = await refresh();
  try {
    await fillChoices(events);
  } catch (error) {
    say(`Could not load the filters: ${error.message}`);
  }
  document.body.dataset.ready = "true";
  openFromHash();
}

start();
