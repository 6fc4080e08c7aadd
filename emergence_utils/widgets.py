"""Interactive figures that also render statically.

The pattern used in every notebook:

1. a *pure* plotting function builds a :class:`matplotlib.figure.Figure` and returns the artists
   it will later change;
2. an ``update(**values)`` function changes those artists in place (``set_data``, ``set_text``,
   ``set_xscale``...), never rebuilding the figure;
3. :class:`LiveFigure` ties the controls to ``update`` and shows the figure.

Figures are made with :class:`matplotlib.figure.Figure` (not ``pyplot``), so nothing is shown
twice by the inline backend, and only core ipywidgets are used, so the widgets run in JupyterLab,
classic Notebook, VS Code and Colab without a custom widget manager.

Displaying a :class:`LiveFigure` sends one output that holds both the live widget and a PNG of
the figure at its default values: front ends that run widgets show the widget, while GitHub,
nbviewer and static HTML show the picture.
"""

from __future__ import annotations

import base64
import html
import io
import math
import os
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from matplotlib.artist import Artist
from matplotlib.figure import Figure

from .errors import EmergenceInputError

__all__ = ["figure_png", "StaticFigure", "show", "LiveFigure", "live_figures", "control_values",
           "sweep_controls"]

_REGISTRY: weakref.WeakSet = weakref.WeakSet()


def figure_png(fig: Figure, dpi: float | None = None, *, tight: bool = False) -> bytes:
    """Render a figure to PNG bytes (Agg backend, white background).

    By default this draws the canvas once with Agg and encodes with light compression, about
    twice as fast as ``savefig`` (which matters for slider latency). ``tight=True`` (used for
    static figures) or another ``dpi`` goes through ``savefig`` with a tight bounding box, so
    text placed outside the axes is kept.
    """
    from .style import thin_log_ticks

    thin_log_ticks(fig)
    buf = io.BytesIO()
    if tight or (dpi is not None and dpi != fig.dpi):
        fig.savefig(buf, format="png", dpi=dpi, facecolor="white",
                    bbox_inches="tight" if tight else None)
        return buf.getvalue()
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    return _canvas_png(fig, canvas)


def _figure_is_opaque(fig: Figure) -> bool:
    """Whether the figure patch covers every pixel with an opaque colour (alpha 1)."""
    from matplotlib.colors import to_rgba

    patch = fig.patch
    if not patch.get_visible() or patch.get_fill() is False:
        return False
    alpha = patch.get_alpha()
    return to_rgba(patch.get_facecolor())[3] >= 1.0 and (alpha is None or alpha >= 1.0)


def _canvas_png(fig: Figure, canvas: Any) -> bytes:
    """Encode what the Agg canvas holds now as an RGB PNG on white.

    When the figure background is opaque every pixel already has alpha 255, so the RGB bytes
    are encoded directly; otherwise the RGBA image is composited on white first. The PNG is
    written here (rows "Up"-filtered with numpy, zlib level 1), which is about 40 % faster than
    Pillow's adaptive filtering at the same size; the decoded pixels are the same.
    """
    import numpy as np

    rgba = np.asarray(canvas.buffer_rgba())
    if _figure_is_opaque(fig):
        rgb = rgba[..., :3]
    else:
        from PIL import Image

        height, width = rgba.shape[:2]
        image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA",
                                 0, 1)
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        rgb = np.asarray(background)
    return _encode_png_rgb(rgb)


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    import struct
    import zlib

    return (struct.pack(">I", len(data)) + tag + data
            + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))


def _encode_png_rgb(rgb: Any) -> bytes:
    """PNG bytes of an ``(height, width, 3)`` uint8 array (8-bit RGB, "Up" filter, zlib 1)."""
    import struct
    import zlib

    import numpy as np

    height, width = rgb.shape[:2]
    flat = rgb.reshape(height, width * 3)
    rows = np.empty((height, width * 3 + 1), dtype=np.uint8)
    rows[0, 0] = 0  # first row: no filter
    rows[0, 1:] = flat[0]
    rows[1:, 0] = 2  # other rows: "Up", the difference to the row above (mod 256)
    np.subtract(flat[1:], flat[:-1], out=rows[1:, 1:])
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(rows, 1)) + _png_chunk(b"IEND", b""))


def _tick_label_length(axis: Any) -> int:
    """Characters in the longest major tick label inside the view (what sets their width)."""
    lo, hi = sorted(axis.get_view_interval())
    locs = [v for v in axis.get_majorticklocs() if lo <= v <= hi]
    if not locs or not axis.get_visible():
        return 0
    labels = axis.get_major_formatter().format_ticks(locs)
    return max(len(label) for label in labels)


