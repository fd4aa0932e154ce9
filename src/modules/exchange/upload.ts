import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { AppError } from '../../core/errors.ts';
import type { Actor } from '../audit/index.ts';
import { detectCharset, readRecords } from './parse.ts';
import type { UploadResultT } from './schema.ts';
import type { ExchangeService, IngestOptions } from './service.ts';
import type { SourceRow } from './types.ts';
import { readHeaders, readWorkbook, type UploadCaps } from './workbook.ts';
import { DEFAULT_WORKBOOK_CAPS } from '../../lib/workbook-caps.ts';

const PREVIEW_ROWS = 20;

/**
 * A file a steward uploads in the console (.xlsx or .csv): spooled to a temporary file, its columns matched to
 * the resource's items by header, and fed to the same ingest path as the push API. `dryRun` is the preview.
 */
export async function ingestUpload(
  exchange: ExchangeService,
  actor: Actor,
  resourceId: string,
  file: { filename: string; stream: Readable },
  opts: Pick<IngestOptions, 'mode' | 'onError' | 'dryRun'>,
  caps: UploadCaps = DEFAULT_WORKBOOK_CAPS,
): Promise<UploadResultT> {
  const resource = await exchange.recordResource(resourceId);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tongban-upload-'));
  try {
    const ext = path.extname(file.filename).toLowerCase();
    if (ext !== '.xlsx' && ext !== '.csv')
      throw new AppError('EXCHANGE_FORMAT_UNSUPPORTED', { fileName: file.filename });
    const spooled = path.join(dir, `upload${ext}`);
    await pipeline(file.stream, createWriteStream(spooled));
    if ((file.stream as Readable & { truncated?: boolean }).truncated)
      throw new AppError('REQUEST_TOO_LARGE', { fileName: file.filename });

    let headers: string[];
    let rows: AsyncIterable<SourceRow>;
    if (ext === '.xlsx') {
      headers = await readHeaders(spooled, caps);
      rows = readWorkbook(spooled, caps);
    } else {
      const sample = await readStart(spooled, 64 * 1024);
      const charset = detectCharset(sample);
      headers = await csvHeaders(sample, charset);
      rows = readRecords(createReadStream(spooled), 'csv', charset);
    }

    const items = new Set(resource.items.map((i) => i.name));
    const ignored = headers.filter((h) => h !== '' && !items.has(h));
    const preview: SourceRow[] = [];
    async function* tee(): AsyncGenerator<SourceRow> {
      for await (const source of rows) {
        let r = source;
        if (ignored.length && r.values) {
          const values = { ...r.values };
          for (const h of ignored) delete values[h];
          r = { row: r.row, values };
        }
        if (preview.length < PREVIEW_ROWS) preview.push(r);
        yield r;
      }
    }
    const result = await exchange.ingest(actor, resourceId, tee(), { ...opts, source: 'upload' });
    const schema = exchange.schemaOf(resource);
    return {
      ...result,
      fileName: file.filename,
      columns: headers.map((h) => ({ header: h, item: items.has(h) ? h : null })),
      ignoredColumns: ignored,
      missingRequired: resource.items
        .filter((i) => (i.required || i.isKey) && !headers.includes(i.name))
        .map((i) => i.name),
      preview: preview.map((r) => {
        if (r.error) return { _row: r.row, _error: r.error.message };
        const checked = schema.check(r.values, r.row);
        return checked.ok && checked.data ? { _row: r.row, ...checked.data } : { _row: r.row, ...r.values };
      }),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function readStart(file: string, bytes: number): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The header row of a CSV, read by the same reader as the data (quoting and BOM included). */
async function csvHeaders(sample: Uint8Array, charset: 'utf-8' | 'gb18030'): Promise<string[]> {
  const text = new TextDecoder(charset).decode(sample);
  const end = text.search(/\r?\n/);
  const line = end < 0 ? text : text.slice(0, end);
  // The header line twice: the reader takes the first as the header and yields the second as a row of names.
  async function* twice() {
    yield `${line}\n${line}\n`;
  }
  for await (const r of readRecords(twice(), 'csv', 'utf-8')) return r.values ? Object.keys(r.values) : [];
  return [];
}
