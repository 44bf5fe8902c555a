"""The report's own replay of an allocation (regalloc.report.placement) and its data."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regalloc.checker import check
from regalloc.env import MachineEnv
from regalloc.errors import RegallocError
from regalloc.formats import load_function
from regalloc.function import USE, Function, FunctionBuilder, define, use
from regalloc.fuzz.reference import allocate_reference
from regalloc.fuzz.runner import all_allocators
from regalloc.fuzz.strategy import functions
from regalloc.regs import INT, preg, stack_alloc
from regalloc.report import AllocationView, render_report
from regalloc.report.data import report_data
from regalloc.report.placement import LOST, SEGMENT_FIELDS, Placement, compute_placement, live_samples
from regalloc.result import AFTER, BEFORE, MOVE, AllocationResult, point

ROOT = Path(__file__).resolve().parent.parent


def segment_cells(pl: Placement) -> dict[tuple[int, int], int]:
    """(vreg, x) -> location drawn there; fails on overlapping segments of one vreg."""
    cells: dict[tuple[int, int], int] = {}
    segs = pl.segments
    for k in range(0, len(segs), SEGMENT_FIELDS):
        v, first, last, loc, _copy = segs[k : k + SEGMENT_FIELDS]
        assert first <= last
        for x in range(first, last + 1):
            assert (v, x) not in cells, f"v{v} drawn twice at {x}"
            cells[(v, x)] = loc
    return cells


def assert_faithful(func: Function, env: MachineEnv, result: AllocationResult) -> None:
    """For a checked allocation: every live vreg is drawn exactly where it is live, never
    lost, and at each use in one of the locations the instruction reads it from."""
    check(func, env, result)
    pl = compute_placement(func, env, result)
    samples, pressure = live_samples(func)
    cells = segment_cells(pl)
    assert set(cells) == {(v, x) for x, vs in enumerate(samples) for v in vs}
    assert LOST not in cells.values()
    for i in range(func.num_insts):
        read: dict[int, set[int]] = {}
        for o in func.inst_operands(i):
            if func.op_kind[o] == USE and func.op_vreg[o] >= 0:
                read.setdefault(func.op_vreg[o], set()).add(result.allocs[o])
        for v, locs in read.items():
            assert cells[(v, 2 * i)] in locs
    for cls in range(len(pressure)):
        assert pressure[cls] == [sum(1 for v in vs if func.vreg_class[v] == cls) for vs in samples]
    assert len(pl.edit_vreg) == len(result.edits)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(functions())
def test_placement_of_reference_allocations_is_faithful(case: tuple[Function, MachineEnv]) -> None:
    func, env = case
    assert_faithful(func, env, allocate_reference(func, env))


def test_placement_of_every_allocator_on_the_examples() -> None:
    for path in sorted((ROOT / "examples").glob("*.ra")):
        func, env = load_function(str(path))
        for allocator in all_allocators().values():
            assert_faithful(func, env, allocator(func, env))


def spill_example(reload: bool) -> tuple[Function, MachineEnv, AllocationResult]:
    """x defined in r0, spilled, r0 clobbered, then used from r0 (reloaded first if ``reload``)."""
    fb = FunctionBuilder("spill")
    x = fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(x, "reg")])
    fb.op([], clobbers=[preg(INT, 0)])
    fb.ret([use(x, "reg")])
    env = MachineEnv(preferred=[[preg(INT, 0), preg(INT, 1)], [], []])
    edits = [(point(0, AFTER), MOVE, preg(INT, 0), stack_alloc(0))]
    if reload:
        edits.append((point(2, BEFORE), MOVE, stack_alloc(0), preg(INT, 0)))
    return fb.finish(), env, AllocationResult([0, 0], edits, 1, "hand")


def test_spill_and_reload_are_drawn_in_register_then_stack_then_register() -> None:
    func, env, result = spill_example(reload=True)
    check(func, env, result)
    cells = segment_cells(compute_placement(func, env, result))
    assert [cells[(0, x)] for x in (1, 2, 3, 4)] == [0, 0, stack_alloc(0), 0]
    assert compute_placement(func, env, result).edit_vreg == [0, 0]  # both edits carry v0


def test_a_missing_reload_shows_the_value_lost_and_the_checker_error() -> None:
    func, env, result = spill_example(reload=False)
    cells = segment_cells(compute_placement(func, env, result))
    assert cells[(0, 3)] == stack_alloc(0)
    assert cells[(0, 4)] == LOST  # read from r0, which the clobber emptied
    data = report_data(func, env, [AllocationView("broken", result)])
    views = data["views"]
    assert isinstance(views, list)
    error = views[0]["error"]
    assert error["inst"] == 2 and "int:0" in error["message"]


def test_report_survives_an_allocator_failure_and_escapes_script_text() -> None:
    fb = FunctionBuilder("</script><b>")
    x = fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(x, "reg")], mnemonic="li")
    fb.ret([use(x, "reg")], mnemonic="ret")
    func = fb.finish()
    env = MachineEnv(preferred=[[preg(INT, 0)], [], []])
    result = AllocationResult([0, 0], algorithm="hand")
    check(func, env, result)
    page = render_report(func, env, [AllocationView("ok", result, 0.001), AllocationView("down", None, failure="boom")])
    body = page.split("<script type='application/json' id='report-data'>", 1)[1].split("</script>", 1)[0]
    data = json.loads(body)
    assert data["func"]["name"] == "</script><b>"
    assert data["views"][1]["failure"] == "boom"
    assert data["views"][0]["error"] is None


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(functions(sizes=("small",)), st.data())
def test_report_data_survives_garbage_allocations(case: tuple[Function, MachineEnv], data: st.DataObject) -> None:
    """Whatever an allocator returns, the report is drawn and the checker's verdict is in it."""
    func, env = case
    loc = st.one_of(st.integers(-3, 300), st.integers(-(2**40), 2**40))
    allocs = data.draw(st.lists(loc, min_size=0, max_size=func.num_operands + 2))
    n = max(func.num_insts, 1)
    edit = st.tuples(st.integers(-2, 2 * n + 2), st.integers(0, 3), loc, loc)
    edits = sorted(data.draw(st.lists(edit, max_size=12)), key=lambda e: e[0])
    result = AllocationResult(allocs, edits, data.draw(st.integers(-1, 8)), "garbage")
    out = report_data(func, env, [AllocationView("garbage", result)])
    views = out["views"]
    assert isinstance(views, list)
    json.dumps(out)
    try:
        check(func, env, result)
    except RegallocError as exc:
        assert views[0]["error"]["message"] == str(exc)
    else:
        assert views[0]["error"] is None
