// The target panel and the "what the levers buy" table.
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

export function renderTargets(table, info, run, t, lang, { pinned, mc, mcFresh }) {
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
    cell(tr, t[row.binding] || row.binding);
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

const PER = { fund: 'perFund', land: 'perLand', floor: 'perFloor', talent: 'perTalent' };

export function renderBuys(table, note, info, response, t, lang) {
  table.textContent = '';
  if (!response || response.error) {
    note.textContent = response && response.error ? response.error : '';
    return;
  }
  note.textContent = t.buysNote(response.year);
  head(table, [[t.lever, 'name'], [t.appliesTo, 'name'], [t.perUnit, 'name'], [t.own], [t.total]]);
  const order = ['fund', 'land', 'floor', 'talent'];
  const rows = response.rows.map((r) => ({ r, c: info.controls.find((x) => x.id === r.control) }));
  rows.sort((a, b) => order.indexOf(a.c.lever) - order.indexOf(b.c.lever) || (b.r.total ?? -1e300) - (a.r.total ?? -1e300));
  for (const { r, c } of rows) {
    const tr = document.createElement('tr');
    tr.dataset.control = c.id;
    cell(tr, lang === 'zh' ? c.lever_zh : c.lever_en, 'name');
    cell(tr, c.row === 'region' ? t.region : clusterName(info, c.row, lang, t), 'name');
    cell(tr, t[PER[c.lever]], 'name');
    const i = info.clusters.findIndex((x) => x.id === c.row);
    cell(tr, i >= 0 ? number(r.per_unit[i], lang, 2) : '–');
    cell(tr, number(r.total, lang, 2), '', { value: String(r.total) });
    table.appendChild(tr);
  }
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
  div.appendChild(list);
}
