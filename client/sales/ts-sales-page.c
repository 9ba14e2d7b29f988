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

#include "ts-error.h"
#include "ts-json.h"
#include "ts-money.h"
#include "ts-override-dialog.h"
#include "ts-patron-new-dialog.h"
#include "ts-performance-picker.h"
#include "ts-sales-map.h"
#include "ts-sales-page.h"
#include "ts-will-call-window.h"

/* One ticket in the cart: a seat, or one place of a general-admission area. */
typedef struct
{
  char        *seat;          /* GUID, or NULL */
  char        *area;          /* area key, or NULL */
  char        *name;          /* "Stalls row B seat 3" */
  char        *zone;          /* the price zone (map category), may be NULL */
  gint64       ticket_type;   /* chosen ticket type id, 0 before the offer is known */
  gint64       voucher;       /* a subscriber's open voucher reserved for it (T3), or 0 */
  GtkDropDown *dropdown;
} CartLine;

static void
cart_line_free (CartLine *line)
{
  g_free (line->seat);
  g_free (line->area);
  g_free (line->name);
  g_free (line->zone);
  g_free (line);
}

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
  JsonNode        *offer;              /* GET /performances/{id}/offer */
  GtkLabel        *title;
  TsSalesMap      *sales_map;
  TsSeatMap       *map;                /* the sales map's */

  char            *cart_id;
  GDateTime       *expires_at;
  guint           countdown_source;
  GPtrArray       *lines;              /* CartLine */
  GtkLabel        *countdown;
  GtkListBox      *line_list;
  GtkLabel        *total_label;
  GtkButton       *add_button;
  GtkButton       *release_button;
  GtkWidget       *override_bar;
  GtkLabel        *override_label;
  char            *override_reason;    /* S3: the override given for this cart's holds and sale, or NULL */
  gboolean         sell_when_idle;     /* the overridden sale waits for the page's requests in flight */

  gint64          patron_id;
  gint64          recipient_id;        /* 0: the purchaser; else a gift (S2) */
  JsonNode        *vouchers;           /* the purchaser's vouchers with this outlet (T3) */
  GtkButton       *will_call_button;
  GtkSearchEntry  *patron_search;
  GtkListBox      *patron_results;
  GtkLabel        *patron_label;
  GtkCheckButton  *gift;
  GtkLabel        *recipient_label;
  GtkEntry        *promo_code;
  GtkEntry        *comp_reason;
  GtkCheckButton  *walk_up;

  GtkDropDown     *method;
  GtkEntry        *reference;
  GtkButton       *sell_button;
  GtkLabel        *message;
  char            *idempotency_key;    /* one per sale attempt: a retry sends the same (S2) */
  gboolean         disposed;           /* widgets going away: their signals are ignored */
};

G_DEFINE_FINAL_TYPE (TsSalesPage, ts_sales_page, GTK_TYPE_WIDGET)

enum { ORDER_SOLD, N_SIGNALS };
static guint signals[N_SIGNALS];

/* API names of the payment methods, in the dropdown's order (S4). */
static const char * const methods[] = { "cash", "cheque", "card", "gift_certificate", "pass", "on_account", NULL };

static gboolean is_busy (TsSalesPage *self);
static JsonObject *find_type (TsSalesPage *self, gint64 id);
static void refresh_lines (TsSalesPage *self);
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

/* S3: the override that goes with this cart's holds and sale, shown above
 * the cart while it does; NULL: none. */
static void
set_override (TsSalesPage *self,
              const char  *reason)
{
  g_autofree char *text = NULL;

  if (reason != self->override_reason)
    {
      g_free (self->override_reason);
      self->override_reason = g_strdup (reason);
    }
  if (reason == NULL)
    self->sell_when_idle = FALSE;
  if (self->override_bar == NULL)
    return;
  if (self->override_reason != NULL)
    {
      /* Translators: Pango markup; %s is the reason the agent gave for overriding (rule S3) */
      text = g_markup_printf_escaped (_("<b>Override in effect</b> for this sale, recorded in the audit log: “%s”"),
                                      self->override_reason);
      gtk_label_set_markup (self->override_label, text);
    }
  gtk_widget_set_visible (self->override_bar, self->override_reason != NULL);
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

static char *
format_money (gint64 cents)
{
  return ts_money_format_local (cents);
}

/* The ticket types the page offers for a line: regular ones (comps, with
 * their reason, are given from the order window's workflow). */
static JsonArray *
offer_types (TsSalesPage *self)
{
  return self->offer ? ts_json_lookup_array (json_node_get_object (self->offer), "ticket_types") : NULL;
}

static gboolean
type_is_offered (JsonObject *type)
{
  const char *category = json_object_get_string_member_with_default (type, "category", "regular");

  /* bundle components are reserved with a subscriber's voucher (T3) */
  return g_str_equal (category, "regular") || g_str_equal (category, "comp");
}

static gboolean
type_is_comp (JsonObject *type)
{
  return type != NULL && g_strcmp0 (json_object_get_string_member_with_default (type, "category", ""), "comp") == 0;
}

static gboolean
type_needs_code (JsonObject *type)
{
  return type != NULL && json_object_get_boolean_member_with_default (type, "promo_code_required", FALSE);
}

/* Shows the comp-reason and promo-code fields when a line needs them. */
static void
update_line_fields (TsSalesPage *self)
{
  gboolean comp = FALSE, code = FALSE;

  for (guint i = 0; i < self->lines->len; i++)
    {
      JsonObject *type = find_type (self, ((CartLine *) g_ptr_array_index (self->lines, i))->ticket_type);

      comp |= type_is_comp (type);
      code |= type_needs_code (type);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->comp_reason), comp);
  gtk_widget_set_visible (GTK_WIDGET (self->promo_code), code);
}

