/** Object-level policy of sharing requests (on top of the role table in ../policy.ts): pure, the caller audits a refusal. */
import { can, type Action, type Principal } from '../policy.ts';

/** A sharing request as its policy needs it: the two departments it is between, and where it stands. */
export interface RequestParties {
  consumer_department_id: string;
  provider_department_id: string;
  status: string;
}

/** Who may see a request: its consumer and provider sides (request, approve, usage), and city-wide readers. */
export function canSeeRequest(p: Principal, r: RequestParties): boolean {
  return (
    can(p, 'sharing.usage', { departmentId: r.consumer_department_id }) ||
    can(p, 'sharing.usage', { departmentId: r.provider_department_id }) ||
    can(p, 'sharing.approve', { departmentId: r.provider_department_id }) ||
    can(p, 'sharing.request', { departmentId: r.consumer_department_id })
  );
}

/** The action a decision on the request is: the provider's approval, or the operator's second review. */
export function requestDecisionAction(r: RequestParties): Action {
  return r.status === 'second_review' ? 'sharing.review' : 'sharing.approve';
}
