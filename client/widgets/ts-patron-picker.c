/* ts-patron-picker.c — find and choose a patron in the shared directory (P6) */
#include <glib/gi18n.h>

#include "ts-api-call.h"
#include "ts-api-patrons.h"
#include "ts-json.h"
#include "ts-patron-picker-private.h"

/* A short list to choose from: more means the agent types more. */
#define MAX_FOUND 8

struct _TsPatronPicker
{
  GtkWidget       parent_instance;

  TsApiClient    *client;
  GCancellable   *search_cancellable;  /* the last search, cancelled by the next */
  char           *searched;            /* its text: the entry's late "search-changed" for it is no new search */
  JsonObject     *patron;              /* the patron chosen, NULL for none */
  guint           found;               /* patrons listed by the last answer */
  guint           answers;             /* answers listed so far */

  GtkWidget      *box;
  GtkSearchEntry *search;
  GtkListBox     *results;
  GtkLabel       *status;
};

G_DEFINE_FINAL_TYPE (TsPatronPicker, ts_patron_picker, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_CLIENT, PROP_PATRON, PROP_FOUND, PROP_PLACEHOLDER_TEXT, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { CHOSEN, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Under the search: nothing, an empty answer (P6: said plainly, so that the
 * agent looks again before anyone thinks of adding the patron) or why the
 * search failed. */
static void
set_status (TsPatronPicker *self,
            const char     *text,
            gboolean        is_error)
{
  gtk_label_set_text (self->status, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status), text != NULL && *text != '\0');
  if (is_error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status), "dim-label");
    }
}

static void
remove_rows (TsPatronPicker *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);
  gtk_widget_set_visible (GTK_WIDGET (self->results), FALSE);
}

static void
cancel_search (TsPatronPicker *self)
{
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->searched, g_free);
}

static GtkWidget *
patron_row (JsonObject *patron)
{
  g_autofree char *name = ts_patron_picker_display_name (patron);
  const char *email = json_object_get_string_member_with_default (patron, "email", NULL);
  const char *city = json_object_get_string_member_with_default (patron, "city", NULL);
  g_autoptr(GString) text = g_string_new (name);
  GtkWidget *label;
  GtkWidget *row = gtk_list_box_row_new ();

  /* what tells two patrons of one name apart */
  if (email != NULL && *email != '\0')
    g_string_append_printf (text, " · %s", email);
  if (city != NULL && *city != '\0')
    g_string_append_printf (text, " · %s", city);
  label = gtk_label_new (text->str);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 4);
  gtk_widget_set_margin_bottom (label, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  g_object_set_data_full (G_OBJECT (row), "patron", json_object_ref (patron), (GDestroyNotify) json_object_unref);
  return row;
}

static void
patrons_found (gpointer      owner,
               JsonNode     *answer,
               const GError *error)
{
  TsPatronPicker *self = owner;
  JsonArray *patrons = answer != NULL && JSON_NODE_HOLDS_OBJECT (answer)
                       ? ts_json_lookup_array (json_node_get_object (answer), "patrons") : NULL;

  remove_rows (self);
  self->found = 0;
  for (guint i = 0; patrons != NULL && i < json_array_get_length (patrons) && self->found < MAX_FOUND; i++)
    {
      JsonNode *node = json_array_get_element (patrons, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      gtk_list_box_append (self->results, patron_row (json_node_get_object (node)));
      self->found++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->results), self->found > 0);
  if (error != NULL)
    set_status (self, error->message, TRUE);
  else if (self->found == 0)
    set_status (self, _("No patron matches — check the spelling or create a new one"), FALSE);
  else
    set_status (self, NULL, FALSE);
  self->answers++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOUND]);
}

static void
on_search_changed (TsPatronPicker *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));

  if (self->searched != NULL && g_strcmp0 (text, self->searched) == 0)
    return;
  cancel_search (self);
  set_status (self, NULL, FALSE);
  /* one letter finds half the directory */
  if (g_utf8_strlen (text, -1) < 2 || self->client == NULL)
    {
      remove_rows (self);
      return;
    }
  self->searched = g_strdup (text);
  self->search_cancellable = g_cancellable_new ();
  ts_api_client_search_patrons_async (self->client, text, MAX_FOUND, 0, self->search_cancellable, ts_api_answered,
                                      ts_api_call (self, patrons_found));
}

