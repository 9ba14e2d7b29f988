/* ts-api-call.h — what a widget does with the answer to a typed call, said
 * once: the answer or the error, and nothing at all once the request was
 * cancelled (the widget may be gone) */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* answer: what the server said (NULL for 204 No Content, or on error);
 * error: why there is no answer.  Both are the callee's: keep a reference
 * to answer to hold on to it. */
typedef void (*TsApiDone) (gpointer      owner,
                           JsonNode     *answer,
                           const GError *error);

typedef struct _TsApiCall TsApiCall;

/* For any ts_api_client_*_async call: ts_api_answered as its callback and
 * ts_api_call (owner, done) as its data.  done runs with owner unless the
 * request was cancelled: cancel the owner's requests in its dispose, and
 * owner is alive whenever done runs. */
TsApiCall *ts_api_call      (gpointer        owner,
                             TsApiDone       done);
/* The same for an owner that is the call's own data (what to send next):
 * free_owner runs once done has, or in its place when cancelled. */
TsApiCall *ts_api_call_full (gpointer        owner,
                             TsApiDone       done,
                             GDestroyNotify  free_owner);
void       ts_api_answered  (GObject        *source,
                             GAsyncResult   *result,
                             gpointer        call);

G_END_DECLS
