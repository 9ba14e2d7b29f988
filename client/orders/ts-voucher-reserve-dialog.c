/* ts-voucher-reserve-dialog.c — an open voucher, a performance that takes
 * it, a free seat or a general-admission area; one POST /orders
 *
 * The order reserves the voucher and sells nothing: its ticket was paid
 * with the subscription, so there are no payments, and Staff may send it on
 * the patron's behalf (C4, T3).  A performance takes a voucher when it has
 * a redemption for the voucher's ticket type (a bundle component); only the
 * owning outlet's offer lists bundle components (T5), so only the
 * performances the caller owns are asked for their offer.  The idempotency
 * key is made once per dialog, so pressing Reserve twice reserves once
 * (S2); a refused attempt leaves nothing on the server, so the next attempt
 * uses the same key.  Where only an override would allow the reservation
 * (S3: a subscriber booking before the box office opens, say), the owning
 * outlet's agent at Box Office level and up is asked whether to override,
 * and why, and the same reservation is sent again with it; Staff are not
 * asked, since they may not override. */
#include <glib/gi18n.h>

#include "ts-api-orders.h"
#include "ts-api-sales.h"
#include "ts-format.h"
#include "ts-free-seats.h"
#include "ts-order-format.h"
#include "ts-override-dialog.h"
#include "ts-voucher-reserve-dialog-private.h"

struct _TsVoucherReserveDialog
{
  TsDialog        parent_instance;

  GtkDropDown    *voucher_dropdown;
  GtkDropDown    *performance_dropdown;
  GtkCheckButton *seat_radio;
  GtkDropDown    *seat_dropdown;
  GtkCheckButton *area_radio;
  GtkDropDown    *area_dropdown;

  GCancellable   *places_cancellable; /* the chosen performance's free places */
  gint64          patron_id;
  char           *idempotency_key;
  gint64          sent_owner;        /* the outlet owning its performance */

  GPtrArray      *vouchers;          /* JsonObject: the open ones, as the drop-down shows them */
  JsonArray      *performances;      /* GET /sales/performances */
  GHashTable     *offers;            /* performance id (gint64 *) → JsonObject, GET /performances/{id}/offer */
  GPtrArray      *shown;             /* JsonObject of performances, as the drop-down shows them */
  gint64          places_performance; /* whose free places are loaded or loading */
  GPtrArray      *seats;             /* TsFreeSeat of that performance */
  JsonObject     *claims;            /* its GET /performances/{id}/seats, for the "ga" areas */
  GPtrArray      *free_seats;        /* TsFreeSeat * of seats, as the drop-down shows them */
  GPtrArray      *areas;             /* JsonObject of claims' "ga" with places left, as shown */
  char           *kept_guid;         /* the choice while the places are replaced */
  char           *kept_area;
  guint           pending;           /* performances and offers in flight */
  guint           loading_places;
  gboolean        filling;           /* drop-downs being refilled: not the person's doing */
};

G_DEFINE_FINAL_TYPE (TsVoucherReserveDialog, ts_voucher_reserve_dialog, TS_TYPE_DIALOG)

enum { RESERVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void update (TsVoucherReserveDialog *self);

static JsonObject *
chosen_voucher (TsVoucherReserveDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->voucher_dropdown);

  return i < self->vouchers->len ? g_ptr_array_index (self->vouchers, i) : NULL;
}

static JsonObject *
chosen_performance (TsVoucherReserveDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->performance_dropdown);

  return i < self->shown->len ? g_ptr_array_index (self->shown, i) : NULL;
}

static gint64
chosen_performance_id (TsVoucherReserveDialog *self)
{
  JsonObject *perf = chosen_performance (self);

  return perf != NULL ? json_object_get_int_member (perf, "id") : 0;
}

static TsFreeSeat *
chosen_seat (TsVoucherReserveDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->seat_dropdown);

  if (!gtk_check_button_get_active (self->seat_radio) || i >= self->free_seats->len)
    return NULL;
  return g_ptr_array_index (self->free_seats, i);
}

