"""Non-SSA input: validation, conversion, mapping back, edge edits and the checker."""

from __future__ import annotations

import json

import pytest

from regalloc.api import ALLOCATORS, allocate
from regalloc.checker import check
from regalloc.env import MachineEnv
from regalloc.errors import CheckerError, FormatError, ValidationError
from regalloc.formats import dump_result_json, format_listing, result_from_json, result_to_json
from regalloc.function import DEF, FIXED, REUSE, USE, Fixed, Function, FunctionBuilder, define, modify, use
from regalloc.regs import INT, preg, stack_alloc
from regalloc.result import BEFORE, MOVE, REMAT, AllocationResult, point
from regalloc.ssa.convert import to_ssa
from regalloc.ssa.destruct import to_non_ssa
from regalloc.ssa.mapback import map_back
from regalloc.validate import validate

ALGORITHMS = sorted(ALLOCATORS)
R0, R1, R2, R3 = (preg(INT, i) for i in range(4))


def int_env(n: int = 4) -> MachineEnv:
    env = MachineEnv(preferred=[[preg(INT, i) for i in range(n)], [], []])
    env.check()
    return env


def critical_edge_function() -> Function:
    """x reaches block 2 from block 0 (in r0) and, redefined, from block 1 (in r2).

    The edge 0 -> 2 is critical (block 0 branches two ways, block 2 joins two).
    """
    fb = FunctionBuilder("critical")
    fb.ssa = False
    x = fb.vreg(INT)
    b0, b1, b2 = fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.op([define(x, Fixed(R0))])
    fb.branch([(b1, []), (b2, [])])
    fb.start_block(b1)
    fb.op([define(x, Fixed(R2))])
    fb.branch([(b2, [])])
    fb.start_block(b2)
    fb.ret([use(x, Fixed(R3))])
    return fb.finish()


# ------------------------------------------------------------------ validation


def test_use_without_reaching_definition_names_the_use() -> None:
    fb = FunctionBuilder()
    fb.ssa = False
    x, y = fb.vreg(INT), fb.vreg(INT)
    b0, b1, b2 = fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.op([define(y, "reg")])
    fb.branch([(b1, []), (b2, [])])
    fb.start_block(b1)
    fb.op([define(x, "reg")])
    fb.branch([(b2, [])])
    fb.start_block(b2)
    fb.op([use(y, "reg"), modify(x)])  # x is not written on the path 0 -> 2
    fb.ret()
    with pytest.raises(ValidationError) as info:
        validate(fb.finish(), int_env())
    err = info.value
    assert (err.block, err.inst, err.operand) == (2, 4, 1)
    assert "use of v0 with no reaching definition" in str(err)
    assert str(err).startswith("block 2, inst 4, operand 1:")


def test_redefinition_on_every_path_is_accepted_and_loops_carry_values() -> None:
    fb = FunctionBuilder()
    fb.ssa = False
    i = fb.vreg(INT)
    b0, b1, b2 = fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.op([define(i, "reg")])
    fb.branch([(b1, [])])
    fb.start_block(b1)
    fb.op([modify(i)])
    fb.branch([(b1, []), (b2, [])])
    fb.start_block(b2)
    fb.ret([use(i, Fixed(R0))])
    func = fb.finish()
    validate(func, int_env())
    conv = to_ssa(func)
    validate(conv.func, int_env())
    assert conv.func.ssa and conv.func.params_of(1), "the loop header needs a parameter for i"
    for algorithm in ALGORITHMS:
        result = allocate(func, int_env(), algorithm)
        check(func, int_env(), result)


def test_branch_argument_without_definition_is_named() -> None:
    fb = FunctionBuilder()
    fb.ssa = False
    x, p = fb.vreg(INT), fb.vreg(INT)
    b0, b1 = fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.branch([(b1, [x])])
    fb.start_block(b1, params=[p])
    fb.ret([use(p)])
    with pytest.raises(ValidationError) as info:
        validate(fb.finish(), int_env())
    assert (info.value.block, info.value.inst) == (0, 0)
    assert "branch argument 0 to block 1: use of v0 with no reaching definition" in str(info.value)


# ------------------------------------------------------------ critical edges


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_critical_edge_moves_become_checked_edge_edits(algorithm: str) -> None:
    func = critical_edge_function()
    env = int_env()
    conv = to_ssa(func)
    assert (conv.edge_pred, conv.edge_succ) == ([0], [2])
    assert conv.func.num_blocks == 4 and conv.func.num_insts == func.num_insts + 1
    result = allocate(func, env, algorithm)
    assert len(result.allocs) == func.num_operands
    check(func, env, result)
    assert all((p, s) == (0, 2) for p, s, *_ in result.edge_edits)
    if result.edge_edits:
        stripped = AllocationResult(
            allocs=result.allocs, edits=result.edits, num_spillslots=result.num_spillslots
        )
        with pytest.raises(CheckerError):
            check(func, env, stripped)


