/* ts-reports-page.c — Till and Between Outlets
 *
 * What each level sees follows rule C4, as the server enforces it: Walk-up
 * Sales its own till, Box Office and up every employee's, Box Office
 * Managers and up the accounts between outlets.  A tab the caller may not
 * use says why instead of failing.  The Master User picks the outlet whose
 * books he reads, since the accounts are always one outlet's.
 *
 * The till's day defaults to the outlet's today as the server counts it (in
 * the outlet's time zone), not the workstation's. */
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ts-json-item.h"
#include "ts-order-format.h"
#include "ts-validate.h"
#include "ts-reports-page.h"

struct _TsReportsPage
{
  GtkWidget      parent_instance;

  GtkWidget     *box;
  GtkWidget     *outlet_box;
  GtkDropDown   *outlet_dropdown;
  GtkLabel      *explanation_label;
  GtkWidget     *switcher;
  GtkStack      *stack;
  GtkEntry      *till_date_entry;
  GtkMenuButton *till_calendar_button;
  GtkCalendar   *till_calendar;
  GtkLabel      *till_scope_label;
  GtkColumnView *till_view;
  GtkLabel      *till_status_label;
  GtkWidget     *outlets_denied_label;
  GtkWidget     *outlets_box;
  GtkColumnView *balances_view;
  GtkDropDown   *counterparty_dropdown;
  GtkEntry      *from_entry;
  GtkEntry      *to_entry;
  GtkWidget     *record_button;
  GtkGrid       *report_grid;
  GtkLabel      *settlements_label;
  GtkLabel      *outlets_message_label;

  TsApiClient   *client;
  TsLevel        level;
  GCancellable  *cancellable;
  GCancellable  *till_cancellable;
  JsonNode      *directory;          /* GET /outlets/directory */
  GArray        *outlet_ids;         /* Master User: the outlet drop-down's */
  GArray        *counterparty_ids;   /* the counterparty drop-down's */
  GListStore    *till;
  GListStore    *balances;
  GPtrArray     *method_columns;     /* GtkColumnViewColumn of the till, one per method */
  JsonObject    *settlement;         /* the report shown */
  char          *settlement_name;    /* its counterparty's name */
  char          *calendar_day;       /* the day when the calendar opened */
  guint          pending;
};

G_DEFINE_FINAL_TYPE (TsReportsPage, ts_reports_page, GTK_TYPE_WIDGET)

static void load_till (TsReportsPage *self, const char *date);
static void load_balances (TsReportsPage *self);

static void
set_label (GtkLabel   *label,
           const char *text,
           gboolean    is_error)
{
  gtk_label_set_text (label, text ? text : "");
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error-text");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error-text");
}

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

/* "?outlet_id=3" for the Master User (first is "?" or "&"), else "". */
static char *
outlet_query (TsReportsPage *self,
              const char    *first)
{
  if (!is_master (self))
    return g_strdup ("");
  return g_strdup_printf ("%soutlet_id=%" G_GINT64_FORMAT, first, book_outlet (self));
}

static char *
directory_name (TsReportsPage *self,
                gint64         outlet_id)
{
  JsonArray *outlets = NULL;

  if (self->directory != NULL && JSON_NODE_HOLDS_OBJECT (self->directory))
    outlets = json_object_get_array_member (json_node_get_object (self->directory), "outlets");
  for (guint i = 0; outlets != NULL && i < json_array_get_length (outlets); i++)
    {
      JsonObject *outlet = json_array_get_object_element (outlets, i);

      if (json_object_get_int_member (outlet, "id") == outlet_id)
        return g_strdup (json_object_get_string_member (outlet, "name"));
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT, outlet_id);
}

static void
request_done (TsReportsPage *self)
{
  if (self->pending > 0)
    self->pending--;
}

/* Columns --------------------------------------------------------------------- */

typedef struct
{
  char *member;     /* an amount member, or a method of "by_method" */
  gboolean method;
} MoneyColumn;

static void
money_column_free (gpointer  data,
                   GClosure *closure)
{
  MoneyColumn *column = data;

  g_free (column->member);
  g_free (column);
}

static void
setup_money (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_list_item_set_child (item, label);
}

