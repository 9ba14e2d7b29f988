/* ts-api-faces.c — the typed calls for ticket faces */
#include "ts-api-route.h"
#include "ts-api-faces.h"

void
ts_api_client_list_faces_async (TsApiClient         *self,
                                gint64               outlet_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  ts_api_route_send_outlet (self, TS_API_ROUTE_FACES_LIST, outlet_id, cancellable, callback, user_data);
}

void
ts_api_client_get_face_async (TsApiClient         *self,
                              gint64               face_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_FACE_GET, face_id, NULL, NULL, cancellable, callback, user_data);
}

void
ts_api_client_create_face_async (TsApiClient         *self,
                                 gint64               outlet_id,
                                 const char          *name,
                                 const char          *svg,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  JsonObject *members = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  json_object_set_string_member (members, "name", name);
  json_object_set_string_member (members, "svg", svg);
  if (outlet_id > 0)
    json_object_set_int_member (members, "outlet_id", outlet_id);
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_FACES_CREATE, 0, NULL, body, cancellable, callback, user_data);
}

void
ts_api_client_patch_face_async (TsApiClient         *self,
                                gint64               face_id,
                                const char          *name,
                                const char          *svg,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  JsonObject *members = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  if (name != NULL)
    json_object_set_string_member (members, "name", name);
  if (svg != NULL)
    json_object_set_string_member (members, "svg", svg);
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_FACE_PATCH, face_id, NULL, body, cancellable, callback, user_data);
}

void
ts_api_client_make_face_default_async (TsApiClient         *self,
                                       gint64               face_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  JsonObject *members = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  json_object_set_boolean_member (members, "is_default", TRUE);
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_FACE_PATCH, face_id, NULL, body, cancellable, callback, user_data);
}

void
ts_api_client_delete_face_async (TsApiClient         *self,
                                 gint64               face_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ts_api_route_send (self, TS_API_ROUTE_FACE_DELETE, face_id, NULL, NULL, cancellable, callback, user_data);
}

void
ts_api_client_duplicate_face_async (TsApiClient         *self,
                                    gint64               face_id,
                                    gint64               outlet_id,
                                    const char          *name,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  JsonObject *members = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  json_object_set_int_member (members, "outlet_id", outlet_id);
  if (name != NULL && *name != '\0')
    json_object_set_string_member (members, "name", name);
  body = ts_api_route_body (members);
  ts_api_route_send (self, TS_API_ROUTE_FACE_DUPLICATE, face_id, NULL, body, cancellable, callback, user_data);
}

void
ts_api_client_get_face_sample_async (TsApiClient         *self,
                                     gint64               outlet_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  ts_api_route_send_outlet (self, TS_API_ROUTE_FACES_SAMPLE, outlet_id, cancellable, callback, user_data);
}
