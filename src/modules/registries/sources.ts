/**
 * Setting a registry up: which department keeps it, which resource its golden records are published as, and its
 * sources — each a catalog resource the registry's department subscribes to (pull, from the beginning), with the
 * projection of the resource's items onto the registry's fields.
 */
import type { Db } from '../../db/index.ts';
import { AppError } from '../../core/errors.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import type { CatalogService } from '../catalog/index.ts';
import type { ExchangeService } from '../exchange/index.ts';
import type { OrgService } from '../org/index.ts';
import { REGISTRIES, type RegistryKind } from './kinds.ts';
import { registryRepo, type FieldSpec, type Projection, type SourceRow } from './repo.ts';

export interface SourceInput {
  resourceId: string;
  name: string;
  priority: number;
  projections: Projection[];
}

const specItem = (spec: FieldSpec): string | null =>
  typeof spec === 'string' ? spec : 'item' in spec ? spec.item : null;

export class RegistrySources {
  constructor(
    private readonly deps: {
      db: Db;
      audit: AuditService;
      org: OrgService;
      catalog: CatalogService;
      exchange: ExchangeService;
    },
  ) {}

  /** Creates the registry (idempotent: an existing one keeps its department). */
  async ensure(kind: RegistryKind, departmentId: string, resourceId: string | null): Promise<void> {
    await this.deps.org.get(departmentId);
    await registryRepo.ensure(this.deps.db, kind, departmentId);
    if (resourceId) await registryRepo.setResource(this.deps.db, kind, resourceId);
  }

  async list(kind?: RegistryKind): Promise<SourceRow[]> {
    return registryRepo.sources(this.deps.db, kind);
  }

  /** Makes a resource a source: checks the projections against its items, subscribes, records the source. */
  async attach(actor: Actor, kind: RegistryKind, input: SourceInput): Promise<SourceRow> {
    const { db, exchange, catalog, audit } = this.deps;
    const registry = await registryRepo.get(db, kind);
    if (!registry) throw new AppError('REGISTRY_NOT_FOUND', { registry: kind });
    const [resource] = await catalog.publishedResources([input.resourceId]).catch(() => []);
    if (!resource) throw new AppError('EXCHANGE_RESOURCE_NOT_FOUND', { resourceId: input.resourceId });
    if ((await registryRepo.sources(db, kind)).some((s) => s.resource_id === resource.id))
      throw new AppError('REGISTRY_SOURCE_EXISTS', { resourceId: resource.id });
    const items = new Set(resource.items.map((i) => i.name));
    const fields = new Set(REGISTRIES[kind].fields.map((f) => f.name));
    // 组织机构代码 is not a golden field, but legacy records are linked by it.
    if (kind === 'legal_person') fields.add('组织机构代码');
    const problems: { field: string; code: string; message: { zh: string; en: string } }[] = [];
    if (!input.projections.length)
      problems.push({
        field: 'projections',
        code: 'REQUIRED',
        message: { zh: '至少需要一个映射', en: 'At least one projection is needed' },
      });
    input.projections.forEach((p, i) => {
      for (const [field, spec] of Object.entries(p.fields)) {
        if (!fields.has(field))
          problems.push({
            field: `projections[${i}].fields.${field}`,
            code: 'UNKNOWN_FIELD',
            message: {
              zh: `${REGISTRIES[kind].nameZh}没有字段「${field}」`,
              en: `The registry has no field "${field}"`,
            },
          });
        const item = specItem(spec);
        if (item !== null && !items.has(item))
          problems.push({
            field: `projections[${i}].fields.${field}`,
            code: 'UNKNOWN_ITEM',
            message: { zh: `资源中没有信息项「${item}」`, en: `The resource has no item "${item}"` },
          });
      }
    });
    if (problems.length) throw new AppError('REQUEST_VALIDATION_FAILED', { fields: problems });
    const existing = await exchange.subscriptions({
      consumerIds: [registry.department_id],
      providerIds: null,
      resourceId: resource.id,
    });
    const subscription =
      existing.find((s) => s.mode === 'pull') ??
      (
        await exchange.subscribe(actor, {
          resourceId: resource.id,
          consumerDepartmentId: registry.department_id,
          mode: 'pull',
          from: 'beginning',
        })
      ).subscription;
    const id = await db.transaction(async (tx) => {
      const sourceId = await registryRepo.insertSource(tx, {
        registry: kind,
        resourceId: resource.id,
        subscriptionId: subscription.id,
        name: input.name,
        priority: input.priority,
        projections: input.projections,
      });
      await audit.record(
        actor,
        {
          action: 'registry.source.attach',
          objectType: 'registry_source',
          objectId: sourceId,
          departmentId: registry.department_id,
          outcome: 'success',
          details: {
            registry: kind,
            resourceId: resource.id,
            code: resource.code,
            subscriptionId: subscription.id,
          },
        },
        tx,
      );
      return sourceId;
    });
    return (await registryRepo.sources(db, kind)).find((s) => s.id === id)!;
  }
}
