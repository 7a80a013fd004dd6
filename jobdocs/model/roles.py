"""Load ``roles/*.yaml``: parse each file, resolve ``extends`` once, and validate the result.

Inheritance follows DOMAIN.md. A field a child leaves out comes from its parent; ``null`` clears an
inherited value. The maps ``requirements``, ``employment``, ``posting``, ``interview`` (and ``extra``) merge
key by key, so a child that sets only ``employment.hours`` keeps the parent's location. A map inside them
(``employment.salary``) is replaced whole: a pay range's currency, bounds, period and basis are one
statement, and a child's bounds in its parent's currency would be a mistake nobody sees. Lists are replaced
whole, except ``competencies``, which merge by ``id``: a child's entry replaces the parent's entry whole.

Every value of the resolved role knows where it was written (:mod:`jobdocs.model.provenance`).
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, Problem
from .models import ID_HINT, ID_PATTERN, Role
from .provenance import MergedDict, trace
from .schema import Parser, Where
from .yamlsource import SourceDict, SourceList, load_yaml

#: The role's maps that merge key by key through ``extends``.
MERGED_MAPS = ("requirements", "employment", "posting", "interview", "extra")


#: A role's ``(extends, reports_to)``.
Links = tuple[str | None, str | None]


@dataclass
class LoadedRoles:
    """The roles that validate, and what is wrong with the others."""

    #: Every role that validates, whose ancestors validate too, by id; inheritance resolved.
    roles: dict[str, Role] = field(default_factory=dict)
    #: Every problem found, each role's together, in file order.
    problems: list[Problem] = field(default_factory=list)
    #: The ids of the roles left out of ``roles``: those with problems (a file that cannot be read counts by
    #: its name), and those that extend one of them.
    broken: set[str] = field(default_factory=set)
    #: Each broken role's ``extends`` and ``reports_to`` as its file gives them, where it can be read: the
    #: documents of the roles it is linked to would show it.
    broken_links: dict[str, Links] = field(default_factory=dict)


def never_stop() -> None:
    """The stop check of a caller that never stops."""


def read_roles(roles_dir: Path, shown_dir: str, languages: list[str],
               stop: Callable[[], None] = never_stop) -> LoadedRoles:
    """Read every role file, and resolve and check each role whose files and ancestors allow it.

    ``stop()`` is called before each file and each role, and raises to end the loading there: a
    large project takes a while to load, and whoever asked to stop should not wait for all of it.
    """
    loaded = LoadedRoles()
    unreadable: set[str] = set()
    raw_roles = read_role_files(roles_dir, shown_dir, loaded.problems, unreadable, stop)
    loaded.broken |= unreadable
    problems_of: dict[str, list[Problem]] = {}
    for role_id, raw in raw_roles.items():
        stop()
        problems_of[role_id] = _file_problems(role_id, raw, raw_roles, unreadable, languages)
    owner = {raw.file: role_id for role_id, raw in raw_roles.items()}
    # Parents first, so a child whose parent turns out broken is known to be broken too.
    for role_id in sorted(raw_roles, key=lambda role_id: len(_ancestry(role_id, raw_roles))):
        stop()
        if role_id in unreadable:
            continue  # two files claim this id: their problem says so
        problems = problems_of[role_id]
        if _broken_ancestor(role_id, raw_roles, loaded.broken) is not None:
            # Left out, with no problem of its own: the ancestor's problems say what to fix.
            loaded.broken.add(role_id)
            continue
        if not problems:
            parser = Parser(languages)
            role = _resolve(role_id, raw_roles, parser, owner)
            problems += parser.problems
            if role is not None and not problems:
                loaded.roles[role_id] = role
        if problems:
            loaded.broken.add(role_id)
    loaded.problems += [problem for role_id in raw_roles for problem in problems_of[role_id]]
    loaded.roles = {role_id: loaded.roles[role_id] for role_id in raw_roles if role_id in loaded.roles}
    loaded.broken_links = {role_id: (id_text(raw, "extends"), id_text(raw, "reports_to"))
                           for role_id, raw in raw_roles.items() if role_id in loaded.broken}
    return loaded


def role_links(roles: dict[str, Role]) -> dict[str, Links]:
    """Each role's ``extends`` and ``reports_to``: the links its ladder and its neighbours' titles follow."""
    return {role_id: (role.extends, role.reports_to) for role_id, role in roles.items()}


def _file_problems(role_id: str, raw: SourceDict, raw_roles: dict[str, SourceDict], unreadable: set[str],
                   languages: list[str]) -> list[Problem]:
    """What is wrong with one role's file on its own, and with the roles it names."""
    parser = Parser(languages)
    # A child's required fields may come from its parent: checked once the two are merged.
    parser.parse_model(Role, raw, Where(raw.file, 1, ()), partial="extends" in raw)
    return parser.problems + _link_problems(role_id, raw_roles, unreadable) + _duplicate_competencies(raw)