def test_moves_in_an_edge_block_map_back_to_edge_edits() -> None:
    func = critical_edge_function()
    env = int_env()
    conv = to_ssa(func)
    edge_jump = func.num_insts  # the edge block's only instruction
    assert conv.func.block_insts(3) == range(edge_jump, edge_jump + 1)
    # x's block-2 version lives in r3: block 1 moves it at its end, the edge block on 0 -> 2.
    ssa_result = AllocationResult(
        allocs=[R0, R2, R3],
        edits=[(point(3, BEFORE), MOVE, R2, R3), (point(edge_jump, BEFORE), MOVE, R0, R3)],
    )
    check(conv.func, env, ssa_result)
    mapped = map_back(conv, ssa_result)
    assert mapped.edits == [(point(3, BEFORE), MOVE, R2, R3)]
    assert mapped.edge_edits == [(0, 2, MOVE, R0, R3)]
    check(func, env, mapped)
    mapped.edge_edits = []
    with pytest.raises(CheckerError, match="from block 0, v0 is in int:0"):
        check(func, env, mapped)


def test_checker_applies_edge_edits_on_their_edge_only() -> None:
    func = critical_edge_function()
    env = int_env()
    # x: r0 on 0 -> 2, r2 on 1 -> 2; the use wants r3.
    allocs = [R0, R2, R3]
    good = AllocationResult(
        allocs=allocs,
        edits=[(point(3, BEFORE), MOVE, R2, R3)],
        edge_edits=[(0, 2, MOVE, R0, R3)],
    )
    check(func, env, good)
    with pytest.raises(CheckerError, match="early use v0 reads int:3"):
        check(func, env, AllocationResult(allocs=allocs, edits=[(point(3, BEFORE), MOVE, R2, R3)]))
    # An edge edit must name an edge of the function, and be a legal edit.
    with pytest.raises(CheckerError, match="no such edge"):
        check(func, env, AllocationResult(allocs=allocs, edge_edits=[(1, 0, MOVE, R0, R3)]))
    with pytest.raises(CheckerError, match="stack-to-stack"):
        check(
            func,
            env,
            AllocationResult(
                allocs=allocs, num_spillslots=2, edge_edits=[(0, 2, MOVE, stack_alloc(0), stack_alloc(1))]
            ),
        )


def test_edge_edits_json_round_trip_and_errors() -> None:
    func = critical_edge_function()
    result = AllocationResult(
        allocs=[R0, R2, R3],
        edits=[(point(3, BEFORE), MOVE, R2, R3)],
        edge_edits=[(0, 2, MOVE, R0, R3)],
    )
    obj = result_to_json(result, func)
    assert obj["edge_edits"] == [{"edge": [0, 2], "move": {"from": "int:0", "to": "int:3"}}]
    back = result_from_json(json.loads(dump_result_json(result, func)), func)
    assert back.edge_edits == result.edge_edits and back.edits == result.edits
    assert "edge_edits" not in result_to_json(AllocationResult(allocs=[R0, R2, R3]), func)
    listing = format_listing(func, int_env(), result)
    assert "block0 -> block2:" in listing and "int:0 -> int:3" in listing.split("edge edits")[1]
    obj["edge_edits"] = [{"edge": [0, 9], "move": {"from": "int:0", "to": "int:3"}}]
    with pytest.raises(FormatError, match=r"edge_edits\[0\]\.edge\[1\]"):
        result_from_json(obj, func)
    obj["edge_edits"] = [{"edge": [0, 2], "jump": {}}]
    with pytest.raises(FormatError, match="unknown edit"):
        result_from_json(obj, func)


def parallel_edges(callee_saved: list[int] | None = None) -> Function:
    """Non-SSA: block 0 defines x in R1 and branches twice to block 1, which returns x in R2."""
    fb = FunctionBuilder()
    fb.ssa = False
    fb.callee_saved = callee_saved
    x = fb.vreg(INT)
    b0, b1 = fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.op([define(x, Fixed(R1))])
    fb.branch([(b1, []), (b1, [])])
    fb.start_block(b1)
    fb.ret([use(x, Fixed(R2))])
    return fb.finish()


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_parallel_edges_to_one_block(algorithm: str) -> None:
    func = parallel_edges()
    validate(func, int_env())
    conv = to_ssa(func)
    assert conv.edge_pred == [0, 0]
    result = allocate(func, int_env(), algorithm)
    check(func, int_env(), result)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_unreachable_block_reading_undefined_vregs(algorithm: str) -> None:
    fb = FunctionBuilder()
    fb.ssa = False
    x = fb.vreg(INT)
    b0, b1, b2 = fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.op([define(x, "reg")])
    fb.ret([use(x, "reg")])
    fb.start_block(b1)  # unreachable: reads x, which nothing defines on a path to it
    fb.op([modify(x)])
    fb.branch([(b2, [])])
    fb.start_block(b2)
    fb.ret([use(x, "reg")])
    func = fb.finish()
    validate(func, int_env())
    conv = to_ssa(func)
    validate(conv.func, int_env())
    assert conv.func.params_of(1) != []
    result = allocate(func, int_env(), algorithm)
    check(func, int_env(), result)


