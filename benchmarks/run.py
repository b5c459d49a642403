"""Time every `leaflet` phase as a whole command on generated corpora, against the targets.

    python benchmarks/run.py                      # 200x10 and 2000x10, 3 runs each
    python benchmarks/run.py --sizes 200x10 --repeat 5
    python benchmarks/run.py --quick              # 20x2, one run, no peers (the smoke test)

Each phase is `leaflet --project DIR <phase>` in a fresh process (cold start included); the
median of `--repeat` runs is printed with the peak resident memory of that process (from
`os.wait4`). Every run of a phase does the same work:

- extract: the `.pot` files are removed first, so every template is written;
- update: sources and catalogs are restored, then the sources changed slightly
  (`corpus.mutate`: every 5th leaflet gets a reworded paragraph, a new one and a dropped
  list item), so the merge has fuzzy, new and obsolete entries to deal with;
- status, check: read-only, on the corpus as generated;
- build: `build/` removed first; rebuild: `build` again with nothing changed.

What a set-up removes is moved aside and deleted when the run is over (see `_discard`), and
the disk is synced before each timed command, so the harness's own file work is not timed.

Corpora are cached under `--work` (default `benchmarks/.work`), keyed by size, seed and the
generator's source. When mdpo (in `--peer-python`, default `benchmarks/.peers-venv`) or po4a
(on PATH) is installed, it runs on the same corpus at the first size and the ratios are
printed; otherwise the script says so.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402  (a sibling script, not a package)

PHASES = ("extract", "update", "status", "check", "build", "rebuild")
TARGETS = {  # seconds, whole command, at 200 x 10 on 2 cores (issue 6)
    "extract": 0.5,
    "update": 2.0,
    "status": 1.0,
    "check": None,
    "build": 3.0,
    "rebuild": 0.3,
}
TARGET_SIZE = (200, 10)
PEAK_MB = 300.0
GROWTH = 12.0  # allowed growth for 10 x the corpus
OK_EXIT = {"check": (0, 1, 3)}  # check exits 1 on errors and 3 when incomplete


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float  # wall clock
    peak_mb: float
    cpu: float = 0.0  # user + system seconds of the process: less sensitive to a busy machine


@dataclass(slots=True)
class Result:
    leaflets: int
    locales: int
    stats: dict[str, int] = field(default_factory=dict)
    runs: dict[str, list[Run]] = field(default_factory=dict)
    peers: dict[str, dict[str, float]] = field(default_factory=dict)

    def median(self, phase: str) -> float:
        return statistics.median(r.seconds for r in self.runs[phase])

    def cpu(self, phase: str) -> float:
        return statistics.median(r.cpu for r in self.runs[phase])

    def peak(self, phase: str) -> float:
        return max(r.peak_mb for r in self.runs[phase])

    @property
    def label(self) -> str:
        return f"{self.leaflets}x{self.locales}"


class BenchmarkError(Exception):
    pass


# The timed commands get Python's default bytecode cache. Some machines (this one) set
# PYTHONDONTWRITEBYTECODE, which makes every command compile leaflet's modules again (about
# 60 ms each); an installed tool does not pay that on every run.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def warm_bytecode(leaflet: list[str]) -> None:
    """Compile the timed tool's modules once, as its first run after installing would."""
    first = Path(leaflet[0])
    python = str(first)
    if not first.name.startswith("python"):
        with first.open("rb") as script:
            line = script.readline()
        if line.startswith(b"#!"):
            python = line[2:].decode().strip()
    code = (
        "import compileall, os, pipeline\n"
        "compileall.compile_dir(os.path.dirname(pipeline.__file__), quiet=1)"
    )
    subprocess.run([python, "-c", code], check=True, env=CHILD_ENV)


