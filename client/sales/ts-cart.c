/* ts-cart.c — the Sales page's cart: what is held for this sale, and for how
 * long (rules S1–S3, T2–T4)
 *
 * A ticket per seat and general-admission place the server holds for this
 * cart, of any performance (the cart belongs to the sale, not to the map:
 * one order may take several performances), grouped under each
 * performance's title, each with a drop-down of the ticket types its
 * performance offers in its price zone (T4) and the purchaser's open
 * vouchers (T3); the total; the time left on the hold (S1); and, while one
 * goes with this cart's holds and sale, the override and its reason (S3). */
#include <glib/gi18n.h>

#include "ts-cart-private.h"
#include "ts-format.h"
#include "ts-json.h"

/* One ticket in the cart: a seat, or one place of a general-admission area. */
typedef struct
{
  gint64       performance_id;
  char        *seat;          /* GUID, or NULL */
  char        *area;          /* area key, or NULL */
  char        *name;          /* "Stalls row B seat 3" */
  char        *zone;          /* the price zone (map category), may be NULL */
  gint64       ticket_type;   /* chosen ticket type id, 0 before the offer is known */
  gint64       voucher;       /* a subscriber's open voucher reserved for it (T3), or 0 */
  GtkDropDown *dropdown;
} CartLine;

struct _TsCart
{
  GtkWidget    parent_instance;

  TsSalesMap  *sales_map;          /* not owned: the page's */
  char        *id;
  JsonObject  *held;               /* the server's last answer for the cart, or NULL */
  GDateTime   *expires_at;
  guint        countdown_source;
  GPtrArray   *lines;              /* CartLine */
  GHashTable  *offers;             /* performance id (gint64 *) → GET /performances/{id}/offer */
  GHashTable  *titles;             /* performance id (gint64 *) → its title */
  JsonNode    *vouchers;           /* the purchaser's vouchers with this outlet (T3) */
  char        *override_reason;    /* S3: the override given for this cart's holds and sale, or NULL */
  guint        size;               /* as last notified */
  gint64       total;
  gboolean     disposed;           /* widgets going away: their signals are ignored */

  GtkWidget   *box;
  GtkLabel    *countdown;
  GtkWidget   *override_bar;
  GtkLabel    *override_label;
  GtkListBox  *line_list;
  GtkLabel    *total_label;
  GtkEntry    *promo_code;
  GtkEntry    *comp_reason;
};

G_DEFINE_FINAL_TYPE (TsCart, ts_cart, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SALES_MAP,
  PROP_SIZE,
  PROP_TOTAL_CENTS,
  PROP_OVERRIDE_REASON,
  PROP_COMP_REASON,
  PROP_PROMO_CODE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { CHANGED, LINE_REMOVED, EXPIRED, SHOW_MESSAGE, N_SIGNALS };
static guint signals[N_SIGNALS];

static void refresh_lines (TsCart *self);

static void
cart_line_free (CartLine *line)
{
  g_free (line->seat);
  g_free (line->area);
  g_free (line->name);
  g_free (line->zone);
  g_free (line);
}

/* Ticket types ---------------------------------------------------------------------- */

/* The ticket types the performance offers this outlet, once its offer is known. */
static JsonArray *
offer_types (TsCart *self,
             gint64  performance_id)
{
  JsonNode *offer = g_hash_table_lookup (self->offers, &performance_id);

  return offer ? ts_json_lookup_array (json_node_get_object (offer), "ticket_types") : NULL;
}

/* Regular ones and comps (with their reason): bundle components are
 * reserved with a subscriber's voucher (T3). */
static gboolean
type_is_offered (JsonObject *type)
{
  const char *category = json_object_get_string_member_with_default (type, "category", "regular");

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
find_type (TsCart *self,
           gint64  performance_id,
           gint64  id)
{
  JsonArray *types = offer_types (self, performance_id);

  for (guint i = 0; types != NULL && i < json_array_get_length (types); i++)
    {
      JsonObject *t = json_array_get_object_element (types, i);

      if (json_object_get_int_member (t, "ticket_type_id") == id)
        return t;
    }
  return NULL;
}

/* The ticket type of one of the purchaser's vouchers (T3), or 0. */
static gint64
voucher_type (TsCart *self,
              gint64  voucher)
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

/* The lines --------------------------------------------------------------------------- */

/* Shows the comp-reason and promo-code fields when a line needs them. */
static void
update_line_fields (TsCart *self)
{
  gboolean comp = FALSE, code = FALSE;

  for (guint i = 0; i < self->lines->len; i++)
    {
      CartLine *line = g_ptr_array_index (self->lines, i);
      JsonObject *type = find_type (self, line->performance_id, line->ticket_type);

      comp |= type_is_comp (type);
      code |= type_needs_code (type);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->comp_reason), comp);
  gtk_widget_set_visible (GTK_WIDGET (self->promo_code), code);
}

static void
update_total (TsCart *self)
{
  gint64 total = ts_cart_get_total_cents (self);
  g_autofree char *money = ts_format_money (total);
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u ticket · total %s", "%u tickets · total %s",
                                                        self->lines->len), self->lines->len, money);

  gtk_label_set_text (self->total_label, text);
  if (self->size != self->lines->len)
    {
      self->size = self->lines->len;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
    }
  if (self->total != total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_CENTS]);
    }
}

