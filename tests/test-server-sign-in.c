/* test-server-sign-in.c — sign-in seen from the open network: throttles,
 * lock-out, unlocking, audit under a flood, sessions after a password change
 * (rules C6, R1)
 *
 * Every loopback address 127.0.0.0/8 reaches the server, so a test plays a
 * stranger by binding its client to 127.0.0.N; the other tests of this
 * program and of the suite sign in from 127.0.0.1.
 */
#include <string.h>

#include <libpq-fe.h>
#include <libsoup/soup.h>

#include "ts-test-client.h"

static TsTestServer *server;

/* the proxy this program's server trusts (trusted-proxies) */
#define TRUSTED_PROXY "127.0.0.30"

typedef struct
{
  guint     status;
  char     *retry_after;     /* the Retry-After header, or NULL */
  JsonNode *body;
} Answer;

static void
answer_free (Answer *answer)
{
  g_free (answer->retry_after);
  g_clear_pointer (&answer->body, json_node_unref);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

typedef struct
{
  SoupMessage *msg;
  GBytes      *bytes;
  GError      *error;
  gboolean     done;
} Call;

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Call *call = user_data;

  call->bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &call->error);
  call->done = TRUE;
}

/* One session per client address, kept for the whole program. */
static SoupSession *
session_from (const char *address)
{
  static GHashTable *sessions = NULL;
  SoupSession *session;

  if (sessions == NULL)
    sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  session = g_hash_table_lookup (sessions, address);
  if (session == NULL)
    {
      g_autoptr(GInetSocketAddress) local = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new_from_string (address, 0));

      session = soup_session_new_with_options ("timeout", 60, "local-address", local,
                                               "max-conns-per-host", 100, "max-conns", 100, NULL);
      g_hash_table_insert (sessions, g_strdup (address), session);
    }
  return session;
}

/* Sends an HTTP call from the client address `from`, through a proxy that
 * says it forwards for `forwarded` (X-Forwarded-For, when not NULL);
 * finish_call waits. */
static Call *
start_call_forwarded (const char *from,
                      const char *forwarded,
                      const char *method,
                      const char *path,
                      const char *token,
                      const char *body)
{
  g_autofree char *url = g_strconcat (ts_test_server_get_url (server), path, NULL);
  Call *call = g_new0 (Call, 1);

  call->msg = soup_message_new (method, url);
  if (forwarded != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (call->msg), "X-Forwarded-For", forwarded);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (call->msg), "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (call->msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (session_from (from), call->msg, G_PRIORITY_DEFAULT, NULL, call_done, call);
  return call;
}

static Call *
start_call (const char *from,
            const char *method,
            const char *path,
            const char *token,
            const char *body)
{
  return start_call_forwarded (from, NULL, method, path, token, body);
}

/* The answer (its status, Retry-After and body); aborts the test if none
 * came within `seconds` — the server's main loop runs meanwhile. */
static Answer *
finish_call (Call *call,
             int   seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  Answer *answer = g_new0 (Answer, 1);
  const char *retry;

  while (!call->done)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("no answer within %d s to %s %s", seconds, soup_message_get_method (call->msg),
                 g_uri_get_path (soup_message_get_uri (call->msg)));
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_no_error (call->error);

  answer->status = soup_message_get_status (call->msg);
  retry = soup_message_headers_get_one (soup_message_get_response_headers (call->msg), "Retry-After");
  answer->retry_after = g_strdup (retry);
  if (g_bytes_get_size (call->bytes) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize size;
      const char *data = g_bytes_get_data (call->bytes, &size);

      if (!json_parser_load_from_data (parser, data, (gssize) size, NULL))
        g_error ("answered with something that is not JSON: %.*s", (int) size, data);
      answer->body = json_node_ref (json_parser_get_root (parser));
    }
  g_bytes_unref (call->bytes);
  g_object_unref (call->msg);
  g_free (call);
  return answer;
}

static Answer *
call_from (const char *from,
           const char *method,
           const char *path,
           const char *token,
           const char *body)
{
  return finish_call (start_call (from, method, path, token, body), 60);
}

/* A sign-in attempt from `from`; outlet NULL for the Master User. */
static Answer *
sign_in_from (const char *from,
              const char *outlet,
              const char *login,
              const char *password)
{
  g_autofree char *body = outlet
    ? g_strdup_printf ("{\"outlet\": \"%s\", \"login\": \"%s\", \"password\": \"%s\"}", outlet, login, password)
    : g_strdup_printf ("{\"login\": \"%s\", \"password\": \"%s\"}", login, password);

  return call_from (from, "POST", "/api/v1/session", NULL, body);
}

