"""Exact results of the CFG, loop and liveness analyses on hand-built CFGs."""

from __future__ import annotations

from regalloc.analysis.cfg import (
    DomTree,
    dominates,
    immediate_dominators,
    postorder,
    reachable,
    reverse_postorder,
    rpo_numbers,
)
from regalloc.analysis.liveness import bitset_of, compute_liveness
from regalloc.analysis.loops import find_loops, loop_depths
from regalloc.function import Function, FunctionBuilder, define, use
from regalloc.regs import INT


def cfg(edges: list[list[int]], entry: int = 0) -> Function:
    """A function with no operands whose block ``b`` branches to ``edges[b]``."""
    fb = FunctionBuilder()
    blocks = [fb.new_block() for _ in edges]
    for b, succs in zip(blocks, edges, strict=True):
        fb.start_block(b)
        if succs:
            fb.branch([(s, []) for s in succs])
        else:
            fb.ret()
    return fb.finish(entry)


def bits(*vregs: int) -> int:
    return bitset_of(list(vregs))


# 0 -> {1, 2} -> 3
DIAMOND = [[1, 2], [3], [3], []]
# 0 -> 1 (outer header) -> 2 (inner header) -> 3 -> {2, 4}; 4 -> {1, 5}; 5 ret
NESTED = [[1], [2], [3], [2, 4], [1, 5], []]
# 0 -> {1, 2}; 1 <-> 2 (a cycle with two entries); 2 -> 3
IRREDUCIBLE = [[1, 2], [2], [1, 3], []]
# 0 -> 1 -> {0, 2}: a loop whose header is the entry
BACK_TO_ENTRY = [[1], [0, 2], []]
# block 2 is unreachable and jumps into the live code
UNREACHABLE = [[1], [], [1]]


def test_orders_on_diamond() -> None:
    f = cfg(DIAMOND)
    assert postorder(f) == [3, 1, 2, 0]
    assert reverse_postorder(f) == [0, 2, 1, 3]
    assert reachable(f) == [True, True, True, True]
    assert immediate_dominators(f) == [0, 0, 0, 0]
    dt = DomTree(f)
    assert dt.idom == [-1, 0, 0, 0]
    assert dt.depth == [0, 1, 1, 1]
    assert [dt.dominates(0, b) for b in range(4)] == [True] * 4
    assert not dt.dominates(1, 3) and not dt.dominates(2, 3) and not dt.dominates(3, 0)
    assert dt.strictly_dominates(0, 3) and not dt.strictly_dominates(3, 3)


def test_dominators_nested_loops() -> None:
    f = cfg(NESTED)
    idom = immediate_dominators(f)
    assert idom == [0, 0, 1, 2, 3, 4]
    rpo = reverse_postorder(f)
    assert rpo == [0, 1, 2, 3, 4, 5]
    index = rpo_numbers(rpo, f.num_blocks)
    dt = DomTree(f)
    for a in range(6):
        for b in range(6):
            expected = a <= b  # the dominator tree is the chain 0-1-2-3-4-5
            assert dt.dominates(a, b) == expected, (a, b)
            assert dominates(idom, index, a, b) == expected, (a, b)


def test_loops_nested() -> None:
    info = find_loops(cfg(NESTED))
    assert info.num_loops == 2
    inner, outer = 0, 1  # innermost first
    assert info.loop_header == [2, 1]
    assert info.loop_parent == [outer, -1]
    assert info.loop_depth == [2, 1]
    assert info.loop_latches == [[3], [4]]
    assert info.block_loop == [-1, outer, inner, inner, outer, -1]
    assert info.block_depth == [0, 1, 2, 2, 1, 0]
    assert info.header_loop == [-1, outer, inner, -1, -1, -1]
    assert info.loop_blocks(outer) == [1, 2, 3, 4]
    assert info.loop_blocks(inner) == [2, 3]
    assert info.loop_contains(outer, 3) and not info.loop_contains(inner, 4)
    assert [info.header_of(b) for b in range(6)] == [-1, 1, 2, 2, 1, -1]


def test_same_header_loops_merge() -> None:
    # Two back edges 2->1 and 3->1: one loop {1, 2, 3}, depth 1 (not 2).
    f = cfg([[1], [2, 3], [1], [1, 4], []])
    info = find_loops(f)
    assert info.num_loops == 1
    assert info.loop_latches == [[2, 3]]
    assert info.block_depth == [0, 1, 1, 1, 0]


def test_self_loop() -> None:
    f = cfg([[1], [1, 2], []])
    assert loop_depths(f) == [0, 1, 0]
    assert find_loops(f).loop_latches == [[1]]


def test_irreducible_cycle_is_not_a_loop() -> None:
    f = cfg(IRREDUCIBLE)
    assert immediate_dominators(f) == [0, 0, 0, 2]
    assert loop_depths(f) == [0, 0, 0, 0]
    assert find_loops(f).num_loops == 0


def test_loop_back_to_entry() -> None:
    f = cfg(BACK_TO_ENTRY)
    assert immediate_dominators(f) == [0, 0, 1]
    info = find_loops(f)
    assert info.loop_header == [0]
    assert info.block_depth == [1, 1, 0]


def test_unreachable_block() -> None:
    f = cfg(UNREACHABLE)
    assert postorder(f) == [1, 0]
    assert reachable(f) == [True, True, False]
    assert immediate_dominators(f) == [0, 0, -1]
    dt = DomTree(f)
    assert not dt.is_reachable(2)
    assert dt.dominates(2, 2) and not dt.dominates(0, 2) and not dt.dominates(2, 1)
    assert loop_depths(f) == [0, 0, 0]


