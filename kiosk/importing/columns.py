"""Recognising the columns of a registration export by their headers, in Russian or English."""

from __future__ import annotations

import re
from typing import Final

from kiosk.text import fold

# field → header spellings, compared without case, spaces, punctuation or ё.
ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "full_name": (
        "фио",
        "имя",
        "участник",
        "контактноелицо",
        "name",
        "fullname",
        "ваше имя",
        "имяифамилия",
        "фамилияимя",
        "фамилияимяотчество",
        "contactname",
    ),
    "last_name": ("фамилия", "lastname", "surname", "familyname"),
    "first_name": ("firstname", "givenname"),
    "middle_name": ("отчество", "middlename", "patronymic"),
    "phone": (
        "телефон",
        "тел",
        "phone",
        "мобильный",
        "номертелефона",
        "mobile",
        "телефонмоб",
        "контактныйтелефон",
        "phonenumber",
        "мобильныйтелефон",
    ),
    "email": ("email", "почта", "электроннаяпочта", "элпочта", "емейл", "имейл", "mail"),
    "company": (
        "компания",
        "организация",
        "company",
        "organization",
        "organisation",
        "названиекомпании",
        "местоработы",
    ),
    "position": ("должность", "position", "jobtitle", "title"),
    "tariff": ("тариф", "tariff", "ticket", "билет", "типбилета", "tickettype"),
    "team_size": (
        "количествочеловеквкоманде",
        "количествочеловек",
        "колвоучастников",
        "количествоучастников",
        "teamsize",
        "колвочеловек",
        "участниковвкоманде",
    ),
    "call_time": (
        "воскольковампозвонить",
        "воскольковамудобнопозвонить",
        "удобноевремязвонка",
        "времязвонка",
        "когдапозвонить",
        "calltime",
    ),
    "paid": ("оплачено", "оплата", "paid", "статусоплаты", "payment", "оплачен"),
    "form": ("форма", "названиеформы", "form", "источник", "formname", "source"),
    "submitted_at": (
        "датазаявки",
        "дата",
        "created",
        "submittedat",
        "датаивремя",
        "времязаявки",
        "createdat",
        "date",
    ),
}

_CLEAN: Final = re.compile(r"[\W_]+", re.UNICODE)


def normalise(header: str) -> str:
    return _CLEAN.sub("", fold(header))


def match_columns(headers: list[str]) -> dict[str, int]:
    """field → column index. «Имя» means the first name when there is also a «Фамилия»."""
    lookup = {
        alias.replace(" ", ""): name for name, aliases in ALIASES.items() for alias in aliases
    }
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = normalise(header)
        if not key:
            continue
        name = lookup.get(key)
        if name is None:
            # Long spellings with extra words: «Во сколько Вам удобно позвонить?»
            contained = [alias for alias in lookup if len(alias) >= 7 and alias in key]
            name = lookup[max(contained, key=len)] if contained else None
        if name is not None and name not in found:
            found[name] = index
    # «Фамилия» + «Имя»: the «Имя» column is the first name.
    if (
        "last_name" in found
        and "full_name" in found
        and "first_name" not in found
        and normalise(headers[found["full_name"]]) in ("имя", "name")
    ):
        found["first_name"] = found.pop("full_name")
    return found
