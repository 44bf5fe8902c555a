"""Input validation: reject functions that break the rules allocators rely on.

:func:`validate` checks, in this order, the CFG structure (block ranges,
terminators, successor/predecessor agreement, branch arguments against block
parameters, critical edges), then every operand (vreg and register ranges,
constraint rules, fixed-register collisions and register pressure that no
allocation could satisfy), then SSA (one def per vreg, every use dominated by its
def).  The first problem found raises :class:`~regalloc.errors.ValidationError`
naming its block, instruction (global index) and operand (index within its
instruction).

Dominance is that of the CFG from the entry; a block unreachable from the
entry is dominated only by itself, so its uses must be defined earlier in the
same block (as regalloc2 requires).  Passing the dominance check implies that no
vreg is live into the entry block.  In non-SSA mode (``func.ssa`` false) single
definition, dominance and critical edges are not required; instead every use
reachable from the entry must have a definition on every path to it
(:func:`check_reaching_definitions`).

>>> from regalloc.env import MachineEnv
>>> from regalloc.function import FunctionBuilder, define, use
>>> from regalloc.regs import INT, preg
>>> env = MachineEnv(preferred=[[preg(INT, 0), preg(INT, 1)], [], []])
>>> fb = FunctionBuilder()
>>> x, y = fb.vreg(INT), fb.vreg(INT)
>>> fb.start_block(fb.new_block())
>>> fb.op([define(x, "reg"), use(y, "reg")])
>>> fb.ret([use(x)])
>>> validate(fb.finish(), env)
Traceback (most recent call last):
    ...
regalloc.errors.ValidationError: block 0, inst 0, operand 1: use of v1, which is never defined
"""

from __future__ import annotations

from regalloc.analysis.cfg import DomTree, critical_edges
from regalloc.env import MachineEnv
from regalloc.errors import ValidationError
from regalloc.function import (
    ANY,
    BRANCH,
    DEF,
    EARLY,
    FIXED,
    LATE,
    LIMIT,
    MOD,
    OP,
    REG,
    RET,
    REUSE,
    STACK,
    USE,
    Function,
)
from regalloc.regs import CLASS_NAMES, NUM_CLASSES, NUM_PREGS, pregs_of_mask

# Occupancy of an operand's location within its instruction (see docs/SEMANTICS.md):
# bit 0 = the early sub-point E, bit 1 = the late sub-point L.
OCC_E = 1
OCC_L = 2


def occupancy(kind: int, pos: int) -> int:
    """Sub-points (``OCC_E``/``OCC_L`` bits) during which an operand holds its location."""
    if kind == USE:
        return OCC_E if pos == EARLY else OCC_E | OCC_L
    if kind == DEF:
        return OCC_E | OCC_L if pos == EARLY else OCC_L
    return OCC_E | OCC_L  # MOD: read early, written late, in one location


def validate(func: Function, env: MachineEnv) -> None:
    """Raise :class:`ValidationError` unless ``func`` is a valid allocation input for ``env``."""
    env.check()
    _check_columns(func)
    _check_blocks(func)
    _check_edges(func)
    _check_side_tables(func, env)
    _check_operands(func, env)
    if func.ssa:
        _check_ssa(func)
    else:
        check_reaching_definitions(func)


