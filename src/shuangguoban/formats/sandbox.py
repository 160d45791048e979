"""A time and memory budget for the PDF and Word readers.

pdfminer and python-docx trust the file: a PDF object that refers to itself loops forever, a small
compressed drawing stream expands to gigabytes. So on POSIX `bounded` runs the reader in a forked
child with an address-space and CPU limit (`resource`) and a wall-clock deadline; a file that
exceeds them is refused in one line (`FILE: … took longer than 10 s …`). Elsewhere (no fork) the
reader runs in-process. Nothing in the calling process is changed: no signal handler, no limit.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Callable
from typing import NamedTuple

from ..errors import InputError


class Budget(NamedTuple):
    seconds: float = 8.0        # wall clock and CPU for one file (so a hostile one fails within 10 s)
    memory: int = 1 << 30       # bytes of address space the reader may add to what the process has


DEFAULT = Budget()


def _address_space() -> int | None:
    """The process's current virtual size in bytes (Linux), or None where it cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _limit_child(budget: Budget) -> None:
    import resource

    cpu = max(1, int(budget.seconds + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))     # a reader killed for its CPU leaves no core file
    size = _address_space()
    if size is not None:
        limit = size + budget.memory
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _child(write_fd: int, work: Callable[..., object], args: tuple, budget: Budget) -> None:
    """In the forked child: run the reader under the limits, send back ("ok", result) or an error."""
    try:
        _limit_child(budget)
        try:
            result: tuple[str, object] = ("ok", work(*args))
        except InputError as exc:
            result = ("input", str(exc))
        except MemoryError:
            result = ("memory", "")
        except RecursionError:
            result = ("error", "too deeply nested")
        except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
            result = ("error", f"{type(exc).__name__}: {exc}"[:200])
        payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_fd, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(0)


def _read_all(read_fd: int, deadline: float) -> bytes | None:
    """Everything the child writes, or None when the deadline passes first."""
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([read_fd], [], [], left)
        if not ready:
            return None
        chunk = os.read(read_fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def bounded(work: Callable[..., str], args: tuple, where: str, what: str, budget: Budget = DEFAULT) -> str:
    """`work(*args)` in a child process under `budget`; InputError when it needs more time or memory."""
    if not hasattr(os, "fork") or sys.platform == "win32":
        return work(*args)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(write_fd, work, args, budget)
    os.close(write_fd)
    try:
        payload = _read_all(read_fd, time.monotonic() + budget.seconds)
    except BaseException:   # Ctrl-C while waiting: the child goes too
        _kill(pid)
        os.waitpid(pid, 0)
        raise
    finally:
        os.close(read_fd)
    if payload is None:
        _kill(pid)
    _, status = os.waitpid(pid, 0)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL)
    if payload is None or (not payload and killed):
        raise InputError(f"{where}: reading the {what} took longer than {budget.seconds:g} s "
                         "(a damaged or hostile file?)")
    if not payload:
        raise InputError(f"{where}: the {what} reader stopped (a damaged or hostile file?)")
    kind, value = pickle.loads(payload)  # noqa: S301 - our own child's answer, through our own pipe
    if kind == "ok":
        return value
    if kind == "input":
        raise InputError(value)
    if kind == "memory":
        raise InputError(f"{where}: reading the {what} needs more than {budget.memory >> 20} MB "
                         "(a damaged or hostile file?)")
    raise InputError(f"{where}: not a readable {what} ({value})")


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
