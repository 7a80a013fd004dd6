"""The places a job is posted in, by code: ISO 3166-1 countries, ISO 3166-2 subdivisions and ``EU``.

This module knows which codes exist and what each implies (a member state implies ``EU``, a
subdivision its country). What each place requires and forbids in a posting lives in one table,
``jobdocs.checks.postings``, which the job ad's checks and the interview guide's do-not-ask list both read.
"""
from __future__ import annotations

#: The EU's member states (ISO 3166-1 alpha-2), each of which implies ``EU``.
EU_MEMBERS = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())
#: Countries a project may name; member states and the major hiring markets, in ISO 3166-1 alpha-2.
COUNTRIES = EU_MEMBERS | frozenset("CN HK TW MO JP KR SG IN AU NZ CA US GB CH NO IS MX BR AE".split())
#: Subdivisions whose own posting laws differ from their country's (ISO 3166-2).
SUBDIVISIONS = frozenset("US-CA US-CO US-IL US-NY US-WA US-MD US-HI US-MA US-MN US-NJ US-VT".split())
#: Earlier spellings still accepted, and the code each stands for.
ALIASES = {"US-NYC": "US-NY"}
KNOWN = COUNTRIES | SUBDIVISIONS | {"EU"}


def normalise(code: str) -> str | None:
    """The code as this module knows it (``us-nyc`` is ``US-NY``), or None when it is unknown."""
    upper = code.strip().upper()
    upper = ALIASES.get(upper, upper)
    return upper if upper in KNOWN else None


def implied(codes: list[str]) -> list[str]:
    """The places whose rules apply, in a stable order: each code, then the country and union it implies."""
    places: list[str] = []
    for code in codes:
        known = normalise(code)
        if known is None:
            continue
        chain = [known]
        country = known.split("-")[0]
        if country != known:
            chain.append(country)
        if country in EU_MEMBERS:
            chain.append("EU")
        places += [place for place in chain if place not in places]
    return places


def listed() -> list[str]:
    """Every code a project may write, sorted: the known places and the earlier spellings."""
    return sorted(KNOWN | ALIASES.keys())