static void
bind_money (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  MoneyColumn *column = user_data;
  JsonObject *row = ts_json_item_get_object (gtk_list_item_get_item (item));
  JsonObject *source = row;
  g_autofree char *text = NULL;

  if (column->method)
    source = json_object_get_member (row, "by_method") != NULL && JSON_NODE_HOLDS_OBJECT (json_object_get_member (row, "by_method"))
             ? json_object_get_object_member (row, "by_method") : NULL;
  if (source != NULL && json_object_has_member (source, column->member))
    text = ts_order_format_money (json_object_get_int_member (source, column->member));
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text ? text : "—");
}

static GtkColumnViewColumn *
money_column (const char *title,
              const char *member,
              gboolean    method)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  MoneyColumn *column = g_new0 (MoneyColumn, 1);
  GtkColumnViewColumn *view_column;

  column->member = g_strdup (member);
  column->method = method;
  g_signal_connect (factory, "setup", G_CALLBACK (setup_money), NULL);
  g_signal_connect_data (factory, "bind", G_CALLBACK (bind_money), column, money_column_free, 0);
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  return view_column;
}

static void
append_money_column (GtkColumnView *view,
                     const char    *title,
                     const char    *member)
{
  g_autoptr(GtkColumnViewColumn) column = money_column (title, member, FALSE);

  gtk_column_view_append_column (view, column);
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
  money = ts_order_format_money (off);
  return g_strdup_printf (_("✗ Off by %s"), money);
}

static char *
balance_outlet (JsonObject *row)
{
  return g_strdup (ts_order_string_member (row, "outlet"));
}

/* Till -------------------------------------------------------------------------------- */

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
rebuild_method_columns (TsReportsPage *self,
                        JsonArray     *employees)
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
      GtkColumnViewColumn *column = money_column (ts_order_method_name (method), method, TRUE);

      gtk_column_view_insert_column (self->till_view, 1 + i, column);
      g_ptr_array_add (self->method_columns, column);
    }
}

static void
till_loaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsReportsPage *self = user_data;
  JsonArray *employees;
  guint unbalanced = 0;
  guint count;
  g_autofree char *status = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  request_done (self);
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      set_label (self->till_status_label, error ? error->message : _("The server gave no answer"), TRUE);
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
  set_label (self->till_status_label, status, unbalanced > 0);

  /* the settlement period defaults to this month, up to the outlet's today */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->to_entry)) == '\0')
    {
      const char *day = ts_order_string_member (json_node_get_object (answer), "date");
      g_autofree char *first = g_strndup (day, 8);
      g_autofree char *from = g_strconcat (first, "01", NULL);

      gtk_editable_set_text (GTK_EDITABLE (self->to_entry), day);
      gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
    }
}

static void
load_till (TsReportsPage *self,
           const char    *date)
{
  g_autofree char *outlet = NULL;
  g_autofree char *path = NULL;

  if (self->level < TS_LEVEL_WALKUP || (is_master (self) && book_outlet (self) == 0))
    return;
  g_cancellable_cancel (self->till_cancellable);
  g_clear_object (&self->till_cancellable);
  self->till_cancellable = g_cancellable_new ();
  if (date != NULL && *date != '\0')
    {
      outlet = outlet_query (self, "&");
      path = g_strdup_printf ("/accounts/till?date=%s%s", date, outlet);
    }
  else
    {
      outlet = outlet_query (self, "?");
      path = g_strdup_printf ("/accounts/till%s", outlet);
    }
  self->pending++;
  set_label (self->till_status_label, _("Loading…"), FALSE);
  ts_api_client_request_async (self->client, "GET", path, NULL, self->till_cancellable, till_loaded, self);
}

static void
on_till_show (TsReportsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *date = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->till_date_entry))));

  if (*date != '\0' && !ts_validate_date (_("Day"), date, &error))
    {
      set_label (self->till_status_label, error->message, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->till_date_entry));
      return;
    }
  load_till (self, date);
}

/* The calendar opens on the day typed; moving in it (arrows, clicks) only
 * fills the field, so it stays usable from the keyboard; closing it
 * (Escape, a click elsewhere, a double click on a day) shows that day. */
