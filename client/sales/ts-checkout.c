/* ts-checkout.c — the Sales page's patron and payment (rules S2, S4, S8)
 *
 * The purchaser is found in the shared directory (P6) or added; with "a
 * gift" ticked, the next patron chosen receives the tickets (S2); a walk-up
 * sale at the door needs none (S8).  The
 * payment method and its reference go with the sale.  Only the methods the
 * signed-in outlet's tills take are offered (C7, the session's outlet, again
 * after its preferences are saved here); which methods another outlet's
 * tickets allow (S4) is the page's to say, since it knows whose performance
 * it is. */
#include <glib/gi18n.h>

#include "ts-checkout-private.h"
#include "ts-order-format.h"
#include "ts-patron-new-dialog.h"
#include "ts-patron-picker.h"

struct _TsCheckout
{
  GtkWidget       parent_instance;

  TsApiClient    *client;
  GCancellable   *cancellable;
  gint64          patron_id;
  gint64          recipient_id;       /* 0: the purchaser; else a gift (S2) */
  gboolean        disposed;           /* widgets going away: their signals are ignored */
  gboolean        real_money_only;    /* another outlet's tickets (S4) */
  GStrv           offered;            /* API names, in the drop-down's order */
  gulong          outlet_handler;     /* the client's "changed::outlets" */

  GtkWidget      *box;
  TsPatronPicker *picker;
  GtkLabel       *patron_label;
  GtkCheckButton *gift;
  GtkLabel       *recipient_label;
  GtkDropDown    *method;
  GtkEntry       *reference;
  GtkCheckButton *walk_up;
};

G_DEFINE_FINAL_TYPE (TsCheckout, ts_checkout, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_PATRON_ID,
  PROP_RECIPIENT_ID,
  PROP_PAYMENT_METHOD,
  PROP_WALK_UP_OFFERED,
  PROP_WALK_UP,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

/* API names of the payment methods, in the order offered (S4, C7). */
static const char * const methods[] = { "cash", "cheque", "card", "gift_certificate", "pass", "on_account", NULL };

/* The drop-down offers the methods the outlet's tills take (C7), of those
 * only real money for another outlet's tickets (S4); the method chosen
 * stays chosen while it is offered. */
static void
fill_methods (TsCheckout *self)
{
  const char * const *takes = self->client != NULL ? ts_api_client_get_payment_methods (self->client) : NULL;
  const char * const real_money[] = { "cash", "cheque", "card", NULL };
  g_autofree char *chosen = g_strdup (ts_checkout_get_payment_method (self));
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint selected = 0, count = 0;

  for (guint i = 0; methods[i] != NULL; i++)
    {
      if ((takes != NULL && !g_strv_contains (takes, methods[i]))
          || (self->real_money_only && !g_strv_contains (real_money, methods[i])))
        continue;
      gtk_string_list_append (names, ts_order_method_name (methods[i]));
      g_strv_builder_add (builder, methods[i]);
      if (g_strcmp0 (chosen, methods[i]) == 0)
        selected = count;
      count++;
    }
  g_strfreev (self->offered);
  self->offered = g_strv_builder_end (builder);
  gtk_drop_down_set_model (self->method, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->method, count > 0 ? selected : GTK_INVALID_LIST_POSITION);
  if (!self->disposed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAYMENT_METHOD]);
}

static void
on_patron_chosen (TsCheckout     *self,
                  JsonObject     *patron,
                  TsPatronPicker *picker)
{
  gint64 id = json_object_get_int_member_with_default (patron, "id", 0);
  g_autofree char *name = ts_patron_picker_display_name (patron);

  /* S2: with "gift" ticked, the second patron chosen is the recipient */
  if (gtk_check_button_get_active (self->gift) && self->patron_id != 0 && id != self->patron_id)
    _ts_checkout_set_recipient (self, id, name);
  else
    _ts_checkout_set_patron (self, id, name);
  /* what comes next in a sale */
  gtk_widget_grab_focus (GTK_WIDGET (self->method));
}

/* Who the tickets are for, as the agent reads it: the patron chosen, or
 * nobody — needed for a walk-up sale (S8) or not yet chosen. */
static void
show_patron (TsCheckout *self,
             const char *name)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, self->patron_id);
  g_autofree char *text = NULL;

  if (self->patron_id != 0)
    text = g_strdup_printf (_("Patron: %s (no. %s)"), name ? name : "", number);
  else if (ts_checkout_get_walk_up (self))
    text = g_strdup (_("No patron: a walk-up sale"));
  else
    text = g_strdup (_("No patron chosen yet"));
  gtk_label_set_text (self->patron_label, text);
}

