"""The jobdocs benchmark: speed and memory of real builds, with every ratio measured in the same run.

    .venv/bin/python bench/run.py [--repeats 3] [--quick] [--json bench/results/latest.json]
                                  [--only SECTION]...

It prints a table and writes JSON. Every figure is the median over ``--repeats`` runs.
What it measures (issue #5):
- a cold full build of the built-in project with --jobs 1 and --jobs 2 (a new process and an empty
  output folder each time), and the speed-up;
- a no-op rebuild and a rebuild after one role changed, each a whole `jobdocs build` command;
- the floor: WeasyPrint writing the same HTML to a tagged PDF (as jobdocs does) plus the DOCX writer
  (python-docx), one warm process, no jobdocs around them, divided by the number of workers;
- LibreOffice headless converting the same DOCX files to PDF: one batch call, one call per file,
  and one call per worker (its best set-up), against `jobdocs build --format pdf` with as many workers;
- scale: generated projects of 10, 100 and 500 roles (job ads in English, PDF and DOCX), time per
  document and peak memory of the parent and of each worker;
- nightly: a generated project of ``--nightly-roles`` roles (300 by default; every kind, language and format):
  the full build, the no-op, one title edit, one role removed and a 3-shard incremental matrix, each as whole
  `jobdocs build` commands: seconds, documents rebuilt, and the peak memory of the whole process tree (the
  build, its fork server and its workers, their RSS summed every 50 ms);
- PDF variants: the same HTML (the store manager's three documents in both languages, 2 to 10 pages)
  written as a plain untagged PDF, as tagged PDF/UA-1 (the default) and as PDF/A-3b and PDF/A-2b, one warm
  process, the variants taking turns so that a busy machine slows all of them alike.
A change's cost to the full build, against an earlier revision: bench/compare.py.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
JOBDOCS = [sys.executable, "-m", "jobdocs"]
WORKERS = 2
SCALES = (10, 100, 500)
SECTIONS = ("startup", "builds", "rebuilds", "floor", "libreoffice", "scale", "variants", "nightly")
NIGHTLY_ROLES = 300
SHARDS = 3


def timed(command: list[str], **kwargs) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - started


def median_of(repeats: int, run) -> float:
    return statistics.median(run() for _ in range(repeats))


def copy_project(source: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy(source / "jobdocs.yaml", target / "jobdocs.yaml")
    shutil.copytree(source / "roles", target / "roles")
    return target


# --- start-up --------------------------------------------------------------------------------------

def startup(repeats: int) -> tuple[float, float]:
    """Median seconds of `jobdocs --help` (the installed command) and of `python -c "import click"`.

    Both are new processes, so the ratio is what jobdocs adds to Python and Click at start-up.
    """
    command = Path(sys.executable).parent / "jobdocs"
    jobdocs_help = [str(command), "--help"] if command.exists() else [*JOBDOCS, "--help"]
    runs = max(repeats, 15)  # each takes tens of milliseconds: more runs steady the median
    return (median_of(runs, lambda: timed(jobdocs_help)),
            median_of(runs, lambda: timed([sys.executable, "-c", "import click"])))


# --- the built-in project -------------------------------------------------------------------------

def cold_build(work: Path, jobs: int, extra: tuple[str, ...] = ()) -> float:
    out = Path(tempfile.mkdtemp(dir=work))
    seconds = timed([*JOBDOCS, "build", "-C", str(REPO), "--out", str(out), "-j", str(jobs), *extra])
    shutil.rmtree(out)
    return seconds


def rebuilds(work: Path, repeats: int) -> tuple[float, float]:
    """Median seconds of a no-op rebuild and of a rebuild after one role's summary changed."""
    project = copy_project(REPO, work / "rebuild-project")
    subprocess.run([*JOBDOCS, "build", "-C", str(project), "-j", str(WORKERS)], check=True, capture_output=True)
    noop = median_of(repeats, lambda: timed([*JOBDOCS, "build", "-C", str(project), "-j", str(WORKERS)]))
    role = project / "roles" / "store-manager.yaml"
    original = role.read_text(encoding="utf-8")
    marker = "You run a marketplace store"

    def one_changed() -> float:
        text = role.read_text(encoding="utf-8")
        role.write_text(text.replace(marker, marker + " every day", 1) if text == original else original,
                        encoding="utf-8")
        return timed([*JOBDOCS, "build", "-C", str(project), "-j", str(WORKERS)])

    return noop, median_of(repeats, one_changed)


