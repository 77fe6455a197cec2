"""The metric engine: every figure Delivery Pulse shows, as DuckDB SQL over the store.

Each public function takes the store connection and one :class:`analytics.filters.Filters`
value and returns a pandas DataFrame or a small frozen record. Definitions live beside the SQL
and in :mod:`analytics.metrics.dictionary`; docs/metrics.md explains them to users.
"""

from .complaints import (ComplaintKpis, complaint_breakdown, complaint_kpis, complaint_tickets,
                         complaint_trend, top_complaint_categories)

__all__ = [
    "ComplaintKpis", "complaint_breakdown", "complaint_kpis", "complaint_tickets",
    "complaint_trend", "top_complaint_categories",
]
from .cycle_times import (ReopenRate, backlog, backlog_tickets, backlog_trend, cycle_time_stats,
                          cycle_time_trend, duration_issues, reopen_rate, sla_attainment,
                          ticket_durations)

__all__ += [
    "ReopenRate", "backlog", "backlog_tickets", "backlog_trend", "cycle_time_stats",
    "cycle_time_trend", "duration_issues", "reopen_rate", "sla_attainment", "ticket_durations",
]
from .satisfaction import (SatisfactionSummary, satisfaction_breakdown, satisfaction_summary,
                           satisfaction_trend, survey_comments)

__all__ += [
    "SatisfactionSummary", "satisfaction_breakdown", "satisfaction_summary",
    "satisfaction_trend", "survey_comments",
]
from .delivery import (DeliveryKpis, RenewalRate, delivery_kpis, delivery_trend, golives,
                       projects_by_phase, renewal_rate, schedule_slip)
from .portfolio import ProjectDetail, health_summary, project_detail, project_health

__all__ += [
    "DeliveryKpis", "RenewalRate", "delivery_kpis", "delivery_trend", "golives",
    "projects_by_phase", "renewal_rate", "schedule_slip",
    "ProjectDetail", "health_summary", "project_detail", "project_health",
]
from .dictionary import METRICS, Metric, dictionary_frame, metric
from .headline import HEADLINE_KEYS, headline
from .retro import (Quarter, Retro, biggest_movers, retro, retro_kpis,
                    rising_complaint_categories)

__all__ += [
    "METRICS", "Metric", "dictionary_frame", "metric", "HEADLINE_KEYS", "headline",
    "Quarter", "Retro", "biggest_movers", "retro", "retro_kpis", "rising_complaint_categories",
]
