"""Plain-text wrapping by display width: English, Arabic, Chinese/Japanese, URLs, marks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import textlayout
from pipeline.textlayout import display_width, wrap

FSI, PDI = "\u2068", "\u2069"


def widths(lines: list[str]) -> list[int]:
    return [display_width(line) for line in lines]


def test_display_width_counts_wide_as_two_and_marks_as_zero() -> None:
    assert display_width("abc") == 3
    assert display_width("中文") == 4
    assert display_width("ＡＢ") == 4  # fullwidth Latin
    assert display_width("ｱｲ") == 2  # halfwidth katakana
    assert display_width("e\u0301") == 1  # e + combining acute
    assert display_width("مرحبا") == 5
    assert display_width("بِسْمِ") == 3  # Arabic letters with harakat
    assert display_width(f"{FSI}+1 555{PDI}") == 6
    assert display_width("a\u200db") == 2


def test_english_breaks_at_spaces_within_width() -> None:
    text = " ".join(["word"] * 40)
    lines = wrap(text, 20)
    assert all(w <= 20 for w in widths(lines))
    assert " ".join(lines) == text
    assert all(line == line.strip() for line in lines)


def test_indents_and_forced_breaks() -> None:
    lines = wrap("alpha beta gamma delta\nsecond", 12, initial_indent="- ", subsequent_indent="  ")
    assert lines == ["- alpha beta", "  gamma", "  delta", "  second"]
    assert wrap("", 10) == []
    assert wrap("   ", 10) == []


def test_arabic_wraps_at_spaces_and_keeps_words_whole() -> None:
    words = ["اتصل", "بنا", "على", "الفور", "إذا", "كان", "لديك", "حمى", "أو", "نزيف", "شديد"]
    text = " ".join(words * 3)
    lines = wrap(text, 24)
    assert all(w <= 24 for w in widths(lines))
    assert [w for line in lines for w in line.split(" ")] == words * 3


def test_isolated_value_is_not_split_when_it_fits() -> None:
    value = f"{FSI}+1 555 0100{PDI}"
    text = f"اتصلوا بنا على الرقم {value} فورا إذا أصابتك حمى"
    for width in range(14, 40):
        lines = wrap(text, width)
        assert any(value in line for line in lines), (width, lines)
        assert all(w <= width for w in widths(lines))


def test_chinese_breaks_between_ideographs_and_respects_punctuation() -> None:
    text = "如果您在检查后出现发烧、大出血或剧烈疼痛，请立即拨打电话（诊所）联系我们。" * 3
    lines = wrap(text, 20)
    assert all(w <= 20 for w in widths(lines))
    assert "".join(lines) == text  # no spaces added or lost
    for line in lines:
        assert line[0] not in "，。、）", lines
        assert line[-1] not in "（", lines
    assert len(lines) > 1


def test_japanese_small_kana_and_prolonged_mark_stay_attached() -> None:
    text = "検査の後にシャワーを浴びることができます。ちょっと待ってください。" * 2
    lines = wrap(text, 10)
    assert "".join(lines) == text
    for line in lines[1:]:
        assert line[0] not in "ャーょっ。、", lines
    assert all(w <= 10 for w in widths(lines))


def test_chinese_mixed_with_latin_and_numbers() -> None:
    text = (
        "HSG检查通常需要5到10分钟。请在检查前告诉我们您是否对碘过敏 (iodine allergy) 或可能怀孕。"
    )
    lines = wrap(text, 16)
    assert all(w <= 16 for w in widths(lines))
    joined = "".join(lines)
    # Latin words and numbers are never cut in the middle.
    for token in ("HSG", "iodine", "allergy)", "10"):
        assert token in joined
        assert any(token in line for line in lines), (token, lines)
    assert joined.replace(" ", "") == text.replace(" ", "")


def test_long_word_is_broken_hard() -> None:
    word = "x" * 50
    lines = wrap(f"a {word} b", 20)
    assert all(w <= 20 for w in widths(lines))
    assert "".join(lines).replace(" ", "") == f"a{word}b"


def test_long_url_stays_whole_on_its_own_line() -> None:
    url = "https://www.example.org/" + "very-long-path/" * 6
    lines = wrap(f"See {url} for more information about the test.", 40)
    assert url in lines
    assert all(w <= 40 for line, w in zip(lines, widths(lines), strict=True) if line != url)


def test_hard_break_keeps_combining_marks_with_their_base() -> None:
    word = "e\u0301" * 30  # 30 columns, 60 code points
    lines = wrap(word, 7)
    assert all(w <= 7 for w in widths(lines))
    assert all(not line.startswith("\u0301") for line in lines)
    assert "".join(lines) == word


@pytest.mark.parametrize("width", [10, 30, 72])
def test_no_line_exceeds_width_for_wide_text(width: int) -> None:
    text = "中文 English 日本語のテキスト 한국어 텍스트 " * 10
    assert all(w <= width for w in widths(wrap(text, width)))


def test_url_inside_chinese_text_starts_its_own_line() -> None:
    url = "https://www.example.org/a/very/long/path/that/does/not/fit/on/one/line"
    text = f"更多信息请访问{url}。谢谢。"
    lines = wrap(text, 40)
    assert f"{url}。" in lines  # whole, with the full stop that may not start a line
    assert lines[0] == "更多信息请访问"


def test_value_after_chinese_may_move_to_next_line() -> None:
    value = f"{FSI}+1 555 0100{PDI}"
    lines = wrap(f"如有疑问请致电{value}联系我们", 16)
    assert lines == ["如有疑问请致电", f"{value}联系", "我们"]


# --- The fast paths give what the general, character-by-character rules give. ---

_ALPHABET = st.sampled_from(
    [
        *"ab xyz\t.,()-",
        *("\u00a0", "\u3000", "\u2003", "\u200b", "\u200d", "\u0301", FSI, PDI, "\u2066"),
        *(
            "中",
            "文",
            "（",
            "）",
            "。",
            "，",
            "ー",
            "っ",
            "ｱ",
            "Ａ",
            "я",
            "ب",
            "بِ",
            "😀",
            "\U00020000",
        ),
        *("https://example.org/x", "www.a.b", "word", "\x07"),
    ]
)


def _reference_words(line: str) -> list[tuple[str, list[str]]]:
    """The word splitting rules, one character at a time (as `_words` was first written)."""
    words: list[tuple[str, list[str]]] = []
    separator = ""
    pieces: list[str] = []
    current: list[str] = []
    depth = 0
    for char in line:
        if depth == 0 and char in textlayout._BREAK_SPACES:
            if current or pieces:
                if current:
                    pieces.append("".join(current))
                words.append((separator, pieces))
                pieces, current, separator = [], [], ""
            if not separator:
                separator = " " if char == "\t" else char
            continue
        if current and depth == 0 and textlayout._may_break_between(current[-1], char):
            pieces.append("".join(current))
            current = []
        if char in textlayout._ISOLATE_OPEN:
            depth += 1
        elif char == textlayout._ISOLATE_CLOSE and depth:
            depth -= 1
        current.append(char)
    if current:
        pieces.append("".join(current))
    if pieces:
        words.append((separator, pieces))
    if words:
        words[0] = ("", words[0][1])
    return words


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_fast_width_and_words_match_the_character_rules(text: str) -> None:
    assert display_width(text) == sum(textlayout.char_width(c) for c in text)
    assert textlayout._words(text) == _reference_words(text)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "bc", "defgh", "я", "é", " ", "  ", "\u00a0", ",", "x" * 12])
    ).map("".join),
    st.integers(1, 30),
    st.sampled_from(["", "- ", "> ", "10. ", "  "]),
    st.sampled_from(["", "  ", "> ", "    "]),
)
def test_simple_line_wrap_matches_the_general_wrap(
    line: str, width: int, indent: str, next_indent: str
) -> None:
    simple = textlayout._wrap_simple(line, width, indent, next_indent)
    if simple is not None and line.strip():
        assert simple == textlayout._wrap_words(line, width, indent, next_indent)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *("a", "bc", "defgh", "я", "é", "e\u0301", "😀", "한", ",", "x" * 12),
                *(" ", "  ", "\u00a0", "\t", "\u3000", "中", "https://e.org/a"),
                *(FSI, PDI, "\u2066", "\u200d", f"{FSI}+1 555 0100{PDI}", f"{FSI}a  b{PDI}"),
            ]
        )
    ).map("".join),
    st.integers(1, 30),
    st.sampled_from(["", "- ", "> ", "10. ", "  "]),
    st.sampled_from(["", "  ", "> ", "    "]),
)
def test_spaced_line_wrap_matches_the_general_wrap(
    line: str, width: int, indent: str, next_indent: str
) -> None:
    spaced = textlayout._wrap_spaced(line, width, indent, next_indent)
    if spaced is not None and line.strip():
        assert spaced == textlayout._wrap_words(line, width, indent, next_indent)


def test_simple_wrap_leaves_an_indent_wider_than_the_line_to_the_general_wrap() -> None:
    assert textlayout._wrap_simple("bc  a", 1, "中 ", "") is None
    assert textlayout._wrap_simple("bc a", 3, "10. ", "") is None
    assert wrap("bc  a", 1, initial_indent="中 ") == ["中 b", "c", "a"]


def _reference_wrap(text: str, width: int, indent: str, next_indent: str) -> list[str]:
    """`wrap` as first written: every piece of every word fitted one at a time."""
    if not text.strip():
        return []
    out: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            out.append(indent.rstrip())
            indent = next_indent
            continue
        lines: list[str] = []
        current, used, empty = indent, display_width(indent), True
        for separator, pieces in _reference_words(line):
            glue = "" if empty else separator
            for piece in pieces:
                piece_width, glue_width = display_width(piece), display_width(glue)
                if used + glue_width + piece_width <= width:
                    current, used, empty, glue = (
                        current + glue + piece,
                        used + glue_width + piece_width,
                        False,
                        "",
                    )
                    continue
                glue = ""
                if not empty:
                    lines.append(current.rstrip())
                    current, used = next_indent, display_width(next_indent)
                room = max(width - used, 1)
                if piece_width <= room or textlayout._is_url(piece):
                    current, used, empty = current + piece, used + piece_width, False
                    continue
                chunks = textlayout._hard_break(piece, room)
                for chunk in chunks[:-1]:
                    lines.append((current + chunk).rstrip())
                    current, used = next_indent, display_width(next_indent)
                current, used, empty = current + chunks[-1], used + display_width(chunks[-1]), False
        if not empty or not lines:
            lines.append(current.rstrip())
        out.extend(lines)
        indent = next_indent
    return out


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.one_of(_ALPHABET, st.sampled_from([" ", "  ", "\n", "x" * 15]))).map("".join),
    st.integers(1, 30),
    st.sampled_from(["", "- ", "> ", "10. ", "中 "]),
    st.sampled_from(["", "  ", "> ", "    "]),
)
def test_wrap_matches_the_piece_by_piece_rules(
    text: str, width: int, indent: str, next_indent: str
) -> None:
    wrapped = wrap(text, width, initial_indent=indent, subsequent_indent=next_indent)
    assert wrapped == _reference_wrap(text, width, indent, next_indent)


_SPACED_PIECES = [
    *("a", "bc", "я", "e\u0301", "😀", ",", " ", "  ", "\u00a0", "\u200d", "\0"),
    *(FSI, PDI, "\u2066", f"{FSI}+1 555 0100{PDI}", f"{FSI}a  b{PDI}", f"{FSI}{PDI}", "\n"),
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_SPACED_PIECES), max_size=16).map("".join))
def test_spaced_words_match_the_general_words(line: str) -> None:
    expected = [word for _, word in textlayout._plain_words(line)]
    assert textlayout._spaced_words(line) == expected


def test_wrapped_lines_are_a_new_list_each_time() -> None:
    text = f"Call {FSI}+1 555 0100{PDI} now, " * 6  # a line the cached wrapper takes
    first = textlayout.wrap(text, 30)
    first.append("changed")
    assert textlayout.wrap(text, 30) == first[:-1]
