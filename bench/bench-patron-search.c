/* bench-patron-search.c — patron search latency on a realistic directory.
 *
 * Generates a directory (default 1,000,000 patrons with 2–4 contact points
 * each; names from French, English, Spanish, Chinese, Arabic, South Asian and
 * other traditions), then runs a mixed query set (names with typos and without
 * accents, phone numbers, e-mail starts, postal codes, patron numbers) through
 * GET /api/v1/patrons on the real server, and the same queries' SQL with index
 * scans disabled (a plain sequential scan) as the baseline, in the same run.
 *
 *   bench-patron-search [--patrons 1000000] [--queries 400] [--baseline-queries 20]
 */
#include <locale.h>
#include <libpq-fe.h>
#include <string.h>

#include <libsoup/soup.h>

#include "ts-test-client.h"

static int n_patrons = 1000000;
static int n_queries = 400;
static int n_baseline = 20;

static const char *generate_sql =
  "ALTER TABLE patron DISABLE TRIGGER patron_audit;"
  "ALTER TABLE contact_point DISABLE TRIGGER contact_point_audit;"
  "CREATE TEMP TABLE first_names (i serial, name text);"
  "INSERT INTO first_names (name) SELECT unnest (ARRAY["
  " 'Amélie','Hélène','Geneviève','Chloé','Léa','Élodie','Françoise','Joséphine','Maëlle','Noémie',"
  " 'François','Jérôme','Stéphane','Frédéric','Benoît','Rémi','Gaëtan','Thérèse','Cécile','André',"
  " 'James','Mary','Robert','Patricia','John','Jennifer','Michael','Linda','David','Elizabeth',"
  " 'William','Barbara','Richard','Susan','Joseph','Jessica','Thomas','Sarah','Charles','Karen',"
  " 'José','María','Juan','Lucía','Sofía','Alejandro','Mateo','Valentina','Martín','Camila',"
  " 'Wei','Fang','Jing','Min','Li','Hao','Xiu','Yan','Jun','Mei',"
  " 'Mohammed','Fatima','Ahmed','Aisha','Omar','Layla','Youssef','Mariam','Karim','Noor',"
  " 'Priya','Arjun','Ananya','Rohan','Divya','Vikram','Sanjay','Lakshmi','Deepak','Kavya',"
  " 'Olga','Dmitri','Natalia','Ivan','Katarzyna','Piotr','Agnieszka','Søren','Ingrid','Björn',"
  " 'Kofi','Ama','Chinedu','Ngozi','Tendai','Wanjiru','Oluwaseun','Zanele','Kwame','Nia'])"
  ";"
  "CREATE TEMP TABLE last_names (i serial, name text);"
  "INSERT INTO last_names (name) SELECT unnest (ARRAY["
  " 'Tremblay','Gagnon','Roy','Côté','Bouchard','Gauthier','Morin','Lavoie','Fortin','Gagné',"
  " 'Ouellet','Pelletier','Bélanger','Lévesque','Bergeron','Leblanc','Paquette','Girard','Simard','Boucher',"
  " 'Létourneau','Thériault','Dubé','Poirier','Bédard','Desjardins','Lachance','Émond','Hébert','Cloutier',"
  " 'Smith','Johnson','Williams','Brown','Jones','Miller','Davis','Wilson','Anderson','Taylor',"
  " 'MacDonald','Campbell','Stewart','Robertson','Murray','O''Brien','Kelly','Walsh','Ryan','Byrne',"
  " 'García','Rodríguez','Martínez','Hernández','López','González','Pérez','Sánchez','Ramírez','Torres',"
  " 'Wang','Li','Zhang','Liu','Chen','Yang','Huang','Zhao','Wu','Zhou',"
  " 'Nguyen','Tran','Le','Pham','Kim','Park','Lee','Choi','Sato','Suzuki',"
  " 'Khan','Ali','Hussain','Rahman','Haddad','Mansour','Nasser','Saleh','Aziz','Farouk',"
  " 'Patel','Sharma','Singh','Kumar','Gupta','Reddy','Iyer','Nair','Menon','Das',"
  " 'Kowalski','Nowak','Wiśniewski','Ivanov','Petrov','Smirnov','Müller','Schmidt','Schneider','Fischer',"
  " 'Okafor','Mensah','Mwangi','Okeke','Adeyemi','Diallo','Traoré','Ndlovu','Banda','Osei'])"
  ";"
  "INSERT INTO patron (id, first_name, last_name, created_by_outlet)"
  " SELECT 1000000 + g,"
  "        (SELECT name FROM first_names WHERE i = 1 + (g::bigint * 7919) % 100),"
  "        (SELECT name FROM last_names WHERE i = 1 + (g::bigint * 104729) % 120),"
  "        1 + g % 3"
  "   FROM generate_series (1, $1::integer) g;"
  "INSERT INTO contact_point (patron_id, kind, label, value, created_by_outlet)"
  " SELECT 1000000 + g, 'email', 'home',"
  "        lower (ts_fold ((SELECT name FROM first_names WHERE i = 1 + (g::bigint * 7919) % 100))) || '.' || g || '@example.org',"
  "        1 + g % 3"
  "   FROM generate_series (1, $1::integer) g;"
  "INSERT INTO contact_point (patron_id, kind, label, value, created_by_outlet)"
  " SELECT 1000000 + g, 'phone', 'mobile',"
  "        '(' || (ARRAY['416','514','613','604','902','204'])[1 + g % 6] || ') 555-' || lpad ((g % 10000)::text, 4, '0'),"
  "        1 + g % 3"
  "   FROM generate_series (1, $1::integer) g WHERE g % 4 <> 0;"
  "INSERT INTO contact_point (patron_id, kind, label, line1, city, postal_code, created_by_outlet)"
  " SELECT 1000000 + g, 'address', 'home', (g % 997) || ' Rue Principale',"
  "        (ARRAY['Montréal','Toronto','Québec','Ottawa','Vancouver','Halifax'])[1 + g % 6],"
  "        chr (65 + g % 20) || (g % 10) || chr (65 + (g / 7) % 20) || ' ' || (g / 3 % 10) || chr (65 + (g / 11) % 20) || (g / 13 % 10),"
  "        1 + g % 3"
  "   FROM generate_series (1, $1::integer) g WHERE g % 3 <> 0;"
  "SELECT setval ('patron_id_seq', (SELECT max (id) FROM patron));"
  "ALTER TABLE patron ENABLE TRIGGER patron_audit;"
  "ALTER TABLE contact_point ENABLE TRIGGER contact_point_audit;"
  "ANALYZE patron; ANALYZE contact_point;";

