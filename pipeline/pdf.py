"""Print-ready PDFs of built pages, printed by headless Chromium: the only module that runs it.

Chromium lays the pages out exactly as a browser prints them: the `@media print` styles,
`@page` size and margin boxes (page numbers), right-to-left Arabic shaping and CJK fonts
from the system's fontconfig, every font used embedded as a subset.

One browser prints every page of a build: it is started with `--remote-debugging-pipe` and
driven through the DevTools protocol (JSON messages ending in NUL, commands on its fd 3,
replies on its fd 4), so a build of hundreds of pages pays for one browser start.
The browser is found through `LEAFLET_CHROMIUM` (a path or a command name) or on PATH.

Output is deterministic: the PDF dates are set to `SOURCE_DATE_EPOCH` when given, else to the
date of the English leaflet, and the tagged-PDF element ids are renumbered (`reproducible`).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import select
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import LeafletError
from .model import Location

__all__ = ["BROWSER_ENV", "PdfError", "PdfJob", "find_browser", "print_pdfs", "reproducible"]

BROWSER_ENV = "LEAFLET_CHROMIUM"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = (
    "install Chromium (Debian/Ubuntu: apt-get install chromium fonts-noto-core fonts-noto-cjk) "
    f"or set {BROWSER_ENV} to the browser's path"
)
TIMEOUT = 60.0  # seconds for one step (start, load, print); a page takes well under one
# Paper sizes in inches, used when a page does not set `@page { size }` itself.
PAPER_INCHES = {"A4": (8.27, 11.69), "LETTER": (8.5, 11.0)}
_FLAGS = (
    "--headless",
    "--no-sandbox",  # our own self-contained pages only; the sandbox fails in containers
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--mute-audio",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # a page never reaches the network
    "--remote-debugging-pipe",
)
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \((D:\d{14}[^)]*)\)")
_NODE_ID = re.compile(rb"\(node(\d{8})\)")  # tagged-PDF element ids: DOM node numbers
_READY = """new Promise((resolve) => {
  const done = () => document.fonts.ready.then(() => resolve(location.href));
  if (document.readyState === "complete") done();
  else addEventListener("load", done, { once: true });
})"""


class PdfError(LeafletError):
    """No browser, or the browser could not print a page."""


@dataclass(frozen=True, slots=True)
class PdfJob:
    """Print the HTML file `html` to `pdf`; `date` is the English leaflet's date."""

    html: Path
    pdf: Path
    date: dt.date


def find_browser() -> Path:
    """The Chromium executable: `LEAFLET_CHROMIUM` when set, else the first one on PATH."""
    chosen = os.environ.get(BROWSER_ENV, "").strip()
    if chosen:
        found = shutil.which(chosen)
        if found is None:
            raise PdfError(
                f"{BROWSER_ENV} does not name an executable browser; {INSTALL_HINT}",
                Location(chosen),
            )
        return Path(found)
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found is not None:
            return Path(found)
    raise PdfError(
        f"no Chromium browser found on PATH, needed for PDFs; {INSTALL_HINT}",
        Location(BROWSER_NAMES[0]),
    )


def _stamp(date: dt.date) -> bytes:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError):
            raise PdfError(f"SOURCE_DATE_EPOCH must be a whole number, got {epoch!r}") from None
    else:
        moment = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'").encode("ascii")


def reproducible(data: bytes, stamp: bytes) -> bytes:
    """The same PDF without what differs from one print to the next, every offset kept.

    The creation and modification dates become `stamp`; the structure elements' ids (DOM node
    numbers, which vary with the browser's history) are renumbered in order of appearance.
    Every replacement has the length of what it replaces, so the cross-reference table holds.
    """

    def date(match: re.Match[bytes]) -> bytes:
        if len(match.group(2)) != len(stamp):
            return match.group(0)
        return b"/" + match.group(1) + b" (" + stamp + b")"

    numbers: dict[bytes, int] = {}

    def node(match: re.Match[bytes]) -> bytes:
        number = numbers.setdefault(match.group(1), len(numbers) + 1)
        return b"(node%08d)" % number

    return _NODE_ID.sub(node, _PDF_DATE.sub(date, data))


def _high(fds: tuple[int, int]) -> tuple[int, int]:
    """The same two files on descriptors above 4 (close-on-exec), so that the child's dup2
    onto 0..4 can never overwrite one before it is copied (a parent without stdin, say)."""
    moved = tuple(fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 5) for fd in fds)
    for fd in fds:
        os.close(fd)
    return moved[0], moved[1]


