/* ts-patron-preferences-tab.c — how this outlet may contact the patron
 * (P4): the list says what was saved, and the form below shows it, to be
 * changed and saved again */
#include <glib/gi18n.h>

#include "ts-patron-preferences-tab.h"

struct _TsPatronPreferencesTab
{
  TsPatronTab     parent_instance;

  GtkCheckButton *mail_check;
  GtkCheckButton *email_check;
  GtkCheckButton *phone_check;
  GtkEntry       *consent_entry;
};

G_DEFINE_FINAL_TYPE (TsPatronPreferencesTab, ts_patron_preferences_tab, TS_TYPE_PATRON_TAB)

static char *
preference_title (TsPatronTab *tab,
                  JsonObject  *row,
                  char       **detail)
{
  const char *consent = json_object_get_string_member_with_default (row, "consent_on", NULL);

  *detail = consent ? g_strdup_printf (_("Consent given on %s"), consent) : NULL;
  return g_strdup_printf (_("Mail: %s · E-mail: %s · Phone: %s"),
                          json_object_get_boolean_member (row, "may_mail") ? _("yes") : _("no"),
                          json_object_get_boolean_member (row, "may_email") ? _("yes") : _("no"),
                          json_object_get_boolean_member (row, "may_phone") ? _("yes") : _("no"));
}

static void
preferences_loaded (TsPatronTab *tab,
                    JsonArray   *rows)
{
  TsPatronPreferencesTab *self = TS_PATRON_PREFERENCES_TAB (tab);
  JsonObject *saved;
  const char *consent;

  if (rows == NULL || json_array_get_length (rows) == 0)
    return;
  saved = json_array_get_object_element (rows, 0);
  consent = json_object_get_string_member_with_default (saved, "consent_on", NULL);
  gtk_check_button_set_active (self->mail_check, json_object_get_boolean_member (saved, "may_mail"));
  gtk_check_button_set_active (self->email_check, json_object_get_boolean_member (saved, "may_email"));
  gtk_check_button_set_active (self->phone_check, json_object_get_boolean_member (saved, "may_phone"));
  gtk_editable_set_text (GTK_EDITABLE (self->consent_entry), consent ? consent : "");
}

static void
save_clicked (TsPatronPreferencesTab *self)
{
  TsPatronTab *tab = TS_PATRON_TAB (self);
  const char *consent = gtk_editable_get_text (GTK_EDITABLE (self->consent_entry));

  ts_api_client_set_patron_preferences_async (ts_patron_tab_get_client (tab), ts_patron_tab_get_patron_id (tab),
                                              gtk_check_button_get_active (self->mail_check),
                                              gtk_check_button_get_active (self->email_check),
                                              gtk_check_button_get_active (self->phone_check),
                                              *consent != '\0' ? consent : NULL,
                                              ts_patron_tab_get_cancellable (tab), ts_api_answered,
                                              ts_patron_tab_write_call (tab));
}

static void
ts_patron_preferences_tab_class_init (TsPatronPreferencesTabClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  TsPatronTabClass *tab_class = TS_PATRON_TAB_CLASS (klass);

  tab_class->list = ts_api_client_get_patron_preferences_async;
  tab_class->member = "preferences";
  tab_class->row_title = preference_title;
  tab_class->loaded = preferences_loaded;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-patron-preferences-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, TsPatronPreferencesTab, mail_check);
  gtk_widget_class_bind_template_child (widget_class, TsPatronPreferencesTab, email_check);
  gtk_widget_class_bind_template_child (widget_class, TsPatronPreferencesTab, phone_check);
  gtk_widget_class_bind_template_child (widget_class, TsPatronPreferencesTab, consent_entry);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked);
}

static void
ts_patron_preferences_tab_init (TsPatronPreferencesTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
