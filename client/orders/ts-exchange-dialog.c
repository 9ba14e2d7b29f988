/* ts-exchange-dialog.c — tickets to give back, the new tickets, the
 * difference; one POST /orders/{id}/exchange
 *
 * The new tickets are chosen as at a sale: a performance the caller may sell
 * (E4), a ticket type it offers, and a free seat or general-admission
 * places.  Free seats come from ts-free-seats.h; seats given back in
 * this exchange count as free, since the refund frees them in the same
 * transaction.  The idempotency key is made once per dialog, so pressing
 * Exchange twice never sells twice (S2).  Where only an override would let
 * the new tickets be sold (S3: a closed sales window, a past or postponed
 * performance, a limit or cap), the owning outlet's agent is asked whether
 * to override, and why, and the same exchange is sent again with it. */
#include <glib/gi18n.h>

#include "ts-api-orders.h"
#include "ts-api-sales.h"
#include "ts-format.h"
#include "ts-order-format.h"
#include "ts-free-seats.h"
#include "ts-override-dialog.h"
#include "ts-exchange-dialog-private.h"
#include "ts-ticket-checks.h"

struct _TsExchangeDialog
{
  TsDialog        parent_instance;

  GtkLabel       *items_heading;
  GtkBox         *items_box;
  GtkDropDown    *performance_dropdown;
  GtkDropDown    *type_dropdown;
  GtkCheckButton *seat_radio;
  GtkDropDown    *seat_dropdown;
  GtkCheckButton *area_radio;
  GtkDropDown    *area_dropdown;
  GtkSpinButton  *quantity_spin;
  GtkLabel       *promo_label;
  GtkEntry       *promo_entry;
  GtkLabel       *summary_label;
  GtkLabel       *method_label;
  GtkDropDown    *method_dropdown;
  GtkEntry       *reference_entry;
  GtkEntry       *reason_entry;
  GtkLabel       *methods_note;

  GCancellable   *perf_cancellable; /* the chosen performance's loads */
  JsonObject     *order;
  char           *idempotency_key;
  gint64          sent_owner;       /* the outlet owning its new tickets' performance */
  GPtrArray      *checks;           /* GtkCheckButton, one a sold ticket (ts-ticket-checks.h) */

  JsonArray      *performances;     /* GET /sales/performances */
  JsonObject     *offer;            /* GET /performances/{id}/offer */
  JsonObject     *claims;           /* GET /performances/{id}/seats */
  GPtrArray      *types;            /* JsonObject of the offer, as the drop-down shows them */
  GPtrArray      *seats;            /* TsFreeSeat: free, or the order's own there */
  GPtrArray      *free_seats;       /* TsFreeSeat * of seats, as the drop-down shows them */
  char           *kept_guid;        /* the seat chosen when seats was replaced */
  GPtrArray      *areas;            /* JsonObject of claims' "ga", as the drop-down shows them */
  char           *kept_area;        /* the area chosen when claims was replaced */
  gint64          kept_type;        /* the type chosen when offer was replaced */
  GStrv           methods;
  gint64          credit;
  gint64          total;
  guint           pending;          /* requests in flight */
  gboolean        filling;          /* drop-downs being refilled: no reloads */
};

G_DEFINE_FINAL_TYPE (TsExchangeDialog, ts_exchange_dialog, TS_TYPE_DIALOG)

enum { EXCHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void update (TsExchangeDialog *self);

static JsonObject *
chosen_performance (TsExchangeDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->performance_dropdown);

  if (self->performances == NULL || i >= json_array_get_length (self->performances))
    return NULL;
  return json_array_get_object_element (self->performances, i);
}

static gint64
chosen_performance_id (TsExchangeDialog *self)
{
  JsonObject *perf = chosen_performance (self);

  return perf != NULL ? json_object_get_int_member (perf, "id") : 0;
}

static JsonObject *
chosen_type (TsExchangeDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->type_dropdown);

  return i < self->types->len ? g_ptr_array_index (self->types, i) : NULL;
}

static TsFreeSeat *
chosen_seat (TsExchangeDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->seat_dropdown);

  if (!gtk_check_button_get_active (self->seat_radio) || i >= self->free_seats->len)
    return NULL;
  return g_ptr_array_index (self->free_seats, i);
}

