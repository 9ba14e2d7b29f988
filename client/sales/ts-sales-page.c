/* ts-sales-page.c — the Sales section: selling from the live seat map (rules S1–S4, M5–M8, E4, T5)
 *
 * The page is the composition of its parts (data/ui/sales/ts-sales-page.ui):
 * left, the performances the outlet may sell now (TsPerformancePicker);
 * centre, the live sales map (TsSalesMap); right, the cart (TsCart), the
 * patron and the payment (TsCheckout) and the message line.  The page does
 * the selling with the server: it holds seats and places in the cart,
 * releases them, and sells (POST /orders).  The server decides everything;
 * the page shows what it says.  Where it says only an override would allow
 * a hold or a sale (S3), the owning outlet's agent is asked whether to
 * override, and why; the override then goes with every hold and the sale of
 * this cart, shown above it until the sale is done, the cart released or the
 * agent stops it.  The partner companies' questions for the purchaser (K3)
 * are fetched while the sale is made (TsPartnerQuestions), and asked when
 * it is sold (TsPartnerQuestionsDialog); their answers go with the sale. */
#include <glib/gi18n.h>

#include "ts-api-call.h"
#include "ts-api-orders.h"
#include "ts-api-patrons.h"
#include "ts-api-sales.h"
#include "ts-cart.h"
#include "ts-checkout.h"
#include "ts-error.h"
#include "ts-format.h"
#include "ts-json.h"
#include "ts-override-dialog.h"
#include "ts-partner-questions.h"
#include "ts-partner-questions-dialog.h"
#include "ts-performance-picker.h"
#include "ts-sales-map.h"
#include "ts-sale-offer.h"
#include "ts-sales-page-private.h"
#include "ts-will-call-window.h"

struct _TsSalesPage
{
  GtkWidget            parent_instance;

  TsApiClient         *client;
  GCancellable        *cancellable;
  guint                busy;               /* the page's own requests in flight */
  gboolean             was_busy;           /* "busy" as last notified */
  gint64               performance_id;
  char                *idempotency_key;    /* one per sale attempt: a retry sends the same (S2) */
  gboolean             sell_when_idle;     /* the overridden sale waits for the page's requests in flight */
  gboolean             disposed;           /* widgets going away: their signals are ignored */
  gboolean             out_of_touch;       /* the server could not be reached since the cart was last checked */
  char                *outage_text;        /* the message said while the server was out of reach */
  JsonObject          *released;           /* the cart being released, to take back if that fails */
  TsPartnerQuestions  *questions;          /* what this sale asks the purchaser for partners (K3) */
  GHashTable          *partner_answers;    /* partner company id (gint64 *) → "yes", "no", "not_asked" */

  GtkWidget           *paned;
  TsPerformancePicker *picker;
  GtkLabel            *title;
  TsSalesMap          *sales_map;
  TsCart              *cart;
  TsCheckout          *checkout;
  TsSaleOffer         *offer;              /* the last sale's tickets and receipt (F1) */
  GtkLabel            *message_label;
};

