from skillgap.extractors.html import html_to_text, looks_like_html


def test_entity_escaped_greenhouse_content_becomes_lines():
    escaped = (
        "&lt;h2&gt;About you&lt;/h2&gt;&lt;ul&gt;&lt;li&gt;Python &amp;amp; SQL&lt;/li&gt;"
        "&lt;li&gt;&lt;p&gt;PyTorch&lt;/p&gt;&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Caf&#233; &amp;quot;bonus&amp;quot;&lt;/p&gt;"
    )
    assert html_to_text(escaped) == 'About you\n\n- Python & SQL\n- PyTorch\n\nCafé "bonus"'


def test_double_escaped_content_from_greenhouse_docs():
    text = html_to_text("Intro. &amp;lt;p&amp;gt;Any HTML&amp;lt;/p&amp;gt;")
    assert text == "Intro.\nAny HTML"


def test_br_scripts_and_empty_items():
    text = html_to_text("<p>a<br>b</p><script>alert(1)</script><ul><li></li><li>c</li></ul>")
    assert text == "a\nb\n\n- c"


def test_plain_text_is_not_html():
    assert not looks_like_html("3 < 5 years and R&D")
    assert looks_like_html("<p>x</p>")
    assert looks_like_html("&lt;li&gt;x")
    assert html_to_text("") == ""
