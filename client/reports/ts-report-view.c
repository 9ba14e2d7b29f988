/* ts-report-view.c — one report of the report shape: its parameters, table, chart, progress and exports
 *
 * The server decides what the outlet sees (R2: its own events whoever sold
 * them, its own sales of other outlets' events; P4 for patrons' data); the
 * view only asks and shows.  Columns are built from the answer, labels from
 * ts-report-columns.c, money through ts-format.  A load in progress shows a
 * progress bar with Cancel: cancelling drops the request and keeps the
 * results shown before.  The exports write what is shown. */
#include <glib/gi18n.h>

#include "ts-api-call.h"
#include "ts-api-maps.h"
#include "ts-api-partners.h"
#include "ts-api-reports.h"
#include "ts-api-season.h"
#include "ts-format.h"
#include "ts-report-catalog.h"
#include "ts-report-chart.h"
#include "ts-report-columns.h"
#include "ts-report-csv.h"
#include "ts-report-pdf.h"
#include "ts-report-table.h"
#include "ts-validate.h"
#include "ts-window-state.h"
#include "ts-zone-heat-map.h"
#include "ts-report-view.h"
#include "ts-report-view-private.h"

struct _TsReportView
{
  GtkBox              parent_instance;

  GtkLabel           *title_label;
  GtkWidget          *period_box;
  GtkWidget          *from_label;
  GtkEntry           *from_entry;
  GtkWidget          *to_label;
  GtkEntry           *to_entry;
  GtkWidget          *group_label;
  GtkDropDown        *group_dropdown;
  GtkWidget          *choice_box;
  GtkWidget          *event_label;
  GtkDropDown        *event_dropdown;
  GtkWidget          *performance_label;
  GtkDropDown        *performance_dropdown;
  GtkWidget          *partner_box;
  GtkDropDown        *partner_dropdown;
  GtkDropDown        *list_dropdown;
  GtkDropDown        *answer_dropdown;
  GtkCheckButton     *marketing_check;
  GtkWidget          *run_button;
  GtkWidget          *progress_box;
  GtkWidget          *cancel_button;
  GtkProgressBar     *progress_bar;
  GtkWidget          *message_label;
  GtkWidget          *chart_slot;
  GtkWidget          *chart;              /* TsReportChart or TsZoneHeatMap, in the slot; or NULL */
  TsReportTable      *table;

  const TsReportInfo *info;
  char               *report_id;
  TsApiClient        *client;
  gint64              outlet_id;
  char               *outlet_name;
  GCancellable       *cancellable;        /* the lists to choose from; cancelled in dispose */
  GCancellable       *performances_load;  /* the chosen event's performances */
  GCancellable       *load;               /* the report under way, or NULL */
  JsonObject         *report;             /* the last answer shown */
  GArray             *event_ids;          /* gint64, after the first line */
  GArray             *performance_ids;
  GArray             *partner_ids;
  char               *message;
  guint               pulse_id;
  GCancellable       *plan_load;          /* the heat map's seat map */
  gint64              plan_id;            /* the map the heat map draws */
  gboolean            choices_stale;      /* the lists load when first shown */
  gint64              mailing_list_id;    /* the "mailing-list" report's */
  char               *mailing_list_name;
};

G_DEFINE_FINAL_TYPE (TsReportView, ts_report_view, GTK_TYPE_BOX)

enum { PROP_0, PROP_REPORT, PROP_BUSY, PROP_MESSAGE, PROP_ROWS, N_PROPS };
static GParamSpec *properties[N_PROPS];

static gboolean
takes (TsReportView  *self,
       TsReportTakes  what)
{
  return (self->info->takes & what) != 0;
}

