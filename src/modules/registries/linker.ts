/**
 * Linking one page of source records to golden records. The registry's tables hold the state; for a page, the
 * records sharing a blocking key with any record of the page are read once (sync.ts) and this class links the
 * page's records in memory against them and against each other, in order — the same decisions the in-memory
 * Resolver makes in a batch run, so batch and incremental agree. Ids are stable: a record never renames a golden
 * record; when one proves two are one, the older survives and the other is merged into it.
 */
import { compare } from './matching/compare.ts';
import { score, type ModelParameters, type Score } from './matching/model.ts';
import type { NormalizedPerson } from './matching/normalize.ts';
import { decide, MAX_BLOCK, type Thresholds } from './matching/resolver.ts';
import type { NormalizedLegalPerson, Normalized, RegistryKind } from './kinds.ts';

export type LinkKind = 'key' | 'match' | 'new' | 'review' | 'steward';

/** A link's explanation: the probability, the weight in bits and, per field, how it agreed and what that weighed. */
export interface Why {
  probability: number;
  weight: number;
  evidence: { field: string; level: number; agreement: string; weight: number }[];
}

export interface HeldRecord {
  sourceId: string;
  recordKey: string;
  entityId: string;
  norm: Normalized;
  blocks: string[];
}

export interface LinkOutcome {
  entityId: string;
  link: LinkKind;
  score: number | null;
  why: Why | null;
  /** Entities this record proved to be the same as `entityId` (merged into it). */
  merged: string[];
  /** Between the thresholds: the candidate a steward should compare with. */
  review: { candidateId: string; score: number; why: Why } | null;
}

interface Candidate {
  entityId: string;
  why: Why;
  decision: 'match' | 'review' | 'none';
  key: boolean;
}

const recordId = (r: { sourceId: string; recordKey: string }) => `${r.sourceId}\u0000${r.recordKey}`;

function legalScore(
  a: NormalizedLegalPerson,
  b: NormalizedLegalPerson,
): Candidate['why'] & { decision: Candidate['decision']; key: boolean } {
  // 统一社会信用代码 is a trustworthy key; the 组织机构代码 it embeds links a legacy record; a name alone is a steward's call.
  const evidence: Why['evidence'] = [];
  if (a.uscc && b.uscc) {
    const same = a.uscc === b.uscc;
    evidence.push({
      field: 'uscc',
      level: same ? 1 : 0,
      agreement: same ? 'same' : 'different',
      weight: same ? 30 : -30,
    });
    if (!same) return { probability: 0, weight: -30, evidence, decision: 'none', key: false };
    return { probability: 1, weight: 30, evidence, decision: 'match', key: true };
  }
  if (a.orgCode && b.orgCode) {
    const same = a.orgCode === b.orgCode;
    evidence.push({
      field: 'orgCode',
      level: same ? 1 : 0,
      agreement: same ? 'same organization code (embedded in the credit code)' : 'different',
      weight: same ? 20 : -20,
    });
    if (!same) return { probability: 0, weight: -20, evidence, decision: 'none', key: false };
    return { probability: 0.999, weight: 20, evidence, decision: 'match', key: false };
  }
  const sameName = a.name !== null && a.name === b.name;
  evidence.push({
    field: 'name',
    level: sameName ? 1 : 0,
    agreement: sameName ? 'same name' : 'different',
    weight: sameName ? 8 : -8,
  });
  return sameName
    ? { probability: 0.8, weight: 8, evidence, decision: 'review', key: false }
    : { probability: 0, weight: -8, evidence, decision: 'none', key: false };
}

function personWhy(s: Score): Why {
  return {
    probability: s.probability,
    weight: s.weight,
    evidence: s.evidence.map((e) => ({
      field: e.field,
      level: e.level,
      agreement: e.agreement,
      weight: e.weight,
    })),
  };
}

export class PageLinker {
  readonly #records = new Map<string, HeldRecord>();
  readonly #blocks = new Map<string, Set<string>>();
  /** Entity id → creation order key (ISO time and a counter): the older survives a merge. */
  readonly #order = new Map<string, string>();
  readonly #redirect = new Map<string, string>();
  #created = 0;

