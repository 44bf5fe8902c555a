"""The fast allocator: corpora, one test per constraint kind, impossible input, slot sharing."""

from __future__ import annotations

from pathlib import Path

import pytest

from regalloc.checker import check
from regalloc.env import MachineEnv
from regalloc.errors import AllocationError
from regalloc.fast import allocate_fast
from regalloc.formats import load_function
from regalloc.function import Fixed, Function, FunctionBuilder, Limit, Reuse, define, fixed_def, fixed_use, use
from regalloc.regs import FLOAT, INT, STACK_BASE, VECTOR, preg
from regalloc.result import AllocationResult
from regalloc.validate import validate
from shared_paths import SHARED_CORPUS

CORPUS = Path(SHARED_CORPUS)


def allocate_checked(func: Function, env: MachineEnv) -> AllocationResult:
    validate(func, env)
    result = allocate_fast(func, env)
    check(func, env, result)
    return result


def small_env(n: int = 3, *, scratch: bool = False, vector_size: int = 1) -> MachineEnv:
    """``n`` registers per class, int:40/int:41 as fixed stack, int:63 reserved."""
    return MachineEnv(
        preferred=[[preg(c, k) for k in range(n)] for c in (INT, FLOAT, VECTOR)],
        scratch=[preg(INT, 30) if scratch else -1, -1, -1],
        fixed_stack=[preg(INT, 40), preg(INT, 41)],
        spillslot_size=[1, 1, vector_size],
    )


# Corpora ---------------------------------------------------------------------------


def corpus_files(name: str, step: int) -> list[Path]:
    files = sorted((CORPUS / name).glob("*.json"))
    assert files, f"corpus {name} is missing"
    return files[::step]


@pytest.mark.parametrize("path", corpus_files("regalloc2-small", 1), ids=lambda p: p.stem)
def test_small_corpus_verifies(path: Path) -> None:
    func, env = load_function(str(path))
    result = allocate_checked(func, env)
    assert result.algorithm == "fast"


@pytest.mark.parametrize("path", corpus_files("regalloc2-medium", 10) + corpus_files("regalloc2-large", 25),
                         ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_medium_and_large_sample_verifies(path: Path) -> None:
    func, env = load_function(str(path))
    result = allocate_checked(func, env)
    # Shared slots: never more than one per vreg (regalloc2's fastalloc figure), in practice far fewer.
    assert result.num_spillslots < func.num_vregs


# Constraint kinds --------------------------------------------------------------------


def test_fixed_uses_and_defs_early_and_late() -> None:
    fb = FunctionBuilder()
    a, b, c, d = (fb.vreg(INT) for _ in range(4))
    fb.start_block(fb.new_block())
    fb.op([define(a, Fixed(preg(INT, 0))), define(b, Fixed(preg(INT, 1)), pos="early")])
    fb.op([define(c, Fixed(preg(INT, 0))), use(a, Fixed(preg(INT, 1)), pos="late"), use(b, Fixed(preg(INT, 2)))])
    fb.op([define(d, "reg"), use(c, Fixed(preg(INT, 2))), use(a, "reg")])
    fb.ret([use(d, Fixed(preg(INT, 0))), use(b, "any")])
    func = fb.finish()
    result = allocate_checked(func, small_env())
    assert result.allocs[func.inst_op_start[1]] == preg(INT, 0)


def test_same_vreg_in_two_fixed_registers_and_reg() -> None:
    fb = FunctionBuilder()
    a = fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(a, "reg")])
    fb.op([use(a, Fixed(preg(INT, 0))), use(a, Fixed(preg(INT, 1))), use(a, "reg"), use(a, "any")])
    fb.ret([use(a, Fixed(preg(INT, 2)))])
    func = fb.finish()
    result = allocate_checked(func, small_env())
    allocs = result.allocs[func.inst_op_start[1] : func.inst_op_start[2]]
    assert allocs[0] == preg(INT, 0) and allocs[1] == preg(INT, 1)


def test_fixed_stack_locations_are_memory() -> None:
    fb = FunctionBuilder()
    a, b, c = fb.vreg(INT), fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(a, Fixed(preg(INT, 40)))])  # an incoming stack argument
    fb.op([define(b, "stack"), use(a, "reg")])
    fb.op([define(c, "reg"), use(b, Fixed(preg(INT, 41))), use(a, Fixed(preg(INT, 40)))])
    fb.ret([use(c, "reg")])
    func = fb.finish()
    env = small_env()
    result = allocate_checked(func, env)
    for _p, _k, src, dst in result.edits:
        assert not (env.is_fixed_stack(src) or src >= STACK_BASE) or not (env.is_fixed_stack(dst) or dst >= STACK_BASE)


def test_reuse_stack_limit_and_any() -> None:
    fb = FunctionBuilder()
    a, b, c, d, e = (fb.vreg(INT) for _ in range(5))
    fb.start_block(fb.new_block())
    fb.op([define(a, "reg"), define(b, "stack")])
    fb.op([define(c, Reuse(1)), use(a, "reg"), use(b, "stack")])
    fb.op([define(d, Limit(1)), use(c, Limit(2)), use(a, "any")])
    fb.op([define(e, "any"), use(d, "reg"), use(b, "any")])
    fb.ret([use(e, "reg"), use(c, "any")])
    func = fb.finish()
    result = allocate_checked(func, small_env())
    ops = func.inst_op_start
    assert result.allocs[ops[1]] == result.allocs[ops[1] + 1]  # reuse shares the register
    assert result.allocs[ops[0] + 1] >= STACK_BASE  # stack def
    assert result.allocs[ops[2]] == preg(INT, 0)  # limit 1


