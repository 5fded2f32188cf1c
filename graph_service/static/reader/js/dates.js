// Dates as the API gives them (EDTF, inclusive day bounds, precision), turned into what is drawn and said.
// Nothing is made more precise than the source: a month is drawn over its whole month, an open bound fades out.

const DAY_MS = 86_400_000;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];

export function day(iso) {
  return new Date(`${iso}T00:00:00Z`);
}

function after(iso) {
  return new Date(day(iso).getTime() + DAY_MS);
}

export function addDays(date, days) {
  return new Date(date.getTime() + days * DAY_MS);
}

// How long an open bound's fading bar is: long enough to read as "some time before/after", no claim of its own.
export function fadeDays(spans) {
  const bounds = spans.flatMap((s) => [s.lower, s.upper]).filter(Boolean).map((d) => day(d).getTime());
  if (bounds.length < 2) return 90;
  const range = (Math.max(...bounds) - Math.min(...bounds)) / DAY_MS;
  return Math.max(30, Math.round(range * 0.15));
}

// {type: "point"|"range", start, end, open: "start"|"end"|null} for a vis-timeline item.
export function drawn(span, fade) {
  if (span.precision === "day" && span.lower) return { type: "point", start: day(span.lower), end: null, open: null };
  if (span.lower && span.upper) return { type: "range", start: day(span.lower), end: after(span.upper), open: null };
  if (span.upper) return { type: "range", start: addDays(after(span.upper), -fade), end: after(span.upper), open: "start" };
  return { type: "range", start: day(span.lower), end: addDays(day(span.lower), fade), open: "end" };
}

export function longDay(iso) {
  const d = day(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

// The date in words, as precise as it is and no more.
export function describe(span) {
  const lower = span.lower && day(span.lower);
  switch (span.precision) {
    case "day":
      return longDay(span.lower);
    case "month":
      return `some day in ${MONTHS[lower.getUTCMonth()]} ${lower.getUTCFullYear()}`;
    case "year":
      return `some day in ${lower.getUTCFullYear()}`;
    case "before":
      return `on or before ${longDay(span.upper)} (how long before is not known)`;
    case "after":
      return `on or after ${longDay(span.lower)} (how long after is not known)`;
    default:
      return `between ${longDay(span.lower)} and ${longDay(span.upper)}`;
  }
}

// Short form for lists: the EDTF with a word for what it means.
export function short(span) {
  return span.edtf.replace(/^\.\.\//, "by ").replace(/\/\.\.$/, " or later").replace("/", " to ");
}