  constructor(
    private readonly kind: RegistryKind,
    private readonly params: ModelParameters,
    private readonly thresholds: Thresholds,
    private readonly newId: () => string,
  ) {}

  /** Records already held that share a block with the page, and when their entities were created. */
  load(records: HeldRecord[], entityCreated: Map<string, string>): void {
    for (const [id, at] of entityCreated) this.#order.set(id, at);
    for (const r of records) this.#hold(r);
  }

  #hold(r: HeldRecord): void {
    const id = recordId(r);
    this.#records.set(id, r);
    for (const key of r.blocks) {
      const block = this.#blocks.get(key);
      if (block) block.add(id);
      else this.#blocks.set(key, new Set([id]));
    }
  }

  /** Takes a record out before it is linked again (its content changed). */
  release(r: { sourceId: string; recordKey: string }): void {
    const id = recordId(r);
    const held = this.#records.get(id);
    if (!held) return;
    this.#records.delete(id);
    for (const key of held.blocks) this.#blocks.get(key)?.delete(id);
  }

  current(entityId: string): string {
    let id = entityId;
    for (let hop = this.#redirect.get(id); hop !== undefined; hop = this.#redirect.get(id)) id = hop;
    return id;
  }

  /** Candidate golden records for a normalized record, best first, one per entity. */
  candidates(norm: Normalized, blocks: string[], exclude?: string): Candidate[] {
    const seen = new Set<string>();
    const best = new Map<string, Candidate>();
    for (const key of blocks) {
      const block = this.#blocks.get(key);
      if (!block || block.size > MAX_BLOCK) continue;
      for (const id of block) {
        if (seen.has(id) || id === exclude) continue;
        seen.add(id);
        const held = this.#records.get(id)!;
        let c: Candidate;
        if (this.kind === 'population') {
          const s = score(this.params, compare(norm as NormalizedPerson, held.norm as NormalizedPerson));
          const idLevel = s.evidence.find((e) => e.field === 'idNumber')?.level ?? -1;
          c = { entityId: '', why: personWhy(s), decision: decide(s, this.thresholds), key: idLevel === 3 };
        } else {
          const { decision, key, ...why } = legalScore(
            norm as NormalizedLegalPerson,
            held.norm as NormalizedLegalPerson,
          );
          c = { entityId: '', why, decision, key };
        }
        c.entityId = this.current(held.entityId);
        const prev = best.get(c.entityId);
        if (!prev || c.why.weight > prev.why.weight) best.set(c.entityId, c);
      }
    }
    return [...best.values()].sort((a, b) => b.why.weight - a.why.weight);
  }

  /** Links one record of the page; it is held afterwards, so later records of the page can meet it. */
  link(r: { sourceId: string; recordKey: string; norm: Normalized; blocks: string[] }): LinkOutcome {
    const candidates = this.candidates(r.norm, r.blocks, recordId(r));
    const matches = candidates.filter((c) => c.decision === 'match');
    const merged: string[] = [];
    let outcome: LinkOutcome;
    if (matches.length) {
      const ids = [...new Set(matches.map((c) => c.entityId))].sort((a, b) =>
        (this.#order.get(a) ?? '').localeCompare(this.#order.get(b) ?? ''),
      );
      const into = ids[0]!;
      for (const other of ids.slice(1)) {
        this.#redirect.set(other, into);
        merged.push(other);
      }
      const best = matches.find((c) => c.entityId === into)!;
      outcome = {
        entityId: into,
        link: best.key ? 'key' : 'match',
        score: best.why.probability,
        why: best.why,
        merged,
        review: null,
      };
    } else {
      const entityId = this.newId();
      this.#order.set(entityId, `~${String(this.#created++).padStart(9, '0')}`);
      const best = candidates[0];
      const review = best && best.decision === 'review' ? best : null;
      outcome = {
        entityId,
        link: review ? 'review' : 'new',
        score: best ? best.why.probability : null,
        why: best ? best.why : null,
        merged,
        review: review
          ? { candidateId: review.entityId, score: review.why.probability, why: review.why }
          : null,
      };
    }
    this.#hold({ ...r, entityId: outcome.entityId });
    return outcome;
  }
}
