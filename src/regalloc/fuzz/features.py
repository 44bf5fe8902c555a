"""Which hard features a function exercises, counted from the function itself.

The fuzz tests use this to prove the generator reaches every case it is meant
to (irreducible loops, reuse of a value also needed elsewhere, pressure above
the register count, ...).  Counts are read off the finished function and
environment, not taken from the generator's intentions.

>>> from regalloc.fuzz.generator import GenConfig, generate
>>> counts = feature_counts(*generate(1, GenConfig.preset("medium")))
>>> counts["blocks"] > 0 and set(FEATURES) <= set(counts)
True
"""

from __future__ import annotations

from regalloc.analysis.cfg import DomTree
from regalloc.analysis.liveness import compute_liveness
from regalloc.analysis.loops import find_loops
from regalloc.env import MachineEnv
from regalloc.function import ANY, DEF, EARLY, FIXED, LATE, LIMIT, REUSE, STACK, USE, Function
from regalloc.regs import FLOAT, INT, NUM_CLASSES, VECTOR

FEATURES = (
    "blocks",
    "straight_line",
    "join",
    "natural_loop",
    "nested_loop",
    "irreducible",
    "loop_to_entry",
    "join_params",
    "header_params",
    "param_cycle",
    "layout_not_rpo",
    "switch",
    "early_return",
    "fixed_use",
    "fixed_def",
    "call",
    "clobbered_early_fixed_use",
    "early_def",
    "late_use",
    "reuse",
    "reuse_of_any",
    "reuse_of_live_value",
    "stack",
    "limit",
    "vregless_fixed",
    "fixed_stack_operand",
    "clobbers",
    "class_int",
    "class_float",
    "class_vector",
    "pressure_over_regs",
    "remat",
    "callee_saved",
    "same_vreg_twice",
    "same_vreg_two_fixed",
    "scratch",
    "no_scratch",
    "slot_size_2",
    "small_register_file",
    "used_after_loop",
    "branch_operands",
)


def feature_counts(func: Function, env: MachineEnv) -> dict[str, int]:
    """Per feature in :data:`FEATURES`, how often ``func`` (with ``env``) exhibits it."""
    c = dict.fromkeys(FEATURES, 0)
    nb = func.num_blocks
    dom = DomTree(func)
    loops = find_loops(func, dom)
    c["blocks"] = nb
    if nb == 1:
        c["straight_line"] = 1
    for b in range(nb):
        preds = func.preds_of(b)
        succs = func.succs_of(b)
        is_header = loops.header_loop[b] >= 0
        if len(preds) >= 2 and not is_header:
            c["join"] += 1
            c["join_params"] += bool(func.params_of(b))
        if is_header and func.params_of(b):
            c["header_params"] += 1
        if len(succs) >= 3:
            c["switch"] += 1
        if not succs and b != nb - 1:
            c["early_return"] += 1
        for j, s in enumerate(succs):
            sp = func.params_of(s)
            args = func.branch_args(b, j)
            if any(a in sp and sp.index(a) != k for k, a in enumerate(args)):
                c["param_cycle"] += 1
            rs, rb = dom.rpo_index[s], dom.rpo_index[b]
            if 0 <= rs <= rb and not dom.dominates(s, b):
                c["irreducible"] += 1
    for loop in range(loops.num_loops):
        c["natural_loop"] += 1
        if loops.loop_parent[loop] >= 0:
            c["nested_loop"] += 1
    if func.preds_of(func.entry):
        c["loop_to_entry"] = 1
    if dom.rpo != list(range(nb)):
        c["layout_not_rpo"] = 1
    def_block = [-1] * func.num_vregs
    for b in range(nb):
        for p in func.params_of(b):
            def_block[p] = b
    _count_operands(func, env, c, def_block)
    _count_loop_escapes(func, loops.block_loop, loops.loop_parent, def_block, c)
    _count_pressure(func, env, c)
    c["remat"] = len(func.remat)
    c["callee_saved"] = int(func.callee_saved is not None)
    for cls, key in ((INT, "class_int"), (FLOAT, "class_float"), (VECTOR, "class_vector")):
        c[key] = sum(1 for k in func.vreg_class if k == cls)
    used_classes = set(func.vreg_class)
    for cls in used_classes:
        if env.scratch[cls] >= 0:
            c["scratch"] += 1
        else:
            c["no_scratch"] += 1
        if env.spillslot_size[cls] == 2:
            c["slot_size_2"] += 1
        if 3 <= len(env.allocatable(cls)) <= 6:
            c["small_register_file"] += 1
    return c