static void
choose (TsPatronPicker *self,
        JsonObject     *patron)
{
  gboolean changed = self->patron == NULL
                     || json_object_get_int_member_with_default (self->patron, "id", 0)
                        != json_object_get_int_member_with_default (patron, "id", 0);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  json_object_ref (patron);
  g_clear_pointer (&self->patron, json_object_unref);
  self->patron = patron;
  /* the keyboard stays in the picker while the rows go; what is chosen
   * moves it on */
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->results)))
    gtk_widget_grab_focus (GTK_WIDGET (self->search));
  gtk_widget_set_visible (GTK_WIDGET (self->results), FALSE);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATRON]);
  g_signal_emit (self, signals[CHOSEN], 0, self->patron);
}

static void
on_row_activated (TsPatronPicker *self,
                  GtkListBoxRow  *row)
{
  JsonObject *patron = row != NULL ? g_object_get_data (G_OBJECT (row), "patron") : NULL;

  if (patron != NULL)
    choose (self, patron);
}

/* Enter in the search chooses the first patron found. */
static void
on_search_activate (TsPatronPicker *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results, 0);

  if (first != NULL && gtk_widget_get_visible (GTK_WIDGET (self->results)))
    on_row_activated (self, first);
}

/* Down from the search goes into the patrons found, and Up from the first
 * of them back to the search (the keyboard's way through them). */
static gboolean
on_key (TsPatronPicker        *self,
        guint                  keyval,
        guint                  keycode,
        GdkModifierType        state,
        GtkEventControllerKey *controller)
{
  GtkWidget *on = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results, 0);

  if (first == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->results)))
    return FALSE;
  if (on == GTK_WIDGET (self->search) && (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down))
    return gtk_widget_grab_focus (GTK_WIDGET (first));
  if (on == GTK_WIDGET (self->results) && (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
      && gtk_widget_has_focus (GTK_WIDGET (first)))
    return gtk_widget_grab_focus (GTK_WIDGET (self->search));
  return FALSE;
}

/* The picker's focus, and its label's mnemonic, are the search's. */
static gboolean
ts_patron_picker_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (TS_PATRON_PICKER (widget)->search));
}

static gboolean
ts_patron_picker_mnemonic_activate (GtkWidget *widget,
                                    gboolean   group_cycling)
{
  return gtk_widget_grab_focus (widget);
}

static void
ts_patron_picker_dispose (GObject *object)
{
  TsPatronPicker *self = TS_PATRON_PICKER (object);

  cancel_search (self);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_PATRON_PICKER);
  G_OBJECT_CLASS (ts_patron_picker_parent_class)->dispose (object);
}

static void
ts_patron_picker_finalize (GObject *object)
{
  TsPatronPicker *self = TS_PATRON_PICKER (object);

  g_clear_pointer (&self->patron, json_object_unref);
  g_free (self->searched);
  G_OBJECT_CLASS (ts_patron_picker_parent_class)->finalize (object);
}

static void
ts_patron_picker_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TsPatronPicker *self = TS_PATRON_PICKER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_PATRON:
      g_value_set_boxed (value, self->patron);
      break;
    case PROP_FOUND:
      g_value_set_uint (value, self->found);
      break;
    case PROP_PLACEHOLDER_TEXT:
      /* the entry's property: its accessors are newer than GTK 4.8 */
      g_object_get_property (G_OBJECT (self->search), "placeholder-text", value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_patron_picker_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TsPatronPicker *self = TS_PATRON_PICKER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      ts_patron_picker_set_client (self, g_value_get_object (value));
      break;
    case PROP_PLACEHOLDER_TEXT:
      g_object_set_property (G_OBJECT (self->search), "placeholder-text", value);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_patron_picker_class_init (TsPatronPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_patron_picker_dispose;
  object_class->finalize = ts_patron_picker_finalize;
  object_class->get_property = ts_patron_picker_get_property;
  object_class->set_property = ts_patron_picker_set_property;
  widget_class->grab_focus = ts_patron_picker_grab_focus;
  widget_class->mnemonic_activate = ts_patron_picker_mnemonic_activate;

  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, TS_TYPE_API_CLIENT,
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATRON] = g_param_spec_boxed ("patron", NULL, NULL, JSON_TYPE_OBJECT,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOUND] = g_param_spec_uint ("found", NULL, NULL, 0, G_MAXUINT, 0,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLACEHOLDER_TEXT] = g_param_spec_string ("placeholder-text", NULL, NULL, NULL,
                                                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                                           | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, JSON_TYPE_OBJECT | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-patron-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, TsPatronPicker, box);
  gtk_widget_class_bind_template_child (widget_class, TsPatronPicker, search);
  gtk_widget_class_bind_template_child (widget_class, TsPatronPicker, results);
  gtk_widget_class_bind_template_child (widget_class, TsPatronPicker, status);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
ts_patron_picker_init (TsPatronPicker *self)
{
  GtkWidget *targets[2];

  gtk_widget_init_template (GTK_WIDGET (self));
  targets[0] = GTK_WIDGET (self->search);
  targets[1] = GTK_WIDGET (self->results);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      GtkEventController *keys = gtk_event_controller_key_new ();

      gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
      g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_key), self);
      gtk_widget_add_controller (targets[i], keys);
    }
}

