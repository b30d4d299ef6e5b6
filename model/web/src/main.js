// The policy simulator page (docs/simulator.md): the scenario embedded by `clustersim app`, the
// model as WebAssembly on the main thread for slider moves (one run is well under a frame), and
// a Web Worker each for the Monte Carlo and for the perturbed runs (the binding factor with its
// gains, what the levers buy). Charts: uPlot.
import createClustersim from './wasm/clustersim.mjs';
import McWorker from './worker.js?worker&inline';
import { STRINGS } from './i18n.js';
import { Charts } from './charts.js';
import { Controls } from './controls.js';
import { renderTargets, renderLegend, renderBuys, renderSources, renderClusters } from './tables.js';
import { emptyState, toHash, fromHash, normal } from './state.js';

const MC_RUNS = 500;          // as the issue asks; `#...&mc=2000` in the URL for more
const MC_SEED = 20240101;     // clustersim sweep's default seed: the same runs as the CLI's

const $ = (id) => document.getElementById(id);
const page = {
  lang: 'zh', state: emptyState(), pinned: null, pinnedRun: null, base: null, run: null,
  mc: null, mcState: null, analysed: null, latencies: [], runs: 0,
};
window.clustersim = page;  // for the tests and the benchmark

function t() { return STRINGS[page.lang]; }

function status(text, error = false) {
  const s = $('status');
  s.textContent = text || '';
  s.classList.toggle('error', error);
}

function stateText(state) { return JSON.stringify(normal(state, page.info)); }

function translate() {
  document.documentElement.lang = page.lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of document.querySelectorAll('.i18n')) el.textContent = t()[el.dataset.i18n];
  $('lang').textContent = page.lang === 'zh' ? 'English' : '中文';
  $('pin').textContent = page.pinned ? t().unpin : t().pin;
  const s = page.info.scenario;
  $('title').textContent = s.title;
  $('subtitle').textContent = `${page.lang === 'zh' ? s.region : s.region_en || s.region} · ${page.info.years[0]}–${page.info.years.at(-1)} · ${s.file}`;
  document.title = `${s.title} · clustersim`;
}

function mcFresh() {
  return page.mc && !page.mc.error && page.mcState === stateText(page.state);
}

function layout() {
  page.charts.layout(t(), page.lang, page.base, page.pinnedRun, mcFresh() ? page.mc.bands : null);
  page.charts.update(page.run);
}

// The binding factor and what the levers buy of the current state, once the worker has them.
function analysed() {
  const a = page.analysed;
  return a && !a.result.error && a.state === stateText(page.state) ? a.result : null;
}

function renderTables() {
  const a = analysed();
  renderTargets($('targets'), page.info, page.run, t(), page.lang,
    { pinned: page.pinnedRun, mc: page.mc, mcFresh: mcFresh(), analysed: a });
  renderClusters($('clusters'), page.info, page.run, a, t(), page.lang);
}

function renderAnalysis() {
  renderTables();
  const a = page.analysed;
  renderBuys($('buys'), $('buys-note'), page.info, a && a.result, t(), page.lang);
}

function renderAll() {
  translate();
  page.controls.render(page.state, t(), page.lang);
  renderLegend($('legend'), page.info, t(), page.lang);
  renderSources($('sources'), page.info, t(), page.lang);
  layout();
  renderAnalysis();
}

function runState(state) {
  const r = JSON.parse(page.sim.run(stateText(state)));
  page.runs += 1;
  return r;
}

let hashTimer = 0;
function saveHash() {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(() => {
    const hash = toHash(normal(page.state, page.info), page.lang, page.pinned ? normal(page.pinned, page.info) : null);
    history.replaceState(null, '', hash || location.pathname + location.search);
  }, 150);
}

// Every slider move: run, redraw the current series and the table, record the latency.
function onChange(kind, event) {
  const started = event && event.timeStamp ? event.timeStamp : performance.now();
  const r = runState(page.state);
  if (r.error) {
    status(t().runFailed + r.error, true);
    return;
  }
  page.run = r;
  const fresh = Boolean(mcFresh());
  if (page.mc && fresh !== page.mcBands) {  // the bands belong to one state only
    page.mcBands = fresh;
    layout();
    if (!fresh) status(t().stale);
  }
  page.charts.update(r);
  renderTables();
  // uPlot paints in a microtask queued by update(): this one runs after it.
  queueMicrotask(() => {
    page.latencies.push(performance.now() - started);
    if (page.latencies.length > 1000) page.latencies.shift();
  });
  saveHash();
  scheduleAnalysis();
}

// The binding factor and what the levers buy: in the worker, once the sliders rest.
let analysisTimer = 0;
let analysisId = 0;
function scheduleAnalysis() {
  clearTimeout(analysisTimer);
  analysisTimer = setTimeout(() => {
    analysisId += 1;
    page.analysis.postMessage({ type: 'analyse', id: analysisId, state: stateText(page.state) });
  }, 150);
}

