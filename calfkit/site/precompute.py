"""An explorer's views computed ahead over its controls' steps, for a page with no kernel.

:func:`precompute` sets an :class:`calfkit.widgets.Explorer`'s control values to
every combination on a grid (each slider from its minimum to its maximum in whole
multiples of its step, every dropdown option, both states of a checkbox), calls the
explorer's own ``_compute`` for each, and packs the views compactly:

* the traces of the first view whole, and per combination only the trace properties
  that differ between combinations (``paths`` / ``values``); a property value seen
  before is stored once (``table``);
* readouts and descriptions cut into pieces at closing block tags and sentence ends,
  each piece stored once (``pieces``), each view a list of piece numbers.

``calfkit/site/assets/explorer.js`` rebuilds a view from the pack when a control
moves. If the grid at the controls' own steps has more than ``budget`` combinations,
the slider with the most steps takes a step twice as coarse, until it fits; each
slider's grid is named on the page so a learner knows the live version moves finer.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

__all__ = ["Axis", "control_axis", "coarsen", "precompute", "precompute_within", "PIECE_BREAK"]

PIECE_BREAK = re.compile(r"(?<=</li>)|(?<=</p>)|(?<=</tr>)|(?<=</ul>)|(?<=[.!?:] )(?=[A-Z(])")
"""Where readouts and descriptions are cut into shared pieces (the text is unchanged when rejoined)."""


@dataclass(frozen=True)
class Axis:
    """The values one control takes on the page.

    Attributes
    ----------
    name : str
        Control name (key of ``explorer.controls``).
    label : str
        The control's visible description.
    kind : str
        ``"range"`` (a slider), ``"select"`` (a dropdown) or ``"checkbox"``.
    values : tuple
        Model values, in order.
    labels : tuple of str
        What the page shows for each value.
    index : int
        Position of the control's current value in ``values``.
    step : float or None
        Grid step of a slider (None for the other kinds).
    live_step : float or None
        The slider's own step in the live version.
    """

    name: str
    label: str
    kind: str
    values: tuple[Any, ...]
    labels: tuple[str, ...]
    index: int
    step: float | None = None
    live_step: float | None = None


def _slider_values(low: float, high: float, step: float, current: float) -> list[float]:
    count = int(math.floor((high - low) / step + 1e-9))
    values = {round(low + i * step, 10) for i in range(count + 1)} | {round(float(current), 10)}
    return sorted(values)


def _fmt_slider(control: Any, value: float) -> str:
    fmt = getattr(control, "readout_format", ".0f") or ".0f"
    try:
        return format(value, fmt)
    except ValueError:
        return f"{value:g}"


def control_axis(name: str, control: Any, step_factor: int = 1) -> Axis | None:
    """The grid of one ipywidgets control, or None for a control the page cannot offer.

    Parameters
    ----------
    name : str
    control : ipywidgets.Widget
        A ``FloatSlider``/``IntSlider``, ``Dropdown``/``RadioButtons``/``ToggleButtons`` or ``Checkbox``.
    step_factor : int
        Sliders move in steps of ``step_factor`` times their own step (1 = the live step).

    Raises
    ------
    ValueError
        If ``step_factor`` is not a whole number of at least 1.
    """
    import ipywidgets as W

    if not isinstance(step_factor, int) or step_factor < 1:
        raise ValueError(f"step_factor={step_factor!r} must be a whole number >= 1")
    label = str(getattr(control, "description", "") or name)
    if isinstance(control, (W.FloatSlider, W.IntSlider)):
        step = float(control.step) * step_factor
        values = _slider_values(float(control.min), float(control.max), step, float(control.value))
        if isinstance(control, W.IntSlider):
            values = [int(round(v)) for v in values]
        labels = tuple(_fmt_slider(control, v) for v in values)
        index = min(range(len(values)), key=lambda i: abs(values[i] - control.value))
        return Axis(name, label, "range", tuple(values), labels, index, step, float(control.step))
    if isinstance(control, (W.Dropdown, W.RadioButtons, W.ToggleButtons)):
        pairs = [
            (str(k), v)
            for k, v in zip(
                control.options if not control._options_labels else control._options_labels, control._options_values
            )
        ]
        values = tuple(v for _, v in pairs)
        labels = tuple(k for k, _ in pairs)
        index = values.index(control.value) if control.value in values else 0
        return Axis(name, label, "select", values, labels, index)
    if isinstance(control, W.Checkbox):
        return Axis(name, label, "checkbox", (False, True), ("off", "on"), int(bool(control.value)))
    return None


def coarsen(controls: Mapping[str, Any], budget: int) -> list[Axis] | None:
    """Axes for every control, sliders coarsened until the grid has at most ``budget`` combinations.

    Returns
    -------
    list of Axis or None
        None if a control cannot be offered on the page (a file upload, a text box) or the
        grid cannot fit the budget even with every slider at its two ends.
    """
    factors = {name: 1 for name in controls}
    while True:
        axes = [control_axis(name, control, factors[name]) for name, control in controls.items()]
        if any(axis is None for axis in axes):
            return None
        size = math.prod(len(axis.values) for axis in axes)
        if size <= budget:
            return axes
        sliders = [axis for axis in axes if axis.kind == "range" and len(axis.values) > 3]
        if not sliders:
            return None
        widest = max(sliders, key=lambda axis: len(axis.values))
        factors[widest.name] *= 2


def _pieces(text: str, table: dict[str, int]) -> list[int]:
    out = []
    for piece in PIECE_BREAK.split(text):
        if piece:
            out.append(table.setdefault(piece, len(table)))
    return out


def _leaves(value: Any, path: tuple) -> dict[tuple, Any]:
    """Trace properties as ``path -> value``: dicts are walked, lists and scalars are leaves."""
    if isinstance(value, Mapping):
        out: dict[tuple, Any] = {}
        for key, item in value.items():
            out.update(_leaves(item, (*path, key)))
        return out
    return {path: value}


def _jsonable(traces: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    from plotly.utils import PlotlyJSONEncoder

    return json.loads(json.dumps(list(traces), cls=PlotlyJSONEncoder))


def precompute_within(explorer: Any, budget: int, seconds: float, max_bytes: int) -> dict[str, Any] | None:
    """:func:`precompute` with the grid shrunk to fit a time and a size limit.

    One view is timed first; the combination budget is cut to what ``seconds`` allows,
    then halved until the packed views (as JSON) fit ``max_bytes``.

    Returns
    -------
    dict or None
        As :func:`precompute`; None if even a grid of 2 combinations does not fit.
    """
    import time

    start = time.perf_counter()
    try:
        explorer._compute()
    except ValueError:
        pass
    per_view = max(time.perf_counter() - start, 1e-4)
    budget = max(2, min(budget, int(seconds / per_view)))
    while budget >= 2:
        packed = precompute(explorer, budget)
        if packed is None:
            return None
        if len(json.dumps(packed, separators=(",", ":"))) <= max_bytes:
            return packed
        budget //= 2
    return None


def precompute(explorer: Any, budget: int) -> dict[str, Any] | None:
    """Every view of ``explorer`` over its control grid, packed for ``explorer.js``.

    Parameters
    ----------
    explorer : calfkit.widgets.Explorer
        Its ``values()`` is replaced for the duration (the controls themselves are not
        moved, so nothing is sent to a front end), then restored.
    budget : int
        Most combinations computed (at least 1).

    Returns
    -------
    dict or None
        ``{"controls": [...], "base": traces, "paths": [...], "table": [...], "views": [...],
        "pieces": [...], "readout": [...], "description": [...], "errors": [...]}``;
        None if the controls cannot be offered (see :func:`coarsen`).

    Raises
    ------
    ValueError
        If ``budget`` is not a whole number of at least 1.
    """
    if not isinstance(budget, int) or budget < 1:
        raise ValueError(f"budget={budget!r} must be a whole number >= 1")
    axes = coarsen(explorer.controls, budget)
    if axes is None:
        return None
    current = explorer.values()
    views: list[Any] = []
    saved = vars(explorer).pop("values", None)
    try:
        for combo in product(*(axis.values for axis in axes)):
            chosen = {**current, **{axis.name: value for axis, value in zip(axes, combo)}}
            explorer.values = lambda chosen=chosen: dict(chosen)
            try:
                views.append(explorer._compute())
            except ValueError as exc:  # the model refuses this combination: the page says why
                views.append(str(exc))
    finally:
        del explorer.values
        if saved is not None:
            explorer.values = saved
    return _pack(axes, views)


def _per_trace(traces: list[dict[str, Any]]) -> dict[tuple, Any]:
    out: dict[tuple, Any] = {}
    for i, trace in enumerate(traces):
        out.update(_leaves(trace, (i,)))
    return out


def _split_lists(leaves: list[dict[tuple, Any] | None]) -> list[dict[tuple, Any] | None]:
    """Lists of scalars that keep their length in every view become one leaf per element."""
    good = [leaf for leaf in leaves if leaf is not None]
    split = [
        path
        for path, value in good[0].items()
        if isinstance(value, list)
        and value
        and not any(isinstance(x, (list, dict)) for x in value)
        and all(isinstance(leaf.get(path), list) and len(leaf[path]) == len(value) for leaf in good)
    ]
    out = []
    for leaf in leaves:
        if leaf is None:
            out.append(None)
            continue
        leaf = dict(leaf)
        for path in split:
            for i, x in enumerate(leaf.pop(path)):
                leaf[(*path, i)] = x
        out.append(leaf)
    return out


def _depends_on(values: list[Any], coords: list[tuple[int, ...]], ndim: int) -> list[int]:
    """The controls a property's value depends on: checked exactly over the whole grid."""

    def consistent(dims: list[int]) -> bool:
        seen: dict[tuple, Any] = {}
        for value, coord in zip(values, coords):
            if value is _MISSING:
                continue
            key = tuple(coord[d] for d in dims)
            if seen.setdefault(key, value) != value:
                return False
        return True

    dims = [k for k in range(ndim) if not consistent([d for d in range(ndim) if d != k])]
    return dims if consistent(dims) else list(range(ndim))