static void
on_calendar_shown (TsReportsPage *self)
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
on_till_day_selected (TsReportsPage *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->till_calendar);
  g_autofree char *text = g_date_time_format (day, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (self->till_date_entry), text);
}

static void
on_calendar_closed (TsReportsPage *self)
{
  if (g_strcmp0 (self->calendar_day, gtk_editable_get_text (GTK_EDITABLE (self->till_date_entry))) != 0)
    on_till_show (self);
  g_clear_pointer (&self->calendar_day, g_free);
}

static void
on_calendar_pressed (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     TsReportsPage   *self)
{
  if (n_press == 2)
    gtk_menu_button_popdown (self->till_calendar_button);
}

/* Between outlets ----------------------------------------------------------------------- */

static void
balances_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsReportsPage *self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  request_done (self);
  if (answer == NULL)
    {
      set_label (self->outlets_message_label, error->message, TRUE);
      return;
    }
  ts_json_item_fill_store (self->balances, answer, "balances");
}

static void
load_balances (TsReportsPage *self)
{
  g_autofree char *outlet = NULL;
  g_autofree char *path = NULL;

  if (self->level < TS_LEVEL_MANAGER || (is_master (self) && book_outlet (self) == 0))
    return;
  outlet = outlet_query (self, "?");
  path = g_strdup_printf ("/accounts/balances%s", outlet);
  self->pending++;
  ts_api_client_request_async (self->client, "GET", path, NULL, self->cancellable, balances_loaded, self);
}

static gint64
chosen_counterparty (TsReportsPage *self)
{
  guint i = gtk_drop_down_get_selected (self->counterparty_dropdown);

  return i < self->counterparty_ids->len ? g_array_index (self->counterparty_ids, gint64, i) : 0;
}

static void
fill_counterparties (TsReportsPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 previous = chosen_counterparty (self);
  JsonArray *outlets = NULL;
  guint selected = 0;

  g_array_set_size (self->counterparty_ids, 0);
  if (self->directory != NULL && JSON_NODE_HOLDS_OBJECT (self->directory))
    outlets = json_object_get_array_member (json_node_get_object (self->directory), "outlets");
  for (guint i = 0; outlets != NULL && i < json_array_get_length (outlets); i++)
    {
      JsonObject *outlet = json_array_get_object_element (outlets, i);
      gint64 id = json_object_get_int_member (outlet, "id");

      if (id == book_outlet (self))
        continue;
      if (id == previous)
        selected = self->counterparty_ids->len;
      gtk_string_list_append (names, json_object_get_string_member (outlet, "name"));
      g_array_append_val (self->counterparty_ids, id);
    }
  gtk_drop_down_set_model (self->counterparty_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->counterparty_dropdown,
                              self->counterparty_ids->len > 0 ? selected : GTK_INVALID_LIST_POSITION);
}

static void
grid_text (TsReportsPage *self,
           const char    *text,
           int            column,
           int            row,
           float          xalign,
           gboolean       heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_selectable (GTK_LABEL (label), column > 0);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  gtk_grid_attach (self->report_grid, label, column, row, 1, 1);
}

static gboolean
anything_outstanding (JsonObject *outstanding)
{
  static const char *members[] = { "ticket_due_from_cents", "ticket_due_to_cents",
                                   "commission_due_from_cents", "commission_due_to_cents", "net_due_to_us_cents" };

  for (guint i = 0; outstanding != NULL && i < G_N_ELEMENTS (members); i++)
    if (json_object_get_int_member_with_default (outstanding, members[i], 0) != 0)
      return TRUE;
  return FALSE;
}

