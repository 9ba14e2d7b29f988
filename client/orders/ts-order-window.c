/* ts-order-window.c — one order: who bought it, its tickets, payments and
 * totals, with Refund…, Exchange… and Change Seats…, and its tickets
 * printed, saved as PDF or reprinted, and its receipt printed (F1, F5)
 *
 * The server decides what the caller's outlet may see (P5): a "partial"
 * order is the owning outlet's view of another outlet's sale, its own lines
 * only, so the window says why payments and totals are missing instead of
 * showing empty ones.  Outlet names come from the public outlet directory.
 * A walk-up sale made without a patron record (S8) says so as its
 * purchaser, and "Name the Patron…" gives it one. */
#include <glib/gi18n.h>

#include "ts-api-call.h"
#include "ts-api-orders.h"
#include "ts-exchange-dialog.h"
#include "ts-format.h"
#include "ts-json-item.h"
#include "ts-order-format.h"
#include "ts-order-patron-dialog.h"
#include "ts-order-printing.h"
#include "ts-refund-dialog.h"
#include "ts-reprint-dialog.h"
#include "ts-seat-change-dialog.h"
#include "ts-window-state.h"
#include "ts-order-window-private.h"

struct _TsOrderWindow
{
  GtkWindow      parent_instance;

  GtkLabel      *heading_label;
  GtkLabel      *purchaser_label;
  GtkLabel      *recipient_label;
  GtkLabel      *sold_label;
  GtkWidget     *notice_frame;
  GtkLabel      *notice_label;
  GtkColumnView *items_view;
  GtkWidget     *payments_box;
  GtkColumnView *payments_view;
  GtkLabel      *totals_label;
  GtkLabel      *message_label;
  GtkWidget     *refund_button;
  GtkWidget     *exchange_button;
  GtkWidget     *seats_button;
  GtkWidget     *name_patron_button;
  GtkWidget     *print_button;
  GtkWidget     *pdf_button;
  GtkWidget     *receipt_button;
  GtkWidget     *reprint_button;

  TsApiClient   *client;
  GCancellable  *cancellable;
  gint64         order_id;
  JsonNode      *order;          /* as last loaded */
  JsonNode      *directory;      /* GET /outlets/directory */
  GListStore    *items;
  GListStore    *payments;
  guint          load_count;
};

G_DEFINE_FINAL_TYPE (TsOrderWindow, ts_order_window, GTK_TYPE_WINDOW)

enum { PROP_0, PROP_ORDER_ID, PROP_LOAD_COUNT, PROP_MESSAGE, PROP_ITEMS, PROP_PAYMENTS, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void reload (TsOrderWindow *self);

static void
set_message (TsOrderWindow *self,
             const char    *text,
             gboolean       is_error)
{
  gtk_label_set_text (self->message_label, text ? text : "");
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error-text");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error-text");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static JsonObject *
order_object (TsOrderWindow *self)
{
  return self->order != NULL ? json_node_get_object (self->order) : NULL;
}

static char *
order_heading (gint64 order_id)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, order_id);

  return g_strdup_printf (_("Order %s"), number);
}

/* The outlet's name from the directory, else its number. */
static char *
outlet_name (TsOrderWindow *self,
             gint64         outlet_id)
{
  JsonArray *outlets = NULL;
  g_autofree char *number = NULL;

  if (self->directory != NULL && JSON_NODE_HOLDS_OBJECT (self->directory))
    outlets = json_object_get_array_member (json_node_get_object (self->directory), "outlets");
  for (guint i = 0; outlets != NULL && i < json_array_get_length (outlets); i++)
    {
      JsonObject *outlet = json_array_get_object_element (outlets, i);

      if (json_object_get_int_member (outlet, "id") == outlet_id)
        return g_strdup (json_object_get_string_member (outlet, "name"));
    }
  number = g_strdup_printf ("%" G_GINT64_FORMAT, outlet_id);
  return g_strdup_printf (_("outlet %s"), number);
}

