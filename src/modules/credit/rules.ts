/**
 * The rules of social credit publicity, as pure functions (no I/O): how long a 行政处罚 is shown, whether a record
 * is public today, working-day deadlines of objections and repair applications, and the checks of a submitted
 * record (each problem naming its row and field).
 *
 * Publicity of 行政处罚 (《失信行为纠正后的信用信息修复管理办法（试行）》, 国家发展改革委令 2023 年第 58 号, continuing
 * 发改办财金〔2019〕527号): counted from the decision day,
 *   - 一般失信 (general): shown at least 3 months, at most 1 year;
 *   - 严重失信 (serious): shown at least 1 year, at most 3 years;
 *   - a decision of only 警告 / 通报批评 and a 较低数额罚款 is not publicized (minor). "较低数额" is read as the
 *     summary-procedure ceiling of 行政处罚法 第五十一条: under 200 元 for a person, under 3,000 元 for an
 *     organization (0.02 / 0.3 万元).
 * After the minimum the subject may apply for credit repair (信用修复), which ends the display early; after the
 * maximum the record leaves public view by itself. A law may set another end (法律、法规、规章另有规定的从其规定):
 * the authority may then give 公示截止期 within [minimum, maximum]. Absent the authority's own determination
 * (`serious`), a decision that revokes a license, closes the business or bars practice is taken as 严重.
 *
 * 行政许可 are shown while in force: until 有效期至, or without end when none is given.
 */
import type { FieldError } from '../../core/errors.ts';
import { describeReason, validateIdCard, validateUscc } from '../../lib/validators/index.ts';
import type { CreditRecordInputT, PenaltyKind, PublicityState, Severity, SubjectCategory } from './schema.ts';
import { addWorkdays } from '../../lib/workdays.ts';

/** Months of publicity: [minimum, maximum] per severity. */
export const PUBLICITY_MONTHS: Record<Exclude<Severity, 'minor'>, readonly [number, number]> = {
  general: [3, 12],
  serious: [12, 36],
};

/** 较低数额罚款, 万元: below this a fine alongside a warning is not publicized. */
export const SMALL_FINE: Record<SubjectCategory, number> = { person: 0.02, business: 0.3, legal: 0.3 };

const LIGHT_KINDS: ReadonlySet<PenaltyKind> = new Set(['warning', 'criticism', 'fine']);
const HEAVY_KINDS: ReadonlySet<PenaltyKind> = new Set(['revoke_license', 'close', 'restrict_practice']);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export function isDay(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** `day` plus `months` calendar months (the 31st of a shorter month becomes its last day). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The working day `n` working days after `day`, in China's official calendar (public holidays off, 调休 weekends on:
 * src/lib/workdays.ts).
 */
export const addWorkingDays = addWorkdays;

export interface Publicity {
  severity: Severity;
  /** The first day credit repair may be applied for (the minimum period has passed); null: not publicized. */
  repairFrom: string | null;
  /** The last day shown; null for a minor penalty (never shown). */
  publicityUntil: string | null;
}

/** The severity of a penalty decision: the authority's own word first, then the kinds and the fine. */
export function severityOf(p: {
  kinds: readonly PenaltyKind[];
  fineAmount?: number | undefined;
  category: SubjectCategory;
  serious?: boolean | undefined;
}): Severity {
  if (p.serious === true) return 'serious';
  const light = p.kinds.every((k) => LIGHT_KINDS.has(k));
  if (light && (p.fineAmount ?? 0) < SMALL_FINE[p.category]) return 'minor';
  if (p.serious === undefined && p.kinds.some((k) => HEAVY_KINDS.has(k))) return 'serious';
  return 'general';
}

/** The publicity window of a penalty decided on `decisionDate`. */
export function penaltyPublicity(p: {
  kinds: readonly PenaltyKind[];
  fineAmount?: number | undefined;
  category: SubjectCategory;
  serious?: boolean | undefined;
  decisionDate: string;
  /** A 公示截止期 set by law, within [minimum, maximum]; checked by `recordProblems`. */
  publicityUntil?: string | undefined;
}): Publicity {
  const severity = severityOf(p);
  if (severity === 'minor') return { severity, repairFrom: null, publicityUntil: null };
  const [min, max] = PUBLICITY_MONTHS[severity];
  return {
    severity,
    repairFrom: addMonths(p.decisionDate, min),
    publicityUntil: p.publicityUntil ?? addDays(addMonths(p.decisionDate, max), -1),
  };
}

