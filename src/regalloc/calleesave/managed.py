"""Managed callee-saved mode: the allocator treats each callee-saved register's
incoming value as an ordinary value live from the entry to every return.

:func:`add_entry_values` appends a new entry block (after all original blocks,
so original block, instruction and operand numbering of everything before the
returns stays put) whose pseudo-instruction defines one vreg per callee-saved
register, fixed in that register, then jumps to the old entry; every return
gains an early use of each such vreg fixed in its register.  The allocator
then keeps the value in place where the register is not needed, and moves it
to a slot or another register only around the spans that need the register,
so the saves and restores land only on the paths that need them.
:func:`map_to_original` maps the allocation back: the added operands vanish and
edits from the new block move to the point before the original entry's first
instruction.
"""

from __future__ import annotations

from dataclasses import dataclass

from regalloc.calleesave.placement import entry_point, merge_edits
from regalloc.function import DEF, EARLY, FIXED, LATE, RET, USE, Function, function_from_lists
from regalloc.regs import preg_class
from regalloc.result import AllocationResult, Edit


@dataclass
class EntryValues:
    """A function with callee-saved entry values made explicit, and how to map back."""

    func: Function
    registers: list[int]
    # op_map[o]: the transformed function's index of original operand o.
    op_map: list[int]
    new_block: int
    first_new_inst: int


def add_entry_values(func: Function, registers: list[int]) -> EntryValues:
    """``func`` with a new entry block defining one vreg per register of ``registers``
    (fixed there) and every return using them (fixed there, early)."""
    entry_point(func, "managed")
    nb = func.num_blocks
    ni = func.num_insts
    first_vreg = func.num_vregs
    vreg_class = list(func.vreg_class) + [preg_class(p) for p in registers]
    op_columns: tuple[list[int], list[int], list[int], list[int], list[int]] = ([], [], [], [], [])
    op_vreg, op_kind, op_pos, op_con, op_arg = op_columns
    inst_op_start = [0]
    op_map: list[int] = []

    def add_operand(vreg: int, kind: int, pos: int, con: int, arg: int) -> None:
        op_vreg.append(vreg)
        op_kind.append(kind)
        op_pos.append(pos)
        op_con.append(con)
        op_arg.append(arg)

    for i in range(ni):
        for o in func.inst_operands(i):
            op_map.append(len(op_vreg))
            add_operand(func.op_vreg[o], func.op_kind[o], func.op_pos[o], func.op_con[o], func.op_arg[o])
        if func.inst_kind[i] == RET:
            for k, p in enumerate(registers):
                add_operand(first_vreg + k, USE, EARLY, FIXED, p)
        inst_op_start.append(len(op_vreg))
    for k, p in enumerate(registers):
        add_operand(first_vreg + k, DEF, LATE, FIXED, p)
    inst_op_start.append(len(op_vreg))
    inst_op_start.append(len(op_vreg))  # the jump has no operands

    block_succs = [func.succs_of(b) for b in range(nb)] + [[func.entry]]
    block_preds = [func.preds_of(b) for b in range(nb)] + [[]]
    block_preds[func.entry] = [nb]
    edge_args = [[func.branch_args(b, j) for j in range(len(block_succs[b]))] for b in range(nb)] + [[[]]]
    mnemonics = None if func.mnemonics is None else [*func.mnemonics, "callee-saved-entry", "jump"]
    transformed = function_from_lists(
        name=func.name,
        vreg_class=vreg_class,
        entry=nb,
        block_ranges=[(func.block_inst_start[b], func.block_inst_end[b]) for b in range(nb)] + [(ni, ni + 2)],
        block_params=[func.params_of(b) for b in range(nb)] + [[]],
        block_succs=block_succs,
        block_preds=block_preds,
        edge_args=edge_args,
        inst_kind=[*func.inst_kind, 0, 1],
        inst_op_start=inst_op_start,
        op_columns=op_columns,
        inst_clobber_start=list(func.inst_clobber_start) + [len(func.clobbers)] * 2,
        clobbers=list(func.clobbers),
        remat=dict(func.remat),
        callee_saved=None if func.callee_saved is None else list(func.callee_saved),
        debug_labels=list(func.debug_labels),
        mnemonics=mnemonics,
        ssa=func.ssa,
    )
    return EntryValues(transformed, list(registers), op_map, nb, ni)


def map_to_original(func: Function, ev: EntryValues, result: AllocationResult) -> AllocationResult:
    """The allocation of ``func`` that ``result`` (an allocation of ``ev.func``) implies.

    Edits in the added block, and edge edits on its edge to the old entry, run
    once before the original entry's first instruction, ahead of the edits
    already there.
    """
    start = entry_point(func, "managed")
    moved: list[Edit] = []
    kept: list[Edit] = []
    new_index = [-1] * len(result.edits)
    for idx, (p, kind, src, dst) in enumerate(result.edits):
        if p >> 1 >= ev.first_new_inst:
            new_index[idx] = -2 - len(moved)
            moved.append((start, kind, src, dst))
        else:
            new_index[idx] = len(kept)
            kept.append((p, kind, src, dst))
    edge_edits: list[tuple[int, int, int, int, int]] = []
    for pred, succ, kind, src, dst in result.edge_edits:
        if pred == ev.new_block:
            moved.append((start, kind, src, dst))
        else:
            edge_edits.append((pred, succ, kind, src, dst))
    edits, kept_index, moved_index = merge_edits(kept, moved, [])
    final_index = [kept_index[j] if j >= 0 else moved_index[-2 - j] for j in new_index]
    limit = 2 * func.num_insts
    debug_locations = [
        (label, lo, min(hi, limit), a) for label, lo, hi, a in result.debug_locations if lo < min(hi, limit)
    ]
    return AllocationResult(
        allocs=[result.allocs[o] for o in ev.op_map],
        edits=edits,
        num_spillslots=result.num_spillslots,
        algorithm=result.algorithm,
        clobbered_callee_saved=None,
        debug_locations=debug_locations,
        stats=dict(result.stats),
        callee_saved_edits={p: [final_index[j] for j in ix] for p, ix in result.callee_saved_edits.items()},
        edge_edits=edge_edits,
    )