static JsonObject *
chosen_area (TsExchangeDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->area_dropdown);

  if (!gtk_check_button_get_active (self->area_radio) || i >= self->areas->len)
    return NULL;
  return g_ptr_array_index (self->areas, i);
}

/* Is this item given back, at the chosen performance? */
static gboolean
given_back_here (TsExchangeDialog *self,
                 GtkWidget        *check)
{
  return gtk_check_button_get_active (GTK_CHECK_BUTTON (check))
         && json_object_get_int_member_with_default (ts_ticket_check_get_item (check), "performance_id", 0)
            == chosen_performance_id (self);
}

/* Price of the chosen type in a price category (T4): the redemption's
 * price for that zone, else the type's own; comps are free. */
static gint64
price_in (JsonObject *type,
          const char *category)
{
  JsonArray *prices = json_object_get_array_member (type, "prices");

  if (g_strcmp0 (ts_order_string_member (type, "category"), "comp") == 0)
    return 0;
  for (guint i = 0; category != NULL && prices != NULL && i < json_array_get_length (prices); i++)
    {
      JsonObject *price = json_array_get_object_element (prices, i);

      if (g_strcmp0 (ts_order_string_member (price, "category"), category) == 0)
        return json_object_get_int_member (price, "price_cents");
    }
  return json_object_get_int_member_with_default (type, "price_cents", 0);
}

/* Free places ------------------------------------------------------------------------ */

static void
fill_places (TsExchangeDialog *self)
{
  g_autoptr(GHashTable) given_back = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GtkStringList) seat_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) area_names = gtk_string_list_new (NULL);
  const char *previous_guid = NULL;
  const char *previous_area = NULL;
  TsFreeSeat *previous = chosen_seat (self);
  g_autofree char *kept_guid = g_steal_pointer (&self->kept_guid);
  g_autofree char *kept_area = g_steal_pointer (&self->kept_area);
  JsonObject *area = chosen_area (self);
  JsonArray *ga;
  guint selected_seat = 0, selected_area = 0;
  gboolean seat_gone, area_gone;

  /* a place chosen before and taken since is not swapped for another
   * behind the person's back: the choice is emptied instead */
  previous_guid = previous != NULL ? previous->guid : kept_guid;
  previous_area = area != NULL ? ts_order_string_member (area, "area") : kept_area;
  seat_gone = previous_guid != NULL;
  area_gone = previous_area != NULL;
  g_ptr_array_set_size (self->free_seats, 0);
  g_ptr_array_set_size (self->areas, 0);

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->checks, i);

      if (given_back_here (self, check))
        g_hash_table_add (given_back, (gpointer) ts_order_string_member (ts_ticket_check_get_item (check), "seat"));
    }
  for (guint i = 0; self->seats != NULL && i < self->seats->len; i++)
    {
      TsFreeSeat *seat = g_ptr_array_index (self->seats, i);

      if (seat->own && !g_hash_table_contains (given_back, seat->guid))
        continue;
      if (g_strcmp0 (seat->guid, previous_guid) == 0)
        {
          selected_seat = self->free_seats->len;
          seat_gone = FALSE;
        }
      gtk_string_list_append (seat_names, seat->name);
      g_ptr_array_add (self->free_seats, seat);
    }

  ga = self->claims != NULL ? json_object_get_array_member (self->claims, "ga") : NULL;
  for (guint i = 0; ga != NULL && i < json_array_get_length (ga); i++)
    {
      JsonObject *a = json_array_get_object_element (ga, i);
      gint64 left = json_object_get_int_member_with_default (a, "capacity", 0)
                    - json_object_get_int_member_with_default (a, "taken", 0);
      g_autofree char *name = NULL;

      for (guint c = 0; c < self->checks->len; c++)
        {
          GtkWidget *check = g_ptr_array_index (self->checks, c);

          if (given_back_here (self, check)
              && g_strcmp0 (ts_order_string_member (ts_ticket_check_get_item (check), "area"),
                            ts_order_string_member (a, "area")) == 0)
            left++;
        }
      if (left <= 0)
        continue;
      json_object_set_int_member (a, "left", left);
      if (g_strcmp0 (ts_order_string_member (a, "area"), previous_area) == 0)
        {
          selected_area = self->areas->len;
          area_gone = FALSE;
        }
      name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%u place left)", "%s (%u places left)", (gulong) left),
                              *ts_order_string_member (a, "name") ? ts_order_string_member (a, "name")
                                                                  : ts_order_string_member (a, "area"),
                              (guint) left);
      gtk_string_list_append (area_names, name);
      g_ptr_array_add (self->areas, a);
    }

  self->filling = TRUE;
  gtk_drop_down_set_model (self->seat_dropdown, G_LIST_MODEL (seat_names));
  gtk_drop_down_set_selected (self->seat_dropdown, self->free_seats->len > 0 && !seat_gone
                                                   ? selected_seat : GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_model (self->area_dropdown, G_LIST_MODEL (area_names));
  gtk_drop_down_set_selected (self->area_dropdown, self->areas->len > 0 && !area_gone
                                                   ? selected_area : GTK_INVALID_LIST_POSITION);
  gtk_widget_set_sensitive (GTK_WIDGET (self->seat_radio), self->free_seats->len > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->area_radio), self->areas->len > 0);
  if (self->free_seats->len == 0 && self->areas->len > 0)
    gtk_check_button_set_active (self->area_radio, TRUE);
  else if (self->areas->len == 0 && self->free_seats->len > 0)
    gtk_check_button_set_active (self->seat_radio, TRUE);
  self->filling = FALSE;
}