def _with_grid(artist: Any, box: Any) -> Any:
    """``box`` (or None) grown to the whole axes when ``artist`` is an axis drawing grid lines
    (they cross the axes, and a tight box leaves them out)."""
    from matplotlib.axis import Axis
    from matplotlib.transforms import Bbox

    if not (isinstance(artist, Axis) and artist.axes is not None
            and any(tick.gridline.get_visible() for tick in artist.get_major_ticks())):
        return box
    return artist.axes.bbox if box is None else Bbox.union([box, artist.axes.bbox])


def _padded(box: Any, dx: float, dy: float) -> Any:
    from matplotlib.transforms import Bbox

    return Bbox.from_extents(box.x0 - dx, box.y0 - dy, box.x1 + dx, box.y1 + dy)


def _img_html(png: bytes, alt: str) -> str:
    b64 = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{b64}" alt="{html.escape(alt, quote=True)}"/>'


class StaticFigure:
    """A figure with alt text, displayed as an ``<img alt=...>`` plus a plain PNG fallback."""

    def __init__(self, fig: Figure, alt: str) -> None:
        if not alt or not alt.strip():
            raise EmergenceInputError("alt: every figure needs a non-empty alt text")
        self.fig, self.alt = fig, alt

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        png = figure_png(self.fig, tight=True)
        return {
            "text/html": _img_html(png, self.alt),
            "image/png": base64.b64encode(png).decode("ascii"),
            "text/plain": f"<Figure: {self.alt}>",
        }


def show(fig: Figure, alt: str) -> StaticFigure:
    """Wrap a figure for display with alt text (return it as the last expression of a cell)."""
    return StaticFigure(fig, alt)


