/* ferry-migration-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each connection keeps the records last read from it (id → record). After
 * any change, the ids concerned are reconciled: the records of all
 * connections for an id are gathered, the source's (not replicated) and the
 * target's (replicated) are applied to the id's FerryMigration, and the item
 * is inserted or removed as needed.
 */

#define G_LOG_DOMAIN "ferry-migration-list"

#include "config.h"

#include "ferry-library-api.h"
#include "ferry-migration-list.h"

typedef struct
{
  FerryConnection *connection;
  GHashTable      *records;      /* id → JsonObject */
} Entry;

struct _FerryMigrationList
{
  GObject     parent_instance;

  GPtrArray  *entries;           /* Entry */
  GPtrArray  *items;             /* FerryMigration, newest first */
  GHashTable *by_id;             /* id → FerryMigration (borrowed from items) */
  guint       n_refreshing;
};

static void ferry_migration_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryMigrationList, ferry_migration_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ferry_migration_list_model_init))

enum {
  PROP_0,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  PROP_REFRESHING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
entry_free (Entry *entry)
{
  g_clear_object (&entry->connection);
  g_clear_pointer (&entry->records, g_hash_table_unref);
  g_free (entry);
}

static Entry *
find_entry (FerryMigrationList *self,
            FerryConnection    *connection)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->connection == connection)
        return entry;
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* GListModel                                                                 */
/* ------------------------------------------------------------------------ */

static GType
ferry_migration_list_get_item_type (GListModel *model)
{
  return FERRY_TYPE_MIGRATION;
}

static guint
ferry_migration_list_get_n_items (GListModel *model)
{
  FerryMigrationList *self = FERRY_MIGRATION_LIST (model);

  return self->items->len;
}

static gpointer
ferry_migration_list_get_item (GListModel *model,
                               guint       position)
{
  FerryMigrationList *self = FERRY_MIGRATION_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
ferry_migration_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ferry_migration_list_get_item_type;
  iface->get_n_items = ferry_migration_list_get_n_items;
  iface->get_item = ferry_migration_list_get_item;
}

