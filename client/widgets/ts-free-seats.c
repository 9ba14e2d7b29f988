/* ts-free-seats.c — the free seats of a performance: its map less its claims
 *
 * The map is read every time rather than kept: its categories are the price
 * zones, and the owner may recolour seats between two looks.  Claims list
 * only claimed seats (sold, held, in a cart); every other seat of the map
 * is free. */
#include <glib/gi18n.h>

#include "ts-api-maps.h"
#include "ts-api-sales.h"
#include "ts-error.h"
#include "ts-seat-plan-compact.h"
#include "ts-free-seats.h"

typedef struct
{
  GStrv       own_seats;
  JsonObject *claims;
  TsSeatPlan *plan;
  gboolean    map_from_claims;   /* no map_id given: the one the claims name */
  guint       pending;    /* requests in flight */
  GError     *error;      /* the first failure */
} Load;

static void
load_free (Load *load)
{
  g_strfreev (load->own_seats);
  g_clear_pointer (&load->claims, json_object_unref);
  g_clear_pointer (&load->plan, ts_seat_plan_free);
  g_clear_error (&load->error);
  g_free (load);
}

static void
free_seat_free (TsFreeSeat *seat)
{
  if (seat == NULL)
    return;
  g_free (seat->guid);
  g_free (seat->name);
  g_free (seat->category);
  g_free (seat);
}

static char *
seat_name (TsPlanSeat *seat)
{
  GString *name = g_string_new (seat->zone);

  /* as the server names seats on orders: "Stalls row A seat 3" */
  if (seat->row != NULL && *seat->row != '\0')
    {
      g_string_append_c (name, ' ');
      g_string_append_printf (name, _("row %s"), seat->row);
    }
  if (seat->number != NULL && *seat->number != '\0')
    {
      g_string_append_c (name, ' ');
      g_string_append_printf (name, _("seat %s"), seat->number);
    }
  return g_strstrip (g_string_free (name, FALSE));
}

static GPtrArray *
free_seats (Load *load)
{
  g_autoptr(GHashTable) claimed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) own = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *seats = json_object_get_array_member (load->claims, "seats");
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) free_seat_free);

  for (guint i = 0; seats != NULL && i < json_array_get_length (seats); i++)
    {
      JsonObject *claim = json_array_get_object_element (seats, i);
      const char *guid = json_object_get_string_member_with_default (claim, "seat", NULL);

      if (guid != NULL)
        g_hash_table_add (claimed, (gpointer) guid);
    }
  for (guint i = 0; load->own_seats != NULL && load->own_seats[i] != NULL; i++)
    g_hash_table_add (own, load->own_seats[i]);

  for (guint i = 0; i < load->plan->seats->len; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (load->plan->seats, i);
      gboolean is_own = g_hash_table_contains (own, seat->guid);
      TsFreeSeat *free_seat;

      if (!is_own && g_hash_table_contains (claimed, seat->guid))
        continue;
      free_seat = g_new0 (TsFreeSeat, 1);
      free_seat->guid = g_strdup (seat->guid);
      free_seat->name = seat_name (seat);
      free_seat->category = g_strdup (seat->category);
      free_seat->own = is_own;
      g_ptr_array_add (result, free_seat);
    }
  return result;
}

static void
step_done (GTask *task)
{
  Load *load = g_task_get_task_data (task);

  if (--load->pending > 0)
    return;
  if (load->error != NULL)
    g_task_return_error (task, g_steal_pointer (&load->error));
  else
    g_task_return_pointer (task, free_seats (load), (GDestroyNotify) g_ptr_array_unref);
}

/* Keeps the first failure: the others follow from it, or say the same. */
static void
step_failed (Load   *load,
             GError *error)
{
  if (load->error == NULL)
    load->error = error != NULL ? g_error_copy (error)
                                : g_error_new_literal (TS_ERROR, TS_ERROR_INTERNAL, _("The server gave no answer"));
}

