import { theme } from 'antd';
import { useMemo } from 'react';
import { useT } from '../i18n/context';
import { EChart } from '../shared/EChart';
import type { ChartOption } from '../shared/echarts';
import type { Overview } from '../api/overview';

export function UsersByRoleChart({ usersByRole }: { usersByRole: Overview['usersByRole'] }) {
  const t = useT();
  const { token } = theme.useToken();

  const option = useMemo<ChartOption>(
    () => ({
      color: [token.colorPrimary],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: {
        left: 8,
        right: 40,
        top: 8,
        bottom: 8,
        outerBoundsMode: 'same',
        outerBoundsContain: 'axisLabel',
      },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: usersByRole.map(({ role }) => t(`role.${role}`)) },
      series: [
        {
          type: 'bar',
          name: t('overview.users'),
          barMaxWidth: 24,
          label: { show: true, position: 'right' },
          data: usersByRole.map(({ count }) => count),
        },
      ],
    }),
    [usersByRole, t, token.colorPrimary],
  );

  return <EChart option={option} height={Math.max(160, usersByRole.length * 44)} />;
}
