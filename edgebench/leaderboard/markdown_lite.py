"""A small, safe Markdown subset for model cards (README.md): every piece of text is HTML-escaped first,
then only headings, paragraphs, lists, pipe tables, fenced code, ``code``, **bold** and *emphasis* become
markup. Raw HTML in a card stays text and links stay text (a card is untrusted and the site is offline)."""
from __future__ import annotations

import re

from markupsafe import Markup, escape

BULLET = re.compile(r"^\s*[-*]\s+")


def _inline(text: str) -> str:
    out = str(escape(text))
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"(?<![*\w])\*([^*\s][^*]*)\*(?!\w)", r"<em>\1</em>", out)
    return out


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _table(lines: list[str]) -> str:
    head, body = _cells(lines[0]), [_cells(line) for line in lines[2:]]
    out = ["<table class=\"card-table\"><thead><tr>", *(f"<th>{_inline(c)}</th>" for c in head), "</tr></thead><tbody>"]
    for cells in body:
        out.append("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def render(text: str) -> Markup:
    """HTML for a model card; front matter (``---`` ... ``---``) is shown as a code block."""
    lines = text.replace("\r\n", "\n").split("\n")
    html: list[str] = []
    i = 0
    if lines and lines[0].strip() == "---" and "---" in (s.strip() for s in lines[1:]):
        end = next(j for j in range(1, len(lines)) if lines[j].strip() == "---")
        html.append(f"<pre class=\"front-matter\">{escape(chr(10).join(lines[1:end]))}</pre>")
        i = end + 1
    para: list[str] = []

    def flush() -> None:
        if para:
            html.append(f"<p>{_inline(' '.join(para))}</p>")
            para.clear()

    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            flush()
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            html.append(f"<pre><code>{escape(chr(10).join(lines[i + 1:j]))}</code></pre>")
            i = j + 1
            continue
        heading = re.match(r"(#{1,6})\s+(.*)", line)
        if heading:
            flush()
            level = min(len(heading.group(1)) + 1, 6)  # the page owns <h1>
            html.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif line.lstrip().startswith("|") and i + 1 < len(lines) and re.match(r"\s*\|?\s*:?-{2,}", lines[i + 1]):
            flush()
            j = i + 2
            while j < len(lines) and lines[j].lstrip().startswith("|"):
                j += 1
            html.append(_table(lines[i:j]))
            i = j
            continue
        elif BULLET.match(line):
            flush()
            items = []
            while i < len(lines) and BULLET.match(lines[i]):
                items.append("<li>" + _inline(BULLET.sub("", lines[i])) + "</li>")
                i += 1
            html.append("<ul>" + "".join(items) + "</ul>")
            continue
        elif not line.strip():
            flush()
        else:
            para.append(line.strip())
        i += 1
    flush()
    return Markup("\n".join(html))
