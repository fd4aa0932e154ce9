import type { Db, Queryable } from '../../db/index.ts';
import { AppError, validationError, type FieldError } from '../../core/errors.ts';
import { licenseTypeCodeProblem } from '../../lib/validators/index.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { OrgService } from '../org/index.ts';
import type { LicensePresenter } from './presenters.ts';
import { licenseRepo, type TypeRow } from './repo.ts';
import type { LicenseTypeInputT, LicenseTypeT } from './schema.ts';

/** 证照类型: what a license of a kind holds, who issues it and for how long it is valid. */
export class LicenseTypeService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly present: LicensePresenter,
  ) {}

  async list(): Promise<LicenseTypeT[]> {
    return this.present.types(await licenseRepo.listTypes(this.db));
  }

  async get(code: string): Promise<LicenseTypeT> {
    const [type] = await this.present.types([await this.row(code)]);
    return type!;
  }

  /** The type's row, or LICENSE_TYPE_NOT_FOUND. */
  async row(code: string, q: Queryable = this.db): Promise<TypeRow> {
    const row = await licenseRepo.typeByCode(q, code);
    if (!row) throw new AppError('LICENSE_TYPE_NOT_FOUND', { code });
    return row;
  }

  async create(actor: Actor, input: LicenseTypeInputT): Promise<LicenseTypeT> {
    const problems: FieldError[] = [];
    const codeProblem = licenseTypeCodeProblem(input.code);
    if (codeProblem)
      problems.push({
        field: 'code',
        code: 'INVALID',
        message: {
          zh: '证照类型代码应为部委统一社会信用代码加 3 位数字',
          en: 'A type code is the ministry’s credit code followed by 3 digits',
        },
      });
    const names = new Set<string>();
    input.fields.forEach((f, i) => {
      if (names.has(f.name))
        problems.push({
          field: `fields.${i}.name`,
          code: 'DUPLICATE',
          message: { zh: `信息项名称重复：${f.name}`, en: `Duplicate field name: ${f.name}` },
        });
      names.add(f.name);
    });
    if (problems.length) throw validationError(problems);
    await this.org.get(input.departmentId);
    await this.db.transaction(async (tx) => {
      const inserted =
        !(await licenseRepo.typeNameTaken(tx, input.name)) &&
        (await licenseRepo.insertType(tx, {
          code: input.code,
          name: input.name,
          ministry_name: input.ministryName,
          department_id: input.departmentId,
          holder_kind: input.holderKind,
          fields: input.fields,
          validity_years: input.validityYears,
          created_by: actor.name,
        }));
      if (!inserted) throw new AppError('LICENSE_TYPE_TAKEN', { code: input.code, name: input.name });
      await this.audit.record(
        actor,
        {
          action: 'license.type.create',
          objectType: 'license_type',
          objectId: input.code,
          departmentId: input.departmentId,
          outcome: 'success',
          details: { name: input.name, holderKind: input.holderKind, fields: input.fields.length },
        },
        tx,
      );
    });
    return this.get(input.code);
  }

  /** The demo's types, those not there yet, in one statement; how many were added. */
  async seed(actor: Actor, types: (LicenseTypeInputT & { departmentId: string })[]): Promise<number> {
    return this.db.transaction(async (tx) => {
      const added = await licenseRepo.insertTypes(
        tx,
        types.map((t) => ({
          code: t.code,
          name: t.name,
          ministry_name: t.ministryName,
          department_id: t.departmentId,
          holder_kind: t.holderKind,
          fields: t.fields,
          validity_years: t.validityYears,
          created_by: actor.name,
        })),
      );
      if (added.length)
        await this.audit.record(
          actor,
          {
            action: 'license.type.seed',
            objectType: 'license_type',
            outcome: 'success',
            details: { added: added.length },
          },
          tx,
        );
      return added.length;
    });
  }
}
