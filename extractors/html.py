"""HTML -> clean plain text for job descriptions.

Job boards send descriptions as HTML, often entity-escaped once more (Greenhouse ``content`` and
Arbeitnow ``description`` arrive as ``&lt;p&gt;...``). :func:`html_to_text` unescapes that layer,
parses with selectolax's lexbor backend and keeps the structure extraction needs: headings,
paragraphs and list items each become their own line (list items prefixed with ``- ``), so
section detection and evidence sentences work on lines.
"""

from __future__ import annotations

import html as _html
import re

from selectolax.lexbor import LexborHTMLParser

__all__ = ["html_to_text", "looks_like_html"]

_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "ul", "ol", "table", "tr",
        "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dl", "dt", "dd", "hr",
    }
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head"})

_TAG_RE = re.compile(r"</?(?:p|div|br|ul|ol|li|h[1-6]|span|strong|b|em|i|a|table|section)\b[^>]*>", re.I)
_ESCAPED_TAG_RE = re.compile(r"&lt;/?(?:p|div|br|ul|ol|li|h[1-6]|span|strong|b|em|i|a)\b", re.I)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_BLANKS = re.compile(r"\n{3,}")


def looks_like_html(text: str) -> bool:
    """True when ``text`` contains HTML tags, raw or entity-escaped."""
    return bool(_TAG_RE.search(text) or _ESCAPED_TAG_RE.search(text))


def html_to_text(markup: str) -> str:
    """Turn (possibly entity-escaped) HTML into plain text with one block per line.

    >>> html_to_text("&lt;h2&gt;You have&lt;/h2&gt;&lt;ul&gt;&lt;li&gt;Python&lt;/li&gt;&lt;/ul&gt;")
    'You have\\n- Python'
    """
    if not markup:
        return ""
    # Decoded to a fixpoint (bounded): the transport layers of escaping (Greenhouse's docs show
    # &amp;lt;), then again while the text made still holds markup ("&lt;div&gt;&lt;p&gt;" escaped
    # once more than the rest, which the first parse leaves as a literal "<p>").
    text = markup
    for _ in range(4):
        text = _parse(_unescape_layers(text))
        if not looks_like_html(text):
            break
    return text


def _unescape_layers(markup: str) -> str:
    for _ in range(4):
        if _ESCAPED_TAG_RE.search(markup) or "&amp;lt;" in markup:
            markup = _html.unescape(markup)
        else:
            break
    return markup


def _parse(markup: str) -> str:
    tree = LexborHTMLParser(markup)
    root = tree.body if tree.body is not None else tree.root
    if root is None:
        return ""
    parts: list[str] = []
    _walk(root, parts)
    return _tidy("".join(parts))


def _walk(node, parts: list[str]) -> None:  # node: a selectolax node (untyped)
    child = node.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            # In HTML a newline inside text is only whitespace; structure comes from the tags.
            parts.append((child.text_content or "").replace("\n", " "))
        elif tag in _SKIP_TAGS or tag == "-comment":
            pass
        elif tag == "br":
            parts.append("\n")
        elif tag == "li":
            parts.append("\n- ")
            _walk(child, parts)
        elif tag in _HEADINGS:
            parts.append("\n\n")
            _walk(child, parts)
            parts.append("\n")
        elif tag in _BLOCK_TAGS:
            parts.append("\n")
            _walk(child, parts)
            parts.append("\n")
        elif tag in ("td", "th"):
            _walk(child, parts)
            parts.append(" ")
        else:
            _walk(child, parts)
        child = child.next


def _tidy(text: str) -> str:
    lines: list[str] = []
    pending_bullet = False
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if line == "-":  # a list item whose text starts in a nested block
            pending_bullet = True
            continue
        if pending_bullet and line:
            if not line.startswith("- "):
                line = "- " + line
            pending_bullet = False
        lines.append(line)
    out = "\n".join(lines)
    out = _BLANKS.sub("\n\n", out)
    return out.strip()
