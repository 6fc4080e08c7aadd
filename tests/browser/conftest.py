"""Fixtures of the real-browser test: a private JupyterLab server and headless system Chromium.

Every test in this folder is marked ``browser``. Without Chromium or the ``playwright`` package
the tests are skipped with the reason, unless ``EMERGENCE_REQUIRE_BROWSER=1`` (set by
``.ci/run``), in which case they fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import labdriver as ld
import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _require_browser() -> None:
    reason = ld.browser_unavailable_reason()
    if reason is None:
        return
    if os.environ.get("EMERGENCE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"EMERGENCE_REQUIRE_BROWSER=1 but the browser test cannot run: {reason}",
                    pytrace=False)
    pytest.skip(f"browser test skipped: {reason}")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A headless Chromium (playwright Browser) for the whole session."""
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = ld.launch_browser(pw)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def lab(chromium: Any) -> Iterator[ld.LabServer]:
    """JupyterLab on a free 127.0.0.1 port, serving the repository; stopped at the end."""
    with ld.lab_server(ld.REPO) as server:
        yield server


@pytest.fixture
def fresh_lab(lab: ld.LabServer) -> Iterator[ld.LabServer]:
    """The session's JupyterLab; every kernel and session is shut down after the test."""
    try:
        yield lab
    finally:
        ld.shutdown_kernels(lab)


@dataclass
class PageRecord:
    """A fresh page plus what happened on it (blocked requests, errors, failed responses)."""

    page: Any
    requests: ld.RequestLog
    page_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture
def browser_page(chromium: Any) -> Iterator[PageRecord]:
    """A page in a new browser context whose non-loopback requests are blocked and recorded."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    requests = ld.RequestLog().attach(context)
    page = context.new_page()
    rec = PageRecord(page, requests)
    page.on("pageerror", lambda exc: rec.page_errors.append(str(exc)))
    page.on("response", lambda r: r.status >= 400
            and rec.failed_responses.append(f"{r.status} {r.url}"))
    page.on("console", lambda m: m.type == "error" and rec.console_errors.append(m.text))
    try:
        yield rec
    finally:
        context.close()
