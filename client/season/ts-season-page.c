/* ts-season-page.c — season setup in four tabs: events (and the chosen
 * event's performances), ticket types, commission tables and theatre maps
 *
 * Everything here is the owning outlet's own (E1): the lists ask for one
 * outlet's rows, the signed-in one's, or for the Master User the outlet
 * chosen at the top.  Writing is for the Box Office Manager level and up
 * (C4); below it the lists are shown read-only.  Each list is a GtkColumnView
 * of TsJsonItem rows; Enter on a row edits it.  Built in code: four lists
 * and their buttons. */
#include <glib/gi18n.h>

#include "ts-commission-table-dialog.h"
#include "ts-error.h"
#include "ts-event-dialog.h"
#include "ts-json-item.h"
#include "ts-maps-page.h"
#include "ts-money.h"
#include "ts-performance-dialog.h"
#include "ts-season-common.h"
#include "ts-ticket-type-dialog.h"
#include "ts-season-page.h"

struct _TsSeasonPage
{
  GtkBox          parent_instance;

  GtkBox         *header;              /* the title, and the Master User's outlet */
  GtkStack       *stack;
  GtkDropDown    *outlet_dropdown;     /* the Master User's choice of outlet */
  GtkLabel       *performances_title;
  GtkLabel       *message_label;
  TsMapsPage     *maps_page;

  TsApiClient    *client;
  GCancellable   *cancellable;
  GCancellable   *event_cancellable;   /* the chosen event's load */
  gint64          outlet_id;
  gboolean        editable;
  guint           pending;             /* requests under way */

  GListStore     *events;
  GtkSingleSelection *event_selection;
  JsonObject     *event;               /* the chosen one, with its performances */
  GListStore     *performances;
  GtkSingleSelection *performance_selection;
  GListStore     *ticket_types;
  GtkSingleSelection *ticket_type_selection;
  GListStore     *commission_tables;
  GtkSingleSelection *commission_selection;
  gint64          want_event;          /* to choose once a reload arrives */
  gint64          want_performance;
};

G_DEFINE_FINAL_TYPE (TsSeasonPage, ts_season_page, GTK_TYPE_BOX)

static void load_event (TsSeasonPage *self, gint64 id);

static void
set_message (TsSeasonPage *self,
             const char   *text)
{
  gtk_label_set_text (self->message_label, text ? text : "");
}

/* Each answer: the request is over; FALSE (and the message shown) unless
 * it brought an answer. */
static gboolean
answered (TsSeasonPage *self,
          JsonNode     *answer,
          GError       *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  self->pending--;
  if (error != NULL)
    set_message (self, error->message);
  return error == NULL;
}

static void
request (TsSeasonPage        *self,
         const char          *method,
         const char          *path,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback)
{
  self->pending++;
  ts_api_client_request_async (self->client, method, path, NULL, cancellable ? cancellable : self->cancellable,
                               callback, self);
}

static JsonObject *
selected_object (GtkSingleSelection *selection)
{
  gpointer item = gtk_single_selection_get_selected_item (selection);

  return item ? ts_json_item_get_object (TS_JSON_ITEM (item)) : NULL;
}

static guint
position_of (GListModel *list,
             gint64      id)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(TsJsonItem) item = g_list_model_get_item (list, i);

      if (ts_json_item_get_id (item) == id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static gint64
id_at (GListModel *list,
       guint       position)
{
  g_autoptr(TsJsonItem) item = g_list_model_get_item (list, position);

  return item ? ts_json_item_get_id (item) : 0;
}

static void
update_actions (TsSeasonPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean can = self->editable && self->outlet_id != 0;

  gtk_widget_action_set_enabled (widget, "season.new-event", can);
  gtk_widget_action_set_enabled (widget, "season.edit-event",
                                 can && gtk_single_selection_get_selected_item (self->event_selection) != NULL);
  gtk_widget_action_set_enabled (widget, "season.new-performance", can && self->event != NULL);
  gtk_widget_action_set_enabled (widget, "season.edit-performance",
                                 can && gtk_single_selection_get_selected_item (self->performance_selection) != NULL);
  gtk_widget_action_set_enabled (widget, "season.delete-performance",
                                 can && gtk_single_selection_get_selected_item (self->performance_selection) != NULL);
  gtk_widget_action_set_enabled (widget, "season.new-ticket-type", can);
  gtk_widget_action_set_enabled (widget, "season.edit-ticket-type",
                                 can && gtk_single_selection_get_selected_item (self->ticket_type_selection) != NULL);
  gtk_widget_action_set_enabled (widget, "season.new-commission-table", can);
  gtk_widget_action_set_enabled (widget, "season.edit-commission-table",
                                 can && gtk_single_selection_get_selected_item (self->commission_selection) != NULL);
}

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
  return ts_season_format_time_long (ts_season_get_string (event, "first_starts_at"));
}

