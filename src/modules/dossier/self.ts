/**
 * 我的档案: what the city holds about the subjects an account speaks for (its own 身份证号, its company's 统一社会信用代码
 * — identity's binding), in clear because it is theirs, and "who used my data" (谁用了我的数据): every audited access
 * to those subjects by anyone else, found by the keys' digests in the audit log.
 */
import type { Actor, AuditService } from '../audit/index.ts';
import type { IdentityService } from '../identity/index.ts';
import type { OrgService } from '../org/index.ts';
import type { RegistryKind } from '../registries/index.ts';
import type { DataUseT, MyDossierT } from './schema.ts';
import type { DossierDeps } from './subject.ts';

const REGISTRY: Record<MyDossierT['subjects'][number]['kind'], RegistryKind> = {
  person: 'population',
  legal_person: 'legal_person',
};

export class SelfDossiers {
  constructor(
    private readonly deps: DossierDeps & { audit: AuditService; identity: IdentityService; org: OrgService },
  ) {}

  async mine(actor: Actor, userId: string): Promise<MyDossierT> {
    const { registries, licenses, credit, identity } = this.deps;
    const subjects = await identity.subjects.of(userId);
    const profiles = subjects.length ? (await credit.profiles.mine(actor, userId)).subjects : [];
    const out: MyDossierT['subjects'] = [];
    for (const [i, s] of subjects.entries()) {
      const kind = REGISTRY[s.kind];
      const id = await registries.reads.idOfKey(kind, s.code);
      out.push({
        kind: s.kind,
        code: s.code,
        name: s.name,
        registry: id ? await registries.reads.detail(actor, kind, id, true) : null,
        licenses: await licenses.reads.ofHolder(actor, s.code),
        credit: profiles[i]!,
      });
    }
    return { subjects: out };
  }

  /** Every access to the account's subjects by others, newest first (keyset by audit id). */
  async uses(
    userId: string,
    page: { limit: number; before?: string | undefined },
  ): Promise<{ items: DataUseT[]; nextCursor: string | null }> {
    const { registries, identity, audit, org } = this.deps;
    const subjects = await identity.subjects.of(userId);
    if (!subjects.length) return { items: [], nextCursor: null };
    // Reads of a golden record are audited by its id as well as its number; a merged-away id is found by neither
    // after the merge, which is right: the record it became carries the number.
    const keys: string[] = [];
    for (const s of subjects) {
      keys.push(s.code);
      const id = await registries.reads.idOfKey(REGISTRY[s.kind], s.code);
      if (id) keys.push(id);
    }
    const found = await audit.search(
      { anyKeyDigest: keys.map((k) => audit.subjectDigest(k)), notActorIds: [userId] },
      page,
    );
    const actors = await identity.subjects.actorDepartments([
      ...new Set(found.items.map((e) => e.actorId).filter((id): id is string => id !== null)),
    ]);
    const departments = await org.getMany([
      ...new Set([...actors.values()].filter((d): d is string => d !== null)),
    ]);
    return {
      items: found.items.map((e) => {
        // The department the actor works for; for the platform's own work, the department the entry names.
        const departmentId = (e.actorId ? actors.get(e.actorId) : null) ?? e.departmentId;
        return {
          id: e.id,
          at: e.at,
          action: e.action,
          outcome: e.outcome,
          actorKind: e.actorKind,
          departmentId,
          departmentName: departmentId
            ? (departments.get(departmentId)?.name ??
              (departmentId === e.departmentId ? e.departmentName : null))
            : null,
          objectType: e.objectType,
          objectName: e.objectName,
        };
      }),
      nextCursor: found.nextCursor,
    };
  }
}
