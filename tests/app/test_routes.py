"""The web app's routes: WebRTC signalling registered before the Gradio mount, optional sign-in (401s),
and errors that reach the trainee with a hint."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import gradio as gr
import pytest
from fastapi.testclient import TestClient

from accounts.roles import Role
from app import create_app
from core.errors import ModelMissingError
from core.weights import Asset
from simulator.bench.fakes import InstantSpeech
from simulator.live_calls import CallRegistry, CallRequest
from simulator.settings import Settings
from simulator.store import open_accounts, open_store
from simulator.voice.config import VoiceSettings
from simulator.voice.services import whisper as stt
from simulator.voice.speech import LocalSpeech
from web.auth import COOKIE
from web.voice_calls import VoiceCalls

OFFER = {"sdp": "v=0", "type": "offer", "requestData": {"session_id": "no-such-call"}}


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(speech=InstantSpeech())) as c:
        yield c


@pytest.fixture
def signed_in_app() -> Iterator[TestClient]:
    accounts = open_accounts(open_store(Settings()))
    accounts.add_user(None, "ann", "secret-ann", Role.TRAINEE, None)
    accounts.add_user(None, "tom", "secret-tom", Role.TRAINER, None)
    with TestClient(create_app(speech=InstantSpeech())) as c:
        yield c


def test_offer_routes_come_before_the_gradio_mount(client: TestClient) -> None:
    response = client.post("/api/offer", json=OFFER)
    assert response.status_code == 404
    assert response.json() == {"detail": "unknown call: press Call again"}
    assert client.patch("/api/offer", json={"pc_id": "nope", "candidates": []}).status_code == 404
    assert client.post("/api/offer", json={"type": "offer"}).status_code == 422


def test_the_screen_is_served_at_the_root(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "<html" in page.text.lower()
    config = client.get("/config").json()
    assert config["title"] == "PhoneCoach"


def test_without_sign_in_everything_answers_401(signed_in_app: TestClient) -> None:
    assert signed_in_app.get("/").status_code == 401
    assert signed_in_app.get("/config").status_code == 401
    assert signed_in_app.post("/api/offer", json=OFFER).status_code == 401
    assert signed_in_app.patch("/api/offer", json={"pc_id": "x"}).status_code == 401


def test_signing_in_opens_the_screen_and_the_offer_route(signed_in_app: TestClient) -> None:
    wrong = signed_in_app.post("/login", data={"username": "ann", "password": "nope"}, follow_redirects=False)
    assert wrong.status_code == 401 and "Wrong name or password" in wrong.text
    ok = signed_in_app.post("/login", data={"username": "ann", "password": "secret-ann"}, follow_redirects=False)
    assert ok.status_code == 303 and COOKIE in ok.cookies
    assert signed_in_app.get("/").status_code == 200
    assert signed_in_app.post("/api/offer", json=OFFER).status_code == 404  # past the gate, unknown call
    signed_in_app.get("/logout")
    signed_in_app.cookies.clear()
    assert signed_in_app.get("/").status_code == 401


def test_a_forged_cookie_is_refused(signed_in_app: TestClient) -> None:
    signed_in_app.cookies.set(COOKIE, "tom.0000")
    assert signed_in_app.get("/").status_code == 401
    signed_in_app.cookies.clear()
    signed_in_app.headers["Authorization"] = "Bearer made-up"
    assert signed_in_app.get("/").status_code == 401


def test_missing_speech_model_tells_the_trainee_what_to_do(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    broken = Asset(name="faster-whisper-base", filename="model.bin", parts=(("no_such_whisper_pkg", "x"),),
                   size=1, sha256="0")
    monkeypatch.setattr(stt, "WHISPER_BASE", broken)
    settings = Settings(model_dir=tmp_path)
    voice = VoiceSettings(tts="offline")
    registry = CallRegistry(settings, voice, LocalSpeech(settings, voice))
    with pytest.raises(ModelMissingError):
        asyncio.run(registry.start_voice(CallRequest(scenario_id="hr_meeting_booking", lang="en")))
    with pytest.raises(gr.Error) as err:
        asyncio.run(VoiceCalls(registry).place("hr_meeting_booking", "en", "default"))
    assert "run.sh setup" in str(err.value.message)
    assert not registry.voice


def test_admin_from_the_environment_turns_sign_in_on_and_no_password_is_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("ADMIN_USERNAME", "root")
    monkeypatch.setenv("ADMIN_PASSWORD", "very-secret-admin-pw")
    caplog.set_level("DEBUG")
    with TestClient(create_app(speech=InstantSpeech())) as c:
        assert c.get("/").status_code == 401, "an admin exists: sign-in is on"
        assert c.post("/api/auth/token", json={"username": "root", "password": "wrong-wrong"}).status_code == 401
        token = c.post("/api/auth/token", json={"username": "root", "password": "very-secret-admin-pw"}).json()
        made = c.post("/api/users", headers={"Authorization": f"Bearer {token['access_token']}"},
                      json={"username": "ana", "password": "ana-secret-pw", "team": "north"})
        assert made.status_code == 201
    logged = caplog.text
    assert "created the first admin, root" in logged
    for secret in ("very-secret-admin-pw", "wrong-wrong", "ana-secret-pw", token["access_token"]):
        assert secret not in logged


def test_without_accounts_the_sign_in_page_leads_to_the_screen(client: TestClient) -> None:
    answer = client.get("/login", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