G_DEFINE_FINAL_TYPE (TsSalesPage, ts_sales_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CLIENT,
  PROP_PERFORMANCE_ID,
  PROP_BUSY,
  PROP_MESSAGE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { ORDER_SOLD, OPEN_ORDER, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The page's accelerators, listed in the keyboard shortcuts window
 * (data/ui/app/help-overlay.ui) and shown in the tooltips of their buttons. */
static const TsSalesShortcut shortcuts[] = {
  { "<Control>f", "sales.find-performance" },
  { "F5", "sales.reload" },
  { "<Control>Return", "sales.sell" },
  { "<Control>p", "sales.print-tickets" },
  { NULL, NULL }
};

static void sell (TsSalesPage *self);
static void reconcile_cart (TsSalesPage *self);

/* Small helpers ------------------------------------------------------------------ */

static void
set_message (TsSalesPage *self,
             const char  *text,
             gboolean     is_error)
{
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
  /* an error said while the server cannot be reached is taken back when it
   * can again (on_reachable) */
  g_free (self->outage_text);
  self->outage_text = is_error && text != NULL && !ts_api_client_get_reachable (self->client) ? g_strdup (text) : NULL;
  if (g_strcmp0 (gtk_label_get_text (self->message_label), text ? text : "") == 0)
    return;
  gtk_label_set_text (self->message_label, text ? text : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

/* The server answers again: "cannot reach the server", said by the page or
 * one of its parts, is no longer true (the cart is checked apart, S1). */
static void
on_reachable (TsSalesPage *self,
              GParamSpec  *pspec,
              TsApiClient *client)
{
  if (ts_api_client_get_reachable (client) && self->outage_text != NULL
      && g_strcmp0 (gtk_label_get_text (self->message_label), self->outage_text) == 0)
    set_message (self, NULL, FALSE);
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
  /* K3: the sale waits for its questions, fetched ahead of time */
  return self->busy > 0 || loading || map_busy
         || (self->questions != NULL && ts_partner_questions_is_loading (self->questions));
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

/* S4: another outlet's tickets are paid with the seller's own real money. */
static gboolean
method_allowed (TsSalesPage *self)
{
  const char *method = ts_checkout_get_payment_method (self->checkout);

  return method != NULL
         && (is_own_performance (self) || g_strv_contains ((const char * const[]) { "cash", "cheque", "card", NULL }, method));
}

/* A patron is chosen, or the sale needs none: a walk-up sale (S8). */
static gboolean
has_purchaser (TsSalesPage *self)
{
  return ts_checkout_get_patron_id (self->checkout) != 0 || ts_checkout_get_walk_up (self->checkout);
}

/* The last sale's tickets and receipt, while they are offered (F1). */
static void
update_offer_actions (TsSalesPage *self)
{
  gboolean offered = self->offer != NULL && ts_sale_offer_get_order_id (self->offer) != 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.print-tickets", offered);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.save-tickets-pdf", offered);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.print-receipt", offered);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.open-order", offered);
}

/* What the page's buttons may do now: nothing while a request is under way. */
static void
update_actions (TsSalesPage *self)
{
  gboolean idle = !is_busy (self);
  guint size;

  if (self->disposed || self->checkout == NULL)
    return;
  size = ts_cart_get_size (self->cart);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.add-selection", idle && self->performance_id != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.will-call", self->performance_id != 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.release-cart", idle && size > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sales.sell",
                                 idle && size > 0 && has_purchaser (self) && method_allowed (self));
  update_offer_actions (self);
}

static void
on_busy_changed (TsSalesPage *self)
{
  gboolean busy = is_busy (self);

  if (self->disposed)
    return;
  update_actions (self);
  if (busy != self->was_busy)
    {
      self->was_busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  if (!busy && self->sell_when_idle)
    {
      self->sell_when_idle = FALSE;
      sell (self);
    }
}

/* Whether the keyboard focus is on the page (or nowhere): only then does
 * the page move it. */
static gboolean
focus_in_page (TsSalesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return root != NULL && (focus == NULL || gtk_widget_is_ancestor (focus, GTK_WIDGET (self)));
}

static void
begin_busy (TsSalesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  /* the page's buttons go insensitive until the answer: one that has the
   * focus hands it to the map, never losing it (a lost focus made the next
   * Tab change the section) */
  if (focus != NULL && GTK_IS_BUTTON (focus) && focus_in_page (self))
    gtk_widget_grab_focus (GTK_WIDGET (ts_sales_map_get_seat_map (self->sales_map)));
  self->busy++;
  on_busy_changed (self);
}

static void
end_busy (TsSalesPage *self)
{
  if (self->busy > 0)
    self->busy--;
  on_busy_changed (self);
}

/* Whether the server answered: FALSE for a refusal, and when it could not
 * be reached.  After it could not, the first answer, or the live feed
 * coming back, has the cart checked against what the server holds (S1). */
static gboolean
heard_from_server (TsSalesPage  *self,
                   const GError *error)
{
  if (g_error_matches (error, TS_ERROR, TS_ERROR_UNREACHABLE))
    {
      self->out_of_touch = TRUE;
      return FALSE;
    }
  if (self->out_of_touch)
    {
      self->out_of_touch = FALSE;
      reconcile_cart (self);
    }
  return error == NULL;
}

/* Asks whether to override a refusal (S3), when the agent may: "override"
 * goes to on_override with the page as user data, and the dialog keeps the
 * request to send again as its "request" data (freed with free_data, at
 * once when the override is not offered: then FALSE). */
static gboolean
offer_override (TsSalesPage    *self,
                const GError   *error,
                GCallback       on_override,
                gpointer        data,
                GDestroyNotify  free_data)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  TsOverrideDialog *dialog;

  if (!ts_override_dialog_offered (self->client, error, performance_owner (self)))
    {
      if (data != NULL)
        free_data (data);
      return FALSE;
    }
  dialog = ts_override_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, error->message);
  if (data != NULL)
    g_object_set_data_full (G_OBJECT (dialog), "request", data, free_data);
  g_signal_connect_object (dialog, "override", on_override, self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* The performance ---------------------------------------------------------------------- */

static void
offer_loaded (gpointer      owner,
              JsonNode     *answer,
              const GError *error)
{
  TsSalesPage *self = owner;
  g_autofree char *title = NULL;
  gint64 performance_id;

  end_busy (self);
  if (!heard_from_server (self, error))
    {
      set_message (self, error->message, TRUE);
      return;
    }
  performance_id = json_object_get_int_member_with_default (json_node_get_object (answer), "performance_id", 0);
  title = ts_performance_picker_dup_title (self->picker, performance_id);
  ts_cart_set_offer (self->cart, performance_id, title, answer);
  if (performance_id == self->performance_id)
    ts_sales_map_set_offer (self->sales_map, answer);   /* the prices on the map's legend */
}

/* Shows a performance: its map and its offer.  The cart stays: it belongs
 * to the sale, which may take several performances. */
static void
select_performance (TsSalesPage *self,
                    gint64       performance_id)
{
  JsonObject *p;
  gint64 map_id;
  g_autofree char *title = NULL;

  if (performance_id == self->performance_id)
    return;
  ts_cart_set_override_reason (self->cart, NULL);   /* an override is for one performance (S3) */
  self->performance_id = performance_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERFORMANCE_ID]);
  p = performance_object (self);
  map_id = p ? json_object_get_int_member_with_default (p, "map_id", 0) : 0;
  ts_sales_map_show (self->sales_map, performance_id, map_id);
  ts_cart_update_map (self->cart);                  /* its seats of this performance, in my cart */
  title = ts_performance_picker_dup_title (self->picker, performance_id);
  gtk_label_set_text (self->title, title ? title : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title), title);     /* the whole of it, where it is shortened */
  set_message (self, NULL, FALSE);
  ts_checkout_set_walk_up_offered (self->checkout, p != NULL && is_own_performance (self)
                                   && ts_performance_picker_is_today (self->picker, performance_id));
  ts_checkout_set_real_money_only (self->checkout, p != NULL && !is_own_performance (self));  /* S4 */
  if (map_id == 0)
    return;

  begin_busy (self);
  ts_api_client_get_performance_offer_async (self->client, performance_id, self->cancellable, ts_api_answered,
                                             ts_api_call (self, offer_loaded));
  update_actions (self);
}

