/**
 * Shapes of the resource catalog API (政务信息资源目录), as in the server's catalog schema and vocabulary.
 * Coded values are plain string unions here; their labels come from GET /api/catalog/vocabulary.
 */

export type Category = 'base' | 'theme' | 'department';
export type FormatCategory =
  'electronic_file' | 'spreadsheet' | 'database' | 'image' | 'streaming' | 'self_describing' | 'service_api';
export type DataType = 'C' | 'N' | 'Y' | 'D' | 'T' | 'L' | 'M' | 'G' | 'B' | 'I' | 'F';
export type SharingType = 'unconditional' | 'conditional' | 'none';
export type SharingMethod = 'file' | 'database' | 'api';
export type OpenType = 'open' | 'conditional' | 'closed';
export type UpdateCycle =
  'realtime' | 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'semiannual' | 'annual' | 'irregular';
export type SemanticTag =
  | 'id_card'
  | 'uscc'
  | 'org_code'
  | 'person_name'
  | 'mobile'
  | 'phone'
  | 'address'
  | 'date'
  | 'region_code'
  | 'email';
export type ResourceStatus = 'draft' | 'submitted' | 'approved' | 'published' | 'retired';
export type VersionStatus = ResourceStatus | 'superseded' | 'rejected';
export type HistoryAction =
  'create' | 'update' | 'submit' | 'approve' | 'reject' | 'publish' | 'revise' | 'retire' | 'import';

/** A coded value with its Chinese and English labels. */
export interface Term<V extends string = string> {
  value: V;
  zh: string;
  en: string;
}

export interface UpdateCycleTerm extends Term<UpdateCycle> {
  /** EU frequency authority code (DCAT-AP). */
  eu: string;
  /** Days after which data is overdue; null when the cycle is irregular. */
  overdueDays: number | null;
}

export interface Vocabulary {
  categories: Term<Category>[];
  formats: Term<FormatCategory>[];
  dataTypes: Term<DataType>[];
  sharingTypes: Term<SharingType>[];
  sharingMethods: Term<SharingMethod>[];
  openTypes: Term<OpenType>[];
  updateCycles: UpdateCycleTerm[];
  semanticTags: Term<SemanticTag>[];
  statuses: Term<ResourceStatus>[];
}

export type VocabularyKind = keyof Vocabulary;

/** 信息项 as sent to the server. */
export interface ItemInput {
  name: string;
  dataType: DataType;
  length: number | null;
  required: boolean;
  description: string | null;
  semanticTag: SemanticTag | null;
  isKey: boolean;
  sensitive: boolean;
}

export interface Item extends ItemInput {
  position: number;
}

/** Every field a steward edits; the platform assigns the code, versions and status. */
export interface ResourceInput {
  name: string;
  classCode: string;
  departmentId: string;
  summary: string;
  formatCategory: FormatCategory;
  formatDetail: string;
  sharingType: SharingType;
  sharingCondition: string | null;
  sharingMethod: SharingMethod;
  openType: OpenType;
  openCondition: string | null;
  updateCycle: UpdateCycle;
  relatedCodes: string[];
  contactName: string | null;
  contactPhone: string | null;
  items: ItemInput[];
}

export interface ResourceSummary extends Omit<ResourceInput, 'items'> {
  id: string;
  /** 信息资源代码 = 分类码/顺序码; contains a '/'. */
  code: string;
  category: Category;
  status: ResourceStatus;
  /** The version shown: the working version when one is open, else the published one. */
  version: number;
  publishedVersion: number | null;
  departmentName: string;
  departmentCode: string;
  publishDate: string | null;
  lastDataChangeAt: string | null;
  overdue: boolean;
  updatedAt: string;
}

export interface Resource extends ResourceSummary {
  items: Item[];
}

/** A search result: the columns the catalog lists, without conditions, contacts and items. */
export interface SearchHit extends Pick<
  ResourceSummary,
  | 'id'
  | 'code'
  | 'category'
  | 'status'
  | 'version'
  | 'publishedVersion'
  | 'departmentId'
  | 'departmentName'
  | 'departmentCode'
  | 'publishDate'
  | 'lastDataChangeAt'
  | 'overdue'
  | 'updatedAt'
  | 'name'
  | 'classCode'
  | 'summary'
  | 'formatCategory'
  | 'sharingType'
  | 'openType'
  | 'updateCycle'
> {
  itemCount: number;
  /** Relevance; 0 without a query. */
  score: number;
}

/** What the review-flow actions need to know of a resource (a search hit or a whole resource). */
export type ResourceRef = Pick<ResourceSummary, 'id' | 'name'>;

export interface FacetCount {
  value: string;
  count: number;
}

export interface Facets {
  departmentId: (FacetCount & { label: string })[];
  category: FacetCount[];
  formatCategory: FacetCount[];
  sharingType: FacetCount[];
  openType: FacetCount[];
  updateCycle: FacetCount[];
  status: FacetCount[];
}

export type FacetName = keyof Facets;

export interface SearchResult {
  total: number;
  items: SearchHit[];
  facets: Facets;
}

/** Search filters; a type alias so that it fits the client's query record. */
export type CatalogQuery = {
  q?: string;
  departmentId?: string;
  category?: Category;
  formatCategory?: FormatCategory;
  sharingType?: SharingType;
  openType?: OpenType;
  updateCycle?: UpdateCycle;
  status?: ResourceStatus;
  overdue?: 'true' | 'false';
};

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface ItemChange {
  name: string;
  change: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
}

export interface Version {
  version: number;
  status: VersionStatus;
  createdAt: string;
  createdByName: string | null;
  publishedAt: string | null;
  /** Against the version before it. */
  changes: FieldChange[];
  itemChanges: ItemChange[];
}

export interface HistoryEvent {
  at: string;
  version: number;
  action: HistoryAction;
  actorName: string | null;
  comment: string | null;
}

export interface Versions {
  versions: Version[];
  history: HistoryEvent[];
}

export type FlowAction = 'submit' | 'approve' | 'reject' | 'publish' | 'retire';

export interface CatalogStats {
  /** Departments that provide at least one published resource. */
  departments: number;
  /** Published resources. */
  resources: number;
  /** Information items of published resources. */
  items: number;
  byStatus: FacetCount[];
  byCategory: FacetCount[];
  bySharingType: FacetCount[];
  byOpenType: FacetCount[];
  overdue: number;
  overdueByDepartment: { departmentId: string; departmentName: string; count: number }[];
}

export interface ImportError {
  sheet: string;
  row: number;
  /** The column header as in the template. */
  column: string;
  code: string;
  message: string;
}

export interface ImportReport {
  applied: boolean;
  created: number;
  revised: number;
  unchanged: number;
  errors: ImportError[];
}
