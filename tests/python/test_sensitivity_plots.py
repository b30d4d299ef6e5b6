"""The sensitivity and calibration charts (fan, tornado, Morris, Sobol, first years, fitted vs
observed) on the files the command writes (tests/python/data: real, small sweeps and a fit),
read through clustersim.read_sweep / read_calibration. Checked on the Figure objects."""
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import clustersim as cs  # noqa: E402
import clustersim.plot as csp  # noqa: E402
from clustersim import _core  # noqa: E402
from conftest import render_checked  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"

BANDS = ["scenario", "cluster", "variable", "year", "p05", "p25", "p50", "p75", "p95", "mean"]
TARGETS = ["cluster", "name", "year", "measure", "target", "unit", "probability",
           "probability_low", "probability_high", "projected_p05", "projected_p50",
           "projected_p95", "first_year_p50", "never_share"]


def by_gid(fig, prefix):
    return {a.get_gid(): a for a in fig.findobj(lambda a: (a.get_gid() or "").startswith(prefix))}


def footnote(fig):
    (t,) = [t for t in fig.texts if t.get_gid() == "footnote"]
    return t.get_text()


def legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def visible_axes(fig):
    return [ax for ax in fig.axes if ax.get_visible()]


@pytest.fixture(scope="module")
def mc():
    return cs.read_sweep(DATA / "sweep-mc")


@pytest.fixture(scope="module")
def oat():
    return cs.read_sweep(DATA / "sweep-oat")


def test_read_sweep_tables_follow_the_contract(mc, oat):
    assert mc.method == "mc" and mc.runs_count == 40 and mc.failed == 0
    assert list(mc.bands.columns) == BANDS and list(mc.targets.columns) == TARGETS
    assert list(mc.first_years.columns) == ["cluster", "target_year", "first_year", "probability"]
    assert mc.tornado is None and mc.morris is None and mc.sobol is None
    # A target's probability is the share of runs whose projection reaches it.
    ic = mc.targets[(mc.targets["cluster"] == "icv") & (mc.targets["year"] == 2025)].iloc[0]
    share = (mc.runs["icv:2025"] >= ic["target"]).mean()
    assert ic["probability"] == pytest.approx(share)
    assert mc.probability("icv", 2025) == pytest.approx(share)
    # first_years: an empty first_year (not within the horizon) reads as <NA>; each target's
    # shares add up to 1.
    assert mc.first_years["first_year"].isna().any()
    sums = mc.first_years.groupby(["cluster", "target_year"])["probability"].sum()
    assert sums.to_numpy() == pytest.approx(1.0)
    assert oat.method == "oat" and list(oat.tornado.columns) == [
        "output", "input", "low_value", "high_value", "output_at_low", "output_at_high",
        "output_base", "swing"]


def test_read_sweep_refuses_a_directory_without_summary(tmp_path):
    with pytest.raises(cs.InputError, match="not a sweep's directory"):
        cs.read_sweep(tmp_path)


def test_fan_chart_bands_targets_probabilities(mc):
    fig = render_checked(csp.fan(mc))
    axes = visible_axes(fig)
    clusters = list(dict.fromkeys(mc.targets["cluster"]))
    assert len(axes) == len(clusters)
    assert axes[0].get_title() == "智能网联汽车"
    assert all(ax.get_ylabel() == "产值（亿元）" and ax.get_xlabel() == "年份" for ax in axes)
    assert legend_texts(axes[0]) == ["5%–95% 区间", "25%–75% 区间", "中位数", "目标"]
    assert "40 次模拟" in fig._suptitle.get_text()
    # One marker, one target line and one probability per target, at the target's value.
    expected = {f"{c}:{y}" for c, y in zip(mc.targets["cluster"], mc.targets["year"])}
    assert {g[len("target:"):] for g in by_gid(fig, "target:")} == expected
    assert {g[len("probability:"):] for g in by_gid(fig, "probability:")} == expected
    marker = by_gid(fig, "target:ic:2030")["target:ic:2030"]
    assert list(marker.get_ydata()) == [1000.0]
    for key in expected:
        c, y = key.split(":")
        p = mc.probability(c, int(y))
        text = by_gid(fig, f"probability:{key}")[f"probability:{key}"].get_text()
        # As `clustersim run` prints probabilities (whole percent, half away from zero).
        assert text == f"达标概率 {_core.probability_text(p)}"
    # The median line is the bands' p50.
    med = fig.findobj(lambda a: a.get_gid() == "median" and a.axes is axes[0])[0]
    p50 = mc.bands[(mc.bands["cluster"] == "icv") & (mc.bands["variable"] == "output")]["p50"]
    assert list(med.get_ydata()) == pytest.approx(list(p50))
    assert len(fig.findobj(lambda a: a.get_gid() == "band:5-95")) == len(clusters)
    note = footnote(fig)
    assert note.startswith("来源：clustersim") and "种子 20240101" in note and "40 次运行" in note


