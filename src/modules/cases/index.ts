/** The case engine's public entry (办件): the service the server constructs, its routes, its timer loop and the types others read. */
export { CaseService, type CaseServiceOptions } from './service.ts';
export { caseRoutes } from './routes.ts';
export { CaseTimerWorker, type CaseTimerWorkerOptions } from './timers.ts';
export { IN_APP_ONLY, type CaseNotificationSender, type OutgoingNotification } from './notifications.ts';
export { CASE_ACTIONS, CASE_STATES, type CaseAction, type CaseState } from './machine.ts';
export {
  CaseItemSnapshot,
  type CaseApplicantInputT,
  type CaseDetailT,
  type CaseItemSnapshotT,
  type CaseOpenInputT,
  type CaseTransitionInputT,
} from './schema.ts';
