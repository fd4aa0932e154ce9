/**
 * Entity resolution, batch and incremental with one engine: each record added is blocked (a few keys that the
 * same person's records share even when written differently), compared with the records in its blocks, scored,
 * and then joins the best person above the match threshold, opens a review beside a new person between the
 * thresholds, or becomes a new person. Person ids are stable: a new record never renames a person; when a
 * record proves two persons are one, the older id survives and the other redirects to it.
 */
import { compare } from './compare.ts';
import { score, type ModelParameters, type Score } from './model.ts';
import { normalizePerson, type NormalizedPerson, type PersonFields } from './normalize.ts';

export type Decision = 'match' | 'review' | 'none';

export interface Thresholds {
  /** Probability at or above which a record joins a person without a steward. */
  match: number;
  /** Probability at or above which a steward decides. */
  review: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { match: 0.95, review: 0.5 };

/** Records in one block beyond this are too common a key to compare all of them (a blocking key is then skipped). */
export const MAX_BLOCK = 500;

export interface Candidate {
  personId: string;
  /** The record of that person that scored best. */
  recordId: string;
  score: Score;
  decision: Decision;
}

export interface AddOutcome {
  personId: string;
  decision: Decision;
  /** Persons merged into personId by this record (their ids now redirect). */
  merged: string[];
  /** The best candidate (for a review: the person a steward should compare with). */
  best: Candidate | null;
}

/** The keys under which a record is compared with others. */
export function blockingKeys(p: NormalizedPerson): string[] {
  const keys: string[] = [];
  const id = p.idNumber ?? p.idRaw;
  if (id !== null) {
    keys.push(`i:${id}`);
    // Region and birth date: a typo in the sequence or check part still meets its person here.
    keys.push(`r:${id.slice(0, 14)}`);
  }
  if (p.namePinyin !== null) {
    if (p.birthDate !== null) {
      keys.push(`nb:${p.namePinyin}|${p.birthDate}`);
      // Year only: the month and day swapped, or a typo in them.
      keys.push(`ny:${p.namePinyin}|${p.birthDate.slice(0, 4)}`);
    }
    if (p.phone !== null) keys.push(`np:${p.namePinyin}|${p.phone}`);
  }
  if (p.name !== null && p.birthDate !== null) keys.push(`b:${p.birthDate}|${p.name.slice(0, 1)}`);
  return keys;
}

/**
 * The decision for a score. Linking without a steward also needs an identifier to agree — the 身份证号 (exact,
 * upgraded, or one character off with the name agreeing), the phone, or the address: name, birth date and sex
 * alone are shared by strangers often enough in a city of millions that they only ever go to review.
 */
export function decide(s: Score, thresholds: Thresholds = DEFAULT_THRESHOLDS): Decision {
  if (s.probability < thresholds.review) return 'none';
  if (s.probability < thresholds.match) return 'review';
  const level = (field: string) => s.evidence.find((e) => e.field === field)?.level ?? -1;
  const identified =
    level('idNumber') >= 2 ||
    (level('idNumber') === 1 && level('name') >= 2) ||
    level('phone') === 2 ||
    level('address') >= 2;
  return identified ? 'match' : 'review';
}

interface Held {
  person: string;
  norm: NormalizedPerson;
}

/** An in-memory resolver; the registry keeps the same state in its tables and rebuilds this from them. */
export class Resolver {
  readonly #records = new Map<string, Held>();
  readonly #blocks = new Map<string, string[]>();
  /** Merged-away person id → the id it now is. */
  readonly #redirects = new Map<string, string>();
  /** Person id → creation order (the older survives a merge). */
  readonly #order = new Map<string, number>();
  readonly #members = new Map<string, Set<string>>();
  #created = 0;

  constructor(
    private params: ModelParameters,
    private readonly newPersonId: () => string,
    private readonly thresholds: Thresholds = DEFAULT_THRESHOLDS,
  ) {}

  get persons(): number {
    return this.#members.size;
  }