class _Browser:
    """One headless Chromium, spoken to over the DevTools pipe."""

    def __init__(self, executable: Path, profile: Path) -> None:
        self.executable = executable
        self.log_path = profile / "chromium.log"
        to_browser_r, self._send_fd = _high(os.pipe())
        self._recv_fd, from_browser_w = _high(os.pipe())
        argv = [str(executable), *_FLAGS, f"--user-data-dir={profile / 'profile'}", "about:blank"]
        log, devnull = _high(
            (
                os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
                os.open(os.devnull, os.O_RDONLY),
            )
        )
        try:
            self.pid = os.posix_spawn(
                str(executable),
                argv,
                dict(os.environ),
                file_actions=[
                    (os.POSIX_SPAWN_DUP2, devnull, 0),
                    (os.POSIX_SPAWN_DUP2, log, 1),
                    (os.POSIX_SPAWN_DUP2, log, 2),
                    (os.POSIX_SPAWN_DUP2, to_browser_r, 3),
                    (os.POSIX_SPAWN_DUP2, from_browser_w, 4),
                ],
                setsid=True,
            )
        except OSError as exc:
            for fd in (self._send_fd, self._recv_fd):
                os.close(fd)
            raise PdfError(
                f"cannot start the browser: {exc.strerror}", Location(str(executable))
            ) from None
        finally:
            for fd in (to_browser_r, from_browser_w, log, devnull):
                os.close(fd)
        self._buffer = b""
        self._next_id = 0
        self._exited = False

    def close(self) -> None:
        for fd in (self._send_fd, self._recv_fd):
            with contextlib.suppress(OSError):
                os.close(fd)
        if self._exited:
            return
        deadline = time.monotonic() + 5.0
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGTERM)
        while time.monotonic() < deadline:
            pid, _status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._exited = True
                return
            time.sleep(0.02)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self._exited = True

    def _log_tail(self) -> str:
        try:
            lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        useful = [line for line in lines if "dbus" not in line.lower()][-3:]
        return (": " + " | ".join(useful)) if useful else ""

    def error(self, message: str, where: Path | None = None) -> PdfError:
        return PdfError(message + self._log_tail(), Location(str(where or self.executable)))

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        session: str | None = None,
        where: Path | None = None,
    ) -> dict[str, Any]:
        """Send one command and wait for its reply (events in between are ignored)."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        payload = json.dumps(message).encode("utf-8") + b"\0"
        try:
            while payload:
                payload = payload[os.write(self._send_fd, payload) :]
        except OSError:
            raise self.error("the browser exited unexpectedly", where) from None
        deadline = time.monotonic() + TIMEOUT
        while True:
            for reply in self._messages(deadline, where):
                if reply.get("id") != self._next_id:
                    continue
                if "error" in reply:
                    error = reply["error"].get("message", "unknown error")
                    raise self.error(f"the browser refused {method}: {error}", where)
                result: dict[str, Any] = reply.get("result", {})
                return result

    def _messages(self, deadline: float, where: Path | None) -> Iterator[dict[str, Any]]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise self.error(f"the browser did not answer within {TIMEOUT:g} seconds", where)
            ready, _, _ = select.select([self._recv_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._recv_fd, 1 << 20)
            if not chunk:
                raise self.error("the browser exited unexpectedly", where)
            self._buffer += chunk
        while b"\0" in self._buffer:
            raw, self._buffer = self._buffer.split(b"\0", 1)
            yield json.loads(raw)


def _print_one(browser: _Browser, session: str, job: PdfJob, paper: str) -> bytes:
    url = job.html.resolve().as_uri()
    navigated = browser.call("Page.navigate", {"url": url}, session=session, where=job.html)
    if navigated.get("errorText"):
        raise browser.error(f"cannot open the page: {navigated['errorText']}", job.html)
    loaded = browser.call(
        "Runtime.evaluate",
        {"expression": _READY, "awaitPromise": True, "returnByValue": True},
        session=session,
        where=job.html,
    )
    if loaded.get("result", {}).get("value") != url:
        raise browser.error("the page did not finish loading", job.html)
    width, height = PAPER_INCHES.get(paper.upper(), PAPER_INCHES["A4"])
    printed = browser.call(
        "Page.printToPDF",
        {
            "printBackground": True,
            "preferCSSPageSize": True,  # the page's own `@page { size }` wins
            "paperWidth": width,
            "paperHeight": height,
            "displayHeaderFooter": False,  # page numbers come from the page's `@page` rules
            "generateTaggedPDF": True,
            "transferMode": "ReturnAsBase64",
        },
        session=session,
        where=job.html,
    )
    return reproducible(base64.b64decode(printed["data"]), _stamp(job.date))


def print_pdfs(jobs: Sequence[PdfJob], *, paper: str = "A4") -> None:
    """Print every job's HTML file to its PDF file with one headless Chromium.

    `paper` ("A4" or "Letter") is used only by pages without an `@page { size }` of their own.
    Raises `PdfError` (with the page or browser as location) when anything fails.
    """
    if not jobs:
        return
    executable = find_browser()
    with tempfile.TemporaryDirectory(prefix="leaflet-chromium-") as tmp:
        browser = _Browser(executable, Path(tmp))
        try:
            target = browser.call("Target.createTarget", {"url": "about:blank"})
            attached = browser.call(
                "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
            )
            session = attached["sessionId"]
            for job in jobs:
                data = _print_one(browser, session, job, paper)
                try:
                    job.pdf.parent.mkdir(parents=True, exist_ok=True)
                    job.pdf.write_bytes(data)
                except OSError as exc:
                    raise PdfError(
                        f"cannot write: {exc.strerror}", Location(str(job.pdf))
                    ) from None
        finally:
            browser.close()
