/* ts-refund-dialog.c — choose tickets, a method and a reason; refund
 *
 * The refund comes out of the caller's own till (S7) and pays back exactly
 * the chosen tickets' price.  Gift certificate and on account are offered
 * only when every chosen ticket is to the caller's own event and sold by
 * the caller's outlet (S4); the server checks the same and its refusal is
 * shown as it comes.  The method starts as how the order was paid (the
 * payment that can cover the refund, ts_order_refund_method), until the
 * person picks another. */
#include <glib/gi18n.h>

#include "ts-api-orders.h"
#include "ts-format.h"
#include "ts-order-format.h"
#include "ts-refund-dialog-private.h"
#include "ts-ticket-checks.h"

struct _TsRefundDialog
{
  TsDialog      parent_instance;

  GtkLabel     *items_heading;
  GtkBox       *items_box;
  GtkLabel     *amount_label;
  GtkDropDown  *method_dropdown;
  GtkEntry     *reference_entry;
  GtkEntry     *reason_entry;
  GtkLabel     *methods_note;

  JsonObject   *order;
  GPtrArray    *checks;          /* GtkCheckButton, one a sold ticket (ts-ticket-checks.h) */
  GStrv         methods;         /* codes, as the drop-down shows them */
  gint64        amount;
  gboolean      filling;         /* the dialog, not the person, sets the method */
  gboolean      method_picked;   /* the person chose a method: keep it */
};

G_DEFINE_FINAL_TYPE (TsRefundDialog, ts_refund_dialog, TS_TYPE_DIALOG)

enum { REFUNDED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
clear_message (TsRefundDialog *self)
{
  ts_dialog_set_message (TS_DIALOG (self), NULL);
}

/* S4: is this ticket the refunding outlet's own, both sold and owned? */
static gboolean
is_own (TsRefundDialog *self,
        JsonObject     *item)
{
  gint64 me = ts_order_acting_outlet (ts_dialog_get_client (TS_DIALOG (self)), self->order);

  return json_object_get_int_member_with_default (self->order, "outlet_id", 0) == me
         && json_object_get_int_member_with_default (item, "owner_outlet_id", 0) == me;
}

static void
update (TsRefundDialog *self)
{
  gboolean own = TRUE;
  guint chosen = 0;
  g_autofree char *money = NULL;
  g_autofree char *text = NULL;
  GStrv methods;

  self->amount = 0;
  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->checks, i);

      if (!gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        continue;
      chosen++;
      self->amount += json_object_get_int_member_with_default (ts_ticket_check_get_item (check), "price_cents", 0);
      own = own && is_own (self, ts_ticket_check_get_item (check));
    }
  /* with nothing chosen yet, offer what the whole order allows */
  for (guint i = 0; chosen == 0 && i < self->checks->len; i++)
    own = own && is_own (self, ts_ticket_check_get_item (g_ptr_array_index (self->checks, i)));

  money = ts_format_money (self->amount);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "To pay back: %s for %u ticket",
                                       "To pay back: %s for %u tickets", chosen), money, chosen);
  gtk_label_set_text (self->amount_label, text);
  self->filling = TRUE;
  methods = ts_order_fill_methods (self->method_dropdown, own, NULL, self->methods);
  g_strfreev (self->methods);
  self->methods = methods;
  if (!self->method_picked)
    {
      const char *paid_by = ts_order_refund_method (self->order, (const char * const *) methods);

      for (guint i = 0; paid_by != NULL && methods[i] != NULL; i++)
        if (g_str_equal (methods[i], paid_by))
          gtk_drop_down_set_selected (self->method_dropdown, i);
    }
  self->filling = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->methods_note), !own);
}

static void
on_method_picked (TsRefundDialog *self)
{
  if (!self->filling)
    self->method_picked = TRUE;
}

static void
on_ticket_toggled (TsRefundDialog *self)
{
  update (self);
  clear_message (self);
}

static void
refunded (TsDialog     *dialog,
          JsonNode     *answer,
          const GError *error)
{
  TsRefundDialog *self = TS_REFUND_DIALOG (dialog);
  gint64 amount = self->amount;

  if (error != NULL)
    return;
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    amount = json_object_get_int_member_with_default (json_node_get_object (answer), "amount_cents", amount);
  g_signal_emit (self, signals[REFUNDED], 0, amount);
}

