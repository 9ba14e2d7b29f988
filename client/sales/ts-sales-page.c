/* ts-sales-page.c — selling from the live seat map (rules S1–S4, M5–M8, E4, T5)
 *
 * Left, the performances the outlet may sell now (its own, and other
 * outlets' in their window, E4).  Centre, the seat map with every seat's
 * state and letter, kept current by the live feed, with general-admission
 * areas below it.  Right, the cart: the seats held for this sale with their
 * countdown (S1), a ticket type per seat, the patron, the payment and Sell.
 * The server decides everything; this page shows what it says.  Where it
 * says only an override would allow a hold or a sale (S3), the owning
 * outlet's agent is asked whether to override, and why; the override then
 * goes with every hold and the sale of this cart, shown above it until the
 * sale is done, the cart released or the agent stops it. */
#include <string.h>

#include <glib/gi18n.h>

#include "ts-cart.h"
#include "ts-checkout.h"
#include "ts-error.h"
#include "ts-json.h"
#include "ts-money.h"
#include "ts-override-dialog.h"
#include "ts-performance-picker.h"
#include "ts-sales-map.h"
#include "ts-sales-page.h"
#include "ts-will-call-window.h"

struct _TsSalesPage
{
  GtkWidget       parent_instance;

  TsApiClient    *client;
  GCancellable   *cancellable;
  guint           busy;

  GtkWidget      *paned;
  TsPerformancePicker *picker;

  gint64          performance_id;
  gint64          map_id;
  GtkLabel        *title;
  TsSalesMap      *sales_map;
  TsSeatMap       *map;                /* the sales map's */

  TsCart          *cart;
  GSimpleActionGroup *actions;
  gboolean         sell_when_idle;     /* the overridden sale waits for the page's requests in flight */

  TsCheckout      *checkout;
  GtkButton       *will_call_button;
  GtkLabel        *message;
  char            *idempotency_key;    /* one per sale attempt: a retry sends the same (S2) */
  gboolean         disposed;           /* widgets going away: their signals are ignored */
};

G_DEFINE_FINAL_TYPE (TsSalesPage, ts_sales_page, GTK_TYPE_WIDGET)

enum { ORDER_SOLD, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean is_busy (TsSalesPage *self);
static void update_buttons (TsSalesPage *self);

/* Small helpers ------------------------------------------------------------------ */

static void
set_message (TsSalesPage *self,
             const char  *text,
             gboolean     is_error)
{
  gtk_label_set_text (self->message, text ? text : "");
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message), "error");
}

/* Requests of the page and of its parts in flight. */
static gboolean
is_busy (TsSalesPage *self)
{
  gboolean loading = FALSE, map_busy = FALSE;

  if (self->picker != NULL)
    g_object_get (self->picker, "loading", &loading, NULL);
  if (self->sales_map != NULL)
    g_object_get (self->sales_map, "busy", &map_busy, NULL);
  return self->busy > 0 || loading || map_busy;
}

static void
busy_changed (TsSalesPage *self)
{
  update_buttons (self);
  if (!is_busy (self) && self->sell_when_idle)
    {
      self->sell_when_idle = FALSE;
      ts_sales_page_sell (self);
    }
}

static void
begin_busy (TsSalesPage *self)
{
  self->busy++;
  busy_changed (self);
}

static void
end_busy (TsSalesPage *self)
{
  if (self->busy > 0)
    self->busy--;
  busy_changed (self);
}

