"""Reading LLVM IR with llvmlite.

llvmlite is imported lazily (the ``regalloc[llvm]`` extra), so the package
imports without it; :func:`load_llvmlite` raises :class:`LlvmliteMissingError`
with an install hint when it is absent.  llvmlite parses and verifies the
module in a context of its own (so struct type names are never renamed by
other modules), and prints it once; :mod:`regalloc.frontends.llvm.textir`
reads the function bodies from that canonical text into :mod:`ir` records,
which is several times faster than walking llvmlite's handles instruction by
instruction.
"""

from __future__ import annotations

from typing import Any

from regalloc.frontends.llvm.ir import IRModule, LlvmFrontendError, LlvmliteMissingError
from regalloc.frontends.llvm.textir import parse_printed_module


def load_llvmlite() -> Any:
    """The ``llvmlite.binding`` module, or :class:`LlvmliteMissingError` with an install hint."""
    try:
        import llvmlite.binding as binding
    except ImportError as exc:
        raise LlvmliteMissingError(
            "reading LLVM IR needs llvmlite; install it with: pip install 'regalloc[llvm]'"
        ) from exc
    return binding



def parse_module(text: str, source: str = "") -> Any:
    """Parse and verify textual IR with llvmlite; a problem becomes :class:`LlvmFrontendError`."""
    binding = load_llvmlite()
    try:
        module = binding.parse_assembly(text, context=binding.create_context())
        module.verify()
    except RuntimeError as exc:
        first = str(exc).strip().splitlines()
        detail = first[0] if first else "parse error"
        for line in first:
            if "error:" in line:
                detail = line.strip()
                break
        raise LlvmFrontendError(f"{source or '<ir>'}: LLVM IR does not parse: {detail}") from exc
    return module


def read_module(text: str, source: str = "") -> IRModule:
    """Parse ``text`` with llvmlite and read every defined function from its printed form."""
    module = parse_module(text, source)
    return parse_printed_module(str(module))