TsPatronPicker *
ts_patron_picker_new (TsApiClient *client)
{
  return g_object_new (TS_TYPE_PATRON_PICKER, "client", client, NULL);
}

void
ts_patron_picker_set_client (TsPatronPicker *self,
                             TsApiClient    *client)
{
  g_return_if_fail (TS_IS_PATRON_PICKER (self));
  g_return_if_fail (client == NULL || TS_IS_API_CLIENT (client));

  if (g_set_object (&self->client, client))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

JsonObject *
ts_patron_picker_get_patron (TsPatronPicker *self)
{
  g_return_val_if_fail (TS_IS_PATRON_PICKER (self), NULL);

  return self->patron;
}

gint64
ts_patron_picker_get_patron_id (TsPatronPicker *self)
{
  g_return_val_if_fail (TS_IS_PATRON_PICKER (self), 0);

  return self->patron != NULL ? json_object_get_int_member_with_default (self->patron, "id", 0) : 0;
}

guint
ts_patron_picker_get_found (TsPatronPicker *self)
{
  g_return_val_if_fail (TS_IS_PATRON_PICKER (self), 0);

  return self->found;
}

char *
ts_patron_picker_display_name (JsonObject *patron)
{
  const char *first = json_object_get_string_member_with_default (patron, "first_name", NULL);
  const char *last = json_object_get_string_member_with_default (patron, "last_name", NULL);
  const char *company = json_object_get_string_member_with_default (patron, "company", NULL);

  if (first != NULL && *first != '\0' && last != NULL)
    return g_strdup_printf ("%s %s", first, last);
  return g_strdup (last != NULL && *last != '\0' ? last : company != NULL ? company : "");
}

void
ts_patron_picker_clear (TsPatronPicker *self)
{
  g_return_if_fail (TS_IS_PATRON_PICKER (self));

  ts_patron_picker_clear_search (self);
  if (self->patron != NULL)
    {
      g_clear_pointer (&self->patron, json_object_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATRON]);
    }
}

void
ts_patron_picker_clear_search (TsPatronPicker *self)
{
  g_return_if_fail (TS_IS_PATRON_PICKER (self));

  cancel_search (self);
  gtk_editable_set_text (GTK_EDITABLE (self->search), "");
  remove_rows (self);
  set_status (self, NULL, FALSE);
}

void
_ts_patron_picker_search (TsPatronPicker *self,
                          const char     *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search), text);
  on_search_changed (self);
}

guint
_ts_patron_picker_get_answers (TsPatronPicker *self)
{
  return self->answers;
}

gboolean
_ts_patron_picker_choose (TsPatronPicker *self,
                          guint           index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->results, (int) index);

  if (row == NULL)
    return FALSE;
  g_signal_emit_by_name (self->results, "row-activated", row);
  return TRUE;
}

gboolean
_ts_patron_picker_choose_id (TsPatronPicker *self,
                             gint64          patron_id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->results)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      JsonObject *patron = g_object_get_data (G_OBJECT (row), "patron");

      if (patron != NULL && json_object_get_int_member_with_default (patron, "id", 0) == patron_id)
        {
          g_signal_emit_by_name (self->results, "row-activated", row);
          return TRUE;
        }
    }
  return FALSE;
}

const char *
_ts_patron_picker_get_status (TsPatronPicker *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->status)) ? gtk_label_get_text (self->status) : "";
}
