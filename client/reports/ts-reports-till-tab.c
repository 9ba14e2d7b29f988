/* ts-reports-till-tab.c — the till for a day (A4)
 *
 * What each level sees follows rule C4, as the server enforces it: Walk-up
 * Sales its own till, Box Office and up every employee's.  The day defaults
 * to the outlet's today as the server counts it (in the outlet's time zone),
 * not the workstation's; the calendar only fills the field, so it stays
 * usable from the keyboard.  One column per payment method anybody used
 * that day.  The till never waits for "Show": it loads when it is shown,
 * and again after every sale, refund or exchange made from this
 * workstation (the client's "changed::orders"), at once if it is on screen,
 * else when it next is. */
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ts-api-accounts.h"
#include "ts-api-call.h"
#include "ts-format.h"
#include "ts-json-item.h"
#include "ts-order-format.h"
#include "ts-reports-money-column.h"
#include "ts-validate.h"
#include "ts-reports-till-tab.h"

struct _TsReportsTillTab
{
  GtkBox         parent_instance;

  GtkEntry      *till_date_entry;
  GtkMenuButton *till_calendar_button;
  GtkCalendar   *till_calendar;
  GtkLabel      *till_scope_label;
  GtkColumnView *till_view;
  GtkLabel      *till_status_label;

  TsApiClient   *client;
  gint64         outlet_id;          /* the books read; 0 until known */
  GCancellable  *till_cancellable;   /* the load under way */
  GListStore    *till;
  GPtrArray     *method_columns;     /* GtkColumnViewColumn, one per method */
  char          *calendar_day;       /* the day when the calendar opened */
  char          *date;
  gulong         changed_handler;    /* the client's "changed::orders" */
  gboolean       stale;              /* an order changed since the last load */
};

G_DEFINE_FINAL_TYPE (TsReportsTillTab, ts_reports_till_tab, GTK_TYPE_BOX)

enum { PROP_0, PROP_BUSY, PROP_DATE, PROP_TILL, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
set_status (TsReportsTillTab *self,
            const char       *text,
            gboolean          is_error)
{
  gtk_label_set_text (self->till_status_label, text ? text : "");
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->till_status_label), "error-text");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->till_status_label), "error-text");
}

