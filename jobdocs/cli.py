"""The ``jobdocs`` command: a thin layer over :mod:`jobdocs.build` and :mod:`jobdocs.project`."""
from __future__ import annotations

from pathlib import Path

import click

from . import __version__
from .errors import EXIT_BAD_INPUT, InputError

project_option = click.option(
    "-C", "project_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
    show_default="current folder", help="The project folder (holds jobdocs.yaml and roles/).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jobdocs")
def cli() -> None:
    """Turn role files into job ads, interview guides and training handouts, as PDF and DOCX."""


@cli.command("build")
@project_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the documents.  [default: DIR/output]")
@click.option("--role", "roles", multiple=True, metavar="ID", help="Build only this role (repeatable).")
@click.option("--kind", "kinds", multiple=True,
              type=click.Choice(["job-ad", "interview-guide", "training-handout"]), help="Document kind (repeatable).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["pdf", "docx"]), help="Format (repeatable).")
@click.option("--lang", "languages", multiple=True, metavar="LANG", help="Language (repeatable).")
def build_command(project_dir: Path, out_dir: Path | None, roles: tuple[str, ...], kinds: tuple[str, ...],
                  formats: tuple[str, ...], languages: tuple[str, ...]) -> None:
    """Build every document of the project, or the ones picked by the options."""
    from .build import build

    result = build(project_dir, out_dir, roles=roles, kinds=kinds, formats=formats, languages=languages)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    for target, message in result.failed:
        click.echo(f"error: {target.relative_path}: {message}", err=True)
    click.echo(result.summary())
    raise SystemExit(result.exit_code)


@cli.command("list")
@project_option
def list_command(project_dir: Path) -> None:
    """Show the project's roles with their title, parent and level."""
    from .project import load_project

    project = load_project(project_dir)
    language = project.languages[0]
    rows = [(role.id, role.title.get_text(language), role.extends or "-", str(role.level or "-"))
            for role in project.roles.values()]
    header = ("ID", "TITLE", "EXTENDS", "LEVEL")
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(3)]
    for row in [header, *rows]:
        click.echo("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row[:3])) + "  " + row[3])


@cli.command("validate")
@project_option
def validate_command(project_dir: Path) -> None:
    """Check the project file, every role and every template; print each problem."""
    from .build import plan, render_all
    from .project import load_project

    try:
        project = load_project(project_dir)
        render_all(project, plan(project, formats=["pdf"]))
    except InputError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(error.problems)} problem(s) found.", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
    click.echo(f"{len(project.roles)} roles are valid; every template renders.")


def _width(text: str) -> int:
    """Columns a text takes in a terminal: Chinese characters take two."""
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def main() -> None:
    cli(prog_name="jobdocs")