def _count_operands(func: Function, env: MachineEnv, c: dict[str, int], def_block: list[int]) -> None:
    _, live_out = compute_liveness(func)
    for i in range(func.num_insts):
        ops = func.inst_operands(i)
        clobbers = func.inst_clobber_mask[i]
        b = func.inst_block[i]
        fixed_regs: dict[int, set[int]] = {}
        seen: dict[int, int] = {}
        if func.inst_kind[i] == 1 and len(ops):
            c["branch_operands"] += 1
        if clobbers:
            c["clobbers"] += 1
        n_fixed = 0
        for o in ops:
            v = func.op_vreg[o]
            kind = func.op_kind[o]
            con = func.op_con[o]
            if kind == DEF and v >= 0:
                def_block[v] = b
            if con == FIXED:
                n_fixed += 1
                p = func.op_arg[o]
                if v < 0:
                    c["vregless_fixed"] += 1
                    continue
                if env.is_fixed_stack(p):
                    c["fixed_stack_operand"] += 1
                c["fixed_use" if kind == USE else "fixed_def"] += 1
                if kind == USE and func.op_pos[o] == EARLY and clobbers >> p & 1:
                    c["clobbered_early_fixed_use"] += 1
                if kind == USE:
                    fixed_regs.setdefault(v, set()).add(p)
            if kind == DEF and func.op_pos[o] == EARLY:
                c["early_def"] += 1
            if kind == USE and func.op_pos[o] == LATE:
                c["late_use"] += 1
            if con == STACK:
                c["stack"] += 1
            if con == LIMIT:
                c["limit"] += 1
            if con == REUSE:
                c["reuse"] += 1
                target = ops.start + func.op_arg[o]
                if func.op_con[target] == ANY:
                    c["reuse_of_any"] += 1
                tv = func.op_vreg[target]
                if _live_after(func, i, tv, live_out):
                    c["reuse_of_live_value"] += 1
            if kind == USE and v >= 0:
                seen[v] = seen.get(v, 0) + 1
        c["same_vreg_twice"] += sum(1 for n in seen.values() if n >= 2)
        c["same_vreg_two_fixed"] += sum(1 for regs in fixed_regs.values() if len(regs) >= 2)
        if n_fixed >= 2 and bin(clobbers).count("1") >= 3:
            c["call"] += 1


def _live_after(func: Function, i: int, v: int, live_out: list[int]) -> bool:
    """Whether ``v`` is used after instruction ``i`` (later in its block or live out)."""
    b = func.inst_block[i]
    if live_out[b] >> v & 1:
        return True
    for j in range(i + 1, func.block_inst_end[b]):
        for o in func.inst_operands(j):
            if func.op_vreg[o] == v and func.op_kind[o] == USE:
                return True
    return any(v in func.branch_args(b, k) for k in range(len(func.succs_of(b))))


def _count_loop_escapes(
    func: Function, block_loop: list[int], loop_parent: list[int], def_block: list[int], c: dict[str, int]
) -> None:
    """Uses outside the loop their value was defined in."""
    for b in range(func.num_blocks):
        inner = block_loop[b]
        enclosing: set[int] = set()
        while inner >= 0:
            enclosing.add(inner)
            inner = loop_parent[inner]
        for i in func.block_insts(b):
            for o in func.inst_operands(i):
                v = func.op_vreg[o]
                if v < 0 or func.op_kind[o] != USE or def_block[v] < 0:
                    continue
                loop = block_loop[def_block[v]]
                if loop >= 0 and loop not in enclosing:
                    c["used_after_loop"] += 1


def _count_pressure(func: Function, env: MachineEnv, c: dict[str, int]) -> None:
    """Program points where more values of a class are live than it has registers."""
    _, live_out = compute_liveness(func)
    class_masks = [0] * NUM_CLASSES
    for v, cls in enumerate(func.vreg_class):
        class_masks[cls] |= 1 << v
    n_regs = [len(env.allocatable(cls)) for cls in range(NUM_CLASSES)]
    for b in range(func.num_blocks):
        live = live_out[b]
        for i in reversed(func.block_insts(b)):
            for cls in range(NUM_CLASSES):
                if bin(live & class_masks[cls]).count("1") > n_regs[cls]:
                    c["pressure_over_regs"] += 1
            for o in func.inst_operands(i):
                v = func.op_vreg[o]
                if v >= 0 and func.op_kind[o] == DEF:
                    live &= ~(1 << v)
            for o in func.inst_operands(i):
                v = func.op_vreg[o]
                if v >= 0 and func.op_kind[o] == USE:
                    live |= 1 << v
