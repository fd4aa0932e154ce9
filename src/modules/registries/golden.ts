/**
 * Recomputing golden records after their source records changed: survivorship per field, the conflicts that
 * opens or closes, and one history entry per golden record whose values changed (the fields before and after).
 */
import type { Queryable } from '../../db/index.ts';
import { REGISTRIES, type RegistryKind } from './kinds.ts';
import { registryRepo, type EventWrite } from './repo.ts';
import { survive, type FieldRule, type SourceRecord } from './survivorship.ts';

export async function rulesOf(q: Queryable, kind: RegistryKind): Promise<Record<string, FieldRule>> {
  const out: Record<string, FieldRule> = {};
  for (const f of REGISTRIES[kind].fields)
    out[f.name] = { rule: f.rule, fixedSource: null, conflict: f.conflict };
  for (const r of await registryRepo.rules(q, kind))
    out[r.field] = { rule: r.rule, fixedSource: r.fixed_source, conflict: r.conflict };
  return out;
}

/** Recomputes the golden records of `ids` (merged ones are skipped); returns the ids whose values changed. */
export async function refreshGolden(
  q: Queryable,
  kind: RegistryKind,
  ids: Iterable<string>,
  actor: string | null,
  rules?: Record<string, FieldRule>,
): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const def = REGISTRIES[kind];
  const fieldRules = rules ?? (await rulesOf(q, kind));
  const entities = (await registryRepo.entities(q, unique)).filter((e) => e.status !== 'merged');
  const records = new Map<string, SourceRecord[]>();
  for (const r of await registryRepo.entityRecords(q, unique)) {
    const list = records.get(r.entityId);
    if (list) list.push(r);
    else records.set(r.entityId, [r]);
  }
  const chosen = new Map<string, Record<string, string>>();
  for (const c of await registryRepo.chosen(q, unique)) {
    const m = chosen.get(c.entity_id) ?? {};
    m[c.field] = c.chosen;
    chosen.set(c.entity_id, m);
  }
  const open = new Map<string, { id: string; field: string; candidates: unknown }[]>();
  for (const c of await registryRepo.openConflicts(q, unique)) {
    const list = open.get(c.entity_id) ?? [];
    list.push(c);
    open.set(c.entity_id, list);
  }

  const saves: Parameters<typeof registryRepo.saveGolden>[1] = [];
  const events: EventWrite[] = [];
  const closing: string[] = [];
  const changed: string[] = [];
  for (const e of entities) {
    const held = records.get(e.id) ?? [];
    const g = survive(def, fieldRules, held, chosen.get(e.id));
    const before = e.golden;
    const diff: Record<string, { from: string | null; to: string | null }> = {};
    for (const f of def.fields) {
      const from = before[f.name] ?? null;
      const to = g.values[f.name] ?? null;
      if (from !== to) diff[f.name] = { from, to };
    }
    const status = held.length ? 'active' : 'retired';
    const changedNow = Object.keys(diff).length > 0 || status !== e.status;
    saves.push({
      changed: changedNow,
      id: e.id,
      status,
      key: g.values[def.key] ?? null,
      name: g.values[def.nameField] ?? null,
      golden: g.values,
      provenance: g.provenance,
      records: held.length,
      conflicts: g.conflicts.length,
    });
    if (changedNow) {
      changed.push(e.id);
      events.push({
        entity_id: e.id,
        kind: e.version === 0 ? 'created' : 'updated',
        detail: { changes: diff, records: held.length, status },
        actor,
      });
    }
    const now = new Map(g.conflicts.map((c) => [c.field, c]));
    for (const c of open.get(e.id) ?? []) if (!now.has(c.field)) closing.push(c.id);
    for (const c of g.conflicts) {
      const existing = (open.get(e.id) ?? []).find((o) => o.field === c.field);
      if (existing && JSON.stringify(existing.candidates) === JSON.stringify(c.candidates)) continue;
      await registryRepo.openConflict(q, kind, e.id, c.field, c.candidates);
      if (!existing)
        events.push({
          entity_id: e.id,
          kind: 'conflict',
          detail: { field: c.field, values: c.candidates.map((x) => x.value) },
          actor,
        });
    }
  }
  await registryRepo.saveGolden(q, saves);
  await registryRepo.closeConflicts(q, closing);
  await registryRepo.addEvents(q, kind, events);
  return changed;
}
