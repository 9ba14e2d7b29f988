/* ts-list-tab-stop.c — Tab leaves a list box at once, whichever row has the focus */
#include "ts-list-tab-stop.h"

static gboolean
on_list_key (GtkWidget             *list,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             GtkEventControllerKey *controller)
{
  GtkRoot *root = gtk_widget_get_root (list);
  GtkDirectionType direction;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab)
    return FALSE;
  if (root == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  direction = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD;
  /* the focus moves on from the list as if its rows were not there */
  gtk_widget_set_can_focus (list, FALSE);
  if (!gtk_widget_child_focus (GTK_WIDGET (root), direction))
    gtk_widget_child_focus (GTK_WIDGET (root), direction);     /* round from the end to the start */
  gtk_widget_set_can_focus (list, TRUE);
  return TRUE;
}

void
ts_list_tab_stop_install (GtkListBox *list)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_return_if_fail (GTK_IS_LIST_BOX (list));
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_list_key), list);
  gtk_widget_add_controller (GTK_WIDGET (list), keys);
}