def _check_columns(func: Function) -> None:
    """The flat columns have consistent lengths, so later checks can index freely."""
    nb = func.num_blocks
    ni = func.num_insts
    if nb == 0:
        raise ValidationError("the function has no blocks")
    if not 0 <= func.entry < nb:
        raise ValidationError(f"entry block {func.entry} out of range (0..{nb - 1})")

    def expect(name: str, actual: int, wanted: int) -> None:
        if actual != wanted:
            raise ValidationError(f"column {name} has {actual} entries, expected {wanted}")

    expect("block_inst_end", len(func.block_inst_end), nb)
    expect("block_param_start", len(func.block_param_start), nb + 1)
    expect("block_succ_start", len(func.block_succ_start), nb + 1)
    expect("block_pred_start", len(func.block_pred_start), nb + 1)
    expect("block_params", len(func.block_params), func.block_param_start[nb])
    expect("block_succs", len(func.block_succs), func.block_succ_start[nb])
    expect("block_preds", len(func.block_preds), func.block_pred_start[nb])
    expect("edge_arg_start", len(func.edge_arg_start), len(func.block_succs) + 1)
    expect("edge_args", len(func.edge_args), func.edge_arg_start[-1])
    expect("inst_op_start", len(func.inst_op_start), ni + 1)
    expect("inst_clobber_start", len(func.inst_clobber_start), ni + 1)
    expect("clobbers", len(func.clobbers), func.inst_clobber_start[ni])
    nops = func.inst_op_start[ni]
    for name, column in (
        ("op_vreg", func.op_vreg),
        ("op_kind", func.op_kind),
        ("op_pos", func.op_pos),
        ("op_con", func.op_con),
        ("op_arg", func.op_arg),
    ):
        expect(name, len(column), nops)
    for starts, name in (
        (func.block_param_start, "block_param_start"),
        (func.block_succ_start, "block_succ_start"),
        (func.block_pred_start, "block_pred_start"),
        (func.edge_arg_start, "edge_arg_start"),
        (func.inst_op_start, "inst_op_start"),
        (func.inst_clobber_start, "inst_clobber_start"),
    ):
        if starts[0] != 0 or any(starts[k] > starts[k + 1] for k in range(len(starts) - 1)):
            raise ValidationError(f"column {name} is not a non-decreasing list of offsets from 0")
    for v, cls in enumerate(func.vreg_class):
        if not 0 <= cls < NUM_CLASSES:
            raise ValidationError(f"v{v} has an invalid register class {cls}")
    if func.mnemonics is not None and len(func.mnemonics) != ni:
        raise ValidationError(f"mnemonics has {len(func.mnemonics)} entries, expected {ni}")
    if len(func.inst_block) != ni:
        func.refresh()


def _check_blocks(func: Function) -> None:
    """Blocks are non-empty, contiguous, cover every instruction and end in one terminator."""
    ni = func.num_insts
    starts = func.block_inst_start
    ends = func.block_inst_end
    kinds = func.inst_kind
    expected_start = 0
    for b in range(func.num_blocks):
        start = starts[b]
        end = ends[b]
        if start != expected_start:
            if b == 0:
                raise ValidationError(f"the first block starts at instruction {start}, not 0", block=b)
            raise ValidationError(
                f"block starts at instruction {start}, but block {b - 1} ends at {expected_start}", block=b
            )
        if end <= start:
            raise ValidationError(f"block is empty (instructions {start}..{end})", block=b)
        if end > ni:
            raise ValidationError(f"block ends at instruction {end}, past the last one ({ni})", block=b)
        for i in range(start, end - 1):
            kind = kinds[i]
            if kind != OP:
                if kind in (BRANCH, RET):
                    what = "branch" if kind == BRANCH else "return"
                    raise ValidationError(f"{what} in the middle of the block", block=b, inst=i)
                raise ValidationError(f"invalid instruction kind {kind}", block=b, inst=i)
        last = kinds[end - 1]
        n_succs = func.block_succ_start[b + 1] - func.block_succ_start[b]
        if last == BRANCH:
            if n_succs == 0:
                raise ValidationError("block ends in a branch but has no successors", block=b, inst=end - 1)
        elif last == RET:
            if n_succs:
                raise ValidationError(f"block ends in a return but has {n_succs} successor(s)", block=b, inst=end - 1)
        else:
            raise ValidationError("block does not end in a branch or return", block=b, inst=end - 1)
        expected_start = end
    if expected_start != ni:
        raise ValidationError(
            f"blocks cover instructions 0..{expected_start} but the function has {ni}", block=func.num_blocks - 1
        )