static JsonObject *
chosen_area (TsVoucherReserveDialog *self)
{
  guint i = gtk_drop_down_get_selected (self->area_dropdown);

  if (!gtk_check_button_get_active (self->area_radio) || i >= self->areas->len)
    return NULL;
  return g_ptr_array_index (self->areas, i);
}

/* The offer's entry for the voucher's ticket type at a performance, or NULL
 * when the performance does not take it (no redemption for it, T2). */
static JsonObject *
offered_type (TsVoucherReserveDialog *self,
              gint64                  performance_id,
              gint64                  ticket_type_id)
{
  JsonObject *offer = g_hash_table_lookup (self->offers, &performance_id);
  JsonArray *types = offer != NULL ? json_object_get_array_member (offer, "ticket_types") : NULL;

  for (guint i = 0; types != NULL && i < json_array_get_length (types); i++)
    {
      JsonObject *type = json_array_get_object_element (types, i);

      if (json_object_get_int_member_with_default (type, "ticket_type_id", 0) == ticket_type_id)
        return type;
    }
  return NULL;
}

/* Free places ------------------------------------------------------------------------- */

static void
fill_places (TsVoucherReserveDialog *self)
{
  g_autoptr(GtkStringList) seat_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) area_names = gtk_string_list_new (NULL);
  g_autofree char *kept_guid = g_steal_pointer (&self->kept_guid);
  g_autofree char *kept_area = g_steal_pointer (&self->kept_area);
  JsonArray *ga = self->claims != NULL ? json_object_get_array_member (self->claims, "ga") : NULL;
  guint selected_seat = GTK_INVALID_LIST_POSITION, selected_area = GTK_INVALID_LIST_POSITION;

  g_ptr_array_set_size (self->free_seats, 0);
  g_ptr_array_set_size (self->areas, 0);
  for (guint i = 0; self->seats != NULL && i < self->seats->len; i++)
    {
      TsFreeSeat *seat = g_ptr_array_index (self->seats, i);
      g_autofree char *name = NULL;

      if (g_strcmp0 (seat->guid, kept_guid) == 0)
        selected_seat = self->free_seats->len;
      if (seat->category != NULL)
        /* TRANSLATORS: a free seat and its price zone, "Balcony row A seat 1 — Premium" */
        name = g_strdup_printf (_("%s — %s"), seat->name, seat->category);
      else
        name = g_strdup (seat->name);
      gtk_string_list_append (seat_names, name);
      g_ptr_array_add (self->free_seats, seat);
    }
  for (guint i = 0; ga != NULL && i < json_array_get_length (ga); i++)
    {
      JsonObject *area = json_array_get_object_element (ga, i);
      gint64 left = json_object_get_int_member_with_default (area, "capacity", 0)
                    - json_object_get_int_member_with_default (area, "taken", 0);
      const char *name = ts_order_string_member (area, "name");
      g_autofree char *text = NULL;

      if (left <= 0)
        continue;
      if (g_strcmp0 (ts_order_string_member (area, "area"), kept_area) == 0)
        selected_area = self->areas->len;
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%u place left)", "%s (%u places left)", (gulong) left),
                              *name != '\0' ? name : ts_order_string_member (area, "area"), (guint) left);
      gtk_string_list_append (area_names, text);
      g_ptr_array_add (self->areas, area);
    }

  /* a place chosen before and taken since is not swapped for another behind
   * the person's back: the choice is emptied instead, and the refusal says
   * why; a first choice is the first free place */
  if (kept_guid == NULL && self->free_seats->len > 0)
    selected_seat = 0;
  if (kept_area == NULL && self->areas->len > 0)
    selected_area = 0;
  self->filling = TRUE;
  gtk_drop_down_set_model (self->seat_dropdown, G_LIST_MODEL (seat_names));
  gtk_drop_down_set_selected (self->seat_dropdown, selected_seat);
  gtk_drop_down_set_model (self->area_dropdown, G_LIST_MODEL (area_names));
  gtk_drop_down_set_selected (self->area_dropdown, selected_area);
  /* the area line only where the map has general admission at all */
  gtk_widget_set_visible (GTK_WIDGET (self->area_radio), ga != NULL && json_array_get_length (ga) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->area_dropdown), ga != NULL && json_array_get_length (ga) > 0);
  if (self->free_seats->len == 0 && self->areas->len > 0)
    gtk_check_button_set_active (self->area_radio, TRUE);
  else if (self->areas->len == 0)
    gtk_check_button_set_active (self->seat_radio, TRUE);
  self->filling = FALSE;
}

