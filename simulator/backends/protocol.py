"""The messages between an embedded session (parent) and its model worker (child process).

One message per ``Connection.send_bytes`` frame, JSON, validated by pydantic on both sides; a frame
that does not validate is a protocol error (the worker is stopped). Every request carries an ``id``
and every reply names the request it answers, so replies to a request the parent gave up on (a
stream it stopped reading) are recognised and dropped.

    parent → worker   start(spec) once, then generate(id, …), stop(id), shutdown
    worker → parent   hello(pid) as soon as it runs, ready once the model is loaded (or failed(id=0)),
                      token(id, text)… done(id, text) for each generate, or failed(id, error)
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from core.llm import ChatMessage


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ModelSpec(_Message):
    """What the worker loads. ``factory`` ("module:function") replaces llama.cpp, for tests."""

    model_path: str
    n_ctx: int = 4096
    n_threads: int = 2
    n_batch: int = 512
    factory: str | None = None


class Start(_Message):
    kind: Literal["start"] = "start"
    spec: ModelSpec


class Generate(_Message):
    kind: Literal["generate"] = "generate"
    id: int = Field(gt=0)
    messages: list[ChatMessage]
    max_tokens: int
    temperature: float
    json_schema: dict[str, Any] | None = None
    stream: bool = False


class Stop(_Message):
    """Stop generating for request ``id`` (the parent stopped reading its stream)."""

    kind: Literal["stop"] = "stop"
    id: int


class Shutdown(_Message):
    kind: Literal["shutdown"] = "shutdown"


class Hello(_Message):
    """The worker runs (its interpreter started and imported this module); the model load begins."""

    kind: Literal["hello"] = "hello"
    pid: int


class Ready(_Message):
    kind: Literal["ready"] = "ready"


class Token(_Message):
    kind: Literal["token"] = "token"
    id: int
    text: str


class Done(_Message):
    """The end of a request: the whole reply (``stream=False``) or "" after the tokens."""

    kind: Literal["done"] = "done"
    id: int
    text: str = ""


class Failed(_Message):
    """The request raised in the worker (``id=0``: the model could not be loaded; the worker exits)."""

    kind: Literal["failed"] = "failed"
    id: int
    error: str
    missing: bool = False  # the runtime or the model file is not installed


ToWorker = Annotated[Start | Generate | Stop | Shutdown, Field(discriminator="kind")]
FromWorker = Annotated[Hello | Ready | Token | Done | Failed, Field(discriminator="kind")]

_TO_WORKER: TypeAdapter[ToWorker] = TypeAdapter(ToWorker)
_FROM_WORKER: TypeAdapter[FromWorker] = TypeAdapter(FromWorker)


def encode(message: _Message) -> bytes:
    return message.model_dump_json().encode()


def decode_request(data: bytes) -> Start | Generate | Stop | Shutdown:
    """Raises pydantic.ValidationError on anything that is not a valid request."""
    return _TO_WORKER.validate_json(data)


def decode_reply(data: bytes) -> Hello | Ready | Token | Done | Failed:
    """Raises pydantic.ValidationError on anything that is not a valid reply."""
    return _FROM_WORKER.validate_json(data)
