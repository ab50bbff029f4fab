"""The embedded model's worker process: ``python -m simulator.backends.worker FD``.

It holds one model instance (llama.cpp, or a test factory's stand-in) and serves one request at a
time over the connection on file descriptor ``FD`` (messages: :mod:`simulator.backends.protocol`).
Whatever the native code does — a segfault, an abort, a hang — happens here, not in the app.

While it streams, it looks for a ``stop`` between tokens and closes the model's generator at once.
It exits on ``shutdown``, when the parent's end of the connection closes, or when the parent dies
(a watchdog thread notices the new parent id even while a native call hangs).
"""

from __future__ import annotations

import faulthandler
import importlib
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from core.errors import ModelMissingError
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
    decode_request,
    encode,
)

Request = Start | Generate | Stop | Shutdown


def load_llama(spec: ModelSpec) -> Any:
    """The real model: llama.cpp through llama-cpp-python (imported here, in the worker only)."""
    try:
        from llama_cpp import Llama  # the native runtime, compiled at install time
    except ImportError as exc:
        raise ModelMissingError(f"llama-cpp-python is not installed ({exc})") from exc
    if not Path(spec.model_path).is_file():
        raise ModelMissingError(f"embedded model file not found: {spec.model_path}")
    return Llama(
        model_path=spec.model_path,
        n_ctx=spec.n_ctx,
        n_batch=spec.n_batch,
        n_ubatch=spec.n_batch,
        n_threads=spec.n_threads,
        n_threads_batch=spec.n_threads,
        verbose=False,
    )


def _factory(path: str | None) -> Callable[[ModelSpec], Any]:
    if not path:
        return load_llama
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def _send(conn: Connection, message: Done | Failed | Hello | Ready | Token) -> None:
    conn.send_bytes(encode(message))


def _recv(conn: Connection) -> Request:
    return decode_request(conn.recv_bytes())


def _watch_parent(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def _kwargs(req: Generate) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "messages": [m.model_dump() for m in req.messages],
        "max_tokens": req.max_tokens,
        "temperature": req.temperature,
    }
    if req.json_schema is not None:
        kwargs["response_format"] = {"type": "json_object", "schema": req.json_schema}
    return kwargs


def _generate(model: Any, req: Generate, conn: Connection, backlog: deque[Request]) -> bool:
    """Serve one request. False when a shutdown arrived meanwhile."""
    try:
        if not req.stream:
            resp = model.create_chat_completion(**_kwargs(req))
            _send(conn, Done(id=req.id, text=resp["choices"][0]["message"].get("content") or ""))
            return True
        chunks = model.create_chat_completion(stream=True, **_kwargs(req))
        try:
            for chunk in chunks:
                if delta := chunk["choices"][0]["delta"].get("content"):
                    _send(conn, Token(id=req.id, text=delta))
                while conn.poll():  # anything from the parent: a stop for us, or the next request
                    msg = _recv(conn)
                    if isinstance(msg, Shutdown):
                        return False
                    if isinstance(msg, Stop):
                        if msg.id == req.id:
                            break
                        continue  # a stop for a request that already ended
                    backlog.append(msg)
                else:
                    continue
                break
        finally:
            if close := getattr(chunks, "close", None):
                close()  # stop the model's generator now, not when it is garbage-collected
        _send(conn, Done(id=req.id))
    except (EOFError, OSError):
        raise  # the parent is gone
    except Exception as exc:  # e.g. the prompt exceeds the context window: the worker lives on
        _send(conn, Failed(id=req.id, error=f"{type(exc).__name__}: {exc}"))
    return True


def serve(conn: Connection) -> int:
    _send(conn, Hello(pid=os.getpid()))
    start = _recv(conn)
    if not isinstance(start, Start):
        return 2
    try:
        model = _factory(start.spec.factory)(start.spec)
    except Exception as exc:
        missing = isinstance(exc, ModelMissingError | ImportError | FileNotFoundError)
        _send(conn, Failed(id=0, error=f"{type(exc).__name__}: {exc}" if not missing else str(exc), missing=missing))
        return 1
    _send(conn, Ready())
    backlog: deque[Request] = deque()
    try:
        while True:
            msg = backlog.popleft() if backlog else _recv(conn)
            if isinstance(msg, Shutdown):
                break
            if isinstance(msg, Generate) and not _generate(model, msg, conn, backlog):
                break
    finally:
        if close := getattr(model, "close", None):
            close()
    return 0


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it closes us
    faulthandler.enable()  # a native crash prints the Python stack to stderr before the process dies
    _watch_parent(os.getppid())
    conn = Connection(int(argv[0]))
    try:
        return serve(conn)
    except (EOFError, OSError):
        return 0  # the parent closed its end
    finally:
        conn.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
