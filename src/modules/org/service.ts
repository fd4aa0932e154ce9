import type { Db, Queryable } from '../../db/index.ts';
import { AppError, validationError, type FieldError } from '../../core/errors.ts';
import { describeReason, validateUscc } from '../../lib/validators/index.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { Department, DepartmentInput, Region } from './schema.ts';
import { orgRepo, type DepartmentFields, type DepartmentRow, type RegionRow } from './repo.ts';

export type { Department, DepartmentInput, Region };

function present(r: DepartmentRow): Department {
  return {
    id: r.id,
    name: r.name,
    shortName: r.short_name,
    uscc: r.uscc,
    regionCode: r.region_code,
    regionName: r.region_name,
    parentId: r.parent_id,
    parentName: r.parent_name,
    createdAt: r.created_at.toISOString(),
  };
}

const presentRegion = (r: RegionRow): Region => ({
  code: r.code,
  name: r.name,
  level: r.level,
  parentCode: r.parent_code,
});

/** Departments (部门) and administrative regions (行政区划). */
export class OrgService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  /** One department; pass the caller's transaction when inside one (PGlite has a single connection). */
  async get(id: string, q: Queryable = this.db): Promise<Department> {
    const row = await orgRepo.departmentById(q, id);
    if (!row) throw new AppError('ORG_DEPARTMENT_NOT_FOUND', { id });
    return present(row);
  }

  /** The departments that exist among `ids`, for other modules that hold department references. */
  async getMany(ids: string[]): Promise<Map<string, Department>> {
    const rows = await orgRepo.departmentsByIds(this.db, [...new Set(ids)]);
    return new Map(rows.map((r) => [r.id, present(r)]));
  }

  /** A department by id, demo key or exact name (for the CLI). */
  async findByKeyOrId(ref: string): Promise<Department | undefined> {
    const row = await orgRepo.departmentByRef(this.db, ref);
    return row && present(row);
  }

  async search(q: string | undefined, limit: number, offset: number) {
    const { total, rows } = await orgRepo.searchDepartments(this.db, q, limit, offset);
    return { total, items: rows.map(present) };
  }

  async create(actor: Actor, input: DepartmentInput): Promise<Department> {
    const fields = this.normalize(input);
    const id = await this.db.transaction(async (tx) => {
      await this.check(tx, fields, null);
      const id = await orgRepo.insertDepartment(tx, fields);
      await this.audit.record(
        actor,
        {
          action: 'department.create',
          objectType: 'department',
          objectId: id,
          departmentId: id,
          outcome: 'success',
          details: { name: fields.name, uscc: fields.uscc },
        },
        tx,
      );
      return id;
    });
    return this.get(id);
  }

  async update(actor: Actor, id: string, patch: Partial<DepartmentInput>): Promise<Department> {
    const current = await this.get(id);
    const fields = this.normalize({
      name: patch.name ?? current.name,
      shortName: patch.shortName ?? current.shortName,
      uscc: patch.uscc ?? current.uscc,
      regionCode: patch.regionCode ?? current.regionCode,
      parentId: patch.parentId === undefined ? current.parentId : patch.parentId,
    });
    await this.db.transaction(async (tx) => {
      await this.check(tx, fields, id);
      await orgRepo.updateDepartment(tx, id, fields);
      const changed = Object.keys(patch).filter(
        (k) => patch[k as keyof DepartmentInput] !== current[k as keyof Department],
      );
      await this.audit.record(
        actor,
        {
          action: 'department.update',
          objectType: 'department',
          objectId: id,
          departmentId: id,
          outcome: 'success',
          details: { name: fields.name, changed },
        },
        tx,
      );
    });
    return this.get(id);
  }

  /** Loads the demo city's departments; the key makes a second run a no-op. */
  async ensureDepartment(fields: DepartmentFields & { key: string }): Promise<string> {
    const existing = await orgRepo.departmentIdByKey(this.db, fields.key);
    if (existing) return existing;
    return orgRepo.insertDepartment(this.db, fields);
  }

  async regions(level?: string, parent?: string): Promise<Region[]> {
    return (await orgRepo.regions(this.db, level, parent)).map(presentRegion);
  }

  async loadRegions(regions: Region[]): Promise<number> {
    const ordered = [...regions].sort(
      (a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code),
    );
    return orgRepo.upsertRegions(
      this.db,
      ordered.map((r) => ({ code: r.code, name: r.name, level: r.level, parent_code: r.parentCode })),
    );
  }

  async counts(): Promise<{ departments: number; regions: Record<string, number> }> {
    return {
      departments: await orgRepo.countDepartments(this.db),
      regions: await orgRepo.regionCounts(this.db),
    };
  }

  private normalize(input: DepartmentInput): DepartmentFields {
    return {
      name: input.name.trim(),
      shortName: input.shortName.trim(),
      uscc: input.uscc.trim().toUpperCase(),
      regionCode: input.regionCode.trim(),
      parentId: input.parentId ?? null,
    };
  }

  /** Collects every problem with a department's fields and reports them together. */
  private async check(q: Queryable, f: DepartmentFields, id: string | null): Promise<void> {
    const errors: FieldError[] = [];
    if (!f.name)
      errors.push({
        field: 'name',
        code: 'required',
        message: { zh: '名称不能为空', en: 'Name is required' },
      });
    if (!f.shortName) {
      errors.push({
        field: 'shortName',
        code: 'required',
        message: { zh: '简称不能为空', en: 'Short name is required' },
      });
    }
    const uscc = validateUscc(f.uscc);
    if (!uscc.ok) {
      errors.push({
        field: 'uscc',
        code: `uscc_${uscc.reason}`,
        message: {
          zh: `统一社会信用代码无效：${describeReason(uscc.reason, 'zh')}`,
          en: `Invalid unified social credit code: ${describeReason(uscc.reason, 'en')}`,
        },
      });
    }
    if (errors.length) throw validationError(errors);
    if (!(await orgRepo.regionByCode(q, f.regionCode))) {
      throw new AppError('ORG_REGION_NOT_FOUND', { field: 'regionCode', code: f.regionCode });
    }
    if (f.parentId) {
      if (!(await orgRepo.departmentById(q, f.parentId))) {
        throw new AppError('ORG_DEPARTMENT_NOT_FOUND', { field: 'parentId', id: f.parentId });
      }
      if (id && (await orgRepo.ancestry(q, f.parentId)).includes(id)) {
        throw new AppError('ORG_DEPARTMENT_PARENT_CYCLE', { field: 'parentId' });
      }
    }
    const taken = await orgRepo.departmentConflicts(q, f.name, f.uscc, id);
    if (taken.name) throw new AppError('ORG_DEPARTMENT_NAME_TAKEN', { field: 'name', name: f.name });
    if (taken.uscc) throw new AppError('ORG_DEPARTMENT_USCC_TAKEN', { field: 'uscc', uscc: f.uscc });
  }
}