static void
set_message (TsReportView *self,
             const char   *message)
{
  if (g_strcmp0 (self->message, message) == 0)
    return;
  g_free (self->message);
  self->message = g_strdup (message);
  /* an empty line would push the table down */
  gtk_widget_set_visible (self->message_label, message != NULL && *message != '\0');
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static void
update_actions (TsReportView *self)
{
  gboolean busy = self->load != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.run", self->client != NULL && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.cancel", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export-csv", self->report != NULL && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.export-pdf", self->report != NULL && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.print", self->report != NULL && !busy);
}

static gboolean
pulse (gpointer data)
{
  gtk_progress_bar_pulse (GTK_PROGRESS_BAR (data));
  return G_SOURCE_CONTINUE;
}

/* Starts (cancellable) or ends (NULL) the load: the progress shows meanwhile. */
static void
set_load (TsReportView *self,
          GCancellable *cancellable)
{
  gboolean was_busy = self->load != NULL;
  gboolean on_run = gtk_widget_has_focus (self->run_button);
  gboolean on_cancel = gtk_widget_has_focus (self->cancel_button);

  if (self->load != NULL)
    g_cancellable_cancel (self->load);
  g_set_object (&self->load, cancellable);
  gtk_widget_set_visible (self->progress_box, cancellable != NULL);
  if (cancellable != NULL && self->pulse_id == 0)
    self->pulse_id = g_timeout_add (120, pulse, self->progress_bar);
  else if (cancellable == NULL)
    g_clear_handle_id (&self->pulse_id, g_source_remove);
  update_actions (self);
  /* the focus never stays on a button that goes insensitive or away:
   * Show Report hands it to Cancel while loading, and Cancel back */
  if (cancellable != NULL && on_run)
    gtk_widget_grab_focus (self->cancel_button);
  else if (cancellable == NULL && on_cancel)
    gtk_widget_grab_focus (self->run_button);
  if (was_busy != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The id chosen in a drop-down whose first line means "none". */
static gint64
chosen_id (GtkDropDown *dropdown,
           GArray      *ids)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  return i != GTK_INVALID_LIST_POSITION && i >= 1 && i - 1 < ids->len ? g_array_index (ids, gint64, i - 1) : 0;
}

static const char *
chosen_text (GtkDropDown *dropdown)
{
  GObject *item = gtk_drop_down_get_selected_item (dropdown);

  return item != NULL ? gtk_string_object_get_string (GTK_STRING_OBJECT (item)) : "";
}

/* Charts ----------------------------------------------------------------------------------- */

/* Whether the report's column key holds cents. */
static gboolean
column_is_cents (JsonObject *report,
                 const char *key)
{
  JsonNode *node = json_object_get_member (report, "columns");

  for (guint i = 0; node != NULL && JSON_NODE_HOLDS_ARRAY (node) && i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonObject *column = json_array_get_object_element (json_node_get_array (node), i);

      if (g_strcmp0 (json_object_get_string_member_with_default (column, "key", ""), key) == 0)
        return g_strcmp0 (json_object_get_string_member_with_default (column, "kind", ""), "cents") == 0;
    }
  return FALSE;
}

static JsonArray *
report_rows (JsonObject *report)
{
  JsonNode *node = json_object_get_member (report, "rows");

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* The rows with their labels as the table writes them ("Box office", not
 * the server's "box_office"). */
static JsonArray *
labelled_rows (JsonArray  *rows,
               const char *label_key)
{
  JsonArray *labelled = json_array_new ();

  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonNode *copy = json_node_copy (json_array_get_element (rows, i));
      JsonObject *row = json_node_get_object (copy);
      const char *value = json_object_get_string_member_with_default (row, label_key, NULL);

      if (value != NULL)
        json_object_set_string_member (row, label_key, ts_report_value_label (label_key, value));
      json_array_add_element (labelled, copy);
    }
  return labelled;
}

static void
plan_loaded (gpointer      owner,
             JsonNode     *answer,
             const GError *error)
{
  TsReportView *self = owner;

  g_clear_object (&self->plan_load);
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      self->plan_id = 0;
      set_message (self, error != NULL ? error->message : _("The server gave no answer."));
      return;
    }
  ts_zone_heat_map_set_plan (TS_ZONE_HEAT_MAP (self->chart), json_node_get_object (answer));
}

/* The chart of the report answered: its rows as a line or bars, or its
 * zones on the performance's seat map (GET /maps/{id}/compact, asked once
 * per map). */
static void
show_chart (TsReportView *self)
{
  gint64 map_id;

  if (self->chart == NULL)
    return;
  gtk_widget_set_visible (self->chart_slot, TRUE);
  if (self->info->chart != TS_REPORT_HEAT_MAP)
    {
      g_autoptr(JsonArray) rows = labelled_rows (report_rows (self->report), self->info->chart_label);

      ts_report_chart_set_series (TS_REPORT_CHART (self->chart), rows, self->info->chart_label,
                                  self->info->chart_value, column_is_cents (self->report, self->info->chart_value));
      return;
    }
  ts_zone_heat_map_set_zones (TS_ZONE_HEAT_MAP (self->chart), report_rows (self->report));
  map_id = json_object_get_int_member_with_default (self->report, "map_id", 0);
  if (map_id == 0 || map_id == self->plan_id)
    return;
  if (self->plan_load != NULL)
    g_cancellable_cancel (self->plan_load);
  g_clear_object (&self->plan_load);
  self->plan_load = g_cancellable_new ();
  self->plan_id = map_id;
  ts_api_client_get_map_compact_async (self->client, map_id, self->plan_load, ts_api_answered,
                                       ts_api_call (self, plan_loaded));
}

static void
draw_chart (gpointer  chart,
            cairo_t  *cr,
            double    width,
            double    height)
{
  if (TS_IS_ZONE_HEAT_MAP (chart))
    ts_zone_heat_map_draw (chart, cr, width, height);
  else
    ts_report_chart_draw (chart, cr, width, height);
}

/* The K5 list's choices: which list, and the answers it may keep. */
static const char * const list_kinds[] = { "preference", "booked" };
static const char * const answers[] = { "yes", "no", "not_asked" };

static gboolean
booked_list (TsReportView *self)
{
  return gtk_drop_down_get_selected (self->list_dropdown) == 1;
}

/* Loading ---------------------------------------------------------------------------------- */

static void
report_loaded (gpointer      owner,
               JsonNode     *answer,
               const GError *error)
{
  TsReportView *self = owner;
  JsonNode *rows;

  set_load (self, NULL);
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      set_message (self, error != NULL ? error->message : _("The server gave no answer."));
      return;
    }
  g_clear_pointer (&self->report, json_object_unref);
  self->report = json_object_ref (json_node_get_object (answer));
  ts_report_table_set_report (self->table, self->report);
  show_chart (self);
  rows = json_object_get_member (self->report, "rows");
  if (rows == NULL || !JSON_NODE_HOLDS_ARRAY (rows) || json_array_get_length (json_node_get_array (rows)) == 0)
    set_message (self, _("Nothing to report for these choices."));
  else
    set_message (self, "");
  update_actions (self);
}

static gboolean
read_date (TsReportView *self,
           GtkEntry     *entry,
           const char   *field,
           gboolean      required,
           char        **out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (*text == '\0' && !required)
    return TRUE;
  if (*text == '\0')
    {
      g_autofree char *message = g_strdup_printf (_("%s: type a date as YYYY-MM-DD."), field);

      set_message (self, message);
      gtk_widget_grab_focus (GTK_WIDGET (entry));
      return FALSE;
    }
  if (!ts_validate_date (field, text, &error))
    {
      set_message (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (entry));
      return FALSE;
    }
  *out = g_steal_pointer (&text);
  return TRUE;
}

static void
add_parameter (GPtrArray  *query,
               const char *name,
               char       *value)
{
  if (value == NULL)
    return;
  g_ptr_array_add (query, g_strdup (name));
  g_ptr_array_add (query, value);
}

/* K5: the patrons by their answer about a partner company, or who booked
 * its events in a period; for a partner's mailing, only those who said yes. */
static void
run_partner_list (TsReportView *self)
{
  g_autoptr(GPtrArray) query = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GCancellable) cancellable = NULL;
  gint64 partner_id = chosen_id (self->partner_dropdown, self->partner_ids);
  guint answer = gtk_drop_down_get_selected (self->answer_dropdown);
  gboolean booked = booked_list (self);
  char *from = NULL, *to = NULL;

  if (partner_id == 0)
    {
      set_message (self, _("Choose a partner company."));
      gtk_widget_grab_focus (GTK_WIDGET (self->partner_dropdown));
      return;
    }
  if (booked && (!read_date (self, self->from_entry, _("From"), TRUE, &from)
                 || !read_date (self, self->to_entry, _("To"), TRUE, &to)))
    {
      g_free (from);
      return;
    }
  add_parameter (query, "list", g_strdup (list_kinds[booked ? 1 : 0]));
  /* the booked list's first answer is "any" */
  if (!booked && answer < G_N_ELEMENTS (answers))
    add_parameter (query, "answer", g_strdup (answers[answer]));
  else if (booked && answer >= 1 && answer <= G_N_ELEMENTS (answers))
    add_parameter (query, "answer", g_strdup (answers[answer - 1]));
  add_parameter (query, "from", from);
  add_parameter (query, "to", to);
  if (gtk_check_button_get_active (self->marketing_check))
    add_parameter (query, "marketing", g_strdup ("true"));
  g_ptr_array_add (query, NULL);

  cancellable = g_cancellable_new ();
  set_load (self, cancellable);
  set_message (self, "");
  ts_api_client_get_partner_patrons_async (self->client, partner_id, (const char * const *) query->pdata, cancellable,
                                           ts_api_answered, ts_api_call (self, report_loaded));
}

