import { hash, verify } from '@node-rs/argon2';
import { randomToken } from '../../lib/crypto.ts';

// argon2id with the library's defaults (19 MiB, t=2): OWASP's minimum recommendation.
export const hashPassword = (password: string): Promise<string> => hash(password);

let dummyHash: Promise<string> | undefined;

/** Checks a password; with no stored hash it still spends the same time, so timing reveals no usernames. */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hash(randomToken(16));
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

export const MIN_PASSWORD_LENGTH = 10;

/** A reason code when the password is too weak, otherwise null. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (password.toLowerCase().includes(username.toLowerCase())) return 'contains_username';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 2) return 'too_simple';
  return null;
}

/** A random password that passes `passwordProblem` (for demo users). */
export function generatePassword(): string {
  return `Tb-${randomToken(12)}`;
}
