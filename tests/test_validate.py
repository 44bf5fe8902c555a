"""One test per kind of invalid input: the right exception, naming the right place."""

from __future__ import annotations

import glob
import json

import pytest

from regalloc.env import MachineEnv
from regalloc.errors import EnvError, ValidationError
from regalloc.formats import function_from_json
from regalloc.function import (
    BRANCH,
    DEF,
    EARLY,
    FIXED,
    LATE,
    OP,
    RET,
    USE,
    Fixed,
    Function,
    FunctionBuilder,
    Limit,
    Operand,
    Reuse,
    define,
    fixed_def,
    fixed_use,
    function_from_lists,
    modify,
    use,
)
from regalloc.regs import FLOAT, INT, preg
from regalloc.validate import validate
from shared_paths import SHARED_CORPUS

R = [preg(INT, r) for r in range(8)]
F0 = preg(FLOAT, 0)
SCRATCH = preg(INT, 15)
NONALLOC = preg(INT, 63)
ENV = MachineEnv(
    preferred=[R[:4], [preg(FLOAT, r) for r in range(4)], []],
    non_preferred=[R[4:], [], []],
    scratch=[SCRATCH, -1, -1],
    fixed_stack=[preg(INT, 32)],
)


def expect(func: Function, *fragments: str, block: int = -1, inst: int = -1, operand: int = -1) -> ValidationError:
    """Validation fails with a message containing ``fragments`` at the given place."""
    with pytest.raises(ValidationError) as info:
        validate(func, ENV)
    err = info.value
    message = str(err)
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert (err.block, err.inst, err.operand) == (block, inst, operand), message
    return err


def one_block(*ops: list[Operand], clobbers: list[int] | None = None, nvregs: int = 4) -> Function:
    """One block: an instruction per operand list (the last one gets ``clobbers``), then ret."""
    fb = FunctionBuilder()
    for _ in range(nvregs):
        fb.vreg(INT)
    fb.start_block(fb.new_block())
    for n, operands in enumerate(ops):
        fb.op(operands, clobbers=clobbers if n == len(ops) - 1 else None)
    fb.ret()
    return fb.finish()


def diamond() -> FunctionBuilder:
    """0: def a, b -> {1, 2}; 1: use a -> 3(a); 2 -> 3(b); 3(p): ret p in int:0."""
    fb = FunctionBuilder()
    a, b, p = fb.vreg(INT), fb.vreg(INT), fb.vreg(INT)
    b0, b1, b2, b3 = (fb.new_block() for _ in range(4))
    fb.start_block(b0)
    fb.op([define(a, "reg"), define(b)])
    fb.branch([(b1, []), (b2, [])])
    fb.start_block(b1)
    fb.op([use(a, "reg")])
    fb.branch([(b3, [a])])
    fb.start_block(b2)
    fb.branch([(b3, [b])])
    fb.start_block(b3, params=[p])
    fb.ret([use(p, Fixed(R[0]))])
    return fb


def lists(func: Function, **changes: object) -> Function:
    """Rebuild ``func`` through function_from_lists with some per-block lists replaced."""
    nb = func.num_blocks
    columns: dict[str, object] = {
        "name": func.name,
        "vreg_class": func.vreg_class,
        "entry": func.entry,
        "block_ranges": list(zip(func.block_inst_start, func.block_inst_end, strict=True)),
        "block_params": [func.params_of(b) for b in range(nb)],
        "block_succs": [func.succs_of(b) for b in range(nb)],
        "block_preds": [func.preds_of(b) for b in range(nb)],
        "edge_args": [[func.branch_args(b, j) for j in range(len(func.succs_of(b)))] for b in range(nb)],
        "inst_kind": func.inst_kind,
        "inst_op_start": func.inst_op_start,
        "op_columns": (func.op_vreg, func.op_kind, func.op_pos, func.op_con, func.op_arg),
        "inst_clobber_start": func.inst_clobber_start,
        "clobbers": func.clobbers,
        "ssa": func.ssa,
    }
    columns.update(changes)
    return function_from_lists(**columns)  # type: ignore[arg-type]


def test_valid_diamond_passes() -> None:
    validate(diamond().finish(), ENV)


# Structure -------------------------------------------------------------------


def test_no_blocks() -> None:
    f = lists(diamond().finish(), block_ranges=[], block_params=[], block_succs=[], block_preds=[], edge_args=[])
    expect(f, "no blocks")


