"""Words, units and number formats of the charts and the review pack, in Chinese and English.

Chinese is the default (the meeting's language); ``lang="en"`` gives English. Chinese terms for
the binding constraints are the ones the command's notes use (资本, 劳动力, 空间, 需求).
"""
from __future__ import annotations

import math
import unicodedata
from typing import Iterable, Optional

LANGS = ("zh", "en")


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    return lang


# Words used across charts and the pack: key -> (zh, en).
_WORDS = {
    "year": ("年份", "Year"),
    "projected": ("预测", "Projected"),
    "target": ("目标", "Target"),
    "baseline": ("基年", "Baseline"),
    "reached": ("达标", "reached"),
    "missed": ("未达标", "missed"),
    "gap": ("差距", "gap"),
    "cluster": ("集群", "Cluster"),
    "all": ("各集群合计", "All clusters"),
    "sources": ("来源", "Sources"),
    "simulation": ("模拟", "simulation"),
    "scenario": ("情景", "scenario"),
    "annual_flow": ("年度数据为全年流量（1月1日至12月31日）",
                    "annual figures are flows over the calendar year (1 Jan to 31 Dec)"),
    "targets_from": ("目标", "targets"),
    "binding": ("约束因素", "Binding constraint"),
    "median": ("中位数", "Median"),
    "probability": ("达标概率", "Probability of reaching the target"),
    "p_short": ("达标概率", "P(reach)"),
}


def word(key: str, lang: str) -> str:
    zh, en = _WORDS[key]
    return zh if lang == "zh" else en


CONSTRAINTS = ("capital", "labour", "space", "demand")
_CONSTRAINT_NAMES = {
    "capital": ("资本", "Capital"),
    "labour": ("劳动力", "Labour"),
    "space": ("空间（土地与厂房）", "Space (land and floor)"),
    "demand": ("需求", "Demand"),
}
_CONSTRAINT_SHORT = {"capital": ("资本", "Capital"), "labour": ("劳动力", "Labour"),
                     "space": ("空间", "Space"), "demand": ("需求", "Demand")}


def constraint_name(key: str, lang: str, short: bool = False) -> str:
    table = _CONSTRAINT_SHORT if short else _CONSTRAINT_NAMES
    zh, en = table[key]
    return zh if lang == "zh" else en


_MEASURES = {"output": ("产值", "Output"), "value_added": ("增加值", "Value added"),
             "revenue": ("营收", "Revenue")}


def measure_name(measure: str, lang: str) -> str:
    zh, en = _MEASURES[measure]
    return zh if lang == "zh" else en


_VARIABLES = {
    "output": ("产值", "Output"),
    "demand": ("需求", "Demand"),
    "capacity_capital": ("资本约束产能", "Capital-bound capacity"),
    "capacity_labour": ("劳动力约束产能", "Labour-bound capacity"),
    "capacity_space": ("空间约束产能", "Space-bound capacity"),
    "investment": ("投资", "Investment"),
    "investment_private": ("社会投资", "Private investment"),
    "investment_fund": ("基金撬动投资", "Fund-mobilised investment"),
    "investment_project": ("重大项目投资", "Major-project spending"),
    "completions": ("竣工形成产能的资本", "Capital completed"),
    "hires": ("招聘人数", "Hires"),
    "capital": ("生产性资本", "Productive capital"),
    "supply_line": ("在建资本", "Capital under construction"),
    "workforce": ("从业人员", "Workforce"),
    "knowledge": ("知识存量", "Knowledge stock"),
    "productivity": ("生产率乘数", "Productivity multiplier"),
    "final_demand": ("市场份额需求", "Demand won from the market"),
    "market": ("所在市场规模", "Market size"),
    "market_share": ("市场份额", "Market share"),
    "space_land": ("占用工业用地", "Industrial land occupied"),
    "space_floor": ("占用上楼厂房", "High-rise floor occupied"),
    "fund_committed": ("基金已承诺资金", "Fund money committed"),
    "fund_deployed": ("基金已投放资金", "Fund money deployed"),
    "fund_undeployed": ("基金待投放资金", "Fund money not yet deployed"),
    "policy_capital": ("政策形成的资本", "Capital built by funds and projects"),
    "capital_hostable": ("场地可容纳资本", "Capital the sites can host"),
    "skilled": ("技能人才", "Skilled staff"),
    "workers": ("生产工人", "Production workers"),
    "skilled_pool": ("区域人才池", "Skilled talent pool"),
    "worker_pool": ("区域工人池", "Production-worker pool"),
    "wage_index": ("工资指数", "Wage index"),
    "talent_programme": ("人才计划引进", "Talent-programme arrivals"),
    "skilled_inflow": ("岗位吸引人才", "Skilled arrivals drawn by vacancies"),
    "worker_inflow": ("工人流入", "Production workers arriving"),
    "skilled_hired": ("人才池招聘", "Hires from the talent pool"),
    "workers_hired": ("工人池招聘", "Hires from the worker pool"),
    "skilled_left": ("人才流出", "Skilled people leaving"),
    "workers_left": ("工人流出", "Production workers leaving"),
    "net_inflow": ("就业人口净流入", "Net inflow of working people"),
    "land_vacant": ("可用未出让工业用地", "Vacant usable land"),
    "floor_vacant": ("空置厂房", "Vacant factory floor"),
    "land_pipeline": ("整备中土地", "Land being developed"),
    "floor_pipeline": ("在建厂房", "Floor under construction"),
    "land_released": ("土地供应", "Land released"),
    "floor_released": ("厂房开工", "Floor started"),
    "land_allocated": ("土地分配", "Land allocated"),
    "floor_allocated": ("厂房分配", "Floor allocated"),
}