static void
show_settlement (TsReportsPage *self)
{
  static const char *members[] = { "ticket_due_from_cents", "ticket_due_to_cents",
                                   "commission_due_from_cents", "commission_due_to_cents", "net_due_to_us_cents" };
  const char *titles[] = { _("Ticket money they owe us"), _("Ticket money we owe them"),
                           _("Commission they owe us"), _("Commission we owe them"), _("Net due to us") };
  JsonObject *activity = json_object_get_object_member (self->settlement, "activity");
  JsonObject *outstanding = json_object_get_object_member (self->settlement, "outstanding");
  JsonArray *settlements = json_object_get_array_member (self->settlement, "settlements");
  g_autofree char *period = g_strdup_printf (_("%s to %s"), ts_order_string_member (self->settlement, "from"),
                                             ts_order_string_member (self->settlement, "to"));
  g_autofree char *at_end = g_strdup_printf (_("Outstanding at the end of %s"),
                                             ts_order_string_member (self->settlement, "to"));
  GtkWidget *child;
  guint count = settlements != NULL ? json_array_get_length (settlements) : 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->report_grid))) != NULL)
    gtk_grid_remove (self->report_grid, child);
  grid_text (self, self->settlement_name, 0, 0, 0, TRUE);
  grid_text (self, period, 1, 0, 1, TRUE);
  grid_text (self, at_end, 2, 0, 1, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autofree char *in_period = ts_order_format_money (json_object_get_int_member_with_default (activity, members[i], 0));
      g_autofree char *owed = ts_order_format_money (json_object_get_int_member_with_default (outstanding, members[i], 0));

      grid_text (self, titles[i], 0, i + 1, 0, i == G_N_ELEMENTS (members) - 1);
      grid_text (self, in_period, 1, i + 1, 1, i == G_N_ELEMENTS (members) - 1);
      grid_text (self, owed, 2, i + 1, 1, i == G_N_ELEMENTS (members) - 1);
    }
  if (count == 0)
    gtk_label_set_text (self->settlements_label, _("No settlement was recorded in the period."));
  else
    {
      GString *text = g_string_new (NULL);

      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u settlement recorded in the period:",
                                                 "%u settlements recorded in the period:", count), count);
      for (guint i = 0; i < count; i++)
        {
          JsonObject *s = json_array_get_object_element (settlements, i);
          g_autofree char *when = ts_order_format_time (ts_order_string_member (s, "created_at"));
          g_autofree char *tickets = ts_order_format_money (json_object_get_int_member_with_default (s, "ticket_cents", 0));
          g_autofree char *commission = ts_order_format_money (json_object_get_int_member_with_default (s, "commission_cents", 0));
          const char *reference = ts_order_string_member (s, "reference");

          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("%s: tickets %s, commission %s"), when, tickets, commission);
          if (*reference != '\0')
            g_string_append_printf (text, " (%s)", reference);
        }
      gtk_label_set_text (self->settlements_label, text->str);
      g_string_free (text, TRUE);
    }
  gtk_widget_set_sensitive (self->record_button, anything_outstanding (outstanding));
  gtk_widget_set_tooltip_text (self->record_button, anything_outstanding (outstanding)
                               ? _("Clear what the two outlets owe each other up to the end of the period")
                               : _("Nothing is outstanding at the end of the period."));
}

static void
settlement_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsReportsPage *self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  request_done (self);
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      set_label (self->outlets_message_label, error ? error->message : _("The server gave no answer"), TRUE);
      return;
    }
  g_clear_pointer (&self->settlement, json_object_unref);
  self->settlement = json_object_ref (json_node_get_object (answer));
  g_free (self->settlement_name);
  self->settlement_name = directory_name (self, json_object_get_int_member (self->settlement, "counterparty_id"));
  show_settlement (self);
}

static void
on_report_clicked (TsReportsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->from_entry))));
  g_autofree char *to = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->to_entry))));
  g_autofree char *outlet = outlet_query (self, "&");
  g_autofree char *path = NULL;
  gint64 counterparty = chosen_counterparty (self);

  if (counterparty == 0)
    {
      set_label (self->outlets_message_label, _("Choose the outlet to settle with."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->counterparty_dropdown));
      return;
    }
  if (!ts_validate_date (_("From"), from, &error) || !ts_validate_date (_("Until"), to, &error))
    {
      set_label (self->outlets_message_label, error->message, TRUE);
      return;
    }
  if (strcmp (from, to) > 0)
    {
      set_label (self->outlets_message_label, _("The period ends before it starts."), TRUE);
      return;
    }
  set_label (self->outlets_message_label, NULL, FALSE);
  path = g_strdup_printf ("/accounts/settlement?counterparty_id=%" G_GINT64_FORMAT "&from=%s&to=%s%s",
                          counterparty, from, to, outlet);
  self->pending++;
  ts_api_client_request_async (self->client, "GET", path, NULL, self->cancellable, settlement_loaded, self);
}