static void
items_changed (FerryMigrationList *self,
               guint               position,
               guint               removed,
               guint               added)
{
  if (removed == 0 && added == 0)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* ------------------------------------------------------------------------ */
/* Ordering                                                                   */
/* ------------------------------------------------------------------------ */

/* Newest first; items without a date last; then by id. */
static int
compare_items (FerryMigration *a,
               FerryMigration *b)
{
  GDateTime *da = ferry_migration_get_package_creation_date (a);
  GDateTime *db = ferry_migration_get_package_creation_date (b);

  if (da != NULL && db != NULL)
    {
      int order = g_date_time_compare (db, da);

      if (order != 0)
        return order;
    }
  else if (da != NULL || db != NULL)
    return da != NULL ? -1 : 1;
  return g_strcmp0 (ferry_migration_get_id (a), ferry_migration_get_id (b));
}

static int
compare_items_indirect (gconstpointer a,
                        gconstpointer b)
{
  return compare_items (*(FerryMigration **) a, *(FerryMigration **) b);
}

static guint
insertion_point (FerryMigrationList *self,
                 FerryMigration     *item)
{
  guint low = 0;
  guint high = self->items->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (compare_items (g_ptr_array_index (self->items, middle), item) <= 0)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

/* ------------------------------------------------------------------------ */
/* Reconciling                                                                */
/* ------------------------------------------------------------------------ */

/* Applies what the connections know of ID. A new item is not inserted but
 * added to NEW_ITEMS (when given) or inserted at its place. */
static void
reconcile (FerryMigrationList *self,
           const char         *id,
           GPtrArray          *new_items)
{
  JsonObject *source = NULL;
  JsonObject *target = NULL;
  FerryMigration *item;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      JsonObject *record = g_hash_table_lookup (entry->records, id);

      if (record == NULL)
        continue;
      if (ferry_migration_record_is_target (record))
        {
          if (target == NULL)
            target = record;
        }
      else if (source == NULL)
        source = record;
    }

  item = g_hash_table_lookup (self->by_id, id);

  if (source == NULL && target == NULL)
    {
      guint position;

      if (item == NULL)
        return;
      g_hash_table_remove (self->by_id, id);
      if (new_items != NULL && g_ptr_array_find (new_items, item, &position))
        {
          g_ptr_array_remove_index (new_items, position);
          g_object_unref (item);
          return;
        }
      if (g_ptr_array_find (self->items, item, &position))
        {
          g_ptr_array_remove_index (self->items, position);
          items_changed (self, position, 1, 0);
        }
      return;
    }

  if (item == NULL)
    {
      item = ferry_migration_new (id);
      g_hash_table_insert (self->by_id, g_strdup (id), item);
      if (source != NULL)
        ferry_migration_update_from_json (item, source, FALSE);
      if (target != NULL)
        ferry_migration_update_from_json (item, target, TRUE);
      if (new_items != NULL)
        g_ptr_array_add (new_items, item);
      else
        {
          guint position = insertion_point (self, item);

          g_ptr_array_insert (self->items, position, item);
          items_changed (self, position, 0, 1);
        }
      return;
    }

  {
    g_autoptr(GDateTime) before = NULL;
    GDateTime *after;
    guint position;

    if (ferry_migration_get_package_creation_date (item) != NULL)
      before = g_date_time_ref (ferry_migration_get_package_creation_date (item));

    if (source != NULL)
      ferry_migration_update_from_json (item, source, FALSE);
    else
      ferry_migration_forget_record (item, FALSE);
    if (target != NULL)
      ferry_migration_update_from_json (item, target, TRUE);
    else
      ferry_migration_forget_record (item, TRUE);

    /* Learning the creation date (a short record came first) moves the
     * item to its place. */
    after = ferry_migration_get_package_creation_date (item);
    if ((before == NULL) != (after == NULL) ||
        (before != NULL && after != NULL && !g_date_time_equal (before, after)))
      {
        if (g_ptr_array_find (self->items, item, &position))
          {
            FerryMigration *moved = g_ptr_array_steal_index (self->items, position);

            items_changed (self, position, 1, 0);
            position = insertion_point (self, moved);
            g_ptr_array_insert (self->items, position, moved);
            items_changed (self, position, 0, 1);
          }
      }
  }
}

/* Inserts the items gathered by reconcile() in one go when the model was
 * empty (the first load), else one by one at their places. */
static void
insert_new_items (FerryMigrationList *self,
                  GPtrArray          *new_items)
{
  if (new_items->len == 0)
    return;

  g_ptr_array_sort (new_items, compare_items_indirect);
  if (self->items->len == 0)
    {
      for (guint i = 0; i < new_items->len; i++)
        g_ptr_array_add (self->items, g_ptr_array_index (new_items, i));
      g_ptr_array_set_size (new_items, 0);
      items_changed (self, 0, 0, self->items->len);
      return;
    }

  for (guint i = 0; i < new_items->len; i++)
    {
      FerryMigration *item = g_ptr_array_index (new_items, i);
      guint position = insertion_point (self, item);

      g_ptr_array_insert (self->items, position, item);
      items_changed (self, position, 0, 1);
    }
  g_ptr_array_set_size (new_items, 0);
}

static GHashTable *
new_record_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) json_object_unref);
}

/* Replaces what ENTRY knows with RECORDS (an array of JsonObject) and
 * reconciles every id that was or is now known there. */
static void
apply_list (FerryMigrationList *self,
            Entry              *entry,
            GPtrArray          *records)
{
  g_autoptr(GHashTable) old = g_steal_pointer (&entry->records);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) new_items = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  entry->records = new_record_table ();
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      const char *id = ferry_library_record_get_string (record, "id");

      if (id == NULL || *id == '\0')
        continue;
      g_hash_table_replace (entry->records, g_strdup (id), json_object_ref (record));
      g_hash_table_add (ids, g_strdup (id));
    }

  g_hash_table_iter_init (&iter, old);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (ids, g_strdup (key));

  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    reconcile (self, key, new_items);

  insert_new_items (self, new_items);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                    */
/* ------------------------------------------------------------------------ */

static void
ferry_migration_list_dispose (GObject *object)
{
  FerryMigrationList *self = (FerryMigrationList *) object;

  g_ptr_array_set_size (self->entries, 0);
  g_hash_table_remove_all (self->by_id);
  g_ptr_array_set_size (self->items, 0);

  G_OBJECT_CLASS (ferry_migration_list_parent_class)->dispose (object);
}

static void
ferry_migration_list_finalize (GObject *object)
{
  FerryMigrationList *self = (FerryMigrationList *) object;

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (ferry_migration_list_parent_class)->finalize (object);
}

