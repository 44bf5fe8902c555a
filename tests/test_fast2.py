"""Regression tests for the fast allocator's exact per-instruction search.

Each function below once made the greedy per-instruction assignment paint itself
into a corner (found by ``regalloc fuzz --algorithm fast``, then shrunk): valid
input whose per-instruction demands fit, which must therefore allocate.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from regalloc.analysis.liveness import compute_liveness, ssa_live_in
from regalloc.checker import check
from regalloc.env import MachineEnv
from regalloc.fast import allocate_fast
from regalloc.fast.allocator import WalkState
from regalloc.formats import loads_function
from regalloc.function import Function
from regalloc.fuzz.generator import GenConfig, generate
from regalloc.fuzz.strategy import functions
from regalloc.validate import validate

# Two limit operands and a late use of the same value, all live values in one class.
LIMIT_AND_LATE_USE = """
function "fuzz_small_1794"
env {
  name "fuzz-small"
  preferred int 0
  preferred vector 0-3
}
vregs v0-v4:vector

block0:
  def v0
  def v1
  def v2
  def v3
  use v3:limit(2), use v3@late, def v4:limit(1)
  use v0, use v1, use v2, use v3
"""

# A value used early and late in registers while a late limit def wants the only low one.
EARLY_LATE_USE_AND_LIMIT_DEF = """
function "fuzz_medium_104765"
env {
  name "fuzz-medium"
  preferred int 0
  preferred vector 3 4
}
vregs v0-v2:vector

block0:
  def v0
  use v0:reg, use v0:reg@late, def v1:limit(4)
  def v2:reg clobbers int:3 int:9 int:16 vector:4
  use v0
  _
"""

# Limit, fixed, late-use and limit-def operands competing for five float registers.
LIMIT_FIXED_AND_LATE = """
function "fuzz_large_203127"
env {
  name "fuzz-large"
  preferred int 0
  preferred float 0-4
  preferred vector 0
}
vregs v0-v5:float

block0:
  def v0
  def v1
  def v2
  def v3
  def v4
  use v3:reg@late, use v1:limit(4), use v4:fixed(float:4), def v5:limit(1)
  use v0, use v2
  use v1
"""

# No limits: two registers, a value live across in one, a late use and a late def.
TWO_REGISTERS_LATE_USE_AND_DEF = """
function "fuzz_medium_304035"
env {
  name "fuzz-medium"
  preferred int 1 2
}
vregs v0-v2:int

block0:
  def v0
  def v1
  use v1:reg, use v0:reg@late, def v2:reg
  use v1
  _
"""


@pytest.mark.parametrize(
    "text",
    [LIMIT_AND_LATE_USE, EARLY_LATE_USE_AND_LIMIT_DEF, LIMIT_FIXED_AND_LATE, TWO_REGISTERS_LATE_USE_AND_DEF],
)
def test_cornered_instructions_allocate(text: str) -> None:
    func, env = loads_function(text)
    validate(func, env)
    result = allocate_fast(func, env)
    check(func, env, result)


def test_tight_instructions_take_the_search() -> None:
    """The instructions above are routed to the exact search, the roomy ones are not."""
    func, env = loads_function(TWO_REGISTERS_LATE_USE_AND_DEF)
    searched = WalkState(func, env).searched
    assert searched == [False, False, True, False, False]


def test_large_generated_function_with_many_limits() -> None:
    """Once failed with "inst 323, operand 5: no float register left"."""
    func, env = generate(203127, GenConfig.preset("large"))
    result = allocate_fast(func, env)
    check(func, env, result)


@pytest.mark.parametrize("seed", [1794, 104765, 203127, 304035])
@pytest.mark.parametrize("size", ["small", "medium"])
def test_generated_functions_around_old_failures(seed: int, size: str) -> None:
    func, env = generate(seed, GenConfig.preset(size))
    result = allocate_fast(func, env)
    check(func, env, result)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(functions())
def test_sparse_live_in_matches_the_liveness_analysis(case: tuple[Function, MachineEnv]) -> None:
    """The fast allocator's per-value live-in walk agrees with the bitset dataflow."""
    func, _env = case
    live_in = compute_liveness(func)[0]
    lists = ssa_live_in(func)
    for b in range(func.num_blocks):
        assert len(set(lists[b])) == len(lists[b])
        assert sum(1 << v for v in lists[b]) == live_in[b]


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(functions())
def test_generated_functions_allocate_and_verify(case: tuple[Function, MachineEnv]) -> None:
    func, env = case
    check(func, env, allocate_fast(func, env))
