/* ts-shop-request.h — one storefront request as it travels from the HTTP
 * thread to a database worker and back, and what a page calls to answer it
 * (docs/architecture.md, "The web storefront") */
#pragma once

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "ts-html.h"

G_BEGIN_DECLS

/* The storefront a request is for (ts_shop_storefront). */
typedef struct
{
  gint64    id;
  char     *code;
  char     *name;
  char     *colour;        /* "#1d4f91" */
  char     *intro;         /* in the request's language */
  gboolean  has_logo;
  int       cancel_hours;  /* 0: patrons may not cancel online */
  char     *currency;
  char     *time_zone;
} TsShopOutlet;

typedef struct _TsShopRequest TsShopRequest;

/* A page: one step in a database worker, inside one transaction with the
 * storefront's context set (an error rolls it back and is the answer). */
typedef gboolean (*TsShopStep) (TsShopRequest  *req,
                                PGconn         *conn,
                                GError        **error);
/* Work without the database (a payment provider's call), in a thread,
 * after the step before it has committed. */
typedef gboolean (*TsShopWork) (TsShopRequest  *req,
                                GError        **error);

#define TS_SHOP_MAX_IDS 4

struct _TsShopRequest
{
  char         *method;
  char         *path;          /* inside the storefront: "/", "/cart", … */
  gint64        ids[TS_SHOP_MAX_IDS];   /* the {id} segments of the page's pattern */
  guint         n_ids;
  char         *tail;          /* the {token} segment (order links, reset links) */
  GHashTable   *query;         /* name → value (never NULL) */
  gboolean      https;
  const char   *lang;          /* "en" | "fr" */
  TsShopOutlet  outlet;
  char         *session_id;    /* NULL until ts_shop_session_ensure (or a cookie named one) */
  gint64        account_id;    /* 0 when signed out */
  gint64        patron_id;
  char         *csrf;          /* the value for the hidden field */
  guint         status;        /* 200 unless set */

  /* The rest is the dispatcher's (ts-shop.c, ts-shop-session.c). */
  char         *code;          /* the storefront's code in the path, or NULL (mapped host) */
  char         *host;          /* the Host header without its port */
  char         *origin;        /* "http://host:port": this server as the browser sees it */
  char         *peer;
  char         *session_token_hash;   /* the ts_shop cookie's SHA-256, or NULL */
  char         *queue_token_hash;     /* the ts_queue cookie's SHA-256 (the waiting room), or NULL */
  GHashTable   *form;          /* name → GPtrArray of values (POST) */
  guint         flags;         /* the page's TsShopPageFlags */
  TsShopStep    step;          /* what runs next in a database worker */
  TsShopWork    work;          /* what runs first, in a thread, before step */
  gpointer      data;
  GDestroyNotify data_free;
  /* the answer */
  GBytes       *body;
  char         *content_type;
  char         *filename;      /* Content-Disposition: attachment */
  char         *location;      /* a redirect's target */
  guint         max_age;       /* 0: no-store */
  gboolean      immutable;
  char         *etag;
  GPtrArray    *headers;       /* name, value, name, value… */
  GPtrArray    *cookies;       /* Set-Cookie values */
};

TsShopRequest *ts_shop_request_new  (void);
void           ts_shop_request_free (TsShopRequest *req);

/* Reads an application/x-www-form-urlencoded body into the form (repeated
 * fields kept in order); anything but text a person could type (bad UTF-8,
 * control characters, a bad escape) is TS_ERROR_INVALID. */
gboolean    ts_shop_form_parse    (TsShopRequest *req,
                                   const char    *body,
                                   gsize          length,
                                   GError       **error);
/* Valid UTF-8 without control characters but line breaks and tabs. */
gboolean    ts_shop_is_text       (const char    *text);
/* A POST field, NULL if absent (the first when repeated). */
const char *ts_shop_form_get      (TsShopRequest *req,
                                   const char    *name);
/* A repeated field's values in order, never NULL (an empty array). */
GPtrArray  *ts_shop_form_get_all  (TsShopRequest *req,
                                   const char    *name);
/* The form's field names, in no order (type.<perf>.<seat> fields). */
GList      *ts_shop_form_names    (TsShopRequest *req);
const char *ts_shop_query_get     (TsShopRequest *req,
                                   const char    *name);
/* A link inside this storefront: "/shop/UTH/cart", or "/cart" on a mapped host. */
char       *ts_shop_url           (TsShopRequest *req,
                                   const char    *path);
/* 303 See Other to ts_shop_url (path). */
void        ts_shop_redirect      (TsShopRequest *req,
                                   const char    *path);
/* 303 to an address as it is (a payment provider's page), not inside the storefront. */
void        ts_shop_redirect_to   (TsShopRequest *req,
                                   const char    *url);
/* The page's text in the request's language (msgid marked N_() in the source). */
const char *ts_shop_tr            (TsShopRequest *req,
                                   const char    *msgid);
/* The same for a sentence with one value: its "%s" replaced by value
 * (never a printf format: the translation cannot make it read memory). */
char       *ts_shop_tr_fill       (TsShopRequest *req,
                                   const char    *msgid,
                                   const char    *value);
/* The answer: takes page. */
void        ts_shop_respond_html  (TsShopRequest *req,
                                   TsHtml        *page);
/* filename: sent as an attachment when not NULL. */
void        ts_shop_respond_bytes (TsShopRequest *req,
                                   const char    *type,
                                   GBytes        *bytes,
                                   const char    *filename);
void        ts_shop_respond_json  (TsShopRequest *req,
                                   JsonNode      *node);
/* Cacheable for max_age seconds (public); the default is no-store. */
void        ts_shop_set_cache     (TsShopRequest *req,
                                   guint          max_age_s);
void        ts_shop_set_header    (TsShopRequest *req,
                                   const char    *name,
                                   const char    *value);
/* A cookie on the answer: Path=/, HttpOnly, Secure on TLS; max_age_s 0 is a
 * browser-session cookie, -1 deletes it; strict: SameSite=Strict, else Lax. */
void        ts_shop_set_cookie    (TsShopRequest *req,
                                   const char    *name,
                                   const char    *value,
                                   gint64         max_age_s,
                                   gboolean       strict);
/* The same for one path only (a storefront's own cookie: "/shop/UTH/"). */
void        ts_shop_set_cookie_at (TsShopRequest *req,
                                   const char    *name,
                                   const char    *value,
                                   gint64         max_age_s,
                                   gboolean       strict,
                                   const char    *path);

/* After this step commits: work (may be NULL) in a thread without the
 * database, then step in a database worker, in a transaction of its own
 * with the same context. */
void        ts_shop_request_then      (TsShopRequest *req,
                                       TsShopWork     work,
                                       TsShopStep     step);
/* One pointer a page keeps between its steps (freed with the request). */
void        ts_shop_request_set_data  (TsShopRequest *req,
                                       gpointer       data,
                                       GDestroyNotify destroy);
gpointer    ts_shop_request_get_data  (TsShopRequest *req);

/* Sets the storefront's database context (outlet, no employee, channel
 * internet, web session, patron) for this transaction. */
gboolean    ts_shop_request_apply_context (TsShopRequest *req,
                                           PGconn        *conn,
                                           GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsShopRequest, ts_shop_request_free)

G_END_DECLS
