/* ts-patron-vouchers-tab.c — the patron's subscription vouchers with this
 * outlet, and Reserve… (the action "patron.reserve-voucher")
 *
 * Staff act on the patron's behalf: reserving a voucher is an order that
 * sells nothing and takes no money, which they may send (C4, T3).  A click
 * chooses the voucher Reserve… takes; a double click or Enter acts on the
 * row: an open voucher is reserved, a reserved one shows its order.
 *
 * Properties for tests and the window: "loads" counts the answers so far,
 * "can-reserve" and "reserve-tip" say whether Reserve… may be used and why
 * not. */
#include <glib/gi18n.h>

#include "ts-format.h"
#include "ts-order-format.h"
#include "ts-order-window.h"
#include "ts-voucher-reserve-dialog.h"
#include "ts-patron-vouchers-tab.h"

struct _TsPatronVouchersTab
{
  TsPatronTab  parent_instance;

  GtkWidget   *reserve_button;

  JsonArray   *vouchers;         /* GET /patrons/{id}/vouchers; NULL until loaded */
  guint        loads;            /* answers so far */
  gboolean     can_reserve;
  char        *patron_name;
};

G_DEFINE_FINAL_TYPE (TsPatronVouchersTab, ts_patron_vouchers_tab, TS_TYPE_PATRON_TAB)

enum { PROP_0, PROP_LOADS, PROP_CAN_RESERVE, PROP_RESERVE_TIP, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { RESERVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
may_reserve (TsPatronVouchersTab *self)
{
  TsApiClient *client = ts_patron_tab_get_client (TS_PATRON_TAB (self));

  return client != NULL && ts_api_client_get_level (client) >= TS_LEVEL_STAFF;
}

static gboolean
voucher_is_open (JsonObject *voucher)
{
  return g_strcmp0 (json_object_get_string_member_with_default (voucher, "status", NULL), "open") == 0;
}

static guint
count_open_vouchers (TsPatronVouchersTab *self)
{
  guint n = 0;

  for (guint i = 0; self->vouchers != NULL && i < json_array_get_length (self->vouchers); i++)
    if (voucher_is_open (json_array_get_object_element (self->vouchers, i)))
      n++;
  return n;
}

static void
update_reserve_action (TsPatronVouchersTab *self)
{
  guint open = count_open_vouchers (self);
  gboolean can = may_reserve (self) && open > 0;
  const char *tip;

  if (!may_reserve (self))
    tip = _("Reserving vouchers needs the Staff level or above.");  /* C4 */
  else if (self->vouchers == NULL)
    tip = _("The vouchers have not loaded.");
  else if (open == 0)
    tip = _("The patron has no open voucher with this outlet.");
  else
    tip = _("Reserve an open voucher for a performance, at no charge");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "patron.reserve-voucher", can);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (self->reserve_button), tip) != 0)
    {
      gtk_widget_set_tooltip_text (self->reserve_button, tip);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESERVE_TIP]);
    }
  if (self->can_reserve != can)
    {
      self->can_reserve = can;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_RESERVE]);
    }
}

static JsonObject *
voucher_reservation (JsonObject *voucher)
{
  JsonNode *node = json_object_get_member (voucher, "reserved");

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static char *
voucher_title (JsonObject *voucher,
               char      **detail)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (voucher, "id"));
  JsonObject *reservation = voucher_reservation (voucher);

  if (reservation != NULL)
    {
      g_autofree char *when = ts_format_time (ts_order_string_member (reservation, "starts_at"), TS_TIME_LONG);
      g_autofree char *order = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                json_object_get_int_member_with_default (reservation, "order_id", 0));

      /* TRANSLATORS: voucher number, event, date and time, seat or area, order number */
      *detail = g_strdup_printf (_("Voucher %s · reserved: %s · %s · %s · order %s"), number,
                                 ts_order_string_member (reservation, "event"), when,
                                 ts_order_string_member (reservation, "seat_name"), order);
    }
  else
    *detail = g_strdup_printf (_("Voucher %s · open: not reserved yet"), number);
  return g_strdup_printf ("%s — %s", ts_order_string_member (voucher, "subscription"),
                          ts_order_string_member (voucher, "ticket_type"));
}

