"""The embedded default: llama.cpp (llama-cpp-python) with a GGUF model from PyPI packages, run in a
worker process so that nothing the native code does can take the app down.

Process model — one worker process per session, i.e. per call (and one for the judge):

* The KV cache stays warm across a call's turns: llama.cpp re-evaluates only the new suffix of a
  prompt that shares a prefix with the previous one (≈0.3 s a turn instead of 6–9 s). A pool shared
  by calls would have to save and restore each call's KV state (tens of MB) at every turn.
* A crash or a hang costs only that call its model; the call goes on with its authored lines and
  every other call keeps its own worker. In a pool one bad request would take others' calls with it.
* The weights are memory-mapped, so the workers share one copy of them in the page cache; each
  adds its own KV cache and compute buffers. The worker starts on the session's first request —
  normally the prewarm while the phone rings — so its start-up (≈0.6 s of imports plus the model
  load) is not heard.

The worker is a fresh interpreter (``python -m simulator.backends.worker``), started the way
multiprocessing's *spawn* method starts its children — fork+exec, so none of the parent's threads
or state is inherited — but without re-importing the parent's ``__main__`` in each worker (for the
app that is app.py: Gradio and pipecat). Parent and worker talk over a socket pair with the
pydantic-validated messages of :mod:`simulator.backends.protocol`, read by the event loop
(``add_reader``), so no thread of the parent waits on the worker.

Failures, each a :class:`~core.errors.BackendError` the engine answers with the authored line:

* the worker dies (SIGSEGV in a native kernel, abort, OOM kill) → :class:`WorkerCrashed` at once;
* the worker stays silent for ``timeout`` seconds while it owes an answer (the model load, a
  prompt evaluation or the next token; a new worker gets 30 s to start first) → it is killed →
  :class:`WorkerHung`;
* after either, every later request of the session fails at once with the same error (no second
  wait), until :meth:`EmbeddedSession.aclose`; a request after that starts a fresh worker.

A stream the caller stops reading (guard cut, barge-in, hang-up) sends ``stop``: the worker closes
the model's generator at the next token. ``aclose`` shuts the worker down (killed if it does not
exit within a few seconds); a session dropped without ``aclose`` — or still open at interpreter
exit — kills its worker from a finalizer, and a worker whose parent died exits by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import signal
import subprocess
import sys
import time
import weakref
from collections.abc import AsyncIterator
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from core.errors import AppError, BackendError, ModelMissingError
from core.llm import ChatMessage, ReplyMode
from simulator.backends.protocol import (
    Done,
    Failed,
    Generate,
    Hello,
    ModelSpec,
    Ready,
    Shutdown,
    Start,
    Stop,
    Token,
    decode_reply,
    encode,
)

WORKER_MODULE = "simulator.backends.worker"
_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the packages, for the worker's sys.path
_EXIT_GRACE = 3.0  # seconds a worker may take to exit after shutdown before it is killed
_START_GRACE = 30.0  # seconds a new worker may take to say hello (interpreter start and imports, on a busy machine)
_GONE = object()  # put in every open inbox when the worker is lost
_NUDGE = object()  # put in every open inbox when the worker has started: the waits shorten to ``timeout``


class EmbeddedWorkerError(BackendError):
    """The embedded model's worker process is gone; the session stays unavailable until it is closed."""

    retryable = False


class WorkerCrashed(EmbeddedWorkerError):
    hint = (
        "the call goes on with the persona's authored lines. If it happens every time, this llama-cpp-python "
        "build does not work on this CPU: set PHONECOACH_EMBEDDED_BATCH=1 (slower) or rebuild it with "
        "./run.sh setup, or set OPENAI_BASE_URL to use a server"
    )


class WorkerHung(EmbeddedWorkerError):
    hint = (
        "the call goes on with the persona's authored lines. If the machine is just slow, raise "
        "PHONECOACH_EMBEDDED_TIMEOUT; or set OPENAI_BASE_URL to use a server"
    )


def _again(error: AppError) -> AppError:
    """A fresh copy of a stored failure (re-raising one instance would pile up tracebacks)."""
    return type(error)(str(error), error.hint)


def _reap(proc: subprocess.Popen[bytes], conn: Connection) -> None:
    """Finalizer of a session dropped (or still open at exit) without aclose: kill its worker."""
    if proc.poll() is None:
        proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
    conn.close()


def _how_it_ended(returncode: int | None) -> str:
    if returncode is None:
        return "closed its connection"
    if returncode < 0:
        try:
            return f"was killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"was killed by signal {-returncode}"
    return f"exited with status {returncode}"


