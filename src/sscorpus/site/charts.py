"""The geometry of the overview page's pictures, computed here so that the
templates only write it out: small horizontal bar charts, and a network
drawn on a circle. No randomness and every coordinate written with one
decimal: the same data give the same bytes on every machine.

The pictures are inline SVG (no script, no request); each carries its
accessible name, and the page gives every figure as text as well.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: bar charts: the width of the labels, of the bars, of a row
LABEL_WIDTH, BAR_WIDTH, ROW = 96, 150, 18
#: the room a count takes after its bar
COUNT_WIDTH = 34
#: a node's label is cut after this many characters (its full name is its title)
LABEL_CHARACTERS = 24
#: room for the labels around the circle: sideways and above and below
SIDE, TOP = 170, 36


def number(value: float) -> str:
    """A coordinate as the SVG writes it: one decimal, never ``-0.0``."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    #: the class that colours it (``bar-<label>``)
    css: str
    y: str
    width: str
    #: where its count is written
    text_x: str
    text_y: str


@dataclass(frozen=True, slots=True)
class BarChart:
    #: the chart as a sentence: its accessible name
    title: str
    width: int
    height: int
    label_x: int
    bar_x: int
    bar_height: int
    bars: list[Bar]


def bar_chart(what: str, counts: Mapping[str, int], order: Sequence[str], largest: int) -> BarChart:
    """One bar per value of ``order`` (zeros too), on a scale whose longest
    bar is ``largest``: charts drawn with one ``largest`` compare."""
    bars = []
    for i, label in enumerate(order):
        value = counts.get(label, 0)
        width = BAR_WIDTH * value / largest if largest else 0.0
        y = i * ROW + 3
        bars.append(
            Bar(
                label,
                value,
                f"bar-{label}",
                number(y),
                number(width),
                number(LABEL_WIDTH + width + 4),
                number(y + ROW - 7),
            )
        )
    title = f"{what}: " + ", ".join(f"{b.label} {b.value}" for b in bars)
    return BarChart(
        title, LABEL_WIDTH + BAR_WIDTH + COUNT_WIDTH, len(bars) * ROW + 4, LABEL_WIDTH - 4, LABEL_WIDTH, 12, bars
    )


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    name: str
    label: str
    x: str
    y: str
    label_x: str
    label_y: str
    #: text-anchor of its label: start on the right of the circle, end on the left
    anchor: str


@dataclass(frozen=True, slots=True)
class Tie:
    a: str
    b: str
    weight: float
    x1: str
    y1: str
    x2: str
    y2: str
    width: str

    @property
    def shown(self) -> str:
        return f"{self.weight:g}"


@dataclass(frozen=True, slots=True)
class Drawing:
    width: int
    height: int
    nodes: list[Node]
    ties: list[Tie]


def _cut(name: str) -> str:
    return name if len(name) <= LABEL_CHARACTERS else name[: LABEL_CHARACTERS - 1].rstrip() + "\u2026"


def circle(nodes: Sequence[str], names: Mapping[str, str], ties: Sequence[tuple[str, str, float]]) -> Drawing:
    """``nodes`` evenly on a circle, in their order, the first at the top
    and on clockwise; each tie a line as wide as its weight (1 to 6 pixels,
    the heaviest the widest). The circle grows with the nodes so that their
    labels keep apart."""
    radius = max(140.0, 2.8 * len(nodes))
    cx, cy = SIDE + radius, TOP + radius
    at: dict[str, tuple[float, float, float]] = {}
    drawn = []
    for i, node in enumerate(nodes):
        angle = 2 * math.pi * i / len(nodes) - math.pi / 2
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = cx + radius * cos, cy + radius * sin
        at[node] = (x, y, cos)
        anchor = "start" if cos > 1e-6 else "end" if cos < -1e-6 else "middle"
        label_x = x + 10 * cos
        label_y = y + 10 * sin + (4 if anchor != "middle" else (-6 if sin < 0 else 16))
        name = names.get(node, node)
        drawn.append(Node(node, name, _cut(name), number(x), number(y), number(label_x), number(label_y), anchor))
    heaviest = max((w for _, _, w in ties), default=0.0)
    lines = []
    for a, b, weight in ties:
        (x1, y1, _), (x2, y2, _) = at[a], at[b]
        width = 1 + 5 * weight / heaviest if heaviest else 1.0
        lines.append(Tie(a, b, weight, number(x1), number(y1), number(x2), number(y2), number(width)))
    size = round(2 * radius)
    return Drawing(size + 2 * SIDE, size + 2 * TOP, drawn, lines)
