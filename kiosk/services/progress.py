"""How far a long piece of work has got, and a way to stop it, shared between the thread that
does it and the one that shows it (the desk's import dialog, the command line's status line).

The work says where it is (`at`); that is also where it stops when asked to: `at` raises
`Stopped`, and the work undoes what it wrote on its way out, as on any error. The part that
makes the work's result seen by everybody (an import's last transaction) cannot be stopped:
a stop asked for during it is refused (`stop` says so), and the work ends as it would have —
unless that part ends without showing anything (an import that finds its plan stale and goes
back to planning): the stop refused is then made where the work next says where it is.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import NamedTuple

Listener = Callable[[str, int, int], None]


class Stopped(Exception):
    """The work was stopped as asked, before its result was seen by anybody: none of it was
    written."""


class Where(NamedTuple):
    stage: str
    done: int = 0
    total: int = 0
    """0 when the stage is not counted."""


class Progress:
    """One piece of work's progress; `at` is called by the thread doing it, the rest by any."""

    def __init__(self, listener: Listener | None = None) -> None:
        self._listener = listener
        self._lock = threading.Lock()
        self._stopped = False
        self._late = False
        """A stop asked while the work could not be stopped."""
        self._held = 0
        self._done = False
        self._where = Where("")

    @property
    def where(self) -> Where:
        return self._where

    @property
    def stopped(self) -> bool:
        return self._stopped

    def stop(self) -> bool:
        """Ask the work to stop where it next says where it is. False if it can no longer be
        stopped (it is making its result seen, or has)."""
        with self._lock:
            if self._held:
                self._late = not self._done
                return False
            self._stopped = True
            return True

    def at(self, stage: str, done: int = 0, total: int = 0) -> None:
        """The work has got this far; raises `Stopped` if it was asked to stop (but never where
        it cannot be: inside `unstoppable`, or once `finished`)."""
        with self._lock:
            if self._stopped and not self._held:
                raise Stopped
        self._where = Where(stage, done, total)
        if self._listener is not None:
            self._listener(stage, done, total)

    def note(self, stage: str, done: int = 0, total: int = 0) -> None:
        """Where the work's clean-up has got (taking away what it wrote, once stopped): told
        like `at`, never stopped (it is what stopping does)."""
        self._where = Where(stage, done, total)
        if self._listener is not None:
            self._listener(stage, done, total)

    @contextmanager
    def unstoppable(self) -> Iterator[None]:
        """A part of the work that is not stopped once begun (a stop asked meanwhile is
        refused). Raises `Stopped` instead of beginning it if a stop was asked before."""
        with self._lock:
            if self._stopped:
                raise Stopped
            self._held += 1
        try:
            yield
        finally:
            with self._lock:
                self._held -= 1
                if self._late and not self._done:
                    self._stopped = True  # the part ended without showing anything

    def finished(self) -> None:
        """The work's result is seen: it can no longer be stopped."""
        with self._lock:
            self._held += 1
            self._done = True
            self._late = False
