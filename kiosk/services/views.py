"""Plain frozen snapshots that services return: widgets and the CLI never see ORM objects."""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from functools import cache
from types import MappingProxyType
from typing import Any, Final, cast

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Integer,
    Select,
    String,
    Text,
    any_,
    bindparam,
    case,
    func,
    literal,
    literal_column,
    null,
    select,
    text,
    type_coerce,
    union_all,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.engine import Dialect

from kiosk.config import Event
from kiosk.db import PlainConnection, query_plain
from kiosk.models import Attendee, BadgeAlias, BadgePrint, CheckIn, Payment
from kiosk.rules import BadgeState, EntryState, FirstEntry


@dataclass(frozen=True)
class CheckInView:
    day: date
    at: datetime | None
    """When the person arrived (None: entered afterwards without a time)."""
    desk: str
    operator: str
    recorded_at: datetime | None = None
    entered_afterwards: bool = False


PaidBy = tuple[tuple[str, int], ...]
"""(payment method, amount) for each way a person paid, in the order first used (as the
payments were recorded): ``(("cash", 16000), ("card", 11900))``."""


def paid_by(payments: Sequence[tuple[str, int, bool]]) -> PaidBy:
    """The ways a person paid from their payment rows (method, amount, refund due) in the
    order recorded; money taken that is to be given back is not a way they paid."""
    totals: dict[str, int] = {}
    for method, amount, refund_due in payments:
        if not refund_due:
            totals[method] = totals.get(method, 0) + amount
    return tuple(totals.items())


def paid_by_attendee(connection: Connection, ids: Sequence[int] | None = None) -> dict[int, PaidBy]:
    """`paid_by` for these attendees (or everyone), in one statement."""
    statement = select(
        Payment.attendee_id, Payment.method, Payment.amount, Payment.refund_due
    ).order_by(Payment.attendee_id, Payment.id)
    if ids is not None:
        statement = statement.where(Payment.attendee_id.in_(list(ids)))
    rows: defaultdict[int, list[tuple[str, int, bool]]] = defaultdict(list)
    for attendee_id, method, amount, refund_due in connection.execute(statement):
        rows[attendee_id].append((method, amount, bool(refund_due)))
    return {attendee_id: paid_by(payments) for attendee_id, payments in rows.items()}


@dataclass(frozen=True)
class PaymentView:
    """One payment of a person who paid twice, as their record shows it: which desk took how
    much, when (the desk's clock), and whether it is the double to give back (and was given
    back: when, where, by whom)."""

    amount: int
    method: str
    desk: str
    operator: str
    taken_at: datetime
    refund_due: bool = False
    """Paid twice: to give back, not counted in what the person paid."""
    refunded_at: datetime | None = None
    refunded_desk: str = ""
    refunded_by: str = ""


PaidTwice = tuple[PaymentView, ...]
"""Every payment of a person who paid twice (one at least flagged to give back), the earliest
taken first; empty for everyone else."""


def paid_twice(payments: Sequence[tuple[int, PaymentView]]) -> PaidTwice:
    """`PaidTwice` from a person's payments (with their ids): empty unless one is flagged."""
    if not any(view.refund_due for _id, view in payments):
        return ()
    ranked = sorted(payments, key=lambda pair: (pair[1].taken_at, pair[0]))
    return tuple(view for _id, view in ranked)


def _utc(value: str | None) -> datetime | None:
    """A time in a JSON column (SQLite's stored UTC text, or PostgreSQL's ISO with offset)."""
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _read_paid_twice(listed: str) -> PaidTwice:
    """The payments of `_paid_twice_column` (a JSON array of `_PAYMENT_ROW`'s values)."""
    payments = []
    for row in json.loads(listed):
        payment_id, amount, method, desk, operator, taken_at, due, refunded_at, where, who = row
        taken = _utc(taken_at)
        assert taken is not None
        view = PaymentView(
            amount,
            method,
            desk or "",
            operator or "",
            taken,
            bool(due),
            _utc(refunded_at),
            where or "",
            who or "",
        )
        payments.append((payment_id, view))
    return paid_twice(payments)