/* T4: the type's price in the line's price zone. */
static gint64
type_price (JsonObject *type,
            const char *zone)
{
  JsonArray *prices = ts_json_lookup_array (type, "prices");

  for (guint i = 0; zone != NULL && prices != NULL && i < json_array_get_length (prices); i++)
    {
      JsonObject *p = json_array_get_object_element (prices, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (p, "category", NULL), zone) == 0)
        return json_object_get_int_member (p, "price_cents");
    }
  return json_object_get_int_member_with_default (type, "price_cents", 0);
}

static JsonObject *
find_type (TsSalesPage *self,
           gint64       id)
{
  JsonArray *types = offer_types (self);

  for (guint i = 0; types != NULL && i < json_array_get_length (types); i++)
    {
      JsonObject *t = json_array_get_object_element (types, i);

      if (json_object_get_int_member (t, "ticket_type_id") == id)
        return t;
    }
  return NULL;
}

/* The sales map ------------------------------------------------------------------- */

static void
load_seats (TsSalesPage *self)
{
  ts_sales_map_reload (self->sales_map);
}

/* The seats of the cart show as "in my cart" on the map. */
static void
cart_seats_changed (TsSalesPage *self)
{
  g_autoptr(GPtrArray) seats = g_ptr_array_new ();

  for (guint i = 0; i < self->lines->len; i++)
    {
      CartLine *line = g_ptr_array_index (self->lines, i);

      if (line->seat != NULL)
        g_ptr_array_add (seats, line->seat);
    }
  g_ptr_array_add (seats, NULL);
  ts_sales_map_set_cart_seats (self->sales_map, (const char * const *) seats->pdata);
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
  g_clear_pointer (&self->offer, json_node_unref);
  self->offer = json_node_ref (answer);
  refresh_lines (self);
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
  if (self->lines->len > 0)
    ts_sales_page_release_cart (self);
  set_override (self, NULL);                  /* an override is for one performance's sale (S3) */
  self->performance_id = performance_id;
  g_clear_pointer (&self->offer, json_node_unref);
  p = performance_object (self);
  self->map_id = p ? json_object_get_int_member_with_default (p, "map_id", 0) : 0;
  ts_sales_map_show (self->sales_map, performance_id, self->map_id);
  title = ts_performance_picker_dup_title (self->picker, performance_id);
  gtk_label_set_text (self->title, title ? title : "");
  set_message (self, NULL, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->walk_up), p != NULL && is_own_performance (self)
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
  gint64 total = 0;

  for (guint i = 0; i < self->lines->len; i++)
    {
      CartLine *line = g_ptr_array_index (self->lines, i);
      JsonObject *type = find_type (self, line->ticket_type);

      if (type != NULL && line->voucher == 0)         /* a voucher was paid with its subscription */
        total += type_price (type, line->zone);
    }
  return total;
}

guint
ts_sales_page_get_cart_size (TsSalesPage *self)
{
  return self->lines->len;
}

static void
update_total (TsSalesPage *self)
{
  g_autofree char *money = format_money (ts_sales_page_get_total_cents (self));
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket · total %s", "%u tickets · total %s",
                                                        self->lines->len), self->lines->len, money);

  gtk_label_set_text (self->total_label, text);
}

/* S4: another outlet's tickets are paid with the seller's own real money. */
static gboolean
method_allowed (TsSalesPage *self,
                guint        index)
{
  return is_own_performance (self) || index <= 2;
}

static void
update_buttons (TsSalesPage *self)
{
  gboolean idle = !is_busy (self);
  guint method = gtk_drop_down_get_selected (self->method);

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), idle && self->performance_id != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->will_call_button), self->performance_id != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->release_button), idle && self->lines->len > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sell_button),
                            idle && self->lines->len > 0 && self->patron_id != 0 && method_allowed (self, method));
}

