/* ts-reports-page.c — the Reports section: one frame, the reports listed by section on the left
 *
 * What each level sees follows rule C4, as the server enforces it: Staff
 * run the reports and mailing lists, Walk-up Sales its own till and end of
 * day, Box Office and up every employee's, Box Office Managers and up the
 * accounts between outlets.  The list shows only what the caller may run and
 * says under it what is for higher levels.  The Master User picks the outlet
 * whose reports he reads, since each report is one outlet's (R2).  Each
 * report is a TsReportView; the till and the accounts between outlets are
 * widgets of their own (TsReportsTillTab, TsReportsAccountsTab).  The page
 * loads the outlet directory, hands each the outlet to read, and gives the
 * settlement period the outlet's today once the till knows it. */
#include <glib/gi18n.h>

#include "ts-api-call.h"
#include "ts-list-tab-stop.h"
#include "ts-order-format.h"
#include "ts-reports-accounts-tab.h"
#include "ts-reports-accounts-tab-private.h"
#include "ts-report-catalog.h"
#include "ts-report-view.h"
#include "ts-reports-end-of-day.h"
#include "ts-reports-till-tab.h"
#include "ts-reports-page.h"
#include "ts-reports-page-private.h"

struct _TsReportsPage
{
  GtkWidget      parent_instance;

  GtkWidget     *box;
  GtkWidget     *outlet_box;
  GtkDropDown   *outlet_dropdown;
  GtkLabel      *explanation_label;
  GtkListBox    *report_list;
  GtkStack      *stack;
  TsReportsTillTab *till_tab;
  TsReportsAccountsTab *accounts_tab;
  TsReportsEndOfDay *end_of_day;

  TsApiClient   *client;
  TsLevel        level;
  GCancellable  *cancellable;
  JsonNode      *directory;          /* GET /outlets/directory */
  GPtrArray     *views;              /* TsReportView, one per report listed */
  GArray        *outlet_ids;         /* Master User: the outlet drop-down's */
  guint          pending;            /* the directory */
  gboolean       busy;
};

G_DEFINE_FINAL_TYPE (TsReportsPage, ts_reports_page, GTK_TYPE_WIDGET)

/* The Money section: the widgets of their own, and who may use them (C4). */
static const struct
{
  const char *name;
  const char *title;
  TsLevel     level;
} money[] = {
  { "till",        N_("Till"),             TS_LEVEL_WALKUP },
  { "end-of-day",  N_("End of day"),       TS_LEVEL_WALKUP },
  { "outlets",     N_("Between outlets"),  TS_LEVEL_MANAGER },
};