static void
ferry_migration_list_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  FerryMigrationList *self = FERRY_MIGRATION_LIST (object);

  switch (prop_id)
    {
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, FERRY_TYPE_MIGRATION);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;

    case PROP_REFRESHING:
      g_value_set_boolean (value, self->n_refreshing > 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_migration_list_class_init (FerryMigrationListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_migration_list_dispose;
  object_class->finalize = ferry_migration_list_finalize;
  object_class->get_property = ferry_migration_list_get_property;

  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, "The type of the items: FerryMigration",
                        FERRY_TYPE_MIGRATION,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, "The number of migrations",
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFRESHING] =
    g_param_spec_boolean ("refreshing", NULL, "A refresh is under way",
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_migration_list_init (FerryMigrationList *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                 */
/* ------------------------------------------------------------------------ */

FerryMigrationList *
ferry_migration_list_new (void)
{
  return g_object_new (FERRY_TYPE_MIGRATION_LIST, NULL);
}

void
ferry_migration_list_add_connection (FerryMigrationList *self,
                                     FerryConnection    *connection)
{
  Entry *entry;

  g_return_if_fail (FERRY_IS_MIGRATION_LIST (self));
  g_return_if_fail (FERRY_IS_CONNECTION (connection));

  if (find_entry (self, connection) != NULL)
    return;
  entry = g_new0 (Entry, 1);
  entry->connection = g_object_ref (connection);
  entry->records = new_record_table ();
  g_ptr_array_add (self->entries, entry);
}

void
ferry_migration_list_remove_connection (FerryMigrationList *self,
                                        FerryConnection    *connection)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  Entry *entry;
  guint position;

  g_return_if_fail (FERRY_IS_MIGRATION_LIST (self));
  g_return_if_fail (FERRY_IS_CONNECTION (connection));

  entry = find_entry (self, connection);
  if (entry == NULL)
    return;
  /* Forget its records, then drop the entry. */
  apply_list (self, entry, none);
  if (g_ptr_array_find (self->entries, entry, &position))
    g_ptr_array_remove_index (self->entries, position);
}

/* Files RECORD (of ID) in what ENTRY knows: merged into a full record
 * known already (a short record keeps the full one's other members; a
 * replicated flag is kept from the full record). */
static void
store_record (Entry      *entry,
              const char *id,
              JsonObject *record)
{
  JsonObject *known = g_hash_table_lookup (entry->records, id);

  if (known != NULL)
    {
      g_autoptr(FerryMigration) merged = ferry_migration_new (id);
      gboolean target = ferry_migration_record_is_target (known);

      ferry_migration_update_from_json (merged, known, target);
      ferry_migration_update_from_json (merged, record, target);
      g_hash_table_replace (entry->records, g_strdup (id), ferry_migration_dup_record (merged, target));
    }
  else
    g_hash_table_replace (entry->records, g_strdup (id), json_object_ref (record));
}

void
ferry_migration_list_update_record (FerryMigrationList *self,
                                    FerryConnection    *connection,
                                    JsonObject         *record)
{
  Entry *entry;
  const char *id;

  g_return_if_fail (FERRY_IS_MIGRATION_LIST (self));
  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (record != NULL);

  entry = find_entry (self, connection);
  id = ferry_library_record_get_string (record, "id");
  if (entry == NULL || id == NULL || *id == '\0')
    return;

  store_record (entry, id, record);
  reconcile (self, id, NULL);
}

/* Merges NEW_ITEMS (sorted) into the items in one pass and says so with
 * one items-changed from the first place that moved. */
static void
merge_new_items (FerryMigrationList *self,
                 GPtrArray          *new_items)
{
  g_autoptr(GPtrArray) merged = NULL;
  guint old_len = self->items->len;
  guint first, i, j;

  if (new_items->len == 0)
    return;
  g_ptr_array_sort (new_items, compare_items_indirect);
  first = insertion_point (self, g_ptr_array_index (new_items, 0));

  merged = g_ptr_array_sized_new (old_len + new_items->len);
  for (i = 0; i < first; i++)
    g_ptr_array_add (merged, g_ptr_array_index (self->items, i));
  for (j = 0; i < old_len || j < new_items->len;)
    {
      /* Equal keys: the item already there stays first, as insertion_point() does. */
      if (j >= new_items->len ||
          (i < old_len && compare_items (g_ptr_array_index (self->items, i), g_ptr_array_index (new_items, j)) <= 0))
        g_ptr_array_add (merged, g_ptr_array_index (self->items, i++));
      else
        g_ptr_array_add (merged, g_ptr_array_index (new_items, j++));
    }

  /* The items array owns its items (new ones came with a reference). */
  g_ptr_array_set_free_func (self->items, NULL);
  g_ptr_array_set_size (self->items, 0);
  g_ptr_array_set_free_func (self->items, g_object_unref);
  g_ptr_array_extend_and_steal (self->items, g_steal_pointer (&merged));
  g_ptr_array_set_size (new_items, 0);
  items_changed (self, first, old_len - first, self->items->len - first);
}

/**
 * ferry_migration_list_update_records:
 * @records: (array length=n_records): records read from CONNECTION
 *
 * As ferry_migration_list_update_record() for each, with the new items
 * added in one go: one "items-changed" for them all rather than one each
 * (a listing read page by page feeds thousands).
 */
void
ferry_migration_list_update_records (FerryMigrationList *self,
                                     FerryConnection    *connection,
                                     JsonObject * const *records,
                                     guint               n_records)
{
  g_autoptr(GPtrArray) new_items = g_ptr_array_new ();
  Entry *entry;

  g_return_if_fail (FERRY_IS_MIGRATION_LIST (self));
  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (records != NULL || n_records == 0);

  entry = find_entry (self, connection);
  if (entry == NULL)
    return;

  for (guint i = 0; i < n_records; i++)
    {
      const char *id = ferry_library_record_get_string (records[i], "id");

      if (id == NULL || *id == '\0')
        continue;
      store_record (entry, id, records[i]);
      reconcile (self, id, new_items);
    }
  merge_new_items (self, new_items);
}

void
ferry_migration_list_forget_record (FerryMigrationList *self,
                                    FerryConnection    *connection,
                                    const char         *migration_id)
{
  Entry *entry;

  g_return_if_fail (FERRY_IS_MIGRATION_LIST (self));
  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (migration_id != NULL);

  entry = find_entry (self, connection);
  if (entry == NULL || !g_hash_table_remove (entry->records, migration_id))
    return;
  reconcile (self, migration_id, NULL);
}

FerryMigration *
ferry_migration_list_lookup (FerryMigrationList *self,
                             const char         *migration_id)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_LIST (self), NULL);
  g_return_val_if_fail (migration_id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, migration_id);
}

