/* ts-season-events-tab.c — the Events tab: the outlet's events, and the
 * chosen event's performances with their status, sales and who else sells
 * them (E3)
 *
 * The soonest event is chosen when the list arrives, so its performances
 * show at once; choosing another loads its performances (an earlier load
 * still under way is cancelled).  A dialog that saves reloads the list and
 * chooses what it saved. */
#include <glib/gi18n.h>

#include "ts-event-dialog.h"
#include "ts-format.h"
#include "ts-json-item.h"
#include "ts-performance-dialog.h"
#include "ts-season-common.h"
#include "ts-season-events-tab.h"

struct _TsSeasonEventsTab
{
  TsSeasonTab         parent_instance;

  GtkColumnView      *events_view;
  GtkSingleSelection *events;
  GtkLabel           *performances_title;
  GtkColumnView      *performances_view;
  GtkSingleSelection *performances;

  GCancellable       *event_cancellable;   /* the chosen event's load */
  JsonObject         *event;               /* the chosen one, with its performances */
  gint64              want_event;          /* to choose once a reload arrives */
  gint64              want_performance;
};

G_DEFINE_FINAL_TYPE (TsSeasonEventsTab, ts_season_events_tab, TS_TYPE_SEASON_TAB)

enum { PROP_0, PROP_EVENTS, PROP_PERFORMANCES, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void load_event (TsSeasonEventsTab *self, gint64 id);

/* Cells ------------------------------------------------------------------------- */

static char *
format_map (JsonObject *event)
{
  JsonObject *map = json_object_get_object_member (event, "map");

  return g_strdup (map ? ts_season_get_string (map, "name") : "");
}

static char *
format_first (JsonObject *event)
{
  return ts_format_time (ts_season_get_string (event, "first_starts_at"), TS_TIME_LIST);
}

static char *
format_starts (JsonObject *performance)
{
  return ts_format_time (ts_season_get_string (performance, "starts_at"), TS_TIME_LIST);
}

static char *
format_status (JsonObject *performance)
{
  const char *status = ts_season_get_string (performance, "status");

  if (g_strcmp0 (status, "scheduled") == 0)
    return g_strdup (_("Scheduled"));
  if (g_strcmp0 (status, "postponed") == 0)
    return g_strdup (_("Postponed"));
  if (g_strcmp0 (status, "cancelled") == 0)
    return g_strdup (_("Cancelled"));
  return g_strdup (status ? status : "");
}

/* E3: who else may sell it */
static char *
format_sellers (JsonObject *performance)
{
  JsonArray *permitted = json_object_get_array_member (performance, "permitted_outlets");
  guint count = permitted ? json_array_get_length (permitted) : 0;

  if (!json_object_get_boolean_member_with_default (performance, "allow_other_outlets", FALSE))
    return g_strdup (_("No"));
  if (count == 0)
    return g_strdup (_("Every outlet"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u outlet", "%u outlets", count), count);
}

/* Events and their performances ------------------------------------------------------ */

static void
update_actions (TsSeasonTab *tab)
{
  TsSeasonEventsTab *self = TS_SEASON_EVENTS_TAB (tab);
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean can = ts_season_tab_can_edit (tab);
  gboolean performance = gtk_single_selection_get_selected_item (self->performances) != NULL;

  gtk_widget_action_set_enabled (widget, "season.new-event", can);
  gtk_widget_action_set_enabled (widget, "season.edit-event",
                                 can && gtk_single_selection_get_selected_item (self->events) != NULL);
  gtk_widget_action_set_enabled (widget, "season.new-performance", can && self->event != NULL);
  gtk_widget_action_set_enabled (widget, "season.edit-performance", can && performance);
  gtk_widget_action_set_enabled (widget, "season.delete-performance", can && performance);
}

static GListModel *
event_list (TsSeasonEventsTab *self)
{
  return gtk_single_selection_get_model (self->events);
}

static void
show_event (TsSeasonEventsTab *self,
            JsonObject        *event)
{
  GListStore *store = G_LIST_STORE (gtk_single_selection_get_model (self->performances));
  JsonObject *chosen = ts_season_selected_object (self->performances);
  gint64 keep = self->want_performance ? self->want_performance : ts_season_get_int (chosen, "id", 0);
  g_autofree char *title = NULL;

  g_clear_pointer (&self->event, json_object_unref);
  if (event == NULL)
    {
      g_list_store_remove_all (store);
      gtk_label_set_text (self->performances_title, _("Performances"));
      update_actions (TS_SEASON_TAB (self));
      return;
    }
  self->event = json_object_ref (event);
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), event);

    ts_json_item_fill_store (store, node, "performances");
  }
  title = g_strdup_printf (_("Performances of “%s”"), ts_season_get_string (event, "name"));
  gtk_label_set_text (self->performances_title, title);
  gtk_single_selection_set_selected (self->performances, ts_season_position_of (G_LIST_MODEL (store), keep));
  self->want_performance = 0;
  update_actions (TS_SEASON_TAB (self));
}

