"""Recognising the columns of a registration export by their headers, in Russian or English."""

from __future__ import annotations

import re
from typing import Final, Literal

from kiosk.text import fold

Field = Literal[
    "code",
    "full_name",
    "last_name",
    "first_name",
    "middle_name",
    "phone",
    "work_phone",
    "email",
    "work_email",
    "company",
    "position",
    "tariff",
    "team_size",
    "team",
    "call_time",
    "paid",
    "due",
    "form",
    "submitted_at",
]

# Header spellings per field, compared after `normalise`: no case, spaces, punctuation or ё.
ALIASES: Final[dict[Field, tuple[str, ...]]] = {
    # The badge code, as the desk's own export writes it: who the row is, whatever else changed.
    "code": ("код", "кодбейджа", "кодучастника", "code", "badgecode", "attendeecode"),
    "full_name": (
        "фио",
        "имя",
        "участник",
        "контактноелицо",
        "вашеимя",
        "имяифамилия",
        "имяфамилия",
        "фамилияимя",
        "фамилияиимя",
        "фамилияимяотчество",
        "полноеимя",
        "каквасзовут",  # a form's question as the header (Yandex Forms, Tilda)
        "представьтесь",
        "name",
        "fullname",
        "yourname",
        "contactname",
        "contactperson",
        "yourfullname",
        "participant",
        "attendee",
    ),
    "last_name": ("фамилия", "lastname", "surname", "familyname"),
    "first_name": ("firstname", "givenname"),
    "middle_name": ("отчество", "второеимя", "middlename", "patronymic"),  # Bitrix24: «Второе имя»
    "phone": (
        "телефон",
        "тел",
        "телмоб",
        "моб",
        "номертелефона",
        "мобильный",
        "мобильныйтелефон",
        "контактныйтелефон",
        "сотовый",
        "сотовыйтелефон",
        "телефонмобильный",
        "личныйтелефон",
        "phone",
        "phonenumber",
        "mobile",
        "mobilephone",
        "telephone",
        "tel",
        "cellphone",
    ),
    # Used only when a row has no phone of its own (Bitrix24 contacts: «Рабочий телефон»).
    "work_phone": (
        "рабочийтелефон",
        "телефонрабочий",
        "служебныйтелефон",
        "офисныйтелефон",
        "телефонофиса",
        "workphone",
        "officephone",
        "businessphone",
    ),
    "email": (
        "email",
        "\u0435mail",  # «Е-mail» typed with a Cyrillic Е
        "почта",
        "элпочта",
        "электроннаяпочта",
        "адресэлектроннойпочты",
        "емейл",
        "имейл",
        "емайл",
        "mail",
        "emailaddress",
        "emailадрес",
        "адресemail",
        "частныйemail",  # Bitrix24
        "личныйemail",
        "личнаяпочта",
        "personalemail",
    ),
    # Used only when a row has no other e-mail (Bitrix24 contacts: «Рабочий e-mail»).
    "work_email": (
        "рабочийemail",
        "emailрабочий",
        "рабочаяпочта",
        "корпоративныйemail",
        "корпоративнаяпочта",
        "workemail",
        "businessemail",
    ),
    "company": (
        "компания",
        "организация",
        "названиекомпании",
        "названиеорганизации",
        "местоработы",
        "company",
        "companyname",
        "organization",
        "organisation",
    ),
    "position": ("должность", "position", "jobtitle", "job", "title"),
    "tariff": (
        "тариф",
        "билет",
        "типбилета",
        "пакет",
        "tariff",
        "ticket",
        "tickettype",
    ),
    "team_size": (
        "количествочеловеквкоманде",
        "количествочеловек",
        "количествоучастников",
        "колвочеловек",
        "колвоучастников",
        "участниковвкоманде",
        "человеквкоманде",
        "размеркоманды",
        "teamsize",
        "numberofpeople",
        "numberofparticipants",
        "teammembers",
    ),
    # The team's name, as the desk's own export writes it for each of its people.
    "team": ("команда", "названиекоманды", "team", "teamname"),
    "call_time": (
        "воскольковампозвонить",
        "воскольковамудобнопозвонить",
        "удобноевремязвонка",
        "удобноевремядлязвонка",
        "времязвонка",
        "когдапозвонить",
        "calltime",
        "besttimetocall",
    ),
    "paid": (
        "оплачено",
        "оплачен",
        "оплата",
        "статусоплаты",
        "paid",
        "payment",
        "paymentstatus",
    ),
    # What is left to pay, as the desk's own export writes it next to what was paid.
    "due": ("коплате", "amountdue", "due"),
    "form": (
        "форма",
        "названиеформы",
        "источник",
        "form",
        "formname",
        "formtitle",
    ),
    "submitted_at": (
        "датазаявки",
        "дата",
        "датаивремя",
        "времязаявки",
        "датарегистрации",
        "датасоздания",
        "датаотправки",
        "датаивремязаявки",
        "отметкавремени",  # Google Forms
        "времясоздания",  # Yandex Forms
        "времяотправки",
        "датаивремяотправки",
        "sent",  # Tilda
        "created",
        "createdat",
        "submitted",
        "submittedat",
        "date",
        "timestamp",
    ),
}

