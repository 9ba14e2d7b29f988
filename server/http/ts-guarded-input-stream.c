/* ts-guarded-input-stream.c — a pollable input stream that hides an idle
 * keep-alive connection's end from libsoup 3.2 (see the header for why) */
#include "ts-guarded-input-stream.h"

struct _TsGuardedInputStream
{
  GInputStream       parent_instance;

  GInputStream      *base;
  TsGuardedIdleFunc  is_idle;
  TsGuardedGoneFunc  gone;
  gpointer           owner;
  gboolean           peer_gone;   /* seen while idle: never read again */
};

static void ts_guarded_input_stream_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TsGuardedInputStream, ts_guarded_input_stream, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      ts_guarded_input_stream_pollable_init))

static gboolean
tell_owner (gpointer user_data)
{
  TsGuardedInputStream *self = user_data;

  if (self->gone != NULL)
    self->gone (self->owner);
  return G_SOURCE_REMOVE;
}

/* A read ended the stream (0) or failed: while idle, that is the peer's
 * goodbye, kept from libsoup.  Returns TRUE when it was. */
static gboolean
hide_goodbye (TsGuardedInputStream  *self,
              gssize                 result,
              GError               **error)
{
  if (result > 0 || self->is_idle == NULL || !self->is_idle (self->owner))
    return FALSE;
  if (result < 0 && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return FALSE;

  g_clear_error (error);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, "Nothing to read");
  if (!self->peer_gone)
    {
      self->peer_gone = TRUE;
      /* high priority: before libsoup's own sources look at the connection */
      g_idle_add_full (G_PRIORITY_HIGH, tell_owner, g_object_ref (self), g_object_unref);
    }
  return TRUE;
}

static gssize
ts_guarded_input_stream_read_nonblocking (GPollableInputStream  *pollable,
                                          void                  *buffer,
                                          gsize                  count,
                                          GError               **error)
{
  TsGuardedInputStream *self = TS_GUARDED_INPUT_STREAM (pollable);
  g_autoptr(GError) local_error = NULL;
  gssize result;

  if (self->peer_gone)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, "Nothing to read");
      return -1;
    }
  result = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (self->base),
                                                     buffer, count, NULL, &local_error);
  if (count > 0 && hide_goodbye (self, result, &local_error))
    result = -1;
  if (result < 0)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return result;
}

static gboolean
ts_guarded_input_stream_is_readable (GPollableInputStream *pollable)
{
  TsGuardedInputStream *self = TS_GUARDED_INPUT_STREAM (pollable);

  return !self->peer_gone && g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (self->base));
}

static gboolean
ts_guarded_input_stream_can_poll (GPollableInputStream *pollable)
{
  TsGuardedInputStream *self = TS_GUARDED_INPUT_STREAM (pollable);

  return g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (self->base));
}

static GSource *
ts_guarded_input_stream_create_source (GPollableInputStream *pollable,
                                       GCancellable         *cancellable)
{
  TsGuardedInputStream *self = TS_GUARDED_INPUT_STREAM (pollable);
  g_autoptr(GSource) base_source = NULL;

  /* once the peer is gone, a source that never wakes its reader: the owner
   * is about to close the connection */
  if (self->peer_gone)
    return g_pollable_source_new_full (pollable, NULL, cancellable);
  base_source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (self->base), NULL);
  return g_pollable_source_new_full (pollable, base_source, cancellable);
}

static void
ts_guarded_input_stream_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = ts_guarded_input_stream_can_poll;
  iface->is_readable = ts_guarded_input_stream_is_readable;
  iface->create_source = ts_guarded_input_stream_create_source;
  iface->read_nonblocking = ts_guarded_input_stream_read_nonblocking;
}

/* Blocking reads (libsoup does not make them on a server connection) read
 * the base as they are. */
static gssize
ts_guarded_input_stream_read (GInputStream  *stream,
                              void          *buffer,
                              gsize          count,
                              GCancellable  *cancellable,
                              GError       **error)
{
  TsGuardedInputStream *self = TS_GUARDED_INPUT_STREAM (stream);

  if (self->peer_gone)
    return 0;
  return g_input_stream_read (self->base, buffer, count, cancellable, error);
}

static gboolean
ts_guarded_input_stream_close (GInputStream  *stream,
                               GCancellable  *cancellable,
                               GError       **error)
{
  return TRUE;   /* the connection closes its base stream */
}

static void
ts_guarded_input_stream_close_async (GInputStream        *stream,
                                     int                  io_priority,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (stream, cancellable, callback, user_data);

  g_task_return_boolean (task, TRUE);
}

static gboolean
ts_guarded_input_stream_close_finish (GInputStream  *stream,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
ts_guarded_input_stream_finalize (GObject *object)
{
  TsGuardedInputStream *self = TS_GUARDED_INPUT_STREAM (object);

  g_clear_object (&self->base);
  G_OBJECT_CLASS (ts_guarded_input_stream_parent_class)->finalize (object);
}

static void
ts_guarded_input_stream_class_init (TsGuardedInputStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *input_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = ts_guarded_input_stream_finalize;
  input_class->read_fn = ts_guarded_input_stream_read;
  input_class->close_fn = ts_guarded_input_stream_close;
  input_class->close_async = ts_guarded_input_stream_close_async;
  input_class->close_finish = ts_guarded_input_stream_close_finish;
}

static void
ts_guarded_input_stream_init (TsGuardedInputStream *self)
{
}

TsGuardedInputStream *
ts_guarded_input_stream_new (GInputStream      *base,
                             TsGuardedIdleFunc  is_idle,
                             TsGuardedGoneFunc  gone,
                             gpointer           owner)
{
  TsGuardedInputStream *self;

  g_return_val_if_fail (G_IS_POLLABLE_INPUT_STREAM (base), NULL);

  self = g_object_new (TS_TYPE_GUARDED_INPUT_STREAM, NULL);
  self->base = g_object_ref (base);
  self->is_idle = is_idle;
  self->gone = gone;
  self->owner = owner;
  return self;
}

void
ts_guarded_input_stream_disown (TsGuardedInputStream *self)
{
  g_return_if_fail (TS_IS_GUARDED_INPUT_STREAM (self));

  self->is_idle = NULL;
  self->gone = NULL;
  self->owner = NULL;
}
