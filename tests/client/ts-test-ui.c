/* ts-test-ui.c — shared helpers of the client UI tests */
#include <locale.h>

#include <glib/gi18n.h>
#include <gobject/gvaluecollector.h>
#include <gdk/x11/gdkx.h>

#include <glib/gstdio.h>

#include "ts-application-private.h"
#include "ts-dialog.h"
#include "ts-window-state.h"
#include "ts-test-client.h"
#include "ts-test-ui.h"

void
ts_test_ui_use_translations (void)
{
  const char *locale = g_getenv ("TESSERA_TEST_LOCALE");
  g_autofree char *state = ts_window_state_path ();

  /* every program starts with no remembered layout (XDG_CONFIG_HOME is the
   * build tree's, shared by the client tests) */
  g_unlink (state);
  if (locale != NULL && setlocale (LC_ALL, locale) == NULL)
    g_error ("The locale %s is not available (set LOCPATH?)", locale);
  bindtextdomain (GETTEXT_PACKAGE, TS_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

gboolean
ts_test_ui_init (int    *argc,
                 char ***argv)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: run under xvfb-run\n");
      return FALSE;
    }
  gtk_test_init (argc, argv, NULL);
  ts_test_ui_use_translations ();
  _ts_application_register_resources ();
  return TRUE;
}

const char *
ts_test_ui_tr (const char *msgid)
{
  return g_dgettext (GETTEXT_PACKAGE, msgid);
}

typedef gboolean (*Match) (GtkWidget *widget, const char *text);

static GtkWidget *
find_visible (GtkWidget  *root,
              Match       match,
              const char *text)
{
  if (!gtk_widget_get_visible (root))
    return NULL;
  if (match (root, text))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_visible (child, match, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_button_labelled (GtkWidget  *widget,
                    const char *text)
{
  return GTK_IS_BUTTON (widget) && !GTK_IS_CHECK_BUTTON (widget)
         && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), text) == 0;
}

static gboolean
is_check_labelled (GtkWidget  *widget,
                   const char *text)
{
  return GTK_IS_CHECK_BUTTON (widget) && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), text) == 0;
}

static gboolean
is_entry_for (GtkWidget  *widget,
              const char *placeholder)
{
  return GTK_IS_ENTRY (widget) && g_strcmp0 (gtk_entry_get_placeholder_text (GTK_ENTRY (widget)), placeholder) == 0;
}

static gboolean
is_label_reading (GtkWidget  *widget,
                  const char *text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

GtkWidget *
ts_test_ui_find_label (GtkWidget  *root,
                       const char *text)
{
  return find_visible (root, is_label_reading, text);
}

GtkWidget *
ts_test_ui_find_descendant (GtkWidget *root,
                            GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ts_test_ui_find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
ts_test_ui_find_button_by_label (GtkWidget  *root,
                                 const char *msgid)
{
  return find_visible (root, is_button_labelled, ts_test_ui_tr (msgid));
}

GtkWidget *
ts_test_ui_find_check_by_label (GtkWidget  *root,
                                const char *msgid)
{
  return find_visible (root, is_check_labelled, ts_test_ui_tr (msgid));
}

GtkWidget *
ts_test_ui_find_entry_by_placeholder (GtkWidget  *root,
                                      const char *msgid)
{
  return find_visible (root, is_entry_for, ts_test_ui_tr (msgid));
}

GtkWindow *
ts_test_ui_find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }
  return NULL;
}

void
ts_test_ui_wait_until (TsTestCondition condition,
                       gpointer        data,
                       const char     *what)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
}

static void
property_notified (GObject    *object,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
deadline_passed (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

GtkWindow *
ts_test_ui_show_page (GtkWidget *page,
                      int        width,
                      int        height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, page);
  gtk_window_present (window);
  ts_test_ui_wait_property (page, "busy", FALSE);
  return window;
}

void
ts_test_ui_wait_property (gpointer    object,
                          const char *property,
                          ...)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);
  g_auto(GValue) wanted = G_VALUE_INIT;
  g_auto(GValue) current = G_VALUE_INIT;
  g_autofree char *error = NULL;
  g_autofree char *signal = g_strconcat ("notify::", property, NULL);
  gboolean notified = TRUE, late = FALSE;
  guint timeout;
  gulong handler;
  va_list args;

  g_assert_nonnull (pspec);
  va_start (args, property);
  G_VALUE_COLLECT_INIT (&wanted, pspec->value_type, args, 0, &error);
  va_end (args);
  g_assert_null (error);
  g_value_init (&current, pspec->value_type);
  handler = g_signal_connect (object, signal, G_CALLBACK (property_notified), &notified);
  timeout = g_timeout_add_seconds (30, deadline_passed, &late);
  for (;;)
    {
      if (notified)
        {
          notified = FALSE;
          g_object_get_property (object, property, &current);
          if (g_param_values_cmp (pspec, &current, &wanted) == 0)
            break;
        }
      if (late)
        {
          g_autofree char *value = g_strdup_value_contents (&wanted);

          g_error ("timed out waiting for %s to be %s", property, value);
        }
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (object, handler);
  g_source_remove (timeout);
}