def test_fan_chart_english_one_cluster_other_variable(mc):
    fig = render_checked(csp.fan(mc, "ic", lang="en"))
    (ax,) = visible_axes(fig)
    assert ax.get_title() == "Semiconductors and integrated circuits"
    assert ax.get_ylabel() == "Output (CNY bn)" and ax.get_xlabel() == "Year"
    assert by_gid(fig, "probability:ic:2030")["probability:ic:2030"].get_text().startswith("P(reach) ")
    assert footnote(fig).startswith("Source: clustersim")
    fig = render_checked(csp.fan(mc, ["ic"], "workforce"))
    (ax,) = visible_axes(fig)
    assert ax.get_ylabel() == "从业人员（人）"
    assert by_gid(fig, "target:") == {}  # targets are on output only
    with pytest.raises(ValueError, match="not in the sweep"):
        csp.fan(mc, "nosuch")


def test_tornado_sorted_by_swing_with_base(oat):
    fig = render_checked(csp.tornado(oat, "ic:2030", top=8))
    (ax,) = visible_axes(fig)
    rows = oat.tornado[oat.tornado["output"] == "ic:2030"].sort_values("swing", ascending=False)
    lows = by_gid(fig, "low:")
    assert len(lows) == 8 and len(by_gid(fig, "high:")) == 8
    # Largest swing on top: tick labels bottom-up are the swings ascending, each input by its
    # display name (cluster name and the parameter's label_zh), never its raw path.
    labels = [t.get_text() for t in ax.get_yticklabels()]
    sc = cs.load(oat.summary["scenario_file"])
    expected = [csp._input_label(p, "zh", sc) for p in rows["input"].head(8)][::-1]
    assert labels == expected
    assert not any(label.startswith(("clusters.", "levers.", "region.")) for label in labels)
    base = by_gid(fig, "base")["base"]
    assert list(base.get_xdata()) == pytest.approx([rows["output_base"].iloc[0]] * 2)
    top = rows.iloc[0]
    bar = lows[f"low:{top['input']}"]
    assert bar.get_x() + bar.get_width() == pytest.approx(top["output_at_low"])
    assert ax.get_xlabel() == "半导体与集成电路 2030 年产值（亿元）"
    assert ax.get_ylabel() == "不确定输入"
    assert legend_texts(ax)[1:] == ["输入取低值", "输入取高值"]
    assert "5%/95%" in footnote(fig)
    with pytest.raises(ValueError, match="not in the sweep"):
        csp.tornado(oat, "ic:2099")


def test_display_names_of_inputs(oat):
    sc = cs.load(oat.summary["scenario_file"])
    labels = {lv["key"]: lv for lv in cs.levers().to_dict("records")}
    params = cs.parameters().set_index(["scope", "key"])
    assert csp._input_label("clusters.ic.capital_output_ratio", "zh", sc) == \
        "半导体与集成电路 · " + params.loc[("cluster", "capital_output_ratio"), "label_zh"]
    assert csp._input_label("clusters.icv.bass_saturation_multiple", "en", sc) == \
        "Intelligent connected vehicles · " + \
        params.loc[("cluster", "bass_saturation_multiple"), "label_en"]
    assert csp._input_label("region.worker_inflow_ceiling", "en", sc) == \
        "region · " + params.loc[("region", "worker_inflow_ceiling"), "label_en"]
    assert csp._input_label("levers.fund.ic", "zh", sc) == \
        labels["fund"]["label_zh"] + " · 半导体与集成电路（倍数）"
    assert csp._input_label("events.byd_licence_moves.value", "en", sc) == \
        "event byd_licence_moves · value"


def test_morris_points_and_guides():
    sw = cs.read_sweep(DATA / "sweep-morris")
    fig = render_checked(csp.morris(sw, "ic:2030", lang="en", label_top=3))
    (ax,) = visible_axes(fig)
    rows = sw.morris[sw.morris["output"] == "ic:2030"]
    assert len(by_gid(fig, "point:")) == len(rows)
    assert set(by_gid(fig, "guide:")) == {"guide:0.1", "guide:0.5", "guide:1"}
    guide = by_gid(fig, "guide:0.5")["guide:0.5"]
    x, y = guide.get_xdata(), guide.get_ydata()
    assert y[1] / x[1] == pytest.approx(0.5)
    assert len(by_gid(fig, "label:")) == 3
    assert ax.get_xlabel() == "Mean absolute effect μ* (CNY bn)"
    assert ax.get_ylabel() == "Std. deviation of effects σ (CNY bn)"
    with pytest.raises(ValueError, match="no tornado.csv"):
        csp.tornado(sw)