def test_unreachable_cycle_has_no_loop() -> None:
    f = cfg([[], [2], [1]])
    assert loop_depths(f) == [0, 0, 0]
    assert immediate_dominators(f) == [0, -1, -1]


def test_deep_chain_without_recursion() -> None:
    n = 20000
    f = cfg([[b + 1] for b in range(n - 1)] + [[0]])
    assert reverse_postorder(f) == list(range(n))
    dt = DomTree(f)
    assert dt.depth[n - 1] == n - 1
    assert dt.dominates(0, n - 1) and not dt.dominates(n - 1, 0)
    assert loop_depths(f) == [1] * n


def test_deep_loop_nest() -> None:
    # Blocks 0..d-1 are nested headers, block d the innermost body, then exits.
    d = 300
    edges: list[list[int]] = [[b + 1] for b in range(d)]
    edges.append([d, d + 1])  # innermost body: a self-loop, else the exit chain
    for k in range(d):
        edges.append([d - 1 - k, d + 2 + k])  # back edge to header d-1-k, or leave it
    edges.append([])
    f = cfg(edges)
    depths = loop_depths(f)
    # Block d is in its own self-loop plus the d enclosing loops.
    assert depths[d] == d + 1
    assert depths[:d] == list(range(1, d + 1))
    # Exit block d+1+k closes loop of header d-1-k, so it sits inside d-1-k.. loops.
    assert depths[d + 1 : 2 * d + 1] == [d - k for k in range(d)]
    assert depths[-1] == 0


def diamond_with_values() -> tuple[Function, list[int]]:
    """0 defines a, b; 1 uses a and passes b; 2 passes a; 3 (param p) uses p."""
    fb = FunctionBuilder()
    a, b, c, p = fb.vreg(INT), fb.vreg(INT), fb.vreg(INT), fb.vreg(INT)
    b0, b1, b2, b3 = (fb.new_block() for _ in range(4))
    fb.start_block(b0)
    fb.op([define(a), define(b)])
    fb.branch([(b1, []), (b2, [])])
    fb.start_block(b1)
    fb.op([define(c), use(a)])
    fb.branch([(b3, [b])])
    fb.start_block(b2)
    fb.branch([(b3, [a])])
    fb.start_block(b3, params=[p])
    fb.ret([use(p)])
    return fb.finish(), [a, b, c, p]


def test_liveness_diamond() -> None:
    f, (a, b, _c, p) = diamond_with_values()
    live_in, live_out = compute_liveness(f)
    assert live_in == [0, bits(a, b), bits(a), 0]
    assert live_out == [bits(a, b), bits(b), bits(a), 0]
    assert not live_in[3] & bits(p)


def test_liveness_loop_carries_value_around() -> None:
    # 0: def x, n -> 1(i=n); 1(i): use i, def j; -> 2; 2 -> {3(j), 4}; 3 -> 1(j); 4: ret use x
    fb = FunctionBuilder()
    x, n, i, j, k = (fb.vreg(INT) for _ in range(5))
    b0, b1, b2, b3, b4 = (fb.new_block() for _ in range(5))
    fb.start_block(b0)
    fb.op([define(x), define(n)])
    fb.branch([(b1, [n])])
    fb.start_block(b1, params=[i])
    fb.op([define(j), use(i)])
    fb.branch([(b2, [])])
    fb.start_block(b2)
    fb.branch([(b3, []), (b4, [])])
    fb.start_block(b3)
    fb.op([define(k), use(j)])
    fb.branch([(b1, [k])])
    fb.start_block(b4)
    fb.ret([use(x)])
    f = fb.finish()
    live_in, live_out = compute_liveness(f)
    assert live_in == [0, bits(x), bits(x, j), bits(x, j), bits(x)]
    assert live_out == [bits(x, n), bits(x, j), bits(x, j), bits(x, k), 0]


def test_liveness_same_instruction_def_does_not_cover_use() -> None:
    # Instruction uses v and defines v (invalid SSA, but liveness must say v is live in).
    fb = FunctionBuilder()
    v = fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(v), use(v)])
    fb.ret()
    live_in, live_out = compute_liveness(fb.finish())
    assert live_in == [bits(v)]
    assert live_out == [0]


def test_liveness_irreducible_and_unreachable() -> None:
    fb = FunctionBuilder()
    v, w = fb.vreg(INT), fb.vreg(INT)
    b0, b1, b2, b3, b4 = (fb.new_block() for _ in range(5))
    fb.start_block(b0)
    fb.op([define(v)])
    fb.branch([(b1, []), (b2, [])])
    fb.start_block(b1)
    fb.branch([(b2, [])])
    fb.start_block(b2)
    fb.branch([(b1, []), (b3, [])])
    fb.start_block(b3)
    fb.ret([use(v)])
    fb.start_block(b4)  # unreachable, uses w which nobody defines
    fb.op([use(w)])
    fb.branch([(b3, [])])
    live_in, live_out = compute_liveness(fb.finish())
    assert live_in == [0, bits(v), bits(v), bits(v), bits(v, w)]
    assert live_out == [bits(v), bits(v), bits(v), 0, bits(v)]


def test_bitset_of() -> None:
    assert bitset_of([]) == 0
    assert bitset_of([3, 0, 3]) == 0b1001
    vs = [5, 700, 1000, 70]
    assert bitset_of(vs) == sum(1 << v for v in vs)
