/* ts-till-close-dialog.c — closing one employee's till for a day: counted against taken (A4)
 *
 * What the till took by method comes from GET /accounts/till for the day
 * (the dialog is ready once it has it); one line per method the till took
 * or the outlet's tills take.  The over or short is shown as amounts are
 * typed, as the server will compute it (counted less taken); an empty
 * field counts as nothing.  Money is typed in dollars and cents and sent
 * in cents, never through a double (ts_money_parse). */
#include <glib/gi18n.h>

#include "ts-api-accounts.h"
#include "ts-api-reports.h"
#include "ts-format.h"
#include "ts-money.h"
#include "ts-order-format.h"
#include "ts-till-close-dialog.h"
#include "ts-till-close-dialog-private.h"

struct _TsTillCloseDialog
{
  TsDialog      parent_instance;

  GtkLabel     *whose_label;
  GtkGrid      *counts_grid;
  GtkLabel     *over_short_label;
  GtkEntry     *note_entry;

  char         *date;
  gint64        employee_id;
  GPtrArray    *methods;        /* char *, one line each */
  GPtrArray    *entries;        /* GtkEntry, the same order */
  JsonObject   *taken;          /* cents by method */
};

G_DEFINE_FINAL_TYPE (TsTillCloseDialog, ts_till_close_dialog, TS_TYPE_DIALOG)

static gint64
taken_for (TsTillCloseDialog *self,
           const char        *method)
{
  return self->taken != NULL ? json_object_get_int_member_with_default (self->taken, method, 0) : 0;
}

/* Counted less taken, or FALSE with the field that does not read as money. */
static gboolean
over_short (TsTillCloseDialog  *self,
            gint64             *cents,
            guint              *bad)
{
  *cents = 0;
  for (guint i = 0; i < self->entries->len; i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (g_ptr_array_index (self->entries, i)));
      gint64 counted = 0;

      if (*text != '\0' && !ts_money_parse (text, &counted, NULL))
        {
          *bad = i;
          return FALSE;
        }
      *cents += counted - taken_for (self, g_ptr_array_index (self->methods, i));
    }
  return TRUE;
}

static void
update_over_short (TsTillCloseDialog *self)
{
  g_autofree char *text = NULL;
  g_autofree char *money = NULL;
  gint64 cents;
  guint bad;

  if (!over_short (self, &cents, &bad))
    text = g_strdup (_("Type each amount counted in dollars and cents."));
  else if (cents == 0)
    text = g_strdup (_("What was counted is what the till took."));
  else
    {
      money = ts_format_money (ABS (cents));
      text = g_strdup_printf (cents > 0 ? _("Over by %s.") : _("Short by %s."), money);
    }
  gtk_label_set_text (self->over_short_label, text);
}

static void
add_method (TsTillCloseDialog *self,
            const char        *method)
{
  guint row = self->methods->len + 1;
  GtkWidget *label = gtk_label_new (ts_order_method_name (method));
  g_autofree char *money = ts_format_money (taken_for (self, method));
  GtkWidget *taken = gtk_label_new (money);
  GtkWidget *entry = gtk_entry_new ();

  for (guint i = 0; i < self->methods->len; i++)
    if (g_str_equal (g_ptr_array_index (self->methods, i), method))
      return;
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_label_set_xalign (GTK_LABEL (taken), 1);
  gtk_editable_set_alignment (GTK_EDITABLE (entry), 1);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 10);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "0.00");
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (update_over_short), self);
  gtk_grid_attach (self->counts_grid, label, 0, row, 1, 1);
  gtk_grid_attach (self->counts_grid, taken, 1, row, 1, 1);
  gtk_grid_attach (self->counts_grid, entry, 2, row, 1, 1);
  g_ptr_array_add (self->methods, g_strdup (method));
  g_ptr_array_add (self->entries, entry);
}

/* What the till took, by method, for the employee and the day. */
static void
till_loaded (TsDialog     *dialog,
             JsonNode     *answer,
             const GError *error)
{
  TsTillCloseDialog *self = TS_TILL_CLOSE_DIALOG (dialog);
  JsonNode *node = answer != NULL && JSON_NODE_HOLDS_OBJECT (answer) ? json_object_get_member (json_node_get_object (answer), "employees") : NULL;
  JsonArray *employees = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  const char * const *accepted = ts_api_client_get_payment_methods (ts_dialog_get_client (dialog));

  for (guint i = 0; employees != NULL && i < json_array_get_length (employees); i++)
    {
      JsonObject *row = json_array_get_object_element (employees, i);
      JsonNode *by = json_object_get_member (row, "by_method");

      if (json_object_get_int_member_with_default (row, "employee_id", 0) == self->employee_id
          && by != NULL && JSON_NODE_HOLDS_OBJECT (by))
        self->taken = json_object_ref (json_node_get_object (by));
    }
  /* cash first: what a till counts most */
  add_method (self, "cash");
  if (self->taken != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (self->taken);

      for (GList *l = members; l != NULL; l = l->next)
        add_method (self, l->data);
    }
  for (guint i = 0; accepted != NULL && accepted[i] != NULL; i++)
    if (g_str_equal (accepted[i], "cheque") || g_str_equal (accepted[i], "card"))
      add_method (self, accepted[i]);
  update_over_short (self);
  gtk_widget_grab_focus (g_ptr_array_index (self->entries, 0));
  ts_dialog_set_ready (dialog, TRUE);
}

