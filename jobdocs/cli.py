"""The ``jobdocs`` command: a thin layer over :mod:`jobdocs.batch.build` and :mod:`jobdocs.model.project`."""
from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

import click

from .version import __version__
from .batch.options import BuildOptions, Selection
from .errors import (EXIT_BAD_INPUT, EXIT_LOCKED, EXIT_RENDER_FAILED, DocumentFailed, InputError, JobdocsError,
                     OutputError, OutputLocked, Problem, argument_problem, printable)
from .model.choices import KINDS, PDF_VARIANTS

if TYPE_CHECKING:  # the build machinery loads only when a command builds
    from .batch.result import BuildResult
    from .batch.workers import Outcome

#: What ``signal.signal`` takes and gives back.
SignalHandler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None

project_option = click.option(
    "-C", "project_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
    show_default="current folder", help="The project folder (holds jobdocs.yaml and roles/).")


class _Locked(click.ClickException):
    exit_code = EXIT_LOCKED


class _Failed(click.ClickException):
    exit_code = EXIT_RENDER_FAILED


class _BadInput(click.ClickException):
    exit_code = EXIT_BAD_INPUT


#: What the command line makes of each library error, and so its exit code; the first class that matches wins.
FAILURES: tuple[tuple[type[JobdocsError], type[click.ClickException]], ...] = (
    (OutputLocked, _Locked), (OutputError, _Failed), (DocumentFailed, _Failed), (JobdocsError, _BadInput))
#: The option that gives each argument of the library, as the user typed it.
OPTIONS = {"roles": "--role", "kinds": "--kind", "formats": "--format", "languages": "--lang", "shard": "--shard"}
#: How the library's messages name an argument, and how the command line says the same.
ARGUMENT_WORDS = {"as the project_dir argument": "with -C DIR", "as the out_dir argument": "with --out",
                  "give another out_dir argument": "use another --out folder"}


class _Commands(click.Group):
    """The command group that turns the library's errors into Click's ``Error: ...`` and its exit code."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except JobdocsError as error:
            raise click_error(error) from None


def click_error(error: JobdocsError) -> click.ClickException:
    """The one place a library error becomes what the command line prints, and its exit code."""
    return _failure_of(error)(str(for_command_line(error)))


def exit_code_of(error: JobdocsError) -> int:
    return _failure_of(error).exit_code


def _failure_of(error: JobdocsError) -> type[click.ClickException]:
    return next(failure for kind, failure in FAILURES if isinstance(error, kind))


def for_command_line(error: JobdocsError) -> JobdocsError:
    """The error as the command line says it: its options where the library names its arguments."""
    if isinstance(error, InputError):
        return InputError([_as_option(problem) for problem in error.problems])
    if isinstance(error, OutputLocked):
        return OutputLocked(f"{_in_options(error.message)}; pass --wait [SECONDS] to wait for it", error.holder)
    return error


def _as_option(problem: Problem) -> Problem:
    """A problem with an argument of the library, named by the command line's option instead."""
    for argument, option in OPTIONS.items():
        if problem.file == argument_problem(argument, "").file:
            problem = dataclasses.replace(problem, file=option)
    return dataclasses.replace(problem, message=_in_options(problem.message))


def _in_options(message: str) -> str:
    for words, option in ARGUMENT_WORDS.items():
        message = message.replace(words, option)
    return message


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jobdocs")
def cli() -> None:
    """Turn role files into job ads, interview guides and training handouts, as PDF and DOCX."""


@cli.command("build")
@project_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the documents.  [default: DIR/output]")
@click.option("--role", "roles", multiple=True, metavar="ID", help="Build only this role (repeatable).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Document kind (repeatable).")
# Not a click.Choice: the formats are the writers' registry, plugins included, which --help does not load.
@click.option("--format", "formats", multiple=True, metavar="FORMAT",
              help="Format (repeatable): pdf and docx by default; html is the job ad's careers page; "
                   "plugins may add more.")
@click.option("--lang", "languages", multiple=True, metavar="LANG", help="Language (repeatable).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes.  [default: usable cores]")
@click.option("--force", is_flag=True, help="Rebuild every output, changed or not.")
@click.option("--prune", is_flag=True, help="Delete the outputs of roles that no longer exist.")
@click.option("--shard", "shard_spec", metavar="K/N", help="Build only the K-th of N slices of the work.")
@click.option("--wait", type=click.FloatRange(min=0), is_flag=False, flag_value=math.inf, metavar="[SECONDS]",
              help="Wait for another build in the same output folder (at most SECONDS) instead of failing.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout, whatever the exit code.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on any warning that lint.ignore in jobdocs.yaml does not silence.")
