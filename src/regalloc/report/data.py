"""The report's data: one JSON object the page's script draws everything from.

Everything per instruction, operand, segment or edit is a flat list of ints
(or one string per operand), so a 5,000-instruction function stays well under
a few megabytes and the page parses it in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from regalloc.analysis.cfg import reachable
from regalloc.analysis.loops import loop_depths
from regalloc.checker import check
from regalloc.cost import cost_of
from regalloc.env import MachineEnv
from regalloc.errors import CheckerError, RegallocError
from regalloc.formats.text_format import operand_text
from regalloc.function import BRANCH, Function
from regalloc.regs import CLASS_NAMES, NUM_CLASSES, NUM_PREGS
from regalloc.report.placement import compute_placement, live_samples
from regalloc.result import AllocationResult

JsonValue = object


@dataclass
class AllocationView:
    """One allocation to show: its label, the result (or why there is none) and how long it took.

    ``seconds`` is None when the allocation was read from a file.  ``failure``
    is the allocator's error message when it produced no result.
    """

    label: str
    result: AllocationResult | None
    seconds: float | None = None
    failure: str = ""
    notes: list[str] = field(default_factory=list)


def function_data(
    func: Function, env: MachineEnv, liveness: tuple[list[list[int]], list[list[int]]] | None = None
) -> dict[str, JsonValue]:
    """The function, its blocks, operands and environment as the page needs them."""
    depths = loop_depths(func)
    live = reachable(func)
    blocks: list[JsonValue] = []
    for b in range(func.num_blocks):
        blocks.append(
            [
                func.block_inst_start[b],
                func.block_inst_end[b],
                depths[b],
                func.params_of(b),
                func.preds_of(b),
                1 if live[b] else 0,
            ]
        )
    op_text: list[str] = []
    extra: dict[str, str] = {}
    for i in range(func.num_insts):
        ops = func.inst_operands(i)
        op_text.extend(operand_text(func, o, ops, env.reg_name) for o in ops)
        tail = ""
        clob = func.clobbers_of(i)
        if clob:
            tail += "clobbers " + " ".join(env.reg_name(p) for p in clob)
        if func.inst_kind[i] == BRANCH:
            b = func.inst_block[i]
            targets = []
            for j, s in enumerate(func.succs_of(b)):
                args = func.branch_args(b, j)
                targets.append(f"block{s}" + ("(" + ", ".join(f"v{a}" for a in args) + ")" if args else ""))
            tail += ("  " if tail else "") + "-> " + ", ".join(targets)
        if tail:
            extra[str(i)] = tail
    _samples, pressure = liveness if liveness is not None else live_samples(func)
    used_classes = sorted(set(func.vreg_class))
    return {
        "name": func.name,
        "entry": func.entry,
        "nInsts": func.num_insts,
        "nVregs": func.num_vregs,
        "blocks": blocks,
        "mnemonics": func.mnemonics,
        "opStart": func.inst_op_start,
        "opVreg": func.op_vreg,
        "opKind": func.op_kind,
        "opText": op_text,
        "instTail": extra,
        "vregClass": func.vreg_class,
        "remat": {str(v): label for v, label in func.remat.items()},
        "env": {
            "name": env.name,
            "regNames": [env.reg_name(p) for p in range(NUM_PREGS)],
            "allocatable": [env.allocatable(c) for c in range(NUM_CLASSES)],
            "scratch": env.scratch,
            "fixedStack": env.fixed_stack,
            "classNames": list(CLASS_NAMES),
        },
        "classes": used_classes,
        "pressure": [pressure[c] if c in used_classes else [] for c in range(NUM_CLASSES)],
    }


def view_data(
    func: Function,
    env: MachineEnv,
    view: AllocationView,
    liveness: tuple[list[list[int]], list[list[int]]] | None = None,
) -> dict[str, JsonValue]:
    """One allocation: its operand allocations, edits, placement, cost and checker verdict."""
    out: dict[str, JsonValue] = {"label": view.label, "seconds": view.seconds, "notes": view.notes}
    result = view.result
    if result is None:
        out["failure"] = view.failure or "no allocation"
        return out
    error: dict[str, JsonValue] | None = None
    try:
        check(func, env, result)
    except CheckerError as exc:
        error = {"message": str(exc), "inst": exc.inst, "operand": exc.operand, "block": exc.block}
    except RegallocError as exc:
        error = {"message": str(exc), "inst": -1, "operand": -1, "block": -1}
    cost: dict[str, int] | None
    try:
        cost = cost_of(func, env, result).as_dict()
    except RegallocError as exc:
        cost = None
        out["costError"] = str(exc)
    placement = compute_placement(func, env, result, liveness)
    edits: list[int] = []
    for pt, kind, src, dst in result.edits:
        edits.extend((pt, kind, src, dst))
    out.update(
        {
            "algorithm": result.algorithm,
            "spillslots": result.num_spillslots,
            "allocs": result.allocs,
            "edits": edits,
            "editVreg": placement.edit_vreg,
            "segments": placement.segments,
            "cost": cost,
            "error": error,
            "stats": {k: v for k, v in result.stats.items()},
        }
    )
    return out


def report_data(func: Function, env: MachineEnv, views: list[AllocationView], title: str = "") -> dict[str, JsonValue]:
    """The whole page's data: the function once, then each allocation."""
    liveness = live_samples(func)
    return {
        "title": title or f"regalloc: {func.name or 'function'}",
        "func": function_data(func, env, liveness),
        "views": [view_data(func, env, v, liveness) for v in views],
    }
