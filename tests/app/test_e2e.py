"""A real browser places a voice call: Chromium with a fake microphone (synthesised speech in a WAV) talks
over WebRTC to the app (whisper, the engine in free mode on the fake LLM, the offline voice), hears the
persona answer, hangs up, and the call is in the database; with accounts, a trainee's text call is opened
by their manager after the trainee signs out."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import soxr
import uvicorn

from accounts.roles import Role
from app import create_app
from core.languages import Lang
from simulator.catalog import load_catalog
from simulator.settings import Settings
from simulator.store import open_accounts, open_store
from simulator.voice.config import TtsChoice, VoiceSettings
from simulator.voice.services.espeak import EspeakSynth
from tests.support.openai_server import FakeOpenAIServer

pytestmark = pytest.mark.e2e
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REPLIES = ["Northgate Foods, Karen speaking.", "Who is calling, please?", "I have a meeting in a minute."]


def _mic_wav(path: Path) -> Path:
    """Silence while the phone rings and she answers, then the trainee's line (the file loops)."""
    synth = EspeakSynth("en-us")
    speech = np.frombuffer(synth.render("Hello Karen, this is Sam from StaffBridge Recruitment."), dtype=np.int16)
    speech = soxr.resample(speech, synth.sample_rate, 48000).astype(np.int16)
    silence = np.zeros(48000 * 10, dtype=np.int16)
    sf.write(path, np.concatenate([silence, speech, silence[: 48000 * 4]]), 48000, subtype="PCM_16")
    return path


