"""Slider-to-picture latency of every interactive figure, measured in JupyterLab in Chromium.

For every control (slider, toggle buttons, dropdown) of every interactive figure in every
notebook, the script presses the key (or clicks) ``--presses`` times and measures, in the page,
the time from the key press (the ``keydown`` event's timestamp) to

- ``src``: the figure's ``<img>`` getting its new picture (a MutationObserver on ``src``), and
- ``shown``: the new picture loaded and the next frame painted (``load`` + requestAnimationFrame),

which is what a student perceives. It prints the median and 95th percentile (nearest rank) of
``shown`` per control and flags controls that miss the target: median < 100 ms and p95 < 250 ms.
Sliders step with ArrowRight and turn round (ArrowLeft) at the end of their range; each press
waits for its picture before the next (no queueing). One warm-up press per control is not
counted.

Usage::

    python benchmarks/bench_browser_latency.py [NOTEBOOK ...] [--presses 20]

Needs Debian's chromium and the playwright package (like the browser test); the JupyterLab it
starts listens on 127.0.0.1 only, and every request to another host is blocked and reported.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import labdriver as ld  # noqa: E402

TARGET_MEDIAN_MS = 100.0
TARGET_P95_MS = 250.0

_JS_INSTALL = """(i) => {
  if (!window.__emLat) {
    window.__emLat = {fig: null, t0: null, tSrc: null, shown: [], src: []};
    const mark = e => { window.__emLat.t0 = e.timeStamp; window.__emLat.tSrc = null; };
    document.addEventListener('keydown', mark, true);
    document.addEventListener('pointerdown', mark, true);
  }
  const out = document.querySelector(`[data-live-figure="${i}"]`);
  const img = out.querySelector('img.widget-image');
  if (img.dataset.latency) return;
  img.dataset.latency = '1';
  new MutationObserver(() => {
    const s = window.__emLat;
    if (s.fig === i && s.t0 !== null && s.tSrc === null) s.tSrc = performance.now();
  }).observe(img, {attributes: true, attributeFilter: ['src']});
  img.addEventListener('load', () => requestAnimationFrame(() => {
    const s = window.__emLat;
    if (s.fig !== i || s.t0 === null) return;
    const now = performance.now();
    s.shown.push(now - s.t0);
    s.src.push((s.tSrc === null ? now : s.tSrc) - s.t0);
    s.t0 = null;
  }));
}"""


def nearest_rank(values: list[float], q: float) -> float:
    """The ``q``-quantile (0 < q <= 1) by the nearest-rank method."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:  # pragma: no cover
        return "load average unavailable"
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def measure_control(page: Any, fig: int, k: int, kind: str, presses: int, warmup: int,
                    timeout: float) -> dict[str, Any]:
    """Press/click control ``k`` of figure ``fig`` ``warmup + presses`` times; return samples."""
    page.evaluate(_JS_INSTALL, fig)
    page.evaluate("(i) => { Object.assign(window.__emLat, {fig: i, t0: null, shown: [], src: []}) }",
                  fig)
    keys = ["ArrowRight", "ArrowLeft"]
    direction, misses, done = 0, 0, 0
    while done < warmup + presses and misses <= presses + 20:
        before = page.evaluate("() => window.__emLat.shown.length")
        pos = ld.slider_position(page, fig, k) if kind == "slider" else None
        if pos is not None and pos[1] < pos[2]:  # sweep: turn round at the ends of the range
            direction = 1 if pos[0] >= pos[2] else 0 if pos[0] <= pos[1] else direction
        if kind == "dropdown":  # select_option sends no key/pointer event: mark the time here
            page.evaluate("() => { window.__emLat.t0 = performance.now(); "
                          "window.__emLat.tSrc = null; }")
        ld.operate_control(page, fig, k, kind, keys[direction])
        try:
            page.wait_for_function("(n) => window.__emLat.shown.length > n", arg=before,
                                   timeout=timeout * 1000)
            done += 1
        except ld._timeout_error():
            # no new picture: a stretch of the range that changes no pixel, or the end of an
            # unreadable range (then turn round)
            misses += 1
            page.evaluate("() => { window.__emLat.t0 = null; }")
            if pos is None:
                direction = 1 - direction
        time.sleep(0.05)
    shown, src = page.evaluate("() => [window.__emLat.shown, window.__emLat.src]")
    return {"shown": shown[warmup:], "src": src[warmup:], "misses": misses}


