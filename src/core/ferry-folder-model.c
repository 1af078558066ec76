/* ferry-folder-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-folder-model"

#include "config.h"

#include "ferry-folder-model.h"
#include "ferry-discovery.h"

/* The wrap function, shared by a model and its children. */
typedef struct
{
  GType                item_type;
  FerryFolderWrapFunc  func;
  gpointer             user_data;
  GDestroyNotify       destroy;
} Wrap;

struct _FerryFolderModel
{
  GObject          parent_instance;

  /* what is listed */
  FerryConnection *connection;
  char            *project_id;
  char            *folder_id;
  Wrap            *wrap;          /* GRcBox, shared with the children */

  /* the listing */
  GCancellable    *tree_cancellable;  /* the caller's, nullable */
  gulong           tree_cancelled_id;
  GCancellable    *cancellable;       /* this model's listing */
  GPtrArray       *items;
  gboolean         loading;
  gboolean         loaded;
  GError          *error;
};

static void ferry_folder_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryFolderModel, ferry_folder_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ferry_folder_model_list_model_init))

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_PROJECT_ID,
  PROP_FOLDER_ID,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  PROP_LOADING,
  PROP_LOADED,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
wrap_clear (gpointer data)
{
  Wrap *wrap = data;

  if (wrap->destroy != NULL)
    wrap->destroy (wrap->user_data);
}

static void
wrap_unref (Wrap *wrap)
{
  g_rc_box_release_full (wrap, wrap_clear);
}

static Wrap *
wrap_new (GType                item_type,
          FerryFolderWrapFunc  func,
          gpointer             user_data,
          GDestroyNotify       destroy)
{
  Wrap *wrap = g_rc_box_new0 (Wrap);

  wrap->item_type = item_type;
  wrap->func = func;
  wrap->user_data = user_data;
  wrap->destroy = destroy;
  return wrap;
}

