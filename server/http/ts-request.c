/* ts-request.c — per-request state */
#include <string.h>

#include <gio/gio.h>

#include "ts-error.h"
#include "ts-json.h"
#include "ts-pg.h"
#include "ts-request.h"
#include "ts-validate.h"

TsRequest *
ts_request_new (void)
{
  TsRequest *self = g_new0 (TsRequest, 1);

  self->status = 200;
  return self;
}

void
ts_request_free (TsRequest *self)
{
  if (self == NULL)
    return;
  g_free (self->method);
  g_free (self->path);
  g_free (self->key);
  g_clear_pointer (&self->query, g_hash_table_unref);
  g_clear_pointer (&self->body, json_node_unref);
  g_free (self->token_hash);
  g_free (self->peer);
  g_free (self->login);
  g_free (self->display_name);
  g_free (self->expires_at);
  g_clear_pointer (&self->response, json_node_unref);
  g_free (self->response_text);
  g_clear_pointer (&self->response_bytes, g_bytes_unref);
  g_free (self->response_type);
  if (self->render_data_free != NULL)
    self->render_data_free (self->render_data);
  g_free (self);
}

gboolean
ts_request_is_master (TsRequest *self)
{
  return self->signed_in && self->level == TS_LEVEL_MASTER;
}

JsonObject *
ts_request_body_object (TsRequest  *self,
                        GError    **error)
{
  if (self->body == NULL || !JSON_NODE_HOLDS_OBJECT (self->body))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "The request body must be a JSON object");
      return NULL;
    }
  return json_node_get_object (self->body);
}

JsonObject *
ts_request_body (TsRequest          *self,
                 const char * const *allowed,
                 GError            **error)
{
  JsonObject *body = ts_request_body_object (self, error);

  if (body == NULL || !ts_json_check_members (body, allowed, error))
    return NULL;
  return body;
}

const char *
ts_request_query (TsRequest  *self,
                  const char *name)
{
  return self->query ? g_hash_table_lookup (self->query, name) : NULL;
}

static gboolean
is_text (const char *value)
{
  if (!g_utf8_validate (value, -1, NULL))
    return FALSE;
  for (const char *p = value; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

gboolean
ts_request_take_query (TsRequest   *self,
                       GHashTable  *query,
                       GError     **error)
{
  GHashTableIter iter;
  gpointer key, value;

  if (query == NULL)
    return TRUE;
  g_clear_pointer (&self->query, g_hash_table_unref);
  self->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!is_text (key) || !is_text (value))
        {
          g_autofree char *name = ts_validate_quote (key);

          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "%s: a query parameter must be text (UTF-8, no control characters)",
                       is_text (key) && strlen (key) <= 40 ? (const char *) key : name);
          return FALSE;
        }
      g_hash_table_insert (self->query, g_strdup (key), g_strdup (value));
    }
  return TRUE;
}

void
ts_request_take_response (TsRequest *self,
                          guint      status,
                          JsonNode  *response)
{
  g_clear_pointer (&self->response, json_node_unref);
  self->status = status;
  self->response = response;
}

gboolean
ts_request_answer (TsRequest *self,
                   guint      status,
                   JsonNode  *response)
{
  if (response == NULL)
    return FALSE;
  ts_request_take_response (self, status, response);
  return TRUE;
}

gboolean
ts_request_answer_no_content (TsRequest *self)
{
  ts_request_take_response (self, 204, NULL);
  return TRUE;
}

void
ts_request_take_response_text (TsRequest *self,
                               guint      status,
                               char      *text)
{
  g_clear_pointer (&self->response, json_node_unref);
  g_free (self->response_text);
  self->status = status;
  self->response_text = text;
}

char *
ts_request_id_string (TsRequest *self,
                      guint      index)
{
  g_return_val_if_fail (index < self->n_ids, NULL);
  return g_strdup_printf ("%" G_GINT64_FORMAT, self->ids[index]);
}

