/* ts-partners-tab.c — the Partner Companies tab of season setup: the
 * outlet's partners, whether each collects contact preferences and how many
 * events have it; New and Edit open TsPartnerCompanyDialog, Delete asks the
 * server, whose refusal (an event uses it, a patron answered for it) goes
 * to the page's message line
 *
 * Partner companies are the outlet's own (K1, P4): a Box Office Manager
 * lists his outlet's, the Master User the outlet the page chose.  Setting
 * them up is for the Box Office Manager and up (C4); the page does not show
 * the tab below that level. */
#include <glib/gi18n.h>

#include "ts-api-client.h"
#include "ts-api-partners.h"
#include "ts-json-item.h"
#include "ts-partner-company-dialog.h"
#include "ts-season-common.h"
#include "ts-partners-tab.h"

struct _TsPartnersTab
{
  TsSeasonTab         parent_instance;

  GtkColumnView      *view;
  GtkSingleSelection *selection;

  gint64              want_partner;      /* to choose once a reload arrives */
  gboolean            watching;          /* the client's writes, once it is given */
};

G_DEFINE_FINAL_TYPE (TsPartnersTab, ts_partners_tab, TS_TYPE_SEASON_TAB)

enum { PROP_0, PROP_PARTNER_COMPANIES, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void reload (TsSeasonTab *tab);

/* Cells ------------------------------------------------------------------------- */

static char *
format_collects (JsonObject *partner)
{
  return g_strdup (json_object_get_boolean_member_with_default (partner, "collect_preferences", FALSE) ? _("Yes")
                                                                                                     : _("No"));
}

static char *
format_events (JsonObject *partner)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, ts_season_get_int (partner, "event_count", 0));
}

/* A partner or an event written from this workstation, in any window: the
 * list and its counts of events load again. */
static void
on_changed (TsPartnersTab *self)
{
  reload (TS_SEASON_TAB (self));
}

