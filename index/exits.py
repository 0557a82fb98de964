"""How the command lines end when the system fails rather than the input: one line and an exit code
that means something, never a traceback. `python -m index`, `python -m bot` and `python -m eval` share it;
library code raises, only they print."""
from __future__ import annotations

import os
import sys

EXIT_PIPE = 141     # 128 + SIGPIPE: what a shell reports for a program whose reader went away (`| head -1`)


def reader_gone() -> int:
    """stdout's reader closed the pipe: point stdout at /dev/null, so that the interpreter's last flush
    does not fail again, and end the way a program stopped by SIGPIPE does."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_PIPE


def os_failure(exc: OSError) -> str:
    """An OSError as one line: what failed, and on which path ("No space left on device: /idx/builds/x")."""
    paths = " -> ".join(str(p) for p in (exc.filename, exc.filename2) if p)
    return f"{exc.strerror or exc}" + (f": {paths}" if paths else "")