/* The chosen places point into the lists being replaced: they are kept by
 * their keys until the drop-downs are filled again. */
static void
replace_places (TsVoucherReserveDialog *self,
                GPtrArray              *seats,
                JsonObject             *claims)
{
  TsFreeSeat *seat = chosen_seat (self);
  JsonObject *area = chosen_area (self);

  g_free (self->kept_guid);
  self->kept_guid = seat != NULL ? g_strdup (seat->guid) : NULL;
  g_free (self->kept_area);
  self->kept_area = area != NULL ? g_strdup (ts_order_string_member (area, "area")) : NULL;
  g_ptr_array_set_size (self->free_seats, 0);
  g_ptr_array_set_size (self->areas, 0);
  g_clear_pointer (&self->seats, g_ptr_array_unref);
  g_clear_pointer (&self->claims, json_object_unref);
  self->seats = seats;
  self->claims = claims;
}

static void
places_loaded (TsDialog   *dialog,
               GPtrArray  *seats,
               JsonObject *claims)
{
  TsVoucherReserveDialog *self = TS_VOUCHER_RESERVE_DIALOG (dialog);

  self->loading_places--;
  if (seats != NULL)
    replace_places (self, g_ptr_array_ref (seats), claims != NULL ? json_object_ref (claims) : NULL);
  fill_places (self);
  if (seats != NULL && self->free_seats->len == 0 && self->areas->len == 0)
    ts_dialog_set_message (dialog, _("Nothing is free at this performance any more."));
  update (self);
}

static void
load_places (TsVoucherReserveDialog *self)
{
  JsonObject *perf = chosen_performance (self);

  if (perf == NULL)
    return;
  self->loading_places++;
  ts_free_seats_load_for (TS_DIALOG (self), json_object_get_int_member (perf, "id"),
                          json_object_get_int_member_with_default (perf, "map_id", 0), NULL,
                          self->places_cancellable, places_loaded);
}

static void
on_performance_changed (TsVoucherReserveDialog *self)
{
  gint64 id = chosen_performance_id (self);

  if (self->filling)
    return;
  if (id == self->places_performance)
    {
      update (self);
      return;
    }
  /* another performance: the last one's places, loaded or not, are no use */
  self->places_performance = id;
  g_cancellable_cancel (self->places_cancellable);
  g_clear_object (&self->places_cancellable);
  self->places_cancellable = g_cancellable_new ();
  self->loading_places = 0;
  replace_places (self, NULL, NULL);
  g_clear_pointer (&self->kept_guid, g_free);
  g_clear_pointer (&self->kept_area, g_free);
  fill_places (self);
  ts_dialog_set_message (TS_DIALOG (self), NULL);
  load_places (self);
  update (self);
}

/* Performances ------------------------------------------------------------------------ */

