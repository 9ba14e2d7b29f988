/* ts-application.c — start-up, sign-in, the main window, sign-out */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "ts-known-servers.h"
#include "ts-main-window.h"
#include "ts-memory.h"
#include "ts-open-order-dialog.h"
#include "ts-scan-window.h"
#include "ts-sign-in-dialog.h"
#include "ts-startup-probe.h"
#include "ts-window-state.h"
#include "ts-application-private.h"

struct _TsApplication
{
  GtkApplication parent_instance;

  char          *server_url;     /* --server, else GSettings */
  char          *handed_token;   /* a session tessera-remote signed in to, until adopted */
  gboolean       remote;         /* a remote outlet's desktop: signing out ends it */
};

G_DEFINE_FINAL_TYPE (TsApplication, ts_application, GTK_TYPE_APPLICATION)

void
_ts_application_register_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

      /* the bundle itself registered before main (client/meson.build) */
      gtk_css_provider_load_from_resource (css, "/org/tessera/Tessera/style.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                        "/org/tessera/Tessera/icons");
      g_once_init_leave (&registered, 1);
    }
}

static void
on_signed_in (TsSignInDialog *dialog,
              TsApiClient    *client,
              TsApplication  *self)
{
  _ts_application_open_session (self, client);
  gtk_window_destroy (GTK_WINDOW (dialog));
  ts_memory_trim_soon ();
}

static TsSignInDialog *
show_sign_in (TsApplication *self)
{
  TsSignInDialog *dialog = ts_sign_in_dialog_new (GTK_APPLICATION (self), self->server_url);

  g_signal_connect (dialog, "signed-in", G_CALLBACK (on_signed_in), self);
  gtk_window_present (GTK_WINDOW (dialog));
  ts_startup_probe_after_frame (GTK_WIDGET (dialog), "sign-in-shown", NULL);
  return dialog;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
sign_out_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  /* a remote outlet's desktop ends with its session: the gateway signs it
   * out at the server and closes the browser's page */
  if (TS_APPLICATION (user_data)->remote)
    g_application_quit (G_APPLICATION (user_data));
  else
    _ts_application_sign_out (TS_APPLICATION (user_data));
}

/* Remote outlets (docs/architecture.md): tessera-remote signed the person
 * in and hands the session's token over through an inherited pipe, the
 * descriptor named by TESSERA_SESSION_FD: never on the command line, which
 * ps shows to every user.  Read once; the variable goes with it. */
static void
take_handed_token (TsApplication *self)
{
  const char *name = g_getenv ("TESSERA_SESSION_FD");
  g_autoptr(GString) token = g_string_new (NULL);
  gint64 fd;
  char buffer[256];
  gssize n;

  if (name == NULL)
    return;
  if (!g_ascii_string_to_signed (name, 10, 3, G_MAXINT, &fd, NULL))
    {
      g_warning ("TESSERA_SESSION_FD=%s names no descriptor: signing in as usual", name);
      g_unsetenv ("TESSERA_SESSION_FD");
      return;
    }
  g_unsetenv ("TESSERA_SESSION_FD");
  while ((n = read (fd, buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0 && token->len < 4096)
      g_string_append_len (token, buffer, n);
  close (fd);
  g_free (self->handed_token);
  self->handed_token = g_strstrip (g_string_free (g_steal_pointer (&token), FALSE));
  self->remote = TRUE;
}

static void
handed_session_checked (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(TsApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) me = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);

  /* a session that no longer works shows nothing: the client exits, and the
   * gateway ends the desktop */
  if (me != NULL)
    _ts_application_open_session (self, TS_API_CLIENT (source));
  else
    g_warning ("The session handed over does not work: %s", error != NULL ? error->message : "no answer");
  g_application_release (G_APPLICATION (self));
}

static void
adopt_handed_session (TsApplication *self)
{
  g_autoptr(TsApiClient) client = ts_api_client_new (self->server_url);

  ts_api_client_adopt_token (client, self->handed_token);
  memset (self->handed_token, 0, strlen (self->handed_token));
  g_clear_pointer (&self->handed_token, g_free);
  g_application_hold (G_APPLICATION (self));
  ts_api_client_get_me_async (client, NULL, handed_session_checked, g_object_ref (self));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  const char *developers[] = { _("The Tessera developers"), NULL };

  gtk_show_about_dialog (parent,
                         "program-name", "Tessera",
                         "logo-icon-name", TS_APP_ID,
                         "version", TS_VERSION,
                         "comments", _("Box office for a consortium of performing-arts companies"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", developers,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

/* "app.open-order" (Ctrl+Shift+O): an order by its number, from whichever
 * window of the session has the focus. */
static void
open_order_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GtkApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (self);

  for (GList *l = gtk_application_get_windows (self); l != NULL; l = l->next)
    if (TS_IS_MAIN_WINDOW (l->data))
      {
        gtk_window_present (GTK_WINDOW (ts_open_order_dialog_new (parent ? parent : l->data,
                                                                  ts_main_window_get_client (l->data))));
        return;
      }
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "sign-out", .activate = sign_out_activated },
  { .name = "about", .activate = about_activated },
  { .name = "open-order", .activate = open_order_activated },
};

static void
ts_application_startup (GApplication *application)
{
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *open_order_accels[] = { "<Control><Shift>o", NULL };

  G_APPLICATION_CLASS (ts_application_parent_class)->startup (application);

  _ts_application_register_resources ();
  gtk_window_set_default_icon_name (TS_APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.open-order", open_order_accels);
}

static void
ts_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }
  if (TS_APPLICATION (application)->handed_token != NULL)
    adopt_handed_session (TS_APPLICATION (application));
  else
    show_sign_in (TS_APPLICATION (application));
}

/* tessera --forget-server URL: an administrator, once a server's
 * certificate was really replaced and its new fingerprint confirmed, makes
 * way for it on this computer (SSH's ssh-keygen -R).  Exits. */
static int
forget_server (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *host_port = ts_known_servers_host_port_of (uri);
  g_autofree char *forgotten = NULL;
  g_autoptr(GError) error = NULL;

  if (host_port == NULL)
    {
      g_printerr (_("%s is not an https:// address: only those have certificates this computer trusts.\n"), url);
      return 2;
    }
  if (!ts_known_servers_forget (host_port, &forgotten, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (forgotten == NULL)
    g_print (_("No certificate was trusted for %s on this computer.\n"), host_port);
  else
    g_print (_("Forgot the certificate trusted for %s (SHA-256 %s): the next connection asks again.\n"),
             host_port, forgotten);
  return 0;
}

static int
ts_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  TsApplication *self = TS_APPLICATION (application);
  const char *server = NULL;
  const char *forget = NULL;

  if (g_variant_dict_lookup (options, "forget-server", "&s", &forget))
    return forget_server (forget);
  if (g_variant_dict_lookup (options, "server", "&s", &server))
    {
      g_free (self->server_url);
      self->server_url = g_strdup (server);
    }
  take_handed_token (self);
  return -1;
}

/* Quitting remembers every window's layout as closing it would. */
static void
ts_application_shutdown (GApplication *application)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      ts_window_state_save (window);
    }
  G_APPLICATION_CLASS (ts_application_parent_class)->shutdown (application);
}

