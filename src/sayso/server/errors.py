"""Errors in OpenAI's JSON shape, so OpenAI clients raise their usual exception types."""

from __future__ import annotations

from typing import Any

from sayso.errors import BadInput, ConfigError, EngineUnavailable, SaysoError


class ApiError(Exception):
    """An HTTP error with OpenAI's ``{"error": {message, type, param, code}}`` body."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",  # OpenAI's field name
        code: str | None = None,
        param: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.param = param

    def headers(self) -> dict[str, str] | None:
        """Headers the status calls for (``WWW-Authenticate`` on 401, ``Retry-After`` on 429)."""
        headers = {"WWW-Authenticate": "Bearer"} if self.status == 401 else {}
        if self.retry_after is not None:
            headers["Retry-After"] = str(self.retry_after)
        return headers or None

    def body(self) -> dict[str, Any]:
        """The JSON body."""
        return {
            "error": {
                "message": self.message,
                "type": self.type,
                "param": self.param,
                "code": self.code,
            }
        }


def from_sayso(exc: SaysoError) -> ApiError:
    """Map a sayso error to the HTTP status a client should see."""
    if isinstance(exc, BadInput):
        status = 413 if exc.code == "audio_too_long" else 400
        return ApiError(status, exc.message, code=exc.code)
    if isinstance(exc, ConfigError):
        return ApiError(400, exc.message, code=exc.code)
    if isinstance(exc, EngineUnavailable):
        return ApiError(503, exc.message, type="server_error", code=exc.code)
    return ApiError(500, exc.message, type="server_error", code=exc.code)