/* The ticket type of one of the purchaser's vouchers (T3), or 0. */
static gint64
voucher_type (TsSalesPage *self,
              gint64       voucher)
{
  JsonArray *list = self->vouchers ? json_node_get_array (self->vouchers) : NULL;

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonObject *v = json_array_get_object_element (list, i);

      if (json_object_get_int_member (v, "id") == voucher)
        return json_object_get_int_member (v, "ticket_type_id");
    }
  return 0;
}

static void
type_chosen (GtkDropDown *dropdown,
             GParamSpec  *pspec,
             TsSalesPage *self)
{
  CartLine *line = g_object_get_data (G_OBJECT (dropdown), "line");
  GArray *ids = g_object_get_data (G_OBJECT (dropdown), "type-ids");
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->disposed || line == NULL || ids == NULL || selected >= ids->len)
    return;
  line->ticket_type = g_array_index (ids, gint64, selected);
  line->voucher = 0;
  if (line->ticket_type < 0)
    {
      line->voucher = -line->ticket_type;
      line->ticket_type = voucher_type (self, line->voucher);
    }
  g_clear_pointer (&self->idempotency_key, g_free);      /* another sale than the one attempted */
  update_total (self);
  update_line_fields (self);
}

static void
remove_line_clicked (GtkButton   *button,
                     TsSalesPage *self)
{
  CartLine *line = g_object_get_data (G_OBJECT (button), "line");
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (line == NULL || self->cart_id == NULL)
    return;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cart_id");
  json_builder_add_string_value (builder, self->cart_id);
  json_builder_set_member_name (builder, "performance_id");
  json_builder_add_int_value (builder, self->performance_id);
  if (line->seat != NULL)
    {
      json_builder_set_member_name (builder, "seats");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, line->seat);
      json_builder_end_array (builder);
    }
  else
    {
      json_builder_set_member_name (builder, "ga");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "area");
      json_builder_add_string_value (builder, line->area);
      json_builder_set_member_name (builder, "quantity");
      json_builder_add_int_value (builder, 1);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  ts_api_client_request_async (self->client, "POST", "/carts/release", body, self->cancellable,
                               /* the answer is the cart */ NULL, NULL);
  g_ptr_array_remove (self->lines, line);
  cart_seats_changed (self);
  g_clear_pointer (&self->idempotency_key, g_free);
  refresh_lines (self);
  load_seats (self);
}

static void
refresh_lines (TsSalesPage *self)
{
  JsonArray *types = offer_types (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->line_list))) != NULL)
    gtk_list_box_remove (self->line_list, child);
  for (guint i = 0; i < self->lines->len; i++)
    {
      CartLine *line = g_ptr_array_index (self->lines, i);
      GtkStringList *names = gtk_string_list_new (NULL);
      GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *choice = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = gtk_label_new (line->name);
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      guint chosen = 0;

      for (guint t = 0; types != NULL && t < json_array_get_length (types); t++)
        {
          JsonObject *type = json_array_get_object_element (types, t);
          gint64 id = json_object_get_int_member (type, "ticket_type_id");
          g_autofree char *price = NULL;
          g_autofree char *text = NULL;

          if (!type_is_offered (type))
            continue;
          price = format_money (type_price (type, line->zone));
          text = g_strdup_printf ("%s — %s", json_object_get_string_member_with_default (type, "name", ""), price);
          if (line->ticket_type == 0)
            line->ticket_type = id;
          if (id == line->ticket_type)
            chosen = ids->len;
          gtk_string_list_append (names, text);
          g_array_append_val (ids, id);
        }
      /* T3: the purchaser's open vouchers for a type this performance offers */
      for (guint v = 0; self->vouchers != NULL && v < json_array_get_length (json_node_get_array (self->vouchers)); v++)
        {
          JsonObject *voucher = json_array_get_object_element (json_node_get_array (self->vouchers), v);
          gint64 id = -json_object_get_int_member (voucher, "id");
          g_autofree char *text = NULL;

          if (g_strcmp0 (json_object_get_string_member_with_default (voucher, "status", ""), "open") != 0
              || find_type (self, json_object_get_int_member (voucher, "ticket_type_id")) == NULL)
            continue;
          text = g_strdup_printf (_("Voucher of %s — already paid"),
                                  json_object_get_string_member_with_default (voucher, "subscription", ""));
          if (line->voucher == -id)
            chosen = ids->len;
          gtk_string_list_append (names, text);
          g_array_append_val (ids, id);
        }
      line->dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (names), NULL));
      gtk_drop_down_set_selected (line->dropdown, chosen);
      gtk_accessible_update_property (GTK_ACCESSIBLE (line->dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, line->name, -1);
      g_object_set_data (G_OBJECT (line->dropdown), "line", line);
      g_object_set_data_full (G_OBJECT (line->dropdown), "type-ids", ids, (GDestroyNotify) g_array_unref);
      g_signal_connect (line->dropdown, "notify::selected", G_CALLBACK (type_chosen), self);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_tooltip_text (remove, _("Release this seat"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Release this seat"), -1);
      g_object_set_data (G_OBJECT (remove), "line", line);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_line_clicked), self);
      gtk_widget_set_hexpand (GTK_WIDGET (line->dropdown), TRUE);
      gtk_box_append (GTK_BOX (choice), GTK_WIDGET (line->dropdown));
      gtk_box_append (GTK_BOX (choice), remove);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (row), choice);
      gtk_widget_set_margin_top (row, 4);
      gtk_widget_set_margin_bottom (row, 4);
      gtk_widget_set_margin_start (row, 4);
      gtk_widget_set_margin_end (row, 4);
      gtk_list_box_append (self->line_list, row);
    }
  update_total (self);
  update_line_fields (self);
  update_buttons (self);
}

