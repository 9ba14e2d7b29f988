/* ts-patron-notes-tab.c — this outlet's notes about the patron, newest as
 * the server lists them, and a line to add one (P4: no other outlet reads
 * them) */
#include <glib/gi18n.h>

#include "ts-format.h"
#include "ts-patron-notes-tab.h"

struct _TsPatronNotesTab
{
  TsPatronTab parent_instance;

  GtkEntry   *note_entry;
};

G_DEFINE_FINAL_TYPE (TsPatronNotesTab, ts_patron_notes_tab, TS_TYPE_PATRON_TAB)

static char *
note_title (TsPatronTab *tab,
            JsonObject  *row,
            char       **detail)
{
  g_autofree char *when = ts_format_time (json_object_get_string_member_with_default (row, "created_at", NULL),
                                          TS_TIME_LONG);

  *detail = g_strdup_printf ("%s · %s", json_object_get_string_member_with_default (row, "login", ""), when);
  return g_strdup (json_object_get_string_member (row, "body"));
}

static void
add_clicked (TsPatronNotesTab *self)
{
  TsPatronTab *tab = TS_PATRON_TAB (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->note_entry));

  if (*text == '\0')
    return;
  ts_api_client_add_patron_note_async (ts_patron_tab_get_client (tab), ts_patron_tab_get_patron_id (tab), text,
                                       ts_patron_tab_get_cancellable (tab), ts_api_answered,
                                       ts_patron_tab_write_call (tab));
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
}

static void
ts_patron_notes_tab_class_init (TsPatronNotesTabClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  TsPatronTabClass *tab_class = TS_PATRON_TAB_CLASS (klass);

  tab_class->list = ts_api_client_list_patron_notes_async;
  tab_class->member = "notes";
  tab_class->row_title = note_title;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-patron-notes-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, TsPatronNotesTab, note_entry);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked);
}

static void
ts_patron_notes_tab_init (TsPatronNotesTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
