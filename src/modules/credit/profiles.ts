import type { Db } from '../../db/index.ts';
import { AppError } from '../../core/errors.ts';
import { chinaToday } from '../../lib/time.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { AccountSubjects } from '../identity/index.ts';
import type { CreditCases } from './cases.ts';
import { listStatus, publicName, shownCode, type CreditPresenter } from './presenters.ts';
import { creditRepo } from './repo.ts';
import { codeKind, publicityState } from './rules.ts';
import { creditScore } from './score.ts';
import type { CreditProfileT, PublicCreditProfileT } from './schema.ts';

const CODE = /^[0-9A-Za-z]{18}$/;

/**
 * 信用档案: everything the platform holds about one subject (by 统一社会信用代码 or 身份证号) with its computed score;
 * the account's own ("my credit"); the public search and the public profile (only what is in public view, with a
 * person's name and number masked); binding accounts to subjects.
 */
export class CreditProfiles {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly present: CreditPresenter,
    private readonly cases: CreditCases,
    private readonly subjects: AccountSubjects,
  ) {}

  private normalized(code: string): { code: string; kind: 'person' | 'legal' } {
    const c = code.trim().toUpperCase();
    const kind = codeKind(c, chinaToday());
    if (!kind) throw new AppError('CREDIT_SUBJECT_CODE_INVALID', { code: c.slice(0, 40) });
    return { code: c, kind };
  }

  /**
   * The profile, unaudited (callers audit it under their own action). `caseDepartments`: whose cases about the
   * subject the reader may see (null: all of them — the subject itself, the operator, the auditor).
   */
  async build(
    code: string,
    kind: 'person' | 'legal',
    caseDepartments: string[] | null = null,
  ): Promise<CreditProfileT> {
    const today = chinaToday();
    const [records, lists, cases] = await Promise.all([
      creditRepo.recordsOfSubject(this.db, code),
      creditRepo.listEntriesOfSubject(this.db, code),
      caseDepartments !== null && caseDepartments.length === 0
        ? Promise.resolve([])
        : creditRepo.listCases(this.db, { departmentIds: caseDepartments, subjectCodes: [code] }, today, 200),
    ]);
    const shown = records.filter((r) => publicityState(r, today) === 'public');
    const penalties = records.filter((r) => r.kind === 'penalty');
    const inForce = lists.filter((l) => listStatus(l, today) === 'in_force');
    const newest = [
      ...records.map((r) => ({
        seq: Number(r.seq),
        name: r.subject_name,
        category: r.subject_category,
        rep: r.legal_rep,
      })),
      ...lists.map((l) => ({
        seq: Number(l.seq) + 0.5,
        name: l.subject_name,
        category: l.subject_category,
        rep: null,
      })),
    ].sort((a, b) => b.seq - a.seq);
    const named = newest[0];
    const rep = records
      .slice()
      .sort((a, b) => Number(b.seq) - Number(a.seq))
      .find((r) => r.legal_rep)?.legal_rep;
    return {
      subject: {
        code: kind === 'person' ? shownCode('person', code) : code,
        kind,
        name: named?.name ?? null,
        category: named?.category ?? null,
        legalRepresentative: kind === 'legal' ? (rep ?? null) : null,
      },
      score: creditScore({
        penalties: shown
          .filter((r) => r.kind === 'penalty')
          .map((r) => ({
            severity: r.severity,
            fineAmount: r.fine_amount === null ? null : Number(r.fine_amount),
            confiscatedAmount: r.confiscated_amount === null ? null : Number(r.confiscated_amount),
          })),
        blackInForce: inForce.filter((l) => l.list_kind === 'black').length,
        redInForce: inForce.filter((l) => l.list_kind === 'red').length,
      }),
      counts: {
        penalties: penalties.length,
        penaltiesPublic: shown.filter((r) => r.kind === 'penalty').length,
        licenses: records.length - penalties.length,
        licensesInForce: shown.filter((r) => r.kind === 'license').length,
        redInForce: inForce.filter((l) => l.list_kind === 'red').length,
        blackInForce: inForce.filter((l) => l.list_kind === 'black').length,
      },
      records: await this.present.records(records, today),
      lists: await this.present.listEntries(lists, today),
      cases: await this.cases.views(cases.slice(0, 200)),
    };
  }

  /**
   * A staff member's look at one subject: audited with the code as a key. The cases shown are those of the
   * departments the reader may follow (`credit.case.read`): an objection's reasons are not for every department.
   */
  async profile(actor: Actor, rawCode: string, caseDepartments: string[] | null): Promise<CreditProfileT> {
    const { code, kind } = this.normalized(rawCode);
    const profile = await this.build(code, kind, caseDepartments);
    await this.audit.record(actor, {
      action: 'credit.profile',
      objectType: 'credit_subject',
      outcome: 'success',
      details: { kind, records: profile.records.length, keys: [code] },
    });
    return profile;
  }

  /** The subjects an account speaks for (identity's binding, 实名核验). */
  async subjectsOf(userId: string): Promise<{ code: string; name: string }[]> {
    return (await this.subjects.of(userId)).map((a) => ({ code: a.code, name: a.name }));
  }

  /** "My credit": the profile of every subject bound to the account; nothing about anyone else. */
  async mine(actor: Actor, userId: string): Promise<{ subjects: CreditProfileT[] }> {
    const subjects = await this.subjectsOf(userId);
    const today = chinaToday();
    const profiles = await Promise.all(
      subjects.map((s) => this.build(s.code, codeKind(s.code, today) ?? 'legal')),
    );
    await this.audit.record(actor, {
      action: 'credit.self',
      objectType: 'credit_subject',
      outcome: 'success',
      details: { subjects: subjects.length, keys: subjects.map((s) => s.code) },
    });
    return { subjects: profiles };
  }

  /** The credit office binds an account to the subject it speaks for; the binding is identity's. */
  async bind(actor: Actor, userId: string, rawCode: string, name: string) {
    const { code } = this.normalized(rawCode);
    const bound = await this.subjects.bind(actor, userId, code, name, 'credit.account.bind');
    return bound.map((a) => ({
      userId: a.userId,
      subjectCode: a.kind === 'person' ? shownCode('person', a.code) : a.code,
      subjectName: a.name,
      boundAt: a.boundAt.toISOString(),
    }));
  }

  // ---- public --------------------------------------------------------------------------------------------

  /**
   * 信用查询 without sign-in: legal persons and 个体工商户 by a name fragment or credit code, a person only by the
   * exact 身份证号; only what is in public view today. Every search leaves an entry with the caller's address.
   */
  async publicSearch(actor: Actor, q: string, limit: number) {
    const text = q.trim();
    const today = chinaToday();
    const code = CODE.test(text) && codeKind(text.toUpperCase(), today) ? text.toUpperCase() : null;
    const rows = await creditRepo.publicSubjects(this.db, { text: code ? null : text, code }, today, limit);
    await this.audit.record(actor, {
      action: 'credit.public_search',
      objectType: 'credit_subject',
      outcome: 'success',
      details: { found: rows.length, byCode: code !== null, ...(code ? { keys: [code] } : {}) },
    });
    return {
      items: rows.map((r) => ({
        subjectCode: shownCode(r.subject_category, r.subject_code),
        subjectName: publicName(r.subject_category, r.subject_name),
        subjectCategory: r.subject_category,
        penalties: r.penalties,
        licenses: r.licenses,
        redLists: r.red,
        blackLists: r.black,
      })),
    };
  }

  /** One subject's public page: records in public view and list entries in force; a person only by the number. */
  async publicProfile(actor: Actor, rawCode: string): Promise<PublicCreditProfileT> {
    const { code } = this.normalized(rawCode);
    const today = chinaToday();
    const [records, lists] = await Promise.all([
      creditRepo.publicRecordsOfSubject(this.db, code, today),
      creditRepo.listEntriesOfSubject(this.db, code),
    ]);
    const inForce = lists.filter((l) => listStatus(l, today) === 'in_force');
    await this.audit.record(actor, {
      action: 'credit.public_read',
      objectType: 'credit_subject',
      outcome: records.length || inForce.length ? 'success' : 'failure',
      details: { records: records.length, keys: [code] },
    });
    const first = records[0] ?? inForce[0];
    if (!first)
      throw new AppError('CREDIT_RECORD_NOT_FOUND', {
        code: shownCode(codeKind(code, today) === 'person' ? 'person' : 'legal', code),
      });
    const depts = await this.present.departments(inForce.map((l) => l.department_id));
    return {
      subjectCode: shownCode(first.subject_category, code),
      subjectName: publicName(first.subject_category, first.subject_name),
      subjectCategory: first.subject_category,
      penalties: records.filter((r) => r.kind === 'penalty').map((r) => this.present.publicRecord(r)),
      licenses: records.filter((r) => r.kind === 'license').map((r) => this.present.publicRecord(r)),
      lists: inForce.map((l) => ({
        listKind: l.list_kind,
        listName: l.list_name,
        departmentName: depts.get(l.department_id)?.name ?? '',
        basis: l.basis,
        listedOn: l.listed_on,
        validUntil: l.valid_until,
      })),
    };
  }
}