static void
submit (TsDialog *dialog)
{
  TsRefundDialog *self = TS_REFUND_DIALOG (dialog);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));
  g_autofree char *reference = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reference_entry))));
  guint method = gtk_drop_down_get_selected (self->method_dropdown);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  ts_ticket_checks_add_chosen (self->checks, builder);
  json_builder_end_array (builder);
  if (ts_ticket_checks_count_chosen (self->checks) == 0)
    {
      ts_dialog_refuse (dialog, self->checks->len > 0 ? g_ptr_array_index (self->checks, 0) : NULL,
                        _("Choose the tickets to refund."));
      return;
    }
  if (*reason == '\0')
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->reason_entry), _("Say why the tickets are refunded."));
      return;
    }
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason);
  json_builder_set_member_name (builder, "payments");
  json_builder_begin_array (builder);
  /* comps pay nothing back */
  if (self->amount > 0 && self->methods != NULL && method < g_strv_length (self->methods))
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, self->methods[method]);
      json_builder_set_member_name (builder, "amount_cents");
      json_builder_add_int_value (builder, self->amount);
      if (*reference != '\0')
        {
          json_builder_set_member_name (builder, "reference");
          json_builder_add_string_value (builder, reference);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  ts_api_client_refund_order_async (ts_dialog_get_client (dialog), json_object_get_int_member (self->order, "id"),
                                    body, ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                    ts_dialog_submission (dialog, refunded));
}

static void
ts_refund_dialog_dispose (GObject *object)
{
  TsRefundDialog *self = TS_REFUND_DIALOG (object);

  g_clear_pointer (&self->order, json_object_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_REFUND_DIALOG);
  G_OBJECT_CLASS (ts_refund_dialog_parent_class)->dispose (object);
}

static void
ts_refund_dialog_finalize (GObject *object)
{
  g_strfreev (TS_REFUND_DIALOG (object)->methods);
  G_OBJECT_CLASS (ts_refund_dialog_parent_class)->finalize (object);
}

static void
ts_refund_dialog_class_init (TsRefundDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_refund_dialog_dispose;
  object_class->finalize = ts_refund_dialog_finalize;
  TS_DIALOG_CLASS (klass)->submit = submit;
  signals[REFUNDED] = g_signal_new ("refunded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-refund-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsRefundDialog, items_heading);
  gtk_widget_class_bind_template_child (widget_class, TsRefundDialog, items_box);
  gtk_widget_class_bind_template_child (widget_class, TsRefundDialog, amount_label);
  gtk_widget_class_bind_template_child (widget_class, TsRefundDialog, method_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsRefundDialog, reference_entry);
  gtk_widget_class_bind_template_child (widget_class, TsRefundDialog, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, TsRefundDialog, methods_note);
}

static void
ts_refund_dialog_init (TsRefundDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->checks = g_ptr_array_new ();
  /* an old complaint goes once the person acts on it */
  g_signal_connect_swapped (self->reason_entry, "changed", G_CALLBACK (clear_message), self);
  g_signal_connect_swapped (self->method_dropdown, "notify::selected", G_CALLBACK (on_method_picked), self);
}

TsRefundDialog *
ts_refund_dialog_new (GtkWindow   *parent,
                      TsApiClient *client,
                      JsonObject  *order)
{
  TsRefundDialog *self = g_object_new (TS_TYPE_REFUND_DIALOG, "transient-for", parent, "client", client, NULL);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (order, "id"));
  g_autofree char *title = g_strdup_printf (_("Refund Tickets of Order %s"), number);

  self->order = json_object_ref (order);
  gtk_window_set_title (GTK_WINDOW (self), title);
  ts_ticket_checks_fill (self->checks, self->items_box, self->items_heading, order,
                         G_CALLBACK (on_ticket_toggled), self);
  update (self);
  return self;
}

gboolean
_ts_refund_dialog_choose_item (TsRefundDialog *self,
                               gint64          item_id,
                               gboolean        chosen)
{
  return ts_ticket_checks_choose (self->checks, item_id, chosen);
}

const char * const *
_ts_refund_dialog_get_methods (TsRefundDialog *self)
{
  return (const char * const *) self->methods;
}

gboolean
_ts_refund_dialog_fill (TsRefundDialog *self,
                        const char     *method,
                        const char     *reason)
{
  gboolean found = FALSE;

  for (guint i = 0; self->methods != NULL && self->methods[i] != NULL; i++)
    if (g_strcmp0 (self->methods[i], method) == 0)
      {
        gtk_drop_down_set_selected (self->method_dropdown, i);
        found = TRUE;
      }
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), reason ? reason : "");
  return found;
}

gint64
_ts_refund_dialog_get_amount (TsRefundDialog *self)
{
  return self->amount;
}

const char *
_ts_refund_dialog_get_method (TsRefundDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->method_dropdown);

  if (self->methods == NULL || selected >= g_strv_length (self->methods))
    return NULL;
  return self->methods[selected];
}
