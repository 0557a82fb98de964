"""How the command lines end when the system fails rather than the input: one line and an exit code
that means something, never a traceback. `python -m index`, `python -m bot` and `python -m eval` share it;
library code raises, only they print."""
from __future__ import annotations

import os
import sys
from typing import Callable

from settings import SettingError

from .errors import IvigError

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


def run_command(body: Callable[[], int], interrupted: str | Callable[[], str] = "interrupted") -> int:
    """Run a command line's `body` and return its exit code; a failure of the system rather than the input ends
    as one line: an IvigError or an OSError (a full disk, a read-only folder) is "error: ..." and 1, Ctrl-C is
    `interrupted` (or what it returns, read at the stop) and 130, a reader that went away is 141 (`reader_gone`)."""
    try:
        code = body()
        sys.stdout.flush()          # a closed pipe shows here, inside the try, not at the interpreter's exit
        return code
    except IvigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except SettingError as exc:          # a path or value in the settings that cannot work: bad usage
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(interrupted() if callable(interrupted) else interrupted, file=sys.stderr)
        return 130
    except BrokenPipeError:
        return reader_gone()
    except OSError as exc:
        print(f"error: {os_failure(exc)}", file=sys.stderr)
        return 1
