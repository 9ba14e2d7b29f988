/* ts-reports-end-of-day.c — a day's tills and summary, Close Till…, printing (A4)
 *
 * What each level sees follows rule C4, as the server enforces it: Walk-up
 * Sales its own till only, Box Office and up every employee's, and closes
 * any of them.  The day defaults to the outlet's today, in its time zone.  A till closed is said with its counted amount and over or
 * short; closing one loads the day again.  The printout is the two tables
 * under one title, by the same drawing as every report (ts-report-pdf.c). */
#include <glib/gi18n.h>

#include "ts-api-call.h"
#include "ts-api-reports.h"
#include "ts-format.h"
#include "ts-report-pdf.h"
#include "ts-report-table.h"
#include "ts-till-close-dialog.h"
#include "ts-validate.h"
#include "ts-reports-end-of-day.h"
#include "ts-reports-end-of-day-private.h"

struct _TsReportsEndOfDay
{
  GtkBox         parent_instance;

  GtkEntry      *date_entry;
  GtkWidget     *show_button;
  TsReportTable *tills_table;
  TsReportTable *summary_table;

  TsApiClient   *client;
  gint64         outlet_id;
  char          *outlet_name;
  GCancellable  *load;           /* the day under way, or NULL */
  JsonObject    *report;
  char          *message;
  char          *date;
  const char    *loaded_message;  /* what the next answer says: a till just closed */
};

G_DEFINE_FINAL_TYPE (TsReportsEndOfDay, ts_reports_end_of_day, GTK_TYPE_BOX)

enum { PROP_0, PROP_BUSY, PROP_MESSAGE, PROP_DATE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
set_message (TsReportsEndOfDay *self,
             const char        *message)
{
  if (g_strcmp0 (self->message, message) == 0)
    return;
  g_free (self->message);
  self->message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static JsonObject *
part (TsReportsEndOfDay *self,
      const char        *name)
{
  JsonNode *node = self->report != NULL ? json_object_get_member (self->report, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The till Close Till… closes: the one chosen, or the caller's own. */
static JsonObject *
till_to_close (TsReportsEndOfDay *self)
{
  JsonObject *chosen = ts_report_table_get_selected (self->tills_table);
  JsonObject *tills = part (self, "tills");
  JsonNode *rows = tills != NULL ? json_object_get_member (tills, "rows") : NULL;

  if (chosen != NULL)
    return chosen;
  for (guint i = 0; rows != NULL && JSON_NODE_HOLDS_ARRAY (rows) && i < json_array_get_length (json_node_get_array (rows)); i++)
    {
      JsonObject *row = json_array_get_object_element (json_node_get_array (rows), i);

      if (json_object_get_int_member_with_default (row, "employee_id", 0) == ts_api_client_get_employee_id (self->client))
        return row;
    }
  return NULL;
}

static void
update_actions (TsReportsEndOfDay *self)
{
  JsonObject *till = self->client != NULL ? till_to_close (self) : NULL;
  gboolean idle = self->load == NULL;
  gboolean open = till != NULL && json_object_get_int_member_with_default (till, "employee_id", 0) > 0
                  && json_object_get_string_member_with_default (till, "closed_at", NULL) == NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "eod.show", self->client != NULL && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "eod.close-till", idle && open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "eod.print", idle && self->report != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "eod.export-pdf", idle && self->report != NULL);
}

static void
set_load (TsReportsEndOfDay *self,
          GCancellable      *cancellable)
{
  gboolean was_busy = self->load != NULL;

  /* the focus never stays on a button that goes insensitive: the day's field holds it */
  if (cancellable != NULL && gtk_widget_has_focus (self->show_button))
    gtk_widget_grab_focus (GTK_WIDGET (self->date_entry));
  if (self->load != NULL)
    g_cancellable_cancel (self->load);
  g_set_object (&self->load, cancellable);
  update_actions (self);
  if (was_busy != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
day_loaded (gpointer      owner,
            JsonNode     *answer,
            const GError *error)
{
  TsReportsEndOfDay *self = owner;

  set_load (self, NULL);
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      self->loaded_message = NULL;
      set_message (self, error != NULL ? error->message : _("The server gave no answer."));
      return;
    }
  g_clear_pointer (&self->report, json_object_unref);
  self->report = json_object_ref (json_node_get_object (answer));
  ts_report_table_set_report (self->tills_table, part (self, "tills"));
  ts_report_table_set_report (self->summary_table, part (self, "summary"));
  g_free (self->date);
  self->date = g_strdup (json_object_get_string_member_with_default (self->report, "date", ""));
  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), self->date);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
  set_message (self, self->loaded_message != NULL ? self->loaded_message : "");
  self->loaded_message = NULL;
  update_actions (self);
}

static void
load_day (TsReportsEndOfDay *self)
{
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_entry))));
  gboolean master;

  if (self->client == NULL)
    return;
  if (!ts_validate_date (_("Day"), date, &error))
    {
      set_message (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->date_entry));
      return;
    }
  master = ts_api_client_get_level (self->client) == TS_LEVEL_MASTER;
  cancellable = g_cancellable_new ();
  set_load (self, cancellable);
  ts_api_client_get_end_of_day_async (self->client, date, master ? self->outlet_id : 0, cancellable, ts_api_answered,
                                      ts_api_call (self, day_loaded));
}

