"""Writing output files: a directory made on demand, and a file written atomically.

A write goes to a temporary file beside the target and is renamed over it, so an interrupted write
leaves the old file; links, FIFOs and devices are written through, never replaced.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path

from .errors import SgbError


def make_dirs(path: str | Path) -> None:
    """Create a directory and its parents; SgbError (one line) when that is impossible."""
    try:
        Path(path).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SgbError(f"{path}: cannot create directory ({exc.strerror or exc})") from None


def _file_mode(path: Path) -> int:
    """The mode of the file being replaced, else what a plain open() would give (mkstemp makes 0600)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write next to the target and rename over it, so an interrupted write leaves the old file.

    Nothing at the target is destroyed: a symlink is followed (the file it points to is replaced,
    the link stays), a FIFO or a device (/dev/null, /dev/stdout) is written through, a read-only
    file is refused. The temporary file is named after this process, so the next write to the same
    target removes what a killed run left behind."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    real = Path(os.path.realpath(path))       # a symlink (or a chain of them) → the file it names
    try:
        info = os.stat(real)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise SgbError(f"{path}: cannot write ({exc.strerror or exc})") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise SgbError(f"{path}: cannot write (it is a directory)")
        _write_through(path, real, payload)
        return
    if info is not None and not os.access(real, os.W_OK):
        raise SgbError(f"{path}: cannot write (the file is read-only; remove it or make it writable first)")
    directory = real.parent
    _remove_stale_temporaries(directory, real.name)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.{os.getpid()}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise SgbError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        os.fchmod(fd, _file_mode(real))
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, real)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise SgbError(f"{path}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_through(path: Path, real: Path, payload: bytes) -> None:
    """A FIFO, a character device or a socket: written to as it is, never replaced by a file."""
    try:
        with open(real, "wb", buffering=0) as handle:
            view = memoryview(payload)
            while view:
                view = view[handle.write(view) or 0:]
    except OSError as exc:
        raise SgbError(f"{path}: cannot write ({exc.strerror or exc})") from None


_TEMPORARY = re.compile(r"\.(?P<name>.+)\.(?P<pid>[0-9]+)\.[A-Za-z0-9_]+\.tmp")


def _remove_stale_temporaries(directory: Path, name: str) -> None:
    """Temporary files of `name` left by a write that was killed (its process is gone)."""
    prefix = f".{name}."
    try:
        entries = [e for e in os.scandir(directory) if e.name.startswith(prefix) and e.name.endswith(".tmp")]
    except OSError:
        return
    for entry in entries:
        m = _TEMPORARY.fullmatch(entry.name)
        if m is None or m.group("name") != name or _alive(int(m.group("pid"))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False      # our own leftovers (an earlier write of this process that failed)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True       # another user's process: alive, not ours to judge
    return True
