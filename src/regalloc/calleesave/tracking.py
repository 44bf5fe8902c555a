"""Finding the saves and restores of callee-saved registers in an allocation.

A forward data-flow pass follows each callee-saved register's entry value
through the result's edits (an instruction's defs and clobbers destroy the
locations they write); an edit that copies the value out of its register is a
save, one that copies it back into its register a restore.
"""

from __future__ import annotations

from regalloc.analysis.cfg import reverse_postorder
from regalloc.env import MachineEnv
from regalloc.function import USE, Function
from regalloc.regs import NUM_PREGS, STACK_BASE, preg_class
from regalloc.result import MOVE, PAIR, AllocationResult, unpack_pair

# Location key -> the callee-saved register whose entry value it holds.
Holding = dict[int, int]


def _keys(env: MachineEnv, a: int, cls: int) -> range:
    return range(a, a + env.spillslot_size[cls]) if a >= STACK_BASE else range(a, a + 1)


def _apply(env: MachineEnv, state: Holding, kind: int, src: int, dst: int) -> list[int]:
    """Apply one edit; return the registers whose entry values it copies to a new place."""
    if kind == MOVE:
        pairs = [(src, dst)]
    elif kind == PAIR:
        pairs = list(zip(unpack_pair(src), unpack_pair(dst), strict=True))
    else:
        state.pop(dst, None)
        return []
    values = [state.get(s, -1) for s, _d in pairs]
    copied: list[int] = []
    for (s, d), value in zip(pairs, values, strict=True):
        cls = preg_class(s) if s < STACK_BASE else preg_class(d)
        for key in _keys(env, d, cls):
            state.pop(key, None)
        if value >= 0:
            state[d] = value
            if d != s:
                copied.append(value)
    return copied


def find_save_restore_edits(
    func: Function, env: MachineEnv, result: AllocationResult, registers: list[int]
) -> dict[int, list[int]]:
    """Per register of ``registers``: indices into ``result.edits`` of the edits
    that save its entry value elsewhere or restore it into the register."""
    return follow_entry_values(func, env, result, registers)[0]


def follow_entry_values(
    func: Function, env: MachineEnv, result: AllocationResult, registers: list[int]
) -> tuple[dict[int, list[int]], list[bool]]:
    """:func:`find_save_restore_edits`, and per edit whether it is a no-op: a move
    of an entry value into a register that holds it on every path there."""
    edits = result.edits
    by_inst: list[list[int]] = [[] for _ in range(func.num_insts)]
    for idx, e in enumerate(edits):
        by_inst[e[0] >> 1].append(idx)
    on_edge: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
    for pred, succ, kind, src, dst in result.edge_edits:
        on_edge.setdefault((pred, succ), []).append((kind, src, dst))
    found: dict[int, set[int]] = {p: set() for p in registers}
    no_op = [False] * len(edits)

    def visit(state: Holding, idx: int, record: bool) -> None:
        _p, kind, src, dst = edits[idx]
        # Only register destinations: a multi-slot value's other slots are not tracked.
        if record and kind == MOVE and dst < NUM_PREGS and state.get(dst, -1) == state.get(src, -2):
            no_op[idx] = True
        for reg in _apply(env, state, kind, src, dst):
            if record:
                found[reg].add(idx)

    def run_block(b: int, state: Holding, record: bool) -> Holding:
        state = dict(state)
        for i in range(func.block_inst_start[b], func.block_inst_end[b]):
            for idx in [j for j in by_inst[i] if not edits[j][0] & 1]:
                visit(state, idx, record)
            for p in func.clobbers_of(i):
                state.pop(p, None)
            for o in func.inst_operands(i):
                a = result.allocs[o]
                if func.op_kind[o] != USE and a >= 0:
                    v = func.op_vreg[o]
                    cls = func.vreg_class[v] if v >= 0 else preg_class(a) if a < NUM_PREGS else 0
                    for key in _keys(env, a, cls):
                        state.pop(key, None)
            for idx in [j for j in by_inst[i] if edits[j][0] & 1]:
                visit(state, idx, record)
        return state

    order = reverse_postorder(func)
    entry_states: list[Holding | None] = [None] * func.num_blocks
    entry_states[func.entry] = {p: p for p in registers}
    changed = True
    while changed:
        changed = False
        for b in order:
            state_in = entry_states[b]
            if state_in is None:
                continue
            out = run_block(b, state_in, False)
            for s in func.succs_of(b):
                arriving = out
                moves = on_edge.get((b, s))
                if moves:
                    arriving = dict(out)
                    for kind, src, dst in moves:
                        _apply(env, arriving, kind, src, dst)
                old = entry_states[s]
                new = dict(arriving) if old is None else {k: v for k, v in old.items() if arriving.get(k) == v}
                if new != old:
                    entry_states[s] = new
                    changed = True
    for b in order:
        state_in = entry_states[b]
        if state_in is not None:
            run_block(b, state_in, True)
    return {p: sorted(found[p] - {j for j in found[p] if no_op[j]}) for p in registers}, no_op
