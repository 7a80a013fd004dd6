"""Benchmark of ``jobdocs serve`` on a copy of the built-in project (issue #8).

    .venv/bin/python bench/serve.py [--saves 7] [--starts 3] [--json bench/results/serve.json]

It measures, as medians:
- start-up: from starting ``jobdocs serve`` to the first index page served, and to every document built;
- save to preview: from writing a file to the moment a client of the event stream, watching the store
  manager's English job ad as an open page does, hears of its new version. Two kinds of save: a role's
  summary (that role's documents change) and the project's stylesheet (every document changes).
  Each save waits for the previous one's rebuild to finish, as a person looking at the result would.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WATCHED = "store-manager/job-ad.en"
GOAL_SECONDS = 2.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy(REPO / "jobdocs.yaml", target / "jobdocs.yaml")
    shutil.copytree(REPO / "roles", target / "roles")
    (target / "templates").mkdir()
    shutil.copy(REPO / "templates" / "style.css", target / "templates" / "style.css")
    return target


def start_server(project: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "jobdocs", "serve", "-C", str(project), "--port", str(port)],
                            stderr=subprocess.DEVNULL)


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(60)


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def first_index(port: int, started: float) -> float:
    while True:
        try:
            if get(port, "/")[0] == 200:
                return time.perf_counter() - started
        except OSError:
            time.sleep(0.005)


def all_built(state: dict) -> bool:
    documents = state["documents"].values()
    return bool(documents) and not state["building"] and all(e["pdf"] and e["docx"] for e in documents)


class EventClient:
    """Reads the event stream as an open page does; each state arrives with the moment it was read."""

    def __init__(self, port: int, document_id: str):
        self.states: queue.Queue = queue.Queue()
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        self.connection.request("GET", f"/events?doc={document_id}")
        self.response = self.connection.getresponse()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            for line in self.response:
                if line.startswith(b"data: "):
                    self.states.put((time.perf_counter(), json.loads(line[6:])))
        except (OSError, ValueError):
            pass

    def until(self, check, timeout: float = 300.0) -> tuple[float, dict]:
        deadline = time.perf_counter() + timeout
        while True:
            moment, state = self.states.get(timeout=max(0.01, deadline - time.perf_counter()))
            if check(state):
                return moment, state


def measure_start(project: Path, starts: int) -> tuple[list[float], list[float]]:
    to_index, to_built = [], []
    for _ in range(starts):
        port = free_port()
        started = time.perf_counter()
        server = start_server(project, port)
        try:
            to_index.append(first_index(port, started))
            while not all_built(json.loads(get(port, "/state")[1])):
                time.sleep(0.02)
            to_built.append(time.perf_counter() - started)
            print(f"start: index after {to_index[-1]:.2f} s, all built after {to_built[-1]:.1f} s",
                  file=sys.stderr, flush=True)
        finally:
            stop_server(server)
    return to_index, to_built


def measure_saves(project: Path, saves: int) -> dict[str, list[float]]:
    port = free_port()
    server = start_server(project, port)
    try:
        first_index(port, time.perf_counter())
        client = EventClient(port, WATCHED)
        client.until(all_built)
        summary = "You run a marketplace store"
        edits = {  # each save makes a change the documents show; every other one undoes it
            "role summary": (project / "roles" / "store-manager.yaml",
                             lambda text, n: text.replace(summary, "You run an online store") if n % 2 == 0 else text),
            "stylesheet": (project / "templates" / "style.css",
                           lambda text, n: text + f"\nh1 {{ letter-spacing: {n % 2 + 1}px; }}\n"),
        }
        seconds: dict[str, list[float]] = {}
        for name, (path, edit) in edits.items():
            original = path.read_text(encoding="utf-8")
            for n in range(saves):
                version = json.loads(get(port, "/state")[1])["documents"][WATCHED]["pdf"]
                saved = time.perf_counter()
                path.write_text(edit(original, n), encoding="utf-8")
                shown, _ = client.until(lambda s: s["documents"][WATCHED]["pdf"] not in ("", version))
                seconds.setdefault(name, []).append(shown - saved)
                print(f"save {n + 1} of {name}: shown after {shown - saved:.2f} s", file=sys.stderr, flush=True)
                client.until(all_built)
            path.write_text(original, encoding="utf-8")
            client.until(all_built)
        return seconds
    finally:
        stop_server(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--saves", type=int, default=7)
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jobdocs-bench-serve-") as work:
        project = copy_project(Path(work) / "project")
        to_index, to_built = measure_start(project, options.starts)
        saves = measure_saves(project, options.saves)
    results = {"start_to_index_s": statistics.median(to_index), "start_to_all_built_s": statistics.median(to_built),
               **{f"save_to_preview_{name.replace(' ', '_')}_s": statistics.median(values)
                  for name, values in saves.items()},
               "raw": {"start_to_index": to_index, "start_to_all_built": to_built, "saves": saves}}
    rows = [("jobdocs serve: start to first index page", results["start_to_index_s"], ""),
            ("jobdocs serve: start to every document built (48)", results["start_to_all_built_s"], "")]
    rows += [(f"Save to preview, {name}", statistics.median(values),
              f"max {max(values):.2f} s; goal <= {GOAL_SECONDS} s") for name, values in saves.items()]
    load = os.getloadavg()[0]
    print(f"(load average {load:.1f} on {os.cpu_count()} cores while measuring)")
    print(f"| What | Median ({options.starts} starts, {options.saves} saves) | Notes |\n|---|---|---|")
    for what, value, note in rows:
        print(f"| {what} | {value:.2f} s | {note} |")
    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        options.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