static void
on_balance_activated (TsReportsPage *self,
                      guint          position)
{
  g_autoptr(TsJsonItem) item = g_list_model_get_item (G_LIST_MODEL (self->balances), position);
  gint64 id;

  if (item == NULL)
    return;
  id = json_object_get_int_member (ts_json_item_get_object (item), "outlet_id");
  for (guint i = 0; i < self->counterparty_ids->len; i++)
    if (g_array_index (self->counterparty_ids, gint64, i) == id)
      gtk_drop_down_set_selected (self->counterparty_dropdown, i);
  on_report_clicked (self);
}

static void
settled (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsReportsPage *self = user_data;
  gint64 net;
  g_autofree char *money = NULL;
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  request_done (self);
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      set_label (self->outlets_message_label, error ? error->message : _("The server gave no answer"), TRUE);
      return;
    }
  net = json_object_get_int_member_with_default (json_node_get_object (answer), "net_due_to_us_cents", 0);
  money = ts_order_format_money (ABS (net));
  if (net >= 0)
    text = g_strdup_printf (_("Settlement recorded: %s paid us %s."), self->settlement_name, money);
  else
    text = g_strdup_printf (_("Settlement recorded: we paid %s %s."), self->settlement_name, money);
  load_balances (self);
  on_report_clicked (self);
  set_label (self->outlets_message_label, text, FALSE);
}

static void
on_confirm_response (GtkDialog     *dialog,
                     int            response,
                     TsReportsPage *self)
{
  GtkEditable *reference = g_object_get_data (G_OBJECT (dialog), "reference-entry");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (reference)));
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (response != GTK_RESPONSE_ACCEPT || self->settlement == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "counterparty_id");
  json_builder_add_int_value (builder, json_object_get_int_member (self->settlement, "counterparty_id"));
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, ts_order_string_member (self->settlement, "to"));
  if (*text != '\0')
    {
      json_builder_set_member_name (builder, "reference");
      json_builder_add_string_value (builder, text);
    }
  if (is_master (self))
    {
      json_builder_set_member_name (builder, "outlet_id");
      json_builder_add_int_value (builder, book_outlet (self));
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  gtk_window_destroy (GTK_WINDOW (dialog));
  self->pending++;
  set_label (self->outlets_message_label, NULL, FALSE);
  ts_api_client_request_async (self->client, "POST", "/accounts/settlements", body, self->cancellable, settled, self);
}

