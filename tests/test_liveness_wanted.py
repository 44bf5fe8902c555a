"""wanted_live_in (any input, chosen blocks) against compute_liveness, on non-SSA and SSA functions."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regalloc.analysis.liveness import bitset_members, compute_liveness, wanted_live_in
from regalloc.fast.edges import block_order
from regalloc.function import Function, FunctionBuilder, define, modify, use
from regalloc.fuzz.nonssa import generate_non_ssa_case
from regalloc.fuzz.runner import generate_case
from regalloc.regs import INT
from regalloc.ssa import lower_non_ssa


def assert_matches(func: Function, wanted: list[bool]) -> None:
    expected = compute_liveness(func)[0]
    got = wanted_live_in(func, wanted)
    # The fast allocator's walk order (successors last first, unreachable blocks after) gives the same.
    walked = wanted_live_in(func, wanted, order=block_order(func)[0])
    for b in range(func.num_blocks):
        want = bitset_members(expected[b]) if wanted[b] else []
        assert sorted(got[b]) == want, f"block {b}"
        assert sorted(walked[b]) == want, f"block {b}"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**16), size=st.sampled_from(["small", "medium"]), data=st.data())
def test_non_ssa_functions_and_their_lowered_forms(seed: int, size: str, data: st.DataObject) -> None:
    func, _env = generate_non_ssa_case(seed, size, 1)
    for f in (func, lower_non_ssa(func).func):
        wanted = data.draw(st.lists(st.booleans(), min_size=f.num_blocks, max_size=f.num_blocks))
        assert_matches(f, wanted)
        assert_matches(f, [True] * f.num_blocks)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**16))
def test_ssa_functions(seed: int) -> None:
    func, _env = generate_case(seed, "mixed", 0)
    assert_matches(func, [True] * func.num_blocks)


def test_a_use_after_a_def_in_one_instruction_is_still_read_first() -> None:
    # i is read and redefined by one instruction (the def named first), and by a mod.
    fb = FunctionBuilder()
    fb.ssa = False
    i, j = fb.vreg(INT), fb.vreg(INT)
    b0, loop, done = fb.new_block(), fb.new_block(), fb.new_block()
    fb.start_block(b0)
    fb.op([define(i), define(j)])
    fb.branch([(loop, [])])
    fb.start_block(loop)
    fb.op([define(i), use(i)])
    fb.op([modify(j)])
    fb.branch([(loop, []), (done, [])])
    fb.start_block(done)
    fb.op([define(j)])
    fb.ret([use(i), use(j)])
    func = fb.finish()
    assert sorted(wanted_live_in(func, [True, True, True])[1]) == [i, j]
    assert sorted(wanted_live_in(func, [True, True, True])[2]) == [i]
    assert_matches(func, [False, True, True])
