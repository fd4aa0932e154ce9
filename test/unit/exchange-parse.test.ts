import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MAX_ROW_CHARS,
  detectCharset,
  detectFormat,
  readRecords,
  type Charset,
} from '../../src/modules/exchange/parse.ts';
import type { BodyFormat, SourceRow } from '../../src/modules/exchange/types.ts';
import { readHeaders, readWorkbook } from '../../src/modules/exchange/workbook.ts';
import { AppError } from '../../src/core/errors.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Every row a body reads to, and the error that ended it (if any). */
async function read(
  body: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
  format: BodyFormat,
  charset: Charset = 'utf-8',
): Promise<{ rows: SourceRow[]; error: AppError | null }> {
  const rows: SourceRow[] = [];
  try {
    for await (const r of readRecords(body, format, charset)) rows.push(r);
  } catch (e) {
    if (e instanceof AppError) return { rows, error: e };
    throw e;
  }
  return { rows, error: null };
}

async function rowsOf(body: string | Uint8Array | (string | Uint8Array)[], format: BodyFormat) {
  const { rows, error } = await read(Array.isArray(body) ? body : [body], format);
  if (error) throw error;
  return rows;
}

function oneByteAtATime(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (b) => new Uint8Array([b]));
}

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let last = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(last, p));
    last = p;
  }
  chunks.push(bytes.subarray(last));
  return chunks;
}

async function* slowly<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}

const values = (rows: SourceRow[]) => rows.map((r) => r.values ?? r.error);

// '姓名,身份证号\n' in GBK.
const GBK_HEADER = [0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0xba, 0xc5, 0x0a];

describe('detectFormat', () => {
  it.each([
    ['application/x-ndjson', 'ndjson'],
    ['application/ndjson', 'ndjson'],
    ['application/jsonl', 'ndjson'],
    ['text/csv', 'csv'],
    ['application/json', 'json'],
    ['Text/CSV; header=present', 'csv'],
  ] as const)('%s is %s in UTF-8', (type, format) => {
    expect(detectFormat(type)).toEqual({ format, charset: 'utf-8' });
  });

  it.each([
    ['text/csv; charset=utf-8', 'utf-8'],
    ['text/csv;charset=UTF8', 'utf-8'],
    ['text/csv; charset=gbk', 'gb18030'],
    ['text/csv; charset="GB2312"', 'gb18030'],
    ['application/x-ndjson; charset=gb18030', 'gb18030'],
  ] as const)('%s decodes as %s', (type, charset) => {
    expect(detectFormat(type).charset).toBe(charset);
  });

  it.each([undefined, '', 'text/plain', 'application/xml', 'multipart/form-data; boundary=x'])(
    'rejects %s',
    (type) => {
      expect(() => detectFormat(type)).toThrow(AppError);
      try {
        detectFormat(type);
      } catch (e) {
        expect((e as AppError).code).toBe('EXCHANGE_FORMAT_UNSUPPORTED');
      }
    },
  );

  it('rejects an unknown charset, naming it', () => {
    try {
      detectFormat('text/csv; charset=latin1');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('EXCHANGE_FORMAT_UNSUPPORTED');
      expect((e as AppError).details).toMatchObject({ charset: 'latin1' });
    }
  });
});

describe('detectCharset', () => {
  it('takes valid UTF-8 (and ASCII) as UTF-8', () => {
    expect(detectCharset(utf8('姓名,身份证号\n张三,1'))).toBe('utf-8');
    expect(detectCharset(utf8('a,b\n'))).toBe('utf-8');
    expect(detectCharset(new Uint8Array(0))).toBe('utf-8');
  });

  it('allows a character cut at the end of the sample', () => {
    const bytes = utf8('姓名');
    expect(detectCharset(bytes.subarray(0, bytes.length - 1))).toBe('utf-8');
  });

  it('takes anything else as GB18030', () => {
    expect(detectCharset(new Uint8Array(GBK_HEADER))).toBe('gb18030');
  });
});

