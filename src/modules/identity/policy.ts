/**
 * The policy layer: the one place that decides who may do what. Routes call `guard` (src/core/guard.ts),
 * which asks `can` here; list endpoints ask `scopeOf` to narrow their queries the same way.
 */

export const ROLES = [
  'platform_admin', // 平台管理员: the city's information centre
  'dept_steward', // 部门数据管理员: registers and manages one department's data
  'dept_consumer', // 部门数据使用者: a department's business staff or system using shared data
  'service_staff', // 窗口审批人员: handles service cases
  'auditor', // 审计员: reads the audit trail city-wide
  'citizen', // 公众用户: citizens and companies
  'developer', // 开发者: a registered public developer of the open data portal (公共数据开放网站), self-registered
] as const;
export type Role = (typeof ROLES)[number];

/** Department-bound roles must name a department; city-wide roles must not. */
export const ROLE_SCOPE: Record<Role, 'department' | 'city'> = {
  platform_admin: 'city',
  dept_steward: 'department',
  dept_consumer: 'department',
  service_staff: 'department',
  auditor: 'city',
  citizen: 'city',
  developer: 'city',
};

export interface RoleGrant {
  role: Role;
  departmentId: string | null;
}

export interface Principal {
  kind: 'user' | 'apikey';
  id: string;
  name: string;
  departmentId: string | null;
  roles: RoleGrant[];
}

export type Action =
  | 'overview.read'
  | 'economy.read'
  | 'registry.read'
  | 'registry.steward'
  | 'economy.sync'
  | 'geo.standardize'
  | 'geo.usage'
  | 'region.read'
  | 'department.read'
  | 'department.create'
  | 'department.update'
  | 'user.read'
  | 'user.create'
  | 'user.update'
  | 'user.roles'
  | 'user.password'
  | 'apikey.read'
  | 'apikey.create'
  | 'apikey.revoke'
  | 'audit.read'
  | 'catalog.read'
  | 'catalog.read_unpublished'
  | 'catalog.edit'
  | 'catalog.review'
  | 'exchange.read'
  | 'exchange.ingest'
  | 'exchange.connector'
  | 'exchange.subscribe'
  | 'exchange.consume'
  | 'exchange.stats'
  | 'sharing.read'
  | 'sharing.request'
  | 'sharing.approve'
  | 'sharing.review'
  | 'sharing.agreement'
  | 'sharing.agreement.read'
  | 'sharing.revoke'
  | 'sharing.usage'
  | 'sharing.policy'
  | 'data.use'
  | 'license.type.read'
  | 'license.type.edit'
  | 'license.read'
  | 'license.issue'
  | 'license.status'
  | 'license.use'
  | 'credit.read'
  | 'credit.publish'
  | 'credit.list.edit'
  | 'credit.case.read'
  | 'credit.case.handle'
  | 'credit.account'
  | 'credit.self'
  | 'dossier.self'
  | 'open.developer'
  | 'open.application.read'
  | 'open.application.decide'
  | 'open.key.admin'
  | 'open.feedback'
  | 'open.answer'
  | 'open.moderate'
  | 'case.read'
  | 'case.open'
  | 'case.handle'
  | 'case.decide'
  | 'case.self'
  | 'service.item.read'
  | 'service.item.edit'
  | 'service.item.publish';

/**
 * Every action is a read or a write, in this one table: the compiler makes a new action be classified here, and the
 * policy test walks it. Writes change something another party relies on (a record, a grant, a subscription's
 * cursor, a delivery counted in the city's figures); reads only look.
 */
