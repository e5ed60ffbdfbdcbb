"""Audio files: byte length, MIME type and duration, read with mutagen."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MIME_TYPES = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/x-m4a",
    ".mp4": "video/mp4",
    ".m4v": "video/x-m4v",
    ".mov": "video/quicktime",
    ".aac": "audio/aac",
    ".ogg": "audio/ogg",
    ".opus": "audio/opus",
    ".flac": "audio/flac",
    ".wav": "audio/wav",
}


@dataclass(frozen=True)
class Probe:
    length: int
    type: str
    duration: float


def probe(path: Path) -> Probe:
    """Measure an audio file; raise ValueError saying why it cannot be used."""
    import mutagen

    mime = MIME_TYPES.get(path.suffix.lower())
    if mime is None:
        raise ValueError(f"unknown audio type {path.suffix!r}; expected one of "
                         f"{', '.join(MIME_TYPES)}")
    try:
        audio = mutagen.File(path)
    except (mutagen.MutagenError, OSError) as exc:
        raise ValueError(f"cannot read audio file {path.name}: {exc}") from None
    if audio is None or getattr(audio.info, "length", None) is None:
        raise ValueError(f"{path.name} is not an audio file that mutagen can read")
    return Probe(path.stat().st_size, mime, float(audio.info.length))
