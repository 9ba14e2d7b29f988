/* ts-patron-picker.h — find and choose a patron: a search entry with the
 * patrons found below it (P6: the shared directory, so that nobody is added
 * twice), the one patron search of the checkout, the employee editor and
 * "Name the Patron…"
 *
 * Typing searches (after the entry's own short delay, the last search
 * cancelled by the next); Down goes from the entry into the patrons found,
 * Up from the first of them back; Enter in the entry chooses the first one,
 * Enter or a click on a row chooses that one.  An empty answer says so.
 *
 * Properties: "client" (TsApiClient, searched with), "patron" (the
 * JsonObject of the patron chosen, as the search answered it; NULL for
 * none; notified when it changes), "found" (the patrons listed by the last
 * answer; notified after each answer, the same count again included),
 * "placeholder-text" (the entry's).
 * Signals: "chosen" (JsonObject *patron): a patron was chosen, the same one
 * again included. */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-api-client.h"

G_BEGIN_DECLS

#define TS_TYPE_PATRON_PICKER (ts_patron_picker_get_type ())
G_DECLARE_FINAL_TYPE (TsPatronPicker, ts_patron_picker, TS, PATRON_PICKER, GtkWidget)

TsPatronPicker *ts_patron_picker_new              (TsApiClient    *client);
void            ts_patron_picker_set_client       (TsPatronPicker *self,
                                                   TsApiClient    *client);
/* The patron chosen, NULL for none; the picker's. */
JsonObject     *ts_patron_picker_get_patron       (TsPatronPicker *self);
/* Their number, 0 for none. */
gint64          ts_patron_picker_get_patron_id    (TsPatronPicker *self);
/* The patrons listed by the last answer. */
guint           ts_patron_picker_get_found        (TsPatronPicker *self);
/* A patron's name as a list shows it: first and last name, else the last
 * name or the company; newly allocated. */
char           *ts_patron_picker_display_name     (JsonObject     *patron);
/* No patron chosen, nothing typed, nothing listed. */
void            ts_patron_picker_clear            (TsPatronPicker *self);
/* Empties the search and its list, keeping the patron chosen (a dialog
 * that shows the patron chosen elsewhere). */
void            ts_patron_picker_clear_search     (TsPatronPicker *self);

G_END_DECLS