describe('readRecords: NDJSON', () => {
  it('reads one object per line, LF or CRLF, skipping blank lines in the numbering', async () => {
    const rows = await rowsOf('{"a":1}\r\n\n  \r\n{"a":"二"}\n\n', 'ndjson');
    expect(rows).toEqual([
      { row: 1, values: { a: 1 } },
      { row: 2, values: { a: '二' } },
    ]);
  });

  it('reads a last line without a line end', async () => {
    expect(await rowsOf('{"a":1}\n{"a":2}', 'ndjson')).toHaveLength(2);
  });

  it('reports a line that is not an object, and goes on', async () => {
    const rows = await rowsOf('{"a":1}\n[1,2]\n"x"\nnull\n{"a":3}\n', 'ndjson');
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[1]?.error).toMatchObject({ row: 2, field: null, code: 'PARSE' });
    expect(rows[1]?.error?.message).toContain('第 2 行');
    expect(rows[1]?.error?.message).toContain('数组');
    expect(rows[3]?.error?.code).toBe('PARSE');
    expect(rows[4]?.values).toEqual({ a: 3 });
  });

  it('reports a truncated last line as a row error', async () => {
    const rows = await rowsOf('{"a":1}\n{"a":2}\n{"a":"unfinish', 'ndjson');
    expect(rows[2]).toEqual({
      row: 3,
      error: { row: 3, field: null, code: 'PARSE', message: '第 3 行不是完整的 JSON 对象' },
    });
  });

  it('reads a line split over many chunks', async () => {
    const line = JSON.stringify({ text: '长'.repeat(1000) });
    const chunks = [...line].map((ch) => ch);
    const rows = await rowsOf([...chunks, '\n', line], 'ndjson');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.values).toEqual({ text: '长'.repeat(1000) });
  });

  it('drops a byte order mark, in bytes or in text', async () => {
    expect(await rowsOf(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"a":1}\n')]), 'ndjson')).toEqual([
      { row: 1, values: { a: 1 } },
    ]);
    expect(
      await rowsOf(oneByteAtATime(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"a":1}')])), 'ndjson'),
    ).toHaveLength(1);
    expect(await rowsOf('\uFEFF{"a":1}', 'ndjson')).toEqual([{ row: 1, values: { a: 1 } }]);
  });

  it('passes a 1 MB value through', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const body = utf8(`${JSON.stringify({ big })}\n{"a":1}\n`);
    const chunks = splitAt(
      body,
      Array.from({ length: 40 }, (_, i) => i * 65536),
    );
    const rows = await rowsOf(chunks, 'ndjson');
    expect((rows[0]?.values?.big as string).length).toBe(1024 * 1024);
    expect(rows[1]?.values).toEqual({ a: 1 });
  });

  it('rejects a line over 16 MiB', async () => {
    const piece = 'x'.repeat(1024 * 1024);
    const chunks = ['{"a":1}\n{"big":"', ...Array.from({ length: 17 }, () => piece), '"}\n'];
    const { rows, error } = await read(chunks, 'ndjson');
    expect(rows).toHaveLength(1);
    expect(error?.code).toBe('EXCHANGE_BODY_INVALID');
    expect(error?.details).toMatchObject({ row: 2 });
    // Also when the whole line arrives in one chunk.
    const whole = await read([`{"big":"${'x'.repeat(MAX_ROW_CHARS)}"}\n`], 'ndjson');
    expect(whole.error?.code).toBe('EXCHANGE_BODY_INVALID');
  });

  it('rejects bytes that are not UTF-8 with their row, after the rows before it', async () => {
    const body = new Uint8Array([...utf8('{"a":1}\n\n{"a":2}\n{"a":"'), 0xff, ...utf8('"}\n{"a":4}\n')]);
    for (const chunks of [[body], oneByteAtATime(body), splitAt(body, [3, 9])]) {
      const { rows, error } = await read(chunks, 'ndjson');
      expect(rows).toHaveLength(2);
      expect(error?.code).toBe('EXCHANGE_ENCODING_INVALID');
      expect(error?.details).toMatchObject({ row: 3 });
    }
  });

  it('rejects a body ending inside a UTF-8 character', async () => {
    const body = utf8('{"a":"中"}');
    const { error } = await read([body.subarray(0, 8)], 'ndjson');
    expect(error?.code).toBe('EXCHANGE_ENCODING_INVALID');
  });

  it('reads an async body', async () => {
    const rows = await read(slowly(['{"a":', '1}\n{"a"', ':2}']), 'ndjson');
    expect(values(rows.rows)).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('reads an empty body as no rows', async () => {
    expect(await rowsOf('', 'ndjson')).toEqual([]);
    expect(await read([], 'ndjson')).toEqual({ rows: [], error: null });
  });
});