/* The same, expecting a status and (when not NULL) an error code. */
static Answer *
expect_sign_in (const char *from,
                const char *outlet,
                const char *login,
                const char *password,
                guint       status,
                const char *code)
{
  Answer *answer = sign_in_from (from, outlet, login, password);

  if (answer->status != status || (code != NULL && g_strcmp0 (ts_test_error_code (answer->body), code) != 0))
    {
      g_autofree char *text = answer->body ? json_to_string (answer->body, FALSE) : g_strdup ("(no body)");

      g_error ("sign-in of %s/%s from %s: expected %u %s, got %u: %s", outlet ? outlet : "-", login, from,
               status, code ? code : "", answer->status, text);
    }
  return answer;
}

static void
expect_sign_in_ok (const char *from,
                   const char *outlet,
                   const char *login,
                   const char *password)
{
  g_autoptr(Answer) answer = expect_sign_in (from, outlet, login, password, 201, NULL);
}

static gint64
audit_count (const char *action,
             const char *where)
{
  return ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = '%s'%s%s",
                            action, where ? " AND " : "", where ? where : "");
}

/* Time passes for the waits of a login, without waiting in the test. */
static void
end_the_wait (const char *login)
{
  g_free (ts_test_owner_sqlf (server, "UPDATE sign_in_throttle SET retry_at = now () - interval '1 second'"
                                      " WHERE login_key = lower ('%s')", login));
}

static char *
employee_path (const char *outlet,
               const char *login,
               const char *tail)
{
  gint64 id = ts_test_owner_int (server,
      "SELECT e.id FROM employee e LEFT JOIN outlet o ON o.id = e.outlet_id"
      " WHERE coalesce (o.code, '') = '%s' AND e.login = '%s'", outlet ? outlet : "", login);

  return g_strdup_printf ("/api/v1/employees/%" G_GINT64_FORMAT "%s", id, tail ? tail : "");
}

/* The attack: anyone could lock the Master User for 15 minutes with
 * five bad passwords, again and again, and nobody could unlock him.  A
 * stranger's bad passwords now only make strangers wait, with Retry-After;
 * the Master User signs in from where he signed in before. */
static void
test_stranger_cannot_lock_out_the_master_user (void)
{
  const char *stranger = "127.0.0.2";

  expect_sign_in_ok ("127.0.0.1", NULL, "master", "master-password");   /* his usual place */

  for (int i = 1; i <= 4; i++)
    {
      g_autoptr(Answer) refused = expect_sign_in (stranger, NULL, "master", "guess", 401, "wrong_password");

      g_assert_null (refused->retry_after);
    }
  {
    g_autoptr(Answer) fifth = expect_sign_in (stranger, NULL, "master", "guess", 429, "throttled");

    g_assert_cmpstr (fifth->retry_after, ==, "15");
    g_assert_nonnull (strstr (ts_test_error_message (fifth->body), "Too many failed sign-ins"));
    g_assert_nonnull (strstr (ts_test_error_message (fifth->body), "15 seconds"));
    g_assert_nonnull (strstr (ts_test_error_message (fifth->body), "tessera-server --unlock"));
  }
  /* while waiting, even the right password is refused (without checking it) */
  {
    g_autoptr(Answer) waiting = expect_sign_in (stranger, NULL, "master", "master-password", 429, "throttled");

    g_assert_nonnull (waiting->retry_after);
  }
  /* more bad passwords: never a lock */
  for (int i = 0; i < 30; i++)
    {
      g_autoptr(Answer) refused = sign_in_from (stranger, NULL, "master", "guess");

      g_assert_cmpuint (refused->status, ==, 429);
    }
  {
    g_autofree char *untouched = ts_test_owner_sql (server, "SELECT locked_until IS NULL AND failed_attempts = 0"
                                                            "  FROM employee WHERE level = 'master'");

    g_assert_cmpstr (untouched, ==, "t");
  }

  /* the Master User signs in from his usual place all along */
  expect_sign_in_ok ("127.0.0.1", NULL, "master", "master-password");

  /* after the wait, the stranger has one attempt; a bad one doubles the wait */
  end_the_wait ("master");
  {
    g_autoptr(Answer) again = expect_sign_in (stranger, NULL, "master", "guess", 429, "throttled");

    g_assert_cmpstr (again->retry_after, ==, "30");
  }
  /* and a good one gets in, and starts the count again */
  end_the_wait ("master");
  expect_sign_in_ok (stranger, NULL, "master", "master-password");
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM sign_in_throttle WHERE login_key = 'master'"), ==, 0);
}

