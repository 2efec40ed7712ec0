"""A deterministic synthetic news archive: N stories over about three years,
10 sections, about 60 authors and 300 tags, bodies of 400–1,500 words with
subheads, lists, quotes, links to other stories and the occasional table.

The same seed and N always give the same files, so runs compare.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

SECTIONS = ("world", "politics", "business", "science", "technology", "health", "culture", "sport", "opinion", "climate")
WORDS = (
    "council minister report budget energy market village harbour election coalition river winter research "
    "vaccine hospital school railway bridge museum festival league striker tariff export shipyard grid "
    "turbine drought harvest court verdict inquiry mayor parliament treaty border ferry storm forecast "
    "union strike wages pension housing rent inflation currency bank lender startup software chip satellite "
    "telescope glacier forest wildfire flood reservoir library theatre orchestra novel gallery stadium"
).split()
FIRST = "Anna Ben Clara David Elena Farid Greta Hugo Ines Jonas Kira Leon Maya Nils Olga Pavel Rosa Sami Tara Viktor".split()
LAST = "Lindqvist Okafor Raman Keller Solheim Achterberg Novak Moreau Haddad Petrov Silva".split()
START = datetime(2023, 1, 1, 6, 0, tzinfo=timezone.utc)
SPAN = timedelta(days=3 * 365)


@dataclass(frozen=True)
class Story:
    section: str
    slug: str
    title: str
    date: datetime
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    body: str

    @property
    def rel(self) -> str:
        return f"{self.section}/{self.slug}.md"


def _sentence(rng: random.Random, low: int = 8, high: int = 22) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))


def _body(rng: random.Random, words: int, others: list[str], own_section: str) -> str:
    blocks: list[str] = []
    count = 0
    while count < words:
        roll = rng.random()
        if roll < 0.1:
            blocks.append("## " + _sentence(rng, 3, 6).rstrip("."))
        elif roll < 0.18:
            blocks.append("\n".join(f"- {_sentence(rng, 4, 10)}" for _ in range(rng.randint(3, 5))))
        elif roll < 0.24:
            blocks.append("> " + _sentence(rng) + " " + _sentence(rng))
        elif roll < 0.26:
            rows = [f"| {rng.choice(WORDS)} | {rng.randint(1, 999)} | {rng.randint(1, 99)}% |" for _ in range(rng.randint(3, 6))]
            blocks.append("| Item | Count | Share |\n|---|---:|---:|\n" + "\n".join(rows))
        else:
            text = _paragraph(rng)
            if others and rng.random() < 0.15:
                target = rng.choice(others)
                prefix = "" if target.startswith(own_section + "/") else "../"
                link = target.split("/", 1)[1] if not prefix else target
                text += f" As [reported earlier]({prefix}{link}), {_sentence(rng, 5, 10).lower()}"
            blocks.append(text)
        count += len(blocks[-1].split())
    return "\n\n".join(blocks) + "\n"


def generate(n: int, seed: int = 7) -> list[Story]:
    rng = random.Random(seed)
    authors = sorted({f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(200)})[:60]
    tags = sorted({f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}" for _ in range(900)})[:300]
    stories: list[Story] = []
    for i in range(n):
        section = SECTIONS[i % len(SECTIONS)] if rng.random() < 0.7 else rng.choice(SECTIONS)
        date = START + SPAN * (i / max(n, 1)) + timedelta(minutes=rng.randint(0, 600))
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 11))).capitalize()
        earlier = [s.rel for s in stories[-200:]]
        body = _body(rng, rng.randint(400, 1500), earlier, section)
        stories.append(Story(
            section=section, slug=f"story-{i:06d}", title=title, date=date,
            authors=tuple(rng.sample(authors, 1 if rng.random() < 0.85 else 2)),
            tags=tuple(rng.sample(tags, rng.randint(1, 4))), body=body,
        ))
    return stories


def write_newsgen_site(stories: list[Story], root: Path) -> None:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "site.toml").write_text(
        'title = "The Benchmark Bugle"\nbase_url = "https://bench.example.org/"\ntimezone = "UTC"\npage_size = 20\n', encoding="utf-8"
    )
    for story in stories:
        authors = "[" + ", ".join(story.authors) + "]"
        tags = "[" + ", ".join(story.tags) + "]"
        front = f"---\ntitle: {story.title}\ndate: {story.date:%Y-%m-%dT%H:%M:%S}Z\nauthors: {authors}\ntags: {tags}\n---\n"
        path = root / "content" / story.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(front + story.body, encoding="utf-8")


def write_pelican_site(stories: list[Story], root: Path) -> None:
    """The same archive in Pelican's Markdown metadata format."""
    for story in stories:
        path = root / "content" / story.section / f"{story.slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = (
            f"Title: {story.title}\nDate: {story.date:%Y-%m-%d %H:%M}\nCategory: {story.section}\n"
            f"Authors: {', '.join(story.authors)}\nTags: {', '.join(story.tags)}\nSlug: {story.slug}\n\n"
        )
        # Pelican links to other content with {filename}; plain .md links would 404 there.
        body = story.body.replace("](../", "]({filename}/").replace("](story-", "]({filename}story-")
        path.write_text(meta + body, encoding="utf-8")