class LiveFigure:
    """Controls bound to a figure whose artists an ``update`` function changes in place.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, built once.
    update : callable
        ``update(**values)`` receives the current value of every control (by name) and changes
        the figure's artists. It may return a string, shown under the figure as a caption.
    controls : mapping of str to ipywidgets.Widget
        The controls; each must have a ``value`` trait.
    alt : str or callable
        Alt text of the figure, or a function of the control values that returns it.
    prompt : str, optional
        The "predict, then move the slider, then explain" question shown above the controls.
    animated : sequence of matplotlib artists, or callable returning one, optional
        Opt-in blitting. The artists that ``update`` changes when nothing else in the figure
        changes (no axis limits, scales, tick labels, legend or layout). A whole
        :class:`~matplotlib.axes.Axes` may be listed (it is then redrawn completely on every
        move). When an axes' ``xaxis`` (``yaxis``) is listed, its x (y) limits may change too
        (its ticks are redrawn on every move), provided every artist placed in those data
        coordinates is listed as well. A title (an axes title or the suptitle) may be listed:
        it must keep its number
        of lines, and a listed legend must sit inside its axes, because their wording then no
        longer triggers a new constrained layout. A move restores a saved picture of the rest of
        the figure and draws only these artists plus the artists a full draw stacks above them
        where they meet (spines, legends, texts; in draw order), instead of drawing every text
        again. A full draw, which also refreshes the saved picture, happens when the layout key,
        the limits or scale of any axes, the figure size or ``background_key`` changes, or when
        an animated artist reaches an artist kept in the saved picture. The artists are marked
        animated only while the saved picture is drawn, so ``savefig``, :func:`figure_png` and
        static bundles show them as usual.
    background_key : callable, optional
        ``background_key(**values)`` returns a hashable value of any other state (besides the
        animated artists) that ``update`` changes; when it changes, the whole figure is redrawn.
    prerender : bool, default False
        For widgets whose controls are all menus or toggles with few combinations (at most
        :attr:`KEPT_PICTURES`): draw the picture of every combination when the widget is
        built, so that every later move shows a kept picture (the cost moves to the cell that
        builds the widget).
    shown_when : mapping of str to (str, value), optional
        Controls shown only while another control has a given value: ``{"a_flops": ("x",
        "train_flops")}`` hides the ``a_flops`` control unless control ``x`` is
        ``"train_flops"``. Hidden controls keep their values. Use this, rather than changing a
        slider's ``min`` and ``max`` after it is displayed, when a control's range depends on
        another control: the slider of ipywidgets 8 keeps its first range for the Home and
        End keys (they would jump to the old ends).

    Notes
    -----
    ``update`` must depend on the control values only: the picture of a state is kept (up to
    :attr:`KEPT_PICTURES` of them) and shown again when the controls return to that state.
    """

    def __init__(
        self,
        fig: Figure,
        update: Callable[..., str | None],
        controls: Mapping[str, Any],
        alt: str | Callable[..., str],
        prompt: str | None = None,
        *,
        animated: Sequence[Artist] | Callable[[], Sequence[Artist]] | None = None,
        background_key: Callable[..., Hashable] | None = None,
        prerender: bool = False,
        shown_when: Mapping[str, tuple[str, Any]] | None = None,
    ) -> None:
        import ipywidgets as w

        if not controls:
            raise EmergenceInputError("controls: a LiveFigure needs at least one control")
        self.shown_when = _check_shown_when(shown_when, controls)
        self.fig = fig
        self._update = update
        self.controls = dict(controls)
        self._alt = alt
        self.prompt = prompt
        self.caption = ""
        self.n_updates = 0
        self.n_blits = 0  # moves drawn by blitting (only with ``animated``)
        self.n_layouts = 0  # constrained-layout solves (the rest reuse a kept layout)
        self.n_reused = 0  # moves back to a state already drawn (its picture is reused)
        self.n_prerendered = 0  # pictures drawn when the widget was built (``prerender``)
        self._layout_cache: dict[tuple, list[tuple[Any, Any, Any]]] = {}
        self._unfixable: set[tuple] = set()  # layout keys where a solve did not stop a cut
        self._pictures: OrderedDict[Hashable, tuple] = OrderedDict()
        self._animated = animated
        self._background_key = background_key
        self._blit_state: tuple[Hashable, Any, list[Artist], list[Any], dict] | None = None
        engine = fig.get_layout_engine()
        self._layout_is_constrained = type(engine).__name__ == "ConstrainedLayoutEngine"
        _REGISTRY.add(self)
        self._image = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self._caption = w.HTML()
        for other in dict.fromkeys(other for other, _ in self.shown_when.values()):
            self.controls[other].observe(self._show_hide, names="value")
        self._show_hide()
        for ctl in self.controls.values():
            ctl.observe(self._on_change, names="value")
        self._refresh()
        if prerender:
            self._prerender()
        for ctl in self.controls.values():
            fit_dropdown(ctl)
        rows = [w.HTML(f"<b>Predict, then move the controls, then explain:</b> {html.escape(prompt)}")
                ] if prompt else []
        self.widget = w.VBox([*rows, w.HBox(list(self.controls.values()),
                                            layout=w.Layout(flex_flow="row wrap")),
                              self._image, self._caption])

    def _show_hide(self, change: Mapping[str, Any] | None = None) -> None:
        for name in self.shown_when:
            self.controls[name].layout.display = None if self.is_shown(name) else "none"

    def is_shown(self, name: str) -> bool:
        """Whether control ``name`` is shown now (see ``shown_when``)."""
        if name not in self.controls:
            raise EmergenceInputError(f"name: unknown control {name!r}; known: "
                                      f"{sorted(self.controls)}")
        cond = self.shown_when.get(name)
        return cond is None or self.controls[cond[0]].value == cond[1]

    @property
    def values(self) -> dict[str, Any]:
        """Current value of every control, by name."""
        return {name: ctl.value for name, ctl in self.controls.items()}

    @property
    def alt(self) -> str:
        """Alt text for the current state."""
        return self._alt(**self.values) if callable(self._alt) else self._alt

    def _layout_key(self, skip: frozenset[int] = frozenset(), exact: bool = False) -> tuple:
        """What decides the constrained layout: scales, text heights, y number sizes, legends.

        Constrained layout measures each axes with ``for_layout_only=True``: the width of a
        title and of an x label, and the height of a y label, are left out, so only their
        number of lines (and any mathtext, which can be taller) matters, not their wording.
        The y tick labels enter through the length of the longest one. A legend
        inside its axes does not matter; one anchored elsewhere enters through its texts.

        ``skip`` holds the ``id`` of artists (figure texts, axes) left out of the key; blitting
        uses it for artists that are redrawn on every move anyway. ``exact=True`` keys on the
        full wording of every text and legend instead (blitting needs that: a saved background
        holds the old wording).

        Returns ``(texts_and_scales, y_tick_label_lengths)``: the lengths are apart so that
        :meth:`_fits` can keep a layout made for longer tick labels.
        """
        def shape(text: Any) -> tuple:
            if text is None or id(text) in skip or not text.get_visible():
                return (0, None)
            s = text.get_text()
            if not s:
                return (0, None)
            return (s.count("\n") + 1, s if exact or "$" in s else None)

        def legend_key(legend: Any) -> tuple:
            if not legend or id(legend) in skip or not legend.get_visible():
                return ()
            if not exact and getattr(legend, "_bbox_to_anchor", None) is None \
                    and legend.axes is not None:
                return ("inside",)  # placed inside its axes: no effect on the layout
            return tuple(t.get_text() for t in legend.get_texts())

        fig = self.fig
        key: list = [tuple(shape(getattr(fig, attr, None))
                           for attr in ("_suptitle", "_supxlabel", "_supylabel")),
                     tuple(legend_key(leg) for leg in fig.legends)]
        lengths = []
        for ax in fig.axes:
            if id(ax) in skip:
                continue
            key.append((id(ax), ax.get_xscale(), ax.get_yscale(), shape(ax.xaxis.label),
                        shape(ax.yaxis.label), shape(ax.title), ax.get_visible(),
                        ax.axison, legend_key(ax.get_legend())))
            lengths.append(None if id(ax.yaxis) in skip else _tick_label_length(ax.yaxis))
        return tuple(key), tuple(lengths)

    @staticmethod
    def _fits(key: tuple, applied: tuple | None) -> bool:
        """Whether the layout solved for ``applied`` also serves ``key``: the same texts and
        scales, and y tick labels no longer than those it made room for."""
        return applied is not None and key[0] == applied[0] \
            and all(new <= old for new, old in zip(key[1], applied[1], strict=True)
                    if new is not None and old is not None)

    def _positions(self) -> list[tuple[Any, Any, Any]]:
        """Where the layout put every axes now (original and active position)."""
        return [(ax, ax.get_position(original=True).frozen(), ax.get_position().frozen())
                for ax in self.fig.axes]

    @staticmethod
    def _restore(positions: list[tuple[Any, Any, Any]]) -> None:
        for ax, original, active in positions:
            # the private setter, because ``set_position`` would take the axes out of the layout
            ax._set_position(original, which="original")
            ax._set_position(active, which="active")

    #: How many pictures of earlier states a live figure keeps (PNG bytes, ~0.1-0.3 MB each).
    KEPT_PICTURES = 32

    def _prerender(self) -> None:
        """Draw every combination of the (discrete) controls once, then go back to the start."""
        import itertools

        options = {}
        for name, ctl in self.controls.items():
            if hasattr(ctl, "min") or not (hasattr(ctl, "options")
                                           or isinstance(ctl.value, bool)):
                raise EmergenceInputError(f"prerender: control {name!r} is not a menu or toggle")
            options[name] = control_values(ctl)
        n = math.prod(len(v) for v in options.values())
        if n > self.KEPT_PICTURES:
            raise EmergenceInputError(f"prerender: {n} combinations of the controls, more than "
                                      f"the {self.KEPT_PICTURES} pictures a widget keeps")
        start = self.values
        for combo in itertools.product(*options.values()):
            self.set(**dict(zip(options, combo, strict=True)))
        self.set(**start)
        self.n_prerendered = len(self._pictures)

    def _state(self) -> Hashable | None:
        """The control values as a hashable key (None if a value cannot be hashed)."""
        try:
            key = tuple(self.values.items())
            hash(key)
        except TypeError:
            return None
        return key

    def _refresh(self) -> None:
        caption = self._update(**self.values)
        self.caption = caption or ""
        self._caption.value = html.escape(self.caption)
        # ``update`` is a function of the control values, so a state drawn before (a toggle
        # switched back, a slider returned to a value) gets its earlier picture again.
        state = self._state()
        kept = self._pictures.get(state) if state is not None else None
        if kept is not None and self._reuse(state, *kept):
            return
        # Constrained layout measures every text of the figure on each draw, which can double
        # the cost of a slider move. It runs when the figure is first drawn and again only
        # when the applied layout no longer fits (see _layout_key and _fits); the positions
        # it finds are kept per key, so returning to an earlier state needs no new layout.
        key = self._layout_key()
        applied = getattr(self, "_last_layout_key", None)
        relayout = self._layout_is_constrained and not self._fits(key, applied)
        solve = False
        if relayout:
            applied = key
            if key in self._layout_cache:
                self._restore(self._layout_cache[key])
            else:
                solve = True
                self.fig.set_layout_engine("constrained")
        self._image.value = self._render(relayout) if self._animated is not None \
            else figure_png(self.fig)
        if self._layout_is_constrained and not solve and key not in self._unfixable \
                and self._cut_off():
            # the kept layout no longer fits (say a tick label now reaches past the edge)
            solve, applied = True, key
            self.fig.set_layout_engine("constrained")
            self._image.value = self._render(True) if self._animated is not None \
                else figure_png(self.fig)
            if self._cut_off():  # a text wider than its panel: no layout can help
                self._unfixable.add(key)
        if solve:
            self.fig.set_layout_engine("none")
            self._layout_cache[key] = self._positions()
            self.n_layouts += 1
        if self._layout_is_constrained:
            self._last_layout_key = applied
        if state is not None:
            self._pictures[state] = (key, applied, self._positions(), self._image.value)
            self._pictures.move_to_end(state)
            while len(self._pictures) > self.KEPT_PICTURES:
                self._pictures.popitem(last=False)
        self.n_updates += 1

    def _reuse(self, state: Hashable, key: tuple, applied: tuple | None, positions: list,
               png: bytes) -> bool:
        """Show the kept picture of ``state``; the axes go back to where they were then."""
        now = self._layout_key()
        if now != key or [p[0] for p in positions] != self.fig.axes:
            return False
        self._restore(positions)
        if self._layout_is_constrained:
            self._last_layout_key = applied
        self._image.value = png
        self._pictures.move_to_end(state)
        self.n_reused += 1
        self.n_updates += 1
        return True

    def _cut_off(self) -> bool:
        """Whether a label, title or end tick label of the last drawing sticks out of the figure.

        Cheap (text sizes are cached by matplotlib after a draw); a safety net behind the
        layout key, which does not see, for example, a longer tick label at the end of an axis.
        """
        fig = self.fig
        renderer = fig.canvas.get_renderer()
        frame = _padded(fig.bbox, 1, 1)
        texts = [getattr(fig, attr, None) for attr in ("_suptitle", "_supxlabel", "_supylabel")]
        for ax in fig.axes:
            if not (ax.get_visible() and ax.axison):
                continue
            texts += [ax.title, ax.xaxis.label, ax.yaxis.label]
            for axis in (ax.xaxis, ax.yaxis):
                if not axis.get_visible():
                    continue
                lo, hi = sorted(axis.get_view_interval())
                locs = axis.get_majorticklocs()
                shown = [t for t in axis.get_major_ticks(len(locs)) if lo <= t.get_loc() <= hi]
                for tick in (shown[:1] + shown[-1:]):  # only the end labels can stick out
                    texts += [tick.label1, tick.label2]
        for text in texts:
            if text is None or not text.get_visible() or not text.get_text():
                continue
            box = text.get_window_extent(renderer)
            if box.x0 < frame.x0 or box.x1 > frame.x1 or box.y0 < frame.y0 or box.y1 > frame.y1:
                return True
        return False

    def _animated_artists(self) -> list[Artist]:
        arts = self._animated() if callable(self._animated) else self._animated
        return list(arts or [])

    def _tail(self, animated: list[Artist]) -> list[Artist]:
        """The animated artists and every artist a full draw may put above them, in draw order.

        Within each axes that holds an animated artist this is the tail of the axes' own draw
        order (children sorted by z-order, as :meth:`Axes.draw` does) from its first animated
        artist on; at figure level, every figure child (axes, texts, legends) drawn after the
        first axes or figure artist that holds an animated artist. An axes that holds animated
        artists and overlaps an earlier such axes (a twin) is redrawn whole.
        """
        chosen = {id(a) for a in animated}
        fig = self.fig
        holders = {id(a.axes) for a in animated if a.axes is not None and a.axes is not a}
        top = sorted((c for c in fig.get_children() if c is not fig.patch),
                     key=lambda c: c.zorder)
        out: list[Artist] = []
        started = False
        boxes: list[Any] = []
        for item in top:
            if id(item) in chosen:
                started = True
                out.append(item)
            elif id(item) in holders:
                started = True
                box = item.get_position()
                if any(box.overlaps(b) for b in boxes):
                    out.append(item)
                    continue
                boxes.append(box)
                out += self._axes_tail(item, chosen)
            elif started:
                out.append(item)
        listed = {id(a) for a in out}
        out += [a for a in animated if id(a) not in listed]  # not reachable from the figure
        return out

    @staticmethod
    def _axes_tail(ax: Any, chosen: set[int]) -> list[Artist]:
        children = [c for c in ax.get_children() if c is not ax.patch]
        if not (ax.axison and ax.get_frame_on()):
            children = [c for c in children if c not in ax.spines.values()]
        if not ax.axison:
            children = [c for c in children if c not in (ax.xaxis, ax.yaxis)]
        order = sorted(children, key=lambda c: c.zorder)
        hits = [i for i, c in enumerate(order) if id(c) in chosen]
        return order[hits[0]:] if hits else []

    def _reach(self, artist: Artist, renderer: Any) -> Any:
        """A box (display pixels) that holds every pixel an animated artist draws now.

        Lines, texts, patches and collections: their present extent (with the line width and
        a 2-pixel margin), cut to their clip box; a whole axes or an axis: its tight box with a 10 %
        margin. When no extent is known, the clip box or the whole figure.
        """
        import numpy as np
        from matplotlib.axes import Axes
        from matplotlib.axis import Axis
        from matplotlib.lines import Line2D
        from matplotlib.transforms import Bbox

        fig = self.fig
        clip = artist.get_clip_box() if not isinstance(artist, Axes) and artist.get_clip_on() \
            else None
        try:
            if isinstance(artist, (Axes, Axis)):
                box = artist.get_tightbbox(renderer)
                return _with_grid(artist, _padded(box, 0.1 * box.width + 2,
                                                  0.1 * box.height + 2))
            box = artist.get_window_extent(renderer)
            pad = 2.0
            if isinstance(artist, Line2D):
                pad += artist.get_linewidth() * fig.dpi / 72.0
            box = _padded(box, pad, pad)
            if not all(map(np.isfinite, box.extents)):
                raise ValueError("no finite extent")
        except Exception:  # noqa: BLE001 - no extent: assume it can draw anywhere it may
            return _padded(clip, 2, 2) if clip is not None else fig.bbox
        if clip is not None:
            box = Bbox.intersection(box, _padded(clip, 2, 2))
            if box is None:  # drawn entirely outside its clip box: draws nothing
                return Bbox.from_extents(-10, -10, -9, -9)
        return box

    #: Pixels by which a whole axes or an axis may grow (longer tick labels) between the saved
    #: background and a later move, for the quick test in :meth:`_hits_guard`.
    DECORATION_SLACK = 80

    def _hits_guard(self, animated: list[Artist], guards: list[Any],
                    reached: dict[int, Any] | None = None) -> bool:
        """Whether an animated artist now reaches an artist kept in the saved background.

        ``reached`` holds the reach of animated axes and axis artists when the background was
        saved: when even that box grown by :attr:`DECORATION_SLACK` meets no guard, the costly
        measure of their tick labels is skipped (their layout position has not changed, since
        it is part of the background key).
        """
        if not guards:
            return False
        from matplotlib.axes import Axes
        from matplotlib.axis import Axis

        renderer = self.fig.canvas.get_renderer()
        slack = self.DECORATION_SLACK
        for artist in animated:
            clip = artist.get_clip_box() if not isinstance(artist, Axes) \
                and artist.get_clip_on() else None
            if clip is not None and not any(_padded(clip, 2, 2).overlaps(g) for g in guards):
                continue  # clipped where no guard is: no need to measure it
            before = (reached or {}).get(id(artist))
            if isinstance(artist, (Axes, Axis)) and before is not None \
                    and not any(_padded(before, slack, slack).overlaps(g) for g in guards):
                continue
            reach = self._reach(artist, renderer)
            if any(reach.overlaps(g) for g in guards):
                return True
        return False

    @staticmethod
    def _extent(artist: Artist, renderer: Any) -> Any:
        from matplotlib.axes import Axes
        from matplotlib.axis import Axis
        from matplotlib.transforms import Bbox

        box = artist.get_tightbbox(renderer) if isinstance(artist, (Axes, Axis)) \
            else artist.get_window_extent(renderer)
        box = _with_grid(artist, box)
        if box is None:  # nothing visible
            return Bbox.from_extents(-10, -10, -9, -9)
        return _padded(box, 2, 2)

    def _blit_key(self, animated: list[Artist]) -> Hashable:
        fig = self.fig
        from matplotlib.axis import Axis

        # whole axes, axes (with their labels) or figure texts redrawn every move
        skip = frozenset([*map(id, animated),
                          *(id(a.label) for a in animated if isinstance(a, Axis))])
        # An animated x (y) Axis artist redraws its ticks on every move: the x (y) limits may
        # then change (the widget animates every artist placed in those data coordinates).
        axes = tuple((None if id(ax.xaxis) in skip else ax.get_xlim(),
                      None if id(ax.yaxis) in skip else ax.get_ylim(),
                      ax.get_xscale(), ax.get_yscale(), ax.get_visible(),
                      tuple(ax.get_position().bounds))
                     for ax in fig.axes if id(ax) not in skip)
        extra = self._background_key(**self.values) if self._background_key else None
        return (self._layout_key(skip, exact=True), axes, tuple(fig.get_size_inches()), fig.dpi,
                tuple(map(id, animated)), extra)

    def _render(self, relayout: bool) -> bytes:
        """PNG of the current state: blitted when the saved background still holds."""
        from matplotlib.axes import Axes
        from matplotlib.axis import Axis
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from .style import thin_log_ticks

        fig = self.fig
        canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        thin_log_ticks(fig)
        animated = self._animated_artists()
        key = self._blit_key(animated)
        state = self._blit_state
        if state is not None and not relayout and state[0] == key \
                and not self._hits_guard(animated, state[3], state[4]):
            canvas.restore_region(state[1])
            for artist in state[2]:
                fig.draw_artist(artist)
            self.n_blits += 1
            return _canvas_png(fig, canvas)
        tail = self._tail(animated)
        chosen = {id(a) for a in animated}
        redraw: list[Artist] = []
        try:
            for artist in tail:
                artist.set_animated(True)
            canvas.draw()  # everything but the tail
            renderer = canvas.get_renderer()
            # Tail artists that do not touch a pixel an animated artist (or a redrawn artist
            # under it) draws now go into the saved background, and their boxes are kept as
            # guards: a later move whose animated artists reach a guard draws everything again.
            # The other tail artists are redrawn on every move, in draw order.
            regions = [self._reach(a, renderer) for a in animated]
            reached = {id(a): r for a, r in zip(animated, regions, strict=True)
                       if isinstance(a, (Axes, Axis))}
            kept: list[Artist] = []
            for artist in tail:
                if id(artist) in chosen:
                    redraw.append(artist)
                    continue
                try:
                    box = self._extent(artist, renderer)
                except Exception:  # noqa: BLE001 - no extent: redraw it to be safe
                    box = fig.bbox
                if any(box.overlaps(r) for r in regions):
                    redraw.append(artist)
                    regions.append(box)
                else:
                    kept.append(artist)
            guards = []
            for artist in kept:
                fig.draw_artist(artist)
                try:
                    guards.append(self._extent(artist, renderer))
                except Exception:  # noqa: BLE001
                    guards.append(fig.bbox)
            background = canvas.copy_from_bbox(fig.bbox)
            for artist in redraw:
                fig.draw_artist(artist)
        finally:
            for artist in tail:
                artist.set_animated(False)
        # the layout (constrained) may have moved things while drawing: key it afterwards
        self._blit_state = (self._blit_key(animated), background, redraw, guards, reached)
        return _canvas_png(fig, canvas)

    def render_full(self) -> bytes:
        """PNG of the current state by a full redraw, never blitted (used by tests)."""
        return figure_png(self.fig)

    def _on_change(self, change: Mapping[str, Any]) -> None:
        self._refresh()

    def set(self, **values: Any) -> LiveFigure:
        """Set controls by name (as a student would) and return self; used by tests."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise EmergenceInputError(f"unknown control(s) {sorted(unknown)}; "
                                      f"known: {sorted(self.controls)}")
        for name, value in values.items():
            self.controls[name].value = value
        return self

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        bundle: dict[str, Any] = {}
        if os.environ.get("EMERGENCE_STATIC") != "1":
            # Written out (not widget._repr_mimebundle_) so that ipywidgets 7.7 works too.
            bundle["application/vnd.jupyter.widget-view+json"] = {
                "version_major": 2, "version_minor": 0, "model_id": self.widget.model_id}
        png = self._image.value or figure_png(self.fig)  # the last render, not a new one
        bundle.setdefault("text/plain", f"<Interactive figure: {self.alt}>")
        bundle["image/png"] = base64.b64encode(png).decode("ascii")
        if os.environ.get("EMERGENCE_STATIC") == "1":
            caption = f"<p>{html.escape(self.caption)}</p>" if self.caption else ""
            bundle["text/html"] = _img_html(png, self.alt) + caption
        return bundle


def _check_shown_when(shown_when: Mapping[str, tuple[str, Any]] | None,
                      controls: Mapping[str, Any]) -> dict[str, tuple[str, Any]]:
    """Validate LiveFigure's ``shown_when`` against its controls (one level, known names)."""
    checked: dict[str, tuple[str, Any]] = {}
    for name, cond in (shown_when or {}).items():
        if name not in controls:
            raise EmergenceInputError(f"shown_when: unknown control {name!r}; known: "
                                      f"{sorted(controls)}")
        if not (isinstance(cond, tuple) and len(cond) == 2):
            raise EmergenceInputError(f"shown_when[{name!r}]: expected (control name, value), "
                                      f"got {cond!r}")
        other, value = cond
        if other not in controls or other == name:
            raise EmergenceInputError(f"shown_when[{name!r}]: {other!r} must be another "
                                      f"control; known: {sorted(controls)}")
        if other in shown_when:
            raise EmergenceInputError(f"shown_when[{name!r}]: control {other!r} is itself "
                                      "shown only sometimes (one level only)")
        checked[name] = (other, value)
    return checked


