"""The metric engine: every figure Delivery Pulse shows, as DuckDB SQL over the store.

Each public function takes the store connection and one :class:`analytics.filters.Filters`
value and returns a pandas DataFrame or a small frozen record, so pages only draw::

    from analytics import metrics
    metrics.complaint_trend(con, filters, grain="month")

Every KPI is declared once, in :mod:`analytics.metrics.registry` (unit, direction, the
measures it rests on, its n, the rows behind it, its texts); its definition is in the metric
dictionary (:mod:`analytics.metrics.dictionary`, both languages) and, for users, in
docs/metrics.md. Functions open a fresh cursor per query, so one connection can
be shared by the app's threads.
"""

from .complaints import (ComplaintKpis, complaint_breakdown, complaint_kpis, complaint_tickets,
                         complaint_trend, top_complaint_categories)
from .cycle_times import (CycleTrends, DurationBoxes, ReopenRate, backlog, backlog_tickets,
                          backlog_trend, cycle_time_stats, cycle_time_trend,
                          cycle_time_trend_by_priorities, cycle_time_trend_by_priority,
                          cycle_time_trends, cycle_trends, duration_boxes, duration_issues,
                          reopen_rate, sla_attainment, sla_trend, source_sla, ticket_durations)
from .delivery import (DeliveryKpis, RenewalRate, delivery_kpis, delivery_trend, golives,
                       projects_by_phase, renewal_rate, schedule_slip)
from .dictionary import METRICS, Metric, dictionary_frame, metric
from . import registry
from .flow import (FlowView, ageing_wip, flow, flow_view, net_flow, reassignments, ticket_status_hours,
                   time_in_status)
from .headline import HEADLINE_KEYS, figures, headline, headlines
from .periods import (CUSTOM_PERIOD, DEFAULT_PRESET, PERIOD_PRESETS, data_quarters,
                      default_quarter, health_day, preset_of, preset_ranges, previous_period,
                      quarter_has_data, selected_range, unfinished_quarter)
from .portfolio import (ProjectDetail, health_records, health_summary, project_detail,
                        project_health)
from .retro import (MOVER_MEASURES, Quarter, Retro, biggest_movers, retro, retro_kpis,
                    rising_complaint_categories)
from .rows_behind import (ROWS_BEHIND, RowsShown, active_projects, renewal_projects,
                          first_response_business_durations, first_response_durations,
                          kpi_rows, kpi_rows_shown, resolution_business_durations,
                          resolution_durations, sla_tickets, survey_responses, tickets_created,
                          tickets_resolved)
from .scorecards import scorecard, scorecard_rows
from .satisfaction import (SatisfactionSummary, satisfaction_breakdown, satisfaction_summary,
                           satisfaction_trend, survey_comments)

__all__ = [
    # complaints
    "ComplaintKpis", "complaint_kpis", "complaint_trend", "complaint_breakdown",
    "top_complaint_categories", "complaint_tickets",
    # cycle times
    "CycleTrends", "DurationBoxes", "ReopenRate", "cycle_time_stats", "cycle_time_trend",
    "cycle_time_trend_by_priorities", "cycle_time_trend_by_priority", "cycle_time_trends",
    "cycle_trends", "duration_boxes", "ticket_durations", "sla_attainment", "sla_trend",
    "backlog", "backlog_tickets", "backlog_trend", "reopen_rate", "source_sla", "duration_issues",
    # flow and working time
    "time_in_status", "ticket_status_hours", "reassignments", "net_flow", "ageing_wip", "flow",
    "FlowView", "flow_view",
    # delivery
    "DeliveryKpis", "RenewalRate", "delivery_kpis", "delivery_trend", "golives",
    "schedule_slip", "projects_by_phase", "renewal_rate",
    # satisfaction
    "SatisfactionSummary", "satisfaction_summary", "satisfaction_trend",
    "satisfaction_breakdown", "survey_comments",
    # people
    "scorecard", "scorecard_rows",
    # health
    "ProjectDetail", "project_health", "health_records", "health_summary", "project_detail",
    # periods
    "selected_range", "previous_period", "health_day", "data_quarters", "default_quarter",
    "quarter_has_data", "PERIOD_PRESETS", "DEFAULT_PRESET", "CUSTOM_PERIOD", "preset_ranges",
    "preset_of", "unfinished_quarter",
    # the rows behind a KPI
    "ROWS_BEHIND", "RowsShown", "kpi_rows", "kpi_rows_shown", "active_projects",
    "tickets_created", "tickets_resolved", "sla_tickets", "survey_responses",
    "renewal_projects", "resolution_durations", "first_response_durations",
    "resolution_business_durations", "first_response_business_durations",
    # retro
    "MOVER_MEASURES", "Quarter", "Retro", "retro", "retro_kpis", "biggest_movers",
    "rising_complaint_categories",
    # dictionary and headline
    "METRICS", "Metric", "metric", "dictionary_frame", "HEADLINE_KEYS", "headline", "headlines",
    "figures", "registry",
]
