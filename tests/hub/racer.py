"""One desk in a race: a process of its own that joins the hub by its code, gets everything
ready, waits at the start line with the others, then does its actions at the moments it is
given and prints what each desk was told, as JSON.

    python -m tests.hub.racer SPEC.json

SPEC: {"join", "desk", "barrier" (a folder), "now" (the desk's clock), "actions": [{"at":
seconds after the start, "do": …, "now" (the clock for this one action), …}]}. The racer
writes `ready-DESK` in the barrier folder and waits for `go`, which holds the start's
wall-clock time (time.time()); every desk then starts action i at the same moment, so the
races are real.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

START_WAIT_S = 120.0


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    from kiosk.cli.core import checkin_text
    from kiosk.config import load_event
    from kiosk.db import open_database
    from kiosk.models import PaymentMethod
    from kiosk.services import checkin, printing, registration
    from kiosk.services.context import Desk
    from kiosk.services.errors import ServiceError
    from kiosk.services.lookup import get_by_code

    event = load_event()
    db = open_database(spec["join"], event)  # pins the hub's certificate, connects, checks
    moment = {"now": datetime.fromisoformat(spec["now"])}
    desk = Desk(db, event, name=spec["desk"], operator=spec["desk"], clock=lambda: moment["now"])
    # Everything loaded before the start: imports, statements, a badge rendered once.
    for action in spec["actions"]:
        if action["do"] == "print":
            view = get_by_code(desk, action["code"])
            assert view is not None
            printing.render_for([view], event, printing.DEFAULT_LAYOUT)
            break

    def run(action: dict[str, Any]) -> dict[str, Any]:
        moment["now"] = datetime.fromisoformat(action.get("now", spec["now"]))
        pay = PaymentMethod(action["pay"]) if action.get("pay") else None
        match action["do"]:
            case "checkin":
                result = checkin.check_in(
                    desk, action["code"], pay=pay, upgrade_to=action.get("upgrade")
                )
                return {
                    "outcome": str(result.status),
                    "message": " ".join(checkin_text(result, event)),
                    "paid": result.paid_now,
                    "upgraded": result.upgraded_to,
                }
            case "walk_in":
                request = registration.Registration(
                    person=registration.PersonInput(
                        last_name=action["last"],
                        first_name=action["first"],
                        phone=action.get("phone"),
                        email=action.get("email"),
                    ),
                    tariff=action["tariff"],
                    pay=pay,
                    consent=True,
                )
                walked = registration.register_walk_in(desk, request)
                return {"outcome": "ok", "code": walked.attendees[0].code}
            case "pay":
                paid = checkin.pay(desk, action["code"], PaymentMethod(action["method"]))
                return {"outcome": "ok", "amount_due": paid.amount_due}
            case "upgrade":
                upgraded = checkin.upgrade(desk, action["code"], action["tariff"], pay=pay)
                return {"outcome": "ok", "tariff": upgraded.tariff}
            case "print":
                printed = printing.print_badges(desk, [action["code"]], printer=action["printer"])
                return {"outcome": "ok", "file": printed.destination}
            case "undo":
                checkin.undo_check_in(
                    desk, action["code"], date.fromisoformat(action["day"]), action["reason"]
                )
                return {"outcome": "ok"}
        raise ValueError(action["do"])

    barrier = Path(spec["barrier"])
    (barrier / f"ready-{spec['desk']}").touch()
    go = barrier / "go"
    deadline = time.monotonic() + START_WAIT_S
    while not go.exists() or not go.read_text().strip():
        if time.monotonic() > deadline:
            raise SystemExit("no start")
        time.sleep(0.002)
    start = float(go.read_text())
    told = []
    for action in spec["actions"]:
        wait = start + action["at"] - time.time()
        if wait > 0:
            time.sleep(wait)
        began = time.time()
        try:
            answer = run(action)
        except ServiceError as exc:
            answer = {"outcome": type(exc).__name__, "message": str(exc)}
        except Exception as exc:  # reported, so that a test shows it rather than a hang
            answer = {"outcome": "crash", "message": f"{type(exc).__name__}: {exc}"[:500]}
        answer["began"] = began
        answer["took"] = time.time() - began
        told.append(answer)
    db.dispose()
    print(json.dumps(told, ensure_ascii=False))


if __name__ == "__main__":
    main()
