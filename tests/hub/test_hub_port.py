"""`kiosk hub start` on a port it cannot have says why in one language, the user's."""

from __future__ import annotations

import errno

import pytest

from kiosk.config import Event
from kiosk.db import DatabaseError
from kiosk.hub import service
from kiosk.hub.service import HubOptions, start_or_explain
from kiosk.i18n import set_language


@pytest.mark.parametrize(
    ("code", "russian", "english"),
    [
        (errno.EADDRINUSE, "порт 5999 уже занят", "port 5999 is taken"),
        (errno.EACCES, "не разрешено слушать порт 5999", "may not listen on port 5999"),
        (errno.EADDRNOTAVAIL, "нет адреса 192.0.2.7", "no address 192.0.2.7"),
    ],
)
def test_a_port_the_hub_cannot_have_is_said_in_the_users_language_only(
    monkeypatch: pytest.MonkeyPatch, event: Event, code: int, russian: str, english: str
) -> None:
    def refused(_options: HubOptions, _event: Event) -> None:
        raise OSError(code, "Address already in use")  # the system's words, in English

    monkeypatch.setattr(service, "start_hub", refused)
    options = HubOptions(port=5999, listen="192.0.2.7")
    set_language("ru")
    with pytest.raises(DatabaseError) as said:
        start_or_explain(options, event)
    assert russian in str(said.value)
    assert "Address" not in str(said.value) and "already" not in str(said.value)
    set_language("en")
    with pytest.raises(DatabaseError) as said:
        start_or_explain(options, event)
    assert english in str(said.value)
    set_language(None)