export const ACTION_KIND: Record<Action, 'read' | 'write'> = {
  'overview.read': 'read',
  'economy.read': 'read',
  'registry.read': 'read',
  'registry.steward': 'write',
  // Syncing pulls and acknowledges the registry's subscription: it moves a cursor others rely on.
  'economy.sync': 'write',
  'geo.standardize': 'read',
  'geo.usage': 'read',
  'region.read': 'read',
  'department.read': 'read',
  'department.create': 'write',
  'department.update': 'write',
  'user.read': 'read',
  'user.create': 'write',
  'user.update': 'write',
  'user.roles': 'write',
  'user.password': 'write',
  'apikey.read': 'read',
  'apikey.create': 'write',
  'apikey.revoke': 'write',
  'audit.read': 'read',
  'catalog.read': 'read',
  'catalog.read_unpublished': 'read',
  'catalog.edit': 'write',
  'catalog.review': 'write',
  'exchange.read': 'read',
  'exchange.ingest': 'write',
  'exchange.connector': 'write',
  'exchange.subscribe': 'write',
  // Pulling is consuming: it logs a delivery counted as data shared, and acknowledging moves the cursor.
  'exchange.consume': 'write',
  'exchange.stats': 'read',
  'sharing.read': 'read',
  'sharing.request': 'write',
  'sharing.approve': 'write',
  'sharing.review': 'write',
  'sharing.agreement': 'write',
  'sharing.agreement.read': 'read',
  'sharing.revoke': 'write',
  'sharing.usage': 'read',
  'sharing.policy': 'write',
  // Using the data service is a consumer's act under a grant (quota, usage, its own audit trail).
  'data.use': 'write',
  'license.type.read': 'read',
  'license.type.edit': 'write',
  'license.read': 'read',
  'license.issue': 'write',
  'license.status': 'write',
  // A use (用证) is recorded, counted in the holder's "who used my data" and opens the license in clear.
  'license.use': 'write',
  'credit.read': 'read',
  'credit.publish': 'write',
  'credit.list.edit': 'write',
  'credit.case.read': 'read',
  'credit.case.handle': 'write',
  'credit.account': 'write',
  // A subject's own look at its credit, and its filings about its own records (异议, 信用修复): the citizen's own
  // actions the read-only rule foresees. A filing changes no record — only the department's decision does, under
  // 'credit.case.handle' — and the service lets an account file only about the subjects bound to it.
  'credit.self': 'read',
  // 一人一档 for oneself: the record, licenses and credit of the subjects the account speaks for, and who used them.
  'dossier.self': 'read',
  // A developer's own keys, 有条件开放 applications and webhooks: it creates and revokes credentials others check.
  'open.developer': 'write',
  'open.application.read': 'read',
  // Approving opens a 有条件开放 dataset to a developer's keys; rejecting and revoking close it.
  'open.application.decide': 'write',
  // The operator sets a developer key's daily quota (and reads every developer's keys to do so).
  'open.key.admin': 'write',
  // 公共数据开放 feedback: a public account's own say about the portal (a data request, a 纠错 report, a rating, a
  // showcase, a +1 or a flag), like a credit objection: it changes no department's data, grant or record — the
  // department's answer (open.answer) and the operator's moderation (open.moderate) are the writes.
  'open.feedback': 'read',
  'open.answer': 'write',
  'open.moderate': 'write',
  // 办件: staff read their departments' cases; the window opens (收件) and handles them (受理, 补正, 挂起, 延期, 办结)
  // and decides (准予, 不予许可). A citizen's look at its own cases and their notifications (marking them read changes
  // nothing another party relies on) is the citizen's own read.
  'case.read': 'read',
  'case.open': 'write',
  'case.handle': 'write',
  'case.decide': 'write',
  'case.self': 'read',
  // 政务服务事项: reading drafts looks; editing and publishing change what the public is told to bring.
  'service.item.read': 'read',
  'service.item.edit': 'write',
  'service.item.publish': 'write',
};

/**
 * Roles that only ever look: the auditor (审计员) reads city-wide and changes nothing; a citizen (公众用户) reads
 * public things (its own data will come through the citizen's own actions, not through these rules).
 */
export const READ_ONLY_ROLES: ReadonlySet<Role> = new Set<Role>(['auditor', 'citizen']);

/** 'all': anywhere in the city; 'own': only objects of the department the role is scoped to. */
type Reach = 'all' | 'own';

const STAFF: Partial<Record<Role, Reach>> = {
  platform_admin: 'all',
  dept_steward: 'all',
  dept_consumer: 'all',
  service_staff: 'all',
  auditor: 'all',
};
const ADMIN: Partial<Record<Role, Reach>> = { platform_admin: 'all' };

