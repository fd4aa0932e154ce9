import { InfoCircleOutlined } from '@ant-design/icons';
import { Button, Flex, Popover, Typography } from 'antd';
import { useI18n } from '../i18n/context';
import type { Segment, Why } from './api';
import { agreementLabel, fieldLabel } from './evidence';
import { bits, percent } from './labels';

const BAR = 80;

/**
 * Why records were judged the same: each compared field, how it agreed, and its weight in bits as a bar (green for
 * evidence for, red against), then the probability and total weight (the prior included).
 */
export function WhyBars({ why, segment }: { why: Why; segment: Segment }) {
  const { t, language } = useI18n();
  const max = Math.max(1, ...why.evidence.map((e) => Math.abs(e.weight)));
  return (
    <Flex vertical gap={4} style={{ minWidth: 320 }} data-testid="registry-why-content">
      <table style={{ borderCollapse: 'collapse', fontSize: 13 }}>
        <thead>
          <tr style={{ textAlign: 'left', color: 'rgba(0,0,0,0.45)' }}>
            <th style={{ paddingRight: 8, fontWeight: 'normal' }}>{t('registries.why.field')}</th>
            <th style={{ paddingRight: 8, fontWeight: 'normal' }}>{t('registries.why.agreement')}</th>
            <th style={{ fontWeight: 'normal', textAlign: 'center' }} colSpan={2}>
              {t('registries.why.weight')}
            </th>
          </tr>
        </thead>
        <tbody>
          {why.evidence.map((e) => {
            const width = Math.round((Math.abs(e.weight) / max) * BAR);
            const positive = e.weight >= 0;
            return (
              <tr key={e.field} data-testid="registry-why-row">
                <td style={{ paddingRight: 8, whiteSpace: 'nowrap' }}>
                  {fieldLabel(e.field, segment, language)}
                </td>
                <td style={{ paddingRight: 8 }}>{agreementLabel(e.agreement, language)}</td>
                <td style={{ width: BAR * 2 + 2, padding: '2px 0' }}>
                  <Flex>
                    <Flex justify="flex-end" style={{ width: BAR }}>
                      {!positive && (
                        <div style={{ width, height: 10, background: '#ff7875', borderRadius: 2 }} />
                      )}
                    </Flex>
                    <div style={{ width: 2, height: 14, background: 'rgba(0,0,0,0.25)' }} />
                    <Flex style={{ width: BAR }}>
                      {positive && (
                        <div style={{ width, height: 10, background: '#73d13d', borderRadius: 2 }} />
                      )}
                    </Flex>
                  </Flex>
                </td>
                <td style={{ paddingLeft: 8, textAlign: 'right', whiteSpace: 'nowrap' }}>
                  <Typography.Text type={positive ? 'success' : 'danger'}>{bits(e.weight)}</Typography.Text>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('registries.why.total', { probability: percent(why.probability), weight: bits(why.weight) })}
      </Typography.Text>
    </Flex>
  );
}

/** A small "why" button that opens the evidence in a popover. */
export function WhyPopover({ why, segment }: { why: Why | null; segment: Segment }) {
  const { t } = useI18n();
  if (!why) return null;
  return (
    <Popover
      trigger="click"
      title={t('registries.why.title')}
      content={<WhyBars why={why} segment={segment} />}
    >
      <Button size="small" type="link" icon={<InfoCircleOutlined />} data-testid="registry-why">
        {t('registries.why.button')}
      </Button>
    </Popover>
  );
}