@contextmanager
def _serving(voice: VoiceSettings | None = None) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(voice=voice), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def app_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    with FakeOpenAIServer(REPLIES) as llm:
        monkeypatch.setenv("OPENAI_BASE_URL", llm.base_url)
        monkeypatch.setenv("PHONECOACH_MODE", "free")
        with _serving(VoiceSettings(tts=TtsChoice.OFFLINE, live_transcript=True)) as url:
            yield url


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (run.sh installs it)")
def test_voice_call_in_a_real_browser(app_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    mic = _mic_wav(tmp_path / "mic.wav")
    args = ["--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={mic}", "--autoplay-policy=no-user-gesture-required"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        page = browser.new_page()
        page.goto(app_url)
        page.click('.pc-card[data-id="hr_meeting_booking"]')
        page.wait_for_function("document.querySelector('.pc-brief h3') !== null")
        page.click("#pc-call")
        page.wait_for_selector('.pc-phone[data-phase="live"]', timeout=20000)
        page.wait_for_function("document.querySelector('#pc-live')?.innerText.includes('Who is calling')",
                               timeout=40000)
        audio = page.evaluate("""async () => {
            const pc = window.phonecoach.pc, stats = await pc.getStats();
            let received = 0;
            stats.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'audio') received = s.bytesReceived; });
            const track = pc.getReceivers().find(r => r.track.kind === 'audio').track;
            return {state: pc.connectionState, track: track.readyState, received};
        }""")
        assert audio["state"] == "connected" and audio["track"] == "live" and audio["received"] > 10000
        transcript = page.inner_text("#pc-live")
        assert "Sam" in transcript or "Karen" in transcript  # the trainee's line, as whisper heard it
        page.click("#pc-hangup")
        page.wait_for_selector("#pc-feedback .pc-feedback", timeout=15000)
        record_id = page.get_attribute("#pc-feedback .pc-feedback", "data-record")
        page.wait_for_selector("#pc-fb-summary .pc-sc-summary", timeout=30000)
        overall = page.get_attribute("#pc-fb-summary .pc-sc-summary", "data-overall")
        browser.close()

    store = open_store(Settings())  # PHONECOACH_DATA_DIR (conftest)
    record = store.load(record_id)
    assert record.channel == "voice" and record.outcome.ended_by == "trainee"
    assert [t.speaker.value for t in record.turns][:3] == ["persona", "trainee", "persona"]
    assert store.recording_path(record_id).stat().st_size > 16000
    card = store.scorecard(record_id)
    assert card is not None and str(card["overall"]) == overall, "the scorecard shown is stored with the call"


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (run.sh installs it)")
def test_a_trainees_text_call_is_opened_by_their_manager() -> None:  # via the API, then on the Team tab
    from playwright.sync_api import sync_playwright

    accounts = open_accounts(open_store(Settings()))
    accounts.add_user(None, "ana", "ana-password", Role.TRAINEE, "north")
    accounts.add_user(None, "lead", "lead-password", Role.MANAGER, "north")
    accounts.add_user(None, "budi", "budi-password", Role.MANAGER, "south")
    line = "Hi Karen, this is Ana from StaffBridge Recruitment."
    with _serving() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()

        def sign_in(name: str) -> None:
            page.goto(f"{url}login?lang=id")
            assert "Kata sandi" in page.inner_text("body")
            page.fill("input[name=username]", name)
            page.fill("input[name=password]", f"{name}-password")
            page.click("#pc-sign-in")
            page.wait_for_selector('.pc-card[data-id="hr_meeting_booking"]', timeout=30000)

        assert page.request.get(url).status == 401, "with accounts, the screen needs a sign-in"
        sign_in("ana")
        page.click('.pc-card[data-id="hr_meeting_booking"]')
        page.wait_for_function("document.querySelector('.pc-brief h3') !== null")
        page.click("#pc-chat")
        page.wait_for_selector("#pc-text textarea", timeout=20000)
        page.fill("#pc-text textarea", line)
        page.click("#pc-send")
        page.wait_for_function(
            "document.querySelectorAll('#pc-chatbot .message').length >= 3", timeout=20000)
        page.click("#pc-end-chat")
        page.wait_for_selector("#pc-feedback .pc-feedback", timeout=20000)
        call_id = page.get_attribute("#pc-feedback .pc-feedback", "data-record")
        assert "ana" in page.inner_text(".pc-account")
        page.click("#pc-sign-out")
        page.wait_for_selector("input[name=username]")
        assert page.request.get(f"{url}api/calls/{call_id}").status == 401, "signed out: the call is closed"

        sign_in("budi")
        assert page.request.get(f"{url}api/calls/{call_id}").status == 404, "another team's manager"
        page.goto(f"{url}logout")
        sign_in("lead")
        opened = page.request.get(f"{url}api/calls/{call_id}")
        assert opened.status == 200
        record = opened.json()["record"]
        assert any(t["text"] == line for t in record["turns"]) and record["user_id"]
        listed = page.request.get(f"{url}api/calls").json()["calls"]
        assert [c["id"] for c in listed] == [call_id]
        page.get_by_role("tab", name="Team").click()  # the manager's review on the screen
        page.wait_for_selector("#pc-team-heatmap .pc-heatmap table", timeout=20000)
        calls = page.locator('#pc-team-calls [role=row]:not([aria-rowindex="1"])')
        calls.first.wait_for(timeout=20000)
        assert "ana" in calls.first.inner_text()
        calls.first.locator("[role=gridcell], td").first.click()
        page.wait_for_selector("#pc-team-summary .pc-sc-summary", timeout=30000)
        assert line in page.inner_text("#pc-team-transcript")
        page.wait_for_selector("#pc-team-state", state="visible", timeout=20000)
        browser.close()


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (run.sh installs it)")
def test_two_text_calls_then_my_calls_and_progress(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    lines = ["Hi Karen, this is Ana from StaffBridge Recruitment.", "Hello, is this Karen? Ana here."]
    with _serving() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.click('.pc-card[data-id="hr_meeting_booking"]')
        page.wait_for_function("document.querySelector('.pc-brief h3') !== null")
        for n, line in enumerate(lines, start=1):
            page.click("#pc-chat")
            page.wait_for_selector("#pc-text textarea", timeout=20000)
            page.fill("#pc-text textarea", line)
            page.click("#pc-send")
            page.wait_for_function("document.querySelectorAll('#pc-chatbot .message').length >= 3", timeout=20000)
            page.click("#pc-end-chat")
            page.wait_for_selector("#pc-fb-summary .pc-sc-summary", timeout=30000)
            page.wait_for_timeout(800)  # the scroll into view
            box = page.evaluate("""() => { const r = document.getElementById('pc-result').getBoundingClientRect();
                return {width: r.width, top: r.top, page: window.innerWidth, view: window.innerHeight}; }""")
            page.screenshot(path=str(tmp_path / f"feedback-{n}.png"))
            assert box["width"] > 0.85 * box["page"], f"the feedback has the page's width: {box}"
            assert -2 <= box["top"] < box["view"] - 200, f"the feedback is brought into view: {box}"

        page.get_by_role("tab", name="My calls").click()
        rows = page.locator('#pc-my-calls [role=row]:not([aria-rowindex="1"])')  # data rows, not the header
        rows.first.wait_for(timeout=20000)
        page.screenshot(path=str(tmp_path / "my-calls.png"))
        assert rows.count() == 2 and "English" in rows.first.inner_text()
        rows.nth(1).locator("[role=gridcell], td").first.click()  # the oldest: the first call made
        page.wait_for_selector("#pc-past-summary .pc-sc-summary", timeout=30000)
        transcript = page.inner_text("#pc-past-transcript")
        assert lines[0] in transcript and lines[1] not in transcript

        page.get_by_role("tab", name="Progress").click()
        page.wait_for_selector("#pc-progress-summary .pc-pass-rate", timeout=20000)
        page.wait_for_selector("#pc-next .pc-next li", timeout=20000)
        assert page.locator("#pc-progress-plot").is_visible()
        page.screenshot(path=str(tmp_path / "progress.png"))
        scenario = page.get_attribute("#pc-next .pc-next li", "data-scenario")
        page.click("#pc-next-0")  # one click: that call starts, as a text chat
        store = open_store(Settings())
        deadline = time.monotonic() + 20
        while len(store.list_calls()) < 3 and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        page.wait_for_function("""(said) => { const t = document.querySelector('#pc-chatbot')?.innerText || '';
            return !t.includes(said) && t.length > 20; }""", arg=lines[1], timeout=20000)  # a new chat, she answered
        browser.close()
    calls = store.list_calls()
    assert len(calls) == 3 and calls[0].scenario_id == scenario and calls[0].user_id == "local"
    for shot in ("feedback-1", "feedback-2", "my-calls", "progress"):
        assert (tmp_path / f"{shot}.png").stat().st_size > 10_000


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (run.sh installs it)")
def test_the_cards_names_and_tabs_follow_the_chosen_language() -> None:
    from playwright.sync_api import sync_playwright

    persona = load_catalog().persona("angry_complainer").name
    with _serving() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(url)
        card = '.pc-card[data-id="complaint_broadband_outage"]'
        page.click(card)
        page.wait_for_function("document.querySelector('.pc-brief h3') !== null")
        assert persona[Lang.EN] in page.inner_text(card)
        page.locator(".pc-side input").first.click()
        page.get_by_role("option", name="中文（繁體）").click()
        page.wait_for_function("(name) => document.querySelector('.pc-card[data-id=\"complaint_broadband_outage\"]')"
                               "?.innerText.includes(name)", arg=persona[Lang.ZH_TW], timeout=10000)
        assert page.get_attribute(f"{card}", "class") and "pc-selected" in (page.get_attribute(card, "class") or "")
        page.get_by_role("tab", name="我的通話").wait_for(timeout=10000)  # the tabs relabel a moment later
        assert persona[Lang.ZH_TW] in page.inner_text(".pc-brief")
        browser.close()
