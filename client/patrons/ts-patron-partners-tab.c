/* ts-patron-partners-tab.c — the patron's answers for this outlet's partner
 * companies (K2, K4): one row per partner with Yes / No / Not asked, and
 * when, by whom and where the answer was last set, the consent record the
 * server keeps
 *
 * By default the rows are the partners the patron booked for or answered
 * for; "Show partner companies never booked for" lists every partner of the
 * outlet (K4: all=true), so an answer may be recorded before any booking.
 * Save sends only the answers changed here; the server writes nothing for
 * an answer that did not change. */
#include <glib/gi18n.h>

#include "ts-api-partners.h"
#include "ts-format.h"
#include "ts-patron-partners-tab-private.h"

/* One row: the partner, the answer loaded, and its three choices. */
typedef struct
{
  gint64          partner_company_id;
  char           *answer;               /* as loaded */
  GtkCheckButton *choices[3];           /* yes, no, not asked */
} PartnerRow;

struct _TsPatronPartnersTab
{
  TsPatronTab     parent_instance;

  GtkCheckButton *all_check;

  GPtrArray      *rows;                 /* PartnerRow */
};

G_DEFINE_FINAL_TYPE (TsPatronPartnersTab, ts_patron_partners_tab, TS_TYPE_PATRON_TAB)

static const char * const answers[] = { "yes", "no", "not_asked" };

static void
partner_row_free (PartnerRow *row)
{
  g_free (row->answer);
  g_free (row);
}

static const char *
chosen_answer (PartnerRow *row)
{
  for (guint c = 0; c < G_N_ELEMENTS (answers); c++)
    if (gtk_check_button_get_active (row->choices[c]))
      return answers[c];
  return "not_asked";
}

/* "Last set 2026-12-07 14:30 by Jane Roy, at checkout" (K2): when, by
 * whom (an employee, or the patron online) and where. */
static char *
describe_set (JsonObject *preference)
{
  const char *set_at = json_object_get_string_member_with_default (preference, "set_at", NULL);
  const char *source = json_object_get_string_member_with_default (preference, "source", NULL);
  JsonNode *set_by = json_object_get_member (preference, "set_by");
  g_autofree char *when = NULL;
  g_autofree char *who = NULL;
  const char *where = NULL;

  if (set_at == NULL)
    return g_strdup (_("Never answered"));
  when = ts_format_time (set_at, TS_TIME_LIST);
  if (set_by != NULL && JSON_NODE_HOLDS_OBJECT (set_by))
    who = g_strdup (json_object_get_string_member_with_default (json_node_get_object (set_by), "name", ""));
  else if (set_by != NULL && JSON_NODE_HOLDS_VALUE (set_by) && g_strcmp0 (json_node_get_string (set_by), "patron") == 0)
    who = g_strdup (_("the patron"));
  if (g_strcmp0 (source, "checkout") == 0)
    where = _("at checkout");
  else if (g_strcmp0 (source, "patron_record") == 0)
    where = _("on the patron record");
  else if (g_strcmp0 (source, "online") == 0)
    where = _("online");
  if (who != NULL && *who != '\0' && where != NULL)
    /* TRANSLATORS: when, by whom, where ("at checkout") */
    return g_strdup_printf (_("Last set %s by %s, %s"), when, who, where);
  if (who != NULL && *who != '\0')
    return g_strdup_printf (_("Last set %s by %s"), when, who);
  return g_strdup_printf (_("Last set %s"), when);
}

static GtkWidget *
partner_row (TsPatronPartnersTab *self,
             JsonObject          *preference)
{
  PartnerRow *row = g_new0 (PartnerRow, 1);
  const char *answer = json_object_get_string_member_with_default (preference, "answer", "not_asked");
  gboolean booked = json_object_get_boolean_member_with_default (preference, "booked", FALSE);
  gboolean collects = json_object_get_boolean_member_with_default (preference, "collect_preferences", TRUE);
  g_autofree char *set = describe_set (preference);
  g_autofree char *detail = g_strdup_printf ("%s · %s%s%s", set,
                                             booked ? _("booked its events") : _("never booked its events"),
                                             collects ? "" : " · ",
                                             collects ? "" : _("not asked at checkout"));
  GtkWidget *box = ts_patron_tab_text_box (json_object_get_string_member_with_default (preference, "name", ""), detail);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  /* no mnemonics: the same three in every row, and the window's tabs have theirs */
  const char *labels[] = { N_("Yes"), N_("No"), N_("Not asked") };

  row->partner_company_id = json_object_get_int_member_with_default (preference, "partner_company_id", 0);
  row->answer = g_strdup (answer);
  for (guint c = 0; c < G_N_ELEMENTS (answers); c++)
    {
      row->choices[c] = GTK_CHECK_BUTTON (gtk_check_button_new_with_label (_(labels[c])));
      if (c > 0)
        gtk_check_button_set_group (row->choices[c], row->choices[0]);
      gtk_check_button_set_active (row->choices[c], g_strcmp0 (answer, answers[c]) == 0);
      gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (row->choices[c]));
    }
  gtk_box_append (GTK_BOX (box), buttons);
  g_ptr_array_add (self->rows, row);
  return box;
}

