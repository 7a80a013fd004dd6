"""Orchestrate a build: load and validate everything, render each HTML once, then write the formats.

Only outputs whose key changed are written (see :mod:`jobdocs.batch.manifest`), in a pool of
workers (see :mod:`jobdocs.batch.workers`), under a lock on the output folder.
"""
from __future__ import annotations

import dataclasses
import datetime
import functools
import itertools
import os
import shutil
import time
from pathlib import Path
from collections.abc import Callable, Iterable

from ..errors import EXIT_OK, InputError, OutputError, Problem
from ..html.fonts import cjk_font_warning, font_stack, missing_font_families
from .limits import Limits, TookTooLong, bounded, too_big, too_long
from .manifest import MANIFEST_FILE, KeyMaker, Manifest, ShardRecord, digest
from .options import BuildOptions, Selection
from .quick import Request, build_day, forget, remember, unchanged
from .result import BuildResult, BuildStopped, StopRequest
from .output import OutputLock, output_folder, output_path, remove_torn_files, write_failure
from ..checks.kits import training_gaps
from ..checks.placeholders import placeholder_problems
from .plan import expected_cost, parse_shard, plan, shard
from ..model.outputs import Target
from ..model.project import PROJECT_FILE, Project, load_project
from ..model.roles import never_stop, role_links
from ..html.render import COURSE_KINDS, RenderedHtml, render_html
from ..html.templates import Templates
from .workers import (Outcome, Task, WriteSettings, past_limit, run_tasks, template_of, usable_cores, wants_workers,
                      warm_up_workers)



def _check(stop: StopRequest | None, result: BuildResult, left: Iterable[Target] = ()) -> None:
    if stop is not None and stop():
        done = {target for target in result.built} | {target for target, _ in result.failed}
        result.left = sorted(target for target in left if target not in done)
        raise BuildStopped(result)


