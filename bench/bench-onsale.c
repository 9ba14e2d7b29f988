/* bench-onsale.c — the on-sale rush (issue 14; docs/architecture.md, "The
 * on-sale rush"): the 60,000-seat stadium goes on sale at a storefront and
 * simulated buyers, each a browser of its own (its cookies, HTTP on
 * loopback), do what a patron does: the list, the performance page, the
 * plan (those who choose their seats on the map), seats.json, a hold (seats
 * picked from the free ones, or best available; taken meanwhile: best
 * available), the cart, its ticket types, the checkout form, paying with
 * the test card 4242…, the order page.  Buyers arrive over a ramp, at most
 * --concurrency at once, and the run is bounded in time.
 *
 * Prints orders/s, p50/p95 of each step, the seats sold, the seats sold
 * twice (counted in the database: must be 0) and the orders buyers were
 * told succeeded against the orders in the database (0 lost); then the
 * baseline, measured in the same run: the statements a purchase runs (the
 * storefront's context, a session, ts_shop_cart_hold, ts_shop_cart_types,
 * ts_shop_order_submit) run by pgbench with as many clients as the server
 * has database connections, and the ratio.  Then the same rush once more
 * with the waiting room on (shop-active-limit), and its fairness: for the
 * buyers let in, their order of arrival against their order of admission
 * (inversions, Kendall's tau: 1.0 = first come, first served) and how long
 * they waited in line.
 *
 *   bench-onsale [--buyers 2000] [--seconds 60] [--concurrency 100] [--ramp 20]
 *                [--active-limit 24] [--refresh-ms 1000] [--quick]
 *
 * --quick: 200 buyers, 15 s, a smoke run on a small machine.  The queue
 * page asks the browser to reload every 10 s; the buyers here reload every
 * --refresh-ms so the waits are measured finely. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ts-payment-signature.h"
#include "ts-test-client.h"
#include "ts-test-page.h"

static int n_buyers = 2000;
static int seconds = 60;
static int concurrency = 100;
static int ramp = 20;
static int active_limit = 24;
static int refresh_ms = 1000;
static gboolean quick;

typedef enum
{
  STEP_LIST, STEP_PERFORMANCE, STEP_PLAN, STEP_SEATS, STEP_HOLD, STEP_CART, STEP_TYPES,
  STEP_CHECKOUT, STEP_PAY, STEP_ORDER, N_STEPS
} Step;

static const char *step_names[N_STEPS] = {
  "list", "performance page", "plan.json", "seats.json", "hold", "cart", "ticket types",
  "checkout form", "pay (4242…)", "order page"
};

typedef struct _Rush Rush;

typedef struct
{
  Rush          *rush;
  int            index;
  SoupSession   *session;
  SoupCookieJar *jar;
  Step           step;
  gint64         t0;
  char          *csrf;
  char          *key;
  char          *amount;
  char          *order_path;
  char          *hold_form;
  int            hold_tries;
  gint64         arrived_us;    /* first asked for the performance page */
  gint64         admitted_us;   /* first shown it (0: never) */
  gboolean       queued;        /* was shown the queue page at least once */
  char          *queue_hash;    /* SHA-256 of its ts_queue cookie */
  gboolean       done;
} Buyer;

struct _Rush
{
  TsTestServer *server;
  const char   *label;
  gint64        perf;
  gint64        adult;
  char        **guids;          /* every seat of the stadium (what seatmap.js reads from plan.json) */
  guint         n_guids;
  Buyer        *buyers;
  int           arrived;        /* buyers started */
  int           active;         /* buyers between arrival and done */
  int           finished;
  int           in_flight;      /* requests and timers pending */
  gint64        start_us;
  double        elapsed_s;
  gint64        end_us;         /* no new request after this */
  GArray       *latencies[N_STEPS];
  int           failures[N_STEPS];
  int           told_ok;        /* buyers shown their order */
  int           hold_conflicts; /* taken meanwhile: tried again */
  int           no_seats;       /* gave up holding */
  int           queue_pages;
  GPtrArray    *order_tokens;
  GCancellable *cancellable;    /* requests still unanswered 10 s after the end */
  int           cut_off;
};

static void buyer_next (Buyer *b);
static void buyer_timer_fired (Buyer *b);

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
percentile_ms (GArray *values,
               double  p)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_gint64);
  return g_array_index (values, gint64, (guint) (p * (values->len - 1))) / 1000.0;
}

