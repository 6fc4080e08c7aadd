"""Drive a private JupyterLab server in headless Chromium (shared by the browser test and benchmark).

Nothing here touches the network: JupyterLab listens on 127.0.0.1 only, news and update checks
are off, and every request the page makes to another host is blocked and recorded so that a test
can assert there was none. Chromium is Debian's ``/usr/bin/chromium`` (never ``playwright
install``).

The server gets fresh temporary settings, workspace, runtime, config and checkpoint directories
(nothing is written next to the notebooks); its user
settings turn autosave off (the repository's notebooks must never be written with outputs) and
attach every notebook cell to the DOM (``windowingMode: none``) so that cells out of view can be
inspected. The server runs with ``expose_app_in_browser`` so that the test can read execution
counts and error outputs from the notebook model; cells are run through the UI (Run menu).

Written for JupyterLab 4 (Lumino 2 ``lm-`` class names, ``sharedModel``) and ipywidgets 8
(noUiSlider sliders); the kernel is the ``python3`` kernelspec of the running environment.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
SCREENSHOTS = REPO / "build" / "browser-screenshots"

#: Chromium flags: no sandbox (CI runs as root), no GPU, and none of the background requests
#: (component updates, sync, safe browsing lists) a fresh profile would otherwise make.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
]

#: Lab user settings written into the fresh settings directory.
USER_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                     "checkForUpdates": False},
}

#: Front-end plugins switched off through page_config.json (network-facing or noisy).
DISABLED_PLUGINS = [
    "@jupyterlab/apputils-extension:announcements",
    "@jupyterlab/extensionmanager-extension:plugin",
]

LOCAL_HOSTS = {"127.0.0.1"}

#: Substrings that must never be rendered in an output area.
WIDGET_ERROR_TEXTS = ("Error displaying widget", "model not found", "Failed to load model class")


def chromium_path() -> str | None:
    """Path of the system Chromium (``EMERGENCE_CHROMIUM`` overrides), or None if missing."""
    env = os.environ.get("EMERGENCE_CHROMIUM")
    cands = [env] if env else ["/usr/bin/chromium", "/usr/bin/chromium-browser",
                               shutil.which("chromium")]
    for cand in cands:
        if cand and Path(cand).is_file() and os.access(cand, os.X_OK):
            return cand
    return None


def browser_unavailable_reason() -> str | None:
    """Why the browser test cannot run here (None when chromium and playwright are present)."""
    if chromium_path() is None:
        where = os.environ.get("EMERGENCE_CHROMIUM") or "/usr/bin/chromium"
        return (f"no Chromium executable at {where} (install Debian's 'chromium' package or "
                "set EMERGENCE_CHROMIUM); never use 'playwright install'")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"the Python package 'playwright' is not importable ({exc}); pip install playwright"
    return None


def launch_browser(pw: Any) -> Any:
    """Launch headless system Chromium through a ``sync_playwright()`` handle."""
    return pw.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)


def free_port() -> int:
    """A currently free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LabServer:
    """A running JupyterLab: base URL, token, root directory and the log file."""

    url: str
    token: str
    root: Path
    log: Path
    proc: subprocess.Popen = field(repr=False)

    def notebook_url(self, relpath: str) -> str:
        """URL that opens ``relpath`` (relative to the server root) in the Lab UI."""
        return f"{self.url}/lab/tree/{relpath}?token={self.token}&reset"

    def log_tail(self, n: int = 40) -> str:
        """Last ``n`` lines of the server log (for failure messages)."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"


def _write_settings(settings_dir: Path, config_dir: Path) -> None:
    for key, values in USER_SETTINGS.items():
        pkg, plugin = key.rsplit("/", 1)
        target = settings_dir / pkg / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")
    labconfig = config_dir / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {p: True for p in DISABLED_PLUGINS}}), encoding="utf-8")


def _status_ok(url: str, token: str) -> bool:
    req = urllib.request.Request(f"{url}/api/status", headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(req, timeout=2) as resp:
            return resp.status == 200 and "started" in json.loads(resp.read())
    except (urllib.error.URLError, OSError, ValueError):
        return False


def stop_process(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """Terminate ``proc``, wait ``grace`` seconds (s), then kill it."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=grace)


