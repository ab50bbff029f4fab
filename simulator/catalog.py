"""The content library: personas and scenarios loaded from their folders and cross-checked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from core.errors import ContentError, ContentProblem, NotFoundError
from core.languages import Lang
from core.yamlio import load_model
from personas.models import CommonBank, Persona
from scenarios.models import Scenario

ROOT = Path(__file__).resolve().parent.parent
PERSONA_DIR = ROOT / "personas"
SCENARIO_DIR = ROOT / "scenarios"
REPO_SCRIPTS = SCENARIO_DIR / "scripts"
COMMON_FILE = PERSONA_DIR / "shared" / "common.yaml"


@dataclass
class Catalog:
    personas: dict[str, Persona] = field(default_factory=dict)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    common: CommonBank = field(default_factory=CommonBank)

    def persona(self, persona_id: str) -> Persona:
        try:
            return self.personas[persona_id]
        except KeyError:
            raise NotFoundError(f"unknown persona {persona_id!r}") from None

    def scenario(self, scenario_id: str) -> Scenario:
        try:
            return self.scenarios[scenario_id]
        except KeyError:
            raise NotFoundError(f"unknown scenario {scenario_id!r}") from None

    def languages(self, scenario: Scenario) -> list[Lang]:
        persona = self.persona(scenario.persona)
        return [lang for lang in scenario.languages if lang in persona.lines]


def _kind(path: Path) -> type[Persona] | type[Scenario] | type[CommonBank]:
    parent = path.resolve().parent
    if parent == SCENARIO_DIR or parent.name == "scenarios":
        return Scenario
    if parent.name == "shared":
        return CommonBank
    return Persona


def load_files(paths: Iterable[Path]) -> tuple[Catalog, list[ContentProblem]]:
    """Load every file, collecting all problems instead of stopping at the first."""
    cat = Catalog()
    problems: list[ContentProblem] = []
    for path in sorted(paths):
        try:
            obj = load_model(path, _kind(path))
        except ContentError as exc:
            problems += exc.problems
            continue
        if isinstance(obj, CommonBank):
            cat.common = obj
            continue
        target = cat.scenarios if isinstance(obj, Scenario) else cat.personas
        if obj.id in target:
            problems.append(ContentProblem(file=str(path), line=1, field="id", message=f"duplicate id {obj.id!r}"))
        target[obj.id] = obj
        if obj.id != path.stem:
            problems.append(
                ContentProblem(file=str(path), line=1, field="id", message=f"id {obj.id!r} must match file name")
            )
    problems += _cross_check(cat)
    return cat, problems


def _cross_check(cat: Catalog) -> list[ContentProblem]:
    problems = []
    for sc in cat.scenarios.values():
        where = str(SCENARIO_DIR / f"{sc.id}.yaml")
        persona = cat.personas.get(sc.persona)
        if persona is None:
            if cat.personas:  # validating scenarios alone cannot check this
                problems.append(ContentProblem(where, f"unknown persona {sc.persona!r}", 1, 1, "persona"))
            continue
        missing = [str(lang) for lang in sc.languages if lang not in persona.lines]
        if missing:
            problems.append(ContentProblem(where, f"persona has no lines in {', '.join(missing)}", 1, 1, "languages"))
    return problems


def default_paths() -> list[Path]:
    return [COMMON_FILE, *sorted(PERSONA_DIR.glob("*.yaml")), *sorted(SCENARIO_DIR.glob("*.yaml"))]


@cache
def load_catalog() -> Catalog:
    """All shipped content; raises ContentError listing every problem."""
    cat, problems = load_files(default_paths())
    if problems:
        raise ContentError(problems)
    return cat
