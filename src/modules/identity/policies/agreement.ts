import { can, type Principal } from '../policy.ts';

/** Who may read a security agreement (and its signed file): its own department, and city-wide readers. */
export function canReadAgreement(p: Principal, a: { departmentId: string }): boolean {
  return can(p, 'sharing.agreement.read', { departmentId: a.departmentId });
}
