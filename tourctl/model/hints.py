"""Better messages for a bad value, from the rest of the plan: "did you mean" in context.

A value's validator sees the value alone. Some mistakes are only clear next to
the plan: a venue's or person's *name* written where its id belongs
(``venue: Safespace Bookstore``), or a zone that does not exist where the
venue's own city says which one it is (``Europe/Krakow`` for Kraków:
``Europe/Warsaw``, which string neighbours would never find). ``contextual``
gives the message for such a value, or None to keep the validator's.
"""

from __future__ import annotations

from collections.abc import Iterable

from tourctl.findings import Path, value_at

_VENUE_REFS = {("events", "venue"), ("travel", "from"), ("travel", "to")}
_PERSON_LISTS = {
    ("events", "speakers"),
    ("events", "crew"),
    ("travel", "people"),
    ("stays", "people"),
}


def contextual(path: Path, kind: str, value: object, data: object) -> str | None:
    """The message for the bad ``value`` at ``path`` given the whole plan ``data``, or None."""
    if not isinstance(value, str) or not isinstance(data, dict) or len(path) < 3:
        return None
    section, field = path[0], path[2]
    if kind == "slug" and (section, field) in _VENUE_REFS and len(path) == 3:
        return _id_for(value, data.get("venues"), "venue", f"{field}: ")
    if kind == "slug" and (section, field) in _PERSON_LISTS and len(path) == 4:
        return _id_for(value, data.get("people"), "person", "")
    if kind == "timezone" and path[-1] == "timezone":
        return _zone_of_city(value, value_at(data, path[:-1]))
    return None


def id_named(path: Path, kind: str, value: object, data: object) -> str | None:
    """The id a bad reference at ``path`` names by its venue's or person's name, or None: so
    the rest of the checks can run with the reference the organizer meant."""
    if kind != "slug" or not isinstance(value, str) or not isinstance(data, dict):
        return None
    if len(path) == 3 and (path[0], path[2]) in _VENUE_REFS:
        return named(value, _items(data.get("venues")))
    if len(path) == 4 and (path[0], path[2]) in _PERSON_LISTS:
        return named(value, _items(data.get("people")))
    return None


def named(value: str, items: Iterable[tuple[str, str]]) -> str | None:
    """The id of the item (id, name) that ``value`` names: its name in any case or accents,
    its name made a slug, or (if only one item has it) its first word."""
    from tourctl.model.plan import slug_of
    from tourctl.places.gazetteer import fold

    pairs = list(items)
    key = fold(value)
    for item_id, name in pairs:
        if key and (fold(name) == key or slug_of(name) == slug_of(value)):
            return item_id
    first = [item_id for item_id, name in pairs if key and fold(name).split(" ")[0] == key]
    return first[0] if len(first) == 1 else None


def _items(section: object) -> list[tuple[str, str]]:
    if not isinstance(section, list):
        return []
    return [
        (item["id"], item["name"])
        for item in section
        if isinstance(item, dict)
        and isinstance(item.get("id"), str)
        and isinstance(item.get("name"), str)
    ]


def _id_for(value: str, section: object, noun: str, key: str) -> str | None:
    found = named(value, _items(section))
    if found is None:
        return None
    return f"'{value}' is a {noun}'s name, not its id: write {key}{found}"


def _zone_of_city(value: str, item: object) -> str | None:
    from tourctl.places.gazetteer import country_zones, lookup_city

    if not isinstance(item, dict):
        return None
    city, country = item.get("city"), item.get("country")
    if not isinstance(city, str) or not isinstance(country, str):
        return None
    if len(country) != 2:  # `country: Czechia` is an error of its own; read it as meant
        from tourctl.places.countries import code_for

        country = code_for(country) or country
    found = lookup_city(city, country)
    base = f"'{value}' is not an IANA time zone name"
    if found is not None:
        return f"{base}; {found.name} ({country}) is in {found.zone}: did you mean '{found.zone}'?"
    zones = country_zones(country)
    if len(zones) == 1:
        return f"{base}; {country} has one zone: did you mean '{zones[0]}'?"
    return None
