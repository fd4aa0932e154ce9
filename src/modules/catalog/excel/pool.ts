import { Piscina } from 'piscina';
import { WorkbookCapExceeded, type CapPassed, type WorkbookCaps } from '../../../lib/workbook-caps.ts';
import type { Lang } from './messages.ts';
import type { ParseResult } from './read.ts';

/** How the workbook reader runs off the event loop. */
export interface WorkbookParserOptions {
  caps: WorkbookCaps;
  /** Workbooks read at the same time; more wait their turn. */
  threads: number;
  /** Heap of one reader thread: a workbook that needs more fails alone, the server keeps running. */
  heapMb: number;
}

type Outcome = { result: ParseResult } | { passed: CapPassed };

/**
 * Reads catalog workbooks in worker threads (piscina), so the server answers other requests meanwhile. The pool
 * starts its first thread with the first import and lets idle threads go after a minute; an idle thread does not
 * keep the process alive.
 */
export class WorkbookParser {
  private pool: Piscina | null = null;

  constructor(private readonly options: WorkbookParserOptions) {}

  /** Reads the workbook, or throws WorkbookCapExceeded naming the sheet and the cap it passed. */
  async parse(data: Uint8Array, lang: Lang): Promise<ParseResult> {
    this.pool ??= new Piscina({
      filename: new URL('./worker.mjs', import.meta.url).href,
      minThreads: 0,
      maxThreads: this.options.threads,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb },
    });
    // A copy the worker takes over (transferred, not cloned): the caller's buffer may be a pooled slice.
    const copy = new Uint8Array(data);
    const outcome = (await this.pool.run(
      { data: copy, lang, caps: this.options.caps },
      { transferList: [copy.buffer] },
    )) as Outcome;
    if ('passed' in outcome) throw new WorkbookCapExceeded(outcome.passed);
    return outcome.result;
  }

  /** Workbooks read in worker threads so far. */
  get completed(): number {
    return this.pool?.completed ?? 0;
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.destroy();
  }
}
