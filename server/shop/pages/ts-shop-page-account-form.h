/* ts-shop-page-account-form.h — what the account pages share (F6, F7): their
 * form fields with labels and messages, the mail they queue, the JSON they
 * hand to their SQL functions, and the bcrypt cost of their passwords */
#pragma once

#include <json-glib/json-glib.h>

#include "ts-html.h"
#include "ts-shop-request.h"

G_BEGIN_DECLS

/* The server's bcrypt-cost, set once at start (ts-server.c): storefront
 * requests carry no configuration of their own. */
void        ts_shop_account_set_bcrypt_cost (guint cost);
guint       ts_shop_account_get_bcrypt_cost (void);

/* A POST field without its surrounding blanks; "" when absent. */
char       *ts_shop_account_field_value (TsShopRequest *req,
                                         const char    *name);
/* <div class="field"><label for=ID>LABEL</label><input id=ID name=ID …>
 * and, when message is set, its message tied to it (aria-describedby,
 * aria-invalid).  type: "text", "email", "password", "tel".  autocomplete
 * may be NULL; value may be NULL (passwords are never written back). */
void        ts_shop_account_input       (TsShopRequest *req,
                                         TsHtml        *h,
                                         const char    *id,
                                         const char    *label,
                                         const char    *type,
                                         const char    *value,
                                         const char    *autocomplete,
                                         gboolean       required,
                                         const char    *message);
/* Queues a mail in this transaction (ts_mail_enqueue), in the request's
 * language.  Every {key} of subject and body is replaced by its value
 * (pairs of key, value, NULL-terminated): a mail names several values
 * ({outlet}, {name}, {link}), where a page's sentence takes its one value
 * through ts_shop_tr_fill. */
gboolean    ts_shop_account_mail        (TsShopRequest *req,
                                         PGconn        *conn,
                                         const char    *to,
                                         const char    *subject,
                                         const char    *body,
                                         GError       **error,
                                         ...) G_GNUC_NULL_TERMINATED;
/* The absolute address of a storefront path, for a mail. */
char       *ts_shop_account_link        (TsShopRequest *req,
                                         const char    *path);
/* A new one-use token for a link, and its SHA-256 (hex), which is kept. */
char       *ts_shop_account_new_token   (char         **out_hash);
/* SELECT fn ($1::jsonb) with the builder's object; the answer's JSON (NULL
 * for SQL NULL, with no error). */
JsonNode   *ts_shop_account_call        (PGconn        *conn,
                                         const char    *sql,
                                         JsonBuilder   *object,
                                         GError       **error);
/* A path inside the storefront that is safe to go to after signing in
 * ("/cart"); else "/account". */
const char *ts_shop_account_safe_next   (const char    *next);
/* The navigation of My Account, with the current page marked. */
void        ts_shop_account_nav         (TsShopRequest *req,
                                         TsHtml        *h,
                                         const char    *current);

G_END_DECLS