static void
event_loaded (gpointer      owner,
              JsonNode     *answer,
              const GError *error)
{
  TsSeasonEventsTab *self = owner;

  g_clear_object (&self->event_cancellable);
  if (!ts_season_tab_answered (TS_SEASON_TAB (self), error))
    return;
  show_event (self, json_node_get_object (answer));
}

static void
load_event (TsSeasonEventsTab *self,
            gint64             id)
{
  if (self->event_cancellable != NULL)
    {
      /* its answer will not come: a cancelled call says nothing */
      g_cancellable_cancel (self->event_cancellable);
      g_clear_object (&self->event_cancellable);
      ts_season_tab_forget_request (TS_SEASON_TAB (self));
    }
  if (id == 0)
    {
      show_event (self, NULL);
      return;
    }
  self->event_cancellable = g_cancellable_new ();
  ts_season_tab_request_started (TS_SEASON_TAB (self));
  ts_api_client_get_event_async (ts_season_tab_get_client (TS_SEASON_TAB (self)), id, self->event_cancellable,
                                 ts_api_answered, ts_api_call (self, event_loaded));
}

static void
on_event_chosen (TsSeasonEventsTab *self)
{
  TsJsonItem *item = gtk_single_selection_get_selected_item (self->events);
  gint64 id = item ? ts_json_item_get_id (item) : 0;

  if (self->event != NULL && id == ts_season_get_int (self->event, "id", 0) && self->want_performance == 0)
    return;
  load_event (self, id);
  update_actions (TS_SEASON_TAB (self));
}

static void
events_loaded (gpointer      owner,
               JsonNode     *answer,
               const GError *error)
{
  TsSeasonEventsTab *self = owner;
  GListModel *events;
  gint64 keep;

  if (!ts_season_tab_answered (TS_SEASON_TAB (self), error))
    return;
  events = event_list (self);
  keep = self->want_event ? self->want_event : (self->event ? ts_season_get_int (self->event, "id", 0) : 0);
  self->want_event = 0;
  g_signal_handlers_block_by_func (self->events, on_event_chosen, self);
  ts_json_item_fill_store (G_LIST_STORE (events), answer, "events");
  /* the soonest event's performances show at once */
  if (ts_season_position_of (events, keep) == GTK_INVALID_LIST_POSITION && g_list_model_get_n_items (events) > 0)
    {
      g_autoptr(TsJsonItem) first = g_list_model_get_item (events, 0);

      keep = ts_json_item_get_id (first);
    }
  gtk_single_selection_set_selected (self->events, ts_season_position_of (events, keep));
  g_signal_handlers_unblock_by_func (self->events, on_event_chosen, self);
  /* the chosen event's performances may have changed too */
  load_event (self, gtk_single_selection_get_selected_item (self->events) ? keep : 0);
  update_actions (TS_SEASON_TAB (self));
}

static void
reload (TsSeasonTab *tab)
{
  ts_season_tab_request_started (tab);
  ts_api_client_list_events_async (ts_season_tab_get_client (tab), ts_season_tab_get_outlet_id (tab),
                                   ts_season_tab_get_cancellable (tab), ts_api_answered,
                                   ts_api_call (tab, events_loaded));
}

static void
outlet_changed (TsSeasonTab *tab)
{
  show_event (TS_SEASON_EVENTS_TAB (tab), NULL);
}