void
ts_test_ui_pause (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

gboolean
ts_test_ui_get_boolean (gpointer    object,
                        const char *property)
{
  gboolean value = FALSE;

  g_object_get (object, property, &value, NULL);
  return value;
}

const char *
ts_test_ui_get_string (gpointer    object,
                       const char *property)
{
  g_autofree char *value = NULL;

  g_object_get (object, property, &value, NULL);
  return g_intern_string (value != NULL ? value : "");
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Done;

static void
signed_in (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Done *done = user_data;

  ts_api_client_sign_in_finish (TS_API_CLIENT (source), result, &done->error);
  done->done = TRUE;
}

static gboolean
done_set (gpointer data)
{
  return ((Done *) data)->done;
}

TsApiClient *
ts_test_ui_sign_in (TsTestServer *server,
                    const char   *outlet_code,
                    const char   *login)
{
  return ts_test_ui_sign_in_at (server, ts_test_server_get_url (server), outlet_code, login);
}

static void
keep_client (GtkWindow   *dialog,
             TsApiClient *client,
             gpointer     user_data)
{
  TsApiClient **out = user_data;

  g_set_object (out, client);
}

static gboolean
client_kept (gpointer data)
{
  return *(TsApiClient **) data != NULL;
}

void
ts_test_ui_keep_signed_in (GtkWindow    *sign_in_dialog,
                           TsApiClient **out)
{
  g_signal_connect (sign_in_dialog, "signed-in", G_CALLBACK (keep_client), out);
}

void
ts_test_ui_wait_signed_in (TsApiClient **out,
                           const char   *what)
{
  ts_test_ui_wait_until (client_kept, out, what);
}

TsApiClient *
ts_test_ui_sign_in_at (TsTestServer *server,
                       const char   *url,
                       const char   *outlet_code,
                       const char   *login)
{
  TsApiClient *client = ts_api_client_new (url);
  g_autofree char *password = g_strconcat (login, "-password", NULL);
  Done done = { FALSE, NULL };

  ts_api_client_sign_in_async (client, outlet_code ? ts_test_outlet_id (server, outlet_code) : 0,
                               login, password, NULL, signed_in, &done);
  ts_test_ui_wait_until (done_set, &done, "sign-in");
  g_assert_no_error (done.error);
  return client;
}

/* Every screen a test shows is also read for rule numbers: labels, tooltips and
 * titles say the rule in words, never its number (issue 11). */
static void
assert_no_rule_number (GtkWidget *widget)
{
  const char *texts[3] = { NULL, NULL, NULL };

  if (GTK_IS_LABEL (widget))
    texts[0] = gtk_label_get_text (GTK_LABEL (widget));
  if (GTK_IS_WINDOW (widget))
    texts[1] = gtk_window_get_title (GTK_WINDOW (widget));
  texts[2] = gtk_widget_get_tooltip_text (widget);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (texts[i] != NULL && g_regex_match_simple (TS_TEST_RULE_NUMBER, texts[i], 0, 0))
      g_error ("A %s shows a rule number to people: “%s”", G_OBJECT_TYPE_NAME (widget), texts[i]);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_no_rule_number (child);
}

void
ts_test_ui_screenshot (GtkWidget  *widget,
                       const char *name)
{
  const char *dir = g_getenv ("TESSERA_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  assert_no_rule_number (widget);
  if (dir == NULL)
    return;
  gtk_test_widget_wait_for_draw (widget);
  ts_test_ui_pause (250);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  if (width <= 0 || height <= 0)
    return;
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  renderer = gtk_native_get_renderer (GTK_NATIVE (widget));
  if (node == NULL || renderer == NULL)
    return;
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
}

void
ts_test_ui_submit (gpointer dialog)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.submit", NULL));
}

gboolean
ts_test_ui_dialog_says (gpointer dialog)
{
  return !ts_dialog_get_busy (TS_DIALOG (dialog)) && *ts_dialog_get_message (TS_DIALOG (dialog)) != '\0';
}

gboolean
ts_test_ui_dialog_idle (gpointer dialog)
{
  return ts_test_ui_get_boolean (dialog, "ready") && !ts_dialog_get_busy (TS_DIALOG (dialog));
}

gboolean
ts_test_ui_dialog_settled (gpointer dialog)
{
  return ts_test_ui_dialog_says (dialog) && ts_test_ui_dialog_idle (dialog);
}

typedef struct
{
  GtkWidget *widget;
  int        width;
  int        height;
} Size;


static gboolean
laid_out (gpointer data)
{
  return gtk_widget_get_width (data) > 0;
}

static gboolean
has_size (gpointer data)
{
  Size *size = data;

  GtkWindow *window = GTK_WINDOW (size->widget);
  int width, height;

  /* the size GTK keeps for the window, as it saves it (CSD shadows aside) */
  gtk_window_get_default_size (window, &width, &height);
  return width == size->width && height == size->height;
}

void
ts_test_ui_resize_window (GtkWindow *window,
                          int        width,
                          int        height)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  Size size = { GTK_WIDGET (window), width, height };

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  ts_test_ui_wait_until (laid_out, window, "the window to be shown");
  XResizeWindow (gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface)),
                 gdk_x11_surface_get_xid (surface), width, height);
  XFlush (gdk_x11_display_get_xdisplay (gdk_surface_get_display (surface)));
  ts_test_ui_wait_until (has_size, &size, "the window's new size");
}

