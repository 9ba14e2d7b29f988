/* ts-main-window.c — sections by level (C4), and the administration entry
 * points: the outlet list for the Master User, the own outlet's preferences
 * for an Outlet Administrator (C7), employees */
#include <glib/gi18n.h>

#include "ts-connection-banner.h"
#include "ts-employees-dialog.h"
#include "ts-outlet-list-window.h"
#include "ts-outlet-preferences-dialog.h"
#include "ts-password-dialog.h"
#include "ts-patrons-page.h"
#include "ts-reports-page.h"
#include "ts-order-window.h"
#include "ts-sales-page.h"
#include "ts-scan-window.h"
#include "ts-season-page.h"
#include "ts-sections.h"
#include "ts-maps-page.h"
#include "ts-system-settings-dialog.h"
#include "ts-window-state.h"
#include "ts-main-window.h"

struct _TsMainWindow
{
  GtkApplicationWindow parent_instance;

  GtkLabel    *title_label;
  GtkLabel    *subtitle_label;
  GtkStack    *stack;
  GMenu       *setup_section;
  TsConnectionBanner *banner;

  TsApiClient *client;
  GPtrArray   *section_ids;
};

G_DEFINE_FINAL_TYPE (TsMainWindow, ts_main_window, GTK_TYPE_APPLICATION_WINDOW)

enum { PROP_0, PROP_SECTIONS, N_PROPS };
static GParamSpec *properties[N_PROPS];

static GtkWidget *
page_box (const char *title,
          const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *body = gtk_label_new (text);

  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 32);
  gtk_widget_set_margin_end (box, 32);
  gtk_widget_add_css_class (heading, "section-title");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (body), 70);
  gtk_widget_add_css_class (body, "dim-label");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), body);
  return box;
}

static GtkWidget *
action_button (const char *label,
               const char *description,
               const char *action)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *button = gtk_button_new_with_mnemonic (label);
  GtkWidget *text = gtk_label_new (description);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_size_request (button, 200, -1);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 70);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_add_css_class (text, "dim-label");
  gtk_box_append (GTK_BOX (row), button);
  gtk_box_append (GTK_BOX (row), text);
  return row;
}

/* After a sale the order opens in its own window, to print or change it. */
static void
open_order (TsSalesPage  *page,
            gint64        order_id,
            TsMainWindow *self)
{
  TsOrderWindow *window = ts_order_window_new (self->client, order_id);

  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (window));
}

static GtkWidget *
make_sales_page (TsMainWindow *self)
{
  TsSalesPage *page = ts_sales_page_new (self->client);

  g_signal_connect_object (page, "open-order", G_CALLBACK (open_order), self, 0);
  return GTK_WIDGET (page);
}

static GtkWidget *
make_page (TsMainWindow *self,
           TsSection     section)
{
  TsLevel level = ts_api_client_get_level (self->client);
  GtkWidget *page;

  switch (section)
    {
    case TS_SECTION_SALES:
      return make_sales_page (self);
    case TS_SECTION_PATRONS:
      return GTK_WIDGET (ts_patrons_page_new (self->client));
    case TS_SECTION_EVENTS:
      return GTK_WIDGET (ts_season_page_new (self->client));
    case TS_SECTION_REPORTS:
      return GTK_WIDGET (ts_reports_page_new (self->client));
    case TS_SECTION_ADMINISTRATION:
    default:
      page = page_box (_("Administration"),
                       level == TS_LEVEL_MASTER
                       ? _("You are the Master User: you administer every outlet of the consortium.")
                       : _("Your outlet’s company preferences and employees."));
      if (level == TS_LEVEL_MASTER)
        {
          gtk_box_append (GTK_BOX (page), action_button (_("_Outlets…"),
                                                         _("Add outlets, and edit any outlet’s preferences and employees."),
                                                         "win.outlet-list"));
          gtk_box_append (GTK_BOX (page), action_button (_("System _Settings…"),
                                                         _("The licence count: how many outlets the consortium may have."),
                                                         "win.system-settings"));
        }
      else
        {
          gtk_box_append (GTK_BOX (page), action_button (_("Outlet _Preferences…"),
                                                         _("Identity and logo, time zone, payment methods, receipts, holds and the web storefront."),
                                                         "win.outlet-preferences"));
          gtk_box_append (GTK_BOX (page), action_button (_("_Employees…"),
                                                         _("Add, edit, lock and unlock your outlet’s employees."),
                                                         "win.employees"));
        }
      return page;
    }
}

