/* ts-certificate.c — a self-signed certificate and key for a first install,
 * made with GnuTLS (the TLS library GLib's networking already uses) */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include "ts-certificate.h"
#include "ts-error.h"
#include "ts-fingerprint.h"

/* what a host name is made of (RFC 1123); anything else is a typing mistake */
#define DNS_NAME_CHARACTERS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-"

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_crt_t, gnutls_x509_crt_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_x509_privkey_t, gnutls_x509_privkey_deinit, NULL)

/* A GnuTLS failure, said with what was being done. */
static gboolean
gnutls_ok (int          result,
           const char  *doing,
           GError     **error)
{
  if (result >= 0)
    return TRUE;
  g_set_error (error, TS_ERROR, TS_ERROR_INTERNAL, "Cannot %s: %s", doing, gnutls_strerror (result));
  return FALSE;
}

/* Each name into subjectAltName: an IP address as such (a client that
 * connects to https://192.0.2.7 checks an IP entry), anything else as a DNS
 * name. */
static gboolean
add_names (gnutls_x509_crt_t    crt,
           const char * const  *names,
           GError             **error)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (names[i]);
      int result;

      if (address != NULL)
        result = gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS,
                                                       g_inet_address_to_bytes (address),
                                                       (unsigned int) g_inet_address_get_native_size (address),
                                                       GNUTLS_FSAN_APPEND);
      else if (names[i][0] != '\0' && names[i][0] != '-'
               && strspn (names[i], DNS_NAME_CHARACTERS) == strlen (names[i]))
        result = gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_DNSNAME, names[i],
                                                       (unsigned int) strlen (names[i]), GNUTLS_FSAN_APPEND);
      else
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "--certificate-name: “%s” is neither a host name nor an IP address", names[i]);
          return FALSE;
        }
      if (!gnutls_ok (result, "name the certificate's host", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
make_pair (const char * const  *names,
           gnutls_datum_t      *out_certificate,
           gnutls_datum_t      *out_key,
           GByteArray          *out_der,
           GError             **error)
{
  g_auto(gnutls_x509_privkey_t) key = NULL;
  g_auto(gnutls_x509_crt_t) crt = NULL;
  guint8 serial[16];
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;
  gnutls_datum_t der = { NULL, 0 };
  time_t now = time (NULL);

  if (!gnutls_ok (gnutls_x509_privkey_init (&key), "make a key", error)
      || !gnutls_ok (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                                   GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0),
                     "make an ECDSA P-256 key", error)
      || !gnutls_ok (gnutls_x509_crt_init (&crt), "make a certificate", error))
    return FALSE;

  /* a random positive serial: two certificates made for one host differ */
  if (!gnutls_ok (gnutls_rnd (GNUTLS_RND_NONCE, serial, sizeof serial), "draw a serial number", error))
    return FALSE;
  serial[0] &= 0x7f;
  serial[0] |= 0x01;

  if (!gnutls_ok (gnutls_x509_crt_set_version (crt, 3), "set the certificate's version", error)
      || !gnutls_ok (gnutls_x509_crt_set_serial (crt, serial, sizeof serial), "set the serial number", error)
      /* an hour back: a workstation whose clock is a little behind accepts it */
      || !gnutls_ok (gnutls_x509_crt_set_activation_time (crt, now - 3600), "set the start date", error)
      || !gnutls_ok (gnutls_x509_crt_set_expiration_time (crt, now + (time_t) TS_CERTIFICATE_DAYS * 86400),
                     "set the end date", error)
      || !gnutls_ok (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0, "Tessera",
                                                    strlen ("Tessera")), "name the organisation", error)
      || !gnutls_ok (gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0, names[0],
                                                    (unsigned int) strlen (names[0])), "set the common name", error)
      || !add_names (crt, names, error)
      || !gnutls_ok (gnutls_x509_crt_set_key (crt, key), "put the key in the certificate", error)
      || !gnutls_ok (gnutls_x509_crt_set_basic_constraints (crt, 0, -1), "mark it as no authority", error)
      || !gnutls_ok (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE), "set its key usage", error)
      || !gnutls_ok (gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_SERVER, 0),
                     "mark it for a TLS server", error)
      || !gnutls_ok (gnutls_x509_crt_get_key_id (crt, 0, key_id, &key_id_size), "identify the key", error)
      || !gnutls_ok (gnutls_x509_crt_set_subject_key_id (crt, key_id, key_id_size), "identify the key", error)
      || !gnutls_ok (gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0), "sign the certificate", error)
      || !gnutls_ok (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, out_certificate),
                     "write the certificate", error)
      || !gnutls_ok (gnutls_x509_privkey_export2_pkcs8 (key, GNUTLS_X509_FMT_PEM, NULL, GNUTLS_PKCS_PLAIN, out_key),
                     "write the key", error)
      || !gnutls_ok (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_DER, &der), "write the certificate", error))
    return FALSE;
  g_byte_array_append (out_der, der.data, der.size);
  gnutls_free (der.data);
  return TRUE;
}

/* Creates path with mode, never over an existing file (O_EXCL), and writes
 * data; a file left half-written is removed. */
