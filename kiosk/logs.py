"""The log files of the desk and the `kiosk` command: private, rotated, and without personal data.

Log lines name people by attendee id or badge code only. The database engine never puts
statement parameters into its errors (kiosk.db), and what a database server adds to its own
messages about a row (PostgreSQL's «Failing row contains (…)», «Key (email)=(…)») is masked
here, so a traceback in the log does not carry anyone's name, phone or e-mail.
"""

from __future__ import annotations

import logging
import re
from logging.handlers import TimedRotatingFileHandler
from pathlib import Path
from typing import Final

from kiosk.files import PRIVATE_FILE, make_private_dir, tighten

KEEP_DAYS: Final = 14
"""A log file per day, the last fortnight kept: enough to look into a problem of the event."""
FORMAT: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_LINE: Final = 500
"""Characters of one log line kept: a huge argument (a 60 000-character --db) is never logged
whole, only its start."""

_ROW_VALUES: Final = (
    (re.compile(r"(Failing row contains )\(.*?\)(?=\.?\s*$)", re.MULTILINE), r"\1(…)"),
    (re.compile(r"(Key \([^)]*\))=\(.*?\)(?= already exists| is (?:not )?present)"), r"\1=(…)"),
    (re.compile(r"\[parameters: .*?\](?=\s*$|\n)", re.MULTILINE | re.DOTALL), "[parameters: …]"),
)


def redact(text: str) -> str:
    """`text` with the row values a database server quotes in its errors masked, and every
    line cut to `MAX_LINE` characters."""
    for pattern, replacement in _ROW_VALUES:
        text = pattern.sub(replacement, text)
    if len(text) > MAX_LINE:
        text = "\n".join(_cut(line) for line in text.split("\n"))
    return text


def _cut(line: str) -> str:
    if len(line) <= MAX_LINE:
        return line
    return f"{line[:MAX_LINE]}… [{len(line) - MAX_LINE} characters more]"


class RedactingFormatter(logging.Formatter):
    """Formats as usual (with the traceback), then masks row values (see `redact`)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class PrivateRotatingHandler(TimedRotatingFileHandler):
    """A new file every midnight, `KEEP_DAYS` kept; each file owner-only whatever the umask."""

    def _open(self):  # type: ignore[no-untyped-def]  # typeshed types it as returning a TextIO
        path = Path(self.baseFilename)
        existed = path.exists()
        stream = super()._open()
        if not existed:
            path.chmod(PRIVATE_FILE)
        else:
            tighten(path)
        return stream


def file_handler(path: Path, level: int = logging.INFO) -> logging.Handler:
    """A handler writing to `path` (its folder created owner-only), rotated daily."""
    make_private_dir(path.parent)
    tighten(path.parent)
    handler = PrivateRotatingHandler(
        path, when="midnight", backupCount=KEEP_DAYS, encoding="utf-8", delay=False
    )
    handler.setLevel(level)
    handler.setFormatter(RedactingFormatter(FORMAT))
    return handler