/* Turns "Geneviève" into a typed query: sometimes without accents, sometimes
 * with a typo, sometimes just the start. */
static char *
query_for (PGconn *conn,
           int     k)
{
  g_autofree char *number = g_strdup_printf ("%d", 1 + (k * 2654435761u) % (guint) n_patrons);
  const char *params[] = { number };
  PGresult *r;
  char *q;

  switch (k % 10)
    {
    case 0: case 1: case 2:   /* "first last", accents dropped */
      r = PQexecParams (conn, "SELECT ts_fold (first_name || ' ' || last_name) FROM patron WHERE id = 1000000 + $1::integer",
                        1, NULL, params, NULL, NULL, 0);
      break;
    case 3:                   /* a typo: a letter doubled in the last name */
      r = PQexecParams (conn, "SELECT overlay (last_name placing substr (last_name, 2, 1) || substr (last_name, 2, 1) from 2 for 1)"
                              "  FROM patron WHERE id = 1000000 + $1::integer",
                        1, NULL, params, NULL, NULL, 0);
      break;
    case 4:                   /* the start of a last name, as typed so far */
      r = PQexecParams (conn, "SELECT left (last_name, 4) FROM patron WHERE id = 1000000 + $1::integer",
                        1, NULL, params, NULL, NULL, 0);
      break;
    case 5: case 6:           /* a phone number */
      r = PQexecParams (conn, "SELECT value FROM contact_point WHERE patron_id = 1000000 + $1::integer AND kind = 'phone'"
                              " UNION ALL SELECT '416 555 0' || ($1::integer % 1000) LIMIT 1",
                        1, NULL, params, NULL, NULL, 0);
      break;
    case 7:                   /* the start of an e-mail address */
      r = PQexecParams (conn, "SELECT left (value, strpos (value, '@')) FROM contact_point"
                              " WHERE patron_id = 1000000 + $1::integer AND kind = 'email'",
                        1, NULL, params, NULL, NULL, 0);
      break;
    case 8:                   /* a postal code */
      r = PQexecParams (conn, "SELECT postal_code FROM contact_point WHERE patron_id = 1000000 + $1::integer AND kind = 'address'"
                              " UNION ALL SELECT 'H2X 1Y4' LIMIT 1",
                        1, NULL, params, NULL, NULL, 0);
      break;
    default:                  /* a patron number */
      r = PQexecParams (conn, "SELECT (1000000 + $1::integer)::text", 1, NULL, params, NULL, NULL, 0);
      break;
    }
  q = g_strdup (PQntuples (r) > 0 ? PQgetvalue (r, 0, 0) : "Tremblay");
  PQclear (r);
  return q;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *ms,
            double  p)
{
  g_array_sort (ms, compare_double);
  return g_array_index (ms, double, (guint) (p * (ms->len - 1)));
}

