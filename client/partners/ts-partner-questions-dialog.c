/* ts-partner-questions-dialog.c — the questions a sale asks the purchaser
 * for partner companies (K3)
 *
 * One row per partner: its name, what it says of itself, and Yes / No /
 * Not asked, "Not asked" chosen until the agent answers (nothing is recorded
 * for it, and the patron is asked next time).  It is made for the keyboard:
 * the first answer has the focus, each choice has its mnemonic, and Enter
 * continues the sale from anywhere but the Cancel button.  The dialog sends
 * nothing itself: the answers go into the sale's POST /orders. */
#include <glib/gi18n.h>

#include "ts-partner-questions-dialog-private.h"

struct _TsPartnerQuestionsDialog
{
  TsDialog      parent_instance;

  GtkBox       *rows_box;

  JsonArray    *questions;
  GPtrArray    *choices;       /* per question, its three check buttons: yes, no, not asked */
};

G_DEFINE_FINAL_TYPE (TsPartnerQuestionsDialog, ts_partner_questions_dialog, TS_TYPE_DIALOG)

enum { ANSWERED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char * const answers[] = { "yes", "no", "not_asked" };

static void
submit (TsDialog *dialog)
{
  TsPartnerQuestionsDialog *self = TS_PARTNER_QUESTIONS_DIALOG (dialog);
  g_autoptr(JsonArray) chosen = json_array_new ();

  for (guint i = 0; i < json_array_get_length (self->questions); i++)
    {
      JsonObject *question = json_array_get_object_element (self->questions, i);
      GtkCheckButton **checks = g_ptr_array_index (self->choices, i);
      JsonObject *answer = json_object_new ();
      const char *value = "not_asked";

      for (guint c = 0; c < G_N_ELEMENTS (answers); c++)
        if (gtk_check_button_get_active (checks[c]))
          value = answers[c];
      json_object_set_int_member (answer, "partner_company_id",
                                  json_object_get_int_member_with_default (question, "partner_company_id", 0));
      json_object_set_string_member (answer, "answer", value);
      json_array_add_object_element (chosen, answer);
    }
  g_signal_emit (self, signals[ANSWERED], 0, chosen);
  gtk_window_close (GTK_WINDOW (self));
}

/* Enter continues the sale, even from a choice (whose own Enter would only
 * choose it again); on a button (Cancel) it presses that button. */
static gboolean
on_key_pressed (GtkEventControllerKey    *controller,
                guint                     keyval,
                guint                     keycode,
                GdkModifierType           state,
                TsPartnerQuestionsDialog *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return FALSE;
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;
  if (focus != NULL && GTK_IS_BUTTON (focus))
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self), "dialog.submit", NULL);
}

static GtkWidget *
question_row (TsPartnerQuestionsDialog *self,
              JsonObject               *question)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *name = gtk_label_new (json_object_get_string_member_with_default (question, "name", ""));
  const char *about = json_object_get_string_member_with_default (question, "web_description", "");
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkCheckButton **checks = g_new0 (GtkCheckButton *, G_N_ELEMENTS (answers));
  const char *labels[] = { N_("_Yes"), N_("_No"), N_("Not _asked") };

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_widget_add_css_class (name, "heading");
  gtk_box_append (GTK_BOX (row), name);
  if (about != NULL && *about != '\0')
    {
      GtkWidget *label = gtk_label_new (about);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (row), label);
    }
  for (guint c = 0; c < G_N_ELEMENTS (answers); c++)
    {
      checks[c] = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_(labels[c])));
      if (c > 0)
        gtk_check_button_set_group (checks[c], checks[0]);
      gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (checks[c]));
    }
  /* nothing is recorded until the agent asks */
  gtk_check_button_set_active (checks[2], TRUE);
  gtk_box_append (GTK_BOX (row), buttons);
  g_ptr_array_add (self->choices, checks);
  return row;
}

static void
ts_partner_questions_dialog_dispose (GObject *object)
{
  TsPartnerQuestionsDialog *self = TS_PARTNER_QUESTIONS_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_PARTNER_QUESTIONS_DIALOG);
  g_clear_pointer (&self->questions, json_array_unref);
  G_OBJECT_CLASS (ts_partner_questions_dialog_parent_class)->dispose (object);
}

static void
ts_partner_questions_dialog_finalize (GObject *object)
{
  g_ptr_array_unref (TS_PARTNER_QUESTIONS_DIALOG (object)->choices);
  G_OBJECT_CLASS (ts_partner_questions_dialog_parent_class)->finalize (object);
}

static void
ts_partner_questions_dialog_class_init (TsPartnerQuestionsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_partner_questions_dialog_dispose;
  object_class->finalize = ts_partner_questions_dialog_finalize;
  TS_DIALOG_CLASS (klass)->submit = submit;

  signals[ANSWERED] = g_signal_new ("answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, JSON_TYPE_ARRAY);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-partner-questions-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsPartnerQuestionsDialog, rows_box);
  gtk_widget_class_bind_template_callback (widget_class, on_key_pressed);
}

static void
ts_partner_questions_dialog_init (TsPartnerQuestionsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->choices = g_ptr_array_new_with_free_func (g_free);
}

TsPartnerQuestionsDialog *
ts_partner_questions_dialog_new (GtkWindow *parent,
                                 JsonArray *questions)
{
  TsPartnerQuestionsDialog *self = g_object_new (TS_TYPE_PARTNER_QUESTIONS_DIALOG, "transient-for", parent, NULL);

  g_return_val_if_fail (questions != NULL, self);
  self->questions = json_array_ref (questions);
  for (guint i = 0; i < json_array_get_length (questions); i++)
    {
      if (i > 0)
        gtk_box_append (self->rows_box, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
      gtk_box_append (self->rows_box, question_row (self, json_array_get_object_element (questions, i)));
    }
  /* the keyboard starts on the first question's Yes */
  if (self->choices->len > 0)
    gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (((GtkCheckButton **) g_ptr_array_index (self->choices, 0))[0]));
  return self;
}

/* Tests ---------------------------------------------------------------------------- */

gboolean
_ts_partner_questions_dialog_choose (TsPartnerQuestionsDialog *self,
                                     guint                     index,
                                     const char               *answer)
{

  if (index >= self->choices->len)
    return FALSE;
  for (guint c = 0; c < G_N_ELEMENTS (answers); c++)
    if (g_strcmp0 (answer, answers[c]) == 0)
      {
        gtk_check_button_set_active (((GtkCheckButton **) g_ptr_array_index (self->choices, index))[c], TRUE);
        return TRUE;
      }
  return FALSE;
}

const char *
_ts_partner_questions_dialog_get_answer (TsPartnerQuestionsDialog *self,
                                         guint                     index)
{
  GtkCheckButton **checks;

  if (index >= self->choices->len)
    return NULL;
  checks = g_ptr_array_index (self->choices, index);
  for (guint c = 0; c < G_N_ELEMENTS (answers); c++)
    if (gtk_check_button_get_active (checks[c]))
      return answers[c];
  return NULL;
}