def build(project_dir: Path | str = ".", out_dir: Path | str | None = None, selection: Selection | None = None,
          options: BuildOptions | None = None, *, on_outcome: Callable[[Outcome, int], None] | None = None,
          stop: StopRequest | None = None) -> BuildResult:
    """Build the selected documents of the project in ``project_dir`` into ``out_dir`` (default: its ``output/``).

    ``on_outcome(outcome, total)`` hears of each document as it is written or fails. When ``stop()`` turns
    true, the build stops within moments, whatever it is doing (busy workers are killed), keeps what it
    finished and raises :class:`BuildStopped`.

    A role file that does not validate does not stop the others: its role is left out, with the roles
    whose documents show it, and their earlier outputs are kept (``result.problems``, ``broken``, ``held``).
    A bad ``jobdocs.yaml``, a selected role that does not validate, or no role that does, raises InputError.
    """
    started = time.perf_counter()
    selection, options = selection or Selection(), options or BuildOptions()
    done = unchanged(project_dir, out_dir, selection, options)
    if done is not None:
        return done
    request = Request.of(Path(project_dir), selection, options)  # what the build reads, before it reads it
    result = BuildResult(out_dir=output_folder(Path(project_dir), out_dir))
    project = load_project(project_dir, keep_going=True, stop=lambda: _check(stop, result))
    refuse_broken(project, selection)
    planned = plan(project, roles=selection.roles, kinds=selection.kinds, formats=selection.formats,
                   languages=selection.languages)
    held = showing_broken(project, planned)
    planned = [target for target in planned if target not in held]
    result.held = sorted({target.role_id for target in held if not target.is_site})
    if result.held or (project.broken and not selection.roles):
        result.problems, result.broken = project.problems, sorted(project.broken)
    else:  # the roles picked neither are nor show a broken one: its problems are only worth knowing
        result.warnings += [dataclasses.replace(problem, severity="warning", code=problem.code or "role-broken")
                            for problem in project.problems]
    if not planned and not (options.shard or options.prune):
        result.seconds = time.perf_counter() - started
        return result  # every document shows a broken role: the folder stays as it was, if there is one
    shard_record = ShardRecord(*parse_shard(options.shard)) if options.shard else None
    targets = shard(project, planned, shard_record.index, shard_record.count) if shard_record else planned
    warning = cjk_font_warning(languages_of(project, targets))
    result.warnings += [Problem(PROJECT_FILE, 0, "languages", warning, code="cjk-font-missing",
                                severity="warning")] if warning else []
    checking = functools.partial(_check, stop, result, targets)
    result.warnings += job_ad_findings(project, targets, checking)
    result.warnings += course_gaps(project, targets)
    result.warnings += site_warnings(project, targets)
    result.warnings += [dataclasses.replace(problem, severity="warning")
                        for problem in placeholder_problems(project, {t.role_id for t in targets}, checking)]
    _check(stop, result, targets)
    templates = Templates(project.root)
    settings = write_settings(project, result.out_dir, project_limits(project, options.timeout, options.memory_limit),
                              options.pdf_variant)
    today = build_day()
    keys = KeyMaker(project, templates, settings.font_stacks, _iso(settings.created), today,
                    settings.pdf_variant)
    recorded = Manifest.load(result.out_dir)
    planned_keys = {}
    for target in planned:
        _check(stop, result, targets)
        planned_keys[target.relative_path] = recorded.known_key(target, keys.inputs(target)) or keys.key(target)
    result.keys = {target.relative_path: planned_keys[target.relative_path] for target in targets}
    fingerprint = digest(sorted(planned_keys.items()))
    others = planned_keys.keys() - result.keys.keys()  # other shards' outputs

    # Render before taking the lock: a template mistake stops the build before anything is written.
    stale = _stale(recorded, result, targets, options.force)
    workers = options.jobs or usable_cores()
    if wants_workers(stale):
        warm_up_workers()
    unrendered: dict[tuple[str, str, str], str] = {}  # documents past a limit, and why
    documents = render_all(project, stale, templates, settings.created, today, limits=settings.limits,
                           unrendered=unrendered, stop=lambda: _check(stop, result, stale))
    with OutputLock(result.out_dir, wait=options.wait) as lock:
        forget(result.out_dir)  # until this build ends clean, the next one must look for itself
        remove_torn_files(result.out_dir)  # a killed build's temporary files; its finished ones are whole
        manifest = Manifest.load(result.out_dir)  # another build may have finished while we waited
        saved = manifest.to_bytes() if (result.out_dir / MANIFEST_FILE).exists() else b""
        # A shard's manifest holds its own outputs (and the orphans every shard sees alike): merged, the
        # shards' manifests are the full build's.
        manifest.outputs = {path: entry for path, entry in manifest.outputs.items() if path not in others}
        manifest.plan, manifest.shard = fingerprint, shard_record
        stale = _stale(manifest, result, targets, options.force)
        result.skipped = [target for target in targets if target not in stale]
        for target in result.skipped:
            manifest.refresh(target, keys.inputs(target))
        documents.update(render_all(project, [t for t in stale if t.document not in documents | unrendered.keys()],
                                    templates, settings.created, today, limits=settings.limits, unrendered=unrendered,
                                    stop=lambda: _check(stop, result, stale)))
        result.warnings += font_problems(documents.values())
        _forget(manifest, result, stale)
        # The costliest first, so that no worker is left with a long document at the end.
        stale.sort(key=lambda target: (-expected_cost(project, target), target))
        for target in stale:  # a link out of the folder stops the build here, before a worker writes anything
            output_path(result.out_dir, *target.relative_path.split("/"))
        outcomes = [Outcome(target, error=unrendered[target.document]) for target in stale
                    if target.document in unrendered]
        tasks = [Task(target, documents[target.document]) for target in stale if target.document in documents]
        try:
            for outcome in itertools.chain(outcomes, run_tasks(tasks, settings, workers, on_worker=lock.add_worker,
                                                               stop=stop)):
                _record(outcome, manifest, result, keys.inputs(outcome.target))
                if on_outcome:
                    on_outcome(outcome, len(stale))
            _check(stop, result, stale)  # the workers stopped early
        except BaseException:  # interrupted (Ctrl-C, or on_outcome raised): the next build keeps what finished
            if result.built and result.out_dir.is_dir():  # a deleted folder has nothing left to keep
                _save(manifest, result)  # a full disk must not hide why the build stopped
            raise
        result.orphans = _orphans(project, manifest)
        if options.prune:
            result.pruned = _prune(result.out_dir, result.orphans, manifest)
            result.orphans = []
        if manifest.to_bytes() != saved:
            _save(manifest, result)
        result.built.sort()
        ignored = set(project.config.lint.ignore)  # a team's accepted findings, whichever check made them
        result.warnings = [warning for warning in result.warnings if warning.code not in ignored]
        if result.exit_code == EXIT_OK:
            logo = (project.logo.path,) if project.logo else ()
            remember(result, request.with_files(project.root, logo), next_closing(project, today))
    result.seconds = time.perf_counter() - started
    return result


def next_closing(project: Project, today: datetime.date) -> datetime.date | None:
    """The first day a posting open today is closed: until then, the same inputs make the same documents."""
    closing = [posting.valid_through for posting in map(project.config.posting_for, project.roles.values())
               if posting.valid_through is not None and posting.valid_through >= today]
    return min(closing) + datetime.timedelta(days=1) if closing else None


