"""The generator, Hypothesis strategy and reference allocator of regalloc.fuzz."""

from __future__ import annotations

import glob
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings

from regalloc.checker import check
from regalloc.formats import load_function
from regalloc.fuzz.features import FEATURES, feature_counts
from regalloc.fuzz.generator import GenConfig, generate, register_demand_fits
from regalloc.fuzz.reference import allocate_reference
from regalloc.fuzz.strategy import functions
from regalloc.validate import validate
from shared_paths import SHARED_CORPUS

SWEEP = [("small", s) for s in range(200)] + [("medium", s) for s in range(80)] + [("large", s) for s in range(8)]


def test_generate_is_deterministic_per_seed() -> None:
    for size in ("small", "medium"):
        assert generate(11, GenConfig.preset(size)) == generate(11, GenConfig.preset(size))
    assert generate(11, GenConfig.preset("small")) != generate(12, GenConfig.preset("small"))


def test_every_feature_is_generated() -> None:
    cases_with: Counter[str] = Counter()
    for size, seed in SWEEP:
        for name, n in feature_counts(*generate(seed, GenConfig.preset(size))).items():
            cases_with[name] += n > 0
    missing = [name for name in FEATURES if cases_with[name] < 3]
    assert not missing, f"features generated in fewer than 3 of {len(SWEEP)} cases: {missing}"


def test_seed_sweep_validates_and_fits_registers() -> None:
    for size, seed in SWEEP:
        func, env = generate(seed, GenConfig.preset(size))
        validate(func, env)
        for cls in set(func.vreg_class):
            assert len(env.allocatable(cls)) >= 3
        for i in range(func.num_insts):
            ops = [func.operand(o) for o in func.inst_operands(i)]
            assert register_demand_fits(ops, func.inst_clobber_mask[i], env, func.vreg_class), (size, seed, i)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(functions())
def test_hypothesis_functions_validate(case: tuple[object, object]) -> None:
    func, env = case
    validate(func, env)  # type: ignore[arg-type]


def test_config_knobs_are_honoured() -> None:
    cfg = GenConfig(classes=(0,), num_blocks=(1, 1), p_call=0.0, p_fixed=0.0, p_clobber=0.0, p_reuse=0.0)
    for seed in range(30):
        func, env = generate(seed, cfg)
        validate(func, env)
        assert func.num_blocks == 1 and set(func.vreg_class) == {0}
        counts = feature_counts(func, env)
        assert counts["call"] == counts["reuse"] == counts["clobbers"] == 0
    with pytest.raises(ValueError, match="unknown size"):
        GenConfig.preset("huge")


def test_reference_allocator_verifies_on_generated_functions() -> None:
    for size, seed in SWEEP:
        func, env = generate(seed, GenConfig.preset(size))
        result = allocate_reference(func, env)
        check(func, env, result)
        assert result.algorithm == "reference"
        if func.callee_saved is not None:
            assert result.clobbered_callee_saved is not None


@pytest.mark.parametrize("corpus", ["regalloc2-small", "regalloc2-medium"])
def test_reference_allocator_verifies_on_corpus(corpus: str) -> None:
    paths = sorted(glob.glob(f"{SHARED_CORPUS}/{corpus}/*.json"))
    assert paths
    for path in paths:
        func, env = load_function(path)
        validate(func, env)
        check(func, env, allocate_reference(func, env))