/* The seats of the cart at the performance shown show as "in my cart" on
 * the map (another performance of the same event has the same seats). */
static void
tell_map (TsCart *self)
{
  g_autoptr(GPtrArray) seats = g_ptr_array_new ();
  gint64 shown;

  if (self->sales_map == NULL)
    return;
  shown = ts_sales_map_get_performance_id (self->sales_map);
  for (guint i = 0; i < self->lines->len; i++)
    {
      CartLine *line = g_ptr_array_index (self->lines, i);

      if (line->seat != NULL && line->performance_id == shown)
        g_ptr_array_add (seats, line->seat);
    }
  g_ptr_array_add (seats, NULL);
  ts_sales_map_set_cart_seats (self->sales_map, (const char * const *) seats->pdata);
}

static void
type_chosen (GtkDropDown *dropdown,
             GParamSpec  *pspec,
             TsCart      *self)
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
  g_signal_emit (self, signals[CHANGED], 0);        /* another sale than the one attempted */
  update_total (self);
  update_line_fields (self);
}

static void
remove_line_clicked (GtkButton *button,
                     TsCart    *self)
{
  CartLine *line = g_object_get_data (G_OBJECT (button), "line");
  g_autofree char *seat = NULL;
  g_autofree char *area = NULL;
  gint64 performance_id;

  if (line == NULL || self->id == NULL)
    return;
  performance_id = line->performance_id;
  seat = g_strdup (line->seat);
  area = g_strdup (line->area);
  g_ptr_array_remove (self->lines, line);
  tell_map (self);
  g_signal_emit (self, signals[CHANGED], 0);
  refresh_lines (self);
  g_signal_emit (self, signals[LINE_REMOVED], 0, performance_id, seat, area);
}

static GtkWidget *
new_row (TsCart   *self,
         CartLine *line)
{
  JsonArray *types = offer_types (self, line->performance_id);
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
      price = ts_format_money (type_price (type, line->zone));
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
          || find_type (self, line->performance_id, json_object_get_int_member (voucher, "ticket_type_id")) == NULL)
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
  return row;
}

