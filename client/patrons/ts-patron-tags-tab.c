/* ts-patron-tags-tab.c — this outlet's tags for the patron (P4); the line
 * below the list holds them all, comma-separated, and saving replaces them */
#include <glib/gi18n.h>

#include "ts-patron-tags-tab.h"

struct _TsPatronTagsTab
{
  TsPatronTab parent_instance;

  GtkEntry   *tags_entry;
};

G_DEFINE_FINAL_TYPE (TsPatronTagsTab, ts_patron_tags_tab, TS_TYPE_PATRON_TAB)

static char *
tag_title (TsPatronTab *tab,
           JsonObject  *row,
           char       **detail)
{
  return g_strdup (json_object_get_string_member (row, "tag"));
}

/* The line shows the tags saved, to be edited. */
static void
tags_loaded (TsPatronTab *tab,
             JsonArray   *rows)
{
  TsPatronTagsTab *self = TS_PATRON_TAGS_TAB (tab);
  g_autoptr(GString) tags = g_string_new (NULL);

  if (rows == NULL)
    return;
  for (guint i = 0; i < json_array_get_length (rows); i++)
    g_string_append_printf (tags, "%s%s", i ? ", " : "",
                            json_object_get_string_member (json_array_get_object_element (rows, i), "tag"));
  gtk_editable_set_text (GTK_EDITABLE (self->tags_entry), tags->str);
}

static void
save_clicked (TsPatronTagsTab *self)
{
  TsPatronTab *tab = TS_PATRON_TAB (self);
  g_auto(GStrv) typed = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->tags_entry)), ",", -1);
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();

  for (guint i = 0; typed[i] != NULL; i++)
    if (*g_strstrip (typed[i]) != '\0')
      g_ptr_array_add (tags, typed[i]);
  g_ptr_array_add (tags, NULL);
  ts_api_client_set_patron_tags_async (ts_patron_tab_get_client (tab), ts_patron_tab_get_patron_id (tab),
                                       (const char * const *) tags->pdata, ts_patron_tab_get_cancellable (tab),
                                       ts_api_answered, ts_patron_tab_write_call (tab));
}

static void
ts_patron_tags_tab_class_init (TsPatronTagsTabClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  TsPatronTabClass *tab_class = TS_PATRON_TAB_CLASS (klass);

  tab_class->list = ts_api_client_list_patron_tags_async;
  tab_class->member = "tags";
  tab_class->row_title = tag_title;
  tab_class->loaded = tags_loaded;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-patron-tags-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, TsPatronTagsTab, tags_entry);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked);
}

static void
ts_patron_tags_tab_init (TsPatronTagsTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