static char *
format_starts (JsonObject *performance)
{
  return ts_season_format_time_long (ts_season_get_string (performance, "starts_at"));
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

static char *
format_category (JsonObject *type)
{
  return g_strdup (ts_ticket_type_category_name (ts_season_get_string (type, "category")));
}

static char *
format_price (JsonObject *type)
{
  return ts_money_format_local (ts_season_get_int (type, "price_cents", 0));
}

static char *
format_other_outlets (JsonObject *type)
{
  return g_strdup (json_object_get_boolean_member_with_default (type, "other_outlets", FALSE) ? _("Yes") : _("No"));
}

static char *
format_active (JsonObject *type)
{
  return g_strdup (json_object_get_boolean_member_with_default (type, "active", TRUE) ? _("Yes") : _("No"));
}

static char *
format_amount (JsonObject *table)
{
  return ts_money_format_local (ts_season_get_int (table, "amount_cents", 0));
}

static char *
format_percent (JsonObject *table)
{
  return ts_season_format_percent (ts_season_get_int (table, "percent_bp", 0));
}

/* Events and performances ----------------------------------------------------------- */

static void
show_event (TsSeasonPage *self,
            JsonObject   *event)
{
  g_autofree char *title = NULL;
  JsonObject *chosen = selected_object (self->performance_selection);
  gint64 keep = self->want_performance ? self->want_performance : ts_season_get_int (chosen, "id", 0);
  guint position;

  g_clear_pointer (&self->event, json_object_unref);
  if (event == NULL)
    {
      g_list_store_remove_all (self->performances);
      gtk_label_set_text (self->performances_title, _("Performances"));
      update_actions (self);
      return;
    }
  self->event = json_object_ref (event);
  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), event);

    ts_json_item_fill_store (self->performances, node, "performances");
  }
  title = g_strdup_printf (_("Performances of “%s”"), ts_season_get_string (event, "name"));
  gtk_label_set_text (self->performances_title, title);
  position = position_of (G_LIST_MODEL (self->performances), keep);
  gtk_single_selection_set_selected (self->performance_selection, position);
  self->want_performance = 0;
  update_actions (self);
}

static void
event_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsSeasonPage *self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->event_cancellable);
  if (!answered (self, answer, error))
    return;
  show_event (self, json_node_get_object (answer));
}

static void
load_event (TsSeasonPage *self,
            gint64        id)
{
  g_autofree char *path = NULL;

  if (self->event_cancellable != NULL)
    {
      /* its answer will not count: it comes back cancelled */
      g_cancellable_cancel (self->event_cancellable);
      g_clear_object (&self->event_cancellable);
      self->pending--;
    }
  if (id == 0)
    {
      show_event (self, NULL);
      return;
    }
  self->event_cancellable = g_cancellable_new ();
  path = g_strdup_printf ("/events/%" G_GINT64_FORMAT, id);
  request (self, "GET", path, self->event_cancellable, event_loaded);
}

static void
on_event_chosen (TsSeasonPage *self)
{
  TsJsonItem *item = gtk_single_selection_get_selected_item (self->event_selection);
  gint64 id = item ? ts_json_item_get_id (item) : 0;

  if (self->event != NULL && id == ts_season_get_int (self->event, "id", 0) && self->want_performance == 0)
    return;
  load_event (self, id);
  update_actions (self);
}

static void
events_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsSeasonPage *self = user_data;
  gint64 keep;

  if (!answered (self, answer, error))
    return;
  keep = self->want_event ? self->want_event : (self->event ? ts_season_get_int (self->event, "id", 0) : 0);
  self->want_event = 0;
  g_signal_handlers_block_by_func (self->event_selection, on_event_chosen, self);
  ts_json_item_fill_store (self->events, answer, "events");
  /* the soonest event's performances show at once */
  if (position_of (G_LIST_MODEL (self->events), keep) == GTK_INVALID_LIST_POSITION
      && g_list_model_get_n_items (G_LIST_MODEL (self->events)) > 0)
    keep = id_at (G_LIST_MODEL (self->events), 0);
  gtk_single_selection_set_selected (self->event_selection, position_of (G_LIST_MODEL (self->events), keep));
  g_signal_handlers_unblock_by_func (self->event_selection, on_event_chosen, self);
  /* the chosen event's performances may have changed too */
  load_event (self, gtk_single_selection_get_selected_item (self->event_selection)
                    ? keep : 0);
  update_actions (self);
}

