import { describe, expect, it } from 'vitest';
import { computeDeadlines, type ClockFacts } from '../../src/modules/cases/deadlines.ts';

// 08:00 China Standard Time on a day.
const at = (day: string, hour = 8) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);

const facts = (over: Partial<ClockFacts> = {}): ClockFacts => ({
  acceptedAt: at('2025-09-26'),
  legalDays: 20,
  promisedDays: 5,
  extensionDays: 0,
  stoppedWorkdays: 0,
  stoppedSince: null,
  endedAt: null,
  ...over,
});

describe('case deadlines', () => {
  it('has none before acceptance', () => {
    expect(computeDeadlines(facts({ acceptedAt: null }), at('2025-09-26'))).toMatchObject({
      clock: 'not_started',
      legal: null,
      promised: null,
      sla: 'none',
    });
  });

  it('counts working days from acceptance across 国庆 and its adjusted weekend days', () => {
    // Accepted Friday 26 Sep 2025: Sun 28 (worked), Mon 29, Tue 30, then 1–8 Oct off, Thu 9, Fri 10.
    const d = computeDeadlines(facts(), at('2025-09-26'));
    expect(d.clock).toBe('running');
    expect(d.promised!.dueOn).toBe('2025-10-10');
    expect(d.promised!.remainingWorkdays).toBe(5);
    expect(d.sla).toBe('ok');
    // 20 working days: 28–30 Sep, 9–11 Oct (Saturday 11 worked), 13–17, 20–24, 27–30 Oct.
    expect(d.legal!.dueOn).toBe('2025-10-30');
  });

  it('warns with 2 working days or fewer left, and is overdue the day after', () => {
    expect(computeDeadlines(facts(), at('2025-09-29')).sla).toBe('ok'); // 30 Sep, 9 and 10 Oct left
    expect(computeDeadlines(facts(), at('2025-09-30')).sla).toBe('warning'); // 9 and 10 Oct left
    const warn = computeDeadlines(facts(), at('2025-10-08'));
    expect(warn.promised!.remainingWorkdays).toBe(2);
    expect(warn.sla).toBe('warning');
    expect(warn.warnAt!.toISOString()).toBe(at('2025-09-30', 0).toISOString());
    const over = computeDeadlines(facts(), at('2025-10-11'));
    expect(over.promised!.overdue).toBe(true);
    expect(over.sla).toBe('overdue');
  });

  it('stops the clock: finished stops and the current one move the deadlines', () => {
    const stopped = computeDeadlines(
      facts({ stoppedSince: at('2025-09-29'), stoppedWorkdays: 0 }),
      at('2025-10-10'),
    );
    expect(stopped.clock).toBe('stopped');
    // Stopped Mon 29 Sep, still on Fri 10 Oct: (29 Sep, 10 Oct] has 30 Sep, 9 Oct, 10 Oct = 3 working days.
    expect(stopped.stoppedWorkdays).toBe(3);
    expect(stopped.promised!.dueOn).toBe('2025-10-14'); // Sat 11 Oct (worked), 13, 14
    expect(stopped.warnAt).toBeNull();
    const resumed = computeDeadlines(facts({ stoppedWorkdays: 3 }), at('2025-10-10'));
    expect(resumed.promised!.dueOn).toBe('2025-10-14');
  });

  it('adds the extension to both deadlines', () => {
    const d = computeDeadlines(facts({ extensionDays: 10 }), at('2025-09-26'));
    expect(d.promised!.dueOn).toBe('2025-10-23'); // 11 (worked Saturday), 13–17, 20–23
    expect(d.legal!.dueOn).toBe('2025-11-13'); // 31 Oct, 3–7, 10–13 Nov
  });

  it('ends with the decision: met or not by the decision day', () => {
    const met = computeDeadlines(facts({ endedAt: at('2025-10-10', 17) }), at('2026-01-01'));
    expect(met).toMatchObject({ clock: 'ended', sla: 'ok' });
    expect(met.promised!.overdue).toBe(false);
    const late = computeDeadlines(facts({ endedAt: at('2025-10-13') }), at('2026-01-01'));
    expect(late.sla).toBe('overdue');
  });

  it('keeps a case marked overdue overdue', () => {
    const d = computeDeadlines(
      facts({ stoppedWorkdays: 30, promisedOverdueAt: at('2025-10-11') }),
      at('2025-10-20'),
    );
    expect(d.promised!.overdue).toBe(true);
    expect(d.sla).toBe('overdue');
  });

  it('warns at once when the promised period is shorter than the warning', () => {
    const d = computeDeadlines(facts({ promisedDays: 1 }), at('2025-09-26'));
    expect(d.sla).toBe('warning');
    expect(d.warnAt!.getTime()).toBeLessThanOrEqual(at('2025-09-26').getTime());
  });
});
