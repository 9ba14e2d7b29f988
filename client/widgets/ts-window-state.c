/* ts-window-state.c — remembered window sizes and pane positions, one group
 * of a key file per window name */
#include <errno.h>

#include <glib/gstdio.h>

#include "ts-window-state.h"

#define NAME_KEY "ts-window-state-name"

char *
ts_window_state_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "tessera", "window-state.ini", NULL);
}

static GKeyFile *
load (void)
{
  GKeyFile *file = g_key_file_new ();
  g_autofree char *path = ts_window_state_path ();

  /* A missing or damaged file only means nothing is remembered yet. */
  g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL);
  return file;
}

/* The Ts widget a pane belongs to ("TsSalesPage"), so that the key stays the
 * same whichever window or page holds it. */
static const char *
pane_owner (GtkWidget *paned)
{
  for (GtkWidget *w = gtk_widget_get_parent (paned); w != NULL; w = gtk_widget_get_parent (w))
    if (g_str_has_prefix (G_OBJECT_TYPE_NAME (w), "Ts"))
      return G_OBJECT_TYPE_NAME (w);
  return "window";
}

typedef void (*PaneFunc) (GtkPaned *paned, const char *key, gpointer data);

static void
walk_panes (GtkWidget  *widget,
            GHashTable *counts,
            PaneFunc    func,
            gpointer    data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_PANED (child))
        {
          const char *owner = pane_owner (child);
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, owner));
          g_autofree char *key = g_strdup_printf ("%s-pane%u", owner, n);

          g_hash_table_insert (counts, (gpointer) owner, GUINT_TO_POINTER (n + 1));
          func (GTK_PANED (child), key, data);
        }
      walk_panes (child, counts, func, data);
    }
}

static void
for_each_pane (GtkWindow *window,
               PaneFunc   func,
               gpointer   data)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);

  walk_panes (GTK_WIDGET (window), counts, func, data);
}

typedef struct
{
  GKeyFile   *file;
  const char *group;
} Pane;

static void
restore_pane (GtkPaned   *paned,
              const char *key,
              gpointer    data)
{
  Pane *pane = data;
  g_autoptr(GError) error = NULL;
  int position = g_key_file_get_integer (pane->file, pane->group, key, &error);

  if (error == NULL && position > 0)
    gtk_paned_set_position (paned, position);
}

static void
save_pane (GtkPaned   *paned,
           const char *key,
           gpointer    data)
{
  Pane *pane = data;
  gboolean moved = FALSE;

  /* Only where a person put it (or where he had put it last time): a
   * position GTK chose for this content and size is chosen again for the
   * next, which may need other widths (another outlet, another language). */
  g_object_get (paned, "position-set", &moved, NULL);
  if (!moved)
    g_key_file_remove_key (pane->file, pane->group, key, NULL);
  /* a pane never laid out (a page never shown) has no position to keep */
  else if (gtk_widget_get_width (GTK_WIDGET (paned)) > 0 || gtk_widget_get_height (GTK_WIDGET (paned)) > 0)
    g_key_file_set_integer (pane->file, pane->group, key, gtk_paned_get_position (paned));
}

void
ts_window_state_save (GtkWindow *window)
{
  const char *name = g_object_get_data (G_OBJECT (window), NAME_KEY);
  g_autoptr(GKeyFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  gboolean maximized;
  int width, height;
  Pane pane;

  if (name == NULL)
    return;
  file = load ();
  maximized = gtk_window_is_maximized (window);
  /* GTK keeps the size a person gave the window as its default size; a
   * maximized window keeps the size it will return to. */
  gtk_window_get_default_size (window, &width, &height);
  if (width > 0 && height > 0)
    {
      g_key_file_set_integer (file, name, "width", width);
      g_key_file_set_integer (file, name, "height", height);
    }
  g_key_file_set_boolean (file, name, "maximized", maximized);
  pane = (Pane) { file, name };
  for_each_pane (window, save_pane, &pane);

  path = ts_window_state_path ();
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0 || !g_key_file_save_to_file (file, path, &error))
    g_debug ("Cannot remember the window layout in %s: %s", path,
             error != NULL ? error->message : g_strerror (errno));
}

static gboolean
on_close_request (GtkWindow *window,
                  gpointer   user_data)
{
  ts_window_state_save (window);
  return FALSE;
}

/* Destroyed without a close request (sign-out): still unrealized first,
 * with its content in place. */
static void
on_unrealize (GtkWidget *widget,
              gpointer   user_data)
{
  ts_window_state_save (GTK_WINDOW (widget));
}

void
ts_window_state_track (GtkWindow  *window,
                       const char *name)
{
  g_autoptr(GKeyFile) file = load ();
  g_autoptr(GError) error = NULL;
  int width, height;
  Pane pane = { file, name };

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (name != NULL);

  g_object_set_data_full (G_OBJECT (window), NAME_KEY, g_strdup (name), g_free);
  width = g_key_file_get_integer (file, name, "width", &error);
  if (error == NULL)
    height = g_key_file_get_integer (file, name, "height", &error);
  if (error == NULL && width > 0 && height > 0)
    gtk_window_set_default_size (window, width, height);
  if (g_key_file_get_boolean (file, name, "maximized", NULL))
    gtk_window_maximize (window);
  for_each_pane (window, restore_pane, &pane);

  g_signal_connect (window, "close-request", G_CALLBACK (on_close_request), NULL);
  g_signal_connect (window, "unrealize", G_CALLBACK (on_unrealize), NULL);
}
