"""What the desk says after a sync the operator asked for."""

from __future__ import annotations

from kiosk.offline.sync import CONFLICT_KINDS, CONFLICTS, SyncResult, conflicts_text
from kiosk.services.replay import Replayed
from ui.common.hub import synced_text


def test_a_sync_that_left_decisions_to_the_organiser_says_how_many_of_each_kind() -> None:
    outcomes = [
        Replayed.ADMITTED,
        Replayed.DUPLICATE,
        Replayed.PROBABLE_DUPLICATE,
        Replayed.PROBABLE_DUPLICATE,
        Replayed.EARLIER_PAYMENT,
        Replayed.EDIT_CONFLICT,
    ]
    result = SyncResult(sent=6, conflicts=5, queued=0, outcomes=outcomes)
    assert result.conflicts_by_kind == {
        "admitted_twice": 1,
        "paid_twice": 1,
        "probable_duplicates": 2,
        "edit_conflicts": 1,
    }
    text = synced_text(result)
    assert text.startswith("Синхронизировано: отправлено на хаб 6, в очереди 0.")
    assert text.endswith(
        "Отложено хабом для решения организатора: 5 (двойные проходы: 1, двойные оплаты: 1, "
        "вероятные дубли: 2, изменено на двух стойках: 1) — смотрите «Сводку»."
    )


def test_every_kind_the_hub_keeps_for_the_organiser_is_named() -> None:
    named = set().union(*(outcomes for outcomes, _ru, _en in CONFLICT_KINDS.values()))
    assert named == CONFLICTS
    assert conflicts_text(SyncResult()) == ""