static void
on_record_clicked (TsReportsPage *self)
{
  JsonObject *outstanding;
  gint64 net;
  g_autofree char *money = NULL;
  g_autofree char *owes = NULL;
  GtkWidget *dialog, *area, *row, *label, *entry;

  if (self->settlement == NULL)
    return;
  outstanding = json_object_get_object_member (self->settlement, "outstanding");
  net = json_object_get_int_member_with_default (outstanding, "net_due_to_us_cents", 0);
  money = ts_order_format_money (ABS (net));
  owes = net >= 0 ? g_strdup_printf (_("%s pays us %s, net."), self->settlement_name, money)
                  : g_strdup_printf (_("we pay %s %s, net."), self->settlement_name, money);
  dialog = gtk_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_QUESTION,
                                   GTK_BUTTONS_NONE, _("Settle with %s?"), self->settlement_name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("Up to the end of %s, %s This clears what the two outlets owe each "
                                              "other for tickets and commissions, in both ledgers (rule A3)."),
                                            ts_order_string_member (self->settlement, "to"), owes);
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Record Settlement"), GTK_RESPONSE_ACCEPT);
  gtk_widget_add_css_class (gtk_dialog_get_widget_for_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT),
                            "suggested-action");
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);

  area = gtk_message_dialog_get_message_area (GTK_MESSAGE_DIALOG (dialog));
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  label = gtk_label_new_with_mnemonic (_("R_eference"));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Optional: cheque or transfer number"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_max_length (GTK_ENTRY (entry), 200);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), entry);
  gtk_box_append (GTK_BOX (area), row);
  g_object_set_data (G_OBJECT (dialog), "reference-entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* The outlet and the levels -------------------------------------------------------------- */

static void
reload_all (TsReportsPage *self)
{
  g_clear_pointer (&self->settlement, json_object_unref);
  gtk_widget_set_sensitive (self->record_button, FALSE);
  fill_counterparties (self);
  load_till (self, gtk_editable_get_text (GTK_EDITABLE (self->till_date_entry)));
  load_balances (self);
}

static void
on_outlet_changed (TsReportsPage *self)
{
  if (self->client != NULL && self->directory != NULL)
    reload_all (self);
}

static void
directory_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  JsonNode *answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsReportsPage *self = user_data;
  JsonArray *outlets = NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  request_done (self);
  if (answer == NULL)
    {
      set_label (self->till_status_label, error->message, TRUE);
      return;
    }
  self->directory = answer;
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
apply_level (TsReportsPage *self)
{
  g_autofree char *text = NULL;

  if (self->level < TS_LEVEL_WALKUP)
    {
      text = g_strdup_printf (_("Your level, %s, has no reports here. The till report is for Walk-up Sales and up, "
                                "and the accounts between outlets for Box Office Managers and up (rule C4)."),
                              ts_level_display_name (self->level));
      gtk_label_set_text (self->explanation_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->explanation_label), TRUE);
      gtk_widget_set_visible (self->switcher, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->stack), FALSE);
      return;
    }
  gtk_widget_set_visible (self->outlet_box, is_master (self));
  gtk_label_set_text (self->till_scope_label, self->level >= TS_LEVEL_BOX_OFFICE
                      ? _("Every employee of the outlet who took money, sold or refunded that day.")
                      : _("Your own till: the money you took, your sales and your refunds that day."));
  gtk_widget_set_visible (self->outlets_denied_label, self->level < TS_LEVEL_MANAGER);
  gtk_widget_set_visible (self->outlets_box, self->level >= TS_LEVEL_MANAGER);
}

/* Type ------------------------------------------------------------------------------------- */

static void
ts_reports_page_dispose (GObject *object)
{
  TsReportsPage *self = TS_REPORTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->till_cancellable != NULL)
    g_cancellable_cancel (self->till_cancellable);
  g_clear_object (&self->till_cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->till);
  g_clear_object (&self->balances);
  g_clear_pointer (&self->method_columns, g_ptr_array_unref);
  g_clear_pointer (&self->settlement, json_object_unref);
  g_clear_pointer (&self->directory, json_node_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_REPORTS_PAGE);
  G_OBJECT_CLASS (ts_reports_page_parent_class)->dispose (object);
}

static void
ts_reports_page_finalize (GObject *object)
{
  TsReportsPage *self = TS_REPORTS_PAGE (object);

  g_array_unref (self->outlet_ids);
  g_array_unref (self->counterparty_ids);
  g_free (self->settlement_name);
  g_free (self->calendar_day);
  G_OBJECT_CLASS (ts_reports_page_parent_class)->finalize (object);
}

static void
ts_reports_page_class_init (TsReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_reports_page_dispose;
  object_class->finalize = ts_reports_page_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  ts_order_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, box);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, outlet_box);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, outlet_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, switcher);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, till_date_entry);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, till_calendar_button);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, till_calendar);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, till_scope_label);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, till_view);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, till_status_label);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, outlets_denied_label);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, outlets_box);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, balances_view);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, counterparty_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, record_button);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, report_grid);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, settlements_label);
  gtk_widget_class_bind_template_child (widget_class, TsReportsPage, outlets_message_label);
  gtk_widget_class_bind_template_callback (widget_class, on_outlet_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_till_show);
  gtk_widget_class_bind_template_callback (widget_class, on_till_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_shown);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_closed);
  gtk_widget_class_bind_template_callback (widget_class, on_report_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_record_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_balance_activated);
}

