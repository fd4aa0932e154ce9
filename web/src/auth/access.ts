import { useMemo } from 'react';
import { useMe } from './context';
import type { Me } from '../api/auth';

/** What a page or menu item may require. The server enforces the same rules; this only shapes the UI. */
export type Permission =
  | 'manageDepartments'
  | 'viewUsers'
  | 'manageUsers'
  | 'viewApiKeys'
  | 'manageApiKeys'
  | 'viewAudit'
  /** Read the published resource catalog: every staff role (not citizens). */
  | 'viewCatalog'
  /** Create, edit and submit catalog resources (of one's own departments unless platform admin). */
  | 'editCatalog'
  /** Approve, reject, publish and retire catalog resources. */
  | 'reviewCatalog'
  | 'importCatalog'
  /** Exchange figures (交换总览): every staff role. */
  | 'viewExchangeStats'
  /** Records, batches, change logs and data quality of resources (of one's own departments unless city-wide). */
  | 'viewExchangeData'
  /** Upload and push records, fix quarantined rows. */
  | 'ingestExchange'
  /** Configure and run pull connectors to departments' front databases (前置库). */
  | 'manageConnectors'
  /** See subscriptions (as consumer or as provider) and dead letters. */
  | 'viewSubscriptions'
  /** Subscribe a department, pause, resume, end subscriptions, redeliver dead letters. */
  | 'manageSubscriptions'
  /** The sharing catalog and a resource's sharing terms (sharing.read): every staff role. */
  | 'viewSharing'
  /** Request access to a resource, or take a self-service grant, for one's own department (sharing.request). */
  | 'requestSharing'
  /** Requests of one's own departments, or all of them city-wide. */
  | 'viewRequests'
  /** Approve or reject requests to one's own department's resources (sharing.approve). */
  | 'approveSharing'
  /** Second review of sensitive approvals, and every overdue request (sharing.review): the operator. */
  | 'reviewSharing'
  /** File and revoke security agreements (sharing.agreement): the operator. */
  | 'manageAgreements'
  /** Security agreements: one's own department's, or all of them city-wide (sharing.agreement.read). */
  | 'viewAgreements'
  /** Grants held by or given by one's own departments, or all city-wide. */
  | 'viewGrants'
  /** Revoke grants on one's own department's resources (sharing.revoke). */
  | 'revokeGrants'
  /** Usage figures, unusual-volume flags and the access log (sharing.usage). */
  | 'viewSharingUsage'
  /** The operator's sharing policy: deadlines, second review, query limits (sharing.policy). */
  | 'manageSharingPolicy'
  /** Call the data service API within the department's grants (data.use): department staff, not the operator. */
  | 'useData'
  /** License types and licenses (license.read): staff; each sees its own department's licenses, the operator and
   * the auditor all of them. */
  | 'viewLicenses'
  /** Use a license for one's department with a stated reason (license.use): business staff and window staff. */
  | 'useLicenses'
  /** 人口/法人基础库 overview (registry.read): the operator, the auditor, the service windows, and the steward of the
   * registries' department — the menu cannot tell which department that is, so every steward sees the overview,
   * where the server lists only the registries of their own department (none for the others). */
  | 'viewRegistries'
  /** The registries' golden-record lists for whom registry.read reaches city-wide (operator, auditor, windows); the
   * registry's own steward reaches them from the overview. */
  | 'viewRegistryRecords'
  /** 双公示 records, red and black lists and credit profiles (credit.read): every staff role. */
  | 'viewCredit'
  /** Publish records and list entries of one's own department (credit.publish, credit.list.edit): stewards. */
  | 'publishCredit'
  /** Objections and repair applications: one's own department's, or all city-wide (credit.case.read). */
  | 'viewCreditCases'
  /** Accept and decide them for one's own department (credit.case.handle): stewards. */
  | 'handleCreditCases'
  /** One's own credit and the objection and repair forms (credit.self): citizen and company accounts. */
  | 'viewMyCredit'
  /** 我的档案 and 谁用了我的数据: what the city holds about oneself and who used it (dossier.self): the citizen. */
  | 'viewMyDossier'
  /** 有条件开放 applications of the departments one stewards (all for the operator and the auditor). */
  | 'viewOpenApplications'
  /** Approve, reject and revoke them. */
  | 'decideOpenApplications'
  /** 开放数据反馈待办: answer the data requests and error reports of one's own department (open.answer): stewards. */
  | 'answerOpenFeedback'
  /** 开放数据反馈审核: route requests, approve showcases, hide and restore (open.moderate): the operator. */
  | 'moderateOpenFeedback'
  /** 办件 workbench: window staff their department's cases, the operator and the auditor all (case.read). */
  | 'viewCases'
  /** 我的办件: one's own applications and their notifications (case.self): citizen and company accounts. */
  | 'viewMyCases';

