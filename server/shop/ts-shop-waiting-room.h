/* ts-shop-waiting-room.h — the storefront's waiting room for on-sale rushes
 * (docs/architecture.md, "The on-sale rush") */
#pragma once

#include <libpq-fe.h>

#include "ts-shop-request.h"

G_BEGIN_DECLS

/* The visitor's place in line: a browser-session cookie of its own, so the
 * place is kept across refreshes (and the ts_shop session is made only when
 * a hold needs one). */
#define TS_SHOP_QUEUE_COOKIE "ts_queue"
/* An admitted visitor without a live cart who asks for nothing this long
 * has left: its place goes to the next in line. */
#define TS_SHOP_WAITING_ROOM_IDLE_S 300
/* How often the queue page reloads itself. */
#define TS_SHOP_WAITING_ROOM_REFRESH_S 10

/* Whether path (inside a storefront) is one the line stands in front of:
 * choosing seats, holding, the cart and checking out.  The list, the seat
 * availability, the order pages and the provider's return stay open. */
gboolean ts_shop_waiting_room_guards (const char    *method,
                                      const char    *path);

/* Runs in the first step of a guarded page when limit > 0: lets the visitor
 * in (*queued = FALSE, the page runs) or answers the queue page ("You are
 * number N in line", *queued = TRUE).  FALSE with error on a database
 * failure. */
gboolean ts_shop_waiting_room_pass   (TsShopRequest  *req,
                                      PGconn         *conn,
                                      guint           limit,
                                      gboolean       *queued,
                                      GError        **error);

G_END_DECLS