static gboolean
is_cancelled (GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static JsonObject *
performance_object (TsSalesPage *self)
{
  return ts_performance_picker_lookup (self->picker, self->performance_id);
}

static gboolean
is_own_performance (TsSalesPage *self)
{
  return ts_performance_picker_is_own (self->picker, self->performance_id);
}

/* The outlet that owns the chosen performance (its rules, S3), or 0. */
static gint64
performance_owner (TsSalesPage *self)
{
  JsonObject *p = performance_object (self);

  return p != NULL ? json_object_get_int_member_with_default (p, "outlet_id", 0) : 0;
}

/* Asks whether to override a refusal (S3), when the agent may: "override"
 * goes to on_override with the page as user data, and the dialog keeps the
 * request to send again as its "request" data (freed with free_data).
 * FALSE: not offered, and data is still the caller's. */
static gboolean
offer_override (TsSalesPage    *self,
                GError         *error,
                GCallback       on_override,
                gpointer        data,
                GDestroyNotify  free_data)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  TsOverrideDialog *dialog;

  if (!ts_override_dialog_offered (self->client, error, performance_owner (self)))
    return FALSE;
  dialog = ts_override_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, error->message);
  if (data != NULL)
    g_object_set_data_full (G_OBJECT (dialog), "request", data, free_data);
  g_signal_connect_object (dialog, "override", on_override, self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* The sales map ------------------------------------------------------------------- */

static void
load_seats (TsSalesPage *self)
{
  ts_sales_map_reload (self->sales_map);
}

char *
ts_sales_page_describe_seat (TsSalesPage *self,
                             guint        seat)
{
  return ts_sales_map_describe_seat (self->sales_map, seat);
}

static void
add_places (TsSalesMap  *map,
            const char  *area,
            guint        quantity,
            TsSalesPage *self)
{
  ts_sales_page_add_general_admission (self, area, quantity);
}

static void
offer_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TsSalesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);

  if (is_cancelled (error))
    return;
  end_busy (self);
  if (answer == NULL)
    {
      set_message (self, error->message, TRUE);
      return;
    }
  ts_cart_set_offer (self->cart, answer);
}

void
ts_sales_page_select_performance (TsSalesPage *self,
                                  gint64       performance_id)
{
  JsonObject *p;
  g_autofree char *offer_path = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (TS_IS_SALES_PAGE (self));

  if (performance_id == self->performance_id)
    return;
  if (ts_cart_get_size (self->cart) > 0)
    ts_sales_page_release_cart (self);
  ts_cart_set_override_reason (self->cart, NULL);   /* an override is for one performance's sale (S3) */
  self->performance_id = performance_id;
  ts_cart_set_offer (self->cart, NULL);
  p = performance_object (self);
  self->map_id = p ? json_object_get_int_member_with_default (p, "map_id", 0) : 0;
  ts_sales_map_show (self->sales_map, performance_id, self->map_id);
  title = ts_performance_picker_dup_title (self->picker, performance_id);
  gtk_label_set_text (self->title, title ? title : "");
  set_message (self, NULL, FALSE);
  ts_checkout_set_walk_up_offered (self->checkout, p != NULL && is_own_performance (self)
                                   && ts_performance_picker_is_today (self->picker, performance_id));
  if (self->map_id == 0)
    return;

  offer_path = g_strdup_printf ("/performances/%" G_GINT64_FORMAT "/offer", performance_id);
  begin_busy (self);
  ts_api_client_request_async (self->client, "GET", offer_path, NULL, self->cancellable, offer_loaded, self);
  update_buttons (self);
}

gint64
ts_sales_page_get_performance_id (TsSalesPage *self)
{
  return self->performance_id;
}

TsSeatMap *
ts_sales_page_get_map (TsSalesPage *self)
{
  return self->map;
}

/* The performance list -------------------------------------------------------------- */

static void
performance_activated (TsPerformancePicker *picker,
                       gint64               performance_id,
                       TsSalesPage         *self)
{
  ts_sales_page_select_performance (self, performance_id);
}

static void
part_says (GtkWidget   *part,
           const char  *text,
           gboolean     is_error,
           TsSalesPage *self)
{
  set_message (self, text, is_error);
}

/* The cart ---------------------------------------------------------------------------- */

gint64
ts_sales_page_get_total_cents (TsSalesPage *self)
{
  return ts_cart_get_total_cents (self->cart);
}

guint
ts_sales_page_get_cart_size (TsSalesPage *self)
{
  return ts_cart_get_size (self->cart);
}

/* S4: another outlet's tickets are paid with the seller's own real money. */
static gboolean
method_allowed (TsSalesPage *self)
{
  const char *method = ts_checkout_get_payment_method (self->checkout);

  return method != NULL
         && (is_own_performance (self) || g_strv_contains ((const char * const[]) { "cash", "cheque", "card", NULL }, method));
}

static void
update_buttons (TsSalesPage *self)
{
  gboolean idle = !is_busy (self);
  guint size;

  if (self->disposed || self->checkout == NULL)
    return;
  size = ts_cart_get_size (self->cart);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "add-selection")),
                               idle && self->performance_id != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->will_call_button), self->performance_id != 0);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "release-cart")),
                               idle && size > 0);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "sell")),
                               idle && size > 0 && ts_checkout_get_patron_id (self->checkout) != 0
                               && method_allowed (self));
}

