"""The library's entry point: allocate a function with a named allocator.

``ALLOCATORS`` maps an algorithm name to a callable ``(func, env) ->
AllocationResult``; :func:`allocate` validates the input, then runs one.

>>> from regalloc import FunctionBuilder, MachineEnv, define, use
>>> from regalloc.regs import INT, preg
>>> fb = FunctionBuilder()
>>> v = fb.vreg(INT)
>>> fb.start_block(fb.new_block())
>>> fb.op([define(v, "reg")])
>>> fb.ret([use(v, "reg")])
>>> env = MachineEnv(preferred=[[preg(INT, 0)], [], []])
>>> allocate(fb.finish(), env, algorithm="fast").allocs
[0, 0]
"""

from __future__ import annotations

from collections.abc import Callable

from regalloc.calleesave import allocate_with_callee_saved
from regalloc.env import MachineEnv
from regalloc.errors import RegallocError
from regalloc.fast import allocate_fast
from regalloc.function import Function
from regalloc.ion import allocate_ion
from regalloc.result import AllocationResult

Allocator = Callable[[Function, MachineEnv], AllocationResult]

#: Registered allocators by name.
ALLOCATORS: dict[str, Allocator] = {
    "fast": allocate_fast,
    "ion": allocate_ion,
}

#: Allocators that take non-SSA input themselves once it is lowered
#: (:func:`regalloc.ssa.lower_non_ssa`: critical edges split, ``mod`` operands
#: rewritten); the others get it converted to SSA (:func:`regalloc.ssa.to_ssa`).
TAKES_NON_SSA: frozenset[str] = frozenset({"fast"})


def allocate(
    func: Function,
    env: MachineEnv,
    algorithm: str = "ion",
    *,
    validate: bool = True,
    callee_saved: str = "report",
    pair_spills: bool | None = None,
) -> AllocationResult:
    """Allocate registers for ``func`` on ``env`` with ``algorithm``.

    The input is checked with :func:`regalloc.validate.validate` first unless
    ``validate`` is false.  An unknown algorithm is a :class:`RegallocError`
    listing the registered ones; allocators raise
    :class:`~regalloc.errors.AllocationError` for constraints they cannot meet.

    ``callee_saved`` is ``"report"`` (default: just list the callee-saved
    registers the code writes), ``"managed"`` (the allocator decides where to
    save and restore them) or ``"prologue"`` (save at entry, restore before
    every return); see :mod:`regalloc.calleesave`.  ``pair_spills`` merges
    spill moves to adjacent slots into pair edits where ``env.paired_slots``
    allows; by default it is on in the managed and prologue modes.
    """
    allocator = ALLOCATORS.get(algorithm)
    if allocator is None:
        known = ", ".join(sorted(ALLOCATORS)) or "none"
        raise RegallocError(f"unknown allocation algorithm {algorithm!r} (registered: {known})")
    if validate:
        from regalloc.validate import validate as validate_function

        validate_function(func, env)
    chosen = allocator

    def run(f: Function, e: MachineEnv) -> AllocationResult:
        if not f.ssa:
            # Non-SSA input is lowered or converted to SSA, allocated, and mapped back (regalloc.ssa).
            from regalloc.ssa import allocate_non_ssa

            return allocate_non_ssa(f, e, chosen, takes_non_ssa=algorithm in TAKES_NON_SSA)
        return chosen(f, e)

    pair = pair_spills if pair_spills is not None else callee_saved != "report" and any(env.paired_slots)
    result = allocate_with_callee_saved(func, env, run, callee_saved, pair=pair)
    if not result.algorithm:
        result.algorithm = algorithm
    return result
