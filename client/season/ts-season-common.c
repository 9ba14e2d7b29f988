/* ts-season-common.c — local times, percentages and drop-downs for season
 * setup
 *
 * Times are typed and shown in the outlet's time (ts-format.h), whatever
 * this computer's zone, and sent with their offset (the API refuses a time
 * without one).  A time that does not exist there (the hour skipped when
 * clocks go forward) is refused rather than silently moved. */
#include <stdlib.h>

#include <glib/gi18n.h>

#include "ts-error.h"
#include "ts-format.h"
#include "ts-money.h"
#include "ts-season-common.h"

gboolean
ts_season_parse_time (const char  *field,
                      const char  *text,
                      char       **out_iso8601,
                      GError     **error)
{
  g_autoptr(GRegex) regex = g_regex_new ("^\\s*(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:\\s+|T)(\\d{1,2}):(\\d{2})(?::(\\d{2}))?\\s*$",
                                         G_REGEX_OPTIMIZE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GTimeZone) zone = ts_format_get_time_zone ();
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  int part[6] = { 0 };

  *out_iso8601 = NULL;
  if (*trimmed == '\0')
    return TRUE;
  if (!g_regex_match (regex, text, 0, &match))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   _("%s: “%s” is not a date and time (expected YYYY-MM-DD HH:MM)"), field, text);
      return FALSE;
    }
  for (int i = 0; i < 6; i++)
    {
      g_autofree char *digits = g_match_info_fetch (match, i + 1);

      part[i] = digits && *digits ? atoi (digits) : 0;
    }
  if (part[3] < 24 && part[4] < 60 && part[5] < 60)
    when = g_date_time_new (zone, part[0], part[1], part[2], part[3], part[4], part[5]);
  if (when == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   _("%s: “%s” is not a date and time (expected YYYY-MM-DD HH:MM)"), field, text);
      return FALSE;
    }
  /* GLib moves a time in the hour skipped by daylight saving forward */
  if (g_date_time_get_hour (when) != part[3] || g_date_time_get_minute (when) != part[4]
      || g_date_time_get_day_of_month (when) != part[2])
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   _("%s: %s does not exist in local time (the clocks skip it); choose another time"),
                   field, text);
      return FALSE;
    }
  *out_iso8601 = g_date_time_format (when, "%Y-%m-%dT%H:%M:%S%:z");
  return TRUE;
}

char *
ts_season_describe_zone (void)
{
  g_autoptr(GTimeZone) zone = ts_format_get_time_zone ();
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autofree char *offset = g_date_time_format (now, "%:z");

  return g_strdup_printf (_("%s, UTC%s"), g_time_zone_get_identifier (zone), offset);
}

/* Leading and trailing spaces, no-break spaces included, and a trailing
 * sign (%, $) people type out of habit. */
static char *
trim_number (const char *text,
             gunichar    sign)
{
  g_autoptr(GString) trimmed = g_string_new (text ? text : "");
  gboolean changed = TRUE;

  while (changed && trimmed->len > 0)
    {
      const char *last = g_utf8_find_prev_char (trimmed->str, trimmed->str + trimmed->len);
      gunichar c = g_utf8_get_char (last);

      changed = g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F || c == sign;
      if (changed)
        g_string_truncate (trimmed, last - trimmed->str);
    }
  while (trimmed->len > 0)
    {
      gunichar c = g_utf8_get_char (trimmed->str);

      if (!g_unichar_isspace (c) && c != 0x00A0 && c != 0x202F)
        break;
      g_string_erase (trimmed, 0, g_utf8_next_char (trimmed->str) - trimmed->str);
    }
  return g_string_free (g_steal_pointer (&trimmed), FALSE);
}

gboolean
ts_season_parse_percent (const char  *field,
                         const char  *text,
                         gint64      *out_bp,
                         GError     **error)
{
  g_autofree char *trimmed = trim_number (text, '%');
  gint64 bp = 0;

  *out_bp = 0;
  if (*trimmed == '\0')
    return TRUE;
  /* hundredths of a percent are written like cents: two decimals at most */
  if (!ts_money_parse (trimmed, &bp, NULL) || bp < 0 || bp > 10000)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   _("%s: “%s” is not a percentage from 0 to 100 with at most two decimals (for example 12.50)"),
                   field, text);
      return FALSE;
    }
  *out_bp = bp;
  return TRUE;
}

char *
ts_season_format_percent (gint64 bp)
{
  /* TRANSLATORS: a percentage with two decimals, e.g. "12.50 %" */
  return g_strdup_printf (_("%d.%02d %%"), (int) (bp / 100), (int) (bp % 100));
}

char *
ts_season_format_amount (gint64 cents)
{
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d", cents < 0 ? "-" : "",
                          ABS (cents) / 100, (int) (ABS (cents) % 100));
}

gboolean
ts_season_parse_amount (const char  *field,
                        const char  *text,
                        gint64      *out_cents,
                        GError     **error)
{
  g_autofree char *trimmed = trim_number (text, '$');

  *out_cents = -1;
  if (*trimmed == '\0')
    return TRUE;
  if (!ts_money_parse (trimmed, out_cents, error))
    {
      g_prefix_error (error, "%s: ", field);
      return FALSE;
    }
  if (*out_cents < 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, _("%s: an amount cannot be negative"), field);
      return FALSE;
    }
  return TRUE;
}

