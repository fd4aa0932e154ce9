/**
 * The masking policy: how a sensitive value is shown to someone without a grant to see it in full. It is
 * chosen by the item's semantic tag, and keeps just enough for a person to recognise a record they already
 * know (the region and last digits of an ID number, the surname of a name), never enough to find one.
 *
 *   tag           kept                               example
 *   id_card       first 6 and last 4 characters      320706********123X
 *   mobile        first 3 and last 4 digits          138****5678
 *   phone         first 3 and last 2 characters      051********34   (0518-85801234)
 *   person_name   the surname (compound: 2 chars)    张*   欧阳**
 *   address       the first 6 characters + ****      江苏省连云港****  (short ones: the first half)
 *   email         first character and the domain     z***@lyg.gov.cn
 *   anything else first and last character           连*****区       (1–2 characters: all *)
 *
 * Masked characters become one '*' each, so the length stays visible; only address and email hide it.
 * A value too short for its tag's rule (an ID under 12 characters, a mobile under 9, a phone under 7, an email
 * without '@') takes the general rule; a one-character name, or one that is all surname, becomes all '*'.
 * Numbers (their digits, for id_card, mobile and phone) are masked as text; other numbers and booleans become
 * '***'; null and undefined stay as they are. Counting is by Unicode code point.
 *
 * maskRecord applies this to the sensitive items of a record, except key items (a record's key identifies it
 * to its consumers) and the items a grant unmasks.
 */

const STAR = '*';

/** Compound surnames (复姓) kept whole; any other name keeps its first character. */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
]);

/** Keeps `head` leading and `tail` trailing characters, one '*' for each in between. */
function keepEnds(chars: string[], head: number, tail: number): string {
  const hidden = chars.length - head - tail;
  return chars.slice(0, head).join('') + STAR.repeat(hidden) + chars.slice(chars.length - tail).join('');
}

/** The rule for any value without a tag of its own: first and last character kept. */
function maskOther(value: unknown): unknown {
  if (typeof value !== 'string') return '***';
  const chars = Array.from(value);
  if (chars.length <= 2) return STAR.repeat(chars.length);
  return keepEnds(chars, 1, 1);
}

function maskName(name: string): string {
  const chars = Array.from(name);
  const surname = chars.length > 2 && COMPOUND_SURNAMES.has(chars[0]! + chars[1]!) ? 2 : 1;
  // A value that is all surname (or one character) shows nothing at all.
  if (chars.length <= surname) return STAR.repeat(chars.length);
  return keepEnds(chars, surname, 0);
}

/** Masks one value by its item's semantic tag (null: no tag). */
export function maskValue(tag: string | null, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  // Numbers can carry digits worth masking (a mobile number stored as N): mask their text.
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
  switch (tag) {
    case 'id_card': {
      const chars = text === null ? null : Array.from(text);
      if (chars && chars.length >= 12) return keepEnds(chars, 6, 4);
      break;
    }
    case 'mobile': {
      const chars = text === null ? null : Array.from(text);
      if (chars && chars.length >= 9) return keepEnds(chars, 3, 4);
      break;
    }
    case 'phone': {
      const chars = text === null ? null : Array.from(text);
      if (chars && chars.length >= 7) return keepEnds(chars, 3, 2);
      break;
    }
    case 'person_name':
      if (typeof value === 'string') return maskName(value);
      break;
    case 'address':
      if (typeof value === 'string') {
        const chars = Array.from(value);
        // A short address would be given away whole by six characters: keep half of it instead.
        return chars.slice(0, Math.min(6, Math.floor(chars.length / 2))).join('') + '****';
      }
      break;
    case 'email':
      if (typeof value === 'string') {
        const at = value.lastIndexOf('@');
        if (at > 0) return `${Array.from(value)[0]}***${value.slice(at)}`;
      }
      break;
  }
  return maskOther(value);
}

export interface MaskableItem {
  name: string;
  semanticTag: string | null;
  sensitive: boolean;
  isKey: boolean;
}

/**
 * A copy of a record with its sensitive items masked. Key items are never masked (they identify the record
 * to the consumer, and are not sensitive by the catalog's own rules), nor are items named in `unmasked`
 * (those a grant lets the reader see).
 */
export function maskRecord(
  data: Record<string, unknown>,
  items: readonly MaskableItem[],
  unmasked?: ReadonlySet<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  for (const item of items) {
    if (!item.sensitive || item.isKey || unmasked?.has(item.name)) continue;
    if (Object.hasOwn(out, item.name)) out[item.name] = maskValue(item.semanticTag, out[item.name]);
  }
  return out;
}