static void
run_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TsReportView *self = TS_REPORT_VIEW (widget);
  g_autoptr(GPtrArray) query = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GCancellable) cancellable = NULL;
  gint64 event_id = chosen_id (self->event_dropdown, self->event_ids);
  gint64 performance_id = chosen_id (self->performance_dropdown, self->performance_ids);
  char *from = NULL, *to = NULL;

  if (self->client == NULL)
    return;
  if (takes (self, TS_REPORT_TAKES_PARTNER))
    {
      run_partner_list (self);
      return;
    }
  if (takes (self, TS_REPORT_TAKES_PERIOD))
    {
      /* sales over time: the whole run of sales unless a period is typed */
      gboolean required = !takes (self, TS_REPORT_NEEDS_EVENT_OR_PERFORMANCE);

      if (!read_date (self, self->from_entry, _("From"), required, &from)
          || !read_date (self, self->to_entry, _("To"), required, &to))
        {
          g_free (from);
          return;
        }
    }
  if (takes (self, TS_REPORT_NEEDS_PERFORMANCE) && performance_id == 0)
    {
      set_message (self, _("Choose a performance."));
      gtk_widget_grab_focus (GTK_WIDGET (event_id == 0 ? self->event_dropdown : self->performance_dropdown));
      g_free (from);
      g_free (to);
      return;
    }
  if (takes (self, TS_REPORT_NEEDS_EVENT_OR_PERFORMANCE) && event_id == 0 && performance_id == 0)
    {
      set_message (self, _("Choose an event or one of its performances."));
      gtk_widget_grab_focus (GTK_WIDGET (self->event_dropdown));
      g_free (from);
      g_free (to);
      return;
    }
  /* the Master User names the outlet whose report it is (R2) */
  if (ts_api_client_get_level (self->client) == TS_LEVEL_MASTER && self->outlet_id > 0)
    add_parameter (query, "outlet_id", g_strdup_printf ("%" G_GINT64_FORMAT, self->outlet_id));
  add_parameter (query, "from", from);
  add_parameter (query, "to", to);
  if (self->info->groups != NULL)
    {
      guint i = gtk_drop_down_get_selected (self->group_dropdown);

      add_parameter (query, "group", g_strdup (self->info->groups[i != GTK_INVALID_LIST_POSITION ? i : 0]));
    }
  if (takes (self, TS_REPORT_TAKES_MAILING_LIST))
    add_parameter (query, "mailing_list_id", g_strdup_printf ("%" G_GINT64_FORMAT, self->mailing_list_id));
  if (performance_id > 0)
    add_parameter (query, "performance_id", g_strdup_printf ("%" G_GINT64_FORMAT, performance_id));
  else if (event_id > 0)
    add_parameter (query, "event_id", g_strdup_printf ("%" G_GINT64_FORMAT, event_id));
  g_ptr_array_add (query, NULL);

  cancellable = g_cancellable_new ();
  set_load (self, cancellable);
  set_message (self, "");
  ts_api_client_get_report_async (self->client, self->info->route, (const char * const *) query->pdata, cancellable,
                                  ts_api_answered, ts_api_call (self, report_loaded));
}

