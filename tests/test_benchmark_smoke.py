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