static void
ts_application_finalize (GObject *object)
{
  g_free (TS_APPLICATION (object)->server_url);
  g_free (TS_APPLICATION (object)->handed_token);
  G_OBJECT_CLASS (ts_application_parent_class)->finalize (object);
}

static void
ts_application_class_init (TsApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = ts_application_finalize;
  app_class->startup = ts_application_startup;
  app_class->activate = ts_application_activate;
  app_class->shutdown = ts_application_shutdown;
  app_class->handle_local_options = ts_application_handle_local_options;
}

static void
ts_application_init (TsApplication *self)
{
  const GOptionEntry options[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, NULL, N_("Server address, e.g. http://127.0.0.1:8080"), N_("URL") },
    { "forget-server", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Forget the certificate trusted for this server (once it was really replaced), then exit"), N_("URL") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

TsApplication *
ts_application_new (void)
{
  /* Non-unique: agents on a shared remote-desktop host each run their own. */
  return g_object_new (TS_TYPE_APPLICATION,
                       "application-id", TS_APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}

void
_ts_application_set_server_url (TsApplication *self,
                                const char    *server_url)
{
  g_free (self->server_url);
  self->server_url = g_strdup (server_url);
}

/* C4: a Scanner may only validate tickets, and the server refuses it every
 * other route: it gets the door's scan window alone, not a main window of
 * pages it could not load. */
void
_ts_application_open_session (TsApplication *self,
                              TsApiClient   *client)
{
  GtkWindow *window;

  if (ts_api_client_get_level (client) == TS_LEVEL_SCANNER)
    window = GTK_WINDOW (ts_scan_window_new (GTK_APPLICATION (self), client));
  else
    window = GTK_WINDOW (ts_main_window_new (GTK_APPLICATION (self), client));
  /* a remote outlet's desktop is the browser's page: the window fills it */
  if (self->remote)
    gtk_window_maximize (window);
  gtk_window_present (window);
  ts_startup_probe_after_frame (GTK_WIDGET (window), "session-shown", NULL);
}

/* P4, P5: at a shared workstation the next agent may belong to another
 * outlet, so nothing the session opened may stay on screen: every window
 * goes, whoever opened it and whether or not the application knows it
 * (patron records, orders, maps, will call, preferences, reports), not only
 * the main window.  Each remembers its layout as it goes (TsWindowState). */
TsSignInDialog *
_ts_application_sign_out (TsApplication *self)
{
  /* Shown first, so the application never has no window (and quits). */
  TsSignInDialog *sign_in = show_sign_in (self);
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr(GPtrArray) windows = g_ptr_array_new ();   /* references, dropped one by one below */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      GtkWindow *window = g_list_model_get_item (toplevels, i);

      if (window == GTK_WINDOW (sign_in))
        g_object_unref (window);
      else
        g_ptr_array_add (windows, window);
    }
  for (guint i = 0; i < windows->len; i++)
    if (TS_IS_MAIN_WINDOW (g_ptr_array_index (windows, i)))
      ts_api_client_sign_out (ts_main_window_get_client (g_ptr_array_index (windows, i)));
    else if (TS_IS_SCAN_WINDOW (g_ptr_array_index (windows, i)))
      ts_api_client_sign_out (ts_scan_window_get_client (g_ptr_array_index (windows, i)));
  /* The newest first (transient windows before their parents), each let go
   * at once: a window freed after its parent would disconnect from it. */
  for (guint i = windows->len; i > 0; i--)
    {
      GtkWindow *window = g_ptr_array_index (windows, i - 1);

      gtk_window_destroy (window);
      g_object_unref (window);
    }
  return sign_in;
}
