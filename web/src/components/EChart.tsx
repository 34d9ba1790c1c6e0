// A thin wrapper over ECharts (only the bar chart, grid, tooltip and legend are bundled), imported
// only by the pages that chart, so it lands in their chunks and never in the login page's.
import { BarChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

export function EChart({ option, height = 320, label }: { option: ChartOption; height?: number; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: "canvas" });
    const resize = () => chart.resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.dispose();
    };
  }, []);
  useEffect(() => {
    if (ref.current) echarts.getInstanceByDom(ref.current)?.setOption(option, true);
  }, [option]);
  return <div ref={ref} role="img" aria-label={label} style={{ width: "100%", height }} />;
}
