/**
 * Generates a resource version's row validator as straight-line code: one walk puts the row's fields in slots by
 * item, each item is then converted and checked inline for its type and tag, and the canonical JSON text and the
 * key text are concatenated item by item, so a valid row costs no per-field closure call, no intermediate object
 * and no JSON.stringify of the record (only of a text that needs escapes).
 *
 * Item names are catalog data, written by stewards: they enter the generated source only as JSON string
 * literals (JSON.stringify), everything else in it is this file's own text or integers it checked.
 */
import type { Item } from '../catalog/index.ts';
import * as Runtime from './validate-runtime.ts';
import type { CheckedRow } from './types.ts';

/** The generated function. */
export type CheckFn = (
  values: Record<string, unknown>,
  row: number,
  opts?: { allowDelete?: boolean },
) => CheckedRow;

const TYPE_NAMES: Record<string, string> = {
  C: '字符串',
  M: '字符串（备注型）',
  N: '数值',
  Y: '金额（最多两位小数）',
  B: '数值（双精度）',
  F: '数值（浮点）',
  I: '整数',
  D: '日期（如 2024-01-31）',
  T: '日期时间（如 2024-01-31 08:30:00）',
  L: '逻辑值（是/否、true/false、1/0）',
  G: 'Base64 编码的内容',
};

/** Marks a value that failed (its errors are in the list); never a valid typed value. */
const FAIL: unique symbol = Symbol('fail');

/**
 * A valid row. The typed record is parsed back from the canonical JSON only when asked for (an upload's
 * preview): the ingest path stores `json` and never reads `data`.
 */
class CheckedRecord {
  readonly ok = true as const;
  readonly delete = false as const;
  #data: Record<string, unknown> | undefined;
  constructor(
    readonly key: string,
    readonly json: string,
    readonly hash: string,
  ) {}

