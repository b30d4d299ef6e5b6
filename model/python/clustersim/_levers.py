"""What binds and what each lever buys, per target: the review pack's lever page and its two
workbook sheets. The numbers are those of ``clustersim run``'s binding.csv (the marginal binding
factor with its four gains, E10) and levers.csv (output gained per 亿元 of fund, ha of land,
万m² of floor and 1,000 persons of talent, by perturbed runs), for each target's cluster and year.
"""
from __future__ import annotations

import pandas as pd

from . import plot
from ._api import Run
from ._table import HEADER_COLOR
from ._text import cluster_label, constraint_name

LEVERS = ("fund", "land", "floor", "talent")
FACTORS = ("capital", "labour", "space", "demand")
_LEVER_UNITS = {  # what one unit of each lever is, as levers.csv quotes it
    "fund": ("亿元基金", "CNY 100m of fund"),
    "land": ("公顷用地", "ha of land"),
    "floor": ("万平方米厂房", "10,000 m² of floor"),
    "talent": ("千名人才", "1,000 persons of talent"),
}


def lever_table(run: Run) -> pd.DataFrame:
    """One row per target of one cluster (targets on the sum of the clusters are left out): cluster, name, name_en, year, unit, binding, the gains
    from relieving each factor by 1% (gain_capital ... gain_demand, the cluster's unit) and what
    each lever buys by that year (per_fund, per_land, per_floor, per_talent: output gained per
    unit committed up to the year). Empty when the run was quick."""
    t = run.targets
    columns = (["cluster", "name", "name_en", "year", "unit", "binding"]
               + [f"gain_{f}" for f in FACTORS] + [f"per_{k}" for k in LEVERS])
    if not run.marginal or len(t) == 0:
        return pd.DataFrame(columns=columns)
    gains = run.binding_gains.set_index(["cluster", "year"])
    lev = run.levers.pivot_table(index=["cluster", "year"], columns="lever", values="per_unit")
    rows = []
    for _, r in t.iterrows():
        key = (r["cluster"], int(r["year"]))
        if key not in gains.index:  # a target on the sum of the clusters ("all")
            continue
        g = gains.loc[key]
        row = [r["cluster"], r["name"], r["name_en"], int(r["year"]), r["unit"], str(g["binding"])]
        row += [float(g[f"gain_{f}"]) for f in FACTORS]
        row += [float(lev.loc[key, k]) if key in lev.index and k in lev.columns else float("nan")
                for k in LEVERS]
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def sheets(run: Run, lang: str) -> dict:
    """The workbook's sheets: the lever table by target, and binding.csv and levers.csv in full."""
    zh = lang == "zh"
    if not run.marginal:
        return {}
    table = lever_table(run)
    headers = {"cluster": "集群代码" if zh else "cluster id", "name": "集群" if zh else "cluster",
               "year": "年份" if zh else "year", "unit": "单位" if zh else "unit",
               "binding": "约束因素" if zh else "binding"}
    for f in FACTORS:
        headers[f"gain_{f}"] = (f"{constraint_name(f, lang, short=True)}放松1%的增产" if zh else
                                f"gain from 1% more {f}")
    for k in LEVERS:
        headers[f"per_{k}"] = (f"每{_LEVER_UNITS[k][0]}增产" if zh else
                               f"output per {_LEVER_UNITS[k][1]}")
    table = table.drop(columns=["name_en"] if zh else ["name"]).rename(
        columns={**headers, "name_en": headers["name"]})
    table[headers["binding"]] = [constraint_name(b, lang, short=True) for b in table[headers["binding"]]]
    return {("杠杆效果" if zh else "what levers buy"): table,
            ("约束与增益" if zh else "binding gains"): run.binding_gains,
            ("杠杆响应" if zh else "lever responses"): run.levers}


def _fmt(v: float) -> str:
    if v != v:
        return "-"
    a = abs(v)
    return f"{v:,.1f}" if a >= 100 else f"{v:,.2f}" if a >= 1 else f"{v:.3f}"


def page(run: Run, lang: str = "zh"):
    """An A4 page: per target, the binding factor with its four gains and what each lever buys
    by the target year. None for a quick run or a scenario without targets."""
    table = lever_table(run)
    if len(table) == 0:
        return None
    zh = lang == "zh"
    sc = run.scenario
    with plot._styled(lang):
        fig = plot._figure((11.69, 8.27))
        ax = fig.add_subplot(1, 1, 1)
        ax.axis("off")
        if zh:
            header = ["集群", "年份", "约束\n因素", "放松资本\n1%", "放松劳动力\n1%", "放松空间\n1%",
                      "放松需求\n1%", "每亿元\n基金", "每公顷\n用地", "每万平方米\n厂房", "每千名\n人才"]
        else:
            header = ["Cluster", "Year", "Binding", "1% more\ncapital", "1% more\nlabour",
                      "1% more\nspace", "1% more\ndemand", "per CNY 100m\nfund", "per ha\nland",
                      "per 10,000 m²\nfloor", "per 1,000\ntalent"]
        cells = []
        for _, r in table.iterrows():
            name = cluster_label(sc.cluster_info(r["cluster"]), lang)
            cells.append([name, str(r["year"]), constraint_name(r["binding"], lang, short=True)]
                         + [_fmt(r[f"gain_{f}"]) for f in FACTORS]
                         + [_fmt(r[f"per_{k}"]) for k in LEVERS])
        tab = ax.table(cellText=cells, colLabels=header, loc="upper center", cellLoc="right",
                       colLoc="center")
        tab.auto_set_font_size(False)
        tab.set_fontsize(9.5 if zh else 8.5)
        tab.scale(1.0, 1.9)
        for (i, j), cell in tab.get_celld().items():
            if i == 0:
                cell.set_facecolor(HEADER_COLOR)
                cell.set_height(cell.get_height() * 1.5)
            elif j == 0:
                cell.set_text_props(ha="left")
            if i > 0 and 3 <= j <= 6 and FACTORS[j - 3] == table["binding"].iloc[i - 1]:
                cell.set_text_props(fontweight="bold")
        tab.set_gid("levers-table")
        title = ("约束因素与杠杆效果：各目标年份的边际增产" if zh else
                 "What binds and what each lever buys, in each target year")
        note = ("约束因素：四个因素各放松 1%（每亿元资本、每名员工、每公顷或每万平方米场地多产 1%，或需求高 1%）"
                "时该年产值的增加，增加最多者为约束因素（粗体）。杠杆效果：自基年次年起每年为该集群"
                "另加 1 亿元基金、1 公顷用地、1 万平方米厂房或 100 名人才，到目标年份产值的增加除以"
                "累计投入量；单位为各目标的产值单位。均为扰动运行的结果（clustersim run 的 binding.csv "
                "与 levers.csv）。" if zh else
                "Binding: the output gained in the year when each factor is relieved by 1% (each "
                "CNY 100m of capital, each worker, each ha or 10,000 m² of site does 1% more, or "
                "demand is 1% higher); the largest gain (bold) is the binding factor. Levers: "
                "output gained by the target year when 1 亿元 of fund, 1 ha of land, 10,000 m² of "
                "floor or 100 persons of talent are added for the cluster in every year after the "
                "baseline, divided by the amount committed up to then; in each target's output "
                "unit. Perturbed runs (binding.csv and levers.csv of clustersim run).")
        plot._finish(fig, title, note)
    return fig
