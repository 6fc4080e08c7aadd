"""Pace: every section states its time, and the times add up to the notebook's stated total.

Headings: ``## 4. The definition as code (10 min)``; optional deep dives ``## Bonus: ... (10 min)``.
Title cell: ``**Learning objectives** (about 45 minutes, plus 15 minutes of bonus material)``.
Summary and References carry no time. The index (00) is exempt.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("0[1-8]_*.ipynb"))
MINUTES = re.compile(r"\((\d+)\s*min\)\s*$")
TOTAL = re.compile(r"\*\*Learning objectives\*\*\s*\(about (\d+) minutes"
                   r"(?:, plus (\d+) minutes of bonus material)?\)")


def section_times(path: Path) -> tuple[dict[str, int], dict[str, int], tuple[int, int]]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    title = "".join(cells[0]["source"])
    m = TOTAL.search(title)
    assert m, (f"{path.name}: the title cell must say '**Learning objectives** (about N minutes)' "
               "or '(about N minutes, plus M minutes of bonus material)'")
    total = (int(m.group(1)), int(m.group(2) or 0))
    main, bonus = {}, {}
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        for line in "".join(cell["source"]).splitlines():
            if not line.startswith("## "):
                continue
            head = line[3:].strip()
            if re.match(r"(Summary|References)\b", head):
                continue
            t = MINUTES.search(head)
            assert t, f"{path.name}: section {head!r} has no '(N min)' at the end of its heading"
            (bonus if head.startswith("Bonus") else main)[head] = int(t.group(1))
    return main, bonus, total


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_section_times_add_up(path: Path) -> None:
    main, bonus, (total, bonus_total) = section_times(path)
    assert sum(main.values()) == total, (
        f"{path.name}: sections add up to {sum(main.values())} min, the title says {total}: {main}")
    assert sum(bonus.values()) == bonus_total, (
        f"{path.name}: bonus sections add up to {sum(bonus.values())} min, the title says "
        f"{bonus_total}: {bonus}")
