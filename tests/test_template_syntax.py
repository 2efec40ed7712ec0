"""find_template_syntax and convert_markup: each kind, lines, code left alone, each conversion."""

from pathlib import Path

import pytest

from generator.content.template_syntax import find_template_syntax, summarise
from generator.importers.common import ImportReport
from generator.importers.convert import LinkResolver, convert_markup


def test_fast_path_and_kinds():
    assert find_template_syntax("no braces here") == []
    body = "a {% include x.html %}\nb {{ page.title }}\n\nc {{< youtube abc >}} {{% note %}}x{{% /note %}} {{< /x >}}\n"
    found = find_template_syntax(body, first_line=5)
    assert [(f.line, f.kind) for f in found] == [
        (5, "Liquid tag"), (6, "Liquid output"), (8, "Hugo shortcode"), (8, "Hugo shortcode"), (8, "Hugo shortcode"), (8, "Hugo shortcode")]
    assert found[0].text == "{% include x.html %}"
    assert summarise(found) == {"Liquid tag": 1, "Liquid output": 1, "Hugo shortcode": 4}


def test_code_and_raw_are_ignored():
    body = "`{{ x }}` and ``{% y %}``\n```\n{{< youtube a >}}\n```\n~~~~\n{% z %}\n~~~~\n{% raw %}{{ kept }}{% endraw %}\n{{ real }}\n"
    found = find_template_syntax(body)
    assert [(f.line, f.text) for f in found] == [(8, "{% raw %}"), (8, "{% endraw %}"), (9, "{{ real }}")]


def test_indented_code_blocks_are_code_but_a_list_items_text_is_not():
    """crazy-canux's Pelican tutorials show Django's {{ var }} in indented
    code, Python-Markdown's usual code: warned of as a template left in the
    text, and `--strict` refused to publish them."""
    body = ("Text.\n\n    {{ var }}\n    {% if x %}\n\nMore {{ shown }}.\n\n- item\n\n    {{ in_item }}\n\n"
            "        {{ code_in_item }}\n\nAfter\n    {{ lazy }}\n\n\t{% tabbed %}\n")
    assert [(found.line, found.text) for found in find_template_syntax(body)] == [(6, "{{ shown }}"), (10, "{{ in_item }}"),
                                                                                    (15, "{{ lazy }}")]


def test_code_written_in_html_is_code():
    """CC Labs' WordPress posts show Jinja and MediaWiki's {{#ask:…}} in <pre>: warned of as another generator's templates."""
    body = "<pre class=\"jinja\">\n{% for x in y %}\n  {{ x }}\n{% endfor %}\n</pre>\n\nSee <code>{{#ask: [[Category:X]]}}</code> and {{ shown }}.\n"
    assert [(found.line, found.text) for found in find_template_syntax(body)] == [(7, "{{ shown }}")]


def test_rst_literal_blocks_and_code_directives_are_code():
    """pelican-blog's news/pelican-4.6.rst shows Jinja in `.. code-block:: jinja`:
    the build warned it was template syntax shown as written."""
    body = ("Use ``{% raw %}`` and:\n\n.. code-block:: jinja\n   :linenos:\n\n   {% for a in articles %}\n\n     {{ a.title }}\n"
            "   {% endfor %}\n\nAn example::\n\n    {{ x }}\n\nBut {{ shown }} is.\n")
    assert [(f.line, f.text) for f in find_template_syntax(body, rst=True)] == [(15, "{{ shown }}")]
    assert len(find_template_syntax(body)) > 1  # the same lines as Markdown are not code


def _convert(body, flavour, links=None, origin="_posts/a.md"):
    report = ImportReport()
    out = convert_markup(body, flavour=flavour, links=links or LinkResolver(Path("/nonexistent")), report=report, origin=origin)
    return out, report


def test_a_value_of_the_posts_own_front_matter_is_shown(tmp_path):
    """18F writes ![chart]({{ page.images[0] }}): left as written, the build
    reported a broken link to a path made of the template."""
    report = ImportReport()
    out = convert_markup("![chart]({{ page.images[0] }}) by {{ page.team }}; {{ page.tags }} {{ page.nothing }}", flavour="jekyll",
                         links=LinkResolver(tmp_path), report=report, origin="_posts/x.md",
                         page={"images": ["/assets/chart.png"], "team": "the data desk", "tags": ["a", "b"]})
    assert out == "![chart](/assets/chart.png) by the data desk; {{ page.tags }} {{ page.nothing }}"
    assert report.converted["Liquid page value"] == 2