describe('readRecords: CSV', () => {
  it('keys each record by the header, all values text', async () => {
    const rows = await rowsOf('姓名,年龄,备注\n张三,30,\n李四,,无\n', 'csv');
    expect(rows).toEqual([
      { row: 1, values: { 姓名: '张三', 年龄: '30', 备注: '' } },
      { row: 2, values: { 姓名: '李四', 年龄: '', 备注: '无' } },
    ]);
  });

  it('trims the header cells but not the values', async () => {
    const rows = await rowsOf(' a , b\n x ,y', 'csv');
    expect(rows[0]?.values).toEqual({ a: ' x ', b: 'y' });
  });

  it('reads quotes, doubled quotes, commas and line ends inside quotes', async () => {
    const body = 'a,b,c\n"x, y","say ""hi""","line 1\nline 2"\n"",  "q",3\n';
    expect(values(await rowsOf(body, 'csv'))).toEqual([
      { a: 'x, y', b: 'say "hi"', c: 'line 1\nline 2' },
      // A quote after the first character is an ordinary one.
      { a: '', b: '  "q"', c: '3' },
    ]);
  });

  it('reads CRLF line ends, keeping a CRLF inside quotes', async () => {
    const body = 'a,b\r\n1,2\r\n"3\r\n4",5\r\n';
    expect(values(await rowsOf(body, 'csv'))).toEqual([
      { a: '1', b: '2' },
      { a: '3\r\n4', b: '5' },
    ]);
  });

  it('keeps text after a closing quote (as spreadsheets do)', async () => {
    expect(values(await rowsOf('a,b\n"x"y,2\n', 'csv'))).toEqual([{ a: 'xy', b: '2' }]);
  });

  it('drops a byte order mark before the header', async () => {
    const body = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('姓名,年龄\n张三,3\n')]);
    expect(values(await rowsOf(body, 'csv'))).toEqual([{ 姓名: '张三', 年龄: '3' }]);
  });

  it('skips empty lines, before the header too, without numbering them', async () => {
    const rows = await rowsOf('\r\n\na,b\n1,2\n\r\n\n3,4\n\n', 'csv');
    expect(rows.map((r) => [r.row, r.values])).toEqual([
      [1, { a: '1', b: '2' }],
      [2, { a: '3', b: '4' }],
    ]);
  });

  it('reports a record with the wrong number of cells', async () => {
    const rows = await rowsOf('a,b,c\n1,2\n1,2,3\n1,2,3,4\n', 'csv');
    expect(rows[0]).toEqual({
      row: 1,
      error: { row: 1, field: null, code: 'COLUMN_COUNT', message: '第 1 行有 2 列，与表头的 3 列不一致' },
    });
    expect(rows[1]?.values).toEqual({ a: '1', b: '2', c: '3' });
    expect(rows[2]?.error?.code).toBe('COLUMN_COUNT');
    expect(rows[2]?.error?.message).toContain('4 列');
  });

  it('rejects a duplicate column name, naming it', async () => {
    const { error } = await read(['姓名,年龄, 姓名 \n1,2,3\n'], 'csv');
    expect(error?.code).toBe('EXCHANGE_BODY_INVALID');
    expect(String(error?.details?.message)).toContain('“姓名”');
    expect(String(error?.details?.message)).toContain('第 1 列和第 3 列');
  });

  it('rejects an empty column name, naming the column', async () => {
    const { error } = await read(['a,,c\n1,2,3\n'], 'csv');
    expect(error?.code).toBe('EXCHANGE_BODY_INVALID');
    expect(String(error?.details?.message)).toContain('第 2 列');
  });

  it('reports a quote left open at the end of input on that row', async () => {
    const rows = await rowsOf('a,b\n1,2\n3,"open\nstill open\n', 'csv');
    expect(rows[1]).toEqual({
      row: 2,
      error: { row: 2, field: null, code: 'PARSE', message: '第 2 行的引号没有闭合，数据在引号内结束' },
    });
  });

  it('rejects a header whose quote never closes', async () => {
    const { error } = await read(['"a,b\n1,2\n'], 'csv');
    expect(error?.code).toBe('EXCHANGE_BODY_INVALID');
  });

  it('stores a "__proto__" column as an ordinary value', async () => {
    const rows = await rowsOf('__proto__,b\nx,y\n', 'csv');
    expect(Object.keys(rows[0]?.values ?? {})).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(rows[0]?.values)).toBe(Object.prototype);
  });

  it('passes a 1 MB quoted value with line ends through, sent in small chunks', async () => {
    const big = 'ab\n"c'.repeat(200 * 1024);
    const body = utf8(`k,v\n1,"${big.replaceAll('"', '""')}"\n2,x\n`);
    const rows = await rowsOf(
      splitAt(
        body,
        Array.from({ length: 400 }, (_, i) => i * 3001),
      ),
      'csv',
    );
    expect(rows[0]?.values?.v).toBe(big);
    expect(rows[1]?.values).toEqual({ k: '2', v: 'x' });
  });

  it('rejects a record over 16 MiB', async () => {
    const piece = `${'x'.repeat(1023)}\n`.repeat(1024);
    const chunks = ['a\n"', ...Array.from({ length: 17 }, () => piece), '"\n'];
    const { error } = await read(chunks, 'csv');
    expect(error?.code).toBe('EXCHANGE_BODY_INVALID');
    expect(error?.details).toMatchObject({ row: 1 });
  });

  describe('GBK', () => {
    const body = new Uint8Array([...GBK_HEADER, ...utf8('a,b\n')]);

    it('is not UTF-8', async () => {
      const { error } = await read([body], 'csv', 'utf-8');
      expect(error?.code).toBe('EXCHANGE_ENCODING_INVALID');
      expect(error?.details).toMatchObject({ row: 1 });
    });

    it('reads as GB18030, whole or byte by byte', async () => {
      for (const chunks of [[body], oneByteAtATime(body)]) {
        const { rows, error } = await read(chunks, 'csv', 'gb18030');
        expect(error).toBeNull();
        expect(rows).toEqual([{ row: 1, values: { 姓名: 'a', 身份证号: 'b' } }]);
      }
    });

    it('is detected', () => {
      expect(detectCharset(body)).toBe('gb18030');
    });

    it('gives way to a UTF-8 byte order mark', async () => {
      const utf = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('姓名\n张三\n')]);
      const { rows } = await read(oneByteAtATime(utf), 'csv', 'gb18030');
      expect(values(rows)).toEqual([{ 姓名: '张三' }]);
    });

    it('reads a body shorter than a byte order mark', async () => {
      const { rows } = await read([new Uint8Array([0x61, 0x0a])], 'csv', 'gb18030');
      expect(rows).toEqual([]);
    });
  });
});