/* Holds (S1) ----------------------------------------------------------------------------- */

/* The "ga" member of a hold or a release: quantity places of one area. */
static void
add_places_member (JsonBuilder *builder,
                   const char  *area,
                   gint64       quantity)
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

/* A hold on its way: the owner of each of its requests (ts_api_call_full),
 * and what the override dialog keeps to send it again. */
typedef struct
{
  TsSalesPage *self;
  JsonNode    *hold;        /* the hold request, sent once the cart exists */
} HoldCall;

static HoldCall *
hold_call_new (TsSalesPage *self,
               JsonNode    *hold)
{
  HoldCall *call = g_new0 (HoldCall, 1);

  call->self = self;
  call->hold = json_node_ref (hold);
  return call;
}

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
held (gpointer      owner,
      JsonNode     *answer,
      const GError *error)
{
  HoldCall *call = owner;
  TsSalesPage *self = call->self;

  end_busy (self);
  if (!heard_from_server (self, error))
    {
      set_message (self, error->message, TRUE);        /* "Taken meanwhile: …" (S1) */
      if (offer_override (self, error, G_CALLBACK (hold_overridden), hold_call_new (self, call->hold),
                          (GDestroyNotify) hold_call_free))
        return;
    }
  else
    {
      set_message (self, NULL, FALSE);
      ts_cart_take (self->cart, json_node_get_object (answer));
      ts_seat_map_clear_selection (ts_sales_map_get_seat_map (self->sales_map));
      g_clear_pointer (&self->idempotency_key, g_free);
      if (focus_in_page (self))
        ts_checkout_focus_next (self->checkout);      /* on with the sale, by keyboard too */
    }
  ts_sales_map_reload (self->sales_map);
}

/* Sends the hold, which takes call. */
static void
send_hold (TsSalesPage *self,
           HoldCall    *call)
{
  const char *reason = ts_cart_get_override_reason (self->cart);

  json_object_set_string_member (json_node_get_object (call->hold), "cart_id", ts_cart_get_id (self->cart));
  if (reason != NULL)
    ts_override_dialog_add_to (json_node_get_object (call->hold), reason);
  begin_busy (self);
  ts_api_client_hold_in_cart_async (self->client, call->hold, self->cancellable, ts_api_answered,
                                    ts_api_call_full (call, held, (GDestroyNotify) hold_call_free));
}

static void
cart_created (gpointer      owner,
              JsonNode     *answer,
              const GError *error)
{
  HoldCall *call = owner;
  TsSalesPage *self = call->self;

  end_busy (self);
  if (!heard_from_server (self, error))
    {
      set_message (self, error->message, TRUE);
      return;
    }
  ts_cart_set_id (self->cart, json_object_get_string_member_with_default (json_node_get_object (answer), "id", NULL));
  send_hold (self, hold_call_new (self, call->hold));
}

/* Holds seats (GUIDs) and GA places in the cart, creating it first if need be. */
static void
hold_places (TsSalesPage *self,
             GPtrArray   *guids,
             const char  *area,
             guint        quantity)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) hold = NULL;
  HoldCall *call;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "performance_id");
  json_builder_add_int_value (builder, self->performance_id);
  json_builder_set_member_name (builder, "seats");
  json_builder_begin_array (builder);
  for (guint i = 0; guids != NULL && i < guids->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (guids, i));
  json_builder_end_array (builder);
  if (area != NULL && quantity > 0)
    add_places_member (builder, area, quantity);
  json_builder_end_object (builder);
  hold = json_builder_get_root (builder);
  call = hold_call_new (self, hold);
  if (ts_cart_get_id (self->cart) != NULL)
    {
      send_hold (self, call);
      return;
    }
  begin_busy (self);
  ts_api_client_create_cart_async (self->client, self->cancellable, ts_api_answered,
                                   ts_api_call_full (call, cart_created, (GDestroyNotify) hold_call_free));
}

