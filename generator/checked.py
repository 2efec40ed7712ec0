"""Files that prove their own bytes: the build cache, stored bodies,
compiled templates. Each is a header, a payload and the payload's digest,
written to a temporary file and renamed over the old one, so a reader sees
a whole file or none; a truncated or damaged one reads as missing."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import BinaryIO, Callable, TypeVar

DIGEST_SIZE = 32  # sha256
CHUNK = 1 << 20
T = TypeVar("T")


class _Hashing:
    """A file that hashes what is written through it."""

    def __init__(self, out: BinaryIO):
        self.out = out
        self.digest = hashlib.sha256()

    def write(self, data) -> int:
        self.digest.update(data)
        return self.out.write(data)


def write_checked(path: Path, payload: bytes | Callable[[_Hashing], None], header: bytes = b"") -> bytes:
    """Writes header, payload and digest; returns the digest. `payload` may
    be a function writing to the file it is given (a pickle streamed rather
    than held whole in memory). Raises OSError; leaves no temporary file."""
    # Unique among live writers: this process and thread. (Cheaper than
    # mkstemp's random names, and a cold build writes ten thousand of these.)
    temp = path.with_name(f".tmp-{path.name}-{os.getpid()}-{threading.get_ident()}")
    try:
        out = open(temp, "wb")
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        out = open(temp, "wb")
    try:
        with out:
            out.write(header)
            hashing = _Hashing(out)
            if callable(payload):
                payload(hashing)
            else:
                hashing.write(payload)
            digest = hashing.digest.digest()
            out.write(digest)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return digest


def read_checked(path: Path, header: bytes = b"") -> tuple[memoryview, bytes] | None:
    """The payload (a view: no copy of a large file) and its digest; None
    when missing, of another header, truncated or damaged."""
    try:
        blob = memoryview(path.read_bytes())
    except OSError:
        return None
    if len(blob) < len(header) + DIGEST_SIZE or blob[: len(header)] != header:
        return None
    payload, digest = blob[len(header) : -DIGEST_SIZE], bytes(blob[-DIGEST_SIZE:])
    if hashlib.sha256(payload).digest() != digest:
        return None
    return payload, digest


def load_checked(path: Path, header: bytes, load: Callable[[BinaryIO], T]) -> tuple[T, bytes] | None:
    """What `load` reads from the payload, given the file once the digest
    is checked, and that digest; None when missing, of another header,
    truncated or damaged. The payload is checked piece by piece and never
    held whole: the build state is 80 MB at 50,000 stories, and held beside
    what it decodes to, it was a fifth of a rebuild's peak memory."""
    try:
        with open(path, "rb") as file:
            left = os.fstat(file.fileno()).st_size - len(header) - DIGEST_SIZE
            if left < 0 or file.read(len(header)) != header:
                return None
            hashing = hashlib.sha256()
            buffer = memoryview(bytearray(min(left, CHUNK)))
            while left:
                count = file.readinto(buffer[: min(left, CHUNK)])
                if not count:
                    return None  # shorter than it was a moment ago
                hashing.update(buffer[:count])
                left -= count
            digest = file.read(DIGEST_SIZE)
            if hashing.digest() != digest:
                return None
            file.seek(len(header))
            return load(file), digest
    except OSError:
        return None
