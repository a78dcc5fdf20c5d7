"""Figure builders: DataFrame in, plotly Figure out. Pure; never imports streamlit.

Compliance with the quota is told by colour AND by a text label, never by colour alone.
Missing years break lines. Bars are grouped, never stacked, so different measures never
add up. Every builder takes ``lang`` for the words, numbers and dates it draws (the chart
gives it category and series names already in the reader's language: ``charts.registry.shown``),
and escapes every text it puts in the figure with ``template.plain`` (titles in ``base_layout``).
Layer: viz.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from wps_data.i18n import fmt_value, t, words
from wps_data.i18n.formats import fmt_when, percent_suffix
from wps_data.viz.template import BLACK, BLUE, GREY, PALETTE, VERMILLION, base_layout, custom, hover, plain, plain_all

QUOTA_LABEL_PX = 12
ROTATED_LABEL_PX = 12
MIN_PLOT_PX = 220  # the shortest plot a figure is drawn at (slides squeeze to it): rotated labels fit in it
NARROW_PLOT_PX = 480  # the narrowest plot a bar chart is drawn at (a slide's): labels wider than a bar turn
EM = 0.58  # average glyph width of the figures' font in em (measured 0.55: a little generous)
# Value labels too wide for their bar are turned upright, at full size (never shrunk to the bar's width).
TURNED = {"textangle": -90, "constraintext": "none", "textfont": {"size": ROTATED_LABEL_PX}}


GROUP_CHARS = 22  # a quota chart's group names wrap at about 150 px, its body names at about 280 px
NAME_CHARS = 40


def _rows_wrapped(labels: Sequence[str], width: int) -> list[str]:
    """Row labels escaped (``plain``) and wrapped at spaces to ``width`` characters a line."""
    return ["<br>".join(textwrap.wrap(plain(x), width, break_long_words=False)) or plain(x) for x in labels]


def quota_bars(q: pd.DataFrame, *, title: str, subtitle: str, quota: float = 30.0, lang: str = "en") -> go.Figure:
    """Women's share per body, grouped, with the quota line; labels say meets/short.

    Groups are the ``group`` column if given (else ``branch``), ordered by ``group_rank``
    (0 at the top) when given. One trace keeps the order (group, then share); two
    legend-only traces explain colours.
    """
    q = q.assign(branch=q["group"] if "group" in q else q["branch"])
    rank = q["group_rank"] if "group_rank" in q else pd.Series(0, index=q.index)
    q = q.assign(_rank=rank).sort_values(["_rank", "branch", "value"], ascending=[False, False, True])
    year = [t("hover.undated", lang) if pd.isna(y) else str(int(y)) for y in q["year"]]
    names = [lbl if y in lbl else f"{lbl} ({y})" for lbl, y in zip(q["short_label"], year, strict=True)]
    groups = _rows_wrapped(q["branch"].tolist(), GROUP_CHARS)  # the page's frame re-wraps them on a phone
    names = _rows_wrapped(names, NAME_CHARS)
    labels = [
        t("quota.label_meets", lang, v=fmt_value(v, "percent", lang))
        if ok
        else t("quota.label_short", lang, v=fmt_value(v, "percent", lang), gap=words.points(round(g, 2), lang))
        for v, ok, g in zip(q["value"], q["compliant"], q["gap_points"], strict=True)
    ]
    colours = [BLUE if ok else VERMILLION for ok in q["compliant"]]
    fig = go.Figure()
    fig.add_bar(
        y=[groups, names],
        x=q["value"],
        orientation="h",
        marker_color=colours,
        text=plain_all(labels),
        textposition="none",  # drawn as a column of notes right of the bars and the quota line (below)
        cliponaxis=False,
        showlegend=False,
        customdata=custom(q.assign(unit="percent"), lang),
        hovertemplate=hover(lang),
    )
    for name, colour in ((t("quota.legend_meets", lang), BLUE), (t("quota.legend_below", lang), VERMILLION)):
        fig.add_bar(
            x=[None],
            y=[[groups[0]], [names[0]]],
            name=plain(name),
            marker_color=colour,
            orientation="h",
            hoverinfo="skip",
        )
    fig.add_vline(
        x=quota,
        line_dash="dash",
        line_color=BLACK,
        line_width=1.5,
        annotation_text=plain(t("quota.annotation", lang, quota=fmt_value(quota, "percent", lang))),
        annotation_position="top left",  # above the plot, ending at the line: never meets a bar's label
        annotation_yanchor="bottom",
    )
    # One column of labels just right of the plot (paper x = 1), so no label crosses the quota line
    # and none depends on how wide the plot is drawn: the right margin holds the longest label
    # (the page's frame script measures it as drawn and widens the margin if the font runs wider).
    for i, text in enumerate(plain_all(labels)):  # y: the row's index on the (multi)category axis
        fig.add_annotation(
            x=1,
            xref="paper",
            y=i,
            text=text,
            xanchor="left",
            xshift=6,
            showarrow=False,
            font={"size": QUOTA_LABEL_PX},
        )
    fig.update_xaxes(
        showgrid=False,
        range=[0, 10 * math.ceil((max(quota, float(q["value"].max())) + 3) / 10)],  # ends on a tick
        ticksuffix=percent_suffix(lang),
        title=plain(t("quota.axis", lang)),
    )
    fig.update_yaxes(automargin=True)
    fig = base_layout(fig, title=title, subtitle=subtitle, height=max(420, 30 * len(q) + 160))
    return fig.update_layout(margin_r=round(max(len(x) for x in labels) * EM * QUOTA_LABEL_PX + 16))


def lines_by_year(
    df: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    series: str = "subject",
    ref_lines: Sequence[tuple[float, str]] = (),
    y_title: str = "",
    percent: bool = False,
    annotations: Sequence[tuple[int, str]] = (),
    markers_only_series: Sequence[str] = (),
    lang: str = "en",
) -> go.Figure:
    """Lines over years; rows with NaN value (from with_gaps) break the line."""
    fig = go.Figure()
    for i, (name, grp) in enumerate(df.groupby(series, sort=False)):
        grp = grp.sort_values("year")
        mode = "markers" if name in markers_only_series else "lines+markers"
        fig.add_scatter(
            x=grp["year"],
            y=grp["value"],
            name=plain(name),
            mode=mode,
            connectgaps=False,
            line={"color": PALETTE[i % len(PALETTE)], "width": 2.5},
            marker={
                "size": 8,
                "symbol": ["circle", "square", "diamond", "triangle-up", "x", "cross", "star", "hexagon"][i % 8],
            },
            customdata=custom(grp, lang),
            hovertemplate=hover(lang),
        )
    for value, label in ref_lines:
        fig.add_hline(
            y=value, line_dash="dash", line_color=BLACK, annotation_text=plain(label), annotation_position="top left"
        )
    for year, text in annotations:
        fig.add_vline(
            x=year,
            line_dash="dot",
            line_color=GREY,
            annotation_text=plain(text),
            annotation_position="top right",
            annotation_font_size=11,
        )
    years = df["year"].dropna()
    x_range = [float(years.min()) - 0.5, float(years.max()) + 0.5] if not years.empty else None
    fig.update_xaxes(dtick=1 if _span(df) <= 14 else 2, title=None, tickformat="d", range=x_range)
    fig.update_yaxes(title=plain(y_title), ticksuffix=percent_suffix(lang) if percent else "", rangemode="tozero")
    return base_layout(fig, title=title, subtitle=subtitle)


def _span(df: pd.DataFrame) -> int:
    y = df["year"].dropna()
    return int(y.max() - y.min()) if not y.empty else 0


def bars(
    df: pd.DataFrame,
    *,
    x: str,
    y: str,
    title: str,
    subtitle: str,
    color: str | None = None,
    orientation: str = "v",
    barmode: str = "group",
    percent: bool = False,
    colour_map: dict[str, str] | None = None,
    y_title: str = "",
    ref_lines: Sequence[tuple[float, str]] = (),
    lang: str = "en",
) -> go.Figure:
    """Bars with value labels; grouped (never stacked) so different measures never add up."""
    fig = go.Figure()
    groups = [(None, df)] if color is None else list(df.groupby(color, sort=False))
    longest = max((len(fmt_value(v, u, lang)) for v, u in zip(df["value"], df["unit"], strict=True)), default=0)
    turned = orientation == "v" and longest * EM * ROTATED_LABEL_PX > NARROW_PLOT_PX / max(1, len(df))
    for i, (name, grp) in enumerate(groups):
        colour = (colour_map or {}).get(str(name), PALETTE[i % len(PALETTE)])
        text = [fmt_value(v, u, lang) for v, u in zip(grp["value"], grp["unit"], strict=True)]
        cats = plain_all(grp[x].tolist())
        kw = dict(x=cats, y=grp[y]) if orientation == "v" else dict(x=grp[y], y=cats)
        fig.add_bar(
            **kw,
            orientation=orientation,
            name=plain(name) if name is not None else "",
            marker_color=colour,
            text=plain_all(text),
            textposition="outside",
            cliponaxis=False,
            **(TURNED if turned else {}),
            customdata=custom(grp, lang),
            hovertemplate=hover(lang),
            showlegend=name is not None,
        )
    fig.update_layout(barmode=barmode)
    val_axis = fig.update_yaxes if orientation == "v" else fig.update_xaxes
    val_axis(ticksuffix=percent_suffix(lang) if percent else "", title=plain(y_title), rangemode="tozero")
    if orientation == "v":
        fig.update_xaxes(type="category", title=None)
        top = float(df["value"].max()) if len(df) else 1
        # turned labels stand above their bar: the tallest bar leaves room for the longest one
        room = MIN_PLOT_PX / max(MIN_PLOT_PX - longest * EM * ROTATED_LABEL_PX - 8, MIN_PLOT_PX / 3)
        fig.update_yaxes(range=[0, top * (room if turned else 1.18)])
    else:
        fig.update_yaxes(type="category", automargin=True, title=None, categoryorder="trace")
        top = float(df["value"].max()) if len(df) else 1
        fig.update_xaxes(range=[0, top * 1.3])
    for value, label in ref_lines:
        (fig.add_hline if orientation == "v" else fig.add_vline)(
            value, line_dash="dash", line_color=BLACK, annotation_text=plain(label)
        )
    height = 420 if orientation == "v" else max(320, 34 * df[x].nunique() * max(1, len(groups)) // 1 + 150)
    return base_layout(fig, title=title, subtitle=subtitle, height=min(height, 900))


def dots_by_year(
    df: pd.DataFrame,
    *,
    colour: str,
    symbol: str,
    title: str,
    subtitle: str,
    colour_map: dict[str, str],
    y_title: str = "",
    lang: str = "en",
) -> go.Figure:
    """One marker per figure: colour = kind of count, symbol = series. Nothing is stacked or summed."""
    fig = go.Figure()
    symbols = ["circle", "square", "diamond", "triangle-up", "x", "cross", "star", "hexagon", "pentagon"]
    series = list(dict.fromkeys(df[symbol]))
    for (kind, name), grp in df.groupby([colour, symbol], sort=False):
        fig.add_scatter(
            x=grp["year"],
            y=grp["value"],
            mode="markers+text",
            name=plain(words.label_value(kind, name, lang)),
            text=[plain(fmt_value(v, u, lang)) for v, u in zip(grp["value"], grp["unit"], strict=True)],
            textposition="middle right",
            cliponaxis=False,
            marker={
                "size": 13,
                "color": colour_map.get(kind, GREY),
                "symbol": symbols[series.index(name) % len(symbols)],
                "line": {"width": 1, "color": "#fff"},
            },
            customdata=custom(grp, lang),
            hovertemplate=hover(lang),
        )
    years = df["year"].dropna()
    fig.update_xaxes(
        dtick=1,
        tickformat="d",
        title=None,
        range=[float(years.min()) - 0.7, float(years.max()) + 0.9] if not years.empty else None,
    )
    fig.update_yaxes(title=plain(y_title), rangemode="tozero")
    fig = base_layout(fig, title=title, subtitle=subtitle, height=520)
    fig.update_layout(legend={"orientation": "v", "y": -0.12, "font": {"size": 11}})
    return fig


def timeline(df: pd.DataFrame, *, title: str, subtitle: str, lang: str = "en") -> go.Figure:
    """Mandates as bars from adoption to mandate end; labels carry the ceilings.

    ``adopted`` is where a bar starts (an ISO date); ``adopted_label``, when given, is what the
    hover says of the adoption (the date, or that the sources do not give it).
    """
    fig = go.Figure()
    for i, r in enumerate(df.itertuples(index=False)):
        start, end = pd.Timestamp(r.adopted), pd.Timestamp(r.ends)
        res = plain(r.resolution)
        until = t("timeline.until", lang, date=fmt_when(r.ends, lang))
        adopted = getattr(r, "adopted_label", r.adopted)
        adopted = t("timeline.adopted", lang, date=fmt_when(adopted, lang)) if _is_date(adopted) else adopted
        hover_lines = [res, plain(adopted), plain(until), plain(r.ceilings)]
        fig.add_scatter(
            x=[start, end],
            y=[res, res],
            mode="lines+markers",
            line={"width": 14, "color": PALETTE[i % len(PALETTE)]},
            name=res,
            marker={"size": 10},
            showlegend=False,
            customdata=[hover_lines, hover_lines],
            hovertemplate=(
                "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<br>%{customdata[3]}<extra></extra>"
            ),
        )
        fig.add_annotation(
            x=end,
            y=res,
            text="  " + plain(words.join([until, r.ceilings], lang)),
            showarrow=False,
            xanchor="left",
            font={"size": 12},
        )
    fig.update_yaxes(type="category", autorange="reversed", title=None)
    fig.update_xaxes(
        title=None,
        tickformat="%Y",  # years: month names would be English whatever the language
        range=[
            pd.Timestamp(df["adopted"].min()) - pd.Timedelta(days=60),
            pd.Timestamp(df["ends"].max()) + pd.Timedelta(days=700),
        ],
    )
    return base_layout(fig, title=title, subtitle=subtitle, height=120 + 70 * len(df))


def coverage_heatmap(tab: pd.DataFrame, *, title: str, subtitle: str, lang: str = "en") -> go.Figure:
    """Facts per theme and year; empty cells are gaps."""
    z = tab.where(tab > 0)
    fig = go.Figure(
        go.Heatmap(
            z=z.values,
            x=[plain(c) for c in tab.columns],
            y=plain_all(list(tab.index)),
            colorscale="Blues",
            hovertemplate=words.label_value("%{y}, %{x}", "%{z} " + plain(t("coverage.figures", lang)), lang)
            + "<extra></extra>",
            xgap=2,
            ygap=2,
            colorbar={"title": plain(t("coverage.figures", lang))},
            text=z.fillna(0).astype(int).astype(str).replace("0", "").values,
            texttemplate="%{text}",
        )
    )
    fig.update_xaxes(type="category", title=None)
    fig.update_yaxes(autorange="reversed", title=None)
    return base_layout(fig, title=title, subtitle=subtitle, height=380)


def _is_date(text: object) -> bool:
    """True for an ISO date ('2021-06-29'): what ``timeline`` writes in words."""
    return isinstance(text, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None