/* Shows the time left on the cart's hold (S1); FALSE once there is no hold
 * left to count down. */
static gboolean
update_countdown (TsSalesPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan left = self->expires_at ? g_date_time_difference (self->expires_at, now) : 0;
  g_autofree char *text = NULL;

  if (self->expires_at == NULL || self->lines->len == 0)
    {
      gtk_label_set_text (self->countdown, "");
      return FALSE;
    }
  if (left <= 0)
    {
      /* S1: the hold has expired and the server has let the seats go. */
      g_ptr_array_set_size (self->lines, 0);
      cart_seats_changed (self);
      g_clear_pointer (&self->cart_id, g_free);
      g_clear_pointer (&self->expires_at, g_date_time_unref);
      refresh_lines (self);
      set_message (self, _("The hold expired: the seats were released. Choose them again."), TRUE);
      gtk_label_set_text (self->countdown, "");
      load_seats (self);
      return FALSE;
    }
  text = g_strdup_printf (_("Seats held for %d:%02d"), (int) (left / G_TIME_SPAN_MINUTE),
                          (int) ((left % G_TIME_SPAN_MINUTE) / G_TIME_SPAN_SECOND));
  gtk_label_set_text (self->countdown, text);
  /* the last minute stands out, so the agent finishes the sale in time */
  if (left < G_TIME_SPAN_MINUTE)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->countdown), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->countdown), "warning");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->countdown), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->countdown), "dim-label");
    }
  return TRUE;
}

static gboolean
countdown_tick (gpointer user_data)
{
  TsSalesPage *self = user_data;

  if (update_countdown (self))
    return G_SOURCE_CONTINUE;
  self->countdown_source = 0;
  return G_SOURCE_REMOVE;
}

/* Starts or stops the once-a-second countdown as the cart fills or empties. */
static void
follow_countdown (TsSalesPage *self)
{
  if (!update_countdown (self))
    g_clear_handle_id (&self->countdown_source, g_source_remove);
  else if (self->countdown_source == 0)
    self->countdown_source = g_timeout_add_seconds (1, countdown_tick, self);
}

/* The cart as the server answered it: lines for new seats and places, the
 * ticket types chosen so far kept. */