def variable_name(name: str, lang: str) -> str:
    zh, en = _VARIABLES.get(name, (name, name))
    return zh if lang == "zh" else en


# Units as the model writes them -> (zh, en). English avoids CJK characters so that English
# charts render with any font.
_UNITS = {
    "亿元": ("亿元", "100 million yuan"),
    "万元": ("万元", "10,000 yuan"),
    "元": ("元", "yuan"),
    "万亿元": ("万亿元", "trillion yuan"),
    "亿元/yr": ("亿元/年", "100 million yuan/yr"),
    "persons": ("人", "persons"),
    "persons/yr": ("人/年", "persons/yr"),
    "万人": ("万人", "10,000 persons"),
    "ha": ("公顷", "ha"),
    "ha/yr": ("公顷/年", "ha/yr"),
    "万m²": ("万平方米", "10,000 m²"),
    "万m²/yr": ("万平方米/年", "10,000 m²/yr"),
    "R&D person-years": ("研发人年", "R&D person-years"),
    "1": ("无量纲", "dimensionless"),
    "yr": ("年", "years"),
    "%": ("%", "%"),
    "percentage points": ("百分点", "percentage points"),
}


# English shows amounts in units an English reader uses, converted from the model's:
# part of a unit -> (English name, English units per one of the part). Money is in CNY: CNY bn
# for 亿元 figures (1 CNY bn = 10 亿元), CNY m for 万元 ones; floor in million m²; 万人 in persons.
_EN_PARTS = {
    "亿元": ("CNY bn", 0.1), "万亿元": ("CNY tn", 1.0), "万元": ("CNY m", 0.01), "元": ("CNY", 1.0),
    "万m²": ("million m²", 0.01), "万m2": ("million m²", 0.01), "m²": ("m²", 1.0),
    "m2": ("m²", 1.0), "km²": ("km²", 1.0), "km2": ("km²", 1.0), "ha": ("ha", 1.0),
    "亩": ("ha", 1.0 / 15.0), "万人": ("persons", 1e4), "persons": ("persons", 1.0),
    "person": ("person", 1.0), "人": ("persons", 1.0), "yr": ("yr", 1.0), "年": ("yr", 1.0),
    "a": ("yr", 1.0), "%": ("%", 1.0),
}
_EN_SINGULAR = {"persons": "person"}
_ZH_PARTS = {"persons": "人", "person": "人", "yr": "年", "ha": "公顷", "万m²": "万平方米",
             "万m2": "万平方米", "m²": "平方米", "m2": "平方米", "km²": "平方公里", "km2": "平方公里"}


def display_unit(unit: str, lang: str) -> tuple:
    """(name, multiplier) of a model unit as shown in `lang`: a value in `unit` times the
    multiplier is the value shown in `name`. Chinese keeps the unit (multiplier 1, '亿元/年');
    English converts: '亿元' -> ('CNY bn', 0.1), '亿元/yr' -> ('CNY bn/yr', 0.1),
    '万元/person/yr' -> ('CNY m/person/yr', 0.01), '万m²/yr' -> ('million m²/yr', 0.01)."""
    if lang == "zh":
        if unit in _UNITS:
            return _UNITS[unit][0], 1.0
        return "/".join(_ZH_PARTS.get(p.strip(), p.strip()) for p in unit.split("/")), 1.0
    if unit in ("1", ""):
        return "dimensionless", 1.0
    if unit in _UNITS and unit not in _EN_PARTS and "/" not in unit and unit != "1":
        return _UNITS[unit][1], 1.0
    parts = [p.strip() for p in unit.split("/")]
    names, factor = [], 1.0
    for k, part in enumerate(parts):
        name, f = _EN_PARTS.get(part, (part, 1.0))
        if k == 0:
            factor *= f
            names.append("" if part == "1" else name)
        else:
            factor /= f
            names.append(_EN_SINGULAR.get(name, name))
    return "/".join(names) if names[0] else "1/" + "/".join(names[1:]), factor