static void
fill_types (TsExchangeDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  JsonObject *previous = chosen_type (self);
  gint64 previous_id = previous ? json_object_get_int_member (previous, "ticket_type_id") : self->kept_type;
  JsonArray *types = self->offer ? json_object_get_array_member (self->offer, "ticket_types") : NULL;
  guint selected = 0;

  g_ptr_array_set_size (self->types, 0);
  for (guint i = 0; types != NULL && i < json_array_get_length (types); i++)
    {
      JsonObject *type = json_array_get_object_element (types, i);
      const char *category = ts_order_string_member (type, "category");
      g_autofree char *price = NULL;
      g_autofree char *name = NULL;

      /* comps need a reason, bundle components a voucher: not exchanges */
      if (g_str_equal (category, "comp") || g_str_equal (category, "bundle_component")
          || g_str_equal (category, "subscription"))
        continue;
      if (json_object_get_int_member (type, "ticket_type_id") == previous_id)
        selected = self->types->len;
      price = ts_format_money (json_object_get_int_member_with_default (type, "price_cents", 0));
      name = g_strdup_printf ("%s — %s", json_object_get_string_member (type, "name"), price);
      gtk_string_list_append (names, name);
      g_ptr_array_add (self->types, type);
    }
  self->filling = TRUE;
  gtk_drop_down_set_model (self->type_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->type_dropdown, self->types->len > 0 ? selected : GTK_INVALID_LIST_POSITION);
  self->filling = FALSE;
}

/* Loading ------------------------------------------------------------------------------ */

static void
load_done (TsExchangeDialog *self)
{
  self->pending--;
  if (self->pending == 0)
    {
      fill_types (self);
      fill_places (self);
      update (self);
    }
}

/* The areas the drop-down points into go with the claims they are in: the
 * chosen one is kept by its key until the drop-down is filled again. */
static void
forget_areas (TsExchangeDialog *self)
{
  JsonObject *area = chosen_area (self);

  if (area != NULL)
    {
      g_free (self->kept_area);
      self->kept_area = g_strdup (ts_order_string_member (area, "area"));
    }
  g_ptr_array_set_size (self->areas, 0);
}

/* The seats the drop-down points into go: the chosen one is kept by its
 * GUID until the drop-down is filled again. */
static void
replace_seats (TsExchangeDialog *self,
               GPtrArray        *seats)
{
  TsFreeSeat *chosen = chosen_seat (self);

  if (chosen != NULL)
    {
      g_free (self->kept_guid);
      self->kept_guid = g_strdup (chosen->guid);
    }
  g_ptr_array_set_size (self->free_seats, 0);
  g_clear_pointer (&self->seats, g_ptr_array_unref);
  self->seats = seats;
}

static void
places_loaded (TsDialog   *dialog,
               GPtrArray  *seats,
               JsonObject *claims)
{
  TsExchangeDialog *self = TS_EXCHANGE_DIALOG (dialog);

  if (seats != NULL)
    {
      replace_seats (self, g_ptr_array_ref (seats));
      forget_areas (self);
      g_clear_pointer (&self->claims, json_object_unref);
      self->claims = claims != NULL ? json_object_ref (claims) : NULL;
    }
  load_done (self);
}

