/* ts-free-seats.h — the free seats of a performance, to choose one from a
 * list: the map's seats (GET /maps/{id}/compact) less the claimed ones
 * (GET /performances/{id}/seats).  Shared by the exchange, seat-change
 * and voucher-reserve dialogs. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ts-api-client.h"
#include "ts-dialog.h"

G_BEGIN_DECLS

typedef struct
{
  char     *guid;
  char     *name;       /* as the server names seats on orders: "Stalls row A seat 3" */
  char     *category;   /* the map category, which is the price zone; NULL for none */
  gboolean  own;        /* one of the caller's own_seats, listed though claimed */
} TsFreeSeat;

/* What a dialog does with the free seats (TsFreeSeat in map order) and the
 * claims as GET /performances/{id}/seats answered them (its "ga" lists the
 * general-admission areas), neither its to keep; or with NULL, when they
 * could not be read: the dialog's message already says why.  Never called
 * once the dialog is gone or the load was cancelled. */
typedef void (*TsFreeSeatsLoaded) (TsDialog   *dialog,
                                   GPtrArray  *seats,
                                   JsonObject *claims);

/* Loads, on a dialog's behalf and with its client, the performance's
 * claims and its map together; with map_id 0 the map is the one the claims
 * name, read after them.  own_seats (may be NULL): seats of the caller's
 * order, listed even though claimed, with "own" set, for a dialog that
 * frees them in the same transaction.  cancellable is the dialog's, or one
 * it cancels itself for a load it may start again. */
void        ts_free_seats_load_for    (TsDialog            *dialog,
                                       gint64               performance_id,
                                       gint64               map_id,
                                       const char * const  *own_seats,
                                       GCancellable        *cancellable,
                                       TsFreeSeatsLoaded    loaded);

G_END_DECLS