def read_role_files(roles_dir: Path, shown_dir: str, problems: list[Problem], unreadable: set[str],
                    stop: Callable[[], None] = never_stop) -> dict[str, SourceDict]:
    """The role files that parse, by id; ``unreadable`` gets the ids (or file names) of those that do not."""
    raw_roles: dict[str, SourceDict] = {}
    paths = sorted([*roles_dir.glob("*.yaml"), *roles_dir.glob("*.yml")])
    if not paths:
        problems.append(Problem(shown_dir, 0, "", "no role files (*.yaml) found; add one like roles/store-manager.yaml"))
    for path in paths:
        stop()
        shown = f"{shown_dir}/{path.name}"
        try:
            raw = load_yaml(path, shown, roots=(roles_dir.parent,))  # a link inside the project is fine
        except InputError as error:
            problems += error.problems
            unreadable.add(path.stem)
            continue
        if not isinstance(raw, SourceDict):
            problems.append(Problem(shown, 1, "", "a role file must be a mapping of fields (title: ..., summary: ...)"))
            unreadable.add(path.stem)
            continue
        role_id = id_text(raw, "id")
        if raw.get("id") is None:
            role_id = path.stem
            if not re.fullmatch(ID_PATTERN, role_id):
                problems.append(Problem(shown, 1, "id", f"the file name {path.stem!r} is not a valid id ({ID_HINT}); "
                                                        "rename the file or add an id: line"))
                unreadable.add(path.stem)
                continue
        elif role_id is None:
            problems.append(Where.of_key(raw, "id").problem(f"must be a text like store-manager, got {raw['id']!r}"))
            unreadable.add(path.stem)
            continue
        if role_id in raw_roles:
            first = raw_roles[role_id].file
            problems.append(Problem(shown, raw.line_of("id"), "id", f"'{role_id}' is already the id of {first}"))
            unreadable.add(role_id)  # which of the two files is meant, only the user knows
            continue
        raw_roles[role_id] = raw
    return raw_roles


def _link_problems(role_id: str, raw_roles: dict[str, SourceDict], unreadable: set[str]) -> list[Problem]:
    """An unknown parent or ``reports_to`` role, or an ``extends`` cycle through this role.

    A role in a file that could not be read is not unknown: its file's own problem says why.
    """
    raw = raw_roles[role_id]
    problems = []
    for key in ("extends", "reports_to"):
        target = id_text(raw, key)
        if target is not None and target not in raw_roles and target not in unreadable:
            guess = difflib.get_close_matches(target, list(raw_roles), n=1, cutoff=0.6)
            advice = f"did you mean '{guess[0]}'?" if guess else f"known: {', '.join(sorted(raw_roles))}"
            problems.append(Where.of_key(raw, key).problem(f"no role has the id '{target}'; {advice}"))
    chain = _ancestry(role_id, raw_roles)
    if chain and chain[-1] == role_id:
        cycle = " -> ".join([role_id, *chain])
        problems.append(Where.of_key(raw, "extends").problem(f"roles extend each other in a cycle: {cycle}"))
    return problems


def _duplicate_competencies(raw: SourceDict) -> list[Problem]:
    entries = raw.get("competencies")
    if not isinstance(entries, SourceList):
        return []
    first_index: dict[str, int] = {}
    problems = []
    for index, entry in enumerate(entries):
        competency_id = competency_key(entry)
        if competency_id in first_index:
            where = Where.of_key(entries, index)
            problems.append(Problem(where.file, where.line, f"competencies[{index}].id",
                                    f"'{competency_id}' is already the id of competencies[{first_index[competency_id]}]; "
                                    "ids must be unique within a role"))
        elif competency_id is not None:
            first_index[competency_id] = index
    return problems


