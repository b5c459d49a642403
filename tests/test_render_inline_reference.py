"""`inline.to_html` and `inline.to_text` against their plain first versions, on random texts.

The renderers' loops take shortcuts (emphasis tags from a table, text without placeholders
escaped or kept without the `_fill` helper); the references below are the loops without them,
over the same parts, and must give the same strings and the same reference numbers.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import inline
from pipeline.inline import References


def reference_html(text: str, lookup: inline.Lookup) -> str:
    out: list[str] = []
    links: list[bool] = []
    for kind, token, content in inline._parts(text):
        if kind == "text":
            out.append(inline._fill(content, lookup, inline._bdi, inline._escape))
        elif kind == "softbreak":
            out.append("\n")
        elif kind == "hardbreak":
            out.append("<br>\n")
        elif kind in ("em_open", "em_close", "strong_open", "strong_close"):
            tag = "em" if kind.startswith("em") else "strong"
            out.append(f"<{tag}>" if kind.endswith("_open") else f"</{tag}>")
        elif kind == "code_inline":
            out.append(f"<code>{inline._escape(content)}</code>")
        elif kind == "link_open" and token is not None:
            href = inline.safe_href(str(token.attrGet("href") or ""))
            links.append(href is not None)
            if href is not None:
                attrs = f' href="{inline._escape(href)}"'
                if href.lower().startswith("http"):
                    attrs += ' rel="noopener noreferrer"'
                if token.markup == "autolink":
                    attrs += ' class="bare"'
                out.append(f"<a{attrs}>")
        elif kind == "link_close":
            if links.pop():
                out.append("</a>")
        elif kind == "image" and token is not None:
            children = inline._plain_children(token)
            out.append(inline._fill(children, lookup, inline._bdi, inline._escape))
        else:
            out.append(inline._escape(content))
    return "".join(out)


def reference_text(
    text: str, lookup: inline.Lookup, references: References | None, isolate: bool
) -> str:
    value = inline._isolated if isolate else inline._as_is
    out: list[str] = []
    links: list[tuple[str | None, int]] = []
    for kind, token, content in inline._parts(text):
        if kind == "text":
            out.append(inline._fill(content, lookup, value, inline._as_is))
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("\n")
        elif kind == "link_open" and token is not None:
            links.append((inline.safe_href(str(token.attrGet("href") or "")), len(out)))
        elif kind == "link_close":
            href, start = links.pop()
            if href is not None and references is not None:
                shown = inline._shown_url(href)
                label = "".join(out[start:]).strip()
                if label not in (shown, href, shown.partition(":")[2]):
                    out.append(f" [{references.number(shown)}]")
        elif kind == "image" and token is not None:
            out.append(inline._fill(inline._plain_children(token), lookup, value, inline._as_is))
        elif kind.endswith(("_open", "_close")):
            continue
        else:
            out.append(content)
    return "".join(out)


_PIECES = [
    *("a", "b c", " ", "é", "中", "\n", "  \n", "&", "<", ">", '"', "'", "\\", "`x`", "!"),
    *("*", "**", "_", "*em*", "**strong**", "_u_", "***both***", "{clinic_phone}", "{x}"),
    *("{none}", "[l](https://e.org/a)", "[m](mailto:a@b.c)", "[j](javascript:x)", "<http://a.b>"),
    *("![alt *x*](i.png)", "[https://e.org/a](https://e.org/a)", "[", "]", "(", ")", "<b>"),
]


@settings(max_examples=800, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_PIECES), max_size=10).map("".join), max_size=3),
    st.booleans(),
)
def test_inline_renderers_match_the_reference_loops(texts: list[str], isolate: bool) -> None:
    values = {"clinic_phone": "+1 <555> & 'x'", "x": "{clinic_phone}"}.get
    fast_refs, slow_refs = References(), References()
    for text in texts:  # several texts share the reference numbers, as on a page
        assert inline.to_html(text, lookup=values) == reference_html(text, values)
        fast = inline.to_text(text, lookup=values, references=fast_refs, isolate=isolate)
        assert fast == reference_text(text, values, slow_refs, isolate)
        assert inline.to_text(text, lookup=values, isolate=isolate) == reference_text(
            text, values, None, isolate
        )
    assert fast_refs.urls == slow_refs.urls
