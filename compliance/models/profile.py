"""Vendor profile: who the vendor is and which components it supplies."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from .common import EU_EEA, CountryCode, Domain, NetworkGeneration, NonEmpty, Role, Slug, Strict, ThreatPotential, in_period


class Signatory(Strict):
    name: NonEmpty
    title: NonEmpty
    email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+$")


class Certification(Strict):
    scheme: NonEmpty = Field(description="Certification scheme, e.g. NESAS-CCS-GI, CC, BSZ")
    id: NonEmpty = Field(description="Certificate number")
    valid_until: dt.date | None = None
    issuer: str | None = None

    def valid_on(self, day: dt.date) -> bool:
        """Valid on ``day`` (no ``valid_until``: valid)."""
        return in_period(day, None, self.valid_until)


class Component(Strict):
    id: Slug
    name: NonEmpty
    version: str | None = None
    domain: Domain
    critical_functions: list[Slug] = Field(
        default_factory=list, description="Ids from the rule set's critical-function vocabulary"
    )
    certifications: list[Certification] = Field(default_factory=list)


class OperatorInfo(Strict):
    """What the law keys on for a network operator (profiles with ``role: operator``). Attributes
    left out are unknown: conditions on them do not hold."""

    public_network: bool | None = Field(default=None, description="Operates a public telecommunications network")
    publicly_available_services: bool | None = Field(
        default=None, description="Provides publicly available telecommunications services"
    )
    network_generations: list[NetworkGeneration] = Field(
        default_factory=list, description="Mobile network generations operated: 2g, 3g, 4g, 5g"
    )
    threat_potential: ThreatPotential | None = Field(
        default=None,
        description="normal; elevated = 'erhöhtes Gefährdungspotenzial' of the BNetzA catalogue (under the "
        "2020 catalogue: operators of 5G mobile networks); high = the top level of the 2025 draft catalogue",
    )


class Profile(Strict):
    """A vendor (manufacturer) or operator whose obligations are selected and checked."""

    id: Slug
    legal_name: NonEmpty
    role: Role
    country: CountryCode = Field(description="ISO 3166-1 alpha-2 country of this entity")
    headquarters_country: CountryCode = Field(
        description="ISO 3166-1 alpha-2 country of the ultimate parent company"
    )
    signatory: Signatory
    address: str | None = None
    customers: list[Slug] = Field(
        default_factory=list,
        description="Operators this vendor supplies (ids), e.g. for operator-contract rules",
    )
    components: list[Component] = Field(default_factory=list)
    operator: OperatorInfo | None = Field(
        default=None, description="Operators only: network, services, generations and threat potential"
    )

    @property
    def headquarters_in_eu_eea(self) -> bool:
        return self.headquarters_country in EU_EEA

    @model_validator(mode="after")
    def _unique_component_ids(self) -> Profile:
        if self.operator is not None and self.role != "operator":
            raise ValueError("'operator' describes network operators; this profile's role is " + self.role)
        seen: set[str] = set()
        for comp in self.components:
            if comp.id in seen:
                raise ValueError(f"component id {comp.id!r} is used twice")
            seen.add(comp.id)
        return self

    def component(self, component_id: str) -> Component:
        for comp in self.components:
            if comp.id == component_id:
                return comp
        raise KeyError(component_id)
