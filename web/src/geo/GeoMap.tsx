import { ScatterChart, type ScatterSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  TooltipComponent,
  type GridComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';

// Registered here rather than in shared/echarts.ts: only this map draws scatter points.
echarts.use([ScatterChart, GridComponent, TooltipComponent, CanvasRenderer]);

type MapOption = echarts.ComposeOption<ScatterSeriesOption | GridComponentOption | TooltipComponentOption>;

export interface MapPoint {
  id: string;
  name: string;
  lon: number;
  lat: number;
  /** Drawn larger and in the accent colour. */
  highlighted?: boolean;
}

/**
 * The points of a selection on plain longitude/latitude axes: no map tiles or boundary files, the layout is the
 * coordinates themselves.
 */
export function GeoMap({ points, height = 420 }: { points: MapPoint[]; height?: number }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ReturnType<typeof echarts.init> | null>(null);

  const option = useMemo<MapOption>(() => {
    const lats = points.map((p) => p.lat);
    const lons = points.map((p) => p.lon);
    const pad = (lo: number, hi: number) => Math.max((hi - lo) * 0.08, 0.002);
    const [s, n] = [Math.min(...lats), Math.max(...lats)];
    const [w, e] = [Math.min(...lons), Math.max(...lons)];
    const fmt = (v: number) => v.toFixed(3);
    const series = (highlighted: boolean): ScatterSeriesOption => ({
      type: 'scatter',
      symbolSize: highlighted ? 10 : 5,
      itemStyle: { color: highlighted ? '#d4380d' : '#1f5fbf', opacity: highlighted ? 1 : 0.7 },
      data: points
        .filter((p) => Boolean(p.highlighted) === highlighted)
        .map((p) => ({ name: p.name, value: [p.lon, p.lat] })),
    });
    return {
      animation: false,
      grid: { left: 56, right: 16, top: 16, bottom: 32 },
      tooltip: {
        trigger: 'item',
        formatter: (p) => {
          const item = Array.isArray(p) ? p[0] : p;
          const [lon, lat] = (item?.value ?? [0, 0]) as number[];
          return `${item?.name ?? ''}<br/>${fmt(lon ?? 0)}, ${fmt(lat ?? 0)}`;
        },
      },
      xAxis: {
        type: 'value',
        min: points.length ? w - pad(w, e) : undefined,
        max: points.length ? e + pad(w, e) : undefined,
        axisLabel: { formatter: (v: number) => `${fmt(v)}°E` },
        splitLine: { lineStyle: { type: 'dashed' } },
      },
      yAxis: {
        type: 'value',
        min: points.length ? s - pad(s, n) : undefined,
        max: points.length ? n + pad(s, n) : undefined,
        axisLabel: { formatter: (v: number) => `${fmt(v)}°N` },
        splitLine: { lineStyle: { type: 'dashed' } },
      },
      series: [series(false), series(true)],
    };
  }, [points]);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const chart = echarts.init(container);
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

  return <div ref={containerRef} data-testid="geo-map" style={{ width: '100%', height }} />;
}
