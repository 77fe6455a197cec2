"""The command line: ``python -m analytics import|metrics|report|demo``.

It mirrors the library one to one; each command is a thin wrapper over one function.
A file or argument that cannot be used ends with one sentence on stderr and exit code 1 or 2,
never a traceback.
"""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
