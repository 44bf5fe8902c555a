"""LLVM IR front end: lower a ``.ll`` module to x86-64 allocator input.

Needs the optional llvmlite package (``pip install 'regalloc[llvm]'``); this
package imports without it and raises
:class:`~regalloc.frontends.llvm.reader.LlvmliteMissingError` (a
:class:`~regalloc.errors.RegallocError`) when a module is read.

>>> ir = '''
... define i64 @scale(i64 %x, i64 %n) {
...   %y = shl i64 %x, %n
...   ret i64 %y
... }'''
>>> module = lower_module(ir)
>>> [f.name for f in module.lowered], module.lowered[0].function.mnemonics
(['scale'], ['args', 'shl', 'ret'])
"""

from __future__ import annotations

from regalloc.frontends.llvm.driver import (
    TARGET_PRESETS,
    LoweredFunction,
    LoweredModule,
    SkippedFunction,
    format_summary,
    lower_file,
    lower_module,
)
from regalloc.frontends.llvm.ir import LlvmFrontendError, LlvmliteMissingError
from regalloc.frontends.llvm.reader import load_llvmlite
from regalloc.frontends.llvm.x86_64 import UnsupportedFunction

__all__ = [
    "TARGET_PRESETS",
    "LlvmFrontendError",
    "LlvmliteMissingError",
    "LoweredFunction",
    "LoweredModule",
    "SkippedFunction",
    "UnsupportedFunction",
    "format_summary",
    "load_llvmlite",
    "lower_file",
    "lower_module",
]
