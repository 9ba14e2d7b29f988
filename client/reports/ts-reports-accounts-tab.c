/* ts-reports-accounts-tab.c — the accounts between outlets (A2, A3)
 *
 * The balances now, one row per outlet (activating one shows its
 * settlement report); the report for a period: what happened in it and
 * what is outstanding at its end; and recording a settlement, which clears
 * what the two outlets owe each other up to the end of the period, after a
 * confirmation.  The accounts are always one outlet's: the Master User's
 * choice, or the caller's own. */
#include <string.h>

#include <glib/gi18n.h>

#include "ts-api-accounts.h"
#include "ts-api-call.h"
#include "ts-format.h"
#include "ts-json-item.h"
#include "ts-order-format.h"
#include "ts-reports-money-column.h"
#include "ts-validate.h"
#include "ts-reports-accounts-tab.h"
#include "ts-reports-accounts-tab-private.h"

struct _TsReportsAccountsTab
{
  GtkBox         parent_instance;

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
  GCancellable  *cancellable;
  gint64         outlet_id;          /* the books read; 0 until known */
  JsonNode      *directory;          /* GET /outlets/directory */
  GArray        *counterparty_ids;   /* the counterparty drop-down's */
  GListStore    *balances;
  JsonObject    *settlement;         /* the report shown */
  char          *settlement_name;    /* its counterparty's name */
  guint          pending;
};

G_DEFINE_FINAL_TYPE (TsReportsAccountsTab, ts_reports_accounts_tab, GTK_TYPE_BOX)

enum { PROP_0, PROP_BUSY, PROP_BALANCES, PROP_SETTLEMENT, PROP_MESSAGE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
set_message (TsReportsAccountsTab *self,
             const char           *text,
             gboolean              is_error)
{
  gtk_label_set_text (self->outlets_message_label, text ? text : "");
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->outlets_message_label), "error-text");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->outlets_message_label), "error-text");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static void
request_started (TsReportsAccountsTab *self)
{
  if (self->pending++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
request_done (TsReportsAccountsTab *self)
{
  if (self->pending > 0 && --self->pending == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static gboolean
is_master (TsReportsAccountsTab *self)
{
  return ts_api_client_get_level (self->client) == TS_LEVEL_MASTER;
}

/* "?outlet_id=3" for the Master User (first is "?" or "&"), else "". */
/* The outlet whose books are read: the Master User names it; anyone else
 * reads his own (0: not named). */
static gint64
named_outlet (TsReportsAccountsTab *self)
{
  return is_master (self) ? self->outlet_id : 0;
}

static char *
directory_name (TsReportsAccountsTab *self,
                gint64                outlet_id)
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

static char *
balance_outlet (JsonObject *row)
{
  return g_strdup (ts_order_string_member (row, "outlet"));
}

static void
set_settlement (TsReportsAccountsTab *self,
                JsonObject           *settlement)
{
  if (self->settlement == settlement)
    return;
  g_clear_pointer (&self->settlement, json_object_unref);
  self->settlement = settlement ? json_object_ref (settlement) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETTLEMENT]);
}

static void
balances_loaded (gpointer      owner,
                 JsonNode     *answer,
                 const GError *error)
{
  TsReportsAccountsTab *self = owner;

  request_done (self);
  if (answer == NULL)
    {
      set_message (self, error->message, TRUE);
      return;
    }
  ts_json_item_fill_store (self->balances, answer, "balances");
}

static void
load_balances (TsReportsAccountsTab *self)
{
  if (ts_api_client_get_level (self->client) < TS_LEVEL_MANAGER || self->outlet_id == 0)
    return;
  request_started (self);
  ts_api_client_get_balances_async (self->client, named_outlet (self), self->cancellable, ts_api_answered,
                                    ts_api_call (self, balances_loaded));
}

static gint64
chosen_counterparty (TsReportsAccountsTab *self)
{
  guint i = gtk_drop_down_get_selected (self->counterparty_dropdown);

  return i < self->counterparty_ids->len ? g_array_index (self->counterparty_ids, gint64, i) : 0;
}

/* Every other outlet of the directory, keeping the one chosen. */
static void
fill_counterparties (TsReportsAccountsTab *self)
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

      if (id == self->outlet_id)
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

/* The report ----------------------------------------------------------------------------- */

static void
grid_text (TsReportsAccountsTab *self,
           const char           *text,
           int                   column,
           int                   row,
           float                 xalign,
           gboolean              heading)
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
show_settlement (TsReportsAccountsTab *self)
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
      g_autofree char *in_period = ts_format_money (json_object_get_int_member_with_default (activity, members[i], 0));
      g_autofree char *owed = ts_format_money (json_object_get_int_member_with_default (outstanding, members[i], 0));

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
          g_autofree char *when = ts_format_time (ts_order_string_member (s, "created_at"), TS_TIME_LONG);
          g_autofree char *tickets = ts_format_money (json_object_get_int_member_with_default (s, "ticket_cents", 0));
          g_autofree char *commission = ts_format_money (json_object_get_int_member_with_default (s, "commission_cents", 0));
          const char *reference = ts_order_string_member (s, "reference");

          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("%s: tickets %s, commission %s"), when, tickets, commission);
          if (*reference != '\0')
            g_string_append_printf (text, " (%s)", reference);
        }
      gtk_label_set_text (self->settlements_label, text->str);
      g_string_free (text, TRUE);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.record-settlement", anything_outstanding (outstanding));
  gtk_widget_set_tooltip_text (self->record_button, anything_outstanding (outstanding)
                               ? _("Clear what the two outlets owe each other up to the end of the period")
                               : _("Nothing is outstanding at the end of the period."));
}

