"""Hand-written allocations that the checker must accept, and corruptions of each
that it must reject with a message naming what is wrong."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from regalloc.checker import block_entry_states, check, written_pregs
from regalloc.env import MachineEnv
from regalloc.errors import CheckerError
from regalloc.function import (
    Fixed,
    Function,
    FunctionBuilder,
    Limit,
    Reuse,
    define,
    fixed_def,
    fixed_use,
    modify,
    use,
)
from regalloc.regs import FLOAT, INT, VECTOR, parse_alloc, preg
from regalloc.result import AFTER, BEFORE, MOVE, PAIR, REMAT, AllocationResult, Edit, pack_pair, point


def R(text: str) -> int:
    """An allocation from its interchange spelling (``"int:3"``, ``"stack:0"``)."""
    return parse_alloc(text)


def mv(inst: int, pos: int, src: str, dst: str) -> Edit:
    return (point(inst, pos), MOVE, R(src), R(dst))


def remat(inst: int, pos: int, vreg: int, dst: str) -> Edit:
    return (point(inst, pos), REMAT, vreg, R(dst))


def pair(inst: int, pos: int, srcs: tuple[str, str], dsts: tuple[str, str]) -> Edit:
    return (point(inst, pos), PAIR, pack_pair(R(srcs[0]), R(srcs[1])), pack_pair(R(dsts[0]), R(dsts[1])))


def result_of(per_inst: list[list[str]], edits: list[Edit], num_spillslots: int = 0) -> AllocationResult:
    allocs = [R(a) for inst in per_inst for a in inst]
    return AllocationResult(allocs=allocs, edits=edits, num_spillslots=num_spillslots)


def int_env(n: int = 6, scratch: int = -1) -> MachineEnv:
    env = MachineEnv(
        preferred=[[preg(INT, i) for i in range(3)], [], []],
        non_preferred=[[preg(INT, i) for i in range(3, n)], [], []],
    )
    env.scratch[INT] = scratch
    env.check()
    return env


@dataclass
class Case:
    func: Function
    env: MachineEnv
    result: AllocationResult


Corruption = tuple[str, Callable[[AllocationResult], None], str]


def set_alloc(func: Function, inst: int, k: int, text: str) -> Callable[[AllocationResult], None]:
    def apply(r: AllocationResult) -> None:
        r.allocs[func.inst_op_start[inst] + k] = R(text)

    return apply


def replace_edit(index: int, edit: Edit) -> Callable[[AllocationResult], None]:
    def apply(r: AllocationResult) -> None:
        r.edits[index] = edit

    return apply


def delete_edit(index: int) -> Callable[[AllocationResult], None]:
    def apply(r: AllocationResult) -> None:
        del r.edits[index]

    return apply


def insert_edit(edit: Edit) -> Callable[[AllocationResult], None]:
    def apply(r: AllocationResult) -> None:
        r.edits.append(edit)
        r.edits.sort(key=lambda e: e[0])

    return apply


def swap_edits(i: int, j: int) -> Callable[[AllocationResult], None]:
    def apply(r: AllocationResult) -> None:
        r.edits[i], r.edits[j] = r.edits[j], r.edits[i]

    return apply


def set_slots(n: int) -> Callable[[AllocationResult], None]:
    def apply(r: AllocationResult) -> None:
        r.num_spillslots = n

    return apply


def expect_rejected(case: Case, corrupt: Callable[[AllocationResult], None], message: str) -> CheckerError:
    bad = copy.deepcopy(case.result)
    corrupt(bad)
    with pytest.raises(CheckerError) as info:
        check(case.func, case.env, bad)
    assert message in str(info.value), str(info.value)
    return info.value


# --- A loop around a call: fixed argument/return registers, clobbers, block params.


def loop_with_call() -> Case:
    fb = FunctionBuilder("loop_with_call")
    n0, acc0, n, acc, r, acc1, n1 = (fb.vreg(INT) for _ in range(7))
    b0, header, latch, exit_ = (fb.new_block() for _ in range(4))
    fb.start_block(b0)
    fb.op([define(n0, Fixed(preg(INT, 0)))], mnemonic="arg")  # i0
    fb.op([define(acc0, "reg")], mnemonic="li")  # i1
    fb.branch([(header, [n0, acc0])])  # i2
    fb.start_block(header, [n, acc])
    fb.op(  # i3
        [use(n, Fixed(preg(INT, 0))), define(r, Fixed(preg(INT, 0)))],
        clobbers=[preg(INT, 1), preg(INT, 2)],
        mnemonic="call",
    )
    fb.op([define(acc1, Reuse(1)), use(acc, "reg"), use(r, "reg")], mnemonic="add")  # i4
    fb.op([define(n1, "reg"), use(n, "any")], mnemonic="dec")  # i5
    fb.branch([(latch, []), (exit_, [])], [use(n1, "reg")])  # i6
    fb.start_block(latch)
    fb.branch([(header, [n1, acc1])])  # i7
    fb.start_block(exit_)
    fb.ret([use(acc1, Fixed(preg(INT, 0)))])  # i8
    func = fb.finish()
    result = result_of(
        [
            ["int:0"],
            ["int:4"],
            [],
            ["int:0", "int:0"],
            ["int:4", "int:4", "int:0"],
            ["int:1", "int:3"],
            ["int:1"],
            [],
            ["int:0"],
        ],
        [
            mv(2, BEFORE, "int:0", "int:3"),
            mv(3, BEFORE, "int:3", "int:0"),
            mv(7, BEFORE, "int:1", "int:3"),
            mv(8, BEFORE, "int:4", "int:0"),
        ],
    )
    return Case(func, int_env(), result)


def test_loop_with_call_verifies() -> None:
    case = loop_with_call()
    check(case.func, case.env, case.result)


@pytest.mark.parametrize(
    ("corruption", "message"),
    [
        # The dec reads n from int:0, where the call left its result.
        (lambda c: set_alloc(c.func, 5, 1, "int:0"), "inst 5, operand 1: early use v2 reads int:0, which holds v4"),
        (lambda c: set_alloc(c.func, 5, 1, "int:0"), "(v2 is in int:3)"),
        # Dropping the argument move: on the back edge int:0 holds the call result.
        (lambda c: delete_edit(1), "inst 3, operand 0: early use v2 reads int:0, which holds nothing (v2 is in int:3)"),
        (lambda c: set_alloc(c.func, 3, 0, "int:3"), "inst 3, operand 0: early use v2: constraint fixed int:0"),
        (
            lambda c: set_alloc(c.func, 4, 0, "int:1"),
            "constraint reuse 1: allocated to int:1 but operand 1 is in int:4",
        ),
        # The latch passes acc1 where n belongs: the wrong block parameter.
        (lambda c: replace_edit(2, mv(7, BEFORE, "int:4", "int:3")), "use v2 reads int:0, which holds nothing"),
        (lambda c: insert_edit(mv(6, AFTER, "int:1", "int:3")), "after the last instruction of its block"),
        (lambda c: insert_edit(mv(2, AFTER, "int:1", "int:3")), "edit 1 (move after inst 2)"),
        (lambda c: swap_edits(0, 1), "edits are not sorted by point"),
        (lambda c: set_alloc(c.func, 0, 0, "stack:0"), "late def v0: stack:0 is beyond num_spillslots=0"),
        (lambda c: set_alloc(c.func, 0, 0, "int:2"), "late def v0: constraint fixed int:0: allocated to int:2"),
        (lambda c: set_alloc(c.func, 1, 0, "int:7"), "is not an allocatable int register"),
        (lambda c: set_alloc(c.func, 1, 0, "float:1"), "float:1 has the wrong class for a int value"),
        (lambda c: set_alloc(c.func, 1, 0, "none"), "late def v1: has no allocation"),
    ],
)
def test_loop_with_call_corruptions(
    corruption: Callable[[Case], Callable[[AllocationResult], None]], message: str
) -> None:
    case = loop_with_call()
    expect_rejected(case, corruption(case), message)


def test_value_left_in_clobbered_register() -> None:
    """n kept in int:2 across the call, which clobbers it."""
    case = loop_with_call()
    r = case.result
    r.edits = [
        mv(2, BEFORE, "int:0", "int:2"),
        mv(3, BEFORE, "int:2", "int:0"),
        mv(7, BEFORE, "int:1", "int:2"),
        mv(8, BEFORE, "int:4", "int:0"),
    ]
    r.allocs[case.func.inst_op_start[5] + 1] = R("int:2")
    with pytest.raises(CheckerError, match=r"inst 5, operand 1: early use v2 reads int:2, which holds nothing"):
        check(case.func, case.env, r)


def test_clobbered_register_holds_no_late_operand() -> None:
    fb = FunctionBuilder()
    a, b = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(a, "reg")])
    fb.op([define(b, "reg"), use(a, "reg")], clobbers=[preg(INT, 1)])
    fb.ret([use(b, "reg")])
    func = fb.finish()
    # An early use may sit in a clobbered register.
    check(func, int_env(), result_of([["int:1"], ["int:0", "int:1"], ["int:0"]], []))
    with pytest.raises(CheckerError, match="operand 0: late def v1 is in int:1, which the instruction clobbers"):
        check(func, int_env(), result_of([["int:1"], ["int:1", "int:1"], ["int:1"]], []))


def test_error_locates_block_inst_operand() -> None:
    case = loop_with_call()
    err = expect_rejected(case, set_alloc(case.func, 5, 1, "int:0"), "reads int:0")
    assert (err.block, err.inst, err.operand) == (1, 5, 1)


# --- x86 division: fixed rax/rdx inputs and outputs.

RAX, RCX, RDX, RBX, RSI, RDI = (preg(INT, i) for i in (0, 1, 2, 3, 6, 7))


def x86_division() -> Case:
    fb = FunctionBuilder("divmod_sum")
    a, b, hi, q, rem, s = (fb.vreg(INT) for _ in range(6))
    fb.start_block(fb.new_block())
    fb.op([define(a, Fixed(RDI)), define(b, Fixed(RSI))], mnemonic="args")  # i0
    fb.op([use(a, Fixed(RAX)), define(hi, Fixed(RDX))], mnemonic="cqo")  # i1
    fb.op(  # i2
        [use(a, Fixed(RAX)), use(hi, Fixed(RDX)), use(b, "reg"), define(q, Fixed(RAX)), define(rem, Fixed(RDX))],
        mnemonic="idiv",
    )
    fb.op([define(s, Reuse(1)), use(q, "reg"), use(rem, "reg")], mnemonic="add")  # i3
    fb.ret([use(s, Fixed(RAX))])  # i4
    env = MachineEnv(preferred=[[RAX, RCX, RDX, RSI, RDI], [], []], non_preferred=[[RBX], [], []])
    result = result_of(
        [
            ["int:7", "int:6"],
            ["int:0", "int:2"],
            ["int:0", "int:2", "int:6", "int:0", "int:2"],
            ["int:0"] * 2 + ["int:2"],
            ["int:0"],
        ],
        [mv(1, BEFORE, "int:7", "int:0")],
    )
    return Case(fb.finish(), env, result)


def test_x86_division_verifies() -> None:
    case = x86_division()
    check(case.func, case.env, case.result)


@pytest.mark.parametrize(
    ("inst", "k", "alloc", "message"),
    [
        (3, 2, "int:1", "inst 3, operand 2: early use v4 reads int:1, which holds nothing (v4 is in int:2)"),
        (3, 2, "int:0", "collide at the early point"),
        (2, 2, "int:0", "operands 0 (early use v0 in int:0) and 2 (early use v1 in int:0) collide"),
        (2, 3, "int:2", "constraint fixed int:0: allocated to int:2"),
        (1, 0, "int:7", "constraint fixed int:0"),
    ],
)
def test_x86_division_corruptions(inst: int, k: int, alloc: str, message: str) -> None:
    case = x86_division()
    expect_rejected(case, set_alloc(case.func, inst, k, alloc), message)


def test_x86_dropped_move_names_where_value_is() -> None:
    case = x86_division()
    expect_rejected(
        case, delete_edit(0), "inst 1, operand 0: early use v0 reads int:0, which holds nothing (v0 is in int:7)"
    )


# --- A diamond whose join swaps two values (a parallel move through the scratch register).


def diamond() -> Case:
    fb = FunctionBuilder("diamond")
    c, x, y1, y2, p, q, out = (fb.vreg(INT) for _ in range(7))
    b0, left, right, join = (fb.new_block() for _ in range(4))
    fb.start_block(b0)
    fb.op([define(c, "reg")])  # i0
    fb.op([define(x, "reg")])  # i1
    fb.branch([(left, []), (right, [])], [use(c, "reg")])  # i2
    fb.start_block(left)
    fb.op([define(y1, "reg")])  # i3
    fb.branch([(join, [y1, x])])  # i4
    fb.start_block(right)
    fb.op([define(y2, "reg")])  # i5
    fb.branch([(join, [x, y2])])  # i6
    fb.start_block(join, [p, q])
    fb.op([define(out, Reuse(1)), use(p, "reg"), use(q, "reg")])  # i7
    fb.ret([use(out, Fixed(preg(INT, 0)))])  # i8
    result = result_of(
        [["int:0"], ["int:1"], ["int:0"], ["int:2"], [], ["int:2"], [], ["int:2", "int:2", "int:1"], ["int:0"]],
        [
            mv(6, BEFORE, "int:2", "int:5"),
            mv(6, BEFORE, "int:1", "int:2"),
            mv(6, BEFORE, "int:5", "int:1"),
            mv(8, BEFORE, "int:2", "int:0"),
        ],
    )
    return Case(fb.finish(), int_env(5, scratch=preg(INT, 5)), result)


def test_diamond_verifies() -> None:
    case = diamond()
    check(case.func, case.env, case.result)


def test_diamond_corruptions() -> None:
    case = diamond()
    expect_rejected(
        case, set_alloc(case.func, 3, 0, "int:5"), "int:5 is the scratch register, which no operand may use"
    )
    # The two first moves of the swap in the wrong order: int:1 overwrites y2 first.
    expect_rejected(
        case,
        swap_edits(0, 1),
        "inst 7, operand 2: early use v5 reads int:1, which holds nothing (v5 is in no location)",
    )
    # The wrong block parameter: the right arm passes y2 in int:1 as p.
    expect_rejected(case, delete_edit(1), "inst 7, operand 1: early use v4 reads int:2, which holds nothing")
    expect_rejected(case, replace_edit(1, mv(6, BEFORE, "int:1", "int:3")), "use v4 reads int:2, which holds nothing")
    expect_rejected(case, set_alloc(case.func, 7, 0, "int:1"), "constraint reuse 1")
    expect_rejected(case, insert_edit(mv(4, AFTER, "int:2", "int:1")), "after the last instruction of its block")


def test_error_at_a_join_says_which_edge_lost_the_value() -> None:
    case = diamond()
    expect_rejected(
        case,
        delete_edit(1),
        "early use v4 reads int:2, which holds nothing (v4 is in no location); "
        "on entry to block 3: from block 1, v4 is in int:2; from block 2, v4 is in no location",
    )


def test_join_intersects_predecessor_states() -> None:
    """x is in int:1 on both arms, y1/y2 reach the join only as the parameters."""
    case = diamond()
    states = block_entry_states(case.func, case.env, case.result)
    join_state = states[3]
    assert join_state is not None
    assert join_state[R("int:1")] == frozenset({5})
    assert join_state[R("int:2")] == frozenset({4})


# --- A two-address chain: reuse defs and an early def.


def reuse_chain() -> Case:
    fb = FunctionBuilder("reuse_chain")
    v0, v1, v2, v3 = (fb.vreg(INT) for _ in range(4))
    fb.start_block(fb.new_block())
    fb.op([define(v0, Fixed(preg(INT, 0)))])  # i0
    fb.op([define(v1, Reuse(1)), use(v0, "reg")])  # i1
    fb.op([define(v2, Reuse(1)), use(v1, "reg"), use(v0, "reg")])  # i2
    fb.op([define(v3, "reg", pos="early"), use(v2, "reg"), use(v0, "any")])  # i3
    fb.ret([use(v3, Fixed(preg(INT, 0)))])  # i4
    result = result_of(
        [["int:0"], ["int:1", "int:1"], ["int:1", "int:1", "int:0"], ["int:2", "int:1", "int:0"], ["int:0"]],
        [mv(1, BEFORE, "int:0", "int:1"), mv(4, BEFORE, "int:2", "int:0")],
    )
    return Case(fb.finish(), int_env(), result)


def test_reuse_chain_verifies() -> None:
    case = reuse_chain()
    check(case.func, case.env, case.result)


def test_reuse_chain_corruptions() -> None:
    case = reuse_chain()
    expect_rejected(case, set_alloc(case.func, 2, 0, "int:2"), "constraint reuse 1: allocated to int:2")
    expect_rejected(
        case,
        set_alloc(case.func, 3, 0, "int:1"),
        "operands 0 (early def v3 in int:1) and 1 (early use v2 in int:1) collide at the early point",
    )
    expect_rejected(case, delete_edit(0), "inst 1, operand 1: early use v0 reads int:1, which holds nothing")
    # Without the copy the reuse def destroys v0, which i2 still reads.
    expect_rejected(
        case,
        lambda r: (
            delete_edit(0)(r),
            [set_alloc(case.func, i, k, a)(r) for i, k, a in ((1, 0, "int:0"), (1, 1, "int:0"), (2, 0, "int:0"))],
            [
                set_alloc(case.func, i, k, a)(r)
                for i, k, a in ((2, 1, "int:0"), (2, 2, "int:3"), (3, 1, "int:0"), (3, 2, "int:3"))
            ],
        ),
        "inst 2, operand 2: early use v0 reads int:3, which holds nothing (v0 is in no location)",
    )


def test_late_def_may_share_an_early_use_register() -> None:
    fb = FunctionBuilder()
    a, b = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(a, "reg")])
    fb.op([define(b, "reg"), use(a, "reg")])
    fb.ret([use(b, "reg")])
    func = fb.finish()
    check(func, int_env(), result_of([["int:1"], ["int:1", "int:1"], ["int:1"]], []))
    # A late use may not: the def overwrites it while it is still read.
    fb = FunctionBuilder()
    a, b = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(a, "reg")])
    fb.op([define(b, "reg"), use(a, "reg", pos="late")])
    fb.ret([use(b, "reg")])
    with pytest.raises(CheckerError, match="collide at the late point"):
        check(fb.finish(), int_env(), result_of([["int:1"], ["int:1", "int:1"], ["int:1"]], []))


# --- Float and vector values: multi-slot spills, remat, clobbers of every class.


def float_vector() -> Case:
    fb = FunctionBuilder("float_vector")
    vec = fb.vreg(VECTOR)
    f = fb.vreg(FLOAT)
    k = fb.vreg(FLOAT, remat="const 1.0")
    out = fb.vreg(VECTOR)
    fb.start_block(fb.new_block())
    fb.op([define(vec, "reg")])  # i0
    fb.op([define(f, "reg")])  # i1
    fb.op([define(k, "reg")])  # i2
    clobbered = [preg(FLOAT, i) for i in range(4)] + [preg(VECTOR, i) for i in range(4)]
    fb.op([use(f, Fixed(preg(FLOAT, 0))), use(k, "any")], clobbers=clobbered, mnemonic="call")  # i3
    fb.op([define(out, "reg"), use(vec, "reg"), use(k, Limit(4))])  # i4
    fb.ret([use(out, Fixed(preg(VECTOR, 0)))])  # i5
    env = MachineEnv(
        preferred=[[preg(INT, 0)], [preg(FLOAT, i) for i in range(4)], [preg(VECTOR, i) for i in range(4)]],
        spillslot_size=[1, 1, 2],
    )
    result = result_of(
        [
            ["vector:1"],
            ["float:0"],
            ["float:1"],
            ["float:0", "float:1"],
            ["vector:0", "vector:2", "float:3"],
            ["vector:0"],
        ],
        [
            mv(0, AFTER, "vector:1", "stack:0"),
            mv(4, BEFORE, "stack:0", "vector:2"),
            remat(4, BEFORE, 2, "float:3"),
        ],
        num_spillslots=2,
    )
    return Case(fb.finish(), env, result)


def test_float_vector_verifies() -> None:
    case = float_vector()
    check(case.func, case.env, case.result)


def test_float_vector_corruptions() -> None:
    case = float_vector()
    expect_rejected(case, set_slots(1), "stack:0 (slots 0..1) is beyond num_spillslots=1")
    expect_rejected(
        case,
        lambda r: (
            set_slots(3)(r),
            replace_edit(0, mv(0, AFTER, "vector:1", "stack:1"))(r),
            replace_edit(1, mv(4, BEFORE, "stack:1", "vector:2"))(r),
        ),
        "stack:1 is not aligned to the 2-slot size of its class",
    )
    expect_rejected(case, replace_edit(2, remat(4, BEFORE, 1, "float:3")), "v1 is not rematerializable")
    expect_rejected(case, replace_edit(2, remat(4, BEFORE, 2, "vector:3")), "remat of float v2 into vector:3")
    expect_rejected(case, insert_edit(mv(1, BEFORE, "stack:0", "stack:1")), "stack-to-stack move stack:0 -> stack:1")
    expect_rejected(case, insert_edit(mv(1, BEFORE, "float:0", "vector:3")), "crosses register classes")
    # A float stored over the second slot of the spilled vector destroys it.
    expect_rejected(
        case,
        lambda r: (set_slots(2)(r), insert_edit(mv(1, AFTER, "float:0", "stack:1"))(r)),
        "early use v0 reads vector:2, which holds nothing (v0 is in stack:0 (partly overwritten))",
    )
    # Without the remat, k is read from float:1, which the call clobbered.
    expect_rejected(
        case,
        lambda r: (delete_edit(2)(r), set_alloc(case.func, 4, 2, "float:1")(r)),
        "inst 4, operand 2: early use v2 reads float:1, which holds nothing (v2 is in no location)",
    )
    expect_rejected(case, set_alloc(case.func, 4, 2, "float:5"), "constraint limit 4: float:5 is not an allocatable")


def test_limit_index_bound() -> None:
    fb = FunctionBuilder()
    a = fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(a, Limit(2))])
    fb.ret([use(a, "any")])
    func = fb.finish()
    check(func, int_env(), result_of([["int:1"], ["int:1"]], []))
    with pytest.raises(CheckerError, match="constraint limit 2: int:2 has index 2, not below 2"):
        check(func, int_env(), result_of([["int:2"], ["int:2"]], []))


def test_stack_constraint_and_fixed_stack_are_memory() -> None:
    fb = FunctionBuilder()
    a, b = fb.vreg(INT), fb.vreg(INT)
    stack_arg = preg(INT, 40)
    fb.start_block(fb.new_block())
    fb.op([define(a, Fixed(stack_arg))])
    fb.op([define(b, "stack"), use(a, "reg")])
    fb.ret([use(b, "any")])
    func = fb.finish()
    env = int_env()
    env.fixed_stack.append(stack_arg)
    env.check()
    good = result_of([["int:40"], ["stack:0", "int:1"], ["stack:0"]], [mv(1, BEFORE, "int:40", "int:1")], 1)
    check(func, env, good)
    with pytest.raises(CheckerError, match="stack-to-stack move int:40 -> stack:0"):
        check(
            func,
            env,
            result_of([["int:40"], ["stack:0", "int:1"], ["stack:0"]], [mv(1, BEFORE, "int:40", "stack:0")], 1),
        )
    with pytest.raises(CheckerError, match="constraint stack: int:2 is not a spill slot"):
        check(func, env, result_of([["int:40"], ["int:2", "int:1"], ["int:2"]], [mv(1, BEFORE, "int:40", "int:1")], 1))
    with pytest.raises(CheckerError, match="constraint reg: int:40 is not an allocatable int register"):
        check(func, env, result_of([["int:40"], ["stack:0", "int:40"], ["stack:0"]], [], 1))


def test_pair_store_and_load() -> None:
    fb = FunctionBuilder()
    a, b = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(a, "reg"), define(b, "reg")])
    fb.op([], clobbers=[preg(INT, i) for i in range(6)], mnemonic="call")
    fb.ret([use(a, "reg"), use(b, "reg")])
    func = fb.finish()
    allocs = [["int:0", "int:1"], [], ["int:1", "int:0"]]
    store = pair(0, AFTER, ("int:0", "int:1"), ("stack:0", "stack:1"))
    load = pair(2, BEFORE, ("stack:1", "stack:0"), ("int:0", "int:1"))
    check(func, int_env(), result_of(allocs, [store, load], 2))
    # The load reads both slots before writing either; swapping registers in a pair is fine.
    swap = pair(2, BEFORE, ("stack:0", "stack:1"), ("int:1", "int:0"))
    check(func, int_env(), result_of(allocs, [store, swap], 2))
    with pytest.raises(CheckerError, match="neither two stores nor two loads"):
        check(func, int_env(), result_of(allocs, [pair(0, AFTER, ("int:0", "stack:0"), ("stack:1", "int:1")), load], 2))
    with pytest.raises(CheckerError, match="writes overlapping locations"):
        check(func, int_env(), result_of(allocs, [pair(0, AFTER, ("int:0", "int:1"), ("stack:0", "stack:0")), load], 2))
    wrong = pair(2, BEFORE, ("stack:0", "stack:1"), ("int:0", "int:1"))
    with pytest.raises(CheckerError, match="early use v0 reads int:1, which holds v1"):
        check(func, int_env(), result_of(allocs, [store, wrong], 2))


# --- Loops: stale copies and parameters passed around a back edge.


def rotating_loop(swap_args: bool) -> tuple[Function, int, int]:
    """A loop header with params (p, q); the latch passes (q, p) or (p, q) back."""
    fb = FunctionBuilder()
    a, b, p, q = (fb.vreg(INT) for _ in range(4))
    b0, header, latch, exit_ = (fb.new_block() for _ in range(4))
    fb.start_block(b0)
    fb.op([define(a, "reg"), define(b, "reg")])  # i0
    fb.branch([(header, [a, b])])  # i1
    fb.start_block(header, [p, q])
    fb.op([use(p, "reg"), use(q, "reg")])  # i2
    fb.branch([(latch, []), (exit_, [])])  # i3
    fb.start_block(latch)
    fb.branch([(header, [q, p] if swap_args else [p, q])])  # i4
    fb.start_block(exit_)
    fb.ret()  # i5
    return fb.finish(), p, q


def test_loop_passing_params_to_themselves_needs_no_moves() -> None:
    func, _, _ = rotating_loop(swap_args=False)
    check(func, int_env(), result_of([["int:0", "int:1"], [], ["int:0", "int:1"], [], [], []], []))


def test_loop_swapping_params_needs_the_swap() -> None:
    func, p, _ = rotating_loop(swap_args=True)
    allocs = [["int:0", "int:1"], [], ["int:0", "int:1"], [], [], []]
    with pytest.raises(
        CheckerError, match=f"early use v{p} reads int:0, which holds nothing \\(v{p} is in no location\\)"
    ):
        check(func, int_env(), result_of(allocs, []))
    swap = [mv(4, BEFORE, "int:0", "int:5"), mv(4, BEFORE, "int:1", "int:0"), mv(4, BEFORE, "int:5", "int:1")]
    check(func, int_env(5, scratch=preg(INT, 5)), result_of(allocs, swap))


def test_stale_copy_of_a_parameter_is_rejected() -> None:
    """A copy of p made in the previous iteration must not pass for the new p."""
    fb = FunctionBuilder()
    a, p, n = (fb.vreg(INT) for _ in range(3))
    b0, header, latch, exit_ = (fb.new_block() for _ in range(4))
    fb.start_block(b0)
    fb.op([define(a, "reg")])  # i0
    fb.branch([(header, [a])])  # i1
    fb.start_block(header, [p])
    fb.op([use(p, "reg")])  # i2
    fb.op([define(n, "reg"), use(p, "reg")])  # i3
    fb.branch([(latch, []), (exit_, [])])  # i4
    fb.start_block(latch)
    fb.branch([(header, [n])])  # i5
    fb.start_block(exit_)
    fb.ret()  # i6
    func = fb.finish()
    # On entry a is copied to int:2 too, so int:2 holds p then; around the loop
    # int:2 keeps the old p while int:1 gets n.  Reading p from int:2 is wrong.
    allocs = [["int:1"], [], ["int:2"], ["int:1", "int:1"], [], [], []]
    edits = [mv(1, BEFORE, "int:1", "int:2")]
    with pytest.raises(
        CheckerError, match=r"inst 2, operand 0: early use v1 reads int:2, which holds nothing \(v1 is in int:1\)"
    ):
        check(func, int_env(), result_of(allocs, edits))
    # Copying in the loop as well makes it right.
    check(func, int_env(), result_of(allocs, [*edits, mv(2, BEFORE, "int:1", "int:2")]))


def test_def_invalidates_an_earlier_remat_of_the_same_vreg() -> None:
    """Per the semantics a def removes its vreg from every location, remat copies included."""
    fb = FunctionBuilder()
    k = fb.vreg(INT, remat="const 7")
    fb.start_block(fb.new_block())
    fb.op([define(k, "reg")])  # i0
    fb.ret([use(k, "reg")])  # i1
    func = fb.finish()
    check(func, int_env(), result_of([["int:0"], ["int:1"]], [remat(1, BEFORE, 0, "int:1")]))
    with pytest.raises(CheckerError, match=r"early use v0 reads int:1, which holds nothing \(v0 is in int:0\)"):
        check(func, int_env(), result_of([["int:0"], ["int:1"]], [remat(0, BEFORE, 0, "int:1")]))


def test_modify_operand_makes_older_copies_stale() -> None:
    """Non-SSA input: a mod rewrites its vreg in place; a copy taken before it is stale."""
    fb = FunctionBuilder()
    fb.ssa = False
    v = fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(v, "reg")])  # i0
    fb.op([modify(v, "reg")])  # i1
    fb.ret([use(v, "reg")])  # i2
    func = fb.finish()
    check(func, int_env(), result_of([["int:0"], ["int:0"], ["int:0"]], [mv(1, BEFORE, "int:0", "int:1")]))
    with pytest.raises(CheckerError, match=r"inst 2, operand 0: early use v0 reads int:1, which holds nothing"):
        check(func, int_env(), result_of([["int:0"], ["int:0"], ["int:1"]], [mv(1, BEFORE, "int:0", "int:1")]))


def test_loop_back_to_entry_starts_empty() -> None:
    fb = FunctionBuilder()
    a, b = fb.vreg(INT), fb.vreg(INT)
    b0, b1, b2 = (fb.new_block() for _ in range(3))
    fb.start_block(b0)
    fb.op([define(a, "reg")])  # i0
    fb.branch([(b1, []), (b2, [])])  # i1
    fb.start_block(b1)
    fb.op([define(b, "reg")])  # i2
    fb.branch([(b0, [])])  # i3
    fb.start_block(b2)
    fb.ret([use(a, "reg")])  # i4
    func = fb.finish()
    check(func, int_env(), result_of([["int:0"], [], ["int:1"], [], ["int:0"]], []))
    states = block_entry_states(func, int_env(), result_of([["int:0"], [], ["int:1"], [], ["int:0"]], []))
    assert states[0] == {}


# --- Unreachable blocks, vreg-less operands, callee-saved and debug reports, the entry hook.


def with_unreachable_block() -> Function:
    fb = FunctionBuilder()
    a, b = fb.vreg(INT), fb.vreg(INT)
    b0, dead = fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.op([define(a, "reg")])  # i0
    fb.ret([use(a, "reg")])  # i1
    fb.start_block(dead)
    fb.op([define(b, "reg")])  # i2
    fb.ret([use(b, "reg")])  # i3
    return fb.finish()


def test_unreachable_blocks_are_checked_statically_only() -> None:
    func = with_unreachable_block()
    # b's use reads int:2 though it was defined in int:1: no data flow there.
    check(func, int_env(), result_of([["int:0"], ["int:0"], ["int:1"], ["int:2"]], []))
    with pytest.raises(CheckerError, match="inst 2, operand 0: late def v1: constraint reg: stack:0 is not an"):
        check(func, int_env(), result_of([["int:0"], ["int:0"], ["stack:0"], ["int:2"]], [], 1))


def test_vreg_less_operands() -> None:
    fp = preg(INT, 63)
    fb = FunctionBuilder()
    a = fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(a, "reg"), fixed_use(fp)])  # i0
    fb.op([fixed_def(fp)])  # i1
    fb.ret([use(a, "reg")])  # i2
    func = fb.finish()
    check(func, int_env(), result_of([["int:0", "int:63"], ["int:63"], ["int:0"]], []))
    with pytest.raises(CheckerError, match="inst 0, operand 1: vreg-less fixed operand must be allocated to int:63"):
        check(func, int_env(), result_of([["int:0", "int:1"], ["int:63"], ["int:0"]], []))
    # A value parked in int:63 is destroyed by the vreg-less def.
    parked = result_of(
        [["int:0", "int:63"], ["int:63"], ["int:1"]],
        [mv(0, AFTER, "int:0", "int:63"), mv(2, BEFORE, "int:63", "int:1")],
    )
    with pytest.raises(CheckerError, match="reads int:1, which holds nothing"):
        check(func, int_env(), parked)


def test_allocation_count_must_match() -> None:
    case = reuse_chain()
    case.result.allocs.pop()
    with pytest.raises(CheckerError, match="the result has 9 operand allocations but the function has 10 operands"):
        check(case.func, case.env, case.result)


def test_callee_saved_report() -> None:
    case = loop_with_call()
    case.func.callee_saved = [preg(INT, 3), preg(INT, 4), preg(INT, 5)]
    assert written_pregs(case.func, case.env, case.result) == sum(1 << preg(INT, i) for i in (0, 1, 2, 3, 4))
    case.result.clobbered_callee_saved = [preg(INT, 3), preg(INT, 4)]
    check(case.func, case.env, case.result)
    case.result.clobbered_callee_saved = [preg(INT, 4), preg(INT, 5)]
    with pytest.raises(CheckerError, match=r"written but not reported: int:3; reported but never written: int:5"):
        check(case.func, case.env, case.result)
    # Not reported at all: nothing to compare.
    case.result.clobbered_callee_saved = None
    check(case.func, case.env, case.result)


def test_debug_locations() -> None:
    case = reuse_chain()
    case.result.debug_locations = [(0, 0, 4, R("int:0")), (0, 4, 6, R("int:1")), (1, 2, 8, R("int:0"))]
    check(case.func, case.env, case.result)
    case.result.debug_locations = [(0, 0, 4, R("int:0")), (0, 3, 6, R("int:1"))]
    with pytest.raises(CheckerError, match="overlaps"):
        check(case.func, case.env, case.result)
    case.result.debug_locations = [(1, 0, 4, R("int:0")), (0, 4, 6, R("int:1"))]
    with pytest.raises(CheckerError, match="not sorted by label"):
        check(case.func, case.env, case.result)


def test_edit_point_out_of_range() -> None:
    case = reuse_chain()
    case.result.edits.append((point(5, BEFORE), MOVE, R("int:0"), R("int:1")))
    with pytest.raises(CheckerError, match="outside the function"):
        check(case.func, case.env, case.result)


def test_entry_values_seed_the_entry_state() -> None:
    """The managed callee-saved hook: a pseudo-value reaches the return unless overwritten."""
    case = loop_with_call()
    pseudo = case.func.num_vregs
    states = block_entry_states(case.func, case.env, case.result, entry_values={preg(INT, 5): pseudo})
    exit_state = states[3]
    assert exit_state is not None and pseudo in exit_state[preg(INT, 5)]
    states = block_entry_states(case.func, case.env, case.result, entry_values={preg(INT, 3): pseudo})
    exit_state = states[3]
    assert exit_state is not None and pseudo not in exit_state.get(preg(INT, 3), frozenset())
    check(case.func, case.env, case.result, entry_values={preg(INT, 5): pseudo})