static void
set_busy (TsReportsTillTab *self,
          GCancellable     *cancellable)
{
  gboolean was_busy = self->till_cancellable != NULL;

  if (self->till_cancellable != NULL)
    g_cancellable_cancel (self->till_cancellable);
  g_set_object (&self->till_cancellable, cancellable);
  if (was_busy != (cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static char *
till_name (JsonObject *row)
{
  const char *name = ts_order_string_member (row, "name");

  return g_strdup (*name ? name : _("(no employee: online)"));
}

static char *
till_balanced (JsonObject *row)
{
  gint64 off = json_object_get_int_member_with_default (row, "taken_cents", 0)
               - (json_object_get_int_member_with_default (row, "sales_cents", 0)
                  - json_object_get_int_member_with_default (row, "refunds_cents", 0));
  g_autofree char *money = NULL;

  if (json_object_get_boolean_member_with_default (row, "balanced", FALSE))
    return g_strdup (_("✓ Balanced"));
  money = ts_format_money (off);
  return g_strdup_printf (_("✗ Off by %s"), money);
}

static int
method_rank (const char *method)
{
  static const char *order[] = { "cash", "cheque", "card", "gift_certificate", "pass", "on_account", "exchange_credit" };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (g_str_equal (order[i], method))
      return (int) i;
  return G_N_ELEMENTS (order);
}

static int
compare_methods (gconstpointer a,
                 gconstpointer b)
{
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;
  int difference = method_rank (x) - method_rank (y);

  return difference != 0 ? difference : strcmp (x, y);
}

/* One column per method anybody used that day, in the till's usual order. */
static void
rebuild_method_columns (TsReportsTillTab *self,
                        JsonArray        *employees)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) methods = g_ptr_array_new ();

  for (guint i = 0; i < self->method_columns->len; i++)
    gtk_column_view_remove_column (self->till_view, g_ptr_array_index (self->method_columns, i));
  g_ptr_array_set_size (self->method_columns, 0);

  for (guint i = 0; employees != NULL && i < json_array_get_length (employees); i++)
    {
      JsonNode *by = json_object_get_member (json_array_get_object_element (employees, i), "by_method");
      g_autoptr(GList) members = NULL;

      if (by == NULL || !JSON_NODE_HOLDS_OBJECT (by))
        continue;
      members = json_object_get_members (json_node_get_object (by));
      for (GList *l = members; l != NULL; l = l->next)
        if (g_hash_table_add (seen, l->data))
          g_ptr_array_add (methods, l->data);
    }
  g_ptr_array_sort (methods, compare_methods);
  for (guint i = 0; i < methods->len; i++)
    {
      const char *method = g_ptr_array_index (methods, i);
      GtkColumnViewColumn *column = ts_reports_money_column_new (ts_order_method_name (method), method, TRUE);

      gtk_column_view_insert_column (self->till_view, 1 + i, column);
      g_ptr_array_add (self->method_columns, column);
    }
}

static void
till_loaded (gpointer      owner,
             JsonNode     *answer,
             const GError *error)
{
  TsReportsTillTab *self = owner;
  JsonArray *employees;
  guint unbalanced = 0;
  guint count;
  g_autofree char *status = NULL;

  set_busy (self, NULL);
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      set_status (self, error ? error->message : _("The server gave no answer"), TRUE);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->till_date_entry), ts_order_string_member (json_node_get_object (answer), "date"));
  employees = json_object_get_array_member (json_node_get_object (answer), "employees");
  rebuild_method_columns (self, employees);
  ts_json_item_fill_store (self->till, answer, "employees");
  count = employees != NULL ? json_array_get_length (employees) : 0;
  for (guint i = 0; i < count; i++)
    if (!json_object_get_boolean_member_with_default (json_array_get_object_element (employees, i), "balanced", FALSE))
      unbalanced++;
  if (count == 0)
    status = g_strdup (_("No payments, sales or refunds that day."));
  else if (unbalanced == 0)
    status = g_strdup (count == 1 ? _("The till balances.") : _("Every till balances."));
  else
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u till does not balance: the money taken is not the sales less the refunds.",
                                           "%u tills do not balance: the money taken is not the sales less the refunds.",
                                           unbalanced), unbalanced);
  set_status (self, status, unbalanced > 0);
  /* the outlet's day, as the server counts it */
  g_free (self->date);
  self->date = g_strdup (ts_order_string_member (json_node_get_object (answer), "date"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

static void
load_day (TsReportsTillTab *self,
          const char       *date)
{
  g_autoptr(GCancellable) cancellable = NULL;
  gboolean master;

  if (self->client == NULL || ts_api_client_get_level (self->client) < TS_LEVEL_WALKUP || self->outlet_id == 0)
    return;
  master = ts_api_client_get_level (self->client) == TS_LEVEL_MASTER;
  cancellable = g_cancellable_new ();
  self->stale = FALSE;
  set_busy (self, cancellable);
  set_status (self, _("Loading…"), FALSE);
  /* the Master User names the outlet whose books he reads */
  ts_api_client_get_till_async (self->client, date, master ? self->outlet_id : 0, cancellable, ts_api_answered,
                                ts_api_call (self, till_loaded));
}

static void
show_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TsReportsTillTab *self = TS_REPORTS_TILL_TAB (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *date = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->till_date_entry))));

  if (*date != '\0' && !ts_validate_date (_("Day"), date, &error))
    {
      set_status (self, error->message, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->till_date_entry));
      return;
    }
  load_day (self, date);
}

static void
on_date_activate (TsReportsTillTab *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "till.show", NULL);
}

/* The calendar opens on the day typed; moving in it (arrows, clicks) only
 * fills the field, so it stays usable from the keyboard; closing it
 * (Escape, a click elsewhere, a double click on a day) shows that day. */
static void
on_calendar_shown (TsReportsTillTab *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->till_date_entry)));
  int year, month, day;

  g_free (self->calendar_day);
  self->calendar_day = g_strdup (text);
  if (sscanf (text, "%4d-%2d-%2d", &year, &month, &day) == 3)
    {
      g_autoptr(GDateTime) date = g_date_time_new_local (year, month, day, 12, 0, 0);

      if (date != NULL)
        gtk_calendar_select_day (self->till_calendar, date);
    }
}

static void
on_till_day_selected (TsReportsTillTab *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->till_calendar);
  /* the day picked, as it is: not a moment to move into the outlet's zone */
  g_autofree char *text = g_date_time_format (day, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (self->till_date_entry), text);
}

static void
on_calendar_closed (TsReportsTillTab *self)
{
  if (g_strcmp0 (self->calendar_day, gtk_editable_get_text (GTK_EDITABLE (self->till_date_entry))) != 0)
    show_activated (GTK_WIDGET (self), NULL, NULL);
  g_clear_pointer (&self->calendar_day, g_free);
}

static void
on_calendar_pressed (GtkGestureClick  *gesture,
                     int               n_press,
                     double            x,
                     double            y,
                     TsReportsTillTab *self)
{
  if (n_press == 2)
    gtk_menu_button_popdown (self->till_calendar_button);
}

/* A sale, refund or exchange from this workstation: the till it shows is
 * out of date. */
static void
on_orders_changed (TsReportsTillTab *self)
{
  self->stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load_day (self, gtk_editable_get_text (GTK_EDITABLE (self->till_date_entry)));
}

static void
ts_reports_till_tab_map (GtkWidget *widget)
{
  TsReportsTillTab *self = TS_REPORTS_TILL_TAB (widget);

  GTK_WIDGET_CLASS (ts_reports_till_tab_parent_class)->map (widget);
  if (self->stale)
    load_day (self, gtk_editable_get_text (GTK_EDITABLE (self->till_date_entry)));
}

