// The city keeps China Standard Time (UTC+8, no daylight saving): agreements, grant periods, quotas and usage days
// follow its calendar whatever the server's own time zone.

/** UTC+8 in milliseconds. */
export const CST_OFFSET_MS = 8 * 3600 * 1000;
export const DAY_MS = 24 * 3600 * 1000;

/** The China Standard Time calendar day of an instant (default: now), as YYYY-MM-DD. */
export function chinaToday(at: Date = new Date()): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a China Standard Time day (YYYY-MM-DD) begins: 00:00 in the city. */
export function chinaDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CST_OFFSET_MS);
}

/** The instant a China Standard Time day ends: the next day's start. */
export function chinaDayEnd(day: string): Date {
  return new Date(chinaDayStart(day).getTime() + DAY_MS);
}

/** The China Standard Time day `days` from now (negative: ago). */
export function chinaDaysFromNow(days: number, now: Date = new Date()): string {
  return chinaToday(new Date(now.getTime() + days * DAY_MS));
}
