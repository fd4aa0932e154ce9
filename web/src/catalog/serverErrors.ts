import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';
import type { Translate } from '../i18n/context';
import { toNamePath } from '../shared/errors';
import { ITEM_FIELD_LABELS, RESOURCE_FIELD_LABELS } from './fields';

export interface FieldProblem {
  key: string;
  /** Where the problem is, in words: 第 4 行信息项 · 名称. */
  where: string;
  message: string;
}

function describePath(t: Translate, path: (string | number)[]): string {
  const [field, index, sub] = path;
  const label = (labels: Record<string, Parameters<Translate>[0]>, name: unknown) =>
    typeof name === 'string' && labels[name] ? t(labels[name]) : String(name);
  if (field === 'items' && typeof index === 'number') {
    const row = t('catalog.form.itemRow', { row: index + 1 });
    return sub === undefined ? row : `${row} · ${label(ITEM_FIELD_LABELS, sub)}`;
  }
  const where = label(RESOURCE_FIELD_LABELS, field);
  return typeof index === 'number' ? `${where} #${index + 1}` : where;
}

/**
 * Puts the server's validation messages (`items.3.name`, `/items/3/name`, `classCode`…) on the form's
 * fields and cells, and returns them all in words for a list above the form; null when the error has none.
 */
export function applyServerErrors(form: FormInstance, error: unknown, t: Translate): FieldProblem[] | null {
  if (!(error instanceof ApiError) || error.fieldErrors.length === 0) return null;
  const registered = new Set(form.getFieldsError().map(({ name }) => JSON.stringify(name)));
  /** The field itself, else its closest registered ancestor (`relatedCodes.0` → the relatedCodes field). */
  const target = (path: (string | number)[]) => {
    for (let length = path.length; length > 0; length -= 1) {
      const candidate = path.slice(0, length);
      if (registered.has(JSON.stringify(candidate))) return candidate;
    }
    return null;
  };
  const problems = error.fieldErrors.map(({ field, message }) => {
    const path = toNamePath(field);
    return { field, path, target: target(path), message };
  });
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const { target: name, message } of problems) {
    if (!name) continue;
    const key = JSON.stringify(name);
    byField.set(key, { name, errors: [...(byField.get(key)?.errors ?? []), message] });
  }
  form.setFields([...byField.values()]);
  const first = problems.find(({ target: name }) => name !== null)?.target;
  if (first) form.scrollToField(first);
  return problems.map(({ field, path, message }, index) => ({
    key: `${index}:${field}`,
    where: describePath(t, path),
    message,
  }));
}