@dataclass(frozen=True)
class PrintView:
    at: datetime
    desk: str
    operator: str
    layout: str
    printer: str
    reprint: bool
    badge_hash: str | None = None


_SEAT: Final = re.compile(r"(?:Участник|Member) \d+")
# Earlier versions wrote «команда » with nothing after it for a contact without a surname.
_SEAT_TEAM: Final = re.compile(r"(?:команда|team)(?:\s.*)?", re.DOTALL)


def is_placeholder(last_name: str, first_name: str) -> bool:
    """Whether this is a team seat not yet named (kiosk.services.registration's
    `placeholder_member`, in either language)."""
    return bool(_SEAT.fullmatch(last_name)) and bool(_SEAT_TEAM.fullmatch(first_name))


def badge_hash(
    *,
    code: str,
    last_name: str,
    first_name: str,
    company: str,
    position: str,
    category: str,
    tariff: str | None,
    days: Sequence[date],
) -> str:
    """A fingerprint of what a badge shows (in no particular language): when it differs from
    the one recorded with the last print, the badge in the person's hands is out of date."""
    shown = [code, last_name, first_name, company, position, category, tariff or ""]
    shown += [d.isoformat() for d in days]
    return hashlib.sha256("\x1f".join(shown).encode()).hexdigest()


def badge_hash_of(shown: Mapping[str, Any], code: str, event: Event) -> str:
    """`badge_hash` of a badge with `code` showing `shown`: an attendee's fields as the audit
    log records them (kiosk.services.audit.snapshot: a merge's record of both people, a
    person as they are now)."""
    category, tariff = shown.get("category") or "", shown.get("tariff")
    return badge_hash(
        code=code,
        last_name=shown.get("last_name") or "",
        first_name=shown.get("first_name") or "",
        company=shown.get("company") or "",
        position=shown.get("position") or "",
        category=category,
        tariff=tariff,
        days=event.entitled_days(category, tariff),
    )


@dataclass(frozen=True)
class AttendeeView:
    id: int
    code: str
    last_name: str
    first_name: str
    middle_name: str
    company: str
    position: str
    phone: str | None
    email: str | None
    category: str
    tariff: str | None
    group_id: int | None
    status: str
    price: int
    amount_paid: int
    amount_due: int
    payment_status: str
    payment_method: str | None
    source: str
    consent_at: datetime | None
    created_at: datetime
    updated_at: datetime
    checkins: tuple[CheckInView, ...] = ()
    prints: tuple[PrintView, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    paid_by: PaidBy = ()
    """The money taken at the desks by way of payment (see `paid_by`); empty when nothing
    was, or where it was not loaded (then `payment_method` is the only way known)."""
    forgotten: bool = False
    """The person's data was erased on their request (kiosk.services.privacy)."""
    paid_twice: PaidTwice = ()
    """Where the person paid twice: every payment of theirs, the one that counts and those to
    give back or given back (see `PaidTwice`); empty for everyone else."""

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)

    @property
    def paid(self) -> bool:
        return self.amount_due == 0

    @property
    def double_payments(self) -> tuple[PaymentView, ...]:
        """The money paid twice: to give back, or given back."""
        return tuple(p for p in self.paid_twice if p.refund_due)

    @property
    def counted_payments(self) -> tuple[PaymentView, ...]:
        """Where the person paid twice, the payments that count."""
        return tuple(p for p in self.paid_twice if not p.refund_due)

    def checkin_on(self, day: date) -> CheckInView | None:
        return next((c for c in self.checkins if c.day == day), None)

    @property
    def unnamed_seat(self) -> bool:
        return is_placeholder(self.last_name, self.first_name)

    @property
    def spoken_name(self) -> str:
        """The name as a banner says it: «Анна Иванова»; an unnamed team seat by its team
        first, «команда Орлов, участник 3» («team Orlov, member 3»)."""
        if self.unnamed_seat:
            seat = self.last_name[:1].lower() + self.last_name[1:]
            return f"{self.first_name}, {seat}"
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    def with_checkin(self, entry: CheckInView) -> AttendeeView:
        """This person with one more check-in, as they are once it is recorded."""
        # Made as `dataclasses.replace` would, without checking every other field again (that
        # cost a twelfth of a scan) and without `copy.copy`'s generic path.
        changed = object.__new__(type(self))
        changed.__dict__.update(self.__dict__)
        changed.__dict__["checkins"] = tuple(sorted((*self.checkins, entry), key=_day_of))
        return changed

    def entry_state(self) -> EntryState:
        return EntryState(
            category=self.category,
            tariff=self.tariff,
            status=self.status,
            amount_due=self.amount_due,
            entries={c.day: FirstEntry(c.at, c.desk, c.entered_afterwards) for c in self.checkins},
            forgotten=self.forgotten,
        )

    def badge_hash(self, event: Event) -> str:
        return badge_hash(
            code=self.code,
            last_name=self.last_name,
            first_name=self.first_name,
            company=self.company,
            position=self.position,
            category=self.category,
            tariff=self.tariff,
            days=event.entitled_days(self.category, self.tariff),
        )

    def badge_state(self, event: Event) -> BadgeState:
        last = self.prints[-1] if self.prints else None
        return BadgeState(
            printed=last is not None,
            up_to_date=last is None
            or last.badge_hash is None
            or last.badge_hash == self.badge_hash(event),
            unnamed_seat=self.unnamed_seat,
        )