static void
vouchers_loaded (gpointer      owner,
                 JsonNode     *answer,
                 const GError *error)
{
  TsPatronVouchersTab *self = owner;
  TsPatronTab *tab = TS_PATRON_TAB (self);

  ts_patron_tab_clear (tab);
  g_clear_pointer (&self->vouchers, json_array_unref);
  if (answer == NULL || !JSON_NODE_HOLDS_ARRAY (answer))
    ts_patron_tab_say (tab, error != NULL ? error->message : _("The server gave no answer"));
  else
    {
      self->vouchers = json_array_ref (json_node_get_array (answer));
      for (guint i = 0; i < json_array_get_length (self->vouchers); i++)
        {
          JsonObject *voucher = json_array_get_object_element (self->vouchers, i);
          g_autofree char *detail = NULL;
          g_autofree char *title = voucher_title (voucher, &detail);
          GtkWidget *texts = ts_patron_tab_text_box (title, detail);
          GtkWidget *row;

          /* a selectable label would take the click that chooses the row */
          gtk_label_set_selectable (GTK_LABEL (gtk_widget_get_first_child (texts)), FALSE);
          row = ts_patron_tab_append (tab, texts);
          g_object_set_data_full (G_OBJECT (row), "voucher", json_object_ref (voucher), (GDestroyNotify) json_object_unref);
        }
    }
  self->loads++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADS]);
  update_reserve_action (self);
}

static void
ts_patron_vouchers_tab_reload (TsPatronTab *tab)
{
  TsPatronVouchersTab *self = TS_PATRON_VOUCHERS_TAB (tab);

  update_reserve_action (self);
  ts_api_client_list_patron_vouchers_async (ts_patron_tab_get_client (tab), ts_patron_tab_get_patron_id (tab),
                                            ts_patron_tab_get_cancellable (tab), ts_api_answered,
                                            ts_api_call (self, vouchers_loaded));
}

static void
on_voucher_reserved (TsVoucherReserveDialog *dialog,
                     gint64                  order_id,
                     TsPatronVouchersTab    *self)
{
  ts_patron_tab_say (TS_PATRON_TAB (self), NULL);
  ts_patron_tab_reload (TS_PATRON_TAB (self));
  g_signal_emit (self, signals[RESERVED], 0);
}

