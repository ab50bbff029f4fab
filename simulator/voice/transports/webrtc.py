"""WebRTC signalling for voice calls (pipecat SmallWebRTC): ``POST /api/offer`` starts the audio of a call
the trainee opened on the page, ``PATCH /api/offer`` carries trickled ICE candidates.

These routes must be registered before Gradio is mounted at "/", or the mount swallows them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fastapi import APIRouter, BackgroundTasks, HTTPException, Request, params
from pipecat.transports.base_transport import TransportParams
from pipecat.transports.smallwebrtc.connection import SmallWebRTCConnection
from pipecat.transports.smallwebrtc.request_handler import (
    IceCandidate,
    SmallWebRTCPatchRequest,
    SmallWebRTCRequest,
    SmallWebRTCRequestHandler,
)
from pipecat.transports.smallwebrtc.transport import SmallWebRTCTransport
from pydantic import BaseModel, ConfigDict, Field

from simulator.voice.session import VoiceSession


class OfferRequest(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    sdp: str
    type: str
    pc_id: str | None = None
    restart_pc: bool | None = None
    request_data: dict[str, Any] = Field(default_factory=dict, alias="requestData")


class CandidateIn(BaseModel):
    candidate: str
    sdp_mid: str
    sdp_mline_index: int


class PatchRequest(BaseModel):
    pc_id: str
    candidates: list[CandidateIn] = Field(default_factory=list)


def _transport(connection: SmallWebRTCConnection, session: VoiceSession) -> SmallWebRTCTransport:
    transport = SmallWebRTCTransport(
        connection, params=TransportParams(audio_in_enabled=True, audio_out_enabled=True, audio_out_end_silence_secs=0)
    )

    @transport.event_handler("on_client_connected")
    async def _connected(_transport: Any, _client: Any) -> None:
        session.on_connected()

    @transport.event_handler("on_client_disconnected")
    async def _disconnected(_transport: Any, _client: Any) -> None:
        await session.on_disconnected()

    return transport


def webrtc_router(
    find_session: Callable[[str, Request], VoiceSession | None],
    handler: SmallWebRTCRequestHandler,
    dependencies: Sequence[params.Depends] = (),
) -> APIRouter:
    """The signalling routes; ``find_session`` looks up the voice call a page opened (by its session id), for
    the person making the request (None for someone else's call: it answers as for an unknown one)."""
    router = APIRouter(dependencies=list(dependencies))

    @router.post("/api/offer")
    async def offer(body: OfferRequest, background: BackgroundTasks, http: Request) -> dict[str, str]:
        session = find_session(str(body.request_data.get("session_id", "")), http)
        if session is None:
            raise HTTPException(404, "unknown call: press Call again")
        if session.started and body.pc_id is None:
            raise HTTPException(409, "this call already has its audio connection")

        async def on_connection(connection: SmallWebRTCConnection) -> None:
            background.add_task(session.run, _transport(connection, session))

        request = SmallWebRTCRequest(
            sdp=body.sdp, type=body.type, pc_id=body.pc_id, restart_pc=body.restart_pc, request_data=body.request_data
        )
        answer = await handler.handle_web_request(request, on_connection)
        if answer is None:
            raise HTTPException(500, "no WebRTC answer")
        return answer

    @router.patch("/api/offer")
    async def ice(body: PatchRequest) -> dict[str, str]:
        await handler.handle_patch_request(SmallWebRTCPatchRequest(
            pc_id=body.pc_id, candidates=[IceCandidate(**c.model_dump()) for c in body.candidates]
        ))
        return {"status": "ok"}

    return router