@click.option("--timeout", type=click.IntRange(min=1), metavar="SECONDS",
              help="Fail a document that takes longer.  [default: jobdocs.yaml's timeout, 60]")
@click.option("--memory-limit", type=click.IntRange(min=64), metavar="MIB",
              help="Fail a document whose worker grows by more.  [default: jobdocs.yaml's memory_limit, 2048]")
@click.option("--pdf-variant", type=click.Choice(PDF_VARIANTS),
              help="PDF standard: tagged PDF/UA-1, or archival PDF/A.  [default: pdf_variant in jobdocs.yaml, pdf/ua-1]")
def build_command(project_dir: Path, out_dir: Path | None, roles: tuple[str, ...], kinds: tuple[str, ...],
                  formats: tuple[str, ...], languages: tuple[str, ...], jobs: int | None, force: bool, prune: bool,
                  shard_spec: str | None, wait: float | None, as_json: bool, quiet: bool, strict: bool,
                  timeout: int | None,
                  memory_limit: int | None, pdf_variant: str | None) -> None:
    """Build every document of the project, or the ones picked by the options.

    Only outputs whose role, templates or project file changed are rebuilt.

    \b
    Exit codes:
      0    success
      1    a document failed or a role file does not validate (the others were written),
           the output folder cannot be written, or a warning under --strict
      2    bad input or usage (the project file, a template, an option, a broken --role);
           nothing was written
      3    another build holds the output folder (see --wait)
      130  stopped by Ctrl-C (SIGINT), 143 stopped by SIGTERM: what finished is kept
    """
    from .batch.quick import unchanged
    from .batch.result import BuildStopped

    selection = Selection(roles=roles, kinds=kinds, formats=formats, languages=languages)
    options = BuildOptions(jobs=jobs, force=force, prune=prune, shard=shard_spec, timeout=timeout,
                           memory_limit=memory_limit, pdf_variant=pdf_variant,
                           wait=False if wait is None else (True if math.isinf(wait) else wait))
    progress = _Progress(enabled=not (as_json or quiet))
    stop = _StopOnSignals()
    try:
        with stop, progress:
            # Asked first, so that a build with nothing to do imports none of the build machinery.
            result = unchanged(project_dir, out_dir, selection, options)
            if result is None:
                from .batch.build import build

                result = build(project_dir, out_dir, selection, options, on_outcome=progress, stop=stop.requested)
    except BuildStopped as stopped:
        _report_stopped(stopped.result, stop.signum, as_json)
        raise SystemExit(128 + stop.signum) from None
    except JobdocsError as error:
        if not as_json:
            raise  # the command group maps it
        shown = for_command_line(error)
        holder = shown.holder if isinstance(shown, OutputLocked) else None
        _echo_json({"exit_code": exit_code_of(error), "error": str(shown),
                    "problems": [problem.as_dict() for problem in shown.problems],
                    **({"holder": {"pid": holder.build.pid, "workers": [w.pid for w in holder.workers]}}
                       if holder else {})})
        raise SystemExit(exit_code_of(error)) from None
    _report(result, quiet)
    exit_code = max(result.exit_code, EXIT_RENDER_FAILED if strict and result.warnings else 0)
    if strict and result.warnings:
        click.echo(f"error: --strict: {len(result.warnings)} warning(s)", err=True)
    if as_json:
        _echo_json({"exit_code": exit_code, **result.to_json()})
    elif not quiet:
        click.echo(result.summary())
    raise SystemExit(exit_code)


def _report(result: BuildResult, quiet: bool) -> None:
    """Warnings and notes (unless quiet), then every error, on standard error."""
    if not quiet:
        for warning in result.warnings:
            click.echo(f"warning: {printable(str(warning))}", err=True)
    for target, message in result.failed:
        click.echo(f"error: {target.relative_path}: {printable(message)}", err=True)
    for path, message in result.errors.items():
        click.echo(f"error: {printable(path)}: {printable(message)}", err=True)
    for problem in result.problems:
        click.echo(printable(str(problem)), err=True)  # FILE:LINE: FIELD: message, as validate prints it
    if result.broken:
        click.echo(f"error: not built until their files validate (earlier outputs kept): {', '.join(result.broken)}",
                   err=True)
    if result.held and not quiet:
        click.echo(f"note: kept as they were, as they show a broken role: documents of {', '.join(result.held)}",
                   err=True)
    if result.orphans and not quiet:
        click.echo(f"note: outputs of roles that no longer exist: {', '.join(result.orphans)}; "
                   "--prune deletes them", err=True)


