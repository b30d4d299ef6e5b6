// Numbers as Chinese readers expect them: digit groups of three (GB/T 15835), and figures of ten
// thousand or more in 万 / 万亿 (亿元 figures above 10,000 read as 万亿元). English: plain grouping.
const group = {
  zh: new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1, minimumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 }),
};

export function number(v, lang, digits = 1) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const f = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    maximumFractionDigits: digits, minimumFractionDigits: digits });
  return f.format(v);
}

// An amount in `unit`: "6,283.4 亿元", "1.52 万亿元", "2.39 万人".
export function amount(v, unit, lang) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const fmt = group[lang] || group.zh;
  if (lang === 'zh') {
    if (unit === '亿元' && Math.abs(v) >= 10000) return `${number(v / 10000, lang, 2)} 万亿元`;
    if ((unit === 'persons' || unit === 'persons/yr') && Math.abs(v) >= 10000) {
      return `${number(v / 10000, lang, 2)} 万人${unit.endsWith('/yr') ? '/年' : ''}`;
    }
    const zhUnit = { 'persons': '人', 'persons/yr': '人/年', '亿元/yr': '亿元/年', 'ha/yr': '公顷/年',
      '万m²/yr': '万平方米/年', 'ha': '公顷', '万m²': '万平方米' }[unit] || unit;
    return `${fmt.format(v)} ${zhUnit}`;
  }
  return `${fmt.format(v)} ${unit}`;
}

export function percent(v, lang, digits = 1) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const s = number(v, lang, digits);
  return `${v > 0 ? '+' : ''}${s}%`;
}
