/**
 * Source records of the demo's people as other departments hold them, with the faults real sources have and the
 * ground truth of who is who: a legacy 15-digit 身份证号, a mistyped or missing number, Traditional characters, a
 * homophone written for a given name, the month and day of a birth date swapped, the address worded another way,
 * a changed or mistyped phone. The entity-resolution tests, the resolve benchmark and the registry's demo use it.
 */
import { Random } from '../lib/random.ts';
import { personRow } from './records/index.ts';

export interface NoisyRecord {
  /** Source record id. */
  id: string;
  /** The person it really is (index into the clean population): the ground truth. */
  truth: number;
  /** Faults injected, for explanations and per-fault recall. */
  faults: string[];
  fields: {
    姓名: string | null;
    身份证号: string | null;
    出生日期: string | null;
    性别: string | null;
    住址: string | null;
    手机号码: string | null;
  };
}

// Characters with a common homophone used in names (as a clerk might type by pinyin).
const HOMOPHONES: Record<string, string> = {
  伟: '玮',
  静: '靖',
  丽: '莉',
  强: '墙',
  敏: '闵',
  磊: '垒',
  军: '君',
  洋: '阳',
  勇: '永',
  艳: '燕',
  杰: '洁',
  娟: '鹃',
  涛: '韬',
  明: '铭',
  超: '潮',
  秀: '绣',
  霞: '侠',
  平: '萍',
  刚: '钢',
  桂: '贵',
  华: '桦',
  红: '虹',
  芳: '方',
  玲: '琳',
  辉: '晖',
  婷: '亭',
  宇: '雨',
  浩: '昊',
  子: '紫',
  文: '雯',
  嘉: '佳',
  晓: '筱',
  新: '欣',
  春: '纯',
  玉: '钰',
  立: '丽',
  晨: '辰',
  天: '添',
  海: '凯',
  德: '得',
  国: '帼',
  思: '斯',
  雨: '语',
  旭: '煦',
  兰: '岚',
  慧: '惠',
  建: '健',
  志: '智',
  燕: '艳',
  林: '琳',
};
// Simplified → Traditional for characters frequent in the demo's names and addresses.
const TRADITIONAL: Record<string, string> = {
  张: '張',
  陈: '陳',
  刘: '劉',
  杨: '楊',
  赵: '趙',
  黄: '黃',
  吴: '吳',
  孙: '孫',
  郑: '鄭',
  冯: '馮',
  韩: '韓',
  马: '馬',
  许: '許',
  邓: '鄧',
  叶: '葉',
  苏: '蘇',
  卢: '盧',
  钟: '鍾',
  华: '華',
  兰: '蘭',
  伟: '偉',
  丽: '麗',
  军: '軍',
  艳: '艷',
  杰: '傑',
  娟: '娟',
  涛: '濤',
  红: '紅',
  辉: '輝',
  晓: '曉',
  区: '區',
  连: '連',
  云: '雲',
  东: '東',
  灌: '灌',
  南: '南',
  县: '縣',
  街: '街',
  道: '道',
  号: '號',
  单: '單',
  元: '元',
  楼: '樓',
  镇: '鎮',
  乡: '鄉',
  村: '村',
  龙: '龍',
  凤: '鳳',
  国: '國',
  庆: '慶',
};
const CN_DIGIT = '零一二三四五六七八九';

function toTraditional(s: string): string {
  return [...s].map((c) => TRADITIONAL[c] ?? c).join('');
}

function cnNumber(n: number): string {
  if (n < 10) return CN_DIGIT[n]!;
  if (n < 20) return `十${n % 10 ? CN_DIGIT[n % 10] : ''}`;
  if (n < 100) return `${CN_DIGIT[Math.floor(n / 10)]}十${n % 10 ? CN_DIGIT[n % 10] : ''}`;
  return String(n);
}

/** The address written another way: province and city added, numbers in words, 幢 as 号楼, spaces. */
function reword(address: string, r: Random): string {
  let s = address;
  if (r.next() < 0.5) s = s.startsWith('连云港市') ? `江苏省${s}` : s;
  else s = s.replace(/^连云港市/, '');
  if (r.next() < 0.5) s = s.replace(/(\d+)号/, (_, n: string) => `${cnNumber(Number(n))}号`);
  if (r.next() < 0.5) s = s.replace(/(\d+)幢/, '$1号楼');
  if (r.next() < 0.3) s = s.replace(/(\d+)单元/, '$1单元 ');
  return s;
}

function mistype(s: string, r: Random, from = 0): string {
  const i = r.int(from, s.length - 1);
  const c = s.charCodeAt(i);
  if (c < 48 || c > 57) return s;
  const d = (c - 48 + r.int(1, 9)) % 10;
  return s.slice(0, i) + String(d) + s.slice(i + 1);
}

/**
 * `copies` source records for each of the people `from … from + people − 1` of the demo population, each
 * record with each fault at the given rate (default 0.1). Deterministic for a seed.
 */
export function noisyPeople(options: {
  people: number;
  copies?: number;
  from?: number;
  faultRate?: number;
  seed?: number;
}): NoisyRecord[] {
  const { people, copies = 3, from = 0, faultRate = 0.1, seed = 2018 } = options;
  const r = new Random(`people-noise-${seed}`);
  const out: NoisyRecord[] = [];
  for (let p = from; p < from + people; p++) {
    const clean = personRow(p);
    for (let c = 0; c < copies; c++) {
      const faults: string[] = [];
      const hit = (name: string) => {
        if (r.next() >= faultRate) return false;
        faults.push(name);
        return true;
      };
      let id: string | null = String(clean.身份证号);
      let name = String(clean.姓名);
      let birth = String(clean.出生日期);
      let address = String(clean.户籍地址);
      let phone: string | null = clean.联系电话 === undefined ? null : String(clean.联系电话);
      // The first copy is the household registration's own record: clean, as the 公安 source holds it.
      if (c > 0) {
        if (id.slice(6, 8) === '19' && hit('legacy-id')) id = id.slice(0, 6) + id.slice(8, 17);
        else if (hit('id-typo')) id = mistype(id, r, 14);
        else if (hit('id-missing')) id = null;
        if (hit('traditional')) name = toTraditional(name);
        else if (hit('homophone')) {
          const chars = [...name];
          const i = r.int(1, Math.max(1, chars.length - 1));
          const alt = HOMOPHONES[chars[i] ?? ''];
          if (alt) chars[i] = alt;
          else faults.pop();
          name = chars.join('');
        }
        const [y, m, d] = birth.split('-');
        if (Number(d) <= 12 && m !== d && hit('date-swap')) birth = `${y}-${d}-${m}`;
        else if (hit('date-format')) birth = `${y}年${Number(m)}月${Number(d)}日`;
        if (hit('address-wording')) address = reword(address, r);
        if (hit('address-traditional')) address = toTraditional(address);
        if (phone !== null && hit('phone-typo')) phone = mistype(phone, r, 3);
        else if (hit('phone-missing')) phone = null;
      }
      out.push({
        id: `p${p}-c${c}`,
        truth: p,
        faults,
        fields: {
          姓名: name,
          身份证号: id,
          出生日期: birth,
          性别: clean.性别 === '1' ? '男' : clean.性别 === '2' ? '女' : null,
          住址: address,
          手机号码: phone,
        },
      });
    }
  }
  return out;
}