/* The free places at the chosen performance, with the order's own seats
 * there (free once given back). */
static void
load_places (TsExchangeDialog *self)
{
  JsonObject *perf = chosen_performance (self);
  gint64 id = chosen_performance_id (self);
  JsonArray *items = json_object_get_array_member (self->order, "items");
  g_autoptr(GStrvBuilder) own = g_strv_builder_new ();
  g_auto(GStrv) own_seats = NULL;

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (json_object_get_int_member_with_default (item, "performance_id", 0) == id
          && g_strcmp0 (ts_order_string_member (item, "status"), "sold") == 0
          && *ts_order_string_member (item, "seat") != '\0')
        g_strv_builder_add (own, ts_order_string_member (item, "seat"));
    }
  own_seats = g_strv_builder_end (own);
  self->pending++;
  ts_free_seats_load_for (TS_DIALOG (self), id, json_object_get_int_member_with_default (perf, "map_id", 0),
                          (const char * const *) own_seats, self->perf_cancellable, places_loaded);
}

static void
offer_loaded (TsDialog     *dialog,
              JsonNode     *answer,
              const GError *error)
{
  TsExchangeDialog *self = TS_EXCHANGE_DIALOG (dialog);

  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_clear_pointer (&self->offer, json_object_unref);
      self->offer = json_object_ref (json_node_get_object (answer));
    }
  load_done (self);
}

static void
on_performance_changed (TsExchangeDialog *self)
{
  gint64 id = chosen_performance_id (self);
  JsonObject *type;

  if (self->filling)
    return;
  g_cancellable_cancel (self->perf_cancellable);
  g_clear_object (&self->perf_cancellable);
  self->perf_cancellable = g_cancellable_new ();
  /* the types and areas shown point into the offer and the claims going
   * away: the choices are kept by id, as the seat's is by GUID */
  type = chosen_type (self);
  if (type != NULL)
    self->kept_type = json_object_get_int_member (type, "ticket_type_id");
  g_ptr_array_set_size (self->types, 0);
  forget_areas (self);
  g_clear_pointer (&self->offer, json_object_unref);
  g_clear_pointer (&self->claims, json_object_unref);
  replace_seats (self, NULL);
  self->pending = 0;
  fill_types (self);
  fill_places (self);
  if (id == 0)
    {
      update (self);
      return;
    }
  ts_dialog_set_message (TS_DIALOG (self), NULL);
  self->pending = 1;
  ts_api_client_get_performance_offer_async (ts_dialog_get_client (TS_DIALOG (self)), id, self->perf_cancellable,
                                             ts_dialog_answered, ts_dialog_call (TS_DIALOG (self), offer_loaded));
  load_places (self);
  update (self);
}

static void
reload_places (TsExchangeDialog *self)
{
  if (chosen_performance_id (self) == 0)
    return;
  load_places (self);
  update (self);
}

static void
performances_loaded (TsDialog     *dialog,
                     JsonNode     *answer,
                     const GError *error)
{
  TsExchangeDialog *self = TS_EXCHANGE_DIALOG (dialog);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 first_sold_perf = 0;
  guint selected = 0;
  JsonArray *items;

  self->pending--;
  if (answer == NULL || !JSON_NODE_HOLDS_ARRAY (answer))
    {
      update (self);
      return;
    }
  self->performances = json_array_ref (json_node_get_array (answer));
  items = json_object_get_array_member (self->order, "items");
  for (guint i = 0; items != NULL && i < json_array_get_length (items) && first_sold_perf == 0; i++)
    if (g_strcmp0 (ts_order_string_member (json_array_get_object_element (items, i), "status"), "sold") == 0)
      first_sold_perf = json_object_get_int_member_with_default (json_array_get_object_element (items, i),
                                                                 "performance_id", 0);
  for (guint i = 0; i < json_array_get_length (self->performances); i++)
    {
      JsonObject *perf = json_array_get_object_element (self->performances, i);
      g_autofree char *when = ts_format_time (ts_order_string_member (perf, "starts_at"), TS_TIME_LONG);
      g_autofree char *name = NULL;

      if (g_strcmp0 (ts_order_string_member (perf, "role"), "seller") == 0)
        name = g_strdup_printf (_("%s — %s, %s (%s)"), ts_order_string_member (perf, "event"), when,
                                ts_order_string_member (perf, "venue"), ts_order_string_member (perf, "outlet"));
      else
        name = g_strdup_printf (_("%s — %s, %s"), ts_order_string_member (perf, "event"), when,
                                ts_order_string_member (perf, "venue"));
      gtk_string_list_append (names, name);
      if (json_object_get_int_member (perf, "id") == first_sold_perf)
        selected = i;
    }
  if (json_array_get_length (self->performances) == 0)
    ts_dialog_set_message (dialog, _("There is no performance you may sell now."));
  self->filling = TRUE;
  gtk_drop_down_set_model (self->performance_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->performance_dropdown,
                              json_array_get_length (self->performances) > 0 ? selected : GTK_INVALID_LIST_POSITION);
  self->filling = FALSE;
  on_performance_changed (self);
}