/* S8: a walk-up sale needs no patron record. */
static void
on_walk_up_toggled (TsCheckout *self)
{
  if (self->disposed)
    return;
  if (self->patron_id == 0)
    show_patron (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WALK_UP]);
}

static void
on_gift_toggled (TsCheckout *self)
{
  if (!gtk_check_button_get_active (self->gift))
    _ts_checkout_set_recipient (self, 0, NULL);
  else if (self->patron_id != 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->picker));
}

static void
patron_created (TsPatronNewDialog *dialog,
                gint64             patron_id,
                TsCheckout        *self)
{
  _ts_checkout_set_patron (self, patron_id, _("new patron"));
}

static void
on_new_patron_clicked (TsCheckout *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  TsPatronNewDialog *dialog = ts_patron_new_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->client);

  g_signal_connect_object (dialog, "created", G_CALLBACK (patron_created), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_method_changed (TsCheckout *self)
{
  if (!self->disposed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAYMENT_METHOD]);
}

static void
ts_checkout_dispose (GObject *object)
{
  TsCheckout *self = TS_CHECKOUT (object);

  /* a drop-down being destroyed may still say its choice changed */
  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  if (self->client != NULL)
    g_clear_signal_handler (&self->outlet_handler, self->client);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_CHECKOUT);
  G_OBJECT_CLASS (ts_checkout_parent_class)->dispose (object);
}

static void
ts_checkout_finalize (GObject *object)
{
  TsCheckout *self = TS_CHECKOUT (object);

  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_strfreev (self->offered);
  G_OBJECT_CLASS (ts_checkout_parent_class)->finalize (object);
}