def bench_notebook(page: Any, server: ld.LabServer, path: Path, presses: int, warmup: int,
                   timeout: float) -> list[dict[str, Any]]:
    """Open and run one notebook, then measure every control of every interactive figure."""
    ld.open_notebook(page, server, path.relative_to(server.root).as_posix())
    ld.run_all_cells(page)
    state = ld.wait_run_finished(page, 300)
    errors = [e for c in state["cells"] for e in c["errors"]]
    if errors:
        raise RuntimeError(f"{path.name}: cells raised errors: {errors}")
    ld.wait_widgets_rendered(page, sum(c["widgets"] for c in state["cells"]), 60)
    rows = []
    for fig in ld.live_figures(page):
        for k, ctl in ld.iter_controls(page, fig["index"]):
            if ctl["kind"] == "button":  # e.g. "Retrain": starts a job, not a slider move
                continue
            ld.wait_kernel_settled(page)
            res = measure_control(page, fig["index"], k, ctl["kind"], presses, warmup, timeout)
            rows.append({"notebook": path.name, "figure": fig["index"], "cell": fig["cell"],
                         "kind": ctl["kind"], "label": ctl["label"], **res})
    return rows


def report(row: dict[str, Any]) -> str:
    """One line per control: median and p95 of the shown latency, and the verdict."""
    name = f"{row['notebook']} cell {row['cell']} {row['kind']} {row['label']!r}"
    shown = row["shown"]
    if not shown:
        return f"{name}: no update measured (the control did not change the picture)  FLAG"
    med, p95 = statistics.median(shown), nearest_rank(shown, 0.95)
    ok = med < TARGET_MEDIAN_MS and p95 < TARGET_P95_MS
    flag = "ok" if ok else f"MISSES TARGET (median < {TARGET_MEDIAN_MS:.0f}, p95 < {TARGET_P95_MS:.0f})"
    stuck = (f"; {row['misses']} presses changed nothing (dead stretch of the range?)"
             if row["misses"] else "")
    return (f"{name}: n={len(shown)} median {med:6.1f} ms, p95 {p95:6.1f} ms, max "
            f"{max(shown):6.1f} ms (new src after median {statistics.median(row['src']):.1f} ms)"
            f"{stuck}  {flag}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks (default: notebooks/*.ipynb)")
    parser.add_argument("--presses", type=int, default=20, help="measured presses per control")
    parser.add_argument("--warmup", type=int, default=1, help="uncounted presses per control")
    parser.add_argument("--timeout", type=float, default=5.0,
                        help="seconds to wait for one picture")
    args = parser.parse_args(argv)
    if args.presses < 1 or args.warmup < 0 or args.timeout <= 0:
        parser.error("--presses must be >= 1, --warmup >= 0 and --timeout > 0")
    paths = [p.resolve() for p in args.notebooks] or sorted(ld.NOTEBOOKS.glob("*.ipynb"))
    reason = ld.browser_unavailable_reason()
    if reason:
        print(f"bench_browser_latency: skipped: {reason}")
        return 1 if os.environ.get("EMERGENCE_REQUIRE_BROWSER") == "1" else 0
    from playwright.sync_api import sync_playwright

    print(f"Slider-to-picture latency in JupyterLab/Chromium; {args.presses} presses per control "
          f"after {args.warmup} warm-up; target median < {TARGET_MEDIAN_MS:.0f} ms, "
          f"p95 < {TARGET_P95_MS:.0f} ms")
    print(f"before: {_load()}")
    rows: list[dict[str, Any]] = []
    with ld.lab_server(ld.REPO) as server, sync_playwright() as pw:
        browser = ld.launch_browser(pw)
        try:
            for path in paths:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                requests = ld.RequestLog().attach(context)
                page = context.new_page()
                t0 = time.perf_counter()
                try:
                    new = bench_notebook(page, server, path, args.presses, args.warmup,
                                         args.timeout)
                finally:
                    context.close()
                    ld.shutdown_kernels(server)
                for row in new:
                    print(report(row), flush=True)
                if not new:
                    print(f"{path.name}: no interactive figures")
                print(f"{path.name}: measured in {time.perf_counter() - t0:.1f} s")
                if requests.external:
                    print(f"{path.name}: BLOCKED external requests: {requests.external}")
                rows += new
        finally:
            browser.close()
    print(f"after: {_load()}")
    flagged = [r for r in rows if not r["shown"] or statistics.median(r["shown"]) >= TARGET_MEDIAN_MS
               or nearest_rank(r["shown"], 0.95) >= TARGET_P95_MS]
    print(f"{len(rows)} controls measured, {len(flagged)} miss the target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