static char *
shop_path (Rush       *rush,
           const char *format,
           ...) G_GNUC_PRINTF (2, 3);

static char *
shop_path (Rush       *rush,
           const char *format,
           ...)
{
  va_list args;
  g_autofree char *tail = NULL;

  va_start (args, format);
  tail = g_strdup_vprintf (format, args);
  va_end (args);
  return g_strconcat (ts_test_server_get_url (rush->server), "/shop/UTH", tail, NULL);
}

static void
buyer_finish (Buyer *b)
{
  GSList *cookies, *l;

  if (b->done)
    return;
  b->done = TRUE;
  cookies = soup_cookie_jar_all_cookies (b->jar);
  for (l = cookies; l != NULL; l = l->next)
    if (g_str_equal (soup_cookie_get_name (l->data), "ts_queue"))
      b->queue_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, soup_cookie_get_value (l->data), -1);
  g_slist_free_full (cookies, (GDestroyNotify) soup_cookie_free);
  g_clear_object (&b->jar);
  g_clear_object (&b->session);
  b->rush->active--;
  b->rush->finished++;
}

typedef struct
{
  Buyer       *buyer;
  SoupMessage *msg;
} Call;

static void
step_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Call *call = user_data;
  Buyer *b = call->buyer;
  Rush *rush = b->rush;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(SoupMessage) msg = call->msg;
  gint64 elapsed = g_get_monotonic_time () - b->t0;
  guint status = soup_message_get_status (msg);
  const char *location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
  /* an empty body (a redirect) is "", not NULL: GBytes has no data then */
  g_autofree char *body = bytes != NULL ? g_strndup (g_bytes_get_size (bytes) > 0 ? g_bytes_get_data (bytes, NULL) : "",
                                                     g_bytes_get_size (bytes)) : NULL;
  gboolean ok = FALSE;
  Step next = b->step;

  g_free (call);
  rush->in_flight--;
  if (body == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      rush->cut_off++;
      buyer_finish (b);
      return;
    }
  if (body == NULL)
    {
      if (rush->failures[b->step]++ < 3)
        g_printerr ("  %s failed: %s\n", step_names[b->step], error->message);
      buyer_finish (b);
      return;
    }
  /* the waiting room stands in front of the performance page, the hold,
   * the cart and the checkout: wait, then ask again for the performance */
  if (status == 200 && strstr (body, "class=\"queue-place\"") != NULL)
    {
      b->queued = TRUE;
      rush->queue_pages++;
      b->step = STEP_PERFORMANCE;
      rush->in_flight++;
      g_timeout_add_once (refresh_ms, (GSourceOnceFunc) buyer_timer_fired, b);
      return;
    }
  switch (b->step)
    {
    case STEP_LIST:
      ok = status == 200;
      next = STEP_PERFORMANCE;
      break;
    case STEP_PERFORMANCE:
      g_free (b->csrf);
      b->csrf = ts_test_html_field (body, "csrf");
      ok = status == 200 && b->csrf != NULL;
      if (ok && b->admitted_us == 0)
        b->admitted_us = g_get_monotonic_time ();
      /* even buyers choose on the map (plan.json), odd ones best available */
      next = b->index % 2 == 0 ? STEP_PLAN : STEP_SEATS;
      break;
    case STEP_PLAN:
      ok = status == 200;
      next = STEP_SEATS;
      break;
    case STEP_SEATS:
      {
        g_autoptr(JsonNode) node = json_from_string (body, NULL);
        g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
        JsonArray *array;

        ok = status == 200 && node != NULL && JSON_NODE_HOLDS_OBJECT (node);
        g_clear_pointer (&b->hold_form, g_free);
        if (ok && b->index % 2 == 0 && b->hold_tries == 0)
          {
            array = json_object_get_array_member (json_node_get_object (node), "taken");
            for (guint i = 0; i < json_array_get_length (array); i++)
              g_hash_table_add (taken, (gpointer) json_array_get_string_element (array, i));
            /* two free seats side by side, somewhere the buyer clicks */
            for (int tries = 0; tries < 50 && b->hold_form == NULL; tries++)
              {
                guint at = g_random_int_range (0, (gint32) rush->n_guids - 1);

                if (!g_hash_table_contains (taken, rush->guids[at]) && !g_hash_table_contains (taken, rush->guids[at + 1]))
                  b->hold_form = g_strdup_printf ("csrf=%s&performance_id=%" G_GINT64_FORMAT "&seat=%s&seat=%s",
                                                  b->csrf, rush->perf, rush->guids[at], rush->guids[at + 1]);
              }
          }
        if (b->hold_form == NULL)
          b->hold_form = g_strdup_printf ("csrf=%s&performance_id=%" G_GINT64_FORMAT "&best=2&zone=", b->csrf, rush->perf);
        next = STEP_HOLD;
      }
      break;
    case STEP_HOLD:
      ok = status == 303 && location != NULL && g_str_has_suffix (location, "/cart");
      if (!ok && status == 303 && b->hold_tries < 3)
        {
          /* taken meanwhile (or none left there): best available instead */
          rush->hold_conflicts++;
          b->hold_tries++;
          g_free (b->hold_form);
          b->hold_form = g_strdup_printf ("csrf=%s&performance_id=%" G_GINT64_FORMAT "&best=2&zone=", b->csrf, rush->perf);
          g_array_append_val (rush->latencies[b->step], elapsed);
          buyer_next (b);
          return;
        }
      if (!ok)
        {
          rush->no_seats++;
          g_array_append_val (rush->latencies[b->step], elapsed);
          buyer_finish (b);
          return;
        }
      next = STEP_CART;
      break;
    case STEP_CART:
      {
        GString *form = g_string_new (NULL);
        const char *at = body;

        g_free (b->csrf);
        b->csrf = ts_test_html_field (body, "csrf");
        ok = status == 200 && b->csrf != NULL;
        g_string_printf (form, "csrf=%s", b->csrf);
        while ((at = strstr (at, "name=\"type.")) != NULL)
          {
            const char *name = at + strlen ("name=\"");
            const char *end = strchr (name, '"');

            g_string_append_printf (form, "&%.*s=%" G_GINT64_FORMAT, (int) (end - name), name, rush->adult);
            at = end;
          }
        g_free (b->hold_form);
        b->hold_form = g_string_free (form, FALSE);
        next = STEP_TYPES;
      }
      break;
    case STEP_TYPES:
      ok = status == 303;
      next = STEP_CHECKOUT;
      break;
    case STEP_CHECKOUT:
      g_free (b->csrf);
      b->csrf = ts_test_html_field (body, "csrf");
      b->key = ts_test_html_field (body, "idempotency_key");
      b->amount = ts_test_html_field (body, "amount_cents");
      ok = status == 200 && b->csrf != NULL && b->key != NULL && b->amount != NULL;
      next = STEP_PAY;
      break;
    case STEP_PAY:
      ok = status == 303 && location != NULL && strstr (location, "/orders/") != NULL;
      if (ok)
        {
          const char *token = strrchr (location, '/') + 1;

          rush->told_ok++;
          g_ptr_array_add (rush->order_tokens, g_strdup (token));
          b->order_path = g_strdup (location);
        }
      else if (rush->failures[STEP_PAY] < 3)
        g_printerr ("  pay refused (%u %s): %.300s\n", status, location ? location : "", body);
      next = STEP_ORDER;
      break;
    case STEP_ORDER:
      ok = status == 200;
      next = N_STEPS;
      break;
    case N_STEPS:
      break;
    }
  g_array_append_val (rush->latencies[b->step], elapsed);
  if (!ok)
    {
      if (rush->failures[b->step]++ < 3 && b->step != STEP_PAY)
        g_printerr ("  %s failed (%u): %.200s\n", step_names[b->step], status, body);
      buyer_finish (b);
      return;
    }
  b->step = next;
  if (next == N_STEPS)
    buyer_finish (b);
  else
    buyer_next (b);
}

