"""An annotated listing: a function with its allocation, for people to read.

Every instruction shows each operand's allocation in brackets after it, and the
allocator's edits appear inline in program order, named by what they do
(``spill``, ``reload``, ``move``, ``remat``, ``pair``).  Block headers show the
parameters with their entry locations when the allocation reveals them.

>>> from regalloc.function import FunctionBuilder, define, use, Fixed
>>> from regalloc.env import MachineEnv
>>> from regalloc.regs import INT, preg, stack_alloc
>>> from regalloc.result import AllocationResult, point, AFTER, BEFORE, MOVE
>>> fb = FunctionBuilder("spilly")
>>> x = fb.vreg(INT)
>>> fb.start_block(fb.new_block())
>>> fb.op([define(x, "reg")], mnemonic="li")
>>> fb.ret([use(x, Fixed(preg(INT, 0)))], mnemonic="ret")
>>> env = MachineEnv(preferred=[[preg(INT, 0), preg(INT, 1)], [], []], reg_names={0: "a0", 1: "a1"})
>>> edits = [(point(0, AFTER), MOVE, 1, stack_alloc(0)), (point(1, BEFORE), MOVE, stack_alloc(0), 0)]
>>> result = AllocationResult(allocs=[1, 0], edits=edits, num_spillslots=1, algorithm="demo")
>>> print(format_listing(fb.finish(), env, result))
function "spilly": 1 blocks, 2 insts, 1 vregs; algorithm demo, 1 spill slots, 2 edits
<BLANKLINE>
block0:    # entry
    0  li   def v0:reg [a1]
         spill   a1 -> stack:0    (v0)
         reload  stack:0 -> a0    (v0)
    1  ret  use v0:fixed(a0) [a0]
"""

from __future__ import annotations

import json

from regalloc.env import MachineEnv
from regalloc.formats.text_format import operand_text
from regalloc.function import BRANCH, DEF, MOD, USE, Function
from regalloc.regs import alloc_str, is_reg_alloc, is_stack_alloc
from regalloc.result import MOVE, POINT_POS_NAMES, REMAT, AllocationResult, inst_of, unpack_pair


def format_listing(func: Function, env: MachineEnv, result: AllocationResult) -> str:
    """``func`` annotated with ``result``: operand allocations, edits inline, block parameter locations."""

    def loc(a: int) -> str:
        if is_reg_alloc(a):
            return env.reg_name(a)
        return alloc_str(a)

    def in_memory(a: int) -> bool:
        return is_stack_alloc(a) or (is_reg_alloc(a) and env.is_fixed_stack(a))

    def edit_text(kind: int, src: int, dst: int, holds: dict[int, int]) -> str:
        """Render one edit and apply it to ``holds`` (location -> vreg known to be there)."""
        if kind == MOVE:
            if in_memory(dst) and not in_memory(src):
                verb = "spill"
            elif in_memory(src) and not in_memory(dst):
                verb = "reload"
            else:
                verb = "move"
            moved = holds.get(src)
            _put(holds, dst, moved)
            return f"{verb:<7} {loc(src)} -> {loc(dst)}" + (f"    (v{moved})" if moved is not None else "")
        if kind == REMAT:
            _put(holds, dst, src)
            label = func.remat.get(src)
            recipe = f" ({json.dumps(label)})" if label is not None else ""
            return f"remat   v{src}{recipe} -> {loc(dst)}"
        s1, s2 = unpack_pair(src)
        d1, d2 = unpack_pair(dst)
        v1, v2 = holds.get(s1), holds.get(s2)
        _put(holds, d1, v1)
        _put(holds, d2, v2)
        verb = "pair-store" if in_memory(d1) else "pair-load" if in_memory(s1) else "pair"
        known = f"    (v{v1}, v{v2})" if v1 is not None and v2 is not None else ""
        return f"{verb} ({loc(s1)}, {loc(s2)}) -> ({loc(d1)}, {loc(d2)}){known}"

    raw_edits_at: dict[int, list[tuple[int, int, int]]] = {}
    for pt, kind, src, dst in result.edits:
        raw_edits_at.setdefault(pt, []).append((kind, src, dst))

    mnemonics = func.mnemonics
    width = max((len(m) for m in mnemonics), default=0) if mnemonics else 0
    index_width = max(5, len(str(func.num_insts)))
    pad = " " * (index_width + 4)
    n_allocs = len(result.allocs)
    lines = [
        f"function {json.dumps(func.name)}: {func.num_blocks} blocks, {func.num_insts} insts, "
        f"{func.num_vregs} vregs; algorithm {result.algorithm or '?'}, {result.num_spillslots} spill slots, "
        f"{len(result.edits)} edits"
    ]
    for b in range(func.num_blocks):
        lines.append("")
        params = func.params_of(b)
        header = f"block{b}"
        # What each location holds, as far as this block's own code reveals it.
        holds: dict[int, int] = {}
        if params:
            shown = []
            for v in params:
                where = _param_entry_location(func, result, raw_edits_at, b, v)
                shown.append(f"v{v} in {loc(where)}" if where is not None else f"v{v}")
                if where is not None:
                    holds[where] = v
            header += "(" + ", ".join(shown) + ")"
        header += ":"
        preds = func.preds_of(b)
        notes = []
        if b == func.entry:
            notes.append("entry")
        if preds:
            notes.append("preds " + ", ".join(f"block{p}" for p in preds))
        if notes:
            header += "    # " + "; ".join(notes)
        lines.append(header)
        for i in func.block_insts(b):
            for kind, src, dst in raw_edits_at.get(2 * i, ()):
                lines.append(pad + edit_text(kind, src, dst, holds))
            ops = func.inst_operands(i)
            parts = []
            for o in ops:
                alloc = loc(result.allocs[o]) if o < n_allocs else "?"
                parts.append(f"{operand_text(func, o, ops, env.reg_name)} [{alloc}]")
            text = ", ".join(parts)
            clob = func.clobbers_of(i)
            if clob:
                text += "  clobbers " + " ".join(env.reg_name(p) for p in clob)
            if func.inst_kind[i] == BRANCH:
                targets = []
                for j, s in enumerate(func.succs_of(b)):
                    args = func.branch_args(b, j)
                    targets.append(f"block{s}" + ("(" + ", ".join(f"v{a}" for a in args) + ")" if args else ""))
                text += "  -> " + ", ".join(targets)
            m = mnemonics[i] if mnemonics is not None else ""
            head = f"{i:>{index_width}}  {m:<{width}}" if width else f"{i:>{index_width}}"
            lines.append(f"{head}  {text}".rstrip())
            _apply_instruction(func, result, i, holds)
            for kind, src, dst in raw_edits_at.get(2 * i + 1, ()):
                lines.append(pad + edit_text(kind, src, dst, holds))
    stray = sorted(pt for pt in raw_edits_at if inst_of(pt) >= func.num_insts)
    for pt in stray:
        for kind, src, dst in raw_edits_at[pt]:
            at = f"{POINT_POS_NAMES[pt & 1]} {inst_of(pt)}"
            lines.append(f"{pad}{edit_text(kind, src, dst, {})}    # at {at}, past the end")
    if result.edge_edits:
        lines.append("")
        lines.append("edge edits (non-SSA input; run on the edge, see docs/SEMANTICS.md):")
        for pred, succ, kind, src, dst in result.edge_edits:
            lines.append(f"  block{pred} -> block{succ}: {edit_text(kind, src, dst, {})}")
    if result.clobbered_callee_saved is not None:
        saved = " ".join(env.reg_name(p) for p in result.clobbered_callee_saved) or "(none)"
        lines.append("")
        lines.append(f"clobbered callee-saved: {saved}")
    if result.debug_locations:
        lines.append("")
        lines.append("debug locations:")
        for label, start, end, a in result.debug_locations:
            lines.append(
                f"  label {label}: {POINT_POS_NAMES[start & 1]} {inst_of(start)} .. "
                f"{POINT_POS_NAMES[end & 1]} {inst_of(end)} in {loc(a)}"
            )
    return "\n".join(lines)