def test_a_value_of_the_sites_configuration_is_shown(tmp_path):
    """jekyll/jekyll's docs link {{ site.repository }}/pull/7224 (3,049 times),
    ruby-lang.org's {{ site.license.url }}: Jekyll fills them from _config.yml."""
    report = ImportReport()
    out = convert_markup("[pr]({{ site.repository }}/pull/7224) [l]({{ site.license.url }}) {{ site.baseurl }}/x {{ site.gone }}",
                         flavour="jekyll", links=LinkResolver(tmp_path), report=report, origin="_posts/x.md",
                         site={"repository": "https://github.com/jekyll/jekyll", "license": {"url": "/license/"}, "baseurl": "/b"})
    assert out == "[pr](https://github.com/jekyll/jekyll/pull/7224) [l](/license/) /x {{ site.gone }}"
    assert report.converted["Liquid site value"] == 2


def test_highlight_blocks_after_a_stray_backtick_are_converted():
    """ruby-lang.org: `foo' in one highlighted block paired with a backtick
    in the next, which was then read as code and left as Liquid (102 blocks)."""
    out, report = _convert("{% highlight ruby %}\np `foo'\n{% endhighlight %}\n\ntext\n\n"
                           "{% highlight ruby %}\np `bar'\n{% endhighlight %}\n", "jekyll")
    assert "{%" not in out and out.count("```ruby") == 2 and report.converted["Liquid highlight"] == 2


def test_what_is_left_is_named_by_what_it_does_not_cut_mid_word():
    """18F's `{{ "nicole-fenton" | team_link }}` was listed as `Liquid {{ "nicole-fenton" | te }}`."""
    _, report = _convert('{{ "nicole-fenton" | team_link }} {{ "a long quoted string here" }}', "jekyll")
    assert set(report.left) == {"Liquid {{ … | team_link }}", 'Liquid {{ "a long quoted… }}'}


@pytest.mark.parametrize("source, expected, name", [
    ('{{< youtube w7Ft2ymGmfc >}}', "(https://www.youtube.com/watch?v=w7Ft2ymGmfc)", "Hugo youtube"),
    ('{{< youtube id="w7Ft2ymGmfc" title="T" >}}', "[T](https://www.youtube.com/watch?v=w7Ft2ymGmfc)", "Hugo youtube"),
    ('{{< vimeo 146022717 >}}', "(https://vimeo.com/146022717)", "Hugo vimeo"),
    ('{{< tweet user="SanDiegoZoo" id="1453110110599868418" >}}', "(https://twitter.com/SanDiegoZoo/status/1453110110599868418)", "Hugo tweet"),
    ('{{< tweet 877500564405444608 >}}', "(https://twitter.com/i/status/877500564405444608)", "Hugo tweet"),
    ('{{< gist spf13 7896402 >}}', "(https://gist.github.com/spf13/7896402)", "Hugo gist"),
    # hugoBasicExample's rich-content.md: the built-in _simple forms were left as written
    ('{{< vimeo_simple 48912912 >}}', "(https://vimeo.com/48912912)", "Hugo vimeo_simple"),
    ('{{< twitter_simple user="DesignReviewed" id="1085870671291310081" >}}',
     "(https://twitter.com/DesignReviewed/status/1085870671291310081)", "Hugo twitter_simple"),
    ('{{% youtube w7Ft2ymGmfc %}}', "(https://www.youtube.com/watch?v=w7Ft2ymGmfc)", "Hugo youtube"),
    ('{{< highlight go >}}\nx := 1\n{{< /highlight >}}', "```go\nx := 1\n```", "Hugo highlight"),
    ('{{< figure src="https://e.org/x.jpg" alt="A" >}}', "![A](https://e.org/x.jpg)", "Hugo figure"),
    ('{{< img src="/x.jpg" alt="A" >}}', '<img src="/x.jpg" alt="A">', "Hugo img"),
])
def test_hugo_conversions(source, expected, name):
    out, report = _convert(source, "hugo")
    assert expected in out
    assert report.converted[name] == 1
    assert not report.left