static void
buyer_next (Buyer *b)
{
  Rush *rush = b->rush;
  g_autofree char *url = NULL;
  const char *form = NULL;
  g_autoptr(GUri) site = NULL;
  Call *call;

  if (g_get_monotonic_time () > rush->end_us)
    {
      /* the time is up: a buyer mid-way goes away (its hold expires) */
      buyer_finish (b);
      return;
    }
  switch (b->step)
    {
    case STEP_LIST:        url = shop_path (rush, "/"); break;
    case STEP_PERFORMANCE: url = shop_path (rush, "/performances/%" G_GINT64_FORMAT, rush->perf); break;
    case STEP_PLAN:        url = shop_path (rush, "/performances/%" G_GINT64_FORMAT "/plan.json", rush->perf); break;
    case STEP_SEATS:       url = shop_path (rush, "/performances/%" G_GINT64_FORMAT "/seats.json", rush->perf); break;
    case STEP_HOLD:        url = shop_path (rush, "/cart/hold"); form = b->hold_form; break;
    case STEP_CART:        url = shop_path (rush, "/cart"); break;
    case STEP_TYPES:       url = shop_path (rush, "/cart/types"); form = b->hold_form; break;
    case STEP_CHECKOUT:    url = shop_path (rush, "/checkout"); break;
    case STEP_PAY:
      url = shop_path (rush, "/checkout");
      g_free (b->hold_form);
      b->hold_form = g_strdup_printf ("csrf=%s&idempotency_key=%s&amount_cents=%s&first_name=Buyer&last_name=N%d"
                                      "&email=buyer%d%%40example.ca&phone=&card_number=4242424242424242"
                                      "&card_expiry=12%%2F39&card_cvc=123&card_name=Buyer+N%d",
                                      b->csrf, b->key, b->amount, b->index, b->index, b->index);
      form = b->hold_form;
      break;
    case STEP_ORDER:       url = g_strconcat (ts_test_server_get_url (rush->server), b->order_path, NULL); break;
    case N_STEPS:          return;
    }
  if (b->step == STEP_PERFORMANCE && b->arrived_us == 0)
    b->arrived_us = g_get_monotonic_time ();
  call = g_new0 (Call, 1);
  call->buyer = b;
  call->msg = soup_message_new (form != NULL ? "POST" : "GET", url);
  site = g_uri_parse (ts_test_server_get_url (rush->server), G_URI_FLAGS_NONE, NULL);
  soup_message_add_flags (call->msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_site_for_cookies (call->msg, site);
  soup_message_set_is_top_level_navigation (call->msg, TRUE);
  if (form != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (form, strlen (form));

      soup_message_set_request_body_from_bytes (call->msg, "application/x-www-form-urlencoded", bytes);
    }
  b->t0 = g_get_monotonic_time ();
  rush->in_flight++;
  soup_session_send_and_read_async (b->session, call->msg, G_PRIORITY_DEFAULT, rush->cancellable, step_done, call);
}

/* A timer's end for a buyer waiting in line (counted in in_flight). */
static void
buyer_timer_fired (Buyer *b)
{
  b->rush->in_flight--;
  buyer_next (b);
}

static void
buyer_arrive (Buyer *b)
{
  b->session = soup_session_new_with_options ("timeout", 120, "max-conns-per-host", 2, NULL);
  b->jar = soup_cookie_jar_new ();
  soup_session_add_feature (b->session, SOUP_SESSION_FEATURE (b->jar));
  b->step = STEP_LIST;
  b->rush->arrived++;
  b->rush->active++;
  buyer_next (b);
}

/* Runs the rush; FALSE if something is wrong with the figures (a seat sold
 * twice, an order lost). */
static gboolean
run_rush (Rush *rush)
{
  TsTestServer *server = rush->server;
  gint64 ramp_us = (gint64) ramp * G_USEC_PER_SEC;
  gint64 t_end;
  double elapsed_s;
  gint64 sold, twice, in_db, found = 0;
  int lost;

  rush->buyers = g_new0 (Buyer, n_buyers);
  rush->order_tokens = g_ptr_array_new_with_free_func (g_free);
  rush->cancellable = g_cancellable_new ();
  for (int s = 0; s < N_STEPS; s++)
    rush->latencies[s] = g_array_new (FALSE, FALSE, sizeof (gint64));
  rush->start_us = g_get_monotonic_time ();
  rush->end_us = rush->start_us + (gint64) seconds * G_USEC_PER_SEC;
  while (rush->finished < n_buyers)
    {
      gint64 now = g_get_monotonic_time ();

      /* arrivals: buyer i is due at i/n of the ramp, if a browser is free */
      while (rush->arrived < n_buyers && rush->active < concurrency && now < rush->end_us
             && now - rush->start_us >= ramp_us * rush->arrived / n_buyers)
        {
          Buyer *b = &rush->buyers[rush->arrived];

          b->rush = rush;
          b->index = rush->arrived;
          buyer_arrive (b);
        }
      if (now >= rush->end_us)
        {
          /* those who never came in are counted finished */
          while (rush->arrived < n_buyers)
            {
              rush->buyers[rush->arrived].done = TRUE;
              rush->arrived++;
              rush->finished++;
            }
        }
      if (now >= rush->end_us + 10 * G_USEC_PER_SEC && !g_cancellable_is_cancelled (rush->cancellable))
        g_cancellable_cancel (rush->cancellable);
      if (rush->finished >= n_buyers)
        break;
      /* never block: the clock decides arrivals and the cut-off */
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (500);
    }
  t_end = g_get_monotonic_time ();
  elapsed_s = (t_end - rush->start_us) / 1e6;
  rush->elapsed_s = elapsed_s;

  sold = ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT
                            " AND status = 'sold'", rush->perf);
  twice = ts_test_owner_int (server, "SELECT count (*) FROM (SELECT seat_guid FROM order_item WHERE performance_id = %"
                             G_GINT64_FORMAT " AND status = 'sold' GROUP BY seat_guid HAVING count (*) > 1) d", rush->perf);
  in_db = ts_test_owner_int (server, "SELECT count (DISTINCT order_id) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT,
                             rush->perf);
  for (guint i = 0; i < rush->order_tokens->len; i++)
    {
      g_autofree char *hash = ts_payment_token_hash (g_ptr_array_index (rush->order_tokens, i));

      found += ts_test_owner_int (server, "SELECT count (*) FROM ticket_order WHERE web_access_hash = '%s'", hash);
    }
  lost = rush->told_ok - (int) found;

  g_print ("%s: %d buyers arrived over %d s (at most %d at once), %.1f s\n", rush->label, rush->arrived, ramp,
           concurrency, elapsed_s);
  g_print ("  orders              %8.1f orders/s   (%d orders told succeeded)\n", rush->told_ok / elapsed_s, rush->told_ok);
  for (int s = 0; s < N_STEPS; s++)
    g_print ("  %-18s  p50 %8.2f ms   p95 %8.2f ms   (%u requests, %d failures)\n", step_names[s],
             percentile_ms (rush->latencies[s], 0.50), percentile_ms (rush->latencies[s], 0.95),
             rush->latencies[s]->len, rush->failures[s]);
  g_print ("  holds taken meanwhile (tried best available): %d; gave up: %d; queue pages shown: %d;"
           " requests cut off 10 s after the end: %d\n", rush->hold_conflicts, rush->no_seats, rush->queue_pages, rush->cut_off);
  g_print ("  seats sold %" G_GINT64_FORMAT ", sold twice %" G_GINT64_FORMAT " (must be 0)\n", sold, twice);
  g_print ("  orders told succeeded %d, found in the database %" G_GINT64_FORMAT " (of %" G_GINT64_FORMAT
           " on the performance), lost %d (must be 0)\n", rush->told_ok, found, in_db, lost);
  return twice == 0 && lost == 0 && (gint64) rush->told_ok == in_db;
}

