"""Checks that need no data flow: result shape, operand constraints, collisions
inside one instruction, well-formed edits and the callee-saved report.

Every check here runs on every instruction, reachable or not.
"""

from __future__ import annotations

from regalloc.checker.locations import covered, is_memory, is_preg, location_problem, slot_problem
from regalloc.env import MachineEnv
from regalloc.errors import CheckerError
from regalloc.function import (
    ANY,
    DEF,
    EARLY,
    FIXED,
    LIMIT,
    OP,
    REG,
    REUSE,
    STACK,
    USE,
    Function,
)
from regalloc.regs import CLASS_NAMES, NUM_PREGS, STACK_BASE, alloc_str, preg_class, preg_index, pregs_of_mask
from regalloc.result import EDIT_KIND_NAMES, MOVE, PAIR, POINT_POS_NAMES, REMAT, AllocationResult, unpack_pair

# Occupancy of an operand's location within its instruction (see docs/SEMANTICS.md).
OCC_EARLY = 1
OCC_LATE = 2


def point_str(p: int) -> str:
    """``'before inst 7'`` / ``'after inst 7'`` for program point ``p``."""
    return f"{POINT_POS_NAMES[p & 1]} inst {p >> 1}"


def occupancy(kind: int, pos: int) -> int:
    """The sub-points (bitset of OCC_EARLY/OCC_LATE) an operand occupies its location."""
    if kind == USE:
        return OCC_EARLY if pos == EARLY else OCC_EARLY | OCC_LATE
    if kind == DEF:
        return OCC_EARLY | OCC_LATE if pos == EARLY else OCC_LATE
    return OCC_EARLY | OCC_LATE  # MOD reads early and writes late in one location


def operand_str(func: Function, o: int) -> str:
    """``'late def v4'`` for global operand ``o``."""
    kind = ("use", "def", "mod")[func.op_kind[o]]
    return f"{('early', 'late')[func.op_pos[o]]} {kind} v{func.op_vreg[o]}"


def check_shape(func: Function, result: AllocationResult) -> None:
    """The result has one allocation per operand and a sane slot count."""
    if len(result.allocs) != func.num_operands:
        raise CheckerError(
            f"the result has {len(result.allocs)} operand allocations but the function has {func.num_operands} operands"
        )
    if result.num_spillslots < 0:
        raise CheckerError(f"num_spillslots is negative ({result.num_spillslots})")


def _constraint_problem(
    func: Function, env: MachineEnv, result: AllocationResult, o: int, op_start: int, op_end: int
) -> str:
    """Why operand ``o``'s allocation breaks its constraint or class ('' if it does not)."""
    allocs = result.allocs
    a = allocs[o]
    v = func.op_vreg[o]
    con = func.op_con[o]
    arg = func.op_arg[o]
    cls = func.vreg_class[v]
    problem = location_problem(env, result.num_spillslots, a, cls)
    if problem:
        return problem
    if a == env.scratch[cls]:
        return f"{alloc_str(a)} is the scratch register, which no operand may use"
    reg_ok = is_preg(a) and (env.allocatable_mask[cls] >> a) & 1 == 1
    desc = alloc_str(a)
    if con == ANY:
        if a >= STACK_BASE or reg_ok:
            return ""
        return f"constraint any: {desc} is neither an allocatable {CLASS_NAMES[cls]} register nor a spill slot"
    if con == REG:
        return "" if reg_ok else f"constraint reg: {desc} is not an allocatable {CLASS_NAMES[cls]} register"
    if con == STACK:
        return "" if a >= STACK_BASE else f"constraint stack: {desc} is not a spill slot"
    if con == FIXED:
        return "" if a == arg else f"constraint fixed {alloc_str(arg)}: allocated to {desc}"
    if con == REUSE:
        target = op_start + arg
        if not op_start <= target < op_end:
            return f"constraint reuse {arg}: the instruction has no operand {arg}"
        if not is_preg(a) or is_memory(env, a):
            return f"constraint reuse {arg}: {desc} is not a register"
        if allocs[target] != a:
            return f"constraint reuse {arg}: allocated to {desc} but operand {arg} is in {alloc_str(allocs[target])}"
        return ""
    if con == LIMIT:
        if not reg_ok:
            return f"constraint limit {arg}: {desc} is not an allocatable {CLASS_NAMES[cls]} register"
        if preg_index(a) >= arg:
            return f"constraint limit {arg}: {desc} has index {preg_index(a)}, not below {arg}"
        return ""
    return f"unknown constraint kind {con}"


