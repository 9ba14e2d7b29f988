/* ts-commission-table-dialog.c — a commission table: a dollar amount and/or a
 * percentage per ticket sold by another outlet (T6)
 *
 * Money is typed in dollars and cents and sent in cents; the percentage is
 * typed with two decimals and sent in hundredths of a percent (percent_bp).
 * Neither goes through a double. */
#include <glib/gi18n.h>

#include "ts-error.h"
#include "ts-season-common.h"
#include "ts-commission-table-dialog.h"

struct _TsCommissionTableDialog
{
  GtkWindow     parent_instance;

  GtkEntry     *name_entry;
  GtkEntry     *amount_entry;
  GtkEntry     *percent_entry;
  GtkLabel     *message_label;
  GtkButton    *save_button;

  TsApiClient  *client;
  GCancellable *cancellable;
  gint64        outlet_id;
  gint64        table_id;      /* 0 when creating */
};

G_DEFINE_FINAL_TYPE (TsCommissionTableDialog, ts_commission_table_dialog, GTK_TYPE_WINDOW)

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
set_message (TsCommissionTableDialog *self,
             const char              *text)
{
  gtk_label_set_text (self->message_label, text ? text : "");
}

static void
saved (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsCommissionTableDialog *self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
  if (answer == NULL)
    {
      set_message (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, json_node_get_object (answer));
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_save_clicked (TsCommissionTableDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  gint64 amount, percent;

  if (*name == '\0')
    {
      set_message (self, _("Name: a commission table needs a name."));
      gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
      return;
    }
  if (!ts_season_parse_amount (_("Amount per ticket"), gtk_editable_get_text (GTK_EDITABLE (self->amount_entry)),
                               &amount, &error))
    {
      set_message (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->amount_entry));
      return;
    }
  if (!ts_season_parse_percent (_("Percentage"), gtk_editable_get_text (GTK_EDITABLE (self->percent_entry)),
                                &percent, &error))
    {
      set_message (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->percent_entry));
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "amount_cents");
  json_builder_add_int_value (builder, MAX (amount, 0));
  json_builder_set_member_name (builder, "percent_bp");
  json_builder_add_int_value (builder, percent);
  if (self->table_id == 0)
    {
      json_builder_set_member_name (builder, "outlet_id");
      json_builder_add_int_value (builder, self->outlet_id);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  set_message (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  if (self->table_id == 0)
    ts_api_client_request_async (self->client, "POST", "/commission-tables", body, self->cancellable, saved, self);
  else
    {
      g_autofree char *path = g_strdup_printf ("/commission-tables/%" G_GINT64_FORMAT, self->table_id);

      ts_api_client_request_async (self->client, "PATCH", path, body, self->cancellable, saved, self);
    }
}

static void
ts_commission_table_dialog_dispose (GObject *object)
{
  TsCommissionTableDialog *self = TS_COMMISSION_TABLE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_COMMISSION_TABLE_DIALOG);
  G_OBJECT_CLASS (ts_commission_table_dialog_parent_class)->dispose (object);
}

static void
ts_commission_table_dialog_class_init (TsCommissionTableDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ts_commission_table_dialog_dispose;
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-commission-table-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsCommissionTableDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, TsCommissionTableDialog, amount_entry);
  gtk_widget_class_bind_template_child (widget_class, TsCommissionTableDialog, percent_entry);
  gtk_widget_class_bind_template_child (widget_class, TsCommissionTableDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, TsCommissionTableDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ts_commission_table_dialog_init (TsCommissionTableDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

TsCommissionTableDialog *
ts_commission_table_dialog_new (GtkWindow   *parent,
                                TsApiClient *client,
                                gint64       outlet_id,
                                JsonObject  *table)
{
  TsCommissionTableDialog *self = g_object_new (TS_TYPE_COMMISSION_TABLE_DIALOG, "transient-for", parent, NULL);

  self->client = g_object_ref (client);
  self->outlet_id = outlet_id;
  if (table != NULL)
    {
      g_autofree char *amount = ts_season_format_amount (ts_season_get_int (table, "amount_cents", 0));
      gint64 bp = ts_season_get_int (table, "percent_bp", 0);
      g_autofree char *percent = g_strdup_printf ("%d.%02d", (int) (bp / 100), (int) (bp % 100));

      self->table_id = ts_season_get_int (table, "id", 0);
      gtk_editable_set_text (GTK_EDITABLE (self->name_entry), ts_season_get_string (table, "name") ?: "");
      gtk_editable_set_text (GTK_EDITABLE (self->amount_entry), amount);
      gtk_editable_set_text (GTK_EDITABLE (self->percent_entry), percent);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Commission Table"));
    }
  return self;
}

const char *
ts_commission_table_dialog_get_message (TsCommissionTableDialog *self)
{
  return gtk_label_get_text (self->message_label);
}