def _ancestry(role_id: str, raw_roles: dict[str, SourceDict]) -> list[str]:
    """Parent, grandparent, ...; stops at the first repeat so a cycle ends with a role seen before."""
    chain: list[str] = []
    current = id_text(raw_roles[role_id], "extends")
    while current is not None and current in raw_roles:
        chain.append(current)
        if current == role_id or chain.count(current) > 1:
            break
        current = id_text(raw_roles[current], "extends")
    return chain


def _broken_ancestor(role_id: str, raw_roles: dict[str, SourceDict], broken: set[str]) -> str | None:
    """The nearest ancestor of ``role_id`` known to be broken, its file unreadable included; None if none is."""
    seen = {role_id}
    current = id_text(raw_roles[role_id], "extends")
    while current is not None and current not in seen:
        if current in broken:
            return current
        if current not in raw_roles:
            return None
        seen.add(current)
        current = id_text(raw_roles[current], "extends")
    return None


def _resolve(role_id: str, raw_roles: dict[str, SourceDict], parser: Parser, owner: dict[str, str]) -> Role | None:
    """The role with its ancestors' fields, or None when the merged fields do not validate (``parser`` says why)."""
    lineage = [*reversed(_ancestry(role_id, raw_roles)), role_id]  # root first
    merged = _merge([raw_roles[ancestor] for ancestor in lineage])
    role = parser.parse_model(Role, merged, Where(merged.file, 1, ()))
    if not isinstance(role, Role):
        return None
    role.id, role.source = role_id, raw_roles[role_id].file
    role.origins = trace(merged, lambda file: owner.get(file, ""))
    if role.reports_to == role_id:
        parser.report(Where.of_key(merged, "reports_to"),
                      f"'{role_id}' reports to itself (inherited from its parent?); write 'reports_to: null' to clear it")
    for competency, entry in zip(role.competencies, merged["competencies"], strict=True):
        competency.defined_by = owner[entry.file]
        competency.introduced_by = next(
            (ancestor for ancestor in lineage if competency.id in _competency_ids(raw_roles[ancestor])), role_id)
    return role


def _merge(lineage: list[SourceDict]) -> MergedDict:
    """One mapping for the role, by the rules in this module's docstring; each key keeps its file and line."""
    child = lineage[-1]
    merged = MergedDict(child.file, child.path, child.line)
    for raw in lineage:
        for key, value in raw.items():
            merged.take(raw, key, _merge_map(merged.get(key), value) if key in MERGED_MAPS else value)
    competencies = SourceList(child.file, ("competencies",), child.line_of("competencies"))
    for raw in lineage:
        for entry in raw.get("competencies") or []:
            ids = [competency_key(existing) for existing in competencies]
            if competency_key(entry) in ids:
                competencies[ids.index(competency_key(entry))] = entry
            else:
                competencies.append(entry)
    competencies.item_lines = [entry.line for entry in competencies]
    merged["competencies"] = competencies
    return merged


def _merge_map(inherited: object, own: object) -> object:
    """A map merged key by key: the child's keys replace the parent's, and ``key: null`` drops an inherited one."""
    if not isinstance(inherited, SourceDict) or not isinstance(own, SourceDict):
        return own  # a wrong shape is reported by the parser, in the file that wrote it
    merged = MergedDict(own.file, own.path, own.line)
    for source in (inherited, own):
        for key, value in source.items():
            merged.take(source, key, value)
    for key in [key for key, value in merged.items() if value is None]:
        del merged[key]
    return merged


def _competency_ids(raw: SourceDict) -> set[str | None]:
    return {competency_key(entry) for entry in raw.get("competencies") or []}


def competency_key(entry: object) -> str | None:
    """A competency entry's id as the models hold it (``id: 2`` is the text '2'); None when it has none."""
    return id_text(entry, "id") if isinstance(entry, SourceDict) else None


def id_text(container: SourceDict, key: str) -> str | None:
    """An id as the parser reads it: a number is the text it was written as (``id: 2024`` is '2024')."""
    value = container.get(key)
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return container.spellings.get(key) or str(value)
    return None