def _exempt(func: Function, o1: int, o2: int, op_start: int) -> bool:
    """Whether two operands of one instruction may share a location at the same time."""
    if func.op_kind[o1] == USE and func.op_kind[o2] == USE and func.op_vreg[o1] == func.op_vreg[o2]:
        return True
    for d, u in ((o1, o2), (o2, o1)):
        if func.op_kind[d] == DEF and func.op_con[d] == REUSE and op_start + func.op_arg[d] == u:
            return True
    return False


def check_operands(func: Function, env: MachineEnv, result: AllocationResult) -> None:
    """Constraints of every operand, collisions between operands, and clobbers."""
    allocs = result.allocs
    op_vreg = func.op_vreg
    op_kind = func.op_kind
    op_pos = func.op_pos
    op_con = func.op_con
    op_arg = func.op_arg
    vreg_class = func.vreg_class
    inst_op_start = func.inst_op_start
    clobber_masks = func.inst_clobber_mask
    for i in range(func.num_insts):
        op_start = inst_op_start[i]
        op_end = inst_op_start[i + 1]
        clobber_mask = clobber_masks[i]
        block = func.inst_block[i]
        # State key -> operands occupying it so far, for collision checks.
        occupants: dict[int, list[int]] = {}
        for o in range(op_start, op_end):
            a = allocs[o]
            v = op_vreg[o]
            if v < 0:
                if op_con[o] != FIXED:
                    raise CheckerError(
                        "vreg-less operand without a fixed constraint", inst=i, operand=o - op_start, block=block
                    )
                if a != op_arg[o]:
                    raise CheckerError(
                        f"vreg-less fixed operand must be allocated to {alloc_str(op_arg[o])}, got {alloc_str(a)}",
                        inst=i,
                        operand=o - op_start,
                        block=block,
                    )
                continue
            problem = _constraint_problem(func, env, result, o, op_start, op_end)
            if problem:
                raise CheckerError(f"{operand_str(func, o)}: {problem}", inst=i, operand=o - op_start, block=block)
            occ = occupancy(op_kind[o], op_pos[o])
            if occ & OCC_LATE and a < NUM_PREGS and (clobber_mask >> a) & 1:
                raise CheckerError(
                    f"{operand_str(func, o)} is in {alloc_str(a)}, which the instruction clobbers",
                    inst=i,
                    operand=o - op_start,
                    block=block,
                )
            for key in covered(env, a, vreg_class[v]):
                sharing = occupants.get(key)
                if sharing is None:
                    occupants[key] = [o]
                    continue
                for other in sharing:
                    _check_pair(func, result, i, op_start, other, o)
                sharing.append(o)


def _check_pair(func: Function, result: AllocationResult, i: int, op_start: int, o1: int, o2: int) -> None:
    """Operands ``o1`` and ``o2`` share a state key: an error unless allowed to."""
    occ1 = occupancy(func.op_kind[o1], func.op_pos[o1])
    occ2 = occupancy(func.op_kind[o2], func.op_pos[o2])
    if occ1 & occ2 == 0 or _exempt(func, o1, o2, op_start):
        return
    sub = "early" if occ1 & occ2 & OCC_EARLY else "late"
    raise CheckerError(
        f"operands {o1 - op_start} ({operand_str(func, o1)} in {alloc_str(result.allocs[o1])}) and "
        f"{o2 - op_start} ({operand_str(func, o2)} in {alloc_str(result.allocs[o2])}) collide at the {sub} point",
        inst=i,
        operand=o2 - op_start,
        block=func.inst_block[i],
    )


def move_class(src: int, dst: int) -> int:
    """The class of a move's value: that of its register end (source if both are pregs)."""
    return preg_class(src) if src < STACK_BASE else preg_class(dst)


