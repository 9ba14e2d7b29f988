/* ts-shop-session.h — the storefront's visitors: the ts_shop cookie and its
 * web_session row, made only when needed (a hold, a sign-in, a checkout) */
#pragma once

#include "ts-shop-request.h"

G_BEGIN_DECLS

#define TS_SHOP_SESSION_COOKIE "ts_shop"
#define TS_SHOP_CSRF_COOKIE "ts_csrf"
#define TS_SHOP_LANG_COOKIE "ts_lang"

/* A new random token: 32 bytes, base64url without padding. */
char     *ts_shop_session_new_token      (void);
/* The visitor the cookie names (its hash in req), if its row is alive:
 * fills session_id, account_id, patron_id.  Writes nothing but the row's
 * sliding expiry. */
gboolean  ts_shop_session_resolve        (TsShopRequest  *req,
                                          PGconn         *conn,
                                          GError        **error);
/* Makes the visitor's row and cookie unless there is one; sets the
 * context's web session. */
gboolean  ts_shop_session_ensure         (TsShopRequest  *req,
                                          PGconn         *conn,
                                          GError        **error);
/* The visitor is now account_id's patron: a new cookie (session fixation),
 * the same row, so the cart follows. */
gboolean  ts_shop_session_sign_in        (TsShopRequest  *req,
                                          PGconn         *conn,
                                          gint64          account_id,
                                          GError        **error);
/* Signed out: a new cookie, no account. */
gboolean  ts_shop_session_sign_out       (TsShopRequest  *req,
                                          PGconn         *conn,
                                          GError        **error);

G_END_DECLS