static void
reload_events (TsSeasonPage *self)
{
  g_autofree char *path = g_strdup_printf ("/events?outlet_id=%" G_GINT64_FORMAT, self->outlet_id);

  request (self, "GET", path, NULL, events_loaded);
}

static GtkWindow *
parent_window (TsSeasonPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
event_saved (TsEventDialog *dialog,
             JsonObject    *event,
             TsSeasonPage  *self)
{
  set_message (self, NULL);
  self->want_event = ts_season_get_int (event, "id", 0);
  reload_events (self);
}

static void
open_event (TsSeasonPage *self,
            JsonObject   *event)
{
  TsEventDialog *dialog = ts_event_dialog_new (parent_window (self), self->client, self->outlet_id, event);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (event_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_event_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  open_event (TS_SEASON_PAGE (widget), NULL);
}

static void
edit_event_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TsSeasonPage *self = TS_SEASON_PAGE (widget);
  JsonObject *event = selected_object (self->event_selection);

  if (event != NULL)
    open_event (self, event);
}

static void
on_event_activated (TsSeasonPage *self,
                    guint         position)
{
  gtk_single_selection_set_selected (self->event_selection, position);
  if (self->editable)
    edit_event_activated (GTK_WIDGET (self), NULL, NULL);
}

static void
performance_saved (TsPerformanceDialog *dialog,
                   JsonObject          *performance,
                   TsSeasonPage        *self)
{
  set_message (self, NULL);
  self->want_event = ts_season_get_int (performance, "event_id", 0);
  self->want_performance = ts_season_get_int (performance, "id", 0);
  /* the list shows each event's count and first date */
  reload_events (self);
}

static void
open_performance (TsSeasonPage *self,
                  JsonObject   *performance)
{
  TsPerformanceDialog *dialog;

  if (self->event == NULL)
    return;
  dialog = ts_performance_dialog_new (parent_window (self), self->client, self->event, performance);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (performance_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_performance_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  open_performance (TS_SEASON_PAGE (widget), NULL);
}

static void
edit_performance_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  TsSeasonPage *self = TS_SEASON_PAGE (widget);
  JsonObject *performance = selected_object (self->performance_selection);

  if (performance != NULL)
    open_performance (self, performance);
}

static void
on_performance_activated (TsSeasonPage *self,
                          guint         position)
{
  gtk_single_selection_set_selected (self->performance_selection, position);
  if (self->editable)
    edit_performance_activated (GTK_WIDGET (self), NULL, NULL);
}

static void
performance_deleted (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsSeasonPage *self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* E5: one with sales or holds is refused (409): the message says to
   * cancel it instead, and the list shows why */
  if (answered (self, answer, error))
    set_message (self, NULL);
  reload_events (self);
}

static void
delete_confirmed (gpointer owner)
{
  TsSeasonPage *self = owner;
  JsonObject *performance = selected_object (self->performance_selection);
  g_autofree char *path = NULL;

  if (performance == NULL)
    return;
  path = g_strdup_printf ("/performances/%" G_GINT64_FORMAT, ts_season_get_int (performance, "id", 0));
  request (self, "DELETE", path, NULL, performance_deleted);
}

static void
delete_performance_activated (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  TsSeasonPage *self = TS_SEASON_PAGE (widget);
  JsonObject *performance = selected_object (self->performance_selection);
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

/* Ticket types and commission tables ------------------------------------------------- */

static void
types_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsSeasonPage *self = user_data;
  JsonObject *chosen;
  gint64 keep;
  JsonArray *types;

  if (!answered (self, answer, error))
    return;
  /* the commission table's name, for the list */
  types = json_object_get_array_member (json_node_get_object (answer), "ticket_types");
  for (guint i = 0; types != NULL && i < json_array_get_length (types); i++)
    {
      JsonObject *type = json_array_get_object_element (types, i);
      guint table = position_of (G_LIST_MODEL (self->commission_tables),
                                 ts_season_get_int (type, "commission_table_id", 0));
      g_autoptr(TsJsonItem) item = table != GTK_INVALID_LIST_POSITION
                                   ? g_list_model_get_item (G_LIST_MODEL (self->commission_tables), table) : NULL;

      json_object_set_string_member (type, "commission_table_name",
                                     item ? ts_season_get_string (ts_json_item_get_object (item), "name") : "");
    }
  chosen = selected_object (self->ticket_type_selection);
  keep = chosen ? ts_season_get_int (chosen, "id", 0) : 0;
  ts_json_item_fill_store (self->ticket_types, answer, "ticket_types");
  gtk_single_selection_set_selected (self->ticket_type_selection, position_of (G_LIST_MODEL (self->ticket_types), keep));
  update_actions (self);
}

static void
tables_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsSeasonPage *self = user_data;
  g_autofree char *path = NULL;
  JsonObject *chosen;
  gint64 keep;

  if (!answered (self, answer, error))
    return;
  chosen = selected_object (self->commission_selection);
  keep = chosen ? ts_season_get_int (chosen, "id", 0) : 0;
  ts_json_item_fill_store (self->commission_tables, answer, "commission_tables");
  gtk_single_selection_set_selected (self->commission_selection,
                                     position_of (G_LIST_MODEL (self->commission_tables), keep));
  update_actions (self);
  /* the types, after the tables their list names */
  path = g_strdup_printf ("/ticket-types?outlet_id=%" G_GINT64_FORMAT, self->outlet_id);
  request (self, "GET", path, NULL, types_loaded);
}