/** The bounds a given 公示截止期 must keep: from the last day of the minimum to the last day of the maximum. */
export function publicityBounds(severity: Exclude<Severity, 'minor'>, decisionDate: string) {
  const [min, max] = PUBLICITY_MONTHS[severity];
  return {
    earliest: addDays(addMonths(decisionDate, min), -1),
    latest: addDays(addMonths(decisionDate, max), -1),
  };
}

/** Where a record stands in public view today; computed at read time, never stored. */
export function publicityState(
  r: {
    kind: 'penalty' | 'license';
    status: 'active' | 'withdrawn';
    severity: Severity | null;
    repaired_on: string | null;
    publicity_until: string | null;
    decision_date: string;
  },
  today: string,
): PublicityState {
  if (r.status === 'withdrawn') return 'withdrawn';
  if (r.kind === 'penalty' && r.severity === 'minor') return 'not_publicized';
  if (r.repaired_on !== null) return 'repaired';
  if (r.publicity_until !== null && r.publicity_until < today) return 'ended';
  return 'public';
}

/** The same rule in SQL, for a record aliased `r`, with today as the parameter text `today` ($n). */
export function publicSql(today: string): string {
  return `(r.status = 'active' AND r.repaired_on IS NULL AND NOT (r.kind = 'penalty' AND r.severity = 'minor')
    AND (r.publicity_until IS NULL OR r.publicity_until >= ${today}))`;
}

// ---- objection and repair deadlines ------------------------------------------------------------------------

/**
 * Working days the handling department has: to accept (or refuse) a filing, then to decide it once accepted.
 * 异议: checked and accepted within 3 working days, decided within 10 working days of acceptance (the 公共信用
 * 信息异议处理 practice of the provincial credit platforms). 信用修复: the 2023 办法 gives the 认定单位 2 working
 * days to accept and 5 working days after acceptance to decide (as we read its 第十五条 to 第十七条).
 */
export const CASE_DEADLINES = {
  objection: { accept: 3, decide: 10 },
  repair: { accept: 2, decide: 5 },
} as const;

/** Whether the step a case waits for is late today. */
export function caseOverdue(
  c: { status: string; accept_due: string; decide_due: string | null },
  today: string,
): boolean {
  if (c.status === 'submitted') return today > c.accept_due;
  if (c.status === 'accepted') return c.decide_due !== null && today > c.decide_due;
  return false;
}

// ---- subject codes and record checks ----------------------------------------------------------------------

export function problem(field: string, code: string, zh: string, en: string): FieldError {
  return { field, code, message: { zh, en } };
}

/** The check of a subject's code for its category: 身份证号 for a person, 统一社会信用代码 otherwise. */
export function subjectCodeProblem(
  field: string,
  category: SubjectCategory,
  code: string,
  today: string,
  row?: number,
): FieldError | null {
  const at = row === undefined ? '' : `第 ${row + 1} 行：`;
  const atEn = row === undefined ? '' : `row ${row + 1}: `;
  if (category === 'person') {
    const r = validateIdCard(code, { today });
    return r.ok
      ? null
      : problem(
          field,
          r.reason.toUpperCase(),
          `${at}身份证号${describeReason(r.reason, 'zh')}`,
          `${atEn}ID number ${describeReason(r.reason, 'en')}`,
        );
  }
  const r = validateUscc(code);
  return r.ok
    ? null
    : problem(
        field,
        r.reason.toUpperCase(),
        `${at}统一社会信用代码${describeReason(r.reason, 'zh')}`,
        `${atEn}credit code ${describeReason(r.reason, 'en')}`,
      );
}

/** Which kind of code this is: a person's 身份证号 (18 characters with a birth date) or a credit code. */
export function codeKind(code: string, today: string): 'person' | 'legal' | null {
  if (validateIdCard(code, { today }).ok) return 'person';
  if (validateUscc(code).ok) return 'legal';
  return null;
}

