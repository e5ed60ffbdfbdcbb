"""Chapters written into an MP3 as ID3v2 CHAP frames under one ordered top-level CTOC.

mutagen sorts frames by size when it saves, so CHAP frames would come out in no useful
order (quodlibet/mutagen#506), and FFmpeg lists chapters in file order.  ``_OrderedID3``
writes the CTOC first and then the CHAPs by start time.
"""

from __future__ import annotations

from pathlib import Path

from publisher.errors import PublisherError
from publisher.models import Chapter


def _ordered_id3():
    from mutagen.id3 import ID3
    from mutagen.id3._tags import save_frame  # private, used only to order the frames

    class _OrderedID3(ID3):
        def _write(self, config):
            toc = self.getall("CTOC")
            chapters = sorted(self.getall("CHAP"), key=lambda frame: frame.start_time)
            self.delall("CTOC")
            self.delall("CHAP")
            try:
                rest = super()._write(config)
            finally:
                for frame in toc + chapters:
                    self.add(frame)
            head = bytearray().join(save_frame(f, config=config) for f in toc + chapters)
            return head + rest

    return _OrderedID3


def _image_frame(image: str, base: Path):
    from mutagen.id3 import APIC

    if image.startswith(("http://", "https://")):
        # ID3 lets a picture be a link: MIME type "-->" and the URL as data
        return APIC(encoding=3, mime="-->", type=0, desc="chapter image", data=image.encode())
    path = base / image
    if not path.is_file():
        raise PublisherError(f"chapter image {image} not found", base)
    mime = "image/png" if path.suffix.lower() == ".png" else "image/jpeg"
    return APIC(encoding=3, mime=mime, type=0, desc="chapter image", data=path.read_bytes())


def mp3_length(path: Path) -> float:
    """The MP3's audio length in seconds, as mutagen measures it from the frames."""
    from mutagen import MutagenError
    from mutagen.mp3 import MP3

    try:
        return MP3(path).info.length
    except (MutagenError, OSError) as exc:
        raise PublisherError(f"not an MP3 that mutagen can read: {exc}", path) from None


def write_chapters(path: Path, chapters: list[Chapter], title: str = "Chapters",
                   image_base: Path | None = None) -> float:
    """Replace the chapters of the MP3 at *path*; every other tag is kept.

    The file keeps its ID3 version (v2.3 when it had no tag).  The last chapter ends at the
    audio's measured length.  Returns that length in seconds.
    """
    from mutagen.id3 import CHAP, CTOC, TIT2, WXXX, CTOCFlags, ID3NoHeaderError

    length = mp3_length(path)
    ordered = _ordered_id3()
    try:
        tags = ordered(path)
        version = 4 if tags.version[1] >= 4 else 3
    except ID3NoHeaderError:
        tags = ordered()
        version = 3
    tags.delall("CHAP")
    tags.delall("CTOC")
    kept = [c for c in sorted(chapters, key=lambda c: c.start) if c.start < length]
    if len(kept) > 255:
        raise PublisherError("ID3 holds at most 255 chapters in one table of contents", path)
    ids = []
    for number, chapter in enumerate(kept):
        end = kept[number + 1].start if number + 1 < len(kept) else length
        frames = [TIT2(encoding=3, text=[chapter.title])]
        if chapter.url:
            frames.append(WXXX(encoding=3, desc="chapter url", url=chapter.url))
        if chapter.image:
            frames.append(_image_frame(chapter.image, image_base or path.parent))
        element = f"chp{number}"
        ids.append(element)
        tags.add(CHAP(element_id=element, start_time=int(round(chapter.start * 1000)),
                      end_time=int(round(end * 1000)), sub_frames=frames))
    if ids:
        tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                      child_element_ids=ids, sub_frames=[TIT2(encoding=3, text=[title])]))
    from mutagen import MutagenError

    try:
        tags.save(path, v2_version=version)
    except (MutagenError, OSError) as exc:
        raise PublisherError(f"cannot write the chapters: {exc}", path) from None
    return length


def ffmpeg_instructions(chapters: list[Chapter], audio: Path, title: str) -> str:
    """For M4A/MP4: the FFMETADATA file and the ffmpeg command that applies it."""
    from publisher.formats.chapter_formats import ffmetadata

    meta = audio.with_suffix(".chapters.txt").name
    out = audio.with_name(audio.stem + ".chapters" + audio.suffix).name
    return (
        f"# Save the lines below as {meta}, then run:\n"
        f"#   ffmpeg -i {audio.name} -i {meta} -map 0 -map_metadata 1 -map_chapters 1 "
        f"-codec copy {out}\n" + ffmetadata(chapters, title)
    )
