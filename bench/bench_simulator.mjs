// The simulator page's speed, printed (never a timed test):
//  - slider move to redrawn charts: from the input event's time stamp to the end of the handler
//    that ran the model, painted a chart per cluster (uPlot) and rebuilt the target and cluster
//    tables; median and 95th percentile over 200 moves of the IC fund slider;
//  - one model run in WebAssembly (Simulator.run, JSON in and out) against the same call native
//    (build/bench/bench_app_native); median of 200 runs each;
//  - the worker's analysis once the sliders rest (Simulator.analyse: the marginal binding and
//    what the levers buy, 8 x clusters + 2 perturbed runs), WebAssembly against native; 20 calls.
// Run with:  cmake --build build --target bench_simulator
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(path.join(process.env.CLUSTERSIM_WEB_DIR, 'node_modules', 'x.js'));
const { chromium } = require('playwright-core');
const SOURCE = process.env.CLUSTERSIM_SOURCE_DIR;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clustersim-bench-'));
execFileSync(process.env.CLUSTERSIM_BIN, ['app', path.join(SOURCE, 'scenarios/pingshan-2024.yaml'), '--out', tmp]);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
await page.goto(pathToFileURL(path.join(tmp, 'index.html')).href);
await page.waitForSelector('body[data-ready="1"]');

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

// 200 moves, each a real input event on the slider, one per animation frame.
const latencies = await page.evaluate(async () => {
  const input = document.querySelector('input[data-id="fund.ic"]');
  window.clustersim.latencies.length = 0;
  for (let k = 0; k < 220; k++) {
    input.value = String(1 + (k % 200) * 0.01);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => requestAnimationFrame(() => r()));
  }
  return window.clustersim.latencies.slice(20);  // after a warm-up
});
const wasm = await page.evaluate(() => {
  const sim = window.clustersim.sim;
  const us = [];
  for (let k = 0; k < 220; k++) {
    const state = JSON.stringify({ levers: { 'fund.ic': 1 + (k % 200) * 0.01 } });
    const t0 = performance.now();
    sim.run(state);
    us.push((performance.now() - t0) * 1000);
  }
  return us.slice(20);
});
const analyse = await page.evaluate(() => {
  const sim = window.clustersim.sim;
  const ms = [];
  for (let k = 0; k < 22; k++) {
    const state = JSON.stringify({ levers: { 'fund.ic': 1 + k * 0.05 } });
    const t0 = performance.now();
    sim.analyse(state);
    ms.push(performance.now() - t0);
  }
  return ms.slice(2);
});
const clusters = await page.evaluate(() => window.clustersim.info.clusters.length);
await browser.close();
fs.rmSync(tmp, { recursive: true, force: true });

// "native_run_us <median> <p95>" and "native_analyse_ms <median> <p95>"
const nativeLines = execFileSync(process.env.CLUSTERSIM_NATIVE_BENCH, ['200'], { encoding: 'utf8' }).trim().split('\n');
const nativeFigure = (label) => nativeLines.find((l) => l.startsWith(label)).split(/\s+/).slice(1).map(Number);
const native = [null, ...nativeFigure('native_run_us')];
const nativeMedian = native[1];
const nativeAnalyse = nativeFigure('native_analyse_ms');
const fmt = (x) => x.toFixed(1);
console.log(`simulator page, Pingshan (${clusters} clusters, 2023-2030), headless Chromium, ${os.cpus().length} cores`);
console.log(`slider move -> redrawn charts: median ${fmt(quantile(latencies, 0.5))} ms, p95 ${fmt(quantile(latencies, 0.95))} ms over ${latencies.length} moves (goal: median < 16, p95 < 50)`);
console.log(`one run, WebAssembly: median ${fmt(quantile(wasm, 0.5))} us, p95 ${fmt(quantile(wasm, 0.95))} us`);
console.log(`one run, native:      median ${fmt(nativeMedian)} us, p95 ${fmt(Number(native[2]))} us`);
console.log(`WebAssembly / native: ${(quantile(wasm, 0.5) / nativeMedian).toFixed(2)} (goal: within 2)`);
console.log(`analysis in the worker (binding + levers), WebAssembly: median ${fmt(quantile(analyse, 0.5))} ms, p95 ${fmt(quantile(analyse, 0.95))} ms; native: median ${fmt(nativeAnalyse[0])} ms, p95 ${fmt(nativeAnalyse[1])} ms`);
