"""A Hypothesis strategy over the same generator the fuzz loop uses.

Every random decision of :mod:`regalloc.fuzz.generator` is drawn from
Hypothesis as a bounded integer, and the generator treats each lower bound as
the simplest choice (fewer blocks, fewer instructions, no constraint, no
feature).  Hypothesis's shrinker therefore shrinks the *structure* of a failing
function, not merely its seed.

>>> from hypothesis import given, settings
>>> from regalloc.validate import validate
>>> @settings(max_examples=5, database=None)
... @given(functions())
... def test_valid(case):
...     validate(*case)
>>> test_valid()
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from hypothesis import strategies as st

from regalloc.env import MachineEnv
from regalloc.function import Function
from regalloc.fuzz.generator import PROBABILITY_KNOBS, GenConfig, generate_from

_T = TypeVar("_T")


class DrawChoices:
    """:class:`~regalloc.fuzz.generator.Choices` backed by Hypothesis draws."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw

    def randint(self, lo: int, hi: int) -> int:
        if hi <= lo:
            return lo
        return self.draw(st.integers(lo, hi))

    def group(self, build: Callable[[], _T]) -> _T:
        # A nested draw makes the decisions inside one span of the choice
        # sequence, which Hypothesis's shrinker can delete as a unit.
        return self.draw(st.builds(build))


@st.composite
def _functions(draw: st.DrawFn, config: GenConfig | None, sizes: tuple[str, ...]) -> tuple[Function, MachineEnv]:
    base = config if config is not None else GenConfig.preset(draw(st.sampled_from(sizes)))
    # Shape knobs first: shrinking them (fewer blocks, shorter blocks, features
    # off) simplifies the whole function at once, and a feature that is off
    # draws nothing, so the remaining draws keep their meaning.
    disabled = {knob for knob in PROBABILITY_KNOBS if not draw(st.booleans())}
    cfg = replace(
        base.without(disabled),
        num_blocks=(1, draw(st.integers(1, max(base.num_blocks[1], 1)))),
        insts_per_block=(0, draw(st.integers(0, base.insts_per_block[1]))),
        pressure=(0, draw(st.integers(0, base.pressure[1]))),
    )
    return generate_from(DrawChoices(draw), cfg, name="hypothesis")


def functions(
    config: GenConfig | None = None, sizes: tuple[str, ...] = ("small", "medium")
) -> st.SearchStrategy[tuple[Function, MachineEnv]]:
    """Valid, allocatable ``(function, env)`` pairs.

    With ``config`` given, every example uses it; otherwise each example picks
    one of ``sizes``' presets (small first, so failures shrink towards small).
    """
    return _functions(config, sizes)
