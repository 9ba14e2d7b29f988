/* ts-api-call.c — the answer to a typed call handed to its owner, unless cancelled */
#include "ts-api-client.h"
#include "ts-api-call.h"

struct _TsApiCall
{
  gpointer       owner;
  TsApiDone      done;
  GDestroyNotify free_owner;
};

static void
call_free (TsApiCall *call)
{
  if (call->free_owner != NULL)
    call->free_owner (call->owner);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsApiCall, call_free)

TsApiCall *
ts_api_call (gpointer  owner,
             TsApiDone done)
{
  return ts_api_call_full (owner, done, NULL);
}

TsApiCall *
ts_api_call_full (gpointer       owner,
                  TsApiDone      done,
                  GDestroyNotify free_owner)
{
  TsApiCall *call = g_new (TsApiCall, 1);

  call->owner = owner;
  call->done = done;
  call->free_owner = free_owner;
  return call;
}

void
ts_api_answered (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TsApiCall) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);

  /* first: a cancelled request's owner may be gone */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  call->done (call->owner, answer, error);
}