def _report_stopped(result: BuildResult, signum: int, as_json: bool) -> None:
    """What a stopped build finished and what it left, for the one who stopped it."""
    name = signal.Signals(signum).name
    if as_json:
        _echo_json({"exit_code": 128 + signum, "stopped": name, **result.to_json(),
                    "left": [target.relative_path for target in result.left]})
        return
    click.echo(f"stopped by {name}: {len(result.built)} written, {len(result.failed)} failed, "
               f"{len(result.left)} left", err=True)
    for target in result.left:
        click.echo(f"left: {target.relative_path}", err=True)


def _echo_json(document: dict[str, Any]) -> None:
    click.echo(json.dumps(document, indent=1, ensure_ascii=False))


class _StopOnSignals:
    """SIGINT and SIGTERM ask the build to stop (it keeps what finished); a second one stops it at once."""

    def __init__(self) -> None:
        self.signum = 0
        self._previous: dict[int, SignalHandler] = {}

    def requested(self) -> bool:
        return bool(self.signum)

    def __enter__(self) -> _StopOnSignals:
        for signum in (signal.SIGINT, signal.SIGTERM):
            self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signum:  # asked twice: do not wait for the document in hand
            raise SystemExit(128 + signum)
        self.signum = signum


class _Progress:
    """A progress bar on a terminal; plain log lines in CI or when piped; nothing with --json."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.interactive = sys.stderr.isatty() and not os.environ.get("CI")
        self.bars = contextlib.ExitStack()
        #: Moves the bar on by one document, naming it; None until the first document.
        self.advance: Callable[[str], None] | None = None

    def __call__(self, outcome: Outcome, total: int) -> None:
        if not self.enabled:
            return
        if not self.interactive:
            state = f"FAILED ({printable(outcome.error)})" if outcome.error else "built"
            click.echo(f"{state} {outcome.target.relative_path}", err=True)
            return
        if self.advance is None:
            bar = self.bars.enter_context(click.progressbar(length=total, label="building", file=sys.stderr,
                                                            show_pos=True, item_show_func=lambda item: item))
            self.advance = lambda name: bar.update(1, name)
        self.advance(outcome.target.relative_path)

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.bars.close()


@cli.command("lint")
@project_option
@click.option("--role", "roles", multiple=True, metavar="ID", help="Check only this role's job ad (repeatable).")
def lint_command(project_dir: Path, roles: tuple[str, ...]) -> None:
    """Check job ads against the posting rules of their places, and for unlawful or coded wording.

    Exit codes: 0 when only style warnings, 1 when a finding breaks a law, 2 bad input.
    """
    from .checks.lint import exit_code, lint_project
    from .checks.placeholders import placeholder_problems
    from .model.project import load_project

    project = load_project(project_dir)
    findings = lint_project(project, list(roles) or None)
    placeholders = placeholder_problems(project, list(roles) or None)
    for problem in placeholders:
        click.echo(f"warning: {problem}")
    for finding in findings:
        click.echo(f"{finding.severity}: {finding} [{finding.code}]")
    errors = sum(finding.severity == "error" for finding in findings)
    click.echo(f"{errors} error(s), {len(findings) + len(placeholders) - errors} warning(s)", err=True)
    raise SystemExit(exit_code(findings))


@cli.command("merge-manifests")
@click.argument("manifests", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the merged manifest.")
def merge_manifests_command(manifests: tuple[Path, ...], output: Path) -> None:
    """Merge the manifests of --shard builds into the one a full build writes."""
    from .batch.manifest import merge_manifests
    from .batch.output import write_atomic

    merged = merge_manifests(list(manifests))
    write_atomic(output, merged.to_bytes())
    click.echo(f"merged {len(manifests)} manifests: {len(merged.outputs)} outputs into {output}")


@cli.command("list")
@project_option
def list_command(project_dir: Path) -> None:
    """Show the project's roles with their title, parent and level."""
    from .model.project import load_project

    project = load_project(project_dir)
    language = project.languages[0]
    rows = [(role.id, printable(role.title.get_text(language)), role.extends or "-", str(role.level or "-"))
            for role in project.roles.values()]
    header = ("ID", "TITLE", "EXTENDS", "LEVEL")
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(3)]
    for row in [header, *rows]:
        click.echo("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row[:3])) + "  " + row[3])


@cli.command("validate")
@project_option
def validate_command(project_dir: Path) -> None:
    """Check the project file, every role and every template; print each problem."""
    from .batch.build import render_all
    from .batch.plan import plan
    from .checks.placeholders import placeholder_problems
    from .model.project import load_project

    try:
        project = load_project(project_dir)
        render_all(project, plan(project, formats=["pdf", "html"]))  # html: the careers site's index too
    except InputError as error:
        for problem in error.problems:
            click.echo(str(_as_option(problem)), err=True)
        click.echo(f"{len(error.problems)} problem(s) found.", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
    for problem in placeholder_problems(project):
        click.echo(f"warning: {problem}", err=True)
    count = len(project.roles)
    click.echo(f"{count} role{'s are' if count != 1 else ' is'} valid; every template renders.")


@cli.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=Path("."), required=False)
@click.option("--lang", "languages", multiple=True, metavar="LANG",
              help="A language of the project (repeatable).  [default: zh and en]")
def init_command(directory: Path, languages: tuple[str, ...]) -> None:
    """Start a project in DIRECTORY: jobdocs.yaml, two example roles and editor schemas.

    Never overwrites a file: when one exists, nothing is written (exit 2).
    """
    from .scaffold import init_project

    for name in init_project(directory, languages):
        click.echo(f"wrote {directory / name}")
    click.echo(f"next: jobdocs build -C {directory}")


@cli.command("new")
@click.argument("role_id")
@click.option("--extends", "parent", metavar="PARENT", help="The id of the role this one extends.")
@project_option
def new_command(role_id: str, parent: str | None, project_dir: Path) -> None:
    """Add roles/ROLE_ID.yaml with every required field as a TODO: placeholder."""
    from .scaffold import new_role

    for name in new_role(project_dir, role_id, parent):
        click.echo(f"wrote {project_dir / name}")


@cli.command("schema")
@click.argument("which", type=click.Choice(["role", "project", "context"]))
@click.option("--lang", "languages", multiple=True, metavar="LANG",
              help="Require a text in this language in every text map (repeatable).")
def schema_command(which: str, languages: tuple[str, ...]) -> None:
    """Print the JSON Schema of a role file or of jobdocs.yaml, for editors; or, for `context`, the
    template designer's reference: every variable and filter a template receives, as Markdown."""
    if which == "context":
        from .html.reference import context_reference, own_filters
        from .html.templates import Templates

        click.echo(context_reference(own_filters(Templates(Path.cwd()).env)), nl=False)
        return
    from .model.json_schema import schema_text

    click.echo(schema_text(which, languages), nl=False)


@cli.command("serve")
@project_option
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port on 127.0.0.1 to serve on; 0 takes any free port.")
def serve_command(project_dir: Path, port: int) -> None:
    """Preview every document in the browser, rebuilt as you save a role, template or jobdocs.yaml.

    Serves only on this machine (127.0.0.1). Ctrl-C stops it.
    """
    import signal
    import threading

    from .preview.server import PreviewServer

    server = PreviewServer(project_dir, port)
    try:
        server.start()
    except OSError as error:
        click.echo(f"error: cannot listen on 127.0.0.1:{port}: {error.strerror}; pass another --port", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
    # Its own handlers, whatever it inherits: a script's `jobdocs serve &` starts with SIGINT ignored,
    # and SIGTERM (systemd, docker stop, kill) must stop it as cleanly as Ctrl-C.
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    click.echo(f"Previewing {project_dir.resolve()} at {server.url}  (Ctrl-C to stop)", err=True)
    try:
        while not stopping.wait(0.5):  # a short wait, so that the main thread runs the handlers promptly
            pass
        click.echo("stopping", err=True)
    finally:
        server.stop()


def _width(text: str) -> int:
    """Columns a text takes in a terminal: Chinese characters take two."""
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def main() -> None:
    try:
        cli(prog_name="jobdocs")
    except Exception as error:  # a bug of jobdocs, not a user's mistake: say so without a wall of traceback
        if os.environ.get("JOBDOCS_DEBUG"):
            raise
        click.echo(f"jobdocs: internal error: {type(error).__name__}: {error}\n"
                   "Please report it, with the output of the same command run with JOBDOCS_DEBUG=1.", err=True)
        raise SystemExit(EXIT_RENDER_FAILED) from None
