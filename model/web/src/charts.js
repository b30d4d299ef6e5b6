// One trajectory chart per cluster (Apache ECharts, canvas): the current run, the scenario's run
// kept faintly, plan B when pinned, the Monte Carlo band when run, the targets as markers.
import * as echarts from 'echarts/core';
import { LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, TitleComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { number } from './format.js';

echarts.use([LineChart, ScatterChart, GridComponent, TooltipComponent, TitleComponent, CanvasRenderer]);

const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif';
const COLORS = { current: '#1f5fa8', base: '#9aa5b1', b: '#e07b00', band: 'rgba(31,95,168,0.16)', target: '#c0392b' };

export class Charts {
  constructor(container, info) {
    this.info = info;
    this.charts = info.clusters.map((c) => {
      const div = document.createElement('div');
      div.className = 'chart';
      div.dataset.cluster = c.id;
      container.appendChild(div);
      return echarts.init(div, null, { renderer: 'canvas' });
    });
    window.addEventListener('resize', () => this.charts.forEach((ch) => ch.resize()));
  }

  // Full option: called on load, on language change, and when B, the band or the base change.
  layout(t, lang, base, pinned, band) {
    const years = this.info.years.map(String);
    this.info.clusters.forEach((c, i) => {
      const targets = this.info.targets
        .filter((tg) => tg.cluster === c.id)
        .map((tg) => ({ value: [String(tg.year), tg.value], label: number(tg.value, lang, 0) }));
      const series = [];
      if (band) {
        series.push({ id: 'band-low', type: 'line', stack: 'band', symbol: 'none', silent: true,
          lineStyle: { opacity: 0 }, data: band[i].map((q) => q[0]) });
        series.push({ id: 'band-width', name: t.band, type: 'line', stack: 'band', symbol: 'none', silent: true,
          lineStyle: { opacity: 0 }, areaStyle: { color: COLORS.band }, data: band[i].map((q) => q[4] - q[0]) });
      }
      series.push({ id: 'base', name: t.baseline, type: 'line', symbol: 'none', silent: true,
        lineStyle: { color: COLORS.base, width: 1.5, type: 'dashed' }, data: base ? base.output[i] : [] });
      if (pinned) {
        series.push({ id: 'b', name: t.planB, type: 'line', symbol: 'circle', symbolSize: 4,
          lineStyle: { color: COLORS.b, width: 2 }, itemStyle: { color: COLORS.b }, data: pinned.output[i] });
      }
      series.push({ id: 'current', name: t.current, type: 'line', symbol: 'circle', symbolSize: 5,
        lineStyle: { color: COLORS.current, width: 2.5 }, itemStyle: { color: COLORS.current }, data: [] });
      series.push({ id: 'targets', name: t.targetMark, type: 'scatter', symbol: 'diamond', symbolSize: 11,
        itemStyle: { color: COLORS.target }, data: targets.map((x) => x.value),
        label: { show: true, position: 'left', formatter: (p) => number(p.value[1], lang, 0), color: COLORS.target, fontSize: 11 } });
      const name = lang === 'zh' ? c.name : c.name_en;
      this.charts[i].setOption({
        animation: false,
        textStyle: { fontFamily: FONT },
        title: { text: name, subtext: c.unit, left: 8, top: 4, textStyle: { fontSize: 14 }, subtextStyle: { fontSize: 11 } },
        grid: { left: 56, right: 16, top: 48, bottom: 26 },
        tooltip: { trigger: 'axis', valueFormatter: (v) => number(v, lang, 1) },
        xAxis: { type: 'category', data: years, boundaryGap: false },
        yAxis: { type: 'value', scale: false, axisLabel: { formatter: (v) => number(v, lang, 0) } },
        series,
      }, { notMerge: true, lazyUpdate: false });
    });
  }

  // The fast path of a slider move: only the current run's series, painted at once.
  update(run) {
    this.charts.forEach((chart, i) => {
      chart.setOption({ series: [{ id: 'current', data: run.output[i] }] }, { lazyUpdate: false, silent: true });
      chart.getZr().flush();
    });
  }

  image(i) {
    return this.charts[i].getDataURL({ pixelRatio: 2, backgroundColor: '#fff' });
  }
}
