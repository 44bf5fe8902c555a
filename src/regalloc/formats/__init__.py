"""Reading and writing functions and allocations.

Two spellings of a function: the interchange JSON of
``../shared/spec/interchange-json.md`` (``.json``; shared with other tools)
and the project's text format (``.ra``; for people, see ``docs/TEXT_FORMAT.md``).
Both carry the machine environment.  Allocation results are JSON only, and
:func:`format_listing` renders a function with its allocation for reading.

>>> from regalloc.function import FunctionBuilder, define, use, Fixed
>>> from regalloc.env import MachineEnv
>>> from regalloc.regs import INT, preg
>>> fb = FunctionBuilder("id")
>>> x = fb.vreg(INT)
>>> fb.start_block(fb.new_block())
>>> fb.op([define(x, Fixed(preg(INT, 1)))], mnemonic="arg")
>>> fb.ret([use(x, Fixed(preg(INT, 0)))], mnemonic="ret")
>>> env = MachineEnv(preferred=[[preg(INT, 0), preg(INT, 1)], [], []])
>>> func = fb.finish()
>>> text = dump_function_text(func, env)
>>> loads_function(text) == (func, env)
True
>>> loads_function(dump_function_json(func, env)) == (func, env)
True
"""

from __future__ import annotations

from regalloc.env import MachineEnv
from regalloc.formats.json_format import (
    dump_function_json,
    dump_result_json,
    function_from_json,
    function_to_json,
    load_result,
    parse_json_text,
    read_text_file,
    result_from_json,
    result_to_json,
)
from regalloc.formats.listing import format_listing
from regalloc.formats.text_format import format_function_text, parse_function_text
from regalloc.function import Function

TEXT_EXTENSION = ".ra"

__all__ = [
    "TEXT_EXTENSION",
    "dump_function_json",
    "dump_function_text",
    "dump_result_json",
    "format_listing",
    "function_from_json",
    "function_to_json",
    "load_function",
    "load_result",
    "loads_function",
    "result_from_json",
    "result_to_json",
]


def dump_function_text(func: Function, env: MachineEnv) -> str:
    """``func`` and ``env`` in the text format."""
    return format_function_text(func, env)


def _looks_like_json(text: str) -> bool:
    stripped = text.lstrip()
    return stripped.startswith("{")


def loads_function(text: str, source: str = "") -> tuple[Function, MachineEnv]:
    """Parse a function from JSON or text, told apart by the first non-space character (``{`` = JSON)."""
    if _looks_like_json(text):
        return function_from_json(parse_json_text(text, source), source)
    return parse_function_text(text, source)


def load_function(path: str) -> tuple[Function, MachineEnv]:
    """Read a function file: ``.json`` is interchange JSON, ``.ra`` the text format,
    anything else is recognised by its content."""
    text = read_text_file(path)
    lower = path.lower()
    if lower.endswith(".json"):
        return function_from_json(parse_json_text(text, path), path)
    if lower.endswith(TEXT_EXTENSION):
        return parse_function_text(text, path)
    return loads_function(text, path)
