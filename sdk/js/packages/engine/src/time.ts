/**
 * Times and dates as Python's datetime reads them (`datetime.fromisoformat`, `date.fromisoformat`
 * of Python 3.11), held as plain numbers: an instant is microseconds since the epoch (exact for
 * any year Python accepts, within Number's safe range), a date is its ISO text "YYYY-MM-DD" (which
 * orders like the date). Local time in a zone comes from Intl.DateTimeFormat: no Node-only API.
 */

export const DAY_US = 86_400_000_000;

/** An instant (microseconds since 1970-01-01 UTC) and whether its text named a zone. */
export interface Instant {
  us: number;
  aware: boolean;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function leap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export function dayNumber(y: number, m: number, d: number): number {
  // Howard Hinnant's days_from_civil.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The ISO date text of a day number. */
export function dayText(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= (m === 2 && leap(y) ? 29 : (DAYS_IN_MONTH[m - 1] as number));
}

/** Day number of ISO week `w`, weekday `d` (1 = Monday) of ISO year `y`. */
function isoWeekDay(y: number, w: number, d: number): number | null {
  if (w < 1 || d < 1 || d > 7) return null;
  const jan4 = dayNumber(y, 1, 4);
  const jan4Weekday = (((jan4 + 3) % 7) + 7) % 7; // 0 = Monday (1970-01-01 was a Thursday)
  const week1Monday = jan4 - jan4Weekday;
  if (w > 52) {
    // a year has 53 weeks when it starts on a Thursday, or a leap year on a Wednesday
    const jan1Weekday = (((dayNumber(y, 1, 1) + 3) % 7) + 7) % 7;
    if (!(w === 53 && (jan1Weekday === 3 || (jan1Weekday === 2 && leap(y))))) return null;
  }
  return week1Monday + (w - 1) * 7 + (d - 1);
}

const DATE_FORMS: [RegExp, (g: string[]) => number | null][] = [
  [/^(\d{4})-(\d{2})-(\d{2})$/, (g) => civil(g)],
  [/^(\d{4})(\d{2})(\d{2})$/, (g) => civil(g)],
  [/^(\d{4})-?W(\d{2})(?:-?(\d))?$/, (g) => (Number(g[1]) < 1 ? null : isoWeekDay(Number(g[1]), Number(g[2]), g[3] ? Number(g[3]) : 1))],
];

function civil(g: string[]): number | null {
  const [y, m, d] = [Number(g[1]), Number(g[2]), Number(g[3])];
  return validDate(y, m, d) ? dayNumber(y, m, d) : null;
}

/** date.fromisoformat(text) as a day number, or null where Python raises. */
export function parseDateDays(text: string): number | null {
  for (const [form, make] of DATE_FORMS) {
    const g = form.exec(text);
    if (g) return make(g as unknown as string[]);
  }
  return null;
}

/** date.fromisoformat(text) as ISO text, or null where Python raises. */
export function parseDate(text: string): string | null {
  const days = parseDateDays(text);
  return days === null ? null : dayText(days);
}

const TIME = /^(\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?$/;
const OFFSET = /^(\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,6}))?)?)?$/;

function clock(text: string, form: RegExp): [number, number, number, number] | null {
  const g = form.exec(text);
  if (!g) return null;
  // "HHMM" and "HH:MM" only: a separator must be used consistently
  const colons = (text.match(/:/g) ?? []).length;
  const parts = [g[2], g[3]].filter((x) => x !== undefined).length;
  if (colons !== 0 && colons !== parts) return null;
  const h = Number(g[1]);
  const mi = Number(g[2] ?? 0);
  const s = Number(g[3] ?? 0);
  const frac = g[4] ?? "";
  if (h > 23 || mi > 59 || s > 59) return null;
  const us = frac ? Number(frac.slice(0, 6).padEnd(6, "0")) : 0;
  return [h, mi, s, us];
}

