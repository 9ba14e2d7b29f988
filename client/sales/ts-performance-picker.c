/* ts-performance-picker.c — the performances the outlet may sell now, as the
 * Sales page lists them (E2–E4, C4)
 *
 * The server decides which performances are listed (its own, and other
 * outlets' in their window, E4); the picker says whose each one is, whether
 * its box-office window is closed (E2: selling then needs an override, S3),
 * and keeps to today's performances at Walk-up Sales (C4). */
#include <string.h>

#include <glib/gi18n.h>

#include "ts-api-call.h"
#include "ts-api-sales.h"
#include "ts-format.h"
#include "ts-level.h"
#include "ts-list-tab-stop.h"
#include "ts-performance-picker.h"

struct _TsPerformancePicker
{
  GtkWidget       parent_instance;

  TsApiClient    *client;
  GCancellable   *cancellable;
  JsonNode       *performances;       /* GET /sales/performances */
  guint           loading;            /* requests in flight */

  GtkWidget      *box;
  GtkSearchEntry *search;
  GtkListBox     *list;
};

G_DEFINE_FINAL_TYPE (TsPerformancePicker, ts_performance_picker, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_LOADING, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { PERFORMANCE_ACTIVATED, SHOW_MESSAGE, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
begin_loading (TsPerformancePicker *self)
{
  if (self->loading++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
end_loading (TsPerformancePicker *self)
{
  if (self->loading > 0 && --self->loading == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* C4, S8: a performance today, in the outlet's time (ts-format.h). */
static gboolean
is_today (const char *iso)
{
  g_autofree char *day = iso ? ts_format_time (iso, TS_TIME_DATE) : NULL;
  g_autofree char *today = ts_format_today ();

  return day != NULL && g_strcmp0 (day, today) == 0;
}

static gboolean
is_own (JsonObject *p)
{
  return g_strcmp0 (json_object_get_string_member_with_default (p, "role", "owner"), "owner") == 0;
}

static gboolean
row_matches (GtkListBoxRow *row,
             gpointer       user_data)
{
  TsPerformancePicker *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
  const char *haystack = g_object_get_data (G_OBJECT (row), "search-text");
  g_autofree char *needle = g_utf8_casefold (text, -1);

  return *text == '\0' || (haystack != NULL && strstr (haystack, needle) != NULL);
}

static GtkWidget *
new_row (JsonObject *p)
{
  g_autofree char *when = ts_format_time (json_object_get_string_member_with_default (p, "starts_at", NULL),
                                          TS_TIME_LONG_UNTRANSLATED);
  gboolean theirs = g_strcmp0 (json_object_get_string_member_with_default (p, "role", "owner"), "seller") == 0;
  gboolean on_sale = json_object_get_boolean_member_with_default (p, "on_sale", TRUE);
  g_autofree char *second = theirs
    ? g_strdup_printf (_("%s · for %s"), when, json_object_get_string_member_with_default (p, "outlet", ""))
    : on_sale ? g_strdup (when)
              /* E2: the box-office window is closed; selling needs an override (S3) */
              : g_strdup_printf (_("%s · not on sale now"), when);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (json_object_get_string_member_with_default (p, "event", ""));
  GtkWidget *detail = gtk_label_new (second);
  g_autofree char *search = g_strdup_printf ("%s %s %s %s", json_object_get_string_member_with_default (p, "event", ""),
                                             when, json_object_get_string_member_with_default (p, "venue", ""),
                                             json_object_get_string_member_with_default (p, "outlet", ""));

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  /* "not on sale now" and other outlets' names are long in French: the
   * line wraps rather than pushing the map out of the window */
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "performance-id", GINT_TO_POINTER ((int) json_object_get_int_member (p, "id")));
  g_object_set_data_full (G_OBJECT (row), "search-text", g_utf8_casefold (search, -1), g_free);
  return row;
}

static void
loaded (gpointer      owner,
        JsonNode     *answer,
        const GError *error)
{
  TsPerformancePicker *self = owner;
  JsonArray *list;
  GtkWidget *child;

  end_loading (self);
  if (answer == NULL || !JSON_NODE_HOLDS_ARRAY (answer))
    {
      g_signal_emit (self, signals[SHOW_MESSAGE], 0,
                     error ? error->message : _("The server sent no list of performances"), TRUE);
      return;
    }
  g_clear_pointer (&self->performances, json_node_unref);
  self->performances = json_node_ref (answer);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  list = json_node_get_array (answer);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *p = json_array_get_object_element (list, i);

      /* C4: Walk-up Sales sells today's performances only */
      if (ts_api_client_get_level (self->client) == TS_LEVEL_WALKUP
          && !is_today (json_object_get_string_member_with_default (p, "starts_at", NULL)))
        continue;
      gtk_list_box_append (self->list, new_row (p));
    }
  if (gtk_widget_get_first_child (GTK_WIDGET (self->list)) == NULL)
    g_signal_emit (self, signals[SHOW_MESSAGE], 0, _("No performance is on sale for this outlet right now."), FALSE);
}

static void
on_search_changed (TsPerformancePicker *self)
{
  gtk_list_box_invalidate_filter (self->list);
}

static void
on_row_activated (TsPerformancePicker *self,
                  GtkListBoxRow       *row)
{
  if (row != NULL)
    g_signal_emit (self, signals[PERFORMANCE_ACTIVATED], 0,
                   (gint64) GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "performance-id")));
}

/* Enter in the search chooses the first performance found; Down goes into
 * the list. */
static void
on_search_activate (TsPerformancePicker *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && gtk_widget_get_child_visible (row))
      {
        on_row_activated (self, GTK_LIST_BOX_ROW (row));
        return;
      }
}

static gboolean
on_search_key (TsPerformancePicker   *self,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               GtkEventControllerKey *controller)
{
  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;
  return gtk_widget_child_focus (GTK_WIDGET (self->list), GTK_DIR_TAB_FORWARD);
}

static void
ts_performance_picker_dispose (GObject *object)
{
  TsPerformancePicker *self = TS_PERFORMANCE_PICKER (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_PERFORMANCE_PICKER);
  G_OBJECT_CLASS (ts_performance_picker_parent_class)->dispose (object);
}

static void
ts_performance_picker_finalize (GObject *object)
{
  TsPerformancePicker *self = TS_PERFORMANCE_PICKER (object);

  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->performances, json_node_unref);
  G_OBJECT_CLASS (ts_performance_picker_parent_class)->finalize (object);
}

