/**
 * Self-registration of open data developers (开发者注册): an email or a mainland mobile number, a display name and
 * a password (the same rules and argon2id hashing as every account) → a 6-digit code valid 10 minutes, kept only as
 * its SM3 digest and handed to `deliver` (the server's log in the demo: the platform has no SMS or mail gateway) →
 * the code verified → the account exists with role `developer`, its username the contact, and is signed in like
 * /api/auth/login. Five wrong codes kill it; a new request replaces it; a used one cannot be replayed. Requests are
 * limited per contact and per client address.
 */
import { randomInt } from 'node:crypto';
import type { Db } from '../../db/index.ts';
import { AppError, validationError, type FieldError } from '../../core/errors.ts';
import { randomToken, safeEqual, sm3 } from '../../lib/crypto.ts';
import type { Actor, AuditService } from '../audit/index.ts';
import { hashPassword, passwordProblem } from './password.ts';
import { identityRepo } from './repo.ts';
import { registrationRepo } from './registration-repo.ts';

export const CODE_TTL_MINUTES = 10;
export const MAX_CODE_ATTEMPTS = 5;
/** Per contact: one code a minute and five an hour; per client address: twenty an hour. */
export const SEND_LIMITS = { contactGapSeconds: 60, contactPerHour: 5, clientPerHour: 20 };

const SESSION_PREFIX = 'tbs_';
const HOUR_MS = 3_600_000;

export type ContactKind = 'email' | 'mobile';

/** The contact in the one form it is stored and signed in with, and its kind; null when it is neither. */
export function normalizeContact(raw: string): { contact: string; kind: ContactKind } | null {
  const text = raw.trim();
  const phone = text.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  if (/^1[3-9]\d{9}$/.test(phone)) return { contact: phone, kind: 'mobile' };
  const email = text.toLowerCase();
  if (email.length <= 64 && /^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(email))
    return { contact: email, kind: 'email' };
  return null;
}

/** A contact as the audit log shows it: 138****0000, a***@example.com. */
export function maskContact(contact: string): string {
  if (/^\d{11}$/.test(contact)) return `${contact.slice(0, 3)}****${contact.slice(7)}`;
  const [name = '', domain = ''] = contact.split('@');
  return `${name.slice(0, 1)}***@${domain}`;
}

const codeDigest = (contact: string, code: string) => sm3(`${contact}|${code}`);

const contactError = (): FieldError => ({
  field: 'contact',
  code: 'format',
  message: {
    zh: '请填写有效的电子邮箱或中国大陆手机号码',
    en: 'Give a valid email address or a mainland China mobile number',
  },
});

export interface RegisteredSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  userId: string;
}

