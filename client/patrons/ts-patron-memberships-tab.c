/* ts-patron-memberships-tab.c — the patron's memberships with this outlet
 * (P4), and a form to add one; the server checks the level and the dates */
#include <glib/gi18n.h>

#include "ts-patron-memberships-tab.h"

struct _TsPatronMembershipsTab
{
  TsPatronTab parent_instance;

  GtkEntry   *level_entry;
  GtkEntry   *starts_entry;
  GtkEntry   *ends_entry;
};

G_DEFINE_FINAL_TYPE (TsPatronMembershipsTab, ts_patron_memberships_tab, TS_TYPE_PATRON_TAB)

static char *
membership_title (TsPatronTab *tab,
                  JsonObject  *row,
                  char       **detail)
{
  *detail = g_strdup_printf (_("%s to %s"), json_object_get_string_member (row, "starts_on"),
                             json_object_get_string_member (row, "ends_on"));
  return g_strdup (json_object_get_string_member (row, "level"));
}

static void
add_clicked (TsPatronMembershipsTab *self)
{
  TsPatronTab *tab = TS_PATRON_TAB (self);

  ts_api_client_add_patron_membership_async (ts_patron_tab_get_client (tab), ts_patron_tab_get_patron_id (tab),
                                             gtk_editable_get_text (GTK_EDITABLE (self->level_entry)),
                                             gtk_editable_get_text (GTK_EDITABLE (self->starts_entry)),
                                             gtk_editable_get_text (GTK_EDITABLE (self->ends_entry)),
                                             ts_patron_tab_get_cancellable (tab), ts_api_answered,
                                             ts_patron_tab_write_call (tab));
}

static void
ts_patron_memberships_tab_class_init (TsPatronMembershipsTabClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  TsPatronTabClass *tab_class = TS_PATRON_TAB_CLASS (klass);

  tab_class->list = ts_api_client_list_patron_memberships_async;
  tab_class->member = "memberships";
  tab_class->row_title = membership_title;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-patron-memberships-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, TsPatronMembershipsTab, level_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPatronMembershipsTab, starts_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPatronMembershipsTab, ends_entry);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked);
}

static void
ts_patron_memberships_tab_init (TsPatronMembershipsTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