/** Every problem of one submitted record at `row` of a batch, each naming `records[row].<field>`. */
export function recordProblems(input: CreditRecordInputT, row: number, today: string): FieldError[] {
  const out: FieldError[] = [];
  const f = (name: string) => `records[${row}].${name}`;
  const at = `第 ${row + 1} 行：`;
  const atEn = `row ${row + 1}: `;
  const need = (name: keyof CreditRecordInputT, zh: string) => {
    const v = input[name];
    if (v === undefined || v === '')
      out.push(problem(f(name), 'REQUIRED', `${at}缺少${zh}`, `${atEn}${name} is required`));
  };
  const code = subjectCodeProblem(f('subjectCode'), input.subjectCategory, input.subjectCode, today, row);
  if (code) out.push(code);
  if (input.authorityCode !== undefined) {
    const r = validateUscc(input.authorityCode);
    if (!r.ok)
      out.push(
        problem(
          f('authorityCode'),
          r.reason.toUpperCase(),
          `${at}机关统一社会信用代码${describeReason(r.reason, 'zh')}`,
          `${atEn}authority credit code ${describeReason(r.reason, 'en')}`,
        ),
      );
  }
  if (input.subjectCategory !== 'person' && input.legalRepresentative === undefined)
    need('legalRepresentative', '法定代表人（负责人）');
  if (isDay(input.decisionDate) && input.decisionDate > today)
    out.push(
      problem(f('decisionDate'), 'FUTURE', `${at}决定日期晚于今天`, `${atEn}decisionDate is after today`),
    );
  if (input.kind === 'penalty') {
    need('violationType', '违法行为类型');
    need('violationFacts', '违法事实');
    need('basis', '处罚依据');
    need('penaltyKinds', '处罚类别');
    for (const k of ['docName', 'licenseCategory', 'certificateName', 'licenseNo', 'licenseContent'] as const)
      if (input[k] !== undefined)
        out.push(problem(f(k), 'NOT_FOR_KIND', `${at}行政处罚没有此信息项`, `${atEn}not a penalty field`));
    const kinds = input.penaltyKinds ?? [];
    if (kinds.includes('fine') && input.fineAmount === undefined)
      out.push(
        problem(
          f('fineAmount'),
          'REQUIRED',
          `${at}处罚类别含罚款，缺少罚款金额`,
          `${atEn}a fine needs fineAmount`,
        ),
      );
    if (!kinds.includes('fine') && input.fineAmount !== undefined && input.fineAmount > 0)
      out.push(
        problem(f('fineAmount'), 'NOT_FINED', `${at}处罚类别不含罚款`, `${atEn}penaltyKinds has no fine`),
      );
    if (
      (kinds.includes('suspend_license') || kinds.includes('revoke_license')) &&
      input.licenseAffected === undefined
    )
      need('licenseAffected', '暂扣或吊销证照名称及编号');
    if (input.publicityUntil !== undefined && kinds.length && isDay(input.decisionDate)) {
      const sev = severityOf({
        kinds,
        fineAmount: input.fineAmount,
        category: input.subjectCategory,
        serious: input.serious,
      });
      if (sev === 'minor')
        out.push(
          problem(
            f('publicityUntil'),
            'NOT_PUBLICIZED',
            `${at}仅警告、通报批评或较低数额罚款的处罚不予公示，不能设公示截止期`,
            `${atEn}a minor penalty is not publicized and has no publicity end`,
          ),
        );
      else {
        const b = publicityBounds(sev, input.decisionDate);
        if (input.publicityUntil < b.earliest || input.publicityUntil > b.latest)
          out.push(
            problem(
              f('publicityUntil'),
              'OUT_OF_RANGE',
              `${at}公示截止期应在 ${b.earliest} 至 ${b.latest} 之间`,
              `${atEn}publicityUntil must lie between ${b.earliest} and ${b.latest}`,
            ),
          );
      }
    }
  } else {
    need('docName', '行政许可决定文书名称');
    need('licenseCategory', '许可类别');
    need('licenseContent', '许可内容');
    for (const k of [
      'violationType',
      'violationFacts',
      'basis',
      'penaltyKinds',
      'penaltyContent',
      'fineAmount',
      'confiscatedAmount',
      'licenseAffected',
      'penaltyValidUntil',
      'serious',
      'publicityUntil',
    ] as const)
      if (input[k] !== undefined)
        out.push(problem(f(k), 'NOT_FOR_KIND', `${at}行政许可没有此信息项`, `${atEn}not a license field`));
    if (input.validFrom && input.validTo && input.validTo < input.validFrom)
      out.push(
        problem(
          f('validTo'),
          'BEFORE_START',
          `${at}有效期至早于有效期自`,
          `${atEn}validTo is before validFrom`,
        ),
      );
  }
  return out;
}