/* The lines of each performance under its title. */
static void
line_header (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  TsCart *self = user_data;
  CartLine *line = g_object_get_data (G_OBJECT (row), "line");
  CartLine *previous = before ? g_object_get_data (G_OBJECT (before), "line") : NULL;
  const char *title;
  GtkWidget *header;

  if (line == NULL || (previous != NULL && previous->performance_id == line->performance_id))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  title = g_hash_table_lookup (self->titles, &line->performance_id);
  header = gtk_label_new (title ? title : _("Another performance"));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_label_set_wrap (GTK_LABEL (header), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (header), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_margin_start (header, 4);
  gtk_widget_set_margin_end (header, 4);
  gtk_widget_set_margin_top (header, 6);
  gtk_widget_add_css_class (header, "heading");
  gtk_list_box_row_set_header (row, header);
}

/* Lines of one performance together, in the order the server lists them. */
static gint
compare_lines (gconstpointer a,
               gconstpointer b)
{
  const CartLine *x = *(CartLine * const *) a;
  const CartLine *y = *(CartLine * const *) b;

  return (x->performance_id > y->performance_id) - (x->performance_id < y->performance_id);
}

static void
refresh_lines (TsCart *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->line_list))) != NULL)
    gtk_list_box_remove (self->line_list, child);
  g_ptr_array_sort (self->lines, compare_lines);     /* stable: the server's order within one */
  for (guint i = 0; i < self->lines->len; i++)
    {
      CartLine *line = g_ptr_array_index (self->lines, i);
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), new_row (self, line));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      g_object_set_data (G_OBJECT (row), "line", line);
      gtk_list_box_append (self->line_list, row);
    }
  update_total (self);
  update_line_fields (self);
}

/* The countdown (S1) ------------------------------------------------------------------ */

/* Shows the time left on the cart's hold; FALSE once there is no hold left
 * to count down. */
static gboolean
update_countdown (TsCart *self)
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
      tell_map (self);
      g_clear_pointer (&self->id, g_free);
      g_clear_pointer (&self->held, json_object_unref);
      g_clear_pointer (&self->expires_at, g_date_time_unref);
      refresh_lines (self);
      gtk_label_set_text (self->countdown, "");
      g_signal_emit (self, signals[EXPIRED], 0);
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
  TsCart *self = user_data;

  if (update_countdown (self))
    return G_SOURCE_CONTINUE;
  self->countdown_source = 0;
  return G_SOURCE_REMOVE;
}

/* Starts or stops the once-a-second countdown as the cart fills or empties. */
static void
follow_countdown (TsCart *self)
{
  if (!update_countdown (self))
    g_clear_handle_id (&self->countdown_source, g_source_remove);
  else if (self->countdown_source == 0)
    self->countdown_source = g_timeout_add_seconds (1, countdown_tick, self);
}

static void
entry_changed (TsCart     *self,
               GParamSpec *pspec,
               GtkEntry   *entry)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[entry == self->comp_reason ? PROP_COMP_REASON : PROP_PROMO_CODE]);
}

static void
on_stop_override_clicked (TsCart *self)
{
  ts_cart_set_override_reason (self, NULL);
  g_signal_emit (self, signals[SHOW_MESSAGE], 0, _("No more override for this sale."), FALSE);
}

/* Life cycle ---------------------------------------------------------------------------- */

static void
ts_cart_dispose (GObject *object)
{
  TsCart *self = TS_CART (object);

  /* a drop-down being destroyed may still say its choice changed */
  self->disposed = TRUE;
  g_clear_handle_id (&self->countdown_source, g_source_remove);
  g_clear_weak_pointer (&self->sales_map);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_CART);
  G_OBJECT_CLASS (ts_cart_parent_class)->dispose (object);
}

static void
ts_cart_finalize (GObject *object)
{
  TsCart *self = TS_CART (object);

  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->offers, g_hash_table_unref);
  g_clear_pointer (&self->titles, g_hash_table_unref);
  g_clear_pointer (&self->vouchers, json_node_unref);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_clear_pointer (&self->held, json_object_unref);
  g_free (self->id);
  g_free (self->override_reason);
  G_OBJECT_CLASS (ts_cart_parent_class)->finalize (object);
}