static void
open_reserve_dialog (TsPatronVouchersTab *self,
                     gint64               voucher_id)
{
  TsPatronTab *tab = TS_PATRON_TAB (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = NULL;
  TsVoucherReserveDialog *dialog;

  if (!may_reserve (self) || count_open_vouchers (self) == 0)
    return;
  name = self->patron_name != NULL ? g_strdup (self->patron_name)
                                   : g_strdup_printf ("#%" G_GINT64_FORMAT, ts_patron_tab_get_patron_id (tab));
  dialog = ts_voucher_reserve_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, ts_patron_tab_get_client (tab),
                                          ts_patron_tab_get_patron_id (tab), name, self->vouchers, voucher_id);
  g_signal_connect_object (dialog, "reserved", G_CALLBACK (on_voucher_reserved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The selected voucher if it is open, else the dialog's first open one. */
static void
reserve_voucher_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  TsPatronVouchersTab *self = TS_PATRON_VOUCHERS_TAB (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (ts_patron_tab_get_list (TS_PATRON_TAB (self)));
  JsonObject *voucher = row != NULL ? g_object_get_data (G_OBJECT (row), "voucher") : NULL;

  open_reserve_dialog (self, voucher != NULL && voucher_is_open (voucher) ? json_object_get_int_member (voucher, "id") : 0);
}

/* An open voucher is reserved; a reserved one shows its order. */
static void
voucher_activated (GtkListBox          *list,
                   GtkListBoxRow       *row,
                   TsPatronVouchersTab *self)
{
  JsonObject *voucher = g_object_get_data (G_OBJECT (row), "voucher");
  JsonObject *reservation = voucher != NULL ? voucher_reservation (voucher) : NULL;

  if (voucher != NULL && voucher_is_open (voucher))
    open_reserve_dialog (self, json_object_get_int_member (voucher, "id"));
  else if (reservation != NULL && json_object_get_int_member_with_default (reservation, "order_id", 0) != 0)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      TsOrderWindow *window = ts_order_window_new (ts_patron_tab_get_client (TS_PATRON_TAB (self)),
                                                   json_object_get_int_member (reservation, "order_id"));

      gtk_window_set_transient_for (GTK_WINDOW (window), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
ts_patron_vouchers_tab_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  TsPatronVouchersTab *self = TS_PATRON_VOUCHERS_TAB (object);

  switch (prop_id)
    {
    case PROP_LOADS:
      g_value_set_uint (value, self->loads);
      break;
    case PROP_CAN_RESERVE:
      g_value_set_boolean (value, self->can_reserve);
      break;
    case PROP_RESERVE_TIP:
      g_value_set_string (value, gtk_widget_get_tooltip_text (self->reserve_button));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_patron_vouchers_tab_dispose (GObject *object)
{
  TsPatronVouchersTab *self = TS_PATRON_VOUCHERS_TAB (object);

  g_clear_pointer (&self->vouchers, json_array_unref);
  G_OBJECT_CLASS (ts_patron_vouchers_tab_parent_class)->dispose (object);
}

static void
ts_patron_vouchers_tab_finalize (GObject *object)
{
  g_free (TS_PATRON_VOUCHERS_TAB (object)->patron_name);
  G_OBJECT_CLASS (ts_patron_vouchers_tab_parent_class)->finalize (object);
}

static void
ts_patron_vouchers_tab_class_init (TsPatronVouchersTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ts_patron_vouchers_tab_get_property;
  object_class->dispose = ts_patron_vouchers_tab_dispose;
  object_class->finalize = ts_patron_vouchers_tab_finalize;
  TS_PATRON_TAB_CLASS (klass)->reload = ts_patron_vouchers_tab_reload;

  properties[PROP_LOADS] = g_param_spec_uint ("loads", NULL, NULL, 0, G_MAXUINT, 0,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_RESERVE] = g_param_spec_boolean ("can-reserve", NULL, NULL, FALSE,
                                                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESERVE_TIP] = g_param_spec_string ("reserve-tip", NULL, NULL, NULL,
                                                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  /* A voucher was reserved: its order is new in the Orders tab. */
  signals[RESERVED] = g_signal_new ("reserved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-patron-vouchers-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, TsPatronVouchersTab, reserve_button);
  gtk_widget_class_install_action (widget_class, "patron.reserve-voucher", NULL, reserve_voucher_activated);
}

static void
ts_patron_vouchers_tab_init (TsPatronVouchersTab *self)
{
  GtkListBox *list;

  gtk_widget_init_template (GTK_WIDGET (self));
  list = ts_patron_tab_get_list (TS_PATRON_TAB (self));
  /* a click chooses the voucher Reserve… takes; a double click or Enter acts on it */
  gtk_list_box_set_selection_mode (list, GTK_SELECTION_SINGLE);
  gtk_list_box_set_activate_on_single_click (list, FALSE);
  g_signal_connect (list, "row-activated", G_CALLBACK (voucher_activated), self);
  update_reserve_action (self);
}

void
ts_patron_vouchers_tab_set_patron_name (TsPatronVouchersTab *self,
                                        const char          *name)
{
  g_return_if_fail (TS_IS_PATRON_VOUCHERS_TAB (self));
  g_free (self->patron_name);
  self->patron_name = g_strdup (name);
}