describe('readRecords: JSON array', () => {
  it('reads each element', async () => {
    const body = ' \n[ {"a":1} ,\n {"a":"[x],{y}\\"z\\\\"}, {"a":{"b":[1,{"c":"]"}]}} ] \n';
    expect(await rowsOf(body, 'json')).toEqual([
      { row: 1, values: { a: 1 } },
      { row: 2, values: { a: '[x],{y}"z\\' } },
      { row: 3, values: { a: { b: [1, { c: ']' }] } } },
    ]);
  });

  it('reads a body fed one byte at a time', async () => {
    const records = [{ 名称: '连云港', n: 1.5 }, { s: 'a\\"b\u2028"' }, { nested: { x: [[], {}] } }];
    const rows = await rowsOf(oneByteAtATime(utf8(JSON.stringify(records, null, 1))), 'json');
    expect(values(rows)).toEqual(records);
  });

  it('reports an element that is not an object, and goes on', async () => {
    const rows = await rowsOf('[1, "x", [1], null, {"a":1}, {"a":}]', 'json');
    expect(rows.map((r) => r.error?.code ?? 'ok')).toEqual([
      'PARSE',
      'PARSE',
      'PARSE',
      'PARSE',
      'ok',
      'PARSE',
    ]);
    expect(rows[0]?.error?.message).toBe('第 1 个元素应为 JSON 对象，实际为数字');
    expect(rows[5]?.error?.message).toBe('第 6 个元素不是合法的 JSON');
  });

  it('reports an empty element', async () => {
    const rows = await rowsOf('[{"a":1},,{"a":2},]', 'json');
    expect(rows.map((r) => r.error?.code ?? 'ok')).toEqual(['ok', 'PARSE', 'ok', 'PARSE']);
  });

  it('reads an empty array', async () => {
    expect(await rowsOf('[]', 'json')).toEqual([]);
    expect(await rowsOf(' [ \n ] ', 'json')).toEqual([]);
  });

  it.each([
    ['{"a":1}', '不是 JSON 数组'],
    ['"x"', '不是 JSON 数组'],
    ['', '为空'],
    ['[{"a":1}, {"a":2', '意外结束'],
    ['[{"a":1}', '意外结束'],
    ['[{"a":1}] [', '多余内容'],
  ])('rejects %j', async (body, message) => {
    const { error } = await read([body], 'json');
    expect(error?.code).toBe('EXCHANGE_BODY_INVALID');
    expect(String(error?.details?.message)).toContain(message);
    expect(typeof error?.details?.row).toBe('number');
  });

  it('names the element at which a truncated array ends', async () => {
    const { rows, error } = await read(['[{"a":1},{"a":2},{"a"'], 'json');
    expect(rows).toHaveLength(2);
    expect(error?.details).toMatchObject({ row: 3 });
  });

  it('rejects an element over 16 MiB', async () => {
    const piece = 'x'.repeat(1024 * 1024);
    const { error } = await read(['[{"a":"', ...Array.from({ length: 17 }, () => piece), '"}]'], 'json');
    expect(error?.code).toBe('EXCHANGE_BODY_INVALID');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Round trips: any records, written in each format and cut into random chunks, read back as they were.

function csvCell(s: string): string {
  // Empty cells are quoted so a one-column record is not an empty (skipped) line.
  return s === '' || /[",\r\n]/.test(s) || s !== s.trimStart() ? `"${s.replaceAll('"', '""')}"` : s;
}

const headerName = fc
  .string({ minLength: 1, maxLength: 8, unit: 'grapheme' })
  .filter((s) => s.trim() === s && s !== '');
const cellText = fc.string({
  maxLength: 12,
  unit: fc.constantFrom('a', '中', ',', '"', '\n', '\r', ' ', '😀', 'é'),
});
const csvTable = fc
  .uniqueArray(headerName, { minLength: 1, maxLength: 5 })
  .chain((header) =>
    fc.tuple(fc.constant(header), fc.array(fc.tuple(...header.map(() => cellText)), { maxLength: 10 })),
  );
const cuts = fc.array(fc.nat(), { maxLength: 30 });

describe('round trips', () => {
  it('NDJSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 8 }),
        cuts,
        async (records, at) => {
          const expected = JSON.parse(JSON.stringify(records)) as unknown[];
          const body = utf8(records.map((r) => JSON.stringify(r)).join('\n'));
          const rows = await rowsOf(splitAt(body, at), 'ndjson');
          expect(rows.map((r) => r.values)).toEqual(expected);
          expect(rows.map((r) => r.row)).toEqual(expected.map((_, i) => i + 1));
        },
      ),
    );
  });

  it('JSON array', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 8 }),
        cuts,
        fc.boolean(),
        async (records, at, pretty) => {
          const expected = JSON.parse(JSON.stringify(records)) as unknown[];
          const body = utf8(JSON.stringify(records, null, pretty ? 2 : undefined));
          const rows = await rowsOf(splitAt(body, at), 'json');
          expect(rows.map((r) => r.values)).toEqual(expected);
        },
      ),
    );
  });

  it('CSV', async () => {
    await fc.assert(
      fc.asyncProperty(csvTable, cuts, fc.constantFrom('\n', '\r\n'), async ([header, records], at, eol) => {
        const text = [header, ...records].map((cells) => cells.map(csvCell).join(',')).join(eol) + eol;
        const rows = await rowsOf(splitAt(utf8(text), at), 'csv');
        const expected = records.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
        expect(rows.map((r) => r.values)).toEqual(expected);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('readWorkbook', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tongban-workbook-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function write(build: (wb: ExcelJS.Workbook) => void): Promise<string> {
    const wb = new ExcelJS.Workbook();
    build(wb);
    const file = join(dir, `${Math.random().toString(36).slice(2)}.xlsx`);
    await wb.xlsx.writeFile(file);
    return file;
  }

  async function all(file: string): Promise<SourceRow[]> {
    const rows: SourceRow[] = [];
    for await (const r of readWorkbook(file)) rows.push(r);
    return rows;
  }

  it('reads the first sheet, converting cells', async () => {
    const file = await write((wb) => {
      const ws = wb.addWorksheet('数据');
      wb.addWorksheet('其他').addRow(['不读']);
      ws.addRow([' 姓名 ', '出生日期', '登记时间', '收入', '户主', '主页', '合计', '备注', '证号']);
      ws.addRow([
        '张三',
        new Date(Date.UTC(1990, 0, 2)),
        new Date(Date.UTC(2024, 2, 5, 9, 30, 0)),
        12.5,
        true,
        { text: '链接', hyperlink: 'https://example.cn' },
        { formula: 'D2*2', result: 25 },
        { richText: [{ text: '富' }, { text: '文本' }] },
        2 ** 60,
      ]);
      ws.addRow([]);
      ws.addRow(['李四', null, null, { error: '#N/A' }]);
    });
    expect(await readHeaders(file)).toEqual([
      '姓名',
      '出生日期',
      '登记时间',
      '收入',
      '户主',
      '主页',
      '合计',
      '备注',
      '证号',
    ]);
    expect(await all(file)).toEqual([
      {
        row: 1,
        values: {
          姓名: '张三',
          出生日期: '1990-01-02',
          登记时间: '2024-03-05T09:30:00',
          收入: 12.5,
          户主: true,
          主页: '链接',
          合计: 25,
          备注: '富文本',
          证号: 2 ** 60,
        },
      },
      // Row 3 of the sheet was empty: skipped, its number used up.
      { row: 3, values: { 姓名: '李四', 收入: { error: '#N/A' } } },
    ]);
  });

  it('takes the first sheet in tab order, not file order', async () => {
    const file = await write((wb) => {
      const b = wb.addWorksheet('B');
      b.addRow(['second']);
      const a = wb.addWorksheet('A');
      a.addRow(['first']);
      a.addRow(['x']);
      // exceljs writes sheets in file order but takes the tab order from orderNo (not in its typings).
      (a as unknown as { orderNo: number }).orderNo = 0;
      (b as unknown as { orderNo: number }).orderNo = 1;
    });
    expect(await readHeaders(file)).toEqual(['first']);
    expect(await all(file)).toEqual([{ row: 1, values: { first: 'x' } }]);
  });

  it('rejects a repeated column name; reports data under a column without one', async () => {
    const dup = await write((wb) => wb.addWorksheet('s').addRow(['a', 'a']));
    await expect(all(dup)).rejects.toMatchObject({ code: 'EXCHANGE_BODY_INVALID' });
    const gap = await write((wb) => {
      const ws = wb.addWorksheet('s');
      ws.addRow(['a', null, 'c']);
      ws.addRow([1, null, 3]);
      ws.addRow([1, 2, 3]);
    });
    const rows = await all(gap);
    expect(rows[0]).toEqual({ row: 1, values: { a: 1, c: 3 } });
    expect(rows[1]?.error).toMatchObject({ row: 2, code: 'COLUMN_COUNT' });
    expect(rows[1]?.error?.message).toContain('B 列');
  });

  it('stops reading when the caller stops', async () => {
    const file = await write((wb) => {
      const ws = wb.addWorksheet('s');
      ws.addRow(['n']);
      for (let i = 0; i < 2000; i++) ws.addRow([i]);
    });
    let n = 0;
    for await (const r of readWorkbook(file)) {
      expect(r.values).toEqual({ n: n });
      if (++n === 3) break;
    }
    expect(n).toBe(3);
  });

  it('rejects a file that is not a workbook', async () => {
    const file = join(dir, 'not.xlsx');
    writeFileSync(file, 'a,b\n1,2\n');
    await expect(all(file)).rejects.toMatchObject({ code: 'EXCHANGE_FORMAT_UNSUPPORTED' });
    await expect(readHeaders(file)).rejects.toMatchObject({ code: 'EXCHANGE_FORMAT_UNSUPPORTED' });
  });

  it('passes a read error on as it is', async () => {
    await expect(readHeaders(join(dir, 'missing.xlsx'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
