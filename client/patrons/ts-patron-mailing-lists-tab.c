/* ts-patron-mailing-lists-tab.c — this outlet's mailing lists the patron is
 * on (P4), to read: they are kept elsewhere */
#include "ts-patron-mailing-lists-tab.h"

struct _TsPatronMailingListsTab
{
  TsPatronTab parent_instance;
};

G_DEFINE_FINAL_TYPE (TsPatronMailingListsTab, ts_patron_mailing_lists_tab, TS_TYPE_PATRON_TAB)

static char *
list_title (TsPatronTab *tab,
            JsonObject  *row,
            char       **detail)
{
  return g_strdup (json_object_get_string_member (row, "name"));
}

static void
ts_patron_mailing_lists_tab_class_init (TsPatronMailingListsTabClass *klass)
{
  TsPatronTabClass *tab_class = TS_PATRON_TAB_CLASS (klass);

  tab_class->list = ts_api_client_list_patron_mailing_lists_async;
  tab_class->member = "mailing_lists";
  tab_class->row_title = list_title;
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/org/tessera/Tessera/ui/ts-patron-mailing-lists-tab.ui");
}

static void
ts_patron_mailing_lists_tab_init (TsPatronMailingListsTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
