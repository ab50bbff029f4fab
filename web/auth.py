"""Sign-in over everything: the Gradio screens, the REST API and the WebRTC offer routes.

Accounts live in the database (``accounts``). While there is none, the app runs in single-user mode: no
sign-in, one local user with every role. The browser holds a session cookie; API clients send
``Authorization: Bearer <token>`` (``POST /api/auth/token``). :meth:`Gate.principal` reads either, and
:meth:`Gate.require` is the one dependency every route uses, so a route added outside Gradio cannot be
left open by mistake. The pages (sign-in, change password) speak the four UI languages (``?lang=``,
else the browser's Accept-Language).
"""

from __future__ import annotations

import asyncio
from html import escape

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from accounts.roles import LOCAL_USER, Principal, Role
from accounts.service import Accounts, SignInRefused, principal_of
from core import locale
from core.errors import AppError
from core.languages import Lang

COOKIE = "phonecoach_session"
# The pages' access rules (the API's are in web.api.ACCESS; a test refuses a route in neither).
PAGE_ACCESS: dict[tuple[str, str], str] = {
    ("GET", "/login"): "public", ("POST", "/login"): "public", ("GET", "/logout"): "public",
    ("GET", "/account/password"): "signed_in", ("POST", "/account/password"): "signed_in",
}

_PAGE = """<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>PhoneCoach · {title}</title>
<body style="font-family:sans-serif;max-width:24rem;margin:4rem auto">
<h2>PhoneCoach</h2><p style="font-size:.9em">{langs}</p>{notice}{form}</body>"""
_LOGIN = """<form method="post" action="/login?lang={lang}">
<p><label>{name}<br><input name="username" autocomplete="username" required></label></p>
<p><label>{password}<br><input name="password" type="password" autocomplete="current-password" required></label></p>
<p><button type="submit" id="pc-sign-in">{sign_in}</button></p></form>"""
_PASSWORD = """<form method="post" action="/account/password?lang={lang}">
<p><label>{old}<br><input name="old" type="password" autocomplete="current-password" required></label></p>
<p><label>{new}<br><input name="new" type="password" autocomplete="new-password" minlength="8" required></label></p>
<p><button type="submit">{save}</button> · <a href="/logout">{sign_out}</a></p></form>"""


def page_lang(request: Request) -> Lang:
    """``?lang=`` first, then the browser's preferred languages, then English."""
    asked = request.query_params.get("lang")
    if asked:
        return locale.as_lang(asked)
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip()
        if not code:
            continue
        low = code.lower()
        if low.startswith("zh"):
            return Lang.ZH_TW if low in ("zh-tw", "zh-hk", "zh-mo", "zh-hant") or "hant" in low else Lang.ZH_CN
        if low.startswith(("id", "in", "ms")):
            return Lang.ID
        if low.startswith("en"):
            return Lang.EN
    return Lang.EN


def _page(lang: Lang, form: str, notice: str = "", *, path: str = "/login") -> str:
    links = " · ".join(f'<a href="{path}?lang={x.value}" lang="{x.value}">{escape(locale.text("language.name", x))}</a>'
                       for x in Lang)
    shown = f'<p role="alert" style="color:#b00">{escape(notice)}</p>' if notice else ""
    return _PAGE.format(title=escape(locale.text("auth.title", lang)), langs=links, notice=shown, form=form)


def login_page(lang: Lang = Lang.EN, notice: str = "") -> str:
    form = _LOGIN.format(lang=lang.value, name=escape(locale.text("auth.name", lang)),
                         password=escape(locale.text("auth.password", lang)),
                         sign_in=escape(locale.text("auth.sign_in", lang)))
    return _page(lang, form, notice)


def password_page(lang: Lang, notice: str = "") -> str:
    words = {key: escape(locale.text(f"auth.{name}", lang))
             for key, name in (("old", "old_password"), ("new", "new_password"), ("save", "save"),
                               ("sign_out", "sign_out"))}
    form = _PASSWORD.format(lang=lang.value, **words)
    return _page(lang, form, notice, path="/account/password")