/* The sums -------------------------------------------------------------------------------- */

static void
update (TsExchangeDialog *self)
{
  JsonObject *type = chosen_type (self);
  JsonObject *perf = chosen_performance (self);
  TsFreeSeat *seat = chosen_seat (self);
  JsonObject *area = chosen_area (self);
  gint64 acting = ts_order_acting_outlet (ts_dialog_get_client (TS_DIALOG (self)), self->order);
  gint64 difference;
  gboolean own;
  g_autofree char *credit_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *difference_text = NULL;
  g_autofree char *summary = NULL;
  GStrv methods;

  if (self->filling)
    return;

  self->credit = 0;
  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->checks, i);

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        self->credit += json_object_get_int_member_with_default (ts_ticket_check_get_item (check), "price_cents", 0);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->seat_dropdown), gtk_check_button_get_active (self->seat_radio));
  gtk_widget_set_sensitive (GTK_WIDGET (self->area_dropdown), gtk_check_button_get_active (self->area_radio));
  gtk_widget_set_sensitive (GTK_WIDGET (self->quantity_spin), gtk_check_button_get_active (self->area_radio));
  if (area != NULL)
    {
      /* clamping the quantity must not come back here half-way */
      self->filling = TRUE;
      gtk_spin_button_set_range (self->quantity_spin, 1, MAX (1, json_object_get_int_member (area, "left")));
      self->filling = FALSE;
    }

  self->total = 0;
  if (type != NULL && seat != NULL)
    self->total = price_in (type, seat->category);
  else if (type != NULL && area != NULL)
    self->total = price_in (type, ts_order_string_member (area, "category"))
                  * gtk_spin_button_get_value_as_int (self->quantity_spin);
  gtk_widget_set_visible (GTK_WIDGET (self->promo_label),
                          type != NULL && json_object_get_boolean_member_with_default (type, "promo_code_required", FALSE));
  gtk_widget_set_visible (GTK_WIDGET (self->promo_entry), gtk_widget_get_visible (GTK_WIDGET (self->promo_label)));

  difference = self->total - self->credit;
  credit_text = ts_format_money (self->credit);
  total_text = ts_format_money (self->total);
  difference_text = ts_format_money (ABS (difference));
  if (type == NULL || (seat == NULL && area == NULL))
    {
      summary = g_strdup_printf (_("Credit %s · Choose the new tickets."), credit_text);
      difference = 0;
    }
  else if (difference > 0)
    summary = g_strdup_printf (_("Credit %s · New tickets %s · To pay %s"), credit_text, total_text, difference_text);
  else if (difference < 0)
    summary = g_strdup_printf (_("Credit %s · New tickets %s · To pay back %s"), credit_text, total_text, difference_text);
  else
    summary = g_strdup_printf (_("Credit %s · New tickets %s · Nothing to pay"), credit_text, total_text);
  gtk_label_set_text (self->summary_label, summary);

  /* S4: the difference on another outlet's tickets is real money; unused
   * credit is always paid back in cash, cheque or card. */
  own = difference > 0 && perf != NULL && json_object_get_int_member_with_default (perf, "outlet_id", 0) == acting;
  /* C7: what is paid in goes through the outlet's tills, which take only
   * their methods; what is paid back is not limited so */
  methods = ts_order_fill_methods (self->method_dropdown, own,
                                   difference > 0 ? ts_api_client_get_payment_methods (ts_dialog_get_client (TS_DIALOG (self)))
                                                  : NULL,
                                   self->methods);
  g_strfreev (self->methods);
  self->methods = methods;
  gtk_label_set_text_with_mnemonic (self->method_label, difference < 0 ? _("Pay back _by") : _("Pay _by"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->method_dropdown), difference != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reference_entry), difference != 0);
  if (difference > 0 && !own)
    gtk_label_set_text (self->methods_note, _("The new tickets are another outlet’s, so the difference is paid by cash, "
                                              "cheque or card only."));  /* S4 */
  else if (difference < 0)
    gtk_label_set_text (self->methods_note, _("Credit the new tickets do not use is paid back by cash, cheque or card, "
                                              "from your till."));  /* S7 */
  gtk_widget_set_visible (GTK_WIDGET (self->methods_note), (difference > 0 && !own) || difference < 0);
  /* the choices are made from what is loading */
  ts_dialog_set_ready (TS_DIALOG (self), self->pending == 0);
}

