"""The analyses agree with naive definitions on random CFGs and random functions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from regalloc.analysis.cfg import DomTree, immediate_dominators, postorder, reachable, reverse_postorder
from regalloc.analysis.liveness import compute_liveness
from regalloc.analysis.loops import find_loops
from regalloc.function import Function, FunctionBuilder, Operand, define, use
from regalloc.regs import INT

NUM_VREGS = 6


@st.composite
def random_functions(draw: st.DrawFn) -> Function:
    """Arbitrary CFG shapes (irreducible, unreachable, self-loops) with random uses and defs."""
    n = draw(st.integers(1, 9))
    succs = [draw(st.lists(st.integers(0, n - 1), max_size=3)) for _ in range(n)]
    params = [draw(st.lists(st.integers(0, NUM_VREGS - 1), max_size=2, unique=True)) for _ in range(n)]
    entry = draw(st.integers(0, n - 1))
    fb = FunctionBuilder()
    fb.ssa = False
    for _ in range(NUM_VREGS):
        fb.vreg(INT)
    vreg = st.integers(0, NUM_VREGS - 1)
    blocks = [fb.new_block() for _ in range(n)]
    for b in blocks:
        fb.start_block(b, params=params[b])
        for _ in range(draw(st.integers(0, 3))):
            ops: list[Operand] = [use(v) for v in draw(st.lists(vreg, max_size=2))]
            ops += [define(v) for v in draw(st.lists(vreg, max_size=2, unique=True))]
            fb.op(ops)
        if succs[b]:
            edges = [(s, [draw(vreg) for _ in params[s]]) for s in succs[b]]
            fb.branch(edges, operands=[use(v) for v in draw(st.lists(vreg, max_size=1))])
        else:
            fb.ret([use(v) for v in draw(st.lists(vreg, max_size=1))])
    return fb.finish(entry)


def naive_reachable(func: Function, removed: int = -1) -> list[bool]:
    seen = [False] * func.num_blocks
    if func.entry == removed:
        return seen
    seen[func.entry] = True
    work = [func.entry]
    while work:
        b = work.pop()
        for s in func.succs_of(b):
            if s != removed and not seen[s]:
                seen[s] = True
                work.append(s)
    return seen


def naive_dominates(func: Function, a: int, b: int) -> bool:
    """``a`` dominates reachable ``b`` iff ``b`` is unreachable once ``a`` is removed."""
    return a == b or not naive_reachable(func, removed=a)[b]


@settings(max_examples=300, deadline=None)
@given(random_functions())
def test_orders_and_dominators(func: Function) -> None:
    reach = naive_reachable(func)
    assert reachable(func) == reach
    po = postorder(func)
    assert sorted(po) == [b for b in range(func.num_blocks) if reach[b]]
    assert po[-1] == func.entry and reverse_postorder(func) == po[::-1]
    dt = DomTree(func)
    idom = immediate_dominators(func)
    for b in range(func.num_blocks):
        if not reach[b]:
            assert idom[b] == -1 and not dt.is_reachable(b)
            continue
        for a in range(func.num_blocks):
            if reach[a]:
                assert dt.dominates(a, b) == naive_dominates(func, a, b), (a, b)
        if b == func.entry:
            assert idom[b] == b
        else:
            strict = [a for a in range(func.num_blocks) if a != b and reach[a] and naive_dominates(func, a, b)]
            # The immediate dominator is the strict dominator dominated by all the others.
            closest = [a for a in strict if all(naive_dominates(func, other, a) for other in strict)]
            assert [idom[b]] == closest


def naive_loop_depths(func: Function) -> list[int]:
    reach = naive_reachable(func)
    bodies: dict[int, set[int]] = {}
    for t in range(func.num_blocks):
        if not reach[t]:
            continue
        for h in func.succs_of(t):
            if naive_dominates(func, h, t):
                body = bodies.setdefault(h, {h})
                work = [t]
                while work:
                    x = work.pop()
                    if x in body:
                        continue
                    body.add(x)
                    work.extend(p for p in func.preds_of(x) if reach[p])
    return [sum(1 for body in bodies.values() if b in body) for b in range(func.num_blocks)]


@settings(max_examples=300, deadline=None)
@given(random_functions())
def test_loops(func: Function) -> None:
    info = find_loops(func)
    assert info.block_depth == naive_loop_depths(func)
    for loop in range(info.num_loops):
        header = info.loop_header[loop]
        assert info.header_loop[header] == loop
        assert info.loop_contains(loop, header)
        parent = info.loop_parent[loop]
        if parent >= 0:
            assert parent > loop
            assert set(info.loop_blocks(loop)) < set(info.loop_blocks(parent))
        for latch in info.loop_latches[loop]:
            assert header in func.succs_of(latch) and info.loop_contains(loop, latch)


def naive_liveness(func: Function) -> tuple[list[set[int]], list[set[int]]]:
    nb = func.num_blocks
    live_in: list[set[int]] = [set() for _ in range(nb)]
    live_out: list[set[int]] = [set() for _ in range(nb)]
    changed = True
    while changed:
        changed = False
        for b in range(nb):
            out: set[int] = set()
            for j, s in enumerate(func.succs_of(b)):
                out |= live_in[s] | set(func.branch_args(b, j))
            live = set(out)
            for i in reversed(func.block_insts(b)):
                ops = [func.operand(o) for o in func.inst_operands(i)]
                live -= {o.vreg for o in ops if o.kind != 0}
                live |= {o.vreg for o in ops if o.kind != 1}
            live -= set(func.params_of(b))
            if out != live_out[b] or live != live_in[b]:
                live_out[b], live_in[b] = out, live
                changed = True
    return live_in, live_out


def as_set(bits: int) -> set[int]:
    return {v for v in range(bits.bit_length()) if (bits >> v) & 1}


@settings(max_examples=300, deadline=None)
@given(random_functions())
def test_liveness(func: Function) -> None:
    live_in, live_out = compute_liveness(func)
    want_in, want_out = naive_liveness(func)
    assert [as_set(x) for x in live_in] == want_in
    assert [as_set(x) for x in live_out] == want_out
