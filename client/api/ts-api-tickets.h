/* ts-api-tickets.h — typed calls for an order's tickets (docs/api.md,
 * "Tickets"): their filled faces, the same as one PDF, and reprints with new
 * barcodes (F1, F2, F5, P5).  Each finishes with
 * ts_api_client_request_finish(). */
#pragma once

#include "ts-api-client.h"

G_BEGIN_DECLS

/* GET /orders/{id}/tickets[?items=…]: {"order_id", "tickets": [{"item_id",
 * "ticket_number", "barcode", "width_mm", "height_mm", "svg"}]}, each face
 * filled; item_ids (gint64; NULL or empty: every ticket the caller may
 * print).  A print is not a write: no barcode changes. */
void ts_api_client_get_order_tickets_async      (TsApiClient         *self,
                                                 gint64               order_id,
                                                 GArray              *item_ids,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* GET /orders/{id}/tickets.pdf[?items=…&paper=…], written to file (answers
 * NULL); paper "ticket", "a4", "letter", or NULL for the server's choice. */
void ts_api_client_save_order_tickets_pdf_async (TsApiClient         *self,
                                                 gint64               order_id,
                                                 GArray              *item_ids,
                                                 const char          *paper,
                                                 GFile               *file,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* POST /orders/{id}/reprint {"items", "reason", "idempotency_key"} (F5):
 * each item's barcode replaced (the old one stops admitting), counted and
 * audited; answers as GET …/tickets does, for those items.  The same key
 * sent again (a retry) reprints nothing again; NULL: none. */
void ts_api_client_reprint_order_tickets_async  (TsApiClient         *self,
                                                 gint64               order_id,
                                                 GArray              *item_ids,
                                                 const char          *reason,
                                                 const char          *idempotency_key,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);

G_END_DECLS