/* C6 still holds where the bad passwords come from a place the login signs in
 * from: five in a row lock it for a while, and the administrator unlocks it. */
static void
test_familiar_place_locks_out (void)
{
  const char *box_office = "127.0.0.3";
  g_autofree char *admin = ts_test_sign_in (server, "ATH", "admin", "admin-password");
  g_autofree char *unlock = employee_path ("ATH", "boxoffice", "/unlock");

  expect_sign_in_ok (box_office, "ATH", "boxoffice", "boxoffice-password");
  for (int i = 1; i <= 4; i++)
    {
      g_autoptr(Answer) refused = expect_sign_in (box_office, "ATH", "boxoffice", "typo", 401, "wrong_password");
    }
  {
    g_autoptr(Answer) fifth = expect_sign_in (box_office, "ATH", "boxoffice", "typo", 403, "locked");

    g_assert_nonnull (strstr (ts_test_error_message (fifth->body), "until"));
    g_assert_nonnull (strstr (ts_test_error_message (fifth->body), "An administrator can unlock it"));
  }
  /* locked for everybody, from anywhere */
  {
    g_autoptr(Answer) a = expect_sign_in (box_office, "ATH", "boxoffice", "boxoffice-password", 403, "locked");
    g_autoptr(Answer) b = expect_sign_in ("127.0.0.4", "ATH", "boxoffice", "boxoffice-password", 403, "locked");
  }
  /* the outlet's administrator unlocks it */
  {
    g_autoptr(JsonNode) unlocked = ts_test_expect (server, "POST", unlock, admin, NULL, 200);

    g_assert_true (json_object_get_null_member (json_node_get_object (unlocked), "locked_until"));
  }
  expect_sign_in_ok (box_office, "ATH", "boxoffice", "boxoffice-password");
}

/* The waits are kept for the login as typed, so a login that does not exist
 * answers exactly like one that does: probing tells nothing. */
static void
test_unknown_logins_look_alike (void)
{
  const char *stranger = "127.0.0.5";

  for (int i = 1; i <= 6; i++)
    {
      g_autoptr(Answer) real = sign_in_from (stranger, "UTH", "staff", "guess");
      g_autoptr(Answer) fake = sign_in_from (stranger, "UTH", "nobody-here", "guess");

      g_assert_cmpuint (real->status, ==, i < 5 ? 401 : 429);
      g_assert_cmpuint (fake->status, ==, real->status);
      g_assert_cmpstr (fake->retry_after, ==, real->retry_after);
      g_assert_cmpstr (ts_test_error_message (fake->body), ==, ts_test_error_message (real->body));
    }
  end_the_wait ("staff");
  end_the_wait ("nobody-here");
}

/* R1 under a flood: every checked attempt has its audit row, and attempts
 * refused while waiting are counted in one row per wait rather than one
 * each, so a flood cannot grow the audit without bound. */