def test_entry_out_of_range() -> None:
    expect(lists(diamond().finish(), entry=4), "entry block 4 out of range")


def test_first_block_not_at_zero() -> None:
    f = diamond().finish()
    ranges = list(zip(f.block_inst_start, f.block_inst_end, strict=True))
    ranges[0] = (1, 2)
    expect(lists(f, block_ranges=ranges), "first block starts at instruction 1", block=0)


def test_gap_between_blocks() -> None:
    f = diamond().finish()
    ranges = list(zip(f.block_inst_start, f.block_inst_end, strict=True))
    ranges[1] = (ranges[1][0] + 1, ranges[1][1])
    expect(lists(f, block_ranges=ranges), "block 0 ends at 2", block=1)


def test_empty_block() -> None:
    f = diamond().finish()
    ranges = list(zip(f.block_inst_start, f.block_inst_end, strict=True))
    ranges[3] = (ranges[3][0], ranges[3][0])
    expect(lists(f, block_ranges=ranges), "block is empty", block=3)


def test_blocks_do_not_cover_all_instructions() -> None:
    f = one_block([define(0)], [use(0)])
    g = lists(
        f,
        inst_kind=[*f.inst_kind, RET],
        inst_op_start=[*f.inst_op_start, 2],
        inst_clobber_start=[*f.inst_clobber_start, 0],
    )
    expect(g, "blocks cover instructions 0..3 but the function has 4", block=0)


def test_branch_in_middle_of_block() -> None:
    f = one_block([define(0)], [use(0)])
    expect(lists(f, inst_kind=[OP, BRANCH, RET]), "branch in the middle of the block", block=0, inst=1)


def test_block_without_terminator() -> None:
    f = one_block([define(0)], [use(0)])
    expect(lists(f, inst_kind=[OP, OP, OP]), "does not end in a branch or return", block=0, inst=2)


def test_branch_without_successors() -> None:
    f = one_block([define(0)])
    expect(lists(f, inst_kind=[OP, BRANCH]), "ends in a branch but has no successors", block=0, inst=1)


def test_return_with_successors() -> None:
    f = diamond().finish()
    kinds = list(f.inst_kind)
    kinds[f.block_inst_end[0] - 1] = RET
    expect(lists(f, inst_kind=kinds), "ends in a return but has 2 successor(s)", block=0, inst=1)


def test_successor_out_of_range() -> None:
    f = diamond().finish()
    expect(lists(f, block_succs=[[1, 7], [3], [3], []]), "successor 1 is unknown block 7", block=0, inst=1)


def test_predecessors_disagree_with_successors() -> None:
    f = diamond().finish()
    expect(lists(f, block_preds=[[], [0], [0], [1]]), "predecessors [1] disagree", "[1, 2]", block=3)


def test_branch_argument_count() -> None:
    fb = diamond()
    f = fb.finish()
    expect(
        lists(f, edge_args=[[[], []], [[]], [[1]], []]),
        "passes 0 argument(s) to block 3, which has 1 parameter(s)",
        block=1,
        inst=3,
    )


def test_branch_argument_class_mismatch() -> None:
    fb = FunctionBuilder()
    x, y = fb.vreg(FLOAT), fb.vreg(INT)
    b0, b1 = fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.op([define(x)])
    fb.branch([(b1, [x])])
    fb.start_block(b1, params=[y])
    fb.ret([use(y)])
    expect(fb.finish(), "branch argument 0 to block 1: v0 is float but parameter v1 is int", block=0, inst=1)


def test_critical_edge_names_both_blocks() -> None:
    # 0 -> {1, 2}; 1 -> 2: the edge 0 -> 2 is critical.
    fb = FunctionBuilder()
    b0, b1, b2 = fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.branch([(b1, []), (b2, [])])
    fb.start_block(b1)
    fb.branch([(b2, [])])
    fb.start_block(b2)
    fb.ret()
    expect(fb.finish(), "critical edge from block 0 to block 2", block=0, inst=0)


def test_entry_with_params() -> None:
    fb = FunctionBuilder()
    v = fb.vreg(INT)
    fb.start_block(fb.new_block(), params=[v])
    fb.ret([use(v)])
    expect(fb.finish(), "entry block has parameters", block=0)


