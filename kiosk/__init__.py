"""The desk's Qt-free core."""

from typing import Final

APP_NAME: Final = "kiosk-desk"
"""The folder name of the app's own places (data, settings, logs) in the user's folders."""
