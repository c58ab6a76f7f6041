import os
import sys

from pipeline.cli import main

# Guarded: worker processes started with "spawn" (Windows, macOS) import this module again.
if __name__ == "__main__":
    code = main()
    # Every output is written, closed and renamed into place by now. A province's run holds millions of
    # small objects, and tearing them down one by one costs half a second nobody waits for: leave at once.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