static void
reload_pricing (TsSeasonPage *self)
{
  g_autofree char *path = g_strdup_printf ("/commission-tables?outlet_id=%" G_GINT64_FORMAT, self->outlet_id);

  request (self, "GET", path, NULL, tables_loaded);
}

static void
pricing_saved (GtkWindow    *dialog,
               JsonObject   *object,
               TsSeasonPage *self)
{
  set_message (self, NULL);
  reload_pricing (self);
}

static void
open_ticket_type (TsSeasonPage *self,
                  JsonObject   *type)
{
  TsTicketTypeDialog *dialog = ts_ticket_type_dialog_new (parent_window (self), self->client, self->outlet_id, type);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (pricing_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_ticket_type_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  open_ticket_type (TS_SEASON_PAGE (widget), NULL);
}

static void
edit_ticket_type_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  TsSeasonPage *self = TS_SEASON_PAGE (widget);
  JsonObject *type = selected_object (self->ticket_type_selection);

  if (type != NULL)
    open_ticket_type (self, type);
}

static void
on_ticket_type_activated (TsSeasonPage *self,
                          guint         position)
{
  gtk_single_selection_set_selected (self->ticket_type_selection, position);
  if (self->editable)
    edit_ticket_type_activated (GTK_WIDGET (self), NULL, NULL);
}

static void
open_commission_table (TsSeasonPage *self,
                       JsonObject   *table)
{
  TsCommissionTableDialog *dialog = ts_commission_table_dialog_new (parent_window (self), self->client,
                                                                    self->outlet_id, table);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (pricing_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_commission_table_activated (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  open_commission_table (TS_SEASON_PAGE (widget), NULL);
}

static void
edit_commission_table_activated (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  TsSeasonPage *self = TS_SEASON_PAGE (widget);
  JsonObject *table = selected_object (self->commission_selection);

  if (table != NULL)
    open_commission_table (self, table);
}

static void
on_commission_table_activated (TsSeasonPage *self,
                               guint         position)
{
  gtk_single_selection_set_selected (self->commission_selection, position);
  if (self->editable)
    edit_commission_table_activated (GTK_WIDGET (self), NULL, NULL);
}

/* The whole page ------------------------------------------------------------------ */

void
ts_season_page_reload (TsSeasonPage *self)
{
  g_return_if_fail (TS_IS_SEASON_PAGE (self));
  if (self->outlet_id == 0)
    return;
  reload_events (self);
  reload_pricing (self);
  ts_maps_page_reload (self->maps_page);
}

static void
reload_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ts_season_page_reload (TS_SEASON_PAGE (widget));
}

/* The Master User sets up any outlet's season, one at a time. */
static void
on_outlet_chosen (TsSeasonPage *self)
{
  gint64 id = ts_season_drop_down_get_id (self->outlet_dropdown);

  if (id == 0 || id == self->outlet_id)
    return;
  self->outlet_id = id;
  show_event (self, NULL);
  set_message (self, NULL);
  ts_season_page_reload (self);
}

static void
outlets_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsSeasonPage *self = user_data;

  if (!answered (self, answer, error))
    return;
  ts_season_drop_down_fill (self->outlet_dropdown,
                            json_object_get_array_member (json_node_get_object (answer), "outlets"), NULL, 0);
  on_outlet_chosen (self);
}

