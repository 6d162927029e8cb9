"""Lint batch corpora on Apache Beam (the `beam` extra): composable transforms and a ready pipeline.

`python -m gemini_wire.beam --help` runs the pipeline (gemini_wire.beam.pipeline); the transforms
(gemini_wire.beam.transforms) compose into pipelines of your own.
"""

from gemini_wire.beam.transforms import (
    BatchLine,
    CodeSummary,
    FileSummary,
    LineFinding,
    LintLines,
    ReadBatchLines,
    Summarize,
)

__all__ = [
    "BatchLine",
    "CodeSummary",
    "FileSummary",
    "LineFinding",
    "LintLines",
    "ReadBatchLines",
    "Summarize",
]
