/**
 * A push body, from the socket to a temporary file. The whole body is spooled before the batch's transaction
 * opens, on both engines: PGlite has one connection, and a PostgreSQL pool has few, so a slow client must never
 * hold either while it uploads. On the way through the body is counted as sent and once decompressed (gzip), and
 * refused with a 413 the moment either passes its cap — inflating stops there, nothing beyond the cap is written.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../core/errors.ts';
import type { PushLimits } from './service.ts';

export interface SpooledBody {
  /** The decompressed body, read back from the spool file. */
  source: Readable;
  /** SM3 of the decompressed body (idempotency compares it); undefined when not asked for. */
  digest: (() => string) | undefined;
  /** Decompressed bytes. */
  bytes: () => number;
  cleanup: () => Promise<void>;
}

class TooLarge extends Error {
  constructor(readonly details: Record<string, number | string>) {
    super('push body too large');
  }
}

/** Counts bytes through; fails the pipeline (which stops every stage) once more than `limit` pass. */
function meter(limit: number, what: 'sent' | 'decompressed', counted: (n: number) => void) {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      if (total > limit) return done(new TooLarge({ limit, measured: what }));
      counted(chunk.length);
      done(null, chunk);
    },
  });
}

/**
 * Reads the request body to a temporary file: decompressed when gzip, hashed (SM3) and counted, and refused if
 * the client goes away before the end, so a cut-off upload can never commit as if it were complete.
 */
export async function spoolBody(
  raw: IncomingMessage,
  limits: PushLimits,
  options: { digest: boolean } = { digest: true },
): Promise<SpooledBody> {
  const encoding = String(raw.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip')
    throw new AppError('EXCHANGE_FORMAT_UNSUPPORTED', { contentEncoding: encoding });
  const declared = Number(raw.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxCompressedBytes) {
    raw.resume();
    throw new AppError('EXCHANGE_BODY_TOO_LARGE', { limit: limits.maxCompressedBytes, measured: 'sent' });
  }
  const hash = options.digest ? createHash('sm3') : null;
  let bytes = 0;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tongban-push-'));
  const file = path.join(dir, 'body');
  const cleanup = () => rm(dir, { recursive: true, force: true });
  const sent = meter(limits.maxCompressedBytes, 'sent', () => undefined);
  const stages: NodeJS.ReadWriteStream[] = [sent];
  if (encoding === 'gzip') stages.push(createGunzip());
  stages.push(meter(limits.maxBytes, 'decompressed', (n) => (bytes += n)));
  if (hash)
    stages.push(
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          done(null, chunk);
        },
      }),
    );
  // The request itself stays out of the pipeline: a failure must not destroy its socket, which still carries
  // the 413 (or 400) back. A client that goes away before the end fails the first stage instead.
  const cut = (err?: Error) => sent.destroy(err ?? new Error('请求体未完整传输'));
  let ended = false;
  raw.once('end', () => (ended = true));
  raw.once('error', cut);
  raw.once('close', () => {
    if (!ended) cut();
  });
  raw.pipe(sent);
  try {
    await pipeline([...stages, createWriteStream(file)]);
  } catch (err) {
    await cleanup();
    // The client may still be sending: drop the rest, so the answer can be read.
    raw.unpipe(sent);
    raw.resume();
    if (err instanceof TooLarge) throw new AppError('EXCHANGE_BODY_TOO_LARGE', err.details);
    // A corrupt gzip stream or a connection reset mid-body.
    throw new AppError('EXCHANGE_BODY_INVALID', {
      message: err instanceof Error ? err.message : String(err),
    });
  } finally {
    raw.off('error', cut);
  }
  let digest: string | undefined;
  return {
    source: createReadStream(file),
    digest: hash ? () => (digest ??= hash.digest('hex')) : undefined,
    bytes: () => bytes,
    cleanup,
  };
}