static void
cancel_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TsReportView *self = TS_REPORT_VIEW (widget);

  if (self->load == NULL)
    return;
  set_load (self, NULL);
  set_message (self, self->report != NULL ? _("Cancelled. The results shown are the ones from before.")
                                          : _("Cancelled."));
}

static void
on_entry_activate (TsReportView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "report.run", NULL);
}

/* Choices ---------------------------------------------------------------------------------- */

static void
performances_loaded (gpointer      owner,
                     JsonNode     *answer,
                     const GError *error)
{
  TsReportView *self = owner;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  JsonNode *list;

  g_clear_object (&self->performances_load);
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      set_message (self, error != NULL ? error->message : _("The server gave no answer."));
      return;
    }
  gtk_string_list_append (names, takes (self, TS_REPORT_NEEDS_PERFORMANCE) ? _("Choose a performance")
                                                                           : _("Every performance"));
  g_array_set_size (self->performance_ids, 0);
  list = json_object_get_member (json_node_get_object (answer), "performances");
  for (guint i = 0; list != NULL && JSON_NODE_HOLDS_ARRAY (list) && i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonObject *performance = json_array_get_object_element (json_node_get_array (list), i);
      gint64 id = json_object_get_int_member (performance, "id");
      g_autofree char *when = ts_format_time (json_object_get_string_member_with_default (performance, "starts_at", ""),
                                              TS_TIME_LIST);

      gtk_string_list_append (names, when);
      g_array_append_val (self->performance_ids, id);
    }
  gtk_drop_down_set_model (self->performance_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->performance_dropdown, 0);
}

static void
reset_performances (TsReportView *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_string_list_append (names, takes (self, TS_REPORT_NEEDS_PERFORMANCE) ? _("Choose an event first")
                                                                           : _("Every performance"));
  g_array_set_size (self->performance_ids, 0);
  gtk_drop_down_set_model (self->performance_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->performance_dropdown, 0);
}

static void
on_event_chosen (TsReportView *self)
{
  gint64 event_id = chosen_id (self->event_dropdown, self->event_ids);

  if (self->performances_load != NULL)
    g_cancellable_cancel (self->performances_load);
  g_clear_object (&self->performances_load);
  reset_performances (self);
  if (event_id == 0 || self->client == NULL || !takes (self, TS_REPORT_TAKES_PERFORMANCE))
    return;
  self->performances_load = g_cancellable_new ();
  ts_api_client_get_event_async (self->client, event_id, self->performances_load, ts_api_answered,
                                 ts_api_call (self, performances_loaded));
}