static void
plan_loaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);

  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    load->plan = ts_seat_plan_from_compact (json_object_get_member (json_node_get_object (answer), "map"), &error);
  if (load->plan == NULL)
    step_failed (load, error);
  step_done (task);
}

static void
request_plan (GTask  *task,
              gint64  map_id)
{
  Load *load = g_task_get_task_data (task);

  load->pending++;
  ts_api_client_get_map_compact_async (g_task_get_source_object (task), map_id, g_task_get_cancellable (task),
                                       plan_loaded, g_object_ref (task));
}

static void
claims_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    step_failed (load, error);
  else
    {
      load->claims = json_object_ref (json_node_get_object (answer));
      if (load->map_from_claims)
        {
          gint64 map_id = json_object_get_int_member_with_default (load->claims, "map_id", 0);

          if (map_id != 0)
            request_plan (task, map_id);
          else
            step_failed (load, NULL);
        }
    }
  step_done (task);
}

/* Loads the performance's claims and its map together; with map_id 0 the
 * map is the one the claims name, read after them.  own_seats (may be
 * NULL): seats of the caller's order, listed even though claimed, with
 * "own" set, for a dialog that frees them in the same transaction. */
static void
load_async (TsApiClient         *client,
            gint64               performance_id,
            gint64               map_id,
            const char * const  *own_seats,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Load *load;

  g_return_if_fail (TS_IS_API_CLIENT (client));
  task = g_task_new (client, cancellable, callback, user_data);
  g_task_set_source_tag (task, load_async);
  load = g_new0 (Load, 1);
  load->own_seats = g_strdupv ((char **) own_seats);
  load->map_from_claims = map_id == 0;
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);

  load->pending = 1;
  ts_api_client_get_performance_seats_async (client, performance_id, cancellable, claims_loaded, g_object_ref (task));
  if (map_id != 0)
    request_plan (task, map_id);
}

/* The free seats in map order (TsFreeSeat, owned by the array).  claims,
 * when not NULL, receives the claims as GET /performances/{id}/seats
 * answered them (its "ga" lists the general-admission areas). */
static GPtrArray *
load_finish (TsApiClient   *client,
             GAsyncResult  *result,
             JsonObject   **claims,
             GError       **error)
{
  GTask *task = G_TASK (result);
  GPtrArray *seats;

  g_return_val_if_fail (g_task_is_valid (result, client), NULL);
  seats = g_task_propagate_pointer (task, error);
  if (claims != NULL)
    {
      Load *load = g_task_get_task_data (task);

      *claims = seats != NULL && load->claims != NULL ? json_object_ref (load->claims) : NULL;
    }
  return seats;
}

typedef struct
{
  GWeakRef          dialog;     /* the seats may come after it is gone */
  TsFreeSeatsLoaded loaded;
} DialogLoad;

static void
loaded_for_dialog (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  DialogLoad *load = data;
  g_autoptr(TsDialog) dialog = g_weak_ref_get (&load->dialog);
  TsFreeSeatsLoaded loaded = load->loaded;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GPtrArray) seats = load_finish (TS_API_CLIENT (source), result, &claims, &error);

  g_weak_ref_clear (&load->dialog);
  g_free (load);
  /* cancelled: the dialog is going, or has asked for another performance */
  if (dialog == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    ts_dialog_set_message (dialog, error->message);
  loaded (dialog, seats, claims);
}

void
ts_free_seats_load_for (TsDialog           *dialog,
                        gint64              performance_id,
                        gint64              map_id,
                        const char * const *own_seats,
                        GCancellable       *cancellable,
                        TsFreeSeatsLoaded   loaded)
{
  DialogLoad *load = g_new0 (DialogLoad, 1);

  g_weak_ref_init (&load->dialog, dialog);
  load->loaded = loaded;
  load_async (ts_dialog_get_client (dialog), performance_id, map_id, own_seats, cancellable,
              loaded_for_dialog, load);
}
