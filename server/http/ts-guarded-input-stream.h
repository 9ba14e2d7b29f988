/* ts-guarded-input-stream.h — the reading side of one HTTP connection, which
 * hides the peer's goodbye from libsoup while the connection is idle
 *
 * Why: libsoup 3.2 (Debian 12) starts reading the next request of a
 * keep-alive connection before the server knows about that request; when
 * the client closes the idle connection, that read ends the unknown request
 * and nobody ever closes the connection: one descriptor in CLOSE-WAIT for
 * ever per connection (later libsoup fixed it).  So while its owner says the
 * connection is idle, an end of stream or a read error is not passed on:
 * the stream answers "nothing yet", stops waking its reader, and tells the
 * owner (from the main loop, never from inside libsoup) to close the
 * connection itself.  Otherwise it reads the base stream unchanged. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Answers whether the connection is between requests now. */
typedef gboolean (*TsGuardedIdleFunc) (gpointer owner);
/* The peer has gone while the connection was idle: close it. */
typedef void     (*TsGuardedGoneFunc) (gpointer owner);

#define TS_TYPE_GUARDED_INPUT_STREAM (ts_guarded_input_stream_get_type ())
G_DECLARE_FINAL_TYPE (TsGuardedInputStream, ts_guarded_input_stream, TS, GUARDED_INPUT_STREAM, GInputStream)

/* base must be pollable.  Closing this stream does not close base: its
 * owner closes the connection as a whole. */
TsGuardedInputStream *ts_guarded_input_stream_new       (GInputStream         *base,
                                                         TsGuardedIdleFunc     is_idle,
                                                         TsGuardedGoneFunc     gone,
                                                         gpointer              owner);
/* Forgets the owner (before it goes away): the stream then only reads. */
void                  ts_guarded_input_stream_disown    (TsGuardedInputStream *self);

G_END_DECLS
