/* ts-door-list.h — one performance's door list, as GET
 * /performances/{id}/door-list gave it, deciding scans at the door while the
 * server cannot be reached (issue 12, offline door; F4, F5)
 *
 * The owning outlet's public key tells a real ticket from a made-up one
 * (ts_ticket_code_verify); the list says which tickets are refunded or
 * replaced (an older barcode version), and which were admitted, here or by
 * the server before the list was downloaded.  What this door decides is
 * kept in the list, so that a second scan of the same ticket is refused
 * here too.  Answers have the shape of POST /scans's ("result", "ticket",
 * "first", "reason", "admitted", "expected"), so that the window shows
 * either the same way. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TS_TYPE_DOOR_LIST (ts_door_list_get_type ())
G_DECLARE_FINAL_TYPE (TsDoorList, ts_door_list, TS, DOOR_LIST, GObject)

/* door_list: the route's answer, kept (a reference) and its tickets updated
 * by what this door decides.  NULL (TS_ERROR_INVALID) for one without the
 * performance, the outlet, the public key or the tickets. */
TsDoorList *ts_door_list_new                (JsonObject  *door_list,
                                             GError     **error);
gint64      ts_door_list_get_performance_id (TsDoorList  *self);
gint64      ts_door_list_get_outlet_id      (TsDoorList  *self);
const char *ts_door_list_get_event          (TsDoorList  *self);
const char *ts_door_list_get_starts_at      (TsDoorList  *self);
gboolean    ts_door_list_get_reentry        (TsDoorList  *self);
/* Tickets that admit (not refunded), and how many of them were admitted. */
guint       ts_door_list_get_expected       (TsDoorList  *self);
guint       ts_door_list_get_admitted       (TsDoorList  *self);

/* Decides a scan here, as the server would: scan is the body POST /scans
 * takes ("code" or "item_id", "door", "direction", "scanned_at": when it
 * was made).  An admission (or an exit) is kept in the list.  Returns the
 * answer, with "offline": true; a genuine code of the outlet that the list
 * does not have is "wrong_performance" with "unlisted": true (another
 * performance's, or sold since the list came), a scan out of a ticket that
 * is not inside "not_inside". */
JsonObject *ts_door_list_decide             (TsDoorList  *self,
                                             JsonObject  *scan);
/* What the server answered to a scan of this door (online, or uploaded):
 * its ticket admitted or out, kept in the list. */
void        ts_door_list_note_answer        (TsDoorList  *self,
                                             JsonObject  *answer,
                                             JsonObject  *scan);
/* The tickets whose patron's name has every word of text, or whose order
 * or ticket number is text, at most limit of them, by patron (the list's
 * own objects: "item_id", "patron", "seat_name"…). */
GPtrArray  *ts_door_list_search             (TsDoorList  *self,
                                             const char  *text,
                                             guint        limit);
/* The list's ticket of that item, or NULL. */
JsonObject *ts_door_list_lookup_item        (TsDoorList  *self,
                                             gint64       item_id);

G_END_DECLS
