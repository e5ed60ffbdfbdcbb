"""podpub: podcast RSS feeds, chapters and show notes from Markdown episode files."""

__version__ = "0.1.0"