/* A section's page is made the first time it is shown, inside a stack of
 * one that holds its place among the sections: a session on a terminal
 * server pays for the pages its agent opens, not for every page of the
 * level (bench/bench-client-memory). */
#define SECTION_KEY "ts-section"

static void
ensure_page (TsMainWindow *self)
{
  GtkWidget *holder = gtk_stack_get_visible_child (self->stack);
  TsSection section;
  GtkWidget *page;

  if (holder == NULL || gtk_widget_get_first_child (holder) != NULL)
    return;
  section = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (holder), SECTION_KEY));
  if (section == 0)
    return;
  page = make_page (self, section);
  gtk_stack_add_child (GTK_STACK (holder), page);
}

static void
build_sections (TsMainWindow *self)
{
  TsLevel level = ts_api_client_get_level (self->client);
  guint sections = ts_sections_for_level (level);

  for (guint i = 0; i < TS_N_SECTIONS; i++)
    {
      TsSection section = 1 << i;
      GtkWidget *holder;
      GtkStackPage *page;

      if (!(sections & section))
        continue;
      /* a stack of one: the page is measured and laid out as a child of
       * the main stack would be */
      holder = gtk_stack_new ();
      g_object_set_data (G_OBJECT (holder), SECTION_KEY, GUINT_TO_POINTER (section));
      page = gtk_stack_add_titled (self->stack, holder, ts_section_id (section), ts_section_title (section));
      gtk_stack_page_set_icon_name (page, ts_section_icon (section));
      g_ptr_array_add (self->section_ids, g_strdup (ts_section_id (section)));
    }
  if (sections == 0)
    gtk_stack_add_titled (self->stack,
                          page_box (_("Scanning"),
                                    _("Your level lets you validate tickets only: open Door Scanning from the main menu.")),
                          "scanner", _("Scanning"));
  /* the first section now, the others when chosen */
  ensure_page (self);
  g_signal_connect_swapped (self->stack, "notify::visible-child", G_CALLBACK (ensure_page), self);
}

static void
outlet_list_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TsMainWindow *self = TS_MAIN_WINDOW (widget);
  TsOutletListWindow *list = ts_outlet_list_window_new (GTK_WINDOW (self), self->client);

  gtk_window_present (GTK_WINDOW (list));
}

/* C7: the Master User picks an outlet from the list; an administrator goes
 * straight to his own outlet's preferences. */
static void
outlet_preferences_activated (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  TsMainWindow *self = TS_MAIN_WINDOW (widget);

  if (ts_api_client_get_level (self->client) == TS_LEVEL_MASTER)
    {
      outlet_list_activated (widget, action_name, parameter);
      return;
    }
  gtk_window_present (GTK_WINDOW (ts_outlet_preferences_dialog_new (GTK_WINDOW (self), self->client,
                                                                    ts_api_client_get_outlet_id (self->client))));
}

static void
employees_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TsMainWindow *self = TS_MAIN_WINDOW (widget);

  if (ts_api_client_get_level (self->client) == TS_LEVEL_MASTER)
    {
      outlet_list_activated (widget, action_name, parameter);
      return;
    }
  gtk_window_present (GTK_WINDOW (ts_employees_dialog_new (GTK_WINDOW (self), self->client,
                                                           ts_api_client_get_outlet_id (self->client),
                                                           ts_api_client_get_outlet_name (self->client))));
}

static void
system_settings_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  TsMainWindow *self = TS_MAIN_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (ts_system_settings_dialog_new (GTK_WINDOW (self), self->client)));
}

/* "win.door-scanning": this workstation becomes a door (F4: Scanner and
 * up, of an outlet: the Master User has no events of its own to admit to). */
static void
door_scanning_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  TsMainWindow *self = TS_MAIN_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (ts_scan_window_new (gtk_window_get_application (GTK_WINDOW (self)), self->client)));
}

static void
change_password_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  TsMainWindow *self = TS_MAIN_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (ts_password_dialog_new (GTK_WINDOW (self), self->client)));
}

/* What the level allows, and only while the server can be reached: the
 * banner says why the rest is greyed out. */
static void
update_actions (TsMainWindow *self)
{
  TsLevel level = ts_api_client_get_level (self->client);
  gboolean up = ts_api_client_get_reachable (self->client);
  gboolean admin = level >= TS_LEVEL_ADMIN;

  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), up);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.outlet-list", up && level == TS_LEVEL_MASTER);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.outlet-preferences", up && admin);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.employees", up && admin);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.system-settings", up && level == TS_LEVEL_MASTER);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.change-password", up);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.door-scanning",
                                 up && level >= TS_LEVEL_SCANNER && level != TS_LEVEL_MASTER);
}