def test_hugo_figure_with_caption():
    out, report = _convert('{{< figure src="/a.png" alt="Alt" caption="Cap & co" title="Ti" attr="Photo: X" >}}', "hugo")
    assert out.startswith("<figure>") and '<img src="/a.png" alt="Alt">' in out
    assert "<figcaption><strong>Ti</strong> Cap &amp; co Photo: X</figcaption>" in out


def test_hugo_ref_resolves_to_relative_link(tmp_path):
    links = LinkResolver(tmp_path)
    links.add_story("content/post/a.md", "post/a.md", "post/a.md", "a.md", "a")
    links.add_story("content/news/b.md", "news/b.md", "news/b.md", "b.md", "b")
    out, report = _convert('[x]({{< ref "b.md#part" >}}) [y]({{< relref "/news/b.md" >}}) {{< ref "missing.md" >}}',
                           "hugo", links, origin="content/post/a.md")
    assert "[x](../news/b.md#part) [y](../news/b.md)" in out
    assert report.converted["Hugo ref"] == 1 and report.converted["Hugo relref"] == 1
    assert report.left["Hugo ref"] == 1


@pytest.mark.parametrize("source, expected, name", [
    ('![a]({{ site.baseurl }}/assets/a.png)', "![a](/assets/a.png)", "Liquid site.baseurl/site.url"),
    ('[a]({{ site.url }}{{ site.baseurl }}/about/)', "[a](/about/)", "Liquid site.baseurl/site.url"),
    ('[a]({{ "/about/" | relative_url }})', "[a](/about/)", "Liquid site path"),
    ("[a]({{ '/about/' | absolute_url }})", "[a](/about/)", "Liquid site path"),
    ('[a]({{ "/about/" | prepend: site.baseurl }})', "[a](/about/)", "Liquid site path"),
    ("{% highlight ruby %}\nputs 1\n{% endhighlight %}", "```ruby\nputs 1\n```", "Liquid highlight"),
    ("a{% comment %}\nhidden {{ x }}\n{% endcomment %}b", "ab", "Liquid comment"),
    ('{% include youtube.html id="dQw4w9WgXcQ" %}', "(https://www.youtube.com/watch?v=dQw4w9WgXcQ)", "Liquid include youtube.html"),
    ('{% include image.html url="/i.png" description="D" %}', '<img src="/i.png" alt="D">', "Liquid include image.html"),
    ('{% include figure.html image_path="/i.png" alt="A" caption="C" %}', "<figcaption>C</figcaption>", "Liquid include figure.html"),
])
def test_jekyll_conversions(source, expected, name):
    out, report = _convert(source, "jekyll")
    assert expected in out
    assert report.converted[name] >= 1
    assert not report.left


def test_jekyll_raw_kept_as_written_and_not_left():
    out, report = _convert("`{% raw %}{{ x }}{% endraw %}` and {% raw %}{% y %}{% endraw %}", "jekyll")
    assert out == "`{{ x }}` and {% y %}"
    assert report.converted["Liquid raw"] == 2 and not report.left


def test_jekyll_links_to_posts(tmp_path):
    links = LinkResolver(tmp_path)
    links.add_story("_posts/2014-09-25-x.md", "politics/2014-09-25-x.md", "2014-09-25-x")
    links.add_story("_posts/2015-01-01-y.md", "posts/2015-01-01-y.md", "2015-01-01-y")
    out, report = _convert("[a]({% post_url 2014-09-25-x %}) [b]({{ site.baseurl }}{% link _posts/2014-09-25-x.md %})",
                           "jekyll", links, origin="_posts/2015-01-01-y.md")
    assert out == "[a](../politics/2014-09-25-x.md) [b](../politics/2014-09-25-x.md)"
    assert report.converted["Liquid post_url"] == 1 and report.converted["Liquid link"] == 1


def test_unknown_left_untouched_and_counted():
    out, report = _convert("{% include custom.html %} {{ page.title }} `{{ code }}`", "jekyll")
    assert out == "{% include custom.html %} {{ page.title }} `{{ code }}`"
    assert report.left == {"Liquid include": 1, "Liquid {{ page.title }}": 1}
