/** What a version stores (the item as saved, its links resolved to names) and how it becomes an API object. */
import type { Department } from '../org/index.ts';
import { basicCodeOf } from './rules.ts';
import type { MaterialT, ServiceItemInputT, ServiceItemT } from './schema.ts';
import { kindName } from './vocab.ts';

/** A version's body: the input, with every link's names as they were when it was saved. */
export interface StoredItem extends Omit<ServiceItemInputT, 'materials' | 'resultLicenseTypeCode'> {
  materials: MaterialT[];
  resultLicense: { code: string; name: string; departmentName: string | null } | null;
}

export interface Presentable {
  id: string;
  status: 'draft' | 'published';
  published_version: number | null;
  updated_at: Date;
}

export function presentItem(
  row: Presentable,
  version: { version: number; body: StoredItem; published_at?: Date | null },
  depts: Map<string, Department>,
): ServiceItemT {
  const b = version.body;
  return {
    id: row.id,
    code: b.code,
    basicCode: basicCodeOf(b.code),
    name: b.name,
    kind: b.kind,
    kindName: kindName(b.kind),
    departmentId: b.departmentId,
    departmentName: depts.get(b.departmentId)?.name ?? '',
    legalBasis: b.legalBasis,
    conditions: b.conditions ?? null,
    legalDays: b.legalDays,
    promisedDays: b.promisedDays,
    channels: b.channels,
    visits: b.visits,
    depth: b.depth,
    fee: b.fee,
    steps: b.steps.map((s) => ({ name: s.name, description: s.description ?? null })),
    resultLicense: b.resultLicense,
    materials: b.materials,
    status: version.version === row.published_version ? 'published' : 'draft',
    version: version.version,
    publishedVersion: row.published_version,
    publishedAt: version.published_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The input a stored version was saved from (for the editor and for diffs). */
export function inputOf(b: StoredItem): ServiceItemInputT {
  const { resultLicense, materials, ...rest } = b;
  return {
    ...rest,
    resultLicenseTypeCode: resultLicense?.code ?? null,
    materials: materials.map((m) => ({
      name: m.name,
      required: m.required,
      form: m.form,
      description: m.description,
      source: m.source,
      registry: m.registry,
      resourceId: m.resourceId,
      fields: m.fields,
      licenseTypeCode: m.licenseTypeCode,
    })),
  };
}
