"""The quick inline pass (generator/content/markdown.py) must render exactly
what Python-Markdown's own pass renders, with whatever Markdown is installed:
it only skips tries the stock pass would have found nothing with."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.benchmark.corpus import WORDS, generate
from generator.content.markdown import MarkdownRenderer, _QuickInlineProcessor, required_text

from .test_properties import BALANCED_HTML, SETTINGS, UNBALANCED_HTML, markdown_strategies, single_line

QUICK = MarkdownRenderer()
STOCK = MarkdownRenderer(quick=False)
QUICK_SAFE = MarkdownRenderer(escape_html=True)
STOCK_SAFE = MarkdownRenderer(escape_html=True, quick=False)

# What smarty, escapes, code spans and raw HTML make of punctuation in context.
PUNCTUATION = [
    '"Quoted," she said.', "'Single' quotes", "the '80s", "it's", "rock 'n' roll", '"\'Nested\' quote"',
    "'\"Other\" way'", 'x""y', "x''y", "--", "---", "----", "a--b", "a---b", "...", "....", "<<angled>>", ">>",
    "\\\"escaped\\\"", "\\'", "`'code'`", "``a ` b``", "\\\\`x`", "*em*", "**strong**", "***both***", "_a_b_",
    "__x__", "[link](https://example.com \"title's\")", "<https://example.com/a'b>", "<a@b.co>", "&amp; &copy; &#39;",
    "<span title='x'>'in'</span>", "  \nline break", "[^1]", "[ref][]", "![alt 'x'](i.png)", "\"", "'", "\u2014'",
    "&mdash;'x'", "&nbsp;\"y\"", "(\"parens\")", "['bracket']", "\"'", "'\"",
]


def _quoted_story(rng: random.Random) -> str:
    def sentence() -> str:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 14)))
        return rng.choice(['"{}," said a minister.', "It's {}'s.", "{} -- or so", "*{}*...", "{} (the '90s)", "{}"]).format(words)
    return "\n\n".join(" ".join(sentence() for _ in range(4)) for _ in range(6))


def _same(text: str) -> None:
    assert QUICK.render(text) == STOCK.render(text)
    assert QUICK_SAFE.render(text) == STOCK_SAFE.render(text)


def test_the_quick_pass_is_the_one_in_use():
    # Without it the speed-up would vanish silently (say, on a Markdown that
    # renamed the private method it overrides).
    processors = QUICK._md.treeprocessors
    assert type(processors["inline"]) is _QuickInlineProcessor
    assert type(processors["smarty"]) is _QuickInlineProcessor
    assert type(STOCK._md.treeprocessors["inline"]) is not _QuickInlineProcessor


def test_the_benchmark_corpus_and_quoted_copy_render_as_with_stock_markdown():
    rng = random.Random(11)
    for story in generate(40, seed=5):
        _same(story.body)
    for _ in range(40):
        _same(_quoted_story(rng))


@pytest.mark.parametrize("snippet", PUNCTUATION)
def test_punctuation_renders_as_with_stock_markdown(snippet):
    _same(snippet)
    _same(f"Before {snippet} after {snippet}{snippet}\n\n> {snippet}\n\n- {snippet}\n\n# {snippet}")


@SETTINGS
@given(markdown_strategies(st.one_of(single_line, st.sampled_from(PUNCTUATION)), BALANCED_HTML + UNBALANCED_HTML + PUNCTUATION))
def test_any_markdown_renders_as_with_stock_markdown(text):
    _same(text)


@pytest.mark.parametrize(("expression", "needle"), [
    (r"(?<!\.)\.{3}(?!\.)", "..."),
    (r"(?<!-)---(?!-)", "---"),
    (r"(?<=[^\s])'(?!\s|s\b)", "'"),
    (r"(\s|&nbsp;|--)\"(?=\w)", '"'),
    (r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)", "`"),  # in every branch
    (r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>", "://"),
    (r"\*|_", ""),  # no one character in both
    (r"a{2,5}b", "aa"),
    (r"(?i)said", ""),  # either case would match
    (r"x(?i:said)", "x"),
    (r"\w+", ""),
])
def test_required_text_is_what_every_match_contains(expression, needle):
    assert required_text(re.compile(expression)) == needle


@SETTINGS
@given(st.lists(st.sampled_from(["'", '"', "-", ".", "<", ">", "`", "\\", "[", "]", "!", "^", "*", "_", "&", ";", ":", "/",
                                 "@", " ", "\n", "a", "s", "9", "\x02", "\x03", "nbsp", "http"]), max_size=30).map("".join))
def test_no_pattern_matches_text_without_its_required_text(text):
    # The property the quick pass rests on, for every pattern in use.
    for name in ("inline", "smarty"):
        for pattern in QUICK._md.treeprocessors[name].inlinePatterns:
            expression = pattern.getCompiledRegExp()
            if expression.search(text) is not None:
                assert required_text(expression) in text, expression.pattern