static void
settlement_loaded (gpointer      owner,
                   JsonNode     *answer,
                   const GError *error)
{
  TsReportsAccountsTab *self = owner;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      request_done (self);
      set_message (self, error ? error->message : _("The server gave no answer"), TRUE);
      return;
    }
  g_free (self->settlement_name);
  self->settlement_name = directory_name (self, json_object_get_int_member (json_node_get_object (answer),
                                                                            "counterparty_id"));
  set_settlement (self, json_node_get_object (answer));
  show_settlement (self);
  request_done (self);
}

static void
show_report_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TsReportsAccountsTab *self = TS_REPORTS_ACCOUNTS_TAB (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *from = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->from_entry))));
  g_autofree char *to = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->to_entry))));
  gint64 counterparty = chosen_counterparty (self);

  if (counterparty == 0)
    {
      set_message (self, _("Choose the outlet to settle with."), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->counterparty_dropdown));
      return;
    }
  if (!ts_validate_date (_("From"), from, &error) || !ts_validate_date (_("Until"), to, &error))
    {
      set_message (self, error->message, TRUE);
      return;
    }
  if (strcmp (from, to) > 0)
    {
      set_message (self, _("The period ends before it starts."), TRUE);
      return;
    }
  set_message (self, NULL, FALSE);
  request_started (self);
  ts_api_client_get_settlement_async (self->client, counterparty, from, to, named_outlet (self), self->cancellable,
                                      ts_api_answered, ts_api_call (self, settlement_loaded));
}

static void
on_entry_activate (TsReportsAccountsTab *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "accounts.show-report", NULL);
}

static void
on_balance_activated (TsReportsAccountsTab *self,
                      guint                 position)
{
  g_autoptr(TsJsonItem) item = g_list_model_get_item (G_LIST_MODEL (self->balances), position);
  gint64 id;

  if (item == NULL)
    return;
  id = json_object_get_int_member (ts_json_item_get_object (item), "outlet_id");
  for (guint i = 0; i < self->counterparty_ids->len; i++)
    if (g_array_index (self->counterparty_ids, gint64, i) == id)
      gtk_drop_down_set_selected (self->counterparty_dropdown, i);
  show_report_activated (GTK_WIDGET (self), NULL, NULL);
}

/* Recording a settlement ------------------------------------------------------------------ */

