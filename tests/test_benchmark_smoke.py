"""The benchmark runs end to end on a tiny corpus. No timing assertions: only that it works."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHASES = ("extract", "update", "status", "check", "build", "rebuild")


def test_benchmark_quick_runs_every_phase(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--work", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for phase in PHASES:
        assert re.search(rf"^\| {phase} \| \d+\.\d+ \|", result.stdout, re.MULTILINE), phase
    assert "machine: nproc" in result.stdout
    assert "peers not run" in result.stdout


def test_corpus_is_deterministic(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    first = [corpus.leaflet_text(n) for n in range(3)]
    assert first == [corpus.leaflet_text(n) for n in range(3)]
    text = "Call {clinic_phone} within 24 hours, see [site](https://example.org/a) **now**."
    for locale in corpus.LOCALES:
        translated = corpus.pseudo_translate(text, locale)
        assert translated != text
        for kept in ("{clinic_phone}", "24", "](https://example.org/a)", "**"):
            assert kept in translated, (locale, translated)


def test_stages_runs_on_a_small_corpus(tmp_path: Path) -> None:
    """`stages.py` calls pipeline internals: this is what notices when one of them moves."""
    project = tmp_path / "corpus"
    generate = (
        "import sys; sys.path.insert(0, sys.argv[1]); import corpus; from pathlib import Path; "
        "corpus.generate(Path(sys.argv[2]), leaflets=4, locales=2)"
    )
    subprocess.run(
        [sys.executable, "-c", generate, str(ROOT / "benchmarks"), str(project)],
        check=True,
        timeout=300,
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "stages.py"), str(project)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^parse_catalog \(all PO files\) +\d+\.\d+ s", result.stdout, re.MULTILINE)
    assert re.search(r"^api\.build, --jobs 1, .* +\d+\.\d+ s", result.stdout, re.MULTILINE)