const RULES: Record<Action, Partial<Record<Role, Reach>>> = {
  'overview.read': STAFF,
  // 宏观经济: published statistics, read by every staff member (the SDMX API reads them without sign-in); the
  // registry's department's steward (it holds the subscription) or the operator runs its sync.
  'economy.read': STAFF,
  'economy.sync': { platform_admin: 'all', dept_steward: 'own' },
  // 人口/法人基础库: golden records hold personal data. The registry's department's steward keeps it (sources,
  // rules, queues, merges) and, with the operator, reads it in clear; the auditor and the service windows (which
  // fill forms from it) read it masked. Other departments take the registry's published resource under a grant.
  'registry.read': { platform_admin: 'all', auditor: 'all', dept_steward: 'own', service_staff: 'all' },
  'registry.steward': { platform_admin: 'all', dept_steward: 'own' },
  // 空间地理: the address base is public (its OGC API needs no sign-in); standardizing addresses is a staff tool,
  // and how much the public API is read is the operator's and the auditor's to see.
  'geo.standardize': STAFF,
  'geo.usage': { platform_admin: 'all', auditor: 'all' },
  'region.read': { ...STAFF, citizen: 'all' },
  'department.read': { ...STAFF, citizen: 'all' },
  'department.create': ADMIN,
  'department.update': ADMIN,
  'user.read': { platform_admin: 'all', auditor: 'all', dept_steward: 'own' },
  'user.create': ADMIN,
  'user.update': ADMIN,
  'user.roles': ADMIN,
  'user.password': ADMIN,
  'apikey.read': { platform_admin: 'all', auditor: 'all', dept_steward: 'own' },
  'apikey.create': { platform_admin: 'all', dept_steward: 'own' },
  'apikey.revoke': { platform_admin: 'all', dept_steward: 'own' },
  'audit.read': { platform_admin: 'all', auditor: 'all' },
  // 目录: every staff member reads the published catalog; drafts belong to their department until published.
  'catalog.read': STAFF,
  'catalog.read_unpublished': { platform_admin: 'all', auditor: 'all', dept_steward: 'own' },
  'catalog.edit': { platform_admin: 'all', dept_steward: 'own' },
  // Review (approve, reject, publish, retire) is the platform operator's: 市信息中心.
  'catalog.review': ADMIN,
  // 交换: a provider's steward (or its system's steward key) loads and watches its own resources' data.
  'exchange.read': { platform_admin: 'all', auditor: 'all', dept_steward: 'own' },
  'exchange.ingest': { platform_admin: 'all', dept_steward: 'own' },
  'exchange.connector': { platform_admin: 'all', dept_steward: 'own' },
  // Subscriptions belong to the consumer department; its steward subscribes, its systems pull.
  'exchange.subscribe': { platform_admin: 'all', dept_steward: 'own' },
  'exchange.consume': { platform_admin: 'all', dept_steward: 'own', dept_consumer: 'own' },
  // The city's exchange figures are public within the government.
  'exchange.stats': STAFF,
  // 共享: every staff member browses what can be requested; a department's steward and business staff request
  // for it; the provider's steward approves; the operator reviews sensitive approvals and signs agreements.
  'sharing.read': STAFF,
  'sharing.request': { platform_admin: 'all', dept_steward: 'own', dept_consumer: 'own' },
  'sharing.approve': { platform_admin: 'all', dept_steward: 'own' },
  'sharing.review': ADMIN,
  'sharing.agreement': ADMIN,
  'sharing.agreement.read': {
    platform_admin: 'all',
    auditor: 'all',
    dept_steward: 'own',
    dept_consumer: 'own',
  },
  'sharing.revoke': { platform_admin: 'all', dept_steward: 'own' },
  'sharing.usage': { platform_admin: 'all', auditor: 'all', dept_steward: 'own', dept_consumer: 'own' },
  'sharing.policy': ADMIN,
  // The data service API: a consumer department's systems and staff, within its grants (checked per call).
  'data.use': { dept_steward: 'own', dept_consumer: 'own' },
  // 电子证照: license types are public within the government; a type's issuing department's steward defines it,
  // issues its licenses and suspends, revokes or restores them; the operator and the auditor read every license,
  // other staff those their own department issued; business staff use (用证) any license for their department,
  // with a stated reason.
  'license.type.read': STAFF,
  'license.type.edit': { platform_admin: 'all', dept_steward: 'own' },
  'license.read': {
    platform_admin: 'all',
    auditor: 'all',
    dept_steward: 'own',
    dept_consumer: 'own',
    service_staff: 'own',
  },
  'license.issue': { dept_steward: 'own' },
  'license.status': { dept_steward: 'own' },
  'license.use': { dept_consumer: 'own', service_staff: 'own' },
  // 社会信用: 双公示 records, red and black lists and profiles are shared within the government (every staff role
  // reads them; a 身份证号 is always masked); a department's steward publishes its own decisions and list entries
  // and handles the objections and repair applications about them; the operator and the auditor follow every case;
  // the operator binds accounts to the credit subjects they speak for; a citizen or company account reads its own.
  'credit.read': STAFF,
  'credit.publish': { dept_steward: 'own' },
  'credit.list.edit': { dept_steward: 'own' },
  'credit.case.read': { platform_admin: 'all', auditor: 'all', dept_steward: 'own' },
  'credit.case.handle': { dept_steward: 'own' },
  'credit.account': ADMIN,
  'credit.self': { citizen: 'all' },
  'dossier.self': { citizen: 'all' },
  // 公共数据开放: a registered developer manages only its own keys and applications (the service checks ownership);
  // the providing department's steward decides 有条件开放 applications for its resources, the operator for any,
  // and the auditor follows them.
  'open.developer': { developer: 'all' },
  'open.application.read': { platform_admin: 'all', auditor: 'all', dept_steward: 'own' },
  'open.application.decide': { platform_admin: 'all', dept_steward: 'own' },
  'open.key.admin': ADMIN,
  // Feedback: public accounts submit; the steward of the department a request or report is for answers it; the
  // operator routes requests, approves showcases and hides or restores anything.
  'open.feedback': { citizen: 'all', developer: 'all' },
  'open.answer': { dept_steward: 'own' },
  'open.moderate': ADMIN,
  // 办件: the department's window staff (窗口审批人员) open, handle and decide its cases and only its own; the operator
  // and the auditor follow every case; the applicant sees its own (identity/policies/case.ts).
  'case.read': { platform_admin: 'all', auditor: 'all', service_staff: 'own' },
  'case.open': { service_staff: 'own' },
  'case.handle': { service_staff: 'own' },
  'case.decide': { service_staff: 'own' },
  'case.self': { citizen: 'all' },
  // 政务服务事项目录: published items are public (no sign-in); a department's steward keeps its own items (drafts,
  // edits, publishing) and the operator any; the auditor reads every draft.
  'service.item.read': { platform_admin: 'all', auditor: 'all', dept_steward: 'own' },
  'service.item.edit': { platform_admin: 'all', dept_steward: 'own' },
  'service.item.publish': { platform_admin: 'all', dept_steward: 'own' },
};

