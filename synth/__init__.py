"""The synthetic borough generator: partner spreadsheets for a fictional council, with truth.

    from synth import generate, SynthSummary
    summary = generate(5000, seed=1, out_dir=Path("data/borough"))

See docs/synthetic-borough.md for what is generated and the ground-truth file formats.
"""

from __future__ import annotations

from synth.run import SynthSummary, generate

__all__ = ["SynthSummary", "generate"]