def live_figures() -> list[LiveFigure]:
    """Every :class:`LiveFigure` still alive in this kernel (used by tests and benchmarks)."""
    return list(_REGISTRY)


def control_values(control: Any, n_values: int = 5) -> list[Any]:
    """Representative values of a control: its options, or min, max and values in between.

    Sliders give ``n_values`` values from ``min`` to ``max`` (rounded to the slider's step, so
    they are values a student can reach); option widgets give every option; checkboxes both
    states.
    """
    if hasattr(control, "options") and not hasattr(control, "min"):
        opts = list(control.options)
        return [o[1] if isinstance(o, tuple) else o for o in opts]
    if type(control).__name__ == "FloatLogSlider":  # min/max are exponents of `base`
        exps = np_linspace(control.min, control.max, n_values, None)
        return [float(control.base ** e) for e in exps]
    if hasattr(control, "min") and hasattr(control, "max"):
        lo, hi = control.min, control.max
        if isinstance(control.value, tuple):  # range sliders: sweep the upper end
            return [(lo, v) for v in np_linspace(lo, hi, n_values, getattr(control, "step", None))]
        return np_linspace(lo, hi, n_values, getattr(control, "step", None),
                           integer=isinstance(control.value, int))
    if isinstance(getattr(control, "value", None), bool):
        return [False, True]
    raise EmergenceInputError(f"control: cannot enumerate values of {type(control).__name__}")


