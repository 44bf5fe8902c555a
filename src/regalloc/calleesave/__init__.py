"""Callee-saved registers around any allocator: report, managed and prologue modes.

* ``"report"``: allocate as usual; the result lists the callee-saved registers
  the code writes (``clobbered_callee_saved``).
* ``"managed"``: each callee-saved register's entry value becomes a value the
  allocator keeps alive from the entry to every return
  (:mod:`regalloc.calleesave.managed`), so it saves and restores a register only
  where it needs it; :mod:`regalloc.calleesave.shrinkwrap` then drops restores
  that change nothing and sinks saves towards their uses.  When the
  conventional shape is cheaper on the cost model (the entry values' extra
  pressure can cost more than the saves avoided), that is returned instead
  (``stats["calleesave_shape"]`` says which), so managed is never worse.
* ``"prologue"``: the conventional shape: a save of every written callee-saved
  register before the first instruction, a restore before every return
  (:mod:`regalloc.calleesave.prologue`).

Both non-report modes need an entry block without predecessors and fill
``callee_saved_edits``; with ``pair`` true, saves and restores (and any other
spill moves) to adjacent slots merge into ``PAIR`` edits where the
environment's ``paired_slots`` allows (:mod:`regalloc.calleesave.pairing`).

>>> from regalloc import Fixed, FunctionBuilder, MachineEnv, define, use
>>> from regalloc.fast import allocate_fast
>>> from regalloc.regs import INT, preg
>>> fb = FunctionBuilder()
>>> v = fb.vreg(INT)
>>> fb.start_block(fb.new_block())
>>> fb.op([define(v, "reg")])
>>> fb.op([], clobbers=[preg(INT, 0)], mnemonic="call")
>>> fb.ret([use(v, Fixed(preg(INT, 0)))])
>>> fb.callee_saved = [preg(INT, 1)]
>>> env = MachineEnv(preferred=[[preg(INT, 0)], [], []], non_preferred=[[preg(INT, 1)], [], []])
>>> result = allocate_with_callee_saved(fb.finish(), env, allocate_fast, "prologue")
>>> result.clobbered_callee_saved, sorted(result.callee_saved_edits)
([1], [1])
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from regalloc.calleesave.managed import add_entry_values, map_to_original
from regalloc.calleesave.pairing import pair_spills
from regalloc.calleesave.prologue import add_prologue_saves
from regalloc.calleesave.report import clobbered_callee_saved, written_registers
from regalloc.calleesave.shrinkwrap import sink_saves
from regalloc.calleesave.tracking import find_save_restore_edits, follow_entry_values
from regalloc.cost import cost_of
from regalloc.env import MachineEnv
from regalloc.errors import AllocationError, RegallocError
from regalloc.function import Function
from regalloc.result import MOVE, AllocationResult

__all__ = [
    "MODES",
    "allocate_with_callee_saved",
    "clobbered_callee_saved",
    "pair_spills",
    "written_registers",
]


def shrink_wrap(func: Function, env: MachineEnv, result: AllocationResult, registers: list[int]) -> AllocationResult:
    """Drop restores that change nothing, sink the saves of ``registers``' entry
    values (:mod:`regalloc.calleesave.shrinkwrap`) and record the remaining
    saves and restores in ``callee_saved_edits``."""
    _found, no_op = follow_entry_values(func, env, result, registers)
    result = replace(result, edits=[e for idx, e in enumerate(result.edits) if not no_op[idx]])
    found = find_save_restore_edits(func, env, result, registers)
    saves = [j for p, ix in found.items() for j in ix if result.edits[j][1] == MOVE and result.edits[j][2] == p]
    result = replace(result, edits=sink_saves(func, env, result, saves, registers))
    found = find_save_restore_edits(func, env, result, registers)
    result.callee_saved_edits.update({p: ix for p, ix in found.items() if ix})
    return result


def _prologue_mode(func: Function, env: MachineEnv, result: AllocationResult, pair: bool) -> AllocationResult:
    result = add_prologue_saves(func, env, result)
    return pair_spills(func, env, result) if pair else result


def _weighted(func: Function, env: MachineEnv, result: AllocationResult) -> int:
    return cost_of(func, env, result).weighted_cost


#: The callee-saved modes :func:`allocate_with_callee_saved` accepts.
MODES = ("report", "managed", "prologue")


def allocate_with_callee_saved(
    func: Function,
    env: MachineEnv,
    allocator: Callable[[Function, MachineEnv], AllocationResult],
    mode: str = "report",
    *,
    pair: bool = False,
) -> AllocationResult:
    """Run ``allocator`` on ``func`` in callee-saved ``mode`` (see the module doc).

    A function without a callee-saved list (``func.callee_saved`` None) is
    allocated as in report mode.  ``stats["calleesave_seconds"]`` records the
    time spent in the transformations around the allocator.
    """
    if mode not in MODES:
        raise RegallocError(f"unknown callee-saved mode {mode!r} (expected one of {', '.join(MODES)})")
    if func.callee_saved is None or mode == "report":
        result = allocator(func, env)
        overhead = 0.0
    elif mode == "managed":
        start = time.perf_counter()
        managed = [p for p in func.callee_saved if env.is_allocatable(p)]
        ev = add_entry_values(func, managed)
        overhead = time.perf_counter() - start
        inner = allocator(ev.func, env)
        start = time.perf_counter()
        result = map_to_original(func, ev, inner)
        # Callee-saved registers the allocator does not manage (not allocatable)
        # but the code writes (clobbers, fixed defs) get conventional saves.
        unmanaged = [p for p in func.callee_saved if not env.is_allocatable(p)]
        if unmanaged:
            result = add_prologue_saves(func, env, result, only=unmanaged)
        result = shrink_wrap(func, env, result, managed)
        if pair:
            result = pair_spills(func, env, result)
        # Keeping the entry values alive raises register pressure, which can
        # cost more elsewhere than the saves it avoids; the conventional shape
        # is then the better answer, so managed mode is never worse than it.
        try:
            conventional = _prologue_mode(func, env, allocator(func, env), pair)
        except AllocationError:
            conventional = None
        if conventional is not None and _weighted(func, env, conventional) < _weighted(func, env, result):
            result = conventional
            result.stats["calleesave_shape"] = "prologue"
        else:
            result.stats["calleesave_shape"] = "managed"
        overhead += time.perf_counter() - start
    else:
        result = allocator(func, env)
        start = time.perf_counter()
        result = _prologue_mode(func, env, result, pair)
        overhead = time.perf_counter() - start
    start = time.perf_counter()
    if func.callee_saved is not None:
        result.clobbered_callee_saved = clobbered_callee_saved(func, result)
    if mode != "report":
        result.stats["calleesave_seconds"] = overhead + time.perf_counter() - start
    return result
