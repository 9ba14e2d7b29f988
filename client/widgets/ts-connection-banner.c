/* ts-connection-banner.c — "The server cannot be reached — retrying…" with
 * Retry, shown while the client's requests get no answer; it asks the
 * server's health with back-off until one is answered */
#include <glib/gi18n.h>

#include "ts-connection-banner.h"

#define RETRY_FIRST_S 1
#define RETRY_MAX_S   10

struct _TsConnectionBanner
{
  GtkWidget     parent_instance;

  GtkRevealer  *revealer;
  GtkLabel     *label;

  TsApiClient  *client;
  GCancellable *cancellable;   /* the health request out, if any */
  guint         retry_id;
  guint         retry_s;
};

G_DEFINE_FINAL_TYPE (TsConnectionBanner, ts_connection_banner, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_CLIENT, PROP_SHOWN, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void ask (TsConnectionBanner *self);

static gboolean
retry_due (gpointer user_data)
{
  TsConnectionBanner *self = user_data;

  self->retry_id = 0;
  ask (self);
  return G_SOURCE_REMOVE;
}

static void
health_answered (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsConnectionBanner *self;

  /* cancelled: the banner may be gone */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  g_clear_object (&self->cancellable);
  /* An answer has already made the client reachable (and hidden us). */
  if (!ts_api_client_get_reachable (self->client) && self->retry_id == 0)
    {
      self->retry_id = g_timeout_add_seconds (self->retry_s, retry_due, self);
      self->retry_s = MIN (self->retry_s * 2, RETRY_MAX_S);
    }
}

static void
ask (TsConnectionBanner *self)
{
  if (self->client == NULL || self->cancellable != NULL)
    return;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->cancellable = g_cancellable_new ();
  ts_api_client_get_health_async (self->client, self->cancellable, health_answered, self);
}

static void
stop_asking (TsConnectionBanner *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static void
reachable_changed (TsConnectionBanner *self)
{
  gboolean shown = self->client != NULL && !ts_api_client_get_reachable (self->client);

  if (shown == gtk_revealer_get_reveal_child (self->revealer))
    return;
  gtk_revealer_set_reveal_child (self->revealer, shown);
  if (shown)
    {
      self->retry_s = RETRY_FIRST_S;
      self->retry_id = g_timeout_add_seconds (self->retry_s, retry_due, self);
      self->retry_s *= 2;
    }
  else
    stop_asking (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN]);
}

static void
retry_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TsConnectionBanner *self = TS_CONNECTION_BANNER (widget);

  /* asked by a person: start the back-off again */
  self->retry_s = RETRY_FIRST_S;
  ask (self);
}

static void
ts_connection_banner_dispose (GObject *object)
{
  TsConnectionBanner *self = TS_CONNECTION_BANNER (object);

  stop_asking (self);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_CONNECTION_BANNER);
  G_OBJECT_CLASS (ts_connection_banner_parent_class)->dispose (object);
}

static void
ts_connection_banner_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TsConnectionBanner *self = TS_CONNECTION_BANNER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_SHOWN:
      g_value_set_boolean (value, ts_connection_banner_get_shown (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_connection_banner_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CLIENT:
      ts_connection_banner_set_client (TS_CONNECTION_BANNER (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_connection_banner_class_init (TsConnectionBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_connection_banner_dispose;
  object_class->get_property = ts_connection_banner_get_property;
  object_class->set_property = ts_connection_banner_set_property;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-connection-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, TsConnectionBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, TsConnectionBanner, label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "banner.retry", NULL, retry_activated);

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TS_TYPE_API_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOWN] =
    g_param_spec_boolean ("shown", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ts_connection_banner_init (TsConnectionBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TsConnectionBanner *
ts_connection_banner_new (void)
{
  return g_object_new (TS_TYPE_CONNECTION_BANNER, NULL);
}

void
ts_connection_banner_set_client (TsConnectionBanner *self,
                                 TsApiClient        *client)
{
  g_return_if_fail (TS_IS_CONNECTION_BANNER (self));

  if (self->client == client)
    return;
  stop_asking (self);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  if (client != NULL)
    g_signal_connect_swapped (client, "notify::reachable", G_CALLBACK (reachable_changed), self);
  reachable_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

gboolean
ts_connection_banner_get_shown (TsConnectionBanner *self)
{
  return gtk_revealer_get_reveal_child (self->revealer);
}
