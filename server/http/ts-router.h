/* ts-router.h — the table of API routes */
#pragma once

#include "ts-request.h"

G_BEGIN_DECLS

typedef enum
{
  TS_ROUTE_PUBLIC,
  TS_ROUTE_SIGNED_IN,
} TsRouteAccess;

/* Whether a route reads a request body.  One that does not refuses any body
 * but an empty one or {} (checked once, in ts-server.c). */
typedef enum
{
  TS_ROUTE_NO_BODY,
  TS_ROUTE_JSON_BODY,
} TsRouteBody;

typedef enum
{
  TS_ROUTE_CHECKS_PASSWORD = 1 << 0,   /* runs bcrypt: admitted by the sign-in limiter, on the sign-in pool */
  TS_ROUTE_FOR_SCANNER     = 1 << 1,   /* a Scanner may call it: the only routes that do not refuse one (C4) */
} TsRouteFlags;

/* Runs in a database worker inside the request's transaction, with the
 * outlet context already set for row-level security. */
typedef gboolean (*TsRouteHandler) (TsRequest *request,
                                    PGconn    *conn,
                                    GError   **error);

struct _TsRoute
{
  const char     *method;
  const char     *pattern;   /* "/outlets/{id}/employees": {id} is a positive integer;
                              * {key} is any other segment (request->key) */
  TsRouteAccess   access;
  TsRouteHandler  handler;
  TsRouteBody     body;
  guint           max_body_kb;   /* 0: the server's max-body-kb; larger for uploads of plans */
  TsRouteFlags    flags;
};

/* path is relative to /api/v1.  Returns NULL and sets error (not_found, or
 * invalid_input for a method the path does not support) when nothing matches. */
const TsRoute *ts_router_match (const char  *method,
                                const char  *path,
                                TsRequest   *request,
                                GError     **error);

/* The whole table, for tests that sweep every route (n_routes: its length). */
const TsRoute *ts_router_routes (gsize *n_routes);

G_END_DECLS
