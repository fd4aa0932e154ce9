/**
 * The signed text of a checkpoint: line-oriented so a person can read what was signed and OpenSSL can verify the
 * bytes as they are. Every line ends with a newline, the last included:
 *
 *     tongban audit checkpoint v1
 *     at 2026-03-01T08:00:00.000Z
 *     shard 0 seq 1042 hash 9f…
 *     shard 1 seq 998 hash 3a…
 */
const HEADER = 'tongban audit checkpoint v1';

export interface CheckpointHead {
  shard: number;
  seq: string;
  hash: string;
}

export function checkpointPayload(at: Date, heads: readonly CheckpointHead[]): string {
  const lines = [
    HEADER,
    `at ${at.toISOString()}`,
    ...heads.map((h) => `shard ${h.shard} seq ${h.seq} hash ${h.hash}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The heads a payload names, or undefined when it is not a checkpoint payload of this version. */
export function parseCheckpointPayload(payload: string): { at: string; heads: CheckpointHead[] } | undefined {
  const lines = payload.split('\n');
  if (lines[0] !== HEADER || lines.at(-1) !== '') return undefined;
  const at = /^at (\S+)$/.exec(lines[1] ?? '')?.[1];
  if (!at) return undefined;
  const heads: CheckpointHead[] = [];
  for (const line of lines.slice(2, -1)) {
    const m = /^shard (\d+) seq (\d+) hash ([0-9a-f]{64})$/.exec(line);
    if (!m) return undefined;
    heads.push({ shard: Number(m[1]), seq: m[2]!, hash: m[3]! });
  }
  return { at, heads };
}
