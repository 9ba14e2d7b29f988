/* ts-reports-page.c — Till and Between Outlets
 *
 * What each level sees follows rule C4, as the server enforces it: Walk-up
 * Sales its own till, Box Office and up every employee's, Box Office
 * Managers and up the accounts between outlets.  A tab the caller may not
 * use says why instead of failing.  The Master User picks the outlet whose
 * books he reads, since the accounts are always one outlet's.  Each tab is a
 * widget of its own (TsReportsTillTab, TsReportsAccountsTab); the page loads
 * the outlet directory, hands them the books to read, and gives the
 * settlement period the outlet's today once the till knows it. */
#include <glib/gi18n.h>

#include "ts-api-call.h"
#include "ts-order-format.h"
#include "ts-reports-accounts-tab.h"
#include "ts-reports-accounts-tab-private.h"
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
  GtkWidget     *switcher;
  GtkStack      *stack;
  TsReportsTillTab *till_tab;
  TsReportsAccountsTab *accounts_tab;

  TsApiClient   *client;
  TsLevel        level;
  GCancellable  *cancellable;
  JsonNode      *directory;          /* GET /outlets/directory */
  GArray        *outlet_ids;         /* Master User: the outlet drop-down's */
  guint          pending;            /* the directory */
  gboolean       busy;
};

G_DEFINE_FINAL_TYPE (TsReportsPage, ts_reports_page, GTK_TYPE_WIDGET)

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
  gboolean till_busy, accounts_busy, busy;

  g_object_get (self->till_tab, "busy", &till_busy, NULL);
  g_object_get (self->accounts_tab, "busy", &accounts_busy, NULL);
  busy = self->pending > 0 || till_busy || accounts_busy;
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

static void
reload_all (TsReportsPage *self)
{
  ts_reports_till_tab_load (self->till_tab, book_outlet (self));
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

static void
apply_level (TsReportsPage *self)
{
  g_autofree char *text = NULL;

  if (self->level < TS_LEVEL_WALKUP)
    {
      text = g_strdup_printf (_("Your level, %s, has no reports here. The till report is for Walk-up Sales and up, "
                                "and the accounts between outlets for Box Office Managers and up."),  /* C4 */
                              ts_level_display_name (self->level));
      gtk_label_set_text (self->explanation_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->explanation_label), TRUE);
      gtk_widget_set_visible (self->switcher, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->stack), FALSE);
      return;
    }
  gtk_widget_set_visible (self->outlet_box, is_master (self));
  ts_reports_till_tab_set_client (self->till_tab, self->client);
  ts_reports_accounts_tab_set_client (self->accounts_tab, self->client);
}

static void
show_tab_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TsReportsPage *self = TS_REPORTS_PAGE (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (self->level >= TS_LEVEL_WALKUP && gtk_stack_get_child_by_name (self->stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->stack, name);
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
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, box);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, outlet_box);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, outlet_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, switcher);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, till_tab);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, accounts_tab);
  gtk_widget_class_bind_template_callback (widget_class, on_outlet_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_tab_busy);
  gtk_widget_class_bind_template_callback (widget_class, on_till_date);
  gtk_widget_class_install_action (widget_class, "reports.show-tab", "s", show_tab_activated);
}

static void
ts_reports_page_init (TsReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->outlet_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

TsReportsPage *
ts_reports_page_new (TsApiClient *client)
{
  TsReportsPage *self = g_object_new (TS_TYPE_REPORTS_PAGE, NULL);

  self->client = g_object_ref (client);
  self->level = ts_api_client_get_level (client);
  apply_level (self);
  if (self->level >= TS_LEVEL_WALKUP)
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
  if (self->level < TS_LEVEL_WALKUP)
    return FALSE;
  if (g_str_equal (name, "outlets"))
    return self->level >= TS_LEVEL_MANAGER;
  return g_str_equal (name, "till");
}

const char *
_ts_reports_page_get_explanation (TsReportsPage *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->explanation_label)))
    return gtk_label_get_text (self->explanation_label);
  return _ts_reports_accounts_tab_get_refusal (self->accounts_tab);
}
