/**
 * Streaming readers of an exchange request body: NDJSON, CSV (RFC 4180) and a JSON array, in UTF-8 or
 * GB18030 (which covers GBK and GB2312). Nothing holds more than the row being read, so memory stays flat
 * whatever the body's size; a single row larger than MAX_ROW_CHARS rejects the body.
 *
 * A row that cannot be read is yielded as a row error (the batch's on-error policy decides what happens to
 * it); a body that cannot be read at all (not an array, bad header, bad encoding) throws an AppError.
 */
import { AppError } from '../../core/errors.ts';
import type { BodyFormat, RowError, SourceRow } from './types.ts';

export type Charset = 'utf-8' | 'gb18030';

/**
 * The largest row (NDJSON line, CSV record, JSON array element) read, in UTF-16 code units: 16 Mi characters,
 * which is at least 16 MiB of UTF-8 or GB18030 bytes.
 */
export const MAX_ROW_CHARS = 16 * 1024 * 1024;

const NDJSON_TYPES = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl']);
const UTF8_NAMES = new Set(['utf-8', 'utf8']);
const GB_NAMES = new Set(['gbk', 'gb2312', 'gb18030']);

/** The body format and charset a Content-Type declares; anything this module cannot read is a 415. */
export function detectFormat(contentType: string | undefined): { format: BodyFormat; charset: Charset } {
  const params = (contentType ?? '').split(';');
  const mime = (params[0] ?? '').trim().toLowerCase();
  let format: BodyFormat;
  if (NDJSON_TYPES.has(mime)) format = 'ndjson';
  else if (mime === 'text/csv') format = 'csv';
  else if (mime === 'application/json') format = 'json';
  else throw new AppError('EXCHANGE_FORMAT_UNSUPPORTED', { contentType: contentType ?? null });

  let charset: Charset = 'utf-8';
  for (let i = 1; i < params.length; i++) {
    const param = params[i] ?? '';
    const eq = param.indexOf('=');
    if (eq === -1 || param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    const name = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (UTF8_NAMES.has(name)) charset = 'utf-8';
    else if (GB_NAMES.has(name)) charset = 'gb18030';
    else throw new AppError('EXCHANGE_FORMAT_UNSUPPORTED', { contentType, charset: name });
  }
  return { format, charset };
}

/**
 * The charset of an uploaded file, whose sender cannot declare one: UTF-8 when the sample is valid UTF-8
 * (an incomplete character at the sample's end is allowed), else GB18030, what Chinese Windows writes.
 */
export function detectCharset(sample: Uint8Array): Charset {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

function bodyInvalid(row: number, message: string): AppError {
  return new AppError('EXCHANGE_BODY_INVALID', { row, message });
}

function tooLarge(row: number): AppError {
  return bodyInvalid(row, `第 ${row} 行超过 16 MiB，无法读取`);
}

function rowError(row: number, code: RowError['code'], message: string): SourceRow {
  return { row, error: { row, field: null, code, message } };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return '数组';
  if (typeof value === 'string') return '字符串';
  if (typeof value === 'number') return '数字';
  if (typeof value === 'boolean') return '布尔值';
  return typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A format's reader: takes decoded text in pieces of any size and appends the rows it completes to `out`. */
interface TextReader {
  /** Rows produced so far (including row errors). */
  rows: number;
  push(text: string, out: SourceRow[]): void;
  end(out: SourceRow[]): void;
}

/**
 * Cuts text into lines ('\n'; a '\r' before it stays on the line). The unfinished last line is kept as pieces
 * and joined once, when its end arrives, so a long line sent in small chunks costs linear time.
 */
abstract class LineReader implements TextReader {
  rows = 0;
  private carry: string[] = [];
  private carryLength = 0;

  protected abstract line(line: string, out: SourceRow[]): void;
  protected abstract finish(out: SourceRow[]): void;

  push(text: string, out: SourceRow[]): void {
    let nl = text.indexOf('\n');
    if (nl === -1) {
      this.keep(text);
      return;
    }
    let start = 0;
    if (this.carry.length > 0) {
      const head = this.carry.join('') + text.slice(0, nl);
      this.carry = [];
      this.carryLength = 0;
      this.complete(head, out);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    while (nl !== -1) {
      this.complete(text.slice(start, nl), out);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (start < text.length) this.keep(text.slice(start));
  }

  end(out: SourceRow[]): void {
    if (this.carry.length > 0) {
      const last = this.carry.join('');
      this.carry = [];
      this.carryLength = 0;
      this.complete(last, out);
    }
    this.finish(out);
  }

  private keep(piece: string): void {
    this.carryLength += piece.length;
    if (this.carryLength > MAX_ROW_CHARS) throw tooLarge(this.rows + 1);
    this.carry.push(piece);
  }

  private complete(line: string, out: SourceRow[]): void {
    if (line.length > MAX_ROW_CHARS) throw tooLarge(this.rows + 1);
    this.line(line, out);
  }
}

const OPEN_BRACE = 123;

class NdjsonReader extends LineReader {
  protected line(line: string, out: SourceRow[]): void {
    // JSON.parse allows the '\r' of a CRLF line end and any other surrounding white space.
    if (line.length === 0 || (line.charCodeAt(0) !== OPEN_BRACE && line.trim() === '')) return;
    const row = ++this.rows;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      out.push(rowError(row, 'PARSE', `第 ${row} 行不是完整的 JSON 对象`));
      return;
    }
    if (isRecord(value)) out.push({ row, values: value });
    else out.push(rowError(row, 'PARSE', `第 ${row} 行应为 JSON 对象，实际为${kindOf(value)}`));
  }

  protected finish(): void {}
}

const QUOTE = 34;
const COMMA_CHAR = ',';
const CR = 13;

/**
 * Whether a CSV line ends inside a quoted field. `inQuotes` says whether it starts inside one (continuing a
 * record); otherwise it starts a record. A quote opens a quoted field only at the start of a field, as
 * splitQuoted reads it; elsewhere it is an ordinary character.
 */
function endsInQuotes(s: string, inQuotes: boolean): boolean {
  let i = 0;
  for (;;) {
    if (inQuotes) {
      const q = s.indexOf('"', i);
      if (q === -1) return true;
      if (s.charCodeAt(q + 1) === QUOTE) {
        i = q + 2;
        continue;
      }
      inQuotes = false;
      const comma = s.indexOf(COMMA_CHAR, q + 1);
      if (comma === -1) return false;
      i = comma + 1;
    } else if (s.charCodeAt(i) === QUOTE) {
      inQuotes = true;
      i++;
    } else {
      const comma = s.indexOf(COMMA_CHAR, i);
      if (comma === -1) return false;
      i = comma + 1;
    }
  }
}

/**
 * Cells of a complete CSV record that contains quotes: "" inside a quoted field is one quote; characters
 * after a closing quote and before the next comma are kept as they are (lenient, like spreadsheet programs).
 */
function splitQuoted(s: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell: string;
    if (s.charCodeAt(i) === QUOTE) {
      cell = '';
      let j = i + 1;
      for (;;) {
        const q = s.indexOf('"', j);
        if (q === -1) {
          // Only reachable at the end of input, which the caller reports before calling this.
          cell += s.slice(j);
          i = s.length;
          break;
        }
        if (s.charCodeAt(q + 1) === QUOTE) {
          cell += s.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        cell += s.slice(j, q);
        i = q + 1;
        break;
      }
      const comma = s.indexOf(COMMA_CHAR, i);
      if (comma === -1) {
        cells.push(i < s.length ? cell + s.slice(i) : cell);
        return cells;
      }
      cells.push(comma > i ? cell + s.slice(i, comma) : cell);
      i = comma + 1;
    } else {
      const comma = s.indexOf(COMMA_CHAR, i);
      if (comma === -1) {
        cells.push(s.slice(i));
        return cells;
      }
      cells.push(s.slice(i, comma));
      i = comma + 1;
    }
  }
}

function withoutCr(line: string): string {
  return line.length > 0 && line.charCodeAt(line.length - 1) === CR ? line.slice(0, -1) : line;
}

class CsvReader extends LineReader {
  private header: string[] | null = null;
  /** Set when a header is "__proto__", which a plain assignment would not store as a property. */
  private protoHeader = false;
  /** Lines of a record whose quoted field spans line ends, while it is open. */
  private open: string[] | null = null;
  private openLength = 0;

  protected line(line: string, out: SourceRow[]): void {
    if (this.open !== null) {
      this.openLength += line.length + 1;
      if (this.openLength > MAX_ROW_CHARS) throw tooLarge(this.rows + 1);
      this.open.push(line);
      if (endsInQuotes(line, true)) return;
      const record = this.open.join('\n');
      this.open = null;
      this.openLength = 0;
      this.record(splitQuoted(withoutCr(record)), out);
      return;
    }
    if (line.length === 0 || (line.length === 1 && line.charCodeAt(0) === CR)) return;
    if (line.indexOf('"') === -1) {
      this.record(withoutCr(line).split(COMMA_CHAR), out);
    } else if (endsInQuotes(line, false)) {
      this.open = [line];
      this.openLength = line.length;
    } else {
      this.record(splitQuoted(withoutCr(line)), out);
    }
  }

  protected finish(out: SourceRow[]): void {
    if (this.open === null) return;
    this.open = null;
    if (this.header === null) throw bodyInvalid(0, 'CSV 表头中的引号没有闭合');
    const row = ++this.rows;
    out.push(rowError(row, 'PARSE', `第 ${row} 行的引号没有闭合，数据在引号内结束`));
  }

  private record(cells: string[], out: SourceRow[]): void {
    const header = this.header;
    if (header === null) {
      this.setHeader(cells);
      return;
    }
    const row = ++this.rows;
    if (cells.length !== header.length) {
      out.push(
        rowError(
          row,
          'COLUMN_COUNT',
          `第 ${row} 行有 ${cells.length} 列，与表头的 ${header.length} 列不一致`,
        ),
      );
      return;
    }
    const values: Record<string, unknown> = {};
    if (this.protoHeader) {
      for (let i = 0; i < header.length; i++) {
        Object.defineProperty(values, header[i] as string, {
          value: cells[i],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    } else {
      for (let i = 0; i < header.length; i++) values[header[i] as string] = cells[i];
    }
    out.push({ row, values });
  }

  private setHeader(cells: string[]): void {
    const header = cells.map((c) => c.trim());
    const seen = new Map<string, number>();
    for (let i = 0; i < header.length; i++) {
      const name = header[i] as string;
      if (name === '') throw bodyInvalid(0, `CSV 表头第 ${i + 1} 列的列名为空`);
      const earlier = seen.get(name);
      if (earlier !== undefined) {
        throw bodyInvalid(0, `CSV 表头中的列名“${name}”重复（第 ${earlier + 1} 列和第 ${i + 1} 列）`);
      }
      seen.set(name, i);
    }
    this.protoHeader = seen.has('__proto__');
    this.header = header;
  }
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const CLOSE_BRACE = 125;
const COMMA = 44;

function isJsonSpace(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB;
}

/**
 * A top-level JSON array read element by element: the scanner tracks strings, escapes and nesting depth only
 * to find where each element ends, then JSON.parse reads the element. Elements are kept as pieces until
 * complete, like lines.
 */
class JsonArrayReader implements TextReader {
  rows = 0;
  private state: 'before' | 'inside' | 'after' = 'before';
  private depth = 0;
  private inString = false;
  private escape = false;
  /** The current element has a character other than white space. */
  private content = false;
  /** A comma has been read: an empty element before ']' is then an error, not an empty array. */
  private commas = 0;
  private pieces: string[] = [];
  private piecesLength = 0;

  push(text: string, out: SourceRow[]): void {
    const n = text.length;
    let i = 0;
    if (this.state === 'before') {
      while (i < n && isJsonSpace(text.charCodeAt(i))) i++;
      if (i === n) return;
      if (text.charCodeAt(i) !== OPEN_BRACKET) throw bodyInvalid(1, '请求体不是 JSON 数组（应以“[”开头）');
      this.state = 'inside';
      i++;
    }
    if (this.state === 'after') {
      this.trailing(text, i);
      return;
    }
    let start = i;
    // Next backslash at or after i, found once per chunk rather than once per string (-1: none left).
    let backslash = -2;
    while (i < n) {
      if (this.inString) {
        if (this.escape) {
          this.escape = false;
          i++;
          continue;
        }
        const q = text.indexOf('"', i);
        if (backslash !== -1 && backslash < i) backslash = text.indexOf('\\', i);
        if (backslash !== -1 && (q === -1 || backslash < q)) {
          this.escape = true;
          i = backslash + 1;
          continue;
        }
        if (q === -1) break;
        this.inString = false;
        i = q + 1;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.inString = true;
        this.content = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.depth++;
        this.content = true;
      } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && this.depth > 0) {
        this.depth--;
      } else if (this.depth === 0 && (c === COMMA || c === CLOSE_BRACKET)) {
        this.element(text.slice(start, i), c === CLOSE_BRACKET, out);
        start = i + 1;
        if (c === CLOSE_BRACKET) {
          this.state = 'after';
          this.trailing(text, start);
          return;
        }
        this.commas++;
      } else if (!isJsonSpace(c)) {
        this.content = true;
      }
      i++;
    }
    if (start < n) this.keep(text.slice(start));
  }

  end(): void {
    if (this.state === 'before') throw bodyInvalid(1, '请求体为空，应为 JSON 数组');
    if (this.state === 'inside') {
      const row = this.rows + 1;
      throw bodyInvalid(row, `JSON 数组在第 ${row} 个元素处意外结束（缺少“]”）`);
    }
  }

  private keep(piece: string): void {
    this.piecesLength += piece.length;
    if (this.piecesLength > MAX_ROW_CHARS) throw tooLarge(this.rows + 1);
    this.pieces.push(piece);
  }

  private element(tail: string, last: boolean, out: SourceRow[]): void {
    const text = this.pieces.length > 0 ? this.pieces.join('') + tail : tail;
    this.pieces = [];
    this.piecesLength = 0;
    const content = this.content;
    this.content = false;
    if (!content) {
      // "[]" is an empty array; an element missing between commas, or after the last one, is an error.
      if (last && this.commas === 0) return;
      const row = ++this.rows;
      out.push(rowError(row, 'PARSE', `第 ${row} 个元素为空（多余的逗号）`));
      return;
    }
    if (text.length > MAX_ROW_CHARS) throw tooLarge(this.rows + 1);
    const row = ++this.rows;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      out.push(rowError(row, 'PARSE', `第 ${row} 个元素不是合法的 JSON`));
      return;
    }
    if (isRecord(value)) out.push({ row, values: value });
    else out.push(rowError(row, 'PARSE', `第 ${row} 个元素应为 JSON 对象，实际为${kindOf(value)}`));
  }

  private trailing(text: string, from: number): void {
    for (let i = from; i < text.length; i++) {
      if (!isJsonSpace(text.charCodeAt(i))) throw bodyInvalid(this.rows, 'JSON 数组的“]”之后还有多余内容');
    }
  }
}

function readerFor(format: BodyFormat): TextReader {
  if (format === 'ndjson') return new NdjsonReader();
  if (format === 'csv') return new CsvReader();
  return new JsonArrayReader();
}

const BOM = 0xfeff;

/**
 * Reads a body as rows. Decoding is fatal: bytes that are not valid in the charset throw
 * EXCHANGE_ENCODING_INVALID with the row they are in (the rows before it are yielded first). A leading byte
 * order mark is dropped; a UTF-8 one also overrides a declared GB18030 charset.
 */
export async function* readRecords(
  body: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  format: BodyFormat,
  charset: Charset,
): AsyncGenerator<SourceRow> {
  const reader = readerFor(format);
  const out: SourceRow[] = [];
  let started = false;
  const feed = (text: string): void => {
    if (!started) {
      if (text.length === 0) return;
      started = true;
      if (text.charCodeAt(0) === BOM) text = text.slice(1);
    }
    reader.push(text, out);
  };
  let decoding: Charset = charset;
  let decoder: TextDecoder | null = null;
  // GB18030 bodies wait for three bytes to see whether they are UTF-8 after all (a UTF-8 byte order mark).
  let head: Uint8Array | null = charset === 'gb18030' ? new Uint8Array(0) : null;
  const encodingError = () =>
    new AppError('EXCHANGE_ENCODING_INVALID', { row: reader.rows + 1, charset: decoding });

  const decodeBytes = (bytes: Uint8Array): void => {
    if (head !== null) {
      const joined = new Uint8Array(head.length + bytes.length);
      joined.set(head);
      joined.set(bytes, head.length);
      if (joined.length < 3 && joined[0] === 0xef && (joined.length < 2 || joined[1] === 0xbb)) {
        head = joined;
        return;
      }
      head = null;
      if (joined[0] === 0xef && joined[1] === 0xbb && joined[2] === 0xbf) decoding = 'utf-8';
      bytes = joined;
    }
    decoder ??= new TextDecoder(decoding, { fatal: true });
    // A '\n' byte is never part of a multi-byte character in UTF-8 or GB18030, so the decoder holds nothing
    // after the first one: the rest of the chunk can be re-read line by line to find a bad byte's row.
    const nl = bytes.indexOf(LF);
    const split = nl !== -1 && nl < bytes.length - 1;
    try {
      feed(decoder.decode(split ? bytes.subarray(0, nl + 1) : bytes, { stream: true }));
    } catch (e) {
      if (e instanceof TypeError) throw encodingError();
      throw e;
    }
    if (!split) return;
    const rest = bytes.subarray(nl + 1);
    let text: string;
    try {
      text = decoder.decode(rest, { stream: true });
    } catch (e) {
      if (!(e instanceof TypeError)) throw e;
      locateBadLine(rest);
      throw encodingError();
    }
    feed(text);
  };

  // Feeds the lines before the first one that does not decode, so the reader's row count points at it.
  const locateBadLine = (bytes: Uint8Array): void => {
    let start = 0;
    while (start < bytes.length) {
      const nl = bytes.indexOf(LF, start);
      const end = nl === -1 ? bytes.length : nl + 1;
      let text: string;
      try {
        text = new TextDecoder(decoding, { fatal: true }).decode(bytes.subarray(start, end), {
          stream: nl === -1,
        });
      } catch {
        return;
      }
      feed(text);
      start = end;
    }
  };

  for await (const chunk of body) {
    let failure: unknown = null;
    try {
      if (typeof chunk === 'string') feed(chunk);
      else decodeBytes(chunk);
    } catch (e) {
      failure = e;
    }
    // Rows completed before a failure in the same chunk are still handed on, in order.
    if (out.length > 0) {
      for (const row of out) yield row;
      out.length = 0;
    }
    if (failure !== null) throw failure;
  }

  let failure: unknown = null;
  try {
    if (head !== null) {
      // Fewer than three bytes in all: decode them as declared.
      const rest: Uint8Array = head;
      head = null;
      if (rest.length > 0) decodeBytes(rest);
    }
    if (decoder !== null) {
      let text: string;
      try {
        text = (decoder as TextDecoder).decode();
      } catch (e) {
        if (e instanceof TypeError) throw encodingError();
        throw e;
      }
      feed(text);
    }
    reader.end(out);
  } catch (e) {
    failure = e;
  }
  for (const row of out) yield row;
  out.length = 0;
  if (failure !== null) throw failure;
}