typedef struct
{
  gint64 arrived;
  gint64 seq;
  gint64 wait_us;
} Admission;

static int
compare_arrival (gconstpointer a,
                 gconstpointer b)
{
  const Admission *x = a, *y = b;

  return x->arrived < y->arrived ? -1 : x->arrived > y->arrived;
}

/* Fairness: the admitted buyers in order of arrival (their own clocks), and
 * the order the waiting room let them in (admitted_seq). */
static void
print_fairness (Rush *rush)
{
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (Admission));
  g_autoptr(GArray) waits = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 inversions = 0, concordant = 0;
  guint queued = 0;

  for (int i = 0; i < n_buyers; i++)
    {
      Buyer *b = &rush->buyers[i];
      Admission a;
      g_autofree char *seq = NULL;

      if (b->queue_hash == NULL || b->admitted_us == 0)
        continue;
      seq = ts_test_owner_sqlf (rush->server, "SELECT admitted_seq FROM waiting_room WHERE token_hash = '%s'", b->queue_hash);
      if (seq == NULL || *seq == '\0')
        continue;
      a.arrived = b->arrived_us;
      a.seq = g_ascii_strtoll (seq, NULL, 10);
      a.wait_us = b->admitted_us - b->arrived_us;
      g_array_append_val (list, a);
      if (b->queued)
        {
          queued++;
          g_array_append_val (waits, a.wait_us);
        }
    }
  g_array_sort (list, compare_arrival);
  for (guint i = 0; i < list->len; i++)
    for (guint j = i + 1; j < list->len; j++)
      {
        const Admission *x = &g_array_index (list, Admission, i), *y = &g_array_index (list, Admission, j);

        if (x->arrived == y->arrived)
          continue;
        if (x->seq > y->seq)
          inversions++;
        else
          concordant++;
      }
  g_print ("  fairness: %u buyers let in (%u of them waited in line); arrival order vs admission order:"
           " %" G_GINT64_FORMAT " inversions of %" G_GINT64_FORMAT " pairs, Kendall's tau %.4f (1.0 = first come, first served)\n",
           list->len, queued, inversions, inversions + concordant,
           inversions + concordant > 0 ? (double) (concordant - inversions) / (concordant + inversions) : 1.0);
  g_print ("  waited in line: p50 %.2f s   p95 %.2f s   (page reloaded every %d ms)\n",
           percentile_ms (waits, 0.50) / 1000, percentile_ms (waits, 0.95) / 1000, refresh_ms);
}

