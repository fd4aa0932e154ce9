/**
 * Synthetic residents: valid ID numbers, plausible names and mobile numbers. Everything is drawn from the
 * caller's Random, so a seeded generator always produces the same people.
 */
import type { Random } from '../../lib/random.ts';
import type { Sex } from '../../lib/validators/idcard.ts';
import { makeIdCard } from '../../lib/validators/idcard.ts';

export interface DemoPerson {
  idCard: string;
  name: string;
  sex: Sex;
  /** 'YYYY-MM-DD', the same as encoded in idCard. */
  birthDate: string;
  /** 6-digit region code encoded in idCard. */
  regionCode: string;
  mobile: string;
}

// Surnames with rough national frequencies (percent), so the common ones dominate as they do in real data.
// prettier-ignore
const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['王', 7.2], ['李', 7.2], ['张', 6.8], ['刘', 5.4], ['陈', 4.5], ['杨', 3.1], ['赵', 2.3], ['黄', 2.2],
  ['周', 2.1], ['吴', 2.1], ['徐', 1.7], ['孙', 1.5], ['胡', 1.3], ['朱', 1.3], ['高', 1.2], ['林', 1.2],
  ['何', 1.2], ['郭', 1.2], ['马', 1.1], ['罗', 0.9], ['梁', 0.8], ['宋', 0.8], ['郑', 0.8], ['谢', 0.7],
  ['韩', 0.7], ['唐', 0.7], ['冯', 0.6], ['于', 0.6], ['董', 0.6], ['萧', 0.6], ['程', 0.6], ['曹', 0.6],
  ['袁', 0.5], ['邓', 0.5], ['许', 0.5], ['傅', 0.5], ['沈', 0.5], ['曾', 0.5], ['彭', 0.5], ['吕', 0.5],
  ['苏', 0.4], ['卢', 0.4], ['蒋', 0.4], ['蔡', 0.4], ['贾', 0.4], ['丁', 0.4], ['魏', 0.4], ['薛', 0.4],
  ['叶', 0.4], ['阎', 0.4], ['余', 0.4], ['潘', 0.4], ['杜', 0.4], ['戴', 0.3], ['夏', 0.3], ['钟', 0.3],
  ['汪', 0.3], ['田', 0.3], ['任', 0.3], ['姜', 0.3], ['范', 0.3], ['方', 0.3], ['石', 0.3], ['姚', 0.3],
  ['谭', 0.3], ['廖', 0.3], ['邹', 0.3], ['熊', 0.3], ['金', 0.3], ['陆', 0.3], ['郝', 0.3], ['孔', 0.3],
  ['白', 0.3], ['崔', 0.3], ['康', 0.3], ['毛', 0.3], ['邱', 0.3], ['秦', 0.3], ['江', 0.3], ['史', 0.3],
  ['顾', 0.3], ['侯', 0.3], ['邵', 0.3], ['孟', 0.3], ['龙', 0.2], ['万', 0.2], ['段', 0.2], ['钱', 0.2],
  ['汤', 0.2], ['尹', 0.2], ['葛', 0.2], ['卞', 0.1], ['仲', 0.1], ['惠', 0.1], ['欧阳', 0.05], ['诸葛', 0.02],
];

const GIVEN_MALE = [
  ...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林洋峰建国志文亮海东晨博昊轩睿哲',
];
const GIVEN_FEMALE = [
  ...'芳娜敏静丽艳娟霞秀玲桂英梅兰琳雪婷倩颖洁慧燕莉萍红琴晶云蓉欣怡雯佳悦彤涵萱诗雨梦瑶思',
];
const GIVEN_ANY = [...'子文嘉一晓新春永玉金立晨小天海安家德国思雨'];

// Mobile number segments in use by the three carriers (三大运营商 号段), all of the form 1[3-9]x.
// prettier-ignore
const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '153',
  '155', '156', '157', '158', '159', '166', '173', '175', '176', '177', '178', '180', '181', '182', '183',
  '184', '185', '186', '187', '188', '189', '191', '193', '195', '196', '197', '198', '199',
];

const DAY_MS = 86_400_000;
const BIRTH_FROM = Date.UTC(1940, 0, 1) / DAY_MS;
const BIRTH_TO = Date.UTC(2010, 11, 31) / DAY_MS;

function givenName(rng: Random, sex: Sex): string {
  const own = sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
  const first = rng.chance(0.3) ? rng.pick(GIVEN_ANY) : rng.pick(own);
  return rng.chance(0.25) ? rng.pick(own) : first + rng.pick(own);
}

/** A random mobile number matching 1[3-9]\d{9} with a real carrier prefix. */
export function makeMobile(rng: Random): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

/**
 * A random resident born 1940–2010 whose ID number carries one of `regionCodes` (6-digit district codes).
 * IDs are not guaranteed unique across calls; use makePeople for a set.
 */
export function makePerson(rng: Random, regionCodes: readonly string[]): DemoPerson {
  const regionCode = rng.pick(regionCodes);
  const birthDate = new Date(rng.int(BIRTH_FROM, BIRTH_TO) * DAY_MS).toISOString().slice(0, 10);
  const sex: Sex = rng.chance(0.5) ? 'male' : 'female';
  // The sequence's parity encodes sex (odd = male), so draw among 500 values of the right parity.
  const sequence = rng.int(0, 499) * 2 + (sex === 'male' ? 1 : 0);
  return {
    idCard: makeIdCard({ regionCode, birthDate, sequence }),
    name: rng.weighted(SURNAMES) + givenName(rng, sex),
    sex,
    birthDate,
    regionCode,
    mobile: makeMobile(rng),
  };
}

/** `count` residents with distinct ID numbers (redrawing on the rare collision). */
export function makePeople(rng: Random, regionCodes: readonly string[], count: number): DemoPerson[] {
  const seen = new Set<string>();
  const people: DemoPerson[] = [];
  while (people.length < count) {
    const person = makePerson(rng, regionCodes);
    if (seen.has(person.idCard)) continue;
    seen.add(person.idCard);
    people.push(person);
  }
  return people;
}
