"""Ion's size-independent data structures: sparse liveness, bucketed occupancy,
and the shortcuts in conflict probing and redundant-store removal."""

from __future__ import annotations

from dataclasses import replace

import pytest

from regalloc.analysis.liveness import bitset_members, compute_liveness, sparse_liveness
from regalloc.checker import check
from regalloc.function import FunctionBuilder, define, use
from regalloc.fuzz.generator import GenConfig, generate
from regalloc.ion import allocate_ion
from regalloc.ion import process as ion_process
from regalloc.presets import get_preset
from regalloc.regs import INT


@pytest.mark.parametrize("size", ["small", "medium", "large"])
def test_sparse_liveness_matches_the_bitset_analysis(size: str) -> None:
    for seed in range(12):
        func, _env = generate(seed, GenConfig.preset(size))
        live_in, live_out = compute_liveness(func)
        sparse_in, sparse_out = sparse_liveness(func)
        assert sparse_in == [bitset_members(m) for m in live_in]
        assert sparse_out == [bitset_members(m) for m in live_out]


def test_tiny_buckets_give_the_same_allocation(monkeypatch: pytest.MonkeyPatch) -> None:
    # Ranges then span many occupancy buckets, which the probe must see once.
    config = replace(GenConfig.preset("large"), num_blocks=(30, 30))
    for seed in range(4):
        func, env = generate(seed, config)
        usual = allocate_ion(func, env)
        check(func, env, usual)
        monkeypatch.setattr(ion_process, "BUCKET_SHIFT", 2)
        tiny = allocate_ion(func, env)
        monkeypatch.undo()
        check(func, env, tiny)
        assert (tiny.allocs, tiny.edits, tiny.num_spillslots) == (usual.allocs, usual.edits, usual.num_spillslots)


def test_long_block_with_many_values_live_allocates() -> None:
    fb = FunctionBuilder()
    fb.start_block(fb.new_block())
    values: list[int] = []
    for k in range(600):
        v = fb.vreg(INT)
        if len(values) < 2:
            fb.op([define(v, "reg")])
        else:
            fb.op([define(v, "reg"), use(values[-1], "reg"), use(values[(k * 7) % len(values)], "any")])
        values.append(v)
    fb.ret([use(v, "any") for v in values[::10]])
    func = fb.finish()
    env = get_preset("x86_64-sysv")
    result = allocate_ion(func, env)
    check(func, env, result)
    assert result.num_spillslots > 0
