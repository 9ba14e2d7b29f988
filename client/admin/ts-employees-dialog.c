/* ts-employees-dialog.c — list, add, edit, lock and unlock employees */
#include <glib/gi18n.h>

#include "ts-employee-editor-dialog.h"
#include "ts-format.h"
#include "ts-json-item.h"
#include "ts-level.h"
#include "ts-employees-dialog-private.h"

struct _TsEmployeesDialog
{
  TsDialog       parent_instance;

  GtkColumnView *view;

  GListStore    *store;
  GtkSingleSelection *selection;
  gint64         outlet_id;
};

G_DEFINE_FINAL_TYPE (TsEmployeesDialog, ts_employees_dialog, TS_TYPE_DIALOG)

static char *
format_name (JsonObject *employee)
{
  JsonObject *person = json_object_get_object_member (employee, "person");
  const char *first = json_object_get_string_member_with_default (person, "first_name", NULL);
  const char *last = json_object_get_string_member_with_default (person, "last_name", "");

  return first ? g_strdup_printf ("%s %s", first, last) : g_strdup (last);
}

static char *
format_level (JsonObject *employee)
{
  TsLevel level;

  if (!ts_level_from_string (json_object_get_string_member_with_default (employee, "level", ""), &level))
    return g_strdup ("?");
  return g_strdup (ts_level_display_name (level));
}

static char *
format_status (JsonObject *employee)
{
  const char *until = json_object_get_string_member_with_default (employee, "locked_until", NULL);
  const char *resigned = json_object_get_string_member_with_default (employee, "resigned_on", NULL);

  if (json_object_get_boolean_member_with_default (employee, "locked", FALSE))
    return g_strdup (_("Locked"));
  if (until != NULL)
    {
      g_autofree char *time = ts_format_time (until, TS_TIME_CLOCK);

      return g_strdup_printf (_("Locked until %s"), time);
    }
  if (resigned != NULL)
    {
      g_autofree char *today = ts_format_today ();

      if (g_strcmp0 (resigned, today) <= 0)
        return g_strdup (_("Resigned"));
    }
  return g_strdup (_("Active"));
}

static void
loaded (TsDialog     *dialog,
        JsonNode     *answer,
        const GError *error)
{
  if (error == NULL)
    ts_json_item_fill_store (TS_EMPLOYEES_DIALOG (dialog)->store, answer, "employees");
}

static void
reload (TsEmployeesDialog *self)
{
  TsDialog *dialog = TS_DIALOG (self);

  ts_api_client_list_employees_async (ts_dialog_get_client (dialog), self->outlet_id,
                                      ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                      ts_dialog_call (dialog, loaded));
}

static TsJsonItem *
selected (TsEmployeesDialog *self)
{
  TsJsonItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (item == NULL)
    ts_dialog_set_message (TS_DIALOG (self), _("Choose an employee first."));
  return item;
}

static void
open_editor (TsEmployeesDialog *self,
             JsonObject        *employee)
{
  TsEmployeeEditorDialog *editor = ts_employee_editor_dialog_new (GTK_WINDOW (self),
                                                                  ts_dialog_get_client (TS_DIALOG (self)),
                                                                  self->outlet_id, employee);

  g_signal_connect_object (editor, "saved", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_editor (TS_EMPLOYEES_DIALOG (widget), NULL);
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TsEmployeesDialog *self = TS_EMPLOYEES_DIALOG (widget);
  TsJsonItem *item = selected (self);

  if (item != NULL)
    open_editor (self, ts_json_item_get_object (item));
}

static void
on_row_activated (TsEmployeesDialog *self,
                  guint              position)
{
  gtk_single_selection_set_selected (self->selection, position);
  edit_activated (GTK_WIDGET (self), NULL, NULL);
}

static void
lock_done (TsDialog     *dialog,
           JsonNode     *answer,
           const GError *error)
{
  if (error == NULL)
    ts_dialog_set_message (dialog, NULL);
  reload (TS_EMPLOYEES_DIALOG (dialog));
}

static void
set_lock (TsEmployeesDialog *self,
          gboolean           locked)
{
  TsDialog *dialog = TS_DIALOG (self);
  TsJsonItem *item = selected (self);

  if (item == NULL)
    return;
  ts_api_client_set_employee_locked_async (ts_dialog_get_client (dialog), ts_json_item_get_id (item), locked,
                                           ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                           ts_dialog_call (dialog, lock_done));
}

static void
lock_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  set_lock (TS_EMPLOYEES_DIALOG (widget), TRUE);
}

static void
unlock_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  set_lock (TS_EMPLOYEES_DIALOG (widget), FALSE);
}

static void
ts_employees_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_EMPLOYEES_DIALOG);
  G_OBJECT_CLASS (ts_employees_dialog_parent_class)->dispose (object);
}

static void
ts_employees_dialog_class_init (TsEmployeesDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ts_employees_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-employees-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsEmployeesDialog, view);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_install_action (widget_class, "employees.add", NULL, add_activated);
  gtk_widget_class_install_action (widget_class, "employees.edit", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "employees.lock", NULL, lock_activated);
  gtk_widget_class_install_action (widget_class, "employees.unlock", NULL, unlock_activated);
}

static void
ts_employees_dialog_init (TsEmployeesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->store = g_list_store_new (TS_TYPE_JSON_ITEM);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->store));
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
  g_object_unref (self->selection);
  ts_json_item_add_column (self->view, _("Name"), NULL, format_name, TRUE);
  ts_json_item_add_column (self->view, _("Login"), "login", NULL, FALSE);
  ts_json_item_add_column (self->view, _("Level"), NULL, format_level, FALSE);
  ts_json_item_add_column (self->view, _("Hired"), "hired_on", NULL, FALSE);
  ts_json_item_add_column (self->view, _("Resigned"), "resigned_on", NULL, FALSE);
  ts_json_item_add_column (self->view, _("Status"), NULL, format_status, FALSE);
}

TsEmployeesDialog *
ts_employees_dialog_new (GtkWindow   *parent,
                         TsApiClient *client,
                         gint64       outlet_id,
                         const char  *outlet_name)
{
  TsEmployeesDialog *self = g_object_new (TS_TYPE_EMPLOYEES_DIALOG, "transient-for", parent, "client", client, NULL);
  g_autofree char *title = g_strdup_printf (_("Employees of %s"), outlet_name ? outlet_name : "");

  gtk_window_set_title (GTK_WINDOW (self), title);
  self->outlet_id = outlet_id;
  reload (self);
  return self;
}

GListModel *
_ts_employees_dialog_get_model (TsEmployeesDialog *self)
{
  return G_LIST_MODEL (self->store);
}
