import { describe, expect, it } from 'vitest';
import { CODE_TABLES, codeLabel } from '../../src/lib/codes.ts';

describe('national code tables', () => {
  it('names GB/T 3304 ethnic groups by their two-digit codes, 56 and the two extra codes', () => {
    const t = CODE_TABLES['GB/T 3304'].codes;
    expect(t.size).toBe(58);
    expect(codeLabel('GB/T 3304', '01')).toBe('汉族');
    expect(codeLabel('GB/T 3304', '08')).toBe('壮族');
    expect(codeLabel('GB/T 3304', '11')).toBe('满族');
    expect(codeLabel('GB/T 3304', '56')).toBe('基诺族');
    expect(codeLabel('GB/T 3304', '98')).toBe('外国血统中国籍人士');
    expect(new Set(t.values()).size).toBe(58);
  });

  it('names sex and marital status codes; anything else has no name', () => {
    expect(codeLabel('GB/T 2261.1', '1')).toBe('男');
    expect(codeLabel('GB/T 2261.1', ' 2 ')).toBe('女');
    expect(codeLabel('GB/T 2261.2', '40')).toBe('离婚');
    expect(codeLabel('GB/T 2261.1', '男')).toBeNull();
    expect(codeLabel('GB/T 3304', '1')).toBeNull();
    expect(codeLabel('GB/T 3304', null)).toBeNull();
    expect(codeLabel('GB/T 2261.2', undefined)).toBeNull();
  });
});
