"""Live-in and live-out vreg sets per block, as Python-int bitsets.

Conventions: a block's parameters are defined on entry to it; the branch
arguments of an edge are used at the end of the predecessor (so they are in its
live-out set); within one instruction all uses happen before any def (a def
never satisfies a use of the same instruction); a ``MOD`` operand (non-SSA
input) is a use and a def.  Vreg-less operands are ignored.

>>> from regalloc.function import FunctionBuilder, define, use
>>> from regalloc.regs import INT
>>> fb = FunctionBuilder()
>>> x, y = fb.vreg(INT), fb.vreg(INT)
>>> b0, b1 = fb.new_block(), fb.new_block()
>>> fb.start_block(b0); fb.op([define(x)]); fb.branch([(b1, [x])])
>>> fb.start_block(b1, params=[y]); fb.ret([use(y)])
>>> live_in, live_out = compute_liveness(fb.finish())
>>> live_in, live_out
([0, 0], [1, 0])
"""

from __future__ import annotations

from collections import deque

from regalloc.analysis.cfg import postorder
from regalloc.function import DEF, USE, Function


def bitset_of(vregs: list[int]) -> int:
    """Bitset with the bits of ``vregs`` set, in time linear in their span."""
    if not vregs:
        return 0
    low = min(vregs)
    high = max(vregs)
    if high - low < 64:
        mask = 0
        for v in vregs:
            mask |= 1 << (v - low)
        return mask << low
    buf = bytearray(((high - low) >> 3) + 1)
    for v in vregs:
        d = v - low
        buf[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(buf, "little") << low


def block_gen_kill(func: Function) -> tuple[list[int], list[int]]:
    """Per block: (upward-exposed uses, defs including params) as bitsets."""
    nb = func.num_blocks
    gen = [0] * nb
    kill = [0] * nb
    op_start = func.inst_op_start
    op_vreg = func.op_vreg
    op_kind = func.op_kind
    param_start = func.block_param_start
    params = func.block_params
    for b in range(nb):
        defined: set[int] = set(params[param_start[b] : param_start[b + 1]])
        exposed: list[int] = []
        for i in range(func.block_inst_start[b], func.block_inst_end[b]):
            lo = op_start[i]
            hi = op_start[i + 1]
            for o in range(lo, hi):
                if op_kind[o] != DEF:
                    v = op_vreg[o]
                    if v >= 0 and v not in defined:
                        exposed.append(v)
            for o in range(lo, hi):
                if op_kind[o] != USE:
                    v = op_vreg[o]
                    if v >= 0:
                        defined.add(v)
        gen[b] = bitset_of(exposed)
        kill[b] = bitset_of(list(defined))
    return gen, kill


def compute_liveness(func: Function) -> tuple[list[int], list[int]]:
    """Per block: (live-in, live-out) vreg bitsets (bit ``v`` set if ``v`` is live).

    Backward dataflow solved with a worklist seeded in postorder (successors
    before predecessors), so acyclic regions settle in one pass.  Blocks
    unreachable from the entry are solved too.  Vreg bits beyond the function's
    vreg count never appear.
    """
    gen, kill = block_gen_kill(func)
    arg_start = func.edge_arg_start
    edge_args = func.edge_args
    # What an edge contributes regardless of the successor's live-in: its arguments.
    # (A successor's params never appear in its live-in: they are in its kill set.)
    edge_uses = [bitset_of(edge_args[arg_start[e] : arg_start[e + 1]]) for e in range(len(func.block_succs))]
    return solve_liveness(func, gen, kill, edge_uses)


def solve_liveness(
    func: Function, gen: list[int], kill: list[int], edge_uses: list[int]
) -> tuple[list[int], list[int]]:
    """Per block (live-in, live-out) from per-block ``gen``/``kill`` and per-edge ``edge_uses`` bitsets.

    The solver behind :func:`compute_liveness`, for callers tracking their own
    set of values (bit positions need not be vreg numbers).
    """
    nb = func.num_blocks
    live_in = gen[:]
    live_out = [0] * nb
    succ_start = func.block_succ_start
    succs = func.block_succs
    pred_start = func.block_pred_start
    preds = func.block_preds

    order = postorder(func)
    seen = [False] * nb
    for b in order:
        seen[b] = True
    order.extend(b for b in range(nb) if not seen[b])
    queue = deque(order)
    queued = [True] * nb
    while queue:
        b = queue.popleft()
        queued[b] = False
        out = 0
        for e in range(succ_start[b], succ_start[b + 1]):
            out |= live_in[succs[e]]
            args = edge_uses[e]
            if args:
                out |= args
        live_out[b] = out
        # ``(out | kill) ^ kill`` is ``out`` minus ``kill`` without a negative temporary.
        k = kill[b]
        new_in = gen[b] | ((out | k) ^ k)
        if new_in != live_in[b]:
            live_in[b] = new_in
            for k in range(pred_start[b], pred_start[b + 1]):
                p = preds[k]
                if not queued[p]:
                    queued[p] = True
                    queue.append(p)
    return live_in, live_out