def _day_of(entry: CheckInView) -> date:
    return entry.day


def attendee_view(attendee: Attendee, *, with_history: bool = True) -> AttendeeView:
    """Snapshot an ORM attendee (its check-ins and prints must be loadable in the session)."""
    return AttendeeView(
        id=attendee.id,
        code=attendee.badge_code,
        last_name=attendee.last_name,
        first_name=attendee.first_name,
        middle_name=attendee.middle_name,
        company=attendee.company,
        position=attendee.position,
        phone=attendee.phone,
        email=attendee.email,
        category=attendee.category,
        tariff=attendee.tariff,
        group_id=attendee.group_id,
        status=attendee.status,
        price=attendee.price,
        amount_paid=attendee.amount_paid,
        amount_due=attendee.amount_due,
        payment_status=attendee.payment_status,
        payment_method=attendee.payment_method,
        source=attendee.source,
        consent_at=attendee.consent_at,
        created_at=attendee.created_at,
        updated_at=attendee.updated_at,
        checkins=tuple(
            CheckInView(
                c.day, c.checked_in_at, c.desk, c.operator, c.recorded_at, c.entered_afterwards
            )
            for c in attendee.checkins
        )
        if with_history
        else (),
        prints=tuple(
            PrintView(
                p.printed_at, p.desk, p.operator, p.layout, p.printer, p.reprint, p.badge_hash
            )
            for p in attendee.prints
        )
        if with_history
        else (),
        extra=MappingProxyType(dict(attendee.extra or {})),
        paid_by=paid_by([(p.method, p.amount, p.refund_due) for p in attendee.payments])
        if with_history
        else (),
        forgotten=attendee.forgotten_at is not None,
        paid_twice=paid_twice(
            [
                (
                    p.id,
                    PaymentView(
                        p.amount,
                        p.method,
                        p.desk,
                        p.operator,
                        p.taken_at,
                        p.refund_due,
                        p.refunded_at,
                        p.refunded_desk,
                        p.refunded_by,
                    ),
                )
                for p in attendee.payments
            ]
        )
        if with_history
        else (),
    )


_PLAIN_FIELDS: Final = [
    f.name
    for f in fields(AttendeeView)
    if f.name not in ("checkins", "prints", "extra", "paid_by", "forgotten", "paid_twice")
]


@dataclass(frozen=True)
class _ViewQueries:
    attendees: Select[Any]
    history: CompoundSelect[Any] | None
    """Check-ins (kind 0, by day) and badge prints (kind 1, by time) in one statement; None
    where `attendees` brings each person's in two columns of its own (`_history_columns`)."""
    pack: Callable[[list[int]], Any]
    """The ids as the statements' one parameter."""