def _check_edges(func: Function) -> None:
    """Successors and predecessors agree; branch arguments match the successors' params."""
    nb = func.num_blocks
    nv = func.num_vregs
    succ_start = func.block_succ_start
    succs = func.block_succs
    pred_start = func.block_pred_start
    preds = func.block_preds
    param_start = func.block_param_start
    params = func.block_params
    arg_start = func.edge_arg_start
    edge_args = func.edge_args
    vreg_class = func.vreg_class
    for b in range(nb):
        for k in range(param_start[b], param_start[b + 1]):
            v = params[k]
            if not 0 <= v < nv:
                raise ValidationError(f"block parameter {k - param_start[b]} names unknown vreg {v}", block=b)
        for k in range(pred_start[b], pred_start[b + 1]):
            if not 0 <= preds[k] < nb:
                raise ValidationError(f"predecessor {preds[k]} out of range (0..{nb - 1})", block=b)
    if param_start[func.entry + 1] != param_start[func.entry]:
        raise ValidationError("the entry block has parameters", block=func.entry)
    # Predecessor lists implied by the successor lists, compared as multisets.
    implied: list[list[int]] = [[] for _ in range(nb)]
    for b in range(nb):
        branch = func.block_inst_end[b] - 1
        for e in range(succ_start[b], succ_start[b + 1]):
            s = succs[e]
            j = e - succ_start[b]
            if not 0 <= s < nb:
                raise ValidationError(f"successor {j} is unknown block {s}", block=b, inst=branch)
            implied[s].append(b)
            n_args = arg_start[e + 1] - arg_start[e]
            n_params = param_start[s + 1] - param_start[s]
            if n_args != n_params:
                raise ValidationError(
                    f"branch passes {n_args} argument(s) to block {s}, which has {n_params} parameter(s)",
                    block=b,
                    inst=branch,
                )
            for k in range(n_args):
                v = edge_args[arg_start[e] + k]
                if not 0 <= v < nv:
                    raise ValidationError(f"branch argument {k} to block {s} is unknown vreg {v}", block=b, inst=branch)
                p = params[param_start[s] + k]
                if vreg_class[v] != vreg_class[p]:
                    raise ValidationError(
                        f"branch argument {k} to block {s}: v{v} is {CLASS_NAMES[vreg_class[v]]} "
                        f"but parameter v{p} is {CLASS_NAMES[vreg_class[p]]}",
                        block=b,
                        inst=branch,
                    )
    for s in range(nb):
        listed = preds[pred_start[s] : pred_start[s + 1]]
        if sorted(listed) != sorted(implied[s]):
            raise ValidationError(
                f"predecessors {listed} disagree with the blocks branching here {sorted(implied[s])}", block=s
            )
    critical = critical_edges(func) if func.ssa else []
    if critical:
        b, s = critical[0]
        raise ValidationError(
            f"critical edge from block {b} to block {s} (block {b} has several successors "
            f"and block {s} several predecessors); split it",
            block=b,
            inst=func.block_inst_end[b] - 1,
        )


def _check_side_tables(func: Function, env: MachineEnv) -> None:
    """Remat map, callee-saved list and debug labels refer to things that exist."""
    nv = func.num_vregs
    for v in func.remat:
        if not 0 <= v < nv:
            raise ValidationError(f"remat names unknown vreg {v}")
    if func.callee_saved is not None:
        for p in func.callee_saved:
            if not 0 <= p < NUM_PREGS:
                raise ValidationError(f"callee_saved register {p} is not a valid register")
            if env.is_fixed_stack(p):
                raise ValidationError(f"callee_saved register {env.reg_name(p)} is a fixed stack location")
    ni = func.num_insts
    for n, (v, start, end, _label) in enumerate(func.debug_labels):
        if not 0 <= v < nv:
            raise ValidationError(f"debug label {n} names unknown vreg {v}")
        if not 0 <= start <= end <= ni:
            raise ValidationError(f"debug label {n} has a bad instruction range {start}..{end} (0..{ni})")


