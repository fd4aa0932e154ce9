/**
 * What every kind of feedback shares: who submits (a signed-in public account, named by its display name), the
 * per-account limit, the digest that makes a repeated submission the same one, masked names, checked URLs and the
 * field errors.
 */
import { AppError, validationError, type FieldError } from '../../../core/errors.ts';
import type { Queryable } from '../../../db/index.ts';
import { sm3 } from '../../../lib/crypto.ts';
import type { Principal } from '../../identity/index.ts';
import { moderationRepo } from './moderation-repo.ts';

/** Submissions (requests, reports, showcases, rating changes) one account may make in an hour. */
export const SUBMISSIONS_PER_HOUR = 20;

export interface Submitter {
  userId: string;
  /** The account's display name, shown masked to the public. */
  name: string;
}

/** Only a person's own account speaks on the portal: an API key (a developer's program) submits nothing. */
export function submitterOf(principal: Principal, displayName: string): Submitter {
  if (principal.kind !== 'user') throw new AppError('OPEN_FEEDBACK_ACCOUNT_REQUIRED');
  return { userId: principal.id, name: displayName };
}

/** Text compared the way a person means it: trimmed, runs of white space as one. */
const norm = (v: unknown) => (typeof v === 'string' ? v.trim().replace(/\s+/g, ' ') : v);

/** The digest of a submission's meaning: the same account sending it again finds its first one. */
export function digestOf(kind: string, fields: unknown[]): string {
  return sm3(JSON.stringify([kind, ...fields.map(norm)]));
}

/** Refuses a submission past the hourly limit; call inside the submission's transaction. */
export async function throttle(tx: Queryable, userId: string): Promise<void> {
  const recent = await moderationRepo.lockAndCountRecent(tx, userId);
  if (recent >= SUBMISSIONS_PER_HOUR)
    throw new AppError('OPEN_FEEDBACK_RATE_LIMITED', { limit: SUBMISSIONS_PER_HOUR, windowMinutes: 60 });
}

/** 张三 → 张*, 王小明 → 王**: the public sees who, roughly, without a full name. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  return chars[0]! + '*'.repeat(Math.min(chars.length - 1, 2));
}

export function problem(field: string, code: string, zh: string, en: string): FieldError {
  return { field, code, message: { zh, en } };
}

/** An address a person can open: http or https, a host, no embedded user or password. */
export function checkUrl(field: string, text: string): string {
  let url: URL | null;
  try {
    url = new URL(text.trim());
  } catch {
    url = null;
  }
  if (
    !url ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    !url.hostname ||
    url.username ||
    url.password ||
    /\s/.test(text.trim())
  )
    throw validationError([
      problem(field, 'URL', '须为 http 或 https 开头的有效网址', 'Must be a valid http or https address'),
    ]);
  return url.toString();
}

/** Text that must say something beyond white space (the schema bounds its length). */
export function required(field: string, text: string | null | undefined): string {
  const t = (text ?? '').trim();
  if (!t) throw validationError([problem(field, 'REQUIRED', '不能为空', 'Must not be empty')]);
  return t;
}