def np_linspace(lo: float, hi: float, n: int, step: float | None, integer: bool = False) -> list:
    """``n`` values from ``lo`` to ``hi`` snapped to ``step`` (no duplicates, ends included)."""
    import numpy as np

    vals = np.linspace(lo, hi, max(n, 2))
    if step:
        vals = lo + np.round((vals - lo) / step) * step
        vals = np.clip(vals, lo, hi)
    out = []
    for v in vals:
        v = int(round(v)) if integer else float(v)
        if v not in out:
            out.append(v)
    return out


def sweep_controls(live: LiveFigure, n_values: int = 5,
                   after: Callable[[LiveFigure], Any] | None = None) -> list[dict[str, Any]]:
    """Move every control of a live figure through :func:`control_values`, one at a time.

    Each move is timed (kernel side: callback plus PNG render, in milliseconds). After each
    control the control is put back to its starting value. Returns one record per move with
    ``control``, ``value``, ``ms`` and ``changed`` (whether the picture differs from the one
    before the move). ``after(live)``, if given, is called after each move (not timed) and
    its result is kept as ``check``. A control hidden by ``shown_when`` is moved while it is
    shown: the control it depends on is switched first (not recorded as a move) and back
    afterwards.
    """
    records = []
    for name, ctl in live.controls.items():
        start = ctl.value
        # a control shown only while another has some value is moved in that state, as a
        # student would (the switch itself is not recorded as a move)
        switch: dict[str, Any] = {}  # the other control's value before the switch
        if not live.is_shown(name):
            other, shown_by = live.shown_when[name]
            switch = {other: live.controls[other].value}
            live.set(**{other: shown_by})
        for value in control_values(ctl, n_values):
            before = live.n_updates
            image = live._image.value
            t0 = time.perf_counter()
            live.set(**{name: value})
            ms = (time.perf_counter() - t0) * 1000
            if live.n_updates == before:
                continue  # setting the current value triggers nothing; not a move
            record = {"control": name, "value": value, "ms": ms,
                      "changed": live._image.value != image}
            if after is not None:
                record["check"] = after(live)
            records.append(record)
        live.set(**{name: start})
        live.set(**switch)
    return records