static void
settled (gpointer      owner,
         JsonNode     *answer,
         const GError *error)
{
  TsReportsAccountsTab *self = owner;
  gint64 net;
  g_autofree char *money = NULL;
  g_autofree char *text = NULL;

  request_done (self);
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      set_message (self, error ? error->message : _("The server gave no answer"), TRUE);
      return;
    }
  net = json_object_get_int_member_with_default (json_node_get_object (answer), "net_due_to_us_cents", 0);
  money = ts_format_money (ABS (net));
  if (net >= 0)
    text = g_strdup_printf (_("Settlement recorded: %s paid us %s."), self->settlement_name, money);
  else
    text = g_strdup_printf (_("Settlement recorded: we paid %s %s."), self->settlement_name, money);
  load_balances (self);
  show_report_activated (GTK_WIDGET (self), NULL, NULL);
  set_message (self, text, FALSE);
}

static void
on_confirm_response (GtkDialog            *dialog,
                     int                   response,
                     TsReportsAccountsTab *self)
{
  GtkEditable *reference = g_object_get_data (G_OBJECT (dialog), "reference-entry");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (reference)));

  if (response != GTK_RESPONSE_ACCEPT || self->settlement == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
  request_started (self);
  set_message (self, NULL, FALSE);
  ts_api_client_create_settlement_async (self->client, json_object_get_int_member (self->settlement, "counterparty_id"),
                                         ts_order_string_member (self->settlement, "to"), text, named_outlet (self),
                                         self->cancellable, ts_api_answered, ts_api_call (self, settled));
}

/* A GtkMessageDialog with a reference line: the settlement is recorded on
 * GTK_RESPONSE_ACCEPT. */
static void
record_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TsReportsAccountsTab *self = TS_REPORTS_ACCOUNTS_TAB (widget);
  JsonObject *outstanding;
  gint64 net;
  g_autofree char *money = NULL;
  g_autofree char *owes = NULL;
  GtkWidget *dialog, *area, *row, *label, *entry;

  if (self->settlement == NULL)
    return;
  outstanding = json_object_get_object_member (self->settlement, "outstanding");
  net = json_object_get_int_member_with_default (outstanding, "net_due_to_us_cents", 0);
  money = ts_format_money (ABS (net));
  owes = net >= 0 ? g_strdup_printf (_("%s pays us %s, net."), self->settlement_name, money)
                  : g_strdup_printf (_("we pay %s %s, net."), self->settlement_name, money);
  dialog = gtk_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_QUESTION,
                                   GTK_BUTTONS_NONE, _("Settle with %s?"), self->settlement_name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("Up to the end of %s, %s This clears what the two outlets owe each "
                                              "other for tickets and commissions, in both ledgers."),  /* A3 */
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

/* Type ------------------------------------------------------------------------------------- */

static void
ts_reports_accounts_tab_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  TsReportsAccountsTab *self = TS_REPORTS_ACCOUNTS_TAB (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->pending > 0);
      break;
    case PROP_BALANCES:
      g_value_set_object (value, self->balances);
      break;
    case PROP_SETTLEMENT:
      g_value_set_boxed (value, self->settlement);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, gtk_label_get_text (self->outlets_message_label));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_reports_accounts_tab_dispose (GObject *object)
{
  TsReportsAccountsTab *self = TS_REPORTS_ACCOUNTS_TAB (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->balances);
  g_clear_pointer (&self->settlement, json_object_unref);
  g_clear_pointer (&self->directory, json_node_unref);
  G_OBJECT_CLASS (ts_reports_accounts_tab_parent_class)->dispose (object);
}

static void
ts_reports_accounts_tab_finalize (GObject *object)
{
  TsReportsAccountsTab *self = TS_REPORTS_ACCOUNTS_TAB (object);

  g_array_unref (self->counterparty_ids);
  g_free (self->settlement_name);
  G_OBJECT_CLASS (ts_reports_accounts_tab_parent_class)->finalize (object);
}

