"""Model cards (README.md) as HTML, through markdown-it-py (CommonMark plus pipe tables) with raw HTML off: a card
is untrusted text, so any HTML in it stays text, and markdown-it refuses javascript: / data: links."""
from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


def render(text: str) -> Markup:
    """HTML for a model card; its front matter (``---`` ... ``---``, the Hub's metadata) is shown as a code block."""
    lines = text.replace("\r\n", "\n").split("\n")
    front = ""
    if lines and lines[0].strip() == "---":
        end = next((j for j in range(1, len(lines)) if lines[j].strip() == "---"), None)
        if end is not None:
            front = f"<pre class=\"front-matter\">{escape(chr(10).join(lines[1:end]))}</pre>\n"
            lines = lines[end + 1:]
    return Markup(front + _MARKDOWN.render("\n".join(lines)))
