/* ts-open-order-dialog.c — open an order by its number, from anywhere
 *
 * The number is asked of the server (GET /orders/{id}) before any window
 * opens, so that a mistyped number is said in the dialog, which stays open
 * with what was typed.  An unknown number and another outlet's order answer
 * alike (P5, P7): both are "no such order", never a hint that it exists. */
#include <string.h>

#include <glib/gi18n.h>

#include "ts-api-orders.h"
#include "ts-error.h"
#include "ts-order-window.h"
#include "ts-open-order-dialog-private.h"

struct _TsOpenOrderDialog
{
  TsDialog   parent_instance;

  GtkEntry  *number_entry;
};

G_DEFINE_FINAL_TYPE (TsOpenOrderDialog, ts_open_order_dialog, TS_TYPE_DIALOG)

static void
clear_message (TsOpenOrderDialog *self)
{
  ts_dialog_set_message (TS_DIALOG (self), NULL);
}

static char *
no_such_order (const char *number)
{
  return g_strdup_printf (_("There is no order %s that you may open. Check the number on the receipt."), number);
}

static void
answered (TsDialog     *dialog,
          JsonNode     *answer,
          const GError *error)
{
  TsOpenOrderDialog *self = TS_OPEN_ORDER_DIALOG (dialog);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  TsOrderWindow *window;
  gint64 id;

  if (error != NULL)
    {
      /* the server's words name the rule; the person needs what to do */
      if (g_error_matches (error, TS_ERROR, TS_ERROR_NOT_FOUND))
        {
          g_autofree char *text = no_such_order (gtk_editable_get_text (GTK_EDITABLE (self->number_entry)));

          ts_dialog_set_message (dialog, text);
        }
      gtk_widget_grab_focus (GTK_WIDGET (self->number_entry));
      return;
    }
  id = json_object_get_int_member_with_default (json_node_get_object (answer), "id", 0);
  window = ts_order_window_new (ts_dialog_get_client (dialog), id);
  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (window), parent);
      gtk_window_set_application (GTK_WINDOW (window), gtk_window_get_application (parent));
    }
  gtk_window_present (GTK_WINDOW (window));
}

static void
submit (TsDialog *dialog)
{
  TsOpenOrderDialog *self = TS_OPEN_ORDER_DIALOG (dialog);
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->number_entry))));
  const char *digits = typed[0] == '#' ? typed + 1 : typed;
  guint64 id = 0;

  if (*digits == '\0')
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->number_entry), _("Order number: type the number on the receipt."));
      return;
    }
  if (!g_ascii_string_to_unsigned (digits, 10, 1, G_MAXINT32, &id, NULL))
    {
      g_autofree char *text = NULL;

      /* digits out of range name no order either; anything else is a typo */
      if (strspn (digits, "0123456789") == strlen (digits))
        text = no_such_order (digits);
      else
        text = g_strdup_printf (_("Order number: “%s” is not a number."), typed);
      ts_dialog_refuse (dialog, GTK_WIDGET (self->number_entry), text);
      return;
    }
  ts_api_client_get_order_async (ts_dialog_get_client (dialog), (gint64) id, ts_dialog_get_cancellable (dialog),
                                 ts_dialog_answered, ts_dialog_submission (dialog, answered));
}

static void
ts_open_order_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_OPEN_ORDER_DIALOG);
  G_OBJECT_CLASS (ts_open_order_dialog_parent_class)->dispose (object);
}

static void
ts_open_order_dialog_class_init (TsOpenOrderDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ts_open_order_dialog_dispose;
  TS_DIALOG_CLASS (klass)->submit = submit;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-open-order-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsOpenOrderDialog, number_entry);
}

static void
ts_open_order_dialog_init (TsOpenOrderDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* an old complaint goes once the person types again */
  g_signal_connect_swapped (self->number_entry, "changed", G_CALLBACK (clear_message), self);
}

TsOpenOrderDialog *
ts_open_order_dialog_new (GtkWindow   *parent,
                          TsApiClient *client)
{
  return g_object_new (TS_TYPE_OPEN_ORDER_DIALOG, "transient-for", parent, "client", client, NULL);
}

void
_ts_open_order_dialog_type (TsOpenOrderDialog *self,
                            const char        *number)
{
  gtk_editable_set_text (GTK_EDITABLE (self->number_entry), number);
}
