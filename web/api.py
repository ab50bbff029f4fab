"""The REST API (FastAPI; OpenAPI at ``/docs``). Text calls go through the same engine as the screen.

Every route names its access rule in ``ACCESS`` (the route-matrix test refuses a route without one):

    token        anyone (it is how a token is obtained)
    signed_in    any signed-in person
    add_users    admins, and managers (for trainees of their own team)
    admin        admins
    call_viewer  whoever may see that call (``accounts.policy.may_see_call``); others get 404, as for an
                 unknown id, so ids of other people's calls are not revealed
    call_owner   the person who made the call (or an admin); 403 for someone who may only see it
    team_viewer  an admin, or the team's own manager (404 for an unknown team, 403 for anyone else)

Errors are JSON ``{"detail": "what went wrong — what to do"}`` with a 4xx status, never a 500.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field

from accounts.policy import may_review_team, may_see_call
from accounts.roles import Principal, Role
from accounts.service import NotAllowed, SignInRefused
from core.errors import AppError, NotFoundError, field_of
from core.languages import Lang, parse_lang
from personas.models import Difficulty
from scoring.callio import from_data
from scoring.judge import Judge
from scoring.progress import progress
from scoring.scorer import score_call_async
from scoring.team import team_report
from simulator.engine.call import Call, CallEnded
from simulator.live_calls import CallRegistry, CallRequest
from simulator.scripted import speak
from storage.accounts import Taken, Team
from storage.comments import add_comment, comments, mark_seen, unseen_counts
from storage.database import StorageError
from storage.repository import CallSummary
from web.auth import Gate

MAX_TEXT = 2000  # characters in one trainee turn
MAX_BODY = 64 * 1024  # bytes in any API request body

ACCESS: dict[tuple[str, str], str] = {
    ("POST", "/api/auth/token"): "token",
    ("POST", "/api/users"): "add_users",
    ("GET", "/api/teams"): "signed_in",
    ("GET", "/api/scenarios"): "signed_in",
    ("POST", "/api/calls"): "signed_in",
    ("GET", "/api/calls"): "signed_in",
    ("GET", "/api/calls/{call_id}"): "call_viewer",
    ("POST", "/api/calls/{call_id}/turns"): "call_owner",
    ("POST", "/api/calls/{call_id}/end"): "call_owner",
    ("GET", "/api/calls/{call_id}/audio"): "call_viewer",
    ("GET", "/api/audit"): "admin",
    ("GET", "/api/me/calls"): "signed_in",
    ("GET", "/api/me/progress"): "signed_in",
    ("POST", "/api/calls/{call_id}/comments"): "call_viewer",
    ("GET", "/api/teams/{team_id}/progress"): "team_viewer",
    ("GET", "/api/teams/{team_id}/heatmap"): "team_viewer",
}


class TokenIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="seconds")


class UserIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    role: Role = Role.TRAINEE
    team: str | None = Field(None, max_length=64, description="team name, created when new")


class UserOut(BaseModel):
    id: str
    username: str
    role: Role
    team: str | None


class CallIn(BaseModel):
    scenario: str = Field(min_length=1, max_length=64)
    language: str = Field(min_length=2, max_length=8, description="zh-CN, zh-TW, id or en")
    difficulty: Difficulty | None = None


class CallOut(BaseModel):
    id: str
    opening: str = Field(description="the persona's first words (outbound calls); empty when the trainee opens")
    ended: bool


class TurnIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT)


class TurnOut(BaseModel):
    reply: str
    ended: bool
    outcome: dict[str, Any]


class CallPage(BaseModel):
    calls: list[CallSummary]
    limit: int
    offset: int
    unseen: dict[str, int] = Field(default_factory=dict, description="your calls' comments you have not read")


class CommentIn(BaseModel):
    at_seconds: float = Field(ge=0, le=24 * 3600, description="the moment of the call it is pinned to")
    text: str = Field(min_length=1, max_length=MAX_TEXT)


STATUS = ((SignInRefused, 401), (NotAllowed, 403), (NotFoundError, 404), (CallEnded, 409), (Taken, 409),
          (StorageError, 503))


def _status(exc: AppError) -> int:
    if isinstance(exc, SignInRefused) and exc.reason == "locked":
        return 429
    return next((code for kind, code in STATUS if isinstance(exc, kind)), 400)


def install_errors(app: FastAPI) -> None:
    """JSON errors a person can act on, for every route: app errors by kind, bad bodies as 422, big ones 413."""

    @app.exception_handler(AppError)
    async def app_error(_request: Request, exc: AppError) -> JSONResponse:
        return JSONResponse({"detail": exc.describe().replace("\n  hint: ", " — ")}, status_code=_status(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_body(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{field_of(e)}: {e['msg']}" for e in exc.errors()[:5]]
        return JSONResponse({"detail": "; ".join(problems) + " — see /docs for the expected body"}, status_code=422)

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Any) -> Any:
        size = request.headers.get("content-length")
        if request.url.path.startswith("/api/") and size and size.isdigit() and int(size) > MAX_BODY:
            return JSONResponse({"detail": f"the request body is over {MAX_BODY // 1024} KB — send less"},
                                status_code=413)
        return await call_next(request)


def api_router(gate: Gate, registry: CallRegistry, judge: Judge | None = None) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["api"])
    store, accounts = registry.store, gate.accounts
    signed_in = Depends(gate.require)

    def visible(who: Principal, call_id: str) -> CallSummary:
        summary = store.summary(call_id)
        if summary is None and call_id in registry.text:  # open, not stored yet (the database is down)
            record = registry.text[call_id].record
            summary = CallSummary(id=record.id, started_at=record.started_at, user_id=record.user_id,  # type: ignore[arg-type]
                                  team_id=record.team_id, language=record.language, scenario_id=record.scenario_id,
                                  persona=record.persona, difficulty=record.difficulty, channel=record.channel,
                                  ended_by=record.outcome.ended_by, objective_reached=False, duration=0.0,
                                  turn_count=len(record.turns))
        if summary is None or not may_see_call(who, summary.user_id, summary.team_id, summary.scenario_id):
            raise NotFoundError(f"no call with id {call_id!r}", "GET /api/calls lists the calls you may see")
        return summary

    def owned(who: Principal, call_id: str) -> Call:
        summary = visible(who, call_id)
        if summary.user_id != who.id and not who.has(Role.ADMIN):
            raise NotAllowed("only the person who made this call can speak in it or end it")
        call = registry.text.get(call_id)
        if call is None:
            raise CallEnded(f"call {call_id} is not open any more")
        return call

    @router.post("/auth/token", response_model=TokenOut)
    async def token(body: TokenIn) -> TokenOut:
        access, _ = await accounts.sign_in(body.username, body.password, kind="bearer")
        return TokenOut(access_token=access, expires_in=int(accounts.settings.token_hours * 3600))

    @router.post("/users", response_model=UserOut, status_code=201)
    async def add_user(body: UserIn, who: Principal = signed_in) -> UserOut:
        user = await asyncio.to_thread(accounts.add_user, None if who.local else who, body.username, body.password,
                                       body.role, body.team)
        return UserOut(id=user.id, username=user.username, role=Role(user.role), team=user.team)

    @router.get("/teams")
    async def teams(who: Principal = signed_in) -> list[dict[str, str]]:
        everyone = [t.model_dump() for t in accounts.store.teams()]
        return everyone if who.has(Role.ADMIN) else [t for t in everyone if t["id"] == who.team_id]

    @router.get("/scenarios")
    async def scenarios(_who: Principal = signed_in) -> list[dict[str, Any]]:
        cat = registry.catalog
        return [{"id": s.id, "persona": s.persona, "direction": s.direction.value, "difficulty": s.difficulty.value,
                 "languages": [lang.value for lang in cat.languages(s)],
                 "title": {lang.value: text for lang, text in s.title.items()}} for s in cat.scenarios.values()]

    @router.post("/calls", response_model=CallOut, status_code=201)
    async def start_call(body: CallIn, who: Principal = signed_in) -> CallOut:
        if body.scenario not in registry.catalog.scenarios:
            raise HTTPException(422, f"unknown scenario {body.scenario!r} — GET /api/scenarios lists them")
        try:
            lang = parse_lang(body.language)
        except ValueError:
            raise HTTPException(422, f"unsupported language {body.language!r} — use one of "
                                     f"{', '.join(x.value for x in Lang)}") from None
        request = CallRequest(scenario_id=body.scenario, lang=lang, difficulty=body.difficulty,
                              user_id=who.id, team_id=who.team_id)
        call_id, call = registry.start_text(request)
        await call.prepare()
        opening = await speak(call.opening()) if call.persona_speaks_first else ""
        return CallOut(id=call_id, opening=opening.strip(), ended=call.ended)

    @router.post("/calls/{call_id}/turns", response_model=TurnOut)
    async def turn(call_id: str, body: TurnIn, who: Principal = signed_in) -> TurnOut:
        call = owned(who, call_id)
        reply = await speak(call.trainee_turn(body.text))
        return TurnOut(reply=reply.strip(), ended=call.ended, outcome=call.record.outcome.model_dump())

    @router.post("/calls/{call_id}/end")
    async def end(call_id: str, who: Principal = signed_in) -> dict[str, Any]:
        call = owned(who, call_id)
        call.hangup()
        registry.text.pop(call_id, None)
        if not any(t.speaker == "trainee" for t in call.record.turns):
            return {"scorecard": None, "detail": "the call had no trainee turns: nothing to score"}
        card = await score_call_async(from_data(call.record.model_dump(mode="json")), judge=judge)
        data = card.model_dump(mode="json")
        await asyncio.to_thread(store.save_scorecard, data)
        return {"scorecard": data, "saved": registry.unsaved(call_id) == ""}

    @router.get("/calls", response_model=CallPage)
    async def calls(who: Principal = signed_in, limit: Annotated[int, Query(ge=1, le=200)] = 50,
                    offset: Annotated[int, Query(ge=0)] = 0) -> CallPage:
        if who.has(Role.ADMIN):
            rows = store.list_calls(limit=limit, offset=offset)
        else:
            team = who.team_id if who.role is Role.MANAGER else None
            rows = store.list_calls(visible_to=(who.id, team), limit=limit, offset=offset)
        return CallPage(calls=rows, limit=limit, offset=offset)

    @router.get("/calls/{call_id}")
    async def call_detail(call_id: str, who: Principal = signed_in) -> dict[str, Any]:
        """The record, its scorecard and the comments on it (read by the trainee: no longer new)."""
        summary = visible(who, call_id)
        notes = [c.model_dump(mode="json") for c in comments(store.engine, call_id)]
        if summary.user_id == who.id:
            mark_seen(store.engine, call_id)
        return {"record": store.load(call_id).model_dump(mode="json"), "scorecard": store.scorecard(call_id),
                "comments": notes}

    @router.post("/calls/{call_id}/comments", status_code=201)
    async def comment(call_id: str, body: CommentIn, who: Principal = signed_in) -> dict[str, Any]:
        """A comment pinned to a moment of the call, for the trainee to read."""
        summary = visible(who, call_id)
        if body.at_seconds > summary.duration + 1:
            raise HTTPException(422, f"the call is {summary.duration:.0f} s long: pin the comment inside it")
        made = await asyncio.to_thread(add_comment, store.engine, call_id, who.id, who.username, body.at_seconds,
                                       body.text)
        return made.model_dump(mode="json")

    @router.get("/calls/{call_id}/audio", response_model=None)
    async def audio(call_id: str, who: Principal = signed_in) -> FileResponse:
        summary = visible(who, call_id)
        path = store.recording_path(call_id)
        if not path.is_file():
            raise NotFoundError(f"call {call_id} has no recording", "only voice calls are recorded")
        if summary.user_id != who.id:
            await asyncio.to_thread(accounts.store.audit, who.id, "open_recording", call_id,
                                    f"{who.username} ({who.role}) opened the recording of {summary.user_id}")
        return FileResponse(path, media_type="audio/wav", filename=f"{call_id}.wav")

    @router.get("/me/calls", response_model=CallPage)
    async def my_calls(who: Principal = signed_in, scenario: str | None = None,
                       limit: Annotated[int, Query(ge=1, le=200)] = 50,
                       offset: Annotated[int, Query(ge=0)] = 0) -> CallPage:
        """The caller's own calls, newest first (``scenario`` filters)."""
        rows = store.list_calls(user_id=who.id, scenario_id=scenario, limit=limit, offset=offset)
        return CallPage(calls=rows, limit=limit, offset=offset, unseen=unseen_counts(store.engine, who.id))

    @router.get("/me/progress")
    async def my_progress(who: Principal = signed_in) -> dict[str, Any]:
        """Points over time, per scenario first → best → latest, per criterion, what to practise next."""
        report = await asyncio.to_thread(progress, store, registry.catalog, who.id)
        missed = [m.model_dump() for m in report.missed]
        return {**report.model_dump(mode="json"), "missed": missed, "pass_rate": report.pass_rate}

    def team_for(who: Principal, team_id: str) -> Team:
        team = next((t for t in accounts.store.teams() if t.id == team_id), None)
        if team is None:
            raise NotFoundError(f"no team with id {team_id!r}", "GET /api/teams lists the teams you may see")
        if not may_review_team(who, team_id):
            raise NotAllowed(f"only an admin or the manager of team {team.name} can review it")
        return team

    @router.get("/teams/{team_id}/progress")
    async def team_progress(team_id: str, who: Principal = signed_in, since: datetime | None = None,
                            until: datetime | None = None) -> dict[str, Any]:
        """Per member: calls, scored, passed, pass rate, average and latest total, last call, criteria met."""
        team = team_for(who, team_id)
        report = await asyncio.to_thread(team_report, store, accounts.store, team, since, until)
        note = "" if report.members else f"team {team.name} has no members yet: POST /api/users adds them"
        return {"team": team.model_dump(), "members": [m.model_dump(mode="json") for m in report.members],
                "detail": note}

    @router.get("/teams/{team_id}/heatmap")
    async def team_heatmap(team_id: str, who: Principal = signed_in, since: datetime | None = None,
                           until: datetime | None = None) -> dict[str, Any]:
        """Members × criteria: the share of their scored calls where each criterion was met (None: never applied)."""
        team = team_for(who, team_id)
        report = await asyncio.to_thread(team_report, store, accounts.store, team, since, until)
        rows = [{"user_id": m.user_id, "username": m.username, "cells": m.criteria} for m in report.members]
        return {"team": team.model_dump(), "criteria": report.criteria, "rows": rows}

    @router.get("/audit")
    async def audit(who: Principal = signed_in,
                    limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict[str, Any]]:
        if not who.has(Role.ADMIN):
            raise NotAllowed("only an admin can read the audit log")
        return [e.model_dump(mode="json") for e in accounts.store.audit_log(limit)]

    return router
