"""``regalloc show``: the HTML report, loaded and exercised in a real headless browser.

The page carries its own self-test, run when the address ends in ``#selftest``:
it dispatches hover and click events and writes what it saw into
``<pre id="selftest">``, which these tests read from Chromium's ``--dump-dom``.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from regalloc.checker import check
from regalloc.cli import main
from regalloc.env import MachineEnv
from regalloc.errors import CheckerError
from regalloc.formats import dump_result_json, load_function
from regalloc.function import USE, Function
from regalloc.regs import is_reg_alloc
from regalloc.report import AllocationView, render_report
from regalloc.report.placement import SEGMENT_FIELDS, compute_placement
from regalloc.result import AllocationResult

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "loop_with_call.ra"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
]


def available_algorithm() -> str:
    """The best allocator that exists right now (ion, then fast, then the reference)."""
    try:
        from regalloc.api import ALLOCATORS
    except ImportError:
        return "reference"
    for name in ("ion", "fast"):
        if name in ALLOCATORS:
            return name
    return "reference"


def checked_view(func: Function, env: MachineEnv, algorithm: str) -> AllocationView:
    from regalloc.report import run_allocator

    view = run_allocator(func, env, algorithm)
    assert view.result is not None, view.failure
    check(func, env, view.result)
    return view


def broken_copy(func: Function, env: MachineEnv, result: AllocationResult) -> tuple[AllocationResult, int]:
    """``result`` with one register use moved to another register; the index of the instruction."""
    allocs = list(result.allocs)
    for i in range(func.num_insts):
        for o in func.inst_operands(i):
            a = allocs[o]
            if func.op_kind[o] == USE and func.op_vreg[o] >= 0 and is_reg_alloc(a):
                others = [p for p in env.allocatable(a >> 6) if p != a]
                allocs[o] = others[0]
                return AllocationResult(allocs, list(result.edits), result.num_spillslots, result.algorithm), i
    raise AssertionError("no register use to break")


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("chromium is not installed (./dev test installs it as root; otherwise: apt-get install chromium)")


def selftest(page: str, tmp_path: Path) -> dict[str, object]:
    """Load ``page`` in headless Chromium with ``#selftest`` and return what its script reported."""
    report = tmp_path / "report.html"
    report.write_text(page, encoding="utf-8")
    profile = tmp_path / "chromium-profile"
    cmd = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", report.as_uri() + "#selftest"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    found = re.search(r'<pre id="selftest">(.*?)</pre>', done.stdout, re.S)
    assert found, f"no self-test output (exit {done.returncode}): {done.stderr[-2000:]}"
    data = json.loads(html.unescape(found.group(1)))
    assert isinstance(data, dict)
    assert data["errors"] == [], data["errors"]
    return data


def test_report_shows_listing_chart_plot_and_hover_highlights(tmp_path: Path) -> None:
    func, env = load_function(str(EXAMPLE))
    view = checked_view(func, env, available_algorithm())
    assert view.result is not None
    seen = selftest(render_report(func, env, [view]), tmp_path)
    pane = seen["panes"][0]  # type: ignore[index]
    assert pane["listingInsts"] == func.num_insts
    assert pane["listingBlocks"] == func.num_blocks
    assert pane["listingEdits"] == len(view.result.edits)
    segments = compute_placement(func, env, view.result).segments
    assert pane["chartRows"] == len(set(segments[::SEGMENT_FIELDS]))  # a row per vreg that is ever live
    assert pane["chartInk"] > 1000 and pane["plotInk"] > 200
    hover = seen["hover"]
    assert hover["elements"] >= 2  # type: ignore[index]
    assert hover["highlighted"] == hover["elements"]  # type: ignore[index]
    assert hover["others"] == 0  # type: ignore[index]
    assert hover["chartHighlight"] == hover["vreg"]  # type: ignore[index]
    chart_hover = seen["chartHover"]
    assert chart_hover["current"] == chart_hover["vreg"]  # type: ignore[index]
    assert chart_hover["highlighted"] == chart_hover["elements"] > 0  # type: ignore[index]
    assert seen["errorBanners"] == 0 and seen["errorLines"] == 0
    assert seen["blockClick"]["headerVisible"] is True  # type: ignore[index]
    assert float(seen["loadMs"]) < 5000  # type: ignore[arg-type]


