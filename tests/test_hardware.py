"""Thread defaults on machines of other shapes (fake sysfs topologies, taskset) and the ISA record."""
import shutil
import subprocess
import sys

import pytest

from edgebench.machine import hardware


def fake_sysfs(root, cores_of):
    """cores_of[cpu] = (package, core): a /sys/devices/system/cpu tree with that topology."""
    for cpu, (package, core) in enumerate(cores_of):
        topo = root / f"cpu{cpu}" / "topology"
        topo.mkdir(parents=True)
        (topo / "physical_package_id").write_text(f"{package}\n")
        (topo / "core_id").write_text(f"{core}\n")
    return root


@pytest.mark.parametrize("cores,smt,cpus,expected", [
    (4, 2, range(8), 4),        # a 4-core laptop with hyper-threading: one thread per core
    (8, 2, range(16), 8),       # 8 cores, 16 logical CPUs
    (16, 1, range(16), 16),     # 16 cores, no SMT
    (4, 2, [0, 4], 1),          # taskset on two siblings of one core
    (4, 2, [0, 1, 2], 3),       # taskset on three cores
])
def test_one_thread_per_physical_core_in_the_affinity(tmp_path, cores, smt, cpus, expected):
    # Linux numbers the first sibling of every core first, then the second ones.
    topology = [(0, cpu % cores) for cpu in range(cores * smt)]
    assert hardware.physical_cores(set(cpus), fake_sysfs(tmp_path, topology)) == expected


def test_two_packages_with_the_same_core_ids_are_different_cores(tmp_path):
    sysfs = fake_sysfs(tmp_path, [(0, 0), (0, 1), (1, 0), (1, 1)])
    assert hardware.physical_cores({0, 1, 2, 3}, sysfs) == 4


def test_no_topology_counts_logical_cpus(tmp_path):
    assert hardware.physical_cores({0, 1, 2}, tmp_path) == 3


@pytest.mark.skipif(shutil.which("taskset") is None, reason="needs util-linux taskset")
def test_default_threads_follow_taskset():
    code = "from edgebench.machine import hardware; print(hardware.default_threads())"
    one = subprocess.run(["taskset", "-c", "0", sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert one.stdout.strip() == "1"
    assert hardware.default_threads() <= len(__import__("os").sched_getaffinity(0))


def test_amx_is_not_usable_where_the_kernel_does_not_grant_tiles(monkeypatch):
    real_model, real_flags = hardware.cpu_flags()
    monkeypatch.setattr(hardware, "cpu_flags", lambda: ("no amx here", ("avx2",)))
    assert hardware.amx_usable() is None
    if sys.platform.startswith("linux") and "amx_tile" not in real_flags and hardware.platform.machine() == "x86_64":
        # /proc/cpuinfo claims AMX (as a VM may), the kernel's XSTATE support says no: not usable.
        monkeypatch.setattr(hardware, "cpu_flags", lambda: (real_model, (*real_flags, "amx_tile", "amx_int8")))
        assert hardware.amx_usable() is False


def test_profile_records_instruction_sets_and_thread_rule():
    profile = hardware.profile()
    _, flags = hardware.cpu_flags()
    assert profile["instruction_sets"] == [f for f in hardware.INTERESTING_FLAGS if f in flags]
    assert profile["default_threads"] == hardware.default_threads()
    assert profile["amx_usable"] in (None, True, False)
