"""The database schema: SQLAlchemy 2 typed ORM classes for attendees, check-ins and the audit log.

Money is whole roubles (the event file's unit). Times are stored in UTC and come back aware.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, ClassVar, Final

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.compiler import SQLCompiler


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC on every backend (SQLite has no time zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# Byte order on PostgreSQL, as SQLite compares: a prefix range [q, q⁺) then holds exactly the
# keys starting with q, and one index serves the range and the order of results.
_SEARCH_KEY = String(200).with_variant(String(200, collation="C"), "postgresql")


class Source(StrEnum):
    """Where an attendee came from."""

    IMPORT = "import"
    DESK = "desk"
    KIOSK = "kiosk"
    DEMO = "demo"


class AttendeeStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"


class PaymentStatus(StrEnum):
    UNPAID = "unpaid"
    PARTIAL = "partial"
    PAID = "paid"
    INVOICED = "invoiced"
    FREE = "free"


class PaymentMethod(StrEnum):
    CASH = "cash"
    CARD = "card"
    INVOICE = "invoice"


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class EventInfo(Base):
    """Key/value facts about the database itself, above all which event it belongs to."""

    __tablename__ = "event_info"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(400))


class RegistrationGroup(Base):
    """A team registered together on one tariff."""

    __tablename__ = "registration_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), default="")
    tariff: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    contact_id: Mapped[int | None] = mapped_column(Integer)
    """The attendee who registered the team (no foreign key: the two tables point at each other)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    import_batch: Mapped[int | None] = mapped_column(BigInteger)
    """Set while the import that makes the team is being written (`Attendee.import_batch`)."""

    members: Mapped[list[Attendee]] = relationship(
        back_populates="group", foreign_keys="Attendee.group_id"
    )