static void
submit (TsDialog *dialog)
{
  TsTillCloseDialog *self = TS_TILL_CLOSE_DIALOG (dialog);
  g_autoptr(JsonObject) counted = json_object_new ();
  gint64 cents;
  guint bad;

  if (!over_short (self, &cents, &bad))
    {
      g_autofree char *message = g_strdup_printf (_("%s: type the amount counted in dollars and cents."),
                                                  ts_order_method_name (g_ptr_array_index (self->methods, bad)));

      ts_dialog_refuse (dialog, g_ptr_array_index (self->entries, bad), message);
      return;
    }
  for (guint i = 0; i < self->entries->len; i++)
    {
      gint64 amount = 0;
      const char *text = gtk_editable_get_text (GTK_EDITABLE (g_ptr_array_index (self->entries, i)));

      if (*text != '\0')
        ts_money_parse (text, &amount, NULL);
      json_object_set_int_member (counted, g_ptr_array_index (self->methods, i), amount);
    }
  ts_api_client_close_till_async (ts_dialog_get_client (dialog), self->date, self->employee_id, counted,
                                  gtk_editable_get_text (GTK_EDITABLE (self->note_entry)),
                                  ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                  ts_dialog_submission (dialog, NULL));
}

static void
ts_till_close_dialog_dispose (GObject *object)
{
  TsTillCloseDialog *self = TS_TILL_CLOSE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_TILL_CLOSE_DIALOG);
  g_clear_pointer (&self->taken, json_object_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  G_OBJECT_CLASS (ts_till_close_dialog_parent_class)->dispose (object);
}

static void
ts_till_close_dialog_finalize (GObject *object)
{
  TsTillCloseDialog *self = TS_TILL_CLOSE_DIALOG (object);

  g_free (self->date);
  g_ptr_array_unref (self->methods);
  G_OBJECT_CLASS (ts_till_close_dialog_parent_class)->finalize (object);
}

static void
ts_till_close_dialog_class_init (TsTillCloseDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ts_till_close_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = ts_till_close_dialog_finalize;
  TS_DIALOG_CLASS (klass)->submit = submit;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-till-close-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsTillCloseDialog, whose_label);
  gtk_widget_class_bind_template_child (widget_class, TsTillCloseDialog, counts_grid);
  gtk_widget_class_bind_template_child (widget_class, TsTillCloseDialog, over_short_label);
  gtk_widget_class_bind_template_child (widget_class, TsTillCloseDialog, note_entry);
}

static void
ts_till_close_dialog_init (TsTillCloseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->methods = g_ptr_array_new_with_free_func (g_free);
  self->entries = g_ptr_array_new ();
  ts_dialog_set_ready (TS_DIALOG (self), FALSE);
}

TsTillCloseDialog *
ts_till_close_dialog_new (GtkWindow   *parent,
                          TsApiClient *client,
                          const char  *date,
                          gint64       employee_id,
                          const char  *name)
{
  TsTillCloseDialog *self = g_object_new (TS_TYPE_TILL_CLOSE_DIALOG, "transient-for", parent, "client", client, NULL);
  g_autofree char *whose = g_strdup_printf (_("%s’s till, %s"), name, date);

  self->date = g_strdup (date);
  self->employee_id = employee_id;
  gtk_label_set_text (self->whose_label, whose);
  ts_api_client_get_till_async (client, date, 0, ts_dialog_get_cancellable (TS_DIALOG (self)), ts_dialog_answered,
                                ts_dialog_call (TS_DIALOG (self), till_loaded));
  return self;
}

gboolean
_ts_till_close_dialog_set_counted (TsTillCloseDialog *self,
                                   const char        *method,
                                   const char        *text)
{
  for (guint i = 0; i < self->methods->len; i++)
    if (g_str_equal (g_ptr_array_index (self->methods, i), method))
      {
        gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (self->entries, i)), text);
        return TRUE;
      }
  return FALSE;
}

const char *
_ts_till_close_dialog_get_over_short (TsTillCloseDialog *self)
{
  return gtk_label_get_text (self->over_short_label);
}
