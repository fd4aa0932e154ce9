import type { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';

// Parts read whole from the zip are small; a larger one is not worth inflating (and may be a bomb).
const SMALL_PART = 1024 * 1024;

/** One file of a zip, as its central directory lists it. */
function zipPart(zip: Buffer, path: string): string | null {
  // The end-of-central-directory record sits in the last 22 bytes, or before a comment of up to 64 KB.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let n = 0; n < count && at + 46 <= zip.length; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) return null;
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const unpacked = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + skip;
    if (name !== path) continue;
    if (unpacked > SMALL_PART || local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50)
      return null;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    try {
      if (method === 0) return data.toString('utf8');
      if (method === 8) return inflateRawSync(data, { maxOutputLength: SMALL_PART }).toString('utf8');
    } catch {
      return null;
    }
    return null;
  }
  return null;
}

/** One entry of a zip's central directory. */
interface ZipEntry {
  name: string;
  header: Buffer;
  data: Buffer;
}

/** The entries as the central directory lists them, each with its compressed data; null when unreadable. */
function zipEntries(zip: Buffer): ZipEntry[] | null {
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries: ZipEntry[] = [];
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return null;
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const length = 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50) return null;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (start + size > zip.length) return null;
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      header: zip.subarray(at, at + 46 + nameLength),
      data: zip.subarray(start, start + size),
    });
    at += length;
  }
  return entries;
}

// The parts a reader needs before the sheets, in the order it needs them; the rest go after the sheets.
function rank(name: string): number {
  const first = ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'];
  const i = first.indexOf(name);
  if (i >= 0) return i;
  return /^xl\/worksheets\/sheet\d+\.xml$/.test(name) ? first.length : first.length + 1;
}

/**
 * The same workbook with its zip parts reordered (the compressed data copied, not recompressed): workbook.xml,
 * its relationships, the shared strings and the styles first, then the sheets, then the rest. So the streaming
 * reader parses every sheet as it comes instead of spooling it to a temporary file, and its zip reader, which
 * now and then loses the last part, can only lose a part nobody reads. Null when the zip cannot be read.
 */
export function orderedWorkbook(zip: Buffer): Buffer | null {
  const entries = zipEntries(zip);
  if (entries === null) return null;
  const ordered = entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e.name) - rank(b.e.name) || a.i - b.i)
    .map(({ e }) => e);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of ordered) {
    const name = e.header.subarray(46);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    // Sizes and CRC are known now: no data descriptor (bit 3) follows the data; UTF-8 names (bit 11) stay.
    local.writeUInt16LE(e.header.readUInt16LE(8) & ~0x0008, 6);
    e.header.copy(local, 8, 10, 28); // method, time, date, CRC-32, sizes
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.from(e.header);
    header.writeUInt16LE(header.readUInt16LE(8) & ~0x0008, 8);
    header.writeUInt16LE(0, 30); // no extra field
    header.writeUInt16LE(0, 32); // no comment
    header.writeUInt32LE(offset, 42);
    parts.push(local, name, e.data);
    central.push(header);
    offset += local.length + name.length + e.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(ordered.length, 8);
  end.writeUInt16LE(ordered.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

function attribute(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m?.[1]
    ?.replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * The sheets' names by their part number ('1' for xl/worksheets/sheet1.xml), read from workbook.xml and its
 * relationships through the zip's central directory; empty when they cannot be read.
 */
export function sheetNames(zip: Buffer): Map<string, string> {
  const names = new Map<string, string>();
  const workbook = zipPart(zip, 'xl/workbook.xml');
  const rels = zipPart(zip, 'xl/_rels/workbook.xml.rels');
  if (workbook === null || rels === null) return names;
  const targets = new Map<string, string>();
  for (const tag of rels.match(/<Relationship\s[^>]*>/g) ?? []) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    const part = target === undefined ? null : /worksheets\/sheet(\d+)\.xml$/.exec(target);
    if (id !== undefined && part) targets.set(id, part[1]!);
  }
  for (const tag of workbook.match(/<sheet\s[^>]*>/g) ?? []) {
    const name = attribute(tag, 'name');
    const part = targets.get(attribute(tag, 'r:id') ?? '');
    if (name !== undefined && part !== undefined) names.set(part, name);
  }
  return names;
}

/** Decodes UTF-8 chunk by chunk, keeping a character split across two chunks whole. */
async function* utf8(source: AsyncIterable<unknown>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    yield typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

interface ReaderInternals {
  model?: unknown;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<unknown>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
}

/**
 * exceljs's streaming WorkbookReader, with two of its faults mended.
 *
 * It decodes each chunk of XML on its own, so a Chinese character split across two chunks turns into U+FFFD
 * (“��据库”); the sheets and the shared strings are decoded here as one stream instead.
 *
 * It parses a sheet at once when it has met the shared strings and the workbook's relationships, and then looks
 * its name up in workbook.xml, which a writer may put after the sheets (exceljs's own writer does, at random): the
 * lookup crashes. Holding the relationships back until workbook.xml has been read makes such sheets wait in
 * temporary files, as sheets met before the shared strings always do, and be parsed once the names are known.
 * Its zip reader also loses the last part now and then; when that is workbook.xml, sheets have no names. Callers
 * holding the whole file pass `names` (from `sheetNames`) so that never matters.
 */
export function openWorkbookReader(
  input: Readable,
  names: ReadonlyMap<string, string> = new Map(),
): ExcelJS.stream.xlsx.WorkbookReader {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles tell date cells from numbers.
    styles: 'cache',
    entries: 'ignore',
  });
  const internals = reader as unknown as ReaderInternals;
  let rels: unknown;
  Object.defineProperty(reader, 'workbookRels', {
    get(this: ReaderInternals) {
      return this.model === undefined ? undefined : rels;
    },
    set(value: unknown) {
      rels = value;
    },
    configurable: true,
  });
  const parseWorksheet = internals._parseWorksheet;
  internals._parseWorksheet = function* (iterator, sheetNo) {
    // A sheet waiting in a temporary file that is never read is deleted before its stream opens the file.
    if (typeof (iterator as Partial<Readable>).on === 'function')
      (iterator as Readable).on('error', () => {});
    for (const event of parseWorksheet.call(this, utf8(iterator), sheetNo)) {
      const sheet = (event as { value?: { name?: string } }).value;
      const known = names.get(sheetNo);
      if (sheet !== undefined && known !== undefined) sheet.name = known;
      yield event;
    }
  };
  const parseSharedStrings = internals._parseSharedStrings;
  internals._parseSharedStrings = function (entry) {
    entry.setEncoding('utf8');
    return parseSharedStrings.call(this, entry);
  };
  return reader;
}