def test_clobbers_and_vregless_operands_move_live_values() -> None:
    fb = FunctionBuilder()
    a, b, r = fb.vreg(INT), fb.vreg(FLOAT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(a, "reg"), define(b, "reg")])
    call_clobbers = [preg(INT, 1), preg(INT, 2)] + [preg(FLOAT, k) for k in range(3)]
    fb.op([define(r, Fixed(preg(INT, 0))), fixed_use(preg(INT, 63)), fixed_def(preg(INT, 62))], clobbers=call_clobbers)
    fb.ret([use(a, "reg"), use(b, "reg"), use(r, "reg")])
    func = fb.finish()
    result = allocate_checked(func, small_env())
    assert result.num_spillslots >= 1  # every float register is clobbered


def test_all_classes_and_multi_slot_vectors_are_aligned() -> None:
    fb = FunctionBuilder()
    env = small_env(2, vector_size=2)
    ints = [fb.vreg(INT) for _ in range(4)]
    vecs = [fb.vreg(VECTOR) for _ in range(4)]
    floats = [fb.vreg(FLOAT) for _ in range(3)]
    fb.start_block(fb.new_block())
    for v in ints + vecs + floats:
        fb.op([define(v, "reg")])
    fb.op([use(v, "reg") for v in vecs[:2]] + [use(v, "reg") for v in ints[:2]])
    fb.ret([use(v, "any") for v in ints + vecs + floats])
    func = fb.finish()
    result = allocate_checked(func, env)
    vector_slots = {
        a for o, a in enumerate(result.allocs) if a >= STACK_BASE and func.vreg_class[func.op_vreg[o]] == VECTOR
    }
    assert vector_slots and all((a - STACK_BASE) % 2 == 0 for a in vector_slots)


@pytest.mark.parametrize("scratch", [False, True])
def test_loop_with_swapped_block_params(scratch: bool) -> None:
    """Parameters passed around a loop in swapped order need a cycle broken."""
    fb = FunctionBuilder()
    x0, y0, x, y, t = (fb.vreg(INT) for _ in range(5))
    entry, head, latch, exit_ = fb.new_block(), fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(entry)
    fb.op([define(x0, "reg"), define(y0, "reg")])
    fb.branch([(head, [x0, y0])])
    fb.start_block(head, params=[x, y])
    fb.op([define(t, "reg"), use(x, "reg"), use(y, "reg")])
    fb.branch([(latch, []), (exit_, [])], operands=[use(t, "reg")])
    fb.start_block(latch)
    fb.branch([(head, [y, x])])
    fb.start_block(exit_)
    fb.ret([use(x, Fixed(preg(INT, 0))), use(y, Fixed(preg(INT, 1)))])
    func = fb.finish()
    allocate_checked(func, small_env(3, scratch=scratch))


def test_values_cross_forward_edges_in_registers() -> None:
    """Diamond: a value defined before it and used after it needs no spill at all."""
    fb = FunctionBuilder()
    a, b, c, m = (fb.vreg(INT) for _ in range(4))
    b0, b1, b2, b3 = (fb.new_block() for _ in range(4))
    fb.start_block(b0)
    fb.op([define(a, "reg")])
    fb.branch([(b1, []), (b2, [])])
    fb.start_block(b1)
    fb.op([define(b, "reg"), use(a, "reg")])
    fb.branch([(b3, [b])])
    fb.start_block(b2)
    fb.op([define(c, "reg")])
    fb.branch([(b3, [c])])
    fb.start_block(b3, params=[m])
    fb.ret([use(m, "reg"), use(a, "reg")])
    func = fb.finish()
    result = allocate_checked(func, small_env())
    assert result.num_spillslots == 0
    assert all(src < STACK_BASE and dst < STACK_BASE for _p, _k, src, dst in result.edits)


def test_spill_slots_are_shared_between_disjoint_values() -> None:
    """Ten values spilled one after another around a call need far fewer than ten slots."""
    fb = FunctionBuilder()
    env = small_env(2)
    clobber_all = [preg(INT, 0), preg(INT, 1)]
    fb.start_block(fb.new_block())
    for _ in range(10):
        v = fb.vreg(INT)
        fb.op([define(v, "reg")])
        fb.op([], clobbers=clobber_all)  # v must survive this in a slot
        fb.op([use(v, "reg")])
    fb.ret()
    func = fb.finish()
    result = allocate_checked(func, env)
    assert 1 <= result.num_spillslots <= 2


# Impossible input -----------------------------------------------------------------------


def test_impossible_but_valid_constraints_raise_naming_the_instruction() -> None:
    """Two different values both limited to register index 0 at once: valid, not allocatable."""
    fb = FunctionBuilder()
    a, b = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(a, "reg"), define(b, "reg")])
    fb.op([use(a, Limit(1)), use(b, Limit(1))])
    fb.ret()
    func = fb.finish()
    env = small_env()
    validate(func, env)
    with pytest.raises(AllocationError, match=r"inst 1, operand \d") as info:
        allocate_fast(func, env)
    assert info.value.inst == 1