static void
event_saved (TsEventDialog     *dialog,
             JsonObject        *event,
             TsSeasonEventsTab *self)
{
  ts_season_tab_say (TS_SEASON_TAB (self), NULL);
  self->want_event = ts_season_get_int (event, "id", 0);
  reload (TS_SEASON_TAB (self));
}

static void
open_event (TsSeasonEventsTab *self,
            JsonObject        *event)
{
  TsSeasonTab *tab = TS_SEASON_TAB (self);
  TsEventDialog *dialog = ts_event_dialog_new (ts_season_tab_get_window (tab), ts_season_tab_get_client (tab),
                                               ts_season_tab_get_outlet_id (tab), event);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (event_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_event_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  open_event (TS_SEASON_EVENTS_TAB (widget), NULL);
}

static void
edit_event_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TsSeasonEventsTab *self = TS_SEASON_EVENTS_TAB (widget);
  JsonObject *event = ts_season_selected_object (self->events);

  if (event != NULL)
    open_event (self, event);
}

static void
on_event_activated (TsSeasonEventsTab *self,
                    guint              position)
{
  gtk_single_selection_set_selected (self->events, position);
  if (ts_season_tab_is_editable (TS_SEASON_TAB (self)))
    edit_event_activated (GTK_WIDGET (self), NULL, NULL);
}

static void
performance_saved (TsPerformanceDialog *dialog,
                   JsonObject          *performance,
                   TsSeasonEventsTab   *self)
{
  ts_season_tab_say (TS_SEASON_TAB (self), NULL);
  self->want_event = ts_season_get_int (performance, "event_id", 0);
  self->want_performance = ts_season_get_int (performance, "id", 0);
  /* the list shows each event's count and first date */
  reload (TS_SEASON_TAB (self));
}

static void
open_performance (TsSeasonEventsTab *self,
                  JsonObject        *performance)
{
  TsSeasonTab *tab = TS_SEASON_TAB (self);
  TsPerformanceDialog *dialog;

  if (self->event == NULL)
    return;
  dialog = ts_performance_dialog_new (ts_season_tab_get_window (tab), ts_season_tab_get_client (tab), self->event,
                                      performance);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (performance_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_performance_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  open_performance (TS_SEASON_EVENTS_TAB (widget), NULL);
}

static void
edit_performance_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  TsSeasonEventsTab *self = TS_SEASON_EVENTS_TAB (widget);
  JsonObject *performance = ts_season_selected_object (self->performances);

  if (performance != NULL)
    open_performance (self, performance);
}

static void
on_performance_activated (TsSeasonEventsTab *self,
                          guint              position)
{
  gtk_single_selection_set_selected (self->performances, position);
  if (ts_season_tab_is_editable (TS_SEASON_TAB (self)))
    edit_performance_activated (GTK_WIDGET (self), NULL, NULL);
}

static void
performance_deleted (gpointer      owner,
                     JsonNode     *answer,
                     const GError *error)
{
  TsSeasonEventsTab *self = owner;

  /* E5: one with sales or holds is refused (409): the message says to
   * cancel it instead, and the list shows why */
  if (ts_season_tab_answered (TS_SEASON_TAB (self), error))
    ts_season_tab_say (TS_SEASON_TAB (self), NULL);
  reload (TS_SEASON_TAB (self));
}

static void
delete_confirmed (gpointer owner)
{
  TsSeasonEventsTab *self = owner;
  JsonObject *performance = ts_season_selected_object (self->performances);

  if (performance == NULL)
    return;
  ts_season_tab_request_started (TS_SEASON_TAB (self));
  ts_api_client_delete_performance_async (ts_season_tab_get_client (TS_SEASON_TAB (self)),
                                          ts_season_get_int (performance, "id", 0),
                                          ts_season_tab_get_cancellable (TS_SEASON_TAB (self)), ts_api_answered,
                                          ts_api_call (self, performance_deleted));
}

static void
delete_performance_activated (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  TsSeasonEventsTab *self = TS_SEASON_EVENTS_TAB (widget);
  JsonObject *performance = ts_season_selected_object (self->performances);
  g_autofree char *when = NULL;
  g_autofree char *question = NULL;

  if (performance == NULL)
    return;
  when = format_starts (performance);
  question = g_strdup_printf (_("Delete the performance of %s?"), when);
  ts_season_confirm (widget, question,
                     _("Its offered ticket types go with it. A performance with sales or holds cannot be "
                       "deleted: set its status to Cancelled instead."),
                     _("_Delete"), delete_confirmed);
}

