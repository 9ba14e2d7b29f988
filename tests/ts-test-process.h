/* ts-test-process.h — the real tessera-server program of the build
 * ($TESSERA_SERVER) in a process of its own, on a throwaway data directory
 * with its embedded PostgreSQL, for tests of what an administrator types:
 * start it, call it over HTTP, read its database as the owner role, stop
 * it; and one-shot commands (--backup, --restore) run to their end. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _TsTestProcess TsTestProcess;

/* A server for data_dir (not started), on a free port of its own; a
 * watchdog stops its cluster if the test dies.  data_dir's parent must be
 * reachable by the cluster's account (mode 0755, as root). */
TsTestProcess *ts_test_process_new        (const char          *data_dir);
/* Starts it with --data-dir, --port and extra, and waits (a minute at
 * most) until it listens; it dies with the test. */
void           ts_test_process_start      (TsTestProcess       *self,
                                           const char * const  *extra);
/* SIGTERM; it must exit 0 and stop its cluster. */
void           ts_test_process_stop       (TsTestProcess       *self);
/* kill -9: no chance to stop anything (its PostgreSQL keeps running). */
void           ts_test_process_kill       (TsTestProcess       *self);
void           ts_test_process_free       (TsTestProcess       *self);
const char    *ts_test_process_get_url    (TsTestProcess       *self);
const char    *ts_test_process_get_data_dir (TsTestProcess     *self);
/* The owner role's and the cluster's superuser's connection strings. */
const char    *ts_test_process_get_owner_conninfo (TsTestProcess *self);
const char    *ts_test_process_get_admin_conninfo (TsTestProcess *self);
/* Everything it has printed so far (across restarts). */
char          *ts_test_process_dup_output (TsTestProcess       *self);
/* How many times it has printed text so far. */
guint          ts_test_process_times_said (TsTestProcess       *self,
                                           const char          *text);
/* Waits (iterating this thread's main context) until it has printed text
 * count times; aborts with what it said after timeout_ms. */
void           ts_test_process_wait_for_output (TsTestProcess  *self,
                                                const char     *text,
                                                guint           count,
                                                guint           timeout_ms);

/* A request to it: the status, and the answer as JSON when asked. */
guint          ts_test_process_http       (TsTestProcess       *self,
                                           const char          *method,
                                           const char          *path,
                                           const char          *token,
                                           const char          *body,
                                           JsonNode           **out_answer);
/* Signs in at outlet (NULL: the Master User); aborts unless 201. */
char          *ts_test_process_sign_in    (TsTestProcess       *self,
                                           const char          *outlet,
                                           const char          *login,
                                           const char          *password);
/* An answer that comes later: set by ts_test_process_post_async. */
typedef struct
{
  gboolean  answered;
  guint     status;
  GError   *error;        /* no answer at all: the server was killed, say */
} TsTestAnswer;

/* POSTs a JSON body on session without waiting; *answer is filled when the
 * answer comes (this thread's main context must be iterated). */
void           ts_test_process_post_async (TsTestProcess       *self,
                                           SoupSession         *session,
                                           const char          *path,
                                           const char          *token,
                                           const char          *body,
                                           TsTestAnswer        *answer);
/* SQL as the owner role: the first value as a whole number (aborts on NULL). */
gint64         ts_test_process_owner_int  (TsTestProcess       *self,
                                           const char          *format,
                                           ...) G_GNUC_PRINTF (2, 3);

/* Runs the tessera-server program with args to its end: its exit status,
 * and in *out_output what it printed (stdout and stderr). */
int            ts_test_process_run        (const char * const  *args,
                                           char               **out_output);
/* A new directory under /tmp, mode 0755 (the cluster's account reaches it
 * as root); removed by ts_test_process_remove_tree unless TESSERA_TEST_KEEP. */
char          *ts_test_process_make_dir   (const char          *prefix);
void           ts_test_process_remove_tree (const char         *dir);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsTestProcess, ts_test_process_free)

G_END_DECLS
