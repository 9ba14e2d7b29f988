/* ts-employee-editor-dialog.c — the level list offers only what the signed-in
 * person may grant (C2, C5); dates and passwords are checked before sending.
 * A new employee is a person: an existing patron record found with the
 * patron search (someone who already works for another outlet, or a
 * patron), or a new person from the names typed (C3: one person, an
 * employee record per outlet). */
#include <glib/gi18n.h>

#include "ts-error.h"
#include "ts-level.h"
#include "ts-patron-picker-private.h"
#include "ts-validate.h"
#include "ts-employee-editor-dialog-private.h"

struct _TsEmployeeEditorDialog
{
  TsDialog     parent_instance;

  GtkEntry    *first_entry;
  GtkEntry    *last_entry;
  GtkEntry    *login_entry;
  GtkDropDown *level_dropdown;
  GtkPasswordEntry *password_entry;
  GtkEntry    *hired_entry;
  GtkEntry    *resigned_entry;
  GtkLabel    *hint_label;
  GtkWidget   *person_caption;
  GtkWidget   *person_box;
  TsPatronPicker *person_picker;
  GtkWidget   *person_linked_box;
  GtkLabel    *person_label;
  GtkWidget   *person_hint;

  gint64       person_id;       /* the patron record linked, 0 for a new person */
  gint64       outlet_id;
  gint64       employee_id;     /* 0 when adding */
  GArray      *levels;          /* TsLevel, parallel to the drop-down */
};

G_DEFINE_FINAL_TYPE (TsEmployeeEditorDialog, ts_employee_editor_dialog, TS_TYPE_DIALOG)

static const char *
text_of (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static void
add_date (JsonBuilder *builder,
          const char  *member,
          const char  *text)
{
  json_builder_set_member_name (builder, member);
  if (*text == '\0')
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, text);
}

/* Person (C3) ----------------------------------------------------------------- */

/* The names are the patron record's: they are changed in the patron's
 * record, not here. */
static void
link_person (TsEmployeeEditorDialog *self,
             gint64                  patron_id,
             const char             *name,
             const char             *first_name,
             const char             *last_name)
{
  g_autofree char *text = NULL;

  self->person_id = patron_id;
  gtk_editable_set_text (GTK_EDITABLE (self->first_entry), first_name ? first_name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->last_entry), last_name ? last_name : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->first_entry), patron_id == 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->last_entry), patron_id == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->person_picker), patron_id == 0);
  gtk_widget_set_visible (self->person_hint, patron_id == 0);
  gtk_widget_set_visible (self->person_linked_box, patron_id != 0);
  if (patron_id != 0)
    {
      text = g_strdup_printf (_("%s — their patron record"), name);
      gtk_label_set_text (self->person_label, text);
      gtk_widget_grab_focus (GTK_WIDGET (self->login_entry));
    }
  else
    {
      ts_patron_picker_clear (self->person_picker);
      gtk_widget_grab_focus (GTK_WIDGET (self->first_entry));
    }
}

static void
on_person_chosen (TsEmployeeEditorDialog *self,
                  JsonObject             *patron,
                  TsPatronPicker         *picker)
{
  g_autofree char *name = ts_patron_picker_display_name (patron);

  link_person (self, json_object_get_int_member_with_default (patron, "id", 0), name,
               json_object_get_string_member_with_default (patron, "first_name", ""),
               json_object_get_string_member_with_default (patron, "last_name", ""));
}

static void
on_person_unlinked (TsEmployeeEditorDialog *self)
{
  link_person (self, 0, NULL, NULL, NULL);
}

