/* ts-api-orders.h — typed calls for orders (docs/api.md, "Orders"): a sale
 * or a reservation, an order as it stands, and what changes one afterwards.
 * Each finishes with ts_api_client_request_finish(). */
#pragma once

#include "ts-api-client.h"

G_BEGIN_DECLS

/* POST /orders; order: the document docs/api.md describes (S2) */
void ts_api_client_create_order_async   (TsApiClient         *self,
                                         JsonNode            *order,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* GET /orders/{id} */
void ts_api_client_get_order_async      (TsApiClient         *self,
                                         gint64               order_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* POST /orders/{id}/refund (S4) */
void ts_api_client_refund_order_async   (TsApiClient         *self,
                                         gint64               order_id,
                                         JsonNode            *refund,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* POST /orders/{id}/exchange (S5) */
void ts_api_client_exchange_order_async (TsApiClient         *self,
                                         gint64               order_id,
                                         JsonNode            *exchange,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* POST /orders/{id}/move: seats changed within a performance */
void ts_api_client_move_order_async     (TsApiClient         *self,
                                         gint64               order_id,
                                         JsonNode            *move,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
/* POST /orders/{id}/patron: a walk-up sale made without a patron record
 * names its patron afterwards (S8) */
void ts_api_client_name_order_patron_async (TsApiClient         *self,
                                            gint64               order_id,
                                            gint64               patron_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);

G_END_DECLS