/* Columns --------------------------------------------------------------------- */

static char *
item_event (JsonObject *item)
{
  const char *event = ts_order_string_member (item, "event");

  return g_strdup (*event ? event : _("(not a ticket)"));
}

static char *
item_when (JsonObject *item)
{
  return ts_format_time (ts_order_string_member (item, "starts_at"), TS_TIME_LONG);
}

static char *
item_seat (JsonObject *item)
{
  return g_strdup (ts_order_item_seat_name (item));
}

static char *
item_type (JsonObject *item)
{
  const char *comp = ts_order_string_member (item, "comp_reason");

  if (*comp != '\0')
    return g_strdup_printf (_("%s (comp: %s)"), ts_order_string_member (item, "ticket_type"), comp);
  return g_strdup (ts_order_string_member (item, "ticket_type"));
}

static char *
item_price (JsonObject *item)
{
  return ts_format_money (json_object_get_int_member_with_default (item, "price_cents", 0));
}

static char *
item_status (JsonObject *item)
{
  return g_strdup (g_strcmp0 (ts_order_string_member (item, "status"), "refunded") == 0
                   ? _("Refunded") : _("Sold"));
}

static char *
item_ticket_number (JsonObject *item)
{
  gint64 number = json_object_get_int_member_with_default (item, "ticket_number", 0);

  return number > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, number) : g_strdup ("");
}

static char *
item_checked_in (JsonObject *item)
{
  const char *at = ts_order_string_member (item, "checked_in_at");

  if (*at == '\0')
    return g_strdup (_("No"));
  return ts_format_time (at, TS_TIME_LONG);
}

static char *
payment_when (JsonObject *payment)
{
  return ts_format_time (ts_order_string_member (payment, "created_at"), TS_TIME_LONG);
}

static char *
payment_method (JsonObject *payment)
{
  return g_strdup (ts_order_method_name (ts_order_string_member (payment, "method")));
}

static char *
payment_amount (JsonObject *payment)
{
  return ts_format_money (json_object_get_int_member_with_default (payment, "amount_cents", 0));
}

static char *
payment_reference (JsonObject *payment)
{
  return g_strdup (ts_order_string_member (payment, "reference"));
}

/* Filled in on load from the order's refunds, for refund payments. */
static char *
payment_note (JsonObject *payment)
{
  const char *reason = ts_order_string_member (payment, "refund_reason");

  if (json_object_get_int_member_with_default (payment, "refund_id", 0) == 0)
    return g_strdup ("");
  return g_strdup_printf (_("Refund: %s"), reason);
}

/* Loading ------------------------------------------------------------------------ */

