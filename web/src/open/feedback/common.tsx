import { FlagOutlined, StarFilled } from '@ant-design/icons';
import { App, Button, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import {
  flagOpenFeedback,
  type OpenFeedbackKind,
  type OpenRatingSummary,
  type OpenReportStatus,
  type OpenRequestStatus,
} from '../../api/openFeedback';
import { useAuth } from '../../auth/context';
import { useT } from '../../i18n/context';
import type { MessageKey } from '../../i18n/zh';
import { useErrorMessage } from '../../shared/errors';

/** The start of a long text, whole characters (antd's measured ellipsis is not needed for a list's excerpt). */
export function excerpt(text: string, length: number): string {
  const chars = [...text];
  return chars.length > length ? `${chars.slice(0, length).join('')}…` : text;
}

/** Whether the visitor is signed in with a public account (公众用户 or 开发者), the accounts that give feedback. */
export function usePublicAccount(): { signedIn: boolean; canSubmit: boolean } {
  const { state } = useAuth();
  if (state.status !== 'authenticated') return { signedIn: false, canSubmit: false };
  return {
    signedIn: true,
    canSubmit: state.me.roles.some((r) => r.role === 'citizen' || r.role === 'developer'),
  };
}

/** What a visitor who cannot submit is told: sign in (and come back here), or register as a developer. */
export function SignInHint() {
  const t = useT();
  const { pathname } = useLocation();
  const { signedIn } = usePublicAccount();
  if (signedIn)
    return (
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('fb.staffCannot')}
      </Typography.Paragraph>
    );
  return (
    <Typography.Paragraph style={{ margin: 0 }} data-testid="fb-sign-in">
      {t('fb.signIn')}{' '}
      <Link to="/login" state={{ from: pathname }} style={{ textDecoration: 'underline' }}>
        {t('fb.signInLink')}
      </Link>
      {' · '}
      <Link to="/open/developer" style={{ textDecoration: 'underline' }}>
        {t('fb.register')}
      </Link>
    </Typography.Paragraph>
  );
}

const REQUEST_COLORS: Record<OpenRequestStatus, string> = {
  submitted: 'default',
  routed: 'processing',
  planned: 'gold',
  available: 'success',
  declined: 'error',
};

export function RequestStatusTag({ status }: { status: OpenRequestStatus }) {
  const t = useT();
  return (
    <Tag color={REQUEST_COLORS[status]} style={{ color: '#1f1f1f' }}>
      {t(`fb.request.status.${status}` as MessageKey)}
    </Tag>
  );
}

const REPORT_COLORS: Record<OpenReportStatus, string> = {
  open: 'processing',
  resolved: 'success',
  rejected: 'default',
};

export function ReportStatusTag({ status }: { status: OpenReportStatus }) {
  const t = useT();
  return (
    <Tag color={REPORT_COLORS[status]} style={{ color: '#1f1f1f' }}>
      {t(`fb.report.status.${status}` as MessageKey)}
    </Tag>
  );
}

/** ★ 4.5 (12 人评分), or 暂无评分: in text, so a screen reader reads what the eye sees. */
export function RatingBadge({ rating }: { rating: OpenRatingSummary }) {
  const t = useT();
  if (!rating.count || rating.average === null)
    return (
      <Typography.Text type="secondary" data-testid="fb-rating-badge">
        {t('fb.rating.none')}
      </Typography.Text>
    );
  return (
    <Typography.Text data-testid="fb-rating-badge">
      <StarFilled aria-hidden style={{ color: '#ad6800' }} />{' '}
      {t('fb.rating.summary', { average: rating.average.toFixed(1), count: rating.count })}
    </Typography.Text>
  );
}

/** 举报: once per account; shown only to those who may flag. */
export function FlagButton({ kind, id }: { kind: OpenFeedbackKind; id: string }) {
  const t = useT();
  const { message } = App.useApp();
  const describe = useErrorMessage();
  const { canSubmit } = usePublicAccount();
  const [done, setDone] = useState(false);
  if (!canSubmit) return null;
  return (
    <Button
      size="small"
      type="text"
      icon={<FlagOutlined aria-hidden />}
      disabled={done}
      onClick={async () => {
        try {
          await flagOpenFeedback(kind, id);
          setDone(true);
          void message.success(t('fb.flag.done'));
        } catch (failure) {
          void message.error(describe(failure));
        }
      }}
      data-testid={`fb-flag-${kind}`}
    >
      {done ? t('fb.flag.done') : t('fb.flag')}
    </Button>
  );
}
