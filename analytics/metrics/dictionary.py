"""The metric dictionary: each KPI's texts in both languages.

It is what the app shows beside a figure, what docs/metrics.md is checked against and what
every export carries as a sheet, so a figure never travels without its definition. Its
entries are the registry's KPIs (:mod:`.registry`), in the registry's order; their texts live
in the translation table (analytics/translations/metrics.py) under the keys each KPI names,
so a KPI added to the registry with its texts is in the dictionary with nothing more.

Every text field has an English and a Chinese form: ``name_en`` / ``name_zh`` and
``definition_en`` / ``definition_zh``; ``population``, ``date_basis``, ``aggregator`` and
``unit`` are the English forms beside ``population_zh``, ``date_basis_zh``,
``aggregator_zh`` and ``unit_zh``. ``Metric.text`` picks one field in a language.
``higher_is_better`` says which direction of change is good (None for volumes, where neither
direction is good or bad by itself).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, fields

import pandas as pd

from .. import i18n
from ..settings import SETTINGS, Settings
from . import registry
from .registry import TEXT_FIELDS


@dataclass(frozen=True)
class Metric:
    key: str
    name_en: str
    name_zh: str
    definition_en: str
    definition_zh: str
    population: str  # which rows the figure is computed over
    population_zh: str
    date_basis: str  # which date places a row in the period
    date_basis_zh: str
    aggregator: str  # how the rows become one figure
    aggregator_zh: str
    unit: str  # fraction | per 100 tickets | hours | days | count | score 0-100 | NPS | ...
    unit_zh: str
    higher_is_better: bool | None

    def text(self, field: str, language: str) -> str:
        """One of ``TEXT_FIELDS`` in ``language`` ("en" or "zh"); English when the language
        has no text of its own."""
        if field not in TEXT_FIELDS:
            raise KeyError(field)
        english = str(getattr(self, f"{field}_en", None) or getattr(self, field, ""))
        if language == "en":
            return english
        return str(getattr(self, f"{field}_{language}", None) or english)


def setting_texts(settings: Settings = SETTINGS) -> dict[str, str]:
    """Every setting as a definition names it (``{red_csat_pct}`` is "60%", ``{red_slip_days}``
    "30"): the dictionary's texts are filled from the settings in force, so a definition never
    names a threshold other than the one the figures apply."""
    out: dict[str, str] = {}
    for f in fields(Settings):
        value = getattr(settings, f.name)
        if f.name.endswith("_pct"):
            out[f.name] = f"{value:.0%}"
        elif isinstance(value, tuple):
            out[f.name] = ", ".join(f"{v:g}" if isinstance(v, (int, float)) else str(v)
                                    for v in value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            out[f.name] = f"{value:g}"
        else:
            out[f.name] = str(value)
    return out


def metric(key: str, settings: Settings = SETTINGS) -> Metric:
    """The dictionary entry of KPI ``key``, its texts read from the translation table and
    filled from ``settings``."""
    k = registry.kpi(key)
    values = setting_texts(settings)

    def text(field: str, language: str) -> str:
        return i18n.t(k.text_key(field), language, **values)

    return Metric(key=k.key, name_en=text("name", "en"), name_zh=text("name", "zh"),
                  definition_en=text("definition", "en"), definition_zh=text("definition", "zh"),
                  population=text("population", "en"), population_zh=text("population", "zh"),
                  date_basis=text("date_basis", "en"), date_basis_zh=text("date_basis", "zh"),
                  aggregator=text("aggregator", "en"), aggregator_zh=text("aggregator", "zh"),
                  unit=text("unit", "en"), unit_zh=text("unit", "zh"),
                  higher_is_better=k.higher_is_better)


class _Dictionary(Mapping[str, Metric]):
    """Every KPI of the registry as it stands (KPIs a test registers included)."""

    def __getitem__(self, key: str) -> Metric:
        if registry.get(key) is None:
            raise KeyError(key)
        return metric(key)

    def __iter__(self) -> Iterator[str]:
        return iter([k.key for k in registry.kpis()])

    def __len__(self) -> int:
        return len(registry.kpis())


METRICS: Mapping[str, Metric] = _Dictionary()


def dictionary_frame(language: str | None = None) -> pd.DataFrame:
    """The dictionary as a table, one row per KPI (the export sheet).

    With a ``language`` ("en" or "zh"): ``key``, one column per text field in that language
    (``name``, ``definition``, ``population``, ``date_basis``, ``aggregator``, ``unit``) and
    ``higher_is_better``. Without one: the name and the definition in both languages
    (``name_en`` / ``name_zh``, ``definition_en`` / ``definition_zh``), the other text fields
    in English (``population``, ``date_basis``, ``aggregator``, ``unit``; their Chinese comes
    with ``language="zh"``) and ``higher_is_better``.
    """
    if language is None:
        rows = [asdict(m) for m in METRICS.values()]
        keep = ["key", "name_en", "name_zh", "definition_en", "definition_zh", "population",
                "date_basis", "aggregator", "unit", "higher_is_better"]
        return pd.DataFrame(rows, columns=keep)
    return pd.DataFrame([{"key": m.key, **{f: m.text(f, language) for f in TEXT_FIELDS},
                          "higher_is_better": m.higher_is_better}
                         for m in METRICS.values()])


__all__ = ["Metric", "METRICS", "TEXT_FIELDS", "metric", "dictionary_frame", "setting_texts"]