static void
set_loading (FerryFolderModel *self,
             gboolean          loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_error (FerryFolderModel *self,
           const GError     *error)
{
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

/* One page of the listing: its items go on at the end at once. */
static void
folder_page_cb (GPtrArray *objects,
                gpointer   user_data)
{
  g_autoptr(FerryFolderModel) self = g_weak_ref_get (user_data);
  guint position;

  if (self == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  position = self->items->len;
  for (guint i = 0; i < objects->len; i++)
    {
      FerryObjectInfo *info = g_ptr_array_index (objects, i);

      if (self->wrap != NULL)
        g_ptr_array_add (self->items, self->wrap->func (info, self->wrap->user_data));
      else
        g_ptr_array_add (self->items, g_object_ref (info));
    }
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, objects->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* A listing that did not end well keeps none of its pages. */
static void
drop_items (FerryFolderModel *self)
{
  guint removed = self->items->len;

  if (removed == 0)
    return;
  g_ptr_array_set_size (self->items, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
folder_listed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(FerryFolderModel) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  weak_ref_free (ref);
  ok = ferry_discovery_list_folder_pages_finish (FERRY_CONNECTION (source), result, NULL, &error);
  if (self == NULL)
    return;

  /* The tree was dropped (or the model disposed): nothing is wanted, even
   * a listing that ended just before. */
  if ((!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) ||
      g_cancellable_is_cancelled (self->cancellable))
    {
      drop_items (self);
      set_loading (self, FALSE);
      return;
    }

  if (!ok)
    {
      g_debug ("Listing folder %s failed: %s", self->folder_id != NULL ? self->folder_id : "(top)",
               error->message);
      drop_items (self);
      set_error (self, error);
      set_loading (self, FALSE);
      return;
    }

  self->loaded = TRUE;
  set_error (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  set_loading (self, FALSE);
}

void
ferry_folder_model_load (FerryFolderModel *self)
{
  GWeakRef *ref, *page_ref;

  g_return_if_fail (FERRY_IS_FOLDER_MODEL (self));

  if (self->loading || self->loaded)
    return;
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  /* The listing holds no reference: disposing the model cancels it. */
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  page_ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (page_ref, self);
  set_loading (self, TRUE);
  ferry_discovery_list_folder_pages_async (self->connection, self->project_id, self->folder_id,
                                           folder_page_cb, page_ref, (GDestroyNotify) weak_ref_free,
                                           self->cancellable, folder_listed_cb, ref);
}

/* --- GListModel ------------------------------------------------------------- */

static GType
ferry_folder_model_get_item_type (GListModel *model)
{
  FerryFolderModel *self = FERRY_FOLDER_MODEL (model);

  return self->wrap != NULL ? self->wrap->item_type : FERRY_TYPE_OBJECT_INFO;
}

static guint
ferry_folder_model_get_n_items (GListModel *model)
{
  FerryFolderModel *self = FERRY_FOLDER_MODEL (model);

  ferry_folder_model_load (self);
  return self->items->len;
}

static gpointer
ferry_folder_model_get_item (GListModel *model,
                             guint       position)
{
  FerryFolderModel *self = FERRY_FOLDER_MODEL (model);

  ferry_folder_model_load (self);
  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
ferry_folder_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ferry_folder_model_get_item_type;
  iface->get_n_items = ferry_folder_model_get_n_items;
  iface->get_item = ferry_folder_model_get_item;
}

/* --- GObject ---------------------------------------------------------------- */

static void
tree_cancelled_cb (GCancellable *tree_cancellable,
                   gpointer      user_data)
{
  GCancellable *cancellable = user_data;

  g_cancellable_cancel (cancellable);
}

static void
ferry_folder_model_dispose (GObject *object)
{
  FerryFolderModel *self = FERRY_FOLDER_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  if (self->tree_cancellable != NULL)
    {
      g_cancellable_disconnect (self->tree_cancellable, self->tree_cancelled_id);
      self->tree_cancelled_id = 0;
      g_clear_object (&self->tree_cancellable);
    }

  G_OBJECT_CLASS (ferry_folder_model_parent_class)->dispose (object);
}

static void
ferry_folder_model_finalize (GObject *object)
{
  FerryFolderModel *self = FERRY_FOLDER_MODEL (object);

  g_clear_object (&self->connection);
  g_free (self->project_id);
  g_free (self->folder_id);
  g_clear_pointer (&self->wrap, wrap_unref);
  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->items);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (ferry_folder_model_parent_class)->finalize (object);
}

static void
ferry_folder_model_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FerryFolderModel *self = FERRY_FOLDER_MODEL (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_PROJECT_ID:
      g_value_set_string (value, self->project_id);
      break;
    case PROP_FOLDER_ID:
      g_value_set_string (value, self->folder_id);
      break;
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, ferry_folder_model_get_item_type (G_LIST_MODEL (self)));
      break;
    case PROP_N_ITEMS:
      /* Reading the property does not start the listing. */
      g_value_set_uint (value, self->items->len);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_folder_model_class_init (FerryFolderModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_folder_model_dispose;
  object_class->finalize = ferry_folder_model_finalize;
  object_class->get_property = ferry_folder_model_get_property;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, FERRY_TYPE_CONNECTION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECT_ID] =
    g_param_spec_string ("project-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLDER_ID] =
    g_param_spec_string ("folder-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_folder_model_init (FerryFolderModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}

/* --- API -------------------------------------------------------------------- */

FerryFolderModel *
ferry_folder_model_new (FerryConnection *connection,
                        const char      *project_id,
                        const char      *folder_id,
                        GCancellable    *cancellable)
{
  FerryFolderModel *self;

  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (project_id != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  self = g_object_new (FERRY_TYPE_FOLDER_MODEL, NULL);
  self->connection = g_object_ref (connection);
  self->project_id = g_strdup (project_id);
  self->folder_id = g_strdup (folder_id);
  if (cancellable != NULL)
    {
      self->tree_cancellable = g_object_ref (cancellable);
      /* Cancels this model's listing at once when already cancelled. */
      self->tree_cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (tree_cancelled_cb),
                                                       self->cancellable, NULL);
    }
  return self;
}

FerryFolderModel *
ferry_folder_model_new_child (FerryFolderModel *self,
                              const char       *folder_id)
{
  FerryFolderModel *child;

  g_return_val_if_fail (FERRY_IS_FOLDER_MODEL (self), NULL);
  g_return_val_if_fail (folder_id != NULL, NULL);

  child = ferry_folder_model_new (self->connection, self->project_id, folder_id, self->tree_cancellable);
  if (self->wrap != NULL)
    child->wrap = g_rc_box_acquire (self->wrap);
  return child;
}

FerryConnection *
ferry_folder_model_get_connection (FerryFolderModel *self)
{
  g_return_val_if_fail (FERRY_IS_FOLDER_MODEL (self), NULL);
  return self->connection;
}

const char *
ferry_folder_model_get_project_id (FerryFolderModel *self)
{
  g_return_val_if_fail (FERRY_IS_FOLDER_MODEL (self), NULL);
  return self->project_id;
}

const char *
ferry_folder_model_get_folder_id (FerryFolderModel *self)
{
  g_return_val_if_fail (FERRY_IS_FOLDER_MODEL (self), NULL);
  return self->folder_id;
}

gboolean
ferry_folder_model_get_loading (FerryFolderModel *self)
{
  g_return_val_if_fail (FERRY_IS_FOLDER_MODEL (self), FALSE);
  return self->loading;
}

gboolean
ferry_folder_model_get_loaded (FerryFolderModel *self)
{
  g_return_val_if_fail (FERRY_IS_FOLDER_MODEL (self), FALSE);
  return self->loaded;
}

const GError *
ferry_folder_model_get_error (FerryFolderModel *self)
{
  g_return_val_if_fail (FERRY_IS_FOLDER_MODEL (self), NULL);
  return self->error;
}

void
ferry_folder_model_set_wrap_func (FerryFolderModel    *self,
                                  GType                item_type,
                                  FerryFolderWrapFunc  func,
                                  gpointer             user_data,
                                  GDestroyNotify       destroy)
{
  g_return_if_fail (FERRY_IS_FOLDER_MODEL (self));
  g_return_if_fail (func != NULL);
  g_return_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT));
  g_return_if_fail (!self->loading && !self->loaded);

  g_clear_pointer (&self->wrap, wrap_unref);
  self->wrap = wrap_new (item_type, func, user_data, destroy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM_TYPE]);
}