static gboolean
write_new_file (const char            *path,
                const gnutls_datum_t  *data,
                int                    mode,
                GError               **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  gsize written = 0;

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot create %s: %s",
                   path, g_strerror (saved));
      return FALSE;
    }
  /* the mode exactly, whatever the umask */
  if (fchmod (fd, (mode_t) mode) != 0)
    goto failed;
  while (written < data->size)
    {
      ssize_t n = write (fd, data->data + written, data->size - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        goto failed;
      written += (gsize) n;
    }
  if (fsync (fd) != 0 || close (fd) != 0)
    {
      fd = -1;
      goto failed;
    }
  return TRUE;

failed:
  {
    int saved = errno;

    if (fd >= 0)
      close (fd);
    g_unlink (path);
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot write %s: %s", path, g_strerror (saved));
    return FALSE;
  }
}

static gboolean
refuse_existing (const char  *path,
                 GError     **error)
{
  if (!g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               "%s already exists: nothing was changed (remove it first to make a new one; "
               "every workstation will then ask to trust the new certificate)", path);
  return FALSE;
}

gboolean
ts_certificate_generate (const char          *certificate_path,
                         const char          *key_path,
                         const char * const  *names,
                         char               **out_fingerprint,
                         GError             **error)
{
  gnutls_datum_t certificate = { NULL, 0 };
  gnutls_datum_t key = { NULL, 0 };
  g_autoptr(GByteArray) der = g_byte_array_new ();
  g_autofree char *certificate_dir = g_path_get_dirname (certificate_path);
  g_autofree char *key_dir = g_path_get_dirname (key_path);
  gboolean ok;

  g_return_val_if_fail (names != NULL && names[0] != NULL, FALSE);

  if (g_strcmp0 (certificate_path, key_path) == 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "--tls-certificate and --tls-key must be two files");
      return FALSE;
    }
  /* both checked before anything is written: never half a pair */
  if (!refuse_existing (certificate_path, error) || !refuse_existing (key_path, error))
    return FALSE;
  if (g_mkdir_with_parents (certificate_dir, 0755) != 0 || g_mkdir_with_parents (key_dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot create the folder of %s: %s",
                   certificate_path, g_strerror (saved));
      return FALSE;
    }

  ok = make_pair (names, &certificate, &key, der, error);
  /* the key first, readable by its owner only */
  ok = ok && write_new_file (key_path, &key, 0600, error);
  if (ok && !write_new_file (certificate_path, &certificate, 0644, error))
    {
      g_unlink (key_path);
      ok = FALSE;
    }
  if (key.data != NULL)
    {
      memset (key.data, 0, key.size);
      gnutls_free (key.data);
    }
  gnutls_free (certificate.data);
  if (ok && out_fingerprint != NULL)
    *out_fingerprint = ts_fingerprint_sha256 (der->data, der->len);
  return ok;
}

GStrv
ts_certificate_default_names (void)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  const char *host = g_get_host_name ();

  if (host != NULL && *host != '\0' && g_strcmp0 (host, "localhost") != 0)
    g_strv_builder_add (names, host);
  g_strv_builder_add_many (names, "localhost", "127.0.0.1", "::1", NULL);
  return g_strv_builder_end (names);
}

int
ts_certificate_command (const char          *certificate_path,
                        const char          *key_path,
                        const char * const  *names,
                        const char          *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *certificate = NULL;
  g_autofree char *key = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *listed = NULL;
  g_auto(GStrv) defaults = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) until = g_date_time_add_days (now, TS_CERTIFICATE_DAYS);
  g_autofree char *until_text = NULL;

  if ((certificate_path == NULL) != (key_path == NULL))
    {
      g_printerr ("tessera-server: --generate-certificate takes both --tls-certificate FILE and --tls-key FILE, "
                  "or neither\n");
      return 2;
    }
  if (certificate_path == NULL)
    {
      /* beside the config file as root (a system install), else with the
       * embedded database, which is this account's */
      const char *dir = geteuid () == 0 ? "/etc/tessera" : data_dir;

      if (dir == NULL)
        {
          g_printerr ("tessera-server: give --tls-certificate FILE and --tls-key FILE, or --data-dir\n");
          return 2;
        }
      certificate = g_build_filename (dir, "cert.pem", NULL);
      key = g_build_filename (dir, "key.pem", NULL);
    }
  else
    {
      certificate = g_strdup (certificate_path);
      key = g_strdup (key_path);
    }
  if (names == NULL || names[0] == NULL)
    names = (const char * const *) (defaults = ts_certificate_default_names ());

  if (!ts_certificate_generate (certificate, key, names, &fingerprint, &error))
    {
      g_printerr ("tessera-server: %s\n", error->message);
      return 1;
    }
  listed = g_strjoinv (", ", (GStrv) names);
  until_text = g_date_time_format (until, "%Y-%m-%d");
  g_print ("Made a self-signed certificate for %s, valid until %s:\n"
           "  certificate: %s\n"
           "  private key: %s (readable by its owner only)\n"
           "\n"
           "SHA-256 fingerprint (each workstation shows it when it first connects: read it to\n"
           "the agents so that they trust this server and no other):\n"
           "  %s\n"
           "\n"
           "Serve HTTPS with it: tessera-server --tls-certificate %s --tls-key %s\n"
           "or, in the [server] group of the config file:\n"
           "  tls-certificate = %s\n"
           "  tls-key = %s\n",
           listed, until_text, certificate, key, fingerprint, certificate, key, certificate, key);
  /* made as root for a server that runs as its own account (tessera-server.service) */
  if (geteuid () == 0)
    g_print ("\nThe key is root's: give it to the account the server runs as, e.g.\n"
             "  chown tessera: %s\n", key);
  return 0;
}
