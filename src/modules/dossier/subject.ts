/**
 * 一人一档 / 一企一档 for staff: a golden record and everything linked to its key across the registries — the
 * subject's e-licenses and credit profile — each section present only when the policy lets the caller read it, and
 * each read audited by the module that answers it (so the subject's "who used my data" names every one).
 */
import type { Actor } from '../audit/index.ts';
import type { CreditService } from '../credit/index.ts';
import { can, scopeOf, type Principal } from '../identity/index.ts';
import type { LicenseService } from '../licenses/index.ts';
import type { RegistryKind, RegistryService } from '../registries/index.ts';
import type { DossierT } from './schema.ts';

export interface DossierDeps {
  registries: RegistryService;
  licenses: LicenseService;
  credit: CreditService;
}

const KIND: Record<RegistryKind, DossierT['kind']> = { population: 'person', legal_person: 'legal_person' };

export class SubjectDossiers {
  constructor(private readonly deps: DossierDeps) {}

  /**
   * The dossier of golden record `id` of registry `kind`. The caller has passed `registry.read` for the registry;
   * `clear`: it sees personal fields in clear (the registry's steward, the operator).
   */
  async of(
    actor: Actor,
    principal: Principal,
    kind: RegistryKind,
    id: string,
    clear: boolean,
  ): Promise<DossierT> {
    const { registries, licenses, credit } = this.deps;
    const registry = await registries.reads.detail(actor, kind, id, clear);
    // The key in clear is only used to find the same subject in the other libraries, never returned here.
    const { key } = await registries.reads.subjectOf(kind, registry.record.id);
    const omitted: DossierT['omitted'] = [];

    let licenseItems: DossierT['licenses'] = null;
    if (!key) omitted.push({ section: 'licenses', reason: 'no_key' });
    else if (scopeOf(principal, 'license.read').kind === 'none')
      omitted.push({ section: 'licenses', reason: 'forbidden' });
    else licenseItems = (await licenses.reads.list(actor, principal, { holder: key, limit: 200 })).items;

    let profile: DossierT['credit'] = null;
    if (!key) omitted.push({ section: 'credit', reason: 'no_key' });
    else if (!can(principal, 'credit.read')) omitted.push({ section: 'credit', reason: 'forbidden' });
    else {
      const cases = scopeOf(principal, 'credit.case.read');
      profile = await credit.profiles.profile(
        actor,
        key,
        cases.kind === 'all' ? null : cases.kind === 'departments' ? cases.ids : [],
      );
    }
    return { kind: KIND[kind], registry, licenses: licenseItems, credit: profile, omitted };
  }
}
