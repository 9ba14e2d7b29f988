/* ts-trust-server-dialog.c — asks the person to trust a server's own
 * certificate, as SSH does on a first connection, or warns that it changed
 *
 * The person checks the fingerprint with the administrator (who read it when
 * making the certificate, tessera-server --generate-certificate) before
 * trusting: the dialog's default is not to.  A changed certificate is
 * refused outright, as SSH does: only an administrator, who can tell a
 * replaced certificate from an impersonation, removes the old pin. */
#include <glib/gi18n.h>

#include "ts-known-servers.h"
#include "ts-trust-server-dialog-private.h"

struct _TsTrustServerDialog
{
  TsDialog         parent_instance;

  GtkLabel        *heading_label;
  GtkLabel        *explanation_label;
  GtkLabel        *fingerprint_label;
  GtkWidget       *pinned_box;
  GtkLabel        *pinned_label;
  GtkLabel        *advice_label;
  GtkWidget       *trust_button;
  GtkButton       *cancel_button;
  GtkImage        *icon;

  char            *host_port;
  GTlsCertificate *certificate;
  char            *fingerprint;
  gboolean         changed;
};

G_DEFINE_FINAL_TYPE (TsTrustServerDialog, ts_trust_server_dialog, TS_TYPE_DIALOG)

enum { TRUSTED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* 32 pairs on two lines of 16: easier to read aloud and to compare. */
static char *
two_lines (const char *fingerprint)
{
  char *text = g_strdup (fingerprint);

  if (strlen (text) == 95 && text[47] == ':')
    text[47] = '\n';
  return text;
}

static void
submit (TsDialog *dialog)
{
  TsTrustServerDialog *self = TS_TRUST_SERVER_DIALOG (dialog);
  g_autoptr(GError) error = NULL;

  if (self->changed)
    return;
  if (!ts_known_servers_pin (self->host_port, self->certificate, &error))
    {
      ts_dialog_set_message (dialog, error->message);
      return;
    }
  /* hidden first, so that what follows (signing in) shows over nothing;
   * destroyed after, since destroying drops the signal's handlers */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_signal_emit (self, signals[TRUSTED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
ts_trust_server_dialog_dispose (GObject *object)
{
  TsTrustServerDialog *self = TS_TRUST_SERVER_DIALOG (object);

  g_clear_object (&self->certificate);
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_TRUST_SERVER_DIALOG);
  G_OBJECT_CLASS (ts_trust_server_dialog_parent_class)->dispose (object);
}

static void
ts_trust_server_dialog_finalize (GObject *object)
{
  TsTrustServerDialog *self = TS_TRUST_SERVER_DIALOG (object);

  g_free (self->host_port);
  g_free (self->fingerprint);
  G_OBJECT_CLASS (ts_trust_server_dialog_parent_class)->finalize (object);
}

static void
ts_trust_server_dialog_class_init (TsTrustServerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_trust_server_dialog_dispose;
  object_class->finalize = ts_trust_server_dialog_finalize;
  TS_DIALOG_CLASS (klass)->submit = submit;
  /* the certificate is pinned: connect again */
  signals[TRUSTED] = g_signal_new ("trusted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-trust-server-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsTrustServerDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, TsTrustServerDialog, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, TsTrustServerDialog, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, TsTrustServerDialog, pinned_box);
  gtk_widget_class_bind_template_child (widget_class, TsTrustServerDialog, pinned_label);
  gtk_widget_class_bind_template_child (widget_class, TsTrustServerDialog, advice_label);
  gtk_widget_class_bind_template_child (widget_class, TsTrustServerDialog, trust_button);
  gtk_widget_class_bind_template_child (widget_class, TsTrustServerDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TsTrustServerDialog, icon);
}

static void
ts_trust_server_dialog_init (TsTrustServerDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TsTrustServerDialog *
ts_trust_server_dialog_new (GtkWindow       *parent,
                            const char      *host_port,
                            GTlsCertificate *certificate)
{
  TsTrustServerDialog *self = g_object_new (TS_TYPE_TRUST_SERVER_DIALOG, "transient-for", parent, NULL);
  g_autofree char *pinned = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (host_port != NULL && G_IS_TLS_CERTIFICATE (certificate), self);

  self->host_port = g_strdup (host_port);
  self->certificate = g_object_ref (certificate);
  self->fingerprint = ts_known_servers_fingerprint (certificate);
  self->changed = ts_known_servers_check (host_port, certificate, &pinned) == TS_SERVER_TRUST_CHANGED;
  shown = two_lines (self->fingerprint);
  gtk_label_set_text (self->fingerprint_label, shown);

  if (!self->changed)
    {
      /* Translators: %s is a server's name and port, e.g. tickets.example.org:8443 */
      text = g_strdup_printf (_("First connection to %s"), host_port);
      gtk_label_set_text (self->heading_label, text);
      gtk_label_set_text (self->explanation_label,
                          _("This computer has never connected to this server, and its certificate is not signed "
                            "by an authority this computer knows. Nothing has been sent to it yet. Before you trust "
                            "it, check with your administrator that its SHA-256 fingerprint is exactly:"));
      gtk_label_set_text (self->advice_label,
                          _("Once trusted, this computer accepts this certificate for this server without asking "
                            "again, and refuses any other."));
      gtk_widget_set_visible (self->pinned_box, FALSE);
      /* the safe choice is the one Enter and Space take first */
      gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
      return self;
    }

  gtk_window_set_title (GTK_WINDOW (self), _("Server Certificate Changed"));
  gtk_image_set_from_icon_name (self->icon, "dialog-error-symbolic");
  gtk_widget_add_css_class (GTK_WIDGET (self->icon), "error");
  /* Translators: %s is a server's name and port, e.g. tickets.example.org:8443 */
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf (_("Warning: %s may not be your server"), host_port);
  gtk_label_set_text (self->heading_label, text);
  gtk_label_set_text (self->explanation_label,
                      _("This server presents a different certificate from the one this computer trusted. "
                        "Someone may be impersonating it to read passwords and sales. Nothing was sent to it, "
                        "and this computer refuses it. Its certificate now has the SHA-256 fingerprint:"));
  g_clear_pointer (&shown, g_free);
  shown = two_lines (pinned);
  gtk_label_set_text (self->pinned_label, shown);
  g_clear_pointer (&text, g_free);
  {
    g_autofree char *path = ts_known_servers_path ();

    g_autofree char *command = g_strdup_printf ("tessera --forget-server https://%s", host_port);

    /* Translators: the first %s is a command, the second a server's name and port, the third a file */
    text = g_strdup_printf (_("Tell your administrator. Only if the server’s certificate was really replaced, and "
                              "the administrator confirms the new fingerprint above, the administrator runs “%s” "
                              "on this computer (which removes the group [%s] from %s); the next connection then "
                              "asks again."),
                            command, host_port, path);
  }
  gtk_label_set_text (self->advice_label, text);
  gtk_widget_set_visible (self->trust_button, FALSE);
  gtk_button_set_label (self->cancel_button, _("_Close"));
  ts_dialog_set_ready (TS_DIALOG (self), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->cancel_button));
  return self;
}

/* For tests ------------------------------------------------------------------------- */

char *
_ts_trust_server_dialog_get_shown_fingerprint (TsTrustServerDialog *self)
{
  g_autofree char *shown = g_strdup (gtk_label_get_text (self->fingerprint_label));

  g_strdelimit (shown, "\n", ':');
  return g_steal_pointer (&shown);
}

gboolean
_ts_trust_server_dialog_is_changed (TsTrustServerDialog *self)
{
  return self->changed;
}
