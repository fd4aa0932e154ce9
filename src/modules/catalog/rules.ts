/**
 * The rules of a resource's information items that a schema cannot say, in one place for the server
 * (`checkResource`) and the web editor (`web/src/catalog/itemRules.ts`). Plain TypeScript with no imports, so the
 * browser bundle takes it as it is. Problems are codes with the field they concern; the server and the web each
 * turn a code into words in their own languages.
 */

/** 格式分类 whose resources hold records (the exchange stores and validates these): they need a key item. */
export const RECORD_FORMAT_VALUES = ['database', 'spreadsheet', 'service_api'] as const;

/** The one data type whose items need a length: 字符型. */
export const LENGTH_TYPE = 'C';

/** What can be wrong with the items. */
export type ItemRuleCode = 'items_required' | 'key_required' | 'item_name_duplicate' | 'length_required';

/** An item as far as the rules look at it; the editor's half-filled rows fit too. */
export interface ItemRuleInput {
  name?: string | null | undefined;
  dataType?: string | null | undefined;
  length?: number | null | undefined;
  isKey?: boolean | null | undefined;
}

/** One broken rule: its code, the item (by position) when it concerns one, and the name for messages. */
export interface ItemProblem {
  code: ItemRuleCode;
  /** 'items' for the list; 'name' or 'length' of item `index`. */
  field: 'items' | 'name' | 'length';
  index: number | null;
  /** The repeated name, for item_name_duplicate. */
  name: string | null;
}

/** Whether a format's resources hold records, and so need a key item. */
export function isRecordFormat(format: string | null | undefined): boolean {
  return (RECORD_FORMAT_VALUES as readonly (string | null | undefined)[]).includes(format);
}

/** Whether an item of this data type needs a length. */
export function needsLength(dataType: string | null | undefined): boolean {
  return dataType === LENGTH_TYPE;
}

/**
 * Every broken item rule, in order: at least one item; a key item for record formats; names unique (compared
 * trimmed; the later item is the duplicate); a length for character items.
 */
export function checkItems(
  formatCategory: string | null | undefined,
  items: readonly ItemRuleInput[],
): ItemProblem[] {
  const problems: ItemProblem[] = [];
  if (items.length === 0) {
    problems.push({ code: 'items_required', field: 'items', index: null, name: null });
    return problems;
  }
  if (isRecordFormat(formatCategory) && !items.some((i) => i.isKey === true)) {
    problems.push({ code: 'key_required', field: 'items', index: null, name: null });
  }
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const name = item.name?.trim() ?? '';
    if (name !== '') {
      if (seen.has(name)) problems.push({ code: 'item_name_duplicate', field: 'name', index, name });
      seen.add(name);
    }
    if (needsLength(item.dataType) && (item.length === null || item.length === undefined)) {
      problems.push({ code: 'length_required', field: 'length', index, name: null });
    }
  });
  return problems;
}