static void
ts_reports_till_tab_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TsReportsTillTab *self = TS_REPORTS_TILL_TAB (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->till_cancellable != NULL);
      break;
    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;
    case PROP_TILL:
      g_value_set_object (value, self->till);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_reports_till_tab_dispose (GObject *object)
{
  TsReportsTillTab *self = TS_REPORTS_TILL_TAB (object);

  if (self->till_cancellable != NULL)
    g_cancellable_cancel (self->till_cancellable);
  g_clear_object (&self->till_cancellable);
  if (self->client != NULL)
    g_clear_signal_handler (&self->changed_handler, self->client);
  g_clear_object (&self->client);
  g_clear_object (&self->till);
  g_clear_pointer (&self->method_columns, g_ptr_array_unref);
  G_OBJECT_CLASS (ts_reports_till_tab_parent_class)->dispose (object);
}

static void
ts_reports_till_tab_finalize (GObject *object)
{
  TsReportsTillTab *self = TS_REPORTS_TILL_TAB (object);

  g_free (self->calendar_day);
  g_free (self->date);
  G_OBJECT_CLASS (ts_reports_till_tab_parent_class)->finalize (object);
}

static void
ts_reports_till_tab_class_init (TsReportsTillTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ts_reports_till_tab_get_property;
  object_class->dispose = ts_reports_till_tab_dispose;
  object_class->finalize = ts_reports_till_tab_finalize;
  widget_class->map = ts_reports_till_tab_map;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATE] = g_param_spec_string ("date", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TILL] = g_param_spec_object ("till", NULL, NULL, G_TYPE_LIST_MODEL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-reports-till-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, TsReportsTillTab, till_date_entry);
  gtk_widget_class_bind_template_child (widget_class, TsReportsTillTab, till_calendar_button);
  gtk_widget_class_bind_template_child (widget_class, TsReportsTillTab, till_calendar);
  gtk_widget_class_bind_template_child (widget_class, TsReportsTillTab, till_scope_label);
  gtk_widget_class_bind_template_child (widget_class, TsReportsTillTab, till_view);
  gtk_widget_class_bind_template_child (widget_class, TsReportsTillTab, till_status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_date_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_till_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_shown);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_closed);
  gtk_widget_class_install_action (widget_class, "till.show", NULL, show_activated);
}

static void
ts_reports_till_tab_init (TsReportsTillTab *self)
{
  GtkNoSelection *selection;
  GtkGesture *double_click;

  gtk_widget_init_template (GTK_WIDGET (self));
  double_click = gtk_gesture_click_new ();
  g_signal_connect (double_click, "pressed", G_CALLBACK (on_calendar_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->till_calendar), GTK_EVENT_CONTROLLER (double_click));
  self->method_columns = g_ptr_array_new_with_free_func (g_object_unref);
  self->till = g_list_store_new (TS_TYPE_JSON_ITEM);

  /* a read-only list: rows take the focus, nothing to select */
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->till)));
  gtk_column_view_set_model (self->till_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  ts_order_add_column (self->till_view, _("Employee"), till_name, 0, TRUE);
  ts_reports_money_column_append (self->till_view, _("Taken"), "taken_cents");
  ts_reports_money_column_append (self->till_view, _("Sales"), "sales_cents");
  ts_reports_money_column_append (self->till_view, _("Refunds"), "refunds_cents");
  ts_order_add_column (self->till_view, _("Balanced"), till_balanced, 0, FALSE);
}

void
ts_reports_till_tab_set_client (TsReportsTillTab *self,
                                TsApiClient      *client)
{
  g_return_if_fail (TS_IS_REPORTS_TILL_TAB (self));
  if (self->client != NULL)
    g_clear_signal_handler (&self->changed_handler, self->client);
  g_set_object (&self->client, client);
  self->changed_handler = g_signal_connect_swapped (client, "changed::orders", G_CALLBACK (on_orders_changed), self);
  gtk_label_set_text (self->till_scope_label, ts_api_client_get_level (client) >= TS_LEVEL_BOX_OFFICE
                      ? _("Every employee of the outlet who took money, sold or refunded that day.")
                      : _("Your own till: the money you took, your sales and your refunds that day."));
}

void
ts_reports_till_tab_load (TsReportsTillTab *self,
                          gint64            outlet_id)
{
  g_return_if_fail (TS_IS_REPORTS_TILL_TAB (self));
  self->outlet_id = outlet_id;
  load_day (self, gtk_editable_get_text (GTK_EDITABLE (self->till_date_entry)));
}

void
ts_reports_till_tab_show_error (TsReportsTillTab *self,
                                const char       *message)
{
  g_return_if_fail (TS_IS_REPORTS_TILL_TAB (self));
  set_status (self, message, TRUE);
}
