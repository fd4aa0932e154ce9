/**
 * Webhook signatures (docs/WEBHOOKS.md). Every POST carries
 *
 *   X-Tongban-Timestamp: <unix seconds>
 *   X-Tongban-Signature: v1=<hex HMAC-SM3(secret, timestamp + "." + raw body)>
 *
 * where `secret` is the subscription's signing secret as shown once at subscribe time (its UTF-8 bytes are the HMAC
 * key). Binding the timestamp into the MAC lets a receiver refuse replays of an old, captured request.
 */
import { hmacSm3, safeEqual } from '../../../lib/crypto.ts';

export const SIGNATURE_HEADER = 'X-Tongban-Signature';
export const TIMESTAMP_HEADER = 'X-Tongban-Timestamp';
export const SUBSCRIPTION_HEADER = 'X-Tongban-Subscription';
export const DELIVERY_HEADER = 'X-Tongban-Delivery';

/** How far a request's timestamp may be from the receiver's clock by default (either way). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

type Body = string | Uint8Array;

function signedBytes(timestamp: string, body: Body): Buffer {
  const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  return Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), raw]);
}

/** The X-Tongban-Signature value for a body sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, timestamp: number | string, body: Body): string {
  return `v1=${hmacSm3(secret, signedBytes(String(timestamp), body))}`;
}

export interface VerifyWebhookInput {
  /** The subscription's signing secret. */
  secret: string;
  /** The X-Tongban-Timestamp header. */
  timestamp: string | null | undefined;
  /** The X-Tongban-Signature header; several comma-separated `v1=` values are accepted (one must match). */
  signature: string | null | undefined;
  /** The request body exactly as received (before any JSON parsing). */
  body: Body;
  /** Largest accepted clock difference in seconds (default 300). */
  toleranceSeconds?: number | undefined;
  /** The receiver's clock, in milliseconds (tests). */
  now?: number | undefined;
}

/**
 * True when the signature is a valid HMAC-SM3 of `timestamp + "." + body` under the secret and the timestamp is
 * within the tolerance of now. Compares in constant time.
 */
export function verifyWebhook(input: VerifyWebhookInput): boolean {
  const { secret, timestamp, signature, body } = input;
  if (!secret || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = Math.floor((input.now ?? Date.now()) / 1000);
  if (Math.abs(now - Number(timestamp)) > tolerance) return false;
  const expected = signWebhook(secret, timestamp, body);
  let ok = false;
  for (const part of signature.split(',')) {
    // Keep comparing after a match, so the time taken does not say which value matched.
    if (safeEqual(part.trim(), expected)) ok = true;
  }
  return ok;
}
