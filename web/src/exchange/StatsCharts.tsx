import { theme } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useT } from '../i18n/context';
import { EChart } from '../shared/EChart';
import type { ChartOption } from '../shared/echarts';
import type { StatsReport } from '../api/exchange';

/** Every day from `from` to `to`, inclusive, as YYYY-MM-DD. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const last = dayjs(to);
  for (let day = dayjs(from); !day.isAfter(last, 'day') && days.length < 400; day = day.add(1, 'day'))
    days.push(day.format('YYYY-MM-DD'));
  return days;
}

/** Per day, over all departments shown: records received and delivered (bars) and exchanges (line). */
export function DailyChart({ report }: { report: StatsReport }) {
  const t = useT();
  const { token } = theme.useToken();

  const option = useMemo<ChartOption>(() => {
    const days = daysBetween(report.from, report.to);
    const index = new Map(days.map((day, i) => [day, i]));
    const received = days.map(() => 0);
    const delivered = days.map(() => 0);
    const exchanges = days.map(() => 0);
    for (const row of report.rows) {
      const i = index.get(row.day);
      if (i === undefined) continue;
      received[i]! += row.recordsReceived;
      delivered[i]! += row.recordsDelivered;
      exchanges[i]! += row.exchanges;
    }
    return {
      color: [token.colorPrimary, token.colorSuccess, token.colorWarning],
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
        { type: 'value', minInterval: 1, name: t('exchange.stats.records') },
        { type: 'value', minInterval: 1, name: t('exchange.stats.exchanges'), splitLine: { show: false } },
      ],
      series: [
        { type: 'bar', name: t('exchange.stats.recordsReceived'), barMaxWidth: 16, data: received },
        { type: 'bar', name: t('exchange.stats.recordsDelivered'), barMaxWidth: 16, data: delivered },
        {
          type: 'line',
          name: t('exchange.stats.exchanges'),
          yAxisIndex: 1,
          symbolSize: 4,
          data: exchanges,
        },
      ],
    };
  }, [report, t, token.colorPrimary, token.colorSuccess, token.colorWarning]);

  return <EChart option={option} height={320} />;
}

export interface DepartmentFigure {
  departmentId: string;
  departmentName: string;
  recordsHeld: number;
  recordsReceived: number;
  recordsDelivered: number;
  exchanges: number;
  cumulativeShared: number;
}

/** Per department: the last day's held and cumulative figures, and the sums over the range. */
export function byDepartment(report: StatsReport): DepartmentFigure[] {
  const figures = new Map<string, DepartmentFigure>();
  // Rows come ordered by day, so the last row of a department carries its latest held and cumulative figures.
  for (const row of report.rows) {
    const figure = figures.get(row.departmentId) ?? {
      departmentId: row.departmentId,
      departmentName: row.departmentName,
      recordsHeld: 0,
      recordsReceived: 0,
      recordsDelivered: 0,
      exchanges: 0,
      cumulativeShared: 0,
    };
    figure.recordsHeld = row.recordsHeld;
    figure.cumulativeShared = row.cumulativeShared;
    figure.recordsReceived += row.recordsReceived;
    figure.recordsDelivered += row.recordsDelivered;
    figure.exchanges += row.exchanges;
    figures.set(row.departmentId, figure);
  }
  // What a department holds now comes from the server, so departments idle in the range still show.
  for (const d of report.departments) {
    const figure = figures.get(d.departmentId) ?? {
      departmentId: d.departmentId,
      departmentName: d.departmentName,
      recordsHeld: 0,
      recordsReceived: 0,
      recordsDelivered: 0,
      exchanges: 0,
      cumulativeShared: 0,
    };
    figure.recordsHeld = d.recordsHeld;
    figures.set(d.departmentId, figure);
  }
  return [...figures.values()];
}

const TOP = 10;

/** The departments holding the most records at the end of the range. */
export function TopDepartmentsChart({ departments }: { departments: DepartmentFigure[] }) {
  const t = useT();
  const { token } = theme.useToken();
  const top = useMemo(
    () =>
      departments
        .filter(({ recordsHeld }) => recordsHeld > 0)
        .sort((a, b) => b.recordsHeld - a.recordsHeld)
        .slice(0, TOP),
    [departments],
  );

  const option = useMemo<ChartOption>(
    () => ({
      color: [token.colorPrimary],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: {
        left: 8,
        right: 56,
        top: 8,
        bottom: 8,
        outerBoundsMode: 'same',
        outerBoundsContain: 'axisLabel',
      },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: top.map(({ departmentName }) => departmentName) },
      series: [
        {
          type: 'bar',
          name: t('exchange.stats.recordsHeld'),
          barMaxWidth: 20,
          label: { show: true, position: 'right' },
          data: top.map(({ recordsHeld }) => recordsHeld),
        },
      ],
    }),
    [top, t, token.colorPrimary],
  );

  return <EChart option={option} height={Math.max(160, top.length * 36)} />;
}
