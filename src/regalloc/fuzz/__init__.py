"""Fuzzing: how every allocator is tested.

* :mod:`regalloc.fuzz.generator` — ``generate(seed, GenConfig)``: random valid,
  allocatable functions covering the hard cases (see ``features.FEATURES``);
* :mod:`regalloc.fuzz.strategy` — ``functions()``, the Hypothesis strategy over
  the same generator (imports Hypothesis, so it is not imported here);
* :mod:`regalloc.fuzz.shrink` — ``shrink_function``, a Hypothesis-free shrinker;
* :mod:`regalloc.fuzz.reference` — ``allocate_reference``, everything on the stack;
* :mod:`regalloc.fuzz.runner` — ``run_fuzz``, the loop behind ``regalloc fuzz``;
* :mod:`regalloc.fuzz.features` — ``feature_counts``, what a function exercises.
"""