def _check_operands(func: Function, env: MachineEnv) -> None:
    """Per-operand rules, then per-instruction collisions and register pressure."""
    nv = func.num_vregs
    ssa = func.ssa
    op_start = func.inst_op_start
    op_vreg = func.op_vreg
    op_kind = func.op_kind
    op_pos = func.op_pos
    op_con = func.op_con
    op_arg = func.op_arg
    vreg_class = func.vreg_class
    clobber_start = func.inst_clobber_start
    clobbers = func.clobbers
    clobber_mask = func.inst_clobber_mask
    inst_block = func.inst_block
    allocatable = env.allocatable_mask
    all_allocatable = env.all_allocatable_mask
    scratch_mask = 0
    for s in env.scratch:
        if s >= 0:
            scratch_mask |= 1 << s
    # An instruction whose register demands of a class cannot exceed what is left
    # of that class even if every clobber hit it skips the exact pressure count.
    n_allocatable = [m.bit_count() for m in allocatable]
    for i in range(func.num_insts):
        lo = op_start[i]
        hi = op_start[i + 1]
        b = inst_block[i]
        for k in range(clobber_start[i], clobber_start[i + 1]):
            p = clobbers[k]
            if not 0 <= p < NUM_PREGS:
                raise ValidationError(f"clobber {k - clobber_start[i]} is not a valid register ({p})", block=b, inst=i)
        n_fixed = 0
        n_defs = 0
        n_reuse = 0
        demand = [0] * NUM_CLASSES
        for o in range(lo, hi):
            v = op_vreg[o]
            kind = op_kind[o]
            con = op_con[o]
            pos = op_pos[o]
            if kind != USE and kind != DEF:
                if kind != MOD:
                    raise ValidationError(f"invalid operand kind {kind}", block=b, inst=i, operand=o - lo)
                if ssa:
                    raise ValidationError(
                        "read-modify-write (mod) operands are only allowed in non-SSA input",
                        block=b,
                        inst=i,
                        operand=o - lo,
                    )
            if pos != EARLY and pos != LATE:
                raise ValidationError(f"invalid operand position {pos}", block=b, inst=i, operand=o - lo)
            if v >= nv or v < -1:
                raise ValidationError(f"unknown vreg {v} (the function has {nv})", block=b, inst=i, operand=o - lo)
            if kind != USE and v >= 0:
                n_defs += 1
            if con == FIXED:
                n_fixed += 1
                p = op_arg[o]
                if not 0 <= p < NUM_PREGS:
                    raise ValidationError(
                        f"fixed register {p} is not a valid register", block=b, inst=i, operand=o - lo
                    )
                if (scratch_mask >> p) & 1:
                    raise ValidationError(
                        f"fixed register {env.reg_name(p)} is the scratch register", block=b, inst=i, operand=o - lo
                    )
                if v < 0:
                    if (all_allocatable >> p) & 1:
                        raise ValidationError(
                            f"an operand without a vreg names allocatable register {env.reg_name(p)}",
                            block=b,
                            inst=i,
                            operand=o - lo,
                        )
                    continue
                if p >> 6 != vreg_class[v]:
                    raise ValidationError(
                        f"fixed register {env.reg_name(p)} is not of v{v}'s class {CLASS_NAMES[vreg_class[v]]}",
                        block=b,
                        inst=i,
                        operand=o - lo,
                    )
                demand[vreg_class[v]] += 1
            elif v < 0:
                raise ValidationError(
                    "an operand without a vreg must have a fixed register", block=b, inst=i, operand=o - lo
                )
            elif con in (REG, ANY, STACK):
                if con == REG:
                    demand[vreg_class[v]] += 1
            elif con == REUSE:
                n_reuse += 1
                demand[vreg_class[v]] += 1
            elif con == LIMIT:
                n = op_arg[o]
                if not 1 <= n <= 64 or n & (n - 1):
                    raise ValidationError(f"limit {n} is not a power of two in 1..64", block=b, inst=i, operand=o - lo)
                cls = vreg_class[v]
                if not allocatable[cls] & (((1 << n) - 1) << (cls * 64)):
                    raise ValidationError(
                        f"limit {n}: no allocatable {CLASS_NAMES[cls]} register has an index below {n}",
                        block=b,
                        inst=i,
                        operand=o - lo,
                    )
                demand[cls] += 1
            else:
                raise ValidationError(f"invalid constraint kind {con}", block=b, inst=i, operand=o - lo)
        n_clobbers = clobber_start[i + 1] - clobber_start[i]
        if n_reuse:
            # After the loop: a reuse may name an operand further on, now checked too.
            for o in range(lo, hi):
                if op_con[o] == REUSE:
                    _check_reuse(func, i, o, lo, hi)
        if n_defs > 1:
            _check_duplicate_defs(func, i, lo, hi)
        if n_fixed:
            _check_fixed(func, env, i, lo, hi)
        if any(d and d + n_clobbers > n_allocatable[c] for c, d in enumerate(demand)):
            _check_pressure(func, env, i, lo, hi, clobber_mask[i])


