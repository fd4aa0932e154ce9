/**
 * Counts gathered in memory by key and written in one go a short while after the first one (or at once by
 * `flush`), so a busy counter costs one write per interval, not one per event. A failed write puts its counts back:
 * a count is never lost to a passing database error.
 */
export class BatchedCounts<C extends { [K in keyof C]: number }> {
  #pending = new Map<string, C>();
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: {
      /** How long after the first count the batch is written. */
      afterMs: number;
      zero: () => C;
      /** Writes one batch; throws to have it put back. */
      write: (batch: Map<string, C>) => Promise<void>;
    },
  ) {}

  add(key: string, counts: Partial<C>): void {
    const into = this.#pending.get(key) ?? this.options.zero();
    addInto(into, counts);
    this.#pending.set(key, into);
    if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush().catch(() => undefined), this.options.afterMs);
      this.#timer.unref();
    }
  }

  /** What is counted under `key` and not written yet. */
  pending(key: string): Readonly<C> | undefined {
    return this.#pending.get(key);
  }

  async flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#pending.size) return;
    const batch = this.#pending;
    this.#pending = new Map();
    try {
      await this.options.write(batch);
    } catch (err) {
      for (const [key, counts] of batch) {
        const into = this.#pending.get(key) ?? this.options.zero();
        addInto(into, counts);
        this.#pending.set(key, into);
      }
      throw err;
    }
  }
}

function addInto<C extends { [K in keyof C]: number }>(into: C, counts: Partial<C>): void {
  for (const [name, n] of Object.entries(counts) as [keyof C, number | undefined][])
    (into[name] as number) += n ?? 0;
}