def _ways_column(dialect: str, attendee_id: ColumnElement[int]) -> ColumnElement[Any]:
    """The person's payments as one short text, «cash:16000,card:11900» in the order they
    were recorded (`_read_ways`): a column of the list's own statement, not another one."""
    payment = Payment.__table__.c
    way = payment.method + literal_column("':'") + sql_cast(payment.amount, String)
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import aggregate_order_by

        joined = func.string_agg(way, aggregate_order_by(literal_column("','"), payment.id))
    else:  # SQLite reads them through the attendee's index: in the order recorded
        joined = func.group_concat(way, literal_column("','"))
    return (
        select(joined)
        .where(payment.attendee_id == attendee_id, payment.refund_due.is_(False))
        .scalar_subquery()
    )


_PAYMENT: Final = Payment.__table__.c
_PAYMENT_ROW: Final = (
    _PAYMENT.id,
    _PAYMENT.amount,
    _PAYMENT.method,
    _PAYMENT.desk,
    _PAYMENT.operator,
    _PAYMENT.taken_at,
    _PAYMENT.refund_due,
    _PAYMENT.refunded_at,
    _PAYMENT.refunded_desk,
    _PAYMENT.refunded_by,
)


def _paid_twice_column(dialect: str, attendee_id: ColumnElement[int]) -> ColumnElement[Any]:
    """The person's payments as JSON text (`_read_paid_twice`) where one is flagged to give
    back, else NULL: nearly everyone's is, read by the same index as `_ways_column`."""
    if dialect == "postgresql":
        listed: ColumnElement[Any] = sql_cast(
            func.json_agg(func.json_build_array(*_PAYMENT_ROW)), Text
        )
        flagged: ColumnElement[Any] = func.bool_or(_PAYMENT.refund_due)
    else:
        listed = func.json_group_array(func.json_array(*_PAYMENT_ROW))
        flagged = func.max(_PAYMENT.refund_due) == 1
    return (
        select(type_coerce(case((flagged, listed), else_=null()), String))
        .where(_PAYMENT.attendee_id == attendee_id)
        .scalar_subquery()
    )


def _read_ways(text: str) -> PaidBy:
    totals: dict[str, int] = {}
    for way in text.split(","):
        method, _, amount = way.partition(":")
        totals[method] = totals.get(method, 0) + int(amount)
    return tuple(totals.items())


Among = Callable[[ColumnElement[Any]], ColumnElement[bool]]
"""`key IN` the list given as the statement's one parameter, "ids"."""


def _among(
    dialect: str, strings: bool, one: bool = False
) -> tuple[Among, Callable[[list[Any]], Any]]:
    """How a statement takes a list of ids (or of codes, `strings`) as one parameter, and how
    the list is packed for it; `one`: a list of one, as a scan reads.

    One parameter: SQLAlchemy expands an IN list parameter by parameter on every execution,
    which costs more than running the query.
    """
    if one:
        # `key = ?`: a scan's read took a third less than through SQLite's json_each.
        def equal(key: ColumnElement[Any]) -> ColumnElement[bool]:
            return key == bindparam("ids")

        return equal, _first
    if dialect == "sqlite":
        listed: Select[Any] = select(literal_column("value")).select_from(
            func.json_each(bindparam("ids"))
        )

        def in_json(key: ColumnElement[Any]) -> ColumnElement[bool]:
            return key.in_(listed)

        return in_json, json.dumps
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql  # only there: a tenth of the CLI's start

        kind = postgresql.ARRAY(String if strings else Integer)

        def in_array(key: ColumnElement[Any]) -> ColumnElement[bool]:
            return key == any_(bindparam("ids", type_=kind))

        return in_array, list

    def in_list(key: ColumnElement[Any]) -> ColumnElement[bool]:
        return key.in_(bindparam("ids", expanding=True))

    return in_list, list


def _first(keys: list[Any]) -> Any:
    return keys[0]