/* P7: the context row-level security keys on, local to this transaction. */
gboolean
ts_request_apply_context (TsRequest  *self,
                          PGconn     *conn,
                          GError    **error)
{
  g_autofree char *outlet = self->outlet_id > 0
                            ? g_strdup_printf ("%" G_GINT64_FORMAT, self->outlet_id) : g_strdup ("");
  g_autofree char *employee = self->signed_in
                              ? g_strdup_printf ("%" G_GINT64_FORMAT, self->employee_id) : g_strdup ("");
  const char *params[] = { outlet, employee, ts_request_is_master (self) ? "on" : "off" };
  g_autoptr(PGresult) result = NULL;

  result = ts_pg_exec (conn,
                       "SELECT set_config ('tessera.outlet_id', $1, true),"
                       "       set_config ('tessera.employee_id', $2, true),"
                       "       set_config ('tessera.master', $3, true)",
                       3, params, error);
  return result != NULL;
}

gboolean
ts_request_resolve_session (TsRequest  *self,
                            PGconn     *conn,
                            GError    **error)
{
  const char *params[] = { self->token_hash };
  g_autoptr(PGresult) result = NULL;

  if (self->token_hash == NULL)
    return TRUE;

  result = ts_pg_exec (conn,
                       "SELECT employee_id, outlet_id, level, login, display_name, "
                       "       to_char (expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"') "
                       "  FROM ts_session_resolve ($1) WHERE employee_id IS NOT NULL",
                       1, params, error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 0)
    return TRUE;

  self->signed_in = TRUE;
  self->employee_id = g_ascii_strtoll (ts_pg_value (result, 0, 0), NULL, 10);
  self->outlet_id = ts_pg_value (result, 0, 1) ? g_ascii_strtoll (ts_pg_value (result, 0, 1), NULL, 10) : 0;
  if (!ts_level_from_string (ts_pg_value (result, 0, 2), &self->level))
    self->level = TS_LEVEL_NO_ACCESS;
  g_free (self->login);
  self->login = g_strdup (ts_pg_value (result, 0, 3));
  g_free (self->display_name);
  self->display_name = g_strdup (ts_pg_value (result, 0, 4));
  g_free (self->expires_at);
  self->expires_at = g_strdup (ts_pg_value (result, 0, 5));
  return TRUE;
}

/* Where a request comes from as the sign-in throttles count it (C6): an IPv4
 * address, or the /64 prefix of an IPv6 one, since a single host is commonly
 * given a whole /64 and could otherwise change address at every attempt. */
void
ts_request_take_response_bytes (TsRequest  *self,
                                guint       status,
                                const char *content_type,
                                GBytes     *bytes)
{
  g_clear_pointer (&self->response, json_node_unref);
  g_clear_pointer (&self->response_text, g_free);
  g_clear_pointer (&self->response_bytes, g_bytes_unref);
  g_free (self->response_type);
  self->status = status;
  self->response_type = g_strdup (content_type);
  self->response_bytes = bytes;
}

void
ts_request_render_response (TsRequest       *self,
                            guint            status,
                            const char      *content_type,
                            TsRequestRender  render,
                            gpointer         data,
                            GDestroyNotify   data_free)
{
  ts_request_take_response_bytes (self, status, content_type, NULL);
  if (self->render_data_free != NULL)
    self->render_data_free (self->render_data);
  self->render = render;
  self->render_data = data;
  self->render_data_free = data_free;
}

char *
ts_request_source (TsRequest *self)
{
  static const guint8 v4_mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GInetAddress) network = NULL;
  g_autofree char *text = NULL;
  const guint8 *bytes;
  guint8 prefix[16] = { 0 };

  if (self->peer == NULL)
    return g_strdup ("local");
  address = g_inet_address_new_from_string (self->peer);
  if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6)
    return g_strdup (self->peer);
  bytes = g_inet_address_to_bytes (address);
  if (memcmp (bytes, v4_mapped, sizeof v4_mapped) == 0)
    return g_strdup_printf ("%u.%u.%u.%u", bytes[12], bytes[13], bytes[14], bytes[15]);
  memcpy (prefix, bytes, 8);
  network = g_inet_address_new_from_bytes (prefix, G_SOCKET_FAMILY_IPV6);
  text = g_inet_address_to_string (network);
  return g_strconcat (text, "/64", NULL);
}
