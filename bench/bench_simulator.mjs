// The simulator page's speed, printed (never a timed test):
//  - slider move to redrawn charts: from the input event's time stamp to the end of the handler
//    that ran the model, painted the six charts (ECharts, flushed at once) and rebuilt the
//    target table; median and 95th percentile over 200 moves of the IC fund slider;
//  - one model run in WebAssembly (Simulator.run, JSON in and out) against the same call native
//    (build/bench/bench_app_native); median of 200 runs each.
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
await browser.close();
fs.rmSync(tmp, { recursive: true, force: true });

const native = execFileSync(process.env.CLUSTERSIM_NATIVE_BENCH, ['200'], { encoding: 'utf8' }).trim().split(/\s+/);
const nativeMedian = Number(native[1]);
const fmt = (x) => x.toFixed(1);
console.log(`simulator page, Pingshan (6 clusters, 2023-2030), headless Chromium, ${os.cpus().length} cores`);
console.log(`slider move -> redrawn charts: median ${fmt(quantile(latencies, 0.5))} ms, p95 ${fmt(quantile(latencies, 0.95))} ms over ${latencies.length} moves (goal: median < 16, p95 < 50)`);
console.log(`one run, WebAssembly: median ${fmt(quantile(wasm, 0.5))} us, p95 ${fmt(quantile(wasm, 0.95))} us`);
console.log(`one run, native:      median ${fmt(nativeMedian)} us, p95 ${fmt(Number(native[2]))} us`);
console.log(`WebAssembly / native: ${(quantile(wasm, 0.5) / nativeMedian).toFixed(2)} (goal: within 2)`);
