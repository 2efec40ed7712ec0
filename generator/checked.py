"""Files that prove their own bytes: the build cache, stored bodies,
compiled templates. Each is a header, a payload and the payload's digest,
written to a temporary file and renamed over the old one, so a reader sees
a whole file or none; a truncated or damaged one reads as missing."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import BinaryIO, Callable

DIGEST_SIZE = 32  # sha256


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