static void
on_item_toggled (TsExchangeDialog *self)
{
  /* a seat given back at the chosen performance is free for the new tickets */
  fill_places (self);
  update (self);
}

static void
on_area_changed (TsExchangeDialog *self)
{
  if (!self->filling)
    update (self);
}

/* Submitting ---------------------------------------------------------------------------- */

static void
exchanged (TsDialog     *dialog,
           JsonNode     *answer,
           const GError *error)
{
  TsExchangeDialog *self = TS_EXCHANGE_DIALOG (dialog);
  JsonObject *order = NULL;

  if (error == NULL)
    {
      if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
        order = json_object_get_object_member (json_node_get_object (answer), "order");
      g_signal_emit (self, signals[EXCHANGED], 0, order ? json_object_get_int_member (order, "id") : (gint64) 0);
    }
  /* S3: where only an override would let the new tickets be sold, the
   * owning outlet's agent may give one, which goes with the sale ("new");
   * otherwise a place may have been taken meanwhile: show what is free now */
  else if (!ts_override_dialog_ask (dialog, error, self->sent_owner, "new"))
    reload_places (self);
}

static void
add_payment (JsonBuilder *builder,
             const char  *member,
             const char  *method,
             gint64       amount,
             const char  *reference)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, method);
  json_builder_set_member_name (builder, "amount_cents");
  json_builder_add_int_value (builder, amount);
  if (*reference != '\0')
    {
      json_builder_set_member_name (builder, "reference");
      json_builder_add_string_value (builder, reference);
    }
  json_builder_end_object (builder);
  json_builder_end_array (builder);
}

/* The exchange, sent again with the reason of an override (S3) */
static void
send_exchange (TsDialog            *dialog,
               JsonNode            *body,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             call)
{
  TsExchangeDialog *self = TS_EXCHANGE_DIALOG (dialog);

  ts_api_client_exchange_order_async (ts_dialog_get_client (dialog), json_object_get_int_member (self->order, "id"),
                                      body, cancellable, callback, call);
}

