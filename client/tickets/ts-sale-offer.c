/* ts-sale-offer.c — the sale just made, its tickets and receipt offered (F1)
 *
 * Shown under the Sales page's checkout once a sale went through, with the
 * focus on Print Tickets: one keystroke (Enter, or Ctrl+P from anywhere on
 * the page) prints them.  The next sale is never slowed: the offer goes as
 * soon as the agent puts anything in the cart, and a print still being
 * prepared for it is cancelled. */
#include <glib/gi18n.h>

#include "ts-order-printing.h"
#include "ts-sale-offer.h"

struct _TsSaleOffer
{
  GtkWidget     parent_instance;

  TsApiClient  *client;
  GCancellable *cancellable;   /* the offered sale's prints; a new one for each sale */
  gint64        order_id;

  GtkWidget    *box;
  GtkLabel     *heading;
  GtkWidget    *print_button;
};

G_DEFINE_FINAL_TYPE (TsSaleOffer, ts_sale_offer, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_ORDER_ID, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SHOW_MESSAGE, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
printed (gpointer      owner,
         const char   *message,
         const GError *error)
{
  TsSaleOffer *self = owner;

  if (error != NULL)
    g_signal_emit (self, signals[SHOW_MESSAGE], 0, error->message, TRUE);
  else if (message != NULL && *message != '\0')
    g_signal_emit (self, signals[SHOW_MESSAGE], 0, message, FALSE);
}

static GtkWindow *
parent_window (TsSaleOffer *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
ts_sale_offer_dispose (GObject *object)
{
  TsSaleOffer *self = TS_SALE_OFFER (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_SALE_OFFER);
  G_OBJECT_CLASS (ts_sale_offer_parent_class)->dispose (object);
}

static void
ts_sale_offer_finalize (GObject *object)
{
  TsSaleOffer *self = TS_SALE_OFFER (object);

  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (ts_sale_offer_parent_class)->finalize (object);
}

static void
ts_sale_offer_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TsSaleOffer *self = TS_SALE_OFFER (object);

  switch (prop_id)
    {
    case PROP_ORDER_ID:
      g_value_set_int64 (value, self->order_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_sale_offer_class_init (TsSaleOfferClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_sale_offer_dispose;
  object_class->finalize = ts_sale_offer_finalize;
  object_class->get_property = ts_sale_offer_get_property;

  /* The sale offered; 0: none (hidden). */
  properties[PROP_ORDER_ID] = g_param_spec_int64 ("order-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SHOW_MESSAGE] = g_signal_new ("show-message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                        NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-sale-offer.ui");
  gtk_widget_class_bind_template_child (widget_class, TsSaleOffer, box);
  gtk_widget_class_bind_template_child (widget_class, TsSaleOffer, heading);
  gtk_widget_class_bind_template_child (widget_class, TsSaleOffer, print_button);
}

static void
ts_sale_offer_init (TsSaleOffer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

void
ts_sale_offer_set_client (TsSaleOffer *self,
                          TsApiClient *client)
{
  g_return_if_fail (TS_IS_SALE_OFFER (self));

  g_set_object (&self->client, client);
}

void
ts_sale_offer_set_order_id (TsSaleOffer *self,
                            gint64       order_id)
{
  g_return_if_fail (TS_IS_SALE_OFFER (self));

  if (order_id == self->order_id)
    return;
  /* the last sale's prints being prepared are not this one's */
  g_cancellable_cancel (self->cancellable);
  g_object_unref (self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->order_id = order_id;
  if (order_id != 0)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, order_id);
      g_autofree char *text = g_strdup_printf (_("Order %s: its tickets and receipt"), number);

      gtk_label_set_text (self->heading, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), order_id != 0);
  /* first: the page enables its buttons' actions then */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORDER_ID]);
  if (order_id != 0)
    gtk_widget_grab_focus (self->print_button);
}

gint64
ts_sale_offer_get_order_id (TsSaleOffer *self)
{
  g_return_val_if_fail (TS_IS_SALE_OFFER (self), 0);

  return self->order_id;
}

void
ts_sale_offer_print_tickets (TsSaleOffer *self)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_if_fail (TS_IS_SALE_OFFER (self));

  if (self->order_id == 0 || self->client == NULL)
    return;
  g_array_append_val (ids, self->order_id);
  ts_order_print_tickets (self, parent_window (self), self->client, ids, self->cancellable, printed);
}

void
ts_sale_offer_save_pdf (TsSaleOffer *self)
{
  g_return_if_fail (TS_IS_SALE_OFFER (self));

  if (self->order_id == 0 || self->client == NULL)
    return;
  ts_order_save_tickets_pdf (self, parent_window (self), self->client, self->order_id, self->cancellable, printed);
}

void
ts_sale_offer_print_receipt (TsSaleOffer *self)
{
  g_return_if_fail (TS_IS_SALE_OFFER (self));

  if (self->order_id == 0 || self->client == NULL)
    return;
  ts_order_print_receipt (self, parent_window (self), self->client, self->order_id, NULL, self->cancellable, printed);
}
