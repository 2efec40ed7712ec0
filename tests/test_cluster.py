"""Rendering on a dask.distributed cluster (`newsgen build --executor`):
a LocalCluster of separate worker processes, which are barred from reading
anything in the site's folder, renders the sample site byte for byte as the
local process pool does, with the same warnings, incrementally too."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from distributed import Client

import generator
from generator.build import SiteBuilder
from generator.cluster import ClusterUnavailable, cluster_executor
from generator.config import load_config
from generator.content.model import BuildMode

from .conftest import output_files
from .distribution import SAMPLE_NOW, SAMPLE_SITE

MODE = BuildMode(now=SAMPLE_NOW)


@pytest.fixture(scope="module")
def cluster():
    executor = cluster_executor("dask-local", workers=2)
    yield executor
    executor.shutdown()


@pytest.fixture
def sample(tmp_path):
    """A copy of the sample site, which the cluster's workers may not read."""
    root = tmp_path / "site"
    for name in ("content", "layouts"):
        shutil.copytree(SAMPLE_SITE / name, root / name)
    for name in ("site.toml", "urls.toml"):
        shutil.copy(SAMPLE_SITE / name, root / name)
    return root


def _barred(root: str):
    """A function that bars the process it runs in from opening files under `root`."""
    def bar() -> None:
        def hook(event, args):
            if event == "open" and isinstance(args[0], (str, bytes)) and os.fsdecode(args[0]).startswith(root):
                raise PermissionError(f"a worker opened {os.fsdecode(args[0])}")
        sys.addaudithook(hook)
    return bar


def _builds_rendered():
    """A function that says which build the worker process it runs in rendered pages of."""
    def built():
        from generator import workers  # noqa: PLC0415
        return workers._prepared.build_id if workers._prepared is not None else None
    return built


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def tree(folder) -> dict[str, bytes]:
    return {rel: (folder / rel).read_bytes() for rel in output_files(folder)}


def build(root, output, executor=None, cache=None):
    return SiteBuilder(load_config(root, output_dir=output), executor=executor, cache_dir=cache).build(MODE)


def test_a_cluster_renders_the_sample_site_as_the_process_pool_does(cluster, sample, tmp_path):
    cluster.client.run(_barred(str(sample)))
    # The premise: a worker cannot read the site, which the build process still can.
    story = str(next((sample / "content").rglob("*.md")))
    with pytest.raises(PermissionError):
        cluster.submit(_read, story).result()
    assert cluster.workers == 2 and len(set(cluster.client.run(os.getpid).values())) == 2

    local = build(sample, tmp_path / "local")
    remote = build(sample, tmp_path / "cluster", cluster)
    assert remote.rendered == local.rendered == remote.pages
    # The pages were rendered by both workers, not by this process.
    assert len({build_id for build_id in cluster.client.run(_builds_rendered()).values() if build_id}) == 1
    assert None not in cluster.client.run(_builds_rendered()).values()
    assert tree(tmp_path / "cluster") == tree(tmp_path / "local")
    assert [str(w) for w in remote.warnings] == [str(w) for w in local.warnings]


def test_an_incremental_build_on_a_cluster_equals_a_full_one(cluster, sample, tmp_path):
    cluster.client.run(_barred(str(sample)))
    output, cache = tmp_path / "cluster", tmp_path / "cache"
    build(sample, output, cluster, cache)
    seed = next(p for p in (sample / "content").rglob("*.md") if "ukraine" in p.name)
    seed.write_text(seed.read_text(encoding="utf-8").replace("\n\n", "\n\nA sentence added on the cluster.\n\n", 1), encoding="utf-8")
    again = build(sample, output, cluster, cache)
    assert 0 < again.rendered < again.pages
    build(sample, tmp_path / "full")
    assert tree(output) == tree(tmp_path / "full")
    assert any(b"A sentence added on the cluster." in data for data in tree(output).values())


def test_newsgen_build_with_a_local_cluster(sample, tmp_path):
    output, scratch = tmp_path / "out", tmp_path / "tmp"
    scratch.mkdir()
    done = _newsgen_build(sample, output, "--executor", "dask-local", env={**os.environ, "TMPDIR": str(scratch)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("built ") and "INFO" not in done.stderr
    assert (output / "index.html").is_file()
    # The workers' copies of layouts/ went with them, not left behind in /tmp build after build.
    assert [p.name for p in scratch.rglob("newsgen-*")] == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(command: list[str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)


def _newsgen_build(site, output, *options: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "build", "--site", str(site), "--output", str(output),
                           "--now", SAMPLE_NOW.isoformat(), "--no-cache", *options], capture_output=True, text=True, timeout=300, env=env)


def test_newsgen_build_on_a_dask_scheduler_and_its_workers(sample, tmp_path):
    """As a newsroom runs it: `dask scheduler`, `dask worker` processes started
    elsewhere (here: in a folder of their own), `newsgen build --executor dask://…`.
    A worker with other newsgen code joining is refused, naming what to do."""
    dask = Path(sys.executable).with_name("dask")
    port = _free_port()
    address = f"127.0.0.1:{port}"
    started = [_start([str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"])]
    try:
        started.append(_start([str(dask), "worker", f"tcp://{address}", "--nthreads", "1", "--no-dashboard"], cwd=tmp_path))
        done = _newsgen_build(sample, tmp_path / "cluster", "--executor", f"dask://{address}")
        assert done.returncode == 0, done.stderr
        assert _newsgen_build(sample, tmp_path / "local").returncode == 0
        assert tree(tmp_path / "cluster") == tree(tmp_path / "local")

        # A worker running a copy of newsgen changed by one comment.
        other = tmp_path / "other"
        shutil.copytree(Path(generator.__file__).parent, other / "generator", ignore=shutil.ignore_patterns("__pycache__"))
        (other / "generator" / "plan.py").write_text((other / "generator" / "plan.py").read_text(encoding="utf-8") + "# another\n",
                                                     encoding="utf-8")
        started.append(_start([str(dask), "worker", f"tcp://{address}", "--nthreads", "1", "--no-dashboard", "--name", "other-newsgen"],
                              cwd=other, env={**os.environ, "PYTHONPATH": str(other)}))
        client = Client(f"tcp://{address}", timeout=30)
        client.wait_for_workers(2, timeout=60)
        client.close()
        refused = _newsgen_build(sample, tmp_path / "refused", "--executor", f"dask://{address}")
        assert refused.returncode != 0 and "Traceback" not in refused.stderr
        assert "run other newsgen code" in refused.stderr and "other-newsgen" in refused.stderr
        assert not (tmp_path / "refused").exists()
    finally:
        for process in reversed(started):
            process.terminate()
            process.wait(timeout=30)


def test_a_scheduler_that_does_not_answer_is_a_clear_error():
    with pytest.raises(ClusterUnavailable) as caught:
        cluster_executor("dask://127.0.0.1:9")
    assert "dask scheduler" in str(caught.value) and "127.0.0.1:9" in str(caught.value)
    with pytest.raises(ClusterUnavailable):
        cluster_executor("tcp://somewhere")