static void
ts_reports_page_init (TsReportsPage *self)
{
  GtkNoSelection *selection;
  GtkGesture *double_click;

  gtk_widget_init_template (GTK_WIDGET (self));
  double_click = gtk_gesture_click_new ();
  g_signal_connect (double_click, "pressed", G_CALLBACK (on_calendar_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->till_calendar), GTK_EVENT_CONTROLLER (double_click));
  self->cancellable = g_cancellable_new ();
  self->outlet_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->counterparty_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->method_columns = g_ptr_array_new_with_free_func (g_object_unref);
  self->till = g_list_store_new (TS_TYPE_JSON_ITEM);
  self->balances = g_list_store_new (TS_TYPE_JSON_ITEM);

  /* read-only lists: rows take the focus, nothing to select */
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->till)));
  gtk_column_view_set_model (self->till_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  ts_order_add_column (self->till_view, _("Employee"), till_name, 0, TRUE);
  append_money_column (self->till_view, _("Taken"), "taken_cents");
  append_money_column (self->till_view, _("Sales"), "sales_cents");
  append_money_column (self->till_view, _("Refunds"), "refunds_cents");
  ts_order_add_column (self->till_view, _("Balanced"), till_balanced, 0, FALSE);

  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->balances)));
  gtk_column_view_set_model (self->balances_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  ts_order_add_column (self->balances_view, _("Outlet"), balance_outlet, 0, TRUE);
  append_money_column (self->balances_view, _("Tickets they owe us"), "ticket_due_from_cents");
  append_money_column (self->balances_view, _("Tickets we owe them"), "ticket_due_to_cents");
  append_money_column (self->balances_view, _("Commission they owe us"), "commission_due_from_cents");
  append_money_column (self->balances_view, _("Commission we owe them"), "commission_due_to_cents");
  append_money_column (self->balances_view, _("Net due to us"), "net_due_to_us_cents");
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
      ts_api_client_request_async (client, "GET", "/outlets/directory", NULL, self->cancellable,
                                   directory_loaded, self);
    }
  return self;
}

gboolean
ts_reports_page_is_idle (TsReportsPage *self)
{
  return self->pending == 0;
}

gboolean
ts_reports_page_has_tab (TsReportsPage *self,
                         const char    *name)
{
  if (self->level < TS_LEVEL_WALKUP)
    return FALSE;
  if (g_str_equal (name, "outlets"))
    return self->level >= TS_LEVEL_MANAGER;
  return g_str_equal (name, "till");
}

gboolean
ts_reports_page_show_tab (TsReportsPage *self,
                          const char    *name)
{
  if (self->level < TS_LEVEL_WALKUP || gtk_stack_get_child_by_name (self->stack, name) == NULL)
    return FALSE;
  gtk_stack_set_visible_child_name (self->stack, name);
  return ts_reports_page_has_tab (self, name);
}

const char *
ts_reports_page_get_explanation (TsReportsPage *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->explanation_label)))
    return gtk_label_get_text (self->explanation_label);
  if (gtk_widget_get_visible (self->outlets_denied_label))
    return gtk_label_get_text (GTK_LABEL (self->outlets_denied_label));
  return "";
}

void
ts_reports_page_show_till (TsReportsPage *self,
                           const char    *date)
{
  gtk_editable_set_text (GTK_EDITABLE (self->till_date_entry), date ? date : "");
  on_till_show (self);
}

const char *
ts_reports_page_get_till_date (TsReportsPage *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->till_date_entry));
}

GListModel *
ts_reports_page_get_till (TsReportsPage *self)
{
  return G_LIST_MODEL (self->till);
}

GListModel *
ts_reports_page_get_balances (TsReportsPage *self)
{
  return G_LIST_MODEL (self->balances);
}

gboolean
ts_reports_page_show_settlement (TsReportsPage *self,
                                 gint64         counterparty_id,
                                 const char    *from,
                                 const char    *to)
{
  gboolean found = FALSE;

  for (guint i = 0; i < self->counterparty_ids->len; i++)
    if (g_array_index (self->counterparty_ids, gint64, i) == counterparty_id)
      {
        gtk_drop_down_set_selected (self->counterparty_dropdown, i);
        found = TRUE;
      }
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to);
  on_report_clicked (self);
  return found;
}

JsonObject *
ts_reports_page_get_settlement (TsReportsPage *self)
{
  return self->settlement;
}

void
ts_reports_page_record_settlement (TsReportsPage *self)
{
  gtk_widget_activate (self->record_button);
}

const char *
ts_reports_page_get_message (TsReportsPage *self)
{
  return gtk_label_get_text (self->outlets_message_label);
}
