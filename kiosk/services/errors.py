"""Errors services raise for people: each carries a message in the user's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.services.views import AttendeeView


class ServiceError(Exception):
    """A refusal a person can act on; `str(error)` is the message to show."""

    field: str | None = None


class ValidationError(ServiceError):
    """Bad input; `field` names the input field (``last_name``, ``phone``, …) when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(ServiceError):
    """No attendee answers to that code or id."""


class DuplicateError(ServiceError):
    """The phone or e-mail already belongs to someone: show that person instead."""

    def __init__(self, message: str, field: str, existing: AttendeeView) -> None:
        super().__init__(message)
        self.field = field
        self.existing = existing
