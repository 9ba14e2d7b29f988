/* ts-report-catalog.h — the reports the Reports page lists: their titles,
 * sections, the parameters each takes, the lowest level that runs it (C4)
 * and the chart drawn above its table */
#pragma once

#include <glib.h>

#include "ts-level.h"

G_BEGIN_DECLS

typedef enum
{
  TS_REPORT_TAKES_PERIOD       = 1 << 0,   /* from, to */
  TS_REPORT_TAKES_EVENT        = 1 << 1,   /* event_id, optional */
  TS_REPORT_TAKES_PERFORMANCE  = 1 << 2,   /* performance_id, optional (of the event) */
  TS_REPORT_NEEDS_PERFORMANCE  = 1 << 3,   /* performance_id required */
  TS_REPORT_NEEDS_EVENT_OR_PERFORMANCE = 1 << 4,
  TS_REPORT_TAKES_PARTNER      = 1 << 5,   /* the K5 list's partner company and list kind */
  TS_REPORT_TAKES_MAILING_LIST = 1 << 6,   /* mailing_list_id, given by the list it was opened from */
  TS_REPORT_NOT_LISTED         = 1 << 7,   /* opened from another report, not from the page's list */
} TsReportTakes;

typedef enum
{
  TS_REPORT_NO_CHART,
  TS_REPORT_LINE_CHART,
  TS_REPORT_BAR_CHART,
  TS_REPORT_HEAT_MAP,
} TsReportChartStyle;

typedef struct
{
  const char          *id;           /* the page's name for it */
  const char          *route;        /* ts_api_client_get_report_async's report; NULL: the K5 list
                                      * (ts_api_client_get_partner_patrons_async) */
  const char          *section;      /* N_(): Sales, Attendance, Patrons */
  const char          *title;        /* N_() */
  TsReportTakes        takes;
  const char * const  *groups;       /* "group" values (column keys), the first the default; or NULL */
  TsLevel              level;        /* the lowest level that runs it */
  TsReportChartStyle   chart;
  const char          *chart_label;  /* the chart's x: a column key */
  const char          *chart_value;  /* its y: a count or cents column */
} TsReportInfo;

/* In the page's order; n: how many. */
const TsReportInfo *ts_report_catalog_list (guint      *n);
const TsReportInfo *ts_report_catalog_find (const char *id);

G_END_DECLS
