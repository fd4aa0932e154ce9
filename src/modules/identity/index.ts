/** The identity module's public entry: accounts and sign-in, and the policy layer (roles, actions, object policies) every module authorizes through. */
export { IdentityService, type Authentication } from './service.ts';
export { identityRoutes } from './routes.ts';
export { subjectKindOf, type AccountSubject, type AccountSubjects, type SubjectKind } from './subjects.ts';
export { generatePassword } from './password.ts';
export { canReadAgreement } from './policies/agreement.ts';
export { exchangeDataDecision, type ExchangeDataAction } from './policies/exchange-resource.ts';
export { canSeeGrant } from './policies/grant.ts';
export { canSeeCase, caseStepAction, type CaseParties } from './policies/case.ts';
export { canAnswerFeedback } from './policies/open-feedback.ts';
export { canManageWebhook } from './policies/open-webhook.ts';
export { canSeeRequest, requestDecisionAction } from './policies/request.ts';
export { subscriptionDecision, subscriptionReach, type SubscriptionAct } from './policies/subscription.ts';
export {
  can,
  ROLE_SCOPE,
  ROLES,
  scopeOf,
  type Action,
  type Principal,
  type Role,
  type RoleGrant,
  type Scope,
} from './policy.ts';
export { RoleName } from './schema.ts';