  get data(): Record<string, unknown> {
    return (this.#data ??= JSON.parse(this.json) as Record<string, unknown>);
  }
}

/**
 * The runtime as a plain object for the generated code: reading a function off it is an ordinary property load,
 * where a module namespace (or a loader's export getters) costs a call per use.
 */
const R: Readonly<typeof Runtime> = Object.freeze({ ...Runtime });

const UNSTORABLE = Runtime.HAS_NUL | Runtime.HAS_LONE_SURROGATE;

/** A JavaScript string literal of any text. */
const lit = (s: string): string => JSON.stringify(s);

/** Whether an object key is an array index, which JavaScript orders first (ascending) in a plain object. */
function isArrayIndex(name: string): boolean {
  return /^(?:0|[1-9]\d{0,9})$/.test(name) && Number(name) <= 4294967294;
}

/** A safe integer written as a literal, or null for a limit that is absent or not one. */
function limitOf(item: Item, applies: boolean): number | null {
  const n = item.length;
  return applies && typeof n === 'number' && Number.isSafeInteger(n) ? n : null;
}

interface Emitted {
  /** Statements that leave the typed value (or FAIL, or undefined for an absent optional item) in `x<i>`. */
  code: string;
  /** Expression of the value's JSON text, valid when `x<i>` is a value. */
  json: string;
  /**
   * How the record's JSON appends it after a prefix: 'quoted' values need no escapes (the quote then joins the
   * prefix literal), 'text' ones only when their escape flag says so, 'other' ones are `json` as it is.
   */
  kind: 'text' | 'quoted' | 'other';
}

/**
 * The semantic-tag check of a text value held in `s` (a string): statements that push the error and leave the
 * item with FAIL, and when `normalize` write the normalized text back to `s`.
 */
function emitTag(item: Item, i: number, s: string, normalize: boolean): string {
  const fail = (code: string, message: string) =>
    `{ errors = R.push(errors, row, N[${i}], ${lit(code)}, ${message}); x${i} = FAIL; break b${i}; }`;
  const byReason = (code: string, what: string, problem: string) =>
    `{ const why = ${problem}; if (why !== null) ` +
    fail(code, `R.reasonMessage(N[${i}], ${lit(what)}, ${s}, why)`);
  switch (item.semanticTag) {
    case 'id_card':
      return (
        byReason('ID_CARD', '身份证号', `R.idCardProblem(${s}, TODAY.number())`) +
        (normalize ? ` if (${s}.charCodeAt(17) === 120) ${s} = ${s}.slice(0, 17) + 'X';` : '') +
        ' }'
      );
    case 'uscc':
      return (
        byReason('USCC', '统一社会信用代码', `R.usccProblem(${s})`) +
        (normalize ? ` ${s} = R.upperAscii(${s});` : '') +
        ' }'
      );
    case 'org_code':
      return (
        byReason('ORG_CODE', '组织机构代码', `R.orgCodeProblem(${s})`) +
        (normalize ? ` ${s} = R.orgCodeNormalize(${s});` : '') +
        ' }'
      );
    case 'region_code':
      return `if (!R.regionOk(${s})) ${fail('REGION_CODE', `R.regionMessage(N[${i}], ${s})`)}`;
    case 'mobile':
    case 'phone': {
      const [code, what, check] =
        item.semanticTag === 'mobile' ? ['MOBILE', '手机号', 'R.mobile'] : ['PHONE', '电话号码', 'R.phone'];
      return (
        `{ const t = ${check}(${s}); if (t === null) ` +
        fail(code, `R.tagMessage(N[${i}], ${lit(what)}, ${s}, null)`) +
        (normalize ? ` ${s} = t;` : '') +
        ' }'
      );
    }
    case 'email':
      return (
        `if (!(${s}.length <= R.MAX_EMAIL && R.EMAIL.test(${s}))) ` +
        fail('EMAIL', `R.tagMessage(N[${i}], '电子邮箱', ${s}, null)`)
      );
    default:
      return '';
  }
}

function emitConvert(item: Item, i: number): Emitted {
  const x = `x${i}`;
  const typeError = `{ errors = R.push(errors, row, N[${i}], 'TYPE', TP[${i}] + R.excerpt(v) + '”'); ${x} = FAIL; break b${i}; }`;
  const fail = (code: string, message: string) =>
    `{ errors = R.push(errors, row, N[${i}], ${lit(code)}, ${message}); ${x} = FAIL; break b${i}; }`;
  switch (item.dataType) {
    case 'C':
    case 'M': {
      const limit = limitOf(item, true);
      return {
        code: [
          `if (typeof v !== 'string') { if (typeof v === 'number' && Number.isSafeInteger(v)) v = '' + v; else ${typeError} }`,
          // Code points never outnumber UTF-16 units, so only long strings need counting.
          limit === null
            ? ''
            : `if (v.length > ${limit}) { const n = R.codePoints(v); if (n > ${limit}) ${fail('LENGTH', `R.textLengthMessage(N[${i}], ${limit}, n, v)`)} }`,
          emitTag(item, i, 'v', true),
          `${x} = v;`,
        ].join('\n'),
        // Plain text (no quote, backslash or control character when it arrived) is its JSON between quotes;
        // trimming and the tags' normalizing never add such a character.
        json: `(e${i} === 0 ? '"' + ${x} + '"' : JSON.stringify(${x}))`,
        kind: 'text',
      };
    }
    case 'N':
    case 'Y':
    case 'B':
    case 'F':
    case 'I': {
      const type = item.dataType;
      const numberOk = type === 'I' ? 'Number.isSafeInteger(v)' : 'Number.isFinite(v)';
      const pattern = type === 'I' ? 'R.INTEGER' : type === 'B' || type === 'F' ? 'R.FLOAT' : 'R.DECIMAL';
      // A decimal text too long for a double reads as Infinity, as it always has; the others refuse it.
      const parsedOk =
        type === 'I'
          ? 'Number.isSafeInteger(n)'
          : type === 'B' || type === 'F'
            ? 'Number.isFinite(n)'
            : 'true';
      // Digits make sense for the decimal types; double and float values are approximate.
      const limit = limitOf(item, type === 'N' || type === 'Y' || type === 'I');
      // A tag on a numeric item (a mobile number declared N, say) checks the digits; the value stays a number.
      const tag = type === 'N' || type === 'I' ? emitTag(item, i, 's', false) : '';
      return {
        code: [
          'let n;',
          `if (typeof v === 'number') { if (!${numberOk}) ${typeError} n = v; }`,
          `else if (typeof v === 'string' && ${pattern}.test(v)) { n = +v; if (!(${parsedOk})) ${typeError} }`,
          `else ${typeError}`,
          type === 'Y' ? `if (Math.round(n * 100) / 100 !== n) ${typeError}` : '',
          limit === null
            ? ''
            : `{ const d = R.digitCount(n); if (d > ${limit}) ${fail('LENGTH', `R.digitsLengthMessage(N[${i}], ${limit}, d, v)`)} }`,
          tag === '' ? '' : `{ const s = '' + n; ${tag} }`,
          `${x} = n;`,
        ].join('\n'),
        json: type === 'N' || type === 'Y' ? `R.decimalJson(${x})` : `('' + ${x})`,
        kind: 'other',
      };
    }
    case 'D': {
      // A birth date cannot lie ahead; other dates (expiry, planned completion) may.
      const notFuture = item.name.includes('出生');
      return {
        code: [
          'let y, date;',
          // The canonical form, by far the most common: read without a regular expression.
          `if (typeof v === 'string' && v.length === 10 && v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45) {`,
          '  y = R.digitsAt(v, 0, 4); const m = R.digitsAt(v, 5, 2); const d = R.digitsAt(v, 8, 2);',
          `  if (y < 0 || m < 1 || m > 12 || d < 1 || d > R.daysInMonth(y, m)) ${typeError}`,
          '  date = v;',
          `} else { date = R.otherDate(v); if (date === null) ${typeError} y = R.yearOf(date); }`,
          `if (y < R.MIN_YEAR || y > R.MAX_YEAR) ${fail('DATE_RANGE', `R.dateRangeMessage(N[${i}], date)`)}`,
          notFuture
            ? `{ const t = TODAY.text(); if (date > t) ${fail('DATE_RANGE', `R.futureDateMessage(N[${i}], date, t)`)} }`
            : '',
          `${x} = date;`,
        ].join('\n'),
        // Digits and hyphens only: nothing to escape.
        json: `('"' + ${x} + '"')`,
        kind: 'quoted',
      };
    }
    case 'T':
      return {
        code: [
          'const t = R.dateTime(v);',
          `if (t === R.NOT_DATE_TIME) ${typeError}`,
          `if (t === R.DATE_TIME_RANGE) ${fail('DATE_RANGE', `R.dateTimeRangeMessage(N[${i}])`)}`,
          `${x} = t;`,
        ].join('\n'),
        json: `('"' + ${x} + '"')`,
        kind: 'quoted',
      };
    case 'L':
      return {
        code: `if (typeof v === 'boolean') ${x} = v; else { const b = R.logical(v); if (b === null) ${typeError} ${x} = b; }`,
        json: `(${x} ? 'true' : 'false')`,
        kind: 'other',
      };
    case 'G':
      return {
        code: `if (typeof v === 'string' && v.length % 4 === 0 && R.BASE64.test(v)) ${x} = v; else ${typeError}`,
        // The Base64 alphabet has nothing JSON escapes.
        json: `('"' + ${x} + '"')`,
        kind: 'quoted',
      };
    default:
      return { code: typeError, json: 'null', kind: 'other' };
  }
}

/** Statements that take item i's raw value out of RAW, clean and convert it, and leave the result in X (and E). */
function emitItem(item: Item, i: number, convert: Emitted): string {
  const required = item.required || item.isKey;
  const trim = item.dataType !== 'M';
  const text = item.dataType === 'C' || item.dataType === 'M';
  return [
    `let x${i};`,
    // A number given for a text item becomes digits, which need no escapes.
    text ? `let e${i} = 0;` : '',
    `b${i}: {`,
    `let v = RAW[${i}];`,
    `RAW[${i}] = undefined;`,
    "if (typeof v === 'string') {",
    // PostgreSQL stores neither a NUL character nor half of a surrogate pair; refused here, per field.
    '  const flags = R.unstorableCode(v);',
    `  if ((flags & ${UNSTORABLE}) !== 0) { errors = R.push(errors, row, N[${i}], 'TEXT_INVALID', (flags & ${Runtime.HAS_NUL}) !== 0 ? NUL[${i}] : SUR[${i}]); x${i} = FAIL; break b${i}; }`,
    text ? `  e${i} = flags;` : '',
    // M keeps its white space; the blank test still trims.
    `  const t = v.trim(); if (t === '') v = undefined;${trim ? ' else v = t;' : ''}`,
    '}',
    required
      ? `if (v === undefined || v === null) { errors = R.push(errors, row, N[${i}], 'REQUIRED', REQ[${i}]); x${i} = FAIL; break b${i}; }`
      : `if (v === undefined || v === null) break b${i};`,
    convert.code,
    '}',
    `X[${i}] = x${i};`,
    text ? `E[${i}] = e${i};` : '',
  ].join('\n');
}

/**
 * Items per generated function. V8 does not optimize a function past a certain size, and a resource may have
 * hundreds of items, so the items are converted (and their JSON written) by functions of this many items each.
 */
const CHUNK = 24;

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < list.length; at += CHUNK) out.push(list.slice(at, at + CHUNK));
  return out;
}

