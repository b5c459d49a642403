"""Writing files safely: write-if-changed, atomic replace, and whole-folder swaps under a lock."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from .errors import OutputError
from .model import Location

COMPLETE_MARKER = ".leaflet-complete"


def _fail(exc: OSError, path: Path) -> OutputError:
    reason = "disk full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
    return OutputError(f"cannot write: {reason}", Location(str(path)))


def write_if_changed(path: Path, data: str | bytes) -> bool:
    """Write `data` atomically unless the file already holds it; True when written."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if path.is_file() and path.read_bytes() == payload:
            return False
    except OSError:
        pass
    write_atomic(path, payload)
    return True


def write_new_file(path: Path, payload: bytes) -> None:
    """Create `path`, which must not exist yet, holding `payload`; its folder is made when
    missing. For the thousands of pages a build writes into its fresh staging folder: three
    system calls a file, where `Path.write_text` makes five or more."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, 0o666)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, flags, 0o666)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def write_atomic(path: Path, payload: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _fail(exc, path) from None


def write_files_if_changed(files: Sequence[tuple[Path, str | bytes]]) -> list[bool]:
    """Write several files atomically, each unless it already holds its data; True where written.

    All new contents go to temporary files first and reach the disk in one flush, and only
    then replace the files: flushing each file on its own costs a disk round trip apiece
    (about a second for 200 templates here). If any write fails, no file is replaced.
    """
    payloads = [
        (path, data.encode("utf-8") if isinstance(data, str) else data) for path, data in files
    ]
    changed = [not _holds(path, payload) for path, payload in payloads]
    pending: list[tuple[Path, Path]] = []  # (temporary, target)
    current = payloads[0][0] if payloads else Path()
    try:
        for (path, payload), write in zip(payloads, changed, strict=True):
            if write:
                current = path
                tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
                path.parent.mkdir(parents=True, exist_ok=True)
                pending.append((tmp, path))
                tmp.write_bytes(payload)
        _flush([tmp for tmp, _path in pending])
        for tmp, path in pending:
            current = path
            os.replace(tmp, path)
    except OSError as exc:
        for tmp, _path in pending:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise _fail(exc, current) from None
    for folder in sorted({path.parent for _tmp, path in pending}):
        _fsync_dir(folder)
    return changed


def _holds(path: Path, payload: bytes) -> bool:
    try:
        return path.is_file() and path.read_bytes() == payload
    except OSError:
        return False


def _flush(paths: Sequence[Path]) -> None:
    """Make the files' data durable: one syncfs(2) per file system where Linux has it,
    otherwise an fsync per file."""
    by_device: dict[int, list[Path]] = {}
    for path in paths:
        by_device.setdefault(path.stat().st_dev, []).append(path)
    for group in by_device.values():
        if not _syncfs(group[0]):
            for path in group:
                _fsync_file(path)


def _syncfs(path: Path) -> bool:
    fd = os.open(path, os.O_RDONLY)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.syncfs(fd) == 0)
    except (OSError, AttributeError):
        return False
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BuildFolder:
    """The build output folder and its two hidden neighbours used for the swap.

    A build is written to `.new`, marked complete, then swapped in by two renames
    (`build` → `.old`, `.new` → `build`). A run killed between the renames leaves both
    neighbours whole; `recover()` finishes or undoes the swap on the next run.
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        self.staging = target.with_name(f".leaflet-{target.name}.new")
        self.previous = target.with_name(f".leaflet-{target.name}.old")
        self.lock_path = target.with_name(f".leaflet-{target.name}.lock")

    @contextlib.contextmanager
    def locked(self, *, timeout: float = 120.0) -> Iterator[int]:
        """Hold the build lock; a second build waits up to `timeout` seconds, then fails.

        Yields the lock's file descriptor, which forked workers must close: a child holding
        a copy would keep the lock after this process died.
        """
        try:
            self.lock_path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.lock_path, "a+b")  # noqa: SIM115 - held for the whole block
        except OSError as exc:
            raise _fail(exc, self.lock_path) from None
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise OutputError(
                            "another build is running in this project (lock held); "
                            "try again when it has finished",
                            Location(str(self.lock_path)),
                        ) from None
                    time.sleep(0.05)
            yield handle.fileno()
        finally:
            handle.close()

    def recover(self) -> None:
        """Finish or undo a swap that a killed run left half done; drop stale staging."""
        try:
            if not self.target.exists():
                if (self.staging / COMPLETE_MARKER).exists():
                    os.rename(self.staging, self.target)
                elif self.previous.exists():
                    os.rename(self.previous, self.target)
            # Killed just after the swap: the new build is in place with its marker.
            (self.target / COMPLETE_MARKER).unlink(missing_ok=True)
            if self.staging.exists():
                shutil.rmtree(self.staging)
            if self.previous.exists():
                shutil.rmtree(self.previous)
        except OSError as exc:
            raise _fail(exc, self.target) from None

    def start(self) -> Path:
        """An empty staging folder to build into."""
        self.recover()
        try:
            self.staging.mkdir(parents=True)
        except OSError as exc:
            raise _fail(exc, self.staging) from None
        return self.staging

    def commit(self) -> None:
        """Swap the finished staging folder in place of the target."""
        try:
            (self.staging / COMPLETE_MARKER).write_bytes(b"")
            _fsync_dir(self.staging)
            if self.target.exists():
                os.rename(self.target, self.previous)
            try:
                os.rename(self.staging, self.target)
            except OSError:
                if self.previous.exists():  # put the previous build back
                    os.rename(self.previous, self.target)
                raise
            _fsync_dir(self.target.parent)
            (self.target / COMPLETE_MARKER).unlink()
            if self.previous.exists():
                shutil.rmtree(self.previous)
        except OSError as exc:
            raise _fail(exc, self.target) from None

    def abandon(self) -> None:
        with contextlib.suppress(OSError):
            shutil.rmtree(self.staging)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
