"""Compare this checkout's full build with an earlier revision's, in one run, runs alternating.

    .venv/bin/python bench/compare.py [--base REF] [--repeats 5] [--jobs 2] [-- BUILD OPTIONS...]

Each revision builds its own built-in project (``jobdocs build -C REV --force``) cold, in a new
process, into an empty folder. The runs alternate (base, this, base, this, ...), so a machine
that slows down or speeds up during the run affects both alike; the ratio of the medians is the
figure to quote. The base revision is checked out with ``git worktree`` into a temporary folder
and imported from there with this checkout's virtual environment.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def timed_build(checkout: Path, out: Path, jobs: int, extra: list[str]) -> float:
    """Seconds of one cold ``jobdocs build`` of ``checkout``'s own project, run from ``checkout``'s code."""
    shutil.rmtree(out, ignore_errors=True)
    environment = {**os.environ, "PYTHONPATH": str(checkout)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "jobdocs", "build", "-C", str(checkout), "--out", str(out),
                    "-j", str(jobs), "--force", *extra], check=True, env=environment,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD~1", help="the revision to compare with  [default: HEAD~1]")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("build_options", nargs="*", help="passed to both builds, e.g. --format pdf")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        base = work / "base"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(base), args.base],
                       check=True, capture_output=True)
        try:
            checkouts = {"base": base, "this": REPO}
            times: dict[str, list[float]] = {name: [] for name in checkouts}
            for name, checkout in checkouts.items():  # warm the file cache and the fonts once each
                timed_build(checkout, work / f"out-{name}", args.jobs, args.build_options)
            for _ in range(args.repeats):
                for name, checkout in checkouts.items():
                    times[name].append(timed_build(checkout, work / f"out-{name}", args.jobs, args.build_options))
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)], check=False,
                           capture_output=True)
    medians = {name: statistics.median(values) for name, values in times.items()}
    revision = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", args.base], capture_output=True,
                              text=True).stdout.strip()
    print(f"full build, -j {args.jobs} {' '.join(args.build_options)}, medians of {args.repeats} alternating runs")
    print(f"  base {args.base} ({revision}): {medians['base']:.2f} s   runs: "
          + ", ".join(f"{t:.2f}" for t in times["base"]))
    print(f"  this checkout:        {medians['this']:.2f} s   runs: " + ", ".join(f"{t:.2f}" for t in times["this"]))
    print(f"  ratio this/base: {medians['this'] / medians['base']:.3f}")


if __name__ == "__main__":
    main()