@contextmanager
def lab_server(root: Path = REPO, startup_timeout: float = 90.0) -> Iterator[LabServer]:
    """Start JupyterLab on a free loopback port; stop it on exit, also after an error.

    Parameters
    ----------
    root : Path
        Server root directory (the repository).
    startup_timeout : float
        Seconds (s) to wait for ``/api/status`` to answer.
    """
    tmp = Path(tempfile.mkdtemp(prefix="emergence-lab-"))
    dirs = {name: tmp / name for name in ("settings", "workspaces", "runtime", "config", "ipython",
                                          "checkpoints")}
    for d in dirs.values():
        d.mkdir()
    _write_settings(dirs["settings"], dirs["config"])
    env = dict(os.environ)
    env.pop("EMERGENCE_STATIC", None)  # the kernels must send live widgets
    env.update(JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
               JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]),
               JUPYTER_RUNTIME_DIR=str(dirs["runtime"]), JUPYTER_CONFIG_DIR=str(dirs["config"]),
               IPYTHONDIR=str(dirs["ipython"]), PYTHONUNBUFFERED="1")
    token = secrets.token_hex(16)
    port = free_port()
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           "--ServerApp.terminals_enabled=False", "--ServerApp.allow_root=True",
           f"--FileCheckpoints.checkpoint_dir={dirs['checkpoints']}",
           "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           "--LabApp.extension_manager=readonly", "--LabApp.expose_app_in_browser=True"]
    log = tmp / "lab.log"
    with open(log, "wb") as logf:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=logf, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
    server = LabServer(f"http://127.0.0.1:{port}", token, root, log, proc)
    try:
        deadline = time.monotonic() + startup_timeout
        while not _status_ok(server.url, token):
            if proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {proc.returncode}:\n"
                                   f"{server.log_tail()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"JupyterLab did not answer /api/status within "
                                   f"{startup_timeout:.0f} s:\n{server.log_tail()}")
            time.sleep(0.25)
        yield server
    finally:
        if proc.poll() is None:
            try:  # let the server end its kernels cleanly before it is terminated
                shutdown_kernels(server)
            except (urllib.error.URLError, OSError, ValueError):
                pass
        stop_process(proc)
        shutil.rmtree(tmp, ignore_errors=True)


class RequestLog:
    """Blocks and records every request of a browser context that leaves 127.0.0.1."""

    def __init__(self) -> None:
        self.blocked: list[str] = []
        self.sockets: list[str] = []

    @staticmethod
    def is_local(url: str) -> bool:
        """True for loopback http(s)/ws(s) URLs and for data:, blob:, about: and file: URLs."""
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob", "about", "file", "chrome-extension"}:
            return True
        return parts.hostname in LOCAL_HOSTS

    def attach(self, context: Any) -> RequestLog:
        """Install the route on ``context`` (a playwright BrowserContext) and return self."""

        def handle(route: Any) -> None:
            url = route.request.url
            if self.is_local(url):
                route.continue_()
            else:
                self.blocked.append(url)
                route.abort("blockedbyclient")

        context.route("**/*", handle)

        def on_page(page: Any) -> None:
            page.on("websocket", lambda ws: self.sockets.append(ws.url))

        context.on("page", on_page)
        return self

    @property
    def external(self) -> list[str]:
        """Blocked requests plus websockets to another host."""
        return self.blocked + [u for u in self.sockets if not self.is_local(u)]


# ---------------------------------------------------------------------------------------------
# Notebook driving
# ---------------------------------------------------------------------------------------------

_NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"