static void
test_flood_is_audited_with_counts (void)
{
  const char *stranger = "127.0.0.6";
  gint64 failed_before = audit_count ("sign_in_failed", "after ->> 'source' = '127.0.0.6'");
  gint64 throttled_before = audit_count ("sign_in_throttled", NULL);
  g_autofree char *last = NULL;

  for (int i = 0; i < 5; i++)
    {
      g_autoptr(Answer) refused = sign_in_from (stranger, "TIX", "admin", "guess");
    }
  for (int i = 0; i < 40; i++)
    {
      g_autoptr(Answer) refused = sign_in_from (stranger, "TIX", "admin", "guess");

      g_assert_cmpuint (refused->status, ==, 429);
    }
  g_assert_cmpint (audit_count ("sign_in_failed", "after ->> 'source' = '127.0.0.6'") - failed_before, ==, 5);
  g_assert_cmpint (audit_count ("sign_in_throttled", NULL) - throttled_before, ==, 1);

  /* the next checked attempt's row carries the count of the refused ones */
  end_the_wait ("admin");
  {
    g_autoptr(Answer) refused = expect_sign_in (stranger, "TIX", "admin", "guess", 429, "throttled");
  }
  last = ts_test_owner_sql (server, "SELECT after ->> 'refused_while_waiting' FROM audit_log"
                                    " WHERE action = 'sign_in_failed' ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (last, ==, "39");
  {
    g_autofree char *source = ts_test_owner_sql (server, "SELECT after ->> 'source' FROM audit_log"
                                                         " WHERE action = 'sign_in_throttled' ORDER BY id DESC LIMIT 1");

    g_assert_cmpstr (source, ==, stranger);
  }
  end_the_wait ("admin");
}

/* An administrator's unlock also ends the strangers' wait (C6). */
static void
test_unlock_ends_the_wait (void)
{
  const char *stranger = "127.0.0.7";
  g_autofree char *admin = ts_test_sign_in (server, "UTH", "admin", "admin-password");
  g_autofree char *unlock = employee_path ("UTH", "manager", "/unlock");
  gint64 unlocks = audit_count ("unlock", NULL);

  for (int i = 1; i <= 5; i++)
    {
      g_autoptr(Answer) refused = sign_in_from (stranger, "UTH", "manager", "guess");
    }
  {
    g_autoptr(Answer) waiting = expect_sign_in (stranger, "UTH", "manager", "manager-password", 429, "throttled");
    g_autoptr(JsonNode) unlocked = ts_test_expect (server, "POST", unlock, admin, NULL, 200);
  }
  expect_sign_in_ok (stranger, "UTH", "manager", "manager-password");
  /* audited with what it cleared (R1) */
  g_assert_cmpint (audit_count ("unlock", NULL), ==, unlocks + 1);
  {
    g_autofree char *cleared = ts_test_owner_sql (server, "SELECT before ->> 'unfamiliar_failures' FROM audit_log"
                                                          " WHERE action = 'unlock' ORDER BY id DESC LIMIT 1");

    g_assert_cmpstr (cleared, ==, "5");
  }
}

/* Waits (serving requests meanwhile) until the SQL's count reaches `count`. */
static void
wait_for_count (const char *sql,
                gint64      count)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (ts_test_owner_int (server, "%s", sql) < count)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("still fewer than %" G_GINT64_FORMAT ": %s", count, sql);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

/* One address spraying passwords over many logins (each login's own count
 * never fills up) gets an allowance of password checks: past it, 429 with
 * Retry-After, answered before any bcrypt, the right password included.
 * Other addresses are not affected.  The refusals are audited as one row per
 * address with their count (R1). */
static void
test_address_allowance (void)
{
  const char *sprayer = "127.0.0.8";
  g_autoptr(GPtrArray) calls = g_ptr_array_new ();
  TsSignInLimiter *limiter = ts_server_get_sign_in_limiter (ts_test_server_get_server (server));
  gint64 burst_over_us;

  for (int i = 0; i < TS_SIGN_IN_LIMITER_BURST; i++)
    {
      g_autofree char *login = g_strdup_printf ("spray%d", i);
      g_autoptr(Answer) refused = expect_sign_in (sprayer, "UTH", login, "guess", 401, "wrong_password");
    }
  /* (at once: each refusal is answered a second later, time in which the
   * allowance grows by a sixth of an attempt) */
  burst_over_us = g_get_monotonic_time ();
  for (int i = 0; i < 21; i++)
    {
      const char *body = i < 20 ? "{\"outlet\": \"UTH\", \"login\": \"spray-more\", \"password\": \"guess\"}"
                                : "{\"outlet\": \"UTH\", \"login\": \"staff\", \"password\": \"staff-password\"}";

      g_ptr_array_add (calls, start_call (sprayer, "POST", "/api/v1/session", NULL, body));
    }
  for (guint i = 0; i < calls->len; i++)
    {
      g_autoptr(Answer) refused = finish_call (g_ptr_array_index (calls, i), 30);
      guint64 wait = g_ascii_strtoull (refused->retry_after ? refused->retry_after : "0", NULL, 10);
      /* the allowance regrows while the calls are answered: on a loaded
       * machine a refusal answered seconds after the burst waits less */
      gint64 since_s = (g_get_monotonic_time () - burst_over_us) / G_USEC_PER_SEC;

      g_assert_cmpuint (refused->status, ==, 429);
      g_assert_cmpstr (ts_test_error_code (refused->body), ==, "throttled");
      g_assert_cmpint ((gint64) wait, >=, MAX (4 - since_s, 1));   /* 10 a minute: 6 s for a whole attempt */
      g_assert_cmpuint (wait, <=, 6);
      g_assert_nonnull (strstr (ts_test_error_message (refused->body), "from your address"));
      g_assert_nonnull (strstr (ts_test_error_message (refused->body), "try again in"));
    }
  /* only the admitted attempts reached the database */
  g_assert_cmpint (audit_count ("sign_in_failed", "after ->> 'source' = '127.0.0.8'"), ==, TS_SIGN_IN_LIMITER_BURST);
  g_assert_cmpint (audit_count ("sign_in_refused", "after ->> 'source' = '127.0.0.8'"), ==, 0);
  /* the next address is its own */
  expect_sign_in_ok ("127.0.0.9", "UTH", "staff", "staff-password");

  /* a minute later (now, in the test) one row for the 21 refusals */
  ts_sign_in_limiter_flush (limiter);
  wait_for_count ("SELECT count (*) FROM audit_log WHERE action = 'sign_in_throttled'"
                  " AND entity = 'address' AND entity_id = '127.0.0.8'", 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT (after ->> 'count')::integer FROM audit_log"
                                              " WHERE entity = 'address' AND entity_id = '127.0.0.8'"), ==, 21);
  ts_sign_in_limiter_set_rate (limiter, TS_SIGN_IN_LIMITER_BURST, TS_SIGN_IN_LIMITER_PER_MINUTE);   /* forget */
}