gboolean
ferry_migration_list_get_refreshing (FerryMigrationList *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_LIST (self), FALSE);

  return self->n_refreshing > 0;
}

/* ------------------------------------------------------------------------ */
/* Refreshing                                                                 */
/* ------------------------------------------------------------------------ */

typedef struct
{
  guint   pending;
  GError *error;      /* the first failure */
} RefreshData;

static void
refresh_data_free (RefreshData *data)
{
  g_clear_error (&data->error);
  g_free (data);
}

static void
refresh_done (GTask *task)
{
  FerryMigrationList *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);

  self->n_refreshing--;
  if (self->n_refreshing == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHING]);

  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
refresh_list_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FerryConnection *connection = FERRY_CONNECTION (object);
  g_autoptr(GTask) task = user_data;
  FerryMigrationList *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = ferry_library_list_migrations_finish (connection, result, &error);

  if (records == NULL)
    {
      g_debug ("Listing the migrations of %s failed: %s",
               ferry_connection_get_base_url (connection), error->message);
      if (data->error == NULL)
        data->error = g_steal_pointer (&error);
    }
  else
    {
      Entry *entry = find_entry (self, connection);

      /* The connection may have been removed meanwhile. */
      if (entry != NULL && !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        apply_list (self, entry, records);
    }

  if (--data->pending == 0)
    refresh_done (task);
}

void
ferry_migration_list_refresh_async (FerryMigrationList *self,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  RefreshData *data;

  g_return_if_fail (FERRY_IS_MIGRATION_LIST (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_migration_list_refresh_async);
  data = g_new0 (RefreshData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) refresh_data_free);

  self->n_refreshing++;
  if (self->n_refreshing == 1)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHING]);

  if (self->entries->len == 0)
    {
      refresh_done (task);
      return;
    }

  data->pending = self->entries->len;
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      ferry_library_list_migrations_async (entry->connection, cancellable,
                                           refresh_list_cb, g_object_ref (task));
    }
}

gboolean
ferry_migration_list_refresh_finish (FerryMigrationList *self,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_migration_list_refresh_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
