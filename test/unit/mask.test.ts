import { describe, expect, it } from 'vitest';
import { maskRecord, maskValue } from '../../src/lib/mask.ts';

describe('maskValue', () => {
  it('id_card: first 6 and last 4', () => {
    expect(maskValue('id_card', '32070619900102123X')).toBe('320706********123X');
    expect(maskValue('id_card', '320706900102123')).toBe('320706*****2123');
  });

  it('mobile: first 3 and last 4', () => {
    expect(maskValue('mobile', '13812345678')).toBe('138****5678');
    expect(maskValue('mobile', 13812345678)).toBe('138****5678');
  });

  it('phone: first 3 and last 2', () => {
    expect(maskValue('phone', '0518-85801234')).toBe('051********34');
    expect(maskValue('phone', '13812345678')).toBe('138******78');
  });

  it('person_name: the surname, compound ones whole', () => {
    expect(maskValue('person_name', '张三')).toBe('张*');
    expect(maskValue('person_name', '张三丰')).toBe('张**');
    expect(maskValue('person_name', '欧阳娜娜')).toBe('欧阳**');
    expect(maskValue('person_name', '诸葛亮')).toBe('诸葛*');
    expect(maskValue('person_name', '司马相如')).toBe('司马**');
    // A two-character name starting with a compound surname's first character is surname + given name.
    expect(maskValue('person_name', '欧阳')).toBe('欧*');
    expect(maskValue('person_name', '张')).toBe('*');
    expect(maskValue('person_name', '𠀀二')).toBe('𠀀*');
  });

  it('address: the first 6 characters, or the first half of a short one', () => {
    expect(maskValue('address', '江苏省连云港市海州区朝阳路1号')).toBe('江苏省连云港****');
    expect(maskValue('address', '朝阳路1号')).toBe('朝阳****');
  });

  it('email: first character and the domain', () => {
    expect(maskValue('email', 'zhangsan@lyg.gov.cn')).toBe('z***@lyg.gov.cn');
    expect(maskValue('email', 'not-an-email')).toBe('n**********l');
  });

  it('other tags and no tag: first and last character', () => {
    expect(maskValue(null, '连云港市海州区')).toBe('连*****区');
    expect(maskValue('region_code', '320706')).toBe('3****6');
    expect(maskValue(null, 'ab')).toBe('**');
    expect(maskValue(null, '张')).toBe('*');
    expect(maskValue(null, '')).toBe('');
    expect(maskValue(null, 'a😀b')).toBe('a*b');
  });

  it('numbers and booleans without a rule of their own: ***', () => {
    expect(maskValue(null, 12345)).toBe('***');
    expect(maskValue(null, true)).toBe('***');
    expect(maskValue('person_name', 3)).toBe('***');
  });

  it('falls back to the general rule for a value too short for its tag', () => {
    expect(maskValue('id_card', '12345')).toBe('1***5');
    expect(maskValue('mobile', '110')).toBe('1*0');
  });

  it('leaves null and undefined alone', () => {
    expect(maskValue('id_card', null)).toBeNull();
    expect(maskValue(null, undefined)).toBeUndefined();
  });
});

describe('maskRecord', () => {
  const items = [
    { name: '身份证号', semanticTag: 'id_card', sensitive: true, isKey: true },
    { name: '姓名', semanticTag: 'person_name', sensitive: true, isKey: false },
    { name: '手机号', semanticTag: 'mobile', sensitive: true, isKey: false },
    { name: '民族', semanticTag: null, sensitive: false, isKey: false },
    { name: '备注', semanticTag: null, sensitive: true, isKey: false },
  ];
  const data = { 身份证号: '32070619900102123X', 姓名: '张三', 手机号: '13812345678', 民族: '汉族' };

  it('masks sensitive items that are not keys, keeping order and absent items absent', () => {
    const masked = maskRecord(data, items);
    expect(masked).toEqual({
      身份证号: '32070619900102123X',
      姓名: '张*',
      手机号: '138****5678',
      民族: '汉族',
    });
    expect(Object.keys(masked)).toEqual(Object.keys(data));
    expect('备注' in masked).toBe(false);
  });

  it('leaves the items a grant unmasks', () => {
    expect(maskRecord(data, items, new Set(['手机号']))).toMatchObject({
      姓名: '张*',
      手机号: '13812345678',
    });
  });

  it('does not change its input', () => {
    const copy = { ...data };
    maskRecord(data, items);
    expect(data).toEqual(copy);
  });
});
