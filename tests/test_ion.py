"""Tests of the ion allocator: corpora, generated functions and targeted cases.

Every allocation is verified by the independent checker.
"""

from __future__ import annotations

import glob
import itertools
from pathlib import Path

import pytest

from regalloc.analysis.liveness import sparse_liveness
from regalloc.api import ALLOCATORS, allocate
from regalloc.checker import check
from regalloc.cost import cost_of
from regalloc.env import MachineEnv
from regalloc.errors import AllocationError
from regalloc.formats import load_function
from regalloc.function import Fixed, Function, FunctionBuilder, Limit, Reuse, define, use
from regalloc.fuzz.generator import GenConfig, generate
from regalloc.ion import allocate_ion, register_reading_branches
from regalloc.ion.liveranges import LiveRanges
from regalloc.ion.merge import merge_bundles
from regalloc.ion.process import Allocator
from regalloc.regs import FLOAT, INT, STACK_BASE, preg
from regalloc.result import AllocationResult
from shared_paths import SHARED_CORPUS

CORPUS = SHARED_CORPUS


def allocate_checked(func: Function, env: MachineEnv, explain: list[str] | None = None) -> AllocationResult:
    result = allocate_ion(func, env, explain)
    check(func, env, result)
    return result


def int_env(n: int) -> MachineEnv:
    return MachineEnv(preferred=[[preg(INT, k) for k in range(n)], [], []])


def test_registered_as_ion() -> None:
    assert ALLOCATORS["ion"] is allocate_ion


def test_small_corpus_allocates_and_verifies() -> None:
    files = sorted(glob.glob(f"{CORPUS}/regalloc2-small/*.json"))
    assert len(files) == 500
    for path in files:
        func, env = load_function(path)
        allocate_checked(func, env)


def test_medium_corpus_sample_allocates_and_verifies() -> None:
    files = sorted(glob.glob(f"{CORPUS}/regalloc2-medium/*.json"))[::20]
    assert files
    for path in files:
        func, env = load_function(path)
        result = allocate_checked(func, env)
        assert result.algorithm == "ion"


@pytest.mark.parametrize("size,seeds", [("small", range(0, 120)), ("medium", range(0, 8))])
def test_generated_functions_allocate_and_verify(size: str, seeds: range) -> None:
    for seed in seeds:
        func, env = generate(seed, GenConfig.preset(size))
        allocate_checked(func, env)


def test_fixed_registers_and_two_fixed_uses_of_one_value() -> None:
    fb = FunctionBuilder()
    x, y = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(x, Fixed(preg(INT, 2)))])
    fb.op([use(x, Fixed(preg(INT, 0))), use(x, Fixed(preg(INT, 1))), define(y, Fixed(preg(INT, 0)))])
    fb.ret([use(x, "reg"), use(y, Fixed(preg(INT, 3)))])
    func = fb.finish()
    result = allocate_checked(func, int_env(4))
    assert result.allocs[1:3] == [preg(INT, 0), preg(INT, 1)]
    assert result.allocs[5] == preg(INT, 3)


def test_reuse_of_a_dying_input_needs_no_move() -> None:
    fb = FunctionBuilder()
    a, b, c = fb.vreg(INT), fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(a, "reg")])
    fb.op([define(b, "reg")])
    fb.op([define(c, Reuse(1)), use(a, "reg"), use(b, "reg")])
    fb.ret([use(c, "reg")])
    func = fb.finish()
    result = allocate_checked(func, int_env(4))
    assert result.edits == []
    assert result.allocs[2] == result.allocs[3]


def test_reuse_of_a_live_input_copies_it() -> None:
    fb = FunctionBuilder()
    a, c = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(a, "reg")])
    fb.op([define(c, Reuse(1)), use(a, Limit(2))])
    fb.ret([use(c, "reg"), use(a, "reg")])
    func = fb.finish()
    result = allocate_checked(func, int_env(4))
    assert result.allocs[1] == result.allocs[2] != result.allocs[4]
    assert result.allocs[1] < preg(INT, 2)
    assert len(result.edits) == 1