def _move_problem(env: MachineEnv, num_spillslots: int, src: int, dst: int) -> str:
    """Why ``src -> dst`` is not a legal move ('' if it is)."""
    for a in (src, dst):
        if a < 0 or NUM_PREGS <= a < STACK_BASE:
            return f"{alloc_str(a) if a < 0 else a} is not a location"
    if is_memory(env, src) and is_memory(env, dst):
        return f"stack-to-stack move {alloc_str(src)} -> {alloc_str(dst)}"
    if src < STACK_BASE and dst < STACK_BASE and preg_class(src) != preg_class(dst):
        return f"move {alloc_str(src)} -> {alloc_str(dst)} crosses register classes"
    cls = move_class(src, dst)
    for a in (src, dst):
        if a >= STACK_BASE:
            problem = slot_problem(env, num_spillslots, a, cls)
            if problem:
                return problem
    return ""


def _block_last_inst(func: Function) -> list[bool]:
    """Per instruction: whether it ends its block (no edit may follow it)."""
    last = [False] * func.num_insts
    for b in range(func.num_blocks):
        end = func.block_inst_end[b]
        if func.block_inst_start[b] < end <= func.num_insts:
            last[end - 1] = True
    for i, kind in enumerate(func.inst_kind):
        if kind != OP:
            last[i] = True
    return last


def _pair_str(src: int, dst: int) -> str:
    src1, src2 = unpack_pair(src)
    dst1, dst2 = unpack_pair(dst)
    return f"pair {alloc_str(src1)}, {alloc_str(src2)} -> {alloc_str(dst1)}, {alloc_str(dst2)}"


def _edit_problem(func: Function, env: MachineEnv, num_spillslots: int, kind: int, src: int, dst: int) -> str:
    """Why one edit is malformed ('' if it is not)."""
    if kind == MOVE:
        return _move_problem(env, num_spillslots, src, dst)
    if kind == REMAT:
        if not 0 <= src < func.num_vregs:
            return f"remat of unknown vreg {src}"
        if src not in func.remat:
            return f"v{src} is not rematerializable"
        if not is_preg(dst) or is_memory(env, dst):
            return f"remat of v{src} into {alloc_str(dst)}, which is not a register"
        if preg_class(dst) != func.vreg_class[src]:
            return f"remat of {CLASS_NAMES[func.vreg_class[src]]} v{src} into {alloc_str(dst)}"
        return ""
    if kind == PAIR:
        src1, src2 = unpack_pair(src)
        dst1, dst2 = unpack_pair(dst)
        for s, d in ((src1, dst1), (src2, dst2)):
            problem = _move_problem(env, num_spillslots, s, d)
            if problem:
                return f"{_pair_str(src, dst)}: {problem}"
        src_mem = (is_memory(env, src1), is_memory(env, src2))
        dst_mem = (is_memory(env, dst1), is_memory(env, dst2))
        if not (src_mem == (False, False) and dst_mem == (True, True)) and not (
            src_mem == (True, True) and dst_mem == (False, False)
        ):
            return f"{_pair_str(src, dst)} is neither two stores nor two loads"
        keys1 = covered(env, dst1, move_class(src1, dst1))
        keys2 = covered(env, dst2, move_class(src2, dst2))
        if keys1.start < keys2.stop and keys2.start < keys1.stop:
            return f"{_pair_str(src, dst)} writes overlapping locations"
        return ""
    return f"unknown edit kind {kind}"


def check_edits(func: Function, env: MachineEnv, result: AllocationResult) -> None:
    """Edits are sorted, at valid points, never after a block's last instruction, and well formed."""
    num_points = 2 * func.num_insts
    last = _block_last_inst(func)
    prev = -1
    for idx, (p, kind, src, dst) in enumerate(result.edits):
        if not 0 <= p < num_points:
            raise CheckerError(f"edit {idx} is at point {p}, outside the function (0..{num_points - 1})")
        i = p >> 1
        if p < prev:
            problem = f"edits are not sorted by point (the previous edit is {point_str(prev)})"
        elif p & 1 and last[i]:
            problem = "edit after the last instruction of its block (it could never run)"
        else:
            problem = _edit_problem(func, env, result.num_spillslots, kind, src, dst)
        if problem:
            kind_name = EDIT_KIND_NAMES[kind] if 0 <= kind < len(EDIT_KIND_NAMES) else f"kind {kind}"
            raise CheckerError(f"edit {idx} ({kind_name} {point_str(p)}): {problem}", inst=i, block=func.inst_block[i])
        prev = p