/* The performances that take the chosen voucher, keeping the one chosen. */
static void
fill_performances (TsVoucherReserveDialog *self)
{
  JsonObject *voucher = chosen_voucher (self);
  gint64 type_id = voucher != NULL ? json_object_get_int_member (voucher, "ticket_type_id") : 0;
  gint64 previous = chosen_performance_id (self);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  g_ptr_array_set_size (self->shown, 0);
  for (guint i = 0; self->performances != NULL && i < json_array_get_length (self->performances); i++)
    {
      JsonObject *perf = json_array_get_object_element (self->performances, i);
      gint64 id = json_object_get_int_member (perf, "id");
      JsonObject *type = offered_type (self, id, type_id);
      g_autofree char *when = NULL;
      g_autofree char *name = NULL;

      if (type == NULL)
        continue;
      when = ts_format_time (ts_order_string_member (perf, "starts_at"), TS_TIME_LONG);
      name = g_strdup_printf (_("%s — %s, %s"), ts_order_string_member (perf, "event"), when,
                              ts_order_string_member (perf, "venue"));
      /* listed, so the person sees it exists, but the server will say no (T2) */
      if (!json_object_get_boolean_member_with_default (type, "on_sale", TRUE))
        {
          char *marked = g_strdup_printf (_("%s (not on sale now)"), name);

          g_free (name);
          name = marked;
        }
      if (id == previous)
        selected = self->shown->len;
      gtk_string_list_append (names, name);
      g_ptr_array_add (self->shown, perf);
    }
  self->filling = TRUE;
  gtk_drop_down_set_model (self->performance_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->performance_dropdown, self->shown->len > 0 ? selected : GTK_INVALID_LIST_POSITION);
  self->filling = FALSE;
  on_performance_changed (self);
  /* after the change of performance, which clears old messages */
  if (voucher != NULL && self->performances != NULL && self->shown->len == 0)
    {
      g_autofree char *text = g_strdup_printf (_("No performance you may reserve now takes “%s” vouchers."),
                                               ts_order_string_member (voucher, "ticket_type"));

      ts_dialog_set_message (TS_DIALOG (self), text);
    }
}

static void
load_done (TsVoucherReserveDialog *self)
{
  if (--self->pending > 0)
    return;
  fill_performances (self);
  update (self);
}

/* A performance whose offer cannot be read is left out (the message says
 * why); the others may still take the voucher. */
static void
offer_loaded (TsDialog     *dialog,
              JsonNode     *answer,
              const GError *error)
{
  TsVoucherReserveDialog *self = TS_VOUCHER_RESERVE_DIALOG (dialog);

  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    {
      JsonObject *offer = json_node_get_object (answer);
      gint64 id = json_object_get_int_member_with_default (offer, "performance_id", 0);

      g_hash_table_insert (self->offers, g_memdup2 (&id, sizeof id), json_object_ref (offer));
    }
  load_done (self);
}

static void
performances_loaded (TsDialog     *dialog,
                     JsonNode     *answer,
                     const GError *error)
{
  TsVoucherReserveDialog *self = TS_VOUCHER_RESERVE_DIALOG (dialog);

  if (answer == NULL || !JSON_NODE_HOLDS_ARRAY (answer))
    {
      load_done (self);
      return;
    }
  self->performances = json_array_ref (json_node_get_array (answer));
  for (guint i = 0; i < json_array_get_length (self->performances); i++)
    {
      JsonObject *perf = json_array_get_object_element (self->performances, i);

      /* other outlets' offers never list bundle components (T5) */
      if (g_strcmp0 (ts_order_string_member (perf, "role"), "owner") != 0)
        continue;
      self->pending++;
      ts_api_client_get_performance_offer_async (ts_dialog_get_client (dialog), json_object_get_int_member (perf, "id"),
                                                 ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                                 ts_dialog_call (dialog, offer_loaded));
    }
  load_done (self);
}

/* Vouchers ---------------------------------------------------------------------------- */

