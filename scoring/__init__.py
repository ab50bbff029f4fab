"""Scoring: rubric-based feedback on a call, decided by auditable code with an optional LLM judge.

    from scoring import load_call, load_rubric, score_call
    card = score_call(load_call(path))             # code only
    card = score_call(load_call(path), judge=Judge(backend))
"""

from scoring.callio import LoadedCall, from_data, load_call
from scoring.judge import PROMPT_VERSION, Judge
from scoring.rubric import Rubric, load_rubric
from scoring.scorecard import Scorecard
from scoring.scorer import assess, finish, score_call, score_call_async

__all__ = [
    "PROMPT_VERSION", "Judge", "LoadedCall", "Rubric", "Scorecard", "assess", "finish", "from_data", "load_call",
    "load_rubric", "score_call", "score_call_async",
]
