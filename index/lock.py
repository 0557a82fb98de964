"""The build lock: one build (or rollback) at a time per index."""
from __future__ import annotations

import json
import os
import socket
from datetime import datetime, timezone
from pathlib import Path

from filelock import FileLock, Timeout

from .errors import BuildLockedError, IndexFolderError


class BuildLock:
    """An exclusive lock on `<root>/build.lock` (or `<name>.lock`), held with flock(2): the kernel drops it when its holder
    exits or is killed, so a dead build never blocks the next one and two builders can never both hold it.

    The lock file itself stays (deleting a lock file races with a process opening it); who holds the lock
    is written beside it, for the message only.
    """

    def __init__(self, root: Path, name: str = "build"):
        self.path = root / f"{name}.lock"
        self.owner = root / f"{name}.owner"
        self._lock = FileLock(self.path, timeout=0)

    def __enter__(self):
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock.acquire()
        except Timeout:
            raise BuildLockedError(f"another build is running on {self.path.parent} ({self._holder()}). "
                                   f"Wait for it to finish and try again.") from None
        except OSError as exc:
            blocker = next((p for p in (self.path.parent, *self.path.parent.parents) if p.exists()), None)
            why = f"{blocker} is a file" if blocker and not blocker.is_dir() else (exc.strerror or str(exc))
            if self.path.is_dir():            # the lock file's own name is taken by a folder
                why = f"{self.path} is a folder, not the lock file; remove it if it is empty, or move it away"
            raise IndexFolderError(f"cannot use {self.path.parent} as the index folder ({why})") from None
        # Written aside and renamed over, so a reader (or a build killed mid-write) never leaves half a note.
        note = self.owner.with_name(f".{self.owner.name}.{os.getpid()}")
        note.write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                    "started": datetime.now(timezone.utc).isoformat(timespec="seconds")}))
        os.replace(note, self.owner)
        return self

    def __exit__(self, *exc):
        self.owner.unlink(missing_ok=True)
        self._lock.release()

    def _holder(self) -> str:
        try:
            holder = json.loads(self.owner.read_text())
            return f"pid {holder['pid']} on {holder['host']}, started {holder['started']}"
        except (OSError, ValueError, KeyError, TypeError):
            return "holder unknown"