@cache
def _view_queries(dialect: str, by_code: bool = False, one: bool = False) -> _ViewQueries:
    """The statements of `load_views` (or, `by_code`, of `load_views_by_code`) for a dialect;
    `one`: for one id or code."""
    among, pack = _among(dialect, strings=by_code, one=one)
    attendee = Attendee.__table__.c
    chosen = among(attendee.badge_code) if by_code else among(attendee.id)

    def of_chosen(key: ColumnElement[int]) -> ColumnElement[bool]:
        if by_code:
            return key.in_(select(attendee.id).where(among(attendee.badge_code)))
        return among(key)

    attendees = select(
        *(attendee["badge_code" if name == "code" else name] for name in _PLAIN_FIELDS),
        attendee.extra,
        _ways_column(dialect, attendee.id),
        _paid_twice_column(dialect, attendee.id),
        attendee.forgotten_at.is_not(None),
    ).where(chosen)
    if one and dialect == "sqlite":
        # One person (a scan): one statement, which sees one state of the file by itself,
        # with no transaction around two (kiosk.db.PlainWork.read).
        return _ViewQueries(attendees.add_columns(*_history_columns(attendee.id)), None, pack)
    return _ViewQueries(
        attendees=attendees,
        history=cast(
            "CompoundSelect[Any]",
            union_all(
                select(
                    CheckIn.attendee_id,
                    literal(0).label("kind"),
                    CheckIn.day,
                    CheckIn.checked_in_at.label("at"),
                    CheckIn.desk,
                    CheckIn.operator,
                    literal("").label("layout"),
                    literal("").label("printer"),
                    literal(False).label("reprint"),
                    CheckIn.recorded_at,
                    CheckIn.entered_afterwards,
                    null().label("badge_hash"),
                    CheckIn.id,
                ).where(of_chosen(CheckIn.__table__.c.attendee_id)),
                select(
                    BadgePrint.attendee_id,
                    literal(1),
                    null(),
                    BadgePrint.printed_at,
                    BadgePrint.desk,
                    BadgePrint.operator,
                    BadgePrint.layout,
                    BadgePrint.printer,
                    BadgePrint.reprint,
                    null(),
                    literal(False),
                    BadgePrint.badge_hash,
                    BadgePrint.id,
                ).where(of_chosen(BadgePrint.__table__.c.attendee_id)),
            ).order_by(text("kind"), text("day"), text("at"), text("id")),
        ),
        pack=pack,
    )


_CHECKIN: Final = CheckIn.__table__.c
_PRINT: Final = BadgePrint.__table__.c
_CHECKIN_ROW: Final = (
    _CHECKIN.id,
    _CHECKIN.day,
    _CHECKIN.checked_in_at,
    _CHECKIN.desk,
    _CHECKIN.operator,
    _CHECKIN.recorded_at,
    _CHECKIN.entered_afterwards,
)
_PRINT_ROW: Final = (
    _PRINT.id,
    _PRINT.printed_at,
    _PRINT.desk,
    _PRINT.operator,
    _PRINT.layout,
    _PRINT.printer,
    _PRINT.reprint,
    _PRINT.badge_hash,
)


def _history_columns(attendee_id: ColumnElement[int]) -> tuple[ColumnElement[Any], ...]:
    """The person's check-ins and badge prints as two columns of SQLite JSON, an array of
    each one's stored values (`_CHECKIN_ROW`, `_PRINT_ROW`), read by `_history_of`."""
    return tuple(
        select(func.json_group_array(func.json_array(*row)))
        .where(row[0].table.c.attendee_id == attendee_id)
        .scalar_subquery()
        for row in (_CHECKIN_ROW, _PRINT_ROW)
    )


def _history_of(
    dialect: Dialect, checkins_json: str, prints_json: str
) -> tuple[tuple[CheckInView, ...], tuple[PrintView, ...]]:
    """The check-ins and prints of `_history_columns`: each value read as `query_plain` reads
    its column, in the order of `_view_queries`' history (by day, time and id; by time and id),
    which an aggregate does not promise: sorted here on the stored values as SQLite would
    (text, a missing time first)."""
    day_of, arrived_at, printed_at = _history_readers(dialect)
    checkins = sorted(_rows(checkins_json), key=lambda r: (r[1], r[2] or "", r[0]))
    prints = sorted(_rows(prints_json), key=lambda r: (r[1], r[0]))
    return (
        tuple(
            CheckInView(day_of(day), arrived_at(at), desk, operator, arrived_at(rec), bool(late))
            for _id, day, at, desk, operator, rec, late in checkins
        ),
        tuple(
            PrintView(printed_at(at), desk, operator, layout, printer, bool(again), badge)
            for _id, at, desk, operator, layout, printer, again, badge in prints
        ),
    )