static void
watch_client (TsPartnersTab *self)
{
  TsApiClient *client = ts_season_tab_get_client (TS_SEASON_TAB (self));

  if (self->watching || client == NULL)
    return;
  self->watching = TRUE;
  /* disconnected when the tab goes */
  g_signal_connect_object (client, "changed::partner-companies", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "changed::events", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
}

/* Actions --------------------------------------------------------------------------- */

static void
update_actions (TsSeasonTab *tab)
{
  TsPartnersTab *self = TS_PARTNERS_TAB (tab);
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean chosen = gtk_single_selection_get_selected_item (self->selection) != NULL;
  gboolean can = ts_season_tab_can_edit (tab);

  gtk_widget_action_set_enabled (widget, "season.new-partner", can);
  gtk_widget_action_set_enabled (widget, "season.edit-partner", can && chosen);
  gtk_widget_action_set_enabled (widget, "season.delete-partner", can && chosen);
  /* the page hands the tab its client, then asks for the actions */
  watch_client (self);
}

static void
partners_loaded (gpointer      owner,
                 JsonNode     *answer,
                 const GError *error)
{
  TsPartnersTab *self = owner;
  GListModel *store = gtk_single_selection_get_model (self->selection);

  if (!ts_season_tab_answered (TS_SEASON_TAB (self), error))
    return;
  ts_season_refill (self->selection, answer, "partner_companies");
  if (self->want_partner != 0)
    gtk_single_selection_set_selected (self->selection, ts_season_position_of (store, self->want_partner));
  self->want_partner = 0;
  update_actions (TS_SEASON_TAB (self));
}

static gboolean
is_master (TsSeasonTab *tab)
{
  TsApiClient *client = ts_season_tab_get_client (tab);

  return client != NULL && ts_api_client_get_level (client) == TS_LEVEL_MASTER;
}

static void
reload (TsSeasonTab *tab)
{
  /* below the Box Office Manager level the tab is not shown (C4) */
  if (!ts_season_tab_is_editable (tab) || ts_season_tab_get_outlet_id (tab) == 0)
    return;
  ts_season_tab_request_started (tab);
  /* K1: the outlet's own; the Master User's, the outlet the page chose */
  ts_api_client_list_partner_companies_async (ts_season_tab_get_client (tab),
                                              is_master (tab) ? ts_season_tab_get_outlet_id (tab) : 0,
                                              ts_season_tab_get_cancellable (tab), ts_api_answered,
                                              ts_api_call (tab, partners_loaded));
}

static void
outlet_changed (TsSeasonTab *tab)
{
  TsPartnersTab *self = TS_PARTNERS_TAB (tab);

  /* another outlet's partners are another list: nothing stays chosen */
  g_list_store_remove_all (G_LIST_STORE (gtk_single_selection_get_model (self->selection)));
  self->want_partner = 0;
}

static void
partner_saved (TsDialog      *dialog,
               JsonObject    *partner,
               TsPartnersTab *self)
{
  /* the list is loading again ("changed::partner-companies"): choose the partner saved */
  ts_season_tab_say (TS_SEASON_TAB (self), NULL);
  self->want_partner = partner != NULL ? ts_season_get_int (partner, "id", 0) : 0;
}

static void
open_partner (TsPartnersTab *self,
              JsonObject    *partner)
{
  TsSeasonTab *tab = TS_SEASON_TAB (self);
  TsPartnerCompanyDialog *dialog;

  dialog = ts_partner_company_dialog_new (ts_season_tab_get_window (tab), ts_season_tab_get_client (tab),
                                          is_master (tab) ? ts_season_tab_get_outlet_id (tab) : 0, partner);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (partner_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  open_partner (TS_PARTNERS_TAB (widget), NULL);
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TsPartnersTab *self = TS_PARTNERS_TAB (widget);
  JsonObject *partner = ts_season_selected_object (self->selection);

  if (partner != NULL)
    open_partner (self, partner);
}

static void
deleted (gpointer      owner,
         JsonNode     *answer,
         const GError *error)
{
  TsPartnersTab *self = owner;

  if (!ts_season_tab_answered (TS_SEASON_TAB (self), error))
    {
      /* what the refusal was about may have changed meanwhile */
      reload (TS_SEASON_TAB (self));
      return;
    }
  /* the list loads again on the client's "changed::partner-companies" */
  ts_season_tab_say (TS_SEASON_TAB (self), NULL);
}

static void
delete_confirmed (gpointer owner)
{
  TsPartnersTab *self = owner;
  TsSeasonTab *tab = TS_SEASON_TAB (self);
  JsonObject *partner = ts_season_selected_object (self->selection);

  if (partner == NULL)
    return;
  ts_season_tab_request_started (tab);
  ts_api_client_delete_partner_company_async (ts_season_tab_get_client (tab), ts_season_get_int (partner, "id", 0),
                                              ts_season_tab_get_cancellable (tab), ts_api_answered,
                                              ts_api_call (self, deleted));
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TsPartnersTab *self = TS_PARTNERS_TAB (widget);
  JsonObject *partner = ts_season_selected_object (self->selection);
  g_autofree char *question = NULL;

  if (partner == NULL)
    return;
  question = g_strdup_printf (_("Delete the partner company “%s”?"), ts_season_get_string (partner, "name"));
  /* K2: the patrons' answers are a consent record, which stays */
  ts_season_confirm (widget, question,
                     _("A partner company that an event uses, or that a patron has answered for, cannot be deleted."),
                     _("_Delete"), delete_confirmed);
}

static void
on_activated (TsPartnersTab *self,
              guint          position)
{
  gtk_single_selection_set_selected (self->selection, position);
  if (ts_season_tab_can_edit (TS_SEASON_TAB (self)))
    edit_activated (GTK_WIDGET (self), NULL, NULL);
}

static void
on_selected (TsPartnersTab *self)
{
  update_actions (TS_SEASON_TAB (self));
}

static void
ts_partners_tab_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PARTNER_COMPANIES:
      g_value_set_object (value, TS_PARTNERS_TAB (object)->selection);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_partners_tab_class_init (TsPartnersTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  TsSeasonTabClass *tab_class = TS_SEASON_TAB_CLASS (klass);

  object_class->get_property = ts_partners_tab_get_property;
  tab_class->reload = reload;
  tab_class->update_actions = update_actions;
  tab_class->outlet_changed = outlet_changed;

  properties[PROP_PARTNER_COMPANIES] = g_param_spec_object ("partner-companies", NULL, NULL,
                                                            GTK_TYPE_SINGLE_SELECTION,
                                                            G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-partners-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, TsPartnersTab, view);
  gtk_widget_class_bind_template_child (widget_class, TsPartnersTab, selection);
  gtk_widget_class_bind_template_callback (widget_class, on_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_selected);
  gtk_widget_class_install_action (widget_class, "season.new-partner", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "season.edit-partner", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "season.delete-partner", NULL, delete_activated);
}

static void
ts_partners_tab_init (TsPartnersTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ts_json_item_add_column (self->view, _("Partner company"), "name", NULL, TRUE);
  ts_json_item_add_column (self->view, _("Collects contact preferences"), NULL, format_collects, FALSE);
  ts_json_item_add_column (self->view, _("Events"), NULL, format_events, FALSE);
  update_actions (TS_SEASON_TAB (self));
}

GListModel *
ts_partners_tab_get_partners (TsPartnersTab *self)
{
  g_return_val_if_fail (TS_IS_PARTNERS_TAB (self), NULL);
  return G_LIST_MODEL (self->selection);
}