static void
events_loaded (gpointer      owner,
               JsonNode     *answer,
               const GError *error)
{
  TsReportView *self = owner;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  JsonNode *list;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      set_message (self, error != NULL ? error->message : _("The server gave no answer."));
      return;
    }
  gtk_string_list_append (names, takes (self, TS_REPORT_NEEDS_PERFORMANCE | TS_REPORT_NEEDS_EVENT_OR_PERFORMANCE)
                                 ? _("Choose an event") : _("Every event"));
  g_array_set_size (self->event_ids, 0);
  list = json_object_get_member (json_node_get_object (answer), "events");
  for (guint i = 0; list != NULL && JSON_NODE_HOLDS_ARRAY (list) && i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonObject *event = json_array_get_object_element (json_node_get_array (list), i);
      gint64 id = json_object_get_int_member (event, "id");

      gtk_string_list_append (names, json_object_get_string_member_with_default (event, "name", ""));
      g_array_append_val (self->event_ids, id);
    }
  gtk_drop_down_set_model (self->event_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->event_dropdown, 0);
}

static void
partners_loaded (gpointer      owner,
                 JsonNode     *answer,
                 const GError *error)
{
  TsReportView *self = owner;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  JsonNode *list;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      set_message (self, error != NULL ? error->message : _("The server gave no answer."));
      return;
    }
  gtk_string_list_append (names, _("Choose a partner company"));
  g_array_set_size (self->partner_ids, 0);
  list = json_object_get_member (json_node_get_object (answer), "partner_companies");
  for (guint i = 0; list != NULL && JSON_NODE_HOLDS_ARRAY (list) && i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JsonObject *partner = json_array_get_object_element (json_node_get_array (list), i);
      gint64 id = json_object_get_int_member (partner, "id");

      gtk_string_list_append (names, json_object_get_string_member_with_default (partner, "name", ""));
      g_array_append_val (self->partner_ids, id);
    }
  gtk_drop_down_set_model (self->partner_dropdown, G_LIST_MODEL (names));
  /* the one partner there is, chosen */
  gtk_drop_down_set_selected (self->partner_dropdown, self->partner_ids->len == 1 ? 1 : 0);
  if (self->partner_ids->len == 0)
    set_message (self, _("The outlet has no partner companies yet: add them in season setup."));
}

/* The period is the booked list's; its answer may be any. */
static void
on_list_chosen (TsReportView *self)
{
  gboolean booked = booked_list (self);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  if (!takes (self, TS_REPORT_TAKES_PARTNER))
    return;
  gtk_widget_set_visible (self->period_box, booked);
  if (booked)
    gtk_string_list_append (names, _("Any answer"));
  gtk_string_list_append (names, ts_report_value_label ("answer", "yes"));
  gtk_string_list_append (names, ts_report_value_label ("answer", "no"));
  gtk_string_list_append (names, ts_report_value_label ("answer", "not_asked"));
  gtk_drop_down_set_model (self->answer_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->answer_dropdown, 0);
}

static void
load_choices (TsReportView *self)
{
  gboolean master = ts_api_client_get_level (self->client) == TS_LEVEL_MASTER;

  self->choices_stale = FALSE;
  /* the outlet's own partner companies only (K1, P4) */
  if (takes (self, TS_REPORT_TAKES_PARTNER))
    ts_api_client_list_partner_companies_async (self->client, master ? self->outlet_id : 0, self->cancellable,
                                                ts_api_answered, ts_api_call (self, partners_loaded));
  if (takes (self, TS_REPORT_TAKES_EVENT))
    {
      /* the outlet's own events only (E1) */
      ts_api_client_list_events_async (self->client, master ? self->outlet_id : 0, self->cancellable, ts_api_answered,
                                       ts_api_call (self, events_loaded));
    }
}


/* A mailing list's members, in a window of their own (the list of lists
 * stays as it was). */
