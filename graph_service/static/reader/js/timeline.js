// The drawing: events on a vis-timeline axis at their real uncertainty, channel states as bands behind them.
// Occurred events and the rest (expected, planned, cancelled) are in separate rows.

import { addDays, drawn, fadeDays, short } from "./dates.js";
import { el } from "./dom.js";

const GROUPS = [
  { id: "occurred", content: el("span", {}, "Occurred") },
  { id: "other", content: el("span", {}, "Expected", el("br"), "or planned") },
];

let timeline = null;
let items = null;

function label(event) {
  return event.title.length > 40 ? `${event.title.slice(0, 38)}…` : event.title;
}

function eventItem(event, fade) {
  const shape = drawn(event.date, fade);
  const classes = ["ev", `prec-${event.date.precision}`, `status-${event.status}`];
  if (shape.open) classes.push(`open-${shape.open}`);
  const status = event.status === "occurred" ? "" : ` (${event.status})`;
  return {
    id: event.id,
    group: event.status === "occurred" ? "occurred" : "other",
    type: shape.type,
    start: shape.start,
    end: shape.end || undefined,
    content: el("span", {}, label(event) + status),
    title: `${short(event.date)}: ${event.title}${status}`,
    className: classes.join(" "),
  };
}

// An interval of a channel's state: the part it surely held (after the opening event's latest day, before the
// closing event's earliest day), and paler edges where the changes' own dates are uncertain.
function bandItems(channel, interval, fade, end) {
  const out = [];
  const base = { type: "background", className: `band state-${interval.state}` };
  const opened = drawn(interval.start, fade);
  const closed = interval.end ? drawn(interval.end, fade) : null;
  const sureFrom = opened.end || opened.start;
  const sureTo = closed ? closed.start : end;
  const name = `${channel.name}: ${interval.state}`;
  const id = `band:${channel.id}:${interval.opened_by.event.id}`;
  if (sureTo > sureFrom) {
    out.push({ ...base, id, start: sureFrom, end: sureTo, content: el("span", { class: "band-label" }, name),
      title: name });
  }
  if (opened.end) {
    out.push({ ...base, id: `${id}:from`, start: opened.start, end: opened.end,
      className: `${base.className} band-edge edge-${opened.open === "start" ? "fade-in" : "from"}` });
  }
  if (closed && closed.end) {
    out.push({ ...base, id: `${id}:to`, start: closed.start, end: closed.end,
      className: `${base.className} band-edge edge-to` });
  }
  return out;
}

export function draw(container, events, histories, onSelect) {
  const spans = events.map((e) => e.date);
  const fade = fadeDays(spans);
  const eventItems = events.map((e) => eventItem(e, fade));
  const ends = eventItems.map((i) => (i.end || i.start).getTime());
  const starts = eventItems.map((i) => i.start.getTime());
  const last = ends.length ? new Date(Math.max(...ends)) : new Date();
  const bands = histories.flatMap(({ channel, intervals }) =>
    intervals.flatMap((interval) => bandItems(channel, interval, fade, addDays(last, fade))));
  const all = [...eventItems, ...bands];
  if (!timeline) {
    items = new vis.DataSet(all);
    timeline = new vis.Timeline(container, items, GROUPS, {
      stack: true,
      orientation: { axis: "top", item: "top" },
      zoomKey: "ctrlKey",
      margin: { item: { horizontal: 4, vertical: 3 } },
      dataAttributes: ["id"],
      moment: (date) => vis.moment(date).utc(),
      showCurrentTime: false,
      selectable: true,
      tooltip: { followMouse: false },
      groupHeightMode: "auto",
    });
    timeline.on("select", ({ items: chosen }) => {
      if (chosen.length && !String(chosen[0]).startsWith("band:")) onSelect(chosen[0]);
    });
  } else {
    items.clear();
    items.add(all);
  }
  if (starts.length) {
    const first = Math.min(...starts);
    const span = last.getTime() - first;
    // More room on the right: labels run past the bars they name.
    timeline.setWindow(new Date(first - span * 0.03), new Date(last.getTime() + span * 0.1), { animation: false });
  }
}

export function select(id) {
  if (!timeline || !items.get(id)) return;
  timeline.setSelection([id]);
  const item = items.get(id);
  const from = item.start.getTime();
  const to = (item.end || item.start).getTime();
  const window = timeline.getWindow();
  if (to < window.start.getTime() || from > window.end.getTime()) timeline.moveTo(new Date((from + to) / 2));
}

export function move(fraction) {
  const { start, end } = timeline.getWindow();
  const shift = (end - start) * fraction;
  timeline.setWindow(new Date(start.getTime() + shift), new Date(end.getTime() + shift));
}

export function zoom(factor) {
  if (factor > 0) timeline.zoomIn(factor);
  else timeline.zoomOut(-factor);
}

export function fit() {
  timeline.fit();
}