/* Ten agents of one box office behind one NAT address sign in again and
 * again, with a typo each: successes give their attempt back, so they never
 * run into the address's allowance. */
static void
test_box_office_behind_one_address (void)
{
  const char *nat = "127.0.0.10";
  const char *agents[][2] = {
    { "UTH", "admin" }, { "UTH", "boxoffice" }, { "UTH", "walkup" }, { "ATH", "manager" },
    { "ATH", "walkup" }, { "ATH", "staff" }, { "TIX", "manager" }, { "TIX", "boxoffice" },
    { "TIX", "walkup" }, { "TIX", "staff" },
  };

  for (int round = 0; round < 2 * TS_SIGN_IN_LIMITER_BURST / (int) G_N_ELEMENTS (agents); round++)
    for (guint i = 0; i < G_N_ELEMENTS (agents); i++)
      {
        g_autofree char *password = g_strconcat (agents[i][1], "-password", NULL);

        if (round == 1)
          {
            g_autoptr(Answer) typo = expect_sign_in (nat, agents[i][0], agents[i][1], "pasword", 401, "wrong_password");
          }
        expect_sign_in_ok (nat, agents[i][0], agents[i][1], password);
      }
}

/* bcrypt runs on a small pool of its own: with every sign-in connection
 * stuck (here on a row lock, as they would be on hashing under a flood),
 * signed-in agents are still served at once; and sign-ins beyond what that
 * pool can take in a moment are told to come back (503, Retry-After)
 * rather than queued without bound.  Not a timed test: before, the stuck
 * sign-ins held the request pool and the agent got no answer at all. */