def test_loop_back_to_entry_is_valid() -> None:
    fb = FunctionBuilder()
    v = fb.vreg(INT)
    b0, b1, b2 = fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.op([define(v)])
    fb.branch([(b1, [])])
    fb.start_block(b1)
    fb.branch([(b0, []), (b2, [])])
    fb.start_block(b2)
    fb.ret([use(v)])
    validate(fb.finish(), ENV)


def test_bad_column_lengths() -> None:
    f = one_block([define(0)])
    f.op_pos = f.op_pos[:0]
    expect(f, "column op_pos has 0 entries, expected 1")


def test_bad_vreg_class() -> None:
    f = one_block([define(0)])
    f.vreg_class[1] = 5
    expect(f, "v1 has an invalid register class 5")


# Vreg ranges and defs --------------------------------------------------------


def test_operand_vreg_out_of_range() -> None:
    expect(one_block([define(0), use(9)]), "unknown vreg 9", block=0, inst=0, operand=1)


def test_param_vreg_out_of_range() -> None:
    f = diamond().finish()
    expect(lists(f, block_params=[[], [], [], [99]]), "block parameter 0 names unknown vreg 99", block=3)


def test_branch_argument_vreg_out_of_range() -> None:
    f = diamond().finish()
    expect(
        lists(f, edge_args=[[[], []], [[99]], [[1]], []]),
        "branch argument 0 to block 3 is unknown vreg 99",
        block=1,
        inst=3,
    )


def test_vreg_defined_twice() -> None:
    expect(one_block([define(0)], [define(1), define(0)]), "v0 is defined twice", "inst 0", block=0, inst=1, operand=1)


def test_vreg_defined_twice_in_one_instruction() -> None:
    f = one_block([define(0), define(0, "reg")])
    expect(f, "v0 is defined twice by this instruction (operands 0 and 1)", block=0, inst=0, operand=1)
    f.ssa = False
    expect(f, "v0 is defined twice by this instruction", block=0, inst=0, operand=1)
    g = one_block([define(1), modify(1)])
    g.ssa = False
    expect(g, "v1 is defined twice by this instruction", block=0, inst=0, operand=1)


def test_param_also_defined_by_instruction() -> None:
    fb = diamond()
    f = fb.finish()
    f.op_vreg[0] = 2  # inst 0 now defines v2, block 3's parameter
    expect(f, "v2 is defined twice", "as a parameter of block 3 and by inst 0 in block 0", block=3)


def test_use_never_defined() -> None:
    expect(one_block([define(0), use(3)]), "use of v3, which is never defined", block=0, inst=0, operand=1)


def test_use_before_def_in_same_block() -> None:
    expect(one_block([use(0)], [define(0)]), "use of v0 before its def at inst 1", block=0, inst=0, operand=0)


def test_use_defined_by_same_instruction() -> None:
    expect(one_block([define(0), use(0)]), "which this same instruction defines", block=0, inst=0, operand=1)


def test_use_not_dominated() -> None:
    fb = diamond()
    f = fb.finish()
    # Block 2 (inst 4 is its branch) uses v0; make block 1 define it instead of block 0.
    f.op_vreg[0] = 3
    f.vreg_class.append(INT)
    f.op_vreg[2] = 0
    f.op_kind[2] = DEF
    f.op_pos[2] = LATE
    # block 2 passes v0 to block 3 now
    f.edge_args[1] = 0
    expect(f, "branch argument 0 to block 3: use of v0", "by inst 2 in block 1", "does not dominate", block=2, inst=4)


def test_operand_use_not_dominated() -> None:
    fb = FunctionBuilder()
    v = fb.vreg(INT)
    b0, b1, b2, b3 = (fb.new_block() for _ in range(4))
    fb.start_block(b0)
    fb.branch([(b1, []), (b2, [])])
    fb.start_block(b1)
    fb.op([define(v)])
    fb.branch([(b3, [])])
    fb.start_block(b2)
    fb.op([use(v)])
    fb.branch([(b3, [])])
    fb.start_block(b3)
    fb.ret()
    expect(fb.finish(), "use of v0, whose def (by inst 1 in block 1) does not dominate it", block=2, inst=3, operand=0)