static void
ts_reports_accounts_tab_class_init (TsReportsAccountsTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ts_reports_accounts_tab_get_property;
  object_class->dispose = ts_reports_accounts_tab_dispose;
  object_class->finalize = ts_reports_accounts_tab_finalize;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BALANCES] = g_param_spec_object ("balances", NULL, NULL, G_TYPE_LIST_MODEL,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTLEMENT] = g_param_spec_boxed ("settlement", NULL, NULL, JSON_TYPE_OBJECT,
                                                    G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, "",
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-reports-accounts-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, TsReportsAccountsTab, outlets_denied_label);
  gtk_widget_class_bind_template_child (widget_class, TsReportsAccountsTab, outlets_box);
  gtk_widget_class_bind_template_child (widget_class, TsReportsAccountsTab, balances_view);
  gtk_widget_class_bind_template_child (widget_class, TsReportsAccountsTab, counterparty_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsReportsAccountsTab, from_entry);
  gtk_widget_class_bind_template_child (widget_class, TsReportsAccountsTab, to_entry);
  gtk_widget_class_bind_template_child (widget_class, TsReportsAccountsTab, record_button);
  gtk_widget_class_bind_template_child (widget_class, TsReportsAccountsTab, report_grid);
  gtk_widget_class_bind_template_child (widget_class, TsReportsAccountsTab, settlements_label);
  gtk_widget_class_bind_template_child (widget_class, TsReportsAccountsTab, outlets_message_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_balance_activated);
  gtk_widget_class_install_action (widget_class, "accounts.show-report", NULL, show_report_activated);
  gtk_widget_class_install_action (widget_class, "accounts.record-settlement", NULL, record_activated);
}

static void
ts_reports_accounts_tab_init (TsReportsAccountsTab *self)
{
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->counterparty_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->balances = g_list_store_new (TS_TYPE_JSON_ITEM);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.record-settlement", FALSE);

  /* a read-only list: rows take the focus, nothing to select */
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->balances)));
  gtk_column_view_set_model (self->balances_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  ts_order_add_column (self->balances_view, _("Outlet"), balance_outlet, 0, TRUE);
  ts_reports_money_column_append (self->balances_view, _("Tickets they owe us"), "ticket_due_from_cents");
  ts_reports_money_column_append (self->balances_view, _("Tickets we owe them"), "ticket_due_to_cents");
  ts_reports_money_column_append (self->balances_view, _("Commission they owe us"), "commission_due_from_cents");
  ts_reports_money_column_append (self->balances_view, _("Commission we owe them"), "commission_due_to_cents");
  ts_reports_money_column_append (self->balances_view, _("Net due to us"), "net_due_to_us_cents");
}

void
ts_reports_accounts_tab_set_client (TsReportsAccountsTab *self,
                                    TsApiClient          *client)
{
  gboolean allowed;

  g_return_if_fail (TS_IS_REPORTS_ACCOUNTS_TAB (self));
  g_set_object (&self->client, client);
  allowed = ts_api_client_get_level (client) >= TS_LEVEL_MANAGER;
  gtk_widget_set_visible (self->outlets_denied_label, !allowed);
  gtk_widget_set_visible (self->outlets_box, allowed);
}

void
ts_reports_accounts_tab_load (TsReportsAccountsTab *self,
                              gint64                outlet_id,
                              JsonNode             *directory)
{
  g_return_if_fail (TS_IS_REPORTS_ACCOUNTS_TAB (self));
  self->outlet_id = outlet_id;
  if (self->directory != directory)
    {
      g_clear_pointer (&self->directory, json_node_unref);
      self->directory = directory ? json_node_ref (directory) : NULL;
    }
  set_settlement (self, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.record-settlement", FALSE);
  fill_counterparties (self);
  load_balances (self);
}

void
ts_reports_accounts_tab_set_default_period (TsReportsAccountsTab *self,
                                            const char           *day)
{
  g_autofree char *first = NULL;
  g_autofree char *from = NULL;

  g_return_if_fail (TS_IS_REPORTS_ACCOUNTS_TAB (self));
  if (day == NULL || *gtk_editable_get_text (GTK_EDITABLE (self->to_entry)) != '\0')
    return;
  first = g_strndup (day, 8);
  from = g_strconcat (first, "01", NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), day);
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from);
}

gboolean
_ts_reports_accounts_tab_choose (TsReportsAccountsTab *self,
                                 gint64                counterparty_id,
                                 const char           *from,
                                 const char           *to)
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
  return found;
}

const char *
_ts_reports_accounts_tab_get_refusal (TsReportsAccountsTab *self)
{
  if (gtk_widget_get_visible (self->outlets_denied_label))
    return gtk_label_get_text (GTK_LABEL (self->outlets_denied_label));
  return "";
}
