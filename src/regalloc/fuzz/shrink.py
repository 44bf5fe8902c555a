"""Shrink a failing function to a small one that still fails.

:func:`shrink_function` works on an editable copy (:class:`Sketch`) of the
function: it tries candidate reductions — drop a chunk of instructions, cut an
edge, drop an operand, a block parameter or the clobbers, relax a constraint
to ``any``, simplify the environment — repairs each candidate (uses of values
that no longer exist are dropped, unreachable blocks deleted), keeps it if it
still validates and the predicate still says "fails", and repeats until no
reduction is accepted.  It needs no Hypothesis and works on any function,
including ones loaded from files.

>>> from regalloc.fuzz.generator import GenConfig, generate
>>> func, env = generate(3, GenConfig.preset("small"))
>>> small, _ = shrink_function(func, env, lambda f, e: f.num_insts >= 2)
>>> small.num_insts
2
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from regalloc.env import MachineEnv
from regalloc.errors import RegallocError
from regalloc.function import (
    ANY,
    BRANCH,
    DEF,
    EARLY,
    LATE,
    OP,
    REG,
    RET,
    REUSE,
    USE,
    Function,
    FunctionBuilder,
    Operand,
)
from regalloc.regs import NUM_CLASSES
from regalloc.validate import validate

Predicate = Callable[[Function, MachineEnv], bool]


@dataclass
class SketchInst:
    kind: int
    ops: list[Operand]
    clobbers: list[int]
    mnemonic: str


@dataclass
class Sketch:
    """An editable function: per-block lists instead of flat columns."""

    name: str
    vreg_class: list[int]
    entry: int
    params: list[list[int]]
    insts: list[list[SketchInst]]  # each block's last instruction is its terminator
    succs: list[list[int]]
    args: list[list[list[int]]]
    remat: dict[int, str]
    callee_saved: list[int] | None
    env: MachineEnv
    ssa: bool = True  # false: vregs may be defined many times (see ``Function.ssa``)

    def copy(self) -> Sketch:
        return Sketch(
            name=self.name,
            vreg_class=list(self.vreg_class),
            entry=self.entry,
            params=[list(p) for p in self.params],
            insts=[[SketchInst(i.kind, list(i.ops), list(i.clobbers), i.mnemonic) for i in b] for b in self.insts],
            succs=[list(s) for s in self.succs],
            args=[[list(a) for a in per] for per in self.args],
            remat=dict(self.remat),
            callee_saved=None if self.callee_saved is None else list(self.callee_saved),
            env=_copy_env(self.env),
            ssa=self.ssa,
        )

    def num_insts(self) -> int:
        return sum(len(b) for b in self.insts)


def _copy_env(env: MachineEnv) -> MachineEnv:
    return MachineEnv(
        preferred=[list(x) for x in env.preferred],
        non_preferred=[list(x) for x in env.non_preferred],
        scratch=list(env.scratch),
        fixed_stack=list(env.fixed_stack),
        spillslot_size=list(env.spillslot_size),
        reg_names=dict(env.reg_names),
        name=env.name,
        abi=env.abi,
    )


def sketch_of(func: Function, env: MachineEnv) -> Sketch:
    """An editable copy of ``func`` (and ``env``)."""
    insts: list[list[SketchInst]] = []
    for b in range(func.num_blocks):
        block: list[SketchInst] = []
        for i in func.block_insts(b):
            ops = [func.operand(o) for o in func.inst_operands(i)]
            mnemonic = func.mnemonics[i] if func.mnemonics else ""
            block.append(SketchInst(func.inst_kind[i], ops, func.clobbers_of(i), mnemonic))
        insts.append(block)
    return Sketch(
        name=func.name,
        vreg_class=list(func.vreg_class),
        entry=func.entry,
        params=[func.params_of(b) for b in range(func.num_blocks)],
        insts=insts,
        succs=[func.succs_of(b) for b in range(func.num_blocks)],
        args=[[func.branch_args(b, j) for j in range(len(func.succs_of(b)))] for b in range(func.num_blocks)],
        remat=dict(func.remat),
        callee_saved=None if func.callee_saved is None else list(func.callee_saved),
        env=_copy_env(env),
        ssa=func.ssa,
    )


def build(sk: Sketch) -> tuple[Function, MachineEnv]:
    """The :class:`Function` a sketch describes (not validated)."""
    fb = FunctionBuilder(sk.name)
    fb.ssa = sk.ssa
    for cls in sk.vreg_class:
        fb.vreg(cls)
    fb.remat = {v: label for v, label in sk.remat.items() if v < len(sk.vreg_class)}
    fb.callee_saved = None if sk.callee_saved is None else list(sk.callee_saved)
    for _ in sk.insts:
        fb.new_block()
    for b, block in enumerate(sk.insts):
        fb.start_block(b, sk.params[b])
        for inst in block:
            if inst.kind == OP:
                fb.op(inst.ops, inst.clobbers, inst.mnemonic)
            elif inst.kind == BRANCH:
                fb.branch(list(zip(sk.succs[b], sk.args[b], strict=True)), inst.ops, inst.clobbers, inst.mnemonic)
            else:
                fb.ret(inst.ops, inst.clobbers, inst.mnemonic)
    env = _copy_env(sk.env)
    env.check()
    return fb.finish(entry=sk.entry), env


# Repairs ------------------------------------------------------------------------
def drop_operands(inst: SketchInst, drop: set[int]) -> SketchInst:
    """``inst`` without the operands at ``drop``; reuse indices renumbered, and a
    reuse def whose use is gone becomes an ordinary ``reg`` def."""
    new_index: dict[int, int] = {}
    kept: list[Operand] = []
    for k, o in enumerate(inst.ops):
        if k not in drop:
            new_index[k] = len(kept)
            kept.append(o)
    for k, o in enumerate(kept):
        if o.constraint == REUSE:
            target = new_index.get(o.arg, -1)
            kept[k] = replace(o, constraint=REG, arg=0) if target < 0 else replace(o, arg=target)
    return SketchInst(inst.kind, kept, inst.clobbers, inst.mnemonic)


def remove_param(sk: Sketch, block: int, j: int) -> None:
    """Delete parameter ``j`` of ``block`` and the matching argument on every edge."""
    del sk.params[block][j]
    for b in range(len(sk.succs)):
        for k, s in enumerate(sk.succs[b]):
            if s == block:
                del sk.args[b][k][j]


def remove_unreachable(sk: Sketch) -> None:
    """Delete blocks the entry cannot reach and renumber the rest."""
    seen = [False] * len(sk.insts)
    stack = [sk.entry]
    seen[sk.entry] = True
    while stack:
        b = stack.pop()
        for s in sk.succs[b]:
            if not seen[s]:
                seen[s] = True
                stack.append(s)
    if all(seen):
        return
    new_id: list[int] = []
    count = 0
    for flag in seen:
        new_id.append(count if flag else -1)
        count += flag
    keep = [b for b in range(len(seen)) if seen[b]]
    sk.params = [sk.params[b] for b in keep]
    sk.insts = [sk.insts[b] for b in keep]
    sk.args = [sk.args[b] for b in keep]
    sk.succs = [[new_id[s] for s in sk.succs[b]] for b in keep]
    sk.entry = new_id[sk.entry]


def repair(sk: Sketch) -> None:
    """Drop uses of values no longer defined (and parameters fed by them) until stable."""
    remove_unreachable(sk)
    while True:
        defined: set[int] = set()
        for ps in sk.params:
            defined.update(ps)
        for block in sk.insts:
            for inst in block:
                defined.update(o.vreg for o in inst.ops if o.kind != USE and o.vreg >= 0)
        changed = False
        for block in sk.insts:
            for k, inst in enumerate(block):
                bad = {j for j, o in enumerate(inst.ops) if o.kind == USE and o.vreg >= 0 and o.vreg not in defined}
                if bad:
                    block[k] = drop_operands(inst, bad)
                    changed = True
        for b in range(len(sk.succs)):
            for k, s in enumerate(sk.succs[b]):
                for j, a in enumerate(sk.args[b][k]):
                    if a not in defined:
                        remove_param(sk, s, j)
                        changed = True
                        break
        if not changed:
            return


def compact_vregs(sk: Sketch) -> None:
    """Renumber vregs densely in order of appearance (drops unused ones)."""
    order: dict[int, int] = {}

    def see(v: int) -> None:
        if v >= 0 and v not in order:
            order[v] = len(order)

    for b, block in enumerate(sk.insts):
        for p in sk.params[b]:
            see(p)
        for inst in block:
            for o in inst.ops:
                see(o.vreg)
    sk.vreg_class = [sk.vreg_class[v] for v in order]
    sk.params = [[order[p] for p in ps] for ps in sk.params]
    sk.insts = [
        [
            SketchInst(
                i.kind, [replace(o, vreg=order[o.vreg]) if o.vreg >= 0 else o for o in i.ops], i.clobbers, i.mnemonic
            )
            for i in block
        ]
        for block in sk.insts
    ]
    sk.args = [[[order[a] for a in args] for args in per] for per in sk.args]
    sk.remat = {order[v]: label for v, label in sk.remat.items() if v in order}


# Candidate reductions ------------------------------------------------------------
def _body_positions(sk: Sketch) -> list[tuple[int, int]]:
    return [(b, k) for b, block in enumerate(sk.insts) for k in range(len(block) - 1)]


def _drop_instruction_chunks(sk: Sketch) -> Iterator[Sketch]:
    positions = _body_positions(sk)
    size = max(len(positions) // 2, 1)
    while size >= 1:
        for start in range(0, len(positions), size):
            chunk = set(positions[start : start + size])
            cand = sk.copy()
            cand.insts = [
                [inst for k, inst in enumerate(block) if (b, k) not in chunk] for b, block in enumerate(cand.insts)
            ]
            yield cand
        if size == 1:
            break
        size //= 2


def _cut_edges(sk: Sketch) -> Iterator[Sketch]:
    for b in range(len(sk.succs)):
        if sk.succs[b]:
            cand = sk.copy()  # turn the branch into a return
            term = cand.insts[b][-1]
            cand.insts[b][-1] = SketchInst(RET, [o for o in term.ops if o.kind == USE], [], "ret")
            cand.succs[b] = []
            cand.args[b] = []
            yield cand
        for j in range(len(sk.succs[b])):
            if len(sk.succs[b]) > 1:
                cand = sk.copy()
                del cand.succs[b][j]
                del cand.args[b][j]
                yield cand


def _bypass_blocks(sk: Sketch) -> Iterator[Sketch]:
    """Skip a parameterless block with one successor and nothing but its branch."""
    for b in range(len(sk.insts)):
        if b == sk.entry or len(sk.succs[b]) != 1 or len(sk.insts[b]) != 1 or sk.params[b]:
            continue
        target = sk.succs[b][0]
        if target == b:
            continue
        cand = sk.copy()
        for p in range(len(cand.succs)):
            for k, s in enumerate(cand.succs[p]):
                if s == b:
                    cand.succs[p][k] = target
                    cand.args[p][k] = list(sk.args[b][0])
        yield cand


def _rename_uses(sk: Sketch, rename: dict[int, int]) -> None:
    """Replace every use (operands and branch arguments) of a key by its value."""
    for block in sk.insts:
        for inst in block:
            inst.ops = [replace(o, vreg=rename[o.vreg]) if o.kind == USE and o.vreg in rename else o for o in inst.ops]
    sk.args = [[[rename.get(a, a) for a in args] for args in per] for per in sk.args]


def _merge_blocks(sk: Sketch) -> Iterator[Sketch]:
    """Append a block's only successor to it when that successor has no other
    predecessor (its parameters become the branch arguments)."""
    npreds = [0] * len(sk.insts)
    for ss in sk.succs:
        for s in ss:
            npreds[s] += 1
    for b in range(len(sk.insts)):
        if len(sk.succs[b]) != 1:
            continue
        s = sk.succs[b][0]
        if s in (b, sk.entry) or npreds[s] != 1:
            continue
        cand = sk.copy()
        rename = dict(zip(cand.params[s], cand.args[b][0], strict=True))
        cand.insts[b] = cand.insts[b][:-1] + cand.insts[s]
        cand.succs[b] = cand.succs[s]
        cand.args[b] = cand.args[s]
        cand.params[s] = []
        cand.insts[s] = [SketchInst(RET, [], [], "ret")]
        cand.succs[s] = []
        cand.args[s] = []
        _rename_uses(cand, rename)
        yield cand


def _drop_params(sk: Sketch) -> Iterator[Sketch]:
    for b in range(len(sk.params)):
        for j in range(len(sk.params[b])):
            cand = sk.copy()
            remove_param(cand, b, j)
            yield cand


def _drop_operands(sk: Sketch) -> Iterator[Sketch]:
    for b, block in enumerate(sk.insts):
        for k, inst in enumerate(block):
            for j in range(len(inst.ops)):
                cand = sk.copy()
                cand.insts[b][k] = drop_operands(inst, {j})
                yield cand


def _simplify_operands(sk: Sketch) -> Iterator[Sketch]:
    for b, block in enumerate(sk.insts):
        for k, inst in enumerate(block):
            if inst.clobbers:
                cand = sk.copy()
                cand.insts[b][k].clobbers = []
                yield cand
            for j, o in enumerate(inst.ops):
                if o.vreg < 0:
                    continue
                simpler: list[Operand] = []
                if o.constraint != ANY:
                    simpler.append(replace(o, constraint=ANY, arg=0))
                if o.constraint not in (ANY, REG, REUSE):
                    simpler.append(replace(o, constraint=REG, arg=0))
                if o.kind == USE and o.pos == LATE:
                    simpler.append(replace(o, pos=EARLY))
                if o.kind == DEF and o.pos == EARLY:
                    simpler.append(replace(o, pos=LATE))
                for new in simpler:
                    cand = sk.copy()
                    cand.insts[b][k].ops[j] = new
                    yield cand


def _simplify_function(sk: Sketch) -> Iterator[Sketch]:
    if sk.callee_saved is not None:
        cand = sk.copy()
        cand.callee_saved = None
        yield cand
    if sk.remat:
        cand = sk.copy()
        cand.remat = {}
        yield cand
    env = sk.env
    for cls in range(NUM_CLASSES):
        if env.scratch[cls] >= 0:
            cand = sk.copy()
            cand.env.scratch[cls] = -1
            yield cand
        if env.spillslot_size[cls] > 1:
            cand = sk.copy()
            cand.env.spillslot_size[cls] = 1
            yield cand
        if env.non_preferred[cls]:
            cand = sk.copy()
            cand.env.preferred[cls] = env.preferred[cls] + env.non_preferred[cls]
            cand.env.non_preferred[cls] = []
            yield cand
    used_classes = set(sk.vreg_class)
    for cls in range(NUM_CLASSES):
        if cls not in used_classes and (env.preferred[cls] or env.non_preferred[cls] or env.scratch[cls] >= 0):
            cand = sk.copy()
            cand.env.preferred[cls] = []
            cand.env.non_preferred[cls] = []
            cand.env.scratch[cls] = -1
            cand.env.fixed_stack = [p for p in env.fixed_stack if p >> 6 != cls]
            if cand.callee_saved is not None:
                cand.callee_saved = [p for p in cand.callee_saved if p >> 6 != cls]
            yield cand
    for p in env.fixed_stack:
        cand = sk.copy()
        cand.env.fixed_stack.remove(p)
        yield cand
    for cls in range(NUM_CLASSES):
        regs = env.preferred[cls] + env.non_preferred[cls]
        if len(regs) > 1:
            for p in reversed(regs):
                cand = sk.copy()
                for lists in (cand.env.preferred, cand.env.non_preferred):
                    if p in lists[cls]:
                        lists[cls].remove(p)
                if cand.callee_saved is not None and p in cand.callee_saved:
                    cand.callee_saved.remove(p)
                yield cand
    if any(i.mnemonic for block in sk.insts for i in block):
        cand = sk.copy()
        for block in cand.insts:
            for inst in block:
                inst.mnemonic = ""
        yield cand


REDUCTIONS: tuple[Callable[[Sketch], Iterator[Sketch]], ...] = (
    _cut_edges,
    _drop_instruction_chunks,
    _merge_blocks,
    _bypass_blocks,
    _drop_params,
    _drop_operands,
    _simplify_operands,
    _simplify_function,
)


def shrink_function(
    func: Function,
    env: MachineEnv,
    still_fails: Predicate,
    max_seconds: float = 60.0,
    max_attempts: int = 20000,
) -> tuple[Function, MachineEnv]:
    """The smallest variant of ``func`` found for which ``still_fails`` holds.

    ``still_fails(func, env)`` must be true for the input; every candidate is
    validated before it is tried, so the predicate only ever sees valid input.
    Stops at a fixpoint, after ``max_seconds`` or after ``max_attempts`` tries.
    """
    deadline = time.monotonic() + max_seconds
    attempts = 0
    best = sketch_of(func, env)
    best_func, best_env = func, env

    def accept(cand: Sketch) -> tuple[Function, MachineEnv] | None:
        nonlocal attempts
        attempts += 1
        try:
            repair(cand)
            f, e = build(cand)
            validate(f, e)
        except RegallocError:
            return None
        return (f, e) if still_fails(f, e) else None

    progress = True
    while progress and attempts < max_attempts and time.monotonic() < deadline:
        progress = False
        for reduction in REDUCTIONS:
            restart = True
            while restart and attempts < max_attempts and time.monotonic() < deadline:
                restart = False
                for cand in reduction(best):
                    if attempts >= max_attempts or time.monotonic() >= deadline:
                        break
                    found = accept(cand)
                    if found is not None:
                        best = cand
                        best_func, best_env = found
                        progress = restart = True
                        break
    compacted = best.copy()
    try:
        compact_vregs(compacted)
        f, e = build(compacted)
        validate(f, e)
        if still_fails(f, e):
            return f, e
    except RegallocError:
        pass
    return best_func, best_env
