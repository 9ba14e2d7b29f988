/* ts-report-catalog.c — the reports the Reports page offers, in its order (C4: Staff and up run them, R2) */
#include <glib/gi18n.h>

#include "ts-report-catalog.h"

static const char * const sales_groups[] = {
  "event", "performance", "ticket_type", "price_zone", "selling_outlet", "channel", NULL
};
static const char * const donation_groups[] = { "fund", "month", "method", NULL };

static const TsReportInfo reports[] = {
  { "sales", "sales", N_("Sales"), N_("Sales"),
    TS_REPORT_TAKES_PERIOD | TS_REPORT_TAKES_EVENT | TS_REPORT_TAKES_PERFORMANCE, sales_groups, TS_LEVEL_STAFF,
    TS_REPORT_NO_CHART, NULL, NULL },
  { "sales-over-time", "sales-over-time", N_("Sales"), N_("Sales over time"),
    TS_REPORT_TAKES_PERIOD | TS_REPORT_TAKES_EVENT | TS_REPORT_TAKES_PERFORMANCE | TS_REPORT_NEEDS_EVENT_OR_PERFORMANCE,
    NULL, TS_LEVEL_STAFF, TS_REPORT_LINE_CHART, "date", "cumulative_tickets" },
  { "zone-sales", "zone-sales", N_("Sales"), N_("Sales by zone"),
    TS_REPORT_TAKES_EVENT | TS_REPORT_TAKES_PERFORMANCE | TS_REPORT_NEEDS_PERFORMANCE, NULL, TS_LEVEL_STAFF,
    TS_REPORT_HEAT_MAP, "price_zone", "percent_sold" },
  { "channels", "channels", N_("Sales"), N_("Sales by channel"),
    TS_REPORT_TAKES_PERIOD, NULL, TS_LEVEL_STAFF, TS_REPORT_BAR_CHART, "channel", "net_cents" },
  { "attendance", "attendance", N_("Attendance"), N_("Attendance"),
    TS_REPORT_TAKES_PERIOD | TS_REPORT_TAKES_EVENT, NULL, TS_LEVEL_STAFF, TS_REPORT_NO_CHART, NULL, NULL },
  { "donations", "donations", N_("Patrons"), N_("Donations"),
    TS_REPORT_TAKES_PERIOD, donation_groups, TS_LEVEL_STAFF, TS_REPORT_NO_CHART, NULL, NULL },
  { "memberships", "memberships", N_("Patrons"), N_("Memberships"),
    TS_REPORT_TAKES_PERIOD, NULL, TS_LEVEL_STAFF, TS_REPORT_NO_CHART, NULL, NULL },
  { "mailing-lists", "mailing-lists", N_("Patrons"), N_("Mailing lists"),
    0, NULL, TS_LEVEL_STAFF, TS_REPORT_NO_CHART, NULL, NULL },
  { "mailing-list", "mailing-list", N_("Patrons"), N_("Mailing list"),
    TS_REPORT_TAKES_MAILING_LIST | TS_REPORT_NOT_LISTED, NULL, TS_LEVEL_STAFF, TS_REPORT_NO_CHART, NULL, NULL },
  { "partner-lists", NULL, N_("Patrons"), N_("Partner lists"),
    TS_REPORT_TAKES_PARTNER, NULL, TS_LEVEL_STAFF, TS_REPORT_NO_CHART, NULL, NULL },
};

const TsReportInfo *
ts_report_catalog_list (guint *n)
{
  *n = G_N_ELEMENTS (reports);
  return reports;
}

const TsReportInfo *
ts_report_catalog_find (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (reports); i++)
    if (g_str_equal (reports[i].id, id))
      return &reports[i];
  return NULL;
}
