"""
Small PNG line charts for Slack threads: an alert's expression around its start, an app's CPU and memory.

matplotlib is imported here, on the first chart, not when the bot starts: it
costs tens of MiB a bot that never draws would carry for nothing. We draw on a
`Figure` with the Agg canvas, not through pyplot, so nothing global is kept
between charts and a chart can be drawn in a worker thread (`asyncio.to_thread`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from bot.graphs.prometheus import Series

__all__ = ["MAX_LINES", "Panel", "png"]

MAX_LINES = 8  # series drawn at most; a legend with more helps nobody
SHORT = dt.timedelta(minutes=10)  # a shorter span shows seconds on the time axis
WIDTH, HEIGHT, DPI = 8.0, 3.0, 90  # 720×270 px: fits a Slack thread without a click


@dataclass(frozen=True, slots=True)
class Panel:
    """One plot of a chart: its title, its series and the unit of its y axis."""

    title: str
    series: Sequence[Series]
    unit: str = ""
    scale: float = 1.0  # values are divided by this (bytes → MiB: 2**20)


def png(
    panels: Sequence[Panel],
    *,
    mark: dt.datetime | None = None,
    mark_label: str = "",
    label_by: Sequence[str] = ("pod", "instance", "job"),
) -> bytes:
    """The panels side by side as PNG bytes; `mark` draws a vertical line (the alert's start) on each."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, DateFormatter, date2num
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(WIDTH * (1 if len(panels) == 1 else 1.3), HEIGHT), dpi=DPI)
    FigureCanvasAgg(figure)
    for index, panel in enumerate(panels, start=1):
        axes = figure.add_subplot(1, len(panels), index)
        for s in panel.series[:MAX_LINES]:
            axes.plot(
                date2num([t for t, _ in s.points]),
                [v / panel.scale for _, v in s.points],
                linewidth=1.4,
                label=_label(s, label_by),
            )
        if mark is not None:
            axes.axvline(
                float(date2num(mark)),
                color="#d62728",
                linestyle="--",
                linewidth=1.2,
                label=mark_label or None,
            )
        # NB: an explicit y turns off the title's auto-placement, which measured every tick label again.
        axes.set_title(panel.title[:120], fontsize=10, loc="left", y=1.0)
        if panel.unit:
            axes.set_ylabel(panel.unit, fontsize=9)
        axes.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=6, tz=dt.UTC))
        axes.xaxis.set_major_formatter(DateFormatter("%H:%M" if _span(panel.series) > SHORT else "%H:%M:%S", tz=dt.UTC))
        axes.yaxis.set_major_locator(MaxNLocator(4))
        axes.tick_params(labelsize=8)
        axes.grid(True, alpha=0.3)
        if len(panel.series) > 1 or mark is not None:
            axes.legend(fontsize=7, loc="upper left", frameon=False)
    # NB: fixed margins, not tight_layout(): measuring every label doubled the time of a chart.
    figure.subplots_adjust(left=0.08 if len(panels) == 1 else 0.06, right=0.98, top=0.88, bottom=0.12, wspace=0.22)
    out = io.BytesIO()
    # NB: zlib's level 1: a third of the time of the default for a file a few kB larger.
    figure.savefig(out, format="png", pil_kwargs={"compress_level": 1})
    return out.getvalue()


def _span(series: Sequence[Series]) -> dt.timedelta:
    times = [t for s in series for t, _ in s.points]
    return max(times) - min(times) if times else dt.timedelta(0)


def _label(s: Series, label_by: Sequence[str]) -> str:
    for name in label_by:
        if value := s.labels.get(name):
            return value[:40]
    return ",".join(f"{k}={v}" for k, v in sorted(s.labels.items()) if k != "__name__")[:40] or "value"
