// The sidebar: a slider per lever path grouped by cluster (the scenario's value marked), the
// region's pools, and a switch per event.
import { amount, number } from './format.js';

function display(c, v, lang) {
  if (c.kind === 'scale') {
    return `×${number(v, lang, 2)} · ${amount(v * c.reference, c.unit, lang)}`;
  }
  return amount(v, c.unit, lang);
}

export class Controls {
  constructor(container, info, onChange) {
    this.container = container;
    this.info = info;
    this.onChange = onChange;
    this.inputs = new Map();
  }

  render(state, t, lang) {
    const info = this.info;
    this.container.textContent = '';
    this.inputs.clear();
    const groups = info.clusters.map((c) => ({ id: c.id, name: lang === 'zh' ? c.name : c.name_en }));
    groups.push({ id: 'region', name: t.region });
    groups.forEach((g, k) => {
      const details = document.createElement('details');
      details.open = k === 0 || g.id === 'region' ||
        info.controls.some((c) => c.row === g.id && state.levers[c.id] !== undefined && state.levers[c.id] !== c.base);
      const summary = document.createElement('summary');
      summary.textContent = g.name;
      details.appendChild(summary);
      for (const c of info.controls.filter((x) => x.row === g.id)) details.appendChild(this.slider(c, state, t, lang));
      this.container.appendChild(details);
    });
    if (info.events.length) {
      const details = document.createElement('details');
      details.open = true;
      const summary = document.createElement('summary');
      summary.textContent = t.events;
      details.appendChild(summary);
      for (const e of info.events) {
        const row = document.createElement('label');
        row.className = 'event';
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.dataset.event = e.name;
        box.checked = state.events[e.name] !== false;
        box.addEventListener('change', () => {
          if (box.checked) delete state.events[e.name];
          else state.events[e.name] = false;
          this.onChange('event');
        });
        const text = document.createElement('span');
        text.textContent = e.name;
        text.title = e.source || '';
        const when = document.createElement('div');
        when.className = 'hint muted small';
        const when_ = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(2));
        // A project: cluster, capex, build period, its site (derived from the capex when the
        // scenario gives none) and the share of the capex drawn from the cluster's fund.
        const site = e.site === null ? t.siteDerived
          : amount(e.site, e.site_type === 'floor' ? '万m²' : 'ha', lang);
        when.textContent = e.kind === 'project'
          ? `${e.cluster} · ${number(e.capex, lang, 1)} 亿元 · ${when_(e.start)}–${when_(e.end)} · ${t.site} ${site}` +
            (e.fund_share > 0 ? ` · ${t.fundShare} ${number(100 * e.fund_share, lang, 0)}%` : '')
          : `${when_(e.start)}${e.end > e.start ? `–${when_(e.end)}` : ''}`;
        text.appendChild(when);
        row.append(box, text);
        details.appendChild(row);
      }
      this.container.appendChild(details);
    }
  }

  slider(c, state, t, lang) {
    const wrap = document.createElement('div');
    wrap.className = 'control';
    const label = document.createElement('label');
    const name = document.createElement('span');
    name.textContent = lang === 'zh' ? c.lever_zh : c.lever_en;
    name.title = c.source || '';
    const value = document.createElement('span');
    value.className = 'value';
    label.append(name, value);
    const range = document.createElement('div');
    range.className = 'range';
    const input = document.createElement('input');
    input.type = 'range';
    input.min = c.min;
    input.max = c.max;
    input.step = c.step;
    input.dataset.id = c.id;
    const v = state.levers[c.id] ?? c.base;
    input.value = v;
    const mark = document.createElement('span');
    mark.className = 'mark';
    mark.style.left = `calc(${((c.base - c.min) / (c.max - c.min)) * 100}% - 1px)`;
    mark.title = t.baseline;
    range.append(input, mark);
    const hint = document.createElement('div');
    hint.className = 'hint';
    hint.textContent = c.kind === 'scale'
      ? t.scaleHint(amount(c.reference, c.unit, lang), c.first_year === c.last_year ? `${c.first_year}` : `${c.first_year}–${c.last_year}`)
      : t.amountHint(c.first_year);
    const show = (x) => {
      value.textContent = display(c, x, lang);
      value.classList.toggle('changed', x !== c.base);
    };
    show(v);
    input.addEventListener('input', (event) => {
      const x = Number(input.value);
      if (x === c.base) delete state.levers[c.id];
      else state.levers[c.id] = x;
      show(x);
      this.onChange('lever', event);
    });
    this.inputs.set(c.id, { input, show, control: c });
    wrap.append(label, range, hint);
    return wrap;
  }
}
