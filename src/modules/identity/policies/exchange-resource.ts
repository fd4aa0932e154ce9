/**
 * Who may act on a resource's exchange data (records, change log, batches, quarantine, connector): the
 * department that owns the resource, within the reach of the action (read, ingest, connector).
 */
import { can, type Action, type Principal } from '../policy.ts';

/** A resource, a batch or a quarantined row as the policy sees it: the department whose data it is. */
export interface ExchangeDataObject {
  objectType: 'catalog_resource' | 'exchange_batch' | 'exchange_quarantine';
  objectId: string;
  departmentId: string;
}

export type ExchangeDataAction = Extract<Action, 'exchange.read' | 'exchange.ingest' | 'exchange.connector'>;

/** The answer, with the target a refusal is audited under. */
export function exchangeDataDecision(
  principal: Principal,
  action: ExchangeDataAction,
  o: ExchangeDataObject,
): { allowed: boolean; action: ExchangeDataAction; target: ExchangeDataObject } {
  return { allowed: can(principal, action, { departmentId: o.departmentId }), action, target: o };
}
