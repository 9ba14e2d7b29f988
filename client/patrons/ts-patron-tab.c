/* ts-patron-tab.c — the shape every tab of the patron record shares
 *
 * Each tab is one kind of this outlet's own data about the patron (P4): a
 * list on top (from its template, data/ui/patrons/ts-patron-tab.ui) and the
 * subclass's form below it.  The tab loads itself, sends its writes and says
 * what went wrong through "message"; after a write it emits "saved" and the
 * window reloads the whole record, as one write may change several tabs. */
#include <glib/gi18n.h>

#include "ts-patron-tab.h"
#include "ts-patron-tab-private.h"

typedef struct
{
  GtkListBox   *list;

  TsApiClient  *client;
  GCancellable *cancellable;
  gint64        patron_id;
  guint         n_rows;
  gulong        changed_handler;   /* the client's "changed::…", reload_on_change */
} TsPatronTabPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (TsPatronTab, ts_patron_tab, GTK_TYPE_BOX)

enum { PROP_0, PROP_N_ROWS, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { MESSAGE, SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
set_n_rows (TsPatronTab *self,
            guint        n_rows)
{
  TsPatronTabPrivate *priv = ts_patron_tab_get_instance_private (self);

  if (priv->n_rows == n_rows)
    return;
  priv->n_rows = n_rows;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ROWS]);
}

static void
list_loaded (gpointer      owner,
             JsonNode     *answer,
             const GError *error)
{
  TsPatronTab *self = owner;
  TsPatronTabClass *klass;
  JsonArray *rows = NULL;

  klass = TS_PATRON_TAB_GET_CLASS (self);
  ts_patron_tab_clear (self);
  if (answer == NULL)
    {
      ts_patron_tab_say (self, error->message);
      return;
    }
  rows = json_object_get_array_member (json_node_get_object (answer), klass->member);
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      g_autofree char *detail = NULL;
      g_autofree char *title = klass->row_title (self, json_array_get_object_element (rows, i), &detail);
      GtkWidget *row = ts_patron_tab_append (self, ts_patron_tab_text_box (title, detail));

      /* the row keeps what it shows, for what activating it does */
      g_object_set_data_full (G_OBJECT (row), "object", json_object_ref (json_array_get_object_element (rows, i)),
                              (GDestroyNotify) json_object_unref);
    }
  if (klass->loaded != NULL)
    klass->loaded (self, rows);
}

static void
ts_patron_tab_real_reload (TsPatronTab *self)
{
  TsPatronTabPrivate *priv = ts_patron_tab_get_instance_private (self);
  TsPatronTabClass *klass = TS_PATRON_TAB_GET_CLASS (self);

  if (klass->list == NULL || priv->client == NULL)
    return;
  klass->list (priv->client, priv->patron_id, priv->cancellable, ts_api_answered, ts_api_call (self, list_loaded));
}

static void
ts_patron_tab_real_sent (TsPatronTab *self,
                         JsonNode    *answer)
{
  ts_patron_tab_say (self, NULL);
}

static void
sent (gpointer      owner,
      JsonNode     *answer,
      const GError *error)
{
  TsPatronTab *self = owner;

  if (error != NULL)
    {
      ts_patron_tab_say (self, error->message);
      return;
    }
  TS_PATRON_TAB_GET_CLASS (self)->sent (self, answer);
  g_signal_emit (self, signals[SAVED], 0);
}

