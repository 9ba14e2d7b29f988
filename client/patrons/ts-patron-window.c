/* ts-patron-window.c — the patron record: the patron's name, one tab per kind
 * of data, and the message line under them
 *
 * The window loads the patron (names and contact points, shared by every
 * outlet) and hands each tab (TsPatronTab subclasses, one file each) its
 * client and patron; the tabs load this outlet's own rows themselves (P4).
 * A write in any tab reloads the whole record, since it may show in several
 * tabs.  The History tab is for the Administrator and up. */
#include <glib/gi18n.h>

#include "ts-api-call.h"
#include "ts-api-patrons.h"
#include "ts-patron-contact-tab.h"
#include "ts-patron-donations-tab.h"
#include "ts-patron-history-tab.h"
#include "ts-patron-mailing-lists-tab.h"
#include "ts-patron-memberships-tab.h"
#include "ts-patron-notes-tab.h"
#include "ts-patron-orders-tab.h"
#include "ts-patron-partners-tab.h"
#include "ts-patron-preferences-tab.h"
#include "ts-patron-tags-tab.h"
#include "ts-patron-vouchers-tab.h"
#include "ts-patron-window.h"
#include "ts-window-state.h"
#include "ts-patron-window-private.h"

struct _TsPatronWindow
{
  GtkWindow    parent_instance;

  GtkLabel    *name_label;
  GtkLabel    *message_label;
  GtkNotebook *notebook;
  TsPatronTab *contact_tab;
  TsPatronTab *orders_tab;
  TsPatronTab *vouchers_tab;
  TsPatronTab *notes_tab;
  TsPatronTab *tags_tab;
  TsPatronTab *donations_tab;
  TsPatronTab *memberships_tab;
  TsPatronTab *preferences_tab;
  TsPatronTab *partners_tab;
  TsPatronTab *mailing_lists_tab;
  TsPatronTab *history_tab;

  TsApiClient *client;
  GCancellable *cancellable;
  gint64       patron_id;
  JsonNode    *patron;
  gboolean     loaded;
};

G_DEFINE_FINAL_TYPE (TsPatronWindow, ts_patron_window, GTK_TYPE_WINDOW)

enum { PROP_0, PROP_LOADED, PROP_MESSAGE, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* The tabs by name, in the order they load. */
static const struct
{
  const char *name;
  gsize       offset;
} tabs[] = {
  { "contact", G_STRUCT_OFFSET (TsPatronWindow, contact_tab) },
  { "orders", G_STRUCT_OFFSET (TsPatronWindow, orders_tab) },
  { "vouchers", G_STRUCT_OFFSET (TsPatronWindow, vouchers_tab) },
  { "notes", G_STRUCT_OFFSET (TsPatronWindow, notes_tab) },
  { "tags", G_STRUCT_OFFSET (TsPatronWindow, tags_tab) },
  { "donations", G_STRUCT_OFFSET (TsPatronWindow, donations_tab) },
  { "memberships", G_STRUCT_OFFSET (TsPatronWindow, memberships_tab) },
  { "preferences", G_STRUCT_OFFSET (TsPatronWindow, preferences_tab) },
  { "partners", G_STRUCT_OFFSET (TsPatronWindow, partners_tab) },
  { "mailing-lists", G_STRUCT_OFFSET (TsPatronWindow, mailing_lists_tab) },
  { "history", G_STRUCT_OFFSET (TsPatronWindow, history_tab) },
};

static TsPatronTab *
tab_at (TsPatronWindow *self,
        guint           i)
{
  return G_STRUCT_MEMBER (TsPatronTab *, self, tabs[i].offset);
}

static gboolean
is_administrator (TsPatronWindow *self)
{
  return ts_api_client_get_level (self->client) >= TS_LEVEL_ADMIN;
}

static void
set_message (TsPatronWindow *self,
             const char     *text)
{
  if (g_strcmp0 (gtk_label_get_text (self->message_label), text ? text : "") == 0)
    return;
  gtk_label_set_text (self->message_label, text ? text : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static const char *
member_or_empty (JsonObject *object,
                 const char *member)
{
  const char *value = json_object_get_string_member_with_default (object, member, NULL);

  return value ? value : "";
}

/* The name the reservation dialog shows: the person's, else the company's. */
static char *
patron_display_name (TsPatronWindow *self)
{
  JsonObject *patron = json_node_get_object (self->patron);
  g_autofree char *name = NULL;

  name = g_strdup_printf ("%s %s", member_or_empty (patron, "first_name"), member_or_empty (patron, "last_name"));
  g_strstrip (name);
  return g_strdup (*name != '\0' ? name : member_or_empty (patron, "company"));
}

static void
patron_loaded (gpointer      owner,
               JsonNode     *answer,
               const GError *error)
{
  TsPatronWindow *self = owner;
  JsonObject *patron;
  g_autofree char *name = NULL;
  g_autofree char *display_name = NULL;

  if (answer == NULL)
    {
      set_message (self, error->message);
      return;
    }
  g_clear_pointer (&self->patron, json_node_unref);
  self->patron = json_node_ref (answer);
  patron = json_node_get_object (answer);
  name = g_strdup_printf ("%s %s%s%s  #%" G_GINT64_FORMAT,
                          member_or_empty (patron, "first_name"), member_or_empty (patron, "last_name"),
                          *member_or_empty (patron, "company") ? " — " : "", member_or_empty (patron, "company"),
                          self->patron_id);
  gtk_label_set_text (self->name_label, g_strstrip (name));
  gtk_window_set_title (GTK_WINDOW (self), gtk_label_get_text (self->name_label));
  ts_patron_contact_tab_show_patron (TS_PATRON_CONTACT_TAB (self->contact_tab), patron);
  display_name = patron_display_name (self);
  ts_patron_vouchers_tab_set_patron_name (TS_PATRON_VOUCHERS_TAB (self->vouchers_tab), display_name);
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
}

static void
reload (TsPatronWindow *self)
{
  ts_api_client_get_patron_async (self->client, self->patron_id, self->cancellable, ts_api_answered,
                                  ts_api_call (self, patron_loaded));
  for (guint i = 0; i < G_N_ELEMENTS (tabs); i++)
    if (tab_at (self, i) != self->history_tab || is_administrator (self))
      ts_patron_tab_reload (tab_at (self, i));
}

static void
on_tab_message (TsPatronWindow *self,
                const char     *text,
                TsPatronTab    *tab)
{
  set_message (self, text);
}

static void
on_tab_saved (TsPatronWindow *self,
              TsPatronTab    *tab)
{
  reload (self);
}

/* A voucher reserved is a new order of this outlet's. */
static void
on_voucher_reserved (TsPatronWindow *self,
                     TsPatronTab    *tab)
{
  ts_patron_tab_reload (self->orders_tab);
}

static void
show_tab_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TsPatronWindow *self = TS_PATRON_WINDOW (widget);
  TsPatronTab *tab = _ts_patron_window_get_tab (self, g_variant_get_string (parameter, NULL));
  int page = tab != NULL ? gtk_notebook_page_num (self->notebook, GTK_WIDGET (tab)) : -1;

  if (page >= 0 && gtk_widget_get_visible (GTK_WIDGET (tab)))
    gtk_notebook_set_current_page (self->notebook, page);
}

static void
ts_patron_window_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TsPatronWindow *self = TS_PATRON_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, gtk_label_get_text (self->message_label));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_patron_window_dispose (GObject *object)
{
  TsPatronWindow *self = TS_PATRON_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->patron, json_node_unref);
  G_OBJECT_CLASS (ts_patron_window_parent_class)->dispose (object);
}

