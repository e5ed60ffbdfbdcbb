"""Apple Podcasts categories (the 2019+ list), checked before a feed is written."""

from __future__ import annotations

APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing",
                 "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health",
                         "Nutrition", "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": ("Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
                "Home & Garden", "Video Games"),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": ("Business News", "Daily News", "Entertainment News", "News Commentary",
             "Politics", "Sports News", "Tech News"),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism",
                                "Religion", "Spirituality"),
    "Science": ("Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
                "Natural Sciences", "Nature", "Physics", "Social Sciences"),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel",
                          "Relationships"),
    "Sports": ("Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf",
               "Hockey", "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball",
               "Wilderness", "Wrestling"),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews",
                  "TV Reviews"),
}


def parse_category(value: str) -> tuple[str, str | None]:
    """Split ``Parent/Sub`` and check it against Apple's list (case matters).

    Raises ValueError with the closest names when the category is unknown.
    """
    parent, _, sub = (part.strip() for part in value.partition("/"))
    if parent not in APPLE_CATEGORIES:
        near = suggest(value)
        hint = f" (did you mean {near!r}?)" if near else ""
        raise ValueError(f"unknown Apple category {parent!r}{hint}")
    if not sub:
        return parent, None
    if sub not in APPLE_CATEGORIES[parent]:
        subs = ", ".join(APPLE_CATEGORIES[parent]) or "none"
        raise ValueError(f"unknown subcategory {sub!r} of {parent!r}; expected one of: {subs}")
    return parent, sub


def suggest(value: str) -> str | None:
    """The category *value* most likely means: a subcategory named alone (``Food`` →
    ``Arts/Food``), a difference of case, or a near spelling."""
    import difflib

    names = [*APPLE_CATEGORIES, *(f"{p}/{s}" for p, subs in APPLE_CATEGORIES.items()
                                  for s in subs)]
    wanted = value.strip().casefold()
    for name in names:
        if wanted in (name.casefold(), name.rpartition("/")[2].casefold()):
            return name
    close = difflib.get_close_matches(value.strip(), names, n=1, cutoff=0.75)
    return close[0] if close else None
