// The target panel, the clusters' state (market share, fund money, binding factor with its
// gains) and the "what the levers buy" table.
import { amount, number, percent } from './format.js';

function cell(tr, text, cls, data) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  if (data) Object.assign(td.dataset, data);
  tr.appendChild(td);
  return td;
}

function head(table, names) {
  const tr = document.createElement('tr');
  names.forEach(([text, cls]) => {
    const th = document.createElement('th');
    th.textContent = text;
    if (cls) th.className = cls;
    tr.appendChild(th);
  });
  table.appendChild(tr);
}

function clusterName(info, id, lang, t) {
  if (id === 'all') return t.all;
  const c = info.clusters.find((x) => x.id === id);
  return c ? (lang === 'zh' ? c.name : c.name_en) : id;
}

// Deterministic verdict: reached, close (within 10% of the target), or missed.
function verdictOf(row) {
  if (row.reached) return 'reached';
  return row.gap_pct !== null && row.gap_pct >= -10 ? 'near' : 'missed';
}

// The binding factor of a cluster in a year from the worker's analysis, with the output each 1%
// relief would add as the tooltip; '…' while the worker computes it.
function bindingCell(tr, info, analysed, i, y, t, lang, binding) {
  if (!analysed) {
    const td = cell(tr, '…', 'pending');
    td.title = t.pending;
    return td;
  }
  const td = cell(tr, t[binding] || binding, 'binding', { binding });
  if (i >= 0) {
    const g = analysed.gains[i][y - info.years[0]];
    const names = ['capital', 'labour', 'space', 'demand'];
    td.title = t.gainsTitle(names.map((f, k) => `${t[f]} ${g[k] >= 0 ? '+' : ''}${number(g[k], lang, 2)}`).join(', '),
      info.clusters[i].unit);
  }
  return td;
}

export function renderTargets(table, info, run, t, lang, { pinned, mc, mcFresh, analysed }) {
  table.textContent = '';
  const cols = [[t.cluster, 'name'], [t.year], [t.target], [t.projected], [t.gap], [t.firstYear], [t.binding]];
  if (pinned) cols.push([`${t.planB}`], [t.gapB]);
  if (mc && mcFresh) cols.push([t.probability]);
  cols.push([t.verdict, 'name']);
  head(table, cols);
  const words = Object.fromEntries(info.likelihood.map((w) => [w.key, w]));
  info.targets.forEach((tg, k) => {
    const row = run.targets[k];
    const tr = document.createElement('tr');
    tr.dataset.target = k;
    cell(tr, clusterName(info, tg.cluster, lang, t), 'name').title = tg.source;
    cell(tr, String(tg.year));
    cell(tr, amount(tg.value, tg.unit, lang));
    cell(tr, amount(row.projected, tg.unit, lang), 'projected', { value: String(row.projected) });
    cell(tr, percent(row.gap_pct, lang), row.gap_pct >= 0 ? 'pos' : 'neg');
    cell(tr, row.first_year ? String(row.first_year) : t.never);
    bindingCell(tr, info, analysed, info.clusters.findIndex((c) => c.id === tg.cluster), tg.year, t, lang,
      analysed ? analysed.targets[k].binding : null);
    if (pinned) {
      const b = pinned.targets[k];
      cell(tr, amount(b.projected, tg.unit, lang), 'projected-b', { value: String(b.projected) });
      const d = row.projected - b.projected;
      cell(tr, `${d >= 0 ? '+' : ''}${number(d, lang, 1)}`, d >= 0 ? 'pos' : 'neg');
    }
    const verdict = cell(tr, '', 'verdict name');
    const badge = document.createElement('span');
    badge.className = 'badge';
    if (mc && mcFresh && mc.targets[k].likelihood) {
      const p = mc.targets[k];
      const w = words[p.likelihood];
      const prob = cell(tr, `${number(100 * p.probability, lang, 0)}%`, 'probability', { value: String(p.probability) });
      prob.title = `95%: ${number(100 * p.low, lang, 1)}–${number(100 * p.high, lang, 1)}%; p05–p95 ${number(p.p05, lang, 0)}–${number(p.p95, lang, 0)}`;
      tr.insertBefore(prob, verdict);
      badge.classList.add(`v-${p.likelihood}`);
      badge.textContent = lang === 'zh' ? w.zh : w.en;
      badge.dataset.likelihood = p.likelihood;
    } else {
      const v = verdictOf(row);
      badge.classList.add(`v-${v}`);
      badge.textContent = t[v];
    }
    verdict.appendChild(badge);
    table.appendChild(tr);
  });
}

export function renderLegend(div, info, t, lang) {
  div.textContent = '';
  const note = document.createElement('span');
  note.textContent = t.note;
  div.appendChild(note);
  for (const w of info.likelihood) {
    const b = document.createElement('span');
    b.className = `badge v-${w.key}`;
    b.textContent = `${lang === 'zh' ? w.zh : w.en} ${w.low > 0 ? '≥' : '≤'}${Math.round(100 * (w.low > 0 ? w.low : w.high))}%`;
    div.appendChild(b);
  }
}

