"""podpub's fast YAML path gives exactly what PyYAML's CSafeLoader gives (issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from conftest import corpus_episodes
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.errors import PublisherError
from publisher.source.files import _parse, read_text, split_front_matter

TRICKY = [
    "a: yes\nb: No\nc: ~\nd: null\ne: 0x1F\nf: 1_000\ng: 1:20\nh: .inf\ni: -.NaN\nj: 0o17\n",
    "when: 2024-05-01\nat: 2024-05-01T10:00:00+02:00\nplain: 2024-05-01x\n",
    "base: &b {x: 1, y: [1, 2]}\nother: *b\nmerged:\n  <<: *b\n  z: 3\n",
    "tagged: !!str 123\nset: !!set {a, b}\nbin: !!binary aGVsbG8=\nf: !!float 1\n",
    "? [a, b]\n: unhashable\n",
    "- 1\n- two\n- 3.0\n- '4'\n- \"five\"\n- true\n- =\n- <\n- +1\n- -2\n- .5\n",
    "list: &l [1, 2]\nagain: *l\n",
    "",
    "just text",
    "key: |\n  multi\n  line\nfolded: >\n  a\n  b\n",
]


def both(text: str):
    try:
        expected = ("ok", yaml.load(text, Loader=yaml.CSafeLoader))
    except yaml.YAMLError:
        expected = ("error", None)
    try:
        got = ("ok", _parse(text, "x.yaml", 1))  # load_yaml minus its control-character check
    except PublisherError:
        got = ("error", None)
    return expected, got


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_yaml_loads_as_pyyaml_loads_it(text):
    expected, got = both(text)
    assert got == expected and repr(got) == repr(expected)


def test_every_corpus_file_loads_as_pyyaml_loads_it():
    for path in corpus_episodes():
        front, _, _ = split_front_matter(read_text(path), path)
        expected, got = both(front)
        assert got == expected and repr(got) == repr(expected), path


scalars = st.one_of(st.text(max_size=12), st.integers(), st.booleans(), st.none(),
                    st.floats(allow_nan=False), st.dates(),
                    st.datetimes(timezones=st.just(dt.timezone.utc)))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(values, st.sampled_from([None, False, True]))
def test_any_dumped_value_loads_back_the_same(value, flow):
    text = yaml.safe_dump({"v": value}, default_flow_style=flow, allow_unicode=True)
    expected, got = both(text)
    assert repr(got) == repr(expected)
