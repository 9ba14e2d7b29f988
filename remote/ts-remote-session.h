/* ts-remote-session.h — one person's remote desktop: a private folder, a
 * Broadway display (gtk4-broadwayd) and a Tessera client drawn on it */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* What a session is started with (the gateway's settings). */
typedef struct
{
  const char *broadwayd;     /* the gtk4-broadwayd program */
  const char *client;        /* the tessera program */
  const char *server_url;    /* the Tessera server the client talks to */
  const char *runtime_dir;   /* where each session's private folder is made */
  const char *language;      /* "fr" or "en": the client speaks the sign-in page's language */
} TsRemoteSessionSpec;

#define TS_TYPE_REMOTE_SESSION (ts_remote_session_get_type ())
G_DECLARE_FINAL_TYPE (TsRemoteSession, ts_remote_session, TS, REMOTE_SESSION, GObject)

/* Makes the folder, starts the display, waits until it listens, then starts
 * the client on it, handing it `token` (the session the person signed in
 * to) through an inherited pipe.  Emits "ended" once, when the client or
 * the display exits or ts_remote_session_end is called. */
void             ts_remote_session_start_async   (const TsRemoteSessionSpec *spec,
                                                  const char                *token,
                                                  GCancellable              *cancellable,
                                                  GAsyncReadyCallback        callback,
                                                  gpointer                   user_data);
TsRemoteSession *ts_remote_session_start_finish  (GAsyncResult              *result,
                                                  GError                   **error);

/* The unguessable id in the session's path (/s/ID/). */
const char      *ts_remote_session_get_id        (TsRemoteSession *self);
/* The cookie's value, and whether a request's value is it (in constant time). */
const char      *ts_remote_session_get_cookie    (TsRemoteSession *self);
gboolean         ts_remote_session_cookie_is     (TsRemoteSession *self,
                                                  const char      *value);
/* The Tessera session's token, to sign it out at the end. */
const char      *ts_remote_session_get_token     (TsRemoteSession *self);
/* A connection to the session's display, for its page and its WebSocket
 * (broadwayd serves HTTP on a socket in the private folder). */
SoupSession     *ts_remote_session_get_display   (TsRemoteSession *self);
/* What the person did last (monotonic µs): the idle timeout counts from it. */
void             ts_remote_session_touch         (TsRemoteSession *self);
gint64           ts_remote_session_get_last_used (TsRemoteSession *self);
/* Stops the client and the display (SIGTERM to their process groups,
 * SIGKILL a few seconds later) and removes the folder once both are gone. */
void             ts_remote_session_end           (TsRemoteSession *self);
gboolean         ts_remote_session_is_ended      (TsRemoteSession *self);
/* TRUE once both processes have exited. */
gboolean         ts_remote_session_is_gone       (TsRemoteSession *self);
/* SIGKILL to whatever is left (the gateway stopping after its grace). */
void             ts_remote_session_kill          (TsRemoteSession *self);
/* Resident memory of the display and the client, in KiB (0 when gone). */
guint64          ts_remote_session_get_rss_kib   (TsRemoteSession *self);

G_END_DECLS