// Per cluster, at the horizon's end: market share (baseline year -> end), fund money committed,
// deployed and left undeployed, the binding factor with its gains.
export function renderClusters(table, info, run, analysed, t, lang) {
  table.textContent = '';
  const y0 = info.years[0];
  const y1 = info.years.at(-1);
  head(table, [[t.cluster, 'name'], [t.shareAt(y0)], [t.shareAt(y1)], [t.fundCommitted], [t.fundDeployed],
    [t.fundUndeployed(y1)], [t.bindingAt(y1)]]);
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const share = (v) => (v === null ? '–' : `${number(100 * v, lang, v < 0.01 ? 2 : 1)}%`);
  info.clusters.forEach((c, i) => {
    const tr = document.createElement('tr');
    tr.dataset.cluster = c.id;
    cell(tr, lang === 'zh' ? c.name : c.name_en, 'name');
    const ms = run.market_share[i];
    if (c.share_market) {
      cell(tr, share(ms[0]), 'share', { value: String(ms[0]) });
      cell(tr, share(ms.at(-1)), 'share', { value: String(ms.at(-1)) });
    } else {
      cell(tr, t.ownMarket, 'muted').colSpan = 2;
    }
    cell(tr, amount(sum(run.fund_committed[i]), '亿元', lang));
    cell(tr, amount(sum(run.fund_deployed[i]), '亿元', lang));
    const undeployed = run.fund_undeployed[i].at(-1);
    cell(tr, amount(undeployed, '亿元', lang), 'undeployed', { value: String(undeployed) });
    bindingCell(tr, info, analysed, i, y1, t, lang, analysed ? analysed.binding[i].at(-1) : null);
    table.appendChild(tr);
  });
}

// What one more unit of each lever, earmarked for a cluster every year from the year after the
// baseline, adds to the cluster's output in its target years (as `clustersim run`'s table).
export function renderBuys(table, note, info, analysed, t, lang) {
  table.textContent = '';
  if (!analysed || analysed.error) {
    note.textContent = analysed && analysed.error ? analysed.error : t.pending;
    return;
  }
  const order = ['fund', 'land', 'floor', 'talent'];
  note.textContent = t.buysNote(info.years[1] ?? info.years[0]);
  head(table, [[t.cluster, 'name'], [t.year], ...order.map((l) => [t.perLever(l, info.lever_quotes[l].label)])]);
  info.clusters.forEach((c, i) => {
    let years = [...new Set(info.targets.filter((x) => x.cluster === c.id).map((x) => x.year))].sort();
    if (!years.length) years = [info.years.at(-1)];
    for (const y of years) {
      const tr = document.createElement('tr');
      tr.dataset.cluster = c.id;
      tr.dataset.year = y;
      cell(tr, lang === 'zh' ? c.name : c.name_en, 'name');
      cell(tr, String(y));
      for (const l of order) {
        const r = analysed.levers.find((x) => x.cluster === c.id && x.lever === l);
        const v = r && y >= r.first_year ? r.per_unit[y - info.years[0]] : null;
        const digits = v === null ? 0 : Math.abs(v) >= 10 ? 1 : Math.abs(v) >= 1 ? 2 : 3;
        // A gain that rounds to zero reads 0.000, not -0.000.
        const shown = v !== null && Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v;
        const td = cell(tr, v === null ? '–' : number(shown, lang, digits), '', { lever: l, value: String(v) });
        td.title = `${c.unit} ${t.perLever(l, info.lever_quotes[l].label)}`;
      }
      table.appendChild(tr);
    }
  });
}

export function renderSources(div, info, t, lang) {
  div.textContent = '';
  const list = document.createElement('ul');
  const add = (text) => {
    const li = document.createElement('li');
    li.textContent = text;
    list.appendChild(li);
  };
  add(`${t.model('', info.scenario.file)} — ${info.scenario.title}`);
  for (const c of info.clusters) add(`${lang === 'zh' ? c.name : c.name_en}: ${amount(c.baseline, c.unit, lang)} (${info.years[0]}) — ${c.baseline_source}`);
  for (const tg of info.targets) add(`${clusterName(info, tg.cluster, lang, t)} ${tg.year}: ${amount(tg.value, tg.unit, lang)} — ${tg.source}`);
  for (const c of info.controls) if (c.source) add(`${lang === 'zh' ? c.lever_zh : c.lever_en} · ${c.row}: ${c.source}`);
  // The documents cited by [id], from the scenario's sources file.
  for (const d of info.cited_sources) add(`[${d.id}] ${d.title}${d.publisher ? ` — ${d.publisher}` : ''}${d.date ? `, ${d.date}` : ''}`);
  div.appendChild(list);
}