def timed(
    command: list[str],
    *,
    ok: tuple[int, ...] = (0,),
    timeout: float = 3600,
    cwd: Path | None = None,
) -> Run:
    """Run `command` in a new process; wall time and that process's peak RSS."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=err, cwd=cwd, env=CHILD_ENV
        )
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                raise BenchmarkError(f"timed out after {timeout:.0f} s: {' '.join(command)}")
            time.sleep(0.002)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in ok:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-2000:]
            raise BenchmarkError(f"exit {process.returncode}: {' '.join(command)}\n{tail}".rstrip())
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return Run(seconds, usage.ru_maxrss / scale, usage.ru_utime + usage.ru_stime)


# --------------------------------------------------------------------------- corpora


# The corpus is made by corpus.py with `leaflet extract` and `init`, so what those write (the
# template stamps, the PO layout) is part of it: a change there makes a new corpus.
_CORPUS_INPUTS = ("corpus.py", "../pipeline/project.py", "../pipeline/catalogs.py")
_CORPUS_INPUTS += ("../pipeline/po_writer.py", "../pipeline/po_wrap.py")
_CORPUS_INPUTS += ("../pipeline/line_breaks.py", "../pipeline/brace_format.py")
_CORPUS_INPUTS += ("../pipeline/translating.py",)


def _generator_digest() -> str:
    digest = hashlib.sha256()
    for name in _CORPUS_INPUTS:
        digest.update((HERE / name).read_bytes())
    return digest.hexdigest()[:16]


def ensure_corpus(work: Path, leaflets: int, locales: int, seed: int) -> Path:
    """The pristine corpus for one size, generated once and reused while it is current."""
    folder = work / f"{leaflets}x{locales}-{seed}"
    marker = folder / ".corpus.json"
    key = {"leaflets": leaflets, "locales": locales, "seed": seed, "gen": _generator_digest()}
    if marker.is_file() and json.loads(marker.read_text()) == key:
        return folder / "pristine"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    print(f"generating corpus {leaflets}x{locales} ...", flush=True)
    corpus.generate(folder / "pristine", leaflets=leaflets, locales=locales, seed=seed)
    marker.write_text(json.dumps(key))
    print(f"  generated in {time.perf_counter() - started:.1f} s", flush=True)
    return folder / "pristine"


def corpus_stats(project: Path) -> dict[str, int]:
    pots = [p for p in (project / "locales").glob("*.pot") if p.stem != "ui"]
    segments = sum(p.read_text(encoding="utf-8").count("\nmsgid ") for p in pots)
    pos = list((project / "locales").glob("*/LC_MESSAGES/*.po"))
    entries = sum(p.read_text(encoding="utf-8").count("\nmsgid ") for p in pos)
    return {"segments": segments, "po_files": len(pos), "entries": entries}


def _discard(path: Path) -> None:
    """Move `path` into the work folder's trash, emptied when the whole run is over.

    Deleting thousands of files just before a timed command slows the files it creates: on
    ext4 without a journal (as here) a new inode skips recently deleted ones, which made a
    full build spend ~2 s more in the kernel. A CI run on a fresh clone deletes nothing first.
    """
    trash = path.parent / ".bench-trash"
    trash.mkdir(exist_ok=True)
    path.rename(trash / f"{path.name}.{time.monotonic_ns()}")


def _empty_trash(root: Path) -> None:
    for trash in root.rglob(".bench-trash"):
        shutil.rmtree(trash, ignore_errors=True)


def _replace_tree(source: Path, target: Path) -> None:
    if target.exists():
        _discard(target)
    shutil.copytree(source, target)


def _restore(pristine: Path, run_dir: Path) -> None:
    for name in ("source", "locales"):
        _replace_tree(pristine / name, run_dir / name)


# --------------------------------------------------------------------------- phases


def leaflet_phases(
    leaflet: list[str], pristine: Path, run_dir: Path
) -> dict[str, tuple[Callable[[], None], list[str]]]:
    """{phase: (set-up before each run, command)}."""
    project = ["--project", str(run_dir)]

    def nothing() -> None:
        pass

    def drop_templates() -> None:
        for pot in (run_dir / "locales").glob("*.pot"):
            _discard(pot)

    def changed_sources() -> None:
        _restore(pristine, run_dir)
        corpus.mutate(run_dir)

    def no_build() -> None:
        if (run_dir / "build").exists():
            _discard(run_dir / "build")

    return {
        "status": (nothing, [*leaflet, *project, "status"]),
        "check": (nothing, [*leaflet, *project, "check"]),
        "extract": (drop_templates, [*leaflet, *project, "extract"]),
        "build": (no_build, [*leaflet, *project, "build"]),
        "rebuild": (nothing, [*leaflet, *project, "build"]),
        "update": (changed_sources, [*leaflet, *project, "update"]),
    }


def bench_size(
    leaflet: list[str],
    work: Path,
    leaflets: int,
    locales: int,
    repeat: int,
    seed: int,
    only: tuple[str, ...] = PHASES,
) -> Result:
    pristine = ensure_corpus(work, leaflets, locales, seed)
    run_dir = pristine.parent / "run"
    _replace_tree(pristine, run_dir)
    result = Result(leaflets, locales, stats=corpus_stats(pristine))
    phases = leaflet_phases(leaflet, pristine, run_dir)
    for phase in ("status", "check", "extract", "build", "rebuild", "update"):
        if phase not in only:
            continue
        setup, command = phases[phase]
        if phase == "rebuild" and not (run_dir / "build").is_dir():
            phases["build"][0]()
            timed(phases["build"][1])
        runs = []
        for _ in range(repeat):
            setup()
            # Flush what the set-up wrote or deleted, so its disk work is not timed as ours.
            os.sync()
            runs.append(timed(command, ok=OK_EXIT.get(phase, (0,))))
        result.runs[phase] = runs
        print(
            f"  {result.label} {phase:8s} "
            + " ".join(f"{r.seconds:.3f}s/{r.cpu:.3f}cpu/{r.peak_mb:.0f}MB" for r in runs),
            flush=True,
        )
    _restore(pristine, run_dir)
    return result


# --------------------------------------------------------------------------- peers


def _peer_python(option: str | None) -> Path | None:
    candidates = [Path(option)] if option else [HERE / ".peers-venv" / "bin" / "python"]
    for python in candidates:
        if python.is_file():
            probe = subprocess.run(
                [str(python), "-c", "import mdpo.md2po, mdpo.po2md"], capture_output=True
            )
            if probe.returncode == 0:
                return python
    return None


def run_mdpo(python: Path, pristine: Path, work: Path) -> dict[str, float]:
    """mdpo's extract, update and build phases, one process each, one run each."""
    script = str(HERE / "peers.py")
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    out: dict[str, float] = {}
    out["extract"] = timed([str(python), script, "mdpo-extract", str(pristine), str(work)]).seconds
    subprocess.run([str(python), script, "prepare-update", str(pristine), str(work)], check=True)
    out["update"] = timed([str(python), script, "mdpo-update", str(pristine), str(work)]).seconds
    out["build"] = timed([str(python), script, "mdpo-build", str(pristine), str(work)]).seconds
    return out


