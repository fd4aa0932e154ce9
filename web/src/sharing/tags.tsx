import { EyeOutlined, KeyOutlined, LockOutlined } from '@ant-design/icons';
import { Flex, Tag, Tooltip } from 'antd';
import { useTerms } from '../catalog/vocabulary';
import { useT } from '../i18n/context';
import { EMPTY } from '../shared/format';
import type {
  AgreementState,
  GrantState,
  RequestStatus,
  ResourceSharingType,
  UsageMode,
} from '../api/sharing';

const REQUEST_COLORS: Record<RequestStatus, string> = {
  pending: 'processing',
  second_review: 'purple',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

export function RequestStatusTag({ status }: { status: RequestStatus }) {
  const t = useT();
  return (
    <Tag color={REQUEST_COLORS[status]} data-testid="request-status" data-status={status}>
      {t(`sharing.requestStatus.${status}`)}
    </Tag>
  );
}

const GRANT_COLORS: Record<GrantState, string> = {
  active: 'success',
  not_yet: 'blue',
  expired: 'default',
  revoked: 'error',
  suspended: 'warning',
};

export function GrantStateTag({ state }: { state: GrantState }) {
  const t = useT();
  const tag = (
    <Tag color={GRANT_COLORS[state]} data-testid="grant-state" data-state={state}>
      {t(`sharing.grantState.${state}`)}
    </Tag>
  );
  return state === 'suspended' ? (
    <Tooltip title={t('sharing.grantState.suspended.hint')}>{tag}</Tooltip>
  ) : (
    tag
  );
}

const AGREEMENT_COLORS: Record<AgreementState, string> = {
  in_force: 'success',
  not_yet: 'blue',
  expired: 'default',
  revoked: 'error',
};

export function AgreementStateTag({ state }: { state: AgreementState }) {
  const t = useT();
  return (
    <Tag color={AGREEMENT_COLORS[state]} data-testid="agreement-state" data-state={state}>
      {t(`sharing.agreementState.${state}`)}
    </Tag>
  );
}

const SHARING_COLORS: Record<ResourceSharingType, string> = {
  unconditional: 'green',
  conditional: 'gold',
  none: 'red',
};

/** 无条件共享 / 有条件共享 / 不予共享, labelled by the catalog vocabulary. */
export function SharingTypeTag({ type }: { type: ResourceSharingType }) {
  const { label } = useTerms();
  return (
    <Tag color={SHARING_COLORS[type]} data-testid="sharing-type" data-type={type}>
      {label('sharingTypes', type)}
    </Tag>
  );
}

export function UsageModeTags({ modes }: { modes: readonly UsageMode[] }) {
  const t = useT();
  if (modes.length === 0) return <span>{EMPTY}</span>;
  return (
    <Flex wrap gap={4}>
      {modes.map((mode) => (
        <Tooltip key={mode} title={t(`sharing.usageMode.${mode}.hint`)}>
          <Tag color="cyan" style={{ marginInlineEnd: 0 }}>
            {t(`sharing.usageMode.${mode}`)}
          </Tag>
        </Tooltip>
      ))}
    </Flex>
  );
}

interface ItemTagsProps {
  items: readonly string[];
  /** Items marked as sensitive (masked unless granted in clear). */
  sensitive?: readonly string[];
  /** Items marked as returned masked. */
  masked?: readonly string[];
  /** Items marked as asked for or granted in clear. */
  unmasked?: readonly string[];
  /** Key items, marked with a key. */
  keys?: readonly string[];
}

/** Information items as tags: key, masked, in clear and sensitive ones marked. */
export function ItemTags({ items, sensitive = [], masked = [], unmasked = [], keys = [] }: ItemTagsProps) {
  const t = useT();
  if (items.length === 0) return <span>{EMPTY}</span>;
  return (
    <Flex wrap gap={4}>
      {items.map((name) => {
        const isKey = keys.includes(name);
        const isMasked = masked.includes(name);
        const inClear = unmasked.includes(name);
        const isSensitive = sensitive.includes(name);
        const hint = isKey
          ? t('sharing.item.key')
          : isMasked
            ? t('sharing.item.masked')
            : inClear
              ? t('sharing.item.unmasked')
              : isSensitive
                ? t('sharing.item.sensitive')
                : undefined;
        const tag = (
          <Tag
            color={isMasked ? 'orange' : inClear ? 'red' : isSensitive ? 'gold' : undefined}
            icon={
              isKey ? <KeyOutlined /> : isMasked ? <LockOutlined /> : inClear ? <EyeOutlined /> : undefined
            }
            style={{ marginInlineEnd: 0 }}
            data-testid="item-tag"
            data-item={name}
            data-masked={isMasked || undefined}
          >
            {name}
          </Tag>
        );
        return hint ? (
          <Tooltip key={name} title={hint}>
            {tag}
          </Tooltip>
        ) : (
          <span key={name}>{tag}</span>
        );
      })}
    </Flex>
  );
}