# ------------------------------------------------------------------ mod operands


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_fixed_mod_is_a_fixed_use_and_def(algorithm: str) -> None:
    fb = FunctionBuilder()
    fb.ssa = False
    x, y = fb.vreg(INT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(x, "reg"), define(y, "reg")])
    fb.op([modify(x, Fixed(R1)), use(y, "reg")], clobbers=[R2], mnemonic="shl")
    fb.op([modify(y, Fixed(R1))])
    fb.ret([use(x, "reg"), use(y, Fixed(R0))])
    func = fb.finish()
    env = int_env()
    validate(func, env)
    conv = to_ssa(func)
    use_op = conv.primary_operand[2]
    def_op = next(k for k, o in enumerate(conv.orig_operand) if o == 2 and k != use_op)
    f = conv.func
    assert (f.op_kind[use_op], f.op_con[use_op], f.op_arg[use_op]) == (USE, FIXED, R1)
    assert (f.op_kind[def_op], f.op_con[def_op], f.op_arg[def_op]) == (DEF, FIXED, R1)
    result = allocate(func, env, algorithm)
    check(func, env, result)
    assert result.allocs[2] == R1 and result.allocs[4] == R1


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_register_mod_becomes_reuse_and_shares_the_register(algorithm: str) -> None:
    fb = FunctionBuilder()
    fb.ssa = False
    x = fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(x, "any")])
    fb.op([modify(x, "reg")])
    fb.op([modify(x, "any")])
    fb.ret([use(x, Fixed(R0))])
    func = fb.finish()
    conv = to_ssa(func)
    reuse_defs = [k for k in range(conv.func.num_operands) if conv.func.op_con[k] == REUSE]
    assert len(reuse_defs) == 2 and all(conv.func.op_arg[k] == 0 for k in reuse_defs)
    result = allocate(func, int_env(), algorithm)
    check(func, int_env(), result)
    assert result.allocs[1] < 64 and result.allocs[2] < 64  # mods live in registers


def test_checker_rejects_a_mod_in_the_wrong_place() -> None:
    fb = FunctionBuilder()
    fb.ssa = False
    x = fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(x, "reg")])
    fb.op([modify(x, "reg")])
    fb.ret([use(x, "reg")])
    func = fb.finish()
    env = int_env()
    check(func, env, AllocationResult(allocs=[R0, R0, R0]))
    with pytest.raises(CheckerError, match="mod v0 reads int:1"):
        check(func, env, AllocationResult(allocs=[R0, R1, R1]))
    with pytest.raises(CheckerError, match="constraint reg"):
        check(
            func,
            env,
            AllocationResult(
                allocs=[R0, stack_alloc(0), R0],
                num_spillslots=1,
                edits=[(point(1, BEFORE), MOVE, R0, stack_alloc(0))],
            ),
        )


def test_mod_errors_name_the_operand() -> None:
    fb = FunctionBuilder()
    fb.ssa = False
    x = fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(x, "reg")])
    fb.op([use(x, "reg"), modify(x)])
    fb.op([modify(x, "stack")])
    fb.ret()
    func = fb.finish()
    with pytest.raises(ValidationError, match="modified by operand 1 and also named by operand 0") as info:
        allocate(func, int_env(), ALGORITHMS[0])
    assert (info.value.block, info.value.inst, info.value.operand) == (0, 1, 1)
    func.op_vreg[1] = -1
    func.op_con[1] = FIXED
    func.op_arg[1] = preg(INT, 9)
    with pytest.raises(ValidationError, match="stack is not supported") as info:
        to_ssa(func)
    assert (info.value.inst, info.value.operand) == (2, 0)


def test_map_back_renames_remat_and_rejects_split_mods() -> None:
    fb = FunctionBuilder()
    fb.ssa = False
    k = fb.vreg(INT, remat="const")
    fb.start_block(fb.new_block())
    fb.op([define(k, "reg")])
    fb.op([define(k, "reg")])
    fb.op([modify(k)])
    fb.ret([use(k, "reg")])
    func = fb.finish()
    conv = to_ssa(func)
    assert conv.func.num_vregs == 3 and set(conv.func.remat) == {0, 1, 2}
    ssa_result = AllocationResult(allocs=[R0, R1, R1, R1, R0], edits=[(point(3, BEFORE), REMAT, 2, R0)])
    mapped = map_back(conv, ssa_result)
    assert mapped.edits == [(point(3, BEFORE), REMAT, 0, R0)] and mapped.allocs == [R0, R1, R1, R0]
    with pytest.raises(Exception, match="mod operand's use is in int:1 but its def in int:2"):
        map_back(conv, AllocationResult(allocs=[R0, R1, R1, R2, R0]))