export interface DepartmentOption {
  id: string;
  name: string;
}

export interface Access {
  can: Record<Permission, boolean>;
  /** Departments whose users and API keys the user may see: all of them, or those listed. */
  departmentScope: 'all' | DepartmentOption[];
}

/** Departments the user is data steward of; an unscoped steward role means the user's own department. */
function stewardDepartments(me: Me): DepartmentOption[] {
  const options = new Map<string, string>();
  for (const { role, departmentId, departmentName } of me.roles) {
    if (role !== 'dept_steward') continue;
    const id = departmentId ?? me.department?.id;
    const name = departmentName ?? me.department?.name;
    if (id) options.set(id, name ?? id);
  }
  return [...options].map(([id, name]) => ({ id, name }));
}

export function accessOf(me: Me): Access {
  const roles = new Set(me.roles.map(({ role }) => role));
  const isAdmin = roles.has('platform_admin');
  const stewardOf = stewardDepartments(me);
  const isSteward = stewardOf.length > 0;
  // The auditor reads users and keys city-wide, as the server allows, but changes nothing.
  const isAuditor = roles.has('auditor');
  const isConsumer = roles.has('dept_consumer');
  // The public's roles (a citizen, an open data developer) are no staff.
  const isStaff = me.roles.some(({ role }) => role !== 'citizen' && role !== 'developer');
  return {
    can: {
      manageDepartments: isAdmin,
      viewUsers: isAdmin || isSteward || isAuditor,
      manageUsers: isAdmin,
      viewApiKeys: isAdmin || isSteward || isAuditor,
      manageApiKeys: isAdmin || isSteward,
      viewAudit: isAdmin || isAuditor,
      viewCatalog: isStaff,
      editCatalog: isAdmin || isSteward,
      reviewCatalog: isAdmin,
      importCatalog: isAdmin || isSteward,
      viewExchangeStats: isStaff,
      viewExchangeData: isAdmin || isAuditor || isSteward,
      ingestExchange: isAdmin || isSteward,
      manageConnectors: isAdmin || isSteward,
      viewSubscriptions: isAdmin || isAuditor || isSteward || isConsumer,
      manageSubscriptions: isAdmin || isSteward,
      viewSharing: isStaff,
      requestSharing: isAdmin || isSteward || isConsumer,
      viewRequests: isAdmin || isAuditor || isSteward || isConsumer,
      approveSharing: isAdmin || isSteward,
      reviewSharing: isAdmin,
      manageAgreements: isAdmin,
      viewAgreements: isAdmin || isAuditor || isSteward || isConsumer,
      viewGrants: isAdmin || isAuditor || isSteward || isConsumer,
      revokeGrants: isAdmin || isSteward,
      viewSharingUsage: isAdmin || isAuditor || isSteward || isConsumer,
      manageSharingPolicy: isAdmin,
      useData: isSteward || isConsumer,
      viewLicenses: isStaff,
      useLicenses: isConsumer || roles.has('service_staff'),
      viewRegistries: isAdmin || isAuditor || isSteward || roles.has('service_staff'),
      viewRegistryRecords: isAdmin || isAuditor || roles.has('service_staff'),
      viewCredit: isStaff,
      publishCredit: isSteward,
      viewCreditCases: isAdmin || isAuditor || isSteward,
      handleCreditCases: isSteward,
      viewMyCredit: roles.has('citizen'),
      viewMyDossier: roles.has('citizen'),
      viewOpenApplications: isAdmin || isAuditor || isSteward,
      decideOpenApplications: isAdmin || isSteward,
      answerOpenFeedback: isSteward,
      moderateOpenFeedback: isAdmin,
      viewCases: isAdmin || isAuditor || roles.has('service_staff'),
      viewMyCases: roles.has('citizen'),
    },
    departmentScope: isAdmin || isAuditor ? 'all' : stewardOf,
  };
}

export function useAccess(): Access {
  const me = useMe();
  return useMemo(() => accessOf(me), [me]);
}