/* Holds the seats selected on the map. */
static void
add_selection (TsSalesPage *self)
{
  TsSeatMap *map = ts_sales_map_get_seat_map (self->sales_map);
  g_autoptr(GArray) selection = ts_seat_map_get_selection (map);
  g_autoptr(GPtrArray) guids = g_ptr_array_new ();
  TsSeatPlan *plan = ts_seat_map_get_plan (map);

  if (plan == NULL || self->performance_id == 0)
    return;
  for (guint i = 0; i < selection->len; i++)
    {
      guint index = g_array_index (selection, guint, i);
      TsSeatState state = ts_seat_map_get_seat_state (map, index);

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

/* The cart again, as the server holds it ----------------------------------------------------- */

/* The server's live carts of this agent: this one, if it is among them,
 * is what the cart shows; what it held that the server does not any more
 * lapsed (S1), and the agent is told which. */
static void
carts_listed (gpointer      owner,
              JsonNode     *answer,
              const GError *error)
{
  TsSalesPage *self = owner;
  JsonArray *carts;
  JsonObject *mine = NULL;
  g_autoptr(GPtrArray) lapsed = NULL;

  end_busy (self);
  if (!heard_from_server (self, error))
    return;                                   /* again when the server answers */
  carts = ts_json_lookup_array (json_node_get_object (answer), "carts");
  for (guint i = 0; carts != NULL && i < json_array_get_length (carts); i++)
    {
      JsonObject *cart = json_array_get_object_element (carts, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (cart, "id", NULL), ts_cart_get_id (self->cart)) == 0)
        mine = cart;
    }
  lapsed = ts_cart_reconcile (self->cart, mine);
  ts_sales_map_reload (self->sales_map);
  if (lapsed->len > 0)
    {
      g_autofree char *names = NULL;
      g_autofree char *text = NULL;

      g_ptr_array_add (lapsed, NULL);
      names = g_strjoinv (", ", (char **) lapsed->pdata);
      text = g_strdup_printf (_("These holds lapsed while the server was out of reach: %s. Choose them again."), names);
      set_message (self, text, TRUE);
    }
}

/* Asks the server what the cart still holds, after it could not be
 * reached or did not let seats go. */
static void
reconcile_cart (TsSalesPage *self)
{
  if (self->disposed)
    return;
  begin_busy (self);
  ts_api_client_list_carts_async (self->client, self->cancellable, ts_api_answered, ts_api_call (self, carts_listed));
}

/* The live feed is back after a loss: the server is in touch again. */
static void
on_live_connected (TsSalesPage  *self,
                   GParamSpec   *pspec,
                   TsLiveClient *live)
{
  gboolean connected = FALSE;

  g_object_get (live, "connected", &connected, NULL);
  if (!connected)
    self->out_of_touch = TRUE;
  else if (self->out_of_touch)
    {
      self->out_of_touch = FALSE;
      reconcile_cart (self);
    }
}

static void
cart_released (gpointer      owner,
               JsonNode     *answer,
               const GError *error)
{
  TsSalesPage *self = owner;
  g_autoptr(JsonObject) released = g_steal_pointer (&self->released);

  end_busy (self);
  if (!heard_from_server (self, error) && !g_error_matches (error, TS_ERROR, TS_ERROR_NOT_FOUND))
    {
      g_autofree char *text = g_strdup_printf (_("The seats could not be let go (%s). They are back in the cart: "
                                                 "Release All tries again."), error->message);

      /* S1: the seats are not left stuck: the cart shows them again, as
       * the server held them, is checked against it once it answers, and
       * the agent may release them again */
      if (released != NULL && ts_cart_get_id (self->cart) == NULL && ts_cart_get_size (self->cart) == 0)
        ts_cart_take (self->cart, released);
      set_message (self, text, TRUE);
      if (!self->out_of_touch)
        reconcile_cart (self);
      return;
    }
  ts_sales_map_reload (self->sales_map);
}

/* Lets every seat and place of the cart go. */
static void
release_cart (TsSalesPage *self)
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
      g_clear_pointer (&self->released, json_object_unref);
      if (ts_cart_get_held (self->cart) != NULL)
        self->released = json_object_ref (ts_cart_get_held (self->cart));
      begin_busy (self);
      ts_api_client_release_from_cart_async (self->client, body, self->cancellable, ts_api_answered,
                                             ts_api_call (self, cart_released));
    }
  g_clear_pointer (&self->idempotency_key, g_free);
  ts_cart_clear (self->cart);                 /* and the override went with it (S3) */
}

/* The sale ---------------------------------------------------------------------------------- */

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
    sell (self);
}

static void
sold (gpointer      owner,
      JsonNode     *answer,
      const GError *error)
{
  TsSalesPage *self = owner;
  gint64 order_id;
  g_autofree char *total = NULL;
  g_autofree char *number = NULL;
  g_autofree char *text = NULL;

  end_busy (self);
  if (!heard_from_server (self, error))
    {
      /* The key stays for a retry after a lost answer, and after a 503:
       * the database was out of reach (a standby being promoted, say) or
       * lost during the commit, whose outcome is then unknown; the same
       * sale sent again is sold once (S2).  A refusal is final for this
       * attempt, and the map shows what changed. */
      if (!g_error_matches (error, TS_ERROR, TS_ERROR_UNREACHABLE)
          && !g_error_matches (error, TS_ERROR, TS_ERROR_UNAVAILABLE))
        g_clear_pointer (&self->idempotency_key, g_free);
      set_message (self, error->message, TRUE);
      ts_sales_map_reload (self->sales_map);
      offer_override (self, error, G_CALLBACK (sale_overridden), NULL, NULL);
      return;
    }
  order_id = json_object_get_int_member (json_node_get_object (answer), "id");
  total = ts_format_money (json_object_get_int_member_with_default (json_node_get_object (answer), "total_cents", 0));
  number = g_strdup_printf ("%" G_GINT64_FORMAT, order_id);
  text = g_strdup_printf (_("Order %s sold: %s."), number, total);
  g_clear_pointer (&self->idempotency_key, g_free);
  g_hash_table_remove_all (self->partner_answers);     /* recorded with the sale (K3) */
  release_cart (self);
  ts_checkout_reset (self->checkout);
  g_object_set (self->cart, "comp-reason", "", "promo-code", "", NULL);
  set_message (self, text, FALSE);
  /* F1: one keystroke prints the tickets (Enter on Print Tickets, Ctrl+P) */
  ts_sale_offer_set_order_id (self->offer, order_id);
  g_signal_emit (self, signals[ORDER_SOLD], 0, order_id);
}

