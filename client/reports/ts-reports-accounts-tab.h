/* ts-reports-accounts-tab.h — the Reports section's Between Outlets tab:
 * what each outlet owes this one for tickets and commissions, the
 * settlement report for a period and recording a settlement (A2, A3), for
 * Box Office Managers and up (C4) */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_REPORTS_ACCOUNTS_TAB (ts_reports_accounts_tab_get_type ())
G_DECLARE_FINAL_TYPE (TsReportsAccountsTab, ts_reports_accounts_tab, TS, REPORTS_ACCOUNTS_TAB, GtkBox)

/* Properties: "busy" (requests under way), "balances" (TsJsonItem rows),
 * "settlement" (the report shown, a JsonObject, or NULL), "message" (the
 * tab's message line).  Actions: "accounts.show-report" (the counterparty
 * and period chosen), "accounts.record-settlement" (asks first). */

/* Below Box Office Manager the tab only says who may use it (C4). */
void ts_reports_accounts_tab_set_client          (TsReportsAccountsTab *self,
                                                  TsApiClient          *client);
/* The outlet whose books are read (the Master User's choice; others read
 * their own) and the directory naming the outlets; lists the balances. */
void ts_reports_accounts_tab_load                (TsReportsAccountsTab *self,
                                                  gint64                outlet_id,
                                                  JsonNode             *directory);
/* The period defaults to the month of day, up to day (the outlet's today),
 * unless one was typed. */
void ts_reports_accounts_tab_set_default_period  (TsReportsAccountsTab *self,
                                                  const char           *day);

G_END_DECLS
