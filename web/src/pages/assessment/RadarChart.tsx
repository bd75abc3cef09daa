// The four dimension scores as a radar, each axis scaled to its dimension's maximum, so a full
// polygon means full marks. Registers only ECharts' radar on top of what the shell registers.

import { RadarChart as Radar } from 'echarts/charts';
import { LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { DIMENSIONS } from '../../../../src/domain/assessment/scale.ts';
import type { Dimension } from './shared.ts';

echarts.use([Radar, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Long axis names break into short lines so the left and right labels stay inside the canvas. */
function wrap(name: string, lang: 'zh-CN' | 'en'): string {
  if (lang !== 'en') return name.length > 4 ? name.match(/.{1,4}/g)!.join('\n') : name;
  const lines: string[] = [];
  for (const word of name.split(' ')) {
    const last = lines[lines.length - 1];
    if (last && `${last} ${word}`.length <= 12) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

interface Series {
  name: string;
  dimensions: Record<Dimension, number>;
}

export function DimensionRadar({
  series,
  lang,
  label,
  height = 320,
  big = false,
}: {
  series: Series[];
  lang: 'zh-CN' | 'en';
  label: string;
  height?: number;
  big?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(ref.current!);
    chart.setOption({
      animation: false, // the printed report captures the final drawing
      tooltip: {},
      legend: series.length > 1 ? { bottom: 0, textStyle: { fontSize: big ? 18 : 12 } } : undefined,
      radar: {
        indicator: DIMENSIONS.map((d) => ({
          name: `${wrap(lang === 'en' ? d.en : d.zh, lang)}\n(${d.max})`,
          max: d.max,
        })),
        axisName: { color: '#333', fontSize: big ? 18 : 13 },
        radius: '55%',
      },
      series: [
        {
          type: 'radar',
          data: series.map((s) => ({
            name: s.name,
            value: DIMENSIONS.map((d) => s.dimensions[d.code]),
            label: { show: true, fontSize: big ? 16 : 12 },
            areaStyle: { opacity: 0.25 },
          })),
        },
      ],
    });
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(ref.current!);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [series, lang, big]);
  return <div ref={ref} role="img" aria-label={label} className="yy-assess-radar" style={{ width: '100%', height }} />;
}