gboolean
ts_season_parse_count (const char  *field,
                       const char  *text,
                       gint64       minimum,
                       gint64      *out_count,
                       GError     **error)
{
  g_autofree char *trimmed = trim_number (text, 0);
  guint64 count = 0;

  *out_count = -1;
  if (*trimmed == '\0')
    return TRUE;
  if (!g_ascii_string_to_unsigned (trimmed, 10, minimum, 1000000, &count, NULL))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   _("%s: “%s” is not a whole number from %d to 1,000,000"),
                   field, text, (int) minimum);
      return FALSE;
    }
  *out_count = (gint64) count;
  return TRUE;
}

gint64
ts_season_get_int (JsonObject *object,
                   const char *member,
                   gint64      fallback)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  return json_node_get_int (node);
}

const char *
ts_season_get_string (JsonObject *object,
                      const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

void
ts_season_spins_activate_default (GtkSpinButton *first,
                                  ...)
{
  va_list args;

  va_start (args, first);
  for (GtkSpinButton *spin = first; spin != NULL; spin = va_arg (args, GtkSpinButton *))
    {
      GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (spin));

      if (GTK_IS_TEXT (text))
        gtk_text_set_activates_default (GTK_TEXT (text), TRUE);
    }
  va_end (args);
}

/* Drop-downs ---------------------------------------------------------------- */

static char *
row_label (TsJsonItem       *item,
           TsJsonItemFormat  label)
{
  JsonObject *object = ts_json_item_get_object (item);

  if (label != NULL && ts_json_item_get_id (item) != 0)
    return label (object);
  return g_strdup (json_object_get_string_member_with_default (object, "name", ""));
}

void
ts_season_drop_down_init (GtkDropDown      *dropdown,
                          TsJsonItemFormat  label)
{
  g_autoptr(GListStore) store = g_list_store_new (TS_TYPE_JSON_ITEM);
  GtkExpression *expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                           G_CALLBACK (row_label), label, NULL);

  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (store));
  gtk_drop_down_set_expression (dropdown, expression);
  gtk_expression_unref (expression);
}

static gboolean ts_season_drop_down_select (GtkDropDown *dropdown,
                                            gint64       id);

void
ts_season_drop_down_fill (GtkDropDown *dropdown,
                          JsonArray   *objects,
                          const char  *none_label,
                          gint64       selected_id)
{
  GListStore *store = G_LIST_STORE (gtk_drop_down_get_model (dropdown));
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (none_label != NULL)
    {
      g_autoptr(JsonObject) none = json_object_new ();

      json_object_set_int_member (none, "id", 0);
      json_object_set_string_member (none, "name", none_label);
      g_ptr_array_add (items, ts_json_item_new (none));
    }
  for (guint i = 0; objects != NULL && i < json_array_get_length (objects); i++)
    g_ptr_array_add (items, ts_json_item_new (json_array_get_object_element (objects, i)));
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), items->pdata, items->len);
  if (!ts_season_drop_down_select (dropdown, selected_id))
    gtk_drop_down_set_selected (dropdown, items->len > 0 ? 0 : GTK_INVALID_LIST_POSITION);
}

gint64
ts_season_drop_down_get_id (GtkDropDown *dropdown)
{
  gpointer item = gtk_drop_down_get_selected_item (dropdown);

  return item != NULL ? ts_json_item_get_id (TS_JSON_ITEM (item)) : 0;
}

static gboolean
ts_season_drop_down_select (GtkDropDown *dropdown,
                            gint64       id)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TsJsonItem) item = g_list_model_get_item (model, i);

      if (ts_json_item_get_id (item) == id)
        {
          gtk_drop_down_set_selected (dropdown, i);
          return TRUE;
        }
    }
  return FALSE;
}

void
ts_season_add_text (JsonBuilder *builder,
                    const char  *member,
                    const char  *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));

  json_builder_set_member_name (builder, member);
  if (*trimmed == '\0')
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, trimmed);
}

static void
confirm_answered (GtkDialog *dialog,
                  int        response,
                  gpointer   owner)
{
  TsSeasonConfirmed done = g_object_get_data (G_OBJECT (dialog), "ts-season-confirmed");

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    done (owner);
}

GtkWindow *
ts_season_confirm (GtkWidget         *owner,
                   const char        *question,
                   const char        *detail,
                   const char        *accept_label,
                   TsSeasonConfirmed  done)
{
  GtkRoot *root = gtk_widget_get_root (owner);
  GtkWidget *dialog = gtk_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", question);
  GtkWidget *accept;

  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", detail);
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  accept = gtk_dialog_add_button (GTK_DIALOG (dialog), accept_label, GTK_RESPONSE_ACCEPT);
  gtk_widget_add_css_class (accept, "destructive-action");
  /* Enter keeps things: a deletion takes a deliberate choice */
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_object_set_data (G_OBJECT (dialog), "ts-season-confirmed", (gpointer) done);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_answered), owner, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}