static void
test_password_checks_keep_off_the_request_pool (void)
{
  g_autofree char *agent = ts_test_sign_in (server, "ATH", "boxoffice", "boxoffice-password");
  TsServerConfig *config = ts_server_get_config (ts_test_server_get_server (server));
  guint capacity = config->sign_in_pool_size * 33;    /* running + 32 queued per connection */
  PGconn *blocker = PQconnectdb (ts_test_server_get_owner_conninfo (server));
  g_autoptr(GPtrArray) sign_ins = g_ptr_array_new ();
  PGresult *r;
  guint busy = 0, in = 0;

  g_assert_cmpint (PQstatus (blocker), ==, CONNECTION_OK);
  r = PQexec (blocker, "BEGIN; SELECT 1 FROM employee WHERE login = 'staff'"
                       " AND outlet_id = (SELECT id FROM outlet WHERE code = 'ATH') FOR UPDATE");
  g_assert_cmpint (PQresultStatus (r), ==, PGRES_TUPLES_OK);
  PQclear (r);

  /* more sign-ins than the request pool has connections, and than the
   * sign-in pool takes: from several addresses, each within its allowance */
  for (guint i = 0; i < capacity + 10; i++)
    {
      g_autofree char *from = g_strdup_printf ("127.0.2.%u", 1 + i / 40);

      g_ptr_array_add (sign_ins, start_call (from, "POST", "/api/v1/session", NULL,
                       "{\"outlet\": \"ATH\", \"login\": \"staff\", \"password\": \"staff-password\"}"));
      g_main_context_iteration (NULL, FALSE);
    }
  for (int i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  for (guint i = 0; i < config->pool_size + 2; i++)
    {
      g_autoptr(Answer) me = finish_call (start_call ("127.0.0.1", "GET", "/api/v1/session", agent, NULL), 10);

      g_assert_cmpuint (me->status, ==, 200);
    }

  r = PQexec (blocker, "ROLLBACK");
  PQclear (r);
  PQfinish (blocker);
  for (guint i = 0; i < sign_ins->len; i++)
    {
      g_autoptr(Answer) answer = finish_call (g_ptr_array_index (sign_ins, i), 60);

      if (answer->status == 503)
        {
          g_assert_cmpstr (ts_test_error_code (answer->body), ==, "unavailable");
          g_assert_cmpstr (answer->retry_after, ==, "1");
          busy++;
        }
      else
        {
          g_assert_cmpuint (answer->status, ==, 201);
          in++;
        }
    }
  g_assert_cmpuint (busy, ==, 10);
  g_assert_cmpuint (in, ==, capacity);
}

/* Changing one's own password ends one's other sessions (wherever the old
 * password was used), not the one that changed it; a wrong current password
 * changes nothing and is audited (R1). */
static void
test_password_change_ends_other_sessions (void)
{
  g_autofree char *here = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  g_autofree char *there = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  g_autofree char *elsewhere = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  g_autofree char *colleague = ts_test_sign_in (server, "UTH", "walkup", "walkup-password");
  gint64 refused = audit_count ("password_change_refused", NULL);
  gint64 ended = audit_count ("sessions_ended", NULL);
  gint64 open = ts_test_owner_int (server,
      "SELECT count (*) FROM session s JOIN employee e ON e.id = s.employee_id"
      " WHERE e.login = 'staff' AND e.outlet_id = (SELECT id FROM outlet WHERE code = 'UTH')"
      "   AND s.ended_at IS NULL AND s.expires_at > now ()");

  ts_test_expect_error (server, "POST", "/api/v1/session/password", here,
                        "{\"current_password\": \"nope\", \"new_password\": \"staff-password-2\"}",
                        401, "wrong_password", NULL);
  g_assert_cmpint (audit_count ("password_change_refused", NULL), ==, refused + 1);
  {
    g_autoptr(JsonNode) still = ts_test_expect (server, "GET", "/api/v1/session", there, NULL, 200);
    g_autoptr(JsonNode) changed = ts_test_expect (server, "POST", "/api/v1/session/password", here,
        "{\"current_password\": \"staff-password\", \"new_password\": \"staff-password-2\"}", 204);
  }
  /* this session goes on; the others are over; nobody else's is touched */
  ts_test_expect_error (server, "GET", "/api/v1/session", there, NULL, 401, "unauthorized", NULL);
  ts_test_expect_error (server, "GET", "/api/v1/session", elsewhere, NULL, 401, "unauthorized", NULL);
  {
    g_autoptr(JsonNode) me = ts_test_expect (server, "GET", "/api/v1/session", here, NULL, 200);
    g_autoptr(JsonNode) other = ts_test_expect (server, "GET", "/api/v1/session", colleague, NULL, 200);
  }
  g_assert_cmpint (audit_count ("sessions_ended", NULL), ==, ended + 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT (after ->> 'count')::integer FROM audit_log"
                                              " WHERE action = 'sessions_ended' ORDER BY id DESC LIMIT 1"), ==, open - 1);

  /* put the demo password back */
  {
    g_autoptr(JsonNode) back = ts_test_expect (server, "POST", "/api/v1/session/password", here,
        "{\"current_password\": \"staff-password-2\", \"new_password\": \"staff-password\"}", 204);
  }
}

/* Runs the real `tessera-server --unlock …` against this test's database
 * (while the in-process server keeps serving it); returns the exit status. */
