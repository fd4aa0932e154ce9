/** Object-level policy of a developer's change webhooks (on top of the role table in ../policy.ts): pure, the caller audits a refusal. */
import { can, type Principal } from '../policy.ts';

/**
 * Who may see and delete a webhook: the developer account that registered it, signed in as itself — not another
 * developer, and not the operator (a webhook's URL and delivery state are the developer's own business).
 */
export function canManageWebhook(p: Principal, hook: { developer_id: string }): boolean {
  return p.kind === 'user' && p.id === hook.developer_id && can(p, 'open.developer');
}
