/* ts-patron-donations-tab.c — what the patron gave this outlet (P4), and a
 * form to record a gift: its amount is read into integer cents, never
 * through a double */
#include <glib/gi18n.h>

#include "ts-format.h"
#include "ts-money.h"
#include "ts-validate.h"
#include "ts-patron-donations-tab.h"

struct _TsPatronDonationsTab
{
  TsPatronTab  parent_instance;

  GtkEntry    *amount_entry;
  GtkEntry    *donated_entry;
  GtkEntry    *fund_entry;
  GtkDropDown *method_dropdown;
};

G_DEFINE_FINAL_TYPE (TsPatronDonationsTab, ts_patron_donations_tab, TS_TYPE_PATRON_TAB)

/* The API's methods, in the order of the drop-down's items. */
static const char *methods[] = { "cash", "cheque", "card", "transfer", "in_kind", "other", NULL };

static char *
donation_title (TsPatronTab *tab,
                JsonObject  *row,
                char       **detail)
{
  g_autofree char *amount = ts_format_money (json_object_get_int_member (row, "amount_cents"));

  *detail = g_strdup_printf ("%s · %s", json_object_get_string_member (row, "fund"),
                             json_object_get_string_member (row, "method"));
  return g_strdup_printf ("%s — %s", json_object_get_string_member (row, "donated_on"), amount);
}

static void
record_clicked (TsPatronDonationsTab *self)
{
  TsPatronTab *tab = TS_PATRON_TAB (self);
  g_autoptr(GError) error = NULL;
  const char *date = gtk_editable_get_text (GTK_EDITABLE (self->donated_entry));
  const char *fund = gtk_editable_get_text (GTK_EDITABLE (self->fund_entry));
  gint64 cents = 0;

  if (!ts_money_parse (gtk_editable_get_text (GTK_EDITABLE (self->amount_entry)), &cents, &error)
      || !ts_validate_date (_("Date"), date, &error)
      || !ts_validate_required (_("Fund"), fund, 80, &error))
    {
      ts_patron_tab_say (tab, error->message);
      return;
    }
  ts_api_client_add_patron_donation_async (ts_patron_tab_get_client (tab), ts_patron_tab_get_patron_id (tab), cents,
                                           date, fund, methods[gtk_drop_down_get_selected (self->method_dropdown)],
                                           ts_patron_tab_get_cancellable (tab), ts_api_answered,
                                           ts_patron_tab_write_call (tab));
}

static void
ts_patron_donations_tab_class_init (TsPatronDonationsTabClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  TsPatronTabClass *tab_class = TS_PATRON_TAB_CLASS (klass);

  tab_class->list = ts_api_client_list_patron_donations_async;
  tab_class->member = "donations";
  tab_class->row_title = donation_title;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-patron-donations-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, TsPatronDonationsTab, amount_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPatronDonationsTab, donated_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPatronDonationsTab, fund_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPatronDonationsTab, method_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, record_clicked);
}

static void
ts_patron_donations_tab_init (TsPatronDonationsTab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