def _rows(array: str) -> list[list[Any]]:
    return [] if array == "[]" else json.loads(array)  # nobody's first scan has any


@cache
def _history_readers(dialect: Dialect) -> tuple[Callable[[Any], Any], ...]:
    """The result processors of a check-in's day and time and a print's time (or the value
    as it is)."""
    columns = (_CHECKIN.day, _CHECKIN.checked_in_at, _PRINT.printed_at)
    processors = (c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns)
    return tuple(process or _as_is for process in processors)


def _as_is(value: Any) -> Any:
    return value


def load_views(connection: PlainConnection, ids: Sequence[int]) -> tuple[AttendeeView, ...]:
    """The same snapshots as `attendee_view`, for these ids in this order, in two queries (one
    for one person on SQLite) and without ORM objects (a list of search results is loaded on
    every keystroke)."""
    if not ids:
        return ()
    queries = _view_queries(connection.dialect.name, one=len(ids) == 1)
    views = _load(connection, queries, list(ids))
    return tuple(views[i] for i in ids if i in views)


def load_views_by_code(
    connection: PlainConnection, codes: Sequence[str]
) -> tuple[AttendeeView, ...]:
    """As `load_views`, for the people with these badge codes (in this order, those found):
    a scan needs no statement of its own to find the id first."""
    if not codes:
        return ()
    queries = _view_queries(connection.dialect.name, by_code=True, one=len(codes) == 1)
    views = _load(connection, queries, list(codes))
    by_code = {view.code: view for view in views.values()}
    found = tuple(by_code[c] for c in codes if c in by_code)
    if found:
        return found
    # Nobody's own code: perhaps the badge of a duplicate merged into someone (one more
    # statement, only for a code that found nobody).
    return load_views(connection, alias_owners(connection, codes))


def alias_owners(connection: PlainConnection, codes: Sequence[str]) -> list[int]:
    """The people these codes are aliases of (the badge codes of duplicates merged into
    them: kiosk.services.merging), in the order of `codes`."""
    if not codes:
        return []
    statement, pack = _alias_query(connection.dialect.name)
    owners = dict(query_plain(connection, statement, {"ids": pack(list(codes))}))
    return list(dict.fromkeys(owners[c] for c in codes if c in owners))


@cache
def _alias_query(dialect: str) -> tuple[Select[Any], Callable[[list[Any]], Any]]:
    among, pack = _among(dialect, strings=True)
    alias = BadgeAlias.__table__.c
    return select(alias.code, alias.attendee_id).where(among(alias.code)), pack


def _load(
    connection: PlainConnection, queries: _ViewQueries, keys: list[Any]
) -> dict[int, AttendeeView]:
    # Plain rows (kiosk.db.query_plain): this runs on every keystroke of the desk's search.
    wanted = {"ids": queries.pack(keys)}
    views: dict[int, AttendeeView] = {}
    if queries.history is None:
        for row in query_plain(connection, queries.attendees, wanted):
            views[row[0]] = _view(row[:-2], *_history_of(connection.dialect, row[-2], row[-1]))
        return views
    checkins: defaultdict[int, list[CheckInView]] = defaultdict(list)
    prints: defaultdict[int, list[PrintView]] = defaultdict(list)
    for (
        attendee_id,
        kind,
        day,
        at,
        desk,
        operator,
        layout,
        printer,
        reprint,
        recorded_at,
        entered_afterwards,
        badge_hash,
        _id,
    ) in query_plain(connection, queries.history, wanted):
        if kind == 0:
            checkins[attendee_id].append(
                CheckInView(day, at, desk, operator, recorded_at, bool(entered_afterwards))
            )
        else:
            prints[attendee_id].append(
                PrintView(at, desk, operator, layout, printer, bool(reprint), badge_hash)
            )
    for row in query_plain(connection, queries.attendees, wanted):
        attendee_id = row[0]
        views[attendee_id] = _view(
            row, tuple(checkins.get(attendee_id, ())), tuple(prints.get(attendee_id, ()))
        )
    return views


