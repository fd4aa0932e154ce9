import type {
  CreditCase,
  CreditListEntry,
  CreditRecord,
  CreditScore,
  PenaltyKind,
  Publicity,
  SubjectCategory,
} from '../api/credit';
import type { MessageKey } from '../i18n/zh';

export const CATEGORY_LABEL: Record<SubjectCategory, MessageKey> = {
  legal: 'credit.category.legal',
  person: 'credit.category.person',
  business: 'credit.category.business',
};

export const KIND_LABEL: Record<CreditRecord['kind'], MessageKey> = {
  penalty: 'credit.kind.penalty',
  license: 'credit.kind.license',
};

export const PENALTY_KINDS: PenaltyKind[] = [
  'warning',
  'criticism',
  'fine',
  'confiscation',
  'suspend_license',
  'revoke_license',
  'restrict_operation',
  'suspend_business',
  'close',
  'restrict_practice',
  'detention',
  'other',
];

export const PENALTY_KIND_LABEL: Record<PenaltyKind, MessageKey> = {
  warning: 'credit.penaltyKind.warning',
  criticism: 'credit.penaltyKind.criticism',
  fine: 'credit.penaltyKind.fine',
  confiscation: 'credit.penaltyKind.confiscation',
  suspend_license: 'credit.penaltyKind.suspend_license',
  revoke_license: 'credit.penaltyKind.revoke_license',
  restrict_operation: 'credit.penaltyKind.restrict_operation',
  suspend_business: 'credit.penaltyKind.suspend_business',
  close: 'credit.penaltyKind.close',
  restrict_practice: 'credit.penaltyKind.restrict_practice',
  detention: 'credit.penaltyKind.detention',
  other: 'credit.penaltyKind.other',
};

export type LicenseCategory = NonNullable<CreditRecord['licenseCategory']>;
export const LICENSE_CATEGORIES: LicenseCategory[] = [
  'general',
  'special',
  'recognition',
  'approval',
  'registration',
  'other',
];
export const LICENSE_CATEGORY_LABEL: Record<LicenseCategory, MessageKey> = {
  general: 'credit.licenseCategory.general',
  special: 'credit.licenseCategory.special',
  recognition: 'credit.licenseCategory.recognition',
  approval: 'credit.licenseCategory.approval',
  registration: 'credit.licenseCategory.registration',
  other: 'credit.licenseCategory.other',
};

export const PUBLICITIES: Publicity[] = ['public', 'not_publicized', 'ended', 'repaired', 'withdrawn'];
export const PUBLICITY_LABEL: Record<Publicity, MessageKey> = {
  public: 'credit.publicity.public',
  not_publicized: 'credit.publicity.not_publicized',
  ended: 'credit.publicity.ended',
  repaired: 'credit.publicity.repaired',
  withdrawn: 'credit.publicity.withdrawn',
};
export const PUBLICITY_COLOR: Record<Publicity, string> = {
  public: 'blue',
  not_publicized: 'default',
  ended: 'default',
  repaired: 'green',
  withdrawn: 'purple',
};

export const SEVERITY_LABEL: Record<NonNullable<CreditRecord['severity']>, MessageKey> = {
  minor: 'credit.severity.minor',
  general: 'credit.severity.general',
  serious: 'credit.severity.serious',
};

export const LIST_KIND_LABEL: Record<CreditListEntry['listKind'], MessageKey> = {
  red: 'credit.listKind.red',
  black: 'credit.listKind.black',
};
export const LIST_STATUS_LABEL: Record<CreditListEntry['status'], MessageKey> = {
  in_force: 'credit.listStatus.in_force',
  pending: 'credit.listStatus.pending',
  expired: 'credit.listStatus.expired',
  removed: 'credit.listStatus.removed',
};

export const CASE_KIND_LABEL: Record<CreditCase['kind'], MessageKey> = {
  objection: 'credit.caseKind.objection',
  repair: 'credit.caseKind.repair',
};
export const CASE_STATUS_LABEL: Record<CreditCase['status'], MessageKey> = {
  submitted: 'credit.caseStatus.submitted',
  accepted: 'credit.caseStatus.accepted',
  upheld: 'credit.caseStatus.upheld',
  rejected: 'credit.caseStatus.rejected',
  repaired: 'credit.caseStatus.repaired',
};
export const CASE_STATUS_COLOR: Record<CreditCase['status'], string> = {
  submitted: 'gold',
  accepted: 'blue',
  upheld: 'green',
  rejected: 'default',
  repaired: 'green',
};

export const LEVEL_LABEL: Record<CreditScore['level'], MessageKey> = {
  A: 'credit.level.A',
  B: 'credit.level.B',
  C: 'credit.level.C',
  D: 'credit.level.D',
};
export const LEVEL_COLOR: Record<CreditScore['level'], string> = {
  A: 'green',
  B: 'blue',
  C: 'orange',
  D: 'red',
};

export const COMPONENT_LABEL: Record<string, MessageKey> = {
  base: 'credit.component.base',
  penalty_general: 'credit.component.penalty_general',
  penalty_serious: 'credit.component.penalty_serious',
  fines: 'credit.component.fines',
  black_list: 'credit.component.black_list',
  red_list: 'credit.component.red_list',
};

export const DECISION_LABEL: Record<'accept' | 'reject' | 'uphold' | 'repair', MessageKey> = {
  accept: 'credit.decision.accept',
  reject: 'credit.decision.reject',
  uphold: 'credit.decision.uphold',
  repair: 'credit.decision.repair',
};
