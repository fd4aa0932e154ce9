import { Flex, Tag, Typography } from 'antd';
import { useEffect, type CSSProperties } from 'react';
import { Link } from 'react-router-dom';
import type { OpenDatasetDetail } from '../api/open';
import {
  DCAT_FEEDS,
  type OpenLocalizedText,
  type OpenQualityCriterion,
  type OpenQualityStatus,
} from '../api/openQuality';
import { useI18n, useT } from '../i18n/context';
import type { MessageKey } from '../i18n/zh';
import { SectionCard } from './parts';

/** The server's text in the current language (criteria and their reasons come in both). */
export function useLocalized(): (text: OpenLocalizedText) => string {
  const { language } = useI18n();
  return (text) => text[language];
}

// Colours with at least 4.5:1 contrast for the small text (WCAG AA), like the site's other tags.
const BAND: Record<OpenQualityStatus, CSSProperties> = {
  passed: { color: '#135200', background: '#f6ffed', borderColor: '#95de64' },
  partial: { color: '#873800', background: '#fff7e6', borderColor: '#ffc069' },
  failed: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
};

/** Good from 80, fair from 60: the bands of the badge's colour, not of the score. */
export const scoreBand = (score: number): OpenQualityStatus =>
  score >= 80 ? 'passed' : score >= 60 ? 'partial' : 'failed';

const STATUS_LABEL: Record<OpenQualityStatus, MessageKey> = {
  passed: 'open.quality.passed',
  partial: 'open.quality.partial',
  failed: 'open.quality.failed',
};

/** A dataset's quality score as a small tag (cards, tables). */
export function QualityBadge({ score }: { score: number }) {
  const t = useT();
  return (
    <Tag style={BAND[scoreBand(score)]} data-testid="open-quality-badge" data-score={score}>
      {t('open.quality.badge', { score })}
    </Tag>
  );
}

function StatusTag({ status }: { status: OpenQualityStatus }) {
  const t = useT();
  return <Tag style={BAND[status]}>{t(STATUS_LABEL[status])}</Tag>;
}

function Criterion({ c }: { c: OpenQualityCriterion }) {
  const t = useT();
  const text = useLocalized();
  return (
    <li
      style={{ padding: '10px 0', borderTop: '1px solid #f0f0f0' }}
      data-testid="open-quality-criterion"
      data-id={c.id}
      data-status={c.status}
    >
      <Flex wrap gap={8} align="center" justify="space-between">
        <Flex wrap gap={8} align="center">
          <Typography.Text strong>{text(c.label)}</Typography.Text>
          <StatusTag status={c.status} />
        </Flex>
        <Typography.Text>{t('open.quality.points', { points: c.points, weight: c.weight })}</Typography.Text>
      </Flex>
      <Typography.Paragraph style={{ margin: '4px 0 0' }}>{text(c.reason)}</Typography.Paragraph>
      {c.improve ? (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {t('open.quality.improve')}
          {text(c.improve)}
        </Typography.Paragraph>
      ) : null}
    </li>
  );
}

/** 数据质量评分 on a dataset's page: the score and, criterion by criterion, why and how to improve it. */
export function QualityPanel({ detail }: { detail: OpenDatasetDetail }) {
  const t = useT();
  return (
    <SectionCard
      id="open-quality-title"
      title={t('open.quality.panel')}
      testId="open-quality-panel"
      extra={<QualityBadge score={detail.quality} />}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('open.quality.method')}{' '}
        {/* Underlined: a link inside text must not be told apart by its colour alone (WCAG 1.4.1). */}
        <Link to="/open/quality" style={{ textDecoration: 'underline' }}>
          {t('open.quality.link')}
        </Link>
      </Typography.Paragraph>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {detail.qualityCriteria.map((c) => (
          <Criterion key={c.id} c={c} />
        ))}
      </ul>
    </SectionCard>
  );
}

/** The DCAT-AP feed's links, for the footer. */
export function DcatLinks({ color }: { color: string }) {
  const t = useT();
  return (
    <Flex gap="small" wrap align="center" data-testid="open-dcat-links">
      <span>{t('open.footer.dcat')}</span>
      {DCAT_FEEDS.map((f) => (
        <a key={f.href} href={f.href} type={f.type} style={{ color }}>
          {f.label}
        </a>
      ))}
    </Flex>
  );
}

/** `<link rel="alternate">` to the DCAT-AP feed in the document's head while the page is shown (harvesters look there). */
export function useDcatHeadLinks(): void {
  useEffect(() => {
    const links = DCAT_FEEDS.map((f) => {
      const link = document.createElement('link');
      link.rel = 'alternate';
      link.type = f.type;
      link.href = f.href;
      link.title = `DCAT-AP (${f.label})`;
      document.head.appendChild(link);
      return link;
    });
    return () => links.forEach((l) => l.remove());
  }, []);
}
