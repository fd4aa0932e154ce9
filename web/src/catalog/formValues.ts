import type {
  DataType,
  FormatCategory,
  ItemInput,
  OpenType,
  Resource,
  ResourceInput,
  SemanticTag,
  SharingMethod,
  SharingType,
  UpdateCycle,
} from '../api/catalog';

/** One row of the items table, as the form holds it (optional texts may be empty or missing). */
export interface ItemFormValues {
  name?: string;
  dataType?: DataType;
  length?: number | null;
  required?: boolean;
  description?: string | null;
  semanticTag?: SemanticTag | null;
  isKey?: boolean;
  sensitive?: boolean;
}

export interface ResourceFormValues {
  name?: string;
  classCode?: string;
  departmentId?: string;
  summary?: string;
  formatCategory?: FormatCategory;
  formatDetail?: string;
  sharingType?: SharingType;
  sharingCondition?: string | null;
  sharingMethod?: SharingMethod;
  openType?: OpenType;
  openCondition?: string | null;
  updateCycle?: UpdateCycle;
  relatedCodes?: string[];
  contactName?: string | null;
  contactPhone?: string | null;
  items?: ItemFormValues[];
}

/** Sharing types that need 共享条件 (for 不予共享: the legal basis). */
export const NEEDS_SHARING_CONDITION: ReadonlySet<SharingType | undefined> = new Set(['conditional', 'none']);

/** The length a new character item starts with (the server needs one for character items). */
export const DEFAULT_CHARACTER_LENGTH = 50;

export const RELATED_CODE_PATTERN = /^[0-9]{1,12}\/[0-9]{6}$/;
export const CLASS_CODE_PATTERN = /^[123][0-9]{2}([0-9]{3}([0-9]{1,6})?)?$/;

export const newItem = (): ItemFormValues => ({
  name: '',
  dataType: 'C',
  length: DEFAULT_CHARACTER_LENGTH,
  required: false,
  description: '',
  semanticTag: null,
  isKey: false,
  sensitive: false,
});

/**
 * A new resource starts with the most common choices, so that only names and texts must be typed:
 * a database whose first item is its key.
 */
export function emptyValues(departmentId: string | undefined): ResourceFormValues {
  return {
    departmentId,
    formatCategory: 'database',
    formatDetail: '',
    sharingType: 'unconditional',
    sharingMethod: 'api',
    openType: 'closed',
    updateCycle: 'irregular',
    relatedCodes: [],
    items: [{ ...newItem(), isKey: true }],
  };
}

export function resourceValues(resource: Resource): ResourceFormValues {
  const { items, ...fields } = resource;
  return {
    name: fields.name,
    classCode: fields.classCode,
    departmentId: fields.departmentId,
    summary: fields.summary,
    formatCategory: fields.formatCategory,
    formatDetail: fields.formatDetail,
    sharingType: fields.sharingType,
    sharingCondition: fields.sharingCondition,
    sharingMethod: fields.sharingMethod,
    openType: fields.openType,
    openCondition: fields.openCondition,
    updateCycle: fields.updateCycle,
    relatedCodes: fields.relatedCodes,
    contactName: fields.contactName,
    contactPhone: fields.contactPhone,
    items: [...items].sort((a, b) => a.position - b.position).map(({ position: _position, ...item }) => item),
  };
}

const trimmed = (value: string | null | undefined) => value?.trim() ?? '';
const optional = (value: string | null | undefined) => trimmed(value) || null;

function itemInput(item: ItemFormValues): ItemInput {
  return {
    name: trimmed(item.name),
    dataType: item.dataType ?? 'C',
    length: item.length ?? null,
    required: item.required ?? false,
    description: optional(item.description),
    semanticTag: item.semanticTag ?? null,
    isKey: item.isKey ?? false,
    sensitive: item.sensitive ?? false,
  };
}

/**
 * The request body for the form's values (validated by the form: required fields are present).
 * Conditions the chosen types do not use are sent as null.
 */
export function toResourceInput(values: ResourceFormValues): ResourceInput {
  return {
    name: trimmed(values.name),
    classCode: trimmed(values.classCode),
    departmentId: values.departmentId ?? '',
    summary: trimmed(values.summary),
    formatCategory: values.formatCategory ?? 'database',
    formatDetail: trimmed(values.formatDetail),
    sharingType: values.sharingType ?? 'unconditional',
    sharingCondition: NEEDS_SHARING_CONDITION.has(values.sharingType)
      ? optional(values.sharingCondition)
      : null,
    sharingMethod: values.sharingMethod ?? 'api',
    openType: values.openType ?? 'closed',
    openCondition: values.openType === 'conditional' ? optional(values.openCondition) : null,
    updateCycle: values.updateCycle ?? 'irregular',
    relatedCodes: (values.relatedCodes ?? []).map((code) => code.trim()).filter(Boolean),
    contactName: optional(values.contactName),
    contactPhone: optional(values.contactPhone),
    items: (values.items ?? []).map(itemInput),
  };
}