/* The way to the server, cut and mended: a TCP relay on 127.0.0.1. */
struct _TsTestProxy
{
  GSocketService *service;
  GInetAddress   *loopback;
  guint16         port;
  guint16         target_port;
  char           *url;
  GCancellable   *cancellable;   /* the relays of the connections open now */
  GPtrArray      *streams;       /* and their streams, closed when cut */
  gboolean        up;
};

typedef struct
{
  TsTestProxy       *proxy;
  GSocketConnection *incoming;
} Relay;

static void
relay_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_io_stream_splice_finish (result, NULL);
}

static void
target_connected (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Relay *relay = user_data;
  g_autoptr(GSocketConnection) outgoing = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, NULL);

  if (outgoing != NULL && relay->proxy->up)
    {
      g_ptr_array_add (relay->proxy->streams, g_object_ref (relay->incoming));
      g_ptr_array_add (relay->proxy->streams, g_object_ref (outgoing));
      g_io_stream_splice_async (G_IO_STREAM (relay->incoming), G_IO_STREAM (outgoing),
                                G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                                G_PRIORITY_DEFAULT, relay->proxy->cancellable, relay_done, NULL);
    }
  else
    g_io_stream_close (G_IO_STREAM (relay->incoming), NULL, NULL);
  g_object_unref (relay->incoming);
  g_free (relay);
}

static gboolean
proxy_incoming (GSocketService    *service,
                GSocketConnection *connection,
                GObject           *source,
                gpointer           user_data)
{
  TsTestProxy *proxy = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) target = g_inet_socket_address_new (proxy->loopback, proxy->target_port);
  Relay *relay = g_new0 (Relay, 1);

  relay->proxy = proxy;
  relay->incoming = g_object_ref (connection);
  /* cut (or freed) meanwhile: cancelled, and the proxy is not touched */
  g_socket_client_connect_async (client, G_SOCKET_CONNECTABLE (target), proxy->cancellable, target_connected, relay);
  return TRUE;
}

static void
proxy_listen (TsTestProxy *proxy)
{
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (proxy->loopback, proxy->port);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  /* a closed listener cannot listen again: a new one on the same port */
  proxy->service = g_socket_service_new ();
  g_signal_connect (proxy->service, "incoming", G_CALLBACK (proxy_incoming), proxy);
  g_socket_listener_add_address (G_SOCKET_LISTENER (proxy->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  proxy->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_socket_service_start (proxy->service);
}

TsTestProxy *
ts_test_proxy_new (TsTestServer *server)
{
  TsTestProxy *proxy = g_new0 (TsTestProxy, 1);

  proxy->loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  proxy->target_port = ts_server_get_port (ts_test_server_get_server (server));
  proxy->streams = g_ptr_array_new_with_free_func (g_object_unref);
  proxy->cancellable = g_cancellable_new ();
  proxy->up = TRUE;
  proxy_listen (proxy);
  proxy->url = g_strdup_printf ("http://127.0.0.1:%u", proxy->port);
  return proxy;
}

const char *
ts_test_proxy_get_url (TsTestProxy *proxy)
{
  return proxy->url;
}

void
ts_test_proxy_set_up (TsTestProxy *proxy,
                      gboolean     up)
{
  if (proxy->up == up)
    return;
  proxy->up = up;
  if (up)
    {
      proxy_listen (proxy);
      return;
    }
  /* refused from now on, and what was open is cut */
  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  g_signal_handlers_disconnect_by_data (proxy->service, proxy);
  g_clear_object (&proxy->service);
  g_cancellable_cancel (proxy->cancellable);
  g_clear_object (&proxy->cancellable);
  proxy->cancellable = g_cancellable_new ();
  for (guint i = 0; i < proxy->streams->len; i++)
    g_io_stream_close (g_ptr_array_index (proxy->streams, i), NULL, NULL);
  g_ptr_array_set_size (proxy->streams, 0);
}

void
ts_test_proxy_free (TsTestProxy *proxy)
{
  ts_test_proxy_set_up (proxy, FALSE);
  g_object_unref (proxy->loopback);
  g_object_unref (proxy->cancellable);
  g_ptr_array_unref (proxy->streams);
  g_free (proxy->url);
  g_free (proxy);
}
