"""Desk settings remembered between starts (QSettings), with command-line overrides."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from kiosk.files import tighten
from kiosk.hub.join import holds_join_code, without_join_code
from kiosk.profile import settings_file
from kiosk.services.selfservice import DEFAULT_SIGN_UPS

ORGANIZATION = "kiosk-desk"
APPLICATION = "desk"


LEGACY_DEFAULT_NAME = "desk-1"
"""What older versions named every desk (and saved as if chosen): read as not named."""


@dataclass(frozen=True)
class DeskSettings:
    desk_name: str = ""
    """The name staff gave the desk; "" until they do: then it is «стойка-1» on this laptop,
    and on a hub the first free «стойка-N» the hub gives it (`name`)."""
    printer: str = ""
    layout: str = "badge-90x55"
    auto_print: bool = True
    sounds: bool = True
    language: str = "ru"
    operator: str = ""
    kiosk_mode: bool = False
    """Start as a self-service kiosk for visitors instead of the staff desk."""
    kiosk_idle_s: int = 60
    """Seconds without a touch after which the kiosk clears everything and starts over."""
    kiosk_slip: bool = False
    """Print a confirmation slip with the QR code after a sign-up at the kiosk."""
    kiosk_camera: bool = True
    """Read QR codes with the laptop's camera too, where there is one."""
    kiosk_sign_ups: int = DEFAULT_SIGN_UPS
    """Sign-ups the kiosk takes in ten minutes, at most (then visitors go to the desk)."""
    hub_join: str = ""
    """The join code of the hub this desk works on ("" : this laptop's own database). Kept
    in the settings file, which only its owner may read; never shown whole."""
    hub_host: bool = False
    """This laptop runs the hub (`kiosk hub start`) while the app runs."""

    @property
    def name(self) -> str:
        """The desk's name as shown and recorded (see `desk_name`)."""
        from kiosk.present import default_desk_name

        return self.desk_name or default_desk_name()

    @property
    def operator_name(self) -> str:
        """Who the desk records as its operator: the name staff gave in the settings, else the
        laptop session's user, as the `kiosk` command records (kiosk.services.context)."""
        from kiosk.services.context import default_operator

        return self.operator or default_operator()


HUB_FIELDS = frozenset({"hub_join", "hub_host"})
"""Changed only by joining or leaving a hub (`save_hub_settings`), never by a settings form
that was opened before: its copy of them may be out of date."""


def _store() -> QSettings:
    """This profile's settings: under `KIOSK_HOME` when set (kiosk.profile), else the user's."""
    path = settings_file()
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION
    )


def load_settings() -> DeskSettings:
    store = _store()
    tighten(Path(store.fileName()))  # written by an older version under a lax umask
    values: dict[str, Any] = {}
    defaults = DeskSettings()
    for f in fields(DeskSettings):
        default = getattr(defaults, f.name)
        raw = store.value(f.name, default)
        if isinstance(default, bool):
            values[f.name] = raw in (True, "true", "1", 1)
        elif isinstance(default, int):
            try:
                values[f.name] = int(str(raw))
            except ValueError:
                values[f.name] = default
        else:
            values[f.name] = str(raw) if raw is not None else default
    if values["desk_name"] == LEGACY_DEFAULT_NAME:
        values["desk_name"] = ""
    if holds_join_code(values["desk_name"]):
        # A scan an older version let into the name: the code (the hub's password with it)
        # is never shown as the desk's name.
        values["desk_name"] = without_join_code(values["desk_name"])
    return DeskSettings(**values)


def save_settings(settings: DeskSettings) -> None:
    """Everything but where the data is (see `HUB_FIELDS`)."""
    store = _store()
    for f in fields(DeskSettings):
        if f.name not in HUB_FIELDS:
            store.setValue(f.name, getattr(settings, f.name))
    store.sync()
    tighten(Path(store.fileName()))  # private even where the umask was not (a test, a tool)


def save_hub_settings(join: str, host: bool) -> None:
    """Which hub this desk works on, and whether this laptop runs it."""
    store = _store()
    store.setValue("hub_join", join)
    store.setValue("hub_host", host)
    store.sync()
    tighten(Path(store.fileName()))


def with_overrides(settings: DeskSettings, **overrides: Any) -> DeskSettings:
    """Command-line values win over the remembered ones (None means not given)."""
    return replace(settings, **{k: v for k, v in overrides.items() if v is not None})
