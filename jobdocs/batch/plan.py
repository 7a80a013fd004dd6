"""What a build makes: its targets, their expected cost, and the deterministic slices of ``--shard``."""
from __future__ import annotations

from collections.abc import Iterable

from ..errors import InputError, argument_problem
from ..model.outputs import SITE, Target, logo_target
from ..model.project import Project
from ..model.choices import KINDS
from ..writers import SITE_WRITER, default_formats, format_names, writer

#: Relative cost of a document per competency, measured with bench/run.py: a training handout's PDF
#: is about four times a job ad's. Each format's own factor is its writer's ``cost``.
KIND_COST = {"job-ad": 1.0, "interview-guide": 3.0, "training-handout": 4.0, "trainer-guide": 3.0}


def plan(project: Project, *, roles: Iterable[str] = (), kinds: Iterable[str] = (), formats: Iterable[str] = (),
         languages: Iterable[str] = ()) -> list[Target]:
    """Every target of the selection, in a stable order; an unknown name is an input error."""
    chosen_roles = _choose("role", "roles", list(roles), list(project.roles))
    chosen_kinds = _choose("kind", "kinds", list(kinds), list(KINDS))
    chosen_formats = _choose("format", "formats", list(formats), format_names(formats)) if formats else default_formats()
    chosen_languages = _choose("language", "languages", list(languages), project.languages)
    targets = [Target(role_id, kind, language, fmt) for role_id in chosen_roles for kind in chosen_kinds
               for language in chosen_languages for fmt in chosen_formats if writer(fmt).writes(kind)]
    if SITE_WRITER in chosen_formats and any(writer(SITE_WRITER).writes(kind) for kind in chosen_kinds):
        targets += site_targets(project, chosen_languages)
    return targets


def site_targets(project: Project, languages: list[str]) -> list[Target]:
    """The careers site's index in each language; with the site's address, its sitemap and its logo.

    Link previews need the logo at an absolute address (``og:image``), so it is published only then.
    """
    targets = [Target(SITE, "index", language, "html") for language in languages]
    if not project.config.site.url:
        return targets
    targets.append(Target(SITE, "sitemap", "", "xml"))
    return targets + ([logo_target(project)] if project.logo else [])


def expected_cost(project: Project, target: Target) -> float:
    """A target's expected rendering time, in arbitrary units; only ratios matter."""
    if target.is_site:
        return writer(SITE_WRITER).cost * len(project.roles)
    competencies = len(project.roles[target.role_id].competencies)
    return KIND_COST.get(target.kind, 1.0) * (2 + competencies) * writer(target.format).cost


def shard(project: Project, targets: list[Target], index: int, count: int) -> list[Target]:
    """The ``index``-th (1-based) of ``count`` slices, balanced by expected cost, the same on every machine."""
    loads = [0.0] * count
    slices: list[list[Target]] = [[] for _ in range(count)]
    # Longest first onto the lightest slice: the classic greedy that keeps slices within a few percent.
    for target in sorted(targets, key=lambda t: (-expected_cost(project, t), t)):
        lightest = loads.index(min(loads))
        slices[lightest].append(target)
        loads[lightest] += expected_cost(project, target)
    return sorted(slices[index - 1])


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/4"`` -> ``(2, 4)``; anything else is a usage error."""
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        index = count = 0
    if not 1 <= index <= count:
        raise InputError(argument_problem("shard", f"must be K/N with 1 <= K <= N, like 2/4; got {text!r}",
                                          "bad-shard"))
    return index, count


def _choose(what: str, argument: str, chosen: list[str], known: list[str]) -> list[str]:
    unknown = [name for name in chosen if name not in known]
    if unknown:
        raise InputError([argument_problem(argument, f"unknown {what} {name!r}; choose from {', '.join(known)}",
                                           f"unknown-{what}") for name in unknown])
    return [name for name in known if name in chosen] if chosen else known