  /** A person id as it is now (following merges). */
  current(personId: string): string {
    let id = personId;
    for (let hop = this.#redirects.get(id); hop !== undefined; hop = this.#redirects.get(id)) id = hop;
    return id;
  }

  /** The person a record belongs to. */
  personOf(recordId: string): string | undefined {
    const held = this.#records.get(recordId);
    return held && this.current(held.person);
  }

  /** The records of a person. */
  members(personId: string): string[] {
    return [...(this.#members.get(this.current(personId)) ?? [])];
  }

  /** The decision for a score (see `decide`). */
  decide(s: Score): Decision {
    return decide(s, this.thresholds);
  }

  /** Candidate persons for a record (not added), best first, one entry per person. */
  candidates(fields: PersonFields | NormalizedPerson, limit = 10): Candidate[] {
    const norm = 'namePinyin' in fields ? fields : normalizePerson(fields);
    const seen = new Set<string>();
    const best = new Map<string, Candidate>();
    for (const key of blockingKeys(norm)) {
      const block = this.#blocks.get(key);
      if (!block || block.length > MAX_BLOCK) continue;
      for (const recordId of block) {
        if (seen.has(recordId)) continue;
        seen.add(recordId);
        const held = this.#records.get(recordId)!;
        const s = score(this.params, compare(norm, held.norm));
        const person = this.current(held.person);
        const prev = best.get(person);
        if (!prev || s.weight > prev.score.weight)
          best.set(person, { personId: person, recordId, score: s, decision: this.decide(s) });
      }
    }
    return [...best.values()].sort((a, b) => b.score.weight - a.score.weight).slice(0, limit);
  }

  /** Adds a source record (or moves it, when its id is known and its content changed). */
  add(recordId: string, fields: PersonFields): AddOutcome {
    const norm = normalizePerson(fields);
    if (this.#records.has(recordId)) this.remove(recordId);
    const candidates = this.candidates(norm, 20);
    const matches = candidates.filter((c) => c.decision === 'match');
    let personId: string;
    const merged: string[] = [];
    if (matches.length > 0) {
      // The oldest person survives; any other this record matches is the same person.
      const ids = [...new Set(matches.map((c) => c.personId))].sort(
        (a, b) => this.#order.get(a)! - this.#order.get(b)!,
      );
      personId = ids[0]!;
      for (const other of ids.slice(1)) {
        this.#merge(other, personId);
        merged.push(other);
      }
    } else {
      personId = this.#newPerson();
    }
    this.#records.set(recordId, { person: personId, norm });
    this.#members.get(personId)!.add(recordId);
    for (const key of blockingKeys(norm)) {
      const block = this.#blocks.get(key);
      if (block) block.push(recordId);
      else this.#blocks.set(key, [recordId]);
    }
    const best = candidates[0] ?? null;
    return { personId, decision: matches.length > 0 ? 'match' : (best?.decision ?? 'none'), merged, best };
  }

  /** Takes a record out (its person keeps its id while it has other records). */
  remove(recordId: string): void {
    const held = this.#records.get(recordId);
    if (!held) return;
    this.#records.delete(recordId);
    const person = this.current(held.person);
    const members = this.#members.get(person)!;
    members.delete(recordId);
    if (members.size === 0) this.#members.delete(person);
    for (const key of blockingKeys(held.norm)) {
      const block = this.#blocks.get(key);
      if (!block) continue;
      const i = block.indexOf(recordId);
      if (i !== -1) block.splice(i, 1);
      if (block.length === 0) this.#blocks.delete(key);
    }
  }

  /** A steward's decision that two persons are one: `from` redirects to `into`. */
  merge(from: string, into: string): void {
    const a = this.current(from);
    const b = this.current(into);
    if (a !== b) this.#merge(a, b);
  }

  #merge(from: string, into: string): void {
    const moving = this.#members.get(from) ?? new Set<string>();
    const target = this.#members.get(into)!;
    for (const r of moving) {
      target.add(r);
      this.#records.get(r)!.person = into;
    }
    this.#members.delete(from);
    this.#redirects.set(from, into);
  }

  #newPerson(): string {
    const id = this.newPersonId();
    this.#order.set(id, this.#created++);
    this.#members.set(id, new Set());
    return id;
  }
}
