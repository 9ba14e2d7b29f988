/* ts-shop-session.c — storefront visitors' cookies and rows (F6, S1) */
#include <sys/random.h>
#include <string.h>

#include "ts-error.h"
#include "ts-pg.h"
#include "ts-shop-session.h"

char *
ts_shop_session_new_token (void)
{
  guint8 bytes[32];
  gsize got = 0;
  char *text, *p;

  while (got < sizeof bytes)
    {
      ssize_t n = getrandom (bytes + got, sizeof bytes - got, 0);

      if (n > 0)
        got += (gsize) n;
    }
  text = g_base64_encode (bytes, sizeof bytes);
  for (p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }
  return text;
}

/* {id, account_id, patron_id} into req; NULL (no such session): nothing. */
static gboolean
take_session (TsShopRequest *req,
              JsonNode      *node)
{
  JsonObject *object;

  g_clear_pointer (&req->session_id, g_free);
  req->account_id = 0;
  req->patron_id = 0;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;
  object = json_node_get_object (node);
  req->session_id = g_strdup (json_object_get_string_member (object, "id"));
  req->account_id = json_object_get_int_member_with_default (object, "account_id", 0);
  req->patron_id = json_object_get_int_member_with_default (object, "patron_id", 0);
  return TRUE;
}

gboolean
ts_shop_session_resolve (TsShopRequest  *req,
                         PGconn         *conn,
                         GError        **error)
{
  g_autofree char *outlet = g_strdup_printf ("%" G_GINT64_FORMAT, req->outlet.id);
  const char *params[] = { req->session_token_hash, outlet };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;

  if (req->session_token_hash == NULL)
    return TRUE;
  node = ts_pg_exec_json (conn, "SELECT ts_shop_session_resolve ($1, $2::integer)", 2, params, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return take_session (req, node);
}

/* A new cookie for the visitor, and its hash for the row. */
static char *
new_cookie (TsShopRequest *req)
{
  g_autofree char *token = ts_shop_session_new_token ();
  g_autofree char *root = ts_shop_url (req, "/");

  /* no Max-Age: the browser forgets it when it closes; the row expires
   * on its own (2 hours idle, 7 days at most).  Each storefront's own
   * path: a visit to another storefront keeps this one's cart. */
  ts_shop_set_cookie_at (req, TS_SHOP_SESSION_COOKIE, token, 0, FALSE, root);
  g_free (req->session_token_hash);
  req->session_token_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  return g_strdup (req->session_token_hash);
}

static gboolean
run_and_take (TsShopRequest       *req,
              PGconn              *conn,
              const char          *sql,
              int                  n,
              const char * const  *params,
              GError             **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;

  node = ts_pg_exec_json (conn, sql, n, params, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INTERNAL, "The visitor's session could not be made");
      return FALSE;
    }
  take_session (req, node);
  return ts_shop_request_apply_context (req, conn, error);
}

gboolean
ts_shop_session_ensure (TsShopRequest  *req,
                        PGconn         *conn,
                        GError        **error)
{
  g_autofree char *hash = NULL;

  if (req->session_id != NULL)
    return TRUE;
  hash = new_cookie (req);
  {
    const char *params[] = { hash };

    return run_and_take (req, conn, "SELECT ts_shop_session_create ($1)", 1, params, error);
  }
}

static gboolean
rotate (TsShopRequest  *req,
        PGconn         *conn,
        gint64          account_id,
        GError        **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *account = account_id > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, account_id) : NULL;

  if (req->session_id == NULL)
    {
      hash = new_cookie (req);
      {
        const char *params[] = { hash, account };

        return run_and_take (req, conn, "SELECT ts_shop_session_create ($1, $2::bigint)", 2, params, error);
      }
    }
  hash = new_cookie (req);
  {
    const char *params[] = { hash, account };

    return run_and_take (req, conn, "SELECT ts_shop_session_rotate ($1, $2::bigint)", 2, params, error);
  }
}

gboolean
ts_shop_session_sign_in (TsShopRequest  *req,
                         PGconn         *conn,
                         gint64          account_id,
                         GError        **error)
{
  g_return_val_if_fail (account_id > 0, FALSE);
  return rotate (req, conn, account_id, error);
}

gboolean
ts_shop_session_sign_out (TsShopRequest  *req,
                          PGconn         *conn,
                          GError        **error)
{
  return rotate (req, conn, 0, error);
}