static void
ts_patron_tab_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TsPatronTabPrivate *priv = ts_patron_tab_get_instance_private (TS_PATRON_TAB (object));

  switch (prop_id)
    {
    case PROP_N_ROWS:
      g_value_set_uint (value, priv->n_rows);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_patron_tab_dispose (GObject *object)
{
  TsPatronTabPrivate *priv = ts_patron_tab_get_instance_private (TS_PATRON_TAB (object));

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  if (priv->client != NULL)
    g_clear_signal_handler (&priv->changed_handler, priv->client);
  g_clear_object (&priv->client);
  G_OBJECT_CLASS (ts_patron_tab_parent_class)->dispose (object);
}

static void
ts_patron_tab_class_init (TsPatronTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ts_patron_tab_get_property;
  object_class->dispose = ts_patron_tab_dispose;
  klass->reload = ts_patron_tab_real_reload;
  klass->sent = ts_patron_tab_real_sent;

  /* How many rows the list shows: tests wait for it to change. */
  properties[PROP_N_ROWS] = g_param_spec_uint ("n-rows", NULL, NULL, 0, G_MAXUINT, 0,
                                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Text for the record's message line ("" clears it). */
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);
  /* A write went through: the record reloads. */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-patron-tab.ui");
  gtk_widget_class_bind_template_child_private (widget_class, TsPatronTab, list);
}

static void
ts_patron_tab_init (TsPatronTab *self)
{
  TsPatronTabPrivate *priv = ts_patron_tab_get_instance_private (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  priv->cancellable = g_cancellable_new ();
}

void
ts_patron_tab_set_record (TsPatronTab *self,
                          TsApiClient *client,
                          gint64       patron_id)
{
  TsPatronTabPrivate *priv = ts_patron_tab_get_instance_private (self);
  const char *area = TS_PATRON_TAB_GET_CLASS (self)->reload_on_change;

  g_return_if_fail (TS_IS_PATRON_TAB (self));
  if (priv->client != NULL)
    g_clear_signal_handler (&priv->changed_handler, priv->client);
  g_set_object (&priv->client, client);
  priv->patron_id = patron_id;
  /* what another window of this workstation changed is not left stale here */
  if (client != NULL && area != NULL)
    {
      g_autofree char *signal = g_strconcat ("changed::", area, NULL);

      priv->changed_handler = g_signal_connect_swapped (client, signal, G_CALLBACK (ts_patron_tab_reload), self);
    }
}

void
ts_patron_tab_reload (TsPatronTab *self)
{
  g_return_if_fail (TS_IS_PATRON_TAB (self));
  TS_PATRON_TAB_GET_CLASS (self)->reload (self);
}

TsApiClient *
ts_patron_tab_get_client (TsPatronTab *self)
{
  TsPatronTabPrivate *priv = ts_patron_tab_get_instance_private (self);

  return priv->client;
}

gint64
ts_patron_tab_get_patron_id (TsPatronTab *self)
{
  TsPatronTabPrivate *priv = ts_patron_tab_get_instance_private (self);

  return priv->patron_id;
}

GCancellable *
ts_patron_tab_get_cancellable (TsPatronTab *self)
{
  TsPatronTabPrivate *priv = ts_patron_tab_get_instance_private (self);

  return priv->cancellable;
}

GtkListBox *
ts_patron_tab_get_list (TsPatronTab *self)
{
  TsPatronTabPrivate *priv = ts_patron_tab_get_instance_private (self);

  return priv->list;
}


void
ts_patron_tab_say (TsPatronTab *self,
                   const char  *text)
{
  g_signal_emit (self, signals[MESSAGE], 0, text ? text : "");
}

TsApiCall *
ts_patron_tab_write_call (TsPatronTab *self)
{
  return ts_api_call (self, sent);
}

void
ts_patron_tab_clear (TsPatronTab *self)
{
  TsPatronTabPrivate *priv = ts_patron_tab_get_instance_private (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (priv->list))) != NULL)
    gtk_list_box_remove (priv->list, child);
  set_n_rows (self, 0);
}

GtkWidget *
ts_patron_tab_text_box (const char *title,
                        const char *detail)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *main_label = gtk_label_new (title);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_label_set_xalign (GTK_LABEL (main_label), 0);
  gtk_label_set_wrap (GTK_LABEL (main_label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (main_label), TRUE);
  gtk_box_append (GTK_BOX (box), main_label);
  if (detail != NULL && *detail != '\0')
    {
      GtkWidget *detail_label = gtk_label_new (detail);

      gtk_label_set_xalign (GTK_LABEL (detail_label), 0);
      gtk_widget_add_css_class (detail_label, "dim-label");
      gtk_box_append (GTK_BOX (box), detail_label);
    }
  return box;
}

GtkWidget *
ts_patron_tab_append (TsPatronTab *self,
                      GtkWidget   *child)
{
  TsPatronTabPrivate *priv = ts_patron_tab_get_instance_private (self);

  gtk_list_box_append (priv->list, child);
  set_n_rows (self, priv->n_rows + 1);
  return gtk_widget_get_parent (child);
}

/* Tests --------------------------------------------------------------------------- */

static void
append_labels (GtkWidget *widget,
               GString   *text)
{
  if (GTK_IS_BUTTON (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    append_labels (child, text);
}

guint
_ts_patron_tab_get_n_rows (TsPatronTab *self)
{
  TsPatronTabPrivate *priv = ts_patron_tab_get_instance_private (self);

  return priv->n_rows;
}

char *
_ts_patron_tab_get_row_text (TsPatronTab *self,
                             guint        index)
{
  TsPatronTabPrivate *priv = ts_patron_tab_get_instance_private (self);
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (priv->list, (int) index);
  GString *text;

  if (row == NULL)
    return NULL;
  text = g_string_new (NULL);
  append_labels (GTK_WIDGET (row), text);
  return g_string_free (text, FALSE);
}

gboolean
_ts_patron_tab_select_row (TsPatronTab *self,
                           guint        index)
{
  TsPatronTabPrivate *priv = ts_patron_tab_get_instance_private (self);
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (priv->list, (int) index);

  if (row == NULL)
    return FALSE;
  gtk_list_box_select_row (priv->list, row);
  return TRUE;
}
