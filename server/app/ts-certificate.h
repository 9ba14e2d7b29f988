/* ts-certificate.h — `tessera-server --generate-certificate`: a self-signed
 * certificate and its key for a first install (docs/security.md, "TLS") */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How long a made certificate is valid: the clients pin it (they ask the
 * person once, then accept exactly it), so a short life would only make
 * every workstation ask again. */
#define TS_CERTIFICATE_DAYS 3650

/* Makes an ECDSA P-256 key and a self-signed certificate for names (host
 * names and IP addresses, each in subjectAltName; the first is also the
 * common name), valid for TS_CERTIFICATE_DAYS, and writes them as PEM: the
 * key readable by its owner only (0600).  Refuses, changing nothing, when
 * either file exists.  *out_fingerprint: the certificate's SHA-256
 * (ts-fingerprint.h). */
gboolean ts_certificate_generate        (const char          *certificate_path,
                                         const char          *key_path,
                                         const char * const  *names,
                                         char               **out_fingerprint,
                                         GError             **error);
/* The names a certificate is made for when none is given: this machine's
 * host name, "localhost", 127.0.0.1 and ::1. */
GStrv    ts_certificate_default_names   (void);
/* The command: certificate_path and key_path both given or both NULL
 * (then /etc/tessera/cert.pem and key.pem as root, else in data_dir);
 * names NULL or empty: the defaults.  Says what it made, and the
 * fingerprint, on standard output; answers the exit status. */
int      ts_certificate_command         (const char          *certificate_path,
                                         const char          *key_path,
                                         const char * const  *names,
                                         const char          *data_dir);

G_END_DECLS
