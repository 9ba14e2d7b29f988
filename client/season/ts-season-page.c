/* ts-season-page.c — season setup in six tabs: events (and the chosen
 * event's performances), ticket types, commission tables, ticket faces,
 * partner companies and theatre maps
 *
 * Each tab is a type of its own (TsSeasonTab subclasses, and TsMapsPage);
 * the page gives them the outlet whose season they show (E1: the signed-in
 * one's, or for the Master User the one chosen at the top), says whether it
 * may be changed (C4: Box Office Manager and up, else read-only), shows
 * their messages, and loads the ticket types after the commission tables
 * they name. */
#include <glib/gi18n.h>

#include "ts-api-call.h"
#include "ts-faces-tab.h"
#include "ts-maps-page.h"
#include "ts-partners-tab.h"
#include "ts-season-commission-tab.h"
#include "ts-season-common.h"
#include "ts-season-events-tab.h"
#include "ts-season-ticket-types-tab.h"
#include "ts-season-page.h"
#include "ts-season-page-private.h"

struct _TsSeasonPage
{
  GtkBox          parent_instance;

  GtkWidget      *outlet_chooser;      /* the Master User's choice of outlet */
  GtkDropDown    *outlet_dropdown;
  GtkWidget      *read_only_label;
  GtkStack       *stack;
  GtkWidget      *switcher;
  GtkLabel       *message_label;
  TsSeasonTab    *events_tab;
  TsSeasonTab    *ticket_types_tab;
  TsSeasonTab    *commission_tab;
  TsSeasonTab    *faces_tab;
  TsSeasonTab    *partners_tab;
  TsMapsPage     *maps_page;

