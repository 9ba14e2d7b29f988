/* ts-reprint-dialog.c — choose tickets and say why; reprint them (F5)
 *
 * A reprint gives each chosen ticket a new barcode: the ticket printed
 * before stops admitting at the door, so the dialog says so before the
 * agent confirms.  The server counts and audits the reprint and answers the
 * new tickets' faces, which the caller prints.  Only sold tickets are
 * offered: a refunded one has nothing to print. */
#include <glib/gi18n.h>

#include "ts-api-tickets.h"
#include "ts-order-format.h"
#include "ts-ticket-checks.h"
#include "ts-reprint-dialog-private.h"

struct _TsReprintDialog
{
  TsDialog    parent_instance;

  GtkLabel   *items_heading;
  GtkBox     *items_box;
  GtkEntry   *reason_entry;

  JsonObject *order;
  GPtrArray  *checks;        /* GtkCheckButton, one a sold ticket (ts-ticket-checks.h) */
  char       *asked;         /* the tickets and reason last sent, and their key: */
  char       *key;           /* sending them again (after a lost answer) reprints once */
};

G_DEFINE_FINAL_TYPE (TsReprintDialog, ts_reprint_dialog, TS_TYPE_DIALOG)

/* A line that is a ticket (to a performance), sold. */
static gboolean
item_reprintable (JsonObject *item)
{
  return g_strcmp0 (ts_order_string_member (item, "status"), "sold") == 0
         && json_object_get_int_member_with_default (item, "performance_id", 0) != 0;
}

static void
clear_message (TsReprintDialog *self)
{
  ts_dialog_set_message (TS_DIALOG (self), NULL);
}

static void
submit (TsDialog *dialog)
{
  TsReprintDialog *self = TS_REPRINT_DIALOG (dialog);
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->checks, i);
      gint64 id = json_object_get_int_member (ts_ticket_check_get_item (check), "id");

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        g_array_append_val (ids, id);
    }
  if (ids->len == 0)
    {
      ts_dialog_refuse (dialog, self->checks->len > 0 ? g_ptr_array_index (self->checks, 0) : NULL,
                        _("Choose the tickets to reprint."));
      return;
    }
  if (*reason == '\0')
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->reason_entry), _("Say why the tickets are reprinted."));
      return;
    }
  {
    g_autoptr(GString) asked = g_string_new (reason);

    for (guint i = 0; i < ids->len; i++)
      g_string_append_printf (asked, "\n%" G_GINT64_FORMAT, g_array_index (ids, gint64, i));
    if (g_strcmp0 (asked->str, self->asked) != 0)
      {
        g_free (self->asked);
        self->asked = g_strdup (asked->str);
        g_free (self->key);
        self->key = g_uuid_string_random ();
      }
  }
  ts_api_client_reprint_order_tickets_async (ts_dialog_get_client (dialog), json_object_get_int_member (self->order, "id"),
                                             ids, reason, self->key, ts_dialog_get_cancellable (dialog),
                                             ts_dialog_answered, ts_dialog_submission (dialog, NULL));
}

static void
ts_reprint_dialog_dispose (GObject *object)
{
  TsReprintDialog *self = TS_REPRINT_DIALOG (object);

  g_clear_pointer (&self->order, json_object_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->asked, g_free);
  g_clear_pointer (&self->key, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_REPRINT_DIALOG);
  G_OBJECT_CLASS (ts_reprint_dialog_parent_class)->dispose (object);
}

static void
ts_reprint_dialog_class_init (TsReprintDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_reprint_dialog_dispose;
  TS_DIALOG_CLASS (klass)->submit = submit;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-reprint-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsReprintDialog, items_heading);
  gtk_widget_class_bind_template_child (widget_class, TsReprintDialog, items_box);
  gtk_widget_class_bind_template_child (widget_class, TsReprintDialog, reason_entry);
}

static void
ts_reprint_dialog_init (TsReprintDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->checks = g_ptr_array_new ();
  /* an old complaint goes once the person acts on it */
  g_signal_connect_swapped (self->reason_entry, "changed", G_CALLBACK (clear_message), self);
}

TsReprintDialog *
ts_reprint_dialog_new (GtkWindow   *parent,
                       TsApiClient *client,
                       JsonObject  *order)
{
  TsReprintDialog *self = g_object_new (TS_TYPE_REPRINT_DIALOG, "transient-for", parent, "client", client, NULL);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (order, "id"));
  g_autofree char *title = g_strdup_printf (_("Reprint Tickets of Order %s"), number);

  self->order = json_object_ref (order);
  gtk_window_set_title (GTK_WINDOW (self), title);
  ts_ticket_checks_fill (self->checks, self->items_box, self->items_heading, order,
                         G_CALLBACK (clear_message), self);
  /* sold lines that are not tickets (a subscription) have no face */
  for (guint i = self->checks->len; i-- > 0;)
    {
      GtkWidget *check = g_ptr_array_index (self->checks, i);

      if (!item_reprintable (ts_ticket_check_get_item (check)))
        {
          gtk_box_remove (self->items_box, check);
          g_ptr_array_remove_index (self->checks, i);
        }
    }
  if (self->checks->len > 0)
    gtk_label_set_mnemonic_widget (self->items_heading, g_ptr_array_index (self->checks, 0));
  /* one ticket: that is the one */
  if (self->checks->len == 1)
    gtk_check_button_set_active (g_ptr_array_index (self->checks, 0), TRUE);
  return self;
}

gboolean
ts_reprint_dialog_order_has_tickets (JsonObject *order)
{
  JsonArray *items = order != NULL ? json_object_get_array_member (order, "items") : NULL;

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    if (item_reprintable (json_array_get_object_element (items, i)))
      return TRUE;
  return FALSE;
}

gboolean
_ts_reprint_dialog_choose_item (TsReprintDialog *self,
                                gint64           item_id,
                                gboolean         chosen)
{
  return ts_ticket_checks_choose (self->checks, item_id, chosen);
}

void
_ts_reprint_dialog_set_reason (TsReprintDialog *self,
                               const char      *reason)
{
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), reason ? reason : "");
}

guint
_ts_reprint_dialog_count_offered (TsReprintDialog *self)
{
  return self->checks->len;
}
