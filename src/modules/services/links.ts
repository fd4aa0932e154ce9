/**
 * The links of an item into other modules, checked and resolved through their services (never their tables): the
 * implementing department (org), a shared material's base-registry fields (registries' kinds) or published catalog
 * resource and items (catalog), and license types (the e-license library). A checker is made for a batch of items,
 * so the demo's thousands ask each service once.
 */
import type { CatalogService, Resource } from '../catalog/index.ts';
import type { LicenseService } from '../licenses/index.ts';
import type { Department, OrgService } from '../org/index.ts';
import { REGISTRIES, type RegistryKind } from '../registries/index.ts';
import type { StoredItem } from './presenters.ts';
import { codeProblems, itemProblems, type Problem } from './rules.ts';
import type { MaterialT, ServiceItemInputT } from './schema.ts';

export interface LinkDeps {
  org: OrgService;
  catalog: CatalogService;
  licenses: LicenseService;
}

interface LicenseTypeInfo {
  code: string;
  name: string;
  departmentName: string;
}

/** What a batch of items links to, read once. */
export class LinkChecker {
  private constructor(
    readonly departments: Map<string, Department>,
    private readonly resources: Map<string, Resource>,
    private readonly licenseTypes: Map<string, LicenseTypeInfo>,
  ) {}

  /** Reads outside any transaction: the other modules' services use their own connection. */
  static async load(
    deps: LinkDeps,
    inputs: readonly ServiceItemInputT[],
    /** The published catalog, when the caller has just read it (the demo's load): not read again. */
    published?: readonly Resource[],
  ): Promise<LinkChecker> {
    const departments = await deps.org.getMany(inputs.map((i) => i.departmentId));
    const resourceIds = [
      ...new Set(inputs.flatMap((i) => i.materials.flatMap((m) => (m.resourceId ? [m.resourceId] : [])))),
    ];
    const wanted = new Set(resourceIds);
    const resources = new Map(
      resourceIds.length
        ? (published?.filter((r) => wanted.has(r.id)) ?? (await deps.catalog.publishedResources(resourceIds)))
            .filter((r) => r.status !== 'retired')
            .map((r) => [r.id, r] as const)
        : [],
    );
    const wantsLicense = inputs.some(
      (i) => i.resultLicenseTypeCode || i.materials.some((m) => m.licenseTypeCode),
    );
    const licenseTypes = new Map(
      wantsLicense
        ? (await deps.licenses.types.list()).map(
            (t) => [t.code, { code: t.code, name: t.name, departmentName: t.departmentName }] as const,
          )
        : [],
    );
    return new LinkChecker(departments, resources, licenseTypes);
  }

  /** Every problem of an item (its own rules and its links), each naming its field. */
  problems(input: ServiceItemInputT): Problem[] {
    const out: Problem[] = [];
    const dept = this.departments.get(input.departmentId);
    if (!dept)
      out.push({
        error: 'SERVICE_ITEM_DEPARTMENT_UNKNOWN',
        field: 'departmentId',
        code: 'UNKNOWN',
        message: { zh: '实施主体部门不存在', en: 'No such department' },
      });
    out.push(...codeProblems(input, dept?.uscc ?? null), ...itemProblems(input));
    if (input.resultLicenseTypeCode && !this.licenseTypes.has(input.resultLicenseTypeCode))
      out.push(unknownLicense('resultLicenseTypeCode', input.resultLicenseTypeCode));
    input.materials.forEach((m, i) => {
      const at = (f: string) => `materials.${i}.${f}`;
      if (m.source === 'license' && m.licenseTypeCode && !this.licenseTypes.has(m.licenseTypeCode))
        out.push(unknownLicense(at('licenseTypeCode'), m.licenseTypeCode));
      if (m.source !== 'shared') return;
      if (m.registry) {
        const known = new Set(REGISTRIES[m.registry].fields.map((f) => f.name));
        (m.fields ?? []).forEach((f, j) => {
          if (!known.has(f))
            out.push({
              error: 'SERVICE_MATERIAL_REGISTRY_FIELD_UNKNOWN',
              field: at(`fields.${j}`),
              code: 'UNKNOWN',
              message: {
                zh: `${REGISTRIES[m.registry!].nameZh}没有字段“${f}”`,
                en: `The ${REGISTRIES[m.registry!].nameEn} has no field “${f}”`,
              },
            });
        });
      } else if (m.resourceId) {
        const resource = this.resources.get(m.resourceId);
        if (!resource) {
          out.push({
            error: 'SERVICE_MATERIAL_RESOURCE_UNKNOWN',
            field: at('resourceId'),
            code: 'UNKNOWN',
            message: {
              zh: '共享来源不是已发布的政务信息资源',
              en: 'The shared source is no published catalog resource',
            },
          });
          return;
        }
        const items = new Set(resource.items.map((it) => it.name));
        (m.fields ?? []).forEach((f, j) => {
          if (!items.has(f))
            out.push({
              error: 'SERVICE_MATERIAL_RESOURCE_UNKNOWN',
              field: at(`fields.${j}`),
              code: 'UNKNOWN_ITEM',
              message: {
                zh: `信息资源“${resource.name}”没有信息项“${f}”`,
                en: `The resource “${resource.name}” has no item “${f}”`,
              },
            });
        });
      }
    });
    return out;
  }

  /** The stored body of a checked item: every link with its names as of now. */
  resolve(input: ServiceItemInputT): StoredItem {
    const { resultLicenseTypeCode, materials, ...rest } = input;
    const result = resultLicenseTypeCode ? this.licenseTypes.get(resultLicenseTypeCode)! : null;
    return {
      ...rest,
      conditions: input.conditions ?? null,
      steps: input.steps.map((s) => ({ name: s.name, description: s.description ?? null })),
      resultLicense: result && {
        code: result.code,
        name: result.name,
        departmentName: result.departmentName,
      },
      materials: materials.map((m): MaterialT => {
        const base: MaterialT = {
          name: m.name,
          required: m.required,
          form: m.form,
          description: m.description ?? null,
          source: m.source,
          registry: null,
          resourceId: null,
          resourceCode: null,
          fields: [],
          licenseTypeCode: null,
          sourceName: null,
          providerName: null,
        };
        if (m.source === 'license') {
          const t = this.licenseTypes.get(m.licenseTypeCode!)!;
          return { ...base, licenseTypeCode: t.code, sourceName: t.name, providerName: t.departmentName };
        }
        if (m.source === 'shared' && m.registry) {
          const r = REGISTRIES[m.registry as RegistryKind];
          return { ...base, registry: m.registry, fields: m.fields ?? [], sourceName: r.nameZh };
        }
        if (m.source === 'shared' && m.resourceId) {
          const r = this.resources.get(m.resourceId)!;
          return {
            ...base,
            resourceId: r.id,
            resourceCode: r.code,
            fields: m.fields ?? [],
            sourceName: r.name,
            providerName: r.departmentName,
          };
        }
        return base;
      }),
    };
  }
}

function unknownLicense(field: string, code: string): Problem {
  return {
    error: 'SERVICE_LICENSE_TYPE_UNKNOWN',
    field,
    code: 'UNKNOWN',
    message: {
      zh: `电子证照库中没有证照类型 ${code}`,
      en: `The e-license library has no license type ${code}`,
    },
  };
}