static void
submit (TsDialog *dialog)
{
  TsExchangeDialog *self = TS_EXCHANGE_DIALOG (dialog);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));
  g_autofree char *reference = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reference_entry))));
  g_autofree char *promo = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->promo_entry))));
  JsonObject *type = chosen_type (self);
  JsonObject *perf = chosen_performance (self);
  TsFreeSeat *seat = chosen_seat (self);
  JsonObject *area = chosen_area (self);
  guint method = gtk_drop_down_get_selected (self->method_dropdown);
  gint64 difference = self->total - self->credit;

  if (ts_ticket_checks_count_chosen (self->checks) == 0)
    {
      ts_dialog_refuse (dialog, self->checks->len > 0 ? g_ptr_array_index (self->checks, 0) : NULL,
                        _("Choose the tickets to give back."));
      return;
    }
  if (type == NULL || perf == NULL)
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->performance_dropdown),
                        _("Choose a performance and a ticket type for the new tickets."));
      return;
    }
  if (seat == NULL && area == NULL)
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->seat_dropdown),
                        _("Choose a free seat or a general-admission area for the new tickets."));
      return;
    }
  if (difference != 0 && (self->methods == NULL || method >= g_strv_length (self->methods)))
    {
      ts_dialog_set_message (dialog, _("Choose how the difference is paid."));
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  ts_ticket_checks_add_chosen (self->checks, builder);
  json_builder_end_array (builder);
  if (*reason != '\0')
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, reason);
    }
  json_builder_set_member_name (builder, "new");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "idempotency_key");
  json_builder_add_string_value (builder, self->idempotency_key);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "performance_id");
  json_builder_add_int_value (builder, chosen_performance_id (self));
  if (seat != NULL)
    {
      json_builder_set_member_name (builder, "seat");
      json_builder_add_string_value (builder, seat->guid);
    }
  else
    {
      json_builder_set_member_name (builder, "area");
      json_builder_add_string_value (builder, ts_order_string_member (area, "area"));
      json_builder_set_member_name (builder, "quantity");
      json_builder_add_int_value (builder, gtk_spin_button_get_value_as_int (self->quantity_spin));
    }
  json_builder_set_member_name (builder, "ticket_type_id");
  json_builder_add_int_value (builder, json_object_get_int_member (type, "ticket_type_id"));
  if (gtk_widget_get_visible (GTK_WIDGET (self->promo_entry)) && *promo != '\0')
    {
      json_builder_set_member_name (builder, "promo_code");
      json_builder_add_string_value (builder, promo);
    }
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  if (difference > 0)
    add_payment (builder, "payments", self->methods[method], difference, reference);
  else if (difference < 0)
    add_payment (builder, "refund_payments", self->methods[method], -difference, reference);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  self->sent_owner = json_object_get_int_member_with_default (perf, "outlet_id", 0);
  ts_dialog_send (dialog, send_exchange, body, exchanged);
}

/* Type ----------------------------------------------------------------------------------- */

static void
ts_exchange_dialog_dispose (GObject *object)
{
  TsExchangeDialog *self = TS_EXCHANGE_DIALOG (object);

  if (self->perf_cancellable != NULL)
    g_cancellable_cancel (self->perf_cancellable);
  g_clear_object (&self->perf_cancellable);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_EXCHANGE_DIALOG);
  G_OBJECT_CLASS (ts_exchange_dialog_parent_class)->dispose (object);
}

static void
ts_exchange_dialog_finalize (GObject *object)
{
  TsExchangeDialog *self = TS_EXCHANGE_DIALOG (object);

  g_clear_pointer (&self->order, json_object_unref);
  g_clear_pointer (&self->performances, json_array_unref);
  g_clear_pointer (&self->offer, json_object_unref);
  g_clear_pointer (&self->claims, json_object_unref);
  g_clear_pointer (&self->seats, g_ptr_array_unref);
  g_free (self->kept_guid);
  g_free (self->kept_area);
  g_ptr_array_unref (self->types);
  g_ptr_array_unref (self->free_seats);
  g_ptr_array_unref (self->areas);
  g_strfreev (self->methods);
  g_free (self->idempotency_key);
  G_OBJECT_CLASS (ts_exchange_dialog_parent_class)->finalize (object);
}

