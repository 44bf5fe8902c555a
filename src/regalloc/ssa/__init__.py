"""Non-SSA input: conversion to SSA, mapping allocations back, and the reverse.

* :mod:`regalloc.ssa.convert` turns a function whose vregs are reassigned
  (``Function.ssa`` false: several defs per vreg, ``mod`` operands, values
  flowing through vregs across edges, critical edges) into the allocators'
  SSA input, remembering where every new operand, block and vreg came from;
* :mod:`regalloc.ssa.mapback` maps an allocation of that SSA function back
  onto the original instructions (edits in split edges become edge edits);
* :mod:`regalloc.ssa.destruct` goes the other way, for tests and corpora:
  an SSA function becomes an equivalent non-SSA one.

:func:`allocate_non_ssa` is the whole path, used by :func:`regalloc.api.allocate`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from regalloc.env import MachineEnv
from regalloc.function import Function
from regalloc.result import AllocationResult
from regalloc.ssa.convert import Conversion, lower_non_ssa, to_ssa
from regalloc.ssa.mapback import map_back

__all__ = ["Conversion", "allocate_non_ssa", "lower_non_ssa", "map_back", "to_ssa"]


def allocate_non_ssa(
    func: Function,
    env: MachineEnv,
    allocator: Callable[[Function, MachineEnv], AllocationResult],
    *,
    takes_non_ssa: bool = False,
) -> AllocationResult:
    """Allocate non-SSA ``func``: convert it to SSA, run ``allocator``, map the result back.

    The result allocates ``func`` itself (one allocation per original operand,
    edits at original program points, ``edge_edits`` for moves the allocator
    placed on split critical edges).  ``stats`` gains ``ssa_convert_seconds``
    and ``ssa_mapback_seconds``.
    """
    start = time.perf_counter()
    conversion = lower_non_ssa(func) if takes_non_ssa else to_ssa(func)
    converted = time.perf_counter()
    ssa_result = allocator(conversion.func, env)
    allocated = time.perf_counter()
    result = map_back(conversion, ssa_result, env)
    done = time.perf_counter()
    result.stats["ssa_convert_seconds"] = converted - start
    result.stats["ssa_mapback_seconds"] = done - allocated
    return result