  TsApiClient    *client;
  GCancellable   *cancellable;
  gint64          outlet_id;
  guint           pending;             /* the page's own requests under way */
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (TsSeasonPage, ts_season_page, GTK_TYPE_BOX)

enum { PROP_0, PROP_BUSY, PROP_MESSAGE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static TsSeasonTab *
season_tab (TsSeasonPage *self,
            guint         i)
{
  TsSeasonTab *tabs[] = { self->events_tab, self->ticket_types_tab, self->commission_tab, self->faces_tab,
                           self->partners_tab };

  return i < G_N_ELEMENTS (tabs) ? tabs[i] : NULL;
}

static void
update_busy (TsSeasonPage *self)
{
  gboolean busy = self->pending > 0;

  for (guint i = 0; season_tab (self, i) != NULL; i++)
    busy = busy || ts_season_tab_is_busy (season_tab (self, i));
  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_message (TsSeasonPage *self,
             const char   *text)
{
  if (g_strcmp0 (gtk_label_get_text (self->message_label), text ? text : "") == 0)
    return;
  gtk_label_set_text (self->message_label, text ? text : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static void
on_tab_message (TsSeasonPage *self,
                const char   *text,
                TsSeasonTab  *tab)
{
  set_message (self, text);
}

static void
on_tab_busy (TsSeasonPage *self)
{
  update_busy (self);
}

static void
reload_pricing (TsSeasonPage *self)
{
  ts_season_tab_reload (self->commission_tab);
}

/* The ticket types name their commission tables: they load after them. */
static void
on_tables_loaded (TsSeasonPage *self)
{
  GListModel *tables = ts_season_commission_tab_get_tables (TS_SEASON_COMMISSION_TAB (self->commission_tab));

  ts_season_ticket_types_tab_set_commission_tables (TS_SEASON_TICKET_TYPES_TAB (self->ticket_types_tab), tables);
  ts_season_tab_reload (self->ticket_types_tab);
}

static void
on_pricing_saved (TsSeasonPage *self)
{
  reload_pricing (self);
}

static void
reload (TsSeasonPage *self)
{
  if (self->outlet_id == 0)
    return;
  ts_season_tab_reload (self->events_tab);
  reload_pricing (self);
  ts_season_tab_reload (self->faces_tab);
  ts_season_tab_reload (self->partners_tab);
  ts_maps_page_reload (self->maps_page);
}

static void
reload_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  reload (TS_SEASON_PAGE (widget));
}

static void
show_tab_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TsSeasonPage *self = TS_SEASON_PAGE (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (gtk_stack_get_child_by_name (self->stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->stack, name);
}

/* The Master User sets up any outlet's season, one at a time. */
static void
on_outlet_chosen (TsSeasonPage *self)
{
  gint64 id = ts_season_drop_down_get_id (self->outlet_dropdown);

  if (id == 0 || id == self->outlet_id)
    return;
  self->outlet_id = id;
  for (guint i = 0; season_tab (self, i) != NULL; i++)
    ts_season_tab_set_outlet (season_tab (self, i), id);
  set_message (self, NULL);
  reload (self);
}

static void
outlets_loaded (gpointer      owner,
                JsonNode     *answer,
                const GError *error)
{
  TsSeasonPage *self = owner;

  self->pending--;
  if (error != NULL)
    set_message (self, error->message);
  else
    {
      ts_season_drop_down_fill (self->outlet_dropdown,
                                json_object_get_array_member (json_node_get_object (answer), "outlets"), NULL, 0);
      on_outlet_chosen (self);
    }
  /* after the tabs' loads have started: never idle in between */
  update_busy (self);
}

static void
ts_season_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TsSeasonPage *self = TS_SEASON_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, gtk_label_get_text (self->message_label));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_season_page_dispose (GObject *object)
{
  TsSeasonPage *self = TS_SEASON_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (ts_season_page_parent_class)->dispose (object);
}

static void
ts_season_page_class_init (TsSeasonPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ts_season_page_get_property;
  object_class->dispose = ts_season_page_dispose;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, "",
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TS_TYPE_SEASON_EVENTS_TAB);
  g_type_ensure (TS_TYPE_SEASON_TICKET_TYPES_TAB);
  g_type_ensure (TS_TYPE_SEASON_COMMISSION_TAB);
  g_type_ensure (TS_TYPE_FACES_TAB);
  g_type_ensure (TS_TYPE_PARTNERS_TAB);
  g_type_ensure (TS_TYPE_MAPS_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-season-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TsSeasonPage, outlet_chooser);
  gtk_widget_class_bind_template_child (widget_class, TsSeasonPage, outlet_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsSeasonPage, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, TsSeasonPage, stack);
  gtk_widget_class_bind_template_child (widget_class, TsSeasonPage, switcher);
  gtk_widget_class_bind_template_child (widget_class, TsSeasonPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, TsSeasonPage, events_tab);
  gtk_widget_class_bind_template_child (widget_class, TsSeasonPage, ticket_types_tab);
  gtk_widget_class_bind_template_child (widget_class, TsSeasonPage, commission_tab);
  gtk_widget_class_bind_template_child (widget_class, TsSeasonPage, faces_tab);
  gtk_widget_class_bind_template_child (widget_class, TsSeasonPage, partners_tab);
  gtk_widget_class_bind_template_child (widget_class, TsSeasonPage, maps_page);
  gtk_widget_class_bind_template_callback (widget_class, on_tab_message);
  gtk_widget_class_bind_template_callback (widget_class, on_tab_busy);
  gtk_widget_class_bind_template_callback (widget_class, on_tables_loaded);
  gtk_widget_class_bind_template_callback (widget_class, on_pricing_saved);
  gtk_widget_class_bind_template_callback (widget_class, on_outlet_chosen);
  gtk_widget_class_install_action (widget_class, "season.reload", NULL, reload_activated);
  gtk_widget_class_install_action (widget_class, "season.show-tab", "s", show_tab_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "season.reload", NULL);
}

static void
ts_season_page_init (TsSeasonPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Each tab as wide as its title, not as the widest: six French titles
   * side by side fit the main window's default width that way. */
  {
    GtkLayoutManager *layout = gtk_widget_get_layout_manager (self->switcher);

    if (GTK_IS_BOX_LAYOUT (layout))
      gtk_box_layout_set_homogeneous (GTK_BOX_LAYOUT (layout), FALSE);
  }
  self->cancellable = g_cancellable_new ();
  ts_season_drop_down_init (self->outlet_dropdown, NULL);
}

TsSeasonPage *
ts_season_page_new (TsApiClient *client)
{
  TsSeasonPage *self = g_object_new (TS_TYPE_SEASON_PAGE, NULL);
  TsLevel level = ts_api_client_get_level (client);
  gboolean editable = level >= TS_LEVEL_MANAGER;

  self->client = g_object_ref (client);
  for (guint i = 0; season_tab (self, i) != NULL; i++)
    ts_season_tab_set_client (season_tab (self, i), client, editable);
  ts_maps_page_set_client (self->maps_page, client);
  gtk_widget_set_visible (self->read_only_label, !editable);
  /* F1: faces are the Box Office Manager's and up; below, no tab at all */
  gtk_stack_page_set_visible (gtk_stack_get_page (self->stack, GTK_WIDGET (self->faces_tab)), editable);
  /* K1: partner companies likewise (C4) */
  gtk_stack_page_set_visible (gtk_stack_get_page (self->stack, GTK_WIDGET (self->partners_tab)), editable);
  if (level == TS_LEVEL_MASTER)
    {
      gtk_widget_set_visible (self->outlet_chooser, TRUE);
      self->pending++;
      update_busy (self);
      ts_api_client_get_outlet_directory_async (client, self->cancellable, ts_api_answered,
                                                ts_api_call (self, outlets_loaded));
    }
  else
    {
      self->outlet_id = ts_api_client_get_outlet_id (client);
      for (guint i = 0; season_tab (self, i) != NULL; i++)
        ts_season_tab_set_outlet (season_tab (self, i), self->outlet_id);
      reload (self);
    }
  return self;
}

GtkWidget *
_ts_season_page_get_tab (TsSeasonPage *self,
                         const char   *name)
{
  return gtk_stack_get_child_by_name (self->stack, name);
}
