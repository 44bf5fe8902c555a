"""regalloc: register allocation for compilers, with an independent checker."""

from __future__ import annotations

from regalloc.api import allocate
from regalloc.env import Abi, MachineEnv
from regalloc.errors import (
    AllocationError,
    CheckerError,
    EnvError,
    FormatError,
    RegallocError,
    ValidationError,
)
from regalloc.function import (
    Fixed,
    Function,
    FunctionBuilder,
    Limit,
    Operand,
    Reuse,
    define,
    fixed_def,
    fixed_use,
    modify,
    use,
)
from regalloc.result import AllocationResult

__version__ = "0.1.0"

__all__ = [
    "Abi",
    "AllocationError",
    "AllocationResult",
    "CheckerError",
    "EnvError",
    "Fixed",
    "FormatError",
    "Function",
    "FunctionBuilder",
    "Limit",
    "MachineEnv",
    "Operand",
    "RegallocError",
    "Reuse",
    "ValidationError",
    "__version__",
    "allocate",
    "define",
    "fixed_def",
    "fixed_use",
    "modify",
    "use",
]