_JS_STATE = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.content.model || !panel.sessionContext) return null;
  const m = panel.content.model, cells = [];
  for (let i = 0; i < m.cells.length; i++) {
    const c = m.cells.get(i);
    if (c.type !== 'code') continue;
    const outs = c.outputs.toJSON();
    cells.push({
      index: i,
      count: c.executionCount,
      source: c.sharedModel.getSource().slice(0, 200),
      errors: outs.filter(o => o.output_type === 'error')
                  .map(o => o.ename + ': ' + o.evalue),
      stderr: outs.filter(o => o.output_type === 'stream' && o.name === 'stderr')
                  .map(o => (Array.isArray(o.text) ? o.text.join('') : o.text).slice(0, 500)),
      widgets: outs.filter(o => o.data &&
                  o.data['application/vnd.jupyter.widget-view+json']).length,
    });
  }
  return {path: panel.context.path, status: panel.sessionContext.kernelDisplayStatus, cells};
}"""


def open_notebook(page: Any, server: LabServer, relpath: str, timeout: float = 60.0) -> None:
    """Open a notebook in Lab and wait until its kernel is idle (``timeout`` in s)."""
    page.goto(server.notebook_url(relpath), wait_until="domcontentloaded",
              timeout=timeout * 1000)
    page.wait_for_selector(f"{_NOTEBOOK} .jp-Cell", timeout=timeout * 1000)
    page.wait_for_function(
        """(path) => { const p = window.jupyterapp && window.jupyterapp.shell.currentWidget;
          return p && p.context && p.context.path === path && p.sessionContext &&
                 p.sessionContext.kernelDisplayStatus === 'idle'; }""",
        arg=relpath, timeout=timeout * 1000)


def notebook_state(page: Any) -> dict[str, Any]:
    """Kernel status and, per code cell, execution count, errors, stderr and widget outputs.

    Read from the notebook model of the current Lab panel (the server runs with
    ``expose_app_in_browser``); the cells are driven through the UI only.
    """
    state = page.evaluate(_JS_STATE)
    if state is None:
        raise RuntimeError("the current JupyterLab widget is not a notebook panel")
    return state


def run_all_cells(page: Any) -> None:
    """Run every cell through the main menu: Run > Run All Cells."""
    page.locator("#jp-menu-panel .lm-MenuBar-item", has_text="Run").first.click()
    item = page.locator('.lm-Menu li[data-command="runmenu:run-all"]:not(.lm-mod-disabled)')
    item.wait_for(state="visible", timeout=10_000)
    item.click()


def wait_run_finished(page: Any, timeout: float) -> dict[str, Any]:
    """Wait until the kernel is idle and every code cell has an execution count.

    JupyterLab stops a run at the first error, so a cell with an error output also ends the
    wait. Returns :func:`notebook_state`; raises ``TimeoutError`` naming the pending cells.
    """
    deadline = time.monotonic() + timeout
    idle_since = None
    while True:
        state = notebook_state(page)
        cells = state["cells"]
        done = all(c["count"] is not None for c in cells) or any(c["errors"] for c in cells)
        if done and state["status"] == "idle":
            # idle must hold for a moment: between queued cells the kernel is briefly idle
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since > 0.5:
                return state
        else:
            idle_since = None
        if time.monotonic() > deadline:
            pending = [c["index"] for c in cells if c["count"] is None]
            raise TimeoutError(f"after {timeout:.0f} s, cells {pending} have no execution "
                               f"count; kernel status {state['status']!r}")
        time.sleep(0.2)


def dom_output_errors(page: Any) -> list[str]:
    """Texts of rendered outputs that show a traceback or a widget that failed to display."""
    return page.evaluate(
        """([sel, bad]) => {
          const found = [];
          const cells = Array.from(document.querySelectorAll(sel + ' .jp-Cell'));
          cells.forEach((cell, i) => cell.querySelectorAll('.jp-OutputArea-output').forEach(o => {
            const text = (o.innerText || '').trim();
            const mime = o.getAttribute('data-mime-type') || '';
            if (mime === 'application/vnd.jupyter.stderr' && text.includes('Traceback'))
              found.push(`cell ${i}: ${text.slice(0, 1500)}`);
            for (const b of bad) if (text.includes(b))
              found.push(`cell ${i}: widget failed to render: ${text.slice(0, 500)}`);
          }));
          return found;
        }""", [_NOTEBOOK, list(WIDGET_ERROR_TEXTS)])


def wait_widgets_rendered(page: Any, expected: int, timeout: float) -> int:
    """Wait until ``expected`` widget views are rendered as widgets (``timeout`` in s).

    Returns the number of rendered widget views (output areas whose child is a Jupyter widget).
    """
    js = """([sel, n]) => document.querySelectorAll(
        sel + ' .jp-OutputArea-output > .jupyter-widgets').length >= n"""
    try:
        page.wait_for_function(js, arg=[_NOTEBOOK, expected], timeout=timeout * 1000)
    except _timeout_error():
        pass  # the caller compares the count
    return widget_summary(page)["views"]


def widget_summary(page: Any) -> dict[str, int]:
    """Counts of rendered widget views, sliders, toggles and figure images (visible ones)."""
    return page.evaluate(
        """(sel) => {
          const nb = document.querySelector(sel);
          const vis = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
          const q = s => Array.from(nb.querySelectorAll(s));
          return {
            views: q('.jp-OutputArea-output > .jupyter-widgets').filter(vis).length,
            sliders: q('.widget-slider').filter(vis).length,
            toggles: q('.widget-toggle-buttons').filter(vis).length,
            dropdowns: q('.widget-dropdown').filter(vis).length,
            images: q('img.widget-image').filter(vis).length,
          };
        }""", _NOTEBOOK)


#: JS run in the page: marks every interactive-figure output (a widget view holding an image)
#: with ``data-live-figure=<index>`` and each of its visible controls with
#: ``data-live-control=<i>.<k>``; returns the figures with their controls. Controls are sliders,
#: toggle buttons and dropdowns; a figure with none of these (e.g. a "Retrain" panel) lists its
#: push buttons instead. Hidden controls (a LiveFigure's ``shown_when``) are left out, and the
#: marks of an earlier call are removed first, so calling it again after a move numbers the
#: controls a user can see now.
_JS_TAG_FIGURES = """(sel) => {
  const nb = document.querySelector(sel);
  nb.querySelectorAll('[data-live-control]').forEach(e => e.removeAttribute('data-live-control'));
  const shown = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
  const outs = Array.from(nb.querySelectorAll('.jp-OutputArea-output'))
    .filter(o => o.querySelector(':scope > .jupyter-widgets'));
  const cells = Array.from(nb.querySelectorAll('.jp-Cell'));
  const figs = [];
  outs.forEach(o => {
    if (!o.querySelector('img.widget-image')) return;
    let found = Array.from(o.querySelectorAll(
      '.widget-slider, .widget-toggle-buttons, .widget-dropdown')).filter(shown);
    if (!found.length) found = Array.from(o.querySelectorAll('button.widget-button'))
      .filter(shown);
    const fi = figs.length;
    o.setAttribute('data-live-figure', String(fi));
    const controls = found.map((c, k) => {
      c.setAttribute('data-live-control', fi + '.' + k);
      const kind = c.classList.contains('widget-slider') ? 'slider'
        : c.classList.contains('widget-toggle-buttons') ? 'toggle'
        : c.classList.contains('widget-dropdown') ? 'dropdown' : 'button';
      const label = kind === 'button' ? c.textContent
        : ((c.querySelector('.widget-label') || {}).textContent || '');
      return {kind, label: label.trim()};
    });
    figs.push({index: fi, cell: cells.indexOf(o.closest('.jp-CodeCell')), controls});
  });
  return figs;
}"""


def live_figures(page: Any) -> list[dict[str, Any]]:
    """Find and tag the LiveFigure-like widgets and their visible controls (see
    ``_JS_TAG_FIGURES``); call it again after a move that may show or hide a control."""
    return page.evaluate(_JS_TAG_FIGURES, _NOTEBOOK)


def iter_controls(page: Any, fig: int) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(k, control)`` for the visible controls of figure ``fig``, tagging them again
    before each one: operating a control can show or hide another (``shown_when``)."""
    k = 0
    while True:
        controls = live_figures(page)[fig]["controls"]
        if k >= len(controls):
            return
        yield k, controls[k]
        k += 1