enum { PROP_0, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static gboolean
is_master (TsReportsPage *self)
{
  return self->level == TS_LEVEL_MASTER;
}

/* The outlet whose books are read: the caller's, or the Master User's pick. */
static gint64
book_outlet (TsReportsPage *self)
{
  guint i;

  if (!is_master (self))
    return ts_api_client_get_outlet_id (self->client);
  i = gtk_drop_down_get_selected (self->outlet_dropdown);
  return i < self->outlet_ids->len ? g_array_index (self->outlet_ids, gint64, i) : 0;
}

static void
update_busy (TsReportsPage *self)
{
  gboolean till_busy, accounts_busy, day_busy, busy;

  g_object_get (self->till_tab, "busy", &till_busy, NULL);
  g_object_get (self->accounts_tab, "busy", &accounts_busy, NULL);
  g_object_get (self->end_of_day, "busy", &day_busy, NULL);
  busy = self->pending > 0 || till_busy || accounts_busy || day_busy;
  for (guint i = 0; i < self->views->len && !busy; i++)
    g_object_get (g_ptr_array_index (self->views, i), "busy", &busy, NULL);
  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
on_tab_busy (TsReportsPage *self)
{
  update_busy (self);
}

/* The settlement period defaults to this month, up to the outlet's today. */
static void
on_till_date (TsReportsPage *self)
{
  g_autofree char *day = NULL;

  g_object_get (self->till_tab, "date", &day, NULL);
  ts_reports_accounts_tab_set_default_period (self->accounts_tab, day);
}

/* The name of the outlet read, for the title of a printed report. */
static const char *
book_outlet_name (TsReportsPage *self)
{
  JsonArray *outlets = NULL;

  if (!is_master (self))
    return ts_api_client_get_outlet_name (self->client);
  if (self->directory != NULL && JSON_NODE_HOLDS_OBJECT (self->directory))
    outlets = json_object_get_array_member (json_node_get_object (self->directory), "outlets");
  for (guint i = 0; outlets != NULL && i < json_array_get_length (outlets); i++)
    if (json_object_get_int_member (json_array_get_object_element (outlets, i), "id") == book_outlet (self))
      return json_object_get_string_member (json_array_get_object_element (outlets, i), "name");
  return "";
}

static void
reload_all (TsReportsPage *self)
{
  for (guint i = 0; i < self->views->len; i++)
    ts_report_view_set_outlet (g_ptr_array_index (self->views, i), self->client, book_outlet (self),
                               book_outlet_name (self));
  if (self->level < TS_LEVEL_WALKUP)
    return;
  ts_reports_till_tab_load (self->till_tab, book_outlet (self));
  ts_reports_end_of_day_load (self->end_of_day, self->client, book_outlet (self), book_outlet_name (self));
  ts_reports_accounts_tab_load (self->accounts_tab, book_outlet (self), self->directory);
}

static void
on_outlet_changed (TsReportsPage *self)
{
  if (self->client != NULL && self->directory != NULL && book_outlet (self) != 0)
    reload_all (self);
}

/* The outlets' names; for the Master User, the outlets to choose from. */
static void
take_directory (TsReportsPage *self,
                JsonNode      *answer,
                const GError  *error)
{
  JsonArray *outlets = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  if (answer == NULL)
    {
      ts_reports_till_tab_show_error (self->till_tab, error->message);
      return;
    }
  self->directory = json_node_ref (answer);
  if (is_master (self))
    {
      if (JSON_NODE_HOLDS_OBJECT (answer))
        outlets = json_object_get_array_member (json_node_get_object (answer), "outlets");
      for (guint i = 0; outlets != NULL && i < json_array_get_length (outlets); i++)
        {
          JsonObject *outlet = json_array_get_object_element (outlets, i);
          gint64 id = json_object_get_int_member (outlet, "id");

          gtk_string_list_append (names, json_object_get_string_member (outlet, "name"));
          g_array_append_val (self->outlet_ids, id);
        }
      /* selecting fires on_outlet_changed, which loads */
      gtk_drop_down_set_model (self->outlet_dropdown, G_LIST_MODEL (names));
      if (self->outlet_ids->len == 0)
        return;
      if (gtk_drop_down_get_selected (self->outlet_dropdown) == 0)
        reload_all (self);
      else
        gtk_drop_down_set_selected (self->outlet_dropdown, 0);
      return;
    }
  reload_all (self);
}

static void
directory_loaded (gpointer      owner,
                  JsonNode     *answer,
                  const GError *error)
{
  TsReportsPage *self = owner;

  self->pending--;
  take_directory (self, answer, error);
  /* after the tabs' loads have started: never idle in between */
  update_busy (self);
}

/* A row of the list: its stack page's name and its section's title. */
static void
add_row (TsReportsPage *self,
         const char    *name,
         const char    *section,
         const char    *title)
{
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_widget_set_name (row, name);
  g_object_set_data (G_OBJECT (row), "section", (gpointer) section);
  gtk_list_box_append (self->report_list, row);
}

/* A section's title over its first row. */
static void
section_header (GtkListBoxRow *row,
                GtkListBoxRow *before,
                gpointer       user_data)
{
  const char *section = g_object_get_data (G_OBJECT (row), "section");
  GtkWidget *header;

  if (before != NULL && g_strcmp0 (section, g_object_get_data (G_OBJECT (before), "section")) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (section);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_set_margin_top (header, before != NULL ? 12 : 4);
  gtk_widget_set_margin_start (header, 6);
  gtk_widget_add_css_class (header, "heading");
  gtk_list_box_row_set_header (row, header);
}

static void
on_view_busy (TsReportsPage *self)
{
  update_busy (self);
}

static void
apply_level (TsReportsPage *self)
{
  guint n;
  const TsReportInfo *reports = ts_report_catalog_list (&n);

  for (guint i = 0; i < n; i++)
    {
      TsReportView *view;

      if (self->level < reports[i].level || (reports[i].takes & TS_REPORT_NOT_LISTED) != 0)
        continue;
      view = ts_report_view_new (reports[i].id);
      g_signal_connect_swapped (view, "notify::busy", G_CALLBACK (on_view_busy), self);
      gtk_stack_add_named (self->stack, GTK_WIDGET (view), reports[i].id);
      g_ptr_array_add (self->views, view);
      add_row (self, reports[i].id, _(reports[i].section), _(reports[i].title));
    }
  for (guint i = 0; i < G_N_ELEMENTS (money); i++)
    if (self->level >= money[i].level)
      add_row (self, money[i].name, _("Money"), _(money[i].title));
  gtk_list_box_set_header_func (self->report_list, section_header, NULL, NULL);

  /* C4: what is for higher levels is said, not listed */
  if (self->level < TS_LEVEL_WALKUP)
    gtk_label_set_text (self->explanation_label,
                        _("The till is for Walk-up Sales and up, and the accounts between outlets for Box Office Managers and up."));
  else if (self->level < TS_LEVEL_MANAGER)
    gtk_label_set_text (self->explanation_label, _("The accounts between outlets are for Box Office Managers and up."));
  gtk_widget_set_visible (GTK_WIDGET (self->explanation_label), self->level < TS_LEVEL_MANAGER);

  gtk_widget_set_visible (self->outlet_box, is_master (self));
  if (self->level >= TS_LEVEL_WALKUP)
    {
      ts_reports_till_tab_set_client (self->till_tab, self->client);
      ts_reports_accounts_tab_set_client (self->accounts_tab, self->client);
    }
  gtk_list_box_select_row (self->report_list, gtk_list_box_get_row_at_index (self->report_list, 0));
}

static void
on_report_selected (TsReportsPage *self,
                    GtkListBoxRow *row)
{
  if (row != NULL)
    gtk_stack_set_visible_child_name (self->stack, gtk_widget_get_name (GTK_WIDGET (row)));
}

static GtkListBoxRow *
row_named (TsReportsPage *self,
           const char    *name)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->report_list, i)) != NULL; i++)
    if (g_str_equal (gtk_widget_get_name (GTK_WIDGET (row)), name))
      return row;
  return NULL;
}