def loop_with_call(clobber_all: bool) -> tuple[Function, MachineEnv]:
    """A value defined before a loop, used in it after a call that clobbers registers."""
    env = int_env(4)
    fb = FunctionBuilder()
    x, n, i0, i1, i2 = (fb.vreg(INT) for _ in range(5))
    entry, head, body, done = fb.new_block(), fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(entry)
    fb.op([define(x, "reg")])
    fb.op([define(n, "reg")])
    fb.branch([(head, [n])])
    fb.start_block(head, params=[i0])
    fb.branch([(body, []), (done, [])], operands=[use(i0, "reg")])
    fb.start_block(body)
    clobbers = [preg(INT, k) for k in range(1, 4 if clobber_all else 2)]
    fb.op([define(i1, Fixed(preg(INT, 0))), use(i0, Fixed(preg(INT, 0)))], clobbers=clobbers, mnemonic="call")
    fb.op([define(i2, "reg"), use(i1, "reg"), use(x, "reg")])
    fb.branch([(head, [i2])])
    fb.start_block(done)
    fb.ret([use(x, "reg")])
    return fb.finish(), env


def test_value_live_across_a_call_in_a_loop_avoids_clobbered_registers() -> None:
    func, env = loop_with_call(clobber_all=False)
    result = allocate_checked(func, env)
    # int:2 and int:3 survive the call: x stays in one of them, nothing is spilled.
    assert result.allocs[func.inst_op_start[5] + 2] in (preg(INT, 2), preg(INT, 3))
    assert not any(dst >= STACK_BASE for _p, _k, _s, dst in result.edits)


def test_value_live_across_a_call_clobbering_everything_is_spilled_around_it() -> None:
    func, env = loop_with_call(clobber_all=True)
    call = 4
    result = allocate_checked(func, env)
    stores = [e for e in result.edits if e[3] >= STACK_BASE]
    reloads_after_call = [e for e in result.edits if e[2] >= STACK_BASE and e[0] > 2 * call]
    assert stores and reloads_after_call
    assert result.num_spillslots >= 1


def test_register_use_of_a_value_living_past_a_fixed_use_and_a_clobber_reads_a_copy() -> None:
    # Two registers: the fixed use takes r0 at the early point and the clobber r1 at the
    # late one, so x (read in a register, live afterwards) has no register free across
    # the instruction: it waits on the stack and the operand reads a copy in r1.
    fb = FunctionBuilder()
    x, y = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(x, "any")])
    fb.op([define(y, "any")])
    fb.op([use(x, "reg"), use(y, Fixed(preg(INT, 0)))], clobbers=[preg(INT, 1)])
    fb.ret([use(x, "any")])
    func = fb.finish()
    result = allocate_checked(func, int_env(2))
    assert result.allocs[func.inst_op_start[2]] == preg(INT, 1)


def test_hot_loop_value_keeps_its_register_and_cold_value_is_spilled() -> None:
    env = int_env(3)
    fb = FunctionBuilder()
    cold, hot, t0, t1, t2, t3 = (fb.vreg(INT) for _ in range(6))
    entry, loop, done = fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(entry)
    fb.op([define(cold, "reg")])
    fb.op([define(hot, "reg")])
    fb.branch([(loop, [])])
    fb.start_block(loop)
    fb.op([define(t0, "reg"), use(hot, "reg")])
    fb.op([define(t1, "reg"), use(t0, "reg"), use(hot, "reg")])
    fb.op([define(t2, "reg"), use(t1, "reg"), use(hot, "reg")])
    fb.op([define(t3, "reg"), use(t2, "reg"), use(t1, "reg")])
    fb.branch([(loop, []), (done, [])], operands=[use(t3, "reg")])
    fb.start_block(done)
    fb.ret([use(cold, "reg"), use(hot, "reg")])
    func = fb.finish()
    result = allocate_checked(func, env)
    loop_points = range(2 * func.block_inst_start[loop], 2 * func.block_inst_end[loop])
    assert not [e for e in result.edits if e[0] in loop_points]
    report = cost_of(func, env, result)
    assert report.weighted_cost <= 4  # one store and one reload of the cold value, outside the loop