static void
ts_patron_window_class_init (TsPatronWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ts_patron_window_get_property;
  object_class->dispose = ts_patron_window_dispose;

  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, "",
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TS_TYPE_PATRON_CONTACT_TAB);
  g_type_ensure (TS_TYPE_PATRON_ORDERS_TAB);
  g_type_ensure (TS_TYPE_PATRON_VOUCHERS_TAB);
  g_type_ensure (TS_TYPE_PATRON_NOTES_TAB);
  g_type_ensure (TS_TYPE_PATRON_TAGS_TAB);
  g_type_ensure (TS_TYPE_PATRON_DONATIONS_TAB);
  g_type_ensure (TS_TYPE_PATRON_MEMBERSHIPS_TAB);
  g_type_ensure (TS_TYPE_PATRON_PREFERENCES_TAB);
  g_type_ensure (TS_TYPE_PATRON_PARTNERS_TAB);
  g_type_ensure (TS_TYPE_PATRON_MAILING_LISTS_TAB);
  g_type_ensure (TS_TYPE_PATRON_HISTORY_TAB);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-patron-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TsPatronWindow, name_label);
  gtk_widget_class_bind_template_child (widget_class, TsPatronWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, TsPatronWindow, notebook);
  gtk_widget_class_bind_template_child (widget_class, TsPatronWindow, contact_tab);
  gtk_widget_class_bind_template_child (widget_class, TsPatronWindow, orders_tab);
  gtk_widget_class_bind_template_child (widget_class, TsPatronWindow, vouchers_tab);
  gtk_widget_class_bind_template_child (widget_class, TsPatronWindow, notes_tab);
  gtk_widget_class_bind_template_child (widget_class, TsPatronWindow, tags_tab);
  gtk_widget_class_bind_template_child (widget_class, TsPatronWindow, donations_tab);
  gtk_widget_class_bind_template_child (widget_class, TsPatronWindow, memberships_tab);
  gtk_widget_class_bind_template_child (widget_class, TsPatronWindow, preferences_tab);
  gtk_widget_class_bind_template_child (widget_class, TsPatronWindow, partners_tab);
  gtk_widget_class_bind_template_child (widget_class, TsPatronWindow, mailing_lists_tab);
  gtk_widget_class_bind_template_child (widget_class, TsPatronWindow, history_tab);
  gtk_widget_class_bind_template_callback (widget_class, on_tab_message);
  gtk_widget_class_bind_template_callback (widget_class, on_tab_saved);
  gtk_widget_class_bind_template_callback (widget_class, on_voucher_reserved);
  gtk_widget_class_install_action (widget_class, "patron.show-tab", "s", show_tab_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ts_patron_window_init (TsPatronWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

TsPatronWindow *
ts_patron_window_new (GtkWindow   *parent,
                      TsApiClient *client,
                      gint64       patron_id)
{
  TsPatronWindow *self = g_object_new (TS_TYPE_PATRON_WINDOW, "transient-for", parent, NULL);

  /* one of the session's windows: the application's shortcuts (Open
   * Order…) work in it too */
  if (parent != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));

  self->client = g_object_ref (client);
  self->patron_id = patron_id;
  for (guint i = 0; i < G_N_ELEMENTS (tabs); i++)
    ts_patron_tab_set_record (tab_at (self, i), client, patron_id);
  gtk_widget_set_visible (GTK_WIDGET (self->history_tab), is_administrator (self));
  reload (self);
  ts_window_state_track (GTK_WINDOW (self), "patron");
  return self;
}

TsPatronTab *
_ts_patron_window_get_tab (TsPatronWindow *self,
                           const char     *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (tabs); i++)
    if (g_strcmp0 (tabs[i].name, name) == 0)
      return tab_at (self, i);
  return NULL;
}
