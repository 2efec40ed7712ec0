"""What the benchmark measures of a process is that process's own: its
peak memory not the benchmark's, its pages rendered read from its summary."""

from __future__ import annotations

import sys

import pytest

from generator.benchmark.__main__ import run

MIB = 1024  # ru_maxrss is in KiB


def test_a_process_s_peak_is_its_own_not_that_of_the_benchmark_holding_the_archive(tmp_path):
    held = bytearray(300 * 2**20)  # as the benchmark holds a generated archive
    held[::4096] = b"\1" * len(held[::4096])  # resident, not only reserved
    small = run([sys.executable, "-c", "print('built (3 rendered)')"], tmp_path)
    large = run([sys.executable, "-c", "held = bytearray(150 * 2**20); held[::4096] = b'x' * len(held[::4096]); print('(0 rendered)')"],
                tmp_path)
    assert small[1] < 100 * MIB, "a bare interpreter measured with the benchmark's memory"
    assert large[1] >= 150 * MIB, "a process's own memory missed"
    assert (small[2], large[2]) == (3, 0)
    assert small[0] > 0 and large[0] > 0
    del held


def test_a_build_that_fails_or_cannot_start_stops_the_benchmark_with_its_error(tmp_path):
    with pytest.raises(SystemExit, match="it broke"):
        run([sys.executable, "-c", "raise SystemExit('it broke')"], tmp_path)
    with pytest.raises(SystemExit, match="No such file"):
        run([str(tmp_path / "no-such-program")], tmp_path)
