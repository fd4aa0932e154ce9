import { describe, expect, it } from 'vitest';
import {
  addMonths,
  addWorkingDays,
  caseOverdue,
  penaltyPublicity,
  publicityBounds,
  publicityState,
  recordProblems,
  severityOf,
} from '../../src/modules/credit/rules.ts';
import type { CreditRecordInputT } from '../../src/modules/credit/schema.ts';

describe('publicity period of a 行政处罚 (2023 信用修复办法)', () => {
  it('does not publicize a warning, a 通报批评 or a small fine alone', () => {
    expect(severityOf({ kinds: ['warning'], category: 'legal' })).toBe('minor');
    expect(severityOf({ kinds: ['criticism'], category: 'person' })).toBe('minor');
    // 较低数额: under 3,000 元 for an organization, under 200 元 for a person (行政处罚法 第五十一条).
    expect(severityOf({ kinds: ['warning', 'fine'], fineAmount: 0.29, category: 'legal' })).toBe('minor');
    expect(severityOf({ kinds: ['warning', 'fine'], fineAmount: 0.3, category: 'legal' })).toBe('general');
    expect(severityOf({ kinds: ['fine'], fineAmount: 0.02, category: 'person' })).toBe('general');
    expect(penaltyPublicity({ kinds: ['warning'], category: 'legal', decisionDate: '2025-03-01' })).toEqual({
      severity: 'minor',
      repairFrom: null,
      publicityUntil: null,
    });
  });

  it('shows a general one 3 months to 1 year, a serious one 1 to 3 years', () => {
    expect(
      penaltyPublicity({ kinds: ['fine'], fineAmount: 5, category: 'legal', decisionDate: '2025-03-15' }),
    ).toEqual({ severity: 'general', repairFrom: '2025-06-15', publicityUntil: '2026-03-14' });
    expect(
      penaltyPublicity({ kinds: ['revoke_license'], category: 'legal', decisionDate: '2025-03-15' }),
    ).toEqual({ severity: 'serious', repairFrom: '2026-03-15', publicityUntil: '2028-03-14' });
    // The authority's own determination wins over the kinds, both ways.
    expect(severityOf({ kinds: ['fine'], fineAmount: 1, category: 'legal', serious: true })).toBe('serious');
    expect(severityOf({ kinds: ['close'], category: 'legal', serious: false })).toBe('general');
    // A law's own end, inside the bounds, is kept.
    expect(
      penaltyPublicity({
        kinds: ['fine'],
        fineAmount: 5,
        category: 'legal',
        decisionDate: '2025-03-15',
        publicityUntil: '2025-09-30',
      }).publicityUntil,
    ).toBe('2025-09-30');
    expect(publicityBounds('general', '2025-03-15')).toEqual({
      earliest: '2025-06-14',
      latest: '2026-03-14',
    });
  });

  it('adds months keeping the day, or the last day of a shorter month', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
  });

  it('computes where a record stands at read time', () => {
    const base = {
      kind: 'penalty' as const,
      status: 'active' as const,
      severity: 'general' as const,
      repaired_on: null,
      publicity_until: '2026-03-14',
      decision_date: '2025-03-15',
    };
    expect(publicityState(base, '2026-03-14')).toBe('public');
    expect(publicityState(base, '2026-03-15')).toBe('ended');
    expect(publicityState({ ...base, repaired_on: '2025-07-01' }, '2025-08-01')).toBe('repaired');
    expect(publicityState({ ...base, status: 'withdrawn' }, '2025-08-01')).toBe('withdrawn');
    expect(publicityState({ ...base, severity: 'minor', publicity_until: null }, '2025-08-01')).toBe(
      'not_publicized',
    );
    expect(
      publicityState({ ...base, kind: 'license', severity: null, publicity_until: null }, '2099-01-01'),
    ).toBe('public');
  });
});

describe('working-day deadlines', () => {
  it('skips Saturdays and Sundays', () => {
    // 2025-12-05 is a Friday.
    expect(addWorkingDays('2025-12-05', 1)).toBe('2025-12-08');
    expect(addWorkingDays('2025-12-05', 3)).toBe('2025-12-10');
    expect(addWorkingDays('2025-12-06', 1)).toBe('2025-12-08');
    expect(addWorkingDays('2025-12-01', 10)).toBe('2025-12-15');
  });

  it('skips public holidays and counts the adjusted working weekend (调休)', () => {
    // 国庆 2025: 10-01 to 10-08 off, Saturday 10-11 worked. 2025-09-30 (Tuesday) + 1 is 10-09.
    expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(addWorkingDays('2025-10-10', 1)).toBe('2025-10-11');
  });

  it('flags the step a case waits for once its day has passed', () => {
    const c = { status: 'submitted', accept_due: '2025-12-10', decide_due: null };
    expect(caseOverdue(c, '2025-12-10')).toBe(false);
    expect(caseOverdue(c, '2025-12-11')).toBe(true);
    expect(
      caseOverdue({ status: 'accepted', accept_due: '2025-12-10', decide_due: '2025-12-24' }, '2025-12-25'),
    ).toBe(true);
    expect(
      caseOverdue({ status: 'upheld', accept_due: '2025-12-10', decide_due: '2025-12-24' }, '2026-01-25'),
    ).toBe(false);
  });
});

describe('record checks', () => {
  const penalty: CreditRecordInputT = {
    kind: 'penalty',
    subjectName: '某公司',
    subjectCategory: 'legal',
    subjectCode: '91320706MA1IIIIIII',
    decisionNo: '1',
    decisionDate: '2025-03-15',
  };

  it('names the row and the field of each problem', () => {
    const out = recordProblems(penalty, 4, '2025-12-01');
    const fields = out.map((p) => `${p.field}:${p.code}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'records[4].subjectCode:CHARSET',
        'records[4].legalRepresentative:REQUIRED',
        'records[4].violationType:REQUIRED',
        'records[4].penaltyKinds:REQUIRED',
      ]),
    );
    expect(out[0]!.message.zh).toMatch(/^第 5 行：/);
  });

  it('refuses a license field on a penalty, and a license ending before it starts', () => {
    const lic: CreditRecordInputT = {
      ...penalty,
      kind: 'license',
      subjectCode: '91320706703812340X',
      legalRepresentative: '王',
      docName: '决定书',
      licenseCategory: 'general',
      licenseContent: '内容',
      validFrom: '2025-03-15',
      validTo: '2025-03-14',
      fineAmount: 1,
    };
    const fields = recordProblems(lic, 0, '2025-12-01').map((p) => `${p.field}:${p.code}`);
    expect(fields).toContain('records[0].fineAmount:NOT_FOR_KIND');
    expect(fields).toContain('records[0].validTo:BEFORE_START');
  });
});
