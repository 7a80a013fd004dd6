"""What a build did: :class:`BuildResult`, and :class:`BuildStopped` for a build asked to stop.

Light on purpose: a no-op build answers with a BuildResult without importing the build machinery.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EXIT_OK, EXIT_RENDER_FAILED, JobdocsError, Problem
from ..model.outputs import Target


@dataclass
class BuildResult:
    out_dir: Path
    built: list[Target] = field(default_factory=list)
    skipped: list[Target] = field(default_factory=list)
    failed: list[tuple[Target, str]] = field(default_factory=list)
    #: Files of the folder itself that could not be written (``manifest.json``), and why.
    errors: dict[str, str] = field(default_factory=dict)
    orphans: list[str] = field(default_factory=list)
    pruned: list[str] = field(default_factory=list)
    #: Every warning (``severity="warning"``) not silenced by ``lint.ignore`` in jobdocs.yaml.
    warnings: list[Problem] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)
    #: What a stopped build had not finished.
    left: list[Target] = field(default_factory=list)
    #: The problems of the role files that do not validate; their roles were not built.
    problems: list[Problem] = field(default_factory=list)
    #: The ids of the roles not built because they (or an ancestor) do not validate; their outputs are kept.
    broken: list[str] = field(default_factory=list)
    #: The roles that validate with documents not built either, as they show a broken role (its title, the
    #: ladder): those are kept as they were until it validates again.
    held: list[str] = field(default_factory=list)
    worker_peak_kib: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return EXIT_RENDER_FAILED if self.failed or self.errors or self.problems else EXIT_OK

    def summary(self) -> str:
        text = f"built {len(self.built)}, skipped {len(self.skipped)} unchanged"
        if self.failed:
            text += f", {len(self.failed)} FAILED"
        if self.pruned:
            text += f", pruned {len(self.pruned)}"
        if self.broken:
            text += f", {len(self.broken)} broken role(s) NOT BUILT"
        return text + f" in {self.seconds:.1f} s into {self.out_dir}"

    def to_json(self) -> dict[str, Any]:
        status = {t.relative_path: "built" for t in self.built}
        status.update({t.relative_path: "skipped" for t in self.skipped})
        status.update({t.relative_path: "failed" for t, _ in self.failed})
        return {
            "built": len(self.built), "skipped": len(self.skipped), "failed": len(self.failed),
            "pruned": len(self.pruned), "seconds": round(self.seconds, 3), "out_dir": str(self.out_dir),
            "outputs": [{"path": path, "status": status[path], "key": self.keys.get(path, "")}
                        for path in sorted(status)],
            "errors": {**{t.relative_path: message for t, message in self.failed}, **self.errors},
            "orphans": self.orphans, "warnings": [warning.as_dict() for warning in self.warnings],
            "problems": [problem.as_dict() for problem in self.problems], "broken": self.broken, "held": self.held,
        }


#: Asked between steps, HTML renders and worker results: true when the build should stop.
StopRequest = Callable[[], bool]


class BuildStopped(JobdocsError):
    """The build was asked to stop; ``result`` says what finished and what was left (``result.left``)."""

    def __init__(self, result: BuildResult):
        self.result = result
        super().__init__(f"stopped: {len(result.built)} written, {len(result.left)} left")
