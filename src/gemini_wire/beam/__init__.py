"""Lint batch corpora on Apache Beam (the `beam` extra): composable transforms and a ready pipeline.

`python -m gemini_wire.beam --help` runs the pipeline (gemini_wire.beam.pipeline); the transforms
(gemini_wire.beam.transforms) compose into pipelines of your own.

Importing this package does not import Apache Beam: the transforms are loaded when first named
(PEP 562), so that a missing extra is an ImportError with the install line, and
`python -m gemini_wire.beam` without Beam a message and exit 2, never a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

INSTALL_BEAM = "python -m pip install apache-beam==2.77.0"  # the `beam` extra's pin (pyproject.toml)


def missing() -> str | None:
    """Why the Beam transforms cannot be loaded (with the install line), or None when they can."""
    try:
        import apache_beam  # noqa: F401
    except ImportError:
        return f"gemini_wire.beam needs Apache Beam (the `beam` extra): {INSTALL_BEAM}"
    return None


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    why = missing()
    if why is not None:
        raise ImportError(why)
    from gemini_wire.beam import transforms

    return getattr(transforms, name)
