"""One Filters value: what the user narrowed the portfolio to.

Pages build it from the sidebar (and the URL's query parameters); every metric function takes
it and turns it into SQL with bound, named parameters through the ``*_sql`` helpers below, so
a filter means the same thing on every page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta

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


# A boolean SQL expression with named ``$name`` placeholders, and the value of each name.
SqlFragment = tuple[str, dict[str, object]]

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# The project dimensions as seen from a ticket or survey row ``{o}`` LEFT JOINed to its project
# ``{p}``. The customer falls back to the row's own customer when it has no project, so tickets
# and surveys logged against a customer without a project code still answer a customer filter.
_INHERITED_DIMENSIONS: dict[str, str] = {
    "customers": "coalesce({p}.customer, {o}.customer)",
    "industries": "{p}.industry",
    "regions": "{p}.region",
    "delivery_modes": "{p}.delivery_mode",
    "projects": "{o}.project_id",
}


def _alias(name: str) -> str:
    if not _IDENT.match(name):
        raise ValueError(f"not a table alias: {name!r}")
    return name


def _member(expr: str, values: tuple[str, ...], name: str) -> SqlFragment:
    """``expr IN ($name_0, $name_1, ...)`` with the values under those names."""
    params = {f"{name}_{i}": v for i, v in enumerate(values)}
    return f"{expr} IN ({', '.join(f'${k}' for k in params)})", dict(params)


def _conjunction(parts: list[SqlFragment]) -> SqlFragment:
    """AND of the parts; ``TRUE`` with no parameters when there are none."""
    if not parts:
        return "TRUE", {}
    return " AND ".join(f"({sql})" for sql, _ in parts), {k: v for _, ps in parts
                                                           for k, v in ps.items()}


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

    def with_period(self, date_from: date | None, date_to: date | None) -> Filters:
        return replace(self, date_from=date_from, date_to=date_to)

    # -- SQL ------------------------------------------------------------------------------
    # Each helper returns ``(sql, params)``: a boolean expression with ``$name`` placeholders
    # (named after the row alias and the filter, ``$t_teams_0``) and the value of each name.
    # Values never enter the SQL text; only column names and table aliases do, and those come
    # from code. An empty tuple means "no restriction" and yields ``TRUE``, so a fragment can
    # always be dropped into ``WHERE ... AND ...`` as is.

    def project_sql(self, p: str = "p") -> SqlFragment:
        """Restriction on a ``projects`` row aliased ``p``: customer, industry, region,
        delivery mode and project id. Team, priority and ticket type do not narrow projects."""
        p = _alias(p)
        return _conjunction([_member(f"{p}.{col}", getattr(self, name), f"{p}_{name}")
                             for name, col in PROJECT_DIMENSIONS.items() if getattr(self, name)])

    def ticket_sql(self, t: str = "t", p: str = "p") -> SqlFragment:
        """Restriction on a ``tickets`` row ``t`` LEFT JOINed to its project ``p``
        (``LEFT JOIN projects p ON p.project_id = t.project_id``): the project dimensions
        through the join, the customer falling back to the ticket's own, plus team, priority
        and type on the ticket itself."""
        t, p = _alias(t), _alias(p)
        parts = [_member(expr.format(o=t, p=p), getattr(self, name), f"{t}_{name}")
                 for name, expr in _INHERITED_DIMENSIONS.items() if getattr(self, name)]
        parts += [_member(f"{t}.{col}", getattr(self, name), f"{t}_{name}")
                  for name, col in TICKET_DIMENSIONS.items() if getattr(self, name)]
        return _conjunction(parts)

    def survey_sql(self, s: str = "s", p: str = "p") -> SqlFragment:
        """Restriction on a ``surveys`` row ``s`` LEFT JOINed to its project ``p``: the project
        dimensions through the join plus the survey's team. Priority and ticket type are
        ticket properties and do not narrow surveys."""
        s, p = _alias(s), _alias(p)
        parts = [_member(expr.format(o=s, p=p), getattr(self, name), f"{s}_{name}")
                 for name, expr in _INHERITED_DIMENSIONS.items() if getattr(self, name)]
        if self.teams:
            parts.append(_member(f"{s}.team", self.teams, f"{s}_teams"))
        return _conjunction(parts)

    def period_bounds(self) -> tuple[datetime | None, datetime | None]:
        """The date range as half-open timestamps ``[start, end)``. ``date_to`` is inclusive
        by day, so the end is the midnight after it. None where the range is open."""
        start = datetime.combine(self.date_from, time()) if self.date_from else None
        end = datetime.combine(self.date_to + timedelta(days=1), time()) if self.date_to else None
        return start, end

    def period_sql(self, expr: str) -> SqlFragment:
        """Restriction of a DATE or TIMESTAMP expression to the date range (``TRUE`` when no
        range is set). ``expr`` is SQL written by the caller, never user input."""
        start, end = self.period_bounds()
        parts: list[SqlFragment] = []
        if start is not None:
            parts.append((f"{expr} >= $period_start", {"period_start": start}))
        if end is not None:
            parts.append((f"{expr} < $period_end", {"period_end": end}))
        return _conjunction(parts)

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
    def from_query_params(cls, params: dict[str, str]) -> Filters:
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