static void
show_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  load_day (TS_REPORTS_END_OF_DAY (widget));
}

static void
on_date_activate (TsReportsEndOfDay *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "eod.show", NULL);
}

static void
on_till_closed (TsReportsEndOfDay *self,
                JsonObject        *closing)
{
  self->loaded_message = _("The till is closed.");
  /* Close Till… goes insensitive for a closed till: the list takes the focus */
  gtk_widget_grab_focus (GTK_WIDGET (self->tills_table));
  load_day (self);
}

static void
close_till_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TsReportsEndOfDay *self = TS_REPORTS_END_OF_DAY (widget);
  JsonObject *till = till_to_close (self);
  TsTillCloseDialog *dialog;

  if (till == NULL || self->date == NULL)
    return;
  dialog = ts_till_close_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->client, self->date,
                                     json_object_get_int_member_with_default (till, "employee_id", 0),
                                     json_object_get_string_member_with_default (till, "employee", ""));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_till_closed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_till_activated (TsReportsEndOfDay *self,
                   JsonObject        *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "eod.close-till", NULL);
}

static void
on_till_selected (TsReportsEndOfDay *self)
{
  update_actions (self);
}

static TsReportPdf *
printout (TsReportsEndOfDay *self)
{
  g_autofree char *subtitle = g_strdup_printf ("%s — %s", self->outlet_name != NULL ? self->outlet_name : "",
                                               self->date != NULL ? self->date : "");
  TsReportPdf *pdf = ts_report_pdf_new (_("End of day"), subtitle);

  if (part (self, "tills") != NULL)
    ts_report_pdf_add_table (pdf, _("Tills"), part (self, "tills"));
  if (part (self, "summary") != NULL)
    ts_report_pdf_add_table (pdf, _("The day"), part (self, "summary"));
  return pdf;
}

