"""Country names and codes in raw event data, mapped to ISO 3166-1 alpha-3.

GDELT and POLECAT give country codes (CAMEO's, which are ISO3 for states); ICEWS gives full
English country names ("Russian Federation", "Occupied Palestinian Territory"). Names are looked
up, case-insensitively (lower case), in ISO 3166-1 through pycountry (current and historic
entries: name, official name and common name), then in :data:`ICEWS_NAME_OVERRIDES`, the
names ICEWS uses that ISO 3166-1 spells differently. Codes that stay unknown are kept as
given, never dropped.

The Soviet Union: before 1992-01-01 (the USSR was dissolved on 26 December 1991) the codes
``USSR``, ``SUN`` (ISO 3166-1 transitional reservation) and ``USR`` (CAMEO), and the names
"Soviet Union" and "USSR", become ``RUS`` and the event gets the flag ``actor1_ussr`` or
``actor2_ussr``, so a US–Russia series runs through 1991 and a user can still tell them apart.

References:
    ISO 3166 Maintenance Agency, *ISO 3166-1 country codes* (via the pycountry package).
    Boschee et al. (2015), *ICEWS Coded Event Data*, Harvard Dataverse, doi:10.7910/DVN/28075.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pyarrow as pa

__all__ = [
    "USSR_CODES",
    "USSR_END",
    "ICEWS_NAME_OVERRIDES",
    "country_name_table",
    "name_to_iso3",
]

#: Codes for the Soviet Union that become RUS (with a flag) before :data:`USSR_END`.
USSR_CODES = ("USSR", "SUN", "USR")
#: First day the codes above are no longer the Soviet Union.
USSR_END = dt.date(1992, 1, 1)

#: ICEWS country names that ISO 3166-1 (as in pycountry) spells differently, with their ISO3.
#: Each was checked against the names in the ICEWS samples and the ICEWS codebook's country
#: list; ISO 3166-1 is the authority for the code.
ICEWS_NAME_OVERRIDES: dict[str, str] = {
    "Democratic Republic of Congo": "COD",
    "Congo, Democratic Republic of the": "COD",
    "Republic of Congo": "COG",
    "Congo": "COG",
    "Occupied Palestinian Territory": "PSE",
    "Palestine": "PSE",
    "Swaziland": "SWZ",
    "Turkey": "TUR",
    "the former Yugoslav Republic of Macedonia": "MKD",
    "Macedonia": "MKD",
    "Cote d'Ivoire": "CIV",
    "Ivory Coast": "CIV",
    "Holy See": "VAT",
    "Vatican City": "VAT",
    "Kosovo": "XKX",
    "Russia": "RUS",
    "Iran": "IRN",
    "Syria": "SYR",
    "North Korea": "PRK",
    "South Korea": "KOR",
    "Korea, North": "PRK",
    "Korea, South": "KOR",
    "Vietnam": "VNM",
    "Laos": "LAO",
    "Burma": "MMR",
    "East Timor": "TLS",
    "Cape Verde": "CPV",
    "Czech Republic": "CZE",
    "Bolivia": "BOL",
    "Venezuela": "VEN",
    "Tanzania": "TZA",
    "Moldova": "MDA",
    "Micronesia": "FSM",
    "Brunei": "BRN",
    "Taiwan": "TWN",
    "Hong Kong": "HKG",
    "Macau": "MAC",
    "Macao": "MAC",
    "Serbia and Montenegro": "SCG",
    "Yugoslavia": "YUG",
    "Netherlands Antilles": "ANT",
    "Western Sahara": "ESH",
    "United States": "USA",
    "United Kingdom": "GBR",
}
_USSR_NAMES = ("Soviet Union", "USSR", "Union of Soviet Socialist Republics")


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    import pycountry

    table: dict[str, str] = {}
    for country in list(pycountry.historic_countries) + list(pycountry.countries):
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                table[value.lower()] = country.alpha_3
        table.setdefault(country.alpha_3.lower(), country.alpha_3)
    for name, code in ICEWS_NAME_OVERRIDES.items():
        table[name.lower()] = code
    return table


def name_to_iso3(name: str | None) -> str | None:
    """ISO3 code of a country name (case-insensitive), or ``None`` when unknown.

    The Soviet Union's names give ``SUN`` (turned into RUS with a flag before 1992 by the readers).
    """
    if not name:
        return None
    if name in _USSR_NAMES:
        return "SUN"
    return _names().get(name.strip().lower())


@lru_cache(maxsize=1)
def country_name_table() -> pa.Table:
    """Lookup table ``(name_key, iso3)``: lower-cased country name to ISO3, for engine joins."""
    items = dict(_names())
    for name in _USSR_NAMES:
        items[name.lower()] = "SUN"
    for code in USSR_CODES:
        items[code.lower()] = code
    keys = sorted(items)
    return pa.table({"name_key": keys, "iso3": [items[k] for k in keys]})
