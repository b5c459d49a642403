"""A deterministic benchmark corpus: N realistic leaflets and their PO files in M locales.

    python benchmarks/corpus.py --leaflets 200 --locales 10 OUT_DIR
    python benchmarks/corpus.py --mutate OUT_DIR      # change the sources slightly (for update)

The content project has a `pyproject.toml` with `[tool.leaflet]`, `source/<slug>.md` leaflets
in the project's Markdown format (about 45 segments each) and, for every locale,
`locales/<code>/LC_MESSAGES/<slug>.po` created by `leaflet init` and then filled with a
pseudo-translation. The pseudo-translation changes every word's letters (into the locale's
script) but keeps placeholders, digits, markup and link targets, so complete catalogs pass
`leaflet check` and are published. Catalogs are mixed: about 70 % complete, 20 % at 90 % with
fuzzy entries (with `#|` previous msgids) and 10 % at 50 %; `ui.po` is always complete.

Everything depends only on the seed, the sizes and the code: two runs give identical files.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

SEED = 20240611
LOCALES = (
    *("es", "fr", "de", "it", "pt_BR", "ar", "zh_Hans", "ru", "pl", "tr"),
    *("fa", "hi", "ja", "ko", "nl", "sv", "uk", "vi", "ro", "el"),
)
CLINIC_NAME = "Riverside Women's Health Clinic"
CLINIC_PHONE = "+1 555 0100"

# --------------------------------------------------------------------------- English text

_TOPICS = (
    *("hysteroscopy", "colposcopy", "laparoscopy", "endometrial biopsy", "cervical screening"),
    *("pelvic ultrasound", "mammogram", "bone density scan", "glucose tolerance test"),
    *("amniocentesis", "chorionic villus sampling", "cone biopsy", "LLETZ treatment"),
    *("myomectomy", "endometrial ablation", "coil fitting", "implant removal"),
    *("ovarian cyst removal", "sterilisation", "vulval biopsy", "urodynamic test"),
    *("pessary fitting", "bladder scan", "iron infusion", "anti-D injection"),
    *("induction of labour", "membrane sweep", "external cephalic version", "epidural"),
    *("caesarean section", "perineal repair", "breastfeeding support", "physiotherapy"),
    *("blood transfusion", "MRI scan", "CT scan", "X-ray", "ECG", "echocardiogram"),
    *("hormone therapy", "fertility treatment", "egg collection", "embryo transfer"),
    *("semen analysis", "HSG", "saline sonography", "polyp removal", "D and C"),
)
_ASPECTS = (
    *("for adults", "for young people", "in pregnancy", "after birth", "at home"),
    *("in the clinic", "as a day case", "under local anaesthetic", "under sedation"),
    *("with a general anaesthetic", "for the first time", "as a follow-up"),
)
_CATEGORIES = ("radiology", "gynaecology", "maternity", "fertility", "urology", "general")
_SUBJECTS = (
    *("Your doctor", "The nurse", "A midwife", "The radiographer", "Your consultant"),
    *("A member of our team", "The specialist nurse", "Your GP", "The pharmacist"),
)
_VERBS = (
    *("will explain", "may check", "will talk about", "can answer questions about"),
    *("will write down", "will look at", "may ask about", "will go through"),
)
_OBJECTS = (
    *("the results", "your medicines", "any allergies", "the consent form", "the next steps"),
    *("your symptoms", "the risks and benefits", "your recovery", "the pictures"),
    *("your blood pressure", "the dressing", "your pain relief", "your follow-up"),
)
_TIMES = (
    *("{n} minutes", "{n} hours", "{n} days", "{n} weeks", "about {n} minutes"),
    *("up to {n} hours", "{n} to {m} days", "at least {n} hours", "{n} or {m} weeks"),
)
_ADVICE = (
    "Wear loose, comfortable clothes on the day",
    "Bring a list of the medicines you take",
    "You can eat and drink as normal unless we tell you otherwise",
    "Do not drive for {n} hours afterwards",
    "Ask someone to take you home and stay with you overnight",
    "Take a mild painkiller such as paracetamol if you need it",
    "Avoid sex, swimming and baths for {n} days",
    "Use sanitary towels rather than tampons for {n} days",
    "Keep the wound clean and dry",
    "Drink plenty of water for the rest of the day",
    "Rest for the remainder of the day",
    "Return to work after {n} days if you feel well",
    "Avoid heavy lifting for {n} weeks",
    "Bring your glasses or hearing aid if you use them",
    "Stop eating {n} hours before your appointment",
    "Tell the staff if you have a latex allergy",
    "Bring a sample of urine in a clean pot",
    "Arrive {n} minutes before your appointment time",
)
_WARNINGS = (
    "a temperature above {n} degrees",
    "heavy bleeding that soaks a pad every hour",
    "pain that does not get better with painkillers",
    "a smelly discharge",
    "redness or swelling around the wound",
    "pain or swelling in one leg",
    "shortness of breath or chest pain",
    "vomiting that lasts more than {n} hours",
    "difficulty passing urine",
    "feeling faint or dizzy",
)
_SECTIONS_BEFORE = ("Before the {t}", "Getting ready", "Preparing for your {t}", "Before you come")
_SECTIONS_DURING = ("During the {t}", "What happens", "On the day", "How the {t} is done")
_SECTIONS_AFTER = ("After the {t}", "Going home", "Recovery", "Afterwards")
_SECTIONS_RISKS = ("Risks", "Possible problems", "Are there any risks?", "Side effects")
_LINK_SITES = (
    ("www.nhs.uk", "https://www.nhs.uk/conditions/"),
    ("www.rcog.org.uk", "https://www.rcog.org.uk/for-the-public/"),
    ("www.who.int", "https://www.who.int/health-topics/"),
    ("medlineplus.gov", "https://medlineplus.gov/"),
    ("www.cdc.gov", "https://www.cdc.gov/"),
)


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _a(noun: str) -> str:
    return f"{'an' if noun[0].lower() in 'aeiou' else 'a'} {noun}"


def _sentence(rng: random.Random, topic: str) -> str:
    """One varied English sentence about `topic` (numbers are small integers)."""
    n = rng.randint(2, 48)
    m = n + rng.randint(1, 5)
    when = rng.choice(_TIMES).format(n=n, m=m)
    pick = rng.randrange(9)
    if pick == 0:
        return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}."
    if pick == 1:
        return f"The {topic} usually takes {when}."
    if pick == 2:
        return f"Most people feel back to normal within {when} of the {topic}."
    if pick == 3:
        return (
            f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
            f"before the {topic}."
        )
    if pick == 4:
        return f"You may have {rng.choice(_WARNINGS).format(n=n)} for {when}."
    if pick == 5:
        return f"About {n} in {n * 10 + m} people have a problem after {_a(topic)}."
    if pick == 6:
        return f"It is **important** to {rng.choice(_ADVICE).format(n=n).lower()}."
    if pick == 7:
        return f"The results of the {topic} are usually ready in *{when}*."
    return f"We will send a letter to {rng.choice(_SUBJECTS).lower()} within {when}."


def _paragraph(rng: random.Random, topic: str) -> str:
    return " ".join(_sentence(rng, topic) for _ in range(rng.randint(1, 3)))


def _link(rng: random.Random, topic: str) -> str:
    label, base = rng.choice(_LINK_SITES)
    return f"[{label}]({base}{_slugify(topic)})"


def leaflet_text(number: int, seed: int = SEED) -> tuple[str, str]:
    """(slug, Markdown) of leaflet `number`: front matter, ~45 segments, comments, a table."""
    rng = random.Random(f"{seed}:leaflet:{number}")
    topic = _TOPICS[number % len(_TOPICS)]
    aspect = _ASPECTS[(number // len(_TOPICS)) % len(_ASPECTS)]
    slug = f"{_slugify(topic)}-{number:04d}"
    title = f"{topic[0].upper()}{topic[1:]} {aspect} ({number})"
    summary = (
        f"This leaflet explains what {_a(topic)} is, why it is done and what to expect "
        f"{aspect}. It is leaflet number {number} in our series."
    )
    year, month, day = 2015 + number % 10, 1 + number % 12, 1 + number % 28
    lines = [
        "---",
        f"title: {json.dumps(title)}",
        f"summary: {json.dumps(summary)}",
        f"updated: {year:04d}-{month:02d}-{day:02d}",
        f"category: {_CATEGORIES[number % len(_CATEGORIES)]}",
        f"id: WH-{number:04d}",
        "---",
        "",
    ]

    def add(*block: str) -> None:
        lines.extend(block)
        lines.append("")

    def paragraphs(count: int) -> None:
        for _ in range(count):
            add(_paragraph(rng, topic))

    def bullets(items: list[str]) -> None:
        add(*(f"- {item}" for item in items))

    def numbered(items: list[str]) -> None:
        add(*(f"{i}. {item}" for i, item in enumerate(items, start=1)))

    def advice(count: int) -> list[str]:
        picked = rng.sample(_ADVICE, count)
        return [f"{a.format(n=rng.randint(2, 48))}." for a in picked]

    add(f"## What is {_a(topic)}?")
    paragraphs(3)
    add(f"## Why is the {topic} done?")
    add(f"{rng.choice(_SUBJECTS)} may suggest {_a(topic)} for one of these reasons:")
    bullets([_sentence(rng, topic) for _ in range(rng.randint(2, 4))])
    add(f"## {rng.choice(_SECTIONS_BEFORE).format(t=topic)}")
    add(
        "<!-- critical -->",
        f"Tell us before the {topic} if you are pregnant, take blood thinners or have "
        f"an allergy. Call {{clinic_phone}} if you are not sure ({number}).",
    )
    bullets(advice(rng.randint(3, 5)))
    add(f"## {rng.choice(_SECTIONS_DURING).format(t=topic)}")
    lines.append(
        f"<!-- translators: step {rng.randint(1, 3)} mentions a medical instrument; "
        "use the usual medical word in your language. -->"
    )
    numbered([_sentence(rng, topic) for _ in range(rng.randint(4, 6))])
    paragraphs(1)
    add(f"## {rng.choice(_SECTIONS_AFTER).format(t=topic)}")
    paragraphs(rng.randint(1, 2))
    bullets(advice(rng.randint(2, 4)))
    add(f"## {rng.choice(_SECTIONS_RISKS)}")
    paragraphs(rng.randint(1, 2))
    warnings = rng.sample(_WARNINGS, 3)
    add(
        "<!-- critical -->",
        f"Call us on {{clinic_phone}} straight away if you have "
        f"{warnings[0].format(n=38)}, {warnings[1].format(n=12)} or {warnings[2].format(n=6)}.",
    )
    if rng.random() < 0.5:
        add("## What the results can show")
        rows = [
            f"| {rng.choice(_OBJECTS).capitalize()} ({rng.randint(1, 99)}) | "
            f"{_sentence(rng, topic)} |"
            for _ in range(3)
        ]
        add("| Result | What it means |", "| --- | --- |", *rows)
    else:
        add("## Results")
        paragraphs(2)
    add("## More information")
    add(
        f"You can read more about the {topic} at {_link(rng, topic)} or ask "
        f"{rng.choice(_SUBJECTS).lower()}."
    )
    add(
        "<!-- translators: {clinic_name} and {clinic_phone} are placeholders. "
        "Copy them exactly, with the curly brackets. -->",
        "If you have any questions, please call {clinic_name} on {clinic_phone}.",
    )
    add("## References")
    bullets(
        [
            f'Example Health Trust. "{topic.capitalize()} {aspect}". {2000 + number % 20}. '
            f"{_link(rng, topic)}",
            f"Leaflet WH-{number:04d}, reviewed in {year}.",
        ]
    )
    return slug, "\n".join(lines).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- pseudo-translation

_PROTECTED = re.compile(
    r"(\{[A-Za-z_][A-Za-z0-9_]*\}|\]\([^)]*\)|<[^>\s]+>|https?://[^\s)]+)|([A-Za-z]+)"
)
_LATIN = {
    "es": "áéíóúñ",
    "fr": "àéèêçô",
    "de": "äöüßéë",
    "it": "àèéìòù",
    "pt_BR": "ãáçéõú",
    "pl": "ąęłńóś",
    "tr": "çğıöşü",
    "nl": "éëïöüĳ",
    "sv": "åäöéüø",
    "vi": "ăâđêôơ",
    "ro": "ăâîșțé",
}
_SCRIPTS = {
    "ru": (0x0430, 32),
    "uk": (0x0430, 32),
    "el": (0x03B1, 25),
    "ar": (0x0628, 20),
    "fa": (0x0628, 20),
    "hi": (0x0915, 36),
    "ko": (0xAC00, 2000),
    "ja": (0x3042, 80),
    "zh_Hans": (0x4E00, 3000),
}


def _word_mapper(locale: str) -> Callable[[str], str]:
    if locale in _LATIN:
        marks = _LATIN[locale]
        vowels = "aeiou"

        def latin(word: str) -> str:
            out = []
            for i, ch in enumerate(word):
                low = ch.lower()
                if low in vowels and (i + len(word)) % 2 == 0:
                    out.append(marks[vowels.index(low) % len(marks)])
                else:
                    out.append(ch)
            return "".join(out)[::-1] if len(word) > 3 else "".join(out) + marks[0]

        return latin
    base, size = _SCRIPTS.get(locale, (0x0430, 32))
    ideographic = size > 100

    def script(word: str) -> str:
        digest = hashlib.blake2b(word.lower().encode(), digest_size=8).digest()
        length = max(1, (len(word) + 2) // 3) if ideographic else len(word)
        return "".join(chr(base + digest[i % 8] * (i + 1) % size) for i in range(length))

    return script


def pseudo_translate(text: str, locale: str) -> str:
    """`text` with every word changed; placeholders, digits, markup and URLs kept exactly."""
    mapper = _word_mapper(locale)

    def one(match: re.Match[str]) -> str:
        return match.group(1) or mapper(match.group(2))

    return _PROTECTED.sub(one, text)


# Words whose change makes `leaflet check` call a fuzzy entry suspicious: never altered.
_KEEP = frozenset(
    ("never", "cannot", "without", "unless", "nothing", "nobody", "neither", "except"),
)
_KEEP |= {"instead", "refrain", "avoid", "avoids", "avoiding", "stops", "stopping", "before"}
_KEEP |= {"after", "fewer", "least", "maximum", "minimum"}


def _altered(msgid: str) -> str:
    """An older English wording of `msgid` for `#| msgid`: one non-number word changed."""
    words = msgid.split(" ")
    for i, word in enumerate(words):
        if word.isalpha() and len(word) > 4 and word.lower() not in _KEEP:
            words[i] = word + "s" if not word.endswith("s") else word[:-1]
            return " ".join(words)
    return msgid + " Please read this carefully."


# --------------------------------------------------------------------------- catalogs


def catalog_kind(locale: str, slug: str, seed: int = SEED) -> str:
    """'complete' (70 %), 'ninety' (20 %, with fuzzy entries) or 'half' (10 %)."""
    if slug == "ui":
        return "complete"
    roll = random.Random(f"{seed}:kind:{locale}:{slug}").random()
    return "complete" if roll < 0.7 else "ninety" if roll < 0.9 else "half"


def fill_catalog(data: bytes, *, locale: str, slug: str, seed: int = SEED) -> str:
    """The PO text `leaflet init` wrote, with translations for the chosen fraction."""
    from pipeline.po_format import parse_catalog
    from pipeline.po_writer import format_catalog

    catalog = parse_catalog(data, path=f"{locale}/{slug}.po")
    kind = catalog_kind(locale, slug, seed)
    rng = random.Random(f"{seed}:fill:{locale}:{slug}")
    entries = []
    for entry in catalog.entries:
        if entry.is_header or entry.obsolete:
            entries.append(entry)
            continue
        roll = rng.random()
        translated = pseudo_translate(entry.msgid, locale)
        if kind == "complete" or (kind == "ninety" and roll < 0.9) or roll < 0.5:
            entries.append(dataclasses.replace(entry, msgstr=translated))
        elif (kind == "ninety" and roll < 0.95) or (kind == "half" and roll < 0.56):
            previous = _altered(entry.msgid)
            entries.append(
                dataclasses.replace(
                    entry,
                    msgstr=pseudo_translate(previous, locale),
                    flags=("fuzzy", *entry.flags),
                    previous_msgid=previous,
                )
            )
        else:
            entries.append(entry)
    return format_catalog(dataclasses.replace(catalog, entries=tuple(entries)))


def _fill_file(job: tuple[str, str, str, int]) -> None:
    path, locale, slug, seed = job
    target = Path(path)
    target.write_text(
        fill_catalog(target.read_bytes(), locale=locale, slug=slug, seed=seed), encoding="utf-8"
    )


def _leaflet_command() -> list[str]:
    found = shutil.which("leaflet", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "pipeline"]


def _run(project: Path, *args: str) -> None:
    subprocess.run(
        [*_leaflet_command(), "--project", str(project), *args],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _po_jobs(project: Path, locales: tuple[str, ...], seed: int) -> Iterator[tuple[str, ...]]:
    for locale in locales:
        for path in sorted((project / "locales" / locale / "LC_MESSAGES").glob("*.po")):
            yield (str(path), locale, path.stem, seed)


def generate(
    out: Path, *, leaflets: int, locales: int, seed: int = SEED, jobs: int | None = None
) -> None:
    """Write the whole content project into `out` (which must not exist or be empty)."""
    if locales > len(LOCALES):
        raise SystemExit(f"at most {len(LOCALES)} locales")
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} exists and is not empty")
    (out / "source").mkdir(parents=True, exist_ok=True)
    (out / "pyproject.toml").write_text(
        "[tool.leaflet]\n"
        'source_dir = "source"\n'
        'locales_dir = "locales"\n'
        'build_dir = "build"\n\n'
        "[tool.leaflet.variables]\n"
        f"clinic_name = {json.dumps(CLINIC_NAME)}\n"
        f"clinic_phone = {json.dumps(CLINIC_PHONE)}\n",
        encoding="utf-8",
    )
    for number in range(leaflets):
        slug, text = leaflet_text(number, seed)
        (out / "source" / f"{slug}.md").write_text(text, encoding="utf-8")
    _run(out, "extract")
    codes = LOCALES[:locales]
    if codes:
        _run(out, "init", *codes)
        jobs_list = [(p, loc, slug, s) for p, loc, slug, s in _po_jobs(out, codes, seed)]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for _ in pool.map(_fill_file, jobs_list, chunksize=64):
                pass


def mutate(project: Path, *, seed: int = SEED, every: int = 5) -> int:
    """Change every `every`-th leaflet slightly: one reworded paragraph (fuzzy match), one new
    paragraph (new entry) and one dropped list item (obsolete entry). Returns how many."""
    changed = 0
    for index, path in enumerate(sorted((project / "source").glob("*.md"))):
        if index % every:
            continue
        rng = random.Random(f"{seed}:mutate:{path.stem}")
        lines = path.read_text(encoding="utf-8").split("\n")
        body = lines.index("---", 1) + 1
        paragraphs = [
            i
            for i in range(body, len(lines))
            if lines[i][:1].isalpha()
            and not lines[i].startswith(("If you have", "Tell us", "You can read"))
        ]
        items = [i for i in range(body, len(lines)) if lines[i].startswith("- ")]
        target = rng.choice(paragraphs)
        lines[target] = lines[target].replace(" the ", " your ", 1).replace(".", " today.", 1)
        lines.insert(target + 1, "")
        lines.insert(target + 2, f"This is a new paragraph added in revision {rng.randint(2, 9)}.")
        if items:
            drop = max(i for i in items if i < target) if any(i < target for i in items) else None
            if drop is not None:
                del lines[drop]
        path.write_text("\n".join(lines), encoding="utf-8")
        changed += 1
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the content project folder to create")
    parser.add_argument("--leaflets", type=int, default=200)
    parser.add_argument("--locales", type=int, default=10, help=f"0..{len(LOCALES)}")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--jobs", type=int, default=None, help="processes filling PO files")
    parser.add_argument(
        "--mutate", action="store_true", help="change the sources of an existing corpus slightly"
    )
    args = parser.parse_args(argv)
    if args.mutate:
        print(f"changed {mutate(args.out, seed=args.seed)} leaflets")
        return 0
    generate(args.out, leaflets=args.leaflets, locales=args.locales, seed=args.seed, jobs=args.jobs)
    print(f"wrote {args.leaflets} leaflets x {args.locales} locales to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
