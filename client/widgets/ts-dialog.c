/* ts-dialog.c — the base of every dialog: message, busy, ready, the
 * requests it makes and the submit action
 *
 * Each dialog used to keep its own message label, busy flag, cancellable,
 * "saving" sensitivity and refusal display; here they are one mechanism.
 * The dialog's template binds its message label to "message" (and a spinner,
 * if it has one, to "busy"); its default button runs "dialog.submit", which
 * is enabled while the dialog is ready and not busy.  The server's refusal
 * is shown as it comes, in the dialog, which keeps what was typed. */
#include "ts-dialog.h"

typedef struct
{
  TsApiClient  *client;
  GCancellable *cancellable;    /* the dialog's: cancelled when it goes */
  char         *message;
  gboolean      busy;
  gboolean      ready;
  /* the last ts_dialog_send, to send again (an override) */
  TsDialogSend  sent_send;
  JsonNode     *sent_body;
  TsDialogDone  sent_done;
} TsDialogPrivate;

struct _TsDialogCall
{
  GWeakRef      dialog;         /* the answer may come after it is gone */
  TsDialogDone  done;
  gboolean      submission;
};

G_DEFINE_TYPE_WITH_PRIVATE (TsDialog, ts_dialog, GTK_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_MESSAGE,
  PROP_BUSY,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum { SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
update_submit (TsDialog *self)
{
  TsDialogPrivate *priv = ts_dialog_get_instance_private (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.submit",
                                 TS_DIALOG_GET_CLASS (self)->submit != NULL && priv->ready && !priv->busy);
}

static TsDialogCall *
call_new (TsDialog     *self,
          TsDialogDone  done,
          gboolean      submission)
{
  TsDialogCall *call = g_new0 (TsDialogCall, 1);

  g_weak_ref_init (&call->dialog, self);
  call->done = done;
  call->submission = submission;
  return call;
}

static void
call_free (TsDialogCall *call)
{
  g_weak_ref_clear (&call->dialog);
  g_free (call);
}

static void
submit_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TsDialog *self = TS_DIALOG (widget);

  if (TS_DIALOG_GET_CLASS (self)->submit != NULL)
    TS_DIALOG_GET_CLASS (self)->submit (self);
}

static void
ts_dialog_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TsDialog *self = TS_DIALOG (object);
  TsDialogPrivate *priv = ts_dialog_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, priv->client);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, priv->message);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, priv->busy);
      break;
    case PROP_READY:
      g_value_set_boolean (value, priv->ready);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_dialog_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TsDialog *self = TS_DIALOG (object);
  TsDialogPrivate *priv = ts_dialog_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_set_object (&priv->client, g_value_get_object (value));
      break;
    case PROP_MESSAGE:
      ts_dialog_set_message (self, g_value_get_string (value));
      break;
    case PROP_BUSY:
      ts_dialog_set_busy (self, g_value_get_boolean (value));
      break;
    case PROP_READY:
      ts_dialog_set_ready (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_dialog_constructed (GObject *object)
{
  G_OBJECT_CLASS (ts_dialog_parent_class)->constructed (object);
  /* only now is the class the dialog's own, with its submit */
  update_submit (TS_DIALOG (object));
}

static void
ts_dialog_dispose (GObject *object)
{
  TsDialogPrivate *priv = ts_dialog_get_instance_private (TS_DIALOG (object));

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->client);
  G_OBJECT_CLASS (ts_dialog_parent_class)->dispose (object);
}

static void
ts_dialog_finalize (GObject *object)
{
  TsDialogPrivate *priv = ts_dialog_get_instance_private (TS_DIALOG (object));

  g_clear_object (&priv->cancellable);
  g_free (priv->message);
  g_clear_pointer (&priv->sent_body, json_node_unref);
  G_OBJECT_CLASS (ts_dialog_parent_class)->finalize (object);
}

