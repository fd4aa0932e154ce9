import { Tag } from 'antd';
import type { CreditCase, Publicity } from '../api/credit';
import { useT } from '../i18n/context';
import { CASE_STATUS_COLOR, CASE_STATUS_LABEL, PUBLICITY_COLOR, PUBLICITY_LABEL } from './labels';

export function PublicityTag({ publicity }: { publicity: Publicity }) {
  const t = useT();
  return (
    <Tag color={PUBLICITY_COLOR[publicity]} data-testid="credit-publicity">
      {t(PUBLICITY_LABEL[publicity])}
    </Tag>
  );
}

export function CaseStatusTag({ c }: { c: Pick<CreditCase, 'status' | 'overdue'> }) {
  const t = useT();
  return (
    <>
      <Tag color={CASE_STATUS_COLOR[c.status]} data-testid="credit-case-status">
        {t(CASE_STATUS_LABEL[c.status])}
      </Tag>
      {c.overdue ? (
        <Tag color="red" data-testid="credit-case-overdue">
          {t('credit.case.overdue')}
        </Tag>
      ) : null}
    </>
  );
}
