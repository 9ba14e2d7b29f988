/* ts-scan-queue.h — the scans a door made while the server could not be
 * reached, kept on disk until they are uploaded (issue 12, offline door)
 *
 * One JSON file per performance, g_get_user_data_dir ()/tessera/
 * door-queue-<performance>.json, written again (atomically) at every change:
 * a door that stops or crashes loses none.  Each entry is the body POST
 * /scans takes (its nonce, door and "scanned_at" included: the upload is a
 * retry of the scan, which the server answers once, F4) and what this door
 * answered then. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TS_TYPE_SCAN_QUEUE (ts_scan_queue_get_type ())
G_DECLARE_FINAL_TYPE (TsScanQueue, ts_scan_queue, TS, SCAN_QUEUE, GObject)

/* Property: "length" (the scans waiting), notified.  Loads what an earlier
 * run left; a file it cannot read is put aside (….json.unreadable) and the
 * queue starts empty. */
TsScanQueue *ts_scan_queue_new          (gint64        performance_id);
char        *ts_scan_queue_path         (gint64        performance_id);
guint        ts_scan_queue_get_length   (TsScanQueue  *self);
/* Appends scan (the body) and the local answer's result, and saves. */
gboolean     ts_scan_queue_add          (TsScanQueue  *self,
                                         JsonObject   *scan,
                                         const char   *local_result,
                                         GError      **error);
/* The i-th scan waiting (its body), and what this door answered it. */
JsonObject  *ts_scan_queue_get_scan     (TsScanQueue  *self,
                                         guint         i);
const char  *ts_scan_queue_get_result   (TsScanQueue  *self,
                                         guint         i);
/* The first n bodies (at most), as the array POST /scans/batch takes. */
JsonNode    *ts_scan_queue_peek         (TsScanQueue  *self,
                                         guint         n);
/* Forgets the first n (uploaded and answered), and saves. */
gboolean     ts_scan_queue_drop         (TsScanQueue  *self,
                                         guint         n,
                                         GError      **error);

G_END_DECLS