def floor(repeats: int) -> tuple[float, int]:
    """Seconds for WeasyPrint plus the DOCX writer alone on the built-in project's HTML, one warm process."""
    code = f"""
import json, statistics, time
import weasyprint
from jobdocs.batch.build import render_all, write_settings
from jobdocs.batch.plan import plan
from jobdocs.model.project import load_project
from jobdocs.writers.docx.writer import write_docx
from jobdocs.model.assets import AssetPolicy
project = load_project({str(REPO)!r})
settings = write_settings(project, project.root / "output")
documents = list(render_all(project, plan(project)).values())
def write_all():
    started = time.perf_counter()
    for document in documents:
        weasyprint.HTML(string=document.html, base_url=settings.base_url).write_pdf(pdf_variant="pdf/ua-1")
        write_docx(document, base_url=settings.base_url, policy=AssetPolicy(()), subject="", created=settings.created)
    return time.perf_counter() - started
write_all()  # warm: fonts, caches, imports
print(json.dumps([statistics.median(write_all() for _ in range({repeats})), 2 * len(documents)]))
"""
    seconds, outputs = json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                                 text=True).stdout)
    return seconds, outputs


# --- LibreOffice ----------------------------------------------------------------------------------

def libreoffice(work: Path, repeats: int) -> dict[str, float] | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    out = work / "lo-docx"
    subprocess.run([*JOBDOCS, "build", "-C", str(REPO), "--out", str(out), "--format", "docx"], check=True,
                   capture_output=True)
    files = sorted(out.glob("*/*.docx"))
    flat = work / "lo-in"
    flat.mkdir()
    for path in files:  # LibreOffice names each PDF after its DOCX, so the names must differ
        shutil.copy(path, flat / f"{path.parent.name}--{path.name}")
    inputs = sorted(flat.iterdir())
    profiles = [work / f"lo-profile-{i}" for i in range(WORKERS)]

    def convert(batch: list[Path], profile: Path) -> subprocess.Popen:
        target = Path(tempfile.mkdtemp(dir=work))
        return subprocess.Popen([soffice, "--headless", f"-env:UserInstallation={profile.as_uri()}",
                                 "--convert-to", "pdf", "--outdir", str(target), *map(str, batch)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    for profile in profiles:  # LibreOffice's first start in a profile sets it up: not part of a conversion
        convert(inputs[:1], profile).wait()

    def batch() -> float:
        started = time.perf_counter()
        convert(inputs, profiles[0]).wait()
        return time.perf_counter() - started

    def per_file() -> float:
        started = time.perf_counter()
        for path in inputs:
            convert([path], profiles[0]).wait()
        return time.perf_counter() - started

    def per_worker() -> float:
        started = time.perf_counter()
        shares = [inputs[i::WORKERS] for i in range(WORKERS)]
        for process in [convert(share, profile) for share, profile in zip(shares, profiles)]:
            process.wait()
        return time.perf_counter() - started

    return {"documents": len(inputs), "batch": median_of(repeats, batch),
            "per_file": median_of(max(1, repeats // 2), per_file), "per_worker": median_of(repeats, per_worker)}


# --- scale ----------------------------------------------------------------------------------------

def generate_project(root: Path, count: int) -> Path:
    """``count`` roles: copies of the built-in ladder, each group of four with its own chain of ``extends``."""
    copy_project(REPO, root)
    shutil.rmtree(root / "roles")
    (root / "roles").mkdir()
    base = {path.stem: path.read_text(encoding="utf-8") for path in sorted((REPO / "roles").glob("*.yaml"))}
    order = ["operations-assistant", "store-manager", "operations-director", "category-product-manager"]
    for index in range(count):
        group, name = divmod(index, len(order))
        data = yaml.safe_load(base[order[name]])
        group_ids = {other: f"{other}-{group:03d}" for other in order[: (count - group * 4)]}
        data["id"] = group_ids[order[name]]
        for key in ("extends", "reports_to"):
            if data.get(key):
                data[key] = group_ids.get(data[key])
        data["title"] = {lang: f"{text} {group + 1}" for lang, text in data["title"].items()}
        (root / "roles" / f"{data['id']}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return root


def scale(work: Path, count: int, repeats: int) -> dict:
    project = generate_project(work / f"scale-{count}", count)
    code = f"""
import json, resource, jobdocs
result = jobdocs.build({str(project)!r}, {str(project / 'out')!r},
                       jobdocs.Selection(kinds=["job-ad"], languages=["en"]),
                       jobdocs.BuildOptions(jobs={WORKERS}, force=True))
assert result.exit_code == 0, result.failed
print(json.dumps({{"seconds": result.seconds, "documents": len(result.built),
                  "parent_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_peak_mib": sorted(kib / 1024 for kib in result.worker_peak_kib.values())}}))
"""
    runs = [json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                      text=True).stdout) for _ in range(repeats)]
    seconds = statistics.median(run["seconds"] for run in runs)
    documents = runs[0]["documents"]
    return {"roles": count, "documents": documents, "seconds": seconds, "ms_per_document": 1000 * seconds / documents,
            "parent_peak_mib": max(run["parent_peak_mib"] for run in runs),
            "worker_peak_mib": max(max(run["worker_peak_mib"]) for run in runs)}


# --- nightly --------------------------------------------------------------------------------------

def tree_rss_kib(root: int) -> int:
    """The resident memory of ``root`` and every process below it, summed."""
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
            for task in Path(f"/proc/{pid}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue  # it ended between two reads
    return total


def measured_build(project: Path, out: Path, *options: str) -> dict:
    """One `jobdocs build --json` command: its seconds, documents rebuilt, and the process tree's peak memory."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as stdout:  # a file, not a pipe: the summary outgrows a pipe's buffer
        process = subprocess.Popen([*JOBDOCS, "build", "-C", str(project), "--out", str(out), "-j", str(WORKERS),
                                    "--json", *options], stdout=stdout, stderr=subprocess.DEVNULL, text=True)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss_kib(process.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        stdout.seek(0)
        summary = json.loads(stdout.read())
    if process.returncode != 0:
        raise RuntimeError(f"jobdocs build {' '.join(options)} exited {process.returncode}: {summary.get('errors')}")
    return {"seconds": seconds, "rebuilt": summary["built"], "peak_mib": peak / 1024}


def retitle(project: Path, role_id: str, suffix: str) -> None:
    path = project / "roles" / f"{role_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"] = {language: f"{text} {suffix}" for language, text in data["title"].items()}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def shard_matrix(project: Path, published: Path, work: Path, options: list[str]) -> dict:
    """Each shard from a copy of the published output, then its own files and the merged manifest published."""
    shards = []
    for index in range(1, SHARDS + 1):
        folder = work / f"shard-{index}"
        shutil.copytree(published, folder)
        shards.append((folder, measured_build(project, folder, "--shard", f"{index}/{SHARDS}", *options)))
    for folder, _ in shards:
        for path in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["outputs"]:
            shutil.copyfile(folder / path, published / path)
    subprocess.run([*JOBDOCS, "merge-manifests", "-o", str(published / "manifest.json"),
                    *(str(folder / "manifest.json") for folder, _ in shards)], check=True, capture_output=True)
    runs = [run for _, run in shards]
    return {"seconds": sum(run["seconds"] for run in runs), "slowest_shard": max(run["seconds"] for run in runs),
            "rebuilt": sum(run["rebuilt"] for run in runs), "peak_mib": max(run["peak_mib"] for run in runs)}


def nightly(work: Path, roles: int, formats: list[str]) -> dict:
    """A nightly build's life on a generated project: what each step costs and how much it rebuilds.

    ``formats`` narrows every build (``--format``): what is rebuilt does not depend on the format, so
    DOCX alone counts the same documents in a fraction of the time.
    """
    project = generate_project(work / f"nightly-{roles}", roles)
    out = work / f"nightly-{roles}-out"
    options = [option for fmt in formats for option in ("--format", fmt)]
    steps = {"full build": measured_build(project, out, *options), "no-op": measured_build(project, out, *options)}
    retitle(project, "store-manager-000", "(new title)")  # a middle rung: a parent, a child and a manager
    steps["one title edited"] = measured_build(project, out, *options)
    (project / "roles" / f"category-product-manager-{(roles - 1) // 4:03d}.yaml").unlink(missing_ok=True)
    steps["one role removed"] = measured_build(project, out, *options)
    retitle(project, "operations-director-000", "(new title)")
    steps[f"{SHARDS}-shard matrix, one title edited"] = shard_matrix(project, out, work / "matrix", options)
    documents = len(json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"])
    return {"roles": roles, "formats": formats, "outputs": documents, "steps": steps}


# --- PDF variants -----------------------------------------------------------------------------

def pdf_variants(repeats: int) -> dict[str, dict[str, float]]:
    """The same six documents written as a plain PDF and as each variant jobdocs offers, one warm process.

    Each document is written by every variant back to back (who goes first rotates), so that a busy
    machine slows them alike; a variant's cost is the median of its paired ratios to the plain PDF.
    """
    code = f"""
import json, statistics, time
import weasyprint
from jobdocs.batch.build import render_all, write_settings
from jobdocs.model.models import PDF_VARIANTS
from jobdocs.batch.plan import plan
from jobdocs.model.project import load_project
from jobdocs.writers.pdf import ProjectURLFetcher, write_pdf
project = load_project({str(REPO)!r})
settings = write_settings(project, project.root / "output")
documents = list(render_all(project, plan(project, roles=["store-manager"], formats=["pdf"])).values())
def plain(document):
    fetcher = ProjectURLFetcher(settings.asset_policy())
    weasyprint.HTML(string=document.html, base_url=settings.base_url, url_fetcher=fetcher).write_pdf()
writers = {{"plain": plain}}
writers.update({{variant: lambda document, v=variant: write_pdf(document, settings.base_url,
                                                                 settings.asset_policy(), v)
                for variant in PDF_VARIANTS}})
def timed(writer, document):
    started = time.perf_counter()
    writer(document)
    return time.perf_counter() - started
for writer in writers.values():
    timed(writer, documents[0])  # warm: fonts, caches, imports
names = list(writers)
times = {{name: [[] for _ in documents] for name in names}}
turn = 0
for _ in range({repeats}):
    for index, document in enumerate(documents):
        turn += 1
        for name in names[turn % len(names):] + names[:turn % len(names)]:
            times[name][index].append(timed(writers[name], document))
result = {{}}
for name in names:
    ratios = [mine / base for doc, base_doc in zip(times[name], times["plain"]) for mine, base in zip(doc, base_doc)]
    result[name] = {{"seconds": sum(statistics.median(doc) for doc in times[name]),
                    "ratio": statistics.median(ratios)}}
print(json.dumps(result))
"""
    return json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                     text=True).stdout)


# --- report ---------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one run each, and the scale test up to 100 roles")
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "latest.json")
    parser.add_argument("--only", action="append", choices=SECTIONS, help="run only this section (repeatable)")
    parser.add_argument("--nightly-roles", type=int, default=NIGHTLY_ROLES, metavar="N",
                        help=f"roles of the nightly section's generated project  [default: {NIGHTLY_ROLES}]")
    parser.add_argument("--nightly-format", action="append", choices=("pdf", "docx"), metavar="FORMAT",
                        help="the nightly section's formats (repeatable)  [default: pdf and docx]")
    args = parser.parse_args()
    wanted = set(args.only or SECTIONS)
    repeats = 1 if args.quick else args.repeats
    results: dict = {"machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                                 "platform": platform.platform()}, "repeats": repeats}
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        if "startup" in wanted:
            step("start-up")
            results["help"], results["import_click"] = startup(repeats)
        if "builds" in wanted:
            step("cold full builds")
            results["full_j1"] = median_of(repeats, lambda: cold_build(work, 1))
            results["full_j2"] = median_of(repeats, lambda: cold_build(work, WORKERS))
            results["pdf_only_j2"] = median_of(repeats, lambda: cold_build(work, WORKERS, ("--format", "pdf")))
        if "rebuilds" in wanted:
            step("rebuilds")
            results["noop"], results["one_role_changed"] = rebuilds(work, repeats)
        if "floor" in wanted:
            step("floor")
            results["floor_one_process"], results["outputs"] = floor(repeats)
        if "libreoffice" in wanted:
            step("LibreOffice")
            results["libreoffice"] = libreoffice(work, repeats)
        if "scale" in wanted:
            step("scale")
            results["scale"] = [scale(work, count, 1 if count >= 500 else repeats)
                                for count in (SCALES[:2] if args.quick else SCALES)]
        if "variants" in wanted:
            step("PDF variants")
            results["pdf_variants"] = pdf_variants(max(repeats, 5))
        if "nightly" in wanted:
            step(f"nightly, {args.nightly_roles} roles")
            results["nightly"] = nightly(work, args.nightly_roles, args.nightly_format or ["pdf", "docx"])
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(report(results))
    print(f"\nJSON: {args.json}")


def step(name: str) -> None:
    print(f"... {name}", file=sys.stderr, flush=True)


def report(r: dict) -> str:
    rows = []
    if "help" in r:
        rows.append(("jobdocs --help (new process)", f"{r['help']:.3f} s",
                     f"{r['help'] / r['import_click']:.2f}x python -c 'import click' ({r['import_click']:.3f} s); "
                     "target <= 2x"))
    if "full_j1" in r:
        rows += [
            ("Full build, --jobs 1 (48 documents)", f"{r['full_j1']:.2f} s", ""),
            ("Full build, --jobs 2", f"{r['full_j2']:.2f} s",
             f"speed-up {r['full_j1'] / r['full_j2']:.2f}x (target >= 1.8x)"),
        ]
    if "noop" in r:
        rows += [("No-op rebuild (whole command)", f"{r['noop']:.2f} s", "target <= 0.3 s"),
                 ("Rebuild after one role changed", f"{r['one_role_changed']:.2f} s", "")]
    if "floor_one_process" in r:
        floor_j2 = r["floor_one_process"] / WORKERS
        rows.append(("Floor: WeasyPrint + DOCX writer, one warm process", f"{r['floor_one_process']:.2f} s",
                     f"/ {WORKERS} workers = {floor_j2:.2f} s"))
        if "full_j2" in r:
            rows.append(("Full build --jobs 2 against the floor", f"{r['full_j2'] / floor_j2:.2f}x", "target <= 1.25x"))
    jobdocs_rate = None
    if "pdf_only_j2" in r and "outputs" in r:
        pdfs = r["outputs"] // 2
        jobdocs_rate = pdfs / r["pdf_only_j2"]
        rows.append((f"jobdocs PDFs, --jobs 2 ({pdfs} PDFs)", f"{r['pdf_only_j2']:.2f} s", f"{jobdocs_rate:.2f} PDF/s"))
    lo = r.get("libreoffice")
    if lo and jobdocs_rate:
        for key, label in (("batch", "one call for all files"), ("per_worker", f"one call per worker ({WORKERS})"),
                           ("per_file", "one call per file")):
            rate = lo["documents"] / lo[key]
            rows.append((f"LibreOffice DOCX->PDF, {label}", f"{lo[key]:.2f} s",
                         f"{rate:.2f} PDF/s; jobdocs is {jobdocs_rate / rate:.2f}x"))
    for s in r.get("scale", []):
        rows.append((f"Scale: {s['roles']} roles ({s['documents']} job ads, PDF+DOCX)", f"{s['seconds']:.1f} s",
                     f"{s['ms_per_document']:.0f} ms/doc; peak parent {s['parent_peak_mib']:.0f} MiB, "
                     f"worker {s['worker_peak_mib']:.0f} MiB"))
    if len(r.get("scale", [])) > 1:
        first, last = r["scale"][0], r["scale"][-1]
        rows.append((f"Time per document, {last['roles']} roles against {first['roles']}",
                     f"{last['ms_per_document'] / first['ms_per_document']:.2f}x", "target within 1.15x"))
    variants = r.get("pdf_variants")
    if variants:
        rows.append(("Plain untagged PDF, 6 documents, one warm process", f"{variants['plain']['seconds']:.2f} s",
                     "sum of each document's median"))
        for name, figures in variants.items():
            if name != "plain":
                kind = "default" if name == "pdf/ua-1" else "archival"
                rows.append((f"{name} (jobdocs' {kind}), same 6", f"{figures['seconds']:.2f} s",
                             f"{figures['ratio']:.2f}x the plain PDF (median of paired ratios)"))
    night = r.get("nightly")
    if night:
        rows.append((f"Nightly: {night['roles']} generated roles, {night['outputs']} outputs "
                     f"({', '.join(night['formats'])})", "", "one run each"))
        for name, figures in night["steps"].items():
            slowest = f"; slowest shard {figures['slowest_shard']:.1f} s" if "slowest_shard" in figures else ""
            rows.append((f"Nightly: {name}", f"{figures['seconds']:.1f} s",
                         f"{figures['rebuilt']} rebuilt; peak memory of the process tree "
                         f"{figures['peak_mib']:.0f} MiB{slowest}"))
    width = max(len(row[0]) for row in rows)
    lines = [f"| {'What':<{width}} | Median | Notes |", f"|{'-' * (width + 2)}|---|---|"]
    lines += [f"| {what:<{width}} | {value} | {note} |" for what, value, note in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
