"""One Filters value: what the user narrowed the portfolio to.

Pages build it from the sidebar (and the URL's query parameters); every metric function takes
it and turns it into SQL with bound parameters through the ``*_where`` helpers below, so a
filter means the same thing on every page.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date

# Filter fields that are lists of values, and the project / ticket column each one narrows.
PROJECT_DIMENSIONS: dict[str, str] = {
    "customers": "customer",
    "industries": "industry",
    "regions": "region",
    "delivery_modes": "delivery_mode",
    "projects": "project_id",
}
TICKET_DIMENSIONS: dict[str, str] = {
    "teams": "team",
    "priorities": "priority",
    "ticket_types": "type",
}


@dataclass(frozen=True)
class Filters:
    """Date range (inclusive, by day) and value lists; an empty list means "all"."""

    date_from: date | None = None
    date_to: date | None = None
    customers: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    delivery_modes: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    ticket_types: tuple[str, ...] = ()

    def with_period(self, date_from: date | None, date_to: date | None) -> "Filters":
        return replace(self, date_from=date_from, date_to=date_to)

    @property
    def narrows_projects(self) -> bool:
        return any(getattr(self, f) for f in PROJECT_DIMENSIONS)

    # -- URL round trip -------------------------------------------------------------------
    def to_query_params(self) -> dict[str, str]:
        """Only what is set; lists are comma-joined (values never contain commas in practice,
        and a value with a comma is escaped as ``\\,``)."""
        out: dict[str, str] = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, date):
                out[f.name] = v.isoformat()
            elif isinstance(v, tuple) and v:
                out[f.name] = ",".join(x.replace(",", "\\,") for x in v)
        return out

    @classmethod
    def from_query_params(cls, params: dict[str, str]) -> "Filters":
        """Inverse of :meth:`to_query_params`; unknown or malformed values are ignored."""
        kwargs: dict[str, object] = {}
        for f in fields(cls):
            raw = params.get(f.name)
            if not raw:
                continue
            if f.name in ("date_from", "date_to"):
                try:
                    kwargs[f.name] = date.fromisoformat(raw)
                except ValueError:
                    continue
            else:
                parts = [p.replace("\x00", ",") for p in raw.replace("\\,", "\x00").split(",")]
                kwargs[f.name] = tuple(p for p in parts if p)
        return cls(**kwargs)  # type: ignore[arg-type]
