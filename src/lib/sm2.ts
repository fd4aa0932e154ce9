import { sm2 } from 'sm-crypto-v2';
import { hmacSm3 } from './crypto.ts';

/**
 * SM2 signatures (GB/T 32918) with SM3 and the default user id of GM/T 0009, in the forms OpenSSL reads: DER
 * signatures and SubjectPublicKeyInfo PEM public keys. Verify with OpenSSL 3:
 * `openssl pkeyutl -verify -digest sm3 -rawin -pubin -inkey pub.pem -in payload -sigfile sig.der
 *  -pkeyopt distid:1234567812345678`.
 */

/** GM/T 0009's default signer id; OpenSSL 3.0 needs it named (`distid:`), sm-crypto-v2 uses it when none is given. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

// The curve order n of SM2's recommended curve (GB/T 32918.5).
const SM2_N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

// SubjectPublicKeyInfo up to the key bytes: SEQUENCE { SEQUENCE { id-ecPublicKey 1.2.840.10045.2.1,
// sm2 1.2.156.10197.1.301 }, BIT STRING (0 unused bits) } — followed by the 65-byte uncompressed point.
const SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');

export interface Sm2KeyPair {
  /** 64 hex characters. */
  privateKey: string;
  /** Uncompressed point, 130 hex characters starting with 04. */
  publicKey: string;
}

/** The key pair of a private key given as 64 hex characters (refused when not a valid scalar 1 … n−1). */
export function sm2KeyPair(privateKeyHex: string): Sm2KeyPair {
  if (!/^[0-9a-fA-F]{64}$/.test(privateKeyHex)) throw new Error('An SM2 private key is 64 hex characters');
  const d = BigInt(`0x${privateKeyHex}`);
  if (d <= 0n || d >= SM2_N - 1n) throw new Error('The SM2 private key is out of range');
  const privateKey = privateKeyHex.toLowerCase();
  return { privateKey, publicKey: sm2.getPublicKeyFromPrivateKey(privateKey) };
}

/**
 * A private key derived from a master secret under a label (domain separation), so a secret the platform already
 * keeps yields a signing key without storing another: two HMAC-SM3 blocks reduced into 1 … n−2.
 */
export function deriveSm2KeyPair(master: Uint8Array, label: string): Sm2KeyPair {
  const wide = BigInt(`0x${hmacSm3(master, `${label}#1`)}${hmacSm3(master, `${label}#2`)}`);
  const d = (wide % (SM2_N - 2n)) + 1n;
  return sm2KeyPair(d.toString(16).padStart(64, '0'));
}

/** Signs `payload` (UTF-8) with SM3 and the default user id; the DER-encoded signature. */
export function sm2Sign(payload: string, keys: Sm2KeyPair): Buffer {
  const sig = sm2.doSignature(new TextEncoder().encode(payload), keys.privateKey, {
    der: true,
    hash: true,
    publicKey: keys.publicKey,
  });
  return Buffer.from(sig, 'hex');
}

/** Whether `signature` (DER) is a valid SM2-with-SM3 signature of `payload` by `publicKeyHex`. */
export function sm2Verify(payload: string, signature: Uint8Array, publicKeyHex: string): boolean {
  try {
    return sm2.doVerifySignature(
      new TextEncoder().encode(payload),
      Buffer.from(signature).toString('hex'),
      publicKeyHex,
      { der: true, hash: true },
    );
  } catch {
    return false; // a malformed DER is as invalid as a wrong signature
  }
}

/** The public key as a PEM SubjectPublicKeyInfo naming the SM2 curve (what `openssl pkey -pubin` reads). */
export function sm2PublicKeyPem(publicKeyHex: string): string {
  const point = Buffer.from(publicKeyHex, 'hex');
  if (point.length !== 65 || point[0] !== 0x04) throw new Error('Expected an uncompressed SM2 public key');
  const b64 = Buffer.concat([SPKI_PREFIX, point]).toString('base64');
  return `-----BEGIN PUBLIC KEY-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
}
