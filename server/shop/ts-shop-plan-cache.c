/* ts-shop-plan-cache.c — the seat maps' plan.json answers kept in memory */
#include "ts-shop-plan-cache.h"

/* A few maps are on sale at once; each entry is the size of its plan (a
 * stadium's is about 2 MB). */
#define PLAN_CACHE_SIZE 8

typedef struct
{
  char   *stamp;
  GBytes *body;
  char   *etag;
} Entry;

/* Pages run in the database workers: one lock for the list. */
static GMutex lock;
static GQueue entries = G_QUEUE_INIT;   /* newest first */

static void
entry_free (Entry *entry)
{
  g_free (entry->stamp);
  g_bytes_unref (entry->body);
  g_free (entry->etag);
  g_free (entry);
}

GBytes *
ts_shop_plan_cache_lookup (const char  *stamp,
                           char       **etag)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);

  for (GList *l = entries.head; l != NULL; l = l->next)
    {
      Entry *entry = l->data;

      if (g_str_equal (entry->stamp, stamp))
        {
          *etag = g_strdup (entry->etag);
          return g_bytes_ref (entry->body);
        }
    }
  return NULL;
}

void
ts_shop_plan_cache_store (const char *stamp,
                          GBytes     *body,
                          const char *etag)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&lock);
  Entry *entry;

  for (GList *l = entries.head; l != NULL; l = l->next)
    if (g_str_equal (((Entry *) l->data)->stamp, stamp))
      return;   /* another worker made it meanwhile */
  entry = g_new0 (Entry, 1);
  entry->stamp = g_strdup (stamp);
  entry->body = g_bytes_ref (body);
  entry->etag = g_strdup (etag);
  g_queue_push_head (&entries, entry);
  while (entries.length > PLAN_CACHE_SIZE)
    entry_free (g_queue_pop_tail (&entries));
}