/* K3: the agent answered this sale's questions (Continue): the sale goes on. */
static void
partner_questions_answered (TsPartnerQuestionsDialog *dialog,
                            JsonArray                *answers,
                            TsSalesPage              *self)
{
  for (guint i = 0; i < json_array_get_length (answers); i++)
    {
      JsonObject *answer = json_array_get_object_element (answers, i);
      gint64 id = json_object_get_int_member (answer, "partner_company_id");

      g_hash_table_replace (self->partner_answers, g_memdup2 (&id, sizeof id),
                            g_strdup (json_object_get_string_member (answer, "answer")));
    }
  if (is_busy (self))
    self->sell_when_idle = TRUE;
  else
    sell (self);
}

/* K3: the partner questions of this sale, asked once each before it is
 * sold: TRUE while some are still to ask (the dialog is up, and the sale
 * goes on from its Continue). */
static gboolean
ask_partner_questions (TsSalesPage *self)
{
  JsonArray *questions = ts_checkout_get_patron_id (self->checkout) != 0
                         ? ts_partner_questions_get (self->questions) : NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  TsPartnerQuestionsDialog *dialog;
  gboolean unasked = FALSE;

  for (guint i = 0; questions != NULL && i < json_array_get_length (questions) && !unasked; i++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (questions, i), "partner_company_id");

      unasked = !g_hash_table_contains (self->partner_answers, &id);
    }
  if (!unasked)
    return FALSE;
  /* Cancel goes back to the sale: nothing is sold */
  dialog = ts_partner_questions_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, questions);
  g_signal_connect_object (dialog, "answered", G_CALLBACK (partner_questions_answered), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* "partner_answers": the answers to this sale's questions, for the purchaser (K3). */
static void
add_partner_answers (TsSalesPage *self,
                     JsonBuilder *builder)
{
  JsonArray *questions = ts_checkout_get_patron_id (self->checkout) != 0
                         ? ts_partner_questions_get (self->questions) : NULL;

  if (questions == NULL)
    return;
  json_builder_set_member_name (builder, "partner_answers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (questions); i++)
    {
      gint64 id = json_object_get_int_member (json_array_get_object_element (questions, i), "partner_company_id");
      const char *answer = g_hash_table_lookup (self->partner_answers, &id);

      if (answer == NULL)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "partner_company_id");
      json_builder_add_int_value (builder, id);
      json_builder_set_member_name (builder, "answer");
      json_builder_add_string_value (builder, answer);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* POST /orders: the cart's items, the purchaser (and a gift's recipient,
 * S2; none for a walk-up sale, S8), the answers to the partners' questions
 * (K3), one payment of the total, and the override in effect (S3). */
static void
sell (TsSalesPage *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  gint64 total = ts_cart_get_total_cents (self->cart);
  gint64 patron_id = ts_checkout_get_patron_id (self->checkout);
  gint64 recipient_id = ts_checkout_get_recipient_id (self->checkout);
  const char *reference = ts_checkout_get_reference (self->checkout);
  const char *reason = ts_cart_get_override_reason (self->cart);

  if (ts_cart_get_size (self->cart) == 0 || !has_purchaser (self) || is_busy (self))
    return;
  if (!method_allowed (self))
    {
      set_message (self, _("Another outlet’s tickets are paid by cash, cheque or card only."), TRUE);  /* S4 */
      return;
    }
  if (ask_partner_questions (self))
    return;
  if (self->idempotency_key == NULL)
    self->idempotency_key = g_uuid_string_random ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "idempotency_key");
  json_builder_add_string_value (builder, self->idempotency_key);
  json_builder_set_member_name (builder, "cart_id");
  json_builder_add_string_value (builder, ts_cart_get_id (self->cart));
  if (patron_id != 0)                  /* S8: none for a walk-up sale */
    {
      json_builder_set_member_name (builder, "purchaser_id");
      json_builder_add_int_value (builder, patron_id);
    }
  if (patron_id != 0 && recipient_id != 0)
    {
      json_builder_set_member_name (builder, "recipient_id");
      json_builder_add_int_value (builder, recipient_id);
    }
  if (ts_checkout_get_walk_up (self->checkout))
    {
      json_builder_set_member_name (builder, "walk_up");
      json_builder_add_boolean_value (builder, TRUE);
    }
  ts_cart_add_items (self->cart, builder);
  add_partner_answers (self, builder);
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
  if (reason != NULL)
    ts_override_dialog_add_to (json_node_get_object (body), reason);
  set_message (self, _("Selling…"), FALSE);
  begin_busy (self);
  ts_api_client_create_order_async (self->client, body, self->cancellable, ts_api_answered, ts_api_call (self, sold));
}

/* What the parts say ------------------------------------------------------------------ */

static void
on_performance_activated (TsSalesPage *self,
                          gint64       performance_id)
{
  select_performance (self, performance_id);
}

static void
on_part_says (TsSalesPage *self,
              const char  *text,
              gboolean     is_error)
{
  set_message (self, text, is_error);
}

static void
on_add_places (TsSalesPage *self,
               const char  *area,
               guint        quantity)
{
  if (self->performance_id == 0 || area == NULL || quantity == 0)
    return;
  hold_places (self, NULL, area, quantity);
}

static void
line_released (gpointer      owner,
               JsonNode     *answer,
               const GError *error)
{
  TsSalesPage *self = owner;

  end_busy (self);
  if (!heard_from_server (self, error))
    {
      g_autofree char *text = g_strdup_printf (_("The seat could not be let go (%s)."), error->message);

      set_message (self, text, TRUE);
      if (!self->out_of_touch)
        reconcile_cart (self);                /* the cart shows what the server still holds */
      return;
    }
  ts_cart_take (self->cart, json_node_get_object (answer));   /* what the server holds now */
  ts_sales_map_reload (self->sales_map);
}

/* The agent took one ticket out of the cart: the server lets it go. */
static void
on_line_removed (TsSalesPage *self,
                 gint64       performance_id,
                 const char  *seat,
                 const char  *area)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cart_id");
  json_builder_add_string_value (builder, ts_cart_get_id (self->cart));
  json_builder_set_member_name (builder, "performance_id");
  json_builder_add_int_value (builder, performance_id);
  if (seat != NULL)
    {
      json_builder_set_member_name (builder, "seats");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, seat);
      json_builder_end_array (builder);
    }
  else
    add_places_member (builder, area, 1);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  begin_busy (self);
  ts_api_client_release_from_cart_async (self->client, body, self->cancellable, ts_api_answered,
                                         ts_api_call (self, line_released));
}

