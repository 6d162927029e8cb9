"""python -m gemini_wire.beam: the pipeline of gemini_wire.beam.pipeline.

The transforms live in an importable module, not here: Beam's workers unpickle them by module
name, and `__main__` is not one they can import.
"""

from gemini_wire.beam.pipeline import main

if __name__ == "__main__":
    raise SystemExit(main())
