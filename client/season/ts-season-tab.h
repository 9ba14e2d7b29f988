/* ts-season-tab.h — what the season setup tabs share: the owning outlet
 * whose season they show (E1), whether it may be changed (C4), requests
 * counted while under way, and the page's message line */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-api-call.h"
#include "ts-api-season.h"

G_BEGIN_DECLS

#define TS_TYPE_SEASON_TAB (ts_season_tab_get_type ())
G_DECLARE_DERIVABLE_TYPE (TsSeasonTab, ts_season_tab, TS, SEASON_TAB, GtkBox)

struct _TsSeasonTabClass
{
  GtkBoxClass parent_class;

  /* Lists everything again for the outlet set. */
  void (*reload)         (TsSeasonTab *self);
  /* Enables the tab's actions for what is chosen and allowed. */
  void (*update_actions) (TsSeasonTab *self);
  /* Another outlet's season is shown: forget what was chosen in the last. */
  void (*outlet_changed) (TsSeasonTab *self);
};

/* Properties: "busy" (requests under way).  Signal: "message" (text for the
 * page's message line; "" clears it). */

/* The page hands each tab its client, whether the season may be changed,
 * and (again when the Master User picks another) the outlet. */
void          ts_season_tab_set_client      (TsSeasonTab *self,
                                             TsApiClient *client,
                                             gboolean     editable);
void          ts_season_tab_set_outlet      (TsSeasonTab *self,
                                             gint64       outlet_id);
void          ts_season_tab_reload          (TsSeasonTab *self);
gboolean      ts_season_tab_is_busy         (TsSeasonTab *self);

/* For the tabs themselves. */
TsApiClient  *ts_season_tab_get_client      (TsSeasonTab *self);
gint64        ts_season_tab_get_outlet_id   (TsSeasonTab *self);
/* TRUE when the outlet's season may be changed here (C4). */
gboolean      ts_season_tab_can_edit        (TsSeasonTab *self);
gboolean      ts_season_tab_is_editable     (TsSeasonTab *self);
GtkWindow    *ts_season_tab_get_window      (TsSeasonTab *self);
void          ts_season_tab_say             (TsSeasonTab *self,
                                             const char  *text);
/* The tab's requests: each typed call (ts-api-season.h) is counted as
 * under way from ts_season_tab_request_started until its answer is taken
 * with ts_season_tab_answered, and made with the tab's cancellable (or one
 * the tab cancels itself, then forgetting the request). */
GCancellable *ts_season_tab_get_cancellable (TsSeasonTab *self);
void          ts_season_tab_request_started (TsSeasonTab *self);
/* The request is over: FALSE (and the error said) unless it answered. */
gboolean      ts_season_tab_answered        (TsSeasonTab  *self,
                                             const GError *error);
/* A request cancelled before its answer will not count. */
void          ts_season_tab_forget_request  (TsSeasonTab *self);

/* Lists of TsJsonItem rows. */
guint         ts_season_position_of         (GListModel         *list,
                                             gint64              id);
JsonObject   *ts_season_selected_object     (GtkSingleSelection *selection);
/* Fills the selection's store from answer's member, keeping the row chosen. */
void          ts_season_refill              (GtkSingleSelection *selection,
                                             JsonNode           *answer,
                                             const char         *member);

G_END_DECLS
