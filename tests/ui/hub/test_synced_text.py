"""What the desk says after a sync the operator asked for."""

from __future__ import annotations

from kiosk.offline.sync import SyncResult
from ui.common.hub import synced_text


def test_a_sync_that_left_decisions_to_the_organiser_says_so_whatever_their_kind() -> None:
    text = synced_text(SyncResult(sent=3, conflicts=2, queued=0))
    assert text.startswith("Синхронизировано: отправлено на хаб 3, в очереди 0.")
    assert (
        "для решения организатора (повторный вход, двойная оплата, вероятный дубль, общий "
        "контакт): 2" in text
    )