def test_branch_argument_defined_by_the_branch() -> None:
    fb = FunctionBuilder()
    v, p = fb.vreg(INT), fb.vreg(INT)
    b0, b1 = fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.branch([(b1, [v])], operands=[define(v)])
    fb.start_block(b1, params=[p])
    fb.ret([use(p)])
    expect(fb.finish(), "v0 is defined by the branch itself", block=0, inst=0)


def test_use_in_unreachable_block_needs_local_def() -> None:
    fb = FunctionBuilder()
    v = fb.vreg(INT)
    b0, b1 = fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.op([define(v)])
    fb.ret([use(v)])
    fb.start_block(b1)
    fb.op([use(v)])
    fb.ret()
    expect(fb.finish(), "use of v0", "does not dominate", block=1, inst=2, operand=0)


def test_live_into_entry_non_ssa() -> None:
    fb = FunctionBuilder()
    fb.ssa = False
    v, w = fb.vreg(INT), fb.vreg(INT)
    b0, b1, b2, b3 = (fb.new_block() for _ in range(4))
    fb.start_block(b0)
    fb.op([define(w)])
    fb.branch([(b1, []), (b2, [])])
    fb.start_block(b1)
    fb.op([define(v)])
    fb.branch([(b3, [])])
    fb.start_block(b2)  # v is not written on this path
    fb.branch([(b3, [])])
    fb.start_block(b3)
    fb.ret([use(v), use(w)])
    expect(fb.finish(), "use of v0 with no reaching definition", block=3, inst=5, operand=0)


def test_non_ssa_skips_ssa_checks_but_not_structure() -> None:
    fb = FunctionBuilder()
    fb.ssa = False
    v = fb.vreg(INT)
    b0, b1, b2 = fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.op([define(v, "reg")])
    fb.branch([(b1, []), (b2, [])])  # 0 -> 2 is a critical edge
    fb.start_block(b1)
    fb.op([define(v, "reg")])  # second def of v
    fb.op([modify(v)])
    fb.branch([(b2, [])])
    fb.start_block(b2)
    fb.ret([use(v)])
    f = fb.finish()
    validate(f, ENV)
    f.inst_kind[2] = RET
    expect(f, "return in the middle of the block", block=1, inst=2)


def test_mod_operand_in_ssa() -> None:
    expect(one_block([define(0)], [modify(0)]), "only allowed in non-SSA input", block=0, inst=1, operand=0)


# Operand encodings -----------------------------------------------------------


def test_invalid_operand_kind_position_and_constraint() -> None:
    expect(one_block([Operand(0, 7, EARLY, 0)]), "invalid operand kind 7", block=0, inst=0, operand=0)
    expect(one_block([Operand(0, DEF, 4, 0)]), "invalid operand position 4", block=0, inst=0, operand=0)
    expect(one_block([Operand(0, DEF, LATE, 9)]), "invalid constraint kind 9", block=0, inst=0, operand=0)


def test_vregless_operand_must_be_fixed() -> None:
    expect(
        one_block([Operand(-1, USE, EARLY, 1)]), "without a vreg must have a fixed register", block=0, inst=0, operand=0
    )


def test_vregless_operand_on_allocatable_register() -> None:
    expect(one_block([fixed_use(R[2])]), "names allocatable register int:2", block=0, inst=0, operand=0)


def test_vregless_operands_on_nonallocatable_register_are_fine() -> None:
    validate(one_block([define(0), fixed_use(NONALLOC), fixed_def(NONALLOC)], [use(0)]), ENV)


# Reuse -------------------------------------------------------------------------


def test_reuse_index_out_of_range() -> None:
    expect(
        one_block([define(0)], [define(1, Reuse(3)), use(0)]),
        "reuse names operand 3",
        "has 2 operand",
        block=0,
        inst=1,
        operand=0,
    )


def test_reuse_of_a_def() -> None:
    expect(one_block([define(0), define(1, Reuse(0))]), "operand 0, which is not a use", block=0, inst=0, operand=1)


def test_reuse_on_a_use() -> None:
    expect(one_block([define(0)], [use(0, Reuse(1)), use(0)]), "only allowed on a def", block=0, inst=1, operand=0)


def test_reuse_of_other_class() -> None:
    fb = FunctionBuilder()
    x, y = fb.vreg(FLOAT), fb.vreg(INT)
    fb.start_block(fb.new_block())
    fb.op([define(x)])
    fb.op([define(y, Reuse(1)), use(x)])
    fb.ret()
    expect(fb.finish(), "reuse names operand 1 of class float, but v1 is int", block=0, inst=1, operand=0)


