import { useEffect, useRef } from 'react';
import { init, type ChartOption } from './echarts';

type Chart = ReturnType<typeof init>;

interface EChartProps {
  option: ChartOption;
  height?: number;
}

/** An ECharts instance that follows its container's size. `option` replaces the previous one. */
export function EChart({ option, height = 300 }: EChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<Chart | null>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const chart = init(container);
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(container);
    chartRef.current = chart;
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={containerRef} style={{ width: '100%', height }} />;
}