def refusal_text(exc: SignInRefused, lang: Lang) -> str:
    if exc.reason == "locked":
        return locale.text("auth.locked", lang, minutes=max(1, round(exc.retry_after / 60)))
    return locale.text("auth.wrong", lang)


class Gate:
    def __init__(self, accounts: Accounts) -> None:
        self.accounts = accounts

    @staticmethod
    def token(request: Request) -> str | None:
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            return header[7:].strip() or None
        return request.cookies.get(COOKIE)

    def principal(self, request: Request) -> Principal | None:
        """Who is asking, or None; the local user in single-user mode."""
        return self.accounts.principal(self.token(request))

    def user(self, request: Request) -> str | None:
        """Gradio's ``auth_dependency``: the username, or None (Gradio then answers 401)."""
        who = self.principal(request)
        return who.username if who is not None else None

    def require(self, request: Request) -> Principal:
        if (who := self.principal(request)) is None:
            raise HTTPException(401, "sign in first: /login in a browser, POST /api/auth/token for the API",
                                headers={"WWW-Authenticate": "Bearer"})
        return who

    def named(self, username: str | None) -> Principal | None:
        """The person behind a Gradio event's username (the local user in single-user mode)."""
        if self.accounts.single_user:
            return LOCAL_USER
        user = self.accounts.store.user_named(username) if username else None
        return principal_of(user) if user is not None else None

    def may_author(self, username: str | None) -> bool:
        """Trainer settings on the screen: trainers and admins (everyone in single-user mode)."""
        who = self.named(username)
        return who is not None and (who.has(Role.ADMIN) or who.role is Role.TRAINER)


def login_router(gate: Gate) -> APIRouter:
    router = APIRouter()
    signed_in = Depends(gate.require)  # before the form is read: no 422 for someone not signed in

    @router.get("/login", response_class=HTMLResponse, response_model=None)
    async def login_form(request: Request) -> str | RedirectResponse:
        if gate.accounts.single_user:  # no accounts: nothing to sign in to
            return RedirectResponse("/", status_code=303)
        return login_page(page_lang(request))

    @router.post("/login", response_model=None)
    async def login(request: Request, username: str = Form(...),
                    password: str = Form(...)) -> RedirectResponse | HTMLResponse:
        lang = page_lang(request)
        try:
            token, _ = await gate.accounts.sign_in(username, password)
        except SignInRefused as exc:
            return HTMLResponse(login_page(lang, refusal_text(exc, lang)),
                                status_code=429 if exc.reason == "locked" else 401)
        response = RedirectResponse("/", status_code=303)
        hours = gate.accounts.settings.session_hours
        response.set_cookie(COOKIE, token, httponly=True, samesite="lax", max_age=int(hours * 3600))
        return response

    @router.get("/logout")
    async def logout(request: Request) -> RedirectResponse:
        if token := gate.token(request):
            await asyncio.to_thread(gate.accounts.sign_out, token)
        response = RedirectResponse(f"/login?lang={page_lang(request).value}", status_code=303)
        response.delete_cookie(COOKIE)
        return response

    @router.get("/account/password", response_class=HTMLResponse)
    async def password_form(request: Request, _who: Principal = signed_in) -> str:
        return password_page(page_lang(request))

    @router.post("/account/password", response_model=None)
    async def change_password(request: Request, who: Principal = signed_in, old: str = Form(...),
                              new: str = Form(...)) -> HTMLResponse:
        lang = page_lang(request)
        try:
            token = await gate.accounts.change_password(who, old, new)
        except SignInRefused:
            return HTMLResponse(password_page(lang, locale.text("auth.old_wrong", lang)), status_code=400)
        except AppError:
            return HTMLResponse(password_page(lang, locale.text("auth.too_short", lang)), status_code=400)
        response = HTMLResponse(password_page(lang, locale.text("auth.password_changed", lang)))
        hours = gate.accounts.settings.session_hours
        response.set_cookie(COOKIE, token, httponly=True, samesite="lax", max_age=int(hours * 3600))
        return response

    return router