def test_sobol_over_years():
    sw = cs.read_sweep(DATA / "sweep-sobol")
    fig = render_checked(csp.sobol(sw, top=4))
    (ax,) = visible_axes(fig)
    assert len(by_gid(fig, "S1:")) == 4 and len(by_gid(fig, "ST:")) == 4
    assert len(by_gid(fig, "ci:S1:")) == 4
    rows = sw.sobol.dropna(subset=["ST"])
    first = rows.groupby("input")["ST"].max().idxmax()
    line = by_gid(fig, f"ST:{first}")[f"ST:{first}"]
    expected = rows[rows["input"] == first].sort_values("year")["ST"]
    assert list(line.get_ydata()) == pytest.approx(list(expected))
    assert ax.get_ylabel() == "敏感性指数（无量纲）" and ax.get_xlabel() == "年份"
    assert len(legend_texts(ax)) == 8
    assert "S1" in footnote(fig) and "ST" in footnote(fig)


def test_sobol_single_year_bars():
    sw = cs.read_sweep(DATA / "sweep-sobol")
    one = cs.Sweep({"summary.json": b"{}"})
    one.summary = dict(sw.summary)
    one.sobol = sw.sobol[sw.sobol["year"] == 2030].assign(output="ic:2030")
    fig = render_checked(csp.sobol(one, top=5, lang="en"))
    (ax,) = visible_axes(fig)
    assert len(by_gid(fig, "S1:")) == 5 and len(by_gid(fig, "ST:")) == 5
    assert len(ax.get_xticklabels()) == 5 and ax.get_ylabel() == "Sensitivity index (dimensionless)"


def test_first_years(mc):
    fig = render_checked(csp.first_years(mc, ["icv", "ic"]))
    axes = visible_axes(fig)
    assert [ax.get_title() for ax in axes] == ["智能网联汽车", "半导体与集成电路"]
    assert set(by_gid(fig, "target-year:")) == {"target-year:icv:2025", "target-year:icv:2030",
                                                "target-year:ic:2025", "target-year:ic:2030"}
    never = by_gid(fig, "never:ic:2030")["never:ic:2030"]
    fy = mc.first_years
    share = fy[(fy["cluster"] == "ic") & (fy["target_year"] == 2030) & fy["first_year"].isna()]
    assert never.get_height() == pytest.approx(share["probability"].iloc[0])
    assert axes[0].get_ylabel() == "模拟占比（%）"
    assert legend_texts(axes[0]) == ["目标 2025", "目标 2030"]


def test_fitted_vs_observed():
    cal = cs.read_calibration(DATA / "calibration")
    assert cal.until == 2019 and cal.fitted["in_sample"].dtype == bool
    assert list(cal.fitted.columns) == ["series", "year", "observed", "fitted", "residual",
                                        "in_sample"]
    fig = render_checked(csp.fitted(cal))
    (ax,) = visible_axes(fig)
    ins = by_gid(fig, "observed-in:ic_revenue")["observed-in:ic_revenue"]
    outs = by_gid(fig, "observed-out:ic_revenue")["observed-out:ic_revenue"]
    f = cal.fitted
    assert list(ins.get_xdata()) == list(f[f["in_sample"]]["year"])
    assert list(outs.get_ydata()) == list(f[~f["in_sample"]]["observed"])
    assert list(by_gid(fig, "until")["until"].get_xdata()) == [2019.5, 2019.5]
    assert ax.get_title() == "ic_revenue（design only）"
    # The series' measure from summary.json: a revenue series is 营收, not 产值.
    assert cal.summary["series"][0]["measure"] == "revenue"
    assert ax.get_ylabel() == "营收（亿元）"
    # Observations are markers; the fitted values join only consecutive years.
    assert ins.get_linestyle() == "None" and outs.get_linestyle() == "None"
    fitted = by_gid(fig, "fitted:ic_revenue")["fitted:ic_revenue"]
    xs = np.asarray(fitted.get_xdata(), dtype=float)
    years = sorted(f["year"])
    gaps = sum(1 for a, b in zip(years, years[1:]) if b - a > 1)
    assert int(np.isnan(xs).sum()) == gaps
    assert legend_texts(ax) == ["拟合值", "观测值（样本内）", "观测值（样本外）", "样本截止 2019"]
    note = footnote(fig)
    assert "序列口径：ic_revenue: design only" in note and "2019" in note
    fig = render_checked(csp.fitted(cal, lang="en"))
    assert "series scope: ic_revenue: design only" in footnote(fig)


def test_read_calibration_refuses_other_directories():
    with pytest.raises(cs.InputError, match="not a calibration's directory"):
        cs.read_calibration(DATA / "sweep-mc")