def _check_reuse(func: Function, i: int, o: int, lo: int, hi: int) -> None:
    """A reuse constraint sits on a def and names a non-fixed use of the same class."""
    b = func.inst_block[i]
    k = func.op_arg[o]
    if func.op_kind[o] != DEF:
        raise ValidationError("a reuse constraint is only allowed on a def", block=b, inst=i, operand=o - lo)
    if not 0 <= k < hi - lo:
        raise ValidationError(
            f"reuse names operand {k}, but the instruction has {hi - lo} operand(s)", block=b, inst=i, operand=o - lo
        )
    target = lo + k
    if func.op_kind[target] != USE:
        raise ValidationError(f"reuse names operand {k}, which is not a use", block=b, inst=i, operand=o - lo)
    tv = func.op_vreg[target]
    if tv < 0 or func.op_con[target] == FIXED:
        raise ValidationError(f"reuse names operand {k}, which has a fixed register", block=b, inst=i, operand=o - lo)
    if func.op_con[target] == STACK:
        raise ValidationError(f"reuse names operand {k}, which must be on the stack", block=b, inst=i, operand=o - lo)
    v = func.op_vreg[o]
    if func.vreg_class[tv] != func.vreg_class[v]:
        raise ValidationError(
            f"reuse names operand {k} of class {CLASS_NAMES[func.vreg_class[tv]]}, "
            f"but v{v} is {CLASS_NAMES[func.vreg_class[v]]}",
            block=b,
            inst=i,
            operand=o - lo,
        )
    for other in range(lo, o):
        if func.op_con[other] == REUSE and func.op_arg[other] == k and func.op_kind[other] == DEF:
            raise ValidationError(
                f"operands {other - lo} and {o - lo} both reuse operand {k}; two defs cannot share one register",
                block=b,
                inst=i,
                operand=o - lo,
            )


def _check_duplicate_defs(func: Function, i: int, lo: int, hi: int) -> None:
    """No instruction writes one vreg through two operands (SSA or not)."""
    first_def: dict[int, int] = {}
    for o in range(lo, hi):
        v = func.op_vreg[o]
        if func.op_kind[o] == USE or v < 0:
            continue
        if v in first_def:
            raise ValidationError(
                f"v{v} is defined twice by this instruction (operands {first_def[v]} and {o - lo})",
                block=func.inst_block[i],
                inst=i,
                operand=o - lo,
            )
        first_def[v] = o - lo


def _check_fixed(func: Function, env: MachineEnv, i: int, lo: int, hi: int) -> None:
    """Fixed registers of one instruction: no clobber under a late operand, no collisions."""
    b = func.inst_block[i]
    clobbered = func.inst_clobber_mask[i]
    seen: list[tuple[int, int, int, int, int]] = []  # (preg, vreg, occupancy, kind, operand index)
    for o in range(lo, hi):
        if func.op_con[o] != FIXED:
            continue
        p = func.op_arg[o]
        v = func.op_vreg[o]
        kind = func.op_kind[o]
        occ = occupancy(kind, func.op_pos[o])
        if occ & OCC_L and (clobbered >> p) & 1:
            what = "late use" if kind == USE else "def"
            raise ValidationError(
                f"fixed register {env.reg_name(p)} of a {what} is also clobbered by the instruction",
                block=b,
                inst=i,
                operand=o - lo,
            )
        for p2, v2, occ2, kind2, k2 in seen:
            if p2 != p or not occ & occ2:
                continue
            if v2 == v and kind == USE and kind2 == USE:
                continue  # the same value read from one register twice
            who = "the same vreg" if v2 == v else ("different vregs" if v >= 0 and v2 >= 0 else "another operand")
            raise ValidationError(
                f"operands {k2} and {o - lo} ({who}) both need {env.reg_name(p)} at the same time",
                block=b,
                inst=i,
                operand=o - lo,
            )
        seen.append((p, v, occ, kind, o - lo))