static void
ts_cart_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  TsCart *self = TS_CART (object);

  switch (prop_id)
    {
    case PROP_SALES_MAP:
      g_value_set_object (value, self->sales_map);
      break;
    case PROP_SIZE:
      g_value_set_uint (value, self->lines->len);
      break;
    case PROP_TOTAL_CENTS:
      g_value_set_int64 (value, ts_cart_get_total_cents (self));
      break;
    case PROP_OVERRIDE_REASON:
      g_value_set_string (value, self->override_reason);
      break;
    case PROP_COMP_REASON:
      g_value_set_string (value, gtk_editable_get_text (GTK_EDITABLE (self->comp_reason)));
      break;
    case PROP_PROMO_CODE:
      g_value_set_string (value, gtk_editable_get_text (GTK_EDITABLE (self->promo_code)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_cart_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  TsCart *self = TS_CART (object);

  switch (prop_id)
    {
    case PROP_SALES_MAP:
      if (g_set_weak_pointer (&self->sales_map, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    case PROP_OVERRIDE_REASON:
      ts_cart_set_override_reason (self, g_value_get_string (value));
      break;
    case PROP_COMP_REASON:
      gtk_editable_set_text (GTK_EDITABLE (self->comp_reason), g_value_get_string (value) ? g_value_get_string (value) : "");
      break;
    case PROP_PROMO_CODE:
      gtk_editable_set_text (GTK_EDITABLE (self->promo_code), g_value_get_string (value) ? g_value_get_string (value) : "");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_cart_class_init (TsCartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_cart_dispose;
  object_class->finalize = ts_cart_finalize;
  object_class->get_property = ts_cart_get_property;
  object_class->set_property = ts_cart_set_property;

  properties[PROP_SALES_MAP] = g_param_spec_object ("sales-map", NULL, NULL, TS_TYPE_SALES_MAP,
                                                    G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIZE] = g_param_spec_uint ("size", NULL, NULL, 0, G_MAXUINT, 0,
                                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL_CENTS] = g_param_spec_int64 ("total-cents", NULL, NULL, 0, G_MAXINT64, 0,
                                                     G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OVERRIDE_REASON] = g_param_spec_string ("override-reason", NULL, NULL, NULL,
                                                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMP_REASON] = g_param_spec_string ("comp-reason", NULL, NULL, NULL,
                                                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROMO_CODE] = g_param_spec_string ("promo-code", NULL, NULL, NULL,
                                                     G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[LINE_REMOVED] = g_signal_new ("line-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_STRING);
  signals[EXPIRED] = g_signal_new ("expired", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SHOW_MESSAGE] = g_signal_new ("show-message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-cart.ui");
  gtk_widget_class_bind_template_child (widget_class, TsCart, box);
  gtk_widget_class_bind_template_child (widget_class, TsCart, countdown);
  gtk_widget_class_bind_template_child (widget_class, TsCart, override_bar);
  gtk_widget_class_bind_template_child (widget_class, TsCart, override_label);
  gtk_widget_class_bind_template_child (widget_class, TsCart, line_list);
  gtk_widget_class_bind_template_child (widget_class, TsCart, total_label);
  gtk_widget_class_bind_template_child (widget_class, TsCart, promo_code);
  gtk_widget_class_bind_template_child (widget_class, TsCart, comp_reason);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_override_clicked);
}

static void
ts_cart_init (TsCart *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) cart_line_free);
  self->offers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) json_node_unref);
  self->titles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  gtk_list_box_set_header_func (self->line_list, line_header, self, NULL);
  g_signal_connect_swapped (self->comp_reason, "notify::text", G_CALLBACK (entry_changed), self);
  g_signal_connect_swapped (self->promo_code, "notify::text", G_CALLBACK (entry_changed), self);
}

/* Public -------------------------------------------------------------------------------- */

void
ts_cart_take (TsCart     *self,
              JsonObject *cart)
{
  JsonArray *seats = ts_json_lookup_array (cart, "seats");
  JsonArray *ga = ts_json_lookup_array (cart, "ga");
  g_autoptr(GPtrArray) old = NULL;
  TsSeatMap *map;
  gint64 shown;

  g_return_if_fail (TS_IS_CART (self));

  json_object_ref (cart);
  g_clear_pointer (&self->held, json_object_unref);
  self->held = cart;
  old = g_steal_pointer (&self->lines);
  map = self->sales_map ? ts_sales_map_get_seat_map (self->sales_map) : NULL;
  shown = self->sales_map ? ts_sales_map_get_performance_id (self->sales_map) : 0;
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) cart_line_free);
  g_free (self->id);
  self->id = g_strdup (json_object_get_string_member_with_default (cart, "id", NULL));
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  self->expires_at = g_date_time_new_from_iso8601 (json_object_get_string_member_with_default (cart, "expires_at", ""), NULL);

  for (guint i = 0; seats != NULL && i < json_array_get_length (seats); i++)
    {
      JsonObject *s = json_array_get_object_element (seats, i);
      CartLine *line = g_new0 (CartLine, 1);
      int index;

      line->performance_id = json_object_get_int_member_with_default (s, "performance_id", 0);
      line->seat = g_strdup (json_object_get_string_member_with_default (s, "seat", ""));
      line->name = g_strdup (json_object_get_string_member_with_default (s, "name", line->seat));
      /* the map knows the zones of the performance it shows; a line of
       * another keeps what it had */
      index = map != NULL && line->performance_id == shown ? ts_seat_map_find_seat (map, line->seat) : -1;
      if (line->performance_id == shown && self->sales_map != NULL)
        line->zone = g_strdup (ts_sales_map_get_seat_zone (self->sales_map, line->seat));
      for (guint k = 0; k < old->len; k++)
        {
          CartLine *before = g_ptr_array_index (old, k);

          if (before->performance_id != line->performance_id || g_strcmp0 (before->seat, line->seat) != 0)
            continue;
          line->ticket_type = before->ticket_type;
          line->voucher = before->voucher;
          if (line->zone == NULL)
            line->zone = g_strdup (before->zone);
        }
      g_ptr_array_add (self->lines, line);
      if (index >= 0)
        ts_seat_map_set_seat_state (map, (guint) index, TS_SEAT_STATE_IN_MY_CART);
    }
  for (guint i = 0; ga != NULL && i < json_array_get_length (ga); i++)
    {
      JsonObject *g = json_array_get_object_element (ga, i);
      gint64 performance_id = json_object_get_int_member_with_default (g, "performance_id", 0);
      const char *area = json_object_get_string_member_with_default (g, "area", "");
      gint64 quantity = json_object_get_int_member_with_default (g, "quantity", 0);
      const char *name = area, *zone = NULL;
      guint kept = 0;

      if (self->sales_map != NULL && performance_id == shown)
        ts_sales_map_lookup_area (self->sales_map, area, &name, &zone);
      for (gint64 q = 0; q < quantity; q++)
        {
          CartLine *line = g_new0 (CartLine, 1);

          line->performance_id = performance_id;
          line->area = g_strdup (area);
          for (guint k = kept; k < old->len; k++)
            {
              CartLine *before = g_ptr_array_index (old, k);

              if (before->performance_id != performance_id || g_strcmp0 (before->area, area) != 0)
                continue;
              line->ticket_type = before->ticket_type;
              if (performance_id != shown)
                {
                  name = before->name;
                  zone = before->zone;
                }
              kept = k + 1;
              break;
            }
          line->name = g_strdup (name);
          line->zone = g_strdup (zone);
          g_ptr_array_add (self->lines, line);
        }
    }
  tell_map (self);
  g_signal_emit (self, signals[CHANGED], 0);
  refresh_lines (self);
  follow_countdown (self);
}

JsonObject *
ts_cart_get_held (TsCart *self)
{
  g_return_val_if_fail (TS_IS_CART (self), NULL);

  return self->held;
}

const char *
ts_cart_get_id (TsCart *self)
{
  g_return_val_if_fail (TS_IS_CART (self), NULL);

  return self->id;
}

void
ts_cart_set_id (TsCart     *self,
                const char *id)
{
  g_return_if_fail (TS_IS_CART (self));

  g_free (self->id);
  self->id = g_strdup (id);
}

void
ts_cart_clear (TsCart *self)
{
  g_return_if_fail (TS_IS_CART (self));

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->held, json_object_unref);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_ptr_array_set_size (self->lines, 0);
  tell_map (self);
  g_signal_emit (self, signals[CHANGED], 0);
  ts_cart_set_override_reason (self, NULL);   /* it went with this cart (S3) */
  refresh_lines (self);
  follow_countdown (self);
}

