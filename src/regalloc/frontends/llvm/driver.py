"""The module driver: read a ``.ll`` module, lower every defined function, validate, summarise.

A function outside the lowering's subset is skipped with its reason; every
lowered function has passed :func:`regalloc.validate.validate`.  A lowering that
fails validation would be a bug in the front end: it is reported as skipped with
a reason starting ``"invalid lowering"`` rather than passed on.
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from dataclasses import dataclass, field

from regalloc.env import MachineEnv
from regalloc.errors import RegallocError, ValidationError
from regalloc.frontends.llvm.ir import LlvmFrontendError
from regalloc.frontends.llvm.reader import read_module
from regalloc.frontends.llvm.types import TypeLayout, named_type_bodies
from regalloc.frontends.llvm.x86_64 import UnsupportedFunction, lower_function
from regalloc.function import Function
from regalloc.presets import get_preset
from regalloc.validate import validate

TARGET_PRESETS = {"x86_64": "x86_64-sysv"}


@dataclass
class LoweredFunction:
    """A lowered function and the size of the LLVM function it came from."""

    name: str
    function: Function
    ir_insts: int
    env: MachineEnv


@dataclass
class SkippedFunction:
    """A function left out, with the reason and its LLVM instruction count."""

    name: str
    reason: str
    ir_insts: int


@dataclass
class LoweredModule:
    """Everything lowered from one module, what was skipped and why, and the time taken."""

    source: str
    env: MachineEnv
    lowered: list[LoweredFunction] = field(default_factory=list)
    skipped: list[SkippedFunction] = field(default_factory=list)
    read_seconds: float = 0.0
    lower_seconds: float = 0.0

    @property
    def num_functions(self) -> int:
        return len(self.lowered) + len(self.skipped)

    @property
    def ir_insts(self) -> int:
        return sum(f.ir_insts for f in self.lowered) + sum(f.ir_insts for f in self.skipped)

    @property
    def lowered_ir_insts(self) -> int:
        return sum(f.ir_insts for f in self.lowered)

    def skip_reasons(self) -> Counter[str]:
        """How many functions were skipped for each reason."""
        return Counter(s.reason for s in self.skipped)

    def summary(self) -> str:
        """A few readable lines: counts, shares and the skip reasons."""
        return format_summary([self])


def format_summary(modules: list[LoweredModule]) -> str:
    """Lowered/skipped counts (by functions and LLVM instructions) and skip reasons over ``modules``."""
    n_fn = sum(m.num_functions for m in modules)
    n_low = sum(len(m.lowered) for m in modules)
    n_inst = sum(m.ir_insts for m in modules)
    n_low_inst = sum(m.lowered_ir_insts for m in modules)
    reasons: Counter[str] = Counter()
    for m in modules:
        reasons.update(m.skip_reasons())
    lines = [
        f"functions: {n_fn}, lowered {n_low} ({_share(n_low, n_fn)}), skipped {n_fn - n_low}",
        f"LLVM instructions: {n_inst}, in lowered functions {n_low_inst} ({_share(n_low_inst, n_inst)})",
    ]
    for reason, count in sorted(reasons.items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"  skipped {count}: {reason}")
    return "\n".join(lines)


def _share(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "n/a"


def lower_module(text: str, source: str = "", target: str = "x86_64") -> LoweredModule:
    """Lower every function defined in the textual IR module ``text``.

    Raises :class:`~regalloc.frontends.llvm.reader.LlvmFrontendError` when the
    module does not parse (or llvmlite is missing), and a RegallocError for an
    unknown ``target``.
    """
    preset = TARGET_PRESETS.get(target)
    if preset is None:
        raise RegallocError(f"unknown target {target!r} (supported: {', '.join(sorted(TARGET_PRESETS))})")
    env = get_preset(preset)
    # Reading and lowering allocate millions of small acyclic objects; the cyclic
    # collector's repeated scans of them would cost as much as the work itself.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _lower_module(text, source, env)
    finally:
        if collecting:
            gc.enable()


def _lower_module(text: str, source: str, env: MachineEnv) -> LoweredModule:
    started = time.perf_counter()
    module = read_module(text, source)
    layout = TypeLayout(named_type_bodies(module.module_text))
    out = LoweredModule(source=source, env=env)
    out.read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for name, reason in module.read_errors.items():
        out.skipped.append(SkippedFunction(name, reason, 0))
    for irf in module.functions:
        try:
            func, func_env = lower_function(irf, env, layout)
        except UnsupportedFunction as exc:
            out.skipped.append(SkippedFunction(irf.name, exc.reason, irf.num_ir_insts))
            continue
        except ValidationError as exc:
            out.skipped.append(SkippedFunction(irf.name, f"invalid lowering: {exc}", irf.num_ir_insts))
            continue
        except (KeyError, IndexError, ValueError, AssertionError, TypeError) as exc:
            # A front-end bug on an unforeseen input: reported as such, never passed on.
            reason = f"lowering failed: {type(exc).__name__}: {exc}"
            out.skipped.append(SkippedFunction(irf.name, reason, irf.num_ir_insts))
            continue
        try:
            validate(func, func_env)
        except ValidationError as exc:
            out.skipped.append(SkippedFunction(irf.name, f"invalid lowering: {exc}", irf.num_ir_insts))
            continue
        out.lowered.append(LoweredFunction(irf.name, func, irf.num_ir_insts, func_env))
    out.lower_seconds = time.perf_counter() - started
    return out


def lower_file(path: str, target: str = "x86_64") -> LoweredModule:
    """:func:`lower_module` on the ``.ll`` file at ``path``."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except UnicodeDecodeError as exc:
        raise LlvmFrontendError(f"{path}: not a textual LLVM IR file ({exc.reason})") from exc
    return lower_module(text, source=path, target=target)
