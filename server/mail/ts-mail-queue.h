/* ts-mail-queue.h — sends the mail_queue over SMTP (issue 14)
 *
 * A thread of its own with a database connection of its own (it holds a
 * row lock for the time of an SMTP exchange, which must not take a pool
 * worker): it LISTENs on tessera_mail, and after start, on each
 * notification and every few seconds, claims the messages due one at a time
 * (FOR UPDATE SKIP LOCKED: two servers never send one twice), sends it,
 * marks it sent, or puts it back with a back-off (ts_mail_failed).  A
 * server that dies while sending leaves the row unlocked and unsent: the
 * next server sends it. */
#pragma once

#include <gio/gio.h>

#include "ts-smtp-client.h"

G_BEGIN_DECLS

#define TS_TYPE_MAIL_QUEUE (ts_mail_queue_get_type ())
G_DECLARE_FINAL_TYPE (TsMailQueue, ts_mail_queue, TS, MAIL_QUEUE, GObject)

/* conninfo: the application role's.  retry_seconds: the first back-off
 * after a failure (doubling up to an hour).  With no settings->host the
 * queue sends nothing and says so once. */
TsMailQueue *ts_mail_queue_new   (const char           *conninfo,
                                  const TsSmtpSettings *settings,
                                  guint                 retry_seconds);
void         ts_mail_queue_start (TsMailQueue          *self);
/* Looks for due mail now (and on every NOTIFY tessera_mail anyway). */
void         ts_mail_queue_wake  (TsMailQueue          *self);
/* Stops the thread; a message being sent is finished or left unsent. */
void         ts_mail_queue_stop  (TsMailQueue          *self);
/* Messages this queue has handed to the SMTP server (tests, monitoring). */
guint        ts_mail_queue_get_sent (TsMailQueue       *self);

G_END_DECLS
