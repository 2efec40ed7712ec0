"""Self-checking files: a payload larger than one read is checked whole, and
any damage anywhere in it reads as missing, before the loader sees a byte."""

from __future__ import annotations

import random

import pytest

from generator.checked import CHUNK, load_checked, write_checked

HEADER = b"test-header\n"


def written(tmp_path, payload: bytes):
    path = tmp_path / "blob"
    digest = write_checked(path, payload, HEADER)
    return path, digest


def test_a_payload_of_several_reads_loads_whole(tmp_path):
    payload = random.Random(3).randbytes(CHUNK * 2 + 12345)
    path, digest = written(tmp_path, payload)
    assert load_checked(path, HEADER, lambda f: f.read(len(payload))) == (payload, digest)


@pytest.mark.parametrize("where", [0, CHUNK - 1, CHUNK, 2 * CHUNK + 100])
def test_damage_anywhere_reads_as_missing_without_loading(tmp_path, where):
    payload = bytes(CHUNK * 2 + 12345)
    path, _ = written(tmp_path, payload)
    blob = bytearray(path.read_bytes())
    blob[len(HEADER) + where] ^= 1
    path.write_bytes(bytes(blob))
    loads = []
    assert load_checked(path, HEADER, loads.append) is None
    assert loads == []


@pytest.mark.parametrize("cut", [0, 5, CHUNK + 1, -1])
def test_a_truncated_file_reads_as_missing(tmp_path, cut):
    path, _ = written(tmp_path, bytes(CHUNK + 777))
    blob = path.read_bytes()
    path.write_bytes(blob[:cut])
    assert load_checked(path, HEADER, lambda f: f.read()) is None


def test_another_header_or_no_file_reads_as_missing(tmp_path):
    path, _ = written(tmp_path, b"payload")
    assert load_checked(path, b"other-header\n", lambda f: f.read()) is None
    assert load_checked(tmp_path / "absent", HEADER, lambda f: f.read()) is None
    assert load_checked(path, HEADER, lambda f: f.read(7)) == (b"payload", path.read_bytes()[-32:])