static char *
find_pgbench (void)
{
  char *path = g_find_program_in_path ("pgbench");

  if (path == NULL && g_file_test ("/usr/lib/postgresql/15/bin/pgbench", G_FILE_TEST_IS_EXECUTABLE))
    path = g_strdup ("/usr/lib/postgresql/15/bin/pgbench");
  return path;
}

static void
pgbench_exited (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) data = TRUE;
}

/* The statements of one purchase, as the storefront runs them, by pgbench:
 * orders per second (each a transaction), or -1. */
static double
pgbench_baseline (TsTestServer *server,
                  gint64        outlet,
                  gint64        perf,
                  gint64        adult,
                  gint64        patron,
                  int           clients)
{
  g_autofree char *pgbench = find_pgbench ();
  g_autofree char *script = NULL, *script_path = NULL, *out = NULL, *err = NULL;
  g_autofree char *clients_text = g_strdup_printf ("%d", clients);
  g_autofree char *threads_text = g_strdup_printf ("%d", MIN (clients, (int) g_get_num_processors ()));
  g_autofree char *time_text = g_strdup_printf ("%d", quick ? 5 : 20);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  double rate = -1;
  int status = 0, fd;

  if (pgbench == NULL)
    {
      g_printerr ("pgbench is not installed (Debian: postgresql-15); it is the baseline\n");
      return -1;
    }
  script = g_strdup_printf (
      "BEGIN;\n"
      "SELECT set_config ('tessera.outlet_id', ts_shop_storefront ('UTH', NULL) ->> 'id', true), set_config ('tessera.employee_id', '', true),"
      " set_config ('tessera.master', 'off', true), set_config ('tessera.channel', 'internet', true),"
      " set_config ('tessera.web_session', '', true), set_config ('tessera.patron_id', '', true);\n"
      "SELECT set_config ('tessera.web_session', ts_shop_session_create (encode (sha256 (gen_random_uuid ()::text::bytea), 'hex')) ->> 'id', true);\n"
      "SELECT ts_shop_cart_hold (jsonb_build_object ('performance_id', %" G_GINT64_FORMAT ", 'best', 2));\n"
      "SELECT ts_shop_cart_types (jsonb_build_object ('lines', (SELECT jsonb_agg (jsonb_build_object ('performance_id', %"
      G_GINT64_FORMAT ", 'line', l ->> 'seat', 'ticket_type_id', %" G_GINT64_FORMAT ")) FROM jsonb_array_elements (ts_shop_cart () -> 'lines') l)));\n"
      "SELECT ts_shop_order_submit (jsonb_build_object ('idempotency_key', 'pgbench-' || gen_random_uuid (), 'purchaser_id', %"
      G_GINT64_FORMAT ", 'web_access_hash', encode (sha256 (gen_random_uuid ()::text::bytea), 'hex'),"
      " 'payment', jsonb_build_object ('reference', 'pgbench-' || gen_random_uuid (), 'amount_cents', (ts_shop_cart () ->> 'total_cents')::bigint)));\n"
      "COMMIT;\n",
      perf, perf, adult, patron);
  (void) outlet;
  fd = g_file_open_tmp ("bench-onsale-XXXXXX.sql", &script_path, &error);
  if (fd < 0 || !g_file_set_contents (script_path, script, -1, &error))
    {
      g_printerr ("%s\n", error->message);
      return -1;
    }
  close (fd);
  {
    /* bounded too: pgbench waits for the transactions in flight at -T's
     * end, and one purchase may take long; it gets -T plus a minute */
    g_autoptr(GSubprocess) child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                                                     pgbench, "-n", "-r", "-f", script_path, "-c", clients_text, "-j",
                                                     threads_text, "-T", time_text, ts_test_server_get_app_conninfo (server),
                                                     NULL);
    gboolean finished = FALSE;
    gint64 deadline = g_get_monotonic_time () + ((quick ? 5 : 20) + 60) * G_USEC_PER_SEC;

    if (child == NULL)
      {
        g_printerr ("pgbench: %s\n", error->message);
        return -1;
      }
    g_subprocess_wait_async (child, NULL, pgbench_exited, &finished);
    while (!finished && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE) || (g_usleep (10000), TRUE);
    if (!finished)
      {
        g_print ("  pgbench: its purchases did not end within -T %s s plus 60 s; stopped\n", time_text);
        g_subprocess_force_exit (child);
        while (!finished)
          g_main_context_iteration (NULL, TRUE);
      }
    if (!g_subprocess_communicate_utf8 (child, NULL, NULL, &out, &err, &error))
      out = g_strdup (""), err = g_strdup (error->message);
    status = g_subprocess_get_if_exited (child) ? g_subprocess_get_exit_status (child) : 1;
  }
  g_unlink (script_path);
  regex = g_regex_new ("tps = ([0-9.]+) \\(without initial connection time\\)", 0, 0, NULL);
  if (g_regex_match (regex, out, 0, &match))
    {
      g_autofree char *number = g_match_info_fetch (match, 1);

      rate = g_ascii_strtod (number, NULL);
    }
  {
    /* -r: each statement's mean latency, to see where a purchase's time goes */
    const char *at = strstr (out, "statement latencies in milliseconds");

    if (at != NULL)
      g_print ("  pgbench %s", at);
  }
  if (rate <= 0 || status != 0 || strstr (err, "ERROR") != NULL)
    {
      g_printerr ("pgbench did not report a rate, or failed:\n%s\n%.2000s\n", out, err);
      rate = -1;
    }
  return rate;
}

