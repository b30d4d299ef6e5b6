"""Every chart renders (PNG, SVG, PDF) without a missing glyph, and carries its titles, axis
labels with units, target markers, legend entries and source footnote. Checked on the Figure
objects, not on pixels."""
import matplotlib
import pytest

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

import clustersim as cs  # noqa: E402
import clustersim.plot as csp  # noqa: E402
from conftest import PINGSHAN, ROOT, render_checked  # noqa: E402


def gids(fig, prefix):
    return [a.get_gid() for a in fig.findobj(lambda a: (a.get_gid() or "").startswith(prefix))]


def footnote(fig):
    texts = [t for t in fig.texts if t.get_gid() == "footnote"]
    assert len(texts) == 1
    return texts[0].get_text()


def legend_texts(ax):
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def visible_axes(fig):
    return [ax for ax in fig.axes if ax.get_visible()]


@pytest.fixture(scope="module")
def whatif():
    return cs.load(ROOT / PINGSHAN, {"levers.land.region": "198 ha/yr"}).run()


def test_trajectory_chinese(pingshan_run):
    fig = render_checked(csp.trajectory(pingshan_run))
    assert isinstance(fig, Figure)
    axes = visible_axes(fig)
    assert len(axes) == len(set(pingshan_run.targets["cluster"]))  # the clusters with targets
    assert fig._suptitle.get_text() == '坪山区"6+3"产业集群 2023–2030：预测与目标'
    titles = [ax.get_title() for ax in axes]
    assert titles[:2] == ["智能网联汽车", "半导体与集成电路"]
    for ax in axes:
        assert ax.get_ylabel() == "产值（亿元）" and ax.get_xlabel() == "年份"
    assert legend_texts(axes[0]) == ["预测", "目标"]
    # Every target has its marker and its annotated gap, coloured by the verdict.
    t = pingshan_run.targets
    expected = {f"target:{c}:{y}" for c, y in zip(t["cluster"], t["year"])}
    assert set(gids(fig, "target:")) == expected
    gaps = {a.get_gid(): a for a in fig.findobj(lambda a: (a.get_gid() or "").startswith("gap:"))}
    assert set(gaps) == {g.replace("target:", "gap:") for g in expected}
    # The gap written is the target table's, one decimal with a true minus sign; the colour its
    # verdict's (the figures follow the scenario: IC 2030 is missed by far).
    for _, row in t.iterrows():
        g = gaps[f"gap:{row['cluster']}:{row['year']}"]
        assert g.get_text() == f"差距 {row['gap_pct']:+.1f}%".replace("-", "−")
        assert g.get_color() == (csp.REACHED_COLOR if row["reached"] else csp.MISSED_COLOR)
    assert gaps["gap:ic:2030"].get_color() == csp.MISSED_COLOR
    # Target markers sit at the target values.
    marker = fig.findobj(lambda a: a.get_gid() == "target:ic:2030")[0]
    assert list(marker.get_xdata()) == [2030] and list(marker.get_ydata()) == [1000.0]
    note = footnote(fig)
    assert note.startswith("来源：clustersim") and "pingshan-2024" in note
    assert "深坪府[2024]1号" in note and "全年流量" in note  # the [id] resolved by sources_file
    # With the scenario's sources file named, the document's number stands for its id.
    sourced = cs.load(PINGSHAN, {"scenario.sources_file": "data/sources.csv"}).run(quick=True)
    note = footnote(render_checked(csp.trajectory(sourced)))
    assert "深坪府[2024]1号" in note and "[ps-6plus3-2024]" not in note


def test_trajectory_english_and_one_cluster(pingshan_run):
    fig = render_checked(csp.trajectory(pingshan_run, "ic", lang="en"))
    (ax,) = visible_axes(fig)
    assert ax.get_title() == "Semiconductors and integrated circuits"
    assert ax.get_ylabel() == "Output (CNY bn)" and ax.get_xlabel() == "Year"
    assert legend_texts(ax) == ["Projected", "Target"]
    assert fig._suptitle.get_text().endswith(": projection against targets")
    assert footnote(fig).startswith("Source: clustersim")
    assert gids(fig, "gap:") == ["gap:ic:2025", "gap:ic:2030"]


