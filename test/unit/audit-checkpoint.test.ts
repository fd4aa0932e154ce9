import { describe, expect, it } from 'vitest';
import { deriveSm2KeyPair, sm2KeyPair, sm2PublicKeyPem, sm2Sign, sm2Verify } from '../../src/lib/sm2.ts';
import { checkpointPayload, parseCheckpointPayload } from '../../src/modules/audit/checkpoint.ts';

const heads = [
  { shard: 0, seq: '1042', hash: 'a'.repeat(64) },
  { shard: 1, seq: '0', hash: '0'.repeat(64) },
];

describe('audit checkpoint payload and SM2 signatures', () => {
  it('writes a payload that reads back to the same heads', () => {
    const at = new Date('2026-03-01T08:00:00.000Z');
    const payload = checkpointPayload(at, heads);
    expect(payload).toBe(
      `tongban audit checkpoint v1\nat 2026-03-01T08:00:00.000Z\nshard 0 seq 1042 hash ${'a'.repeat(64)}\n` +
        `shard 1 seq 0 hash ${'0'.repeat(64)}\n`,
    );
    expect(parseCheckpointPayload(payload)).toEqual({ at: at.toISOString(), heads });
  });

  it('refuses payloads that are not checkpoints', () => {
    for (const bad of [
      '',
      'tongban audit checkpoint v2\nat x\n',
      'tongban audit checkpoint v1\nat 2026-03-01T08:00:00.000Z\nshard 0 seq 1 hash xyz\n',
      'tongban audit checkpoint v1\nat 2026-03-01T08:00:00.000Z\nshard 0 seq 1 hash ' + 'a'.repeat(64),
    ])
      expect(parseCheckpointPayload(bad)).toBeUndefined();
  });

  it('derives the same key pair from the same secret and label, another from another', () => {
    const secret = Buffer.alloc(32, 3);
    const a = deriveSm2KeyPair(secret, 'label');
    expect(deriveSm2KeyPair(secret, 'label')).toEqual(a);
    expect(deriveSm2KeyPair(secret, 'other').privateKey).not.toBe(a.privateKey);
    expect(deriveSm2KeyPair(Buffer.alloc(32, 4), 'label').privateKey).not.toBe(a.privateKey);
    expect(a.publicKey).toMatch(/^04[0-9a-f]{128}$/);
  });

  it('signs and verifies; a changed payload, signature or key fails', () => {
    const keys = deriveSm2KeyPair(Buffer.alloc(32, 9), 'test');
    const payload = checkpointPayload(new Date(0), heads);
    const sig = sm2Sign(payload, keys);
    expect(sig[0]).toBe(0x30); // DER SEQUENCE
    expect(sm2Verify(payload, sig, keys.publicKey)).toBe(true);
    expect(sm2Verify(payload.replace('1042', '1041'), sig, keys.publicKey)).toBe(false);
    const flipped = Buffer.from(sig);
    flipped[flipped.length - 1]! ^= 1;
    expect(sm2Verify(payload, flipped, keys.publicKey)).toBe(false);
    expect(sm2Verify(payload, Buffer.from('not der'), keys.publicKey)).toBe(false);
    expect(sm2Verify(payload, sig, deriveSm2KeyPair(Buffer.alloc(32, 9), 'other').publicKey)).toBe(false);
  });

  it('publishes the key as a SubjectPublicKeyInfo naming the SM2 curve', () => {
    const keys = sm2KeyPair('1'.repeat(64));
    const pem = sm2PublicKeyPem(keys.publicKey);
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\n/g, ''), 'base64');
    expect(der).toHaveLength(91);
    // id-ecPublicKey 1.2.840.10045.2.1 and SM2 1.2.156.10197.1.301
    expect(der.includes(Buffer.from('06072a8648ce3d0201', 'hex'))).toBe(true);
    expect(der.includes(Buffer.from('06082a811ccf5501822d', 'hex'))).toBe(true);
    expect(der.subarray(-65).toString('hex')).toBe(keys.publicKey);
  });

  it('refuses private keys out of range or malformed', () => {
    expect(() => sm2KeyPair('0'.repeat(64))).toThrow(/out of range/);
    expect(() => sm2KeyPair('f'.repeat(64))).toThrow(/out of range/);
    expect(() => sm2KeyPair('abc')).toThrow(/64 hex/);
  });
});