def test_reuse_of_fixed_use() -> None:
    expect(
        one_block([define(0)], [define(1, Reuse(1)), use(0, Fixed(R[1]))]),
        "operand 1, which has a fixed register",
        block=0,
        inst=1,
        operand=0,
    )


def test_two_defs_reuse_one_use() -> None:
    expect(
        one_block([define(0)], [define(1, Reuse(2)), define(2, Reuse(2)), use(0)]),
        "operands 0 and 1 both reuse operand 2",
        block=0,
        inst=1,
        operand=1,
    )


# Limit -------------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 3, 12, 128])
def test_limit_not_power_of_two_in_range(n: int) -> None:
    expect(one_block([define(0, Limit(n))]), f"limit {n} is not a power of two", block=0, inst=0, operand=0)


def test_limit_without_registers_below_it() -> None:
    env = MachineEnv(preferred=[[preg(INT, 4)], [], []])
    with pytest.raises(ValidationError, match="no allocatable int register has an index below 4"):
        validate(one_block([define(0, Limit(4))], [use(0)]), env)
    validate(one_block([define(0, Limit(8))], [use(0)]), env)


# Fixed registers -----------------------------------------------------------------


def test_fixed_register_invalid() -> None:
    expect(
        one_block([Operand(0, DEF, LATE, FIXED, 500)]),
        "fixed register 500 is not a valid register",
        block=0,
        inst=0,
        operand=0,
    )


def test_fixed_register_wrong_class() -> None:
    expect(
        one_block([define(0, Fixed(F0))]), "fixed register float:0 is not of v0's class int", block=0, inst=0, operand=0
    )


def test_fixed_scratch_register() -> None:
    expect(one_block([define(0, Fixed(SCRATCH))]), "int:15 is the scratch register", block=0, inst=0, operand=0)


def test_fixed_def_also_clobbered() -> None:
    expect(
        one_block([define(0, Fixed(R[1]))], clobbers=[R[1]]),
        "int:1 of a def is also clobbered",
        block=0,
        inst=0,
        operand=0,
    )


def test_fixed_late_use_clobbered_but_early_use_allowed() -> None:
    expect(
        one_block([define(0)], [define(1), use(0, Fixed(R[1]), pos="late")], clobbers=[R[1]]),
        "int:1 of a late use is also clobbered",
        block=0,
        inst=1,
        operand=1,
    )
    validate(one_block([define(0)], [define(1), use(0, Fixed(R[1]))], [use(1)], clobbers=None), ENV)
    f = one_block([define(0)], [use(0, Fixed(R[1]))], clobbers=[R[1]])
    validate(f, ENV)


def test_fixed_collision_of_different_vregs() -> None:
    expect(
        one_block([define(0), define(1)], [use(0, Fixed(R[2])), use(1, Fixed(R[2]))]),
        "operands 0 and 1 (different vregs) both need int:2",
        block=0,
        inst=1,
        operand=1,
    )


def test_fixed_def_collides_with_late_use() -> None:
    expect(
        one_block([define(0)], [use(0, Fixed(R[2]), pos="late"), define(1, Fixed(R[2]))]),
        "both need int:2",
        block=0,
        inst=1,
        operand=1,
    )


def test_fixed_allowed_sharing() -> None:
    # The same vreg in one register twice, and an early use and late def of one register.
    validate(one_block([define(0)], [use(0, Fixed(R[2])), use(0, Fixed(R[2])), define(1, Fixed(R[2]))]), ENV)
    # The same vreg in two different fixed registers.
    validate(one_block([define(0)], [use(0, Fixed(R[2])), use(0, Fixed(R[3]))]), ENV)
    # Fixed-stack locations and non-allocatable registers may be fixed for vregs.
    validate(one_block([define(0, Fixed(preg(INT, 32)))], [use(0, Fixed(NONALLOC))]), ENV)


def test_clobber_invalid_register() -> None:
    expect(one_block([define(0)], clobbers=[300]), "clobber 0 is not a valid register (300)", block=0, inst=0)


def test_scratch_and_unknown_registers_may_be_clobbered() -> None:
    validate(one_block([define(0)], [use(0)], clobbers=[SCRATCH, NONALLOC, preg(2, 5)]), ENV)