/* The name search's SQL as the server runs it, for the baseline. */
static const char *baseline_sql =
  "SELECT p.id FROM patron p WHERE ts_fold ($1) <% p.search_name"
  " ORDER BY word_similarity (ts_fold ($1), p.search_name) DESC, p.search_name, p.id LIMIT 25";

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "patrons", 'n', 0, G_OPTION_ARG_INT, &n_patrons, "Patrons to generate (default 1000000)", "N" },
    { "queries", 'q', 0, G_OPTION_ARG_INT, &n_queries, "Search queries to time (default 400)", "N" },
    { "baseline-queries", 'b', 0, G_OPTION_ARG_INT, &n_baseline, "Name queries for the sequential-scan baseline (default 20)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— patron search latency against a sequential scan");
  g_autoptr(GError) error = NULL;
  g_autoptr(TsTestServer) server = NULL;
  g_autofree char *token = NULL;
  g_autofree char *count = NULL;
  PGconn *owner;
  PGresult *r;
  GArray *api_ms = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *name_ms = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *seq_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *n_text = NULL;
  gint64 t0;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  server = ts_test_server_new ();
  token = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  owner = PQconnectdb (ts_test_server_get_owner_conninfo (server));

  n_text = g_strdup_printf ("%d", n_patrons);
  t0 = g_get_monotonic_time ();
  {
    /* PQexecParams takes one statement: run the script's statements one by one. */
    g_auto(GStrv) statements = g_strsplit (generate_sql, ";", -1);

    for (guint i = 0; statements[i] != NULL; i++)
      {
        const char *params[] = { n_text };
        gboolean uses_param = strstr (statements[i], "$1") != NULL;

        if (g_strstrip (statements[i])[0] == '\0')
          continue;
        r = PQexecParams (owner, statements[i], uses_param ? 1 : 0, NULL, uses_param ? params : NULL, NULL, NULL, 0);
        if (PQresultStatus (r) != PGRES_COMMAND_OK && PQresultStatus (r) != PGRES_TUPLES_OK)
          g_error ("generating: %s: %s", statements[i], PQerrorMessage (owner));
        PQclear (r);
      }
  }
  count = ts_test_owner_sql (server, "SELECT count (*) || ' patrons, ' || (SELECT count (*) FROM contact_point)"
                                     " || ' contact points' FROM patron");
  g_print ("bench-patron-search: generated %s in %.1f s\n", count, (g_get_monotonic_time () - t0) / 1e6);

  for (int k = 0; k < n_queries; k++)
    {
      g_autofree char *q = query_for (owner, k);
      g_autofree char *escaped = g_uri_escape_string (q, NULL, FALSE);
      g_autofree char *url = g_strconcat ("/api/v1/patrons?q=", escaped, NULL);
      gint64 start = g_get_monotonic_time ();
      g_autoptr(JsonNode) answer = ts_test_expect (server, "GET", url, token, NULL, 200);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      g_array_append_val (api_ms, ms);
      if (k % 10 <= 3)
        g_array_append_val (name_ms, ms);
    }

  for (int k = 0; k < n_baseline; k++)
    {
      g_autofree char *q = query_for (owner, k * 10);      /* name queries */
      const char *params[] = { q };
      gint64 start;
      double ms;

      PQclear (PQexec (owner, "BEGIN; SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off"));
      start = g_get_monotonic_time ();
      r = PQexecParams (owner, baseline_sql, 1, NULL, params, NULL, NULL, 0);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      PQclear (r);
      PQclear (PQexec (owner, "COMMIT"));
      g_array_append_val (seq_ms, ms);
    }

  g_print ("  API search, mixed queries (%u)   median %7.2f ms   p95 %7.2f ms\n",
           api_ms->len, percentile (api_ms, 0.5), percentile (api_ms, 0.95));
  g_print ("  API search, name queries (%u)    median %7.2f ms   p95 %7.2f ms\n",
           name_ms->len, percentile (name_ms, 0.5), percentile (name_ms, 0.95));
  g_print ("  baseline: name SQL, sequential scan (%u)  median %7.2f ms   p95 %7.2f ms\n",
           seq_ms->len, percentile (seq_ms, 0.5), percentile (seq_ms, 0.95));
  g_print ("  speed-up of the indexed name search over the scan (medians): %.0fx   target: p95 < 20 ms\n",
           percentile (seq_ms, 0.5) / percentile (name_ms, 0.5));

  PQfinish (owner);
  g_array_unref (api_ms);
  g_array_unref (name_ms);
  g_array_unref (seq_ms);
  return 0;
}
