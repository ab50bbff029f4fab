"""Load YAML content files into pydantic models, with errors that name file, line and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from core.errors import ContentError, ContentProblem, field_of

M = TypeVar("M", bound=BaseModel)


class Strict(BaseModel):
    """The base of every content model: an unknown field is an error (a typo must not pass silently)."""

    model_config = ConfigDict(extra="forbid")


def _locate(node: Any, loc: tuple[Any, ...]) -> tuple[int, int]:
    """1-based (line, column) of the deepest YAML node a pydantic error location reaches."""
    line, col = (getattr(node, "lc", None) and (node.lc.line, node.lc.col)) or (0, 0)
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            line, col = node.lc.key(part)
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line, col = node.lc.item(part)
            node = node[part]
        else:
            break  # a missing key: report where its parent is
    return line + 1, col + 1


def read_yaml(path: Path) -> Any:
    """Parse a YAML file (round-trip mode keeps positions). Syntax errors become ContentError."""
    try:
        return YAML(typ="rt").load(path)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = ContentProblem(file=str(path), line=line, column=col, field="", message=str(exc.problem or exc))
        raise ContentError([problem]) from None
    except OSError as exc:
        raise ContentError([ContentProblem(file=str(path), message=f"cannot read file: {exc}")]) from None


def validate_data(data: Any, model: type[M], path: Path) -> M:
    """Validate parsed YAML against ``model``; every pydantic error is mapped to its line."""
    if data is None:
        raise ContentError([ContentProblem(file=str(path), line=1, message="file is empty")])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            line, col = _locate(data, tuple(err["loc"]))
            problems.append(ContentProblem(file=str(path), line=line, column=col, field=field_of(err),
                                           message=err["msg"]))
        raise ContentError(problems) from None


def load_model(path: Path, model: type[M]) -> M:
    return validate_data(read_yaml(path), model, path)
