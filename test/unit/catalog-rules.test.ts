import { describe, expect, it } from 'vitest';
import { checkItems, isRecordFormat, needsLength } from '../../src/modules/catalog/rules.ts';
import { FORMATS, RECORD_FORMATS } from '../../src/modules/catalog/vocab.ts';

const item = (name: string, overrides: Record<string, unknown> = {}) => ({
  name,
  dataType: 'N',
  length: null,
  isKey: false,
  ...overrides,
});

describe('catalog item rules shared by the server and the web editor', () => {
  it('accepts a record resource with a key item, unique names and lengths for character items', () => {
    expect(
      checkItems('database', [item('编号', { isKey: true, dataType: 'C', length: 20 }), item('金额')]),
    ).toEqual([]);
  });

  it('needs at least one item, and says nothing more about an empty list', () => {
    expect(checkItems('database', [])).toEqual([
      { code: 'items_required', field: 'items', index: null, name: null },
    ]);
  });

  it('needs a key item for record formats only', () => {
    for (const { value } of FORMATS) {
      const problems = checkItems(value, [item('金额')]);
      expect(problems.map((p) => p.code)).toEqual(RECORD_FORMATS.includes(value) ? ['key_required'] : []);
      expect(isRecordFormat(value)).toBe(RECORD_FORMATS.includes(value));
    }
    expect(isRecordFormat(undefined)).toBe(false);
  });

  it('reports the later of two items whose names match once trimmed, with the name', () => {
    expect(checkItems('image', [item('姓名'), item('年龄'), item(' 姓名 ')])).toEqual([
      { code: 'item_name_duplicate', field: 'name', index: 2, name: '姓名' },
    ]);
    // A row still being filled in (no name yet) is no duplicate of another such row.
    expect(checkItems('image', [item(''), item('')])).toEqual([]);
  });

  it('needs a length for character items, whatever the other types have', () => {
    expect(needsLength('C')).toBe(true);
    expect(needsLength('M')).toBe(false);
    expect(
      checkItems('image', [item('甲', { dataType: 'C' }), item('乙', { dataType: 'C', length: 10 })]),
    ).toEqual([{ code: 'length_required', field: 'length', index: 0, name: null }]);
    expect(checkItems('image', [item('丙', { dataType: 'C', length: undefined })])).toHaveLength(1);
  });

  it('lists every problem at once, in item order', () => {
    const problems = checkItems('service_api', [
      item('甲', { dataType: 'C' }),
      item('甲'),
      item('乙', { dataType: 'C' }),
    ]);
    expect(problems.map((p) => `${p.code}:${p.index}`)).toEqual([
      'key_required:null',
      'length_required:0',
      'item_name_duplicate:1',
      'length_required:2',
    ]);
  });
});
