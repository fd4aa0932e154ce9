/** Object-level policy of the open data portal's feedback (on top of the role table in ../policy.ts): pure, the caller audits a refusal. */
import { can, type Principal } from '../policy.ts';

/** Who answers a data request or an error report: the steward of the department it is for, and no one else. */
export function canAnswerFeedback(p: Principal, item: { department_id: string | null }): boolean {
  return item.department_id !== null && can(p, 'open.answer', { departmentId: item.department_id });
}
