"""The API's response models (pydantic), so the OpenAPI schema says what each route returns."""

from __future__ import annotations

import enum

from pydantic import BaseModel, Field

from dyadwatch.schema import TAGS

__all__ = ["TagName", "Event", "EventPage", "Dyad", "Leader", "Problem"]

#: Tags as an enumeration, so the OpenAPI schema lists the allowed values.
TagName = enum.Enum("TagName", {t: t for t in TAGS}, type=str)


class Event(BaseModel):
    """One event as the API returns it."""

    event_id: str
    source: str
    date: str
    actor1: str
    actor2: str
    actor1_detail: str | None = None
    actor2_detail: str | None = None
    cameo: str
    cameo_name: str
    goldstein: float
    quad_class: int
    description: str | None = None
    citation: str | None = None
    url: str | None = None
    tags: list[str] = Field(default_factory=list)


class EventPage(BaseModel):
    """A page of events with the total that matched."""

    dyad: str
    total: int
    offset: int
    limit: int
    events: list[Event]


class Dyad(BaseModel):
    """A pair of actors in the store with its events and their date range."""

    dyad: str
    events: int
    first: str
    last: str


class Leader(BaseModel):
    """A president's or prime minister's term."""

    country: str
    name: str
    office: str
    start: str
    end: str | None
    note: str | None = None
    citation: str


class Problem(BaseModel):
    """An error: one line saying what is wrong and how to fix it."""

    detail: str
