/* ts-order-printing.h — what the order window, the after-sale offer and
 * will call do alike with orders: their tickets fetched and printed, saved
 * as one PDF, their receipt printed (F1, F2, P5; docs/architecture.md,
 * "Printing") */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

/* What became of it, for owner to say in its message area: message (what
 * was done, "" when the person cancelled) or error (why not).  Never
 * called once cancellable is cancelled (owner cancels it in its dispose). */
typedef void (*TsOrderPrintingDone) (gpointer      owner,
                                     const char   *message,
                                     const GError *error);

/* Every ticket the caller may print of each order in order_ids (gint64),
 * fetched with its face filled (the owning outlet's, F2), printed in one
 * print job on the printer's paper (ts_ticket_print_faces).  Refunded
 * tickets are not printed.  A print is not a write: no barcode changes. */
void     ts_order_print_tickets         (gpointer             owner,
                                         GtkWindow           *parent,
                                         TsApiClient         *client,
                                         GArray              *order_ids,
                                         GCancellable        *cancellable,
                                         TsOrderPrintingDone  done);
/* The tickets of an answer of GET /orders/{id}/tickets or POST …/reprint,
 * printed at once. */
gboolean ts_order_print_ticket_answer   (GtkWindow           *parent,
                                         JsonObject          *answer,
                                         GError             **error);
/* The order's tickets as one PDF (GET /orders/{id}/tickets.pdf, the
 * server's renderer): a file chooser asks where. */
void     ts_order_save_tickets_pdf      (gpointer             owner,
                                         GtkWindow           *parent,
                                         TsApiClient         *client,
                                         gint64               order_id,
                                         GCancellable        *cancellable,
                                         TsOrderPrintingDone  done);
/* The same, into file. */
void     ts_order_save_tickets_pdf_to   (gpointer             owner,
                                         TsApiClient         *client,
                                         gint64               order_id,
                                         GFile               *file,
                                         GCancellable        *cancellable,
                                         TsOrderPrintingDone  done);
/* The order's receipt (ts_receipt_print) with its selling outlet's header
 * and footer (C7); order: the order as loaded, or NULL to load it. */
void     ts_order_print_receipt         (gpointer             owner,
                                         GtkWindow           *parent,
                                         TsApiClient         *client,
                                         gint64               order_id,
                                         JsonObject          *order,
                                         GCancellable        *cancellable,
                                         TsOrderPrintingDone  done);

G_END_DECLS
