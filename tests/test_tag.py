"""`podpub tag`: ID3 chapters written into a real MP3, read back with mutagen."""

from __future__ import annotations

import struct

import yaml
from conftest import REFERENCE
from mutagen.id3 import ID3, TALB, TIT2, TPE1
from mutagen.mp3 import MP3
from shows import silent_mp3


def audio_bytes(path):
    """The MPEG audio after the ID3 tag: it must not change."""
    data = path.read_bytes()
    if data[:3] == b"ID3":
        size = data[6:10]
        length = (size[0] << 21) | (size[1] << 14) | (size[2] << 7) | size[3]
        data = data[10 + length:]
    return data


def frame_ids_in_file_order(path):
    data = path.read_bytes()
    size = data[6:10]
    end = 10 + ((size[0] << 21) | (size[1] << 14) | (size[2] << 7) | size[3])
    version = data[3]
    position, out = 10, []
    while position + 10 <= end and data[position:position + 4].strip(b"\0"):
        frame_id = data[position:position + 4].decode("latin-1")
        raw = data[position + 4:position + 8]
        length = ((raw[0] << 21) | (raw[1] << 14) | (raw[2] << 7) | raw[3]) if version == 4 \
            else struct.unpack(">I", raw)[0]
        out.append(frame_id)
        position += 10 + length
    return out


def episode(tmp_path, chapters):
    path = tmp_path / "ep.md"
    path.write_text("---\n" + yaml.safe_dump({"title": "Ép", "chapters": chapters},
                                             allow_unicode=True) + "---\n", encoding="utf-8")
    return path


CHAPTERS = [{"start": 0, "title": "Opening"},
            {"start": 7, "title": "Ελληνικά and 日本語 ✓", "url": "https://example.org/x"},
            {"start": 21, "title": "A much longer third chapter title to change frame sizes"},
            {"start": 40, "title": "End", "image": "https://example.org/end.jpg"}]


def test_tag_writes_ordered_chapters(tmp_path, podpub):
    mp3 = silent_mp3(tmp_path / "a.mp3", seconds=60)
    before = audio_bytes(mp3)
    tags = ID3()
    tags.add(TPE1(encoding=3, text=["The Artist"]))
    tags.add(TALB(encoding=3, text=["The Album"]))
    tags.save(mp3, v2_version=3)
    result = podpub("tag", mp3, episode(tmp_path, CHAPTERS))
    assert result.exit_code == 0, result.stderr
    tags = ID3(mp3)
    assert tags.version[:2] == (2, 3)  # kept
    assert str(tags["TPE1"]) == "The Artist" and str(tags["TALB"]) == "The Album"
    chaps = tags.getall("CHAP")
    assert [c.element_id for c in chaps] == ["chp0", "chp1", "chp2", "chp3"]
    assert [c.start_time for c in chaps] == [0, 7000, 21000, 40000]
    length_ms = int(round(MP3(mp3).info.length * 1000))
    assert [c.end_time for c in chaps] == [7000, 21000, 40000, length_ms]
    assert [str(c.sub_frames["TIT2"]) for c in chaps] == [c["title"] for c in CHAPTERS]
    assert chaps[1].sub_frames.getall("WXXX")[0].url == "https://example.org/x"
    assert chaps[3].sub_frames.getall("APIC")[0].mime == "-->"
    toc = tags.getall("CTOC")[0]
    assert toc.child_element_ids == ["chp0", "chp1", "chp2", "chp3"]
    assert toc.flags == 3  # top-level and ordered
    order = frame_ids_in_file_order(mp3)
    assert order[:5] == ["CTOC", "CHAP", "CHAP", "CHAP", "CHAP"]  # chronological in the file
    assert audio_bytes(mp3) == before  # the audio itself is untouched
    assert abs(MP3(mp3).info.length - 60) < 0.2


def test_rerun_replaces_and_untagged_files_get_v23(tmp_path, podpub):
    mp3 = silent_mp3(tmp_path / "b.mp3", seconds=30)
    ep = episode(tmp_path, CHAPTERS[:3])
    assert podpub("tag", mp3, ep).exit_code == 0
    assert ID3(mp3).version[:2] == (2, 3)
    assert podpub("tag", mp3, ep).exit_code == 0
    tags = ID3(mp3)
    assert len(tags.getall("CHAP")) == 3 and len(tags.getall("CTOC")) == 1


def test_v24_is_kept(tmp_path, podpub):
    mp3 = silent_mp3(tmp_path / "c.mp3", seconds=30)
    tags = ID3()
    tags.add(TIT2(encoding=3, text=["Title"]))
    tags.save(mp3, v2_version=4)
    assert podpub("tag", mp3, episode(tmp_path, CHAPTERS[:2])).exit_code == 0
    assert ID3(mp3).version[:2] == (2, 4) and str(ID3(mp3)["TIT2"]) == "Title"


def test_reference_episode_chapters_end_at_real_length(tmp_path, podpub):
    mp3 = silent_mp3(tmp_path / "ref.mp3", seconds=200)
    result = podpub("tag", mp3, REFERENCE)
    assert result.exit_code == 0, result.stderr
    chaps = ID3(mp3).getall("CHAP")
    assert [c.start_time for c in chaps] == [0, 194000]  # later chapters are past the end
    assert chaps[-1].end_time == int(round(MP3(mp3).info.length * 1000))


def test_m4a_prints_ffmetadata_and_command(tmp_path, podpub):
    m4a = tmp_path / "show.m4a"
    m4a.write_bytes(b"\0" * 100)
    result = podpub("tag", m4a, episode(tmp_path, CHAPTERS))
    assert result.exit_code == 0
    assert "ffmpeg -i show.m4a -i show.chapters.txt" in result.stdout
    assert ";FFMETADATA1" in result.stdout and "START=7000" in result.stdout


def test_bad_audio_is_a_clear_error(tmp_path, podpub):
    bad = tmp_path / "bad.mp3"
    bad.write_bytes(b"not audio at all" * 10)
    result = podpub("tag", bad, episode(tmp_path, CHAPTERS))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{bad}: not an MP3 that mutagen can read")
