"""The code book of the neighbours table: states, countries, years, citation format.

Coding rule (``dyadwatch/data/neighbours/README.md``): ``aligned`` (Collective Security
Treaty/CSTO, Union State, Eurasian Customs Union/EAEU, Russian forces based by consent),
``opposed`` (NATO or EU membership or a formal application, a NATO membership commitment or
MAP, or Russian military action against the state in that year), else ``neutral``.
"""

from __future__ import annotations

import re

__all__ = ["CITATION_RE", "COUNTRIES", "FIRST_YEAR", "ISO3_RE", "LAST_YEAR", "STATUSES"]

STATUSES = ("aligned", "neutral", "opposed")
COUNTRIES: dict[str, str] = {
    "UKR": "Ukraine",
    "BLR": "Belarus",
    "MDA": "Moldova",
    "GEO": "Georgia",
    "ARM": "Armenia",
    "AZE": "Azerbaijan",
    "KAZ": "Kazakhstan",
    "KGZ": "Kyrgyzstan",
    "TJK": "Tajikistan",
    "UZB": "Uzbekistan",
    "TKM": "Turkmenistan",
    "EST": "Estonia",
    "LVA": "Latvia",
    "LTU": "Lithuania",
    "FIN": "Finland",
    "POL": "Poland",
}
FIRST_YEAR = 1991
LAST_YEAR = 2025
#: ``Publisher, "Title" (optional details), YYYY[-MM[-DD]]``
CITATION_RE = re.compile(r'^[^"]+, "[^"]+"(?: \(.*\))?, \d{4}(?:-\d{2}(?:-\d{2})?)?$')
ISO3_RE = re.compile(r"^[A-Z]{3}$")
