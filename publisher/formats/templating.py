"""The Jinja2 environment: a show's own ``templates/`` first, then podpub's built-in ones."""

from __future__ import annotations

import functools
import re
import traceback
from pathlib import Path

from publisher.errors import PublisherError


def builtin_dir() -> Path:
    """podpub's templates: installed as ``publisher.templates``, or ``templates/`` in a checkout."""
    try:
        from importlib.resources import files

        path = Path(str(files("publisher.templates")))
        if path.is_dir():
            return path
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parents[2] / "templates"


def environment(override: Path | None = None):
    """A Jinja2 environment; HTML templates autoescape, every undefined name is an error.

    Environments are kept in memory (they hold compiled templates) while the override
    folder's listing stays the same; Jinja2 itself reloads a template file that changed.
    Compiled templates are never written to disk: code kept in a folder the user controls
    could be replaced by anyone who can write there.
    """
    stamp = None
    if override is not None and override.is_dir():
        stamp = tuple(sorted(p.name for p in override.iterdir()))
    return _environment(override, stamp)


@functools.lru_cache(maxsize=16)
def _environment(override: Path | None, stamp: tuple | None):
    import jinja2

    folders = [str(override)] if stamp is not None else []
    folders.append(str(builtin_dir()))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=jinja2.select_autoescape(["html", "html.j2", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_escape
    from publisher.timecode import iso_duration

    env.filters["iso_duration"] = iso_duration
    return env


def markdown_escape(text: str) -> str:
    """Escape the characters that would turn plain text into Markdown markup."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", str(text))


def render(name: str, override: Path | None = None, **context) -> str:
    """Render template *name*; a broken template is a PublisherError naming its file and line."""
    import jinja2

    env = environment(override)
    try:
        template = env.get_template(name)
    except jinja2.TemplateSyntaxError as exc:
        raise PublisherError(f"template error: {exc.message}", exc.filename or name,
                             exc.lineno, code="template.invalid") from None
    except jinja2.TemplateNotFound:
        raise PublisherError(f"template {name} not found in {override or ''} or the built-in "
                             "templates", name, code="template.invalid") from None
    try:
        return template.render(**context)
    except jinja2.TemplateError as exc:
        line = None
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename == template.filename:
                line = frame.lineno
                break
        raise PublisherError(f"template error: {exc}", template.filename, line,
                             code="template.invalid") from None