def _check_pressure(func: Function, env: MachineEnv, i: int, lo: int, hi: int, clobbered: int) -> None:
    """Registers an instruction needs at once of one class must not exceed those left.

    At each sub-point (early, late) the vregs needing some register (reg, limit,
    reuse, and the use a reuse names) compete for the allocatable registers of their class not taken by
    fixed operands there (nor, at the late point, by clobbers).  A vreg that also
    has a fixed register at that sub-point is not counted (it may share it), nor
    is a reuse def where its use is also present; so the count never overstates.
    """
    b = func.inst_block[i]
    for cls in range(NUM_CLASSES):
        pool = env.allocatable_mask[cls]
        for sub, sub_name in ((OCC_E, "early"), (OCC_L, "late")):
            taken = clobbered & pool if sub == OCC_L else 0
            fixed_vregs: set[int] = set()
            for o in range(lo, hi):
                v = func.op_vreg[o]
                if func.op_con[o] == FIXED and occupancy(func.op_kind[o], func.op_pos[o]) & sub:
                    taken |= (1 << func.op_arg[o]) & pool
                    fixed_vregs.add(v)
            # The use a reuse def names must be in a register too, whatever its own constraint.
            reused = {lo + func.op_arg[o] for o in range(lo, hi) if func.op_con[o] == REUSE}
            needing: set[int] = set()
            for o in range(lo, hi):
                v = func.op_vreg[o]
                con = func.op_con[o]
                if v < 0 or func.vreg_class[v] != cls or v in fixed_vregs:
                    continue
                if con != REG and con != LIMIT and con != REUSE and o not in reused:
                    continue
                occ = occupancy(func.op_kind[o], func.op_pos[o])
                if con == REUSE:
                    target = lo + func.op_arg[o]
                    occ &= ~occupancy(func.op_kind[target], func.op_pos[target])
                if occ & sub:
                    needing.add(v)
            available = (pool & ~taken).bit_count()
            if len(needing) > available:
                names = ", ".join(f"v{v}" for v in sorted(needing))
                taken_names = ", ".join(env.reg_name(p) for p in pregs_of_mask(taken))
                raise ValidationError(
                    f"needs {len(needing)} {CLASS_NAMES[cls]} registers at its {sub_name} point ({names}) "
                    f"but only {available} are allocatable"
                    + (f" besides fixed/clobbered {taken_names}" if taken_names else ""),
                    block=b,
                    inst=i,
                )


def _check_ssa(func: Function) -> None:
    """Every vreg defined once; every use dominated by its def (branch args at block end)."""
    nv = func.num_vregs
    nb = func.num_blocks
    def_block = [-1] * nv
    # Instruction of the def, or -1 for a block parameter (defined on block entry).
    def_inst = [-1] * nv
    op_start = func.inst_op_start
    op_vreg = func.op_vreg
    op_kind = func.op_kind
    param_start = func.block_param_start
    params = func.block_params
    block_start = func.block_inst_start
    block_end = func.block_inst_end
    for b in range(nb):
        for k in range(param_start[b], param_start[b + 1]):
            v = params[k]
            if def_block[v] >= 0:
                raise ValidationError(
                    f"v{v} is defined twice (as a parameter of block {b} and {_def_place(def_block[v], def_inst[v])})",
                    block=b,
                )
            def_block[v] = b
        for i in range(block_start[b], block_end[b]):
            lo = op_start[i]
            for o in range(lo, op_start[i + 1]):
                if op_kind[o] == DEF:
                    v = op_vreg[o]
                    if v < 0:
                        continue
                    if def_block[v] >= 0:
                        raise ValidationError(
                            f"v{v} is defined twice (also {_def_place(def_block[v], def_inst[v])})",
                            block=b,
                            inst=i,
                            operand=o - lo,
                        )
                    def_block[v] = b
                    def_inst[v] = i
    dom = DomTree(func)
    pre = dom.pre
    post = dom.post
    succ_start = func.block_succ_start
    succs = func.block_succs
    arg_start = func.edge_arg_start
    edge_args = func.edge_args
    for b in range(nb):
        pre_b = pre[b]
        post_b = post[b]
        for i in range(block_start[b], block_end[b]):
            lo = op_start[i]
            for o in range(lo, op_start[i + 1]):
                if op_kind[o] != USE:
                    continue
                v = op_vreg[o]
                if v < 0:
                    continue
                db = def_block[v]
                if db == b:
                    if def_inst[v] < i:
                        continue
                elif db >= 0 and pre_b >= 0 and pre[db] <= pre_b and post_b <= post[db]:
                    continue
                raise ValidationError(_bad_use(v, db, def_inst[v], b, i), block=b, inst=i, operand=o - lo)
        branch = block_end[b] - 1
        for e in range(succ_start[b], succ_start[b + 1]):
            for k in range(arg_start[e], arg_start[e + 1]):
                v = edge_args[k]
                db = def_block[v]
                if db == b:
                    if def_inst[v] < branch:
                        continue
                elif db >= 0 and pre_b >= 0 and pre[db] <= pre_b and post_b <= post[db]:
                    continue
                what = f"branch argument {k - arg_start[e]} to block {succs[e]}"
                if db == b and def_inst[v] == branch:
                    message = f"{what}: v{v} is defined by the branch itself"
                else:
                    message = f"{what}: " + _bad_use(v, db, def_inst[v], b, branch)
                raise ValidationError(message, block=b, inst=branch)


