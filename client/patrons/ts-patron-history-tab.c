/* ts-patron-history-tab.c — who did what to the patron's record and when,
 * from the audit log (R1); the window shows it to the Administrator and up */
#include <glib/gi18n.h>

#include "ts-format.h"
#include "ts-patron-history-tab.h"

struct _TsPatronHistoryTab
{
  TsPatronTab parent_instance;
};

G_DEFINE_FINAL_TYPE (TsPatronHistoryTab, ts_patron_history_tab, TS_TYPE_PATRON_TAB)

static char *
audit_title (TsPatronTab *tab,
             JsonObject  *row,
             char       **detail)
{
  const char *login = json_object_get_string_member_with_default (row, "login", NULL);
  /* the outlet's time, as every time on screen */
  g_autofree char *when = ts_format_time (json_object_get_string_member_with_default (row, "at", NULL), TS_TIME_LONG);

  *detail = g_strdup_printf ("%s · %s", login ? login : _("the system"), when);
  return g_strdup_printf ("%s %s", json_object_get_string_member (row, "action"),
                          json_object_get_string_member (row, "entity"));
}

static void
ts_patron_history_tab_class_init (TsPatronHistoryTabClass *klass)
{
  TsPatronTabClass *tab_class = TS_PATRON_TAB_CLASS (klass);

  tab_class->list = ts_api_client_list_patron_audit_async;
  tab_class->member = "entries";
  tab_class->row_title = audit_title;
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass), "/org/tessera/Tessera/ui/ts-patron-history-tab.ui");
}

static void
ts_patron_history_tab_init (TsPatronHistoryTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
