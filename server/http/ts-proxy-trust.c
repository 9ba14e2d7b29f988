/* ts-proxy-trust.c — the client's address behind trusted proxies (X-Forwarded-For) */
#include <string.h>

#include "ts-error.h"
#include "ts-proxy-trust.h"

struct _TsProxyTrust
{
  GObject    parent_instance;
  GPtrArray *masks;       /* GInetAddressMask */
};

G_DEFINE_FINAL_TYPE (TsProxyTrust, ts_proxy_trust, G_TYPE_OBJECT)

static void
ts_proxy_trust_finalize (GObject *object)
{
  TsProxyTrust *self = TS_PROXY_TRUST (object);

  g_ptr_array_unref (self->masks);
  G_OBJECT_CLASS (ts_proxy_trust_parent_class)->finalize (object);
}

static void
ts_proxy_trust_class_init (TsProxyTrustClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ts_proxy_trust_finalize;
}

static void
ts_proxy_trust_init (TsProxyTrust *self)
{
  self->masks = g_ptr_array_new_with_free_func (g_object_unref);
}

/* An IPv4 address as an IPv6 socket listening on "::" sees it
 * (::ffff:a.b.c.d) is the IPv4 address, for the masks as for the audit. */
static GInetAddress *
plain_address (GInetAddress *address)
{
  static const guint8 v4_mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
  const guint8 *bytes = g_inet_address_to_bytes (address);

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6
      && memcmp (bytes, v4_mapped, sizeof v4_mapped) == 0)
    return g_inet_address_new_from_bytes (bytes + 12, G_SOCKET_FAMILY_IPV4);
  return g_object_ref (address);
}

TsProxyTrust *
ts_proxy_trust_new (const char  *list,
                    GError     **error)
{
  g_autoptr(TsProxyTrust) self = g_object_new (TS_TYPE_PROXY_TRUST, NULL);
  g_auto(GStrv) entries = g_strsplit_set (list != NULL ? list : "", ", \t", -1);

  for (guint i = 0; entries[i] != NULL; i++)
    {
      g_autoptr(GError) bad = NULL;
      GInetAddressMask *mask;

      if (entries[i][0] == '\0')
        continue;
      mask = g_inet_address_mask_new_from_string (entries[i], &bad);
      if (mask == NULL)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "trusted-proxies: “%s” is not an address or a network (10.0.0.5, 10.0.0.0/8, ::1)",
                       entries[i]);
          return NULL;
        }
      g_ptr_array_add (self->masks, mask);
    }
  return g_steal_pointer (&self);
}

static gboolean
is_trusted (TsProxyTrust *self,
            GInetAddress *address)
{
  for (guint i = 0; self != NULL && i < self->masks->len; i++)
    if (g_inet_address_mask_matches (g_ptr_array_index (self->masks, i), address))
      return TRUE;
  return FALSE;
}

/* One entry of X-Forwarded-For: an address, perhaps in brackets (IPv6). */
static GInetAddress *
forwarded_address (const char *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (entry));
  gsize length = strlen (text);
  g_autoptr(GInetAddress) address = NULL;

  if (length > 2 && text[0] == '[' && text[length - 1] == ']')
    {
      text[length - 1] = '\0';
      memmove (text, text + 1, length - 1);
    }
  address = g_inet_address_new_from_string (text);
  return address != NULL ? plain_address (address) : NULL;
}

char *
ts_proxy_trust_client_address (TsProxyTrust      *self,
                               SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  g_autoptr(GInetAddress) client = NULL;
  g_auto(GStrv) hops = NULL;
  const char *forwarded;

  if (!G_IS_INET_SOCKET_ADDRESS (remote))
    return NULL;
  client = plain_address (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
  forwarded = is_trusted (self, client)
              ? soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "X-Forwarded-For")
              : NULL;
  if (forwarded != NULL)
    hops = g_strsplit (forwarded, ",", -1);    /* bounded by the headers' size (64 KiB) */
  /* from the nearest hop back: each trusted proxy vouches for the one before */
  for (guint n = hops != NULL ? g_strv_length (hops) : 0; n > 0 && is_trusted (self, client); n--)
    {
      GInetAddress *hop = forwarded_address (hops[n - 1]);

      if (hop == NULL)
        break;                  /* unreadable: the last proxy's own address stands */
      g_object_unref (client);
      client = hop;
    }
  return g_inet_address_to_string (client);
}