static void
on_row_activated (TsReportView *self,
                  JsonObject   *row)
{
  GtkWindow *window;
  TsReportView *members;
  gint64 list_id = json_object_get_int_member_with_default (row, "mailing_list_id", 0);
  const char *name = json_object_get_string_member_with_default (row, "name", "");

  if (!g_str_equal (self->info->id, "mailing-lists") || list_id == 0)
    return;
  members = ts_report_view_new ("mailing-list");
  gtk_widget_set_margin_top (GTK_WIDGET (members), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (members), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (members), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (members), 18);
  ts_report_view_set_outlet (members, self->client, self->outlet_id, self->outlet_name);
  ts_report_view_set_mailing_list (members, list_id, name);
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_title (window, name);
  gtk_window_set_transient_for (window, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_set_default_size (window, 900, 560);
  gtk_window_set_child (window, GTK_WIDGET (members));
  ts_window_state_track (window, "mailing-list");
  gtk_window_present (window);
  gtk_widget_activate_action (GTK_WIDGET (members), "report.run", NULL);
}

/* Exports ---------------------------------------------------------------------------------- */

static char *
subtitle (TsReportView *self)
{
  const char *from = json_object_get_string_member_with_default (self->report, "from", "");
  const char *to = json_object_get_string_member_with_default (self->report, "to", "");
  GString *text = g_string_new (self->outlet_name != NULL ? self->outlet_name : "");

  if (*from != '\0' && *to != '\0')
    {
      g_autofree char *period = g_strdup_printf (_("%s to %s"), from, to);

      g_string_append_printf (text, " — %s", period);
    }
  if (chosen_id (self->event_dropdown, self->event_ids) > 0)
    g_string_append_printf (text, " — %s", chosen_text (self->event_dropdown));
  if (chosen_id (self->performance_dropdown, self->performance_ids) > 0)
    g_string_append_printf (text, " — %s", chosen_text (self->performance_dropdown));
  return g_string_free (text, FALSE);
}

static TsReportPdf *
printout (TsReportView *self)
{
  g_autofree char *under = subtitle (self);
  TsReportPdf *pdf = ts_report_pdf_new (self->mailing_list_name != NULL ? self->mailing_list_name : _(self->info->title), under);

  if (self->chart != NULL)
    ts_report_pdf_set_chart (pdf, draw_chart, G_OBJECT (self->chart));
  ts_report_pdf_add_table (pdf, NULL, self->report);
  return pdf;
}

static char *
suggested_name (TsReportView *self,
                const char   *extension)
{
  const char *to = json_object_get_string_member_with_default (self->report, "to", "");

  return g_strdup_printf ("%s%s%s.%s", _(self->info->title), *to != '\0' ? " " : "", to, extension);
}

static void
say_saved (TsReportView *self,
           GFile        *file,
           gboolean      saved,
           GError       *error)
{
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *text = saved ? g_strdup_printf (_("Saved to %s."), name) : NULL;

  set_message (self, saved ? text : error->message);
}

static void
on_save_response (GtkNativeDialog *dialog,
                  int              response,
                  TsReportView    *self)
{
  g_autoptr(GFile) file = response == GTK_RESPONSE_ACCEPT ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog)) : NULL;
  gboolean pdf = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "pdf"));
  g_autoptr(GError) error = NULL;

  if (file != NULL && self->report != NULL)
    {
      gboolean saved = pdf ? _ts_report_view_export_pdf (self, file, &error) : _ts_report_view_export_csv (self, file, &error);

      say_saved (self, file, saved, error);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
ask_where (TsReportView *self,
           gboolean      pdf)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = suggested_name (self, pdf ? "pdf" : "csv");

  chooser = gtk_file_chooser_native_new (pdf ? _("Export PDF") : _("Export CSV"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_object_set_data (G_OBJECT (chooser), "pdf", GINT_TO_POINTER (pdf));
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_csv_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ask_where (TS_REPORT_VIEW (widget), FALSE);
}

static void
export_pdf_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ask_where (TS_REPORT_VIEW (widget), TRUE);
}

static void
print_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TsReportView *self = TS_REPORT_VIEW (widget);
  g_autoptr(TsReportPdf) pdf = NULL;
  g_autoptr(GError) error = NULL;

  if (self->report == NULL)
    return;
  pdf = printout (self);
  if (ts_report_pdf_print (pdf, GTK_WINDOW (gtk_widget_get_root (widget)), GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                           NULL, &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    set_message (self, error->message);
}

/* Type ------------------------------------------------------------------------------------- */

static void
ts_report_view_map (GtkWidget *widget)
{
  TsReportView *self = TS_REPORT_VIEW (widget);

  GTK_WIDGET_CLASS (ts_report_view_parent_class)->map (widget);
  if (self->choices_stale && self->client != NULL)
    load_choices (self);
}

static void
ts_report_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TsReportView *self = TS_REPORT_VIEW (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      self->report_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_report_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TsReportView *self = TS_REPORT_VIEW (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      g_value_set_string (value, self->report_id);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->load != NULL);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message != NULL ? self->message : "");
      break;
    case PROP_ROWS:
      g_object_get_property (G_OBJECT (self->table), "rows", value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_report_view_constructed (GObject *object)
{
  TsReportView *self = TS_REPORT_VIEW (object);
  gboolean period, events;

  G_OBJECT_CLASS (ts_report_view_parent_class)->constructed (object);
  self->info = ts_report_catalog_find (self->report_id);
  g_return_if_fail (self->info != NULL);
  gtk_label_set_text (self->title_label, _(self->info->title));

  period = takes (self, TS_REPORT_TAKES_PERIOD) || takes (self, TS_REPORT_TAKES_PARTNER);
  /* sales over time: the whole run of sales unless a period is typed */
  if (takes (self, TS_REPORT_NEEDS_EVENT_OR_PERFORMANCE))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->from_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->to_entry), "");
    }
  if (takes (self, TS_REPORT_TAKES_PARTNER))
    {
      g_autoptr(GtkStringList) lists = gtk_string_list_new (NULL);

      gtk_string_list_append (lists, _("By their answer"));
      gtk_string_list_append (lists, _("Who booked its events"));
      gtk_drop_down_set_model (self->list_dropdown, G_LIST_MODEL (lists));
    }
  gtk_widget_set_visible (self->from_label, period);
  gtk_widget_set_visible (GTK_WIDGET (self->from_entry), period);
  gtk_widget_set_visible (self->to_label, period);
  gtk_widget_set_visible (GTK_WIDGET (self->to_entry), period);
  gtk_widget_set_visible (self->group_label, self->info->groups != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->group_dropdown), self->info->groups != NULL);
  gtk_widget_set_visible (self->period_box, period || self->info->groups != NULL);
  if (self->info->groups != NULL)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

      for (guint i = 0; self->info->groups[i] != NULL; i++)
        gtk_string_list_append (names, ts_report_column_label (self->info->groups[i]));
      gtk_drop_down_set_model (self->group_dropdown, G_LIST_MODEL (names));
    }
  events = takes (self, TS_REPORT_TAKES_EVENT);
  gtk_widget_set_visible (self->choice_box, events);
  gtk_widget_set_visible (self->performance_label, takes (self, TS_REPORT_TAKES_PERFORMANCE));
  gtk_widget_set_visible (GTK_WIDGET (self->performance_dropdown), takes (self, TS_REPORT_TAKES_PERFORMANCE));
  gtk_widget_set_visible (self->partner_box, takes (self, TS_REPORT_TAKES_PARTNER));
  on_list_chosen (self);
  reset_performances (self);
  update_actions (self);

  /* where people look rather than read: the chart above the table */
  if (self->info->chart == TS_REPORT_HEAT_MAP)
    self->chart = ts_zone_heat_map_new ();
  else if (self->info->chart != TS_REPORT_NO_CHART)
    self->chart = ts_report_chart_new (self->info->chart == TS_REPORT_LINE_CHART ? TS_REPORT_CHART_LINE : TS_REPORT_CHART_BARS);
  if (self->chart != NULL)
    {
      /* a third of the room at most: the table stays readable */
      gtk_widget_set_hexpand (self->chart, TRUE);
      gtk_widget_set_size_request (self->chart, -1, 200);
      gtk_box_append (GTK_BOX (self->chart_slot), self->chart);
    }
}