/* S1: the hold ran out; the server has let the seats go. */
static void
on_cart_expired (TsSalesPage *self)
{
  set_message (self, _("The hold expired: the seats were released. Choose them again."), TRUE);
  ts_sales_map_reload (self->sales_map);
}

/* The sale the cart describes changed: an attempt to sell it is over (S2). */
/* K3: the questions of the sale as it now stands, fetched ahead of time. */
static void
update_partner_questions (TsSalesPage *self)
{
  g_autoptr(GArray) performances = NULL;

  if (self->disposed || self->questions == NULL)
    return;
  performances = ts_cart_get_performance_ids (self->cart);
  ts_partner_questions_set_sale (self->questions, ts_checkout_get_patron_id (self->checkout),
                                 (const gint64 *) performances->data, performances->len);
}

static void
on_cart_changed (TsSalesPage *self)
{
  g_clear_pointer (&self->idempotency_key, g_free);
  update_partner_questions (self);
}

static void
on_cart_size_changed (TsSalesPage *self)
{
  /* the next sale begins: the last one's offer goes */
  if (ts_cart_get_size (self->cart) > 0)
    ts_sale_offer_set_order_id (self->offer, 0);
  update_partner_questions (self);
  update_actions (self);
}

static void
on_offer_changed (TsSalesPage *self)
{
  if (!self->disposed)
    update_offer_actions (self);
}

static void
on_override_changed (TsSalesPage *self)
{
  if (ts_cart_get_override_reason (self->cart) == NULL)
    self->sell_when_idle = FALSE;
}

static void
vouchers_loaded (gpointer      owner,
                 JsonNode     *answer,
                 const GError *error)
{
  TsSalesPage *self = owner;

  end_busy (self);
  ts_cart_set_vouchers (self->cart, answer);
}

/* A purchaser was chosen: their vouchers for the cart (T3). */
static void
on_patron_changed (TsSalesPage *self)
{
  gint64 patron_id = ts_checkout_get_patron_id (self->checkout);

  ts_cart_set_vouchers (self->cart, NULL);     /* another purchaser's (T3) */
  if (patron_id != 0)
    {
      begin_busy (self);
      ts_api_client_list_patron_vouchers_async (self->client, patron_id, self->cancellable, ts_api_answered,
                                                ts_api_call (self, vouchers_loaded));
    }
  g_clear_pointer (&self->idempotency_key, g_free);
  /* another purchaser answers for himself (K3) */
  if (self->partner_answers != NULL)
    g_hash_table_remove_all (self->partner_answers);
  update_partner_questions (self);
  update_actions (self);
}

static void
on_walk_up_changed (TsSalesPage *self)
{
  if (self->disposed)
    return;
  g_clear_pointer (&self->idempotency_key, g_free);
  update_actions (self);
}

static void
on_recipient_changed (TsSalesPage *self)
{
  g_clear_pointer (&self->idempotency_key, g_free);
}

static void
on_method_changed (TsSalesPage *self)
{
  if (self->disposed)
    return;
  if (!method_allowed (self))
    set_message (self, _("Another outlet’s tickets are paid by cash, cheque or card only."), TRUE);  /* S4 */
  else
    set_message (self, NULL, FALSE);
  g_clear_pointer (&self->idempotency_key, g_free);
  update_actions (self);
}

/* Actions ----------------------------------------------------------------------------------- */

static void
reload_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TsSalesPage *self = TS_SALES_PAGE (widget);

  ts_performance_picker_reload (self->picker);
  ts_sales_map_reload (self->sales_map);
}