class Attendee(Base):
    __tablename__ = "attendees"
    __table_args__ = (
        CheckConstraint("price >= 0 AND amount_paid >= 0 AND amount_due >= 0", name="money"),
        # In the order of the search's list: surname key, then first name (then id, for ties).
        Index("ix_attendees_last_key", "last_key", "first_name", "id"),
        Index("ix_attendees_last_latin", "last_latin", "first_name", "id"),
        # With the mark of an import being written (`import_batch`), that reads skip: counting
        # who is expected reads the index alone (migration 0017).
        Index(
            "ix_attendees_category_tariff_status", "category", "tariff", "status", "import_batch"
        ),
        Index("ix_attendees_phone", "phone"),
        Index("ix_attendees_email", "email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    badge_code: Mapped[str] = mapped_column(String(20), unique=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    middle_name: Mapped[str] = mapped_column(String(100), default="")
    original_name: Mapped[str] = mapped_column(String(300), default="")
    company: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    category: Mapped[str] = mapped_column(String(40), default="participant")
    tariff: Mapped[str | None] = mapped_column(String(40))
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("registration_groups.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default=AttendeeStatus.ACTIVE)
    price: Mapped[int] = mapped_column(Integer, default=0)
    amount_paid: Mapped[int] = mapped_column(Integer, default=0)
    amount_due: Mapped[int] = mapped_column(Integer, default=0)
    payment_status: Mapped[str] = mapped_column(String(20), default=PaymentStatus.UNPAID)
    payment_method: Mapped[str | None] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20), default=Source.DESK)
    consent_at: Mapped[datetime | None]
    desk_edited_at: Mapped[datetime | None]
    """Set when the desk corrects the record; a re-import then leaves it alone."""
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    last_key: Mapped[str] = mapped_column(_SEARCH_KEY, default="")
    """Folded surname, for surname-prefix ranges and the order of results."""
    last_latin: Mapped[str] = mapped_column(_SEARCH_KEY, default="", server_default="")
    """Latin key of the surname, for prefix ranges of Latin spellings."""
    review: Mapped[str] = mapped_column(String(30), default="", server_default="")
    """Why the organiser should look at this record (`Review`): «probable_duplicate» (a walk-in
    made offline with the phone or e-mail and the name of someone else), «shared_contact» (the
    same phone or e-mail, another name; set when the import links them); empty when nothing
    needs a decision."""
    search_text: Mapped[str] = mapped_column(Text, default="")
    """Folded and Latin words of the names and company, e-mail, phone digits and code, each
    framed by kiosk.text.SEPARATOR, for substring and word-prefix search (kiosk.search_index).
    Empty until the indexing steps of an import written in one transaction reach its new
    people (kiosk.services.staging says when imports are): on SQLite those have a partial
    index of their own (migration 0016; not declared here, as for the audit log's)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    forgotten_at: Mapped[datetime | None]
    """Set when the person's data was erased on request or after the event (kiosk.services
    .privacy): the row keeps only what counts and totals need."""
    fingerprint_phone: Mapped[str | None] = mapped_column(String(64))
    """Keyed one-way fingerprints of a forgotten person's phone, e-mail and name, by which a
    later import recognises and skips them (never the data itself)."""
    fingerprint_email: Mapped[str | None] = mapped_column(String(64))
    fingerprint_name: Mapped[str | None] = mapped_column(String(64))
    import_batch: Mapped[int | None] = mapped_column(BigInteger)
    """Set while the import that adds the person is being written in short steps on SQLite
    (kiosk.services.importing): nobody sees such a row until the import's last, short
    transaction clears it for all of its people at once (`visible_rows`); an import
    stopped before that is undone. On SQLite the marked rows have a partial index of their own
    (migration 0017; not declared here, as for the audit log's). Always empty on PostgreSQL,
    where an import is one transaction that other desks' writes do not wait for."""

    group: Mapped[RegistrationGroup | None] = relationship(
        back_populates="members", foreign_keys=[group_id]
    )
    checkins: Mapped[list[CheckIn]] = relationship(
        back_populates="attendee", order_by="CheckIn.day"
    )
    prints: Mapped[list[BadgePrint]] = relationship(
        # The last is the badge in hand (kiosk.services.views orders them the same way).
        back_populates="attendee",
        order_by="(BadgePrint.printed_at, BadgePrint.id)",
    )
    payments: Mapped[list[Payment]] = relationship(order_by="Payment.id", viewonly=True)
    """Read-only: how the person paid (kiosk.services.views `paid_by`); written as rows."""


PENDING_HIDDEN: Final = "(SELECT * FROM {table} WHERE import_batch IS NULL)"
"""What a read of a staged table on SQLite reads instead of the table (`visible_rows`)."""
STAGED_TABLES: Final = frozenset({"attendees", "registration_groups"})
"""The tables whose rows an import writes in steps, marked (`Attendee.import_batch`)."""


@compiles(Table, "sqlite")
def visible_rows(table: Table, compiler: SQLCompiler, **kw: Any) -> str:
    """On SQLite, every read of the attendees and the teams — ORM or Core, in a FROM, a join
    or a subquery — reads them without the rows of an import still being written
    (`Attendee.import_batch`); what is written to (an INSERT's, UPDATE's or DELETE's own
    table) is the table itself.

    Done here, where every statement is compiled, so that no query can forget it. SQLite
    flattens such a subquery into the query around it: the same indexes serve it (checked in
    tests/importing/test_staged_import.py), and each row read is tested once more. Plain SQL
    text (`text()`, `exec_driver_sql`) is not compiled, so it sees the table as it is, as do
    the migrations' own reflected tables.
    """
    rendered: str = compiler.visit_table(table, **kw)  # type: ignore[no-untyped-call]
    if (
        table.name not in STAGED_TABLES
        or table.metadata is not Base.metadata  # (a migration's reflected table)
        or not kw.get("asfrom")
        or kw.get("iscrud")
        or kw.get("ashint")
        or rendered != compiler.preparer.quote(table.name)
    ):
        return rendered
    hidden = PENDING_HIDDEN.format(table=rendered)
    enclosing = kw.get("enclosing_alias")
    if (
        enclosing is not None
        and isinstance(enclosing.element, Table)
        and enclosing.element.name == table.name
    ):
        return hidden  # an alias of the table: the alias names it
    return f"{hidden} AS {rendered}"


class ContactKind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"


class Review(StrEnum):
    """Why the organiser should look at an attendee (`Attendee.review`); cleared when they
    decide (kiosk.services.merging)."""

    NONE = ""
    PROBABLE_DUPLICATE = "probable_duplicate"
    """A walk-in made offline with the phone or e-mail and the name of someone else: one
    person registered twice, most likely — the organiser merges them or keeps both."""
    SHARED_CONTACT = "shared_contact"
    """Two people of different names with one phone or e-mail (kept apart by an import, or a
    walk-in made offline): the organiser checks they are not one."""


class ContactLink(Base):
    """Two attendees who share a phone or an e-mail (an office phone, a team's address) and are
    two people: their names do not agree, so the import kept both. The desk shows each the
    other. One row per pair, the smaller id first."""

    __tablename__ = "contact_links"
    __table_args__ = (
        UniqueConstraint("attendee_id", "other_id", "kind", name="uq_contact_link"),
        CheckConstraint("attendee_id < other_id", name="contact_link_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"))
    other_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    """A `ContactKind`."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CheckIn(Base):
    """One person entering on one event day; the unique constraint makes a second one impossible.

    `checked_in_at` is when the person arrived, as far as anyone knows: the moment of the scan,
    the time an operator gave when entering an arrival afterwards, or nothing (None) for an
    entry made afterwards without a time — never a made-up moment. `recorded_at` is when the
    desk recorded it.
    """

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("attendee_id", "day", name="uq_checkin_attendee_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="RESTRICT"))
    day: Mapped[date] = mapped_column(Date, index=True)
    checked_in_at: Mapped[datetime | None]
    recorded_at: Mapped[datetime]
    entered_afterwards: Mapped[bool] = mapped_column(default=False)
    offline: Mapped[bool] = mapped_column(default=False, server_default=false())
    """Made at a desk that could not reach the hub, and sent to it later."""
    uploaded_at: Mapped[datetime | None]
    """When an offline check-in reached the hub."""
    desk: Mapped[str] = mapped_column(String(60), default="")
    operator: Mapped[str] = mapped_column(String(60), default="")

    attendee: Mapped[Attendee] = relationship(back_populates="checkins")


class BadgePrint(Base):
    __tablename__ = "badge_prints"

    id: Mapped[int] = mapped_column(primary_key=True)
    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="RESTRICT"), index=True
    )
    printed_at: Mapped[datetime]
    desk: Mapped[str] = mapped_column(String(60), default="")
    operator: Mapped[str] = mapped_column(String(60), default="")
    layout: Mapped[str] = mapped_column(String(60), default="")
    printer: Mapped[str] = mapped_column(String(300), default="")
    reprint: Mapped[bool] = mapped_column(default=False)
    badge_hash: Mapped[str | None] = mapped_column(String(64))
    """What the badge showed (kiosk.services.printing.badge_hash): when the person's badge
    would now look different, the printed one is out of date. None for prints made before
    this was recorded (taken as still true)."""

    attendee: Mapped[Attendee] = relationship(back_populates="prints")


class Payment(Base):
    """Money taken (or invoiced) at the desk; the attendee row keeps the running totals."""

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="RESTRICT"), index=True
    )
    amount: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(20))
    taken_at: Mapped[datetime]
    day: Mapped[date | None] = mapped_column(Date, index=True)
    """The event day the money was taken for: the day served, which is not today's date when
    a desk enters an earlier day (a back-dated check-in). The day's report counts it there.
    None in rows older than revision 0010: the venue date of `taken_at`."""
    desk: Mapped[str] = mapped_column(String(60), default="")
    operator: Mapped[str] = mapped_column(String(60), default="")
    offline: Mapped[bool] = mapped_column(default=False, server_default=false())
    uploaded_at: Mapped[datetime | None]
    refund_due: Mapped[bool] = mapped_column(default=False, server_default=false())
    """Paid twice — the later taken (by the desks' clocks) of two payments for one thing, one
    of them made without the hub, or paid on both records of one person merged: to give back,
    never counted as paid."""
    refunded_at: Mapped[datetime | None]
    """When the money of a payment `refund_due` was given back (None: still owed)."""
    refunded_desk: Mapped[str] = mapped_column(String(60), default="", server_default="")
    refunded_by: Mapped[str] = mapped_column(String(60), default="", server_default="")
    """The operator who gave it back."""


class RefusedScan(Base):
    """A check-in the door refused (unpaid, not entitled that day, cancelled, unknown code, not
    an event day, already checked in): why, whom, at which desk, by whom and when — the
    organiser's list of failed check-ins. A known person is kept by id only; an unknown code
    keeps the scanned text, cut short, and nothing else of what was scanned."""

    __tablename__ = "refused_scans"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    day: Mapped[date] = mapped_column(Date, index=True)
    """The event day the check-in was asked for."""
    outcome: Mapped[str] = mapped_column(String(30))
    """A `kiosk.rules.Outcome` other than checked in."""
    attendee_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendees.id", ondelete="SET NULL"), index=True
    )
    scanned: Mapped[str] = mapped_column(String(20), default="")
    """For an unknown code only: what was scanned or typed, at most 20 characters."""
    desk: Mapped[str] = mapped_column(String(60), default="")
    operator: Mapped[str] = mapped_column(String(60), default="")


class DeskStation(Base):
    """A desk or kiosk joined to the hub: an installation (its id made when it first joined)
    with a display name unique among the hub's desks, and when it was last heard of."""

    __tablename__ = "desks"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="desk")
    joined_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    last_action_at: Mapped[datetime | None]


class AppliedAction(Base):
    """An action of a desk (a check-in, a payment, a walk-in…) by its random nonce: applying
    the same nonce again — a retry, a replay from the offline outbox — changes nothing."""

    __tablename__ = "applied_actions"

    nonce: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    desk: Mapped[str] = mapped_column(String(60), default="")
    recorded_at: Mapped[datetime]
    """When the desk did it (its clock)."""
    applied_at: Mapped[datetime]
    """When it reached the hub."""
    offline: Mapped[bool] = mapped_column(default=False)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class OfflineDuplicate(Base):
    """A second admission of one person on one day, made at a desk that was offline: kept for
    the organiser to review, never a second check-in in the counts."""

    __tablename__ = "offline_duplicates"

    id: Mapped[int] = mapped_column(primary_key=True)
    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(Date)
    arrived_at: Mapped[datetime | None]
    recorded_at: Mapped[datetime]
    desk: Mapped[str] = mapped_column(String(60), default="")
    operator: Mapped[str] = mapped_column(String(60), default="")
    uploaded_at: Mapped[datetime]
    nonce: Mapped[str] = mapped_column(String(36), default="")
    reviewed_at: Mapped[datetime | None]
    """When the organiser marked it reviewed (kiosk.services.duplicates); None: to review."""
    reviewed_desk: Mapped[str] = mapped_column(String(60), default="", server_default="")
    reviewed_by: Mapped[str] = mapped_column(String(60), default="", server_default="")
    """The operator who reviewed it."""


class BadgeAlias(Base):
    """Another badge code of an attendee: the code of a duplicate merged into them, which
    keeps opening the door."""

    __tablename__ = "badge_aliases"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), index=True
    )
    merged_at: Mapped[datetime]


class ChangeLog(Base):
    """What changed on the hub, in order (written by triggers on PostgreSQL): a desk's replica
    pulls only what changed since its last pull."""

    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_key: Mapped[str] = mapped_column(String(60))
    deleted: Mapped[bool] = mapped_column(default=False)
    txid: Mapped[int] = mapped_column(BigInteger, default=0)


class AuditEntry(Base):
    """Every change: what, to which record, who, at which desk, when, before and after."""

    __tablename__ = "audit_log"
    # The few entries the organiser's lists read out of a long log (kiosk.services
    # .edit_conflicts) have partial indexes of their own (migration 0015: the edit conflicts by
    # id, the marks that they were looked at by entity_id), so a check-in's entry costs no
    # index more. Not declared here: a dialect's `where` would load that dialect at import.

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    attendee_id: Mapped[int | None] = mapped_column(Integer, index=True)
    desk: Mapped[str] = mapped_column(String(60), default="")
    operator: Mapped[str] = mapped_column(String(60), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")
