import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption, ECharts } from 'echarts/core';
import { useEffect, useRef } from 'react';

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

type Props = {
  option: ChartOption;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  label: string;
  height?: number;
  /** Called with the index of the clicked bar or point. */
  onClick?: (dataIndex: number) => void;
};

/**
 * One ECharts chart: init on mount, setOption on change, resize with its box, dispose on
 * unmount. ECharts loads on first use, so pages without charts do not carry it.
 */
export function EChart({ option, label, height = 300, onClick }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const latest = useRef({ option, onClick });
  latest.current = { option, onClick };

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import('@/features/reports/components/echarts-core').then(({ echarts }) => {
      const el = box.current;
      if (disposed || !el) return;
      const instance = echarts.init(el);
      instance.setOption(latest.current.option);
      instance.on('click', (e) => latest.current.onClick?.(e.dataIndex));
      chart.current = instance;
      observer = new ResizeObserver(() => instance.resize());
      observer.observe(el);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
