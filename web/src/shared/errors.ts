import type { FormInstance } from 'antd';
import { useCallback } from 'react';
import { ApiError, HTTP_ERROR, NETWORK_ERROR } from '../api/client';
import { useT, type Translate } from '../i18n/context';

/** The text to show for an error: the server's localized message, or our own for transport failures. */
export function errorMessage(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === NETWORK_ERROR) return t('error.network');
    if (error.code === HTTP_ERROR) return t('error.http', { status: error.status });
    return error.message;
  }
  return t('error.unexpected');
}

export function useErrorMessage(): (error: unknown) => string {
  const t = useT();
  return useCallback((error: unknown) => errorMessage(t, error), [t]);
}

/** `roles[0].departmentId`, `roles.0.departmentId` and `/roles/0/departmentId` all become ['roles', 0, 'departmentId']. */
export function toNamePath(field: string): (string | number)[] {
  return field
    .split(/[.[\]/]+/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Shows the server's per-field validation messages (`details.fields`) on the matching form fields.
 * Returns true when every message found its field, so nothing else needs to be shown.
 */
export function applyFieldErrors(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiError) || error.fieldErrors.length === 0) return false;
  const registered = new Set(form.getFieldsError().map(({ name }) => JSON.stringify(name)));
  const matched = error.fieldErrors
    .map(({ field, message }) => ({ name: toNamePath(field), errors: [message] }))
    .filter(({ name }) => registered.has(JSON.stringify(name)));
  form.setFields(matched);
  return matched.length === error.fieldErrors.length;
}
