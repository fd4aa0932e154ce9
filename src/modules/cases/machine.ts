/**
 * The case state machine (办件流程), pure: which action may be taken in which state, what it needs, where it leads
 * and what it does to the clock. The service applies the answer under the case's row lock.
 *
 *   received 收件 ──accept──▶ accepted 受理 ──start_review──▶ reviewing 审查 ──grant/refuse──▶ decided 决定 ──close──▶ closed 办结
 *      │                        │                               │
 *      ├─reject_intake (reason)─▶ rejected_at_intake 不予受理 (final)
 *      └─request_corrections (the list of what is missing, 一次性告知) ─▶ corrections 补正 ──resubmit──▶ back
 *                               ├─ suspend (reason) ─▶ suspended 挂起 ──resume──▶ back
 *                               └─ extend (reason, days; once; before the deadline) — stays, the deadlines move
 *
 * 补正 may be asked at intake (before acceptance, the clock has not started) or after acceptance (the clock stops
 * until the applicant resubmits); 挂起 stops the clock until resumed; the decision ends it.
 */
import { AppError, validationError, type FieldError } from '../../core/errors.ts';

export const CASE_STATES = [
  'received',
  'rejected_at_intake',
  'accepted',
  'reviewing',
  'corrections',
  'suspended',
  'decided',
  'closed',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const CASE_ACTIONS = [
  'accept',
  'reject_intake',
  'start_review',
  'request_corrections',
  'resubmit',
  'suspend',
  'resume',
  'extend',
  'grant',
  'refuse',
  'close',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** States no action leaves. */
export const FINAL_STATES: ReadonlySet<CaseState> = new Set(['rejected_at_intake', 'closed']);
/** States a case is still being handled in (the inbox's default). */
export const OPEN_STATES: readonly CaseState[] = [
  'received',
  'accepted',
  'reviewing',
  'corrections',
  'suspended',
  'decided',
];

/** The most working days one extension may add. */
export const MAX_EXTENSION_DAYS = 60;

/** What the machine needs to know of a case. */
export interface MachineCase {
  state: CaseState;
  /** The state a 补正 or 挂起 returns to. */
  resumeState: CaseState | null;
  /** Whether the one extension was already taken. */
  extended: boolean;
  /** Whether the clock has started (the case was accepted). */
  accepted: boolean;
  /** Whether the deadline an extension must come before has passed. */
  deadlinePassed: boolean;
}

export interface TransitionInput {
  action: CaseAction;
  reason?: string | null | undefined;
  /** 补正: what is missing, every item at once (一次性告知). */
  missing?: readonly string[] | undefined;
  /** 延期: working days added. */
  days?: number | undefined;
}

/** What the clock does on a step. */
export type ClockEffect = 'start' | 'stop' | 'resume' | 'end' | 'extend' | null;

export interface Step {
  from: CaseState;
  to: CaseState;
  resumeState: CaseState | null;
  outcome: 'granted' | 'refused' | null;
  clock: ClockEffect;
  reason: string | null;
  missing: string[] | null;
  days: number | null;
}

interface Rule {
  from: readonly CaseState[];
  /** null: back to the state it came from (resumeState). */
  to: CaseState | null;
  reason?: 'required' | 'optional';
}

const RULES: Record<CaseAction, Rule> = {
  accept: { from: ['received'], to: 'accepted', reason: 'optional' },
  reject_intake: { from: ['received'], to: 'rejected_at_intake', reason: 'required' },
  start_review: { from: ['accepted'], to: 'reviewing', reason: 'optional' },
  request_corrections: {
    from: ['received', 'accepted', 'reviewing'],
    to: 'corrections',
    reason: 'optional',
  },
  resubmit: { from: ['corrections'], to: null, reason: 'optional' },
  suspend: { from: ['accepted', 'reviewing'], to: 'suspended', reason: 'required' },
  resume: { from: ['suspended'], to: null, reason: 'optional' },
  extend: { from: ['accepted', 'reviewing'], to: null, reason: 'required' },
  grant: { from: ['reviewing'], to: 'decided', reason: 'optional' },
  refuse: { from: ['reviewing'], to: 'decided', reason: 'required' },
  close: { from: ['decided'], to: 'closed', reason: 'optional' },
};

function field(name: string, code: string, zh: string, en: string): FieldError {
  return { field: name, code, message: { zh, en } };
}

/** Whether `action` may be taken in the case's state at all (its inputs aside). */
export function isAllowed(c: MachineCase, action: CaseAction): boolean {
  const rule = RULES[action];
  if (!rule.from.includes(c.state)) return false;
  if (action === 'extend') return !c.extended && !c.deadlinePassed;
  return true;
}

/** The actions the case's state allows, in the order a workbench shows them. */
export function allowedActions(c: MachineCase): CaseAction[] {
  return CASE_ACTIONS.filter((a) => isAllowed(c, a));
}

/**
 * The step `input` takes the case through, or an AppError: CASE_TRANSITION_INVALID (409) for an action its state
 * does not allow, CASE_EXTENSION_USED / CASE_EXTENSION_TOO_LATE (409) for a second or late extension, and
 * REQUEST_VALIDATION_FAILED (400) naming the missing reason, list or days.
 */
export function transition(c: MachineCase, input: TransitionInput): Step {
  const rule = RULES[input.action];
  if (!rule.from.includes(c.state))
    throw new AppError('CASE_TRANSITION_INVALID', { state: c.state, action: input.action });
  if (input.action === 'extend') {
    if (c.extended) throw new AppError('CASE_EXTENSION_USED', { state: c.state });
    if (c.deadlinePassed) throw new AppError('CASE_EXTENSION_TOO_LATE', { state: c.state });
  }
  const problems: FieldError[] = [];
  const reason = input.reason?.trim() || null;
  if (rule.reason === 'required' && !reason)
    problems.push(field('reason', 'REQUIRED', '此操作须填写理由', 'This action needs a reason'));
  let missing: string[] | null = null;
  if (input.action === 'request_corrections') {
    missing = (input.missing ?? []).map((m) => m.trim()).filter(Boolean);
    if (!missing.length)
      problems.push(
        field(
          'missing',
          'REQUIRED',
          '补正须一次性告知需补正的全部材料',
          'A request for corrections lists everything missing at once',
        ),
      );
    else if (new Set(missing).size !== missing.length)
      problems.push(field('missing', 'DUPLICATE', '补正材料清单有重复项', 'The list repeats an item'));
  }
  let days: number | null = null;
  if (input.action === 'extend') {
    days = input.days ?? null;
    if (days === null || !Number.isInteger(days) || days < 1 || days > MAX_EXTENSION_DAYS)
      problems.push(
        field(
          'days',
          'RANGE',
          `延期天数须为 1 至 ${MAX_EXTENSION_DAYS} 个工作日`,
          `An extension is 1 to ${MAX_EXTENSION_DAYS} working days`,
        ),
      );
  }
  if (problems.length) throw validationError(problems);

  const back = rule.to === null && input.action !== 'extend';
  if (back && c.resumeState === null)
    throw new AppError('CASE_TRANSITION_INVALID', { state: c.state, action: input.action });
  const to = input.action === 'extend' ? c.state : back ? c.resumeState! : rule.to!;
  let clock: ClockEffect;
  switch (input.action) {
    case 'accept':
      clock = 'start';
      break;
    case 'request_corrections':
    case 'suspend':
      clock = c.accepted ? 'stop' : null;
      break;
    case 'resubmit':
    case 'resume':
      clock = c.accepted ? 'resume' : null;
      break;
    case 'extend':
      clock = 'extend';
      break;
    case 'grant':
    case 'refuse':
      clock = 'end';
      break;
    default:
      clock = null;
  }
  return {
    from: c.state,
    to,
    resumeState: to === 'corrections' || to === 'suspended' ? c.state : null,
    outcome: input.action === 'grant' ? 'granted' : input.action === 'refuse' ? 'refused' : null,
    clock,
    reason,
    missing,
    days,
  };
}
