"""The fuzz loop behind ``regalloc fuzz``: generate, allocate, check, repeat.

Every generated function is valid and allocatable, so *any* exception from an
allocator, and any result the checker rejects, is a failure.  The first
failure is shrunk (:mod:`regalloc.fuzz.shrink`), written as a text file, and
reported with the command that reproduces it.

>>> import io
>>> report = run_fuzz({"reference": get_allocator("reference")}, count=3, seed=1, stream=io.StringIO())
>>> report.cases, report.failure is None
(3, True)
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from regalloc.env import MachineEnv
from regalloc.errors import RegallocError
from regalloc.function import Function
from regalloc.fuzz.generator import GenConfig, generate
from regalloc.fuzz.reference import allocate_reference
from regalloc.fuzz.shrink import shrink_function
from regalloc.result import AllocationResult

Allocator = Callable[[Function, MachineEnv], AllocationResult]

MIXED = "mixed"
SIZE_CHOICES = ("small", "medium", "large", MIXED)
# Mixed runs: mostly small cases (fast, easy to read), some medium, a few large.
_MIXED_CYCLE = ("small", "small", "medium", "small", "small", "medium", "small", "large", "small", "medium")


def case_size(size: str, k: int) -> str:
    """The size of case ``k`` of a run of ``size`` (``mixed`` cycles through them)."""
    return _MIXED_CYCLE[k % len(_MIXED_CYCLE)] if size == MIXED else size


def case_seed(seed: int, k: int) -> int:
    """The generator seed of case ``k`` of a run started with ``seed``."""
    return seed + k


def generate_case(seed: int, size: str, k: int) -> tuple[Function, MachineEnv]:
    """Case ``k`` of a run: deterministic in ``(seed, size, k)``."""
    return generate(case_seed(seed, k), GenConfig.preset(case_size(size, k)))


def get_allocator(name: str) -> Allocator:
    """The allocator called ``name``: ``reference`` or one of ``regalloc.api.ALLOCATORS``."""
    if name == "reference":
        return allocate_reference
    from regalloc.api import ALLOCATORS

    if name not in ALLOCATORS:
        known = ", ".join(["reference", *sorted(ALLOCATORS)])
        raise RegallocError(f"unknown algorithm {name!r} (known: {known})")
    chosen = ALLOCATORS[name]

    def run(func: Function, env: MachineEnv) -> AllocationResult:
        return chosen(func, env)

    return run


def all_allocators() -> dict[str, Allocator]:
    """Every registered allocator plus the reference (registry read lazily)."""
    names = ["reference"]
    try:
        from regalloc.api import ALLOCATORS

        names += sorted(ALLOCATORS)
    except ImportError:
        pass
    return {name: get_allocator(name) for name in names}


def failure_of(allocator: Allocator, func: Function, env: MachineEnv) -> str | None:
    """Why ``allocator`` fails on ``func`` (exception or checker verdict), or None."""
    from regalloc.checker import check

    try:
        result = allocator(func, env)
    except Exception as exc:  # any crash is a finding: the input is allocatable
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        place = f" at {os.path.basename(where.filename)}:{where.lineno}" if where else ""
        return f"allocator raised {type(exc).__name__}{place}: {exc}"
    try:
        check(func, env, result)
    except RegallocError as exc:
        return f"checker: {exc}"
    return None


@dataclass
class Failure:
    algorithm: str
    seed: int
    size: str
    message: str
    path: str
    insts: int
    original_insts: int
    command: str


@dataclass
class FuzzReport:
    cases: int = 0
    insts: int = 0
    allocations: int = 0
    seconds: float = 0.0
    failure: Failure | None = None

    def summary(self) -> str:
        rate = self.cases / self.seconds if self.seconds > 0 else 0.0
        return (
            f"fuzz: {self.cases} cases, {self.insts} instructions, {self.allocations} allocations, "
            f"{1 if self.failure else 0} failures, {self.seconds:.1f} s, {rate:.1f} cases/s"
        )


class _Progress:
    """A one-line progress display on a terminal, periodic lines otherwise."""

    def __init__(self, stream: TextIO, total: int | None, seconds: float | None) -> None:
        self.stream = stream
        self.total = total
        self.seconds = seconds
        self.tty = stream.isatty()
        self.start = time.monotonic()
        self.last = self.start

    def update(self, cases: int, insts: int, force: bool = False) -> None:
        now = time.monotonic()
        interval = 0.2 if self.tty else 10.0
        if not force and now - self.last < interval:
            return
        self.last = now
        elapsed = now - self.start
        if self.total:
            frac = cases / self.total
        elif self.seconds:
            frac = min(elapsed / self.seconds, 1.0)
        else:
            frac = 0.0
        rate = cases / elapsed if elapsed > 0 else 0.0
        text = f"{cases} cases, {insts} insts, {rate:.1f} cases/s, {elapsed:.0f} s"
        if self.tty:
            filled = int(frac * 30)
            self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {text}  ")
        else:
            self.stream.write(f"fuzz: {text}\n")
        self.stream.flush()

    def done(self) -> None:
        if self.tty:
            self.stream.write("\n")


def run_fuzz(
    allocators: dict[str, Allocator],
    *,
    count: int | None = None,
    seconds: float | None = None,
    seed: int = 0,
    size: str = MIXED,
    out_dir: str = "fuzz-failures",
    stream: TextIO | None = None,
    shrink_seconds: float = 60.0,
) -> FuzzReport:
    """Fuzz ``allocators`` until ``count`` cases or ``seconds`` have passed, or the
    first failure (then shrunk and written to ``out_dir``).  With neither limit
    given, runs 100 cases."""
    out = stream if stream is not None else sys.stderr
    if count is None and seconds is None:
        count = 100
    report = FuzzReport()
    progress = _Progress(out, count, seconds)
    start = time.monotonic()
    k = 0
    while True:
        if count is not None and k >= count:
            break
        if seconds is not None and time.monotonic() - start >= seconds:
            break
        func, env = generate_case(seed, size, k)
        report.cases += 1
        report.insts += func.num_insts
        for name, allocator in allocators.items():
            report.allocations += 1
            message = failure_of(allocator, func, env)
            if message is not None:
                report.seconds = time.monotonic() - start
                progress.done()
                report.failure = record_failure(
                    name, allocator, func, env, message, case_seed(seed, k), case_size(size, k), out_dir, shrink_seconds
                )
                return report
        k += 1
        progress.update(report.cases, report.insts)
    report.seconds = time.monotonic() - start
    if progress.tty:
        progress.update(report.cases, report.insts, force=True)
    progress.done()
    return report


def record_failure(
    name: str,
    allocator: Allocator,
    func: Function,
    env: MachineEnv,
    message: str,
    seed: int,
    size: str,
    out_dir: str,
    shrink_seconds: float,
    *,
    reference: Allocator = allocate_reference,
    file_label: str | None = None,
    replay_algorithm: str | None = None,
) -> Failure:
    """Shrink a failing case, write it to ``out_dir`` (as ``FILE_LABEL-SIZE-seedSEED``,
    the label ``name`` by default) and describe it with the command replaying it (with
    ``--algorithm REPLAY_ALGORITHM``, ``name`` by default).  ``reference`` is the
    allocator whose success proves a candidate allocatable."""
    from regalloc.formats import TEXT_EXTENSION, dump_function_json, dump_function_text, loads_function

    def still_fails(f: Function, e: MachineEnv) -> bool:
        # The reference allocator succeeding proves the candidate allocatable,
        # so shrinking cannot drift into inputs no allocator could handle.
        if failure_of(allocator, f, e) is None:
            return False
        return allocator is reference or failure_of(reference, f, e) is None

    small, small_env = shrink_function(func, env, still_fails, max_seconds=shrink_seconds)
    final_message = failure_of(allocator, small, small_env) or message
    os.makedirs(out_dir, exist_ok=True)
    stem = f"{file_label or name}-{size}-seed{seed}"
    path = os.path.join(out_dir, stem + TEXT_EXTENSION)
    text = dump_function_text(small, small_env)
    if loads_function(text, source=path) != (small, small_env):
        # The interchange JSON is exact; fall back to it if the text would not
        # reproduce the function precisely.
        path = os.path.join(out_dir, stem + ".json")
        text = dump_function_json(small, small_env)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    command = f"regalloc fuzz --algorithm {replay_algorithm or name} --replay {path}"
    return Failure(name, seed, size, final_message, path, small.num_insts, func.num_insts, command)
