/* ts-season-tab.c — the base of the season setup tabs (events, ticket types,
 * commission tables)
 *
 * Everything a tab shows is the owning outlet's own (E1): its lists ask for
 * one outlet's rows, the signed-in one's, or for the Master User the outlet
 * the page chose.  Writing is for the Box Office Manager level and up (C4);
 * below it the lists are shown read-only.  Each request is counted while
 * under way, so the page (and the tests) know when the lists are settled. */
#include "ts-json-item.h"
#include "ts-season-tab.h"

typedef struct
{
  TsApiClient  *client;
  GCancellable *cancellable;
  gint64        outlet_id;
  gboolean      editable;
  guint         pending;           /* requests under way */
} TsSeasonTabPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (TsSeasonTab, ts_season_tab, GTK_TYPE_BOX)

enum { PROP_0, PROP_BUSY, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { MESSAGE, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
set_pending (TsSeasonTab *self,
             guint        pending)
{
  TsSeasonTabPrivate *priv = ts_season_tab_get_instance_private (self);
  gboolean was_busy = priv->pending > 0;

  priv->pending = pending;
  if (was_busy != (pending > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
ts_season_tab_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, ts_season_tab_is_busy (TS_SEASON_TAB (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_season_tab_dispose (GObject *object)
{
  TsSeasonTabPrivate *priv = ts_season_tab_get_instance_private (TS_SEASON_TAB (object));

  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  g_clear_object (&priv->client);
  G_OBJECT_CLASS (ts_season_tab_parent_class)->dispose (object);
}

static void
ts_season_tab_class_init (TsSeasonTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ts_season_tab_get_property;
  object_class->dispose = ts_season_tab_dispose;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass), "/org/tessera/Tessera/ui/ts-season-tab.ui");
  g_type_ensure (TS_TYPE_JSON_ITEM);
}

static void
ts_season_tab_init (TsSeasonTab *self)
{
  TsSeasonTabPrivate *priv = ts_season_tab_get_instance_private (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  priv->cancellable = g_cancellable_new ();
}

static void
update_actions (TsSeasonTab *self)
{
  TsSeasonTabClass *klass = TS_SEASON_TAB_GET_CLASS (self);

  if (klass->update_actions != NULL)
    klass->update_actions (self);
}

void
ts_season_tab_set_client (TsSeasonTab *self,
                          TsApiClient *client,
                          gboolean     editable)
{
  TsSeasonTabPrivate *priv = ts_season_tab_get_instance_private (self);

  g_return_if_fail (TS_IS_SEASON_TAB (self));
  g_set_object (&priv->client, client);
  priv->editable = editable;
  update_actions (self);
}

void
ts_season_tab_set_outlet (TsSeasonTab *self,
                          gint64       outlet_id)
{
  TsSeasonTabPrivate *priv = ts_season_tab_get_instance_private (self);

  g_return_if_fail (TS_IS_SEASON_TAB (self));
  if (priv->outlet_id == outlet_id)
    return;
  priv->outlet_id = outlet_id;
  if (TS_SEASON_TAB_GET_CLASS (self)->outlet_changed != NULL)
    TS_SEASON_TAB_GET_CLASS (self)->outlet_changed (self);
  update_actions (self);
}

void
ts_season_tab_reload (TsSeasonTab *self)
{
  TsSeasonTabPrivate *priv = ts_season_tab_get_instance_private (self);

  g_return_if_fail (TS_IS_SEASON_TAB (self));
  if (priv->outlet_id != 0)
    TS_SEASON_TAB_GET_CLASS (self)->reload (self);
}

gboolean
ts_season_tab_is_busy (TsSeasonTab *self)
{
  TsSeasonTabPrivate *priv = ts_season_tab_get_instance_private (self);

  return priv->pending > 0;
}

TsApiClient *
ts_season_tab_get_client (TsSeasonTab *self)
{
  TsSeasonTabPrivate *priv = ts_season_tab_get_instance_private (self);

  return priv->client;
}

gint64
ts_season_tab_get_outlet_id (TsSeasonTab *self)
{
  TsSeasonTabPrivate *priv = ts_season_tab_get_instance_private (self);

  return priv->outlet_id;
}

gboolean
ts_season_tab_can_edit (TsSeasonTab *self)
{
  TsSeasonTabPrivate *priv = ts_season_tab_get_instance_private (self);

  return priv->editable && priv->outlet_id != 0;
}

gboolean
ts_season_tab_is_editable (TsSeasonTab *self)
{
  TsSeasonTabPrivate *priv = ts_season_tab_get_instance_private (self);

  return priv->editable;
}

GtkWindow *
ts_season_tab_get_window (TsSeasonTab *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
ts_season_tab_say (TsSeasonTab *self,
                   const char  *text)
{
  g_signal_emit (self, signals[MESSAGE], 0, text ? text : "");
}

GCancellable *
ts_season_tab_get_cancellable (TsSeasonTab *self)
{
  TsSeasonTabPrivate *priv = ts_season_tab_get_instance_private (self);

  return priv->cancellable;
}

void
ts_season_tab_request_started (TsSeasonTab *self)
{
  TsSeasonTabPrivate *priv = ts_season_tab_get_instance_private (self);

  set_pending (self, priv->pending + 1);
}

gboolean
ts_season_tab_answered (TsSeasonTab  *self,
                        const GError *error)
{
  TsSeasonTabPrivate *priv = ts_season_tab_get_instance_private (self);

  set_pending (self, priv->pending - 1);
  if (error != NULL)
    ts_season_tab_say (self, error->message);
  return error == NULL;
}

void
ts_season_tab_forget_request (TsSeasonTab *self)
{
  TsSeasonTabPrivate *priv = ts_season_tab_get_instance_private (self);

  set_pending (self, priv->pending - 1);
}

guint
ts_season_position_of (GListModel *list,
                       gint64      id)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(TsJsonItem) item = g_list_model_get_item (list, i);

      if (ts_json_item_get_id (item) == id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

JsonObject *
ts_season_selected_object (GtkSingleSelection *selection)
{
  gpointer item = gtk_single_selection_get_selected_item (selection);

  return item ? ts_json_item_get_object (TS_JSON_ITEM (item)) : NULL;
}

void
ts_season_refill (GtkSingleSelection *selection,
                  JsonNode           *answer,
                  const char         *member)
{
  JsonObject *chosen = ts_season_selected_object (selection);
  gint64 keep = chosen ? json_object_get_int_member_with_default (chosen, "id", 0) : 0;

  ts_json_item_fill_store (G_LIST_STORE (gtk_single_selection_get_model (selection)), answer, member);
  gtk_single_selection_set_selected (selection, ts_season_position_of (gtk_single_selection_get_model (selection), keep));
}