static void
preferences_loaded (gpointer      owner,
                    JsonNode     *answer,
                    const GError *error)
{
  TsPatronPartnersTab *self = owner;
  TsPatronTab *tab = TS_PATRON_TAB (self);
  JsonArray *preferences;

  ts_patron_tab_clear (tab);
  g_ptr_array_set_size (self->rows, 0);
  if (answer == NULL)
    {
      ts_patron_tab_say (tab, error->message);
      return;
    }
  preferences = json_object_get_array_member (json_node_get_object (answer), "preferences");
  for (guint i = 0; preferences != NULL && i < json_array_get_length (preferences); i++)
    ts_patron_tab_append (tab, partner_row (self, json_array_get_object_element (preferences, i)));
}

static void
reload (TsPatronTab *tab)
{
  TsPatronPartnersTab *self = TS_PATRON_PARTNERS_TAB (tab);

  if (ts_patron_tab_get_client (tab) == NULL)
    return;
  /* K4: with the check, every partner of the outlet */
  ts_api_client_get_patron_partner_preferences_async (ts_patron_tab_get_client (tab), ts_patron_tab_get_patron_id (tab),
                                                      gtk_check_button_get_active (self->all_check),
                                                      ts_patron_tab_get_cancellable (tab), ts_api_answered,
                                                      ts_api_call (self, preferences_loaded));
}

static void
on_all_toggled (TsPatronPartnersTab *self)
{
  reload (TS_PATRON_TAB (self));
}

static void
save_clicked (TsPatronPartnersTab *self)
{
  TsPatronTab *tab = TS_PATRON_TAB (self);
  g_autoptr(JsonArray) changed = json_array_new ();

  for (guint i = 0; i < self->rows->len; i++)
    {
      PartnerRow *row = g_ptr_array_index (self->rows, i);
      const char *answer = chosen_answer (row);
      JsonObject *preference;

      if (g_strcmp0 (answer, row->answer) == 0)
        continue;
      preference = json_object_new ();
      json_object_set_int_member (preference, "partner_company_id", row->partner_company_id);
      json_object_set_string_member (preference, "answer", answer);
      json_array_add_object_element (changed, preference);
    }
  if (json_array_get_length (changed) == 0)
    {
      ts_patron_tab_say (tab, _("No answer was changed."));
      return;
    }
  ts_api_client_set_patron_partner_preferences_async (ts_patron_tab_get_client (tab), ts_patron_tab_get_patron_id (tab),
                                                      changed, ts_patron_tab_get_cancellable (tab), ts_api_answered,
                                                      ts_patron_tab_write_call (tab));
}

static void
ts_patron_partners_tab_finalize (GObject *object)
{
  g_ptr_array_unref (TS_PATRON_PARTNERS_TAB (object)->rows);
  G_OBJECT_CLASS (ts_patron_partners_tab_parent_class)->finalize (object);
}

static void
ts_patron_partners_tab_class_init (TsPatronPartnersTabClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  TsPatronTabClass *tab_class = TS_PATRON_TAB_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = ts_patron_partners_tab_finalize;
  tab_class->reload = reload;
  /* a sale's answers (K3) are recorded with its order */
  tab_class->reload_on_change = "orders";
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-patron-partners-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, TsPatronPartnersTab, all_check);
  gtk_widget_class_bind_template_callback (widget_class, on_all_toggled);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked);
}

static void
ts_patron_partners_tab_init (TsPatronPartnersTab *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) partner_row_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Tests ---------------------------------------------------------------------------- */

gboolean
_ts_patron_partners_tab_choose (TsPatronPartnersTab *self,
                                guint                index,
                                const char          *answer)
{
  PartnerRow *row;

  if (index >= self->rows->len)
    return FALSE;
  row = g_ptr_array_index (self->rows, index);
  for (guint c = 0; c < G_N_ELEMENTS (answers); c++)
    if (g_strcmp0 (answer, answers[c]) == 0)
      {
        gtk_check_button_set_active (row->choices[c], TRUE);
        return TRUE;
      }
  return FALSE;
}

const char *
_ts_patron_partners_tab_get_answer (TsPatronPartnersTab *self,
                                    guint                index)
{
  return index < self->rows->len ? chosen_answer (g_ptr_array_index (self->rows, index)) : NULL;
}