def figure_src(page: Any, fig: int) -> str:
    """Current ``src`` of the image of tagged figure ``fig``."""
    return page.evaluate(
        "(i) => document.querySelector(`[data-live-figure=\"${i}\"] img.widget-image`).src", fig)


def figure_caption(page: Any, fig: int) -> str:
    """The caption of tagged figure ``fig`` (the last HTML text of the LiveFigure; the first
    is its prompt)."""
    return page.evaluate(
        """(i) => { const o = document.querySelector(`[data-live-figure="${i}"]`);
          const h = o ? Array.from(o.querySelectorAll('.widget-html-content')) : [];
          return h.length ? h[h.length - 1].textContent : ''; }""", fig)


def _timeout_error() -> type[Exception]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    return PlaywrightTimeout


def wait_src_change(page: Any, fig: int, before: str, timeout: float) -> bool:
    """Wait up to ``timeout`` seconds (s) for figure ``fig``'s image to show a new ``src``
    (loaded); return whether it changed."""
    try:
        page.wait_for_function(
            """([i, before]) => {
              const img = document.querySelector(`[data-live-figure="${i}"] img.widget-image`);
              return img && img.src !== before && img.complete; }""",
            arg=[fig, before], timeout=timeout * 1000)
        return True
    except _timeout_error():
        return False


