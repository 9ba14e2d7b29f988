/* ts-api-sales.h — typed calls for selling (docs/api.md, "Selling"): the
 * performances on sale, their offer, seats, parties and will call, letter
 * holds, and carts.  Each finishes with ts_api_client_request_finish(). */
#pragma once

#include "ts-api-client.h"

G_BEGIN_DECLS

/* GET /sales/performances (E4) */
void ts_api_client_list_sales_performances_async (TsApiClient         *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* GET /performances/{id}/offer: the ticket types on offer to the caller (T2, T5) */
void ts_api_client_get_performance_offer_async   (TsApiClient         *self,
                                                  gint64               performance_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* GET /performances/{id}/seats: the claimed seats and GA areas (M5, M6) */
void ts_api_client_get_performance_seats_async   (TsApiClient         *self,
                                                  gint64               performance_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* GET /performances/{id}/party?seat=: the seats of the order seat is in (M7) */
void ts_api_client_get_performance_party_async   (TsApiClient         *self,
                                                  gint64               performance_id,
                                                  const char          *seat,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* GET /performances/{id}/will-call */
void ts_api_client_get_will_call_async           (TsApiClient         *self,
                                                  gint64               performance_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* POST /performances/{id}/will-call/hand-over: the items (ids) given to
 * the patron; answers the will call anew (C4 Walk-up) */
void ts_api_client_hand_over_will_call_async    (TsApiClient         *self,
                                                  gint64               performance_id,
                                                  GArray              *item_ids,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* POST /performances/{id}/holds: seats (GUIDs) held under letter (M8) */
void ts_api_client_hold_seats_async              (TsApiClient         *self,
                                                  gint64               performance_id,
                                                  const char          *letter,
                                                  GPtrArray           *seats,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* POST /performances/{id}/holds/release: seats (GUIDs) held by letter let go */
void ts_api_client_release_held_seats_async      (TsApiClient         *self,
                                                  gint64               performance_id,
                                                  GPtrArray           *seats,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* GET /carts: {"carts": [cart…]}, the caller's own live carts (S1) */
void ts_api_client_list_carts_async              (TsApiClient         *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* POST /carts: a new, empty cart (S1) */
void ts_api_client_create_cart_async             (TsApiClient         *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* POST /carts/hold; hold: {"cart_id", "performance_id", "seats"?, "ga"?, "override"?} */
void ts_api_client_hold_in_cart_async            (TsApiClient         *self,
                                                  JsonNode            *hold,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
/* POST /carts/release; release: {"cart_id", "performance_id"?, "seats"?, "ga"?} */
void ts_api_client_release_from_cart_async       (TsApiClient         *self,
                                                  JsonNode            *release,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);

G_END_DECLS
