import { Card, Flex, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { OpenDatasetSummary } from '../api/open';
import { useT } from '../i18n/context';
import { formatDate } from '../shared/format';
import { CycleTag, OpenTypeTag, ThemeTag } from './labels';
import { QualityBadge } from './quality';
import { RatingBadge } from './feedback/common';

const EXCERPT = 120;

function excerpt(text: string): string {
  const chars = [...text];
  return chars.length > EXCERPT ? `${chars.slice(0, EXCERPT).join('')}…` : text;
}

/** One dataset in a list: its title (the link), department, tags, date and the start of its summary. */
export function DatasetCard({
  dataset,
  headingLevel = 3,
}: {
  dataset: OpenDatasetSummary;
  headingLevel?: 2 | 3;
}) {
  const t = useT();
  return (
    <Card size="small" data-testid="open-dataset-card" data-name={dataset.name}>
      <Flex vertical gap={6}>
        <Typography.Title level={headingLevel} style={{ fontSize: 17, margin: 0 }}>
          <Link to={`/open/datasets/${dataset.name}`} data-testid="open-dataset-link">
            {dataset.title}
          </Link>
        </Typography.Title>
        <Flex wrap gap={6} align="center">
          <Typography.Text type="secondary">{dataset.organization.title}</Typography.Text>
          <OpenTypeTag openType={dataset.openType} />
          <CycleTag cycle={dataset.updateCycle} />
          {dataset.group ? <ThemeTag title={dataset.group.title} /> : null}
          <QualityBadge score={dataset.quality} />
          <RatingBadge rating={dataset.rating} />
          <Typography.Text type="secondary">
            {t('open.card.modified', { date: formatDate(dataset.modifiedAt) })}
          </Typography.Text>
        </Flex>
        <Typography.Paragraph style={{ margin: 0 }}>{excerpt(dataset.summary)}</Typography.Paragraph>
      </Flex>
    </Card>
  );
}
