/**
 * Which person or legal person an account speaks for (实名核验): a citizen's own 身份证号, a company account's
 * 统一社会信用代码. Bound by the operator (or the credit office) after verification; every "my …" page and "who used
 * my data" rests on it, and nothing else lets an account see a subject's data as its own.
 */
import type { Actor, AuditService } from '../audit/index.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { AppError } from '../../core/errors.ts';
import { chinaToday } from '../../lib/time.ts';
import { validateIdCard } from '../../lib/validators/idcard.ts';
import { validateUscc } from '../../lib/validators/uscc.ts';
import { subjectRepo, type SubjectRow } from './subject-repo.ts';

export type { SubjectKind } from './subject-repo.ts';
import type { SubjectKind } from './subject-repo.ts';

export interface AccountSubject {
  userId: string;
  kind: SubjectKind;
  code: string;
  name: string;
  boundBy: string | null;
  boundAt: Date;
}

/** The kind of a subject code, or null when it is neither a valid 身份证号 nor a valid 统一社会信用代码. */
export function subjectKindOf(code: string, today = chinaToday()): SubjectKind | null {
  if (validateIdCard(code, { today }).ok) return 'person';
  if (validateUscc(code).ok) return 'legal_person';
  return null;
}

const present = (r: SubjectRow): AccountSubject => ({
  userId: r.user_id,
  kind: r.subject_kind,
  code: r.subject_code,
  name: r.subject_name,
  boundBy: r.bound_by,
  boundAt: r.bound_at,
});

export class AccountSubjects {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  /**
   * Binds an account to a subject (idempotent: binding again only renames), audited under `action` with the code as
   * a key, so the binding itself shows in the subject's "who used my data".
   */
  async bind(
    actor: Actor,
    userId: string,
    rawCode: string,
    name: string,
    action = 'user.subject.bind',
  ): Promise<AccountSubject[]> {
    const code = rawCode.trim().toUpperCase();
    const kind = subjectKindOf(code);
    if (!kind) throw new AppError('CREDIT_SUBJECT_CODE_INVALID', { code: code.slice(0, 40) });
    try {
      await this.db.transaction(async (tx) => {
        await subjectRepo.bind(tx, { userId, kind, code, name: name.trim(), by: actor.name });
        await this.audit.record(
          actor,
          {
            action,
            objectType: 'user',
            objectId: userId,
            outcome: 'success',
            details: { kind, keys: [code] },
          },
          tx,
        );
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23503') throw new AppError('USER_NOT_FOUND', { userId });
      throw err;
    }
    return this.of(userId);
  }

  /** The department each actor (account or API key id) acts for, for "who used my data". */
  async actorDepartments(ids: string[]): Promise<Map<string, string | null>> {
    if (!ids.length) return new Map();
    return new Map((await subjectRepo.actorDepartments(this.db, ids)).map((r) => [r.id, r.department_id]));
  }

  /** The subjects an account speaks for, in the order they were bound. */
  async of(userId: string, q: Queryable = this.db): Promise<AccountSubject[]> {
    return (await subjectRepo.ofUser(q, userId)).map(present);
  }
}