static void
take_cart (TsSalesPage *self,
           JsonObject  *cart)
{
  JsonArray *seats = ts_json_lookup_array (cart, "seats");
  JsonArray *ga = ts_json_lookup_array (cart, "ga");
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->lines);

  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) cart_line_free);
  g_free (self->cart_id);
  self->cart_id = g_strdup (json_object_get_string_member_with_default (cart, "id", NULL));
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  self->expires_at = g_date_time_new_from_iso8601 (json_object_get_string_member_with_default (cart, "expires_at", ""), NULL);

  for (guint i = 0; seats != NULL && i < json_array_get_length (seats); i++)
    {
      JsonObject *s = json_array_get_object_element (seats, i);
      CartLine *line = g_new0 (CartLine, 1);
      int index;

      line->seat = g_strdup (json_object_get_string_member_with_default (s, "seat", ""));
      line->name = g_strdup (json_object_get_string_member_with_default (s, "name", line->seat));
      index = ts_seat_map_find_seat (self->map, line->seat);
      line->zone = g_strdup (ts_sales_map_get_seat_zone (self->sales_map, line->seat));
      for (guint k = 0; k < old->len; k++)
        if (g_strcmp0 (((CartLine *) g_ptr_array_index (old, k))->seat, line->seat) == 0)
          {
            line->ticket_type = ((CartLine *) g_ptr_array_index (old, k))->ticket_type;
            line->voucher = ((CartLine *) g_ptr_array_index (old, k))->voucher;
          }
      g_ptr_array_add (self->lines, line);
      if (index >= 0)
        ts_seat_map_set_seat_state (self->map, (guint) index, TS_SEAT_STATE_IN_MY_CART);
    }
  for (guint i = 0; ga != NULL && i < json_array_get_length (ga); i++)
    {
      JsonObject *g = json_array_get_object_element (ga, i);
      const char *area = json_object_get_string_member_with_default (g, "area", "");
      gint64 quantity = json_object_get_int_member_with_default (g, "quantity", 0);
      const char *name = area, *zone = NULL;
      guint kept = 0;

      ts_sales_map_lookup_area (self->sales_map, area, &name, &zone);
      for (gint64 q = 0; q < quantity; q++)
        {
          CartLine *line = g_new0 (CartLine, 1);

          line->area = g_strdup (area);
          line->name = g_strdup (name);
          line->zone = g_strdup (zone);
          for (guint k = kept; k < old->len; k++)
            if (g_strcmp0 (((CartLine *) g_ptr_array_index (old, k))->area, area) == 0)
              {
                line->ticket_type = ((CartLine *) g_ptr_array_index (old, k))->ticket_type;
                kept = k + 1;
                break;
              }
          g_ptr_array_add (self->lines, line);
        }
    }
  cart_seats_changed (self);
  refresh_lines (self);
  follow_countdown (self);
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
  set_override (self, reason);
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
      take_cart (self, json_node_get_object (answer));
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
  json_object_set_string_member (json_node_get_object (call->hold), "cart_id", self->cart_id);
  if (self->override_reason != NULL)
    ts_override_dialog_add_to (json_node_get_object (call->hold), self->override_reason);
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
  g_free (self->cart_id);
  self->cart_id = g_strdup (json_object_get_string_member_with_default (json_node_get_object (answer), "id", NULL));
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
  if (self->cart_id != NULL)
    {
      send_hold (self, call);
      return;
    }
  begin_busy (self);
  ts_api_client_request_async (self->client, "POST", "/carts", json_from_string ("{}", NULL), self->cancellable,
                               cart_created, call);
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
  if (self->cart_id != NULL)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) body = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "cart_id");
      json_builder_add_string_value (builder, self->cart_id);
      json_builder_end_object (builder);
      body = json_builder_get_root (builder);
      begin_busy (self);
      ts_api_client_request_async (self->client, "POST", "/carts/release", body, self->cancellable, cart_released, self);
    }
  g_clear_pointer (&self->cart_id, g_free);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_clear_pointer (&self->idempotency_key, g_free);
  g_ptr_array_set_size (self->lines, 0);
  cart_seats_changed (self);
  set_override (self, NULL);                  /* it went with this cart (S3) */
  refresh_lines (self);
  follow_countdown (self);
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
  g_clear_pointer (&self->vouchers, json_node_unref);
  if (answer != NULL && JSON_NODE_HOLDS_ARRAY (answer))
    self->vouchers = json_node_ref (answer);
  refresh_lines (self);
}

void
ts_sales_page_set_patron (TsSalesPage *self,
                          gint64       patron_id,
                          const char  *name)
{
  g_autofree char *text = NULL;
  g_autofree char *number = NULL;

  self->patron_id = patron_id;
  g_clear_pointer (&self->vouchers, json_node_unref);
  for (guint i = 0; i < self->lines->len; i++)
    {
      CartLine *line = g_ptr_array_index (self->lines, i);

      if (line->voucher != 0)
        line->voucher = line->ticket_type = 0;
    }
  if (patron_id != 0)
    {
      g_autofree char *path = g_strdup_printf ("/patrons/%" G_GINT64_FORMAT "/vouchers", patron_id);

      begin_busy (self);
      ts_api_client_request_async (self->client, "GET", path, NULL, self->cancellable, vouchers_loaded, self);
    }
  else
    refresh_lines (self);
  number = g_strdup_printf ("%" G_GINT64_FORMAT, patron_id);
  text = patron_id ? g_strdup_printf (_("Patron: %s (no. %s)"), name ? name : "", number)
                   : g_strdup (_("No patron chosen yet"));
  gtk_label_set_text (self->patron_label, text);
  g_clear_pointer (&self->idempotency_key, g_free);
  update_buttons (self);
}

void
ts_sales_page_set_recipient (TsSalesPage *self,
                             gint64       patron_id,
                             const char  *name)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, patron_id);
  g_autofree char *text = patron_id ? g_strdup_printf (_("Gift for: %s (no. %s)"), name ? name : "", number) : NULL;

  self->recipient_id = patron_id;
  gtk_label_set_text (self->recipient_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->recipient_label), patron_id != 0);
  g_clear_pointer (&self->idempotency_key, g_free);
}

static void
patron_chosen (GtkListBox    *box,
               GtkListBoxRow *row,
               TsSalesPage   *self)
{
  gint64 id;
  const char *name;

  if (row == NULL)
    return;
  id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "patron-id"));
  name = g_object_get_data (G_OBJECT (row), "patron-name");
  /* S2: with "gift" ticked, the second patron chosen is the recipient */
  if (gtk_check_button_get_active (self->gift) && self->patron_id != 0 && id != self->patron_id)
    ts_sales_page_set_recipient (self, id, name);
  else
    ts_sales_page_set_patron (self, id, name);
  gtk_widget_set_visible (GTK_WIDGET (self->patron_results), FALSE);
}

