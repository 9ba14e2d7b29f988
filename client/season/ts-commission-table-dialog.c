/* ts-commission-table-dialog.c — a commission table: a dollar amount and/or a
 * percentage per ticket sold by another outlet (T6)
 *
 * Money is typed in dollars and cents and sent in cents; the percentage is
 * typed with two decimals and sent in hundredths of a percent (percent_bp).
 * Neither goes through a double. */
#include <glib/gi18n.h>

#include "ts-api-season.h"
#include "ts-error.h"
#include "ts-season-common.h"
#include "ts-commission-table-dialog.h"

struct _TsCommissionTableDialog
{
  TsDialog      parent_instance;

  GtkEntry     *name_entry;
  GtkEntry     *amount_entry;
  GtkEntry     *percent_entry;

  gint64        outlet_id;
  gint64        table_id;      /* 0 when creating */
};

G_DEFINE_FINAL_TYPE (TsCommissionTableDialog, ts_commission_table_dialog, TS_TYPE_DIALOG)

static void
submit (TsDialog *dialog)
{
  TsCommissionTableDialog *self = TS_COMMISSION_TABLE_DIALOG (dialog);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  TsApiClient *client = ts_dialog_get_client (dialog);
  gint64 amount, percent;

  if (*name == '\0')
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->name_entry), _("Name: a commission table needs a name."));
      return;
    }
  if (!ts_season_parse_amount (_("Amount per ticket"), gtk_editable_get_text (GTK_EDITABLE (self->amount_entry)),
                               &amount, &error))
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->amount_entry), error->message);
      return;
    }
  if (!ts_season_parse_percent (_("Percentage"), gtk_editable_get_text (GTK_EDITABLE (self->percent_entry)),
                                &percent, &error))
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->percent_entry), error->message);
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

  if (self->table_id == 0)
    ts_api_client_create_commission_table_async (client, body, ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                                 ts_dialog_submission (dialog, NULL));
  else
    ts_api_client_patch_commission_table_async (client, self->table_id, body, ts_dialog_get_cancellable (dialog),
                                                ts_dialog_answered, ts_dialog_submission (dialog, NULL));
}

static void
ts_commission_table_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_COMMISSION_TABLE_DIALOG);
  G_OBJECT_CLASS (ts_commission_table_dialog_parent_class)->dispose (object);
}

static void
ts_commission_table_dialog_class_init (TsCommissionTableDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ts_commission_table_dialog_dispose;
  TS_DIALOG_CLASS (klass)->submit = submit;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-commission-table-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsCommissionTableDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, TsCommissionTableDialog, amount_entry);
  gtk_widget_class_bind_template_child (widget_class, TsCommissionTableDialog, percent_entry);
}

static void
ts_commission_table_dialog_init (TsCommissionTableDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TsCommissionTableDialog *
ts_commission_table_dialog_new (GtkWindow   *parent,
                                TsApiClient *client,
                                gint64       outlet_id,
                                JsonObject  *table)
{
  TsCommissionTableDialog *self = g_object_new (TS_TYPE_COMMISSION_TABLE_DIALOG, "transient-for", parent,
                                                "client", client, NULL);

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