static void
update_actions (TsOrderWindow *self)
{
  JsonObject *order = order_object (self);
  JsonArray *items = order ? json_object_get_array_member (order, "items") : NULL;
  gboolean box_office = ts_api_client_get_level (self->client) >= TS_LEVEL_BOX_OFFICE;
  gboolean any_sold = FALSE;
  gboolean any_movable = FALSE;
  gboolean walk_up = ts_api_client_get_level (self->client) >= TS_LEVEL_WALKUP;
  gboolean printable = ts_reprint_dialog_order_has_tickets (order);
  gboolean partial = order != NULL && json_object_get_boolean_member_with_default (order, "partial", FALSE);
  const char *refund_tip, *exchange_tip, *seats_tip, *print_tip, *receipt_tip, *reprint_tip;

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (ts_order_string_member (item, "status"), "sold") == 0)
        any_sold = TRUE;
      if (ts_seat_change_dialog_item_movable (item))
        any_movable = TRUE;
    }

  if (!box_office)
    refund_tip = exchange_tip = _("Refunds and exchanges need the Box Office level or above.");  /* C4 */
  else if (order == NULL)
    refund_tip = exchange_tip = _("The order has not loaded.");
  else if (!any_sold)
    refund_tip = exchange_tip = _("Every ticket of this order you may see is already refunded.");
  else
    {
      refund_tip = _("Refund chosen tickets from your till");
      exchange_tip = _("Give back chosen tickets for new ones");
    }

  if (!box_office)
    seats_tip = _("Seat changes need the Box Office level or above.");  /* C4 */
  else if (order == NULL)
    seats_tip = _("The order has not loaded.");
  else if (!any_movable)
    seats_tip = _("This order has no sold seat or open comp to move: general-admission tickets keep their area.");
  else
    seats_tip = _("Move tickets to other seats of their price zone, or seat open comps");

  /* C4: Walk-up Sales and up print; reprinting voids barcodes: Box Office (F5) */
  if (!walk_up)
    print_tip = receipt_tip = _("Printing needs the Walk-up Sales level or above.");  /* C4 */
  else if (order == NULL)
    print_tip = receipt_tip = _("The order has not loaded.");
  else
    {
      print_tip = printable ? _("Print the order’s tickets on the ticket printer")
                            : _("This order has no ticket to print: refunded tickets are not printed.");
      receipt_tip = partial ? _("Only the outlet that sold this order prints its receipt.")  /* P5 */
                            : _("Print the sale’s receipt");
    }
  if (!box_office)
    reprint_tip = _("Reprints need the Box Office level or above.");  /* C4 */
  else if (order == NULL)
    reprint_tip = _("The order has not loaded.");
  else if (!printable)
    reprint_tip = _("This order has no ticket to print: refunded tickets are not printed.");
  else
    reprint_tip = _("Print chosen tickets again with new barcodes: the old ones stop admitting");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.print-tickets", walk_up && printable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.save-pdf", walk_up && printable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.print-receipt", walk_up && order != NULL && !partial);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.reprint", box_office && printable);
  gtk_widget_set_tooltip_text (self->print_button, print_tip);
  gtk_widget_set_tooltip_text (self->pdf_button, walk_up && order != NULL && printable
                                                 ? _("Save the order’s tickets as one PDF file") : print_tip);
  gtk_widget_set_tooltip_text (self->receipt_button, receipt_tip);
  gtk_widget_set_tooltip_text (self->reprint_button, reprint_tip);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.refund", box_office && any_sold);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.exchange", box_office && any_sold);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.change-seats", box_office && any_movable);
  /* S8: Walk-up Sales and up name a walk-up sale's patron */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.name-patron",
                                 ts_api_client_get_level (self->client) >= TS_LEVEL_WALKUP && order != NULL
                                 && json_object_get_boolean_member_with_default (order, "walk_up_no_patron", FALSE));
  gtk_widget_set_tooltip_text (self->refund_button, refund_tip);
  gtk_widget_set_tooltip_text (self->exchange_button, exchange_tip);
  gtk_widget_set_tooltip_text (self->seats_button, seats_tip);
}

static void
fill_totals (TsOrderWindow *self,
             JsonObject    *order)
{
  JsonArray *payments = json_object_get_array_member (order, "payments");
  gint64 total = json_object_get_int_member_with_default (order, "total_cents", 0);
  gint64 paid = json_object_get_int_member_with_default (order, "paid_cents", 0);
  gint64 on_account = 0;
  g_autofree char *total_text = ts_format_money (total);
  g_autofree char *paid_text = ts_format_money (paid);
  g_autofree char *balance_text = ts_format_money (total - paid);
  g_autofree char *text = NULL;

  for (guint i = 0; payments != NULL && i < json_array_get_length (payments); i++)
    {
      JsonObject *payment = json_array_get_object_element (payments, i);

      if (g_strcmp0 (ts_order_string_member (payment, "method"), "on_account") == 0)
        on_account += json_object_get_int_member_with_default (payment, "amount_cents", 0);
    }
  text = g_strdup_printf (_("Total %s · Paid %s · Balance due %s"), total_text, paid_text, balance_text);
  if (on_account != 0)
    {
      g_autofree char *account_text = ts_format_money (on_account);
      g_autofree char *longer = g_strdup_printf (_("%s · on account %s"), text, account_text);

      g_free (text);
      text = g_steal_pointer (&longer);
    }
  gtk_label_set_text (self->totals_label, text);
}

