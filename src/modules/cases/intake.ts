/**
 * 收件: the window opens a case for an applicant, with the service item's snapshot. With an Idempotency-Key a
 * repeated request (a double click, a retry after a lost answer) answers the case the first one opened.
 */
import type { Db } from '../../db/index.ts';
import { AppError, validationError, type FieldError } from '../../core/errors.ts';
import { sm3 } from '../../lib/crypto.ts';
import { chinaToday } from '../../lib/time.ts';
import { describeReason, validateIdCard, validateUscc } from '../../lib/validators/index.ts';
import { canonicalJson, type Actor, type AuditService } from '../audit/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { LicenseService } from '../licenses/index.ts';
import type { OrgService } from '../org/index.ts';
import { applicantMessage, type CaseNotifications } from './notifications.ts';
import { caseRepo, type CaseRow } from './repo.ts';
import type { CaseOpenInputT } from './schema.ts';

function problem(field: string, code: string, zh: string, en: string): FieldError {
  return { field, code, message: { zh, en } };
}

export class CaseIntake {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly identity: IdentityService,
    private readonly licenses: LicenseService,
    private readonly notifications: CaseNotifications,
  ) {}

  /** Everything wrong with an opening, each naming its field. */
  async problems(input: CaseOpenInputT, today: string): Promise<FieldError[]> {
    const out: FieldError[] = [];
    const { item, applicant } = input;
    const code = applicant.code.trim().toUpperCase();
    if (applicant.kind === 'person') {
      const r = validateIdCard(code, { today });
      if (!r.ok)
        out.push(
          problem(
            'applicant.code',
            r.reason.toUpperCase(),
            `申请人身份证号${describeReason(r.reason, 'zh')}`,
            `applicant ID number: ${describeReason(r.reason, 'en')}`,
          ),
        );
    } else {
      const r = validateUscc(code);
      if (!r.ok)
        out.push(
          problem(
            'applicant.code',
            r.reason.toUpperCase(),
            `申请人统一社会信用代码${describeReason(r.reason, 'zh')}`,
            `applicant credit code: ${describeReason(r.reason, 'en')}`,
          ),
        );
    }
    if (item.promisedDays > item.legalDays)
      out.push(
        problem(
          'item.promisedDays',
          'EXCEEDS_LEGAL',
          '承诺办结时限不能超过法定办结时限',
          'The promised period cannot exceed the legal one',
        ),
      );
    if (!(await this.org.getMany([item.departmentId])).has(item.departmentId))
      out.push(problem('item.departmentId', 'UNKNOWN', '实施部门不存在', 'No such department'));
    if (item.resultLicenseTypeCode) {
      const type = await this.licenses.types.row(item.resultLicenseTypeCode).catch(() => null);
      if (!type)
        out.push(
          problem(
            'item.resultLicenseTypeCode',
            'UNKNOWN',
            '电子证照库中没有该证照类型',
            'The e-license library has no such type',
          ),
        );
      else if (type.holder_kind !== (applicant.kind === 'person' ? '111' : '001'))
        out.push(
          problem(
            'item.resultLicenseTypeCode',
            'HOLDER_KIND',
            '该证照的持证主体类型与申请人不符',
            'The license type is for another kind of holder than the applicant',
          ),
        );
    }
    if (applicant.userId) {
      const subjects = await this.identity.subjects.of(applicant.userId);
      if (!subjects.some((s) => s.code === code))
        out.push(
          problem(
            'applicant.userId',
            'NOT_BOUND',
            '该账号未经实名核验绑定此申请人',
            'The account does not speak for this applicant',
          ),
        );
    }
    return out;
  }

  /**
   * Opens a case (state received). Answers its id and whether an earlier request with the same key opened it.
   * `at` backdates the receipt (the demo's history); requests use now.
   */
  async open(
    actor: Actor,
    input: CaseOpenInputT,
    options: { idempotencyKey?: string | undefined; at?: Date } = {},
  ): Promise<{ id: string; replayed: boolean }> {
    const at = options.at ?? new Date();
    const key = options.idempotencyKey ?? null;
    const digest = sm3(canonicalJson(input));
    const openedBy = actor.id;
    if (key && openedBy) {
      const earlier = await caseRepo.byIdempotencyKey(this.db, openedBy, key);
      if (earlier) return this.#replay(earlier, digest);
    }
    const problems = await this.problems(input, chinaToday());
    if (problems.length) throw validationError(problems);
    const code = input.applicant.code.trim().toUpperCase();
    const result = await this.db.transaction(async (tx) => {
      const seq = await caseRepo.nextNumber(tx);
      const number = `BJ${chinaToday(at).replaceAll('-', '')}${String(seq).padStart(6, '0')}`;
      const id = await caseRepo.insert(tx, {
        number,
        item: input.item,
        item_code: input.item.itemCode,
        department_id: input.item.departmentId,
        applicant_kind: input.applicant.kind,
        applicant_code: code,
        applicant_name: input.applicant.name.trim(),
        applicant_user_id: input.applicant.userId ?? null,
        state: 'received',
        received_at: at,
        opened_by: openedBy,
        idempotency_key: key && openedBy ? key : null,
        request_digest: digest,
      });
      if (!id) return undefined; // The same key committed meanwhile.
      await caseRepo.insertEvent(tx, {
        case_id: id,
        action: 'open',
        from_state: null,
        to_state: 'received',
        reason: input.note?.trim() || null,
        details: { itemCode: input.item.itemCode },
        actor_id: actor.kind === 'user' ? actor.id : null,
        actor_name: actor.name,
        at,
      });
      const message = applicantMessage(
        'open',
        { number, item: input.item },
        { reason: null, missing: null, days: null, promisedDueOn: null, licenseId: null },
      )!;
      await this.notifications.add(
        tx,
        { id, department_id: input.item.departmentId },
        { audience: 'applicant', kind: 'open', ...message, at },
      );
      await this.audit.record(
        actor,
        {
          action: 'case.open',
          objectType: 'case',
          objectId: id,
          departmentId: input.item.departmentId,
          outcome: 'success',
          details: { number, itemCode: input.item.itemCode, keys: [code] },
        },
        tx,
      );
      return id;
    });
    if (result) return { id: result, replayed: false };
    const earlier = await caseRepo.byIdempotencyKey(this.db, openedBy!, key!);
    return this.#replay(earlier!, digest);
  }

  #replay(earlier: CaseRow, digest: string): { id: string; replayed: boolean } {
    if (earlier.request_digest !== digest)
      throw new AppError('CASE_IDEMPOTENCY_CONFLICT', { caseId: earlier.id });
    return { id: earlier.id, replayed: true };
  }
}