def check_edge_edits(func: Function, env: MachineEnv, result: AllocationResult) -> None:
    """Edge edits (results for non-SSA input) name a real CFG edge and are well formed."""
    nb = func.num_blocks
    for idx, (pred, succ, kind, src, dst) in enumerate(result.edge_edits):
        kind_name = EDIT_KIND_NAMES[kind] if 0 <= kind < len(EDIT_KIND_NAMES) else f"kind {kind}"
        where = f"edge edit {idx} ({kind_name} on edge {pred} -> {succ})"
        if not (0 <= pred < nb and 0 <= succ < nb) or succ not in func.succs_of(pred):
            raise CheckerError(f"{where}: there is no such edge in the function")
        problem = _edit_problem(func, env, result.num_spillslots, kind, src, dst)
        if problem:
            raise CheckerError(f"{where}: {problem}", block=pred)


def check_debug_locations(func: Function, env: MachineEnv, result: AllocationResult) -> None:
    """Debug locations are sorted by label and start, disjoint per label, within the function."""
    num_points = 2 * func.num_insts
    prev_label = -1
    prev_end = -1
    for idx, (label, start, end, a) in enumerate(result.debug_locations):
        where = f"debug location {idx} (label {label})"
        if not 0 <= start <= end <= num_points:
            raise CheckerError(f"{where}: range {start}..{end} is not within the function's points 0..{num_points}")
        if a < 0 or NUM_PREGS <= a < STACK_BASE or (a >= STACK_BASE and a - STACK_BASE >= result.num_spillslots):
            raise CheckerError(f"{where}: {alloc_str(a) if a >= 0 else 'none'} is not a valid location")
        if label < prev_label:
            raise CheckerError(f"{where}: not sorted by label")
        if label == prev_label and start < prev_end:
            raise CheckerError(f"{where}: overlaps or precedes the previous range of the same label")
        prev_label = label
        prev_end = end


def written_pregs(func: Function, env: MachineEnv, result: AllocationResult) -> int:
    """Bitset of the pregs the allocated code writes: defs, edit destinations, clobbers.

    A move from a register to itself does not count (it changes nothing).
    """
    mask = 0
    allocs = result.allocs
    for o in range(func.num_operands):
        if func.op_kind[o] != USE and 0 <= allocs[o] < NUM_PREGS:
            mask |= 1 << allocs[o]
    for clobber_mask in func.inst_clobber_mask:
        mask |= clobber_mask
    edge_edits = [(kind, src, dst) for _p, _s, kind, src, dst in result.edge_edits]
    for kind, src, dst in [(kind, src, dst) for _p, kind, src, dst in result.edits] + edge_edits:
        if kind == MOVE and src == dst:
            continue  # a no-op move leaves the register's value alone
        dsts = unpack_pair(dst) if kind == PAIR else (dst, dst)
        for d in dsts:
            if 0 <= d < NUM_PREGS:
                mask |= 1 << d
    return mask


def check_callee_saved(func: Function, env: MachineEnv, result: AllocationResult) -> None:
    """``clobbered_callee_saved`` names exactly the callee-saved pregs the code writes."""
    if result.clobbered_callee_saved is None or func.callee_saved is None:
        return
    callee_saved = 0
    for p in func.callee_saved:
        callee_saved |= 1 << p
    expected = written_pregs(func, env, result) & callee_saved
    reported = 0
    for p in result.clobbered_callee_saved:
        if not 0 <= p < NUM_PREGS:
            raise CheckerError(f"clobbered_callee_saved names {p}, which is not a register")
        reported |= 1 << p
    if reported != expected:
        missing = ", ".join(alloc_str(p) for p in pregs_of_mask(expected & ~reported))
        extra = ", ".join(alloc_str(p) for p in pregs_of_mask(reported & ~expected))
        parts = []
        if missing:
            parts.append(f"written but not reported: {missing}")
        if extra:
            parts.append(f"reported but never written: {extra}")
        raise CheckerError("clobbered_callee_saved is wrong: " + "; ".join(parts))
