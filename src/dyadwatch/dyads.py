"""Dyads: ordered pairs of actors, written ``USA-RUS``."""

from __future__ import annotations

from dataclasses import dataclass

from dyadwatch.errors import DyadwatchError
from dyadwatch.schema import ORGANISATIONS, is_known_actor

__all__ = ["Dyad", "parse_dyad", "parse_actor"]


@dataclass(frozen=True)
class Dyad:
    """An ordered pair of actors (ISO3 codes or NATO/EU/UN/OSCE)."""

    a: str
    b: str

    def __str__(self) -> str:
        return f"{self.a}-{self.b}"

    @property
    def actors(self) -> tuple[str, str]:
        return (self.a, self.b)


def parse_actor(code: str, *, where: str = "actor") -> str:
    """Normalise an actor code: ISO3 as is, ISO2 converted to ISO3, organisations as is.

    Raises:
        DyadwatchError: the code is not a known country or organisation.
    """
    import pycountry

    text = code.strip().upper()
    if text in ORGANISATIONS or (len(text) == 3 and is_known_actor(text)):
        return text
    if len(text) == 2:
        country = pycountry.countries.get(alpha_2=text)
        if country is not None:
            return country.alpha_3
    raise DyadwatchError(
        f"unknown actor code {code!r}",
        where=where,
        fix="use ISO 3166-1 alpha-3 codes (USA, RUS, UKR) or NATO, EU, UN, OSCE",
    )


def parse_dyad(text: str) -> Dyad:
    """Parse ``"USA-RUS"`` (or ``usa-rus``, ``US-RU``) into a :class:`Dyad`.

    Raises:
        DyadwatchError: not two codes separated by ``-``, an unknown code, or the same actor twice.
    """
    parts = [p for p in text.replace("–", "-").split("-")]
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise DyadwatchError(
            f"malformed dyad {text!r}", where="{dyad}", fix="write two actor codes like USA-RUS"
        )
    a = parse_actor(parts[0], where=f"{{dyad}} {text}")
    b = parse_actor(parts[1], where=f"{{dyad}} {text}")
    if a == b:
        raise DyadwatchError(
            f"a dyad needs two different actors, got {text!r}", where="{dyad}", fix="e.g. USA-RUS"
        )
    return Dyad(a, b)