#: Ways to change a slider, tried in order until the figure changes: one step right, jump to the
#: end, jump to the start (a slider already at its maximum, or whose single step does not change
#: a pixel, still moves).
SLIDER_KEYS = ("ArrowRight", "End", "Home")


def operate_control(page: Any, fig: int, k: int, kind: str, key: str = "ArrowRight") -> None:
    """Operate control ``k`` of figure ``fig`` like a user.

    Sliders: focus the handle and press ``key``. Toggle buttons: click an inactive button.
    Dropdowns: select another option. Push buttons: click.
    """
    ctl = page.locator(f'[data-live-control="{fig}.{k}"]')
    if kind == "slider":
        handle = ctl.locator(".noUi-handle, .ui-slider-handle").first
        handle.focus()
        page.keyboard.press(key)
    elif kind == "toggle":
        inactive = ctl.locator("button:not(.mod-active)")
        if not inactive.count():
            raise AssertionError(f"figure {fig} control {k}: toggle has no inactive button")
        inactive.first.click()
    elif kind == "dropdown":
        sel = ctl.locator("select")
        values = sel.evaluate("s => Array.from(s.options).map(o => o.value)")
        current = sel.input_value()
        other = next((v for v in values if v != current), None)
        if other is None:
            raise AssertionError(f"figure {fig} control {k}: dropdown has a single option")
        sel.select_option(other)
    elif kind == "button":
        ctl.click(timeout=5_000)
    else:
        raise ValueError(f"kind: unknown control kind {kind!r}")


def slider_position(page: Any, fig: int, k: int) -> tuple[float, float, float] | None:
    """(value, minimum, maximum) of slider ``k`` of figure ``fig`` from its ARIA attributes."""
    handle = page.locator(f'[data-live-control="{fig}.{k}"] [role=slider]').first
    try:
        vals = [handle.get_attribute(a, timeout=2000)
                for a in ("aria-valuenow", "aria-valuemin", "aria-valuemax")]
        return tuple(float(v) for v in vals)  # type: ignore[return-value]
    except (TypeError, ValueError, _timeout_error()):
        return None


def slider_key_ends(page: Any, fig: int, k: int) -> dict[str, float | None]:
    """Press End, then Home, on slider ``k`` of figure ``fig``; return the slider's ``min`` and
    ``max`` and the value each key gave (ARIA values; exponents for a log slider). Waits for
    the kernel to settle before each key, so that the slider shows its current range."""
    out: dict[str, float | None] = {}
    for key in ("End", "Home"):
        wait_kernel_settled(page)
        operate_control(page, fig, k, "slider", key)
        pos = slider_position(page, fig, k)
        out[key] = pos[0] if pos else None
        if pos:
            out["min"], out["max"] = pos[1], pos[2]
    wait_kernel_settled(page)
    return out