static void
ts_dialog_class_init (TsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ts_dialog_get_property;
  object_class->set_property = ts_dialog_set_property;
  object_class->constructed = ts_dialog_constructed;
  object_class->dispose = ts_dialog_dispose;
  object_class->finalize = ts_dialog_finalize;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TS_TYPE_API_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* a submission was answered: the object the server answered, or NULL */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  gtk_widget_class_install_action (widget_class, "dialog.submit", NULL, submit_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ts_dialog_init (TsDialog *self)
{
  TsDialogPrivate *priv = ts_dialog_get_instance_private (self);

  priv->cancellable = g_cancellable_new ();
  priv->message = g_strdup ("");
  priv->ready = TRUE;
}

TsApiClient *
ts_dialog_get_client (TsDialog *self)
{
  TsDialogPrivate *priv = ts_dialog_get_instance_private (self);

  return priv->client;
}

GCancellable *
ts_dialog_get_cancellable (TsDialog *self)
{
  TsDialogPrivate *priv = ts_dialog_get_instance_private (self);

  return priv->cancellable;
}

const char *
ts_dialog_get_message (TsDialog *self)
{
  TsDialogPrivate *priv = ts_dialog_get_instance_private (self);

  return priv->message;
}

void
ts_dialog_set_message (TsDialog   *self,
                       const char *message)
{
  TsDialogPrivate *priv = ts_dialog_get_instance_private (self);

  if (message == NULL)
    message = "";
  if (g_strcmp0 (priv->message, message) == 0)
    return;
  g_free (priv->message);
  priv->message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

void
ts_dialog_refuse (TsDialog   *self,
                  GtkWidget  *field,
                  const char *message)
{
  ts_dialog_set_message (self, message);
  if (field != NULL)
    gtk_widget_grab_focus (field);
}

gboolean
ts_dialog_get_busy (TsDialog *self)
{
  TsDialogPrivate *priv = ts_dialog_get_instance_private (self);

  return priv->busy;
}

void
ts_dialog_set_busy (TsDialog *self,
                    gboolean  busy)
{
  TsDialogPrivate *priv = ts_dialog_get_instance_private (self);

  busy = !!busy;
  if (priv->busy == busy)
    return;
  priv->busy = busy;
  update_submit (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
ts_dialog_set_ready (TsDialog *self,
                     gboolean  ready)
{
  TsDialogPrivate *priv = ts_dialog_get_instance_private (self);

  ready = !!ready;
  if (priv->ready == ready)
    return;
  priv->ready = ready;
  update_submit (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

TsDialogCall *
ts_dialog_call (TsDialog     *self,
                TsDialogDone  done)
{
  return call_new (self, done, FALSE);
}

TsDialogCall *
ts_dialog_submission (TsDialog     *self,
                      TsDialogDone  done)
{
  ts_dialog_set_message (self, NULL);
  ts_dialog_set_busy (self, TRUE);
  return call_new (self, done, TRUE);
}

void
ts_dialog_answered (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  TsDialogCall *call = data;
  g_autoptr(TsDialog) self = g_weak_ref_get (&call->dialog);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsDialogDone done = call->done;
  gboolean submission = call->submission;

  call_free (call);
  /* cancelled: the dialog is going, or has started that load again */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (submission)
    ts_dialog_set_busy (self, FALSE);
  if (error != NULL)
    ts_dialog_set_message (self, error->message);
  if (done != NULL)
    done (self, answer, error);
  if (submission && error == NULL)
    {
      g_signal_emit (self, signals[SAVED], 0,
                     answer != NULL && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL);
      gtk_window_close (GTK_WINDOW (self));
    }
}

void
ts_dialog_send (TsDialog     *self,
                TsDialogSend  send,
                JsonNode     *body,
                TsDialogDone  done)
{
  TsDialogPrivate *priv = ts_dialog_get_instance_private (self);

  /* referenced first: body may be the one kept (ts_dialog_send_again) */
  if (body != NULL)
    json_node_ref (body);
  g_clear_pointer (&priv->sent_body, json_node_unref);
  priv->sent_body = body;
  priv->sent_send = send;
  priv->sent_done = done;
  send (self, body, priv->cancellable, ts_dialog_answered, ts_dialog_submission (self, done));
}

JsonNode *
ts_dialog_get_sent (TsDialog *self)
{
  TsDialogPrivate *priv = ts_dialog_get_instance_private (self);

  return priv->sent_body;
}

gboolean
ts_dialog_send_again (TsDialog *self,
                      JsonNode *body)
{
  TsDialogPrivate *priv = ts_dialog_get_instance_private (self);

  /* as the submit action: not while the last is out, nor while loading */
  if (priv->sent_send == NULL || !priv->ready || priv->busy)
    return FALSE;
  ts_dialog_send (self, priv->sent_send, body, priv->sent_done);
  return TRUE;
}