def test_debug_locations_cover_labelled_ranges() -> None:
    fb = FunctionBuilder()
    x, y = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(x, "reg")])
    fb.op([define(y, "reg"), use(x, "reg")], clobbers=[preg(INT, 0), preg(INT, 1)])
    fb.op([use(x, "reg"), use(y, "reg")])
    fb.ret([])
    fb.debug_labels = [(x, 0, 3, 7), (y, 1, 4, 3)]
    func = fb.finish()
    result = allocate_checked(func, int_env(3))
    labels = [d[0] for d in result.debug_locations]
    assert labels == sorted(labels) and set(labels) == {3, 7}
    x_ranges = [d for d in result.debug_locations if d[0] == 7]
    assert x_ranges[0][1] == 1 and x_ranges[-1][2] == 5
    for prev, nxt in itertools.pairwise(x_ranges):
        assert prev[2] <= nxt[1]


def test_explain_lists_decisions() -> None:
    func, env = loop_with_call(clobber_all=True)
    lines: list[str] = []
    allocate_checked(func, env, lines)
    text = "\n".join(lines)
    assert "bundle" in text and "->" in text
    assert "split" in text or "spilled" in text


def test_float_class_and_api_entry_point() -> None:
    fb = FunctionBuilder()
    f, g = fb.vreg(FLOAT), fb.vreg(FLOAT)
    fb.start_block(fb.new_block())
    fb.op([define(f, Fixed(preg(FLOAT, 1)))])
    fb.op([define(g, "reg"), use(f, "reg")])
    fb.ret([use(g, Fixed(preg(FLOAT, 0)))])
    func = fb.finish()
    env = MachineEnv(preferred=[[], [preg(FLOAT, 0), preg(FLOAT, 1)], []])
    result = allocate(func, env)
    check(func, env, result)
    assert result.algorithm == "ion"


def test_conflicting_fixed_registers_raise_allocation_error() -> None:
    fb = FunctionBuilder()
    x, y = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(x, "reg")])
    fb.op([define(y, "reg")])
    fb.ret([use(x, Fixed(preg(INT, 0))), use(y, Fixed(preg(INT, 0)))])
    with pytest.raises(AllocationError, match="inst 2"):
        allocate_ion(fb.finish(), int_env(2))


def test_branch_operands_read_before_edge_moves_are_kept_safe() -> None:
    """A branch with one successor runs after that edge's moves, which may fill
    the registers its operands were in; with two registers there is no slack."""
    fb = FunctionBuilder()
    x, y, p = fb.vreg(INT), fb.vreg(INT), fb.vreg(INT)
    entry, left, right, join = fb.new_block(), fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(entry)
    fb.op([define(x, "reg")])
    fb.op([define(y, "reg")])
    fb.branch([(left, []), (right, [])], operands=[use(x, "reg")])
    fb.start_block(left)
    fb.branch([(join, [y])], operands=[use(x, Fixed(preg(INT, 0))), use(y, "reg")])
    fb.start_block(right)
    fb.branch([(join, [x])], operands=[use(y, Limit(2))])
    fb.start_block(join, params=[p])
    fb.ret([use(p, Fixed(preg(INT, 1))), use(x, "reg"), use(y, "any")])
    func = fb.finish()
    result = allocate_checked(func, int_env(2))
    assert result.allocs[func.inst_op_start[3]] == preg(INT, 0)


def test_register_reading_branches_into_parameters_are_guessed_up_front() -> None:
    fb = FunctionBuilder()
    x, y, p = fb.vreg(INT), fb.vreg(INT), fb.vreg(INT)
    entry, body, join = fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(entry)
    fb.op([define(x, "reg")])
    fb.branch([(body, [])])
    fb.start_block(body)
    fb.op([define(y, "reg")])
    fb.branch([(join, [y])], operands=[use(x, "reg")])
    fb.start_block(join, params=[p])
    fb.ret([use(p, "reg"), use(x, "any")])
    func = fb.finish()
    # The entry's branch has no operands and its successor no parameters: not guessed.
    assert register_reading_branches(func) == frozenset({func.block_inst_end[1] - 1})
    allocate_checked(func, int_env(2))


def test_guessed_branches_that_leave_no_register_fall_back_to_plain_allocation() -> None:
    # In this shipped function, keeping the guessed branches' values apart leaves an
    # instruction without a register; allocate_ion then allocates without the guess.
    func, env = load_function(str(Path(__file__).parent.parent / "corpus" / "remat-medium" / "f00092.json"))
    guessed = register_reading_branches(func)
    assert guessed
    lr = LiveRanges(func, env, guessed, sparse_liveness(func))
    with pytest.raises(AllocationError):
        Allocator(lr, merge_bundles(lr), None).run()
    allocate_checked(func, env)