export type Scope = { kind: 'all' } | { kind: 'departments'; ids: string[] } | { kind: 'none' };

/** How far the principal's reach for `action` extends: the whole city, some departments, or nothing. */
export function scopeOf(principal: Principal, action: Action): Scope {
  const rule = RULES[action];
  const ids = new Set<string>();
  const write = ACTION_KIND[action] === 'write';
  for (const grant of principal.roles) {
    // Belt and braces: a read-only role gets no write, whatever a rule above may say.
    if (write && READ_ONLY_ROLES.has(grant.role)) continue;
    const reach = rule[grant.role];
    if (reach === 'all') return { kind: 'all' };
    if (reach === 'own' && grant.departmentId) ids.add(grant.departmentId);
  }
  return ids.size ? { kind: 'departments', ids: [...ids] } : { kind: 'none' };
}

/**
 * May the principal do `action`, on an object that belongs to `target.departmentId` when given?
 * Without a target the question is "on anything at all" (e.g. may open the list).
 */
export function can(principal: Principal, action: Action, target?: { departmentId: string | null }): boolean {
  const scope = scopeOf(principal, action);
  if (scope.kind === 'all') return true;
  if (scope.kind === 'none') return false;
  if (!target) return true;
  return target.departmentId !== null && scope.ids.includes(target.departmentId);
}