/* Each refund payment carries its refund's reason, for the Note column. */
static void
annotate_refunds (JsonObject *order)
{
  JsonArray *payments = json_object_get_array_member (order, "payments");
  JsonArray *refunds = json_object_get_array_member (order, "refunds");

  for (guint i = 0; payments != NULL && i < json_array_get_length (payments); i++)
    {
      JsonObject *payment = json_array_get_object_element (payments, i);
      gint64 refund_id = json_object_get_int_member_with_default (payment, "refund_id", 0);

      for (guint r = 0; refund_id != 0 && refunds != NULL && r < json_array_get_length (refunds); r++)
        {
          JsonObject *refund = json_array_get_object_element (refunds, r);

          if (json_object_get_int_member (refund, "id") == refund_id)
            json_object_set_string_member (payment, "refund_reason", ts_order_string_member (refund, "reason"));
        }
    }
}

static void
show_order (TsOrderWindow *self)
{
  JsonObject *order = order_object (self);
  gboolean partial = json_object_get_boolean_member_with_default (order, "partial", FALSE);
  /* a partial order has no "gift" member; the two patrons tell the same */
  gboolean gift = json_object_get_int_member_with_default (order, "purchaser_id", 0)
                  != json_object_get_int_member_with_default (order, "recipient_id", 0);
  g_autofree char *heading = order_heading (self->order_id);
  g_autofree char *seller = outlet_name (self, json_object_get_int_member_with_default (order, "outlet_id", 0));
  g_autofree char *created = ts_format_time (ts_order_string_member (order, "created_at"), TS_TIME_LONG);
  g_autofree char *recipient = NULL;
  GString *sold = g_string_new (NULL);
  gint64 exchange_of = json_object_get_int_member_with_default (order, "exchange_of", 0);
  const char *channel = ts_order_string_member (order, "channel");
  const char *note = ts_order_string_member (order, "note");

  gtk_label_set_text (self->heading_label, heading);
  gtk_window_set_title (GTK_WINDOW (self), heading);
  /* S8: a door sale without a patron record, not a blank */
  if (json_object_get_boolean_member_with_default (order, "walk_up_no_patron", FALSE))
    gtk_label_set_text (self->purchaser_label, _("Walk-up (no patron)"));
  else
    gtk_label_set_text (self->purchaser_label, ts_order_string_member (order, "purchaser"));
  gtk_widget_set_visible (self->name_patron_button,
                          json_object_get_boolean_member_with_default (order, "walk_up_no_patron", FALSE));
  if (gift)
    recipient = g_strdup_printf (_("%s (a gift)"), ts_order_string_member (order, "recipient"));
  else
    recipient = g_strdup (_("Same as the purchaser"));
  gtk_label_set_text (self->recipient_label, recipient);

  g_string_append_printf (sold, _("%s by %s"), created, seller);
  if (g_strcmp0 (channel, "web") == 0)
    g_string_append (sold, _(", online"));
  if (exchange_of != 0)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, exchange_of);

      g_string_append_printf (sold, _(", in exchange for order %s"), number);
    }
  if (*note != '\0')
    g_string_append_printf (sold, _(". Note: %s"), note);
  gtk_label_set_text (self->sold_label, sold->str);
  g_string_free (sold, TRUE);

  ts_json_item_fill_store (self->items, self->order, "items");
  gtk_widget_set_visible (self->notice_frame, partial);
  gtk_widget_set_visible (self->payments_box, !partial);
  if (partial)
    {
      g_autofree char *notice =
        g_strdup_printf (_("%s sold this order. You see only its tickets to your own events: its other tickets, "
                           "its payments and its totals belong to the selling outlet."), seller);  /* P5 */

      gtk_label_set_text (self->notice_label, notice);
      g_list_store_remove_all (self->payments);
      gtk_label_set_text (self->totals_label, "");
    }
  else
    {
      annotate_refunds (order);
      ts_json_item_fill_store (self->payments, self->order, "payments");
      fill_totals (self, order);
    }
  update_actions (self);
}