def refuse_broken(project: Project, selection: Selection) -> None:
    """Raise the problems when no role validates, or when the selection names one that does not."""
    named = [role_id for role_id in selection.roles if role_id in project.broken]
    if project.problems and (not project.roles or named):
        raise InputError(project.problems)


def showing_broken(project: Project, targets: list[Target]) -> set[Target]:
    """The targets whose documents show a broken role, and, while one is broken, the careers site's own
    files, which list every role: they are kept as they were until it validates again."""
    from ..html.render import shown_roles

    if not project.broken:
        return set()
    links = {**role_links(project.roles), **project.broken_links}
    return {target for target in targets if target.is_site or
            shown_roles(project, project.roles[target.role_id], target.kind, links) & project.broken}


def job_ad_findings(project: Project, targets: list[Target], stop: Callable[[], None] = never_stop) -> list[Problem]:
    """The checker's findings on the job ads being built; they are warnings here, and the build goes on."""
    from ..checks.lint import lint_project

    role_ids = sorted({target.role_id for target in targets if target.kind == "job-ad"})
    findings = lint_project(project, role_ids, details=False, stop=stop) if role_ids else []
    return [dataclasses.replace(finding, message=f"{finding.message} [{finding.code}] (see 'jobdocs lint')",
                                severity="warning") for finding in findings]


def course_gaps(project: Project, targets: list[Target]) -> list[Problem]:
    """The roles whose courses are built with no module; a role whose job ad is built has it from the checker."""
    job_ads = {target.role_id for target in targets if target.kind == "job-ad"}
    courses = sorted({target.role_id for target in targets if target.kind in COURSE_KINDS} - job_ads)
    ignored = set(project.config.lint.ignore)
    return [problem for problem in training_gaps(project, courses) if problem.code not in ignored]


def render_all(project: Project, targets: list[Target], templates: Templates | None = None,
               created: datetime.datetime | None = None, today: datetime.date | None = None, *,
               limits: Limits | None = None, unrendered: dict[tuple[str, str, str], str] | None = None,
               stop: Callable[[], None] | None = None) -> dict[tuple[str, str, str], RenderedHtml]:
    """Render each (role, kind, language) of ``targets`` once; every format is written from this HTML.

    ``today`` is the day that decides which postings have closed; the careers site's own files
    (the index, the sitemap) are rendered here too. A document past its time or memory limit is left
    out and its reason put in ``unrendered``; without ``unrendered``, it is a template problem
    (InputError), as ``jobdocs validate`` reports it.
    """
    from ..writers.site import render_site

    templates = templates or Templates(project.root)
    templates.check_labels(languages_of(project, targets))  # every language's gaps at once
    limits = limits or project_limits(project)
    extra = {"generated": _iso(created)}
    site = {target.document: target for target in targets if target.is_site}
    documents = {}
    for document in sorted({target.document for target in targets}):
        if stop is not None:
            stop()  # raises when the build is asked to stop
        try:
            with bounded(limits):
                documents[document] = (render_site(project, templates, site[document], today) if document in site
                                       else render_html(project, templates, *document, extra=extra, today=today))
        except (TookTooLong, MemoryError) as error:
            role_id, kind, language = document
            reason = too_long(limits) if isinstance(error, TookTooLong) else too_big(limits)
            if unrendered is None:
                raise InputError(Problem(template_of(kind), 0, "template",
                                         f"rendering {role_id} in {language} {reason}")) from None
            unrendered[document] = past_limit(reason, kind)
    return documents


def project_limits(project: Project, timeout: float | None = None, memory_limit: int | None = None) -> Limits:
    """The time and memory bounds of each document: the options given, else ``jobdocs.yaml``'s."""
    return Limits(seconds=timeout or project.config.timeout, memory_mib=memory_limit or project.config.memory_limit)


def languages_of(project: Project, targets: list[Target]) -> list[str]:
    """The languages the targets are written in; the sitemap, in none of its own, names them all."""
    return sorted({language for target in targets for language in ([target.language] if target.language
                                                                   else project.languages)})


def font_problems(documents: Iterable[RenderedHtml]) -> list[Problem]:
    """A font the stylesheet asks for that this machine lacks: the PDF would fall back, the DOCX would not."""
    missing = dict.fromkeys(family for document in documents for family in missing_font_families(document.html))
    return [Problem("templates/style.css", 0, "font-family",
                    f"'{family}' is not installed on this machine, so the PDF prints its text in the next font "
                    f"of the list while the DOCX names '{family}'; install it, or name a font this machine has",
                    code="font-missing", severity="warning")
            for family in missing]


