"""Where the shared corpora live: ``../shared`` beside the repository (as on CI),
or wherever ``REGALLOC_SHARED`` points."""

from __future__ import annotations

import os
from pathlib import Path

SHARED = Path(os.environ.get("REGALLOC_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SHARED_CORPUS = str(SHARED / "corpus")
