/* ts-known-servers.c — pinned certificates of self-signed servers, in the
 * person's config folder */
#include <glib/gi18n.h>

#include "ts-error.h"
#include "ts-fingerprint.h"
#include "ts-known-servers.h"

#define FINGERPRINT_KEY "fingerprint"
#define TRUSTED_KEY     "trusted"

char *
ts_known_servers_host_port_of (GUri *uri)
{
  int port;

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 || g_uri_get_host (uri) == NULL)
    return NULL;
  port = g_uri_get_port (uri);
  /* one name for one server, however it was typed */
  {
    g_autofree char *host = g_ascii_strdown (g_uri_get_host (uri), -1);

    return g_strdup_printf ("%s:%d", host, port > 0 ? port : 443);
  }
}

char *
ts_known_servers_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "tessera", "known-servers", NULL);
}

char *
ts_known_servers_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_object_get (certificate, "certificate", &der, NULL);
  return ts_fingerprint_sha256 (der->data, der->len);
}

/* The file as it is now; empty when there is none yet. */
static GKeyFile *
load (void)
{
  g_autofree char *path = ts_known_servers_path ();
  GKeyFile *file = g_key_file_new ();

  g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  return file;
}

TsServerTrust
ts_known_servers_check (const char       *host_port,
                        GTlsCertificate  *certificate,
                        char            **out_pinned)
{
  g_autoptr(GKeyFile) file = load ();
  g_autofree char *pinned = g_key_file_get_string (file, host_port, FINGERPRINT_KEY, NULL);
  g_autofree char *presented = NULL;

  if (pinned == NULL)
    return TS_SERVER_TRUST_UNKNOWN;
  presented = ts_known_servers_fingerprint (certificate);
  if (out_pinned != NULL)
    *out_pinned = g_strdup (pinned);
  return g_ascii_strcasecmp (g_strstrip (pinned), presented) == 0 ? TS_SERVER_TRUST_PINNED
                                                                   : TS_SERVER_TRUST_CHANGED;
}

gboolean
ts_known_servers_pin (const char       *host_port,
                      GTlsCertificate  *certificate,
                      GError          **error)
{
  g_autoptr(GKeyFile) file = load ();
  g_autofree char *path = ts_known_servers_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *fingerprint = ts_known_servers_fingerprint (certificate);
  g_autofree char *pinned = g_key_file_get_string (file, host_port, FINGERPRINT_KEY, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format_iso8601 (now);
  g_autofree char *comment = g_key_file_get_comment (file, NULL, NULL, NULL);

  if (pinned != NULL && g_ascii_strcasecmp (g_strstrip (pinned), fingerprint) != 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT,
                   _("Another certificate is already trusted for %s; an administrator must remove it from %s first."),
                   host_port, path);
      return FALSE;
    }
  if (comment == NULL || *comment == '\0')
    g_key_file_set_comment (file, NULL, NULL,
                            " Servers whose own (self-signed) certificate this person trusted, by host:port.\n"
                            " A server whose certificate was replaced is refused until its group is removed.",
                            NULL);
  g_key_file_set_string (file, host_port, FINGERPRINT_KEY, fingerprint);
  g_key_file_set_string (file, host_port, TRUSTED_KEY, when);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INTERNAL, _("Cannot create %s"), dir);
      return FALSE;
    }
  return g_key_file_save_to_file (file, path, error);
}

gboolean
ts_known_servers_forget (const char  *host_port,
                         char       **out_fingerprint,
                         GError     **error)
{
  g_autoptr(GKeyFile) file = load ();
  g_autofree char *path = ts_known_servers_path ();
  g_autofree char *pinned = g_key_file_get_string (file, host_port, FINGERPRINT_KEY, NULL);

  *out_fingerprint = NULL;
  if (!g_key_file_has_group (file, host_port))
    return TRUE;                  /* nothing to forget */
  g_key_file_remove_group (file, host_port, NULL);
  if (!g_key_file_save_to_file (file, path, error))
    return FALSE;
  *out_fingerprint = pinned != NULL ? g_strstrip (g_steal_pointer (&pinned)) : g_strdup ("");
  return TRUE;
}