/* The agent took one ticket out of the cart: the server lets it go. */
static void
line_removed (TsCart      *cart,
              const char  *seat,
              const char  *area,
              TsSalesPage *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cart_id");
  json_builder_add_string_value (builder, ts_cart_get_id (cart));
  json_builder_set_member_name (builder, "performance_id");
  json_builder_add_int_value (builder, self->performance_id);
  if (seat != NULL)
    {
      json_builder_set_member_name (builder, "seats");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, seat);
      json_builder_end_array (builder);
    }
  else
    {
      json_builder_set_member_name (builder, "ga");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "area");
      json_builder_add_string_value (builder, area);
      json_builder_set_member_name (builder, "quantity");
      json_builder_add_int_value (builder, 1);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  ts_api_client_request_async (self->client, "POST", "/carts/release", body, self->cancellable,
                               /* the answer is the cart */ NULL, NULL);
  load_seats (self);
}

/* S1: the hold ran out; the server has let the seats go. */
static void
cart_expired (TsCart      *cart,
              TsSalesPage *self)
{
  set_message (self, _("The hold expired: the seats were released. Choose them again."), TRUE);
  load_seats (self);
}

/* The sale the cart describes changed: an attempt to sell it is over (S2). */
static void
cart_changed (TsCart      *cart,
              TsSalesPage *self)
{
  g_clear_pointer (&self->idempotency_key, g_free);
}

static void
override_changed (TsSalesPage *self)
{
  if (ts_cart_get_override_reason (self->cart) == NULL)
    self->sell_when_idle = FALSE;
}

typedef struct
{
  TsSalesPage *self;
  JsonNode    *hold;        /* the hold request, sent once the cart exists */
} HoldCall;

static void
hold_call_free (HoldCall *call)
{
  g_clear_pointer (&call->hold, json_node_unref);
  g_free (call);
}

static void send_hold (TsSalesPage *self, HoldCall *call);

/* S3: the agent overrides, and says why: the same hold again, and the
 * override goes with the rest of this sale. */
static void
hold_overridden (TsOverrideDialog *dialog,
                 const char       *reason,
                 TsSalesPage      *self)
{
  HoldCall *call = g_object_steal_data (G_OBJECT (dialog), "request");

  if (call == NULL)
    return;
  ts_cart_set_override_reason (self->cart, reason);
  send_hold (self, call);
}

static void
held (GObject      *source,
      GAsyncResult *result,
      gpointer      user_data)
{
  HoldCall *call = user_data;
  TsSalesPage *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);

  if (is_cancelled (error))
    {
      hold_call_free (call);
      return;
    }
  end_busy (self);
  if (answer == NULL)
    {
      set_message (self, error->message, TRUE);        /* "Taken meanwhile: …" (S1) */
      if (offer_override (self, error, G_CALLBACK (hold_overridden), call, (GDestroyNotify) hold_call_free))
        return;
    }
  else
    {
      set_message (self, NULL, FALSE);
      ts_cart_take (self->cart, json_node_get_object (answer));
      ts_seat_map_clear_selection (self->map);
      g_clear_pointer (&self->idempotency_key, g_free);
    }
  load_seats (self);
  hold_call_free (call);
}

static void
send_hold (TsSalesPage *self,
           HoldCall    *call)
{
  const char *reason = ts_cart_get_override_reason (self->cart);

  json_object_set_string_member (json_node_get_object (call->hold), "cart_id", ts_cart_get_id (self->cart));
  if (reason != NULL)
    ts_override_dialog_add_to (json_node_get_object (call->hold), reason);
  begin_busy (self);
  ts_api_client_request_async (self->client, "POST", "/carts/hold", call->hold, self->cancellable, held, call);
}

static void
cart_created (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  HoldCall *call = user_data;
  TsSalesPage *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);

  if (is_cancelled (error))
    {
      hold_call_free (call);
      return;
    }
  end_busy (self);
  if (answer == NULL)
    {
      set_message (self, error->message, TRUE);
      hold_call_free (call);
      return;
    }
  ts_cart_set_id (self->cart, json_object_get_string_member_with_default (json_node_get_object (answer), "id", NULL));
  send_hold (self, call);
}

