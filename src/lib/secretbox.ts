import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hmacSm3 } from './crypto.ts';

/**
 * Encrypts the secrets the platform must use again later (front-database passwords, webhook signing keys) with
 * SM4-CBC under the platform's secret key, authenticated with HMAC-SM3 (encrypt-then-MAC), so a tampered value
 * fails to open instead of decrypting to garbage. Sealed text: `v1.<iv>.<ciphertext>.<mac>`, base64url parts.
 */
export class SecretBox {
  readonly #encKey: Buffer;
  readonly #macKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('The secret key must be 32 bytes (64 hex characters)');
    this.#encKey = masterKey.subarray(0, 16);
    this.#macKey = masterKey.subarray(16);
  }

  seal(plain: string): string {
    const iv = randomBytes(16);
    const cipher = createCipheriv('sm4-cbc', this.#encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const head = `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
    return `${head}.${hmacSm3(this.#macKey, head)}`;
  }

  open(sealed: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== 'v1') throw new Error('Not a sealed secret');
    const head = parts.slice(0, 3).join('.');
    if (hmacSm3(this.#macKey, head) !== parts[3]) throw new Error('Sealed secret fails its integrity check');
    const decipher = createDecipheriv('sm4-cbc', this.#encKey, Buffer.from(parts[1]!, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(parts[2]!, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}

/**
 * The platform's secret key: TONGBAN_SECRET_KEY (64 hex characters) when set — required for several servers
 * against one PostgreSQL — otherwise a key generated once into DATA_DIR/secret.key (mode 0600), or a fresh one per
 * process for an in-memory database.
 */
export function loadSecretKey(envValue: string | undefined, dataDir: string): Buffer {
  if (envValue) {
    if (!/^[0-9a-fA-F]{64}$/.test(envValue)) throw new Error('TONGBAN_SECRET_KEY must be 64 hex characters');
    return Buffer.from(envValue, 'hex');
  }
  if (dataDir === 'memory://') return randomBytes(32);
  const file = path.join(dataDir, 'secret.key');
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const key = randomBytes(32);
    writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    return key;
  }
}