static void
fill_vouchers (TsVoucherReserveDialog *self,
               JsonArray              *vouchers,
               gint64                  chosen_id)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  for (guint i = 0; vouchers != NULL && i < json_array_get_length (vouchers); i++)
    {
      JsonObject *voucher = json_array_get_object_element (vouchers, i);
      g_autofree char *number = NULL;
      g_autofree char *name = NULL;

      if (g_strcmp0 (ts_order_string_member (voucher, "status"), "open") != 0)
        continue;
      number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (voucher, "id"));
      /* TRANSLATORS: a voucher's number, its subscription and its ticket type */
      name = g_strdup_printf (_("Voucher %s: %s — %s"), number, ts_order_string_member (voucher, "subscription"),
                              ts_order_string_member (voucher, "ticket_type"));
      if (json_object_get_int_member (voucher, "id") == chosen_id)
        selected = self->vouchers->len;
      gtk_string_list_append (names, name);
      g_ptr_array_add (self->vouchers, json_object_ref (voucher));
    }
  self->filling = TRUE;
  gtk_drop_down_set_model (self->voucher_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->voucher_dropdown, self->vouchers->len > 0 ? selected : GTK_INVALID_LIST_POSITION);
  self->filling = FALSE;
  if (self->vouchers->len == 0)
    ts_dialog_set_message (TS_DIALOG (self), _("The patron has no open voucher with this outlet."));
}

static void
on_voucher_changed (TsVoucherReserveDialog *self)
{
  if (self->filling)
    return;
  ts_dialog_set_message (TS_DIALOG (self), NULL);
  /* another ticket type may be taken by other performances */
  if (self->pending == 0)
    fill_performances (self);
  update (self);
}

/* Reserving --------------------------------------------------------------------------- */

/* Nothing changes while the reservation is out (busy); it may be sent
 * once what it is chosen from has loaded. */
static void
update (TsVoucherReserveDialog *self)
{
  gboolean seat = gtk_check_button_get_active (self->seat_radio);
  gboolean busy = ts_dialog_get_busy (TS_DIALOG (self));

  if (self->filling)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->voucher_dropdown), self->vouchers->len > 1 && !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->performance_dropdown), self->shown->len > 0 && !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->seat_radio), self->free_seats->len > 0 && !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->area_radio), self->areas->len > 0 && !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->seat_dropdown), seat && self->free_seats->len > 0 && !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->area_dropdown), !seat && self->areas->len > 0 && !busy);
  ts_dialog_set_ready (TS_DIALOG (self), self->pending == 0 && self->loading_places == 0 && self->vouchers->len > 0);
}

static void
on_place_changed (TsVoucherReserveDialog *self)
{
  if (self->filling)
    return;
  /* an old complaint goes once the person acts on it */
  ts_dialog_set_message (TS_DIALOG (self), NULL);
  update (self);
}

static void
reserved (TsDialog     *dialog,
          JsonNode     *answer,
          const GError *error)
{
  TsVoucherReserveDialog *self = TS_VOUCHER_RESERVE_DIALOG (dialog);

  if (error == NULL)
    g_signal_emit (self, signals[RESERVED], 0,
                   answer != NULL && JSON_NODE_HOLDS_OBJECT (answer)
                   ? json_object_get_int_member_with_default (json_node_get_object (answer), "id", 0) : (gint64) 0);
  /* S3: where only an override would allow the reservation, the owning
   * outlet's agent may give one; otherwise a place may have been taken
   * meanwhile: show what is free now */
  else if (!ts_override_dialog_ask (dialog, error, self->sent_owner, NULL))
    {
      load_places (self);
      update (self);
    }
}

/* The reservation, sent again with the reason of an override (S3) */
static void
send_reservation (TsDialog            *dialog,
                  JsonNode            *body,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             call)
{
  ts_api_client_create_order_async (ts_dialog_get_client (dialog), body, cancellable, callback, call);
}

