/* ts-api-accounts.h — typed calls for the accounts between outlets and the
 * till (docs/api.md, "Accounts between outlets").  outlet_id names whose
 * books are read: the Master User names one; 0 leaves it out (the caller's
 * own).  Each finishes with ts_api_client_request_finish(). */
#pragma once

#include "ts-api-client.h"

G_BEGIN_DECLS

/* GET /accounts/balances: what each other outlet owes or is owed (A1) */
void ts_api_client_get_balances_async      (TsApiClient         *self,
                                            gint64               outlet_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* GET /accounts/settlement: a period with one counterparty; from and to
 * YYYY-MM-DD (A2) */
void ts_api_client_get_settlement_async    (TsApiClient         *self,
                                            gint64               counterparty_id,
                                            const char          *from,
                                            const char          *to,
                                            gint64               outlet_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* POST /accounts/settlements: settles with counterparty_id up to the end of
 * to (YYYY-MM-DD); reference NULL or "" for none (A3) */
void ts_api_client_create_settlement_async (TsApiClient         *self,
                                            gint64               counterparty_id,
                                            const char          *to,
                                            const char          *reference,
                                            gint64               outlet_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
/* GET /accounts/till: a day's takings by employee; date YYYY-MM-DD, NULL or
 * "" for today (A4) */
void ts_api_client_get_till_async          (TsApiClient         *self,
                                            const char          *date,
                                            gint64               outlet_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);

G_END_DECLS
