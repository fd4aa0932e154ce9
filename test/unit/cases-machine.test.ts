import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.ts';
import {
  allowedActions,
  CASE_ACTIONS,
  CASE_STATES,
  transition,
  type CaseAction,
  type CaseState,
  type MachineCase,
  type TransitionInput,
} from '../../src/modules/cases/machine.ts';

// Every legal step: from → action → to ('back' returns to where 补正 or 挂起 came from).
const LEGAL: [CaseState, CaseAction, CaseState | 'back'][] = [
  ['received', 'accept', 'accepted'],
  ['received', 'reject_intake', 'rejected_at_intake'],
  ['received', 'request_corrections', 'corrections'],
  ['accepted', 'start_review', 'reviewing'],
  ['accepted', 'request_corrections', 'corrections'],
  ['accepted', 'suspend', 'suspended'],
  ['accepted', 'extend', 'accepted'],
  ['reviewing', 'request_corrections', 'corrections'],
  ['reviewing', 'suspend', 'suspended'],
  ['reviewing', 'extend', 'reviewing'],
  ['reviewing', 'grant', 'decided'],
  ['reviewing', 'refuse', 'decided'],
  ['corrections', 'resubmit', 'back'],
  ['suspended', 'resume', 'back'],
  ['decided', 'close', 'closed'],
];

const complete = (action: CaseAction): TransitionInput => ({
  action,
  reason: '理由',
  missing: ['营业执照复印件'],
  days: 5,
});

const kase = (state: CaseState, over: Partial<MachineCase> = {}): MachineCase => ({
  state,
  resumeState: state === 'corrections' || state === 'suspended' ? 'reviewing' : null,
  extended: false,
  accepted: state !== 'received',
  deadlinePassed: false,
  ...over,
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : 'OTHER';
  }
  return undefined;
}

describe('case state machine', () => {
  it.each(LEGAL)('%s --%s--> %s', (from, action, to) => {
    const step = transition(kase(from), complete(action));
    expect(step.from).toBe(from);
    expect(step.to).toBe(to === 'back' ? 'reviewing' : to);
  });

  const legal = new Set(LEGAL.map(([from, action]) => `${from}:${action}`));
  const illegal = CASE_STATES.flatMap((s) => CASE_ACTIONS.map((a) => [s, a] as const)).filter(
    ([s, a]) => !legal.has(`${s}:${a}`),
  );

  it.each(illegal)('refuses %s --%s--> with CASE_TRANSITION_INVALID', (from, action) => {
    expect(codeOf(() => transition(kase(from), complete(action)))).toBe('CASE_TRANSITION_INVALID');
  });

  it('covers every state and action pair exactly once', () => {
    expect(LEGAL.length + illegal.length).toBe(CASE_STATES.length * CASE_ACTIONS.length);
  });

  it('offers exactly the legal actions of each state', () => {
    for (const s of CASE_STATES)
      expect(allowedActions(kase(s)).sort()).toEqual(
        LEGAL.filter(([from]) => from === s)
          .map(([, a]) => a)
          .sort(),
      );
  });

  it('returns from 补正 and 挂起 to the state they interrupted', () => {
    const c = transition(kase('accepted'), complete('request_corrections'));
    expect(c.resumeState).toBe('accepted');
    expect(transition(kase('corrections', { resumeState: 'accepted' }), { action: 'resubmit' }).to).toBe(
      'accepted',
    );
    const s = transition(kase('reviewing'), complete('suspend'));
    expect(s.resumeState).toBe('reviewing');
    expect(transition(kase('suspended', { resumeState: 'reviewing' }), { action: 'resume' }).to).toBe(
      'reviewing',
    );
  });

  it('says what each step does to the clock', () => {
    expect(transition(kase('received'), complete('accept')).clock).toBe('start');
    // 补正 at intake: the clock has not started, nothing stops.
    expect(transition(kase('received'), complete('request_corrections')).clock).toBeNull();
    expect(transition(kase('reviewing'), complete('request_corrections')).clock).toBe('stop');
    expect(transition(kase('corrections'), complete('resubmit')).clock).toBe('resume');
    expect(transition(kase('accepted'), complete('suspend')).clock).toBe('stop');
    expect(transition(kase('suspended'), complete('resume')).clock).toBe('resume');
    expect(transition(kase('reviewing'), complete('extend')).clock).toBe('extend');
    expect(transition(kase('reviewing'), complete('grant'))).toMatchObject({
      clock: 'end',
      outcome: 'granted',
    });
    expect(transition(kase('reviewing'), complete('refuse'))).toMatchObject({
      clock: 'end',
      outcome: 'refused',
    });
  });

  it.each(['reject_intake', 'suspend', 'refuse', 'extend'] as const)('%s needs a reason', (action) => {
    const from = action === 'reject_intake' ? 'received' : 'reviewing';
    for (const reason of [undefined, '', '   '])
      expect(codeOf(() => transition(kase(from), { ...complete(action), reason }))).toBe(
        'REQUEST_VALIDATION_FAILED',
      );
  });

  it('needs the whole list of what is missing for 补正 (一次性告知), without repeats', () => {
    for (const missing of [undefined, [], ['  ']])
      expect(codeOf(() => transition(kase('reviewing'), { action: 'request_corrections', missing }))).toBe(
        'REQUEST_VALIDATION_FAILED',
      );
    expect(
      codeOf(() => transition(kase('reviewing'), { action: 'request_corrections', missing: ['a', 'a'] })),
    ).toBe('REQUEST_VALIDATION_FAILED');
    expect(
      transition(kase('reviewing'), { action: 'request_corrections', missing: [' 身份证 ', '户口簿'] })
        .missing,
    ).toEqual(['身份证', '户口簿']);
  });

  it('extends once, by 1 to 60 working days, and only before the deadline', () => {
    for (const days of [undefined, 0, 61, 1.5])
      expect(codeOf(() => transition(kase('reviewing'), { ...complete('extend'), days }))).toBe(
        'REQUEST_VALIDATION_FAILED',
      );
    expect(codeOf(() => transition(kase('reviewing', { extended: true }), complete('extend')))).toBe(
      'CASE_EXTENSION_USED',
    );
    expect(codeOf(() => transition(kase('reviewing', { deadlinePassed: true }), complete('extend')))).toBe(
      'CASE_EXTENSION_TOO_LATE',
    );
    expect(allowedActions(kase('reviewing', { extended: true }))).not.toContain('extend');
    expect(allowedActions(kase('reviewing', { deadlinePassed: true }))).not.toContain('extend');
  });
});
