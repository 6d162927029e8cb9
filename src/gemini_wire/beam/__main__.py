"""python -m gemini_wire.beam: the pipeline of gemini_wire.beam.pipeline.

The transforms live in an importable module, not here: Beam's workers unpickle them by module
name, and `__main__` is not one they can import.
"""

import sys

from gemini_wire.beam import missing

if __name__ == "__main__":
    why = missing()
    if why is not None:  # a setup problem, told with its install line (exit 2, as a usage error)
        sys.stderr.write(why + "\n")
        raise SystemExit(2)
    from gemini_wire.beam.pipeline import main

    raise SystemExit(main())
