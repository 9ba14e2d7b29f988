/* test-client-routes.c — every route the client's typed calls send is a route
 * of the server: the client's table (client/api/ts-api-route.c) held against
 * the server's (server/http/ts-router.c), so a route renamed on one side
 * fails here; and the answer of a typed call reaches its owner only when it
 * was not cancelled */
#include <string.h>

#include "ts-api-call.h"
#include "ts-api-client.h"
#include "ts-api-route.h"
#include "ts-error.h"
#include "ts-router.h"

static void
test_routes_on_the_server (void)
{
  gsize n_server = 0;
  const TsRoute *server = ts_router_routes (&n_server);

  for (TsApiRoute r = 0; r < TS_API_N_ROUTES; r++)
    {
      const char *method = ts_api_route_get_method (r);
      const char *pattern = ts_api_route_get_pattern (r);
      gboolean found = FALSE;

      /* a gap in the client's table: a route named but never written */
      g_assert_nonnull (method);
      g_assert_nonnull (pattern);
      for (gsize i = 0; i < n_server && !found; i++)
        found = g_str_equal (server[i].method, method) && g_str_equal (server[i].pattern, pattern);
      if (!found)
        g_test_fail_printf ("the client calls %s %s, which the server's route table does not have", method, pattern);
    }
}

static void
test_routes_named_once (void)
{
  for (TsApiRoute a = 0; a < TS_API_N_ROUTES; a++)
    for (TsApiRoute b = a + 1; b < TS_API_N_ROUTES; b++)
      if (g_str_equal (ts_api_route_get_method (a), ts_api_route_get_method (b))
          && g_str_equal (ts_api_route_get_pattern (a), ts_api_route_get_pattern (b)))
        g_test_fail_printf ("%s %s has two names in the client's table",
                            ts_api_route_get_method (a), ts_api_route_get_pattern (a));
}

/* The paths the client builds are the ones the server's router takes for
 * the same route, with the id where the route reads it. */
static void
test_paths_match_the_router (void)
{
  for (TsApiRoute r = 0; r < TS_API_N_ROUTES; r++)
    {
      const char *pattern = ts_api_route_get_pattern (r);
      gboolean has_id = strstr (pattern, "{id}") != NULL;
      g_autofree char *path = ts_api_route_path (r, has_id ? 7 : 0, NULL);
      g_autoptr(TsRequest) request = ts_request_new ();
      g_autoptr(GError) error = NULL;
      const TsRoute *route;

      /* the client fills one {id} and no {key} */
      g_assert_null (strstr (pattern, "{key}"));
      g_assert_true (!has_id || strstr (strstr (pattern, "{id}") + 1, "{id}") == NULL);
      route = ts_router_match (ts_api_route_get_method (r), path, request, &error);
      g_assert_no_error (error);
      g_assert_nonnull (route);
      g_assert_cmpstr (route->pattern, ==, pattern);
      g_assert_cmpuint (request->n_ids, ==, has_id ? 1 : 0);
      if (has_id)
        g_assert_cmpint (request->ids[0], ==, 7);
    }
}

static void
test_query_escaped (void)
{
  const char *search[] = { "q", "Côté & fils/?=#", "limit", "8", "offset", "0", NULL };
  const char *till[] = { "date", NULL, "outlet_id", "3", NULL };
  const char *empty[] = { "first_name", "", "last_name", "Roy", NULL };
  const char *party[] = { "seat", "a b", NULL };
  g_autofree char *a = ts_api_route_path (TS_API_ROUTE_PATRONS_SEARCH, 0, search);
  g_autofree char *b = ts_api_route_path (TS_API_ROUTE_ACCOUNTS_TILL, 0, till);
  g_autofree char *c = ts_api_route_path (TS_API_ROUTE_PATRONS_DUPLICATES, 0, empty);
  g_autofree char *d = ts_api_route_path (TS_API_ROUTE_PERFORMANCE_PARTY, 12, party);
  g_autofree char *e = ts_api_route_path (TS_API_ROUTE_ACCOUNTS_BALANCES, 0, (const char *[]) { "outlet_id", NULL, NULL });
  g_autofree char *three = ts_api_route_id_value (3);
  g_autofree char *none = ts_api_route_id_value (0);

  g_assert_cmpstr (a, ==, "/patrons?q=C%C3%B4t%C3%A9%20%26%20fils%2F%3F%3D%23&limit=8&offset=0");
  g_assert_cmpstr (b, ==, "/accounts/till?outlet_id=3");       /* a NULL value is left out */
  g_assert_cmpstr (c, ==, "/patrons/duplicates?first_name=&last_name=Roy");
  g_assert_cmpstr (d, ==, "/performances/12/party?seat=a%20b");
  g_assert_cmpstr (e, ==, "/accounts/balances");
  g_assert_cmpstr (three, ==, "3");
  g_assert_null (none);
}

typedef struct
{
  TsApiCall *call;
  gboolean   finished;     /* the request is over, whatever the owner heard */
  guint      calls;
  gboolean   unreachable;
} Owner;

static void
done (gpointer      owner,
      JsonNode     *answer,
      const GError *error)
{
  Owner *o = owner;

  o->calls++;
  o->unreachable = answer == NULL && g_error_matches (error, TS_ERROR, TS_ERROR_UNREACHABLE);
}

/* ts_api_answered, then a note that the request is over, so the test knows
 * when there is nothing more to wait for */
static void
answered_then_finished (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  Owner *o = user_data;

  ts_api_answered (source, result, g_steal_pointer (&o->call));
  o->finished = TRUE;
}

/* The owner hears of an answer, an error included; a cancelled request
 * says nothing to an owner that may be gone. */
static void
test_answer_reaches_owner_unless_cancelled (void)
{
  /* port 1: nothing listens, so the answer is an error, and quick */
  g_autoptr(TsApiClient) client = ts_api_client_new ("http://127.0.0.1:1");
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  Owner heard = { 0 }, gone = { 0 };
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  heard.call = ts_api_call (&heard, done);
  gone.call = ts_api_call (&gone, done);
  ts_api_client_get_outlet_directory_async (client, NULL, answered_then_finished, &heard);
  g_cancellable_cancel (cancelled);
  ts_api_client_get_outlet_directory_async (client, cancelled, answered_then_finished, &gone);
  while (!(heard.finished && gone.finished) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (heard.finished && gone.finished);
  g_assert_cmpuint (heard.calls, ==, 1);
  g_assert_true (heard.unreachable);
  g_assert_cmpuint (gone.calls, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/client/routes/on-the-server", test_routes_on_the_server);
  g_test_add_func ("/client/routes/named-once", test_routes_named_once);
  g_test_add_func ("/client/routes/paths-match-the-router", test_paths_match_the_router);
  g_test_add_func ("/client/routes/query-escaped", test_query_escaped);
  g_test_add_func ("/client/routes/answer-unless-cancelled", test_answer_reaches_owner_unless_cancelled);
  return g_test_run ();
}