static void
on_performance_chosen (TsSeasonEventsTab *self)
{
  update_actions (TS_SEASON_TAB (self));
}

static void
ts_season_events_tab_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TsSeasonEventsTab *self = TS_SEASON_EVENTS_TAB (object);

  switch (prop_id)
    {
    case PROP_EVENTS:
      g_value_set_object (value, self->events);
      break;
    case PROP_PERFORMANCES:
      g_value_set_object (value, self->performances);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_season_events_tab_dispose (GObject *object)
{
  TsSeasonEventsTab *self = TS_SEASON_EVENTS_TAB (object);

  g_cancellable_cancel (self->event_cancellable);
  g_clear_object (&self->event_cancellable);
  g_clear_pointer (&self->event, json_object_unref);
  G_OBJECT_CLASS (ts_season_events_tab_parent_class)->dispose (object);
}

static void
ts_season_events_tab_class_init (TsSeasonEventsTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  TsSeasonTabClass *tab_class = TS_SEASON_TAB_CLASS (klass);

  object_class->get_property = ts_season_events_tab_get_property;
  object_class->dispose = ts_season_events_tab_dispose;
  tab_class->reload = reload;
  tab_class->update_actions = update_actions;
  tab_class->outlet_changed = outlet_changed;

  properties[PROP_EVENTS] = g_param_spec_object ("events", NULL, NULL, GTK_TYPE_SINGLE_SELECTION,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERFORMANCES] = g_param_spec_object ("performances", NULL, NULL, GTK_TYPE_SINGLE_SELECTION,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-season-events-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, TsSeasonEventsTab, events_view);
  gtk_widget_class_bind_template_child (widget_class, TsSeasonEventsTab, events);
  gtk_widget_class_bind_template_child (widget_class, TsSeasonEventsTab, performances_title);
  gtk_widget_class_bind_template_child (widget_class, TsSeasonEventsTab, performances_view);
  gtk_widget_class_bind_template_child (widget_class, TsSeasonEventsTab, performances);
  gtk_widget_class_bind_template_callback (widget_class, on_event_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_event_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_performance_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_performance_activated);
  gtk_widget_class_install_action (widget_class, "season.new-event", NULL, new_event_activated);
  gtk_widget_class_install_action (widget_class, "season.edit-event", NULL, edit_event_activated);
  gtk_widget_class_install_action (widget_class, "season.new-performance", NULL, new_performance_activated);
  gtk_widget_class_install_action (widget_class, "season.edit-performance", NULL, edit_performance_activated);
  gtk_widget_class_install_action (widget_class, "season.delete-performance", NULL, delete_performance_activated);
}

static void
ts_season_events_tab_init (TsSeasonEventsTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ts_json_item_add_column (self->events_view, _("Event"), "name", NULL, TRUE);
  ts_json_item_add_column (self->events_view, _("Theatre map"), NULL, format_map, TRUE);
  ts_json_item_add_column (self->events_view, _("Performances"), "performance_count", NULL, FALSE);
  ts_json_item_add_column (self->events_view, _("First performance"), NULL, format_first, FALSE);
  ts_json_item_add_column (self->performances_view, _("Starts"), NULL, format_starts, TRUE);
  ts_json_item_add_column (self->performances_view, _("Status"), NULL, format_status, FALSE);
  ts_json_item_add_column (self->performances_view, _("Capacity"), "capacity", NULL, FALSE);
  ts_json_item_add_column (self->performances_view, _("Advance limit"), "advance_limit", NULL, FALSE);
  ts_json_item_add_column (self->performances_view, C_("a count", "Sold"), "sold", NULL, FALSE);
  ts_json_item_add_column (self->performances_view, _("Seats left"), "seats_left", NULL, FALSE);
  ts_json_item_add_column (self->performances_view, _("Other outlets"), NULL, format_sellers, FALSE);
  update_actions (TS_SEASON_TAB (self));
}
