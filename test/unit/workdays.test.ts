import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addWorkdays,
  isWorkday,
  subtractWorkdays,
  workdayOf,
  workdaysBetween,
} from '../../src/lib/workdays.ts';

describe('working days in the Chinese calendar', () => {
  it('knows weekends, holidays and adjusted working weekend days', () => {
    expect(isWorkday('2025-09-30')).toBe(true); // Tuesday
    expect(isWorkday('2025-10-01')).toBe(false); // 国庆
    expect(isWorkday('2025-10-08')).toBe(false); // 国庆 (8 days in 2025, with 中秋)
    expect(isWorkday('2025-09-28')).toBe(true); // Sunday worked (调休)
    expect(isWorkday('2025-10-11')).toBe(true); // Saturday worked (调休)
    expect(isWorkday('2025-10-12')).toBe(false); // an ordinary Sunday
    expect(isWorkday('2026-02-14')).toBe(true); // Saturday worked before 春节
    expect(isWorkday('2026-02-17')).toBe(false); // 春节
    expect(isWorkday('2026-02-28')).toBe(true); // Saturday worked after 春节
  });

  it('adds working days across 国庆 and its adjusted Sunday and Saturday', () => {
    expect(addWorkdays('2025-09-26', 1)).toBe('2025-09-28'); // Friday → the worked Sunday
    expect(addWorkdays('2025-09-30', 1)).toBe('2025-10-09'); // over the whole holiday
    expect(addWorkdays('2025-09-30', 3)).toBe('2025-10-11'); // Thu, Fri, the worked Saturday
    expect(addWorkdays('2025-09-30', 4)).toBe('2025-10-13');
    expect(addWorkdays('2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkdays('2026-10-09', 1)).toBe('2026-10-10'); // Saturday worked in 2026
  });

  it('adds working days across 春节', () => {
    expect(addWorkdays('2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkdays('2026-02-14', 1)).toBe('2026-02-24');
    expect(addWorkdays('2026-02-10', 20)).toBe('2026-03-16'); // 11–13, 14, 24–28, then three weeks
    expect(workdaysBetween('2026-02-13', '2026-02-28')).toBe(6);
  });

  it('does not count the start day, and 0 working days is the day itself', () => {
    expect(addWorkdays('2026-03-02', 0)).toBe('2026-03-02');
    expect(addWorkdays('2026-03-07', 1)).toBe('2026-03-09'); // from a Saturday
    expect(workdaysBetween('2026-03-02', '2026-03-02')).toBe(0);
    expect(workdaysBetween('2026-03-06', '2026-03-09')).toBe(1); // Fri → Mon
    expect(workdaysBetween('2026-03-09', '2026-03-06')).toBe(-1);
  });

  it('counts back and forth consistently over a whole year', () => {
    for (let d = '2025-01-01'; d <= '2026-12-31'; d = addCalendarDays(d, 11)) {
      for (const n of [1, 2, 5, 20]) {
        const due = addWorkdays(d, n);
        expect(workdaysBetween(d, due)).toBe(n);
        expect(isWorkday(due)).toBe(true);
        if (isWorkday(d)) expect(subtractWorkdays(due, n)).toBe(d);
      }
    }
  });

  it('takes the day in China Standard Time', () => {
    expect(workdayOf(new Date('2025-09-30T16:30:00Z'))).toBe('2025-10-01');
    expect(workdayOf(new Date('2025-09-30T15:59:59Z'))).toBe('2025-09-30');
  });

  it('refuses what is not a day or a count', () => {
    expect(() => addWorkdays('2025-13-01', 1)).toThrow(RangeError);
    expect(() => addWorkdays('2025-10-01', -1)).toThrow(RangeError);
    expect(() => isWorkday('yesterday')).toThrow(RangeError);
  });
});
