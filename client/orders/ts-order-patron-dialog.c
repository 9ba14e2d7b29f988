/* ts-order-patron-dialog.c — "Name the Patron…": a walk-up sale made without a
 * patron record (S8) is given its patron afterwards, found with the patron
 * search (P6: the directory first, so that nobody is added twice).
 *
 * The patron is chosen from the search's results, never typed by number;
 * "Name" sends POST /orders/{id}/patron and the server answers the order
 * with the patron as purchaser and recipient (audited).  An order that has
 * its patron already is refused by the server, in its words. */
#include <glib/gi18n.h>

#include "ts-api-orders.h"
#include "ts-order-patron-dialog-private.h"
#include "ts-patron-picker-private.h"

struct _TsOrderPatronDialog
{
  TsDialog        parent_instance;

  TsPatronPicker *picker;
  GtkLabel       *chosen_label;
  GtkWidget      *name_button;

  gint64          order_id;
};

G_DEFINE_FINAL_TYPE (TsOrderPatronDialog, ts_order_patron_dialog, TS_TYPE_DIALOG)

enum { PROP_0, PROP_FOUND, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* The picker's "found", for the tests' waits. */
static void
on_found (TsOrderPatronDialog *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOUND]);
}

static void
on_patron_chosen (TsOrderPatronDialog *self,
                  JsonObject          *patron,
                  TsPatronPicker      *picker)
{
  g_autofree char *name = ts_patron_picker_display_name (patron);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, ts_patron_picker_get_patron_id (picker));
  g_autofree char *text = g_strdup_printf (_("Patron: %s (no. %s)"), name, number);

  gtk_label_set_text (self->chosen_label, text);
  ts_dialog_set_message (TS_DIALOG (self), NULL);
  /* what comes next: Name */
  gtk_widget_grab_focus (self->name_button);
}

static void
submit (TsDialog *dialog)
{
  TsOrderPatronDialog *self = TS_ORDER_PATRON_DIALOG (dialog);

  gint64 patron_id = ts_patron_picker_get_patron_id (self->picker);

  if (patron_id == 0)
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->picker), _("Patron: find the patron and choose them in the list."));
      return;
    }
  ts_api_client_name_order_patron_async (ts_dialog_get_client (dialog), self->order_id, patron_id,
                                         ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                         ts_dialog_submission (dialog, NULL));
}

static void
ts_order_patron_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_ORDER_PATRON_DIALOG);
  G_OBJECT_CLASS (ts_order_patron_dialog_parent_class)->dispose (object);
}

static void
ts_order_patron_dialog_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  TsOrderPatronDialog *self = TS_ORDER_PATRON_DIALOG (object);

  switch (prop_id)
    {
    case PROP_FOUND:
      g_value_set_uint (value, ts_patron_picker_get_found (self->picker));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_order_patron_dialog_class_init (TsOrderPatronDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_order_patron_dialog_dispose;
  object_class->get_property = ts_order_patron_dialog_get_property;
  TS_DIALOG_CLASS (klass)->submit = submit;

  /* The patrons the last search listed; notified after each answer. */
  properties[PROP_FOUND] = g_param_spec_uint ("found", NULL, NULL, 0, G_MAXUINT, 0,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TS_TYPE_PATRON_PICKER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-order-patron-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsOrderPatronDialog, picker);
  gtk_widget_class_bind_template_child (widget_class, TsOrderPatronDialog, chosen_label);
  gtk_widget_class_bind_template_child (widget_class, TsOrderPatronDialog, name_button);
  gtk_widget_class_bind_template_callback (widget_class, on_found);
  gtk_widget_class_bind_template_callback (widget_class, on_patron_chosen);
}

static void
ts_order_patron_dialog_init (TsOrderPatronDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TsOrderPatronDialog *
ts_order_patron_dialog_new (GtkWindow   *parent,
                            TsApiClient *client,
                            gint64       order_id)
{
  TsOrderPatronDialog *self = g_object_new (TS_TYPE_ORDER_PATRON_DIALOG, "transient-for", parent,
                                            "client", client, NULL);

  self->order_id = order_id;
  ts_patron_picker_set_client (self->picker, client);
  return self;
}

void
_ts_order_patron_dialog_search (TsOrderPatronDialog *self,
                                const char          *text)
{
  _ts_patron_picker_search (self->picker, text);
}

gboolean
_ts_order_patron_dialog_choose (TsOrderPatronDialog *self,
                                guint                index)
{
  return _ts_patron_picker_choose (self->picker, index);
}

gint64
_ts_order_patron_dialog_get_patron_id (TsOrderPatronDialog *self)
{
  return ts_patron_picker_get_patron_id (self->picker);
}
