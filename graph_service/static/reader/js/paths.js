// "How did A lead to B": the paths /paths finds between two events or actors, drawn as sequences of steps,
// each link named and pointing the way the graph's relationship points.

import { api } from "./api.js";
import { short } from "./dates.js";
import { clear, el } from "./dom.js";

const LINKS = {
  PARTICIPATED_IN: "took part in",
  OCCURRED_IN: "took place in",
  ABOUT: "is about",
  CHANGED_STATE: "changed the state of",
  CAUSED: "caused",
  LED_TO: "led to",
  IN_RESPONSE_TO: "was a response to",
  PART_OF: "is part of",
  BETWEEN: "is between",
  HELD: "held",
  OF_OFFICE: "is a tenure of",
  STARTED: "started",
  ENDED: "ended",
};

function linkText(rel, forward) {
  const words = LINKS[rel.type] || rel.type.toLowerCase().replaceAll("_", " ");
  const state = rel.properties && rel.properties.state ? ` (${rel.properties.state})` : "";
  return forward ? `${words}${state} →` : `← ${words}${state}`;
}

function nodeCard(node, onEvent) {
  const date = node.date ? el("span", { class: "when" }, short(node.date)) : null;
  const name = node.label === "Event"
    ? el("button", { type: "button", class: "linkish", onclick: () => onEvent(node.id) }, node.name)
    : el("span", { class: "name" }, node.name);
  return el("div", { class: `node node-${node.label.toLowerCase()}` },
    el("span", { class: "what" }, node.kind || node.label), name, date);
}

function pathItem(path, index, onEvent) {
  const steps = [];
  const elements = path.elements;
  for (let i = 0; i < elements.length; i += 2) {
    const node = elements[i];
    const rel = i > 0 ? elements[i - 1] : null;
    const forward = rel ? rel.start === elements[i - 2].id : true;
    steps.push(el("li", { class: "step", dataset: { id: node.id, label: node.label } },
      rel ? el("span", { class: "link" }, linkText(rel, forward)) : null,
      nodeCard(node, onEvent)));
  }
  return el("li", { class: "path" },
    el("h3", {}, `Path ${index + 1}: ${path.hops} link${path.hops === 1 ? "" : "s"}`),
    el("ol", { class: "steps" }, steps));
}

export async function showPaths({ from, to, mode }, onEvent) {
  const list = document.getElementById("paths");
  const status = document.getElementById("paths-status");
  status.textContent = "Looking for paths…";
  clear(list);
  try {
    const found = await api("/paths", {}, { from, to, mode });
    clear(list, found.paths.map((p, i) => pathItem(p, i, onEvent)));
    status.textContent = found.paths.length
      ? `${found.paths.length} path${found.paths.length === 1 ? "" : "s"} found, shortest first.`
      : "No path links them within six steps.";
  } catch (error) {
    status.textContent = `Could not find paths: ${error.message}`;
  }
}
