/* ts-demo-data.c — a small consortium to try Tessera with */
#include "ts-db.h"
#include "ts-error.h"
#include "ts-pg.h"
#include "ts-validate.h"
#include "ts-demo-data.h"

static gboolean
begin_as_master (PGconn  *conn,
                 GError **error)
{
  g_autoptr(PGresult) context = NULL;

  if (!ts_db_begin (conn, error) || !ts_pg_exec_simple (conn, TS_DEMO_LOCK_SQL, error))
    return FALSE;
  context = ts_pg_exec (conn, "SELECT set_config ('tessera.master', 'on', true)", 0, NULL, error);
  return context != NULL;
}

static gboolean
finish (PGconn   *conn,
        gboolean  ok,
        GError  **error)
{
  if (ok)
    return ts_pg_exec_simple (conn, "COMMIT", error);
  ts_pg_exec_simple (conn, "ROLLBACK", NULL);
  return FALSE;
}

static gboolean
insert_employee (PGconn      *conn,
                 const char  *outlet_id,
                 const char  *login,
                 const char  *level,
                 const char  *password,
                 const char  *first_name,
                 const char  *last_name,
                 const char  *cost,
                 GError     **error)
{
  g_autoptr(PGresult) person = NULL;
  g_autoptr(PGresult) employee = NULL;

  person = ts_pg_exec (conn,
                       "INSERT INTO patron (first_name, last_name, created_by_outlet)"
                       " VALUES ($1, $2, $3::integer) RETURNING id",
                       3, (const char *[]) { first_name, last_name, outlet_id }, error);
  if (person == NULL)
    return FALSE;
  employee = ts_pg_exec (conn,
      "INSERT INTO employee (outlet_id, patron_id, login, level, password_hash, hired_on)"
      " VALUES ($1::integer, $2::bigint, $3, $4, crypt ($5, gen_salt ('bf', $6::integer)),"
      "         CASE WHEN $1 IS NULL THEN NULL ELSE DATE '2020-08-01' END)",
      6, (const char *[]) { outlet_id, ts_pg_value (person, 0, 0), login, level, password, cost },
      error);
  return employee != NULL;
}

gboolean
ts_demo_data_create_master (PGconn      *conn,
                            const char  *login,
                            const char  *password,
                            const char  *first_name,
                            const char  *last_name,
                            guint        bcrypt_cost,
                            GError     **error)
{
  g_autofree char *cost = g_strdup_printf ("%u", bcrypt_cost);
  g_autoptr(PGresult) existing = NULL;
  gboolean ok;

  if (!ts_validate_login ("login", login, error) || !ts_validate_password ("password", password, error))
    return FALSE;
  if (!begin_as_master (conn, error))
    return FALSE;

  existing = ts_pg_exec (conn, "SELECT login FROM employee WHERE level = 'master'", 0, NULL, error);
  ok = existing != NULL;
  if (ok && PQntuples (existing) > 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT,
                   "There is already a Master User (“%s”): there is exactly one",  /* C2 */
                   ts_pg_value (existing, 0, 0));
      ok = FALSE;
    }
  ok = ok && insert_employee (conn, NULL, login, "master", password, first_name, last_name, cost, error);
  return finish (conn, ok, error);
}

typedef struct
{
  const char *code;
  const char *name;
  const char *address;
  const char *phone;
  const char *email;
  const char *web_site;
  const char *people[6][2];
} DemoOutlet;

static const DemoOutlet demo_outlets[] = {
  { "UTH", "University Theatre", "15 Queen's Park Crescent\nToronto ON  M5S 1A1", "416-555-0140",
    "boxoffice@uth.example.org", "https://uth.example.org",
    { { "Amélie", "Tremblay" }, { "Marcus", "Chen" }, { "Priya", "Natarajan" },
      { "Olivier", "Gagnon" }, { "Hannah", "Kowalski" }, { "Félix", "Bergeron" } } },
  { "ATH", "Athletic Centre", "55 Harbord Street\nToronto ON  M5S 2W6", "416-555-0177",
    "tickets@ath.example.org", "https://ath.example.org",
    { { "Jamal", "Osei" }, { "Sophie", "Lefebvre" }, { "Daniel", "Mbeki" },
      { "Chloé", "Roy" }, { "Ethan", "MacLeod" }, { "Aisha", "Haddad" } } },
  { "TIX", "Ticket Centre", "100 King Street West\nToronto ON  M5X 1A9", "416-555-0199",
    "help@tix.example.org", "https://tix.example.org",
    { { "Isabelle", "Côté" }, { "Noah", "Friedman" }, { "Léa", "Bouchard" },
      { "Samuel", "Okafor" }, { "Maya", "Lindqvist" }, { "Tomás", "Ferreira" } } },
};

static const char *demo_levels[6][2] = {
  { "admin", "outlet_admin" },
  { "manager", "box_office_manager" },
  { "boxoffice", "box_office" },
  { "walkup", "walkup" },
  { "staff", "staff" },
  { "door", "scanner" },       /* C4: may only validate tickets at the door (F4) */
};

gboolean
ts_demo_data_load (PGconn   *conn,
                   guint     bcrypt_cost,
                   GError  **error)
{
  g_autofree char *cost = g_strdup_printf ("%u", bcrypt_cost);
  g_autoptr(PGresult) count = NULL;
  g_autoptr(PGresult) master = NULL;
  gboolean ok = TRUE;

  if (!begin_as_master (conn, error))
    return FALSE;
  count = ts_pg_exec (conn, "SELECT count (*) FROM outlet", 0, NULL, error);
  if (count == NULL)
    return finish (conn, FALSE, error);
  if (!g_str_equal (ts_pg_value (count, 0, 0), "0"))
    return finish (conn, TRUE, error);     /* already there: leave the data alone */

  g_message ("Loading the demo consortium (see README.md for the accounts)");
  master = ts_pg_exec (conn, "SELECT 1 FROM employee WHERE level = 'master'", 0, NULL, error);
  ok = master != NULL;
  if (ok && PQntuples (master) == 0)
    ok = insert_employee (conn, NULL, "master", "master", "master-password", "Morgan", "Master", cost, error);

  for (guint o = 0; ok && o < G_N_ELEMENTS (demo_outlets); o++)
    {
      const DemoOutlet *d = &demo_outlets[o];
      g_autoptr(PGresult) outlet = ts_pg_exec (conn,
          "INSERT INTO outlet (code, name, address, phone, email, web_site)"
          " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
          6, (const char *[]) { d->code, d->name, d->address, d->phone, d->email, d->web_site }, error);

      ok = outlet != NULL;
      for (guint e = 0; ok && e < G_N_ELEMENTS (demo_levels); e++)
        {
          g_autofree char *password = g_strconcat (demo_levels[e][0], "-password", NULL);

          ok = insert_employee (conn, ts_pg_value (outlet, 0, 0), demo_levels[e][0], demo_levels[e][1],
                                password, d->people[e][0], d->people[e][1], cost, error);
        }
    }
  return finish (conn, ok, error);
}
