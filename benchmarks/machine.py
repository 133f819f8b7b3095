"""The machine a benchmark ran on, for the tables in benchmarks/README.md."""

from __future__ import annotations

import os
import platform


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def describe() -> str:
    import psutil

    memory_gb = psutil.virtual_memory().total / 1024**3
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"machine: {os.cpu_count()} cores ({cpu_model()}), {memory_gb:.0f} GB RAM, "
            f"Python {platform.python_version()}, load average {load}")


def pin_to_one_core() -> str:
    """Run this process on one core (the benchmark's 'per core'); returns what was done."""
    try:
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity)"
