/* ts-cart-sweeper.c — the periodic release of expired carts (rule S1) and
 * the forgetting of expired storefront visits, mailed links and throttles */
#include "ts-cart-sweeper.h"
#include "ts-pg.h"

struct _TsCartSweeper
{
  GObject       parent_instance;

  TsDb         *db;
  guint         interval_seconds;
  guint         timeout_id;
  gboolean      running;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (TsCartSweeper, ts_cart_sweeper, G_TYPE_OBJECT)

static gboolean
sweep_in_worker (PGconn    *conn,
                 gpointer   data,
                 GError   **error)
{
  g_autoptr(PGresult) result = NULL;

  (void) data;
  if (!ts_db_begin (conn, error))
    return FALSE;
  /* The Master User's context: the sweep belongs to no outlet. */
  result = ts_pg_exec (conn, "SELECT set_config ('tessera.master', 'on', true), ts_expire_carts (NULL)", 0, NULL, error);
  /* a statement of its own: it sees the carts just deleted as gone, so an
   * expired visit goes in the same sweep as its cart; a few hundred rows a
   * minute keep each sweep short however long the backlog */
  if (result != NULL)
    {
      g_clear_pointer (&result, PQclear);
      result = ts_pg_exec (conn, "SELECT ts_shop_sweep_visits (500)", 0, NULL, error);
    }
  if (result == NULL)
    {
      g_autoptr(PGresult) rollback = ts_pg_exec (conn, "ROLLBACK", 0, NULL, NULL);
      return FALSE;
    }
  return ts_db_commit (conn, error);
}

static void
sweep_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TsCartSweeper) self = user_data;
  g_autoptr(GError) error = NULL;

  self->running = FALSE;
  if (!ts_db_run_finish (TS_DB (source), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Releasing expired carts failed: %s", error->message);
}

static gboolean
on_timeout (gpointer user_data)
{
  ts_cart_sweeper_sweep (TS_CART_SWEEPER (user_data));
  return G_SOURCE_CONTINUE;
}

void
ts_cart_sweeper_sweep (TsCartSweeper *self)
{
  g_return_if_fail (TS_IS_CART_SWEEPER (self));

  if (self->running || self->db == NULL)
    return;
  self->running = TRUE;
  ts_db_run_async (self->db, sweep_in_worker, NULL, self->cancellable, sweep_done, g_object_ref (self));
}

void
ts_cart_sweeper_stop (TsCartSweeper *self)
{
  g_return_if_fail (TS_IS_CART_SWEEPER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
}

static void
ts_cart_sweeper_dispose (GObject *object)
{
  TsCartSweeper *self = TS_CART_SWEEPER (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->db);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (ts_cart_sweeper_parent_class)->dispose (object);
}

static void
ts_cart_sweeper_class_init (TsCartSweeperClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ts_cart_sweeper_dispose;
}

static void
ts_cart_sweeper_init (TsCartSweeper *self)
{
  self->cancellable = g_cancellable_new ();
}

TsCartSweeper *
ts_cart_sweeper_new (TsDb  *db,
                     guint  interval_seconds)
{
  TsCartSweeper *self = g_object_new (TS_TYPE_CART_SWEEPER, NULL);

  g_return_val_if_fail (TS_IS_DB (db), NULL);
  g_return_val_if_fail (interval_seconds > 0, NULL);

  self->db = g_object_ref (db);
  self->interval_seconds = interval_seconds;
  self->timeout_id = g_timeout_add_seconds (interval_seconds, on_timeout, self);
  return self;
}
