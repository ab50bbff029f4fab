"""A fake OpenAI-compatible server on 127.0.0.1 for tests: real HTTP, scripted replies, recorded requests.

``replies`` is a callable taking the request body (dict) and returning the reply text, or a list of
texts served in order (the last one repeats). Streaming requests get SSE chunks ending in [DONE].
Set ``fail_status`` to make every request fail with that HTTP status, or ``delay`` to slow replies;
``chunk_delay`` spaces the SSE chunks of a stream (so a client can stop reading mid-reply), and
``streams_dropped`` counts the streams the client closed before their end.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = str | Callable[[dict[str, Any]], str]


class FakeOpenAIServer:
    def __init__(self, replies: Reply | list[str] = "Hello.") -> None:
        self.replies = replies
        self.requests: list[dict[str, Any]] = []
        self.fail_status: int | None = None
        self.delay = 0.0
        self.chunk_delay = 0.0
        self.streams_dropped = 0
        self._served = 0
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _next_reply(self, body: dict[str, Any]) -> str:
        if callable(self.replies):
            return self.replies(body)
        if isinstance(self.replies, list):
            reply = self.replies[min(self._served, len(self.replies) - 1)]
            self._served += 1
            return reply
        return self.replies

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def _json(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    self._json(200, {"object": "list", "data": [{"id": "fake-model", "object": "model"}]})
                else:
                    self._json(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append(body)
                if server.delay:
                    time.sleep(server.delay)
                if server.fail_status:
                    self._json(server.fail_status, {"error": {"message": "fake failure", "type": "server_error"}})
                    return
                if not self.path.endswith("/chat/completions"):
                    self._json(404, {"error": {"message": "not found"}})
                    return
                text = server._next_reply(body)
                if body.get("stream"):
                    try:
                        self._stream(body, text)
                    except (BrokenPipeError, ConnectionResetError):  # the client hung up mid-stream
                        server.streams_dropped += 1
                else:
                    self._json(200, {
                        "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
                        "model": body.get("model", "fake-model"),
                        "choices": [{"index": 0, "finish_reason": "stop",
                                     "message": {"role": "assistant", "content": text}}],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    })

            def _stream(self, body: dict[str, Any], text: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                pieces = [text[i:i + 8] for i in range(0, len(text), 8)] or [""]
                for i, piece in enumerate(pieces):
                    chunk = {
                        "id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()),
                        "model": body.get("model", "fake-model"),
                        "choices": [{"index": 0, "delta": {"role": "assistant", "content": piece} if i == 0
                                     else {"content": piece}, "finish_reason": None}],
                    }
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                    if server.chunk_delay:
                        time.sleep(server.chunk_delay)
                end = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()),
                       "model": body.get("model", "fake-model"),
                       "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                self.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())
                self.wfile.flush()

        return Handler