def kernel_status(page: Any) -> str:
    """Display status of the current panel's kernel ("idle", "busy", ...; "" if none)."""
    return page.evaluate(
        """() => { const p = window.jupyterapp && window.jupyterapp.shell.currentWidget;
          return (p && p.sessionContext && p.sessionContext.kernelDisplayStatus) || ''; }""")


def wait_kernel_settled(page: Any, settle: float = 0.3, timeout: float = 30.0) -> bool:
    """Wait until the kernel has been idle for ``settle`` seconds (s), so that every message
    of the last update has reached the page; ``timeout`` in s. Returns whether it settled."""
    deadline = time.monotonic() + timeout
    idle_since = None
    while time.monotonic() < deadline:
        if kernel_status(page) == "idle":
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since >= settle:
                return True
        else:
            idle_since = None
        time.sleep(0.05)
    return False


def _focus_description(page: Any) -> str:
    return page.evaluate(
        """() => { const e = document.activeElement;
          return e ? `${e.tagName.toLowerCase()}.${String(e.className).replace(/ +/g, '.')}`
                   : 'none'; }""")


def exercise_control(page: Any, fig: int, k: int, kind: str, timeout: float = 15.0,
                     log: list[str] | None = None) -> bool:
    """Change control ``k`` of figure ``fig``; return whether the figure image changed.

    Each attempt starts once the kernel has settled (every message of the previous update has
    reached the page). Sliders are tried with the keys of :data:`SLIDER_KEYS` (a slider at its
    maximum is moved left first). ``timeout`` (s) is allowed per attempt. When ``log`` is given,
    every failed
    attempt is described there (key, slider value before and after, focused element, kernel
    status), for the test's failure message.
    """
    keys: tuple[str, ...] = ("",)
    if kind == "slider":
        pos = slider_position(page, fig, k)
        at_max = pos is not None and pos[0] >= pos[2]
        keys = ("ArrowLeft", "Home", "End") if at_max else SLIDER_KEYS
    for key in keys:
        settled = wait_kernel_settled(page)
        before = figure_src(page, fig)
        pos0 = slider_position(page, fig, k) if kind == "slider" else None
        operate_control(page, fig, k, kind, key)
        pos1 = slider_position(page, fig, k) if kind == "slider" else None
        if wait_src_change(page, fig, before, timeout):
            return True
        if log is not None:
            log.append(f"key {key or kind!r}: kernel settled before: {settled}; slider "
                       f"(value, min, max) before {pos0}, after {pos1}; focused "
                       f"{_focus_description(page)}; kernel now {kernel_status(page)!r}; "
                       f"no new image within {timeout:g} s")
    return False


