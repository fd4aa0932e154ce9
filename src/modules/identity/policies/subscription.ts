/**
 * Who may see and act on an exchange subscription. A subscription belongs to its consumer department (its steward
 * manages it, its systems and staff consume it); the provider of the resource sees it, since its data flows there,
 * but never consumes or manages it for the consumer.
 */
import { can, scopeOf, type Action, type Principal, type Scope } from '../policy.ts';

/** A subscription as the policy sees it. */
export interface SubscriptionObject {
  id: string;
  consumerDepartmentId: string;
  /** The department owning the subscribed resource; null when the resource is no longer published. */
  providerDepartmentId: string | null;
}

/** view: read it and its delivery log; consume: pull and acknowledge; manage: change, end, redeliver. */
export type SubscriptionAct = 'view' | 'consume' | 'manage';

/** The answer: allowed, or the action and target a refusal is audited under. */
export interface Decision {
  allowed: boolean;
  action: Action;
  target: { departmentId: string; objectType: 'exchange_subscription'; objectId: string };
}

const idsOf = (scope: Scope): string[] | null =>
  scope.kind === 'all' ? null : scope.kind === 'departments' ? scope.ids : [];

/**
 * The subscriptions a principal may list: those its departments hold (as consumer) and those to its departments'
 * resources (as provider); null ids mean the whole city. Null when it may list none.
 */
export function subscriptionReach(
  principal: Principal,
): { consumerIds: string[] | null; providerIds: string[] | null } | null {
  const consumer = scopeOf(principal, 'exchange.consume');
  const provider = scopeOf(principal, 'exchange.read');
  if (consumer.kind === 'none' && provider.kind === 'none') return null;
  if (consumer.kind === 'all' || provider.kind === 'all') return { consumerIds: null, providerIds: null };
  return { consumerIds: idsOf(consumer) ?? [], providerIds: idsOf(provider) ?? [] };
}

export function subscriptionDecision(
  principal: Principal,
  act: SubscriptionAct,
  s: SubscriptionObject,
): Decision {
  const action: Action = act === 'manage' ? 'exchange.subscribe' : 'exchange.consume';
  const consumer = { departmentId: s.consumerDepartmentId };
  const allowed =
    can(principal, action, consumer) ||
    (act === 'view' &&
      s.providerDepartmentId !== null &&
      can(principal, 'exchange.read', { departmentId: s.providerDepartmentId }));
  return {
    allowed,
    action,
    target: { departmentId: s.consumerDepartmentId, objectType: 'exchange_subscription', objectId: s.id },
  };
}
