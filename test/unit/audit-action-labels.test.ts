import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionLabel, hasActionLabel } from '../../web/src/shared/actionLabels.ts';

const SRC = path.resolve(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(path.join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [path.join(dir, e.name)]
        : [],
  );
}

/** Every dotted action code the server can write: `action: '…'` expressions, the policy's actions, catalog transitions. */
function writtenCodes(): Set<string> {
  const codes = new Set<string>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\baction:\s*([^,\n;{]+)/g))
      for (const q of m[1]!.matchAll(/'([a-z_]+(?:\.[a-z_]+)+)'/g)) codes.add(q[1]!);
  }
  // A refusal is audited under the policy action it was refused (src/core/guard.ts).
  const policy = readFileSync(path.join(SRC, 'modules/identity/policy.ts'), 'utf8');
  const union = /export type Action =([^;]+);/.exec(policy)![1]!;
  for (const q of union.matchAll(/'([a-z_.]+)'/g)) codes.add(q[1]!);
  // Catalog workflow entries are `catalog.${transition}`.
  const catalog = readFileSync(path.join(SRC, 'modules/catalog/service.ts'), 'utf8');
  const transitions = /export type Transition =([^;]+);/.exec(catalog)![1]!;
  for (const q of transitions.matchAll(/'([a-z_]+)'/g)) codes.add(`catalog.${q[1]!}`);
  return codes;
}

describe('audit action labels', () => {
  it('names every action code the server writes, in both languages', () => {
    const codes = writtenCodes();
    expect(codes.size).toBeGreaterThan(40);
    expect(codes).toContain('data.lookup');
    expect(codes).toContain('catalog.publish');
    const missing = [...codes].filter((c) => !hasActionLabel(c));
    expect(missing).toEqual([]);
    for (const c of codes) {
      expect(actionLabel(c, 'zh')).not.toBe(c);
      expect(actionLabel(c, 'en')).not.toBe(c);
      expect(actionLabel(c, 'zh')).not.toBe(actionLabel(c, 'en'));
    }
  });

  it('shows an unknown code as itself', () => {
    expect(actionLabel('something.new', 'zh')).toBe('something.new');
    expect(actionLabel('grant.revoke', 'en')).toBe('grant.revoke');
  });
});
