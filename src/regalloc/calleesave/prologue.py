"""Prologue callee-saved mode: the conventional shape some ABIs demand.

After a normal allocation, every callee-saved register the code writes is
stored to a fresh spill slot before the entry's first instruction and
reloaded before every return.  Slots of one class are consecutive, so saves
and restores of the same class can pair up (:mod:`regalloc.calleesave.pairing`).
"""

from __future__ import annotations

from regalloc.calleesave.placement import entry_point, merge_edits
from regalloc.calleesave.report import written_registers
from regalloc.env import MachineEnv
from regalloc.errors import AllocationError
from regalloc.function import ANY, LIMIT, RET, STACK, Function
from regalloc.regs import alloc_str, preg_class, preg_index, stack_alloc
from regalloc.result import BEFORE, MOVE, AllocationResult, Edit, point


def _new_slot(num_spillslots: int, size: int) -> int:
    """The first ``size``-aligned slot at or past ``num_spillslots``."""
    return (num_spillslots + size - 1) // size * size


def _evacuation_target(func: Function, env: MachineEnv, i: int, o: int, a: int, busy: set[int]) -> int:
    """A register for return operand ``o`` that no return needs preserved, -1 for a
    fresh slot; an :class:`AllocationError` when its constraint allows neither."""
    con = func.op_con[o]
    cls = func.vreg_class[func.op_vreg[o]]
    if con != STACK:
        limit = func.op_arg[o] if con == LIMIT else 64
        callee_saved = set(func.callee_saved or [])
        for r in env.allocatable(cls):
            if r not in busy and r not in callee_saved and preg_index(r) < limit:
                return r
    if con in (ANY, STACK):
        return -1
    raise AllocationError(
        f"prologue mode: the return operand sits in callee-saved {alloc_str(a)} and no "
        "caller-saved register is free to take it before the restore",
        inst=i,
        operand=o - func.inst_op_start[i],
    )


def add_prologue_saves(
    func: Function, env: MachineEnv, result: AllocationResult, *, only: list[int] | None = None
) -> AllocationResult:
    """``result`` plus a save of each written callee-saved register at the entry and a
    restore before each return; ``callee_saved_edits`` records them.

    A return operand the allocator placed in such a register is moved, just
    before the restore, to a free caller-saved register (or a fresh slot if its
    constraint allows one): at a return nothing else is live.  ``only`` limits the
    saves to those registers.
    """
    written = written_registers(func, result)
    candidates = func.callee_saved if only is None else only
    saved = [p for p in (candidates or []) if (written >> p) & 1]
    if not saved:
        return result
    start = entry_point(func, "prologue")
    num_slots = result.num_spillslots
    allocs = list(result.allocs)
    slot_of: dict[int, int] = {}
    for cls in sorted({preg_class(p) for p in saved}):
        size = env.spillslot_size[cls]
        for p in saved:
            if preg_class(p) == cls:
                slot = _new_slot(num_slots, size)
                slot_of[p] = slot
                num_slots = slot + size
    saves: list[Edit] = [(start, MOVE, p, stack_alloc(slot_of[p])) for p in saved]
    restores: list[Edit] = []
    restore_owner: list[int] = []
    for i in range(func.num_insts):
        if func.inst_kind[i] != RET:
            continue
        before = point(i, BEFORE)
        busy = {allocs[o] for o in func.inst_operands(i)}
        for o in func.inst_operands(i):
            a = allocs[o]
            if a not in slot_of or func.op_vreg[o] < 0:
                continue
            target = _evacuation_target(func, env, i, o, a, busy)
            if target < 0:
                size = env.spillslot_size[preg_class(a)]
                slot = _new_slot(num_slots, size)
                num_slots = slot + size
                target = stack_alloc(slot)
            busy.add(target)
            restores.append((before, MOVE, a, target))
            restore_owner.append(-1)
            allocs[o] = target
        for p in saved:
            restores.append((before, MOVE, stack_alloc(slot_of[p]), p))
            restore_owner.append(p)
    edits, existing_index, added_index = merge_edits(result.edits, saves, restores)
    callee_saved_edits = {p: [existing_index[j] for j in ix] for p, ix in result.callee_saved_edits.items()}
    for k, p in enumerate(saved):
        callee_saved_edits.setdefault(p, []).append(added_index[k])
    for k, p in enumerate(restore_owner):
        if p >= 0:
            callee_saved_edits[p].append(added_index[len(saves) + k])
    return AllocationResult(
        allocs=allocs,
        edits=edits,
        num_spillslots=num_slots,
        algorithm=result.algorithm,
        clobbered_callee_saved=result.clobbered_callee_saved,
        debug_locations=result.debug_locations,
        stats=dict(result.stats),
        callee_saved_edits={p: sorted(ix) for p, ix in callee_saved_edits.items()},
        edge_edits=list(result.edge_edits),
    )