static void
ts_checkout_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TsCheckout *self = TS_CHECKOUT (object);

  switch (prop_id)
    {
    case PROP_PATRON_ID:
      g_value_set_int64 (value, self->patron_id);
      break;
    case PROP_RECIPIENT_ID:
      g_value_set_int64 (value, self->recipient_id);
      break;
    case PROP_PAYMENT_METHOD:
      g_value_set_string (value, ts_checkout_get_payment_method (self));
      break;
    case PROP_WALK_UP_OFFERED:
      g_value_set_boolean (value, gtk_widget_get_visible (GTK_WIDGET (self->walk_up)));
      break;
    case PROP_WALK_UP:
      g_value_set_boolean (value, ts_checkout_get_walk_up (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The "payment-method" property: the method with this API name chosen. */
static void
select_payment_method (TsCheckout *self,
                       const char *method)
{
  for (guint i = 0; method != NULL && self->offered != NULL && self->offered[i] != NULL; i++)
    if (g_str_equal (self->offered[i], method))
      gtk_drop_down_set_selected (self->method, i);
}

static void
ts_checkout_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TsCheckout *self = TS_CHECKOUT (object);

  switch (prop_id)
    {
    case PROP_PAYMENT_METHOD:
      select_payment_method (self, g_value_get_string (value));
      break;
    case PROP_WALK_UP_OFFERED:
      ts_checkout_set_walk_up_offered (self, g_value_get_boolean (value));
      break;
    case PROP_WALK_UP:
      gtk_check_button_set_active (self->walk_up, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_checkout_class_init (TsCheckoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_checkout_dispose;
  object_class->finalize = ts_checkout_finalize;
  object_class->get_property = ts_checkout_get_property;
  object_class->set_property = ts_checkout_set_property;

  properties[PROP_PATRON_ID] = g_param_spec_int64 ("patron-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECIPIENT_ID] = g_param_spec_int64 ("recipient-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAYMENT_METHOD] = g_param_spec_string ("payment-method", NULL, NULL, "cash",
                                                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WALK_UP_OFFERED] = g_param_spec_boolean ("walk-up-offered", NULL, NULL, FALSE,
                                                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* S8: a walk-up sale (offered and ticked): checked in now, no patron needed. */
  properties[PROP_WALK_UP] = g_param_spec_boolean ("walk-up", NULL, NULL, FALSE,
                                                   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TS_TYPE_PATRON_PICKER);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-checkout.ui");
  gtk_widget_class_bind_template_child (widget_class, TsCheckout, box);
  gtk_widget_class_bind_template_child (widget_class, TsCheckout, picker);
  gtk_widget_class_bind_template_child (widget_class, TsCheckout, patron_label);
  gtk_widget_class_bind_template_child (widget_class, TsCheckout, gift);
  gtk_widget_class_bind_template_child (widget_class, TsCheckout, recipient_label);
  gtk_widget_class_bind_template_child (widget_class, TsCheckout, method);
  gtk_widget_class_bind_template_child (widget_class, TsCheckout, reference);
  gtk_widget_class_bind_template_child (widget_class, TsCheckout, walk_up);
  gtk_widget_class_bind_template_callback (widget_class, on_new_patron_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_patron_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_gift_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_walk_up_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_method_changed);
}

static void
ts_checkout_init (TsCheckout *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->offered = g_strdupv ((char **) methods);
}

void
ts_checkout_set_client (TsCheckout  *self,
                        TsApiClient *client)
{
  g_return_if_fail (TS_IS_CHECKOUT (self));
  g_return_if_fail (TS_IS_API_CLIENT (client));

  if (self->client != NULL)
    g_clear_signal_handler (&self->outlet_handler, self->client);
  g_set_object (&self->client, client);
  ts_patron_picker_set_client (self->picker, client);
  /* C7: the outlet's preferences saved from this workstation apply here */
  self->outlet_handler = g_signal_connect_swapped (client, "changed::outlets", G_CALLBACK (fill_methods), self);
  fill_methods (self);
}

void
ts_checkout_set_real_money_only (TsCheckout *self,
                                 gboolean    real_money_only)
{
  g_return_if_fail (TS_IS_CHECKOUT (self));

  if (self->real_money_only == !!real_money_only)
    return;
  self->real_money_only = !!real_money_only;
  fill_methods (self);
}

const char * const *
_ts_checkout_get_offered_methods (TsCheckout *self)
{
  return (const char * const *) self->offered;
}

void
_ts_checkout_set_patron (TsCheckout *self,
                         gint64      patron_id,
                         const char *name)
{
  g_return_if_fail (TS_IS_CHECKOUT (self));

  self->patron_id = patron_id;
  show_patron (self, name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATRON_ID]);
}

gint64
ts_checkout_get_patron_id (TsCheckout *self)
{
  g_return_val_if_fail (TS_IS_CHECKOUT (self), 0);

  return self->patron_id;
}

void
_ts_checkout_set_recipient (TsCheckout *self,
                            gint64      patron_id,
                            const char *name)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, patron_id);
  g_autofree char *text = patron_id ? g_strdup_printf (_("Gift for: %s (no. %s)"), name ? name : "", number) : NULL;

  g_return_if_fail (TS_IS_CHECKOUT (self));

  self->recipient_id = patron_id;
  gtk_label_set_text (self->recipient_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->recipient_label), patron_id != 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECIPIENT_ID]);
}

gint64
ts_checkout_get_recipient_id (TsCheckout *self)
{
  g_return_val_if_fail (TS_IS_CHECKOUT (self), 0);

  return self->recipient_id;
}

const char *
ts_checkout_get_payment_method (TsCheckout *self)
{
  guint selected;

  g_return_val_if_fail (TS_IS_CHECKOUT (self), NULL);

  selected = gtk_drop_down_get_selected (self->method);
  return self->offered != NULL && selected < g_strv_length (self->offered) ? self->offered[selected] : NULL;
}

const char *
ts_checkout_get_reference (TsCheckout *self)
{
  g_return_val_if_fail (TS_IS_CHECKOUT (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->reference));
}

void
ts_checkout_set_walk_up_offered (TsCheckout *self,
                                 gboolean    offered)
{
  g_return_if_fail (TS_IS_CHECKOUT (self));

  if (gtk_widget_get_visible (GTK_WIDGET (self->walk_up)) == offered)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->walk_up), offered);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WALK_UP_OFFERED]);
  on_walk_up_toggled (self);          /* a walk-up sale only where one is offered */
}

gboolean
ts_checkout_get_walk_up (TsCheckout *self)
{
  g_return_val_if_fail (TS_IS_CHECKOUT (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->walk_up)) && gtk_check_button_get_active (self->walk_up);
}

void
ts_checkout_reset (TsCheckout *self)
{
  g_return_if_fail (TS_IS_CHECKOUT (self));

  _ts_checkout_set_patron (self, 0, NULL);
  _ts_checkout_set_recipient (self, 0, NULL);
  gtk_check_button_set_active (self->gift, FALSE);
  ts_patron_picker_clear (self->picker);
  gtk_editable_set_text (GTK_EDITABLE (self->reference), "");
}

void
ts_checkout_focus_next (TsCheckout *self)
{
  g_return_if_fail (TS_IS_CHECKOUT (self));

  if (self->patron_id == 0 && !ts_checkout_get_walk_up (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->picker));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->method));
}