static void
ts_main_window_dispose (GObject *object)
{
  TsMainWindow *self = TS_MAIN_WINDOW (object);

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  /* no page made while the stack empties */
  if (self->stack != NULL)
    g_signal_handlers_disconnect_by_data (self->stack, self);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_MAIN_WINDOW);
  G_OBJECT_CLASS (ts_main_window_parent_class)->dispose (object);
}

static void
ts_main_window_finalize (GObject *object)
{
  TsMainWindow *self = TS_MAIN_WINDOW (object);

  g_ptr_array_unref (self->section_ids);
  G_OBJECT_CLASS (ts_main_window_parent_class)->finalize (object);
}

/* "win.show-section" ("s"): as a person choosing it in the sidebar; an id
 * not shown to this level does nothing. */
static void
show_section_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TsMainWindow *self = TS_MAIN_WINDOW (widget);
  const char *section_id = g_variant_get_string (parameter, NULL);

  if (gtk_stack_get_child_by_name (self->stack, section_id) != NULL)
    gtk_stack_set_visible_child_name (self->stack, section_id);
}

static void
ts_main_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TsMainWindow *self = TS_MAIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SECTIONS:
      {
        GStrvBuilder *builder = g_strv_builder_new ();

        for (guint i = 0; i < self->section_ids->len; i++)
          g_strv_builder_add (builder, g_ptr_array_index (self->section_ids, i));
        g_value_take_boxed (value, g_strv_builder_end (builder));
        g_strv_builder_unref (builder);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_main_window_class_init (TsMainWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_main_window_dispose;
  object_class->finalize = ts_main_window_finalize;
  object_class->get_property = ts_main_window_get_property;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-main-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TsMainWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, TsMainWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, TsMainWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TsMainWindow, setup_section);
  gtk_widget_class_bind_template_child (widget_class, TsMainWindow, banner);

  gtk_widget_class_install_action (widget_class, "win.outlet-list", NULL, outlet_list_activated);
  gtk_widget_class_install_action (widget_class, "win.outlet-preferences", NULL, outlet_preferences_activated);
  gtk_widget_class_install_action (widget_class, "win.employees", NULL, employees_activated);
  gtk_widget_class_install_action (widget_class, "win.system-settings", NULL, system_settings_activated);
  gtk_widget_class_install_action (widget_class, "win.change-password", NULL, change_password_activated);
  gtk_widget_class_install_action (widget_class, "win.door-scanning", NULL, door_scanning_activated);
  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_activated);

  /* The ids of the sections this level is shown ("sales", …), in order (C4). */
  properties[PROP_SECTIONS] = g_param_spec_boxed ("sections", NULL, NULL, G_TYPE_STRV,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ts_main_window_init (TsMainWindow *self)
{
  self->section_ids = g_ptr_array_new_with_free_func (g_free);
  g_type_ensure (TS_TYPE_CONNECTION_BANNER);
  gtk_widget_init_template (GTK_WIDGET (self));
}

TsMainWindow *
ts_main_window_new (GtkApplication *application,
                    TsApiClient    *client)
{
  TsMainWindow *self = g_object_new (TS_TYPE_MAIN_WINDOW, "application", application, NULL);
  TsLevel level = ts_api_client_get_level (client);
  gboolean admin = level >= TS_LEVEL_ADMIN;
  g_autofree char *subtitle = NULL;

  self->client = g_object_ref (client);
  gtk_label_set_text (self->title_label,
                      level == TS_LEVEL_MASTER ? _("Tessera — Consortium") : ts_api_client_get_outlet_name (client));
  subtitle = g_strdup_printf ("%s · %s", ts_api_client_get_display_name (client), ts_level_display_name (level));
  gtk_label_set_text (self->subtitle_label, subtitle);
  update_actions (self);
  ts_connection_banner_set_client (self->banner, client);
  g_signal_connect_swapped (client, "notify::reachable", G_CALLBACK (update_actions), self);
  /* a Setup menu of greyed-out items would only tease */
  if (!admin)
    g_menu_remove_all (self->setup_section);
  build_sections (self);
  /* the size and the Sales page's panes as this workstation last left them */
  ts_window_state_track (GTK_WINDOW (self), "main");
  return self;
}

TsApiClient *
ts_main_window_get_client (TsMainWindow *self)
{
  return self->client;
}
