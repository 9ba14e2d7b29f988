/* ts-error.h — the one error domain shared by client and server.
 *
 * Each code has a stable wire name (used in {"error": {"code": …}}) and the
 * server maps it to one HTTP status in ts-http-error.c.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TS_ERROR (ts_error_quark ())

typedef enum
{
  TS_ERROR_INTERNAL,        /* a bug or an unexpected database answer */
  TS_ERROR_INVALID,         /* bad input: nothing was changed */
  TS_ERROR_NOT_FOUND,
  TS_ERROR_UNAUTHORIZED,    /* not signed in, or the session expired */
  TS_ERROR_FORBIDDEN,       /* signed in, but the rules do not allow it */
  TS_ERROR_CONFLICT,        /* would break a uniqueness or state rule */
  TS_ERROR_LIMIT,           /* a licence or hard limit was reached */
  TS_ERROR_WRONG_PASSWORD,  /* sign-in: unknown login or bad password */
  TS_ERROR_LOCKED,          /* sign-in: too many bad passwords, or locked by an administrator */
  TS_ERROR_RESIGNED,        /* sign-in: outside the hired/resigned dates */
  TS_ERROR_NO_ACCESS,       /* sign-in: level "No Access" */
  TS_ERROR_TOO_LARGE,       /* request body over the limit */
  TS_ERROR_UNAVAILABLE,     /* the database is down; try again */
  TS_ERROR_UNREACHABLE,     /* client side: the server could not be reached */
  TS_ERROR_THROTTLED,       /* sign-in: too many attempts for now; Retry-After says when (C6) */
  TS_ERROR_OVERRIDE_NEEDED, /* only an override would allow it, and the caller may give one (S3) */
  TS_ERROR_TIMEOUT,         /* the database took longer than the request may (a report): ask for less */
} TsErrorCode;

GQuark       ts_error_quark          (void);
const char  *ts_error_code_to_string (TsErrorCode code);
gboolean     ts_error_code_from_string (const char  *name,
                                        TsErrorCode *out_code);

G_END_DECLS