_VIEW_FIELDS: Final = tuple(f.name for f in fields(AttendeeView))


def _view(
    row: Sequence[Any], checkins: tuple[CheckInView, ...], prints: tuple[PrintView, ...]
) -> AttendeeView:
    """The view of a row of `_view_queries`' attendees (its plain fields, then extra, ways,
    payments paid twice and forgotten), made as `AttendeeView(...)` would, but each field set
    without the frozen class's checks one by one (twice as quick: a search shows 50 people at
    every key)."""
    extra, ways, twice, forgotten = row[-4], row[-3], row[-2], row[-1]
    values = (
        *row[:-4],
        checkins,
        prints,
        MappingProxyType(dict(extra or {})),
        _read_ways(ways) if ways else (),
        bool(forgotten),
        _read_paid_twice(twice) if twice else (),
    )
    view = object.__new__(AttendeeView)
    view.__dict__.update(zip(_VIEW_FIELDS, values, strict=True))
    return view


def iso_local(moment: datetime | None, event: Event) -> str | None:
    """An ISO-8601 time with the venue's offset, e.g. 2026-11-28T09:05:00+10:00."""
    return event.local_time(moment).isoformat(timespec="seconds") if moment else None


def attendee_json(view: AttendeeView, event: Event) -> dict[str, Any]:
    """The attendee object of the CLI's --json output."""
    return {
        "id": view.id,
        "code": view.code,
        "last_name": view.last_name,
        "first_name": view.first_name,
        "middle_name": view.middle_name,
        "company": view.company,
        "position": view.position,
        "phone": view.phone,
        "email": view.email,
        "category": view.category,
        "tariff": view.tariff,
        "group_id": view.group_id,
        "status": view.status,
        "price": view.price,
        "paid": view.paid,
        "amount_paid": view.amount_paid,
        "amount_due": view.amount_due,
        "payment_status": view.payment_status,
        "payment_method": view.payment_method,
        "paid_by": dict(view.paid_by),
        "double_payments": double_payments_json(view, event),
        "source": view.source,
        "days": [d.isoformat() for d in event.entitled_days(view.category, view.tariff)],
        "checkins": {c.day.isoformat(): iso_local(c.at, event) for c in view.checkins},
        "checkin_desks": {c.day.isoformat(): c.desk for c in view.checkins},
        "checkins_recorded": {
            c.day.isoformat(): {
                "recorded_at": iso_local(c.recorded_at, event),
                "entered_afterwards": c.entered_afterwards,
            }
            for c in view.checkins
        },
        "prints": [
            {"at": iso_local(p.at, event), "desk": p.desk, "reprint": p.reprint}
            for p in view.prints
        ],
        "consent_at": iso_local(view.consent_at, event),
        "created_at": iso_local(view.created_at, event),
        "extra": dict(view.extra),
    }


def payment_json(payment: PaymentView, event: Event) -> dict[str, Any]:
    document: dict[str, Any] = {
        "amount": payment.amount,
        "method": payment.method,
        "desk": payment.desk,
        "operator": payment.operator,
        "taken_at": iso_local(payment.taken_at, event),
    }
    if payment.refunded_at is not None:
        document |= {
            "refunded_at": iso_local(payment.refunded_at, event),
            "refunded_desk": payment.refunded_desk,
            "refunded_by": payment.refunded_by,
        }
    return document


def double_payments_json(view: AttendeeView, event: Event) -> dict[str, Any] | None:
    """Where the person paid twice: the payments that count, those to give back and those
    given back (None for everyone who did not)."""
    if not view.paid_twice:
        return None
    doubles = view.double_payments
    return {
        "counted": [payment_json(p, event) for p in view.counted_payments],
        "to_refund": [payment_json(p, event) for p in doubles if p.refunded_at is None],
        "refunded": [payment_json(p, event) for p in doubles if p.refunded_at is not None],
    }
