"""Tests of the parallel-move resolver, by simulating its output on a concrete state."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regalloc.env import MachineEnv
from regalloc.errors import AllocationError
from regalloc.moves import is_stack_location, resolve_parallel_moves
from regalloc.regs import FLOAT, INT, STACK_BASE, preg, stack_alloc

SCRATCH = preg(INT, 15)
FREE_REG = preg(INT, 14)
BYSTANDER = preg(INT, 13)  # allocatable, holds a live value, in no move
FIXED_STACK = preg(INT, 40)
TEMP_SLOTS = (stack_alloc(100), stack_alloc(101))


def temp_slot(cls: int, which: int) -> int:
    return TEMP_SLOTS[which]


def make_env(regs: list[int], scratch: bool) -> MachineEnv:
    int_regs = sorted({r for r in regs if r >> 6 == INT} | {BYSTANDER, FREE_REG})
    float_regs = sorted({r for r in regs if r >> 6 == FLOAT})
    return MachineEnv(
        preferred=[int_regs, float_regs, []],
        scratch=[SCRATCH if scratch else -1, -1, -1],
        fixed_stack=[FIXED_STACK],
    )


def location_class(loc: int, stack_class: dict[int, int]) -> int:
    return stack_class.get(loc, INT) if loc >= STACK_BASE or loc == FIXED_STACK else loc >> 6


def check_sequence(
    moves: list[tuple[int, int, int]],
    seq: list[tuple[int, int]],
    env: MachineEnv,
    clobberable: set[int],
) -> None:
    """Simulate ``seq``; compare with the parallel semantics of ``moves``."""
    state: dict[int, tuple[int, int]] = {}  # location -> (original location, value class)
    classes: dict[int, int] = {}
    for src, _dst, cls in moves:
        classes[src] = cls
    for src, dst, _cls in moves:
        for loc in (src, dst):
            if loc not in state:
                state[loc] = (loc, classes.get(loc, loc >> 6 if loc < STACK_BASE else INT))
    for cls in range(3):
        for loc in env.allocatable(cls):
            state.setdefault(loc, (loc, cls))
    initial = dict(state)
    for src, dst in seq:
        assert not (is_stack_location(src, env) and is_stack_location(dst, env)), (src, dst, seq)
        assert src != dst
        assert src in state, f"move reads undefined location {src} in {seq}"
        value = state[src]
        if dst < STACK_BASE and not is_stack_location(dst, env):
            assert dst >> 6 == value[1], f"value of class {value[1]} moved into register {dst}"
        state[dst] = value
    expected = dict(initial)
    for src, dst, _cls in moves:
        expected[dst] = initial[src]
    dsts = {d for _, d, _ in moves}
    for loc, value in expected.items():
        if loc in clobberable and loc not in dsts:
            continue
        assert state.get(loc) == value, f"{loc}: got {state.get(loc)}, want {value}; moves {moves} -> {seq}"
    for loc in state:
        if loc not in expected:
            assert loc in clobberable, f"resolver wrote {loc}, which it may not touch: {seq}"


def has_cycle(moves: list[tuple[int, int, int]]) -> bool:
    src_of = {d: s for s, d, _ in moves if s != d}
    for start in src_of:
        seen = set()
        loc = start
        while loc in src_of and loc not in seen:
            seen.add(loc)
            loc = src_of[loc]
        if loc == start:
            return True
    return False


def stack_to_stack_count(moves: list[tuple[int, int, int]], env: MachineEnv) -> int:
    return sum(1 for s, d, _ in moves if s != d and is_stack_location(s, env) and is_stack_location(d, env))


def location_sets(n: int) -> list[list[int]]:
    """Every mix of registers and stack locations for ``n`` locations."""
    out = []
    for kinds in itertools.product((0, 1, 2), repeat=n):
        if 2 in kinds and kinds.count(2) > 1:
            continue  # at most one fixed-stack preg (there is one in the env)
        locs = []
        for i, k in enumerate(kinds):
            locs.append(preg(INT, i) if k == 0 else stack_alloc(i) if k == 1 else FIXED_STACK)
        out.append(locs)
    return out


def functional_graphs(n: int) -> list[list[int]]:
    """For each location, the index of its source, or -1 for no incoming move."""
    return [list(g) for g in itertools.product(range(-1, n), repeat=n)]


def run_case(locs: list[int], graph: list[int], mode: str) -> None:
    moves = [(locs[s], locs[d], INT) for d, s in enumerate(graph) if s >= 0]
    env = make_env([loc for loc in locs if loc < STACK_BASE and loc != FIXED_STACK], scratch=mode == "scratch")
    free = 1 << FREE_REG if mode == "free" else 0
    slots = temp_slot if mode in ("free", "slot", "scratch") else None
    clobberable = {SCRATCH, FREE_REG} if mode != "slot" else {SCRATCH}
    clobberable |= set(TEMP_SLOTS)
    needs_temp = has_cycle(moves) or stack_to_stack_count(moves, env) > 0
    if mode == "none" and needs_temp:
        # No scratch, no free register, no temporary slot: only a dead destination can help.
        try:
            seq = resolve_parallel_moves(moves, env, free, slots)
        except AllocationError:
            return
    else:
        seq = resolve_parallel_moves(moves, env, free, slots)
    check_sequence(moves, seq, env, clobberable)
    nontrivial = sum(1 for s, d, _ in moves if s != d)
    if not needs_temp:
        assert len(seq) == nontrivial, "no cycle and no stack-to-stack move: one move each"
        assert all(SCRATCH not in m and FREE_REG not in m for m in seq)
        assert all(t not in m for m in seq for t in TEMP_SLOTS)
    if mode == "scratch" and has_cycle(moves) and stack_to_stack_count(moves, env) == 0:
        assert any(SCRATCH in m for m in seq)


@pytest.mark.parametrize("mode", ["scratch", "free", "slot", "none"])
@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_exhaustive_small(n: int, mode: str) -> None:
    graphs = functional_graphs(n)
    for locs in location_sets(n):
        for graph in graphs:
            run_case(locs, graph, mode)


@pytest.mark.parametrize("mode", ["scratch", "slot"])
def test_exhaustive_five_locations(mode: str) -> None:
    mixes = [
        [preg(INT, i) for i in range(5)],
        [stack_alloc(i) for i in range(5)],
        [preg(INT, 0), stack_alloc(1), preg(INT, 2), stack_alloc(3), FIXED_STACK],
    ]
    for locs in mixes:
        for graph in functional_graphs(5):
            run_case(locs, graph, mode)


def test_scratch_only_for_cycles() -> None:
    env = make_env([preg(INT, 0), preg(INT, 1), preg(INT, 2)], scratch=True)
    r0, r1, r2 = preg(INT, 0), preg(INT, 1), preg(INT, 2)
    chain = [(r0, r1, INT), (r1, r2, INT)]
    assert resolve_parallel_moves(chain, env) == [(r1, r2), (r0, r1)]
    rotation = [(r0, r1, INT), (r1, r2, INT), (r2, r0, INT)]
    seq = resolve_parallel_moves(rotation, env)
    assert len(seq) == 4 and sum(SCRATCH in m for m in seq) == 2


def test_self_moves_dropped_and_duplicates_rejected() -> None:
    env = make_env([preg(INT, 0), preg(INT, 1)], scratch=False)
    r0, r1 = preg(INT, 0), preg(INT, 1)
    assert resolve_parallel_moves([(r0, r0, INT)], env) == []
    assert resolve_parallel_moves([(r0, r1, INT), (r0, r1, INT)], env) == [(r0, r1)]
    with pytest.raises(AllocationError, match="twice"):
        resolve_parallel_moves([(r0, stack_alloc(0), INT), (r1, stack_alloc(0), INT)], env)


def test_register_swap_without_any_temporary_fails_cleanly() -> None:
    env = MachineEnv(preferred=[[preg(INT, 0), preg(INT, 1)], [], []])
    r0, r1 = preg(INT, 0), preg(INT, 1)
    with pytest.raises(AllocationError, match="temporary stack slot"):
        resolve_parallel_moves([(r0, r1, INT), (r1, r0, INT)], env)


def test_stack_swap_with_only_borrowed_register() -> None:
    env = MachineEnv(preferred=[[BYSTANDER], [], []])
    s0, s1 = stack_alloc(0), stack_alloc(1)
    moves = [(s0, s1, INT), (s1, s0, INT)]
    seq = resolve_parallel_moves(moves, env, 0, temp_slot)
    check_sequence(moves, seq, env, set(TEMP_SLOTS))


def random_moves(rng: random.Random, n: int) -> tuple[list[tuple[int, int, int]], dict[int, int]]:
    """Random moves over int/float registers and shared stack slots (slots hold either class)."""
    locs = [preg(INT, i) for i in range(n)] + [preg(FLOAT, i) for i in range(n)]
    locs += [stack_alloc(i) for i in range(n)] + [FIXED_STACK]
    value_class = {loc: (loc >> 6 if loc < STACK_BASE and loc != FIXED_STACK else rng.choice((INT, FLOAT)))
                   for loc in locs}
    moves: list[tuple[int, int, int]] = []
    for dst in locs:
        if rng.random() < 0.4:
            continue
        dst_is_reg = dst < STACK_BASE and dst != FIXED_STACK
        choices = [s for s in locs if not dst_is_reg or value_class[s] == dst >> 6]
        src = rng.choice(choices)
        moves.append((src, dst, value_class[src]))
    return moves, value_class


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 8), mode=st.sampled_from(["scratch", "free", "slot"]))
def test_random_mixed_classes(seed: int, n: int, mode: str) -> None:
    rng = random.Random(seed)
    moves, _ = random_moves(rng, n)
    regs = [preg(INT, i) for i in range(n)] + [preg(FLOAT, i) for i in range(n)]
    env = make_env(regs, scratch=mode == "scratch")
    env.scratch[FLOAT] = preg(FLOAT, 15) if mode == "scratch" else -1
    env.refresh()
    free = (1 << FREE_REG) | (1 << preg(FLOAT, 14)) if mode == "free" else 0
    if mode == "free":
        env.preferred[FLOAT].append(preg(FLOAT, 14))
        env.refresh()
    seq = resolve_parallel_moves(moves, env, free, temp_slot)
    clobberable = {SCRATCH, preg(FLOAT, 15), *TEMP_SLOTS}
    if mode == "free":
        clobberable |= {FREE_REG, preg(FLOAT, 14)}
    check_sequence(moves, seq, env, clobberable)