/* C7: the outlet's time zone changed: the same order, its times in the new zone */
static void
on_time_zone_changed (TsOrderWindow *self)
{
  if (self->order != NULL)
    show_order (self);
}

static void
order_loaded (gpointer      owner,
              JsonNode     *answer,
              const GError *error)
{
  TsOrderWindow *self = owner;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      set_message (self, error ? error->message : _("The server gave no answer"), TRUE);
      update_actions (self);
      return;
    }
  g_clear_pointer (&self->order, json_node_unref);
  self->order = json_node_ref (answer);
  show_order (self);
  self->load_count++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOAD_COUNT]);
}

static void
directory_loaded (gpointer      owner,
                  JsonNode     *answer,
                  const GError *error)
{
  TsOrderWindow *self = owner;

  /* Without the directory, outlets are named by number: not worth an error. */
  self->directory = answer != NULL ? json_node_ref (answer) : NULL;
  reload (self);
}

static void
reload (TsOrderWindow *self)
{
  ts_api_client_get_order_async (self->client, self->order_id, self->cancellable, ts_api_answered,
                                 ts_api_call (self, order_loaded));
}

/* Refund, exchange and seat change --------------------------------------------------- */

static void
on_refunded (TsRefundDialog *dialog,
             gint64          amount,
             TsOrderWindow  *self)
{
  g_autofree char *money = ts_format_money (amount);
  g_autofree char *text = g_strdup_printf (_("Refunded %s."), money);

  set_message (self, text, FALSE);
  reload (self);
}

static void
refund_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TsOrderWindow *self = TS_ORDER_WINDOW (widget);
  TsRefundDialog *dialog;

  if (self->order == NULL)
    return;
  dialog = ts_refund_dialog_new (GTK_WINDOW (self), self->client, order_object (self));
  g_signal_connect_object (dialog, "refunded", G_CALLBACK (on_refunded), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_exchanged (TsExchangeDialog *dialog,
              gint64            new_order_id,
              TsOrderWindow    *self)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, new_order_id);
  g_autofree char *text = g_strdup_printf (_("Exchanged: the new tickets are order %s."), number);
  TsOrderWindow *next = ts_order_window_new (self->client, new_order_id);

  set_message (self, text, FALSE);
  reload (self);
  gtk_window_set_transient_for (GTK_WINDOW (next), gtk_window_get_transient_for (GTK_WINDOW (self)));
  gtk_window_present (GTK_WINDOW (next));
}

static void
exchange_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TsOrderWindow *self = TS_ORDER_WINDOW (widget);
  TsExchangeDialog *dialog;

  if (self->order == NULL)
    return;
  dialog = ts_exchange_dialog_new (GTK_WINDOW (self), self->client, order_object (self));
  g_signal_connect_object (dialog, "exchanged", G_CALLBACK (on_exchanged), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_seats_moved (TsSeatChangeDialog *dialog,
                guint               count,
                TsOrderWindow      *self)
{
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Seats changed: %u ticket moved.",
                                                        "Seats changed: %u tickets moved.", count), count);

  set_message (self, text, FALSE);
  reload (self);
}