static void
find_performance_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  ts_performance_picker_focus_search (TS_SALES_PAGE (widget)->picker);
}

static void
add_selection_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  add_selection (TS_SALES_PAGE (widget));
}

/* From the map's right-click menu: the selection, or else the seat clicked. */
static void
add_to_cart_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TsSalesPage *self = TS_SALES_PAGE (widget);
  g_autoptr(GPtrArray) guids = ts_sales_map_get_action_seats (self->sales_map, TS_SEAT_STATE_AVAILABLE);

  if (guids->len > 0)
    hold_places (self, guids, NULL, 0);
}

static void
release_cart_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  release_cart (TS_SALES_PAGE (widget));
}

static void
sell_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sell (TS_SALES_PAGE (widget));
}

/* F1: the last sale's tickets and receipt, from its offer */
static void
print_tickets_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  ts_sale_offer_print_tickets (TS_SALES_PAGE (widget)->offer);
}

static void
save_tickets_pdf_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  ts_sale_offer_save_pdf (TS_SALES_PAGE (widget)->offer);
}

static void
print_receipt_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  ts_sale_offer_print_receipt (TS_SALES_PAGE (widget)->offer);
}

/* The last sale's order, in its window, when the agent asks: a window
 * opened after every sale would take the focus from Print Tickets (F1). */
static void
open_order_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TsSalesPage *self = TS_SALES_PAGE (widget);
  gint64 order_id = ts_sale_offer_get_order_id (self->offer);

  if (order_id != 0)
    g_signal_emit (self, signals[OPEN_ORDER], 0, order_id);
}

/* The will-call list of the chosen performance, in a window of its own. */
static void
will_call_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TsSalesPage *self = TS_SALES_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  TsWillCallWindow *window;

  if (self->performance_id == 0)
    return;
  window = ts_will_call_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->client,
                                    self->performance_id, gtk_label_get_text (self->title));
  ts_will_call_window_follow_live (window, ts_sales_map_get_live_client (self->sales_map));
  gtk_window_present (GTK_WINDOW (window));
}

/* The accelerator of each button that has one, in its tooltip ("Sell the
 * tickets in the cart (Ctrl+Return)"), so that it is found where it is used. */
static void
show_accelerators (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      const char *action = GTK_IS_ACTIONABLE (child) ? gtk_actionable_get_action_name (GTK_ACTIONABLE (child)) : NULL;

      for (guint i = 0; action != NULL && shortcuts[i].accelerator != NULL; i++)
        {
          guint key;
          GdkModifierType mods;
          g_autofree char *label = NULL;
          g_autofree char *text = NULL;
          const char *tooltip = gtk_widget_get_tooltip_text (child);

          if (!g_str_equal (action, shortcuts[i].action) || !gtk_accelerator_parse (shortcuts[i].accelerator, &key, &mods))
            continue;
          label = gtk_accelerator_get_label (key, mods);
          /* Translators: a button's tooltip and its keyboard shortcut */
          text = tooltip ? g_strdup_printf (_("%s (%s)"), tooltip, label) : g_strdup (label);
          gtk_widget_set_tooltip_text (child, text);
        }
      show_accelerators (child);
    }
}

/* Life cycle ---------------------------------------------------------------------------------- */

/* C7: the chosen performance's title, its time in the outlet's new zone */
static void
on_time_zone_changed (TsSalesPage *self)
{
  g_autofree char *title = self->performance_id != 0
                           ? ts_performance_picker_dup_title (self->picker, self->performance_id) : NULL;

  if (self->disposed || title == NULL)
    return;
  gtk_label_set_text (self->title, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title), title);
}

static void
ts_sales_page_constructed (GObject *object)
{
  TsSalesPage *self = TS_SALES_PAGE (object);

  G_OBJECT_CLASS (ts_sales_page_parent_class)->constructed (object);

  ts_sales_map_set_client (self->sales_map, self->client);
  ts_performance_picker_set_client (self->picker, self->client);
  ts_checkout_set_client (self->checkout, self->client);
  ts_sale_offer_set_client (self->offer, self->client);
  self->questions = ts_partner_questions_new (self->client);
  g_signal_connect_object (self->questions, "notify::loading", G_CALLBACK (on_busy_changed), self, G_CONNECT_SWAPPED);
  show_accelerators (GTK_WIDGET (self));
  g_signal_connect_object (ts_sales_map_get_live_client (self->sales_map), "notify::connected",
                           G_CALLBACK (on_live_connected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client, "notify::reachable", G_CALLBACK (on_reachable), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client, "notify::time-zone", G_CALLBACK (on_time_zone_changed), self,
                           G_CONNECT_SWAPPED);
}

static void
ts_sales_page_dispose (GObject *object)
{
  TsSalesPage *self = TS_SALES_PAGE (object);

  /* a drop-down being destroyed may still say its choice changed */
  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->questions != NULL)
    ts_partner_questions_cancel (self->questions);
  g_clear_object (&self->questions);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_SALES_PAGE);
  G_OBJECT_CLASS (ts_sales_page_parent_class)->dispose (object);
}

static void
ts_sales_page_finalize (GObject *object)
{
  TsSalesPage *self = TS_SALES_PAGE (object);

  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_free (self->idempotency_key);
  g_free (self->outage_text);
  g_clear_pointer (&self->released, json_object_unref);
  g_hash_table_unref (self->partner_answers);
  G_OBJECT_CLASS (ts_sales_page_parent_class)->finalize (object);
}