#: Pixels per character used to size dropdowns: above the widest average glyph width of
#: JupyterLab's 13 px interface font (about 6.3 px measured in Chromium), so entries fit.
_PX_PER_CHAR = 7.4


def fit_dropdown(control: Any) -> None:
    """Widen a ``Dropdown`` so that its description and every entry fit without being cut.

    JupyterLab gives a dropdown a fixed width (about 300 px with its label), which cuts long
    entries such as "2-digit multiplication (BIG-bench 'arithmetic')". Other controls are left
    as they are; a width set by the caller is kept when it is already wide enough.
    """
    import ipywidgets as w

    if not isinstance(control, w.Dropdown):
        return
    labels = [str(label) for label in control._options_labels]
    entry = max((len(t) for t in labels), default=0) * _PX_PER_CHAR + 36  # padding and arrow
    width = str(getattr(control.style, "description_width", "") or "")
    if width.endswith("px"):
        label = float(width[:-2])
    elif control.description:  # "initial" sizes the label to its text; else JupyterLab's 80 px
        label = max(80.0, len(control.description) * _PX_PER_CHAR + 16)
    else:
        label = 0.0
    need = int(round(label + entry))
    current = str(control.layout.width or "")
    if current.endswith("px") and float(current[:-2]) >= need:
        return
    control.layout.width = f"{max(need, 300)}px"
