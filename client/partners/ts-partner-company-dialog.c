/* ts-partner-company-dialog.c — a partner company (K1): a name (the only
 * field required), the "Collect contact preferences" switch (K3: whether
 * the box office asks patrons about it at checkout) and a description
 * patrons read online
 *
 * The server checks everything (a name taken is its refusal, shown here
 * with what was typed kept). */
#include <glib/gi18n.h>

#include "ts-api-partners.h"
#include "ts-season-common.h"
#include "ts-partner-company-dialog.h"

#define PARTNER_NAME_MAX 120               /* K1, as the server's column */
#define PARTNER_DESCRIPTION_MAX 2000

struct _TsPartnerCompanyDialog
{
  TsDialog      parent_instance;

  GtkEntry     *name_entry;
  GtkSwitch    *collect_switch;
  GtkTextView  *description_view;

  gint64        outlet_id;
  gint64        partner_id;    /* 0 when creating */
};

G_DEFINE_FINAL_TYPE (TsPartnerCompanyDialog, ts_partner_company_dialog, TS_TYPE_DIALOG)

static void
submit (TsDialog *dialog)
{
  TsPartnerCompanyDialog *self = TS_PARTNER_COMPANY_DIALOG (dialog);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  g_autofree char *description = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  TsApiClient *client = ts_dialog_get_client (dialog);
  gboolean collect = gtk_switch_get_active (self->collect_switch);
  GtkTextIter start, end;

  if (*name == '\0')
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->name_entry), _("Name: a partner company needs a name."));
      return;
    }
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  description = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (g_utf8_strlen (description, -1) > PARTNER_DESCRIPTION_MAX)
    {
      g_autofree char *text = g_strdup_printf (_("Description online: at most %d characters."), PARTNER_DESCRIPTION_MAX);

      ts_dialog_refuse (dialog, GTK_WIDGET (self->description_view), text);
      return;
    }

  if (self->partner_id == 0)
    ts_api_client_create_partner_company_async (client, self->outlet_id, name, collect, description,
                                                ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                                ts_dialog_submission (dialog, NULL));
  else
    ts_api_client_patch_partner_company_async (client, self->partner_id, name, collect, description,
                                               ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                               ts_dialog_submission (dialog, NULL));
}

static void
ts_partner_company_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_PARTNER_COMPANY_DIALOG);
  G_OBJECT_CLASS (ts_partner_company_dialog_parent_class)->dispose (object);
}

static void
ts_partner_company_dialog_class_init (TsPartnerCompanyDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ts_partner_company_dialog_dispose;
  TS_DIALOG_CLASS (klass)->submit = submit;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-partner-company-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsPartnerCompanyDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPartnerCompanyDialog, collect_switch);
  gtk_widget_class_bind_template_child (widget_class, TsPartnerCompanyDialog, description_view);
}

static void
ts_partner_company_dialog_init (TsPartnerCompanyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_entry_set_max_length (self->name_entry, PARTNER_NAME_MAX);
}

TsPartnerCompanyDialog *
ts_partner_company_dialog_new (GtkWindow   *parent,
                               TsApiClient *client,
                               gint64       outlet_id,
                               JsonObject  *partner)
{
  TsPartnerCompanyDialog *self = g_object_new (TS_TYPE_PARTNER_COMPANY_DIALOG, "transient-for", parent,
                                               "client", client, NULL);

  self->outlet_id = outlet_id;
  if (partner != NULL)
    {
      const char *description = ts_season_get_string (partner, "web_description");

      self->partner_id = ts_season_get_int (partner, "id", 0);
      gtk_editable_set_text (GTK_EDITABLE (self->name_entry), ts_season_get_string (partner, "name") ?: "");
      gtk_switch_set_active (self->collect_switch,
                             json_object_get_boolean_member_with_default (partner, "collect_preferences", TRUE));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view), description ? description : "", -1);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Partner Company"));
    }
  return self;
}
