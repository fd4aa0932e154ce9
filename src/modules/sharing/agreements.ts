import type { Db } from '../../db/index.ts';
import { sm3 } from '../../lib/crypto.ts';
import { AppError } from '../../core/errors.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { OrgService } from '../org/index.ts';
import type { SharingPresenter } from './presenters.ts';
import { chinaToday } from '../../lib/time.ts';
import { sharingRepo } from './repo.ts';
import type { AgreementInputT, AgreementT } from './schema.ts';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/**
 * 安全保密协议: the operator records each using unit's signed agreement; a department holds usable grants only while
 * one is in force.
 */
export class AgreementService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly present: SharingPresenter,
    /** Called after any change, so remembered grants (whose use depends on agreements) are read again. */
    private readonly changed: () => void,
  ) {}

  async create(
    actor: Actor,
    input: AgreementInputT,
    file: { name: string; content: Buffer },
  ): Promise<AgreementT> {
    if (
      file.content.length === 0 ||
      file.content.length > MAX_FILE_BYTES ||
      !file.content.subarray(0, 5).equals(Buffer.from('%PDF-'))
    )
      throw new AppError('SHARING_AGREEMENT_FILE_INVALID', {
        fileName: file.name,
        size: file.content.length,
      });
    if (input.validTo < input.validFrom)
      throw new AppError('REQUEST_VALIDATION_FAILED', {
        fields: [
          {
            field: 'validTo',
            code: 'BEFORE_START',
            message: { zh: '有效期止不能早于有效期起', en: 'validTo is before validFrom' },
          },
        ],
      });
    await this.org.get(input.departmentId);
    const id = await this.db.transaction(async (tx) => {
      const id = await sharingRepo.insertAgreement(tx, {
        ...input,
        fileName: file.name,
        fileSm3: sm3(file.content),
        content: file.content,
        createdBy: actor.name,
      });
      await this.audit.record(
        actor,
        {
          action: 'sharing.agreement.create',
          objectType: 'sharing_agreement',
          objectId: id,
          departmentId: input.departmentId,
          outcome: 'success',
          details: { title: input.title, validFrom: input.validFrom, validTo: input.validTo },
        },
        tx,
      );
      return id;
    });
    this.changed();
    return this.get(id);
  }

  async get(id: string): Promise<AgreementT> {
    const row = await sharingRepo.agreement(this.db, id);
    if (!row) throw new AppError('SHARING_AGREEMENT_NOT_FOUND', { id });
    return (await this.present.agreements([row]))[0]!;
  }

  /** Agreements of these departments (null: the whole city), optionally in one state. */
  async list(departmentIds: string[] | null, state?: AgreementT['state']): Promise<AgreementT[]> {
    const all = await this.present.agreements(await sharingRepo.agreements(this.db, departmentIds));
    return state ? all.filter((a) => a.state === state) : all;
  }

  async file(id: string) {
    const file = await sharingRepo.agreementFile(this.db, id);
    if (!file) throw new AppError('SHARING_AGREEMENT_NOT_FOUND', { id });
    return {
      fileName: file.file_name,
      content: Buffer.from(file.file_content),
      departmentId: file.department_id,
    };
  }

  async revoke(actor: Actor, id: string, reason: string): Promise<AgreementT> {
    const a = await this.get(id);
    await this.db.transaction(async (tx) => {
      await sharingRepo.revokeAgreement(tx, id, actor.name, reason);
      await this.audit.record(
        actor,
        {
          action: 'sharing.agreement.revoke',
          objectType: 'sharing_agreement',
          objectId: id,
          departmentId: a.departmentId,
          outcome: 'success',
          details: { reason },
        },
        tx,
      );
    });
    this.changed();
    return this.get(id);
  }

  /** Every department with the end of its agreement in force (or of its last lapsed one). */
  async coverage() {
    const rows = new Map(
      (await sharingRepo.coverage(this.db, chinaToday())).map((r) => [r.department_id, r]),
    );
    const { items } = await this.org.search(undefined, 10_000, 0);
    return items.map((d) => ({
      departmentId: d.id,
      departmentName: d.name,
      inForceUntil: rows.get(d.id)?.in_force_until ?? null,
      lastExpiredOn: rows.get(d.id)?.last_expired ?? null,
    }));
  }
}
