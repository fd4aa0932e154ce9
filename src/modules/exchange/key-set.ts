/**
 * Remembers 64-bit fingerprints of the keys a batch has named, in typed arrays (a few bytes per row, whatever the
 * key), to tell whether the batch may name a key twice. A repeated fingerprint is almost always a repeated key;
 * when it is not, the batch only takes the slower, exact path, so a collision costs time, never correctness.
 */
export class KeyFingerprints {
  #hi = new Uint32Array(1 << 12);
  #lo = new Uint32Array(1 << 12);
  #size = 0;

  /** Adds the key's fingerprint; true when it was already there (the key is probably repeated). */
  add(key: string): boolean {
    // Two FNV-1a hashes with different offsets; (0, 0) marks an empty slot.
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193 ^ key.length;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    let hi = h1 >>> 0;
    const lo = h2 >>> 0;
    if (hi === 0 && lo === 0) hi = 1;
    if ((this.#size + 1) * 2 > this.#hi.length) this.#grow();
    return this.#insert(hi, lo);
  }

  #insert(hi: number, lo: number): boolean {
    const mask = this.#hi.length - 1;
    let at = (hi ^ Math.imul(lo, 0x9e3779b1)) & mask;
    for (;;) {
      const h = this.#hi[at]!;
      const l = this.#lo[at]!;
      if (h === 0 && l === 0) {
        this.#hi[at] = hi;
        this.#lo[at] = lo;
        this.#size++;
        return false;
      }
      if (h === hi && l === lo) return true;
      at = (at + 1) & mask;
    }
  }

  #grow(): void {
    const hi = this.#hi;
    const lo = this.#lo;
    this.#hi = new Uint32Array(hi.length * 2);
    this.#lo = new Uint32Array(lo.length * 2);
    this.#size = 0;
    for (let i = 0; i < hi.length; i++) if (hi[i] !== 0 || lo[i] !== 0) this.#insert(hi[i]!, lo[i]!);
  }
}
