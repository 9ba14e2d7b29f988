/* ts-season-commission-tab.c — the Commission Tables tab: the outlet's
 * tables, New and Edit through TsCommissionTableDialog, Enter on a row
 * edits it
 *
 * A ticket type sold at other outlets needs one (T6), so the tables load
 * first and the ticket types after them ("loaded"). */
#include <glib/gi18n.h>

#include "ts-commission-table-dialog.h"
#include "ts-format.h"
#include "ts-json-item.h"
#include "ts-season-common.h"
#include "ts-season-commission-tab.h"

struct _TsSeasonCommissionTab
{
  TsSeasonTab         parent_instance;

  GtkColumnView      *view;
  GtkSingleSelection *selection;
};

G_DEFINE_FINAL_TYPE (TsSeasonCommissionTab, ts_season_commission_tab, TS_TYPE_SEASON_TAB)

enum { PROP_0, PROP_COMMISSION_TABLES, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { LOADED, SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static char *
format_amount (JsonObject *table)
{
  return ts_format_money (ts_season_get_int (table, "amount_cents", 0));
}

static char *
format_percent (JsonObject *table)
{
  return ts_season_format_percent (ts_season_get_int (table, "percent_bp", 0));
}

static void
update_actions (TsSeasonTab *tab)
{
  TsSeasonCommissionTab *self = TS_SEASON_COMMISSION_TAB (tab);
  gboolean can = ts_season_tab_can_edit (tab);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "season.new-commission-table", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "season.edit-commission-table",
                                 can && gtk_single_selection_get_selected_item (self->selection) != NULL);
}

static void
tables_loaded (gpointer      owner,
               JsonNode     *answer,
               const GError *error)
{
  TsSeasonCommissionTab *self = owner;

  if (!ts_season_tab_answered (TS_SEASON_TAB (self), error))
    return;
  ts_season_refill (self->selection, answer, "commission_tables");
  update_actions (TS_SEASON_TAB (self));
  g_signal_emit (self, signals[LOADED], 0);
}

static void
reload (TsSeasonTab *tab)
{
  ts_season_tab_request_started (tab);
  ts_api_client_list_commission_tables_async (ts_season_tab_get_client (tab), ts_season_tab_get_outlet_id (tab),
                                              ts_season_tab_get_cancellable (tab), ts_api_answered,
                                              ts_api_call (tab, tables_loaded));
}

static void
table_saved (GtkWindow             *dialog,
             JsonObject            *table,
             TsSeasonCommissionTab *self)
{
  ts_season_tab_say (TS_SEASON_TAB (self), NULL);
  g_signal_emit (self, signals[SAVED], 0);
}

static void
open_table (TsSeasonCommissionTab *self,
            JsonObject            *table)
{
  TsSeasonTab *tab = TS_SEASON_TAB (self);
  TsCommissionTableDialog *dialog = ts_commission_table_dialog_new (ts_season_tab_get_window (tab),
                                                                    ts_season_tab_get_client (tab),
                                                                    ts_season_tab_get_outlet_id (tab), table);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (table_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_table (TS_SEASON_COMMISSION_TAB (widget), NULL);
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TsSeasonCommissionTab *self = TS_SEASON_COMMISSION_TAB (widget);
  JsonObject *table = ts_season_selected_object (self->selection);

  if (table != NULL)
    open_table (self, table);
}

static void
on_activated (TsSeasonCommissionTab *self,
              guint                  position)
{
  gtk_single_selection_set_selected (self->selection, position);
  if (ts_season_tab_is_editable (TS_SEASON_TAB (self)))
    edit_activated (GTK_WIDGET (self), NULL, NULL);
}

static void
on_selected (TsSeasonCommissionTab *self)
{
  update_actions (TS_SEASON_TAB (self));
}

static void
ts_season_commission_tab_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_COMMISSION_TABLES:
      g_value_set_object (value, TS_SEASON_COMMISSION_TAB (object)->selection);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_season_commission_tab_class_init (TsSeasonCommissionTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  TsSeasonTabClass *tab_class = TS_SEASON_TAB_CLASS (klass);

  object_class->get_property = ts_season_commission_tab_get_property;
  tab_class->reload = reload;
  tab_class->update_actions = update_actions;

  properties[PROP_COMMISSION_TABLES] = g_param_spec_object ("commission-tables", NULL, NULL, GTK_TYPE_SINGLE_SELECTION,
                                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-season-commission-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, TsSeasonCommissionTab, view);
  gtk_widget_class_bind_template_child (widget_class, TsSeasonCommissionTab, selection);
  gtk_widget_class_bind_template_callback (widget_class, on_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_selected);
  gtk_widget_class_install_action (widget_class, "season.new-commission-table", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "season.edit-commission-table", NULL, edit_activated);
}

static void
ts_season_commission_tab_init (TsSeasonCommissionTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ts_json_item_add_column (self->view, _("Commission table"), "name", NULL, TRUE);
  ts_json_item_add_column (self->view, _("Amount per ticket"), NULL, format_amount, FALSE);
  ts_json_item_add_column (self->view, _("Percentage"), NULL, format_percent, FALSE);
  update_actions (TS_SEASON_TAB (self));
}

GListModel *
ts_season_commission_tab_get_tables (TsSeasonCommissionTab *self)
{
  g_return_val_if_fail (TS_IS_SEASON_COMMISSION_TAB (self), NULL);
  return G_LIST_MODEL (self->selection);
}
