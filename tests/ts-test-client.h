/* ts-test-client.h — HTTP calls from tests to the in-process server
 *
 * The server answers on this thread's main context, so calls are made
 * asynchronously and the context is iterated until the answer arrives. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ts-test-server.h"

G_BEGIN_DECLS

/* Sends the n messages at once on session and iterates this thread's main
 * context until every answer has come; bodies[i] is msgs[i]'s.  Aborts the
 * test on a transport error. */
void        ts_test_send_at_once (SoupSession  *session,
                                  SoupMessage **msgs,
                                  GBytes      **bodies,
                                  guint         n);
/* The same for one message: its body. */
GBytes     *ts_test_send         (SoupSession  *session,
                                  SoupMessage  *msg);

/* body_json may be NULL; token may be NULL.  Returns the parsed answer (NULL
 * for an empty body) and stores the HTTP status. */
JsonNode   *ts_test_call        (TsTestServer *server,
                                 const char   *method,
                                 const char   *path,
                                 const char   *token,
                                 const char   *body_json,
                                 guint        *out_status);
/* Signs in and returns the token; aborts the test if it fails.
 * outlet_code NULL = the Master User. */
char       *ts_test_sign_in     (TsTestServer *server,
                                 const char   *outlet_code,
                                 const char   *login,
                                 const char   *password);
/* A TCP port on 127.0.0.1 that nothing listens on (now). */
guint       ts_test_free_port   (void);
/* The body of POST /session that signs in. */
char       *ts_test_sign_in_body (const char  *outlet_code,
                                  const char  *login,
                                  const char  *password);
/* The error code of an error answer, or NULL. */
const char *ts_test_error_code  (JsonNode     *answer);
gint64      ts_test_member_int  (JsonNode     *answer,
                                 const char   *member);
const char *ts_test_member_string (JsonNode   *answer,
                                   const char *member);
/* The id of the order's line sold for that seat; aborts the test if none. */
gint64      ts_test_item_at_seat  (JsonNode   *order,
                                   const char *guid);
/* The id of the demo outlet with that code. */
gint64      ts_test_outlet_id   (TsTestServer *server,
                                 const char   *code);

/* A TCP socket on loopback that listens and never accepts: the kernel
 * completes the handshake and nothing is ever answered (a database behind
 * a dead machine or a firewall).  Its port goes to *out_port. */
GSocket    *ts_test_silent_listener (guint *out_port);

/* A performance on sale at UTH's box office, ten days ahead: a generated map
 * of rows × seats_per_row seats named name (rows A, B…), as many places, an
 * Adult ticket type at 35.00 redeemable for it, and a patron to sell to.
 * For tests that sell many orders (server-faults, server-standby). */
typedef struct
{
  gint64  performance_id;
  gint64  ticket_type_id;
  gint64  patron_id;
  char  **seats;             /* the seats' guids, row by row, NULL-terminated */
} TsTestSale;

void        ts_test_sale_set_up (TsTestServer *server,
                                 const char   *name,
                                 guint         rows,
                                 guint         seats_per_row,
                                 TsTestSale   *sale);
void        ts_test_sale_clear  (TsTestSale   *sale);

/* Makes the call and aborts the test, printing the answer, unless the status
 * is the expected one.  Returns the answer (may be NULL). */
JsonNode   *ts_test_expect      (TsTestServer *server,
                                 const char   *method,
                                 const char   *path,
                                 const char   *token,
                                 const char   *body_json,
                                 guint         expected_status);
/* Text that cites a rule by number ("rule C4", "règles P4, P5"), which people
 * never read: the rule is said in words, its number is for docs and tests. */
#define TS_TEST_RULE_NUMBER "\\br(e|è)gles? [A-Z][0-9]|\\brules? [A-Z][0-9]"
/* The message of an error answer (aborts if it is not one, or if it shows a
 * rule number). */
const char *ts_test_error_message (JsonNode     *answer);
/* Makes the call, expects the status, the error code and (when given) a
 * piece of the message, typically the field's name. */
void        ts_test_expect_error  (TsTestServer *server,
                                   const char   *method,
                                   const char   *path,
                                   const char   *token,
                                   const char   *body_json,
                                   guint         expected_status,
                                   const char   *code,
                                   const char   *in_message);
/* Runs SQL as the owner role, bypassing the server (to set up or inspect on
 * purpose); returns the first column of the first row, or NULL. */
char       *ts_test_owner_sql   (TsTestServer *server,
                                 const char   *sql);
/* The same on any database, given a conninfo. */
char       *ts_test_sql_at      (const char   *conninfo,
                                 const char   *sql);
/* The same with printf formatting, and as a whole number (aborts on NULL). */
char       *ts_test_owner_sqlf  (TsTestServer *server,
                                 const char   *format,
                                 ...) G_GNUC_PRINTF (2, 3);
gint64      ts_test_owner_int   (TsTestServer *server,
                                 const char   *format,
                                 ...) G_GNUC_PRINTF (2, 3);
/* The same on any database, given a conninfo. */
gint64      ts_test_int_at_valist (const char *conninfo,
                                   const char *format,
                                   va_list     args) G_GNUC_PRINTF (2, 0);
/* A1, A2: every ledger entry balances within one outlet's ledger, every
 * pair of outlets mirrors, and every performance's running counts match
 * its claims and sales. */
void        ts_test_assert_ledgers (TsTestServer *server);
/* The same checks on any database, given the owner role's conninfo (a
 * server that runs in another process). */
void        ts_test_assert_ledgers_at (const char *owner_conninfo);

/* The live feed (GET /api/v1/live) of server as the holder of token, over
 * session; aborts the test, with the status, if the upgrade is refused. */
SoupWebsocketConnection *ts_test_live_connect (SoupSession  *session,
                                               TsTestServer *server,
                                               const char   *token);

/* Iterates this thread's main context until ready (data) answers TRUE or
 * timeout_ms pass (a deadline, never a fixed sleep); answers whether it
 * became ready. */
gboolean    ts_test_wait_until  (gboolean    (*ready) (gpointer data),
                                 gpointer      data,
                                 guint         timeout_ms);

G_END_DECLS