def site_warnings(project: Project, targets: list[Target]) -> list[Problem]:
    """Without the site's address, search engines get no canonical links and no sitemap: say so."""
    if project.config.site.url or not any(target.is_site for target in targets):
        return []
    return [Problem(PROJECT_FILE, 0, "site.url", "not set, so the careers pages carry no canonical address and no "
                    "sitemap.xml is written; set it to the address the site is published at, like "
                    "https://careers.example.com/jobs/", code="site-url-missing", severity="warning")]


def write_settings(project: Project, out_dir: Path | None, limits: Limits | None = None,
                   pdf_variant: str | None = None) -> WriteSettings:
    return WriteSettings(project_root=project.root, out_dir=out_dir,
                         font_stacks={language: font_stack(language) for language in project.languages},
                         created=document_date(project), limits=limits or project_limits(project),
                         pdf_variant=pdf_variant or project.config.pdf_variant)


def document_date(project: Project) -> datetime.datetime | None:
    """The date stamped into documents: ``SOURCE_DATE_EPOCH``, else the posting date; never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).replace(tzinfo=None)
    posted = project.config.posting.date_posted
    return datetime.datetime.combine(posted, datetime.time()) if posted else None


def _stale(manifest: Manifest, result: BuildResult, targets: list[Target], force: bool) -> list[Target]:
    return [t for t in targets if force or not manifest.is_current(result.out_dir, t, result.keys[t.relative_path])]


def _forget(manifest: Manifest, result: BuildResult, stale: list[Target]) -> None:
    """Drop the entries of the outputs about to be replaced by other contents, before replacing any.

    Then, however this build ends (SIGKILL included), no entry of the manifest on disk gives a
    replaced file an older key. An entry whose key stays (a ``--force`` rebuild) is kept: its file is
    current, and the same key makes the same bytes, so a killed ``--force`` build forgets nothing.
    """
    replaced = [target.relative_path for target in stale
                if manifest.outputs.get(target.relative_path, {}).get("key") not in (None, result.keys[target.relative_path])]
    if replaced:
        for path in replaced:
            del manifest.outputs[path]
        _save(manifest, result)
        if result.errors:
            raise OutputError(f"{result.out_dir / MANIFEST_FILE}: {result.errors[MANIFEST_FILE]}; "
                              "nothing was written, the earlier files and manifest are kept")


def _save(manifest: Manifest, result: BuildResult) -> None:
    try:
        manifest.save(result.out_dir)
    except OSError as error:
        result.errors[MANIFEST_FILE] = f"could not write it: {write_failure(error, result.out_dir)}"


def _record(outcome: Outcome, manifest: Manifest, result: BuildResult, inputs: str) -> None:
    target = outcome.target
    if outcome.error and not result.out_dir.is_dir():
        raise OutputError(f"the output folder {result.out_dir} was deleted during the build; the build stopped")
    if outcome.worker:
        result.worker_peak_kib[outcome.worker] = max(outcome.worker_peak_kib,
                                                     result.worker_peak_kib.get(outcome.worker, 0))
    if outcome.error:
        result.failed.append((target, outcome.error))
        manifest.outputs.pop(target.relative_path, None)  # so the next build tries it again
        return
    result.built.append(target)
    manifest.record(target, result.keys[target.relative_path], outcome.sha256, outcome.size, inputs)
    result.warnings += [Problem(template_of(target.kind), 0, "", f"{target.relative_path}: refused {resource}",
                                code="asset-refused", severity="warning") for resource in outcome.refused]


def _orphans(project: Project, manifest: Manifest) -> list[str]:
    """The roles that no longer exist whose outputs the manifest records: only folders jobdocs wrote."""
    recorded = {path.split("/")[0] for path in manifest.outputs if "/" in path}  # not the site's own files
    return sorted(recorded - set(project.roles) - project.broken)  # a broken role is kept until it is fixed


def _prune(out_dir: Path, orphans: list[str], manifest: Manifest) -> list[str]:
    """Delete the orphans' folders, each a real folder directly inside the real output folder."""
    root = out_dir.resolve()
    for role_id in orphans:
        folder = root / role_id
        if folder.is_dir() and not folder.is_symlink() and folder.resolve().parent == root:
            shutil.rmtree(folder)
        for path in [path for path in manifest.outputs if path.split("/")[0] == role_id]:
            del manifest.outputs[path]
    return orphans


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None