void
ts_cart_set_offer (TsCart     *self,
                   gint64      performance_id,
                   const char *title,
                   JsonNode   *offer)
{
  g_return_if_fail (TS_IS_CART (self));
  g_return_if_fail (offer != NULL);

  g_hash_table_replace (self->offers, g_memdup2 (&performance_id, sizeof performance_id), json_node_ref (offer));
  g_hash_table_replace (self->titles, g_memdup2 (&performance_id, sizeof performance_id), g_strdup (title));
  refresh_lines (self);
}

void
ts_cart_update_map (TsCart *self)
{
  g_return_if_fail (TS_IS_CART (self));

  tell_map (self);
}

void
ts_cart_set_vouchers (TsCart   *self,
                      JsonNode *vouchers)
{
  g_return_if_fail (TS_IS_CART (self));

  g_clear_pointer (&self->vouchers, json_node_unref);
  if (vouchers != NULL && JSON_NODE_HOLDS_ARRAY (vouchers))
    self->vouchers = json_node_ref (vouchers);
  else
    for (guint i = 0; i < self->lines->len; i++)
      {
        CartLine *line = g_ptr_array_index (self->lines, i);

        if (line->voucher != 0)
          line->voucher = line->ticket_type = 0;
      }
  refresh_lines (self);
}

