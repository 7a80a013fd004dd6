"""Load ``roles/*.yaml``: parse each file, resolve ``extends``, and validate the result."""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from ..errors import InputError, Problem
from .models import ID_HINT, ID_PATTERN, Role
from .schema import INVALID, Parser, Where
from .yamlsource import SourceDict, SourceList, load_yaml


def load_roles(roles_dir: Path, shown_dir: str, languages: list[str]) -> dict[str, Role]:
    """All roles of a project by id, inheritance resolved; raise one :class:`InputError` listing every problem."""
    return read_roles(roles_dir, shown_dir, languages)[0]


def read_roles(roles_dir: Path, shown_dir: str, languages: list[str]) -> tuple[dict[str, Role], dict[str, SourceDict]]:
    """The roles, and each role's file as read, which knows the line of every value."""
    problems: list[Problem] = []
    unreadable: set[str] = set()
    raw_roles = read_role_files(roles_dir, shown_dir, problems, unreadable)
    parser = Parser(languages)
    for raw in raw_roles.values():
        # A child's required fields may come from its parent: checked once the two are merged.
        parser.parse_model(Role, raw, Where(raw.file, 1, ()), partial="extends" in raw)
    problems += parser.problems
    problems += _link_problems(raw_roles, unreadable)
    problems += [problem for raw in raw_roles.values() for problem in _duplicate_competencies(raw)]
    if problems:
        raise InputError(problems)
    roles = {role_id: _resolve(role_id, raw_roles, parser) for role_id in raw_roles}
    if parser.problems:
        raise InputError(parser.problems)
    return roles, raw_roles


def read_role_files(roles_dir: Path, shown_dir: str, problems: list[Problem],
                     unreadable: set[str]) -> dict[str, SourceDict]:
    """The role files that parse, by id; ``unreadable`` gets the names of those that do not."""
    raw_roles: dict[str, SourceDict] = {}
    paths = sorted([*roles_dir.glob("*.yaml"), *roles_dir.glob("*.yml")])
    if not paths:
        problems.append(Problem(shown_dir, 0, "", "no role files (*.yaml) found; add one like roles/store-manager.yaml"))
    for path in paths:
        shown = f"{shown_dir}/{path.name}"
        try:
            raw = load_yaml(path, shown, roots=(roles_dir.parent,))  # a link inside the project is fine
        except InputError as error:
            problems += error.problems
            unreadable.add(path.stem)
            continue
        if not isinstance(raw, SourceDict):
            problems.append(Problem(shown, 1, "", "a role file must be a mapping of fields (title: ..., summary: ...)"))
            continue
        role_id = raw.get("id")
        if role_id is None:
            role_id = path.stem
            if not re.fullmatch(ID_PATTERN, role_id):
                problems.append(Problem(shown, 1, "id", f"the file name {path.stem!r} is not a valid id ({ID_HINT}); "
                                                        "rename the file or add an id: line"))
                continue
        elif isinstance(role_id, (int, float)) and not isinstance(role_id, bool):
            role_id = str(role_id)
        elif not isinstance(role_id, str):
            problems.append(Where.of_key(raw, "id").problem(f"must be a text like store-manager, got {role_id!r}"))
            continue
        if role_id in raw_roles:
            first = raw_roles[role_id].file
            problems.append(Problem(shown, raw.line_of("id"), "id", f"'{role_id}' is already the id of {first}"))
            continue
        raw_roles[role_id] = raw
    return raw_roles


def _link_problems(raw_roles: dict[str, SourceDict], unreadable: set[str]) -> list[Problem]:
    """Unknown parents, ``extends`` cycles and unknown ``reports_to`` roles.

    A role in a file that could not be read is not unknown: its file's own problem says why.
    """
    problems = []
    for role_id, raw in raw_roles.items():
        for key in ("extends", "reports_to"):
            target = raw.get(key)
            if isinstance(target, str) and target not in raw_roles and target not in unreadable:
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
    first_index: dict = {}
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
    current = raw_roles[role_id].get("extends")
    while isinstance(current, str) and current in raw_roles:
        chain.append(current)
        if current == role_id or chain.count(current) > 1:
            break
        current = raw_roles[current].get("extends")
    return chain


def _resolve(role_id: str, raw_roles: dict[str, SourceDict], parser: Parser) -> Role:
    lineage = [*reversed(_ancestry(role_id, raw_roles)), role_id]  # root first
    merged = _merge([raw_roles[ancestor] for ancestor in lineage])
    role = parser.parse_model(Role, merged, Where(merged.file, 1, ()))
    if role is INVALID:
        return role
    role.id, role.source = role_id, raw_roles[role_id].file
    if role.reports_to == role_id:
        parser.report(Where.of_key(merged, "reports_to"),
                      f"'{role_id}' reports to itself (inherited from its parent?); write 'reports_to: null' to clear it")
    owner = {raw.file: ancestor for ancestor, raw in raw_roles.items()}
    for competency, raw in zip(role.competencies, merged["competencies"]):
        competency.defined_by = owner[raw.file]
        competency.introduced_by = next(
            ancestor for ancestor in lineage if competency.id in _competency_ids(raw_roles[ancestor]))
    return role


def _merge(lineage: list[SourceDict]) -> SourceDict:
    """Fields a child leaves out come from its parent; competencies merge by ``id``."""
    child = lineage[-1]
    merged = SourceDict(child.file, child.path, child.line)
    for raw in lineage:
        for key, value in raw.items():
            if key == "extra":
                value = _merge_extra(merged.get("extra"), value)
            merged[key] = value
            merged.key_lines[key] = raw.key_lines[key] if raw is child else child.line
            merged.spellings.pop(key, None)
            merged.spellings.update({key: raw.spellings[key]} if key in raw.spellings else {})
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


def _merge_extra(inherited: object, own: object) -> object:
    """``extra`` merges by key: a child's ``benefits`` replaces the parent's, and ``benefits: null`` drops it."""
    if not isinstance(inherited, SourceDict) or not isinstance(own, SourceDict):
        return own  # a wrong shape is reported by the parser, in the file that wrote it
    merged = SourceDict(own.file, own.path, own.line)
    for source in (inherited, own):
        for key, value in source.items():
            merged[key] = value
            merged.key_lines[key] = own.key_lines[key] if source is own else own.line
    for key in [key for key, value in merged.items() if value is None]:
        del merged[key]
    return merged


def _competency_ids(raw: SourceDict) -> set:
    return {competency_key(entry) for entry in raw.get("competencies") or []}


def competency_key(entry: object) -> str | None:
    """A competency entry's id as the models hold it (``id: 2`` is the text '2'); None when it has none."""
    competency_id = entry.get("id") if isinstance(entry, SourceDict) else None
    if isinstance(competency_id, (str, int, float)) and not isinstance(competency_id, bool):
        return str(competency_id)
    return None
