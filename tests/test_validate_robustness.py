"""Validation never fails with anything but a library error, however the input is corrupted."""

from __future__ import annotations

import random

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from regalloc.env import MachineEnv
from regalloc.errors import RegallocError
from regalloc.function import Fixed, Function, FunctionBuilder, Limit, Reuse, define, fixed_use, use
from regalloc.regs import FLOAT, INT, preg
from regalloc.validate import validate

ENV = MachineEnv(
    preferred=[[preg(INT, r) for r in range(4)], [preg(FLOAT, 0), preg(FLOAT, 1)], []],
    scratch=[preg(INT, 9), -1, -1],
    fixed_stack=[preg(INT, 32)],
)

COLUMNS = (
    "block_inst_start",
    "block_inst_end",
    "block_param_start",
    "block_params",
    "block_succ_start",
    "block_succs",
    "block_pred_start",
    "block_preds",
    "edge_arg_start",
    "edge_args",
    "inst_kind",
    "inst_op_start",
    "op_vreg",
    "op_kind",
    "op_pos",
    "op_con",
    "op_arg",
    "inst_clobber_start",
    "clobbers",
    "vreg_class",
)


def loop_function() -> Function:
    """A valid function touching most features: loop, params, fixed, reuse, limit, clobbers."""
    fb = FunctionBuilder()
    n, x, i, j, k, f = fb.vreg(INT), fb.vreg(INT), fb.vreg(INT), fb.vreg(INT), fb.vreg(INT), fb.vreg(FLOAT)
    b0, b1, b2, b3 = (fb.new_block() for _ in range(4))
    fb.start_block(b0)
    fb.op([define(n, Fixed(preg(INT, 0))), define(x, Fixed(preg(INT, 32))), define(f, "reg")])
    fb.branch([(b1, [n])])
    fb.start_block(b1, params=[i])
    fb.op([define(j, Reuse(1)), use(i, "reg"), use(x, Limit(2)), fixed_use(preg(INT, 20))], clobbers=[preg(INT, 3)])
    fb.branch([(b2, []), (b3, [])], operands=[use(j)])
    fb.start_block(b2)
    fb.op([define(k, "reg"), use(j, "any"), use(f, "reg")])
    fb.branch([(b1, [k])])
    fb.start_block(b3)
    fb.ret([use(j, Fixed(preg(INT, 0)))])
    return fb.finish()


def test_the_base_function_is_valid() -> None:
    validate(loop_function(), ENV)


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(COLUMNS), st.integers(0, 2**32), st.integers(-3, 70), st.sampled_from(["set", "append", "pop"]))
def test_corrupted_columns_raise_library_errors(column: str, where: int, value: int, how: str) -> None:
    func = loop_function()
    data: list[int] = getattr(func, column)
    if how == "append":
        data.append(value)
    elif not data:
        return
    elif how == "pop":
        data.pop(where % len(data))
    else:
        data[where % len(data)] = value
    try:
        func.refresh()
    except (ValueError, IndexError):
        assume(False)  # the Function itself cannot represent this corruption
    try:
        validate(func, ENV)
    except RegallocError as exc:
        assert str(exc)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32))
def test_random_multi_corruptions(seed: int) -> None:
    rng = random.Random(seed)
    func = loop_function()
    for _ in range(rng.randrange(1, 4)):
        data: list[int] = getattr(func, rng.choice(COLUMNS))
        if data:
            data[rng.randrange(len(data))] = rng.randrange(-2, 12)
    try:
        func.refresh()
    except (ValueError, IndexError):
        assume(False)
    try:
        validate(func, ENV)
    except RegallocError as exc:
        assert str(exc)
