/**
 * The types an uploaded file may be served back as, recognised by its first bytes. The uploader's declared type is
 * never trusted: a file claiming text/html (or anything else) that is none of these is served as an opaque download.
 */
const SIGNATURES: readonly { type: string; matches: (b: Buffer) => boolean }[] = [
  { type: 'application/pdf', matches: (b) => b.subarray(0, 5).equals(Buffer.from('%PDF-')) },
  {
    type: 'image/png',
    matches: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { type: 'image/jpeg', matches: (b) => b.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])) },
  {
    type: 'image/gif',
    matches: (b) => ['GIF87a', 'GIF89a'].includes(b.subarray(0, 6).toString('latin1')),
  },
  {
    type: 'image/webp',
    matches: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
];

export const OPAQUE_TYPE = 'application/octet-stream';

/** The content type a file is served with: its real type when on the allow-list, else an opaque download. */
export function servedType(content: Buffer): string {
  return SIGNATURES.find((s) => s.matches(content))?.type ?? OPAQUE_TYPE;
}
