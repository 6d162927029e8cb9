"""`python -m gemini_wire`: the same as the `gemini-wire` command."""

import sys

from gemini_wire.cli import main

if __name__ == "__main__":  # not when a worker process imports this module as __mp_main__
    sys.exit(main())