def _def_place(block: int, inst: int) -> str:
    return f"by inst {inst} in block {block}" if inst >= 0 else f"as a parameter of block {block}"


def _bad_use(v: int, def_block: int, def_inst: int, block: int, inst: int) -> str:
    if def_block < 0:
        return f"use of v{v}, which is never defined"
    if def_block == block:
        if def_inst == inst:
            return f"use of v{v}, which this same instruction defines"
        return f"use of v{v} before its def at inst {def_inst}"
    return f"use of v{v}, whose def ({_def_place(def_block, def_inst)}) does not dominate it"


def check_reaching_definitions(func: Function) -> None:
    """Non-SSA input: every use reachable from the entry has a definition on every path to it.

    A forward "defined on all paths" data flow over the blocks reachable from
    the entry (block parameters define on entry; within an instruction all uses
    come before its defs; branch arguments are read after the branch).  The
    first use lacking one is reported with its block, instruction, operand and
    vreg.  Unreachable blocks are not checked: no path from the entry reaches them.
    """
    nb = func.num_blocks
    dom = DomTree(func)
    rpo = dom.rpo
    if not rpo:
        return
    op_start = func.inst_op_start
    op_vreg = func.op_vreg
    op_kind = func.op_kind
    param_start = func.block_param_start
    params = func.block_params
    pred_start = func.block_pred_start
    preds = func.block_preds
    defined_in_block = [0] * nb
    for b in rpo:
        mask = 0
        for k in range(param_start[b], param_start[b + 1]):
            mask |= 1 << params[k]
        for o in range(op_start[func.block_inst_start[b]], op_start[func.block_inst_end[b]]):
            v = op_vreg[o]
            if v >= 0 and op_kind[o] != USE:
                mask |= 1 << v
        defined_in_block[b] = mask
    universe = (1 << func.num_vregs) - 1
    out = [universe] * nb
    entry = func.entry
    changed = True
    while changed:
        changed = False
        for b in rpo:
            incoming = 0 if b == entry else universe
            if b != entry:
                for k in range(pred_start[b], pred_start[b + 1]):
                    p = preds[k]
                    if dom.pre[p] >= 0:
                        incoming &= out[p]
            new_out = incoming | defined_in_block[b]
            if new_out != out[b]:
                out[b] = new_out
                changed = True
    for b in rpo:
        current = 0
        if b != entry:
            current = universe
            for k in range(pred_start[b], pred_start[b + 1]):
                if dom.pre[preds[k]] >= 0:
                    current &= out[preds[k]]
        for k in range(param_start[b], param_start[b + 1]):
            current |= 1 << params[k]
        for i in range(func.block_inst_start[b], func.block_inst_end[b]):
            lo = op_start[i]
            hi = op_start[i + 1]
            for o in range(lo, hi):
                v = op_vreg[o]
                if v >= 0 and op_kind[o] != DEF and not (current >> v) & 1:
                    raise ValidationError(
                        f"use of v{v} with no reaching definition on some path from the entry",
                        block=b,
                        inst=i,
                        operand=o - lo,
                    )
            for o in range(lo, hi):
                v = op_vreg[o]
                if v >= 0 and op_kind[o] != USE:
                    current |= 1 << v
        branch = func.block_inst_end[b] - 1
        for e in range(func.block_succ_start[b], func.block_succ_start[b + 1]):
            for k in range(func.edge_arg_start[e], func.edge_arg_start[e + 1]):
                v = func.edge_args[k]
                if not (current >> v) & 1:
                    raise ValidationError(
                        f"branch argument {k - func.edge_arg_start[e]} to block {func.block_succs[e]}: "
                        f"use of v{v} with no reaching definition on some path from the entry",
                        block=b,
                        inst=branch,
                    )