static void
ts_report_view_dispose (GObject *object)
{
  TsReportView *self = TS_REPORT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->performances_load != NULL)
    g_cancellable_cancel (self->performances_load);
  g_clear_object (&self->performances_load);
  if (self->load != NULL)
    g_cancellable_cancel (self->load);
  g_clear_object (&self->load);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (self->plan_load != NULL)
    g_cancellable_cancel (self->plan_load);
  g_clear_object (&self->plan_load);
  g_clear_object (&self->client);
  g_clear_pointer (&self->report, json_object_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_REPORT_VIEW);
  G_OBJECT_CLASS (ts_report_view_parent_class)->dispose (object);
}

static void
ts_report_view_finalize (GObject *object)
{
  TsReportView *self = TS_REPORT_VIEW (object);

  g_clear_object (&self->cancellable);
  g_array_unref (self->event_ids);
  g_array_unref (self->performance_ids);
  g_array_unref (self->partner_ids);
  g_free (self->report_id);
  g_free (self->outlet_name);
  g_free (self->mailing_list_name);
  g_free (self->message);
  G_OBJECT_CLASS (ts_report_view_parent_class)->finalize (object);
}

static void
ts_report_view_class_init (TsReportViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = ts_report_view_set_property;
  object_class->get_property = ts_report_view_get_property;
  object_class->constructed = ts_report_view_constructed;
  object_class->dispose = ts_report_view_dispose;
  object_class->finalize = ts_report_view_finalize;
  widget_class->map = ts_report_view_map;

  properties[PROP_REPORT] = g_param_spec_string ("report", NULL, NULL, NULL,
                                                 G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, "",
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROWS] = g_param_spec_object ("rows", NULL, NULL, G_TYPE_LIST_MODEL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TS_TYPE_REPORT_TABLE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-report-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TsReportView, title_label);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, period_box);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, from_label);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, from_entry);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, to_label);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, to_entry);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, group_label);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, group_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, choice_box);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, event_label);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, event_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, performance_label);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, performance_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, partner_box);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, partner_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, list_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, answer_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, marketing_check);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, run_button);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, progress_box);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, message_label);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, chart_slot);
  gtk_widget_class_bind_template_child (widget_class, TsReportView, table);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_event_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_list_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_install_action (widget_class, "report.run", NULL, run_activated);
  gtk_widget_class_install_action (widget_class, "report.cancel", NULL, cancel_activated);
  gtk_widget_class_install_action (widget_class, "report.export-csv", NULL, export_csv_activated);
  gtk_widget_class_install_action (widget_class, "report.export-pdf", NULL, export_pdf_activated);
  gtk_widget_class_install_action (widget_class, "report.print", NULL, print_activated);
}