static void
submit (TsDialog *dialog)
{
  TsVoucherReserveDialog *self = TS_VOUCHER_RESERVE_DIALOG (dialog);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  JsonObject *voucher = chosen_voucher (self);
  JsonObject *perf = chosen_performance (self);
  TsFreeSeat *seat = chosen_seat (self);
  JsonObject *area = chosen_area (self);

  if (voucher == NULL)
    {
      ts_dialog_set_message (dialog, _("The patron has no open voucher with this outlet."));
      return;
    }
  if (perf == NULL)
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (self->performance_dropdown),
                        _("Choose a performance that takes this voucher."));
      return;
    }
  if (seat == NULL && area == NULL)
    {
      ts_dialog_refuse (dialog, GTK_WIDGET (gtk_check_button_get_active (self->area_radio) ? self->area_dropdown
                                                                                           : self->seat_dropdown),
                        _("Choose a free seat or a general-admission area."));
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "idempotency_key");
  json_builder_add_string_value (builder, self->idempotency_key);
  json_builder_set_member_name (builder, "purchaser_id");
  json_builder_add_int_value (builder, self->patron_id);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "voucher_id");
  json_builder_add_int_value (builder, json_object_get_int_member (voucher, "id"));
  json_builder_set_member_name (builder, "performance_id");
  json_builder_add_int_value (builder, json_object_get_int_member (perf, "id"));
  json_builder_set_member_name (builder, seat != NULL ? "seat" : "area");
  json_builder_add_string_value (builder, seat != NULL ? seat->guid : ts_order_string_member (area, "area"));
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  /* paid with the subscription; an order with payments is a sale, which
   * Staff may not make (C4) */
  json_builder_set_member_name (builder, "payments");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  self->sent_owner = json_object_get_int_member_with_default (perf, "outlet_id", 0);
  ts_dialog_send (dialog, send_reservation, body, reserved);
}

/* The type ---------------------------------------------------------------------------- */

static void
ts_voucher_reserve_dialog_dispose (GObject *object)
{
  TsVoucherReserveDialog *self = TS_VOUCHER_RESERVE_DIALOG (object);

  if (self->places_cancellable != NULL)
    g_cancellable_cancel (self->places_cancellable);
  g_clear_object (&self->places_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_VOUCHER_RESERVE_DIALOG);
  G_OBJECT_CLASS (ts_voucher_reserve_dialog_parent_class)->dispose (object);
}

static void
ts_voucher_reserve_dialog_finalize (GObject *object)
{
  TsVoucherReserveDialog *self = TS_VOUCHER_RESERVE_DIALOG (object);

  g_ptr_array_unref (self->free_seats);
  g_ptr_array_unref (self->areas);
  g_ptr_array_unref (self->shown);
  g_ptr_array_unref (self->vouchers);
  g_clear_pointer (&self->seats, g_ptr_array_unref);
  g_clear_pointer (&self->claims, json_object_unref);
  g_clear_pointer (&self->performances, json_array_unref);
  g_hash_table_unref (self->offers);
  g_free (self->kept_guid);
  g_free (self->kept_area);
  g_free (self->idempotency_key);
  G_OBJECT_CLASS (ts_voucher_reserve_dialog_parent_class)->finalize (object);
}

static void
ts_voucher_reserve_dialog_class_init (TsVoucherReserveDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_voucher_reserve_dialog_dispose;
  object_class->finalize = ts_voucher_reserve_dialog_finalize;
  TS_DIALOG_CLASS (klass)->submit = submit;
  signals[RESERVED] = g_signal_new ("reserved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-voucher-reserve-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsVoucherReserveDialog, voucher_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsVoucherReserveDialog, performance_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsVoucherReserveDialog, seat_radio);
  gtk_widget_class_bind_template_child (widget_class, TsVoucherReserveDialog, seat_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsVoucherReserveDialog, area_radio);
  gtk_widget_class_bind_template_child (widget_class, TsVoucherReserveDialog, area_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_voucher_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_performance_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_place_changed);
}

static void
ts_voucher_reserve_dialog_init (TsVoucherReserveDialog *self)
{
  GtkExpression *expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

  self->filling = TRUE;            /* no loads while the template builds */
  self->vouchers = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  self->shown = g_ptr_array_new ();
  self->free_seats = g_ptr_array_new ();
  self->areas = g_ptr_array_new ();
  self->offers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) json_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->filling = FALSE;
  g_signal_connect (self, "notify::busy", G_CALLBACK (update), NULL);
  self->places_cancellable = g_cancellable_new ();
  self->idempotency_key = g_uuid_string_random ();
  /* typing a seat's name finds it among hundreds */
  gtk_drop_down_set_expression (self->seat_dropdown, expression);
  gtk_expression_unref (expression);
}