static void
change_seats_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TsOrderWindow *self = TS_ORDER_WINDOW (widget);
  TsSeatChangeDialog *dialog;

  if (self->order == NULL)
    return;
  dialog = ts_seat_change_dialog_new (GTK_WINDOW (self), self->client, order_object (self));
  g_signal_connect_object (dialog, "moved", G_CALLBACK (on_seats_moved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_patron_named (TsDialog      *dialog,
                 JsonObject    *answer,
                 TsOrderWindow *self)
{
  set_message (self, _("The patron is named: the order is theirs now."), FALSE);
  reload (self);
}

/* S8: "order.name-patron", a walk-up sale's patron found and named. */
static void
name_patron_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TsOrderWindow *self = TS_ORDER_WINDOW (widget);
  TsOrderPatronDialog *dialog;

  if (self->order == NULL)
    return;
  dialog = ts_order_patron_dialog_new (GTK_WINDOW (self), self->client, self->order_id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_patron_named), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Printing ---------------------------------------------------------------------------- */

/* What a print, a PDF or a receipt became, in the window's message line. */
static void
printed (gpointer      owner,
         const char   *message,
         const GError *error)
{
  TsOrderWindow *self = owner;

  if (error != NULL)
    set_message (self, error->message, TRUE);
  else
    set_message (self, message, FALSE);
}

static void
print_tickets_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  TsOrderWindow *self = TS_ORDER_WINDOW (widget);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_val (ids, self->order_id);
  set_message (self, _("Printing the tickets…"), FALSE);
  ts_order_print_tickets (self, GTK_WINDOW (self), self->client, ids, self->cancellable, printed);
}

static void
save_pdf_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TsOrderWindow *self = TS_ORDER_WINDOW (widget);

  ts_order_save_tickets_pdf (self, GTK_WINDOW (self), self->client, self->order_id, self->cancellable, printed);
}

static void
print_receipt_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  TsOrderWindow *self = TS_ORDER_WINDOW (widget);

  if (self->order == NULL)
    return;
  set_message (self, _("Printing the receipt…"), FALSE);
  ts_order_print_receipt (self, GTK_WINDOW (self), self->client, self->order_id, order_object (self),
                          self->cancellable, printed);
}

/* F5: the new tickets printed at once; the order shows their new barcodes'
 * versions and reprint counts. */
static void
on_reprinted (TsDialog      *dialog,
              JsonObject    *answer,
              TsOrderWindow *self)
{
  JsonArray *tickets = answer != NULL ? json_object_get_array_member (answer, "tickets") : NULL;
  guint count = tickets != NULL ? json_array_get_length (tickets) : 0;
  g_autoptr(GError) error = NULL;

  reload (self);
  if (answer == NULL || !ts_order_print_ticket_answer (GTK_WINDOW (self), answer, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The tickets were reprinted, but could not be printed: %s"),
                                               error != NULL ? error->message : "");

      set_message (self, text, TRUE);
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%u ticket reprinted: its old barcode no longer admits.",
                                                          "%u tickets reprinted: their old barcodes no longer admit.",
                                                          count), count);

    set_message (self, text, FALSE);
  }
}

static void
reprint_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TsOrderWindow *self = TS_ORDER_WINDOW (widget);
  TsReprintDialog *dialog;

  if (self->order == NULL)
    return;
  dialog = ts_reprint_dialog_new (GTK_WINDOW (self), self->client, order_object (self));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_reprinted), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Type ------------------------------------------------------------------------------ */

static void
ts_order_window_dispose (GObject *object)
{
  TsOrderWindow *self = TS_ORDER_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->items);
  g_clear_object (&self->payments);
  g_clear_pointer (&self->order, json_node_unref);
  g_clear_pointer (&self->directory, json_node_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_ORDER_WINDOW);
  G_OBJECT_CLASS (ts_order_window_parent_class)->dispose (object);
}