static void
submit (TsDialog *dialog)
{
  TsEmployeeEditorDialog *self = TS_EMPLOYEE_EDITOR_DIALOG (dialog);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  const char *password = text_of (self->password_entry);
  const char *hired = text_of (self->hired_entry);
  const char *resigned = text_of (self->resigned_entry);
  guint selected = gtk_drop_down_get_selected (self->level_dropdown);
  TsLevel level;

  if (!ts_validate_required (_("Last name"), text_of (self->last_entry), 80, &error)
      || !ts_validate_login (_("Login"), text_of (self->login_entry), &error)
      || ((self->employee_id == 0 || *password != '\0') && !ts_validate_password (_("Password"), password, &error))
      || (*hired != '\0' && !ts_validate_date (_("Hired on"), hired, &error))
      || (*resigned != '\0' && !ts_validate_date (_("Resigned on"), resigned, &error)))
    {
      ts_dialog_set_message (dialog, error->message);
      return;
    }
  if (*hired != '\0' && *resigned != '\0' && g_strcmp0 (resigned, hired) < 0)
    {
      ts_dialog_set_message (dialog, _("The resigned date cannot be before the hired date."));
      return;
    }
  if (selected >= self->levels->len)
    {
      ts_dialog_set_message (dialog, _("Choose a level."));
      return;
    }
  level = g_array_index (self->levels, TsLevel, selected);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, text_of (self->login_entry));
  json_builder_set_member_name (builder, "level");
  json_builder_add_string_value (builder, ts_level_to_string (level));
  if (*password != '\0')
    {
      json_builder_set_member_name (builder, "password");
      json_builder_add_string_value (builder, password);
    }
  add_date (builder, "hired_on", hired);
  add_date (builder, "resigned_on", resigned);
  if (self->person_id != 0)
    {
      /* C3: the person's existing record; the server refuses a person
       * already employed by this outlet */
      json_builder_set_member_name (builder, "person_id");
      json_builder_add_int_value (builder, self->person_id);
      json_builder_end_object (builder);
      body = json_builder_get_root (builder);
      ts_api_client_create_employee_async (ts_dialog_get_client (dialog), self->outlet_id, body,
                                           ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                           ts_dialog_submission (dialog, NULL));
      return;
    }
  json_builder_set_member_name (builder, "person");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "first_name");
  if (*text_of (self->first_entry) == '\0')
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, text_of (self->first_entry));
  json_builder_set_member_name (builder, "last_name");
  json_builder_add_string_value (builder, text_of (self->last_entry));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  if (self->employee_id == 0)
    ts_api_client_create_employee_async (ts_dialog_get_client (dialog), self->outlet_id, body,
                                         ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                         ts_dialog_submission (dialog, NULL));
  else
    ts_api_client_patch_employee_async (ts_dialog_get_client (dialog), self->employee_id, body,
                                        ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                        ts_dialog_submission (dialog, NULL));
}

static void
ts_employee_editor_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_EMPLOYEE_EDITOR_DIALOG);
  G_OBJECT_CLASS (ts_employee_editor_dialog_parent_class)->dispose (object);
}

static void
ts_employee_editor_dialog_finalize (GObject *object)
{
  g_array_unref (TS_EMPLOYEE_EDITOR_DIALOG (object)->levels);
  G_OBJECT_CLASS (ts_employee_editor_dialog_parent_class)->finalize (object);
}

static void
ts_employee_editor_dialog_class_init (TsEmployeeEditorDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_employee_editor_dialog_dispose;
  object_class->finalize = ts_employee_editor_dialog_finalize;
  TS_DIALOG_CLASS (klass)->submit = submit;
  g_type_ensure (TS_TYPE_PATRON_PICKER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-employee-editor-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsEmployeeEditorDialog, first_entry);
  gtk_widget_class_bind_template_child (widget_class, TsEmployeeEditorDialog, last_entry);
  gtk_widget_class_bind_template_child (widget_class, TsEmployeeEditorDialog, login_entry);
  gtk_widget_class_bind_template_child (widget_class, TsEmployeeEditorDialog, level_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsEmployeeEditorDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, TsEmployeeEditorDialog, hired_entry);
  gtk_widget_class_bind_template_child (widget_class, TsEmployeeEditorDialog, resigned_entry);
  gtk_widget_class_bind_template_child (widget_class, TsEmployeeEditorDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, TsEmployeeEditorDialog, person_caption);
  gtk_widget_class_bind_template_child (widget_class, TsEmployeeEditorDialog, person_box);
  gtk_widget_class_bind_template_child (widget_class, TsEmployeeEditorDialog, person_picker);
  gtk_widget_class_bind_template_child (widget_class, TsEmployeeEditorDialog, person_linked_box);
  gtk_widget_class_bind_template_child (widget_class, TsEmployeeEditorDialog, person_label);
  gtk_widget_class_bind_template_child (widget_class, TsEmployeeEditorDialog, person_hint);
  gtk_widget_class_bind_template_callback (widget_class, on_person_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_person_unlinked);
}