/* Holds seats (GUIDs) and GA places in the cart, creating it first if need be. */
static void
hold_places (TsSalesPage *self,
             GPtrArray   *guids,
             const char  *area,
             guint        quantity)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) empty = NULL;
  HoldCall *call = g_new0 (HoldCall, 1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "performance_id");
  json_builder_add_int_value (builder, self->performance_id);
  json_builder_set_member_name (builder, "seats");
  json_builder_begin_array (builder);
  for (guint i = 0; guids != NULL && i < guids->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (guids, i));
  json_builder_end_array (builder);
  if (area != NULL && quantity > 0)
    {
      json_builder_set_member_name (builder, "ga");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "area");
      json_builder_add_string_value (builder, area);
      json_builder_set_member_name (builder, "quantity");
      json_builder_add_int_value (builder, quantity);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  call->self = self;
  call->hold = json_builder_get_root (builder);
  if (ts_cart_get_id (self->cart) != NULL)
    {
      send_hold (self, call);
      return;
    }
  empty = json_from_string ("{}", NULL);
  begin_busy (self);
  ts_api_client_request_async (self->client, "POST", "/carts", empty, self->cancellable, cart_created, call);
}

void
ts_sales_page_add_selection (TsSalesPage *self)
{
  g_autoptr(GArray) selection = ts_seat_map_get_selection (self->map);
  g_autoptr(GPtrArray) guids = g_ptr_array_new ();
  TsSeatPlan *plan = ts_seat_map_get_plan (self->map);

  if (plan == NULL || self->performance_id == 0)
    return;
  for (guint i = 0; i < selection->len; i++)
    {
      guint index = g_array_index (selection, guint, i);
      TsSeatState state = ts_seat_map_get_seat_state (self->map, index);

      if (state == TS_SEAT_STATE_AVAILABLE)
        g_ptr_array_add (guids, ((TsPlanSeat *) g_ptr_array_index (plan->seats, index))->guid);
    }
  if (guids->len == 0)
    {
      set_message (self, selection->len > 0 ? _("The selected seats are not available.")
                                            : _("Select seats on the map first (click, or arrows and Space)."), TRUE);
      return;
    }
  hold_places (self, guids, NULL, 0);
}

void
ts_sales_page_add_general_admission (TsSalesPage *self,
                                     const char  *area,
                                     guint        quantity)
{
  g_return_if_fail (area != NULL);

  if (self->performance_id == 0 || quantity == 0)
    return;
  hold_places (self, NULL, area, quantity);
}

static void
cart_released (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  TsSalesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);

  if (is_cancelled (error))
    return;
  end_busy (self);
  load_seats (self);
}

void
ts_sales_page_release_cart (TsSalesPage *self)
{
  if (ts_cart_get_id (self->cart) != NULL)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) body = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "cart_id");
      json_builder_add_string_value (builder, ts_cart_get_id (self->cart));
      json_builder_end_object (builder);
      body = json_builder_get_root (builder);
      begin_busy (self);
      ts_api_client_request_async (self->client, "POST", "/carts/release", body, self->cancellable, cart_released, self);
    }
  g_clear_pointer (&self->idempotency_key, g_free);
  ts_cart_clear (self->cart);                 /* and the override went with it (S3) */
}

/* The patron ---------------------------------------------------------------------------- */

static void
vouchers_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TsSalesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);

  if (is_cancelled (error))
    return;
  end_busy (self);
  ts_cart_set_vouchers (self->cart, answer);
}

/* A purchaser was chosen: their vouchers for the cart (T3). */
static void
patron_changed (TsSalesPage *self)
{
  gint64 patron_id = ts_checkout_get_patron_id (self->checkout);

  ts_cart_set_vouchers (self->cart, NULL);     /* another purchaser's (T3) */
  if (patron_id != 0)
    {
      g_autofree char *path = g_strdup_printf ("/patrons/%" G_GINT64_FORMAT "/vouchers", patron_id);

      begin_busy (self);
      ts_api_client_request_async (self->client, "GET", path, NULL, self->cancellable, vouchers_loaded, self);
    }
  g_clear_pointer (&self->idempotency_key, g_free);
  update_buttons (self);
}

static void
recipient_changed (TsSalesPage *self)
{
  g_clear_pointer (&self->idempotency_key, g_free);
}

void
ts_sales_page_set_patron (TsSalesPage *self,
                          gint64       patron_id,
                          const char  *name)
{
  ts_checkout_set_patron (self->checkout, patron_id, name);
}

void
ts_sales_page_set_recipient (TsSalesPage *self,
                             gint64       patron_id,
                             const char  *name)
{
  ts_checkout_set_recipient (self->checkout, patron_id, name);
}

