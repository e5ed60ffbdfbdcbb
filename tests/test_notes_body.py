"""The notes carry the whole episode: a producer's body with a list, a sponsor section, a quote
and a table reaches every platform (issue 13)."""

from __future__ import annotations

import pytest
from conftest import run
from lxml import etree
from lxml import html as lxml_html

from publisher.formats.notes import NOTES_PLATFORMS

AS_OF = "2026-11-28"
PRODUCER_BODY = """
We talk about rye bread and **sourdough**.

- flour
- water
- [salt](https://example.org/salt)

## Sponsor

Use code **RYE20** at [the bakery](https://bakery.example/shop).

> Bread is a conversation. — a baker

| Step | Minutes |
|------|---------|
| Knead | 10 |
| Proof | 240 |
"""
WORDS = ("sourdough", "flour", "Sponsor", "RYE20", "Bread is a conversation", "Knead", "Proof")
UNSHORTENED = {"dropped the other platforms' listening links"}


@pytest.fixture(scope="module", params=["old", "head"])
def built(request, tmp_path_factory):
    from shows import make_corpus_show

    root = tmp_path_factory.mktemp(request.param)
    show = make_corpus_show(root, request.param)
    for path in (show / "episodes").glob("*.md"):
        if not path.name.startswith("_"):
            path.write_text(path.read_text().rstrip("\n") + "\n" + PRODUCER_BODY)
    out = root / "out"
    result = run("build", show, "-o", out, "--as-of", AS_OF, "-v")
    assert result.exit_code == 0, result.stderr
    return show, out, result.stderr


def steps_taken(stderr: str, slug: str, platform: str) -> set[str]:
    for line in stderr.splitlines():
        if f"/{slug}.md" in line and f"{platform} notes shortened to fit" in line:
            return set(line.split(" bytes: ", 1)[1].split("; "))
        if f"/{slug}.md" in line and f"{platform} notes do not fit" in line:
            return {"did not fit"}
    return set()


def test_the_whole_body_reaches_every_platform(built):
    show, out, stderr = built
    feed = etree.parse(str(out / "feed.xml"))
    contents = {item.findtext("link").rstrip("/").rsplit("/", 1)[1]:
                item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
                for item in feed.iter("item")}
    checked = 0
    for folder in sorted((out / "episodes").iterdir()):
        slug = folder.name
        page = lxml_html.parse(str(folder / "index.html")).getroot().text_content()
        full = {"notes.md": (folder / "notes" / "notes.md").read_text(),
                "notes.html": (folder / "notes" / "notes.html").read_text(),
                "page": page, "content:encoded": contents[slug],
                "youtube": (folder / "notes" / "youtube.txt").read_text()}
        for platform in ("spotify", "apple"):
            if steps_taken(stderr, slug, platform) <= UNSHORTENED:
                full[platform] = (folder / "notes" / NOTES_PLATFORMS[platform].build_file
                                  ).read_text()
        for where, text in full.items():
            for word in WORDS:
                if where == "youtube" and steps_taken(stderr, slug, "youtube") - UNSHORTENED:
                    continue
                assert word in text, (slug, where, word)
            checked += 1
    assert checked >= 15 * 5
    print(f"{checked} outputs checked")


@pytest.mark.parametrize("platform", ["spotify", "apple", "youtube"])
def test_each_shortening_step_is_forced_in_order(platform, monkeypatch, tmp_path):
    """With the limit set just at the size after step k, exactly steps 1..k run, in order."""
    import dataclasses

    from publisher.formats import notes as notes_module
    from publisher.models import ChapterSettings, Guest, Link, Notes
    from publisher.source.episodes import load_episode

    path = tmp_path / "ep.md"
    path.write_text("---\ntitle: T\nintro: 'First sentence here. Then a second one.<br>"
                    "A second paragraph.'\nlinks:\n  youtube: https://youtu.be/x\n"
                    "  spotify: https://open.spotify.com/x\n  apple: https://podcasts.apple.com/x\n"
                    "---\n" + PRODUCER_BODY)
    episode, _ = load_episode(path)
    built, _ = notes_module.build_notes(episode, [], {}, None, ChapterSettings())
    notes = dataclasses.replace(built, guests=(Guest("Ann", "Ann bakes bread.", (
        Link("Website", "https://ann.example/"),)),))
    assert isinstance(notes, Notes)
    steps = list(notes_module._steps(notes))
    names = [name for name, _ in steps]
    assert names == [
        "dropped the summary's paragraphs after the first",
        "dropped the guests' bios",
        "dropped the other platforms' listening links",
        "turned links into bare URLs",
        "kept the body's first paragraph (the others' links as bare URLs)",
        "cut the summary to its first sentence",
    ]
    row = notes_module.NOTES_PLATFORMS[platform]
    for k, (_, shorter) in enumerate(steps, start=1):
        size = len(notes_module.render_platform(shorter, platform).encode())
        monkeypatch.setitem(notes_module.NOTES_PLATFORMS, platform,
                            dataclasses.replace(row, limit=size))
        text, taken = notes_module.fit(notes, platform)
        assert taken == names[:k], (k, taken)
        assert len(text.encode()) <= size
        assert "First sentence here." in text


def test_over_the_corpus_no_platform_links_itself_and_the_summary_leads(built):
    """Issue 13: Apple, Spotify and YouTube notes never link their own platform; the summary's
    first sentence is in every platform's notes."""
    from publisher.formats.notes import first_sentence
    from publisher.source.episodes import LISTENING_LINKS, load_episode

    show, out, _ = built
    checked = 0
    for path in sorted((show / "episodes").glob("*.md")):
        if path.name.startswith("_"):
            continue
        episode, _ = load_episode(path)
        folder = out / "episodes" / episode.slug
        summary = episode.intro or episode.description
        for platform in NOTES_PLATFORMS.values():
            text = (folder / "notes" / platform.build_file).read_text()
            own = episode.links.get(platform.itself or "")
            if own and own.startswith("http"):
                assert own not in text, (episode.slug, platform.name)
            if isinstance(summary, str) and summary.strip():
                plain = lxml_html.fromstring(f"<div>{summary.split('<br')[0]}</div>"
                                             ).text_content()
                sentence = first_sentence(plain)
                readable = text if platform.name in ("youtube", "markdown") else \
                    lxml_html.fromstring(f"<div>{text}</div>").text_content()
                assert " ".join(sentence.split())[:60] in " ".join(readable.split()), \
                    (episode.slug, platform.name)
            checked += 1
    assert checked >= 15 * 5
    assert LISTENING_LINKS["apple"] == "Apple Podcasts"