static void
ts_order_window_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TsOrderWindow *self = TS_ORDER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ORDER_ID:
      g_value_set_int64 (value, self->order_id);
      break;
    case PROP_LOAD_COUNT:
      g_value_set_uint (value, self->load_count);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, gtk_label_get_text (self->message_label));
      break;
    case PROP_ITEMS:
      g_value_set_object (value, self->items);
      break;
    case PROP_PAYMENTS:
      g_value_set_object (value, self->payments);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_order_window_class_init (TsOrderWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_order_window_dispose;
  object_class->get_property = ts_order_window_get_property;

  /* The order shown. */
  properties[PROP_ORDER_ID] = g_param_spec_int64 ("order-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* How many times the order has loaded: 0 until the first answer, one
   * more after each refund, exchange or seat change is shown. */
  properties[PROP_LOAD_COUNT] = g_param_spec_uint ("load-count", NULL, NULL, 0, G_MAXUINT, 0,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The line under the order: what was done, or why it could not load. */
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, "",
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The tickets and other lines, and the payments, listed (TsJsonItem rows). */
  properties[PROP_ITEMS] = g_param_spec_object ("items", NULL, NULL, G_TYPE_LIST_MODEL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAYMENTS] = g_param_spec_object ("payments", NULL, NULL, G_TYPE_LIST_MODEL,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-order-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TsOrderWindow, heading_label);
  gtk_widget_class_bind_template_child (widget_class, TsOrderWindow, purchaser_label);
  gtk_widget_class_bind_template_child (widget_class, TsOrderWindow, recipient_label);
  gtk_widget_class_bind_template_child (widget_class, TsOrderWindow, sold_label);
  gtk_widget_class_bind_template_child (widget_class, TsOrderWindow, notice_frame);
  gtk_widget_class_bind_template_child (widget_class, TsOrderWindow, notice_label);
  gtk_widget_class_bind_template_child (widget_class, TsOrderWindow, items_view);
  gtk_widget_class_bind_template_child (widget_class, TsOrderWindow, payments_box);
  gtk_widget_class_bind_template_child (widget_class, TsOrderWindow, payments_view);
  gtk_widget_class_bind_template_child (widget_class, TsOrderWindow, totals_label);
  gtk_widget_class_bind_template_child (widget_class, TsOrderWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, TsOrderWindow, refund_button);
  gtk_widget_class_bind_template_child (widget_class, TsOrderWindow, exchange_button);
  gtk_widget_class_bind_template_child (widget_class, TsOrderWindow, seats_button);
  gtk_widget_class_bind_template_child (widget_class, TsOrderWindow, name_patron_button);
  gtk_widget_class_bind_template_child (widget_class, TsOrderWindow, print_button);
  gtk_widget_class_bind_template_child (widget_class, TsOrderWindow, pdf_button);
  gtk_widget_class_bind_template_child (widget_class, TsOrderWindow, receipt_button);
  gtk_widget_class_bind_template_child (widget_class, TsOrderWindow, reprint_button);
  gtk_widget_class_install_action (widget_class, "order.refund", NULL, refund_activated);
  gtk_widget_class_install_action (widget_class, "order.exchange", NULL, exchange_activated);
  gtk_widget_class_install_action (widget_class, "order.change-seats", NULL, change_seats_activated);
  gtk_widget_class_install_action (widget_class, "order.name-patron", NULL, name_patron_activated);
  gtk_widget_class_install_action (widget_class, "order.print-tickets", NULL, print_tickets_activated);
  gtk_widget_class_install_action (widget_class, "order.save-pdf", NULL, save_pdf_activated);
  gtk_widget_class_install_action (widget_class, "order.print-receipt", NULL, print_receipt_activated);
  gtk_widget_class_install_action (widget_class, "order.reprint", NULL, reprint_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "order.print-tickets", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ts_order_window_init (TsOrderWindow *self)
{
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->items = g_list_store_new (TS_TYPE_JSON_ITEM);
  self->payments = g_list_store_new (TS_TYPE_JSON_ITEM);

  /* read-only lists: rows take the focus, nothing to select */
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->items)));
  gtk_column_view_set_model (self->items_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  ts_order_add_column (self->items_view, _("Event"), item_event, 0, TRUE);
  ts_order_add_column (self->items_view, _("Date"), item_when, 0, FALSE);
  ts_order_add_column (self->items_view, _("Seat"), item_seat, 0, TRUE);
  ts_order_add_column (self->items_view, _("Ticket type"), item_type, 0, FALSE);
  ts_order_add_column (self->items_view, _("Price"), item_price, 1, FALSE);
  ts_order_add_column (self->items_view, _("Ticket no."), item_ticket_number, 1, FALSE);
  ts_order_add_column (self->items_view, _("Status"), item_status, 0, FALSE);
  ts_order_add_column (self->items_view, _("Checked in"), item_checked_in, 0, FALSE);

  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->payments)));
  gtk_column_view_set_model (self->payments_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  ts_order_add_column (self->payments_view, _("Date"), payment_when, 0, FALSE);
  ts_order_add_column (self->payments_view, _("Method"), payment_method, 0, FALSE);
  ts_order_add_column (self->payments_view, _("Amount"), payment_amount, 1, FALSE);
  ts_order_add_column (self->payments_view, _("Reference"), payment_reference, 0, FALSE);
  ts_order_add_column (self->payments_view, _("Note"), payment_note, 0, TRUE);
}

