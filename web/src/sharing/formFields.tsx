import { Checkbox, Flex, Select, Tooltip } from 'antd';
import { useCallback } from 'react';
import { DepartmentSelect } from '../admin/DepartmentSelect';
import { keyStatus } from '../admin/apiKeys/keyStatus';
import { listApiKeys } from '../api/apiKeys';
import { useAccess } from '../auth/access';
import { useT } from '../i18n/context';
import { useQuery } from '../shared/useQuery';
import { useSharingAccess } from './sharingAccess';
import { USAGE_MODES, type UsageMode } from '../api/sharing';

/** Usage modes as check boxes, each with what it allows on hover. */
export function UsageModesField({
  value,
  onChange,
  modes = USAGE_MODES,
}: {
  value?: UsageMode[];
  onChange?: (value: UsageMode[]) => void;
  modes?: readonly UsageMode[];
}) {
  const t = useT();
  const checked = new Set(value ?? []);
  return (
    <Flex wrap gap="middle">
      {modes.map((mode) => (
        <Tooltip key={mode} title={t(`sharing.usageMode.${mode}.hint`)}>
          <Checkbox
            checked={checked.has(mode)}
            onChange={(event) =>
              onChange?.(modes.filter((m) => (m === mode ? event.target.checked : checked.has(m))))
            }
            data-testid="usage-mode"
            data-mode={mode}
          >
            {t(`sharing.usageMode.${mode}`)}
          </Checkbox>
        </Tooltip>
      ))}
    </Flex>
  );
}

/**
 * The consumer department a request is for: the operator picks any, department staff one of theirs (the field is
 * only shown when there is a choice).
 */
export function ConsumerDepartmentSelect({
  value,
  onChange,
}: {
  value?: string;
  onChange?: (value: string) => void;
}) {
  const { operator, departments } = useSharingAccess();
  if (operator) {
    return (
      <DepartmentSelect
        known={departments}
        value={value}
        onChange={(next) => onChange?.(next)}
        data-testid="request-form-consumer"
      />
    );
  }
  return (
    <Select<string>
      value={value}
      onChange={onChange}
      options={departments.map(({ id, name }) => ({ value: id, label: name }))}
      data-testid="request-form-consumer"
    />
  );
}

/** Whether the consumer department must be chosen (operator, or staff of several departments). */
export function useConsumerChoice(): { choose: boolean; initial: string | undefined } {
  const { operator, departments } = useSharingAccess();
  return { choose: operator || departments.length > 1, initial: departments[0]?.id };
}

/**
 * Binds the grant to one system's API key of the consumer department (optional). Offered to those who may see the
 * department's keys; without a binding any key of the department may use the grant.
 */
export function ApiKeySelect({
  departmentId,
  value,
  onChange,
}: {
  departmentId: string | undefined;
  value?: string | null;
  onChange?: (value: string | null) => void;
}) {
  const t = useT();
  const fetcher = useCallback(
    (signal: AbortSignal) =>
      departmentId ? listApiKeys({ departmentId }, signal) : Promise.resolve({ items: [] }),
    [departmentId],
  );
  const { data, loading, error } = useQuery(fetcher);
  const keys = (data?.items ?? []).filter((key) => keyStatus(key) === 'active');
  return (
    <Select<string>
      allowClear
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? null)}
      loading={loading}
      disabled={!departmentId}
      placeholder={error ? t('sharing.request.apiKeysUnavailable') : t('sharing.request.anyApiKey')}
      options={keys.map((key) => ({ value: key.id, label: `${key.name}（${key.prefix}）` }))}
      data-testid="request-form-api-key"
    />
  );
}

/** Whether the user may pick an API key to bind (the key list is readable to stewards and the operator). */
export function useCanBindApiKey(): boolean {
  return useAccess().can.viewApiKeys;
}
