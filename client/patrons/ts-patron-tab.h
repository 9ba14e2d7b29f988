/* ts-patron-tab.h — what every tab of the patron record shares: a list of
 * this outlet's rows over a small form, loaded from and written to
 * /patrons/{id}/… by the typed calls of ts-api-patrons.h (P4) */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-api-call.h"
#include "ts-api-patrons.h"

G_BEGIN_DECLS

#define TS_TYPE_PATRON_TAB (ts_patron_tab_get_type ())
G_DECLARE_DERIVABLE_TYPE (TsPatronTab, ts_patron_tab, TS, PATRON_TAB, GtkBox)

struct _TsPatronTabClass
{
  GtkBoxClass parent_class;

  /* A tab that lists what one of the record's lists answers in member sets
   * these in class_init (list: ts_api_client_list_patron_notes_async…),
   * and row_title says each row: its main line (new) and its detail (new,
   * or left NULL). */
  TsApiPatronList   list;
  const char       *member;
  char           *(*row_title) (TsPatronTab *self,
                                JsonObject  *row,
                                char       **detail);

  /* The area of the client's "changed::AREA" after which the tab loads
   * again ("orders": a sale, refund or exchange from any window of this
   * workstation changes the patron's orders); NULL for none. */
  const char       *reload_on_change;

  /* Loads the tab again; the default calls list and fills the list. */
  void      (*reload)    (TsPatronTab *self);
  /* After the list is filled from rows (which may be NULL): forms that
   * show what was saved (preferences, tags) fill themselves here. */
  void      (*loaded)    (TsPatronTab *self,
                          JsonArray   *rows);
  /* A write went through: the default clears the message; then "saved"
   * is emitted and the record reloads. */
  void      (*sent)      (TsPatronTab *self,
                          JsonNode    *answer);
};

/* The window hands every tab its client and patron before loading it. */
void          ts_patron_tab_set_record      (TsPatronTab *self,
                                             TsApiClient *client,
                                             gint64       patron_id);
void          ts_patron_tab_reload          (TsPatronTab *self);

/* For the tabs themselves. */
TsApiClient  *ts_patron_tab_get_client      (TsPatronTab *self);
gint64        ts_patron_tab_get_patron_id   (TsPatronTab *self);
GCancellable *ts_patron_tab_get_cancellable (TsPatronTab *self);
GtkListBox   *ts_patron_tab_get_list        (TsPatronTab *self);
/* Shows text on the record's message line; NULL clears it. */
void          ts_patron_tab_say             (TsPatronTab *self,
                                             const char  *text);
/* For a write's typed call, with ts_api_answered: an error is said,
 * success calls sent and reloads the record. */
TsApiCall    *ts_patron_tab_write_call      (TsPatronTab *self);
void          ts_patron_tab_clear           (TsPatronTab *self);
/* A row of text (a main line, a dim detail) in a box, for a list row. */
GtkWidget    *ts_patron_tab_text_box        (const char  *title,
                                             const char  *detail);
/* Appends child as a row of the list; returns the GtkListBoxRow. */
GtkWidget    *ts_patron_tab_append          (TsPatronTab *self,
                                             GtkWidget   *child);

G_END_DECLS