static void
print_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TsReportsEndOfDay *self = TS_REPORTS_END_OF_DAY (widget);
  g_autoptr(TsReportPdf) pdf = printout (self);
  g_autoptr(GError) error = NULL;

  if (ts_report_pdf_print (pdf, GTK_WINDOW (gtk_widget_get_root (widget)), GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                           NULL, &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    set_message (self, error->message);
}

static void
on_save_response (GtkNativeDialog   *dialog,
                  int                response,
                  TsReportsEndOfDay *self)
{
  g_autoptr(GFile) file = response == GTK_RESPONSE_ACCEPT ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog)) : NULL;

  if (file != NULL && self->report != NULL)
    {
      g_autoptr(TsReportPdf) pdf = printout (self);
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_file_get_parse_name (file);
      g_autofree char *saved = g_strdup_printf (_("Saved to %s."), name);

      set_message (self, ts_report_pdf_save (pdf, file, &error) ? saved : error->message);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_pdf_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TsReportsEndOfDay *self = TS_REPORTS_END_OF_DAY (widget);
  g_autofree char *name = g_strdup_printf ("%s %s.pdf", _("End of day"), self->date != NULL ? self->date : "");
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Export PDF"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Type ------------------------------------------------------------------------------------- */

static void
ts_reports_end_of_day_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TsReportsEndOfDay *self = TS_REPORTS_END_OF_DAY (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->load != NULL);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message != NULL ? self->message : "");
      break;
    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_reports_end_of_day_dispose (GObject *object)
{
  TsReportsEndOfDay *self = TS_REPORTS_END_OF_DAY (object);

  if (self->load != NULL)
    g_cancellable_cancel (self->load);
  g_clear_object (&self->load);
  g_clear_object (&self->client);
  g_clear_pointer (&self->report, json_object_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_REPORTS_END_OF_DAY);
  G_OBJECT_CLASS (ts_reports_end_of_day_parent_class)->dispose (object);
}

static void
ts_reports_end_of_day_finalize (GObject *object)
{
  TsReportsEndOfDay *self = TS_REPORTS_END_OF_DAY (object);

  g_free (self->outlet_name);
  g_free (self->message);
  g_free (self->date);
  G_OBJECT_CLASS (ts_reports_end_of_day_parent_class)->finalize (object);
}

static void
ts_reports_end_of_day_class_init (TsReportsEndOfDayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ts_reports_end_of_day_get_property;
  object_class->dispose = ts_reports_end_of_day_dispose;
  object_class->finalize = ts_reports_end_of_day_finalize;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, "",
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATE] = g_param_spec_string ("date", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TS_TYPE_REPORT_TABLE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-reports-end-of-day.ui");
  gtk_widget_class_bind_template_child (widget_class, TsReportsEndOfDay, date_entry);
  gtk_widget_class_bind_template_child (widget_class, TsReportsEndOfDay, show_button);
  gtk_widget_class_bind_template_child (widget_class, TsReportsEndOfDay, tills_table);
  gtk_widget_class_bind_template_child (widget_class, TsReportsEndOfDay, summary_table);
  gtk_widget_class_bind_template_callback (widget_class, on_date_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_till_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_till_selected);
  gtk_widget_class_install_action (widget_class, "eod.show", NULL, show_activated);
  gtk_widget_class_install_action (widget_class, "eod.close-till", NULL, close_till_activated);
  gtk_widget_class_install_action (widget_class, "eod.print", NULL, print_activated);
  gtk_widget_class_install_action (widget_class, "eod.export-pdf", NULL, export_pdf_activated);
}

static void
ts_reports_end_of_day_init (TsReportsEndOfDay *self)
{
  g_autofree char *today = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* the outlet's today (in its time zone, whatever the workstation's) */
  today = ts_format_today ();
  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), today);
  update_actions (self);
}

void
ts_reports_end_of_day_load (TsReportsEndOfDay *self,
                            TsApiClient       *client,
                            gint64             outlet_id,
                            const char        *outlet_name)
{
  g_return_if_fail (TS_IS_REPORTS_END_OF_DAY (self));
  g_set_object (&self->client, client);
  self->outlet_id = outlet_id;
  g_free (self->outlet_name);
  self->outlet_name = g_strdup (outlet_name);
  load_day (self);
}

JsonObject *
_ts_reports_end_of_day_get_report (TsReportsEndOfDay *self)
{
  return self->report;
}

gboolean
_ts_reports_end_of_day_choose (TsReportsEndOfDay *self,
                               gint64             employee_id)
{
  return ts_report_table_select_where (self->tills_table, "employee_id", employee_id);
}

gboolean
_ts_reports_end_of_day_print_to (TsReportsEndOfDay  *self,
                                 const char         *filename,
                                 GError            **error)
{
  g_autoptr(TsReportPdf) pdf = printout (self);

  return ts_report_pdf_print (pdf, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                              GTK_PRINT_OPERATION_ACTION_EXPORT, filename, error) != GTK_PRINT_OPERATION_RESULT_ERROR;
}
