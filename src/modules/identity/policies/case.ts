/** Object-level policy of cases (办件), on top of the role table in ../policy.ts: pure, the caller audits a refusal. */
import { can, type Action, type Principal } from '../policy.ts';

/** A case as its policy needs it: the department that handles it and who applied. */
export interface CaseParties {
  department_id: string;
  applicant_user_id: string | null;
  applicant_code: string;
}

/**
 * Who may see a case: staff whose `case.read` reaches its department (another department's window never does), and
 * the applicant — the account that applied, or one that speaks for the applicant's code (`subjectCodes`, 实名核验).
 */
export function canSeeCase(p: Principal, c: CaseParties, subjectCodes: readonly string[]): boolean {
  if (can(p, 'case.read', { departmentId: c.department_id })) return true;
  return can(p, 'case.self') && (c.applicant_user_id === p.id || subjectCodes.includes(c.applicant_code));
}

/** The policy action a step of the case is: the decision (准予, 不予许可) is `case.decide`, every other `case.handle`. */
export function caseStepAction(action: string): Action {
  return action === 'grant' || action === 'refuse' ? 'case.decide' : 'case.handle';
}