static int
run_unlock (const char  *login,
            const char  *outlet,
            char       **out_output)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                      | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *program = g_getenv ("TESSERA_SERVER");

  g_ptr_array_add (argv, (char *) program);
  g_ptr_array_add (argv, (char *) "--database");
  g_ptr_array_add (argv, (char *) ts_test_server_get_app_conninfo (server));
  g_ptr_array_add (argv, (char *) "--owner-database");
  g_ptr_array_add (argv, (char *) ts_test_server_get_owner_conninfo (server));
  if (login != NULL)
    {
      g_ptr_array_add (argv, (char *) "--unlock");
      g_ptr_array_add (argv, (char *) login);
    }
  if (outlet != NULL)
    {
      g_ptr_array_add (argv, (char *) "--outlet");
      g_ptr_array_add (argv, (char *) outlet);
    }
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out_output, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

/* C6 with nobody above the Master User: the server's operator unlocks him
 * from the command line — his lock-out and strangers' waits alike — and it
 * is audited (R1).  The same works for an outlet's employee. */
static void
test_command_line_unlock (void)
{
  g_autofree char *output = NULL;
  g_autofree char *via = NULL;

  if (g_getenv ("TESSERA_SERVER") == NULL)
    {
      g_test_skip ("TESSERA_SERVER must name the tessera-server program (meson test sets it)");
      return;
    }

  /* strangers made to wait, and locked out from his usual place */
  for (int i = 1; i <= 5; i++)
    {
      g_autoptr(Answer) refused = sign_in_from ("127.0.0.20", NULL, "master", "typo");
    }
  expect_sign_in_ok ("127.0.0.1", NULL, "master", "master-password");
  for (int i = 1; i <= 5; i++)
    {
      g_autoptr(Answer) refused = expect_sign_in ("127.0.0.1", NULL, "master", "typo", i < 5 ? 401 : 403,
                                                  i < 5 ? "wrong_password" : "locked");

      if (i == 5)
        g_assert_nonnull (strstr (ts_test_error_message (refused->body), "tessera-server --unlock"));
    }
  {
    g_autoptr(Answer) locked = expect_sign_in ("127.0.0.1", NULL, "master", "master-password", 403, "locked");
  }

  g_assert_cmpint (run_unlock ("master", NULL, &output), ==, 0);
  g_assert_nonnull (strstr (output, "Unlocked “master”"));
  g_assert_nonnull (strstr (output, "lock-out until"));
  g_assert_nonnull (strstr (output, "strangers' wait"));
  expect_sign_in_ok ("127.0.0.1", NULL, "master", "master-password");
  expect_sign_in_ok ("127.0.0.21", NULL, "master", "master-password");
  via = ts_test_owner_sql (server, "SELECT after ->> 'via' FROM audit_log WHERE action = 'unlock'"
                                   " AND actor_employee_id IS NULL ORDER BY id DESC LIMIT 1");
  g_assert_true (g_str_has_prefix (via, "command line, by "));

  /* an outlet's employee, by outlet code */
  for (int i = 1; i <= 5; i++)
    {
      g_autoptr(Answer) refused = sign_in_from ("127.0.0.22", "TIX", "walkup", "typo");
    }
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (run_unlock ("walkup", "tix", &output), ==, 0);
  expect_sign_in_ok ("127.0.0.22", "TIX", "walkup", "walkup-password");

  /* no such login, and --outlet alone, are refused */
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (run_unlock ("walkup", NULL, &output), ==, 1);
  g_assert_nonnull (strstr (output, "--outlet"));
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (run_unlock ("nobody", "UTH", &output), ==, 1);
  g_assert_nonnull (strstr (output, "No login “nobody” at outlet UTH"));
  g_clear_pointer (&output, g_free);
  g_assert_cmpint (run_unlock (NULL, "UTH", &output), ==, 2);
}

/* Behind a proxy the server trusts (trusted-proxies), a client is the
 * address the proxy says it forwards for (X-Forwarded-For): in the audit,
 * and for the allowance per address, so one client's flood does not stop
 * the others behind the same proxy.  What a client writes in the header
 * itself is not believed: from an address that is not a trusted proxy, nor
 * the entries before the proxy's own. */
