import { theme } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useT } from '../i18n/context';
import { EChart } from '../shared/EChart';
import type { ChartOption } from '../shared/echarts';
import type { UsageReport } from '../api/sharing';

/** Every day from `from` to `to`, inclusive, as YYYY-MM-DD. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const last = dayjs(to);
  for (let day = dayjs(from); !day.isAfter(last, 'day') && days.length < 400; day = day.add(1, 'day'))
    days.push(day.format('YYYY-MM-DD'));
  return days;
}

/** Calls, denied calls (left axis) and records returned (right axis) per day; days without calls count 0. */
export function UsageChart({ report }: { report: UsageReport }) {
  const t = useT();
  const { token } = theme.useToken();

  const option = useMemo<ChartOption>(() => {
    const days = daysBetween(report.from, report.to);
    const byDay = new Map(report.byDay.map((row) => [row.day, row]));
    const series = (pick: 'calls' | 'records' | 'denied') => days.map((day) => byDay.get(day)?.[pick] ?? 0);
    return {
      color: [token.colorPrimary, token.colorSuccess, token.colorError],
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: {
        left: 8,
        right: 8,
        top: 36,
        bottom: 8,
        outerBoundsMode: 'same',
        outerBoundsContain: 'axisLabel',
      },
      xAxis: { type: 'category', data: days.map((day) => day.slice(5)) },
      yAxis: [
        { type: 'value', minInterval: 1, name: t('sharing.usage.calls') },
        { type: 'value', minInterval: 1, name: t('sharing.usage.records'), splitLine: { show: false } },
      ],
      series: [
        { type: 'line', name: t('sharing.usage.calls'), symbolSize: 4, data: series('calls') },
        {
          type: 'line',
          name: t('sharing.usage.records'),
          yAxisIndex: 1,
          symbolSize: 4,
          data: series('records'),
        },
        { type: 'line', name: t('sharing.usage.denied'), symbolSize: 4, data: series('denied') },
      ],
    };
  }, [report, t, token.colorPrimary, token.colorSuccess, token.colorError]);

  return <EChart option={option} height={300} />;
}
