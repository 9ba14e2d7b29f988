/* ts-outlet-list-window.c — the outlets, and the Master User's way into each
 * outlet's preferences and employees (C7); the licence count is shown here
 * and set in the system settings dialog */
#include <glib/gi18n.h>

#include "ts-employees-dialog.h"
#include "ts-json-item.h"
#include "ts-outlet-new-dialog.h"
#include "ts-outlet-preferences-dialog.h"
#include "ts-system-settings-dialog.h"
#include "ts-outlet-list-window-private.h"

struct _TsOutletListWindow
{
  TsDialog       parent_instance;

  GtkColumnView *view;
  GtkLabel      *count_label;

  GListStore    *store;
  GtkSingleSelection *selection;
};

G_DEFINE_FINAL_TYPE (TsOutletListWindow, ts_outlet_list_window, TS_TYPE_DIALOG)

static void
settings_loaded (TsDialog     *dialog,
                 JsonNode     *answer,
                 const GError *error)
{
  JsonObject *settings;
  g_autofree char *text = NULL;

  if (error != NULL)
    return;
  settings = json_node_get_object (answer);
  text = g_strdup_printf (_("%d of at most %d outlets in use"),
                          (int) json_object_get_int_member (settings, "outlet_count"),
                          (int) json_object_get_int_member (settings, "licence_count"));
  gtk_label_set_text (TS_OUTLET_LIST_WINDOW (dialog)->count_label, text);
}

static void
outlets_loaded (TsDialog     *dialog,
                JsonNode     *answer,
                const GError *error)
{
  if (error == NULL)
    ts_json_item_fill_store (TS_OUTLET_LIST_WINDOW (dialog)->store, answer, "outlets");
}

static void
reload (TsOutletListWindow *self)
{
  TsDialog *dialog = TS_DIALOG (self);

  ts_api_client_list_outlets_async (ts_dialog_get_client (dialog), ts_dialog_get_cancellable (dialog),
                                    ts_dialog_answered, ts_dialog_call (dialog, outlets_loaded));
  ts_api_client_get_system_async (ts_dialog_get_client (dialog), ts_dialog_get_cancellable (dialog),
                                  ts_dialog_answered, ts_dialog_call (dialog, settings_loaded));
}

static gint64
selected_id (TsOutletListWindow *self)
{
  TsJsonItem *item = gtk_single_selection_get_selected_item (self->selection);

  return item ? ts_json_item_get_id (item) : 0;
}

static void
open_preferences (TsOutletListWindow *self)
{
  gint64 id = selected_id (self);
  TsOutletPreferencesDialog *dialog;

  if (id == 0)
    {
      ts_dialog_set_message (TS_DIALOG (self), _("Choose an outlet first."));
      return;
    }
  dialog = ts_outlet_preferences_dialog_new (GTK_WINDOW (self), ts_dialog_get_client (TS_DIALOG (self)), id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_row_activated (TsOutletListWindow *self,
                  guint               position)
{
  gtk_single_selection_set_selected (self->selection, position);
  open_preferences (self);
}

static void
preferences_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  open_preferences (TS_OUTLET_LIST_WINDOW (widget));
}

static void
employees_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TsOutletListWindow *self = TS_OUTLET_LIST_WINDOW (widget);
  TsJsonItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (item == NULL)
    {
      ts_dialog_set_message (TS_DIALOG (self), _("Choose an outlet first."));
      return;
    }
  gtk_window_present (GTK_WINDOW (ts_employees_dialog_new (GTK_WINDOW (self), ts_dialog_get_client (TS_DIALOG (self)),
                                                           ts_json_item_get_id (item),
                                                           json_object_get_string_member (ts_json_item_get_object (item), "name"))));
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TsOutletListWindow *self = TS_OUTLET_LIST_WINDOW (widget);
  TsOutletNewDialog *dialog = ts_outlet_new_dialog_new (GTK_WINDOW (self), ts_dialog_get_client (TS_DIALOG (self)));

  g_signal_connect_object (dialog, "saved", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
system_settings_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  TsOutletListWindow *self = TS_OUTLET_LIST_WINDOW (widget);
  TsSystemSettingsDialog *dialog = ts_system_settings_dialog_new (GTK_WINDOW (self),
                                                                  ts_dialog_get_client (TS_DIALOG (self)));

  g_signal_connect_object (dialog, "saved", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ts_outlet_list_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_OUTLET_LIST_WINDOW);
  G_OBJECT_CLASS (ts_outlet_list_window_parent_class)->dispose (object);
}

static void
ts_outlet_list_window_class_init (TsOutletListWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ts_outlet_list_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-outlet-list-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TsOutletListWindow, view);
  gtk_widget_class_bind_template_child (widget_class, TsOutletListWindow, count_label);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_install_action (widget_class, "outlets.add", NULL, add_activated);
  gtk_widget_class_install_action (widget_class, "outlets.preferences", NULL, preferences_activated);
  gtk_widget_class_install_action (widget_class, "outlets.employees", NULL, employees_activated);
  gtk_widget_class_install_action (widget_class, "outlets.system-settings", NULL, system_settings_activated);
}

static void
ts_outlet_list_window_init (TsOutletListWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->store = g_list_store_new (TS_TYPE_JSON_ITEM);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->store));   /* takes the store */
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
  g_object_unref (self->selection);
  ts_json_item_add_column (self->view, _("Code"), "code", NULL, FALSE);
  ts_json_item_add_column (self->view, _("Name"), "name", NULL, TRUE);
  ts_json_item_add_column (self->view, _("Phone"), "phone", NULL, FALSE);
  ts_json_item_add_column (self->view, _("Time zone"), "time_zone", NULL, FALSE);
  ts_json_item_add_column (self->view, _("Currency"), "currency", NULL, FALSE);
}

TsOutletListWindow *
ts_outlet_list_window_new (GtkWindow   *parent,
                           TsApiClient *client)
{
  TsOutletListWindow *self = g_object_new (TS_TYPE_OUTLET_LIST_WINDOW, "transient-for", parent, "client", client, NULL);

  reload (self);
  return self;
}

GListModel *
_ts_outlet_list_window_get_model (TsOutletListWindow *self)
{
  return G_LIST_MODEL (self->store);
}
