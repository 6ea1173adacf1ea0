"""API input and output shapes for territories and residents."""

import datetime as dt

from ninja import Schema
from pydantic import Field


class TerritoryOut(Schema):
    code: str
    level: str
    name: str
    name_kk: str
    name_ru: str
    name_en: str
    parent_code: str | None = None
    population: int | None = None
    adult_population: int | None = None

    @staticmethod
    def resolve_parent_code(obj):
        return obj.parent.code if obj.parent_id else None


class OfficeOut(Schema):
    akim_name: str
    address_kk: str
    address_ru: str
    phone: str
    email: str
    reception_kk: str
    reception_ru: str
    reception_en: str


class TerritoryDetailOut(TerritoryOut):
    ancestors: list[TerritoryOut]
    children: list[TerritoryOut]
    office: OfficeOut | None = None


class ResidentOut(Schema):
    id: int
    last_name: str
    first_name: str
    middle_name: str
    iin_masked: str
    birth_date: dt.date | None
    age: int | None = None
    sex: str
    settlement_code: str
    address: str
    phone: str
    email: str
    consent: bool

    @staticmethod
    def resolve_settlement_code(obj):
        return obj.settlement.code

    @staticmethod
    def resolve_consent(obj):
        return obj.consent_at is not None

    @staticmethod
    def resolve_age(obj):
        return obj.age_on(dt.date.today())


class ResidentIn(Schema):
    last_name: str = Field(max_length=100)
    first_name: str = Field(max_length=100)
    middle_name: str = Field("", max_length=100)
    iin: str = Field("", max_length=20)
    settlement_code: str = Field(max_length=12)
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=32)
    email: str = Field("", max_length=254)
    consent: bool = False


class ResidentPatch(Schema):
    last_name: str | None = Field(None, max_length=100)
    first_name: str | None = Field(None, max_length=100)
    middle_name: str | None = Field(None, max_length=100)
    iin: str | None = Field(None, max_length=20)
    settlement_code: str | None = Field(None, max_length=12)
    address: str | None = Field(None, max_length=300)
    phone: str | None = Field(None, max_length=32)
    email: str | None = Field(None, max_length=254)
    consent: bool | None = None


class ErrorOut(Schema):
    error: str
    messages: list | dict


class UnitOut(Schema):
    """A territory as the open-data routers name it: KATO code and the name in the request's language."""

    code: str
    name: str


# What every public router may answer besides 200, and the pattern of a KATO code in a query.
ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}
KATO = r"^\d{9}$"
