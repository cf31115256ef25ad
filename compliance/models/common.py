"""Building blocks shared by the rule, profile and answers models."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

from ..enums import LANGS, Lang

Role = Literal["manufacturer", "operator"]
Domain = Literal["core", "ran", "transport", "management"]
#: An operator's threat potential: ``elevated`` is the catalogue's "erhöhtes Gefährdungspotenzial";
#: ``high`` the top level of the 2025 draft catalogue.
ThreatPotential = Literal["normal", "elevated", "high"]
NetworkGeneration = Literal["2g", "3g", "4g", "5g"]

#: Lower-case slug: ``lotus-networks``, ``lx-amf``.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]
#: Rule id: upper-case words joined by dashes, ``BSIG-9B-GE-01``.
RuleId = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]+(?:-[A-Za-z0-9]+)*$", max_length=60)]
#: Question id: letters, digits, ``_`` and ``-``; no dots (they become PDF field names).
QuestionId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$", max_length=80)]
#: ISO 3166-1 alpha-2 country code.
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False, defer_build=True)


class Text(Strict):
    """A text in German (authoritative) and English (translation)."""

    de: Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
    en: Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]

    def get(self, lang: Lang | str) -> str:
        return self.de if lang == Lang.de else self.en

    def to_dict(self) -> dict[str, str]:
        return {"de": self.de, "en": self.en}


def in_period(day: dt.date, start: dt.date | None, until: dt.date | None) -> bool:
    """Is ``day`` within ``[start, until]`` (both included; ``None`` is open)? The one place
    where effective dates, certificate validity and waiver expiry are decided."""
    return (start is None or start <= day) and (until is None or day <= until)


#: EU member states and the further EEA states (IS, LI, NO), ISO 3166-1 alpha-2.
EU_EEA = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO".split()
)
