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
#include "ts-api-patrons.h"
#include "ts-json.h"
#include "ts-order-patron-dialog-private.h"

struct _TsOrderPatronDialog
{
  TsDialog        parent_instance;

  GtkSearchEntry *search;
  GtkListBox     *results;
  GtkLabel       *chosen_label;

  GCancellable   *search_cancellable;  /* the last search, cancelled by the next */
  gint64          order_id;
  gint64          patron_id;           /* 0 until one is chosen */
  guint           found;               /* patrons listed by the last search */
};

G_DEFINE_FINAL_TYPE (TsOrderPatronDialog, ts_order_patron_dialog, TS_TYPE_DIALOG)

enum { PROP_0, PROP_FOUND, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
patrons_found (TsDialog     *dialog,
               JsonNode     *answer,
               const GError *error)
{
  TsOrderPatronDialog *self = TS_ORDER_PATRON_DIALOG (dialog);
  JsonArray *patrons = answer != NULL && JSON_NODE_HOLDS_OBJECT (answer)
                       ? ts_json_lookup_array (json_node_get_object (answer), "patrons") : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);
  self->found = 0;
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
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_widget_set_margin_top (label, 4);
      gtk_widget_set_margin_bottom (label, 4);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data (G_OBJECT (row), "patron-id", GSIZE_TO_POINTER ((gsize) json_object_get_int_member (p, "id")));
      g_object_set_data_full (G_OBJECT (row), "patron-name", g_steal_pointer (&name), g_free);
      gtk_list_box_append (self->results, row);
      self->found++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->results), self->found > 0);
  /* P6: an empty answer is said, so that the agent looks again before
   * anyone thinks of adding the patron */
  if (answer != NULL && self->found == 0)
    ts_dialog_set_message (dialog, _("No patron found: try part of the name, a phone number or an e-mail address."));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOUND]);
}

static void
on_search_changed (TsOrderPatronDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  ts_dialog_set_message (TS_DIALOG (self), NULL);
  if (g_utf8_strlen (text, -1) < 2)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->results), FALSE);
      return;
    }
  self->search_cancellable = g_cancellable_new ();
  ts_api_client_search_patrons_async (ts_dialog_get_client (TS_DIALOG (self)), text, 8, 0, self->search_cancellable,
                                      ts_dialog_answered, ts_dialog_call (TS_DIALOG (self), patrons_found));
}

static void
on_patron_chosen (TsOrderPatronDialog *self,
                  GtkListBoxRow       *row)
{
  g_autofree char *text = NULL;
  g_autofree char *number = NULL;

  self->patron_id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "patron-id"));
  number = g_strdup_printf ("%" G_GINT64_FORMAT, self->patron_id);
  text = g_strdup_printf (_("Patron: %s (no. %s)"), (const char *) g_object_get_data (G_OBJECT (row), "patron-name"),
                          number);
  gtk_label_set_text (self->chosen_label, text);
  ts_dialog_set_message (TS_DIALOG (self), NULL);
}

/* Down from the search goes into the patrons found. */
static gboolean
on_search_key (TsOrderPatronDialog   *self,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               GtkEventControllerKey *controller)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results, 0);

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) || first == NULL
      || !gtk_widget_get_visible (GTK_WIDGET (self->results)))
    return FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (first));
  return TRUE;
}

static void
submit (TsDialog *dialog)
{
  TsOrderPatronDialog *self = TS_ORDER_PATRON_DIALOG (dialog);

  if (self->patron_id == 0)
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->search), _("Patron: find the patron and choose them in the list."));
      return;
    }
  ts_api_client_name_order_patron_async (ts_dialog_get_client (dialog), self->order_id, self->patron_id,
                                         ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                         ts_dialog_submission (dialog, NULL));
}

static void
ts_order_patron_dialog_dispose (GObject *object)
{
  TsOrderPatronDialog *self = TS_ORDER_PATRON_DIALOG (object);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
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
      g_value_set_uint (value, self->found);
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

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-order-patron-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsOrderPatronDialog, search);
  gtk_widget_class_bind_template_child (widget_class, TsOrderPatronDialog, results);
  gtk_widget_class_bind_template_child (widget_class, TsOrderPatronDialog, chosen_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_patron_chosen);
}

static void
ts_order_patron_dialog_init (TsOrderPatronDialog *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_search_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search), keys);
}

TsOrderPatronDialog *
ts_order_patron_dialog_new (GtkWindow   *parent,
                            TsApiClient *client,
                            gint64       order_id)
{
  TsOrderPatronDialog *self = g_object_new (TS_TYPE_ORDER_PATRON_DIALOG, "transient-for", parent,
                                            "client", client, NULL);

  self->order_id = order_id;
  return self;
}

void
_ts_order_patron_dialog_search (TsOrderPatronDialog *self,
                                const char          *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search), text);
  /* the entry waits before it says "search-changed"; a test does not */
  on_search_changed (self);
}

gboolean
_ts_order_patron_dialog_choose (TsOrderPatronDialog *self,
                                guint                index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->results, (int) index);

  if (row == NULL)
    return FALSE;
  on_patron_chosen (self, row);
  return TRUE;
}

gint64
_ts_order_patron_dialog_get_patron_id (TsOrderPatronDialog *self)
{
  return self->patron_id;
}