/* The sale ---------------------------------------------------------------------------------- */

void
ts_sales_page_set_payment_method (TsSalesPage *self,
                                  const char  *method)
{
  ts_checkout_set_payment_method (self->checkout, method);
}

static void
method_changed (TsSalesPage *self)
{
  if (self->disposed)
    return;
  if (!method_allowed (self))
    set_message (self, _("Another outlet’s tickets are paid by cash, cheque or card only (rule S4)."), TRUE);
  else
    set_message (self, NULL, FALSE);
  g_clear_pointer (&self->idempotency_key, g_free);
  update_buttons (self);
}

/* S3: the agent overrides, and says why: the same sale again, with it. */
static void
sale_overridden (TsOverrideDialog *dialog,
                 const char       *reason,
                 TsSalesPage      *self)
{
  ts_cart_set_override_reason (self->cart, reason);
  if (is_busy (self))
    self->sell_when_idle = TRUE;
  else
    ts_sales_page_sell (self);
}

static void
sold (GObject      *source,
      GAsyncResult *result,
      gpointer      user_data)
{
  TsSalesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  gint64 order_id;
  g_autofree char *total = NULL;
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;

  if (is_cancelled (error))
    return;
  end_busy (self);
  if (answer == NULL)
    {
      /* The key stays for a retry after a lost answer (S2); a refusal is
       * final for this attempt, and the map shows what changed. */
      if (!g_error_matches (error, TS_ERROR, TS_ERROR_UNREACHABLE))
        g_clear_pointer (&self->idempotency_key, g_free);
      set_message (self, error->message, TRUE);
      load_seats (self);
      offer_override (self, error, G_CALLBACK (sale_overridden), NULL, NULL);
      return;
    }
  order_id = json_object_get_int_member (json_node_get_object (answer), "id");
  total = ts_money_format_local (json_object_get_int_member_with_default (json_node_get_object (answer), "total_cents", 0));
  number = g_strdup_printf ("%" G_GINT64_FORMAT, order_id);
  text = g_strdup_printf (_("Order %s sold: %s."), number, total);
  g_clear_pointer (&self->idempotency_key, g_free);
  ts_sales_page_release_cart (self);
  ts_checkout_reset (self->checkout);
  g_object_set (self->cart, "comp-reason", "", "promo-code", "", NULL);
  set_message (self, text, FALSE);
  g_signal_emit (self, signals[ORDER_SOLD], 0, order_id);
}

void
ts_sales_page_sell (TsSalesPage *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  gint64 total = ts_cart_get_total_cents (self->cart);
  gint64 patron_id = ts_checkout_get_patron_id (self->checkout);
  gint64 recipient_id = ts_checkout_get_recipient_id (self->checkout);
  const char *reference = ts_checkout_get_reference (self->checkout);

  if (ts_cart_get_size (self->cart) == 0 || patron_id == 0 || is_busy (self))
    return;
  if (!method_allowed (self))
    {
      set_message (self, _("Another outlet’s tickets are paid by cash, cheque or card only (rule S4)."), TRUE);
      return;
    }
  if (self->idempotency_key == NULL)
    self->idempotency_key = g_uuid_string_random ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "idempotency_key");
  json_builder_add_string_value (builder, self->idempotency_key);
  json_builder_set_member_name (builder, "cart_id");
  json_builder_add_string_value (builder, ts_cart_get_id (self->cart));
  json_builder_set_member_name (builder, "purchaser_id");
  json_builder_add_int_value (builder, patron_id);
  if (recipient_id != 0)
    {
      json_builder_set_member_name (builder, "recipient_id");
      json_builder_add_int_value (builder, recipient_id);
    }
  if (ts_checkout_get_walk_up (self->checkout))
    {
      json_builder_set_member_name (builder, "walk_up");
      json_builder_add_boolean_value (builder, TRUE);
    }
  ts_cart_add_items (self->cart, builder, self->performance_id);
  json_builder_set_member_name (builder, "payments");
  json_builder_begin_array (builder);
  if (total > 0)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, ts_checkout_get_payment_method (self->checkout));
      json_builder_set_member_name (builder, "amount_cents");
      json_builder_add_int_value (builder, total);
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
  if (ts_cart_get_override_reason (self->cart) != NULL)
    ts_override_dialog_add_to (json_node_get_object (body), ts_cart_get_override_reason (self->cart));
  set_message (self, _("Selling…"), FALSE);
  begin_busy (self);
  ts_api_client_request_async (self->client, "POST", "/orders", body, self->cancellable, sold, self);
}

