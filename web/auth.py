"""Optional sign-in. Off by default (one trainee on their own machine); set PHONECOACH_USERS to turn it on.

| variable | meaning |
|---|---|
| PHONECOACH_USERS | ``name:password`` pairs, comma-separated; empty → no sign-in |
| PHONECOACH_TRAINERS | names (from PHONECOACH_USERS) that see the trainer settings |
| PHONECOACH_SECRET | key that signs the sign-in cookie (random per start if unset: restarts sign everyone out) |

One function, :meth:`Gate.user`, guards both Gradio (``auth_dependency``) and the WebRTC routes, so a
route added outside Gradio cannot be left open by mistake.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from html import escape

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from core import locale
from core.languages import Lang

COOKIE = "phonecoach_user"
OPEN_USER = "trainee"


class AuthSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PHONECOACH_", env_file=".env", extra="ignore")

    users: str = ""
    trainers: str = ""
    secret: SecretStr | None = None


class Gate:
    def __init__(self, settings: AuthSettings) -> None:
        pairs = [p.split(":", 1) for p in settings.users.split(",") if ":" in p]
        self._passwords = {name.strip(): password for name, password in pairs if name.strip()}
        self._trainers = {n.strip() for n in settings.trainers.split(",") if n.strip()}
        key = settings.secret.get_secret_value() if settings.secret else secrets.token_hex(32)
        self._key = key.encode()

    @property
    def enabled(self) -> bool:
        return bool(self._passwords)

    def _sign(self, name: str) -> str:
        return hmac.new(self._key, name.encode(), hashlib.sha256).hexdigest()

    def cookie_for(self, name: str) -> str:
        return f"{name}.{self._sign(name)}"

    def user(self, request: Request) -> str | None:
        """The signed-in user, or None (Gradio then answers 401); everyone is a trainee when sign-in is off."""
        if not self.enabled:
            return OPEN_USER
        name, _, signature = request.cookies.get(COOKIE, "").rpartition(".")
        if name in self._passwords and hmac.compare_digest(signature, self._sign(name)):
            return name
        return None

    def require(self, request: Request) -> str:
        if (name := self.user(request)) is None:
            raise HTTPException(401, "sign in at /login first")
        return name

    def is_trainer(self, name: str | None) -> bool:
        return not self.enabled or name in self._trainers

    def check(self, name: str, password: str) -> bool:
        expected = self._passwords.get(name)
        return expected is not None and hmac.compare_digest(expected.encode(), password.encode())


_FORM = """<!doctype html><meta charset="utf-8"><title>PhoneCoach · {title}</title>
<body style="font-family:sans-serif;max-width:22rem;margin:4rem auto">
<h2>PhoneCoach</h2>{error}<form method="post" action="login">
<p><label>{name}<br><input name="username" autocomplete="username" required></label></p>
<p><label>{password}<br><input name="password" type="password" autocomplete="current-password" required></label></p>
<p><button type="submit">{sign_in}</button></p></form></body>"""
LOGIN_LANG = Lang.EN  # sign-in comes before any call, so before a language is picked


def login_page(failed_name: str = "", lang: Lang = LOGIN_LANG) -> str:
    """The sign-in form, with a notice when ``failed_name`` just failed to sign in."""
    wrong = locale.text("auth.wrong", lang, name=failed_name) if failed_name else ""
    return _FORM.format(
        error=f'<p style="color:#b00">{escape(wrong)}</p>' if wrong else "",
        title=escape(locale.text("auth.title", lang)), name=escape(locale.text("auth.name", lang)),
        password=escape(locale.text("auth.password", lang)), sign_in=escape(locale.text("auth.sign_in", lang)),
    )


def login_router(gate: Gate) -> APIRouter:
    router = APIRouter()

    @router.get("/login", response_class=HTMLResponse)
    async def login_form() -> str:
        return login_page()

    @router.post("/login", response_model=None)
    async def login(username: str = Form(...), password: str = Form(...)) -> RedirectResponse | HTMLResponse:
        if not gate.check(username, password):
            return HTMLResponse(login_page(username), status_code=401)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(COOKIE, gate.cookie_for(username), httponly=True, samesite="lax")
        return response

    @router.get("/logout")
    async def logout() -> RedirectResponse:
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE)
        return response

    return router