static void
ts_report_view_init (TsReportView *self)
{
  g_autofree char *today = NULL;
  g_autofree char *first = NULL;

  self->event_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->performance_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->partner_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  /* this month so far, in the outlet's time (the period most asked for) */
  today = ts_format_today ();
  first = g_strdup_printf ("%.8s01", today);
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), first);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), today);
}

TsReportView *
ts_report_view_new (const char *report)
{
  return g_object_new (TS_TYPE_REPORT_VIEW, "report", report, NULL);
}

void
ts_report_view_set_outlet (TsReportView *self,
                           TsApiClient  *client,
                           gint64        outlet_id,
                           const char   *outlet_name)
{
  g_return_if_fail (TS_IS_REPORT_VIEW (self));
  /* another outlet's books: what was shown was the last outlet's */
  if (self->outlet_id != outlet_id && self->report != NULL)
    {
      if (self->load != NULL)
        set_load (self, NULL);
      g_clear_pointer (&self->report, json_object_unref);
      ts_report_table_set_report (self->table, NULL);
      gtk_widget_set_visible (self->chart_slot, FALSE);
      set_message (self, "");
      update_actions (self);
    }
  g_set_object (&self->client, client);
  self->outlet_id = outlet_id;
  g_free (self->outlet_name);
  self->outlet_name = g_strdup (outlet_name);
  update_actions (self);
  /* a report never shown asks for nothing */
  self->choices_stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load_choices (self);
}

void
ts_report_view_set_mailing_list (TsReportView *self,
                                 gint64        mailing_list_id,
                                 const char   *name)
{
  g_return_if_fail (TS_IS_REPORT_VIEW (self));
  self->mailing_list_id = mailing_list_id;
  g_free (self->mailing_list_name);
  self->mailing_list_name = g_strdup (name);
  gtk_label_set_text (self->title_label, name);
}

/* Tests ------------------------------------------------------------------------------------ */

void
_ts_report_view_set_period (TsReportView *self,
                            const char   *from,
                            const char   *to)
{
  if (from != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
  if (to != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to);
}

gboolean
_ts_report_view_choose_group (TsReportView *self,
                              const char   *group)
{
  for (guint i = 0; self->info->groups != NULL && self->info->groups[i] != NULL; i++)
    if (g_str_equal (self->info->groups[i], group))
      {
        gtk_drop_down_set_selected (self->group_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

static gboolean
choose_id (GtkDropDown *dropdown,
           GArray      *ids,
           gint64       id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      {
        gtk_drop_down_set_selected (dropdown, i + 1);
        return TRUE;
      }
  return FALSE;
}

gboolean
_ts_report_view_choose_event (TsReportView *self,
                              gint64        event_id)
{
  return choose_id (self->event_dropdown, self->event_ids, event_id);
}

gboolean
_ts_report_view_choose_performance (TsReportView *self,
                                    gint64        performance_id)
{
  return choose_id (self->performance_dropdown, self->performance_ids, performance_id);
}

JsonObject *
_ts_report_view_get_report (TsReportView *self)
{
  return self->report;
}

gboolean
_ts_report_view_export_csv (TsReportView  *self,
                            GFile         *file,
                            GError       **error)
{
  g_return_val_if_fail (self->report != NULL, FALSE);
  return ts_report_csv_save (self->report, file, error);
}

gboolean
_ts_report_view_export_pdf (TsReportView  *self,
                            GFile         *file,
                            GError       **error)
{
  g_autoptr(TsReportPdf) pdf = NULL;

  g_return_val_if_fail (self->report != NULL, FALSE);
  pdf = printout (self);
  return ts_report_pdf_save (pdf, file, error);
}

gboolean
_ts_report_view_print_to (TsReportView  *self,
                          const char    *filename,
                          GError       **error)
{
  g_autoptr(TsReportPdf) pdf = NULL;

  g_return_val_if_fail (self->report != NULL, FALSE);
  pdf = printout (self);
  return ts_report_pdf_print (pdf, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                              GTK_PRINT_OPERATION_ACTION_EXPORT, filename, error) != GTK_PRINT_OPERATION_RESULT_ERROR;
}

guint
_ts_report_view_count_events (TsReportView *self)
{
  return self->event_ids->len;
}

guint
_ts_report_view_count_performances (TsReportView *self)
{
  return self->performance_ids->len;
}

guint
_ts_report_view_count_partners (TsReportView *self)
{
  return self->partner_ids->len;
}

void
_ts_report_view_choose_list (TsReportView *self,
                             gboolean      booked,
                             gboolean      marketing)
{
  gtk_drop_down_set_selected (self->list_dropdown, booked ? 1 : 0);
  gtk_check_button_set_active (self->marketing_check, marketing);
}
