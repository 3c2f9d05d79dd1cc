"""The tutorials run: the cycle notebook executes with nbclient, and the prospect-theory page's
examples pass as doctests."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from dyadwatch.stagenames import STAGES

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _outputs(nb, tag: str) -> list[dict]:
    cells = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"one cell tagged {tag!r} expected"
    return cells[0]["outputs"]


def _text(outputs: list[dict]) -> str:
    parts = []
    for out in outputs:
        parts.append(out.get("text", ""))
        parts.append(out.get("data", {}).get("text/plain", ""))
    return "\n".join(p if isinstance(p, str) else "".join(p) for p in parts)


@pytest.mark.slow
def test_cycle_notebook_executes_and_shows_the_stages():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(DOCS / "tutorials" / "cycle.ipynb", as_version=4)
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=False).execute()

    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert not errors

    assert "Data as of" in _text(_outputs(nb, "freshness"))

    table = _outputs(nb, "stage-table")
    html = table[0]["data"]["text/html"]
    assert html.count("<tr>") >= 3  # a header and at least two stages
    rows = [row for row in _text(table).splitlines() if row.strip()]
    assert rows[0].split()[:3] == ["start", "end", "stage"]
    labels = [row.split()[3] for row in rows[1:]]
    assert labels and set(labels) <= set(STAGES)
    assert labels[0] == "euphoria"  # 1991-92, the essay's first stage, found on the data

    plot = _outputs(nb, "stage-plot")
    assert any("application/vnd.plotly.v1+json" in o.get("data", {}) for o in plot)

    transitions = _text(_outputs(nb, "transitions"))
    assert "transitions," in transitions and "in the essay's order" in transitions

    now = _text(_outputs(nb, "now"))
    assert now.startswith("stage ") and now.split()[1] in STAGES

    presidents = _text(_outputs(nb, "presidents"))
    assert "Bill Clinton" in presidents and "Vladimir Putin" in presidents


def test_prospect_tutorial_examples_pass():
    result = doctest.testfile(
        str(DOCS / "tutorials" / "prospect.md"),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.attempted >= 10
    assert result.failed == 0