static void
ts_season_page_dispose (GObject *object)
{
  TsSeasonPage *self = TS_SEASON_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->event_cancellable);
  g_clear_object (&self->event_cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->event, json_object_unref);
  G_OBJECT_CLASS (ts_season_page_parent_class)->dispose (object);
}

static void
ts_season_page_finalize (GObject *object)
{
  TsSeasonPage *self = TS_SEASON_PAGE (object);

  g_clear_object (&self->event_selection);
  g_clear_object (&self->performance_selection);
  g_clear_object (&self->ticket_type_selection);
  g_clear_object (&self->commission_selection);
  g_clear_object (&self->events);
  g_clear_object (&self->performances);
  g_clear_object (&self->ticket_types);
  g_clear_object (&self->commission_tables);
  G_OBJECT_CLASS (ts_season_page_parent_class)->finalize (object);
}

static void
ts_season_page_class_init (TsSeasonPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_season_page_dispose;
  object_class->finalize = ts_season_page_finalize;
  gtk_widget_class_install_action (widget_class, "season.new-event", NULL, new_event_activated);
  gtk_widget_class_install_action (widget_class, "season.edit-event", NULL, edit_event_activated);
  gtk_widget_class_install_action (widget_class, "season.new-performance", NULL, new_performance_activated);
  gtk_widget_class_install_action (widget_class, "season.edit-performance", NULL, edit_performance_activated);
  gtk_widget_class_install_action (widget_class, "season.delete-performance", NULL, delete_performance_activated);
  gtk_widget_class_install_action (widget_class, "season.new-ticket-type", NULL, new_ticket_type_activated);
  gtk_widget_class_install_action (widget_class, "season.edit-ticket-type", NULL, edit_ticket_type_activated);
  gtk_widget_class_install_action (widget_class, "season.new-commission-table", NULL, new_commission_table_activated);
  gtk_widget_class_install_action (widget_class, "season.edit-commission-table", NULL, edit_commission_table_activated);
  gtk_widget_class_install_action (widget_class, "season.reload", NULL, reload_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "season.reload", NULL);
}

/* A list in a frame, with a selection model; Enter on a row calls activated. */
static GtkColumnView *
add_list (GtkWidget           *box,
          GListStore         **out_store,
          GtkSingleSelection **out_selection,
          GCallback            activated,
          gpointer             self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkColumnView *view;

  *out_store = g_list_store_new (TS_TYPE_JSON_ITEM);
  *out_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (*out_store)));
  gtk_single_selection_set_autoselect (*out_selection, FALSE);
  gtk_single_selection_set_can_unselect (*out_selection, TRUE);
  view = GTK_COLUMN_VIEW (gtk_column_view_new (g_object_ref (GTK_SELECTION_MODEL (*out_selection))));
  gtk_column_view_set_show_row_separators (view, TRUE);
  g_signal_connect_swapped (view, "activate", activated, self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (view));
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);
  return view;
}

static GtkWidget *
add_buttons (GtkWidget *box,
             ...)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  const char *label;
  va_list args;

  va_start (args, box);
  while ((label = va_arg (args, const char *)) != NULL)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (label);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), va_arg (args, const char *));
      gtk_box_append (GTK_BOX (row), button);
    }
  va_end (args);
  gtk_box_append (GTK_BOX (box), row);
  return row;
}

static GtkWidget *
tab_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);

  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  return box;
}

static void
add_tab (TsSeasonPage *self,
         GtkWidget    *child,
         const char   *name,
         const char   *title)
{
  GtkStackPage *page = gtk_stack_add_titled (self->stack, child, name, title);

  gtk_stack_page_set_use_underline (page, TRUE);
}

