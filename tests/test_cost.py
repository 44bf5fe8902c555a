"""The cost model on hand-computed cases."""

from __future__ import annotations

import pytest

from regalloc.checker import check
from regalloc.cost import CostReport, block_weights, cost_of
from regalloc.env import MachineEnv
from regalloc.errors import CheckerError
from regalloc.function import Function, FunctionBuilder, define
from regalloc.regs import INT, parse_alloc, preg
from regalloc.result import AFTER, BEFORE, MOVE, PAIR, REMAT, AllocationResult, Edit, pack_pair, point

FIXED_STACK = preg(INT, 40)


def R(text: str) -> int:
    return parse_alloc(text)


def mv(inst: int, pos: int, src: str, dst: str) -> Edit:
    return (point(inst, pos), MOVE, R(src), R(dst))


def env() -> MachineEnv:
    e = MachineEnv(preferred=[[preg(INT, i) for i in range(4)], [], []], fixed_stack=[FIXED_STACK])
    e.check()
    return e


def nested_loops() -> Function:
    """Two nested loops plus an unreachable block.

    b0 -> b1 (outer header) -> b2 (inner header) -> b3 -> b4 (inner latch) -> b2
                                                     b3 -> b5 -> b6 (outer latch) -> b1
                                                           b5 -> b7 (exit); b8 unreachable.
    """
    fb = FunctionBuilder("nested")
    k = fb.vreg(INT, remat="const 0")
    blocks = [fb.new_block() for _ in range(9)]
    b0, b1, b2, b3, b4, b5, b6, b7, b8 = blocks
    fb.start_block(b0)
    fb.op([define(k, "reg")])  # i0
    fb.branch([(b1, [])])  # i1
    fb.start_block(b1)
    fb.branch([(b2, [])])  # i2
    fb.start_block(b2)
    fb.op([])  # i3
    fb.branch([(b3, [])])  # i4
    fb.start_block(b3)
    fb.branch([(b4, []), (b5, [])])  # i5
    fb.start_block(b4)
    fb.branch([(b2, [])])  # i6
    fb.start_block(b5)
    fb.branch([(b6, []), (b7, [])])  # i7
    fb.start_block(b6)
    fb.branch([(b1, [])])  # i8
    fb.start_block(b7)
    fb.ret()  # i9
    fb.start_block(b8)
    fb.ret()  # i10
    return fb.finish()


def test_block_weights_follow_loop_depth() -> None:
    assert block_weights(nested_loops()) == [1, 8, 64, 64, 64, 8, 8, 1, 0]


def test_nested_loop_costs() -> None:
    func = nested_loops()
    edits = [
        mv(1, BEFORE, "int:0", "int:1"),  # b0: reg move, 1 x 1
        mv(2, BEFORE, "int:0", "stack:0"),  # b1: spill store, 2 x 8
        mv(3, BEFORE, "stack:0", "int:2"),  # b2: reload, 2 x 64
        mv(3, AFTER, "int:2", "int:2"),  # b2: no-op move, 0
        mv(5, BEFORE, "int:40", "int:1"),  # b3: reload from a fixed-stack location, 2 x 64
        (point(6, BEFORE), REMAT, 0, R("int:3")),  # b4: remat, 1 x 64
        mv(7, BEFORE, "int:1", "int:40"),  # b5: store to a fixed-stack location, 2 x 8
        (point(8, BEFORE), PAIR, pack_pair(R("int:0"), R("int:1")), pack_pair(R("stack:0"), R("stack:1"))),  # 3 x 8
        mv(10, BEFORE, "int:0", "int:1"),  # b8 (unreachable): 1 x 0
    ]
    result = AllocationResult(allocs=[R("int:0")], edits=edits, num_spillslots=2)
    check(func, env(), result)
    report = cost_of(func, env(), result)
    assert (report.reg_moves, report.spill_stores, report.reloads, report.remats, report.pairs) == (2, 2, 2, 1, 1)
    assert report.noop_moves == 1
    assert report.static_cost == 1 + 2 + 2 + 2 + 1 + 2 + 3 + 1
    assert report.weighted_cost == 1 + 16 + 128 + 128 + 64 + 16 + 24 + 0
    assert report.spillslots == 2


def deep_nest(depth: int) -> Function:
    """Loops nested ``depth`` deep: headers h1..hn in a chain, tails tn..t1 looping back."""
    fb = FunctionBuilder("deep")
    entry = fb.new_block()
    headers = [fb.new_block() for _ in range(depth)]
    tails = [fb.new_block() for _ in range(depth)]
    exit_ = fb.new_block()
    fb.start_block(entry)
    fb.branch([(headers[0], [])])
    for i, h in enumerate(headers):
        fb.start_block(h)
        fb.branch([(headers[i + 1] if i + 1 < depth else tails[0], [])])
    # Tails are laid out innermost first so block ids stay in order.
    for t in tails:
        fb.start_block(t)
        level = depth - 1 - (t - tails[0])
        outer = tails[t - tails[0] + 1] if level > 0 else exit_
        fb.branch([(headers[level], []), (outer, [])])
    fb.start_block(exit_)
    fb.ret()
    return fb.finish()


def test_depth_is_capped_at_six() -> None:
    weights = block_weights(deep_nest(8))
    assert max(weights) == 8**6
    assert weights[0] == 1 and weights[-1] == 1
    assert sorted(set(weights)) == [8**d for d in range(7)]


def test_costs_add_up_for_corpus_totals() -> None:
    total = CostReport()
    total.add(CostReport(reg_moves=1, spill_stores=2, static_cost=5, weighted_cost=40, spillslots=1))
    total.add(CostReport(reloads=3, remats=1, pairs=1, noop_moves=1, static_cost=10, weighted_cost=10, spillslots=4))
    assert total.as_dict() == {
        "reg_moves": 1,
        "spill_stores": 2,
        "reloads": 3,
        "remats": 1,
        "pairs": 1,
        "noop_moves": 1,
        "static_cost": 15,
        "weighted_cost": 50,
        "spillslots": 5,
    }


def test_stack_to_stack_has_no_price() -> None:
    func = nested_loops()
    result = AllocationResult(allocs=[R("int:0")], edits=[mv(1, BEFORE, "int:40", "stack:0")], num_spillslots=1)
    with pytest.raises(CheckerError, match="stack-to-stack"):
        check(func, env(), result)
    with pytest.raises(CheckerError, match="stack-to-stack move int:40 -> stack:0 has no cost"):
        cost_of(func, env(), result)


def test_edge_edits_weigh_as_the_lighter_end_of_their_edge() -> None:
    # b0 -> b1 (loop header, self loop through the critical edge b1->b1) -> b2.
    fb = FunctionBuilder("critical")
    fb.ssa = False
    v = fb.vreg(INT)
    b0, b1, b2 = fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.op([define(v, "reg")])
    fb.branch([(b1, [])])
    fb.start_block(b1)
    fb.branch([(b1, []), (b2, [])])
    fb.start_block(b2)
    fb.ret()
    func = fb.finish()
    result = AllocationResult(allocs=[R("int:0")])
    result.edge_edits = [(b1, b1, MOVE, R("int:0"), R("int:1")), (b1, b2, MOVE, R("int:0"), R("stack:0"))]
    report = cost_of(func, env(), result)
    assert (report.reg_moves, report.spill_stores) == (1, 1)
    assert report.static_cost == 1 + 2
    assert report.weighted_cost == 8 * 1 + 1 * 2  # the back edge is in the loop, the exit edge is not
