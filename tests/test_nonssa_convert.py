"""The converter's own paths: several mods in one instruction, names repaired after
parameter placement, undefined uses it detects, and its operand and vreg maps."""

from __future__ import annotations

import pytest

from regalloc.api import ALLOCATORS, allocate
from regalloc.checker import check
from regalloc.env import MachineEnv
from regalloc.errors import ValidationError
from regalloc.function import DEF, REUSE, USE, Fixed, FunctionBuilder, define, modify, use
from regalloc.regs import INT, preg
from regalloc.ssa.convert import to_ssa
from regalloc.validate import validate

ALGORITHMS = sorted(ALLOCATORS)
R0, R1, R2 = (preg(INT, i) for i in range(3))


def int_env(n: int = 4) -> MachineEnv:
    env = MachineEnv(preferred=[[preg(INT, i) for i in range(n)], [], []])
    env.check()
    return env


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_two_mods_in_one_instruction_each_get_their_reuse_def(algorithm: str) -> None:
    fb = FunctionBuilder()
    fb.ssa = False
    x, y = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(x, "reg"), define(y, "reg")])
    fb.op([modify(x), modify(y)], mnemonic="xchg")
    fb.op([modify(y)])
    fb.ret([use(x, Fixed(R0)), use(y, Fixed(R1))])
    func = fb.finish()
    env = int_env()
    conv = to_ssa(func)
    f = conv.func
    validate(f, env)
    # Instruction 1 keeps its two operands in place and gains one def per mod, in order.
    assert list(f.inst_operands(1)) == [2, 3, 4, 5]
    assert [f.op_kind[k] for k in range(2, 6)] == [USE, USE, DEF, DEF]
    assert [(f.op_con[k], f.op_arg[k]) for k in (4, 5)] == [(REUSE, 0), (REUSE, 1)]
    assert conv.mod_def_operand == {2: 4, 3: 5, 4: 7}
    assert conv.primary_operand == [0, 1, 2, 3, 6, 8, 9]
    assert conv.orig_operand == [0, 1, 2, 3, 2, 3, 4, 4, 5, 6]
    assert [conv.orig_vreg[v] for v in f.op_vreg] == [0, 1, 0, 1, 0, 1, 1, 1, 0, 1]
    result = allocate(func, env, algorithm)
    check(func, env, result)
    assert result.allocs[5:] == [R0, R1]


def test_loop_header_reading_before_its_redefinition_gets_a_parameter() -> None:
    # i is read at the top of the loop, then redefined; the read needs the header's parameter.
    fb = FunctionBuilder()
    fb.ssa = False
    i = fb.vreg(INT)
    b0, b1, b2 = fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.op([define(i, "reg")])
    fb.branch([(b1, [])])
    fb.start_block(b1)
    fb.op([use(i, "reg")])
    fb.op([define(i, "reg")])
    fb.branch([(b1, []), (b2, [])])
    fb.start_block(b2)
    fb.ret([use(i, Fixed(R0))])
    func = fb.finish()
    env = int_env()
    conv = to_ssa(func)
    f = conv.func
    validate(f, env)
    (param,) = f.params_of(1)
    assert f.op_vreg[1] == param, "the loop's read takes the parameter, not the entry's version"
    redefined = f.op_vreg[2]
    assert redefined not in (0, param) and conv.orig_vreg[redefined] == 0 == conv.orig_vreg[param]
    # The entry passes the first version, the back edge (split: block 3) the redefinition.
    assert f.branch_args(0, 0) == [0]
    assert f.succs_of(1)[0] == 3 and f.branch_args(3, 0) == [redefined]
    assert f.op_vreg[3] == redefined  # the use after the loop
    for algorithm in ALGORITHMS:
        result = allocate(func, env, algorithm)
        check(func, env, result)


def test_converter_reports_a_use_no_definition_reaches() -> None:
    # x is defined on one path into block 2 only; the converter finds the use itself.
    fb = FunctionBuilder()
    fb.ssa = False
    x, y = fb.vreg(INT), fb.vreg(INT)
    b0, b1, b2, b3 = fb.new_block(), fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.op([define(y, "reg")])
    fb.branch([(b1, []), (b2, [])])
    fb.start_block(b1)
    fb.op([define(x, "reg")])
    fb.branch([(b3, [])])
    fb.start_block(b2)
    fb.branch([(b3, [])])
    fb.start_block(b3)
    fb.op([define(x, "reg"), use(x, "reg"), use(y, "reg")])
    fb.ret([use(x, Fixed(R0))])
    with pytest.raises(ValidationError) as info:
        to_ssa(fb.finish())
    assert (info.value.block, info.value.inst, info.value.operand) == (3, 5, 1)
    assert "use of v0 with no reaching definition" in str(info.value)


def test_unchanged_columns_are_shared_and_ssa_vregs_keep_their_numbers() -> None:
    fb = FunctionBuilder()
    fb.ssa = False
    x, y = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(x, "reg")])
    fb.op([define(y, "reg"), use(x, "reg")])
    fb.op([define(x, "reg"), use(y, "reg")])
    fb.ret([use(x, Fixed(R2))])
    func = fb.finish()
    conv = to_ssa(func)
    f = conv.func
    assert f.op_vreg == [0, 1, 0, 2, 1, 2] and conv.fresh == [0]
    assert f.op_kind is func.op_kind and f.op_con is func.op_con
    assert conv.primary_operand == list(range(6)) == conv.orig_operand
    validate(f, int_env())
