/* ts-scan-queue.c — a door's offline scans, one file per performance, kept
 * until the server has answered them */
#include <errno.h>

#include <glib/gstdio.h>

#include "ts-json.h"
#include "ts-scan-queue.h"

struct _TsScanQueue
{
  GObject    parent_instance;

  char      *path;
  GPtrArray *entries;   /* JsonObject {"scan": body, "local": result} */
};

G_DEFINE_FINAL_TYPE (TsScanQueue, ts_scan_queue, G_TYPE_OBJECT)

enum { PROP_0, PROP_LENGTH, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
load (TsScanQueue *self)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonArray *scans;

  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    return;
  root = json_parser_load_from_file (parser, self->path, &error) ? json_parser_get_root (parser) : NULL;
  scans = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
          ? ts_json_lookup_array (json_node_get_object (root), "scans") : NULL;
  if (scans == NULL)
    {
      g_autofree char *aside = g_strconcat (self->path, ".unreadable", NULL);

      /* kept for a person to look at, never uploaded half-read */
      g_message ("Door queue %s unreadable (%s): put aside as %s", self->path,
                 error != NULL ? error->message : "not a queue", aside);
      g_rename (self->path, aside);
      return;
    }
  for (guint i = 0; i < json_array_get_length (scans); i++)
    {
      JsonObject *entry = ts_json_lookup_element_object (scans, i);

      if (entry != NULL && ts_json_lookup_object (entry, "scan") != NULL)
        g_ptr_array_add (self->entries, json_object_ref (entry));
    }
}

static gboolean
save (TsScanQueue  *self,
      GError      **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *text = NULL;

  if (self->entries->len == 0)
    {
      if (g_unlink (self->path) != 0 && errno != ENOENT)
        {
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                       "Cannot remove %s: %s", self->path, g_strerror (errno));
          return FALSE;
        }
      return TRUE;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "scans");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->entries->len; i++)
    {
      JsonNode *entry = json_node_init_object (json_node_alloc (), g_ptr_array_index (self->entries, i));

      json_builder_add_value (builder, entry);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  folder = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "Cannot make %s: %s", folder, g_strerror (errno));
      return FALSE;
    }
  return g_file_set_contents_full (self->path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

static void
ts_scan_queue_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TsScanQueue *self = TS_SCAN_QUEUE (object);

  switch (prop_id)
    {
    case PROP_LENGTH:
      g_value_set_uint (value, self->entries->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_scan_queue_finalize (GObject *object)
{
  TsScanQueue *self = TS_SCAN_QUEUE (object);

  g_free (self->path);
  g_ptr_array_unref (self->entries);
  G_OBJECT_CLASS (ts_scan_queue_parent_class)->finalize (object);
}

static void
ts_scan_queue_class_init (TsScanQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ts_scan_queue_finalize;
  object_class->get_property = ts_scan_queue_get_property;

  /* The scans waiting for the server. */
  properties[PROP_LENGTH] = g_param_spec_uint ("length", NULL, NULL, 0, G_MAXUINT, 0,
                                               G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ts_scan_queue_init (TsScanQueue *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
}

TsScanQueue *
ts_scan_queue_new (gint64 performance_id)
{
  TsScanQueue *self = g_object_new (TS_TYPE_SCAN_QUEUE, NULL);

  self->path = ts_scan_queue_path (performance_id);
  load (self);
  return self;
}

char *
ts_scan_queue_path (gint64 performance_id)
{
  g_autofree char *name = g_strdup_printf ("door-queue-%" G_GINT64_FORMAT ".json", performance_id);

  return g_build_filename (g_get_user_data_dir (), "tessera", name, NULL);
}

guint
ts_scan_queue_get_length (TsScanQueue *self)
{
  g_return_val_if_fail (TS_IS_SCAN_QUEUE (self), 0);
  return self->entries->len;
}

gboolean
ts_scan_queue_add (TsScanQueue  *self,
                   JsonObject   *scan,
                   const char   *local_result,
                   GError      **error)
{
  JsonObject *entry = json_object_new ();

  g_return_val_if_fail (TS_IS_SCAN_QUEUE (self), FALSE);

  json_object_set_object_member (entry, "scan", json_object_ref (scan));
  json_object_set_string_member (entry, "local", local_result ?: "");
  g_ptr_array_add (self->entries, entry);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LENGTH]);
  return save (self, error);
}

JsonObject *
ts_scan_queue_get_scan (TsScanQueue *self,
                        guint        i)
{
  g_return_val_if_fail (TS_IS_SCAN_QUEUE (self) && i < self->entries->len, NULL);
  return ts_json_lookup_object (g_ptr_array_index (self->entries, i), "scan");
}

const char *
ts_scan_queue_get_result (TsScanQueue *self,
                          guint        i)
{
  g_return_val_if_fail (TS_IS_SCAN_QUEUE (self) && i < self->entries->len, NULL);
  return ts_json_lookup_string (g_ptr_array_index (self->entries, i), "local") ?: "";
}

JsonNode *
ts_scan_queue_peek (TsScanQueue *self,
                    guint        n)
{
  JsonArray *scans;
  JsonNode *node;

  g_return_val_if_fail (TS_IS_SCAN_QUEUE (self), NULL);

  scans = json_array_new ();
  for (guint i = 0; i < self->entries->len && i < n; i++)
    json_array_add_object_element (scans, json_object_ref (ts_scan_queue_get_scan (self, i)));
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, scans);
  return node;
}

gboolean
ts_scan_queue_drop (TsScanQueue  *self,
                    guint         n,
                    GError      **error)
{
  g_return_val_if_fail (TS_IS_SCAN_QUEUE (self), FALSE);

  g_ptr_array_remove_range (self->entries, 0, MIN (n, self->entries->len));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LENGTH]);
  return save (self, error);
}
