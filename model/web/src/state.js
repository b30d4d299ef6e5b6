// The slider state and the URL: a link reopens the same what-if.
//   #fund.ic=2&land.region=1.25&off=byd_licence_moves&lang=en&b=fund.ic:3;off:byd_licence_moves
export function emptyState() {
  return { levers: {}, events: {} };
}

function encodeState(state, sep, eq) {
  const parts = [];
  for (const [id, v] of Object.entries(state.levers)) parts.push(`${id}${eq}${+v.toPrecision(12)}`);
  const off = Object.entries(state.events).filter(([, on]) => !on).map(([name]) => name);
  if (off.length) parts.push(`off${eq}${off.join(',')}`);
  return parts.join(sep);
}

function decodeState(text, sep, eq, info) {
  const state = emptyState();
  const ids = new Set(info.controls.map((c) => c.id));
  const events = new Set(info.events.map((e) => e.name));
  for (const part of text.split(sep)) {
    const at = part.indexOf(eq);
    if (at < 0) continue;
    const key = decodeURIComponent(part.slice(0, at));
    const value = decodeURIComponent(part.slice(at + 1));
    if (key === 'off') {
      for (const name of value.split(',')) if (events.has(name)) state.events[name] = false;
    } else if (ids.has(key) && Number.isFinite(Number(value))) {
      state.levers[key] = Number(value);
    }
  }
  return state;
}

export function toHash(state, lang, pinned) {
  let hash = encodeState(state, '&', '=');
  const extra = [];
  if (lang !== 'zh') extra.push(`lang=${lang}`);
  if (pinned) extra.push(`b=${encodeURIComponent(encodeState(pinned, ';', ':')) || 'base'}`);
  hash = [hash, ...extra].filter(Boolean).join('&');
  return hash ? `#${hash}` : '';
}

export function fromHash(hash, info) {
  const text = hash.replace(/^#/, '');
  const params = text.split('&');
  const own = params.filter((p) => !p.startsWith('lang=') && !p.startsWith('b=')).join('&');
  const lang = (params.find((p) => p.startsWith('lang=')) || 'lang=zh').slice(5) === 'en' ? 'en' : 'zh';
  const b = params.find((p) => p.startsWith('b='));
  const pinned = b ? decodeState(decodeURIComponent(b.slice(2)), ';', ':', info) : null;
  return { state: decodeState(own, '&', '=', info), lang, pinned };
}

export function sameState(a, b) {
  return JSON.stringify(normal(a)) === JSON.stringify(normal(b));
}

// Sorted keys, values at the scenario's dropped (so equal states compare equal).
export function normal(state, info) {
  const levers = {};
  for (const id of Object.keys(state.levers).sort()) {
    const c = info ? info.controls.find((x) => x.id === id) : null;
    if (!c || state.levers[id] !== c.base) levers[id] = state.levers[id];
  }
  const events = {};
  for (const name of Object.keys(state.events).sort()) if (!state.events[name]) events[name] = false;
  return { levers, events };
}
