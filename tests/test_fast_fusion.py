"""The fast allocator's block order, fused blocks and plain-instruction shortcuts."""

from __future__ import annotations

from regalloc.analysis.cfg import postorder
from regalloc.checker import check
from regalloc.cost import cost_of
from regalloc.env import MachineEnv
from regalloc.fast import allocate_fast
from regalloc.fast.allocator import WalkState
from regalloc.fast.edges import Boundaries, block_order
from regalloc.function import Function, FunctionBuilder, define, use
from regalloc.regs import INT, STACK_BASE, preg


def env_with(n: int) -> MachineEnv:
    return MachineEnv(preferred=[[preg(INT, k) for k in range(n)], [], []])


def diamond(branch_reads: bool) -> Function:
    """b0 -> (b1, b2) -> b3, with a value live across every edge and one passed as an argument.

    b0 branches to b1 first; with ``branch_reads`` its branch reads a register.
    """
    fb = FunctionBuilder()
    x, y, z, p = fb.vreg(INT), fb.vreg(INT), fb.vreg(INT), fb.vreg(INT)
    b0, b1, b2, b3 = (fb.new_block() for _ in range(4))
    fb.start_block(b0)
    fb.op([define(x, "reg")])
    fb.op([define(y, "reg")])
    fb.branch([(b1, []), (b2, [])], [use(y, "reg")] if branch_reads else [])
    fb.start_block(b1)
    fb.op([define(z, "reg"), use(x, "reg")])
    fb.branch([(b3, [z])])
    fb.start_block(b2)
    fb.branch([(b3, [y])])
    fb.start_block(b3, [p])
    fb.ret([use(p, "reg"), use(x, "reg")])
    return fb.finish()


def test_postorder_with_successors_reversed_finishes_first_successor_last() -> None:
    func = diamond(branch_reads=False)
    assert postorder(func) == [3, 1, 2, 0]
    assert postorder(func, successors_reversed=True) == [3, 2, 1, 0]


def test_first_successor_is_fused_unless_the_branch_reads_registers() -> None:
    func = diamond(branch_reads=False)
    order, stack_entry = block_order(func)
    assert order == [3, 2, 1, 0]
    bounds = Boundaries(WalkState(func, env_with(4)), order, stack_entry)
    # b1 (b0's first successor, walked just before it) and nothing else: b2 is not
    # b0's first successor, b3 has two predecessors.
    assert bounds.fused == [False, True, False, False]
    reading = diamond(branch_reads=True)
    order, stack_entry = block_order(reading)
    assert stack_entry[1] and stack_entry[2]
    bounds = Boundaries(WalkState(reading, env_with(4)), order, stack_entry)
    assert not any(bounds.fused)


def test_fused_blocks_allocate_correctly_under_pressure() -> None:
    for branch_reads in (False, True):
        func = diamond(branch_reads)
        for n in (2, 3, 4):
            env = env_with(n)
            result = allocate_fast(func, env)
            check(func, env, result)


def chain(length: int) -> Function:
    """Blocks in a straight chain of jumps passing a counter and keeping one value live."""
    fb = FunctionBuilder()
    keep = fb.vreg(INT)
    blocks = [fb.new_block() for _ in range(length)]
    counters = [fb.vreg(INT) for _ in range(length)]
    fb.start_block(blocks[0])
    fb.op([define(keep, "reg")])
    fb.op([define(counters[0], "reg")])
    fb.branch([(blocks[1], [counters[0]])])
    for k in range(1, length):
        fb.start_block(blocks[k], [counters[k]])
        if k + 1 < length:
            nxt = fb.vreg(INT)
            fb.op([define(nxt, "reg"), use(counters[k], "reg")])
            fb.branch([(blocks[k + 1], [nxt])])
    fb.ret([use(counters[-1], "reg"), use(keep, "reg")])
    return fb.finish()


def test_a_chain_is_walked_as_one_piece_without_spilling() -> None:
    """Each block is fused into the one before: values stay in registers throughout."""
    func = chain(8)
    env = env_with(3)
    order, stack_entry = block_order(func)
    bounds = Boundaries(WalkState(func, env), order, stack_entry)
    assert bounds.fused == [False] + [True] * 7
    result = allocate_fast(func, env)
    check(func, env, result)
    report = cost_of(func, env, result)
    assert report.spill_stores == 0 and report.reloads == 0
    assert result.num_spillslots == 0


def test_late_use_dying_in_a_plain_instruction_keeps_its_register_from_a_late_def() -> None:
    """A late use is read at the late point, where a late def writes: they must not share."""
    fb = FunctionBuilder()
    a, b, c = fb.vreg(INT), fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(a, "reg")])
    fb.op([define(b, "reg")])
    # Only "reg" operands: a plain instruction.  ``a`` dies here, read late.
    fb.op([define(c, "reg", "late"), use(a, "reg", "late"), use(b, "reg")])
    fb.ret([use(c, "reg"), use(b, "reg")])
    func = fb.finish()
    env = env_with(5)
    state = WalkState(func, env)
    assert not state.searched[2] and not any(state.special)  # the plain path, not the search
    result = allocate_fast(func, env)
    check(func, env, result)
    lo = func.inst_op_start[2]
    def_reg, late_use_reg = result.allocs[lo], result.allocs[lo + 1]
    assert def_reg < STACK_BASE and late_use_reg < STACK_BASE
    assert def_reg != late_use_reg