TsVoucherReserveDialog *
ts_voucher_reserve_dialog_new (GtkWindow   *parent,
                               TsApiClient *client,
                               gint64       patron_id,
                               const char  *patron_name,
                               JsonArray   *vouchers,
                               gint64       voucher_id)
{
  TsVoucherReserveDialog *self = g_object_new (TS_TYPE_VOUCHER_RESERVE_DIALOG,
                                               "transient-for", parent, "client", client, NULL);

  self->patron_id = patron_id;
  if (patron_name != NULL && *patron_name != '\0')
    {
      g_autofree char *title = g_strdup_printf (_("Reserve a Voucher for %s"), patron_name);

      gtk_window_set_title (GTK_WINDOW (self), title);
    }
  fill_vouchers (self, vouchers, voucher_id);
  self->pending = 1;
  update (self);
  if (self->vouchers->len == 0)
    {
      self->pending = 0;
      update (self);
      return self;
    }
  ts_api_client_list_sales_performances_async (client, ts_dialog_get_cancellable (TS_DIALOG (self)),
                                               ts_dialog_answered, ts_dialog_call (TS_DIALOG (self), performances_loaded));
  return self;
}

/* For tests ----------------------------------------------------------------------------- */

guint
_ts_voucher_reserve_dialog_count_vouchers (TsVoucherReserveDialog *self)
{
  return self->vouchers->len;
}

gboolean
_ts_voucher_reserve_dialog_choose_voucher (TsVoucherReserveDialog *self,
                                           gint64                  voucher_id)
{
  for (guint i = 0; i < self->vouchers->len; i++)
    if (json_object_get_int_member (g_ptr_array_index (self->vouchers, i), "id") == voucher_id)
      {
        gtk_drop_down_set_selected (self->voucher_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

gint64
_ts_voucher_reserve_dialog_get_voucher (TsVoucherReserveDialog *self)
{
  JsonObject *voucher = chosen_voucher (self);

  return voucher != NULL ? json_object_get_int_member (voucher, "id") : 0;
}

guint
_ts_voucher_reserve_dialog_count_performances (TsVoucherReserveDialog *self)
{
  return self->shown->len;
}

gboolean
_ts_voucher_reserve_dialog_choose_performance (TsVoucherReserveDialog *self,
                                               gint64                  performance_id)
{
  for (guint i = 0; i < self->shown->len; i++)
    if (json_object_get_int_member (g_ptr_array_index (self->shown, i), "id") == performance_id)
      {
        gtk_drop_down_set_selected (self->performance_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

guint
_ts_voucher_reserve_dialog_count_free_seats (TsVoucherReserveDialog *self)
{
  return self->free_seats->len;
}

gboolean
_ts_voucher_reserve_dialog_choose_seat (TsVoucherReserveDialog *self,
                                        const char             *guid)
{
  for (guint i = 0; i < self->free_seats->len; i++)
    if (g_strcmp0 (((TsFreeSeat *) g_ptr_array_index (self->free_seats, i))->guid, guid) == 0)
      {
        gtk_check_button_set_active (self->seat_radio, TRUE);
        gtk_drop_down_set_selected (self->seat_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

const char *
_ts_voucher_reserve_dialog_get_chosen_seat (TsVoucherReserveDialog *self)
{
  TsFreeSeat *seat = chosen_seat (self);

  return seat != NULL ? seat->guid : NULL;
}

gboolean
_ts_voucher_reserve_dialog_choose_area (TsVoucherReserveDialog *self,
                                        const char             *area)
{
  for (guint i = 0; i < self->areas->len; i++)
    if (g_strcmp0 (ts_order_string_member (g_ptr_array_index (self->areas, i), "area"), area) == 0)
      {
        gtk_check_button_set_active (self->area_radio, TRUE);
        gtk_drop_down_set_selected (self->area_dropdown, i);
        return TRUE;
      }
  return FALSE;
}
