"""newsgen: a static site generator for news publishers.

The pipeline, one module per stage, each importing only the stages below it:

    content.discover → content.parse → content.catalog → plan → render → write
          (load)          (load)          (model)        (plan)  (render) (write)

`build.build_site` runs it; `cli` wires it to the command line.
"""

__version__ = "0.1.0"


def code_signature() -> str:
    """newsgen's version and a digest of its own code. Build caches and page
    fingerprints name it, so that what other code made (an upgrade from a
    checkout, a local change, at the same version number) is not trusted."""
    global _signature
    if _signature is None:
        import hashlib
        from pathlib import Path

        root = Path(__file__).parent
        digest = hashlib.sha256()
        for path in sorted(root.rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
        _signature = f"{__version__}+{digest.hexdigest()[:16]}"
    return _signature


_signature: str | None = None
