/* ts-request.h — one API request as it travels from the HTTP thread to a
 * database worker and back */
#pragma once

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "ts-level.h"

G_BEGIN_DECLS

typedef struct _TsRoute TsRoute;

/* Makes an answer that is not JSON from what the handler gathered, after
 * the transaction, away from the database's workers (a PDF). */
typedef GBytes *(*TsRequestRender) (gpointer   data,
                                    GError   **error);

#define TS_REQUEST_MAX_IDS 4

typedef struct
{
  /* Filled on the main thread before the database work. */
  const TsRoute *route;
  char          *method;
  char          *path;
  gint64         ids[TS_REQUEST_MAX_IDS];   /* the {id} segments of the path, in order */
  guint          n_ids;
  char          *key;                       /* the {key} segment of the path (a hold letter), or NULL */
  GHashTable    *query;                     /* string → string, may be NULL */
  JsonNode      *body;                      /* NULL when there was none */
  char          *token_hash;                /* SHA-256 hex of the bearer token, or NULL */
  char          *peer;
  guint          session_hours;
  guint          bcrypt_cost;
  guint          report_timeout;            /* s: for one report's query (ts-api-reports.c) */

  /* The signed-in actor, from the session, in the worker. */
  gboolean       signed_in;
  gint64         employee_id;
  gint64         outlet_id;                 /* 0 for the Master User */
  TsLevel        level;
  char          *login;
  char          *display_name;
  char          *expires_at;

  /* The answer. */
  guint          status;
  JsonNode      *response;
  char          *response_text;             /* JSON already serialized (large answers), or NULL */
  GBytes        *response_bytes;            /* an answer that is not JSON (a PDF), or NULL */
  char          *response_type;             /* its Content-Type */
  TsRequestRender render;                   /* makes response_bytes after the commit, or NULL */
  gpointer       render_data;
  GDestroyNotify render_data_free;
  gboolean       commit_on_error;           /* keep the transaction's writes even when refusing */
  guint          retry_after;               /* seconds: sent as Retry-After with a refusal (429, 503) */
} TsRequest;

TsRequest  *ts_request_new             (void);
void        ts_request_free            (TsRequest   *self);
gboolean    ts_request_is_master       (TsRequest   *self);
/* The body as an object, or TS_ERROR_INVALID. */
JsonObject *ts_request_body_object     (TsRequest   *self,
                                        GError     **error);
/* The body as an object whose members are all in allowed (NULL-terminated):
 * a misspelt field is refused, naming it (ts_json_check_members). */
JsonObject *ts_request_body            (TsRequest          *self,
                                        const char * const *allowed,
                                        GError            **error);
const char *ts_request_query           (TsRequest   *self,
                                        const char  *name);
/* Copies the query's parameters; a name or value that is not text (bad
 * UTF-8, control characters) is refused naming the parameter, so it never
 * reaches SQL. */
gboolean    ts_request_take_query      (TsRequest   *self,
                                        GHashTable  *query,
                                        GError     **error);
void        ts_request_take_response   (TsRequest   *self,
                                        guint        status,
                                        JsonNode    *response);
/* Takes response and answers TRUE; a NULL response (its producer has set
 * the error) answers FALSE, so a handler can end with
 * `return ts_request_answer (req, 201, ts_pg_exec_json (…, error));`. */
gboolean    ts_request_answer          (TsRequest   *self,
                                        guint        status,
                                        JsonNode    *response);
/* 204: done, nothing to say (a delete, a password changed); answers TRUE. */
gboolean    ts_request_answer_no_content (TsRequest *self);
/* An answer that is already JSON text (straight from the database), so a
 * large one is not parsed and serialized again. */
void        ts_request_take_response_text (TsRequest *self,
                                           guint      status,
                                           char      *text);
/* An answer that is not JSON: bytes of content_type (tickets as a PDF). */
void        ts_request_take_response_bytes (TsRequest  *self,
                                            guint       status,
                                            const char *content_type,
                                            GBytes     *bytes);
/* The same, made by render (data) once the transaction has committed, in a
 * thread of its own: a long drawing holds no database connection.  An error
 * it sets is the answer. */
void        ts_request_render_response (TsRequest       *self,
                                        guint            status,
                                        const char      *content_type,
                                        TsRequestRender  render,
                                        gpointer         data,
                                        GDestroyNotify   data_free);
/* The caller's address as sign-in throttles count it: IPv4, or an IPv6 /64. */
char       *ts_request_source          (TsRequest   *self);
/* Decimal text of a path id, for SQL parameters. */
char       *ts_request_id_string       (TsRequest   *self,
                                        guint        index);

/* Sets the transaction-local outlet context for row-level security (P7). */
gboolean    ts_request_apply_context   (TsRequest   *self,
                                        PGconn      *conn,
                                        GError     **error);
/* Fills the signed-in actor from the session token_hash names
 * (ts_session_resolve); an expired, ended, locked, resigned or No Access
 * session is simply not found and leaves signed_in FALSE.  Needs an open
 * transaction; a NULL token_hash signs no one in. */
gboolean    ts_request_resolve_session (TsRequest   *self,
                                        PGconn      *conn,
                                        GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsRequest, ts_request_free)

G_END_DECLS
