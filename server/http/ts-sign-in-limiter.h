/* ts-sign-in-limiter.h — how many password checks one address may ask for
 *
 * The front of the sign-in throttles (C6; docs/architecture.md, "Sessions and
 * passwords"): a token bucket per client address (IPv4, or IPv6 /64), in this
 * server's memory, consulted on the main thread before a request that checks
 * a password goes anywhere near bcrypt.  Each attempt takes a token; a
 * success gives it back, so the agents of a box office behind one NAT sign in
 * as often as they like and only failures use the allowance up.  Refusals
 * are audited (R1) as one row per address per minute with their count.
 * The per-login counts live in the database (ts_sign_in), shared by every
 * server on it; this one only protects this server.
 */
#pragma once

#include "ts-db.h"

G_BEGIN_DECLS

#define TS_SIGN_IN_LIMITER_BURST      50   /* attempts an address may make at once */
#define TS_SIGN_IN_LIMITER_PER_MINUTE 10   /* failures it may add each minute after that */

#define TS_TYPE_SIGN_IN_LIMITER (ts_sign_in_limiter_get_type ())
G_DECLARE_FINAL_TYPE (TsSignInLimiter, ts_sign_in_limiter, TS, SIGN_IN_LIMITER, GObject)

/* db receives the audit rows of refusals, once a minute. */
TsSignInLimiter *ts_sign_in_limiter_new      (TsDb            *db,
                                              guint            burst,
                                              guint            per_minute);
void             ts_sign_in_limiter_set_rate (TsSignInLimiter *self,
                                              guint            burst,
                                              guint            per_minute);
/* Before checking a password for `source`: TRUE takes one token; FALSE sets
 * TS_ERROR_THROTTLED and the seconds until a token is back. */
gboolean         ts_sign_in_limiter_admit    (TsSignInLimiter *self,
                                              const char      *source,
                                              guint           *out_retry_after,
                                              GError         **error);
/* After the check: a success gives the token back. */
void             ts_sign_in_limiter_settle   (TsSignInLimiter *self,
                                              const char      *source,
                                              gboolean         succeeded);
/* Writes the audit rows of the refusals counted so far (asynchronously; the
 * timer does it every minute) and forgets idle addresses. */
void             ts_sign_in_limiter_flush    (TsSignInLimiter *self);
/* The last flush, synchronously, then no more timer. */
void             ts_sign_in_limiter_stop     (TsSignInLimiter *self);
guint            ts_sign_in_limiter_get_size (TsSignInLimiter *self);

G_END_DECLS
