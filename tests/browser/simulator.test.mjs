// The simulator page in a real browser (Debian's chromium, driven by playwright-core from the
// build's npm ci; nothing is downloaded). Run by ctest (tests/browser/CMakeLists.txt) as
//   node --test tests/browser/simulator.test.mjs
// with CLUSTERSIM_BIN, CLUSTERSIM_WEB_DIR, CLUSTERSIM_SOURCE_DIR and CLUSTERSIM_ARTIFACTS set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const BIN = process.env.CLUSTERSIM_BIN;
const SOURCE = process.env.CLUSTERSIM_SOURCE_DIR;
const ARTIFACTS = process.env.CLUSTERSIM_ARTIFACTS;
const require = createRequire(path.join(process.env.CLUSTERSIM_WEB_DIR, 'node_modules', 'x.js'));
const { chromium } = require('playwright-core');

const SCENARIO = path.join(SOURCE, 'scenarios', 'pingshan-2024.yaml');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clustersim-browser-'));
let browser;
let pageUrl;

function clustersim(...args) {
  return execFileSync(BIN, args, { encoding: 'utf8', cwd: SOURCE, maxBuffer: 1 << 26 });
}

function relClose(a, b, tol) {
  return Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

// A fresh page; every console error, failed request and request off file:// is recorded.
async function open(url = pageUrl, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1500, height: 1100 }, acceptDownloads: true, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith('file:') || u.startsWith('blob:') || u.startsWith('data:')) return route.continue();
    problems.push(`network request: ${u}`);
    return route.abort();
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });
  return { page, context, problems };
}