static void
gift_toggled (GtkCheckButton *button,
              TsSalesPage    *self)
{
  if (!gtk_check_button_get_active (button))
    ts_sales_page_set_recipient (self, 0, NULL);
  else if (self->patron_id != 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->patron_search));
}

static void
patrons_found (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  TsSalesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  JsonArray *patrons;
  GtkWidget *child;

  if (is_cancelled (error))
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->patron_results))) != NULL)
    gtk_list_box_remove (self->patron_results, child);
  if (answer == NULL)
    {
      set_message (self, error->message, TRUE);
      return;
    }
  patrons = ts_json_lookup_array (json_node_get_object (answer), "patrons");
  for (guint i = 0; patrons != NULL && i < json_array_get_length (patrons) && i < 8; i++)
    {
      JsonObject *p = json_array_get_object_element (patrons, i);
      const char *first = json_object_get_string_member_with_default (p, "first_name", NULL);
      const char *last = json_object_get_string_member_with_default (p, "last_name", "");
      const char *company = json_object_get_string_member_with_default (p, "company", NULL);
      const char *email = json_object_get_string_member_with_default (p, "email", NULL);
      g_autofree char *name = first ? g_strdup_printf ("%s %s", first, last) : g_strdup (last ? last : company);
      g_autofree char *text = g_strdup_printf ("%s%s%s", name, email ? " · " : "", email ? email : "");
      GtkWidget *label = gtk_label_new (text);
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data (G_OBJECT (row), "patron-id", GSIZE_TO_POINTER ((gsize) json_object_get_int_member (p, "id")));
      g_object_set_data_full (G_OBJECT (row), "patron-name", g_strdup (name), g_free);
      gtk_list_box_append (self->patron_results, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->patron_results), patrons != NULL && json_array_get_length (patrons) > 0);
}

static void
patron_search_changed (GtkSearchEntry *entry,
                       TsSalesPage    *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  if (g_utf8_strlen (text, -1) < 2)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->patron_results), FALSE);
      return;
    }
  escaped = g_uri_escape_string (text, NULL, FALSE);
  path = g_strdup_printf ("/patrons?q=%s&limit=8", escaped);
  ts_api_client_request_async (self->client, "GET", path, NULL, self->cancellable, patrons_found, self);
}

static void
patron_created (TsPatronNewDialog *dialog,
                gint64             patron_id,
                TsSalesPage       *self)
{
  ts_sales_page_set_patron (self, patron_id, _("new patron"));
}

static void
new_patron_clicked (GtkButton   *button,
                    TsSalesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  TsPatronNewDialog *dialog = ts_patron_new_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->client);

  g_signal_connect_object (dialog, "created", G_CALLBACK (patron_created), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The sale ---------------------------------------------------------------------------------- */

void
ts_sales_page_set_payment_method (TsSalesPage *self,
                                  const char  *method)
{
  for (guint i = 0; methods[i] != NULL; i++)
    if (g_str_equal (methods[i], method))
      gtk_drop_down_set_selected (self->method, i);
}

static void
method_changed (GtkDropDown *dropdown,
                GParamSpec  *pspec,
                TsSalesPage *self)
{
  if (self->disposed)
    return;
  if (!method_allowed (self, gtk_drop_down_get_selected (dropdown)))
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
  set_override (self, reason);
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
  total = format_money (json_object_get_int_member_with_default (json_node_get_object (answer), "total_cents", 0));
  number = g_strdup_printf ("%" G_GINT64_FORMAT, order_id);
  text = g_strdup_printf (_("Order %s sold: %s."), number, total);
  g_clear_pointer (&self->idempotency_key, g_free);
  ts_sales_page_release_cart (self);
  ts_sales_page_set_patron (self, 0, NULL);
  ts_sales_page_set_recipient (self, 0, NULL);
  gtk_check_button_set_active (self->gift, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->comp_reason), "");
  gtk_editable_set_text (GTK_EDITABLE (self->promo_code), "");
  gtk_editable_set_text (GTK_EDITABLE (self->patron_search), "");
  gtk_editable_set_text (GTK_EDITABLE (self->reference), "");
  set_message (self, text, FALSE);
  g_signal_emit (self, signals[ORDER_SOLD], 0, order_id);
}

