/**
 * Moments the portal's history reads take (`asOf`, a diff's `from` and `to`): a day — the end of that day in the
 * city (UTC+8), so `asOf=2026-01-31` is the data as the day closed — or a date-time, UTC+8 when it names no zone.
 * Only the history the exchange still keeps whole can be asked for: from `exchange.historyStart()` to now.
 */
import { AppError } from '../../core/errors.ts';
import { chinaDayEnd, chinaToday } from '../../lib/time.ts';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/i;

/** A moment, with what it was written as (a day or a date-time). */
export interface Moment {
  at: Date;
  day: boolean;
}

export interface HistoryWindow {
  earliest: Date;
  now: Date;
}

function realDay(y: string, m: string, d: string): boolean {
  const t = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return (
    t.getUTCFullYear() === Number(y) && t.getUTCMonth() === Number(m) - 1 && t.getUTCDate() === Number(d)
  );
}

function invalid(field: string, value: string): AppError {
  return new AppError('OPEN_AS_OF_INVALID', {
    field,
    value,
    fields: [{ field, message: 'not a date (YYYY-MM-DD) or a date-time (YYYY-MM-DDThh:mm[:ss][zone])' }],
  });
}

/** The text as a moment, or a 400 `OPEN_AS_OF_INVALID` naming the field (a day that does not exist included). */
export function parseMoment(text: string, field: string): Moment {
  const value = text.trim();
  const day = DAY.exec(value);
  if (day) {
    if (!realDay(day[1]!, day[2]!, day[3]!)) throw invalid(field, text);
    // The day's last millisecond: the log's times are milliseconds, so nothing of the next day is in it.
    return { at: new Date(chinaDayEnd(value).getTime() - 1), day: true };
  }
  const m = DATE_TIME.exec(value);
  if (!m) throw invalid(field, text);
  const [, y, mo, d, h, mi, s = '00', frac = '', zone = '+08:00'] = m;
  if (!realDay(y!, mo!, d!) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    throw invalid(field, text);
  const ms = frac.padEnd(3, '0').slice(0, 3);
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${zone.toUpperCase()}`);
  if (Number.isNaN(at.getTime())) throw invalid(field, text);
  return { at, day: false };
}

/**
 * A moment inside the history kept: not before `earliest`, not after now. A day is the end of that day, but today
 * is allowed and means now (the day has not closed). Outside → 400 `OPEN_AS_OF_OUT_OF_RANGE` with the field, the
 * earliest moment and day that can be asked for, and now.
 */
export function momentInWindow(text: string, field: string, window: HistoryWindow): Date {
  const m = parseMoment(text, field);
  const at = m.day && chinaToday(m.at) === chinaToday(window.now) ? window.now : m.at;
  if (at.getTime() < window.earliest.getTime() || at.getTime() > window.now.getTime())
    throw new AppError('OPEN_AS_OF_OUT_OF_RANGE', {
      field,
      value: text,
      earliest: window.earliest.toISOString(),
      earliestDate: earliestDate(window.earliest),
      latest: window.now.toISOString(),
      fields: [
        {
          field,
          message: `outside the history kept: from ${window.earliest.toISOString()} (day ${earliestDate(window.earliest)}) to now`,
        },
      ],
    });
  return at;
}

/** The first day (UTC+8) whose end lies inside the history: the earliest a bare date may name. */
export function earliestDate(earliest: Date): string {
  return chinaToday(earliest);
}