async function setSlider(page, id, value) {
  await page.$eval(`input[data-id="${id}"]`, (input, v) => {
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

async function projected(page, k) {
  return Number(await page.getAttribute(`tr[data-target="${k}"] td.projected`, 'data-value'));
}

before(async () => {
  clustersim('app', SCENARIO, '--out', path.join(tmp, 'app'));
  pageUrl = pathToFileURL(path.join(tmp, 'app', 'index.html')).href;
  browser = await chromium.launch({
    executablePath: process.env.CLUSTERSIM_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync',
      '--disable-background-networking', '--disable-component-update'],
  });
});

after(async () => {
  if (browser) await browser.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('clustersim app writes one file that loads from file:// with no console errors and no network', async () => {
  assert.deepEqual(fs.readdirSync(path.join(tmp, 'app')), ['index.html']);
  const { page, context, problems } = await open();
  assert.equal(await page.textContent('#title'), '坪山区"6+3"产业集群 2023–2030');
  assert.equal(await page.locator('tr[data-target]').count(), 12);
  assert.equal(await page.locator('.chart canvas').count() >= 6, true);
  // Fund, land, floor and talent for each of the 7 clusters, and the region's three pools.
  assert.equal(await page.locator('input[type=range]').count(), 31);
  await page.waitForSelector('#buys tr[data-cluster]');  // the worker answered
  assert.equal(await page.locator('#clusters tr[data-cluster]').count(), 7);
  assert.deepEqual(problems, []);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'simulator.png') });
  await context.close();
});

test('the IC fund slider at x2 shows the 2030 IC figure of clustersim run --set levers.fund.ic.scale=2', async () => {
  const cli = JSON.parse(clustersim('run', SCENARIO, '--set', 'levers.fund.ic.scale=2', '--format', 'json'));
  const k = cli.targets.findIndex((t) => t.cluster === 'ic' && t.year === 2030);
  const { page, context, problems } = await open();
  const before = await projected(page, k);
  await setSlider(page, 'fund.ic', 2);
  const shown = await projected(page, k);
  assert.notEqual(shown, before);
  assert.ok(relClose(shown, cli.targets[k].projected, 1e-9), `${shown} vs ${cli.targets[k].projected}`);
  // Every other target too, and the table shows the same figure rounded.
  for (let j = 0; j < cli.targets.length; j++) {
    assert.ok(relClose(await projected(page, j), cli.targets[j].projected, 1e-9), `target ${j}`);
  }
  const text = await page.textContent(`tr[data-target="${k}"] td.projected`);
  assert.equal(text, `${cli.targets[k].projected.toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} 亿元`);
  // The binding factor (marginal, from the worker's perturbed runs) is the CLI's for every target.
  await page.waitForSelector(`tr[data-target="${k}"] td.binding`);
  for (let j = 0; j < cli.targets.length; j++) {
    assert.equal(await page.getAttribute(`tr[data-target="${j}"] td.binding`, 'data-binding'), cli.targets[j].binding, `target ${j}`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('the exported what-if YAML reproduces the page with clustersim run', async () => {
  const { page, context, problems } = await open();
  await setSlider(page, 'fund.ic', 2.35);
  await setSlider(page, 'land.ic', 12);        // earmarked land, not in the scenario
  await setSlider(page, 'talent.region', 0.8);
  await page.uncheck('input[data-event="byd_licence_moves"]');
  const shown = [];
  for (let j = 0; j < 12; j++) shown.push(await projected(page, j));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  // "Save it next to the scenario", in the repository's layout: scenarios/ beside data/ (the
  // scenario's sources_file is ../data/sources.csv).
  const root = fs.mkdtempSync(path.join(tmp, 'whatif-'));
  const dir = path.join(root, 'scenarios');
  fs.mkdirSync(dir);
  fs.mkdirSync(path.join(root, 'data'));
  fs.copyFileSync(path.join(SOURCE, 'data', 'sources.csv'), path.join(root, 'data', 'sources.csv'));
  const file = path.join(dir, download.suggestedFilename());
  await download.saveAs(file);
  fs.copyFileSync(SCENARIO, path.join(dir, 'pingshan-2024.yaml'));
  const yaml = fs.readFileSync(file, 'utf8');
  assert.match(yaml, /^extends: pingshan-2024\.yaml$/m);
  assert.match(yaml, /byd_licence_moves: null/);
  const cli = JSON.parse(clustersim('run', file, '--format', 'json'));
  cli.targets.forEach((t, j) => assert.ok(relClose(shown[j], t.projected, 1e-9), `target ${j}: ${shown[j]} vs ${t.projected}`));
  // The what-if also sweeps: the switched-off event's uncertain inputs are dropped in the file.
  clustersim('sweep', file, '-n', '4', '--threads', '1');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the URL carries the state: a link reopens the same what-if, language and plan B', async () => {
  const first = await open();
  await setSlider(first.page, 'fund.ic', 1.5);
  await first.page.click('#pin');                // B = IC fund x1.5
  await setSlider(first.page, 'land.region', 1.25);
  await first.page.uncheck('input[data-event="byd_licence_moves"]');
  await first.page.click('#lang');
  await first.page.waitForTimeout(400);          // the hash is written 150 ms after a change
  const url = first.page.url();
  assert.match(url, /#.*fund\.ic=1\.5/);
  const values = [];
  for (let j = 0; j < 12; j++) values.push(await projected(first.page, j));
  await first.context.close();

  const second = await open(url);
  assert.equal(await second.page.inputValue('input[data-id="fund.ic"]'), '1.5');
  assert.equal(await second.page.inputValue('input[data-id="land.region"]'), '1.25');
  assert.equal(await second.page.isChecked('input[data-event="byd_licence_moves"]'), false);
  assert.equal(await second.page.textContent('#lang'), '中文');  // opened in English
  for (let j = 0; j < 12; j++) assert.equal(await projected(second.page, j), values[j]);
  assert.equal(await second.page.locator('td.projected-b').count(), 12);  // plan B came along
  assert.deepEqual(second.problems, []);
  await second.context.close();
});

test('A/B: the pinned state stays while the current one moves', async () => {
  const { page, context, problems } = await open();
  const base = await projected(page, 3);
  await page.click('#pin');
  await setSlider(page, 'fund.ic', 3);
  const b = Number(await page.getAttribute('tr[data-target="3"] td.projected-b', 'data-value'));
  assert.equal(b, base);
  assert.ok(await projected(page, 3) > base);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the language switch changes every label', async () => {
  const { page, context, problems } = await open();
  const selectors = ['[data-i18n]', '#targets th', 'aside summary', '.control label span:first-child',
    '.control .hint', '#pin', '#lang', '#subtitle', '#targets td.verdict', '#buys th', '#targets td.name',
    '#clusters th', '#targets td.binding'];
  const texts = async () => {
    const out = {};
    for (const s of selectors) out[s] = await page.$$eval(s, (els) => els.map((e) => e.textContent.trim()));
    return out;
  };
  await page.waitForSelector('#buys tr[data-cluster]');
  const zh = await texts();
  await page.click('#lang');
  await page.waitForSelector('#buys th');
  await page.waitForSelector('#targets td.binding');
  const en = await texts();
  const cjk = /[\u3400-\u9fff]/;
  for (const s of selectors) {
    assert.ok(zh[s].length > 0, `${s} exists`);
    assert.equal(en[s].length, zh[s].length, s);
    zh[s].forEach((text, k) => {
      if (s === '#subtitle') return;  // region name and file: checked below
      assert.notEqual(en[s][k], text, `${s}[${k}] '${text}' did not change`);
      // English labels carry no Chinese, bar the unit 亿元 and 万m² where a unit is shown, the
      // statistical term 规上 (industry above designated size) that the scenario's English names
      // keep (pingshan-2024's `other` cluster), and the button back to Chinese.
      if (s !== '#lang') assert.ok(!cjk.test(en[s][k].replace(/亿元|万m²|规上/g, '')), `${s}[${k}] '${en[s][k]}'`);
    });
  }
  assert.match(en['#subtitle'][0], /^Pingshan District, Shenzhen/);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Monte Carlo in the page matches clustersim sweep with the same seed, and the sliders stay live', async () => {
  const { page, context, problems } = await open();
  await page.click('#mc');
  // The worker runs while the page answers a slider move at once.
  await setSlider(page, 'fund.ic', 1.5);
  await setSlider(page, 'fund.ic', 1);
  await page.waitForSelector('td.probability', { timeout: 120000 });
  const out = path.join(tmp, 'sweep');
  clustersim('sweep', SCENARIO, '-n', '500', '--seed', '20240101', '--out', out);
  const csv = (name) => fs.readFileSync(path.join(out, name), 'utf8').trim().split('\n').map((l) => l.split(','));
  const targets = csv('targets.csv');
  const header = targets[0];
  const pCol = header.indexOf('probability');
  const mc = await page.evaluate(() => window.clustersim.mc);
  assert.equal(mc.runs, 500);
  assert.equal(mc.seed, 20240101);
  targets.slice(1).forEach((row, k) => {
    const cliP = Number(row[pCol]);
    const pageP = mc.targets[k].probability;
    // The same sampler and seed, but the Latin hypercube's permutations come from <random>'s
    // shuffle, whose algorithm differs between libstdc++ (native) and libc++ (WebAssembly): two
    // samples of the same distributions. Natively the page's code gives the CLI's numbers
    // exactly (tests/app); here they agree within sampling error (3 standard errors of a
    // difference of two estimates from 500 runs).
    const se = Math.sqrt(Math.max(cliP * (1 - cliP), 0.25 / 500) / 500);
    assert.ok(Math.abs(pageP - cliP) <= 3 * Math.SQRT2 * se, `target ${k}: ${pageP} vs ${cliP}`);
  });
  const bands = csv('bands.csv');
  const h = bands[0];
  const [ci, vi, yi, p05, p95] = ['cluster', 'variable', 'year', 'p05', 'p95'].map((c) => h.indexOf(c));
  const info = await page.evaluate(() => window.clustersim.info);
  let compared = 0;
  for (const row of bands.slice(1)) {
    if (row[vi] !== 'output') continue;
    const i = info.clusters.findIndex((c) => c.id === row[ci]);
    const q = mc.bands[i][Number(row[yi]) - info.years[0]];
    // Within sampling error: a 5% or 95% point of 500 runs moves by about a tenth of the band;
    // bands.csv has 7 significant digits (half a unit of the 7th: 5e-7 relative). In the baseline
    // year every run reproduces the baseline within the baseline tolerance (1e-5 relative,
    // RunOptions): the band there is solver noise, and two samples' 5% points may differ by
    // twice that tolerance.
    const width = Number(row[p95]) - Number(row[p05]);
    const digits = Number(row[yi]) === info.years[0] ? 2e-5 : 5e-7;
    const tol = 0.15 * width + digits * Math.abs(Number(row[p05]));
    assert.ok(Math.abs(q[0] - Number(row[p05])) <= tol, `${row[ci]} ${row[yi]} p05 ${q[0]} vs ${row[p05]}`);
    assert.ok(Math.abs(q[4] - Number(row[p95])) <= tol, `${row[ci]} ${row[yi]} p95 ${q[4]} vs ${row[p95]}`);
    assert.ok(q[0] <= q[2] && q[2] <= q[4]);
    compared += 1;
  }
  assert.equal(compared, 7 * 8);
  // The verdicts use the IPCC words.
  const words = await page.$$eval('#targets td.verdict .badge', (els) => els.map((e) => e.dataset.likelihood));
  assert.ok(words.every((w) => info.likelihood.some((l) => l.key === w)), words.join());
  assert.deepEqual(problems, []);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'simulator-uncertainty.png'), fullPage: true });
  await context.close();
});