guint
ts_cart_get_size (TsCart *self)
{
  g_return_val_if_fail (TS_IS_CART (self), 0);

  return self->lines->len;
}

gint64
ts_cart_get_total_cents (TsCart *self)
{
  gint64 total = 0;

  g_return_val_if_fail (TS_IS_CART (self), 0);

  for (guint i = 0; i < self->lines->len; i++)
    {
      CartLine *line = g_ptr_array_index (self->lines, i);
      JsonObject *type = find_type (self, line->performance_id, line->ticket_type);

      if (type != NULL && line->voucher == 0)         /* a voucher was paid with its subscription */
        total += type_price (type, line->zone);
    }
  return total;
}

const char *
ts_cart_get_override_reason (TsCart *self)
{
  g_return_val_if_fail (TS_IS_CART (self), NULL);

  return self->override_reason;
}

/* S3: the override that goes with this cart's holds and sale, shown above
 * the cart while it does; NULL: none. */
void
ts_cart_set_override_reason (TsCart     *self,
                             const char *reason)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TS_IS_CART (self));

  if (reason != NULL)
    {
      /* Translators: Pango markup; %s is the reason the agent gave for overriding (rule S3) */
      text = g_markup_printf_escaped (_("<b>Override in effect</b> for this sale, recorded in the audit log: “%s”"),
                                      reason);
      gtk_label_set_markup (self->override_label, text);
    }
  gtk_widget_set_visible (self->override_bar, reason != NULL);
  if (g_strcmp0 (reason, self->override_reason) != 0)
    {
      char *copy = g_strdup (reason);

      g_free (self->override_reason);
      self->override_reason = copy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERRIDE_REASON]);
    }
}

