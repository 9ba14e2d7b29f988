/* ts-season-ticket-types-tab.c — the Ticket Types tab: the outlet's types,
 * New and Edit through TsTicketTypeDialog, Enter on a row edits it
 *
 * Each type's commission table is shown by name, from the commission
 * tables the page hands over (they load first). */
#include <glib/gi18n.h>

#include "ts-format.h"
#include "ts-json-item.h"
#include "ts-season-common.h"
#include "ts-ticket-type-dialog.h"
#include "ts-season-ticket-types-tab.h"

struct _TsSeasonTicketTypesTab
{
  TsSeasonTab         parent_instance;

  GtkColumnView      *view;
  GtkSingleSelection *selection;

  GListModel         *tables;
};

G_DEFINE_FINAL_TYPE (TsSeasonTicketTypesTab, ts_season_ticket_types_tab, TS_TYPE_SEASON_TAB)

enum { PROP_0, PROP_TICKET_TYPES, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static char *
format_category (JsonObject *type)
{
  return g_strdup (ts_ticket_type_category_name (ts_season_get_string (type, "category")));
}

static char *
format_price (JsonObject *type)
{
  return ts_format_money (ts_season_get_int (type, "price_cents", 0));
}

static char *
format_other_outlets (JsonObject *type)
{
  return g_strdup (json_object_get_boolean_member_with_default (type, "other_outlets", FALSE) ? _("Yes") : _("No"));
}

static char *
format_active (JsonObject *type)
{
  return g_strdup (json_object_get_boolean_member_with_default (type, "active", TRUE) ? _("Yes") : _("No"));
}

static void
update_actions (TsSeasonTab *tab)
{
  TsSeasonTicketTypesTab *self = TS_SEASON_TICKET_TYPES_TAB (tab);
  gboolean can = ts_season_tab_can_edit (tab);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "season.new-ticket-type", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "season.edit-ticket-type",
                                 can && gtk_single_selection_get_selected_item (self->selection) != NULL);
}

static void
types_loaded (gpointer      owner,
              JsonNode     *answer,
              const GError *error)
{
  TsSeasonTicketTypesTab *self = owner;
  JsonArray *types;

  if (!ts_season_tab_answered (TS_SEASON_TAB (self), error))
    return;
  /* the commission table's name, for the list */
  types = json_object_get_array_member (json_node_get_object (answer), "ticket_types");
  for (guint i = 0; types != NULL && i < json_array_get_length (types); i++)
    {
      JsonObject *type = json_array_get_object_element (types, i);
      guint table = self->tables != NULL
                    ? ts_season_position_of (self->tables, ts_season_get_int (type, "commission_table_id", 0))
                    : GTK_INVALID_LIST_POSITION;
      g_autoptr(TsJsonItem) item = table != GTK_INVALID_LIST_POSITION ? g_list_model_get_item (self->tables, table) : NULL;

      json_object_set_string_member (type, "commission_table_name",
                                     item ? ts_season_get_string (ts_json_item_get_object (item), "name") : "");
    }
  ts_season_refill (self->selection, answer, "ticket_types");
  update_actions (TS_SEASON_TAB (self));
}

static void
reload (TsSeasonTab *tab)
{
  ts_season_tab_request_started (tab);
  ts_api_client_list_ticket_types_async (ts_season_tab_get_client (tab), ts_season_tab_get_outlet_id (tab),
                                         ts_season_tab_get_cancellable (tab), ts_api_answered,
                                         ts_api_call (tab, types_loaded));
}

static void
type_saved (GtkWindow              *dialog,
            JsonObject             *type,
            TsSeasonTicketTypesTab *self)
{
  ts_season_tab_say (TS_SEASON_TAB (self), NULL);
  g_signal_emit (self, signals[SAVED], 0);
}

static void
open_type (TsSeasonTicketTypesTab *self,
           JsonObject             *type)
{
  TsSeasonTab *tab = TS_SEASON_TAB (self);
  TsTicketTypeDialog *dialog = ts_ticket_type_dialog_new (ts_season_tab_get_window (tab), ts_season_tab_get_client (tab),
                                                          ts_season_tab_get_outlet_id (tab), type);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (type_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_type (TS_SEASON_TICKET_TYPES_TAB (widget), NULL);
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TsSeasonTicketTypesTab *self = TS_SEASON_TICKET_TYPES_TAB (widget);
  JsonObject *type = ts_season_selected_object (self->selection);

  if (type != NULL)
    open_type (self, type);
}

static void
on_activated (TsSeasonTicketTypesTab *self,
              guint                   position)
{
  gtk_single_selection_set_selected (self->selection, position);
  if (ts_season_tab_is_editable (TS_SEASON_TAB (self)))
    edit_activated (GTK_WIDGET (self), NULL, NULL);
}

static void
on_selected (TsSeasonTicketTypesTab *self)
{
  update_actions (TS_SEASON_TAB (self));
}

static void
ts_season_ticket_types_tab_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TICKET_TYPES:
      g_value_set_object (value, TS_SEASON_TICKET_TYPES_TAB (object)->selection);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_season_ticket_types_tab_dispose (GObject *object)
{
  g_clear_object (&TS_SEASON_TICKET_TYPES_TAB (object)->tables);
  G_OBJECT_CLASS (ts_season_ticket_types_tab_parent_class)->dispose (object);
}

static void
ts_season_ticket_types_tab_class_init (TsSeasonTicketTypesTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  TsSeasonTabClass *tab_class = TS_SEASON_TAB_CLASS (klass);

  object_class->get_property = ts_season_ticket_types_tab_get_property;
  object_class->dispose = ts_season_ticket_types_tab_dispose;
  tab_class->reload = reload;
  tab_class->update_actions = update_actions;

  properties[PROP_TICKET_TYPES] = g_param_spec_object ("ticket-types", NULL, NULL, GTK_TYPE_SINGLE_SELECTION,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-season-ticket-types-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, TsSeasonTicketTypesTab, view);
  gtk_widget_class_bind_template_child (widget_class, TsSeasonTicketTypesTab, selection);
  gtk_widget_class_bind_template_callback (widget_class, on_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_selected);
  gtk_widget_class_install_action (widget_class, "season.new-ticket-type", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "season.edit-ticket-type", NULL, edit_activated);
}

static void
ts_season_ticket_types_tab_init (TsSeasonTicketTypesTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ts_json_item_add_column (self->view, _("Ticket type"), "name", NULL, TRUE);
  ts_json_item_add_column (self->view, _("Category"), NULL, format_category, FALSE);
  ts_json_item_add_column (self->view, _("Price"), NULL, format_price, FALSE);
  ts_json_item_add_column (self->view, _("Letter"), "display_letter", NULL, FALSE);
  ts_json_item_add_column (self->view, _("Other outlets"), NULL, format_other_outlets, FALSE);
  ts_json_item_add_column (self->view, _("Commission table"), "commission_table_name", NULL, TRUE);
  ts_json_item_add_column (self->view, _("Active"), NULL, format_active, FALSE);
  update_actions (TS_SEASON_TAB (self));
}

void
ts_season_ticket_types_tab_set_commission_tables (TsSeasonTicketTypesTab *self,
                                                  GListModel             *tables)
{
  g_return_if_fail (TS_IS_SEASON_TICKET_TYPES_TAB (self));
  g_set_object (&self->tables, tables);
}