static GtkWidget *
events_tab (TsSeasonPage *self)
{
  GtkWidget *box = tab_box ();
  GtkColumnView *view;

  view = add_list (box, &self->events, &self->event_selection, G_CALLBACK (on_event_activated), self);
  g_signal_connect_swapped (self->event_selection, "notify::selected", G_CALLBACK (on_event_chosen), self);
  ts_json_item_add_column (view, _("Event"), "name", NULL, TRUE);
  ts_json_item_add_column (view, _("Theatre map"), NULL, format_map, TRUE);
  ts_json_item_add_column (view, _("Performances"), "performance_count", NULL, FALSE);
  ts_json_item_add_column (view, _("First performance"), NULL, format_first, FALSE);
  add_buttons (box, _("_New Event…"), "season.new-event", _("Ed_it Event…"), "season.edit-event", NULL);

  self->performances_title = GTK_LABEL (gtk_label_new (_("Performances")));
  gtk_label_set_xalign (self->performances_title, 0);
  gtk_label_set_ellipsize (self->performances_title, PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_top (GTK_WIDGET (self->performances_title), 8);
  gtk_widget_add_css_class (GTK_WIDGET (self->performances_title), "heading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->performances_title));

  view = add_list (box, &self->performances, &self->performance_selection,
                   G_CALLBACK (on_performance_activated), self);
  g_signal_connect_swapped (self->performance_selection, "notify::selected", G_CALLBACK (update_actions), self);
  ts_json_item_add_column (view, _("Starts"), NULL, format_starts, TRUE);
  ts_json_item_add_column (view, _("Status"), NULL, format_status, FALSE);
  ts_json_item_add_column (view, _("Capacity"), "capacity", NULL, FALSE);
  ts_json_item_add_column (view, _("Advance limit"), "advance_limit", NULL, FALSE);
  ts_json_item_add_column (view, C_("a count", "Sold"), "sold", NULL, FALSE);
  ts_json_item_add_column (view, _("Seats left"), "seats_left", NULL, FALSE);
  ts_json_item_add_column (view, _("Other outlets"), NULL, format_sellers, FALSE);
  add_buttons (box, _("New _Performance…"), "season.new-performance",
               _("Edit Pe_rformance…"), "season.edit-performance",
               _("_Delete Performance…"), "season.delete-performance", NULL);
  return box;
}

static GtkWidget *
ticket_types_tab (TsSeasonPage *self)
{
  GtkWidget *box = tab_box ();
  GtkColumnView *view;

  view = add_list (box, &self->ticket_types, &self->ticket_type_selection,
                   G_CALLBACK (on_ticket_type_activated), self);
  g_signal_connect_swapped (self->ticket_type_selection, "notify::selected", G_CALLBACK (update_actions), self);
  ts_json_item_add_column (view, _("Ticket type"), "name", NULL, TRUE);
  ts_json_item_add_column (view, _("Category"), NULL, format_category, FALSE);
  ts_json_item_add_column (view, _("Price"), NULL, format_price, FALSE);
  ts_json_item_add_column (view, _("Letter"), "display_letter", NULL, FALSE);
  ts_json_item_add_column (view, _("Other outlets"), NULL, format_other_outlets, FALSE);
  ts_json_item_add_column (view, _("Commission table"), "commission_table_name", NULL, TRUE);
  ts_json_item_add_column (view, _("Active"), NULL, format_active, FALSE);
  add_buttons (box, _("_New Ticket Type…"), "season.new-ticket-type",
               _("Ed_it Ticket Type…"), "season.edit-ticket-type", NULL);
  return box;
}

static GtkWidget *
commission_tab (TsSeasonPage *self)
{
  GtkWidget *box = tab_box ();
  GtkColumnView *view;
  GtkWidget *hint;

  view = add_list (box, &self->commission_tables, &self->commission_selection,
                   G_CALLBACK (on_commission_table_activated), self);
  g_signal_connect_swapped (self->commission_selection, "notify::selected", G_CALLBACK (update_actions), self);
  ts_json_item_add_column (view, _("Commission table"), "name", NULL, TRUE);
  ts_json_item_add_column (view, _("Amount per ticket"), NULL, format_amount, FALSE);
  ts_json_item_add_column (view, _("Percentage"), NULL, format_percent, FALSE);
  add_buttons (box, _("_New Commission Table…"), "season.new-commission-table",
               _("Ed_it Commission Table…"), "season.edit-commission-table", NULL);
  hint = gtk_label_new (_("A ticket type sold at other outlets needs a commission table, which may be $0.00: "
                          "the selling outlet earns it, and your outlet owes it."));
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (GTK_BOX (box), hint);
  return box;
}

static void
ts_season_page_init (TsSeasonPage *self)
{
  GtkWidget *title = gtk_label_new (_("Season Setup"));
  GtkWidget *switcher = gtk_stack_switcher_new ();

  self->cancellable = g_cancellable_new ();
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 12);

  gtk_widget_add_css_class (title, "section-title");
  self->header = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8));
  gtk_widget_set_margin_start (GTK_WIDGET (self->header), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (self->header), 18);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_box_append (self->header, title);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->header));
  /* the tabs on a line of their own, so long titles never crowd them */
  gtk_widget_set_halign (switcher, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (switcher, 8);
  gtk_box_append (GTK_BOX (self), switcher);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_switcher_set_stack (GTK_STACK_SWITCHER (switcher), self->stack);
  add_tab (self, events_tab (self), "events", _("_Events"));
  add_tab (self, ticket_types_tab (self), "ticket-types", _("_Ticket Types"));
  add_tab (self, commission_tab (self), "commission-tables", _("_Commission Tables"));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->stack));

  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_label_set_xalign (self->message_label, 0);
  gtk_label_set_selectable (self->message_label, TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->message_label), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (self->message_label), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->message_label), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error-text");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->message_label));
}

