"""Scoring: rubric-based feedback on a call, decided by auditable code with an optional LLM judge.

    from scoring.callio import load_call
    from scoring.scorer import score_call
    card = score_call(load_call(path))             # code only
    card = score_call(load_call(path), judge=Judge(backend))   # scoring.judge.Judge
"""