static void
ts_exchange_dialog_class_init (TsExchangeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_exchange_dialog_dispose;
  object_class->finalize = ts_exchange_dialog_finalize;
  TS_DIALOG_CLASS (klass)->submit = submit;
  signals[EXCHANGED] = g_signal_new ("exchanged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-exchange-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsExchangeDialog, items_heading);
  gtk_widget_class_bind_template_child (widget_class, TsExchangeDialog, items_box);
  gtk_widget_class_bind_template_child (widget_class, TsExchangeDialog, performance_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsExchangeDialog, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsExchangeDialog, seat_radio);
  gtk_widget_class_bind_template_child (widget_class, TsExchangeDialog, seat_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsExchangeDialog, area_radio);
  gtk_widget_class_bind_template_child (widget_class, TsExchangeDialog, area_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsExchangeDialog, quantity_spin);
  gtk_widget_class_bind_template_child (widget_class, TsExchangeDialog, promo_label);
  gtk_widget_class_bind_template_child (widget_class, TsExchangeDialog, promo_entry);
  gtk_widget_class_bind_template_child (widget_class, TsExchangeDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TsExchangeDialog, method_label);
  gtk_widget_class_bind_template_child (widget_class, TsExchangeDialog, method_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsExchangeDialog, reference_entry);
  gtk_widget_class_bind_template_child (widget_class, TsExchangeDialog, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, TsExchangeDialog, methods_note);
  gtk_widget_class_bind_template_callback (widget_class, on_performance_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_area_changed);
  gtk_widget_class_bind_template_callback (widget_class, update);
}

static void
ts_exchange_dialog_init (TsExchangeDialog *self)
{
  GtkExpression *expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  self->filling = TRUE;           /* no reloads while the template builds */
  gtk_widget_init_template (GTK_WIDGET (self));
  self->filling = FALSE;
  self->perf_cancellable = g_cancellable_new ();
  self->idempotency_key = g_uuid_string_random ();
  self->checks = g_ptr_array_new ();
  self->types = g_ptr_array_new ();
  self->free_seats = g_ptr_array_new ();
  self->areas = g_ptr_array_new ();
  /* typing a seat's name finds it among hundreds */
  gtk_drop_down_set_expression (self->seat_dropdown, expression);
  gtk_expression_unref (expression);
}

TsExchangeDialog *
ts_exchange_dialog_new (GtkWindow   *parent,
                        TsApiClient *client,
                        JsonObject  *order)
{
  TsExchangeDialog *self = g_object_new (TS_TYPE_EXCHANGE_DIALOG, "transient-for", parent, "client", client, NULL);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (order, "id"));
  g_autofree char *title = g_strdup_printf (_("Exchange Tickets of Order %s"), number);

  self->order = json_object_ref (order);
  gtk_window_set_title (GTK_WINDOW (self), title);
  ts_ticket_checks_fill (self->checks, self->items_box, self->items_heading, order,
                         G_CALLBACK (on_item_toggled), self);
  self->pending = 1;
  update (self);
  ts_api_client_list_sales_performances_async (client, ts_dialog_get_cancellable (TS_DIALOG (self)),
                                               ts_dialog_answered, ts_dialog_call (TS_DIALOG (self), performances_loaded));
  return self;
}

gboolean
_ts_exchange_dialog_choose_item (TsExchangeDialog *self,
                                 gint64            item_id,
                                 gboolean          chosen)
{
  return ts_ticket_checks_choose (self->checks, item_id, chosen);
}

gboolean
_ts_exchange_dialog_choose_performance (TsExchangeDialog *self,
                                        gint64            performance_id)
{
  for (guint i = 0; self->performances != NULL && i < json_array_get_length (self->performances); i++)
    if (json_object_get_int_member (json_array_get_object_element (self->performances, i), "id") == performance_id)
      {
        if (gtk_drop_down_get_selected (self->performance_dropdown) != i)
          gtk_drop_down_set_selected (self->performance_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
_ts_exchange_dialog_choose_ticket_type (TsExchangeDialog *self,
                                        gint64            ticket_type_id)
{
  for (guint i = 0; i < self->types->len; i++)
    if (json_object_get_int_member (g_ptr_array_index (self->types, i), "ticket_type_id") == ticket_type_id)
      {
        gtk_drop_down_set_selected (self->type_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
_ts_exchange_dialog_choose_seat (TsExchangeDialog *self,
                                 const char       *guid)
{
  for (guint i = 0; i < self->free_seats->len; i++)
    if (g_strcmp0 (((TsFreeSeat *) g_ptr_array_index (self->free_seats, i))->guid, guid) == 0)
      {
        gtk_check_button_set_active (self->seat_radio, TRUE);
        gtk_drop_down_set_selected (self->seat_dropdown, i);
        update (self);
        return TRUE;
      }
  return FALSE;
}

guint
_ts_exchange_dialog_count_free_seats (TsExchangeDialog *self)
{
  return self->free_seats->len;
}

gint64
_ts_exchange_dialog_get_difference (TsExchangeDialog *self)
{
  return self->total - self->credit;
}

const char * const *
_ts_exchange_dialog_get_methods (TsExchangeDialog *self)
{
  return (const char * const *) self->methods;
}

gboolean
_ts_exchange_dialog_fill (TsExchangeDialog *self,
                          const char       *method,
                          const char       *reason)
{
  gboolean found = method == NULL;

  for (guint i = 0; method != NULL && self->methods != NULL && self->methods[i] != NULL; i++)
    if (g_strcmp0 (self->methods[i], method) == 0)
      {
        gtk_drop_down_set_selected (self->method_dropdown, i);
        found = TRUE;
      }
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), reason ? reason : "");
  return found;
}