def test_cluster_colours_are_the_same_in_every_chart(pingshan_run, whatif):
    colors = csp.cluster_colors(pingshan_run)
    for fig in [csp.trajectory(pingshan_run), csp.capacities(pingshan_run, "ic"),
                csp.cluster(pingshan_run, "ic"), csp.compare(pingshan_run, whatif)]:
        line = fig.findobj(lambda a: a.get_gid() in ("projected:ic", "scenario-a:ic"))[0]
        assert matplotlib.colors.to_hex(line.get_color()) == colors["ic"].lower()
    assert len(set(colors.values())) == len(colors)


def test_compare(pingshan_run, whatif):
    fig = render_checked(csp.compare(pingshan_run, whatif))
    axes = visible_axes(fig)
    assert len(axes) == len(pingshan_run.cluster_ids)
    assert fig._suptitle.get_text().startswith("情景比较：A 与 B")
    assert "levers.land.region=198 ha/yr" in fig._suptitle.get_text()
    assert legend_texts(axes[0]) == ["A", "B", "目标"]
    assert all(ax.get_ylabel() == "产值（亿元）" and ax.get_xlabel() == "年份" for ax in axes)
    diff = fig.findobj(lambda a: a.get_gid() == "difference:ic")[0].get_text()
    a, b = pingshan_run.output.loc[2030, "ic"], whatif.output.loc[2030, "ic"]
    assert diff == f"2030年 B − A +{(b - a) / a * 100:.1f}%"
    assert len(gids(fig, "target:")) == 12
    assert "设定 levers.land.region=198 ha/yr" in footnote(fig)
    # A Comparison works as well.
    fig2 = csp.compare(cs.compare(pingshan_run, whatif), lang="en")
    assert legend_texts(visible_axes(fig2)[0]) == ["A", "B", "Target"]
    render_checked(fig2)


def test_binding_timeline(pingshan_run):
    fig = render_checked(csp.binding(pingshan_run))
    ax = fig.axes[0]
    assert fig._suptitle.get_text().endswith("约束产出的因素")
    assert ax.get_xlabel() == "年份" and ax.get_ylabel() == "集群"
    assert [t.get_text() for t in ax.get_yticklabels()][:2] == ["智能网联汽车", "半导体与集成电路"]
    assert legend_texts(ax) == ["资本", "劳动力", "空间（土地与厂房）", "需求", "目标年份"]
    assert ax.get_legend().get_title().get_text() == "约束因素"
    image = fig.findobj(lambda a: a.get_gid() == "binding")[0]
    assert image.get_array().shape == (len(pingshan_run.cluster_ids), 8)
    assert (image.get_array() == pingshan_run.binding_codes()).all()
    assert len(gids(fig, "target:")) == 12
    assert "E9" in footnote(fig)
    en = render_checked(csp.binding(pingshan_run, lang="en"))
    assert legend_texts(en.axes[0])[:2] == ["Capital", "Labour"]


def test_capacities(pingshan_run):
    fig = render_checked(csp.capacities(pingshan_run, "icv"))
    ax = fig.axes[0]
    assert fig._suptitle.get_text() == "智能网联汽车：产能、需求与产值"
    assert ax.get_ylabel() == "产值、产能与需求（亿元）"
    assert legend_texts(ax) == ["产值", "资本约束产能", "劳动力约束产能", "空间约束产能", "需求"]
    assert "全年积分" in footnote(fig)


