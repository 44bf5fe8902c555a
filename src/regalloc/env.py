"""The machine environment: which physical registers the allocator may use.

A :class:`MachineEnv` says, per register class, which registers are allocatable
(preferred ones, usually caller-saved, are tried first), the optional dedicated
scratch register, which pregs denote fixed stack locations, and how many spill
slots a spilled value of each class occupies.  Presets for real ABIs live in
:mod:`regalloc.presets`.

>>> from regalloc.regs import INT, preg
>>> env = MachineEnv(preferred=[[preg(INT, 0), preg(INT, 1)], [], []])
>>> env.allocatable(INT) == [0, 1], env.is_allocatable(preg(INT, 1))
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from regalloc.errors import EnvError
from regalloc.regs import NUM_CLASSES, mask_of, parse_preg, preg_class, preg_str


@dataclass
class Abi:
    """Calling-convention facts a preset records for clients and generators."""

    int_args: list[int] = field(default_factory=list)
    float_args: list[int] = field(default_factory=list)
    int_rets: list[int] = field(default_factory=list)
    float_rets: list[int] = field(default_factory=list)
    callee_saved: list[int] = field(default_factory=list)
    caller_saved: list[int] = field(default_factory=list)
    reference: str = ""


def _per_class_lists() -> list[list[int]]:
    return [[] for _ in range(NUM_CLASSES)]


@dataclass
class MachineEnv:
    """Allocatable registers and stack facts of a target (all registers as pregs).

    ``preferred[cls]`` / ``non_preferred[cls]``: allocatable pregs of class ``cls``
    in the order to try them.  ``scratch[cls]``: a dedicated scratch preg or -1.
    ``fixed_stack``: pregs standing for fixed stack locations (memory, never
    allocatable).  ``spillslot_size[cls]``: slots a spilled value occupies.
    ``reg_names``: optional printing names (``{preg: "rax"}``).
    ``paired_slots[cls]``: the target can store or load two registers of ``cls``
    to or from two adjacent spill slots in one instruction (AArch64 ``stp``/``ldp``).
    """

    preferred: list[list[int]] = field(default_factory=_per_class_lists)
    non_preferred: list[list[int]] = field(default_factory=_per_class_lists)
    scratch: list[int] = field(default_factory=lambda: [-1] * NUM_CLASSES)
    fixed_stack: list[int] = field(default_factory=list)
    spillslot_size: list[int] = field(default_factory=lambda: [1] * NUM_CLASSES)
    reg_names: dict[int, str] = field(default_factory=dict)
    name: str = ""
    abi: Abi | None = None
    paired_slots: list[bool] = field(default_factory=lambda: [False] * NUM_CLASSES)

    def __post_init__(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Recompute the derived bitsets after the lists were changed in place."""
        self.fixed_stack_mask = mask_of(self.fixed_stack)
        self.allocatable_mask = [
            mask_of(self.preferred[c]) | mask_of(self.non_preferred[c]) for c in range(NUM_CLASSES)
        ]
        self.all_allocatable_mask = 0
        for m in self.allocatable_mask:
            self.all_allocatable_mask |= m

    def allocatable(self, cls: int) -> list[int]:
        """Allocatable pregs of ``cls``: preferred first, then non-preferred."""
        return self.preferred[cls] + self.non_preferred[cls]

    def is_allocatable(self, p: int) -> bool:
        return (self.all_allocatable_mask >> p) & 1 == 1

    def is_fixed_stack(self, p: int) -> bool:
        return (self.fixed_stack_mask >> p) & 1 == 1

    def reg_name(self, p: int) -> str:
        """Printing name of a preg: its ABI name if known, else ``class:index``."""
        return self.reg_names.get(p) or preg_str(p)

    def reg_by_name(self, name: str) -> int:
        """The preg named ``name`` (an ABI name such as ``"rax"`` or ``class:index``)."""
        for p, reg_name in self.reg_names.items():
            if reg_name == name:
                return p
        try:
            return parse_preg(name)
        except ValueError:
            raise EnvError(f"env {self.name or '(unnamed)'}: no register named {name!r}") from None

    def check(self) -> None:
        """Raise :class:`EnvError` if the environment is inconsistent."""
        seen: dict[int, str] = {}

        def claim(p: int, role: str) -> None:
            if not 0 <= p < 192:
                raise EnvError(f"env: {role} register {p} out of range")
            if p in seen:
                raise EnvError(f"env: {preg_str(p)} is both {seen[p]} and {role}")
            seen[p] = role

        for c in range(NUM_CLASSES):
            for role, regs in (("preferred", self.preferred[c]), ("non_preferred", self.non_preferred[c])):
                for p in regs:
                    claim(p, role)
                    if preg_class(p) != c:
                        raise EnvError(f"env: {role} register {preg_str(p)} listed under the wrong class")
            s = self.scratch[c]
            if s >= 0:
                claim(s, "scratch")
                if preg_class(s) != c:
                    raise EnvError(f"env: scratch register {preg_str(s)} listed under the wrong class")
            if len(self.paired_slots) != NUM_CLASSES:
                raise EnvError(f"env: paired_slots needs {NUM_CLASSES} entries, got {len(self.paired_slots)}")
            if self.spillslot_size[c] < 1:
                raise EnvError(f"env: spillslot_size must be at least 1, got {self.spillslot_size[c]}")
        for p in self.fixed_stack:
            claim(p, "fixed_stack")
        self.refresh()