def test_ssa_function_flagged_non_ssa_converts_to_itself() -> None:
    fb = FunctionBuilder()
    x, y, p = fb.vreg(INT), fb.vreg(INT), fb.vreg(INT)
    b0, b1 = fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.op([define(x, "reg"), define(y, "reg")])
    fb.branch([(b1, [y])])
    fb.start_block(b1, params=[p])
    fb.ret([use(x, Fixed(R0)), use(p, Fixed(R1))])
    ssa = fb.finish()
    flagged = fb.finish()
    flagged.ssa = False
    conv = to_ssa(flagged)
    assert conv.func == ssa


# ------------------------------------------------------------------ destruct


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_destruct_removes_jump_only_edge_blocks(algorithm: str) -> None:
    fb = FunctionBuilder()
    x, y, p = fb.vreg(INT), fb.vreg(INT), fb.vreg(INT)
    b0, b1, edge, b3 = (fb.new_block() for _ in range(4))
    fb.start_block(b0)
    fb.op([define(x, Fixed(R0))])
    fb.branch([(b1, []), (edge, [])])
    fb.start_block(b1)
    fb.op([define(y, Fixed(R2))])
    fb.branch([(b3, [y])])
    fb.start_block(edge)  # the split critical edge 0 -> 3
    fb.branch([(b3, [x])])
    fb.start_block(b3, params=[p])
    fb.ret([use(p, Fixed(R3))])
    ssa = fb.finish()
    env = int_env()
    validate(ssa, env)
    func = to_non_ssa(ssa)
    validate(func, env)
    assert func.num_blocks == 3 and func.succs_of(0) == [1, 2] and sorted(func.preds_of(2)) == [0, 1]
    assert func.block_params == [] and func.edge_args == []  # p, x and y became one vreg
    assert func.op_vreg[0] == func.op_vreg[1] == func.op_vreg[2]
    result = allocate(func, env, algorithm)
    check(func, env, result)


def test_destruct_keeps_parameters_of_a_swapping_loop() -> None:
    fb = FunctionBuilder()
    a, b, p, q = (fb.vreg(INT) for _ in range(4))
    b0, b1, b2 = fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.op([define(a, "reg"), define(b, "reg")])
    fb.branch([(b1, [a, b])])
    fb.start_block(b1, params=[p, q])
    fb.branch([(b1, [q, p]), (b2, [])])
    fb.start_block(b2)
    fb.ret([use(p, Fixed(R0)), use(q, Fixed(R1))])
    ssa = fb.finish()
    func = to_non_ssa(ssa, merge_chance=1.0)
    validate(func, int_env())
    assert len(func.params_of(1)) == 2, "p and q interfere: both must stay parameters"
    for algorithm in ALGORITHMS:
        check(func, int_env(), allocate(func, int_env(), algorithm))


def test_parallel_edges_with_different_arguments_are_rejected() -> None:
    fb = FunctionBuilder()
    fb.ssa = False
    x, y, p = fb.vreg(INT), fb.vreg(INT), fb.vreg(INT)
    b0, b1 = fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.op([define(x, "reg"), define(y, "reg")])
    fb.branch([(b1, [x]), (b1, [y])])
    fb.start_block(b1, params=[p])
    fb.ret([use(p, "reg")])
    func = fb.finish()
    validate(func, int_env())
    with pytest.raises(ValidationError, match="parallel edges to block 1 pass different arguments") as info:
        allocate(func, int_env(), ALGORITHMS[0])
    assert (info.value.block, info.value.inst) == (0, 1)


def test_parallel_edges_keep_the_first_edge_blocks_edits() -> None:
    func = parallel_edges(callee_saved=[R3])
    env = int_env()
    conv = to_ssa(func)
    first, second = func.num_insts, func.num_insts + 1  # the two edge blocks' jumps
    ssa_result = AllocationResult(
        allocs=[R1, R2],
        edits=[
            (point(first, BEFORE), MOVE, R1, R2),
            (point(second, BEFORE), MOVE, R1, R3),
            (point(second, BEFORE), MOVE, R3, R2),
        ],
        clobbered_callee_saved=[R3],
    )
    check(conv.func, env, ssa_result)
    mapped = map_back(conv, ssa_result, env)
    assert mapped.edge_edits == [(0, 1, MOVE, R1, R2)] and mapped.edits == []
    assert mapped.clobbered_callee_saved == []  # only the dropped edits wrote r3
    check(func, env, mapped)
