"""docs/notebooks/汇总表.ipynb, executed with nbclient in the test run so that it never goes stale
(issue 12, item 5): reading the 2025 滨海新区 table, judging it, writing the results workbook,
comparing 2025 with 2026, and the timeline pictures."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "docs" / "notebooks"


def _outputs(cell: dict[str, object]) -> str:
    texts = []
    for output in cell.get("outputs", []):  # type: ignore[union-attr]
        data = output.get("data", {})
        texts.append(str(output.get("text", "")) + str(data.get("text/plain", "")) + str(data.get("text/html", "")))
    return "\n".join(texts)


def _kernel(folder: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernel of this very interpreter (the venv the tests run in), whatever else is installed."""
    spec = folder / "kernels" / "gongguan-tests"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "gongguan", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(folder))
    return "gongguan-tests"


def test_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every cell runs without an error; the table, the decisions, the results workbook, the impact
    report (2025 四 → 2026 四（一）, 二（一） → 一（一）) and two timeline pictures come out."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib")
    notebook = nbformat.read(NOTEBOOKS / "汇总表.ipynb", as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name=_kernel(tmp_path, monkeypatch),
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for cell in code:
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
    text = "\n".join(_outputs(cell) for cell in code)
    assert "[4, 5, 6, 7, 8, 9]" in text  # the rows under the title rows, above the signature lines
    assert "没有提示 / no warnings" in text
    assert "汇总 / summary: 6 项 / items" in text
    assert "结论（" not in text and "符合申报条件" in text  # the results workbook read back
    # 2026 四（一）: a 开发区市场监管局 recommending is review, not fail (product.md, December 2026)
    assert "('eligible', 'ineligible'): 1" in text and "('eligible', 'needs_review'): 1" in text
    assert "('ineligible', 'eligible'): 1" in text
    assert "津滨市场监管质监〔2025〕4号 四 → 津市场监管质发〔2026〕2号 四（一）" in text
    pictures = [o for cell in code for o in cell.outputs if "image/png" in o.get("data", {})]
    assert len(pictures) == 2
