"""Country names → ISO 3166-1 alpha-2 codes, for "did you mean" (``Czechia`` → ``CZ``).

A plan writes ``country: CZ``; people write ``Czechia``, ``UK`` or ``Deutschland``.
The names are tzdata's own (iso3166.tab, already installed), folded like city
names, plus the common aliases and own names that table lacks. This only ever
makes a suggestion: the plan must still say the code.
"""

from __future__ import annotations

from functools import cache

from tourctl.places import tzdata

_ALIASES = {
    "GB": "UK, United Kingdom, Great Britain, England, Scotland, Wales, Northern Ireland",
    "CZ": "Czechia, Czech, Česko, Česká republika",
    "US": "US, USA, United States, United States of America, America",
    "NL": "Holland, The Netherlands, Nederland",
    "DE": "Deutschland, Allemagne",
    "AT": "Österreich",
    "CH": "Schweiz, Suisse, Svizzera",
    "PL": "Polska",
    "SK": "Slovensko",
    "HU": "Magyarország",
    "ES": "España",
    "IT": "Italia",
    "FR": "La France",
    "SE": "Sverige",
    "NO": "Norge",
    "DK": "Danmark",
    "FI": "Suomi",
    "EE": "Eesti",
    "LV": "Latvija",
    "LT": "Lietuva",
    "HR": "Hrvatska",
    "RS": "Srbija",
    "GR": "Hellas, Ellada",
    "GE": "Sakartvelo",
    "UA": "Ukraina, Україна",
    "RU": "Russian Federation, Россия",
    "BE": "Belgique, België",
    "TR": "Türkiye, Turkiye",
    "CI": "Ivory Coast, Côte d'Ivoire",
    "MM": "Burma",
    "SZ": "Swaziland",
    "MK": "Macedonia",
    "TL": "East Timor",
    "AE": "UAE, Emirates",
    "CD": "DR Congo, DRC",
    "KR": "South Korea",
    "KP": "North Korea",
    "VA": "Vatican, Holy See",
    "BA": "Bosnia",
}


@cache
def _by_name() -> dict[str, str]:
    from tourctl.places.gazetteer import fold

    found: dict[str, str] = {}
    outer_codes: dict[str, set[str]] = {}
    for code, name in tzdata.country_names().items():
        found.setdefault(fold(name), code)
        # "Korea (South)" → also "south korea", and "korea" unless two countries share it
        outer, _, inner = name.partition(" (")
        if inner:
            found.setdefault(fold(f"{inner.rstrip(')')} {outer}"), code)
            outer_codes.setdefault(fold(outer), set()).add(code)
    for outer, codes in outer_codes.items():
        if len(codes) == 1:
            found.setdefault(outer, next(iter(codes)))
    for code, names in _ALIASES.items():
        for name in names.split(", "):
            found[fold(name)] = code
    return found


def code_for(name: str) -> str | None:
    """The code of the country called ``name`` (any case, with or without diacritics)."""
    from tourctl.places.gazetteer import fold

    return _by_name().get(fold(name))