def _put(holds: dict[int, int], where: int, vreg: int | None) -> None:
    if vreg is None:
        holds.pop(where, None)
    else:
        holds[where] = vreg


def _apply_instruction(func: Function, result: AllocationResult, i: int, holds: dict[int, int]) -> None:
    """Update ``holds`` for instruction ``i``: uses reveal values, clobbers and defs overwrite."""
    allocs = result.allocs
    ops = [o for o in func.inst_operands(i) if o < len(allocs) and allocs[o] >= 0]
    for o in ops:
        if func.op_kind[o] == USE and func.op_vreg[o] >= 0:
            holds[allocs[o]] = func.op_vreg[o]
    for p in func.clobbers_of(i):
        holds.pop(p, None)
    for o in ops:
        if func.op_kind[o] != USE:
            v = func.op_vreg[o]
            for where in [w for w, held in holds.items() if held == v]:
                del holds[where]
            _put(holds, allocs[o], v if v >= 0 else None)


def _param_entry_location(
    func: Function, result: AllocationResult, edits_at: dict[int, list[tuple[int, int, int]]], b: int, v: int
) -> int | None:
    """Where parameter ``v`` of block ``b`` is on entry, traced back from its first use in the block.

    ``None`` when the block never reads it through an operand, or the value
    reaching that use was rematerialized or overwritten on the way.
    """
    first_use = -1
    loc = -1
    op_vreg = func.op_vreg
    for i in func.block_insts(b):
        for o in func.inst_operands(i):
            if op_vreg[o] != v:
                continue
            if func.op_kind[o] in (DEF, MOD) or o >= len(result.allocs):
                return None
            first_use, loc = i, result.allocs[o]
            break
        if first_use >= 0:
            break
    if first_use < 0 or loc < 0:
        return None
    # Walk back from the use to the block entry, following moves to their sources.
    allocs = result.allocs
    for pt in range(2 * first_use, 2 * func.block_inst_start[b] - 1, -1):
        if pt & 1:  # crossing instruction pt // 2 backwards: it must not have written loc
            i = pt >> 1
            if is_reg_alloc(loc) and (func.inst_clobber_mask[i] >> loc) & 1:
                return None
            for o in func.inst_operands(i):
                if func.op_kind[o] in (DEF, MOD) and o < len(allocs) and allocs[o] == loc:
                    return None
        for kind, src, dst in reversed(edits_at.get(pt, ())):
            if kind == MOVE:
                if dst == loc:
                    loc = src
            elif kind == REMAT:
                if dst == loc:
                    return None
            else:
                d1, d2 = unpack_pair(dst)
                if loc in (d1, d2):
                    s1, s2 = unpack_pair(src)
                    loc = s1 if loc == d1 else s2
    return loc
