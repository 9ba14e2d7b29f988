/* ts-override-dialog.c — asks the owning outlet's agent whether to override
 * a rule the server refused on (S3), and why
 *
 * The server answers "override_needed" only to whoever may override (the
 * owning outlet at Box Office level and up); the client checks the same
 * before offering it, so that a selling outlet or a lower level is never
 * shown the choice.  Overriding is explicit: a reason is required, and the
 * button says that it is recorded in the audit log.  A dialog asks with
 * ts_override_dialog_ask, which sends its refused submission again with the
 * reason (ts_override_dialog_add_to, ts_dialog_send_again); the Override
 * button is the dialog's submit action, ready once a reason is typed. */
#include <glib/gi18n.h>

#include "ts-error.h"
#include "ts-override-dialog-private.h"

struct _TsOverrideDialog
{
  TsDialog   parent_instance;

  GtkLabel  *refusal_label;
  GtkEntry  *reason_entry;
  GtkButton *override_button;
};

G_DEFINE_FINAL_TYPE (TsOverrideDialog, ts_override_dialog, TS_TYPE_DIALOG)

enum { OVERRIDE, N_SIGNALS };
static guint signals[N_SIGNALS];

gboolean
ts_override_dialog_offered (TsApiClient  *client,
                            const GError *error,
                            gint64        owner_outlet_id)
{
  TsLevel level = ts_api_client_get_level (client);

  if (!g_error_matches (error, TS_ERROR, TS_ERROR_OVERRIDE_NEEDED) || level < TS_LEVEL_BOX_OFFICE)
    return FALSE;
  /* S3: the owning outlet's rules are overridden by the owning outlet only */
  return level == TS_LEVEL_MASTER || (owner_outlet_id != 0 && owner_outlet_id == ts_api_client_get_outlet_id (client));
}

void
ts_override_dialog_add_to (JsonObject *request,
                           const char *reason)
{
  JsonObject *override = json_object_new ();

  json_object_set_string_member (override, "reason", reason);
  json_object_set_object_member (request, "override", override);
}

/* The reason without its surrounding blanks; "" when none is given. */
static char *
reason_of (TsOverrideDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));
}

static void
on_reason_changed (TsOverrideDialog *self)
{
  g_autofree char *reason = reason_of (self);

  /* an override says why (S3): nothing to press until it does */
  ts_dialog_set_ready (TS_DIALOG (self), *reason != '\0');
}

static void
submit (TsDialog *dialog)
{
  TsOverrideDialog *self = TS_OVERRIDE_DIALOG (dialog);
  g_autofree char *reason = reason_of (self);

  /* hidden first, so that the caller may show the next refusal or dialog;
   * destroyed after, since destroying drops the signal's handlers */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_signal_emit (self, signals[OVERRIDE], 0, reason);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* S3: the person overrides, and says why: the dialog's refused submission
 * again, the reason added to its member (the body itself when none). */
static void
override_given (TsOverrideDialog *override,
                const char       *reason,
                TsDialog         *dialog)
{
  const char *member = g_object_get_data (G_OBJECT (override), "member");
  g_autoptr(JsonNode) body = NULL;
  JsonObject *request;

  if (ts_dialog_get_sent (dialog) == NULL)
    return;
  body = json_node_copy (ts_dialog_get_sent (dialog));
  request = json_node_get_object (body);
  if (member != NULL)
    request = json_object_get_object_member (request, member);
  ts_override_dialog_add_to (request, reason);
  ts_dialog_send_again (dialog, body);
}

gboolean
ts_override_dialog_ask (TsDialog     *dialog,
                        const GError *error,
                        gint64        owner_outlet_id,
                        const char   *member)
{
  TsOverrideDialog *override;

  if (!ts_override_dialog_offered (ts_dialog_get_client (dialog), error, owner_outlet_id))
    return FALSE;
  override = ts_override_dialog_new (GTK_WINDOW (dialog), error->message);
  g_object_set_data_full (G_OBJECT (override), "member", g_strdup (member), g_free);
  g_signal_connect_object (override, "override", G_CALLBACK (override_given), dialog, 0);
  gtk_window_present (GTK_WINDOW (override));
  return TRUE;
}

static void
ts_override_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_OVERRIDE_DIALOG);
  G_OBJECT_CLASS (ts_override_dialog_parent_class)->dispose (object);
}

static void
ts_override_dialog_class_init (TsOverrideDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_override_dialog_dispose;
  TS_DIALOG_CLASS (klass)->submit = submit;
  signals[OVERRIDE] = g_signal_new ("override", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-override-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsOverrideDialog, refusal_label);
  gtk_widget_class_bind_template_child (widget_class, TsOverrideDialog, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, TsOverrideDialog, override_button);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_changed);
}

static void
ts_override_dialog_init (TsOverrideDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  on_reason_changed (self);
}

TsOverrideDialog *
ts_override_dialog_new (GtkWindow  *parent,
                        const char *refusal)
{
  TsOverrideDialog *self = g_object_new (TS_TYPE_OVERRIDE_DIALOG, "transient-for", parent, NULL);

  gtk_label_set_text (self->refusal_label, refusal ? refusal : "");
  gtk_widget_grab_focus (GTK_WIDGET (self->reason_entry));
  return self;
}

/* For tests ------------------------------------------------------------------------- */

const char *
_ts_override_dialog_get_refusal (TsOverrideDialog *self)
{
  return gtk_label_get_text (self->refusal_label);
}

void
_ts_override_dialog_set_reason (TsOverrideDialog *self,
                                const char       *reason)
{
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), reason);
}