static void
ts_sales_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TsSalesPage *self = TS_SALES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_PERFORMANCE_ID:
      g_value_set_int64 (value, self->performance_id);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, is_busy (self));
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, gtk_label_get_text (self->message_label));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_sales_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TsSalesPage *self = TS_SALES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_PERFORMANCE_ID:
      select_performance (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_sales_page_class_init (TsSalesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ts_sales_page_constructed;
  object_class->dispose = ts_sales_page_dispose;
  object_class->finalize = ts_sales_page_finalize;
  object_class->get_property = ts_sales_page_get_property;
  object_class->set_property = ts_sales_page_set_property;

  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, TS_TYPE_API_CLIENT,
                                                 G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The performance shown (0: none); setting it is choosing it in the list. */
  properties[PROP_PERFORMANCE_ID] = g_param_spec_int64 ("performance-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE while a request of the page or of its parts is under way. */
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The message line: what the server said last, or what the page asks. */
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, "",
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ORDER_SOLD] = g_signal_new ("order-sold", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[OPEN_ORDER] = g_signal_new ("open-order", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_install_action (widget_class, "sales.reload", NULL, reload_activated);
  gtk_widget_class_install_action (widget_class, "sales.find-performance", NULL, find_performance_activated);
  for (guint i = 0; shortcuts[i].accelerator != NULL; i++)
    {
      guint key;
      GdkModifierType mods;

      if (gtk_accelerator_parse (shortcuts[i].accelerator, &key, &mods))
        gtk_widget_class_add_binding_action (widget_class, key, mods, shortcuts[i].action, NULL);
    }
  gtk_widget_class_install_action (widget_class, "sales.add-selection", NULL, add_selection_activated);
  gtk_widget_class_install_action (widget_class, "sales.add-to-cart", NULL, add_to_cart_activated);
  gtk_widget_class_install_action (widget_class, "sales.release-cart", NULL, release_cart_activated);
  gtk_widget_class_install_action (widget_class, "sales.sell", NULL, sell_activated);
  gtk_widget_class_install_action (widget_class, "sales.will-call", NULL, will_call_activated);
  gtk_widget_class_install_action (widget_class, "sales.print-tickets", NULL, print_tickets_activated);
  gtk_widget_class_install_action (widget_class, "sales.save-tickets-pdf", NULL, save_tickets_pdf_activated);
  gtk_widget_class_install_action (widget_class, "sales.print-receipt", NULL, print_receipt_activated);
  gtk_widget_class_install_action (widget_class, "sales.open-order", NULL, open_order_activated);

  g_type_ensure (TS_TYPE_PERFORMANCE_PICKER);
  g_type_ensure (TS_TYPE_SALES_MAP);
  g_type_ensure (TS_TYPE_CART);
  g_type_ensure (TS_TYPE_CHECKOUT);
  g_type_ensure (TS_TYPE_SALE_OFFER);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-sales-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TsSalesPage, paned);
  gtk_widget_class_bind_template_child (widget_class, TsSalesPage, picker);
  gtk_widget_class_bind_template_child (widget_class, TsSalesPage, title);
  gtk_widget_class_bind_template_child (widget_class, TsSalesPage, sales_map);
  gtk_widget_class_bind_template_child (widget_class, TsSalesPage, cart);
  gtk_widget_class_bind_template_child (widget_class, TsSalesPage, checkout);
  gtk_widget_class_bind_template_child (widget_class, TsSalesPage, offer);
  gtk_widget_class_bind_template_child (widget_class, TsSalesPage, message_label);
  gtk_widget_class_bind_template_callback (widget_class, on_performance_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_part_says);
  gtk_widget_class_bind_template_callback (widget_class, on_busy_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_add_places);
  gtk_widget_class_bind_template_callback (widget_class, on_cart_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_line_removed);
  gtk_widget_class_bind_template_callback (widget_class, on_cart_expired);
  gtk_widget_class_bind_template_callback (widget_class, on_cart_size_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_override_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_offer_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_patron_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_recipient_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_walk_up_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_method_changed);
}

static void
ts_sales_page_init (TsSalesPage *self)
{
  self->partner_answers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update_actions (self);
}

/* Public ---------------------------------------------------------------------------------- */

TsSalesPage *
ts_sales_page_new (TsApiClient *client)
{
  g_return_val_if_fail (TS_IS_API_CLIENT (client), NULL);

  return g_object_new (TS_TYPE_SALES_PAGE, "client", client, NULL);
}

/* For tests (ts-sales-page-private.h) ------------------------------------------------------ */

TsPerformancePicker *
_ts_sales_page_get_picker (TsSalesPage *self)
{
  return self->picker;
}

TsSalesMap *
_ts_sales_page_get_sales_map (TsSalesPage *self)
{
  return self->sales_map;
}

TsCart *
_ts_sales_page_get_cart (TsSalesPage *self)
{
  return self->cart;
}

TsCheckout *
_ts_sales_page_get_checkout (TsSalesPage *self)
{
  return self->checkout;
}

TsSaleOffer *
_ts_sales_page_get_offer (TsSalesPage *self)
{
  return self->offer;
}

const TsSalesShortcut *
_ts_sales_page_get_shortcuts (void)
{
  return shortcuts;
}