# Register pressure -----------------------------------------------------------------


def test_too_many_register_demands() -> None:
    defs = [define(v, "reg") for v in range(9)]
    f = one_block(defs, [use(v) for v in range(9)], nvregs=9)
    expect(f, "needs 9 int registers at its late point", "only 8 are allocatable", block=0, inst=0)


def test_pressure_counts_fixed_and_clobbers() -> None:
    # A fixed def of int:0 and a clobber of int:1 leave 6 registers at the late point.
    fixed_def_r0 = define(7, Fixed(R[0]))
    six = [define(v, "reg") for v in range(6)]
    validate(one_block([*six, fixed_def_r0], clobbers=[R[1]], nvregs=8), ENV)
    seven = [define(v, "reg") for v in range(7)]
    expect(
        one_block([*seven, fixed_def_r0], clobbers=[R[1]], nvregs=8),
        "needs 7 int registers at its late point",
        "only 6",
        "besides fixed/clobbered int:0, int:1",
        block=0,
        inst=0,
    )


def test_pressure_is_not_overstated() -> None:
    # 8 early uses + 8 late defs fit: uses free their registers before the defs are written.
    uses = [use(v, "reg") for v in range(8)]
    defs = [define(v + 8, "reg") for v in range(8)]
    validate(one_block([define(v) for v in range(8)], uses + defs, nvregs=16), ENV)
    # A reuse def shares its use's register: 8 early uses + 8 reuse defs fit too.
    reuses = [define(v + 8, Reuse(v)) for v in range(8)]
    validate(one_block([define(v) for v in range(8)], uses + reuses, nvregs=16), ENV)


def test_reused_any_use_counts_as_needing_a_register() -> None:
    # 8 early `reg` uses plus an `any` use that a reuse def names: 9 registers at the early point.
    uses = [use(v, "reg") for v in range(8)]
    reused = use(8)
    f = one_block([define(v) for v in range(9)], [*uses, reused, define(9, Reuse(8))], nvregs=10)
    expect(f, "needs 9 int registers at its early point", block=0, inst=1)


def test_reg_demand_with_no_registers_in_class() -> None:
    fb = FunctionBuilder()
    v = fb.vreg(2)  # vector: ENV has no vector registers
    fb.start_block(fb.new_block())
    fb.op([define(v, "reg")])
    fb.ret()
    expect(fb.finish(), "needs 1 vector registers", "only 0", block=0, inst=0)


# Side tables -----------------------------------------------------------------------


def test_remat_key_out_of_range() -> None:
    f = one_block([define(0)])
    f.remat[42] = "const"
    expect(f, "remat names unknown vreg 42")


def test_callee_saved_invalid() -> None:
    f = one_block([define(0)])
    f.callee_saved = [R[4], 999]
    expect(f, "callee_saved register 999 is not a valid register")
    f.callee_saved = [preg(INT, 32)]
    expect(f, "is a fixed stack location")


def test_debug_labels() -> None:
    f = one_block([define(0)], [use(0)])
    f.debug_labels = [(0, 0, 2, 1)]
    validate(f, ENV)
    f.debug_labels = [(0, 0, 2, 1), (7, 0, 1, 2)]
    expect(f, "debug label 1 names unknown vreg 7")
    f.debug_labels = [(0, 2, 1, 1)]
    expect(f, "debug label 0 has a bad instruction range 2..1")


def test_invalid_env_is_reported() -> None:
    env = MachineEnv(preferred=[[R[0]], [], []], non_preferred=[[R[0]], [], []])
    with pytest.raises(EnvError, match="int:0 is both preferred and non_preferred"):
        validate(one_block([define(0)]), env)


# The shared corpus ----------------------------------------------------------------


def corpus_validates(name: str, count: int) -> None:
    paths = sorted(glob.glob(f"{SHARED_CORPUS}/{name}/*.json"))
    assert len(paths) == count
    for path in paths:
        with open(path) as fh:
            func, env = function_from_json(json.load(fh), path)
        validate(func, env)


def test_regalloc2_small_corpus_validates() -> None:
    corpus_validates("regalloc2-small", 500)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "count"), [("regalloc2-medium", 200), ("regalloc2-large", 50)])
def test_regalloc2_bigger_corpora_validate(name: str, count: int) -> None:
    corpus_validates(name, count)
