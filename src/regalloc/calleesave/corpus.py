"""The ``calls-medium`` corpus: generated functions with calls and early returns.

Functions come from the project's generator (:mod:`regalloc.fuzz.generator`),
``medium`` preset, with a callee-saved list in every function (the generator
makes its non-preferred registers callee-saved and its calls clobber the
preferred ones), more calls and more early-return paths than the default.
Seeds whose entry block is a branch target are skipped: the managed and
prologue modes need an entry block without predecessors.  Deterministic:
the same arguments write the same files.

Regenerate with ``python -m regalloc.calleesave.corpus corpus/calls-medium``.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from regalloc.env import MachineEnv
from regalloc.formats import dump_function_json
from regalloc.function import Function
from regalloc.fuzz.generator import GenConfig, generate

#: Generator knobs of the corpus.
CALLS_CONFIG = replace(
    GenConfig.preset("medium"), p_callee_saved=1.0, p_call=0.3, p_early_return=0.35, p_loop_to_entry=0.0
)


def calls_corpus(count: int = 100, first_seed: int = 9000) -> list[tuple[int, Function, MachineEnv]]:
    """``count`` functions ``(seed, func, env)`` from consecutive seeds, skipping
    those whose entry block has predecessors."""
    out: list[tuple[int, Function, MachineEnv]] = []
    seed = first_seed
    while len(out) < count:
        func, env = generate(seed, CALLS_CONFIG)
        if not func.preds_of(func.entry):
            out.append((seed, func, env))
        seed += 1
    return out


def write_calls_corpus(directory: str, count: int = 100, first_seed: int = 9000) -> int:
    """Write the corpus as interchange JSON files ``calls_<seed>.json``; return how many."""
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    functions = calls_corpus(count, first_seed)
    for seed, func, env in functions:
        (path / f"calls_{seed}.json").write_text(dump_function_json(func, env) + "\n")
    return len(functions)


if __name__ == "__main__":
    written = write_calls_corpus(sys.argv[1] if len(sys.argv) > 1 else "corpus/calls-medium")
    print(f"wrote {written} functions")