gboolean
ts_sales_page_set_line_ticket_type (TsSalesPage *self,
                                    guint        line_index,
                                    gint64       ticket_type)
{
  return ts_cart_set_line_ticket_type (self->cart, line_index, ticket_type);
}

void
ts_sales_page_set_comp_reason (TsSalesPage *self,
                               const char  *reason)
{
  g_object_set (self->cart, "comp-reason", reason, NULL);
}

const char *
ts_sales_page_get_message (TsSalesPage *self)
{
  return gtk_label_get_text (self->message);
}

const char *
ts_sales_page_get_override_reason (TsSalesPage *self)
{
  return ts_cart_get_override_reason (self->cart);
}

gboolean
ts_sales_page_is_busy (TsSalesPage *self)
{
  return is_busy (self);
}

/* Right-click actions on the map (M7, M8) ---------------------------------------------------- */

void
ts_sales_page_find_party (TsSalesPage *self,
                          guint        seat)
{
  ts_sales_map_find_party (self->sales_map, seat);
}

static void
add_to_cart_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  TsSalesPage *self = user_data;
  g_autoptr(GPtrArray) guids = ts_sales_map_get_action_seats (self->sales_map, TS_SEAT_STATE_AVAILABLE);

  if (guids->len > 0)
    hold_places (self, guids, NULL, 0);
}

/* Layout and life cycle ---------------------------------------------------------------------- */

static void
add_selection_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  ts_sales_page_add_selection (user_data);
}

static void
release_cart_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  ts_sales_page_release_cart (user_data);
}

static void
sell_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  ts_sales_page_sell (user_data);
}

static void
reload_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  TsSalesPage *self = user_data;

  ts_performance_picker_reload (self->picker);
  load_seats (self);
}

void
ts_sales_page_open_will_call (TsSalesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  TsWillCallWindow *window;

  if (self->performance_id == 0)
    return;
  window = ts_will_call_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->client,
                                    self->performance_id, gtk_label_get_text (self->title));
  gtk_window_present (GTK_WINDOW (window));
}

static void
will_call_clicked (GtkButton   *button,
                   TsSalesPage *self)
{
  ts_sales_page_open_will_call (self);
}

static GtkWidget *
build_left (TsSalesPage *self)
{
  self->picker = g_object_new (TS_TYPE_PERFORMANCE_PICKER, NULL);
  g_signal_connect (self->picker, "performance-activated", G_CALLBACK (performance_activated), self);
  g_signal_connect (self->picker, "show-message", G_CALLBACK (part_says), self);
  g_signal_connect_swapped (self->picker, "notify::loading", G_CALLBACK (busy_changed), self);
  gtk_widget_set_size_request (GTK_WIDGET (self->picker), 220, -1);
  return GTK_WIDGET (self->picker);
}

static GtkWidget *
build_centre (TsSalesPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->title = GTK_LABEL (gtk_label_new (_("Choose a performance to sell.")));
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_ellipsize (self->title, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->title), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "title-4");
  self->will_call_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Will Call…")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->will_call_button), _("Tickets waiting to be picked up for this performance"));
  g_signal_connect (self->will_call_button, "clicked", G_CALLBACK (will_call_clicked), self);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->will_call_button));
  self->sales_map = g_object_new (TS_TYPE_SALES_MAP, NULL);
  self->map = ts_sales_map_get_seat_map (self->sales_map);
  gtk_widget_set_hexpand (GTK_WIDGET (self->sales_map), TRUE);     /* the map takes the room */
  gtk_widget_set_vexpand (GTK_WIDGET (self->sales_map), TRUE);
  g_signal_connect (self->sales_map, "add-places", G_CALLBACK (add_places), self);
  g_signal_connect (self->sales_map, "show-message", G_CALLBACK (part_says), self);
  g_signal_connect_swapped (self->sales_map, "notify::busy", G_CALLBACK (busy_changed), self);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->sales_map));
  return box;
}