static void
ts_employee_editor_dialog_init (TsEmployeeEditorDialog *self)
{
  self->levels = g_array_new (FALSE, FALSE, sizeof (TsLevel));
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
set_text (GtkEntry   *entry,
          JsonObject *object,
          const char *member)
{
  const char *value = object ? json_object_get_string_member_with_default (object, member, NULL) : NULL;

  gtk_editable_set_text (GTK_EDITABLE (entry), value ? value : "");
}

TsEmployeeEditorDialog *
ts_employee_editor_dialog_new (GtkWindow   *parent,
                               TsApiClient *client,
                               gint64       outlet_id,
                               JsonObject  *employee)
{
  TsEmployeeEditorDialog *self = g_object_new (TS_TYPE_EMPLOYEE_EDITOR_DIALOG, "transient-for", parent,
                                               "client", client, NULL);
  TsLevel actor = ts_api_client_get_level (client);
  TsLevel current = TS_LEVEL_STAFF;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  self->outlet_id = outlet_id;
  ts_patron_picker_set_client (self->person_picker, client);

  if (employee != NULL)
    {
      JsonObject *person = json_object_get_object_member (employee, "person");

      self->employee_id = json_object_get_int_member (employee, "id");
      ts_level_from_string (json_object_get_string_member_with_default (employee, "level", ""), &current);
      set_text (self->first_entry, person, "first_name");
      set_text (self->last_entry, person, "last_name");
      set_text (self->login_entry, employee, "login");
      set_text (self->hired_entry, employee, "hired_on");
      set_text (self->resigned_entry, employee, "resigned_on");
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Employee"));
      /* the person stays the same; the names edit the person's record */
      gtk_widget_set_visible (self->person_caption, FALSE);
      gtk_widget_set_visible (self->person_box, FALSE);
      gtk_label_set_text (self->hint_label, _("Leave the password empty to keep it."));
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Employee"));
      gtk_label_set_text (self->hint_label, _("The password needs at least 8 characters."));
    }

  /* C2/C5: only levels the signed-in person may grant; an employee's
   * current level stays listed so the dialog shows it. */
  for (TsLevel level = TS_LEVEL_NO_ACCESS; level < TS_LEVEL_MASTER; level++)
    {
      if (!ts_level_can_grant (actor, level) && level != current)
        continue;
      if (level == current)
        selected = self->levels->len;
      g_array_append_val (self->levels, level);
      gtk_string_list_append (names, ts_level_display_name (level));
    }
  gtk_drop_down_set_model (self->level_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->level_dropdown, selected);
  return self;
}

void
_ts_employee_editor_dialog_search_person (TsEmployeeEditorDialog *self,
                                          const char             *text)
{
  _ts_patron_picker_search (self->person_picker, text);
}

guint
_ts_employee_editor_dialog_get_searches_answered (TsEmployeeEditorDialog *self)
{
  return _ts_patron_picker_get_answers (self->person_picker);
}

guint
_ts_employee_editor_dialog_count_people (TsEmployeeEditorDialog *self)
{
  return ts_patron_picker_get_found (self->person_picker);
}

gboolean
_ts_employee_editor_dialog_choose_person (TsEmployeeEditorDialog *self,
                                          gint64                  patron_id)
{
  return _ts_patron_picker_choose_id (self->person_picker, patron_id);
}

gint64
_ts_employee_editor_dialog_get_person (TsEmployeeEditorDialog *self)
{
  return self->person_id;
}

void
_ts_employee_editor_dialog_fill (TsEmployeeEditorDialog *self,
                                 const char             *login,
                                 const char             *password)
{
  gtk_editable_set_text (GTK_EDITABLE (self->login_entry), login);
  gtk_editable_set_text (GTK_EDITABLE (self->password_entry), password);
}