static void
test_behind_a_trusted_proxy (void)
{
  const char *body = "{\"outlet\": \"ATH\", \"login\": \"behind-proxy\", \"password\": \"guess\"}";
  struct
  {
    const char *from;
    const char *forwarded;
    const char *source;
  } cases[] = {
    { TRUSTED_PROXY, "198.51.100.7", "198.51.100.7" },
    { TRUSTED_PROXY, "203.0.113.9, 198.51.100.8", "198.51.100.8" },      /* the client wrote the first */
    { TRUSTED_PROXY, "198.51.100.12, " TRUSTED_PROXY, "198.51.100.12" },  /* two proxies of ours */
    { TRUSTED_PROXY, "[2001:db8::5]", "2001:db8::/64" },
    { TRUSTED_PROXY, "not-an-address", TRUSTED_PROXY },
    { "127.0.0.31", "198.51.100.9", "127.0.0.31" },                        /* not a proxy of ours */
  };
  g_autoptr(GPtrArray) calls = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *where = g_strdup_printf ("after ->> 'source' = '%s'", cases[i].source);
      g_autofree char *login = g_strdup_printf ("{\"outlet\": \"ATH\", \"login\": \"behind-proxy%u\", \"password\": \"guess\"}", i);
      gint64 before = audit_count ("sign_in_failed", where);
      g_autoptr(Answer) refused = finish_call (start_call_forwarded (cases[i].from, cases[i].forwarded, "POST",
                                                                     "/api/v1/session", NULL, login), 30);

      g_test_message ("%s, X-Forwarded-For: %s", cases[i].from, cases[i].forwarded);
      g_assert_cmpuint (refused->status, ==, 401);
      g_assert_cmpint (audit_count ("sign_in_failed", where), ==, before + 1);
    }

  /* one client behind the proxy uses up its allowance; the next is its own */
  for (int i = 0; i < TS_SIGN_IN_LIMITER_BURST; i++)
    {
      g_autofree char *spray = g_strdup_printf ("{\"outlet\": \"ATH\", \"login\": \"proxied%d\", \"password\": \"guess\"}", i);

      g_ptr_array_add (calls, start_call_forwarded (TRUSTED_PROXY, "198.51.100.10", "POST", "/api/v1/session", NULL, spray));
    }
  for (guint i = 0; i < calls->len; i++)
    {
      g_autoptr(Answer) refused = finish_call (g_ptr_array_index (calls, i), 60);

      g_assert_cmpuint (refused->status, ==, 401);
    }
  {
    g_autoptr(Answer) flooder = finish_call (start_call_forwarded (TRUSTED_PROXY, "198.51.100.10", "POST",
                                                                   "/api/v1/session", NULL, body), 30);
    g_autoptr(Answer) neighbour = finish_call (start_call_forwarded (TRUSTED_PROXY, "198.51.100.11", "POST",
                                                                     "/api/v1/session", NULL, body), 30);

    g_assert_cmpuint (flooder->status, ==, 429);
    g_assert_nonnull (strstr (ts_test_error_message (flooder->body), "from your address"));
    g_assert_cmpuint (neighbour->status, ==, 401);
  }
  end_the_wait ("behind-proxy");
}

/* A server's configuration: it trusts one proxy (test_behind_a_trusted_proxy). */
static void
trust_one_proxy (TsServerConfig *config,
                 gpointer        data)
{
  config->trusted_proxies = g_strdup (TRUSTED_PROXY);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new_with (trust_one_proxy, NULL);

  g_test_add_func ("/sign-in/stranger-cannot-lock-out-the-master-user", test_stranger_cannot_lock_out_the_master_user);
  g_test_add_func ("/sign-in/familiar-place-locks-out", test_familiar_place_locks_out);
  g_test_add_func ("/sign-in/unknown-logins-look-alike", test_unknown_logins_look_alike);
  g_test_add_func ("/sign-in/flood-is-audited-with-counts", test_flood_is_audited_with_counts);
  g_test_add_func ("/sign-in/unlock-ends-the-wait", test_unlock_ends_the_wait);
  g_test_add_func ("/sign-in/address-allowance", test_address_allowance);
  g_test_add_func ("/sign-in/box-office-behind-one-address", test_box_office_behind_one_address);
  g_test_add_func ("/sign-in/password-checks-keep-off-the-request-pool", test_password_checks_keep_off_the_request_pool);
  g_test_add_func ("/sign-in/password-change-ends-other-sessions", test_password_change_ends_other_sessions);
  g_test_add_func ("/sign-in/command-line-unlock", test_command_line_unlock);
  g_test_add_func ("/sign-in/behind-a-trusted-proxy", test_behind_a_trusted_proxy);

  status = g_test_run ();
  ts_test_server_free (server);
  return status;
}
