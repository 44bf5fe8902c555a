"""ssa_live_in, for all blocks and for a chosen few, against the general liveness analyses."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regalloc.analysis.cfg import DomTree, postorder
from regalloc.analysis.liveness import compute_liveness, sparse_liveness, ssa_live_in
from regalloc.env import MachineEnv
from regalloc.fast.edges import block_order
from regalloc.formats import load_function
from regalloc.function import Function, FunctionBuilder, define, use
from regalloc.fuzz.generator import GenConfig, generate
from regalloc.fuzz.strategy import functions
from regalloc.regs import INT
from shared_paths import SHARED_CORPUS

SMALL_CORPUS = sorted(Path(SHARED_CORPUS, "regalloc2-small").glob("*.json"))


def retreat_targets(func: Function) -> list[bool]:
    """Blocks entered by an edge from a block no later in postorder: loop headers."""
    position = [-1] * func.num_blocks
    for k, b in enumerate(postorder(func)):
        position[b] = k
    flags = [False] * func.num_blocks
    for b in range(func.num_blocks):
        for s in func.succs_of(b):
            if position[b] >= 0 and position[s] >= position[b]:
                flags[s] = True
    return flags


def is_irreducible(func: Function) -> bool:
    """Whether some loop is entered other than through a block dominating it."""
    tree = DomTree(func)
    position = [-1] * func.num_blocks
    for k, b in enumerate(postorder(func)):
        position[b] = k
    for b in range(func.num_blocks):
        for s in func.succs_of(b):
            if position[b] >= 0 and position[s] >= position[b] and not tree.dominates(s, b):
                return True
    return False


def assert_matches_reference(func: Function, wanted: list[bool]) -> None:
    """Both forms of ssa_live_in agree with sparse_liveness and compute_liveness."""
    reference = sparse_liveness(func)[0]
    bitsets = compute_liveness(func)[0]
    every = ssa_live_in(func)
    chosen = ssa_live_in(func, wanted)
    # Given the fast allocator's own search (successors last first), the answer is the same.
    parent = [-1] * func.num_blocks
    searched = postorder(func, successors_reversed=True, parent=parent)
    other = ssa_live_in(func, wanted, (searched, parent))
    assert [sorted(x) for x in other] == [sorted(x) for x in chosen]
    assert len(every) == len(chosen) == func.num_blocks
    for b in range(func.num_blocks):
        assert sorted(every[b]) == reference[b], f"block {b}"
        assert sum(1 << v for v in every[b]) == bitsets[b], f"block {b}"
        if wanted[b]:
            assert len(set(chosen[b])) == len(chosen[b]), f"block {b}"
            assert sorted(chosen[b]) == reference[b], f"block {b}"
        else:
            assert chosen[b] == [], f"block {b}"


def wanted_variants(func: Function) -> list[list[bool]]:
    nb = func.num_blocks
    return [retreat_targets(func), block_order(func)[1], [True] * nb, [False] * nb]


@settings(max_examples=80, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(functions(), st.data())
def test_generated_functions_match_reference(case: tuple[Function, MachineEnv], data: st.DataObject) -> None:
    func, _env = case
    for wanted in wanted_variants(func):
        assert_matches_reference(func, wanted)
    drawn = data.draw(st.lists(st.booleans(), min_size=func.num_blocks, max_size=func.num_blocks))
    assert_matches_reference(func, drawn)


@pytest.mark.parametrize("size", ["small", "medium"])
def test_seeded_functions_match_reference_including_irreducible_ones(size: str) -> None:
    irreducible = 0
    looping = 0
    for seed in range(40):
        func, _env = generate(seed, GenConfig.preset(size))
        looping += any(retreat_targets(func))
        irreducible += is_irreducible(func)
        for wanted in wanted_variants(func):
            assert_matches_reference(func, wanted)
    # The comparison is only worth something if loops, and awkward ones, occur.
    assert looping >= 10
    assert irreducible >= 1


def test_small_corpus_matches_reference() -> None:
    assert SMALL_CORPUS, "corpus regalloc2-small is missing"
    for path in SMALL_CORPUS:
        func, _env = load_function(str(path))
        for wanted in wanted_variants(func):
            assert_matches_reference(func, wanted)


def test_unreachable_wanted_block_is_answered_too() -> None:
    """No dominance there: the answer falls back to following every value."""
    fb = FunctionBuilder()
    x = fb.vreg(INT)
    b0, exit_block, stray, stray_latch = (fb.new_block() for _ in range(4))
    fb.start_block(b0)
    fb.op([define(x)])
    fb.branch([(exit_block, [])])
    fb.start_block(exit_block)
    fb.ret([use(x)])
    fb.start_block(stray)
    fb.op([use(x)])
    fb.branch([(stray_latch, [])])
    fb.start_block(stray_latch)
    fb.branch([(stray, [])])
    func = fb.finish()
    assert ssa_live_in(func, [False, False, True, True]) == [[], [], [x], [x]]
    assert_matches_reference(func, [False, True, True, False])


def test_value_live_around_a_loop_only_through_its_back_edge() -> None:
    """x is used in the loop's first block only, so it is live at the latch
    and, through the latch's back edge, at the inner header: the acyclic pass
    alone would miss it there."""
    fb = FunctionBuilder()
    x, y = fb.vreg(INT), fb.vreg(INT)
    entry, outer, inner, inner_latch, outer_latch, done = (fb.new_block() for _ in range(6))
    fb.start_block(entry)
    fb.op([define(x)])
    fb.branch([(outer, [])])
    fb.start_block(outer)
    fb.op([use(x)])
    fb.branch([(inner, [])])
    fb.start_block(inner)
    fb.op([define(y)])
    fb.branch([(inner_latch, []), (outer_latch, [])])
    fb.start_block(inner_latch)
    fb.branch([(inner, [])])
    fb.start_block(outer_latch)
    fb.branch([(outer, []), (done, [])])
    fb.start_block(done)
    fb.ret([use(y)])
    func = fb.finish()
    wanted = [False, True, True, False, False, False]
    assert ssa_live_in(func, wanted) == [[], [x], [x], [], [], []]
    assert_matches_reference(func, wanted)
