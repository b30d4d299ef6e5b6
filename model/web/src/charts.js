// One trajectory chart per cluster (uPlot, canvas): the current run, the scenario's run kept
// faintly, plan B when pinned, the Monte Carlo 5–95% band when run, the targets as markers.
// uPlot redraws a chart in well under a millisecond, so a slider move repaints all of them
// within one frame (bench/bench_simulator.mjs); ECharts took ~6 ms a chart here.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { number } from './format.js';

const FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif';
const COLORS = { current: '#1f5fa8', base: '#9aa5b1', b: '#e07b00', band: 'rgba(31,95,168,0.16)', target: '#c0392b' };

export class Charts {
  constructor(container, info) {
    this.container = container;
    this.info = info;
    this.plots = [];
    this.data = [];
    window.addEventListener('resize', () => {
      for (const u of this.plots) u.setSize(this.size(u.root.parentElement));
    });
  }

  size(div) {
    return { width: Math.max(div.clientWidth - 2, 200), height: 230 };
  }

  // Built anew on load, on language change, and when plan B, the band or the base change.
  layout(t, lang, base, pinned, band) {
    for (const u of this.plots) u.destroy();
    this.container.textContent = '';
    this.plots = [];
    this.data = [];
    this.current = [];
    const years = this.info.years;
    const fmt = (v) => number(v, lang, 0);
    this.info.clusters.forEach((c, i) => {
      const div = document.createElement('div');
      div.className = 'chart';
      div.dataset.cluster = c.id;
      this.container.appendChild(div);
      const targets = years.map((y) => {
        const tg = this.info.targets.find((x) => x.cluster === c.id && x.year === y);
        return tg ? tg.value : null;
      });
      const value = (u, v) => (v === null || v === undefined ? '–' : number(v, lang, 1));
      // Only the series there are: the legend lists what the chart shows.
      const series = [{ label: t.year, value: (u, v) => (v === null || v === undefined ? '' : String(v)) }];
      const data = [years];
      if (band) {
        series.push({ label: `${t.band}: 5%`, stroke: 'transparent', value },
          { label: '95%', stroke: 'transparent', value });
        data.push(band[i].map((q) => q[0]), band[i].map((q) => q[4]));
      }
      series.push({ label: t.baseline, stroke: COLORS.base, width: 1.5, dash: [6, 4], points: { show: false }, value });
      data.push(base ? base.output[i] : years.map(() => null));
      if (pinned) {
        series.push({ label: t.planB, stroke: COLORS.b, width: 2, value });
        data.push(pinned.output[i]);
      }
      const current = data.length;
      series.push({ label: t.current, stroke: COLORS.current, width: 2.5, value });
      data.push(base ? base.output[i] : years.map(() => null));
      series.push({ label: t.targetMark, stroke: COLORS.target, paths: () => null,
        points: { show: true, size: 10, fill: COLORS.target, stroke: COLORS.target }, value });
      data.push(targets);
      const opts = {
        ...this.size(div),
        title: `${lang === 'zh' ? c.name : c.name_en} (${c.unit})`,
        pxAlign: 0,
        cursor: { points: { size: 6 } },
        legend: { show: true, live: true },
        scales: { x: { time: false }, y: { range: (u, min, max) => [0, max * 1.08] } },
        axes: [
          { font: `11px ${FONT}`, values: (u, vals) => vals.map((v) => (Number.isInteger(v) ? String(v) : '')) },
          { font: `11px ${FONT}`, size: 56, values: (u, vals) => vals.map(fmt) },
        ],
        series,
        bands: band ? [{ series: [2, 1], fill: COLORS.band }] : [],
      };
      this.current.push(current);
      this.plots.push(new uPlot(opts, data, div));
      this.data.push(data);
    });
  }

  // The fast path of a slider move: only the current run's series; the scales follow.
  update(run) {
    this.plots.forEach((u, i) => {
      const data = this.data[i];
      data[this.current[i]] = run.output[i];
      u.setData(data);
    });
  }
}