class EmbeddedSession:
    """One conversation with the embedded model, in its own worker process (see the module docstring)."""

    def __init__(self, spec: ModelSpec, *, timeout: float = 60.0) -> None:
        self._spec = spec
        self._timeout = timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        self._fd = -1
        self._finalizer: weakref.finalize | None = None
        self._started = False  # the worker said hello
        self._loaded = False  # the worker said ready (the model is loaded)
        self._failure: AppError | None = None  # once set, every request raises (a copy of) it at once
        self._inbox: dict[int, asyncio.Queue[Any]] = {}
        self._ids = itertools.count(1)
        self._heard = 0.0  # when the worker last said anything (or went from idle to owing an answer)
        self._reader: asyncio.AbstractEventLoop | None = None

    @property
    def worker_pid(self) -> int | None:
        """The worker's process id, once it has been started (for tests and logs)."""
        return self._proc.pid if self._proc is not None else None

    # ---- the worker ----------------------------------------------------------------------------
    def _spawn(self) -> None:
        if self._spec.factory is None and not Path(self._spec.model_path).is_file():
            raise ModelMissingError(f"embedded model file not found: {self._spec.model_path}")
        parent, child = Pipe(duplex=True)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_ROOT), env.get("PYTHONPATH", "")) if p)
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", WORKER_MODULE, str(child.fileno())],
                pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,  # the CLI's stdout may be JSON; the worker's stderr is ours
                env=env,
            )
        except OSError as exc:
            parent.close()
            raise BackendError(f"cannot start the embedded model's worker process: {exc}") from exc
        finally:
            child.close()
        self._conn, self._fd, self._started, self._loaded = parent, parent.fileno(), False, False
        self._finalizer = weakref.finalize(self, _reap, self._proc, parent)
        self._send(Start(spec=self._spec))

    def _send(self, message: Start | Generate | Stop | Shutdown) -> None:
        """Best effort: if the worker is gone, the reader sees the end of the connection and says so."""
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.send_bytes(encode(message))

    def _listen(self) -> None:
        loop = asyncio.get_running_loop()
        if self._reader is loop:
            return
        self._unlisten()
        loop.add_reader(self._fd, self._on_readable)
        self._reader = loop

    def _unlisten(self) -> None:
        loop, self._reader = self._reader, None
        if loop is not None and not loop.is_closed():
            loop.remove_reader(self._fd)

    def _on_readable(self) -> None:
        """Route every waiting message to the inbox of its request; drop replies nobody waits for."""
        conn = self._conn
        try:
            while conn is not None and conn.poll():
                msg = decode_reply(conn.recv_bytes())
                self._heard = time.monotonic()
                if isinstance(msg, Hello):
                    self._started = True
                    for inbox in self._inbox.values():
                        inbox.put_nowait(_NUDGE)
                elif isinstance(msg, Ready):
                    self._loaded = True
                elif isinstance(msg, Failed) and msg.id == 0:
                    what = f"the embedded model could not be loaded: {msg.error}"
                    self._lose(ModelMissingError(what) if msg.missing else EmbeddedWorkerError(what))
                    return
                elif (inbox := self._inbox.get(msg.id)) is not None:
                    inbox.put_nowait(msg)
        except (EOFError, OSError):
            self._lose(None)  # the worker died; the waiting request finds out how
        except ValidationError as exc:
            self._lose(EmbeddedWorkerError(f"the embedded model's worker sent an invalid message: {exc}"))

    def _lose(self, failure: AppError | None) -> None:
        """The worker is gone (or must go): stop listening, kill it, wake every waiting request."""
        self._unlisten()
        if failure is not None:
            self._failure = failure
            self._kill()
        for inbox in self._inbox.values():
            inbox.put_nowait(_GONE)

    def _kill(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(timeout=5)

    async def _crashed(self) -> AppError:
        """Why the worker went away: wait briefly for its exit status, then remember the failure."""
        if self._failure is None:
            proc = self._proc
            for _ in range(200):
                if proc is None or proc.poll() is not None:
                    break
                await asyncio.sleep(0.01)
            doing = self._doing()
            pid = proc.pid if proc is not None else "?"
            self._failure = WorkerCrashed(
                f"the embedded model crashed: its worker process (pid {pid}) "
                f"{_how_it_ended(proc.poll() if proc else None)} while {doing}; "
                "the model is unavailable for the rest of this session"
            )
            self._kill()
        return _again(self._failure)

    def _limit(self) -> float:
        """How long the worker may stay silent now: ``timeout``, or more while a new one starts."""
        return self._timeout if self._started else max(self._timeout, _START_GRACE)

    def _doing(self) -> str:
        return "generating a reply" if self._loaded else "loading the model" if self._started else "starting"

    def _hung(self) -> AppError:
        pid, limit = self.worker_pid, self._limit()
        self._lose(WorkerHung(
            f"the embedded model stopped responding: its worker process (pid {pid}) said nothing for "
            f"{limit:g} s while {self._doing()}, so it was stopped; the model is unavailable for the rest of "
            "this session"
        ))
        assert self._failure is not None
        return _again(self._failure)

    # ---- requests ------------------------------------------------------------------------------
    def _open(self, **fields: Any) -> tuple[int, asyncio.Queue[Any]]:
        if self._failure is not None:
            raise _again(self._failure)
        if self._proc is None:
            self._spawn()
        rid = next(self._ids)
        inbox: asyncio.Queue[Any] = asyncio.Queue()
        if not self._inbox:
            self._heard = time.monotonic()  # the silence that counts starts now
        self._inbox[rid] = inbox
        self._listen()
        self._send(Generate(id=rid, **fields))
        return rid, inbox

    def _close_request(self, rid: int, *, finished: bool) -> None:
        """Synchronous on purpose: it runs in the finally of a stream, however that stream ends."""
        self._inbox.pop(rid, None)
        if not finished and self._failure is None:
            self._send(Stop(id=rid))
        if not self._inbox:
            self._unlisten()

    async def _next(self, inbox: asyncio.Queue[Any]) -> Token | Done | Failed:
        while True:
            if self._failure is not None and inbox.empty():
                raise _again(self._failure)
            remaining = self._heard + self._limit() - time.monotonic()
            if remaining <= 0:
                raise self._hung()
            try:
                async with asyncio.timeout(remaining):
                    item = await inbox.get()
            except TimeoutError:
                continue  # look again: another request's reply may have come meanwhile
            if item is _GONE:
                raise await self._crashed()
            if item is not _NUDGE:
                return item

    @staticmethod
    def _failed(msg: Failed) -> BackendError:
        return BackendError(f"embedded model failed: {msg.error}")

    async def complete(
        self,
        messages: list[ChatMessage],
        *,
        max_tokens: int = 200,
        temperature: float = 0.7,
        json_schema: dict[str, Any] | None = None,
    ) -> str:
        rid, inbox = self._open(messages=messages, max_tokens=max_tokens, temperature=temperature,
                                json_schema=json_schema)
        finished = False
        try:
            while True:
                msg = await self._next(inbox)
                if isinstance(msg, Done):
                    finished = True
                    return msg.text
                if isinstance(msg, Failed):
                    finished = True
                    raise self._failed(msg)
        finally:
            self._close_request(rid, finished=finished)

    async def stream(
        self, messages: list[ChatMessage], *, max_tokens: int = 120, temperature: float = 0.7
    ) -> AsyncIterator[str]:
        rid, inbox = self._open(messages=messages, max_tokens=max_tokens, temperature=temperature, stream=True)
        finished = False
        try:
            while True:
                msg = await self._next(inbox)
                if isinstance(msg, Token):
                    yield msg.text
                elif isinstance(msg, Done):
                    finished = True
                    return
                else:
                    finished = True
                    raise self._failed(msg)
        finally:
            self._close_request(rid, finished=finished)  # not finished: tell the worker to stop

    async def prewarm(self, messages: list[ChatMessage]) -> None:
        """Start the worker, load the model and evaluate the prompt now (while the phone rings)."""
        await self.complete(messages, max_tokens=1, temperature=0.0)

    async def aclose(self) -> None:
        """Shut the worker down and wait for it to exit; the session can be used again afterwards."""
        proc, conn = self._proc, self._conn
        if proc is None or conn is None:
            self._failure = None
            return
        if self._inbox:  # requests still waiting (another task): they end now
            self._failure = self._failure or EmbeddedWorkerError("the embedded model session was closed")
        self._lose(None)
        self._send(Shutdown())
        deadline = time.monotonic() + _EXIT_GRACE
        while proc.poll() is None and time.monotonic() < deadline:  # noqa: ASYNC110 (a process exit has no event)
            await asyncio.sleep(0.02)
        self._kill()
        if self._finalizer is not None:
            self._finalizer.detach()
        conn.close()
        self._proc, self._conn, self._fd, self._finalizer = None, None, -1, None
        self._failure, self._started, self._loaded = None, False, False


class EmbeddedBackend:
    name = "embedded"
    default_mode = ReplyMode.DIRECTED

    def __init__(
        self,
        model_path: Path,
        *,
        n_ctx: int = 4096,
        n_threads: int = 2,
        n_batch: int = 512,
        timeout: float = 60.0,
        model_factory: str | None = None,
    ) -> None:
        """``model_factory`` ("module:function", called in the worker with a ModelSpec) replaces llama.cpp:
        the tests' fake models that crash, hang or answer at once."""
        self.model_path = model_path
        self.timeout = timeout
        self.spec = ModelSpec(model_path=str(model_path), n_ctx=n_ctx, n_threads=n_threads, n_batch=n_batch,
                              factory=model_factory)

    def session(self) -> EmbeddedSession:
        return EmbeddedSession(self.spec, timeout=self.timeout)
