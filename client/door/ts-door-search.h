/* ts-door-search.h — the scan window's search for a patron without a
 * ticket: by name or order number in the door list, and the question
 * before such a ticket is admitted by hand (F4)
 *
 * Signals: "admit" (gint64 item_id): the attendant confirmed; "code"
 * (const char *): a ticket's code was typed (or scanned) into the search;
 * "done": the attendant has finished here (Escape, Cancel, an admission),
 * and the reader's entry may take the focus back.  Property "asking"
 * (read-only): the question is shown.  Actions: "search.ask-admit" (x: an
 * item of the list), "search.confirm-admit", "search.cancel-admit". */
#pragma once

#include <gtk/gtk.h>

#include "ts-door-list.h"

G_BEGIN_DECLS

#define TS_TYPE_DOOR_SEARCH (ts_door_search_get_type ())
G_DECLARE_FINAL_TYPE (TsDoorSearch, ts_door_search, TS, DOOR_SEARCH, GtkWidget)

TsDoorSearch *ts_door_search_new        (void);
/* The list searched (NULL: none yet); what it lists again, with what the
 * list now says of each ticket. */
void          ts_door_search_set_list   (TsDoorSearch *self,
                                         TsDoorList   *list);
void          ts_door_search_refresh    (TsDoorSearch *self);
/* Closes the question unanswered, and empties the search. */
void          ts_door_search_reset      (TsDoorSearch *self);
gboolean      ts_door_search_get_asking (TsDoorSearch *self);

G_END_DECLS