export interface Compiled {
  check: CheckFn;
  /** The generated source, for tests and for reading a problem. */
  source: string;
}

/** Compiles items (already in position order) into a row validator. */
export function compileCheck(sorted: readonly Item[], today: Runtime.Today): Compiled {
  const n = sorted.length;
  const index = new Map<string, number>();
  sorted.forEach((item, i) => index.set(item.name, i));
  const hasDeleteItem = index.has(Runtime.DELETE_FIELD);
  const converts = sorted.map((item, i) => emitConvert(item, i));
  const all = sorted.map((item, i) => ({ item, i }));
  const keyed = all.filter(({ item }) => item.isKey);
  const fragment = (i: number) => (converts[i] as Emitted).json;
  const load = (i: number) => `const x${i} = X[${i}], e${i} = E[${i}];`;

  // Scratch state of the row being checked (`check` runs to completion before the next call): RAW the values
  // by item, X the typed values (FAIL, undefined when absent), E the text values' escape flags, K the key
  // items' JSON.
  const lines: string[] = ['const RAW = new Array(N.length).fill(undefined);'];
  lines.push('const X = new Array(N.length).fill(undefined);', 'const E = new Array(N.length).fill(0);');
  lines.push("const K = new Array(N.length).fill('');");

  // The converters, a chunk of items each; `keys` converts only the key items (a deletion).
  const converters = chunks(all).map((chunk, c) => {
    lines.push(`function convert${c}(row, errors) {`);
    for (const { item, i } of chunk) lines.push(emitItem(item, i, converts[i] as Emitted));
    lines.push('return errors;', '}');
    return `convert${c}`;
  });
  lines.push('function keys(row, errors) {');
  for (const { item, i } of keyed) lines.push(emitItem(item, i, converts[i] as Emitted));
  lines.push('return errors;', '}');

  // The canonical JSON: byte for byte what JSON.stringify writes for the typed record, whose keys a plain
  // object orders array indexes first (ascending), then the rest as they were added, in position order; an
  // item named __proto__ never became a key of it. `j.length === 1` while nothing follows the opening brace.
  const order = all.filter(({ item }) => item.name !== '__proto__');
  const jsonOrder = [
    ...order
      .filter(({ item }) => isArrayIndex(item.name))
      .sort((a, b) => Number(a.item.name) - Number(b.item.name)),
    ...order.filter(({ item }) => !isArrayIndex(item.name)),
  ];
  let state: 'first' | 'later' | 'either' = 'first';
  /** `j += ` the item after its name: a literal prefix takes a plain text's opening quote. */
  const append = (i: number, key: boolean, prefix: string, text: string | null): string => {
    const emitted = converts[i] as Emitted;
    if (key) return `j += ${prefix} + K[${i}];`;
    const quoted = text === null ? `${prefix} + '"'` : lit(`${text}"`);
    if (emitted.kind === 'quoted') return `j += ${quoted} + x${i} + '"';`;
    if (emitted.kind === 'text') {
      return `j += e${i} === 0 ? ${quoted} + x${i} + '"' : ${prefix} + JSON.stringify(x${i});`;
    }
    return `j += ${prefix} + ${emitted.json};`;
  };
  const writers = chunks(jsonOrder).map((chunk, c) => {
    lines.push(`function write${c}(j) {`);
    for (const { item, i } of chunk) {
      const head = `${JSON.stringify(item.name)}:`;
      const comma = `,${head}`;
      const [prefix, text] =
        state === 'first'
          ? [lit(head), head]
          : state === 'later'
            ? [lit(comma), comma]
            : [`(j.length === 1 ? ${lit(head)} : ${lit(comma)})`, null];
      if (item.required || item.isKey) {
        lines.push(item.isKey ? '' : load(i), append(i, item.isKey, prefix, text));
        state = 'later';
      } else {
        lines.push(`{ ${load(i)} if (x${i} !== undefined) ${append(i, false, prefix, text)} }`);
        if (state === 'first') state = 'either';
      }
    }
    lines.push('return j;', '}');
    return `write${c}`;
  });

  // The key: its items' JSON in item order, written when all of them are valid.
  const keyText =
    keyed.length === 0
      ? "'[]'"
      : `'[' + ${keyed.map(({ i }) => `(K[${i}] = ${fragment(i)})`).join(" + ',' + ")} + ']'`;
  const keyCode = [
    ...keyed.map(({ i }) => load(i)),
    `const key = ${keyed.length === 0 ? 'true' : keyed.map(({ i }) => `x${i} !== FAIL`).join(' && ')} ? ${keyText} : null;`,
  ];

  lines.push('return function check(values, row, opts) {');
  // One walk over the row's own fields. Rows come with every kind of subset of the items, so their objects have
  // many shapes and a read by name would look each name up afresh; the walk reads each field where the object
  // keeps it. Fields usually come in item order, so the next item's name is tried before the index.
  lines.push('let del, unknown = null, next = 0;');
  lines.push('for (const k in values) {');
  lines.push(`  const i = next < ${n} && k === N[next] ? next : INDEX.get(k);`);
  lines.push('  if (i === undefined) {');
  if (!hasDeleteItem)
    lines.push(`    if (k === ${lit(Runtime.DELETE_FIELD)}) { del = values[k]; continue; }`);
  lines.push('    (unknown ??= []).push(k);', '    continue;', '  }');
  lines.push('  RAW[i] = values[k];', '  next = i + 1;', '}');

  lines.push('let errors = null, isDelete = false;');
  lines.push(
    'if (del !== undefined) {',
    `  if (!opts?.allowDelete) errors = [R.unknownField(row, ${lit(Runtime.DELETE_FIELD)}, '（删除标记只能用于增量（upsert）模式）')];`,
    '  else { const flag = R.deleteFlag(del); if (flag === null) errors = [R.deleteTypeError(row, del)]; else isDelete = flag; }',
    '}',
  );
  // A deletion names its key; everything else in the row is ignored.
  lines.push('if (isDelete) {', 'errors = keys(row, errors);', 'RAW.fill(undefined);', ...keyCode);
  lines.push('if (errors !== null) return { ok: false, key, errors };');
  lines.push("return { ok: true, key, data: null, json: null, hash: '', delete: true };", '}');

  lines.push(
    'if (unknown !== null) for (const k of unknown) errors = R.pushError(errors, R.unknownField(row, k));',
  );
  for (const f of converters) lines.push(`errors = ${f}(row, errors);`);
  lines.push(...keyCode, 'if (errors !== null) return { ok: false, key, errors };');
  lines.push("let j = '{';", ...writers.map((f) => `j = ${f}(j);`), "j += '}';");
  lines.push('return new CheckedRecord(key, j, R.md5(j));', '};');

  const source = lines.join('\n');
  const constants = {
    N: sorted.map((item) => item.name),
    REQ: sorted.map((item) => `“${item.name}”为必填项，不能为空`),
    TP: sorted.map((item) => `“${item.name}”应为${TYPE_NAMES[item.dataType] ?? item.dataType}，实际为“`),
    NUL: sorted.map((item) => `“${item.name}”含有 NUL 字符（\\u0000），无法存储`),
    SUR: sorted.map((item) => `“${item.name}”含有不成对的 UTF-16 代理项，不是有效的文本`),
  };
  const factory = new Function(
    'R',
    'FAIL',
    'CheckedRecord',
    'INDEX',
    'TODAY',
    'N',
    'REQ',
    'TP',
    'NUL',
    'SUR',
    source,
  ) as (...args: unknown[]) => CheckFn;
  const check = factory(
    R,
    FAIL,
    CheckedRecord,
    index,
    today,
    constants.N,
    constants.REQ,
    constants.TP,
    constants.NUL,
    constants.SUR,
  );
  return { check, source };
}
