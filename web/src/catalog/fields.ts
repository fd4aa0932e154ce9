import type { MessageKey } from '../i18n/zh';
import type { VocabularyKind } from '../api/catalog';

/** Labels of resource fields (server field names), for details, diffs and error lists. */
export const RESOURCE_FIELD_LABELS: Record<string, MessageKey> = {
  code: 'catalog.field.code',
  name: 'catalog.field.name',
  classCode: 'catalog.field.classCode',
  category: 'catalog.field.category',
  status: 'catalog.field.status',
  departmentId: 'catalog.field.department',
  departmentName: 'catalog.field.department',
  summary: 'catalog.field.summary',
  formatCategory: 'catalog.field.formatCategory',
  formatDetail: 'catalog.field.formatDetail',
  sharingType: 'catalog.field.sharingType',
  sharingCondition: 'catalog.field.sharingCondition',
  sharingMethod: 'catalog.field.sharingMethod',
  openType: 'catalog.field.openType',
  openCondition: 'catalog.field.openCondition',
  updateCycle: 'catalog.field.updateCycle',
  relatedCodes: 'catalog.field.relatedCodes',
  contactName: 'catalog.field.contactName',
  contactPhone: 'catalog.field.contactPhone',
  items: 'catalog.field.items',
};

/** Labels of information item fields. */
export const ITEM_FIELD_LABELS: Record<string, MessageKey> = {
  position: 'catalog.item.position',
  name: 'catalog.item.name',
  dataType: 'catalog.item.dataType',
  length: 'catalog.item.length',
  required: 'catalog.item.required',
  description: 'catalog.item.description',
  semanticTag: 'catalog.item.semanticTag',
  isKey: 'catalog.item.isKey',
  sensitive: 'catalog.item.sensitive',
};

/** Fields whose values are codes of a vocabulary list. */
export const CODED_FIELDS: Record<string, VocabularyKind> = {
  category: 'categories',
  status: 'statuses',
  formatCategory: 'formats',
  sharingType: 'sharingTypes',
  sharingMethod: 'sharingMethods',
  openType: 'openTypes',
  updateCycle: 'updateCycles',
  dataType: 'dataTypes',
  semanticTag: 'semanticTags',
};