static gint64
new_performance (TsTestServer *server,
                 gint64        event,
                 gint64        outlet,
                 gint64        adult,
                 int           day)
{
  gint64 perf = ts_test_owner_int (server, "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                                   " box_office_on_sale, internet_on_sale) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ","
                                   " now () + interval '%d days', 70000, 70000, now () - interval '1 day', now () - interval '1 day')"
                                   " RETURNING id", event, outlet, day);

  ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%" G_GINT64_FORMAT
                      ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")", outlet, adult, perf);
  return perf;
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "buyers", 'n', 0, G_OPTION_ARG_INT, &n_buyers, "Simulated buyers (default 2000)", "N" },
    { "seconds", 's', 0, G_OPTION_ARG_INT, &seconds, "Longest a rush runs (default 60)", "S" },
    { "concurrency", 'c', 0, G_OPTION_ARG_INT, &concurrency, "Buyers' browsers open at once (default 100)", "N" },
    { "ramp", 'r', 0, G_OPTION_ARG_INT, &ramp, "Buyers arrive over this many seconds (default 20)", "S" },
    { "active-limit", 'l', 0, G_OPTION_ARG_INT, &active_limit, "shop-active-limit of the waiting-room run (default 24)", "N" },
    { "refresh-ms", 0, 0, G_OPTION_ARG_INT, &refresh_ms, "How often a buyer in line reloads (default 1000)", "MS" },
    { "quick", 'q', 0, G_OPTION_ARG_NONE, &quick, "A smoke run: 200 buyers, 15 s", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— an on-sale rush at a storefront against pgbench");
  g_autoptr(GError) error = NULL;
  g_autoptr(TsTestServer) server = NULL;
  g_autofree char *manager = NULL;
  g_autofree char *all = NULL;
  g_autoptr(JsonNode) map = NULL;
  gint64 outlet, map_id, event, adult, patron, perf_sql;
  g_auto(GStrv) guids = NULL;
  Rush plain = { 0 }, queued = { 0 };
  TsServerConfig *config;
  double sql_rate, http_rate;
  gboolean good;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (quick)
    {
      n_buyers = 200;
      seconds = 15;
      ramp = 5;
      concurrency = MIN (concurrency, 50);
    }
  n_buyers = CLAMP (n_buyers, 1, 100000);
  concurrency = CLAMP (concurrency, 1, 1000);
  ramp = CLAMP (ramp, 0, seconds);

  server = ts_test_server_new ();
  config = ts_server_get_config (ts_test_server_get_server (server));
  manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  map = ts_test_expect (server, "POST", "/api/v1/maps", manager, "{\"format\": \"generator\", \"demo\": \"stadium\"}", 201);
  map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (map), "map"), "id");
  outlet = ts_test_outlet_id (server, "UTH");
  ts_test_owner_sqlf (server, "UPDATE outlet SET web_enabled = true WHERE id = %" G_GINT64_FORMAT, outlet);
  event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                             ", 'The Final', %" G_GINT64_FORMAT ") RETURNING id", outlet, map_id);
  adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents) VALUES (%" G_GINT64_FORMAT
                             ", 'Adult', 8500) RETURNING id", outlet);
  patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name) VALUES ('Bench', 'Buyer') RETURNING id");
  all = ts_test_owner_sqlf (server, "SELECT string_agg (guid, ',' ORDER BY guid) FROM map_seat WHERE map_id = %" G_GINT64_FORMAT,
                            map_id);
  guids = g_strsplit (all, ",", -1);

  g_print ("bench-onsale: the %u-seat stadium on sale at a storefront; server pool of %u connections\n",
           g_strv_length (guids), config->pool_size);

  /* 1. The rush, no waiting room. */
  plain.server = server;
  plain.label = "Rush over HTTP (no waiting room)";
  plain.perf = new_performance (server, event, outlet, adult, 30);
  plain.adult = adult;
  plain.guids = guids;
  plain.n_guids = g_strv_length (guids);
  config->shop_active_limit = 0;
  good = run_rush (&plain);
  http_rate = plain.told_ok / plain.elapsed_s;

  /* 2. The baseline: the same statements by pgbench. */
  perf_sql = new_performance (server, event, outlet, adult, 31);
  sql_rate = pgbench_baseline (server, outlet, perf_sql, adult, patron, (int) config->pool_size);
  {
    gint64 sold = ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %" G_GINT64_FORMAT, perf_sql);
    gint64 twice = ts_test_owner_int (server, "SELECT count (*) FROM (SELECT seat_guid FROM order_item WHERE performance_id = %"
                                      G_GINT64_FORMAT " GROUP BY seat_guid HAVING count (*) > 1) d", perf_sql);
    g_print ("Baseline: a purchase's statements (context, session, ts_shop_cart_hold best 2, ts_shop_cart_types,"
             " ts_shop_order_submit) by pgbench, %u clients\n", config->pool_size);
    g_print ("  pgbench             %8.1f orders/s   (seats sold %" G_GINT64_FORMAT ", sold twice %" G_GINT64_FORMAT ")\n",
             sql_rate, sold, twice);
    good = good && twice == 0;
  }

  /* 3. The same rush with the waiting room on. */
  queued.server = server;
  queued.label = "Rush over HTTP with the waiting room";
  queued.perf = new_performance (server, event, outlet, adult, 32);
  queued.adult = adult;
  queued.guids = guids;
  queued.n_guids = g_strv_length (guids);
  config->shop_active_limit = (guint) active_limit;
  g_print ("(shop-active-limit %d)\n", active_limit);
  good = run_rush (&queued) && good;
  print_fairness (&queued);
  config->shop_active_limit = 0;

  if (sql_rate > 0)
    g_print ("Ratio orders/s, HTTP rush / pgbench: %.2f without the waiting room, %.2f with it\n", http_rate / sql_rate,
             queued.told_ok / queued.elapsed_s / sql_rate);
  return good && sql_rate > 0 ? 0 : 1;
}
