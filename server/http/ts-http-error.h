/* ts-http-error.h — the one place where errors become HTTP answers */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

guint     ts_http_error_status (const GError *error);
/* {"error": {"code": "…", "message": "…"}} */
JsonNode *ts_http_error_body   (const GError *error);

G_END_DECLS
