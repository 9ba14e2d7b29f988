/* ts-json-item.h — one JSON object from the server as a list-model item, so
 * GtkColumnView can show outlets, employees and patrons without a GObject
 * type per kind of row */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TS_TYPE_JSON_ITEM (ts_json_item_get_type ())
G_DECLARE_FINAL_TYPE (TsJsonItem, ts_json_item, TS, JSON_ITEM, GObject)

/* Text for one cell of a column. */
typedef char *(*TsJsonItemFormat) (JsonObject *object);

TsJsonItem *ts_json_item_new        (JsonObject *object);
JsonObject *ts_json_item_get_object (TsJsonItem *self);
gint64      ts_json_item_get_id     (TsJsonItem *self);
/* Fills a store with the objects of array member of answer. */
void        ts_json_item_fill_store (GListStore *store,
                                     JsonNode   *answer,
                                     const char *member);
/* Adds a column of labels: the string member named, or format's text. */
void        ts_json_item_add_column (GtkColumnView    *view,
                                     const char       *title,
                                     const char       *member,
                                     TsJsonItemFormat  format,
                                     gboolean          expand);

G_END_DECLS