/** datetime.fromisoformat(text), or null where Python raises. A naive time is `aware: false`. */
export function parseInstant(text: string): Instant | null {
  const dateLen = /^\d{4}-/.test(text) ? (/^\d{4}-W/.test(text) ? (text[8] === "-" ? 10 : 8) : 10) : /^\d{4}W/.test(text) ? (/^\d{4}W\d{3}/.test(text) ? 8 : 7) : 8;
  const days = parseDateDays(text.slice(0, dateLen));
  if (days === null) return null;
  const rest = text.slice(dateLen);
  if (rest === "") return { us: days * DAY_US, aware: false };
  let time = rest.slice(1).replace(/\s+$/, "");
  let offsetUs = 0;
  let aware = false;
  const zone = /\s*(?:(Z)|([+-])(.+))$/.exec(time);
  if (zone) {
    aware = true;
    time = time.slice(0, zone.index);
    if (!zone[1]) {
      const off = clock(zone[3] as string, OFFSET);
      if (!off) return null;
      const sign = zone[2] === "-" ? -1 : 1;
      offsetUs = sign * (((off[0] * 60 + off[1]) * 60 + off[2]) * 1_000_000 + off[3]);
      if (Math.abs(offsetUs) >= DAY_US) return null;
    }
  }
  const t = clock(time, TIME);
  if (!t) return null;
  const us = days * DAY_US + ((t[0] * 60 + t[1]) * 60 + t[2]) * 1_000_000 + t[3] - offsetUs;
  return { us, aware };
}

/** The UTC day number of an instant. */
export function utcDay(us: number): number {
  return Math.floor(us / DAY_US);
}

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export interface LocalTime {
  hour: number;
  weekday: string;
  date: string;
  timezone: string;
}

const formats = new Map<string, Intl.DateTimeFormat | null>();

/** A formatter for an IANA zone, or null when the zone is unknown (as ZoneInfo would say). */
// Files of the tz database that are not zones ICU knows: the POSIX default rules (New York's)
// and the two that read as UTC on a server (Factory; localtime, the machine's own, UTC there).
const DATABASE_ONLY: Record<string, string> = { posixrules: "America/New_York", Factory: "UTC", localtime: "UTC" };

function formatter(name: string | null | undefined): Intl.DateTimeFormat | null {
  if (!name) return null;
  let found = formats.get(name);
  if (found !== undefined) return found;
  const only = Object.prototype.hasOwnProperty.call(DATABASE_ONLY, name) ? DATABASE_ONLY[name] : undefined;
  if (only !== undefined) {
    found = formatter(only);
    formats.set(name, found);
    return found;
  }
  found = null;
  // ZoneInfo reads a tz database file by its exact name: no offsets, no other spelling.
  if (/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name) && !name.includes("//") && !name.endsWith("/")) {
    try {
      const f = new Intl.DateTimeFormat("en-US", {
        timeZone: name,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
      });
      const resolved = f.resolvedOptions().timeZone;
      // Intl accepts any letter case; the database's names are case-sensitive.
      // Intl accepts any letter case; the database's names are case-sensitive, and each of their
      // parts starts with a capital ("America/Port-au-Prince", "Etc/GMT+1")
      const spelled = name.split("/").every((part) => /^[A-Z]/.test(part));
      if (resolved === name || caseless(name) || (spelled && resolved.toLowerCase() !== name.toLowerCase())) found = f;
    } catch {
      found = null;
    }
  }
  if (formats.size > 512) formats.clear();
  formats.set(name, found);
  return found;
}

function caseless(name: string): boolean {
  // names Intl canonicalises to another spelling that the database also holds as given
  return name === "UTC" || name === "GMT" || name === "Etc/UTC" || name === "Etc/GMT";
}

/** Is this an IANA zone name the engine can use? */
export function knownZone(name: string | null | undefined): boolean {
  return formatter(name) !== null;
}

/** `us` seen in the visitor's zone, else the site's zone, else UTC (engine/clock.py). */
export function localTime(us: number, visitorZone: string | null | undefined, siteZone: string): LocalTime {
  let name: string = visitorZone ?? "";
  let f = formatter(visitorZone);
  if (f === null) {
    name = siteZone;
    f = formatter(siteZone);
  }
  const ms = Math.floor(us / 1000);
  let y: number;
  let mo: number;
  let d: number;
  let h: number;
  if (f === null) {
    name = "UTC";
    const at = new Date(ms);
    [y, mo, d, h] = [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate(), at.getUTCHours()];
  } else {
    const parts: Record<string, number> = {};
    for (const p of f.formatToParts(new Date(ms))) {
      if (p.type !== "literal") parts[p.type] = Number(p.value);
    }
    [y, mo, d, h] = [parts.year as number, parts.month as number, parts.day as number, parts.hour as number];
  }
  const days = dayNumber(y, mo, d);
  const weekday = WEEKDAYS[(((days + 3) % 7) + 7) % 7] as string;
  return { hour: h, weekday, date: dayText(days), timezone: name || "UTC" };
}