PRINTED_HEADER: Final = ("Бейдж напечатан", "Badge printed")
"""A column only the desk's own attendee export has (Russian, English): its other columns that
no field reads (price, statuses, days, printing) are what the desk works out, not data."""


def desk_export(headers: list[str], columns: dict[Field, int]) -> bool:
    """Whether a table is the desk's own attendee export."""
    printed = {normalise(h) for h in PRINTED_HEADER}
    return "code" in columns and any(normalise(h) in printed for h in headers)


# Aliases at least this long are also found inside longer headers («Телефон участника»,
# «Ваш e-mail»); shorter ones («тел», «дата», «name») only as the whole header, or they would
# claim «Дата рождения» or «Username».
_CONTAINED_MIN: Final = 5
_NOT_WORD: Final = re.compile(r"[\W_]+")
_LOOKUP: Final[dict[str, Field]] = {
    alias: field for field, aliases in ALIASES.items() for alias in aliases
}


# «ФИО» as a word anywhere in a header: «Ваше ФИО», «Ваше Ф.И.О.», «ФИО полностью», «Укажите
# ФИО»; not inside a longer word («фиолетовый»).
_FIO: Final = re.compile(r"(?<![а-я])ф\W*и\W*о(?![а-я])")


def normalise(header: str) -> str:
    """«Ф.И.О.», «ф и о» and «ФИО» all become «фио»; «E-mail» becomes «email»."""
    return _NOT_WORD.sub("", fold(header))


def field_of(header: str, *, contained: bool = True) -> Field | None:
    """Which field a header names, if any; `contained=False` takes whole-header matches only."""
    key = normalise(header)
    if not key:
        return None
    exact = _LOOKUP.get(key)
    if exact is not None or not contained:
        return exact
    if _FIO.search(fold(header)):
        return "full_name"
    # A longer header that contains an alias: one at the start of the header wins («Фамилия
    # участника» is the surname, not the participant), then the longest.
    found = [
        (key.startswith(alias), len(alias), alias)
        for alias in _LOOKUP
        if len(alias) >= _CONTAINED_MIN and alias in key
    ]
    return _LOOKUP[max(found)[2]] if found else None


def match_columns(headers: list[str]) -> dict[Field, int]:
    """Field → column index, the first column of each field; the others stay extra data.

    A header that is exactly an alias beats one that only contains it («Оплачено» over
    «Способ оплаты»), and «Имя» next to a «Фамилия» column is the first name.
    """
    found: dict[Field, int] = {}
    for contained in (False, True):
        for index, header in enumerate(headers):
            if index in found.values():
                continue
            field = field_of(header, contained=contained)
            if field is not None and field not in found:
                found[field] = index
    if (
        "last_name" in found
        and "full_name" in found
        and "first_name" not in found
        and _is_given_name(normalise(headers[found["full_name"]]))
    ):
        found["first_name"] = found.pop("full_name")
    return dict(sorted(found.items(), key=lambda item: item[1]))


def _is_given_name(key: str) -> bool:
    """«Имя», «Имя участника», "Name": a first name; «Имя и фамилия», «ФИО»: not."""
    if key in ("name", "yourname", "вашеимя"):
        return True
    return key.startswith("имя") and "фамил" not in key and "отчеств" not in key


def names_a_person(columns: dict[Field, int]) -> bool:
    """A usable export has at least a name or a phone column."""
    return any(
        f in columns for f in ("full_name", "last_name", "first_name", "phone", "work_phone")
    )