export class Registrations {
  /** Where a code goes. A deployment with an SMS or mail gateway sets this; tests read codes from it. */
  deliver: (contact: string, kind: ContactKind, code: string) => void = (contact, kind, code) => {
    process.stderr.write(
      `registration code for ${kind} ${contact}: ${code} (valid ${CODE_TTL_MINUTES} minutes)\n`,
    );
  };
  /** The time codes expire and sends are counted by; tests move it. */
  clock: () => Date = () => new Date();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly sessionTtlHours: number,
  ) {}

  /** Checks the form, refuses a registered contact or too many sends, and sends a fresh code. */
  async request(
    actor: Actor,
    input: { contact: string; displayName: string; password: string },
  ): Promise<{ contact: string; expiresAt: Date }> {
    const normalized = normalizeContact(input.contact);
    const errors: FieldError[] = [];
    if (!normalized) errors.push(contactError());
    const problem = passwordProblem(input.password, normalized?.contact ?? input.contact.trim());
    if (problem)
      errors.push({
        field: 'password',
        code: problem,
        message: {
          zh: '密码至少 10 位，须包含两类字符（大写、小写、数字、符号），且不能包含邮箱或手机号',
          en: 'The password needs 10 characters of two kinds (upper, lower, digit, symbol), without the contact in it',
        },
      });
    if (errors.length) throw validationError(errors);
    const { contact, kind } = normalized!;
    if (await identityRepo.userByUsername(this.db, contact))
      throw new AppError('REGISTRATION_CONTACT_TAKEN', { field: 'contact' });

    const now = this.clock();
    const client = actor.ip ?? 'unknown';
    const sends = await registrationRepo.sendsSince(
      this.db,
      contact,
      client,
      new Date(now.getTime() - HOUR_MS),
    );
    const wait = this.#wait(now, sends);
    if (wait) {
      await this.audit.record(actor, {
        action: 'auth.register.code',
        outcome: 'denied',
        details: { contact: maskContact(contact), reason: 'rate_limited', retryAfterSeconds: wait },
      });
      throw new AppError('REGISTRATION_RATE_LIMITED', { retryAfterSeconds: wait });
    }

    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(now.getTime() + CODE_TTL_MINUTES * 60_000);
    const passwordHash = await hashPassword(input.password);
    await this.db.transaction(async (tx) => {
      await registrationRepo.upsert(tx, {
        contact,
        contact_kind: kind,
        display_name: input.displayName.trim(),
        password_hash: passwordHash,
        code_hash: codeDigest(contact, code),
        expires_at: expiresAt,
      });
      await registrationRepo.recordSend(tx, contact, client);
      await this.audit.record(
        actor,
        {
          action: 'auth.register.code',
          outcome: 'success',
          details: { contact: maskContact(contact), kind },
        },
        tx,
      );
    });
    this.deliver(contact, kind, code);
    return { contact, expiresAt };
  }

  /** Seconds until another code may be sent, or 0. */
  #wait(now: Date, sends: { byContact: Date[]; byClient: Date[] }): number {
    const t = now.getTime();
    const waits: number[] = [];
    const last = sends.byContact.at(-1);
    if (last && t - last.getTime() < SEND_LIMITS.contactGapSeconds * 1000)
      waits.push(SEND_LIMITS.contactGapSeconds * 1000 - (t - last.getTime()));
    if (sends.byContact.length >= SEND_LIMITS.contactPerHour)
      waits.push(sends.byContact.at(-SEND_LIMITS.contactPerHour)!.getTime() + HOUR_MS - t);
    if (sends.byClient.length >= SEND_LIMITS.clientPerHour)
      waits.push(sends.byClient.at(-SEND_LIMITS.clientPerHour)!.getTime() + HOUR_MS - t);
    return waits.length ? Math.max(1, Math.ceil(Math.max(...waits) / 1000)) : 0;
  }

  /**
   * Verifies the code: a wrong one counts (the fifth kills it), a dead, expired or used one is a 410. A right one
   * creates the account with role `developer` and opens its session, in one transaction.
   */
  async verify(
    actor: Actor,
    input: { contact: string; code: string },
    userAgent: string | null,
  ): Promise<RegisteredSession> {
    const normalized = normalizeContact(input.contact);
    if (!normalized) throw validationError([contactError()]);
    const { contact } = normalized;
    const now = this.clock();
    const dead = (r: { used_at: Date | null; expires_at: Date; attempts: number } | undefined) =>
      !r || r.used_at !== null || r.expires_at <= now || r.attempts >= MAX_CODE_ATTEMPTS;

    const pending = await registrationRepo.get(this.db, contact);
    if (dead(pending)) throw await this.#refuse(actor, contact, 'expired');
    if (!safeEqual(pending!.code_hash, codeDigest(contact, input.code))) {
      const attempts = await registrationRepo.fail(this.db, contact);
      throw await this.#refuse(actor, contact, 'wrong_code', Math.max(0, MAX_CODE_ATTEMPTS - attempts));
    }

    const token = SESSION_PREFIX + randomToken(32);
    const csrfToken = randomToken(24);
    const expiresAt = new Date(Date.now() + this.sessionTtlHours * HOUR_MS);
    const userId = await this.db.transaction(async (tx) => {
      // Locked and checked again: of two verifications with the right code, only one creates the account.
      const r = await registrationRepo.get(tx, contact, true);
      if (dead(r)) throw new AppError('REGISTRATION_CODE_EXPIRED');
      if (await identityRepo.userByUsername(tx, contact))
        throw new AppError('REGISTRATION_CONTACT_TAKEN', { field: 'contact' });
      const user = await identityRepo.insertUser(tx, {
        username: contact,
        displayName: r!.display_name,
        passwordHash: r!.password_hash,
        departmentId: null,
      });
      await identityRepo.replaceRoles(tx, user.id, [{ role: 'developer', departmentId: null }]);
      await registrationRepo.use(tx, contact);
      await identityRepo.insertSession(tx, {
        tokenHash: sm3(token),
        csrfToken,
        userId: user.id,
        expiresAt,
        ip: actor.ip ?? 'unknown',
        userAgent,
      });
      await identityRepo.touchLogin(tx, user.id);
      await this.audit.record(
        { ...actor, id: user.id, name: contact, kind: 'user' },
        {
          action: 'auth.register',
          objectType: 'user',
          objectId: user.id,
          outcome: 'success',
          details: { contact: maskContact(contact), kind: r!.contact_kind, roles: ['developer'] },
        },
        tx,
      );
      return user.id;
    });
    return { token, csrfToken, expiresAt, userId };
  }

  async #refuse(actor: Actor, contact: string, reason: 'expired' | 'wrong_code', attemptsLeft?: number) {
    await this.audit.record(actor, {
      action: 'auth.register',
      outcome: 'failure',
      details: {
        contact: maskContact(contact),
        reason,
        ...(attemptsLeft !== undefined ? { attemptsLeft } : {}),
      },
    });
    return reason === 'expired'
      ? new AppError('REGISTRATION_CODE_EXPIRED')
      : new AppError('REGISTRATION_CODE_WRONG', { attemptsLeft });
  }
}