static void
show_tab_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TsReportsPage *self = TS_REPORTS_PAGE (widget);
  GtkListBoxRow *row = row_named (self, g_variant_get_string (parameter, NULL));

  if (row != NULL)
    gtk_list_box_select_row (self->report_list, row);
}

/* Type ------------------------------------------------------------------------------------- */

static void
ts_reports_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, TS_REPORTS_PAGE (object)->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_reports_page_dispose (GObject *object)
{
  TsReportsPage *self = TS_REPORTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->directory, json_node_unref);
  if (self->views != NULL)
    for (guint i = 0; i < self->views->len; i++)
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->views, i), self);
  g_clear_pointer (&self->views, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_REPORTS_PAGE);
  G_OBJECT_CLASS (ts_reports_page_parent_class)->dispose (object);
}

static void
ts_reports_page_finalize (GObject *object)
{
  g_array_unref (TS_REPORTS_PAGE (object)->outlet_ids);
  G_OBJECT_CLASS (ts_reports_page_parent_class)->finalize (object);
}

static void
ts_reports_page_class_init (TsReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ts_reports_page_get_property;
  object_class->dispose = ts_reports_page_dispose;
  object_class->finalize = ts_reports_page_finalize;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TS_TYPE_REPORTS_TILL_TAB);
  g_type_ensure (TS_TYPE_REPORTS_ACCOUNTS_TAB);
  g_type_ensure (TS_TYPE_REPORTS_END_OF_DAY);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, box);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, outlet_box);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, outlet_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, report_list);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, till_tab);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, accounts_tab);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, end_of_day);
  gtk_widget_class_bind_template_callback (widget_class, on_outlet_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_tab_busy);
  gtk_widget_class_bind_template_callback (widget_class, on_till_date);
  gtk_widget_class_bind_template_callback (widget_class, on_report_selected);
  gtk_widget_class_install_action (widget_class, "reports.show-tab", "s", show_tab_activated);
}

static void
ts_reports_page_init (TsReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->outlet_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->views = g_ptr_array_new ();
  /* one Tab stop: arrows choose a report, Tab goes into it */
  ts_list_tab_stop_install (self->report_list);
}

TsReportsPage *
ts_reports_page_new (TsApiClient *client)
{
  TsReportsPage *self = g_object_new (TS_TYPE_REPORTS_PAGE, NULL);

  self->client = g_object_ref (client);
  self->level = ts_api_client_get_level (client);
  apply_level (self);
  if (self->level >= TS_LEVEL_STAFF)
    {
      self->pending++;
      update_busy (self);
      ts_api_client_get_outlet_directory_async (client, self->cancellable, ts_api_answered,
                                                ts_api_call (self, directory_loaded));
    }
  return self;
}

GtkWidget *
_ts_reports_page_get_tab (TsReportsPage *self,
                          const char    *name)
{
  return gtk_stack_get_child_by_name (self->stack, name);
}

gboolean
_ts_reports_page_has_tab (TsReportsPage *self,
                          const char    *name)
{
  return row_named (self, name) != NULL;
}

const char *
_ts_reports_page_get_explanation (TsReportsPage *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->explanation_label)))
    return gtk_label_get_text (self->explanation_label);
  return "";
}

GtkListBox *
_ts_reports_page_get_list (TsReportsPage *self)
{
  return self->report_list;
}

gboolean
_ts_reports_page_choose_outlet (TsReportsPage *self,
                                gint64         outlet_id)
{
  for (guint i = 0; i < self->outlet_ids->len; i++)
    if (g_array_index (self->outlet_ids, gint64, i) == outlet_id)
      {
        gtk_drop_down_set_selected (self->outlet_dropdown, i);
        return TRUE;
      }
  return FALSE;
}
