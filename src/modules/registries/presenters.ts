/** Golden records, linked records, conflicts and reviews as the API shows them, masked for callers who may not see them in clear. */
import { codeLabel } from '../../lib/codes.ts';
import { maskValue } from '../../lib/mask.ts';
import { REGISTRIES, type RegistryKind } from './kinds.ts';
import type { Why } from './linker.ts';
import type { EntityRow, RecordRow, ReviewRow } from './repo.ts';
import type { ConflictCandidate } from './survivorship.ts';
import type { GoldenRecordT } from './schema.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

export class RegistryPresenter {
  constructor(private readonly sourceNames: Map<string, string>) {}

  /** Field values of a registry, masked by their tag unless `clear`; returns the names it masked. */
  maskFields(
    kind: RegistryKind,
    values: Record<string, string | null>,
    clear: boolean,
  ): { fields: Record<string, string | null>; masked: string[] } {
    const fields: Record<string, string | null> = { ...values };
    const masked: string[] = [];
    if (clear) return { fields, masked };
    for (const f of REGISTRIES[kind].fields) {
      if (f.tag === null || fields[f.name] === null || fields[f.name] === undefined) continue;
      fields[f.name] = String(maskValue(f.tag, fields[f.name]));
      masked.push(f.name);
    }
    return { fields, masked };
  }

  /** The names of a registry's coded values (性别 2 → 女), for the fields shown unmasked. */
  labels(
    kind: RegistryKind,
    fields: Record<string, string | null>,
    masked: string[],
  ): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of REGISTRIES[kind].fields) {
      if (!f.codes || masked.includes(f.name)) continue;
      const label = codeLabel(f.codes, fields[f.name]);
      if (label !== null) out[f.name] = label;
    }
    return out;
  }

  golden(e: EntityRow, clear: boolean): GoldenRecordT {
    const def = REGISTRIES[e.registry];
    const { fields, masked } = this.maskFields(e.registry, e.golden, clear);
    const provenance: GoldenRecordT['provenance'] = {};
    for (const [field, p] of Object.entries(e.provenance)) {
      provenance[field] = {
        ...p,
        sourceName: p.sourceId ? (this.sourceNames.get(p.sourceId) ?? null) : null,
      };
    }
    return {
      id: e.id,
      registry: e.registry,
      status: e.status,
      mergedInto: e.merged_into,
      key: (fields[def.key] as string | null | undefined) ?? null,
      name: (fields[def.nameField] as string | null | undefined) ?? null,
      fields,
      labels: this.labels(e.registry, fields, masked),
      provenance,
      masked,
      records: e.records,
      conflicts: e.conflicts,
      version: e.version,
      createdAt: iso(e.created_at),
      updatedAt: iso(e.updated_at),
    };
  }

  linked(kind: RegistryKind, r: RecordRow & { source_name: string; resource_id: string }, clear: boolean) {
    return {
      sourceId: r.source_id,
      sourceName: r.source_name,
      resourceId: r.resource_id,
      recordKey: clear ? r.record_key : maskKey(r.record_key),
      fields: this.maskFields(kind, r.fields, clear).fields,
      link: r.link as 'key' | 'match' | 'new' | 'review' | 'steward',
      score: r.score,
      why: r.why,
      pinned: r.pinned,
      seq: Number(r.seq),
      changedAt: iso(r.changed_at),
    };
  }

  conflict(
    c: {
      id: string;
      entity_id: string;
      field: string;
      candidates: ConflictCandidate[];
      status: string;
      chosen: string | null;
      resolved_by: string | null;
      resolved_at: Date | null;
      created_at: Date;
    },
    entityName: string | null,
  ) {
    return {
      id: c.id,
      entityId: c.entity_id,
      entityName,
      field: c.field,
      candidates: c.candidates.map((x) => ({
        value: x.value,
        sources: x.sources.map((s) => ({ ...s, sourceName: this.sourceNames.get(s.sourceId) ?? '' })),
      })),
      status: c.status as 'open' | 'resolved' | 'dismissed' | 'gone',
      chosen: c.chosen,
      resolvedBy: c.resolved_by,
      resolvedAt: c.resolved_at ? iso(c.resolved_at) : null,
      createdAt: iso(c.created_at),
    };
  }

  review(
    r: ReviewRow,
    record: Record<string, string | null>,
    candidate: Record<string, string | null> | null,
  ) {
    return {
      id: r.id,
      sourceId: r.source_id,
      sourceName: this.sourceNames.get(r.source_id) ?? '',
      recordKey: r.record_key,
      record,
      entityId: r.entity_id,
      candidateId: r.candidate_id,
      candidate,
      score: r.score,
      why: r.why as Why,
      status: r.status as 'open' | 'linked' | 'apart' | 'gone',
      decidedBy: r.decided_by,
      decidedAt: r.decided_at ? iso(r.decided_at) : null,
      createdAt: iso(r.created_at),
    };
  }
}

/** A source record key carries the source's key (often a 身份证号): only its ends are shown to masked callers. */
function maskKey(key: string): string {
  const chars = Array.from(key);
  if (chars.length <= 8) return '*'.repeat(chars.length);
  return chars.slice(0, 4).join('') + '*'.repeat(chars.length - 8) + chars.slice(-4).join('');
}
