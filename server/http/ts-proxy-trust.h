/* ts-proxy-trust.h — where a request comes from, through the proxies the
 * configuration trusts (trusted-proxies; docs/architecture.md, "Several
 * servers on one database") */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define TS_TYPE_PROXY_TRUST (ts_proxy_trust_get_type ())
G_DECLARE_FINAL_TYPE (TsProxyTrust, ts_proxy_trust, TS, PROXY_TRUST, GObject)

/* list: addresses and networks ("10.0.0.5, 192.168.1.0/24, ::1"), separated
 * by commas or spaces; NULL or "" trusts none.  A bad entry is an error
 * naming the setting and the entry. */
TsProxyTrust *ts_proxy_trust_new            (const char         *list,
                                             GError            **error);
/* The client's address as text: the connection's own; when that is a
 * trusted proxy, the last address of X-Forwarded-For that is not one of
 * them (what a client wrote before it is not believed), or the proxy's own
 * when the header is missing or unreadable.  NULL for a connection that is
 * not IP.  self may be NULL: no proxy is trusted. */
char         *ts_proxy_trust_client_address (TsProxyTrust       *self,
                                             SoupServerMessage  *msg);

G_END_DECLS