def test_checker_error_is_shown_at_its_instruction(tmp_path: Path) -> None:
    func, env = load_function(str(EXAMPLE))
    good = checked_view(func, env, available_algorithm())
    assert good.result is not None
    bad, inst = broken_copy(func, env, good.result)
    with pytest.raises(CheckerError) as caught:
        check(func, env, bad)
    assert caught.value.inst == inst
    page = render_report(func, env, [AllocationView("broken", bad)])
    seen = selftest(page, tmp_path)
    assert seen["errorBanners"] == 1
    assert seen["errorLines"] == 1
    assert seen["errorInsts"] == [inst]
    assert str(caught.value) in str(seen["errorText"])


def test_compare_puts_two_allocations_side_by_side(tmp_path: Path) -> None:
    func, env = load_function(str(EXAMPLE))
    views = [checked_view(func, env, available_algorithm()), checked_view(func, env, "reference")]
    seen = selftest(render_report(func, env, views), tmp_path)
    assert seen["views"] == 2
    panes = seen["panes"]
    assert isinstance(panes, list)
    for pane, view in zip(panes, views, strict=True):
        assert view.result is not None
        assert pane["listingInsts"] == func.num_insts
        assert pane["listingEdits"] == len(view.result.edits)
        assert pane["chartInk"] > 1000


def test_cli_show_writes_a_self_contained_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    algorithm = available_algorithm()
    func, env = load_function(str(EXAMPLE))
    checked_view(func, env, algorithm)
    assert main(["show", str(EXAMPLE), "--algorithm", algorithm, "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "wrote" in capsys.readouterr().out
    # Nothing is fetched at view time: no external scripts, styles, images or fonts.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(http" not in page
    assert '"name":"loop_with_call"' in page


def test_cli_show_alloc_file_with_checker_error_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    func, env = load_function(str(EXAMPLE))
    good = checked_view(func, env, "reference")
    assert good.result is not None
    bad, _inst = broken_copy(func, env, good.result)
    alloc = tmp_path / "bad.json"
    alloc.write_text(dump_result_json(bad, func), encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["show", str(EXAMPLE), "--alloc", str(alloc), "-o", str(out)]) == 1
    assert "checker" in capsys.readouterr().err
    assert '"error":{"message"' in out.read_text(encoding="utf-8")


def test_cli_show_unknown_algorithm_is_a_clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(EXAMPLE), "--algorithm", "no-such", "-o", str(tmp_path / "r.html")]) == 1
    assert "unknown algorithm 'no-such'" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def page_data(page: str) -> dict[str, object]:
    body = page.split("<script type='application/json' id='report-data'>", 1)[1].split("</script>", 1)[0]
    data = json.loads(body)
    assert isinstance(data, dict)
    return data


def test_cli_show_compare_checks_and_costs_both(tmp_path: Path) -> None:
    out = tmp_path / "cmp.html"
    algorithm = available_algorithm()
    assert main(["show", str(EXAMPLE), "--compare", algorithm, "reference", "-o", str(out)]) == 0
    views = page_data(out.read_text(encoding="utf-8"))["views"]
    assert isinstance(views, list)
    assert [v["label"] for v in views] == [algorithm, "reference"]
    for v in views:
        assert v["error"] is None  # the report ran the checker on both and it passed
        assert v["cost"]["weighted_cost"] > 0 and v["seconds"] > 0


def test_page_draws_a_garbage_allocation_without_script_errors(tmp_path: Path) -> None:
    func, env = load_function(str(EXAMPLE))
    n = func.num_operands
    allocs = [[-1, 7, 300, 2**40, 256][k % 5] for k in range(n - 3)]
    edits = [(0, 3, 5, 2**33 + 1), (1, 0, -1, 300), (4, 1, 99, 2), (2 * func.num_insts + 6, 0, 0, 1)]
    bad = AllocationResult(allocs, edits, 2, "garbage")
    with pytest.raises(CheckerError):
        check(func, env, bad)
    seen = selftest(render_report(func, env, [AllocationView("garbage", bad)]), tmp_path)
    assert seen["errorBanners"] == 1
    assert seen["panes"][0]["listingInsts"] == func.num_insts  # type: ignore[index]


def test_clicking_a_block_scrolls_a_long_listing_to_it(tmp_path: Path) -> None:
    from regalloc.fuzz.generator import GenConfig, generate

    func, env = generate(3, GenConfig.preset("large"))
    view = checked_view(func, env, "reference")
    seen = selftest(render_report(func, env, [view]), tmp_path)
    click = seen["blockClick"]
    assert click["scrollable"] is True  # type: ignore[index]
    assert click["listingScrollTop"] > 0  # type: ignore[index]
    assert click["headerVisible"] is True  # type: ignore[index]
    assert seen["panes"][0]["listingInsts"] == func.num_insts  # type: ignore[index]
