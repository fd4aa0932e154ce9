import { Tag } from 'antd';
import type { LicenseStatus } from '../api/licenses';
import { useT } from '../i18n/context';
import { STATUS_COLOR, STATUS_LABEL } from './labels';

export function LicenseStatusTag({ status }: { status: LicenseStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="license-status">
      {t(STATUS_LABEL[status])}
    </Tag>
  );
}