void
ts_sales_page_sell (TsSalesPage *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  gint64 total = ts_sales_page_get_total_cents (self);
  guint method = gtk_drop_down_get_selected (self->method);
  const char *reference = gtk_editable_get_text (GTK_EDITABLE (self->reference));

  if (self->lines->len == 0 || self->patron_id == 0 || is_busy (self))
    return;
  if (!method_allowed (self, method) || methods[method] == NULL)
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
  json_builder_add_string_value (builder, self->cart_id);
  json_builder_set_member_name (builder, "purchaser_id");
  json_builder_add_int_value (builder, self->patron_id);
  if (self->recipient_id != 0)
    {
      json_builder_set_member_name (builder, "recipient_id");
      json_builder_add_int_value (builder, self->recipient_id);
    }
  if (gtk_widget_get_visible (GTK_WIDGET (self->walk_up)) && gtk_check_button_get_active (self->walk_up))
    {
      json_builder_set_member_name (builder, "walk_up");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->lines->len; i++)
    {
      CartLine *line = g_ptr_array_index (self->lines, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "performance_id");
      json_builder_add_int_value (builder, self->performance_id);
      json_builder_set_member_name (builder, line->seat ? "seat" : "area");
      json_builder_add_string_value (builder, line->seat ? line->seat : line->area);
      if (line->voucher != 0)
        {
          json_builder_set_member_name (builder, "voucher_id");
          json_builder_add_int_value (builder, line->voucher);
          json_builder_end_object (builder);
          continue;
        }
      json_builder_set_member_name (builder, "ticket_type_id");
      json_builder_add_int_value (builder, line->ticket_type);
      if (type_needs_code (find_type (self, line->ticket_type)))
        {
          json_builder_set_member_name (builder, "promo_code");
          json_builder_add_string_value (builder, gtk_editable_get_text (GTK_EDITABLE (self->promo_code)));
        }
      if (type_is_comp (find_type (self, line->ticket_type)))
        {
          json_builder_set_member_name (builder, "comp_reason");
          json_builder_add_string_value (builder, gtk_editable_get_text (GTK_EDITABLE (self->comp_reason)));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "payments");
  json_builder_begin_array (builder);
  if (total > 0)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, methods[method]);
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
  if (self->override_reason != NULL)
    ts_override_dialog_add_to (json_node_get_object (body), self->override_reason);
  set_message (self, _("Selling…"), FALSE);
  begin_busy (self);
  ts_api_client_request_async (self->client, "POST", "/orders", body, self->cancellable, sold, self);
}

gboolean
ts_sales_page_set_line_ticket_type (TsSalesPage *self,
                                    guint        line_index,
                                    gint64       ticket_type)
{
  CartLine *line;
  GArray *ids;

  if (line_index >= self->lines->len)
    return FALSE;
  line = g_ptr_array_index (self->lines, line_index);
  ids = line->dropdown ? g_object_get_data (G_OBJECT (line->dropdown), "type-ids") : NULL;
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == ticket_type)
      {
        gtk_drop_down_set_selected (line->dropdown, i);
        return TRUE;
      }
  return FALSE;
}

void
ts_sales_page_set_comp_reason (TsSalesPage *self,
                               const char  *reason)
{
  gtk_editable_set_text (GTK_EDITABLE (self->comp_reason), reason);
}

const char *
ts_sales_page_get_message (TsSalesPage *self)
{
  return gtk_label_get_text (self->message);
}