def test_cluster_page(pingshan_run):
    sourced = cs.load(PINGSHAN, {"scenario.sources_file": "data/sources.csv"}).run(quick=True)
    fig = render_checked(csp.cluster(sourced, "ic"))
    titles = [ax.get_title() for ax in fig.axes]
    assert "产值与目标" in titles and "产能、需求与产值" in titles
    # The baseline's source names the document, not the project's seed number.
    assert fig._suptitle.get_text() == ("半导体与集成电路\n2023年产值 150.0 亿元"
                                        "（深坪府[2024]1号 三(一)2(2): 在2023年实现150亿元产值基础上）")
    tables = [a for a in fig.axes if a.tables]
    cells = {c.get_text().get_text() for c in tables[0].tables[0].get_celld().values()}
    t = pingshan_run.targets.set_index(["cluster", "year"])
    gap = f"{t.loc[('ic', 2030), 'gap_pct']:+.1f}%".replace("-", "−")
    assert {"2025", "2030", "未达标", gap, "首次\n达标"} <= cells


def test_cite_names_the_document(pingshan_run):
    sc = cs.load(PINGSHAN, {"scenario.sources_file": "data/sources.csv"})
    # Model v2's scenarios cite [id] into data/sources.csv; the document's number stands for it.
    assert csp.cite("[ps-6plus3-2024] 三(一)1(2): 至2030年实现产值6000亿元", sc) == \
        "深坪府[2024]1号 三(一)1(2): 至2030年实现产值6000亿元"
    assert csp.cite("[ps-6plus3-2024]: 电芯模组", sc) == "深坪府[2024]1号: 电芯模组"
    assert csp.short_source("[ps-6plus3-2024] 三(一)1(2): x", sc) == "深坪府[2024]1号"
    # An id the sources file does not hold, a seed no source names, and a source without either
    # stay as written.
    assert csp.cite("[no-such-id] 一: x", sc) == "[no-such-id] 一: x"
    assert csp.cite("seed 009, 一: x", sc) == "seed 009, 一: x"
    assert csp.cite("facts §2 [weak]: 2023", sc) == "facts §2 [weak]: 2023"


def test_targets_table(pingshan_run):
    fig = render_checked(csp.targets_table(pingshan_run, probabilities=[0.5] * 12))
    table = fig.axes[0].tables[0]
    header = [table[0, c].get_text().get_text() for c in range(11)]
    assert header[:4] == ["集群", "年份", "目标\n（亿元）", "预测\n（亿元）"]
    assert "达标\n概率" in header
    assert table[1, 0].get_text().get_text() == "智能网联汽车"
    # With a probability the verdict is its IPCC word (IC 2030 misses; 50%: no mark).
    assert table[4, 5].get_text().get_text() == "可能性约为一半"


def test_missing_cjk_font_gives_a_clear_message(pingshan_run, monkeypatch):
    from matplotlib import font_manager

    from clustersim import _fonts
    monkeypatch.setattr(_fonts, "_family", None)
    monkeypatch.setattr(_fonts, "_searched", False)
    monkeypatch.setattr(_fonts, "_SEARCH_DIRS", [])
    monkeypatch.setattr(_fonts, "OTHER_CJK", [])
    monkeypatch.setattr(_fonts, "PREFERRED", "No Such Font CJK")
    monkeypatch.setattr(font_manager.fontManager, "ttflist",
                        [f for f in font_manager.fontManager.ttflist if "CJK" not in f.name])
    with pytest.raises(csp.FontError, match="fonts-noto-cjk"):
        csp.trajectory(pingshan_run)
    assert issubclass(csp.FontError, cs.Error)
    # English charts still work, with English words only.
    fig = csp.trajectory(pingshan_run, "ic", lang="en")
    assert fig.axes[0].get_ylabel() == "Output (CNY bn)"


def test_use_style_sets_the_cjk_font():
    with matplotlib.rc_context():
        csp.use_style("zh")
        assert matplotlib.rcParams["font.family"][0] == "Noto Sans CJK SC"


def test_the_glyph_check_itself_catches_missing_glyphs():
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig = Figure()
        fig.suptitle("年份")
    with pytest.raises(AssertionError, match="missing from current font"):
        render_checked(fig)