TsOrderWindow *
ts_order_window_new (TsApiClient *client,
                     gint64       order_id)
{
  TsOrderWindow *self = g_object_new (TS_TYPE_ORDER_WINDOW, NULL);
  g_autofree char *heading = order_heading (order_id);
  GApplication *application = g_application_get_default ();

  /* one of the session's windows: the application's shortcuts (Open
   * Order…) work in it too */
  if (GTK_IS_APPLICATION (application))
    gtk_window_set_application (GTK_WINDOW (self), GTK_APPLICATION (application));

  self->client = g_object_ref (client);
  self->order_id = order_id;
  g_signal_connect_object (client, "notify::time-zone", G_CALLBACK (on_time_zone_changed), self, G_CONNECT_SWAPPED);
  gtk_label_set_text (self->heading_label, heading);
  gtk_window_set_title (GTK_WINDOW (self), heading);
  update_actions (self);
  ts_api_client_get_outlet_directory_async (client, self->cancellable, ts_api_answered,
                                            ts_api_call (self, directory_loaded));
  ts_window_state_track (GTK_WINDOW (self), "order");
  return self;
}

JsonObject *
_ts_order_window_get_order (TsOrderWindow *self)
{
  return order_object (self);
}

gboolean
_ts_order_window_shows_payments (TsOrderWindow *self)
{
  return gtk_widget_get_visible (self->payments_box);
}

const char *
_ts_order_window_get_notice (TsOrderWindow *self)
{
  return gtk_widget_get_visible (self->notice_frame) ? gtk_label_get_text (self->notice_label) : "";
}

const char *
_ts_order_window_get_totals (TsOrderWindow *self)
{
  return gtk_label_get_text (self->totals_label);
}

gboolean
_ts_order_window_can_refund (TsOrderWindow *self)
{
  return gtk_widget_get_sensitive (self->refund_button);
}

const char *
_ts_order_window_get_refund_tip (TsOrderWindow *self)
{
  return gtk_widget_get_tooltip_text (self->refund_button);
}

gboolean
_ts_order_window_can_change_seats (TsOrderWindow *self)
{
  return gtk_widget_get_sensitive (self->seats_button);
}

const char *
_ts_order_window_get_purchaser (TsOrderWindow *self)
{
  return gtk_label_get_text (self->purchaser_label);
}

gboolean
_ts_order_window_offers_name_patron (TsOrderWindow *self)
{
  return gtk_widget_get_visible (self->name_patron_button) && gtk_widget_get_sensitive (self->name_patron_button);
}

const char *
_ts_order_window_get_seats_tip (TsOrderWindow *self)
{
  return gtk_widget_get_tooltip_text (self->seats_button);
}

void
_ts_order_window_save_pdf_to (TsOrderWindow *self,
                              GFile         *file)
{
  ts_order_save_tickets_pdf_to (self, self->client, self->order_id, file, self->cancellable, printed);
}
