/* ts-printed-tickets.h — an order's tickets as they print: each filled with
 * its values and signed barcode in the face of the outlet that owns its
 * event (rules F1, F2, F5, P5); shared by the tickets routes and the face
 * editor's sample */
#pragma once

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* {"order_id", "tickets": [{"item_id", "ticket_number", "barcode",
 * "width_mm", "height_mm", "svg"}]} for the tickets of order_id that viewer
 * (an outlet's id, NULL for the Master User) may print (P5: the seller its
 * order's lines, an owner its own lines), refunded lines left out; items
 * (SQL array text "{3,4}", or NULL for all) names some.  TS_ERROR_NOT_FOUND
 * for an order the viewer may not see, and for an item it may not print. */
JsonNode *ts_printed_tickets_load   (PGconn      *conn,
                                     const char  *order_id,
                                     const char  *viewer,
                                     const char  *items,
                                     GError     **error);
/* The editor's preview of outlet's faces: {"item_id", "values",
 * "barcode"} of its latest sold ticket of its own events, or made-up values
 * ("item_id": null) when it has sold none. */
JsonNode *ts_printed_tickets_sample (PGconn      *conn,
                                     const char  *outlet,
                                     GError     **error);

G_END_DECLS
