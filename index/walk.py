"""Which files of a corpus folder are read, and which paths are refused on the way (with reasons).

Symbolic links: a link to a file inside the corpus folder is read like a file (under the link's own
name, so it repeats its target, and the build reports the repeat); a link that leads outside the
folder is refused, so nothing outside the corpus is ever quoted; links to folders are not followed
(their files, when inside the corpus, are read where they really are), so link loops cannot hang a
build; a broken link, a pipe, a socket or a device is reported, never opened.
"""
from __future__ import annotations

import os
from pathlib import Path

OUTSIDE = "symbolic link leading outside the corpus folder: refused (only files inside it are read)"


def is_outside(path: Path, real_root: Path) -> bool:
    """Whether `path` is a link whose target lies outside `real_root` (an already resolved folder)."""
    return path.is_symlink() and not path.resolve().is_relative_to(real_root)


def corpus_files(root: Path, ignore: set[str] = frozenset()) -> tuple[list[Path], list[tuple[str, str]]]:
    """Every file below `root` to read, sorted, hidden files and folders and `ignore`d names left out;
    and (relative path, reason) for each path refused on the way."""
    real_root = root.resolve()
    files: list[Path] = []
    refused: list[tuple[str, str]] = []

    def rel(path) -> str:
        return Path(path).relative_to(root).as_posix()

    def unreadable(exc: OSError) -> None:
        refused.append((rel(exc.filename), f"folder cannot be read ({exc.strerror})"))

    # os.walk does not follow links to folders: a loop of linked folders cannot hang the walk.
    for folder, dirs, names in os.walk(root, onerror=unreadable):
        folder = Path(folder)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in dirs:
            if is_outside(folder / name, real_root):
                refused.append((rel(folder / name), OUTSIDE))
        for name in names:
            path = folder / name
            if name.startswith(".") or name in ignore:
                continue
            if path.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):        # RuntimeError: a loop of links
                    refused.append((rel(path), "broken symbolic link (its target is missing)"))
                    continue
                if not target.is_relative_to(real_root):
                    refused.append((rel(path), OUTSIDE))
                    continue
            if not path.is_file():
                refused.append((rel(path), "not a regular file (a pipe, socket or device)"))
                continue
            try:
                rel(path).encode("utf-8")     # a document's id is its path: it is written to UTF-8 files
            except UnicodeEncodeError:
                shown = os.fsencode(rel(path)).decode("utf-8", "backslashreplace")
                refused.append((shown, "the file name is not UTF-8 text: rename it"))
                continue
            files.append(path)
    return sorted(files), refused
