import { can, type Principal } from '../policy.ts';

/** A grant as its policy needs it: the two departments it is between. */
export interface GrantParties {
  consumer_department_id: string;
  provider_department_id: string;
}

/** Who may see a grant: its consumer and provider sides, the provider's stewards, and city-wide readers. */
export function canSeeGrant(p: Principal, g: GrantParties): boolean {
  return (
    can(p, 'sharing.usage', { departmentId: g.consumer_department_id }) ||
    can(p, 'sharing.usage', { departmentId: g.provider_department_id }) ||
    can(p, 'sharing.revoke', { departmentId: g.provider_department_id })
  );
}