function startWorker(onMessage) {
  const w = new McWorker();
  w.onmessage = (e) => onMessage(e.data);
  w.postMessage({ type: 'init', id: 0, doc: page.docText });
  return w;
}

function runMonteCarlo() {
  if (!page.info.uncertainty) {
    status(t().mcNone, true);
    return;
  }
  if (page.mcWorker) page.mcWorker.terminate();  // a new request replaces one still running
  const n = Number(new URLSearchParams(location.hash.slice(1)).get('mc')) || MC_RUNS;
  const id = (page.mcId = (page.mcId || 0) + 1);
  const stateAtStart = stateText(page.state);
  $('mc').disabled = true;
  $('mc').textContent = t().mcRunning;
  page.mcWorker = startWorker((m) => {
    if (m.id !== id) return;
    if (m.type === 'mc-progress') {
      status(t().mcProgress(m.done, m.n));
    } else if (m.type === 'mc') {
      $('mc').disabled = false;
      $('mc').textContent = t().mc;
      page.mcWorker.terminate();
      page.mcWorker = null;
      if (m.result.error) {
        status(m.result.error, true);
        return;
      }
      page.mc = m.result;
      page.mcState = stateAtStart;
      page.mcBands = Boolean(mcFresh());
      const dropped = m.result.dropped.length ? ` · ${t().mcDropped(m.result.dropped.join(', '))}` : '';
      status((mcFresh() ? t().mcDone(m.result.runs, m.result.seed, m.result.failed) : t().stale) + dropped);
      layout();
      renderTables();
    }
  });
  page.mcWorker.postMessage({ type: 'mc', id, state: stateAtStart, n, seed: MC_SEED });
}

function exportScenario() {
  const name = `${page.info.scenario.name}-whatif`.slice(0, 60);
  const title = `${page.info.scenario.title} — ${page.lang === 'zh' ? '模拟器方案' : 'simulator what-if'}`;
  const r = JSON.parse(page.sim.whatif(stateText(page.state), name, title));
  if (r.error) {
    status(r.error, true);
    return;
  }
  const url = URL.createObjectURL(new Blob([r.yaml], { type: 'text/yaml;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.yaml`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  page.lastExport = r.yaml;
  status(t().exported);
}

function togglePin() {
  if (page.pinned) {
    page.pinned = null;
    page.pinnedRun = null;
  } else {
    page.pinned = JSON.parse(JSON.stringify(page.state));
    page.pinnedRun = page.run;
    status(t().pinned);
  }
  translate();
  layout();
  renderTables();
  saveHash();
}

async function copyLink() {
  saveHash();
  await new Promise((r) => setTimeout(r, 200));
  try {
    await navigator.clipboard.writeText(location.href);
    status(t().copied);
  } catch {
    status(location.href);
  }
}

async function main() {
  const element = $('scenario');
  page.docText = element.textContent;
  if (page.docText.trim().startsWith('"@')) {
    status('This is the page template: `clustersim app SCENARIO.yaml --out DIR` puts a scenario in it.', true);
    return;
  }
  const M = await createClustersim();
  page.sim = new M.Simulator(page.docText);
  page.info = JSON.parse(page.sim.info());
  const fromUrl = fromHash(location.hash, page.info);
  page.state = fromUrl.state;
  page.lang = fromUrl.lang;
  page.base = runState(emptyState());
  if (page.base.error) {
    status(t().runFailed + page.base.error, true);
    return;
  }
  if (fromUrl.pinned) {
    page.pinned = fromUrl.pinned;
    page.pinnedRun = runState(page.pinned);
  }
  page.run = runState(page.state);
  if (page.run.error) {
    status(t().runFailed + page.run.error, true);
    page.state = emptyState();
    page.run = page.base;
  }
  page.charts = new Charts($('charts'), page.info);
  page.controls = new Controls($('controls'), page.info, onChange);
  page.analysis = startWorker((m) => {
    if (m.type === 'analyse' && m.id === analysisId) {
      page.analysed = { state: m.state, result: m.result };
      if (m.result.error) status(t().runFailed + m.result.error, true);
      renderAnalysis();
    }
  });
  $('mc').addEventListener('click', runMonteCarlo);
  $('export').addEventListener('click', exportScenario);
  $('pin').addEventListener('click', togglePin);
  $('link').addEventListener('click', copyLink);
  $('reset').addEventListener('click', () => {
    page.state = emptyState();
    page.controls.render(page.state, t(), page.lang);
    onChange('reset');
  });
  $('lang').addEventListener('click', () => {
    page.lang = page.lang === 'zh' ? 'en' : 'zh';
    renderAll();
    saveHash();
  });
  renderAll();
  scheduleAnalysis();
  page.ready = true;
  document.body.dataset.ready = '1';
}

main().catch((e) => {
  status(String(e && e.message ? e.message : e), true);
  console.error(e);
});