def exercise_buttons(page: Any, fig: int, n_buttons: int, timeout: float = 90.0) -> bool:
    """Click the first button of a button-driven figure (e.g. "Retrain"), wait up to ``timeout``
    seconds (s) for its image to change, then click the other buttons that are enabled (e.g.
    "Stop") so that no work is left running. Returns whether the image changed."""
    before = figure_src(page, fig)
    operate_control(page, fig, 0, "button")
    changed = wait_src_change(page, fig, before, timeout)
    for k in range(1, n_buttons):
        button = page.locator(f'[data-live-control="{fig}.{k}"]')
        if button.is_enabled():
            button.click()
    return changed


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _api(server: LabServer, method: str, path: str) -> Any:
    req = urllib.request.Request(f"{server.url}{path}", method=method,
                                 headers={"Authorization": f"token {server.token}"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        body = resp.read()
    return json.loads(body) if body else None


def shutdown_kernels(server: LabServer) -> int:
    """Delete every session and kernel of the server (REST API); return how many kernels."""
    for sess in _api(server, "GET", "/api/sessions") or []:
        _api(server, "DELETE", f"/api/sessions/{sess['id']}")
    kernels = _api(server, "GET", "/api/kernels") or []
    for k in kernels:
        _api(server, "DELETE", f"/api/kernels/{k['id']}")
    return len(kernels)


def quiz_outputs(page: Any) -> int:
    """Tag quiz widgets (a widget view with a "Check" button) as ``data-quiz=<i>``; count them."""
    return page.evaluate(
        """(sel) => {
          let n = 0;
          document.querySelectorAll(sel + ' .jp-OutputArea-output').forEach(o => {
            const btn = Array.from(o.querySelectorAll('button.widget-button'))
              .find(b => b.textContent.trim() === 'Check');
            if (btn && o.querySelector(':scope > .jupyter-widgets')) o.setAttribute('data-quiz', String(n++));
          });
          return n;
        }""", _NOTEBOOK)


def answer_first_question(page: Any, quiz: int, timeout: float = 15.0) -> str:
    """Pick the first option of quiz ``quiz``'s first question, press Check; return the feedback.

    Raises ``AssertionError`` when no feedback appears within ``timeout`` seconds (s).
    """
    box = page.locator(f'[data-quiz="{quiz}"] .widget-vbox:has(> button.widget-button)').first
    radio = box.locator(".widget-radio input[type=radio]")
    feedback = box.locator("> .widget-html .widget-html-content").last
    answered = feedback.filter(has_text=re.compile(r"Correct|Not quite"))
    # The radio view re-renders from the kernel's model after a click; on a busy machine the
    # first click can be undone by that round trip, so pick and check up to three times.
    for attempt in range(3):
        if radio.count():
            radio.first.click()
        else:
            box.locator(".widget-checkbox input[type=checkbox]").first.click()
        page.wait_for_timeout(200 * (attempt + 1))
        box.locator("> button.widget-button").click()
        try:
            answered.wait_for(timeout=timeout * 1000 / 3)
            return feedback.inner_text()
        except _timeout_error():
            continue
    raise AssertionError(f"quiz {quiz}: no feedback after Check "
                         f"(got {feedback.inner_text()!r})")


#: JS run in the page: every visible widget text whose content is wider (or taller) than its
#: box, so that the browser cuts it off or ends it with "..." (slider and checkbox labels,
#: toggle buttons, buttons, readouts, dropdowns with their entries, radio labels).
_JS_CLIPPED = """(sel) => {
  const nb = document.querySelector(sel);
  const shown = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
  const out = [];
  const where = e => {
    const cell = e.closest('.jp-CodeCell');
    const cells = Array.from(nb.querySelectorAll('.jp-Cell'));
    return 'cell ' + cells.indexOf(cell);
  };
  const textSel = ['.widget-label', '.widget-readout', '.widget-checkbox label',
    '.widget-label-basic', '.widget-label-basic span', '.widget-radio-box label',
    '.widget-toggle-button', 'button.widget-button'];
  nb.querySelectorAll('.jp-OutputArea-output .jupyter-widgets').forEach(root => {
    root.querySelectorAll(textSel.join(',')).forEach(e => {
      if (!shown(e) || !e.textContent.trim()) return;
      if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 2
          && getComputedStyle(e).overflowY !== 'visible') {
        out.push(where(e) + ': "' + e.textContent.trim().slice(0, 80) + '" needs '
                 + e.scrollWidth + ' px, has ' + e.clientWidth + ' px');
      }
    });
    root.querySelectorAll('.widget-dropdown select').forEach(s => {
      if (!shown(s)) return;
      const cs = getComputedStyle(s);
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = cs.font;
      const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      Array.from(s.options).forEach(o => {
        const need = ctx.measureText(o.text).width;
        if (need > room + 1) out.push(where(s) + ': dropdown entry "' + o.text.slice(0, 80)
                                       + '" needs ' + Math.ceil(need) + ' px, has '
                                       + Math.floor(room) + ' px');
      });
    });
  });
  return out;
}"""


def clipped_texts(page: Any) -> list[str]:
    """Descriptions of visible widget texts that do not fit their box (see ``_JS_CLIPPED``)."""
    return page.evaluate(_JS_CLIPPED, _NOTEBOOK)
