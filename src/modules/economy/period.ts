/**
 * Periods (统计期) as the source resource writes them (YYYY, YYYYQn, YYYYMM — the catalog's own coding) and as
 * SDMX writes them (TIME_PERIOD: 2020, 2020-Q1, 2020-01). The frequency follows from the form, so a period alone
 * says whether it is annual, quarterly or monthly.
 */

export type Freq = 'A' | 'Q' | 'M';
export const FREQS: readonly Freq[] = ['A', 'Q', 'M'];

export interface Period {
  freq: Freq;
  /** SDMX TIME_PERIOD. */
  id: string;
  /** First and last day, YYYY-MM-DD: how periods of different frequencies compare. */
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function build(freq: Freq, year: number, first: number, last: number, id: string): Period {
  return {
    freq,
    id,
    start: `${year}-${pad(first)}-01`,
    end: `${year}-${pad(last)}-${pad(lastDay(year, last))}`,
  };
}

function make(freq: Freq, year: number, part: number): Period | null {
  if (year < 1900 || year > 2999) return null;
  if (freq === 'A') return build('A', year, 1, 12, String(year));
  if (freq === 'Q')
    return part >= 1 && part <= 4 ? build('Q', year, part * 3 - 2, part * 3, `${year}-Q${part}`) : null;
  return part >= 1 && part <= 12 ? build('M', year, part, part, `${year}-${pad(part)}`) : null;
}

/** A 统计期 of the source resource, or null when it is none of its three forms. */
export function parseSourcePeriod(text: string): Period | null {
  let m = /^(\d{4})$/.exec(text);
  if (m) return make('A', Number(m[1]), 0);
  m = /^(\d{4})Q([1-4])$/.exec(text);
  if (m) return make('Q', Number(m[1]), Number(m[2]));
  m = /^(\d{4})(\d{2})$/.exec(text);
  if (m) return make('M', Number(m[1]), Number(m[2]));
  return null;
}

/** An SDMX TIME_PERIOD (2020, 2020-Q1, 2020-01, and the daily 2020-01-15 filters may name), or null. */
export function parseSdmxPeriod(text: string): Period | null {
  let m = /^(\d{4})$/.exec(text);
  if (m) return make('A', Number(m[1]), 0);
  m = /^(\d{4})-Q([1-4])$/.exec(text);
  if (m) return make('Q', Number(m[1]), Number(m[2]));
  m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m) return make('M', Number(m[1]), Number(m[2]));
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12 || d < 1 || d > lastDay(y, mo)) return null;
    return { freq: 'M', id: text, start: text, end: text };
  }
  return null;
}

/** The source resource's 统计期 for an SDMX period (the inverse of parseSourcePeriod). */
export function sourcePeriodOf(p: Period): string {
  if (p.freq === 'A') return p.id;
  if (p.freq === 'Q') return p.id.replace('-', '');
  return p.id.replace('-', '');
}
