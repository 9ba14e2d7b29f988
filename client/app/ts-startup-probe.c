/* ts-startup-probe.c — what bench/bench-client-memory waits for: a line on
 * standard output once a frame showing something has been drawn
 *
 * A bench in another process cannot see GTK's state; it can read a pipe.
 * The line comes after the frame (the frame clock's "after-paint"), so a
 * time measured up to it includes the drawing a person waits for. */
#include <stdio.h>

#include "ts-startup-probe.h"

typedef struct
{
  char     *line;
  GdkFrameClock *clock;
  gulong    handler;
} Pending;

static void
pending_free (gpointer  data,
              GClosure *closure)
{
  Pending *pending = data;

  g_free (pending->line);
  g_clear_object (&pending->clock);
  g_free (pending);
}

static void
after_paint (GdkFrameClock *clock,
             gpointer       user_data)
{
  Pending *pending = user_data;

  fputs (pending->line, stdout);
  fflush (stdout);
  /* frees pending */
  g_signal_handler_disconnect (clock, pending->handler);
}

static void
watch_next_frame (GtkWidget  *widget,
                  const char *line)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  Pending *pending;

  if (clock == NULL)
    return;
  pending = g_new0 (Pending, 1);
  pending->line = g_strdup (line);
  pending->clock = g_object_ref (clock);
  pending->handler = g_signal_connect_data (clock, "after-paint", G_CALLBACK (after_paint), pending,
                                            pending_free, 0);
  gtk_widget_queue_draw (widget);
}

static void
line_free (gpointer  data,
           GClosure *closure)
{
  g_free (data);
}

static void
on_map (GtkWidget *widget,
        gpointer   user_data)
{
  g_autofree char *line = g_strdup (user_data);

  /* frees user_data */
  g_signal_handlers_disconnect_by_func (widget, on_map, user_data);
  watch_next_frame (widget, line);
}

gboolean
ts_startup_probe_enabled (void)
{
  const char *probe = g_getenv ("TESSERA_STARTUP_PROBE");

  return probe != NULL && *probe != '\0' && g_strcmp0 (probe, "0") != 0;
}

void
ts_startup_probe_after_frame (GtkWidget  *widget,
                              const char *event,
                              const char *detail)
{
  g_autofree char *line = NULL;

  if (!ts_startup_probe_enabled ())
    return;
  line = g_strdup_printf ("tessera-probe: %s%s%s\n", event, detail ? " " : "", detail ? detail : "");
  if (gtk_widget_get_mapped (widget))
    watch_next_frame (widget, line);
  else
    g_signal_connect_data (widget, "map", G_CALLBACK (on_map), g_steal_pointer (&line),
                           line_free, 0);
}