_MISSING = object()


def _pack(axes: list[Axis], views: list[Any]) -> dict[str, Any]:
    """Views as the shared first traces plus, per varying property, its values over the controls it depends on."""
    traces = [None if isinstance(v, str) else _jsonable(v.traces) for v in views]
    good = [t for t in traces if t is not None]
    base = good[0] if good else []
    sizes = [len(a.values) for a in axes]
    coords = list(product(*(range(n) for n in sizes)))
    table: dict[str, int] = {}
    pieces: dict[str, int] = {}

    def number(value: Any) -> int:
        return table.setdefault(json.dumps(value, separators=(",", ":")), len(table))

    leaves = _split_lists([None if t is None else _per_trace(t) for t in traces]) if good else []
    keys = next((leaf.keys() for leaf in leaves if leaf is not None), set())
    props: list[dict[str, Any]] | None = []
    whole: list[int | None] | None = None
    if all(leaf is None or leaf.keys() == keys for leaf in leaves):
        first = next(leaf for leaf in leaves if leaf is not None) if good else {}
        for path in sorted(keys, key=lambda p: [str(k) for k in p]):
            values = [_MISSING if leaf is None else leaf[path] for leaf in leaves]
            if all(v is _MISSING or v == first[path] for v in values):
                continue
            dims = _depends_on(values, coords, len(axes))
            cells: dict[tuple, int] = {}
            for value, coord in zip(values, coords):
                if value is not _MISSING:
                    cells.setdefault(tuple(coord[d] for d in dims), number(value))
            grid = list(product(*(range(sizes[d]) for d in dims)))
            props.append({"path": list(path), "dims": dims, "cells": [cells.get(c, -1) for c in grid]})
    else:  # traces differ in number or keys: each view keeps its traces whole
        props = None
        whole = [None if t is None else number(t) for t in traces]
    return {
        "controls": [
            {
                "name": a.name,
                "label": a.label,
                "kind": a.kind,
                "labels": list(a.labels),
                "index": a.index,
                "step": a.step,
                "live_step": a.live_step,
            }
            for a in axes
        ],
        "base": base,
        "props": props,
        "whole": whole,
        "table": [json.loads(t) for t in table],
        "readout": [None if isinstance(v, str) else _pieces(v.readout, pieces) for v in views],
        "description": [None if isinstance(v, str) else _pieces(v.description, pieces) for v in views],
        "errors": [v if isinstance(v, str) else None for v in views],
        "pieces": list(pieces),
    }