def _po4a_config(pristine: Path, work: Path) -> Path:
    """One po4a.cfg for every leaflet x locale, with the corpus' PO files as its catalogs."""
    locales = sorted(
        p.name for p in (pristine / "locales").iterdir() if p.is_dir() and p.name[0] != "."
    )
    lines = [
        f"[po4a_langs] {' '.join(locales)}",
        "[po4a_paths] pot/$master.pot $lang:po/$lang/$master.po",
        '[options] opt:"-o markdown" opt:"-k 0"',
    ]
    for source in sorted((pristine / "source").glob("*.md")):
        slug = source.stem
        lines.append(
            f"[type: text] {source} $lang:out/$lang/{slug}.md pot={slug} "
            'opt:"-o yfm_keys=title,summary"'
        )
        for locale in locales:
            target = work / "po" / locale / f"{slug}.po"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pristine / "locales" / locale / "LC_MESSAGES" / f"{slug}.po", target)
    config = work / "po4a.cfg"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def run_po4a(pristine: Path, work: Path, timeout: float) -> dict[str, float]:
    """po4a's update (gettextize + msgmerge) and build (translate), one run each."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    config = _po4a_config(pristine, work)
    base = ["po4a", "-q", "--destdir", str(work), "--srcdir", str(work)]
    out: dict[str, float] = {}
    # po4a resolves the [po4a_paths] relative to the working directory.
    update = timed([*base, "--no-translations", str(config)], timeout=timeout, cwd=work)
    out["update"] = update.seconds
    out["build"] = timed([*base, "--no-update", str(config)], timeout=timeout, cwd=work).seconds
    return out


# --------------------------------------------------------------------------- report


def machine() -> list[str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    commit = subprocess.run(
        ["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return [
        f"machine: nproc {cores}, CPU {model}, load average {load} at start",
        f"python: {platform.python_implementation()} {platform.python_version()} "
        f"on {platform.system()} {platform.release()}",
        f"leaflet commit: {commit or 'unknown'}",
    ]


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report_size(result: Result) -> list[str]:
    s = result.stats
    at_target = (result.leaflets, result.locales) == TARGET_SIZE
    lines = [
        "",
        f"## {result.label}: {result.leaflets} leaflets x {result.locales} locales, "
        f"{s['segments']} segments, {s['po_files']} PO files, {s['entries']} PO entries",
        "",
        "| phase | median s | min s | max s | cpu s | peak MB | target s | time | memory |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for phase in PHASES:
        if phase not in result.runs:
            continue
        runs = result.runs[phase]
        seconds = [r.seconds for r in runs]
        target = TARGETS[phase]
        if target is None:
            time_verdict = "n/a"
        elif at_target:
            time_verdict = _verdict(result.median(phase) <= target)
        else:
            time_verdict = "- (target is for 200x10)"
        peak = result.peak(phase)
        shown_target = "-" if target is None else f"{target:g}"
        # Like the time targets, the memory target is set for 200 x 10.
        memory_verdict = _verdict(peak <= PEAK_MB) if at_target else "- (target is for 200x10)"
        lines.append(
            f"| {phase} | {result.median(phase):.3f} | {min(seconds):.3f} | {max(seconds):.3f} "
            f"| {result.cpu(phase):.3f} | {peak:.0f} | {shown_target} | {time_verdict} "
            f"| {memory_verdict} |"
        )
    return lines


def report_growth(small: Result, large: Result) -> list[str]:
    scale = (large.leaflets * large.locales) / (small.leaflets * small.locales)
    limit = GROWTH * scale / 10
    lines = [
        "",
        f"## growth {small.label} -> {large.label} (corpus x{scale:g}; limit x{limit:g})",
        "",
        f"| phase | {small.label} s | {large.label} s | ratio | result |",
        "|---|---:|---:|---:|---|",
    ]
    for phase in PHASES:
        if phase not in small.runs or phase not in large.runs:
            continue
        a, b = small.median(phase), large.median(phase)
        ratio = b / a if a else float("inf")
        lines.append(f"| {phase} | {a:.3f} | {b:.3f} | x{ratio:.1f} | {_verdict(ratio <= limit)} |")
    return lines


def report_peers(result: Result, notes: list[str]) -> list[str]:
    lines = ["", f"## peers at {result.label} (one run each; ratio = peer / leaflet)", ""]
    lines += [f"- {note}" for note in notes]
    if not result.peers:
        return lines
    lines += ["", "| tool | phase | peer s | leaflet s | ratio |", "|---|---|---:|---:|---:|"]
    for tool, phases in result.peers.items():
        for phase, seconds in phases.items():
            if phase not in result.runs:
                continue
            ours = result.median(phase)
            lines.append(
                f"| {tool} | {phase} | {seconds:.2f} | {ours:.3f} | x{seconds / ours:.1f} |"
            )
    return lines


def parse_sizes(text: str) -> list[tuple[int, int]]:
    sizes = []
    for part in text.split(","):
        leaflets, sep, locales = part.strip().lower().partition("x")
        if not sep or not leaflets.isdigit() or not locales.isdigit():
            raise argparse.ArgumentTypeError(f"size {part!r} is not NxM, e.g. 200x10")
        sizes.append((int(leaflets), int(locales)))
    return sizes


def _default_leaflet() -> list[str]:
    found = shutil.which("leaflet", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "pipeline"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=None, help="default 200x10,2000x10")
    parser.add_argument("--repeat", type=int, default=None, help="runs per phase (default 3)")
    parser.add_argument("--quick", action="store_true", help="20x2, one run, no peers")
    parser.add_argument("--work", type=Path, default=HERE / ".work", help="corpus cache")
    parser.add_argument("--seed", type=int, default=corpus.SEED)
    parser.add_argument("--leaflet", default=None, help="the leaflet command to time")
    parser.add_argument(
        "--phases", default=",".join(PHASES), help=f"a subset of {','.join(PHASES)}"
    )
    parser.add_argument("--no-peers", action="store_true", help="do not run mdpo or po4a")
    parser.add_argument("--peer-python", default=None, help="a Python with mdpo installed")
    parser.add_argument("--peer-timeout", type=float, default=900.0)
    args = parser.parse_args(argv)
    sizes = args.sizes or ([(20, 2)] if args.quick else [(200, 10), (2000, 10)])
    repeat = args.repeat or (1 if args.quick else 3)
    leaflet = args.leaflet.split() if args.leaflet else _default_leaflet()
    only = tuple(p.strip() for p in args.phases.split(",") if p.strip())
    unknown = sorted(set(only) - set(PHASES))
    if unknown:
        parser.error(f"unknown phase(s): {', '.join(unknown)}")

    warm_bytecode(leaflet)
    header = [
        *machine(),
        f"command: {' '.join(leaflet)}; median of {repeat} run(s)",
        "bytecode: compiled once before timing, then cached as Python does by default",
    ]
    print("\n".join(header), flush=True)
    results: list[Result] = []
    try:
        for leaflets, locales in sizes:
            results.append(
                bench_size(leaflet, args.work, leaflets, locales, repeat, args.seed, only)
            )
        notes: list[str] = []
        if args.quick or args.no_peers:
            notes.append("peers not run (--quick or --no-peers)")
        else:
            first = results[0]
            pristine = ensure_corpus(args.work, first.leaflets, first.locales, args.seed)
            python = _peer_python(args.peer_python)
            if python is None:
                notes.append(
                    "mdpo: not installed (python -m venv benchmarks/.peers-venv && "
                    "benchmarks/.peers-venv/bin/pip install mdpo)"
                )
            else:
                print("running mdpo ...", flush=True)
                try:
                    first.peers["mdpo"] = run_mdpo(python, pristine, pristine.parent / "mdpo")
                    notes.append(f"mdpo: {python}; Markdown out, not HTML")
                except BenchmarkError as exc:
                    notes.append(f"mdpo: failed: {str(exc).splitlines()[0]}")
            if shutil.which("po4a") is None:
                notes.append("po4a: not installed (apt-get install po4a)")
            else:
                print("running po4a ...", flush=True)
                try:
                    first.peers["po4a"] = run_po4a(
                        pristine, pristine.parent / "po4a", args.peer_timeout
                    )
                    notes.append(
                        "po4a: update = `po4a --no-translations` (extract + msgmerge), "
                        "build = `po4a --no-update` (Markdown out)"
                    )
                except BenchmarkError as exc:
                    lines = str(exc).splitlines()
                    notes.append(f"po4a: failed: {lines[0]} ... {lines[-1]}")
    except BenchmarkError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1
    finally:
        _empty_trash(args.work)

    out: list[str] = ["", "# leaflet benchmark", "", *(f"- {line}" for line in header)]
    for result in results:
        out += report_size(result)
    for small, large in itertools.pairwise(results):
        out += report_growth(small, large)
    out += report_peers(results[0], notes)
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
