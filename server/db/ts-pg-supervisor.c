/* ts-pg-supervisor.c — notices that the embedded PostgreSQL died and starts it again */
#include "ts-pg-supervisor.h"

/* Up this long, a cluster counts as healthy again: the back-off starts over. */
#define STABLE_US        (60 * G_USEC_PER_SEC)
#define MAX_BACKOFF_S    30

struct _TsPgSupervisor
{
  GObject      parent_instance;

  TsPgCluster *cluster;
  GSource     *timer;
  GMainContext *context;

  GThread     *restart;          /* pg_ctl start under way, or NULL */
  gint         restart_done;     /* atomic: set by the thread when it ends */
  GError      *restart_error;    /* the thread's result, read after restart_done */

  gint64       down_since_us;    /* 0 while it runs */
  gint64       up_since_us;
  gint64       next_attempt_us;
  guint        attempts;         /* restarts since it was last stable */
  guint        restarts;         /* successful ones, ever */
};

G_DEFINE_FINAL_TYPE (TsPgSupervisor, ts_pg_supervisor, G_TYPE_OBJECT)

/* No wait for the first attempt, then 1, 2, 4 … 30 s: a cluster that cannot
 * start (disk full) or dies again at once is not restarted in a tight loop. */
static guint
backoff_seconds (guint attempts)
{
  if (attempts == 0)
    return 0;
  if (attempts > 5)
    return MAX_BACKOFF_S;
  return MIN (1u << (attempts - 1), MAX_BACKOFF_S);
}

static gpointer
restart_in_thread (gpointer data)
{
  TsPgSupervisor *self = data;
  GError *error = NULL;

  ts_pg_cluster_restart (self->cluster, &error);
  self->restart_error = error;
  g_atomic_int_set (&self->restart_done, TRUE);
  return NULL;
}

static void
finish_restart (TsPgSupervisor *self,
                gint64          now)
{
  g_autoptr(GError) error = NULL;

  g_thread_join (g_steal_pointer (&self->restart));
  error = g_steal_pointer (&self->restart_error);
  g_atomic_int_set (&self->restart_done, FALSE);

  if (error == NULL)
    {
      self->restarts++;
      self->up_since_us = now;
      g_message ("The embedded PostgreSQL is running again (pid %d), %.1f s after it stopped",
                 (int) ts_pg_cluster_get_postmaster_pid (self->cluster),
                 (now - self->down_since_us) / (double) G_USEC_PER_SEC);
      self->down_since_us = 0;
      return;
    }
  /* pg_ctl's output spans lines: one line in the log. */
  g_strdelimit (error->message, "\n", ' ');
  self->next_attempt_us = now + backoff_seconds (self->attempts) * G_USEC_PER_SEC;
  g_warning ("Cannot start the embedded PostgreSQL again (%s); next attempt in %u s",
             error->message, backoff_seconds (self->attempts));
}

static gboolean
check (gpointer user_data)
{
  TsPgSupervisor *self = user_data;
  gint64 now = g_get_monotonic_time ();

  if (self->restart != NULL)
    {
      if (g_atomic_int_get (&self->restart_done))
        finish_restart (self, now);
      return G_SOURCE_CONTINUE;
    }

  if (ts_pg_cluster_get_postmaster_pid (self->cluster) != 0)
    {
      if (self->down_since_us != 0)
        {
          /* Started by someone else meanwhile (pg_ctl by hand). */
          g_message ("The embedded PostgreSQL is running again");
          self->down_since_us = 0;
          self->up_since_us = now;
        }
      if (self->attempts > 0 && now - self->up_since_us >= STABLE_US)
        self->attempts = 0;
      return G_SOURCE_CONTINUE;
    }

  if (self->down_since_us == 0)
    {
      self->down_since_us = now;
      self->next_attempt_us = now + backoff_seconds (self->attempts) * G_USEC_PER_SEC;
      g_warning ("The embedded PostgreSQL in %s is not running (killed, crashed or stopped by hand): "
                 "requests answer 503 until it is back; starting it again%s",
                 ts_pg_cluster_get_base_dir (self->cluster),
                 self->attempts > 0 ? " after a pause, since it stopped soon after the last start" : "");
    }
  if (now < self->next_attempt_us)
    return G_SOURCE_CONTINUE;

  self->attempts++;
  g_message ("Starting the embedded PostgreSQL again (attempt %u)", self->attempts);
  self->restart = g_thread_new ("ts-pg-restart", restart_in_thread, self);
  return G_SOURCE_CONTINUE;
}

void
ts_pg_supervisor_stop (TsPgSupervisor *self)
{
  g_return_if_fail (TS_IS_PG_SUPERVISOR (self));

  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  /* The cluster is stopped next: let a start under way end first. */
  if (self->restart != NULL)
    {
      g_thread_join (g_steal_pointer (&self->restart));
      g_clear_error (&self->restart_error);
    }
}

guint
ts_pg_supervisor_get_restarts (TsPgSupervisor *self)
{
  g_return_val_if_fail (TS_IS_PG_SUPERVISOR (self), 0);
  return self->restarts;
}

static void
ts_pg_supervisor_dispose (GObject *object)
{
  TsPgSupervisor *self = TS_PG_SUPERVISOR (object);

  ts_pg_supervisor_stop (self);
  g_clear_object (&self->cluster);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (ts_pg_supervisor_parent_class)->dispose (object);
}

static void
ts_pg_supervisor_class_init (TsPgSupervisorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ts_pg_supervisor_dispose;
}

static void
ts_pg_supervisor_init (TsPgSupervisor *self)
{
}

TsPgSupervisor *
ts_pg_supervisor_new (TsPgCluster *cluster,
                      guint        interval_ms)
{
  TsPgSupervisor *self;

  g_return_val_if_fail (TS_IS_PG_CLUSTER (cluster), NULL);
  g_return_val_if_fail (interval_ms > 0, NULL);

  self = g_object_new (TS_TYPE_PG_SUPERVISOR, NULL);
  self->cluster = g_object_ref (cluster);
  self->up_since_us = g_get_monotonic_time ();
  self->context = g_main_context_ref_thread_default ();
  self->timer = g_timeout_source_new (interval_ms);
  g_source_set_callback (self->timer, check, self, NULL);
  g_source_set_name (self->timer, "[tessera] PostgreSQL supervisor");
  g_source_attach (self->timer, self->context);
  return self;
}
