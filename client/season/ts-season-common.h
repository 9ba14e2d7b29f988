/* ts-season-common.h — what the season setup page and its dialogs share:
 * times typed in local time, percentages, and drop-downs of server objects */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "ts-json-item.h"

G_BEGIN_DECLS

/* Local "YYYY-MM-DD HH:MM" (or with a T, or with seconds) as ISO 8601 with
 * the local offset, as the API wants it.  Empty text gives NULL and TRUE:
 * the time is optional.  field names the field in the error. */
gboolean  ts_season_parse_time        (const char   *field,
                                       const char   *text,
                                       char        **out_iso8601,
                                       GError      **error);
/* The local time zone, for hints: "America/Toronto, UTC−04:00". */
char     *ts_season_describe_zone     (void);

/* "12.5", "12,50 %" → 1250 hundredths of a percent (0 to 100 %). */
gboolean  ts_season_parse_percent     (const char   *field,
                                       const char   *text,
                                       gint64       *out_bp,
                                       GError      **error);
/* 1250 → "12.50 %" (with the decimal mark of the translation) */
char     *ts_season_format_percent    (gint64        bp);
/* Cents as typed in an entry: "35.00" (no currency sign). */
char     *ts_season_format_amount     (gint64        cents);
/* Dollars and cents as typed ("35", "35,50", "$35.00", "35,00 $") into
 * cents, never through a double; empty gives -1. */
gboolean  ts_season_parse_amount     (const char   *field,
                                       const char   *text,
                                       gint64       *out_cents,
                                       GError      **error);
/* An optional count typed in an entry: empty gives -1. */
gboolean  ts_season_parse_count      (const char   *field,
                                       const char   *text,
                                       gint64        minimum,
                                       gint64       *out_count,
                                       GError      **error);

/* A member that may be absent or null. */
gint64      ts_season_get_int         (JsonObject   *object,
                                       const char   *member,
                                       gint64        fallback);
const char *ts_season_get_string      (JsonObject   *object,
                                       const char   *member);

/* Enter in the spin buttons saves, as in the entries (GTK 4.8 spin buttons
 * have no activates-default of their own).  Save handlers call
 * gtk_spin_button_update () first, so a typed value counts. */
void      ts_season_spins_activate_default (GtkSpinButton *first,
                                            ...) G_GNUC_NULL_TERMINATED;

/* Drop-downs over TsJsonItem rows, each shown with label (or its "name"). */
void      ts_season_drop_down_init    (GtkDropDown      *dropdown,
                                       TsJsonItemFormat  label);
/* Replaces the rows with objects (may be NULL), after a "none" row (id 0)
 * when none_label is given, and selects selected_id (else the first row). */
void      ts_season_drop_down_fill    (GtkDropDown      *dropdown,
                                       JsonArray        *objects,
                                       const char       *none_label,
                                       gint64            selected_id);
/* The id of the chosen row; 0 for none or nothing. */
gint64    ts_season_drop_down_get_id  (GtkDropDown      *dropdown);

/* Asks before something is deleted: a modal question over the window of
 * owner; accepted calls done (owner), which is then still alive. */
typedef void (*TsSeasonConfirmed) (gpointer owner);
GtkWindow *ts_season_confirm          (GtkWidget         *owner,
                                       const char        *question,
                                       const char        *detail,
                                       const char        *accept_label,
                                       TsSeasonConfirmed  done);

/* A member that is the trimmed text, or null when it is empty. */
void      ts_season_add_text          (JsonBuilder      *builder,
                                       const char       *member,
                                       const char       *text);

G_END_DECLS
