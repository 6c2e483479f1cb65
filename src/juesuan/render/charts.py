"""The four figures of a 决算 情况说明, drawn with matplotlib in the bundled CJK font:
图1 收支决算总计变动, 图2 收入决算结构, 图3 支出决算结构, 图4 财政拨款收支总计变动.

A glyph the font lacks would print as a box: matplotlib's "Glyph … missing" warning is
turned into an error, so a chart either shows every character or is not drawn.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass


from .fonts import matplotlib_font
from .layout import print_layout
from .source import Source

TITLES = {
    "total_change": "收支决算总计变动情况",
    "income_structure": "收入决算结构",
    "spending_structure": "支出决算结构",
    "fiscal_change": "财政拨款收支总计变动情况",
}
CHARTS = tuple(TITLES)


class MissingGlyph(RuntimeError):
    pass


@dataclass
class Chart:
    key: str
    number: int
    title: str
    png: bytes

    @property
    def caption(self) -> str:
        return f"图{self.number} {self.title}"


def _bars(ax, source: Source, items: list[tuple[str, str, str, str]]) -> None:
    """Grouped bars: each item (label, table, row, col) this year, and last year where
    the input gives it (an unknown prior-year figure is left out, never drawn as 0)."""
    labels = [label for label, *_ in items]
    current = [source.value(t, r, c) for _, t, r, c in items]
    prior = [source.prior.get((t, r, c)) for _, t, r, c in items]
    width = 0.36
    shift = width / 2 if any(p is not None for p in prior) else 0
    drawn = []
    known = [(x, p) for x, p in enumerate(prior) if p is not None]
    if known:
        bars = ax.bar([x - shift for x, _ in known], [float(p) for _, p in known], width,  # drawing only
                      label=f"{source.year - 1}年度", color="#9db4d0")
        drawn += list(zip(bars, (p for _, p in known)))
    bars = ax.bar([x + shift for x in range(len(items))], [float(v) for v in current], width,
                  label=f"{source.year}年度", color="#2f5f98")
    drawn += list(zip(bars, current))
    for bar, value in drawn:
        ax.annotate(f"{value:,.2f}", (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center",
                    va="bottom", fontsize=8)
    top = max([float(v) for v in current] + [float(p) for _, p in known] + [1.0])
    ax.set_ylim(0, top * 1.25)
    ax.set_xticks(list(range(len(items))), labels)
    ax.set_ylabel(f"金额（{source.amount_unit}）")
    ax.legend(frameon=False, loc="upper center", ncol=2)
    ax.spines[["top", "right"]].set_visible(False)


def _pie(ax, source: Source, table: str, names: list[str]) -> None:
    parts = [(name, source.value(table, "合计", i + 1)) for i, name in enumerate(names) if i > 0]
    parts = [(n, v) for n, v in parts if v > 0]
    if not parts:
        ax.text(0.5, 0.5, "本年度无数据", ha="center", va="center", fontsize=12)
        ax.axis("off")
        return
    from .narrative import largest_remainder

    shares = largest_remainder([v for _, v in parts])
    labels = [f"{n} {v:,.2f}{source.amount_unit}（{s}%）" for (n, v), s in zip(parts, shares)]
    wedges, _texts = ax.pie([float(v) for _, v in parts], startangle=90, counterclock=False,  # drawing only
                            colors=["#2f5f98", "#e3a33b", "#5a9e6f", "#c0504d", "#8064a2", "#4bacc6"][:len(parts)],
                            wedgeprops={"linewidth": 1, "edgecolor": "white"})
    ax.legend(wedges, labels, loc="center left", bbox_to_anchor=(0.95, 0.5), frameon=False, fontsize=9)
    ax.axis("equal")


def draw(source: Source, key: str, number: int) -> Chart:
    """One chart as PNG bytes (deterministic: no date in the metadata)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    family = matplotlib_font()
    columns = print_layout()["coded_columns"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with matplotlib.rc_context({"font.family": family, "axes.unicode_minus": False}):
            figure = Figure(figsize=(6.4, 3.6), dpi=150)
            ax = figure.add_subplot()
            if key == "total_change":
                _bars(ax, source, [("收入总计", "F01", "31", "1"), ("支出总计", "F01", "62", "2")])
            elif key == "fiscal_change":
                _bars(ax, source, [("财政拨款收入总计", "F04", "32", "1"), ("财政拨款支出总计", "F04", "64", "2")])
            elif key == "income_structure":
                _pie(ax, source, "F02", columns["F02"])
            elif key == "spending_structure":
                _pie(ax, source, "F03", columns["F03"])
            else:
                raise KeyError(key)
            figure.tight_layout()
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", metadata={"Software": None})
    missing = [str(w.message) for w in caught if "missing from" in str(w.message) and "Glyph" in str(w.message)]
    if missing:
        raise MissingGlyph("; ".join(missing[:3]))
    return Chart(key, number, TITLES[key], buffer.getvalue())


def draw_all(source: Source, keys: list[str]) -> dict[str, Chart]:
    return {key: draw(source, key, number) for number, key in enumerate(keys, 1)}


