import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, entryHash, GENESIS_HASH } from '../../src/modules/audit/chain.ts';

const entry = {
  id: '1',
  at: new Date('2026-11-28T01:02:03.456Z'),
  actorId: null,
  actorName: 'admin',
  actorKind: 'user',
  action: 'auth.login',
  objectType: 'user',
  objectId: 'x',
  departmentId: null,
  ip: '127.0.0.1',
  requestId: 'r',
  outcome: 'success',
  details: { b: 1, a: [{ y: 2, x: 1 }] },
};

describe('audit chain hashing', () => {
  it('canonical JSON does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(JSON.parse(JSON.stringify(obj)));
      }),
    );
  });

  it('is SM3: 64 hex characters, stable for the same content', () => {
    const h = entryHash(GENESIS_HASH, entry);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash(GENESIS_HASH, { ...entry, details: { a: [{ x: 1, y: 2 }], b: 1 } })).toBe(h);
  });

  it('changes when any field or the previous hash changes', () => {
    const h = entryHash(GENESIS_HASH, entry);
    expect(entryHash('1'.repeat(64), entry)).not.toBe(h);
    for (const [k, v] of Object.entries({
      actorName: 'mallory',
      outcome: 'failure',
      ip: '10.0.0.1',
      objectId: 'y',
      details: { b: 2 },
    })) {
      expect(entryHash(GENESIS_HASH, { ...entry, [k]: v })).not.toBe(h);
    }
    expect(entryHash(GENESIS_HASH, { ...entry, at: new Date(entry.at.getTime() + 1) })).not.toBe(h);
  });
});
