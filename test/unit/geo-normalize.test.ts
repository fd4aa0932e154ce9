import { describe, expect, it } from 'vitest';
import { chineseNumber, normalizeAddress, splitAddress } from '../../src/modules/geo/normalize.ts';

describe('address normalization', () => {
  it.each([
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['二十三', 23],
    ['一百零五', 105],
    ['五零一', 501],
    ['两', 2],
    ['一千二百', 1200],
  ])('reads %s as %i', (text, n) => expect(chineseNumber(text)).toBe(n));

  it('refuses what is not a numeral', () => {
    expect(chineseNumber('新浦')).toBeNull();
    expect(chineseNumber('')).toBeNull();
  });

  it.each([
    ['江苏省连云港市海州区新浦街道解放中路12号', '海州区新浦街道解放中路12号'],
    ['連雲港海州區解放中路１２號', '海州区解放中路12号'],
    ['解放中路 十二 号 3号楼 2 单元号 五零一 户', '解放中路12号3栋2单元501室'],
    ['解放中路12号3幢2单元501房', '解放中路12号3栋2单元501室'],
    ['（新浦）解放中路，12号', '新浦解放中路12号'],
  ])('normalizes %s', (text, expected) => expect(normalizeAddress(text)).toBe(expected));

  it('splits the numbered parts off the names', () => {
    expect(splitAddress('新浦街道解放中路12号3栋2单元501室')).toEqual({
      head: '新浦街道解放中路',
      number: 12,
      building: 3,
      unit: 2,
      room: 501,
    });
    expect(splitAddress('解放中路12号3-2-501')).toMatchObject({ building: 3, unit: 2, room: 501 });
    expect(splitAddress('解放中路12号3栋2单元1203')).toMatchObject({ room: 1203 });
    expect(splitAddress('海州区新浦街道')).toEqual({
      head: '海州区新浦街道',
      number: null,
      building: null,
      unit: null,
      room: null,
    });
  });
});
