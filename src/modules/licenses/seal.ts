import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/index.ts';
import { sm3 } from '../../lib/crypto.ts';
import { maskValue } from '../../lib/mask.ts';
import type { SecretBox } from '../../lib/secretbox.ts';
import { sm2KeyPair, sm2Sign, sm2Verify, type Sm2KeyPair } from '../../lib/sm2.ts';
import { AppError } from '../../core/errors.ts';
import { canonicalJson } from '../audit/index.ts';
import { licenseRepo } from './repo.ts';
import type { HolderKind, LicenseFieldT } from './schema.ts';

/** Names the payload's layout, so a later layout can be told apart by anyone holding an old payload. */
export const PAYLOAD_FORMAT = 'tongban-license/1';

/** What a license says, in clear: the rows' content before it is sealed. */
export interface LicenseContent {
  licenseId: string;
  typeCode: string;
  typeName: string;
  number: string;
  holder: { kind: HolderKind; code: string; name: string };
  issuer: { name: string; code: string };
  issuedOn: string;
  validFrom: string;
  validUntil: string | null;
  version: number;
  data: Record<string, unknown>;
}

/**
 * The salted digest of the personal content (holder and field values in clear). The payload carries it, so the
 * signature covers the data in clear too, while the salt — random, kept in the row, never published — makes the
 * digest useless for guessing ID numbers, whose space is small enough to enumerate.
 */
export function contentDigest(salt: string, c: Pick<LicenseContent, 'holder' | 'data'>): string {
  return sm3(`${salt}\n${canonicalJson({ holder: c.holder, data: c.data })}`);
}

/** A person's holder code and name as the public sees them; a legal person's are public record and stay. */
export function publicHolder(h: LicenseContent['holder']): LicenseContent['holder'] {
  if (h.kind === '001') return h;
  return {
    kind: h.kind,
    code: String(maskValue('id_card', h.code)),
    name: String(maskValue('person_name', h.name)),
  };
}

/** Field values with every personal field (tagged) masked; the others as they are. */
export function maskedData(
  fields: readonly LicenseFieldT[],
  data: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields)
    if (f.name in data) out[f.name] = f.tag ? maskValue(f.tag, data[f.name]) : data[f.name];
  return out;
}

/**
 * The exact text an issuer signs: canonical JSON (keys sorted at every level, no white space, UTF-8) of what the
 * public may read — holder and personal fields masked — plus the salted digest of the content in clear.
 */
export function signedPayload(c: LicenseContent, fields: readonly LicenseFieldT[], salt: string): string {
  return canonicalJson({
    format: PAYLOAD_FORMAT,
    licenseId: c.licenseId,
    name: c.typeName,
    typeCode: c.typeCode,
    number: c.number,
    holder: publicHolder(c.holder),
    issuer: c.issuer,
    issuedOn: c.issuedOn,
    validFrom: c.validFrom,
    validUntil: c.validUntil,
    version: c.version,
    data: maskedData(fields, c.data),
    contentDigest: contentDigest(salt, c),
  });
}

export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

/** Signs a payload; the base64 DER signature. */
export function signPayload(payload: string, keys: Sm2KeyPair): string {
  return sm2Sign(payload, keys).toString('base64');
}

export function verifyPayload(payload: string, signatureB64: string, publicKeyHex: string): boolean {
  return sm2Verify(payload, Buffer.from(signatureB64, 'base64'), publicKeyHex);
}

/**
 * Each issuing department's seal key (电子印章密钥): made on first use with a random private key, stored sealed
 * with the platform's SecretBox, opened once per process and kept in memory.
 */
export class IssuerKeys {
  readonly #opened = new Map<string, Sm2KeyPair>();

  constructor(private readonly secrets: SecretBox) {}

  async keyFor(q: Queryable, departmentId: string): Promise<Sm2KeyPair> {
    const known = this.#opened.get(departmentId);
    if (known) return known;
    let row = await licenseRepo.issuerKey(q, departmentId);
    if (!row) {
      const fresh = randomKeyPair();
      await licenseRepo.insertIssuerKey(
        q,
        departmentId,
        fresh.publicKey,
        this.secrets.seal(fresh.privateKey),
      );
      row = (await licenseRepo.issuerKey(q, departmentId))!;
    }
    let keys: Sm2KeyPair;
    try {
      keys = sm2KeyPair(this.secrets.open(row.private_key_sealed));
    } catch {
      // Sealed under another secret key (TONGBAN_SECRET_KEY changed, or a process with its own random one).
      throw new AppError('LICENSE_SEAL_KEY_UNREADABLE', { departmentId });
    }
    this.#opened.set(departmentId, keys);
    return keys;
  }

  /** The public key of a department that has one, without opening its private key. */
  async publicKeyOf(q: Queryable, departmentId: string): Promise<string | null> {
    return (await licenseRepo.issuerKey(q, departmentId))?.public_key ?? null;
  }
}

function randomKeyPair(): Sm2KeyPair {
  // A 256-bit value falls outside 1 … n−2 with probability about 2^-32: draw again then.
  for (;;) {
    try {
      return sm2KeyPair(randomBytes(32).toString('hex'));
    } catch {
      continue;
    }
  }
}
