"""Rendering on a dask.distributed cluster: `newsgen build --executor dask://HOST:PORT`,
or `--executor dask-local` for a cluster of this machine's cores.

The render stage hands its batches to any `concurrent.futures.Executor`
(workers.py); dask's is `Client.get_executor()`. Its workers may be other
machines that share nothing with this one but the newsgen package: each
build ships them, once, what rendering reads (the prepared build, the
story files whose bodies its pages show, the site's layouts/: a ShippedSite),
and they send the pages back, which this process writes and commits as it
does any. The output is byte for byte a local build's. The image stage
reads the site's photos, so it stays on this machine's cores.
"""

from __future__ import annotations

import hashlib
import logging
import os
from typing import Any

from . import __version__, code_signature
from .errors import NewsgenError
from .render import THEME_DIR
from .workers import ShippingExecutor

LOCAL = "dask-local"
SCHEME = "dask://"
CONNECT_SECONDS = 10


class ClusterUnavailable(NewsgenError):
    """dask.distributed is not installed, or the scheduler cannot be reached."""


class ClusterExecutor(ShippingExecutor):
    """dask's executor, and a way to send every worker one value."""

    def __init__(self, client: Any, cluster: Any = None):
        self.client = client
        self._cluster = cluster  # ours to close: a local cluster we started
        # Not pure: dask would take two batches of equal arguments for one task.
        self._executor = client.get_executor(pure=False)

    def submit(self, fn, /, *args, **kwargs):
        return self._executor.submit(fn, *args, **kwargs)

    def ship(self, value: Any) -> Any:
        # Broadcast: every worker gets its copy now, not the first task on each one.
        [future] = self.client.scatter([value], broadcast=True, hash=False)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._executor.shutdown(wait=wait)
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    @property
    def workers(self) -> int:
        return len(self.client.scheduler_info().get("workers", {}))


def cluster_executor(spec: str, workers: int | None = None) -> ClusterExecutor:
    """`dask-local`: a cluster of `workers` processes (one per core by
    default), one thread each, on this machine; `dask://HOST:PORT`: the
    scheduler a newsroom's machines run (`dask scheduler`, `dask worker`)."""
    try:
        from distributed import Client, LocalCluster  # noqa: PLC0415: a build without a cluster never imports dask
    except ImportError as exc:
        raise ClusterUnavailable(f"--executor {spec}: dask.distributed is not installed ({exc}); pip install 'newsgen[cluster]'") from None
    if spec == LOCAL:
        # Processes, not threads: Markdown and Jinja hold the GIL. No dashboard: nothing to serve.
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        return ClusterExecutor(Client(cluster), cluster)
    if not spec.startswith(SCHEME) or ":" not in spec[len(SCHEME):]:
        raise ClusterUnavailable(f"--executor {spec!r}: give dask://HOST:PORT (a dask scheduler) or {LOCAL}")
    address = "tcp://" + spec[len(SCHEME):]
    try:
        client = Client(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as exc:
        raise ClusterUnavailable(f"--executor {spec}: no dask scheduler answered at {address} ({exc}); "
                                 "start one with `dask scheduler`, and workers with `dask worker HOST:PORT`") from None
    try:
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        _same_newsgen(client)
    except BaseException:
        client.close()
        raise
    return ClusterExecutor(client)


def _same_newsgen(client: Any) -> None:
    """Every worker runs this newsgen (code and theme): another would render other bytes."""
    ours = newsgen_identity()
    try:
        theirs = client.run(newsgen_identity)
    except Exception as exc:  # a worker without newsgen, say: the worker's own error, whatever its kind
        raise ClusterUnavailable(f"the cluster's workers cannot run newsgen ({type(exc).__name__}: {exc}); "
                                 "install the same newsgen on every worker") from None
    named = {address: about.get("name", address) for address, about in client.scheduler_info().get("workers", {}).items()}
    other = sorted(f"{named.get(address, address)} at {address}" if str(named.get(address, address)) != address else address
                   for address, identity in theirs.items() if identity != ours)
    if other:
        raise ClusterUnavailable(f"{len(other)} of the cluster's workers run other newsgen code than this build ({', '.join(other[:3])}"
                                 f"{', …' if len(other) > 3 else ''}): they would render other pages; install newsgen {__version__} "
                                 "from the same source on every worker")


def newsgen_identity() -> str:
    """newsgen's code and theme, as a digest: what a page's bytes depend on beside the site."""
    digest = hashlib.sha256(code_signature().encode())
    for path in sorted(THEME_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(THEME_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
