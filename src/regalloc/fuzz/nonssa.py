"""Non-SSA fuzzing: generated functions destructed into non-SSA form.

:func:`generate_non_ssa` runs the SSA generator and then
:func:`regalloc.ssa.destruct.to_non_ssa` on its output, so the function has
reassigned vregs, ``mod`` operands, loops carrying values without block
parameters and (where the generator split an edge with a bare jump block)
critical edges, while staying valid and allocatable.  :func:`non_ssa_allocator`
wraps an allocator in convert (or lower) / allocate / map back, as
:func:`regalloc.api.allocate` does; :func:`run_non_ssa_fuzz` is the
``regalloc fuzz --non-ssa`` loop, which checks every mapped-back result
against the non-SSA program itself and shrinks a failing function as
``regalloc fuzz`` does (the shrinker keeps it non-SSA).

>>> from regalloc.fuzz.runner import get_allocator
>>> func, env = generate_non_ssa(3, GenConfig.preset("small"))
>>> func.ssa
False
>>> report = run_non_ssa_fuzz({"reference": get_allocator("reference")}, count=3, seed=1)
>>> report.cases, report.failure is None
(3, True)
"""

from __future__ import annotations

import time

from regalloc.env import MachineEnv
from regalloc.function import Function
from regalloc.fuzz.generator import GenConfig, generate
from regalloc.fuzz.reference import allocate_reference
from regalloc.fuzz.runner import MIXED, Allocator, FuzzReport, case_seed, case_size, failure_of, record_failure
from regalloc.result import AllocationResult
from regalloc.ssa import allocate_non_ssa
from regalloc.ssa.destruct import to_non_ssa


def generate_non_ssa(seed: int, config: GenConfig | None = None) -> tuple[Function, MachineEnv]:
    """A random valid non-SSA function and environment, deterministic in ``seed``."""
    func, env = generate(seed, config)
    return to_non_ssa(func, seed=seed), env


def generate_non_ssa_case(seed: int, size: str, k: int) -> tuple[Function, MachineEnv]:
    """Case ``k`` of a non-SSA run (same seeds and sizes as :func:`regalloc.fuzz.runner.generate_case`)."""
    return generate_non_ssa(case_seed(seed, k), GenConfig.preset(case_size(size, k)))


#: Label suffix of an allocator that takes lowered non-SSA input when run through full SSA conversion.
VIA_SSA = "-via-ssa"


def non_ssa_allocator(allocator: Allocator, *, takes_non_ssa: bool = False) -> Allocator:
    """``allocator`` made to allocate non-SSA functions via :func:`regalloc.ssa.allocate_non_ssa`
    (converted to SSA, or only lowered if it ``takes_non_ssa``)."""

    def run(func: Function, env: MachineEnv) -> AllocationResult:
        return allocate_non_ssa(func, env, allocator, takes_non_ssa=takes_non_ssa)

    return run


def non_ssa_allocators(allocators: dict[str, Allocator]) -> dict[str, Allocator]:
    """Each of ``allocators`` wrapped by :func:`non_ssa_allocator` the way
    :func:`regalloc.api.allocate` runs it; one that takes lowered non-SSA input
    (``regalloc.api.TAKES_NON_SSA``) also through the full SSA conversion, as
    ``NAME`` + :data:`VIA_SSA`, since clients may call :func:`regalloc.ssa.allocate_non_ssa` so."""
    from regalloc.api import TAKES_NON_SSA

    wrapped: dict[str, Allocator] = {}
    for name, allocator in allocators.items():
        native = name in TAKES_NON_SSA
        wrapped[name] = non_ssa_allocator(allocator, takes_non_ssa=native)
        if native:
            wrapped[name + VIA_SSA] = non_ssa_allocator(allocator)
    return wrapped


def run_non_ssa_fuzz(
    allocators: dict[str, Allocator],
    *,
    count: int | None = None,
    seconds: float | None = None,
    seed: int = 0,
    size: str = MIXED,
    out_dir: str = "fuzz-failures",
    shrink_seconds: float = 60.0,
) -> FuzzReport:
    """Fuzz ``allocators`` (SSA allocators, wrapped here) on non-SSA functions.

    Stops at ``count`` cases (100 if neither limit is given), after
    ``seconds``, or at the first failure, whose non-SSA function is shrunk
    (candidates the reference allocator still allocates through the non-SSA
    path) and written to ``out_dir``.
    """
    if count is None and seconds is None:
        count = 100
    wrapped = non_ssa_allocators(allocators)
    reference = wrapped.get("reference") or non_ssa_allocator(allocate_reference)
    report = FuzzReport()
    start = time.monotonic()
    k = 0
    while (count is None or k < count) and (seconds is None or time.monotonic() - start < seconds):
        func, env = generate_non_ssa_case(seed, size, k)
        report.cases += 1
        report.insts += func.num_insts
        for name, allocator in wrapped.items():
            report.allocations += 1
            message = failure_of(allocator, func, env)
            if message is None:
                continue
            report.seconds = time.monotonic() - start
            report.failure = record_failure(
                name,
                allocator,
                func,
                env,
                message,
                case_seed(seed, k),
                case_size(size, k),
                out_dir,
                shrink_seconds,
                reference=reference,
                file_label=f"{name}-nonssa",
                replay_algorithm=name.removesuffix(VIA_SSA),
            )
            return report
        k += 1
    report.seconds = time.monotonic() - start
    return report