def fmt_quantity(value: Optional[float], unit: str, lang: str,
                 decimals: Optional[int] = None) -> str:
    """A value in `unit` as the reader of `lang` reads it: '1,000.0 亿元', 'CNY 100.0 bn',
    'CNY 2.80 m/person/yr', '2.08 million m²/yr', '0.35' (a ratio keeps no unit)."""
    name, multiplier = display_unit(unit, lang)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    number = fmt_amount(value * multiplier, decimals)
    if unit in ("1", ""):
        return number
    if lang == "en" and name.startswith("CNY"):
        rest = name[3:].strip()
        return f"CNY {number}" + (f" {rest}" if rest and not rest.startswith("/") else rest)
    return f"{number} {name}"


def axis_label(quantity: str, unit: str, lang: str) -> str:
    """'产值（亿元）' / 'Output (CNY bn)': the unit :func:`display_unit` shows values in."""
    u = display_unit(unit, lang)[0]
    return f"{quantity}（{u}）" if lang == "zh" else f"{quantity} ({u})"


def paren(text: str, lang: str) -> str:
    return f"（{text}）" if lang == "zh" else f" ({text})"


def colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def sep(lang: str) -> str:
    return "；" if lang == "zh" else "; "


def pick(text: Optional[str], text_en: Optional[str], lang: str) -> str:
    """The text a reader of `lang` gets: the English sibling (``notes_en``, ``source_en``, ...)
    in English when the scenario gives one, else the default (Chinese) text."""
    if lang == "en" and isinstance(text_en, str) and text_en.strip():
        return text_en
    return text if isinstance(text, str) else ""


def cluster_label(info: dict, lang: str) -> str:
    """The display name of a cluster dict (id, name, name_en)."""
    if lang == "zh":
        return info.get("name") or info["id"]
    return info.get("name_en") or info.get("name") or info["id"]


def fmt_amount(v: Optional[float], decimals: Optional[int] = None) -> str:
    """Amounts as the command prints them: 1 decimal from 100, 2 from 1, 3 below; thousands
    separators; '-' for undefined."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    if decimals is None:
        m = abs(v)
        decimals = 1 if m >= 100 else 2 if m >= 1 else 3
    return f"{v:,.{decimals}f}"


def fmt_pct(v: Optional[float], sign: bool = False, decimals: int = 1) -> str:
    """A percentage given in percent (4.66 -> '4.7%'); '-' for undefined."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    text = f"{v:+.{decimals}f}%" if sign else f"{v:.{decimals}f}%"
    return text.replace("-", "−") if sign else text


def fmt_rate(v: Optional[float]) -> str:
    """A growth rate given as a fraction (0.132 -> '13.2%/yr' style without the unit)."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    return f"{100 * v:.1f}%"


def fmt_prob(p: Optional[float]) -> str:
    """'37%' as ``clustersim run`` prints it (one decimal near the ends, so that 100% and 0%
    mean every run and none); '-' for none."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "-"
    from . import _core
    return _core.probability_text(float(p))


def display_width(text: str) -> int:
    """Columns taken by text: 2 for East Asian wide and fullwidth characters, else 1."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def wrap(text: str, width: int) -> list:
    """Wrap text to `width` display columns. CJK text breaks between any two characters,
    Latin text at spaces (a word longer than the line is broken)."""
    lines = []
    for para in text.split("\n"):
        line, line_w = "", 0
        tokens = _tokens(para)
        for tok in tokens:
            w = display_width(tok)
            if line_w + w > width and line.strip():
                lines.append(line.rstrip())
                line, line_w = "", 0
                if tok == " ":
                    continue
            while w > width:  # a single token longer than the line
                cut, cut_w = "", 0
                for c in tok:
                    cw = display_width(c)
                    if cut_w + cw > width:
                        break
                    cut += c
                    cut_w += cw
                lines.append(cut)
                tok = tok[len(cut):]
                w = display_width(tok)
            line += tok
            line_w += w
        lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> Iterable[str]:
    """Words of Latin text, single characters of CJK text, spaces on their own."""
    word_ = ""
    for c in text:
        if c == " ":
            if word_:
                yield word_
                word_ = ""
            yield " "
        elif unicodedata.east_asian_width(c) in ("W", "F"):
            if word_:
                yield word_
                word_ = ""
            yield c
        else:
            word_ += c
    if word_:
        yield word_


def has_cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(c) in ("W", "F") for c in text)