const char *
ts_sales_page_get_override_reason (TsSalesPage *self)
{
  return self->override_reason;
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
add_clicked (GtkButton   *button,
             TsSalesPage *self)
{
  ts_sales_page_add_selection (self);
}

static void
release_clicked (GtkButton   *button,
                 TsSalesPage *self)
{
  ts_sales_page_release_cart (self);
}

static void
sell_clicked (GtkButton   *button,
              TsSalesPage *self)
{
  ts_sales_page_sell (self);
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
heading (const char *text)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
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

static void
stop_override_clicked (GtkButton   *button,
                       TsSalesPage *self)
{
  set_override (self, NULL);
  set_message (self, _("No more override for this sale."), FALSE);
}

/* S3: says, while it does, that an override goes with this sale and why. */
static GtkWidget *
build_override_bar (TsSalesPage *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *stop = gtk_button_new_with_mnemonic (_("Stop _Overriding"));

  self->override_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->override_label, 0);
  gtk_label_set_wrap (self->override_label, TRUE);
  gtk_label_set_wrap_mode (self->override_label, PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_halign (stop, GTK_ALIGN_START);
  g_signal_connect (stop, "clicked", G_CALLBACK (stop_override_clicked), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->override_label));
  gtk_box_append (GTK_BOX (bar), stop);
  gtk_widget_set_visible (bar, FALSE);
  return bar;
}

static GtkWidget *
build_right (TsSalesPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *cart_label = heading (_("Cart"));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *patron_heading = heading (_("Pa_tron"));
  GtkWidget *patron_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *new_patron = gtk_button_new_with_mnemonic (_("_New…"));
  GtkWidget *payment_heading = heading (_("Pa_yment"));
  GtkStringList *names = gtk_string_list_new ((const char * const[]) {
    _("Cash"), _("Cheque"), _("Card"), _("Gift certificate"), _("Pass"), _("On account"), NULL });

  self->countdown = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->countdown, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->countdown), "dim-label");
  self->override_bar = build_override_bar (self);
  self->add_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Add Selected Seats")));
  self->release_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Release All")));
  g_signal_connect (self->add_button, "clicked", G_CALLBACK (add_clicked), self);
  g_signal_connect (self->release_button, "clicked", G_CALLBACK (release_clicked), self);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->add_button));
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->release_button));
  self->line_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->line_list, GTK_SELECTION_NONE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->line_list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cart"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->line_list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  self->total_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->total_label, 1);
  gtk_widget_add_css_class (GTK_WIDGET (self->total_label), "heading");

  self->patron_search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->patron_search), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->patron_search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Find a patron by name, phone, e-mail or number"), -1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (patron_heading), GTK_WIDGET (self->patron_search));
  g_signal_connect (self->patron_search, "search-changed", G_CALLBACK (patron_search_changed), self);
  g_signal_connect (new_patron, "clicked", G_CALLBACK (new_patron_clicked), self);
  gtk_box_append (GTK_BOX (patron_row), GTK_WIDGET (self->patron_search));
  gtk_box_append (GTK_BOX (patron_row), new_patron);
  self->patron_results = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_activate_on_single_click (self->patron_results, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->patron_results), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->patron_results), "boxed-list");
  g_signal_connect (self->patron_results, "row-activated", G_CALLBACK (patron_chosen), self);
  self->patron_label = GTK_LABEL (gtk_label_new (_("No patron chosen yet")));
  gtk_label_set_xalign (self->patron_label, 0);
  gtk_label_set_wrap (self->patron_label, TRUE);
  self->gift = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("A _gift: the next patron chosen receives the tickets")));
  g_signal_connect (self->gift, "toggled", G_CALLBACK (gift_toggled), self);
  self->recipient_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->recipient_label, 0);
  gtk_label_set_wrap (self->recipient_label, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->recipient_label), FALSE);
  self->promo_code = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->promo_code, _("Promo code"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->promo_code), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Promo code"), -1);
  gtk_widget_set_visible (GTK_WIDGET (self->promo_code), FALSE);
  self->comp_reason = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->comp_reason, _("Why these tickets are complimentary"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->comp_reason), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Comp reason"), -1);
  gtk_widget_set_visible (GTK_WIDGET (self->comp_reason), FALSE);
  self->walk_up = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("Wal_k-up sale: checked in now")));
  gtk_widget_set_visible (GTK_WIDGET (self->walk_up), FALSE);

  self->method = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (names), NULL));
  gtk_label_set_mnemonic_widget (GTK_LABEL (payment_heading), GTK_WIDGET (self->method));
  g_signal_connect (self->method, "notify::selected", G_CALLBACK (method_changed), self);
  self->reference = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->reference, _("Reference (cheque or card number), optional"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reference), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Payment reference"), -1);
  self->sell_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Sell")));
  gtk_widget_add_css_class (GTK_WIDGET (self->sell_button), "suggested-action");
  g_signal_connect (self->sell_button, "clicked", G_CALLBACK (sell_clicked), self);
  self->message = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_xalign (self->message, 0);
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_selectable (self->message, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->message), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Message"), -1);

  gtk_box_append (GTK_BOX (box), cart_label);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->countdown));
  gtk_box_append (GTK_BOX (box), self->override_bar);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->total_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->promo_code));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->comp_reason));
  gtk_box_append (GTK_BOX (box), patron_heading);
  gtk_box_append (GTK_BOX (box), patron_row);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->patron_results));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->patron_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->gift));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->recipient_label));
  gtk_box_append (GTK_BOX (box), payment_heading);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->method));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->reference));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->walk_up));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->sell_button));
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
  g_clear_handle_id (&self->countdown_source, g_source_remove);
  g_clear_pointer (&self->paned, gtk_widget_unparent);
  G_OBJECT_CLASS (ts_sales_page_parent_class)->dispose (object);
}

static void
ts_sales_page_finalize (GObject *object)
{
  TsSalesPage *self = TS_SALES_PAGE (object);

  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->offer, json_node_unref);
  g_clear_pointer (&self->vouchers, json_node_unref);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_free (self->cart_id);
  g_free (self->idempotency_key);
  g_free (self->override_reason);
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
  };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  GtkWidget *inner = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *left = NULL, *centre = NULL, *right = NULL;

  self->cancellable = g_cancellable_new ();
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) cart_line_free);

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

  g_action_map_add_action_entries (G_ACTION_MAP (group), actions, G_N_ELEMENTS (actions), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "sales", G_ACTION_GROUP (group));
  update_buttons (self);
}

TsSalesPage *
ts_sales_page_new (TsApiClient *client)
{
  TsSalesPage *self = g_object_new (TS_TYPE_SALES_PAGE, NULL);

  g_return_val_if_fail (TS_IS_API_CLIENT (client), NULL);

  self->client = g_object_ref (client);
  ts_sales_map_set_client (self->sales_map, client);
  ts_performance_picker_set_client (self->picker, client);
  return self;
}