static GtkWidget *
build_right (TsSalesPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->cart = g_object_new (TS_TYPE_CART, "sales-map", self->sales_map, NULL);
  gtk_widget_set_vexpand (GTK_WIDGET (self->cart), TRUE);          /* its tickets take the room */
  g_signal_connect (self->cart, "changed", G_CALLBACK (cart_changed), self);
  g_signal_connect (self->cart, "line-removed", G_CALLBACK (line_removed), self);
  g_signal_connect (self->cart, "expired", G_CALLBACK (cart_expired), self);
  g_signal_connect (self->cart, "show-message", G_CALLBACK (part_says), self);
  g_signal_connect_swapped (self->cart, "notify::size", G_CALLBACK (update_buttons), self);
  g_signal_connect_swapped (self->cart, "notify::override-reason", G_CALLBACK (override_changed), self);

  self->checkout = g_object_new (TS_TYPE_CHECKOUT, NULL);
  g_signal_connect (self->checkout, "show-message", G_CALLBACK (part_says), self);
  g_signal_connect_swapped (self->checkout, "notify::patron-id", G_CALLBACK (patron_changed), self);
  g_signal_connect_swapped (self->checkout, "notify::recipient-id", G_CALLBACK (recipient_changed), self);
  g_signal_connect_swapped (self->checkout, "notify::payment-method", G_CALLBACK (method_changed), self);
  self->message = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->message, 0);
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_selectable (self->message, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->message), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Message"), -1);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->cart));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->checkout));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message));
  gtk_widget_set_size_request (box, 300, -1);
  return box;
}

static void
ts_sales_page_dispose (GObject *object)
{
  TsSalesPage *self = TS_SALES_PAGE (object);

  /* a drop-down being destroyed may still say its choice changed */
  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->paned, gtk_widget_unparent);
  g_clear_object (&self->actions);
  G_OBJECT_CLASS (ts_sales_page_parent_class)->dispose (object);
}

static void
ts_sales_page_finalize (GObject *object)
{
  TsSalesPage *self = TS_SALES_PAGE (object);

  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_free (self->idempotency_key);
  G_OBJECT_CLASS (ts_sales_page_parent_class)->finalize (object);
}

static void
ts_sales_page_class_init (TsSalesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_sales_page_dispose;
  object_class->finalize = ts_sales_page_finalize;
  signals[ORDER_SOLD] = g_signal_new ("order-sold", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ts_sales_page_init (TsSalesPage *self)
{
  const GActionEntry actions[] = {
    { .name = "add-to-cart", .activate = add_to_cart_activated },
    { .name = "reload", .activate = reload_activated },
    { .name = "add-selection", .activate = add_selection_activated },
    { .name = "release-cart", .activate = release_cart_activated },
    { .name = "sell", .activate = sell_activated },
  };
  GtkWidget *inner = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *left = NULL, *centre = NULL, *right = NULL;

  self->cancellable = g_cancellable_new ();
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), actions, G_N_ELEMENTS (actions), self);

  left = build_left (self);
  centre = build_centre (self);
  right = build_right (self);
  self->paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_start_child (GTK_PANED (self->paned), left);
  gtk_paned_set_resize_start_child (GTK_PANED (self->paned), FALSE);
  gtk_paned_set_shrink_start_child (GTK_PANED (self->paned), FALSE);
  gtk_paned_set_start_child (GTK_PANED (inner), centre);
  gtk_paned_set_end_child (GTK_PANED (inner), right);
  gtk_paned_set_resize_end_child (GTK_PANED (inner), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (inner), FALSE);
  gtk_paned_set_end_child (GTK_PANED (self->paned), inner);
  for (GtkWidget *w = left; w != NULL; w = w == left ? centre : w == centre ? right : NULL)
    {
      gtk_widget_set_margin_top (w, 12);
      gtk_widget_set_margin_bottom (w, 12);
      gtk_widget_set_margin_start (w, 12);
      gtk_widget_set_margin_end (w, 12);
    }
  gtk_widget_set_parent (self->paned, GTK_WIDGET (self));

  gtk_widget_insert_action_group (GTK_WIDGET (self), "sales", G_ACTION_GROUP (self->actions));
  update_buttons (self);
}

TsSalesPage *
ts_sales_page_new (TsApiClient *client)
{
  TsSalesPage *self = g_object_new (TS_TYPE_SALES_PAGE, NULL);

  g_return_val_if_fail (TS_IS_API_CLIENT (client), NULL);

  self->client = g_object_ref (client);
  ts_sales_map_set_client (self->sales_map, client);
  ts_checkout_set_client (self->checkout, client);
  ts_performance_picker_set_client (self->picker, client);
  return self;
}