static void
ts_performance_picker_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TsPerformancePicker *self = TS_PERFORMANCE_PICKER (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_performance_picker_class_init (TsPerformancePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_performance_picker_dispose;
  object_class->finalize = ts_performance_picker_finalize;
  object_class->get_property = ts_performance_picker_get_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PERFORMANCE_ACTIVATED] = g_signal_new ("performance-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SHOW_MESSAGE] = g_signal_new ("show-message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-performance-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, TsPerformancePicker, box);
  gtk_widget_class_bind_template_child (widget_class, TsPerformancePicker, search);
  gtk_widget_class_bind_template_child (widget_class, TsPerformancePicker, list);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
ts_performance_picker_init (TsPerformancePicker *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* the list is one stop of the Tab chain: arrows move within it, Enter chooses */
  ts_list_tab_stop_install (self->list);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_search_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search), keys);
  g_signal_connect_swapped (self->search, "activate", G_CALLBACK (on_search_activate), self);
  self->cancellable = g_cancellable_new ();
  gtk_list_box_set_filter_func (self->list, row_matches, self, NULL);
}

void
ts_performance_picker_set_client (TsPerformancePicker *self,
                                  TsApiClient         *client)
{
  g_return_if_fail (TS_IS_PERFORMANCE_PICKER (self));
  g_return_if_fail (TS_IS_API_CLIENT (client));

  g_set_object (&self->client, client);
  /* C7: the performances' times written again in the outlet's new zone */
  g_signal_connect_object (client, "notify::time-zone", G_CALLBACK (ts_performance_picker_reload), self,
                           G_CONNECT_SWAPPED);
  ts_performance_picker_reload (self);
}

void
ts_performance_picker_reload (TsPerformancePicker *self)
{
  g_return_if_fail (TS_IS_PERFORMANCE_PICKER (self));

  if (self->client == NULL)
    return;
  begin_loading (self);
  ts_api_client_list_sales_performances_async (self->client, self->cancellable, ts_api_answered,
                                               ts_api_call (self, loaded));
}

JsonObject *
ts_performance_picker_lookup (TsPerformancePicker *self,
                              gint64               performance_id)
{
  JsonArray *list;

  g_return_val_if_fail (TS_IS_PERFORMANCE_PICKER (self), NULL);

  list = self->performances ? json_node_get_array (self->performances) : NULL;
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonObject *p = json_array_get_object_element (list, i);

      if (json_object_get_int_member (p, "id") == performance_id)
        return p;
    }
  return NULL;
}

char *
ts_performance_picker_dup_title (TsPerformancePicker *self,
                                 gint64               performance_id)
{
  JsonObject *p = ts_performance_picker_lookup (self, performance_id);
  g_autofree char *when = NULL;

  if (p == NULL)
    return NULL;
  when = ts_format_time (json_object_get_string_member_with_default (p, "starts_at", NULL),
                         TS_TIME_LONG_UNTRANSLATED);
  if (!is_own (p))
    /* Translators: event — date — venue, then the outlet it belongs to (E4) */
    return g_strdup_printf (_("%s — %s — %s (for %s)"), json_object_get_string_member_with_default (p, "event", ""),
                            when, json_object_get_string_member_with_default (p, "venue", ""),
                            json_object_get_string_member_with_default (p, "outlet", ""));
  return g_strdup_printf (_("%s — %s — %s"), json_object_get_string_member_with_default (p, "event", ""),
                          when, json_object_get_string_member_with_default (p, "venue", ""));
}

gboolean
ts_performance_picker_is_own (TsPerformancePicker *self,
                              gint64               performance_id)
{
  JsonObject *p = ts_performance_picker_lookup (self, performance_id);

  return p == NULL || is_own (p);
}

gboolean
ts_performance_picker_is_today (TsPerformancePicker *self,
                                gint64               performance_id)
{
  JsonObject *p = ts_performance_picker_lookup (self, performance_id);

  return p != NULL && is_today (json_object_get_string_member_with_default (p, "starts_at", NULL));
}

void
ts_performance_picker_focus_search (TsPerformancePicker *self)
{
  g_return_if_fail (TS_IS_PERFORMANCE_PICKER (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search));
}