gboolean
_ts_cart_set_line_ticket_type (TsCart *self,
                               guint   index,
                               gint64  ticket_type)
{
  CartLine *line;
  GArray *ids;

  g_return_val_if_fail (TS_IS_CART (self), FALSE);

  if (index >= self->lines->len)
    return FALSE;
  line = g_ptr_array_index (self->lines, index);
  ids = line->dropdown ? g_object_get_data (G_OBJECT (line->dropdown), "type-ids") : NULL;
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == ticket_type)
      {
        gtk_drop_down_set_selected (line->dropdown, i);
        return TRUE;
      }
  return FALSE;
}

GArray *
ts_cart_get_performance_ids (TsCart *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (TS_IS_CART (self), ids);

  for (guint i = 0; i < self->lines->len; i++)
    {
      CartLine *line = g_ptr_array_index (self->lines, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < ids->len && !seen; j++)
        seen = g_array_index (ids, gint64, j) == line->performance_id;
      if (!seen)
        g_array_append_val (ids, line->performance_id);
    }
  return ids;
}

void
ts_cart_add_items (TsCart      *self,
                   JsonBuilder *builder)
{
  g_return_if_fail (TS_IS_CART (self));

  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->lines->len; i++)
    {
      CartLine *line = g_ptr_array_index (self->lines, i);

      JsonObject *type = find_type (self, line->performance_id, line->ticket_type);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "performance_id");
      json_builder_add_int_value (builder, line->performance_id);
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
      if (type_needs_code (type))
        {
          json_builder_set_member_name (builder, "promo_code");
          json_builder_add_string_value (builder, gtk_editable_get_text (GTK_EDITABLE (self->promo_code)));
        }
      if (type_is_comp (type))
        {
          json_builder_set_member_name (builder, "comp_reason");
          json_builder_add_string_value (builder, gtk_editable_get_text (GTK_EDITABLE (self->comp_reason)));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* One ticket's place: "performance/seat" or "performance/area". */
static char *
line_place (CartLine *line)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%s%s", line->performance_id, line->seat ? "s:" : "a:",
                          line->seat ? line->seat : line->area);
}

GPtrArray *
ts_cart_reconcile (TsCart     *self,
                   JsonObject *cart)
{
  g_autoptr(GHashTable) now = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) before = NULL;
  GPtrArray *lapsed = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (TS_IS_CART (self), lapsed);

  /* the old lines outlive the taking, to be compared */
  before = g_ptr_array_new_with_free_func ((GDestroyNotify) cart_line_free);
  for (guint i = 0; i < self->lines->len; i++)
    {
      CartLine *line = g_ptr_array_index (self->lines, i);
      CartLine *copy = g_new0 (CartLine, 1);

      copy->performance_id = line->performance_id;
      copy->seat = g_strdup (line->seat);
      copy->area = g_strdup (line->area);
      copy->name = g_strdup (line->name);
      g_ptr_array_add (before, copy);
    }
  if (cart != NULL)
    ts_cart_take (self, cart);
  else
    {
      g_clear_pointer (&self->id, g_free);
      g_clear_pointer (&self->held, json_object_unref);
      g_clear_pointer (&self->expires_at, g_date_time_unref);
      g_ptr_array_set_size (self->lines, 0);
      tell_map (self);
      g_signal_emit (self, signals[CHANGED], 0);
      refresh_lines (self);
      follow_countdown (self);
    }
  /* how many of each place the server still holds (an area's places count) */
  for (guint i = 0; i < self->lines->len; i++)
    {
      char *place = line_place (g_ptr_array_index (self->lines, i));

      g_hash_table_insert (now, place, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (now, place)) + 1));
    }
  for (guint i = 0; i < before->len; i++)
    {
      CartLine *line = g_ptr_array_index (before, i);
      g_autofree char *place = line_place (line);
      guint held = GPOINTER_TO_UINT (g_hash_table_lookup (now, place));

      if (held > 0)
        g_hash_table_insert (now, g_steal_pointer (&place), GUINT_TO_POINTER (held - 1));
      else
        g_ptr_array_add (lapsed, g_strdup (line->name));
    }
  return lapsed;
}