TsSeasonPage *
ts_season_page_new (TsApiClient *client)
{
  TsSeasonPage *self = g_object_new (TS_TYPE_SEASON_PAGE, NULL);
  TsLevel level = ts_api_client_get_level (client);

  self->client = g_object_ref (client);
  self->editable = level >= TS_LEVEL_MANAGER;
  self->maps_page = ts_maps_page_new (client);
  add_tab (self, GTK_WIDGET (self->maps_page), "maps", _("Theatre _Maps"));

  if (level == TS_LEVEL_MASTER)
    {
      GtkWidget *chooser = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *label = gtk_label_new_with_mnemonic (_("Se_ason of"));

      self->outlet_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
      ts_season_drop_down_init (self->outlet_dropdown, NULL);
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->outlet_dropdown));
      g_signal_connect_swapped (self->outlet_dropdown, "notify::selected", G_CALLBACK (on_outlet_chosen), self);
      gtk_box_append (GTK_BOX (chooser), label);
      gtk_box_append (GTK_BOX (chooser), GTK_WIDGET (self->outlet_dropdown));
      gtk_box_append (self->header, chooser);
      request (self, "GET", "/outlets/directory", NULL, outlets_loaded);
    }
  else
    {
      self->outlet_id = ts_api_client_get_outlet_id (client);
      ts_season_page_reload (self);
    }
  if (!self->editable)
    {
      GtkWidget *notice = gtk_label_new (_("Read only: season setup needs the Box Office Manager level."));

      gtk_widget_add_css_class (notice, "dim-label");
      gtk_box_append (self->header, notice);
    }
  update_actions (self);
  return self;
}

void
ts_season_page_show_tab (TsSeasonPage *self,
                         const char   *name)
{
  if (gtk_stack_get_child_by_name (self->stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->stack, name);
}

GListModel *
ts_season_page_get_events (TsSeasonPage *self)
{
  return G_LIST_MODEL (self->events);
}

GListModel *
ts_season_page_get_performances (TsSeasonPage *self)
{
  return G_LIST_MODEL (self->performances);
}

GListModel *
ts_season_page_get_ticket_types (TsSeasonPage *self)
{
  return G_LIST_MODEL (self->ticket_types);
}

GListModel *
ts_season_page_get_commission_tables (TsSeasonPage *self)
{
  return G_LIST_MODEL (self->commission_tables);
}

gboolean
ts_season_page_select (TsSeasonPage *self,
                       GListModel   *list,
                       gint64        id)
{
  GtkSingleSelection *selections[] = { self->event_selection, self->performance_selection,
                                       self->ticket_type_selection, self->commission_selection };
  guint position = position_of (list, id);

  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (selections); i++)
    if (gtk_single_selection_get_model (selections[i]) == list)
      {
        gtk_single_selection_set_selected (selections[i], position);
        return TRUE;
      }
  return FALSE;
}

gboolean
ts_season_page_is_idle (TsSeasonPage *self)
{
  return self->pending == 0;
}

const char *
ts_season_page_get_message (TsSeasonPage *self)
{
  return gtk_label_get_text (self->message_label);
}
