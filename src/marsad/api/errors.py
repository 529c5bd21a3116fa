"""Error responses that cannot fail themselves: a validation error echoes the client's input,
which may hold lone surrogates (JSON can escape them) or undecodable bytes, and FastAPI's own
handler then raised UnicodeEncodeError and answered 500 (issue 16)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from marsad.inputs.item import replace_surrogates

# An echoed input longer than this is cut: the client has it already.
MAX_ECHO_CHARS = 500


def plain_json(value: Any, depth: int = 0) -> Any:
    """`value` as JSON-ready data whose strings all encode as UTF-8."""
    if depth > 20:
        return "…"
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        text = replace_surrogates(value)[0]
        return text if len(text) <= MAX_ECHO_CHARS else text[:MAX_ECHO_CHARS] + "…"
    if isinstance(value, bytes | bytearray):
        return plain_json(bytes(value).decode("utf-8", "replace"), depth)
    if isinstance(value, dict):
        return {str(plain_json(k, depth + 1)): plain_json(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain_json(v, depth + 1) for v in value]
    return plain_json(str(value), depth)


async def validation_error(_request: Request, exc: Exception) -> JSONResponse:
    errors = exc.errors() if isinstance(exc, RequestValidationError) else [{"msg": str(exc)}]
    return JSONResponse({"detail": plain_json(errors)}, status_code=422)
