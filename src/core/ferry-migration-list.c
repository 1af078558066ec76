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

#include <string.h>

#include "ferry-library-api.h"
#include "ferry-migration-list.h"
#include "ferry-migration-private.h"

typedef struct
{
  FerryConnection *connection;
  GHashTable      *records;      /* id → FerryMigrationRecord */
} Entry;

struct _FerryMigrationList
{
  GObject     parent_instance;

  GPtrArray  *entries;           /* Entry */
  GPtrArray  *items;             /* FerryMigration, newest first */
  /* id → FerryMigration (borrowed from items or fresh). The keys are the
   * items' own ids (which never change), as the records tables' keys are
   * the records' ids: a listing of 100,000 copied as many ids into the
   * main thread's heap, and the worker that frees a table left that heap
   * so many small blocks to consolidate that the main thread paid 100 ms
   * for it when an environment was removed. */
  GHashTable *by_id;
  guint       n_refreshing;

  /* A batch under way (ferry_migration_list_hold()): the model changes at
   * its end, with one items-changed for the new items and one per run of
   * the removed ones. */
  guint       hold_count;
  GPtrArray  *fresh;             /* FerryMigration (owned): new, not in items yet */
  GHashTable *fresh_set;         /* the same, as a set */
  GPtrArray  *doomed;            /* FerryMigration (borrowed from items): to remove */
};

/* More runs of removed rows than this: one items-changed over their span. */
#define MAX_REMOVAL_RUNS 32
/* At least one removed row in this many: found by a pass over the rows
 * rather than a binary search each. */
#define LINEAR_REMOVAL_RATIO 16

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

/* Freeing what a hundred thousand rows leave (their objects, their records
 * as JSON trees) takes the main loop seconds: a worker thread does it. Only
 * what nothing else on the main thread uses goes there (items the model let
 * go: a row's widget still holding one keeps it alive, its last unref then
 * being on the main thread; record tables the list owns alone). */
typedef struct
{
  gpointer       data;
  GDestroyNotify notify;
} Trash;

static void
trash_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Trash *trash = task_data;

  g_clear_pointer (&trash->data, trash->notify);
  g_task_return_boolean (task, TRUE);
}

void
_ferry_free_in_thread (gpointer       data,
                       GDestroyNotify notify)
{
  g_autoptr(GTask) task = NULL;
  Trash *trash;

  if (data == NULL)
    return;
  trash = g_new0 (Trash, 1);
  trash->data = data;
  trash->notify = notify;
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, _ferry_free_in_thread);
  g_task_set_task_data (task, trash, g_free);
  g_task_run_in_thread (task, trash_thread);
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

/* As compare_items (ITEM, the item of DATE and ID). */
static int
compare_to_key (FerryMigration *item,
                GDateTime      *date,
                const char     *id)
{
  GDateTime *da = ferry_migration_get_package_creation_date (item);

  if (da != NULL && date != NULL)
    {
      int order = g_date_time_compare (date, da);

      if (order != 0)
        return order;
    }
  else if (da != NULL || date != NULL)
    return da != NULL ? -1 : 1;
  return g_strcmp0 (ferry_migration_get_id (item), id);
}

/* The position of ITEM, whose place in the order is DATE and its id (its
 * date before a change): a binary search, as the order is total. */
static gboolean
find_position (FerryMigrationList *self,
               FerryMigration     *item,
               GDateTime          *date,
               guint              *position)
{
  const char *id = ferry_migration_get_id (item);
  guint low = 0;
  guint high = self->items->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (compare_to_key (g_ptr_array_index (self->items, middle), date, id) < 0)
        low = middle + 1;
      else
        high = middle;
    }
  if (low < self->items->len && g_ptr_array_index (self->items, low) == item)
    {
      *position = low;
      return TRUE;
    }
  /* Not where its key says: a key changed behind our back. */
  return g_ptr_array_find (self->items, item, position);
}

/* ------------------------------------------------------------------------ */
/* Reconciling                                                                */
/* ------------------------------------------------------------------------ */

/* The record ENTRY knows of ID, or NULL. An empty table is not asked: it
 * would hash the id all the same, and an environment going away empties
 * its own table first, then reconciles its 100,000 ids. */
static FerryMigrationRecord *
entry_lookup (Entry      *entry,
              const char *id)
{
  if (g_hash_table_size (entry->records) == 0)
    return NULL;
  return g_hash_table_lookup (entry->records, id);
}

/* Applies what the connections know of ID. While a batch is held, a new
 * item waits in fresh and a removed one in doomed (both for the batch's
 * end); otherwise the model changes at once. PREPARED (nullable) is a
 * migration built from PREPARED_FROM alone (in a worker): the new item when
 * that record is all the connections know of ID. */
static void
reconcile (FerryMigrationList   *self,
           const char           *id,
           FerryMigrationRecord *prepared_from,
           FerryMigration       *prepared)
{
  FerryMigrationRecord *source = NULL;
  FerryMigrationRecord *target = NULL;
  FerryMigration *item;

  for (guint i = 0; i < self->entries->len; i++)
    {
      FerryMigrationRecord *record = entry_lookup (g_ptr_array_index (self->entries, i), id);

      if (record == NULL)
        continue;
      if (ferry_migration_record_get_is_target (record))
        {
          if (target == NULL)
            target = record;
        }
      else if (source == NULL)
        source = record;
    }

  if (source == NULL && target == NULL)
    {
      gpointer value;
      guint position;

      /* Found and taken out in one go. */
      if (!g_hash_table_steal_extended (self->by_id, id, NULL, &value))
        return;
      item = value;
      if (self->hold_count > 0)
        {
          /* A new item not in the model yet is dropped at the batch's end. */
          if (!g_hash_table_remove (self->fresh_set, item))
            g_ptr_array_add (self->doomed, item);
          return;
        }
      if (find_position (self, item, ferry_migration_get_package_creation_date (item), &position))
        {
          g_ptr_array_remove_index (self->items, position);
          items_changed (self, position, 1, 0);
        }
      return;
    }

  item = g_hash_table_lookup (self->by_id, id);
  if (item == NULL)
    {
      if (prepared != NULL && (source == NULL || target == NULL) &&
          (source == prepared_from || target == prepared_from) &&
          g_strcmp0 (ferry_migration_get_id (prepared), id) == 0)
        {
          /* What the code below would build, built already. */
          item = g_object_ref (prepared);
          g_hash_table_insert (self->by_id, (gpointer) ferry_migration_get_id (item), item);
        }
      else
        {
          item = ferry_migration_new (id);
          g_hash_table_insert (self->by_id, (gpointer) ferry_migration_get_id (item), item);
          if (source != NULL)
            ferry_migration_set_record (item, source, FALSE);
          if (target != NULL)
            ferry_migration_set_record (item, target, TRUE);
        }
      if (self->hold_count > 0)
        {
          g_ptr_array_add (self->fresh, item);
          g_hash_table_add (self->fresh_set, item);
        }
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
      ferry_migration_set_record (item, source, FALSE);
    else
      ferry_migration_forget_record (item, FALSE);
    if (target != NULL)
      ferry_migration_set_record (item, target, TRUE);
    else
      ferry_migration_forget_record (item, TRUE);

    /* Learning the creation date (a short record came first) moves the
     * item to its place. */
    after = ferry_migration_get_package_creation_date (item);
    if ((before == NULL) != (after == NULL) ||
        (before != NULL && after != NULL && !g_date_time_equal (before, after)))
      {
        /* A new item (in fresh) finds its place at the batch's end. */
        if (!g_hash_table_contains (self->fresh_set, item) &&
            find_position (self, item, before, &position))
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

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint pa = *(const guint *) a;
  guint pb = *(const guint *) b;

  return pa < pb ? -1 : pa > pb;
}

static void remove_positions (FerryMigrationList *self,
                              GArray             *positions);

/* Takes the doomed items out of the model (remove_positions()). */
static void
remove_doomed (FerryMigrationList *self)
{
  g_autoptr(GArray) positions = NULL;

  if (self->doomed->len == 0)
    return;

  positions = g_array_sized_new (FALSE, FALSE, sizeof (guint), self->doomed->len);
  if (self->doomed->len >= self->items->len / LINEAR_REMOVAL_RATIO)
    {
      /* Many: one pass over the rows (in order already) beats a binary
       * search for each (an environment removed: 100 000 of them). */
      g_autoptr(GHashTable) set = g_hash_table_new (NULL, NULL);

      for (guint i = 0; i < self->doomed->len; i++)
        g_hash_table_add (set, g_ptr_array_index (self->doomed, i));
      for (guint i = 0; i < self->items->len; i++)
        if (g_hash_table_contains (set, g_ptr_array_index (self->items, i)))
          g_array_append_val (positions, i);
    }
  else
    {
      for (guint i = 0; i < self->doomed->len; i++)
        {
          FerryMigration *item = g_ptr_array_index (self->doomed, i);
          guint position;

          if (find_position (self, item, ferry_migration_get_package_creation_date (item), &position))
            g_array_append_val (positions, position);
        }
      g_array_sort (positions, compare_positions);
    }
  g_ptr_array_set_size (self->doomed, 0);
  remove_positions (self, positions);
}

/* Removes the rows at POSITIONS (ascending) from the model, their items
 * already out of by_id: one items-changed per run of neighbours, from the
 * last run up (the positions of those before stay true), or, with more
 * runs than MAX_REMOVAL_RUNS, one over the span from the first to the last
 * (the rows between are given again). A worker frees them. */
static void
remove_positions (FerryMigrationList *self,
                  GArray             *positions)
{
  g_autoptr(GPtrArray) trash = NULL;
  guint n_runs = 0;

  if (positions->len == 0)
    return;

  for (guint i = 0; i < positions->len; i++)
    if (i == 0 || g_array_index (positions, guint, i) != g_array_index (positions, guint, i - 1) + 1)
      n_runs++;

  /* The model lets them go now, the worker frees them after the signals. */
  trash = g_ptr_array_new_full (positions->len, g_object_unref);
  g_ptr_array_set_free_func (self->items, NULL);
  if (n_runs <= MAX_REMOVAL_RUNS)
    {
      guint end = positions->len;

      while (end > 0)
        {
          guint start = end - 1;
          guint first;
          guint n;

          while (start > 0 && g_array_index (positions, guint, start - 1) + 1 == g_array_index (positions, guint, start))
            start--;
          first = g_array_index (positions, guint, start);
          n = end - start;
          for (guint i = first; i < first + n; i++)
            g_ptr_array_add (trash, g_ptr_array_index (self->items, i));
          g_ptr_array_remove_range (self->items, first, n);
          items_changed (self, first, n, 0);
          end = start;
        }
    }
  else
    {
      guint first = g_array_index (positions, guint, 0);
      guint last = g_array_index (positions, guint, positions->len - 1);
      guint kept = first;
      guint next = 0;

      /* Compact the span in place, dropping the doomed (owned by items). */
      for (guint i = first; i <= last; i++)
        {
          gpointer item = g_ptr_array_index (self->items, i);

          if (next < positions->len && g_array_index (positions, guint, next) == i)
            {
              next++;
              g_ptr_array_add (trash, item);
            }
          else
            self->items->pdata[kept++] = item;
        }
      memmove (self->items->pdata + kept, self->items->pdata + last + 1,
               (self->items->len - last - 1) * sizeof (gpointer));
      g_ptr_array_set_size (self->items, self->items->len - positions->len);
      items_changed (self, first, last - first + 1, kept - first);
    }
  g_ptr_array_set_free_func (self->items, g_object_unref);
  _ferry_free_in_thread (g_steal_pointer (&trash), (GDestroyNotify) g_ptr_array_unref);
}

/* Merges the fresh items (sorted) into the model in one pass, with one
 * items-changed from the first new row to the last (the rows between them
 * are given again; when the new rows are neighbours, as a listing read in
 * the list's order gives them, none). */
static void
insert_fresh (FerryMigrationList *self)
{
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GPtrArray) merged = NULL;
  guint old_len = self->items->len;
  guint first = G_MAXUINT;
  guint last = 0;
  guint i, j;

  /* Those forgotten again in the same batch are dropped. */
  fresh = g_ptr_array_new_full (self->fresh->len, g_object_unref);
  for (i = 0; i < self->fresh->len; i++)
    {
      FerryMigration *item = g_ptr_array_index (self->fresh, i);

      if (g_hash_table_contains (self->fresh_set, item))
        g_ptr_array_add (fresh, g_object_ref (item));
    }
  g_ptr_array_set_size (self->fresh, 0);
  g_hash_table_remove_all (self->fresh_set);
  if (fresh->len == 0)
    return;
  g_ptr_array_sort (fresh, compare_items_indirect);

  if (old_len == 0)
    {
      g_ptr_array_set_free_func (fresh, NULL);
      g_ptr_array_extend_and_steal (self->items, g_steal_pointer (&fresh));
      items_changed (self, 0, 0, self->items->len);
      return;
    }

  merged = g_ptr_array_sized_new (old_len + fresh->len);
  i = insertion_point (self, g_ptr_array_index (fresh, 0));
  g_ptr_array_set_size (merged, i);
  memcpy (merged->pdata, self->items->pdata, i * sizeof (gpointer));
  for (j = 0; i < old_len || j < fresh->len;)
    {
      /* Equal keys: the item already there stays first, as insertion_point() does. */
      if (j >= fresh->len ||
          (i < old_len && compare_items (g_ptr_array_index (self->items, i), g_ptr_array_index (fresh, j)) <= 0))
        g_ptr_array_add (merged, g_ptr_array_index (self->items, i++));
      else
        {
          if (first == G_MAXUINT)
            first = merged->len;
          last = merged->len;
          /* The items array takes over the reference. */
          g_ptr_array_add (merged, g_ptr_array_index (fresh, j++));
        }
      /* The rest of the old items, after the last new one: as they are. */
      if (j >= fresh->len)
        {
          guint rest = old_len - i;

          g_ptr_array_set_size (merged, merged->len + rest);
          memcpy (merged->pdata + merged->len - rest, self->items->pdata + i, rest * sizeof (gpointer));
          break;
        }
    }
  g_ptr_array_set_free_func (fresh, NULL);

  /* The items array owns its items. */
  g_ptr_array_set_free_func (self->items, NULL);
  g_ptr_array_set_size (self->items, 0);
  g_ptr_array_set_free_func (self->items, g_object_unref);
  g_ptr_array_extend_and_steal (self->items, g_steal_pointer (&merged));
  {
    guint added = last - first + 1;

    items_changed (self, first, added - (self->items->len - old_len), added);
  }
}

/**
 * ferry_migration_list_hold:
 *
 * Starts a batch: until the matching ferry_migration_list_release(), new
 * items and removed ones wait (lookup() finds the new ones already, not the
 * removed ones); then the model changes with one "items-changed" for all
 * the new items and one per run of neighbouring removed ones. Batches nest.
 */
void
ferry_migration_list_hold (FerryMigrationList *self)
{
  g_return_if_fail (FERRY_IS_MIGRATION_LIST (self));

  self->hold_count++;
}

void
ferry_migration_list_release (FerryMigrationList *self)
{
  g_return_if_fail (FERRY_IS_MIGRATION_LIST (self));
  g_return_if_fail (self->hold_count > 0);

  if (--self->hold_count > 0)
    return;
  remove_doomed (self);
  insert_fresh (self);
}

static GHashTable *
new_record_table (void)
{
  /* Keyed by each record's own id (see by_id): always replaced with its
   * record, never inserted over. */
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                (GDestroyNotify) ferry_migration_record_unref);
}

/* Replaces what ENTRY knows with RECORDS (an array of JsonObject) and
 * reconciles every id that was or is now known there. */
static void
apply_list (FerryMigrationList *self,
            Entry              *entry,
            GPtrArray          *records)
{
  g_autoptr(GHashTable) old = g_steal_pointer (&entry->records);
  GHashTableIter iter;
  gpointer key;

  entry->records = new_record_table ();
  for (guint i = 0; i < records->len; i++)
    {
      FerryMigrationRecord *record = ferry_migration_record_new (g_ptr_array_index (records, i));
      const char *id = ferry_migration_record_get_id (record);

      if (id == NULL || *id == '\0')
        {
          ferry_migration_record_unref (record);
          continue;
        }
      g_hash_table_replace (entry->records, (gpointer) id, record);
    }

  /* Every id known now, then those only known before: no table of their
   * union (an environment removed: 100 000 ids, each copied twice). */
  ferry_migration_list_hold (self);
  g_hash_table_iter_init (&iter, entry->records);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    reconcile (self, key, NULL, NULL);
  g_hash_table_iter_init (&iter, old);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (entry_lookup (entry, key) == NULL)
      reconcile (self, key, NULL, NULL);
  ferry_migration_list_release (self);
  _ferry_free_in_thread (g_steal_pointer (&old), (GDestroyNotify) g_hash_table_unref);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                    */
/* ------------------------------------------------------------------------ */

static void
ferry_migration_list_dispose (GObject *object)
{
  FerryMigrationList *self = (FerryMigrationList *) object;

  /* No signal: nothing may listen to a list going away. What the rows
   * leave is freed by a worker (the list of a closed view holds a hundred
   * thousand). */
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      _ferry_free_in_thread (g_steal_pointer (&entry->records), (GDestroyNotify) g_hash_table_unref);
    }
  g_ptr_array_set_size (self->entries, 0);
  g_ptr_array_set_size (self->doomed, 0);
  g_hash_table_remove_all (self->fresh_set);
  g_ptr_array_set_size (self->fresh, 0);
  if (self->items->len > 0)
    {
      _ferry_free_in_thread (g_steal_pointer (&self->by_id), (GDestroyNotify) g_hash_table_unref);
      _ferry_free_in_thread (g_steal_pointer (&self->items), (GDestroyNotify) g_ptr_array_unref);
      self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
      self->items = g_ptr_array_new_with_free_func (g_object_unref);
    }

  G_OBJECT_CLASS (ferry_migration_list_parent_class)->dispose (object);
}

static void
ferry_migration_list_finalize (GObject *object)
{
  FerryMigrationList *self = (FerryMigrationList *) object;

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->doomed, g_ptr_array_unref);
  g_clear_pointer (&self->fresh_set, g_hash_table_unref);
  g_clear_pointer (&self->fresh, g_ptr_array_unref);

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
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->fresh = g_ptr_array_new_with_free_func (g_object_unref);
  self->fresh_set = g_hash_table_new (NULL, NULL);
  self->doomed = g_ptr_array_new ();
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

/* Drops ENTRY, which knows many of the items (an environment removed: a
 * hundred thousand), outside a batch: what apply_list() with no records
 * would do, without a lookup per id. Every item is known by some entry
 * (reconcile() drops those none knows), so those the other entries do
 * not know go: found by a pass over the rows against the (few) items the
 * others know, taken out with one items-changed (remove_positions()), and
 * by_id made again from what is left when that is smaller. The items both
 * knew are made again from the other entries' records. */
static void
drop_entry (FerryMigrationList *self,
            Entry              *entry)
{
  g_autoptr(GHashTable) kept = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) positions = NULL;
  /* Ids (borrowed from the other entries' records, which stay). */
  g_autoptr(GPtrArray) shared = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  guint position;

  g_assert (self->hold_count == 0);

  if (g_ptr_array_find (self->entries, entry, &position))
    g_ptr_array_steal_index (self->entries, position);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *other = g_ptr_array_index (self->entries, i);

      g_hash_table_iter_init (&iter, other->records);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          FerryMigration *item = g_hash_table_lookup (self->by_id, key);

          if (item != NULL && g_hash_table_add (kept, item) &&
              entry_lookup (entry, key) != NULL)
            g_ptr_array_add (shared, key);
        }
    }

  positions = g_array_sized_new (FALSE, FALSE, sizeof (guint), self->items->len - MIN (self->items->len, g_hash_table_size (kept)));
  for (guint i = 0; i < self->items->len; i++)
    if (!g_hash_table_contains (kept, g_ptr_array_index (self->items, i)))
      g_array_append_val (positions, i);

  if (positions->len > g_hash_table_size (kept))
    {
      GHashTable *by_id = g_hash_table_new (g_str_hash, g_str_equal);

      g_hash_table_iter_init (&iter, kept);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_insert (by_id, (gpointer) ferry_migration_get_id (key), key);
      _ferry_free_in_thread (g_steal_pointer (&self->by_id), (GDestroyNotify) g_hash_table_unref);
      self->by_id = by_id;
    }
  else
    for (guint i = 0; i < positions->len; i++)
      g_hash_table_remove (self->by_id,
                           ferry_migration_get_id (g_ptr_array_index (self->items, g_array_index (positions, guint, i))));

  remove_positions (self, positions);

  /* The records of those both knew go with the entry: made again from
   * what the others know (the entry is out of the list already). */
  ferry_migration_list_hold (self);
  for (guint i = 0; i < shared->len; i++)
    reconcile (self, g_ptr_array_index (shared, i), NULL, NULL);
  ferry_migration_list_release (self);

  _ferry_free_in_thread (g_steal_pointer (&entry->records), (GDestroyNotify) g_hash_table_unref);
  entry_free (entry);
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
  if (self->hold_count == 0 &&
      g_hash_table_size (entry->records) >= self->items->len / LINEAR_REMOVAL_RATIO)
    {
      drop_entry (self, entry);
      return;
    }
  /* Forget its records, then drop the entry. */
  apply_list (self, entry, none);
  if (g_ptr_array_find (self->entries, entry, &position))
    g_ptr_array_remove_index (self->entries, position);
}

/* Files RECORD (of ID) in what ENTRY knows: merged into a full record
 * known already (a short record keeps the full one's other members; a
 * replicated flag is kept from the full record). FALSE when ENTRY knew
 * that very record already (a listing read again: nothing changes, the
 * item need not be reconciled). */
static gboolean
store_record (Entry                *entry,
              const char           *id,
              FerryMigrationRecord *record)
{
  FerryMigrationRecord *known = entry_lookup (entry, id);

  if (known != NULL && ferry_migration_record_equal (known, record))
    return FALSE;
  if (known != NULL)
    {
      FerryMigrationRecord *merged = ferry_migration_record_merge (known, ferry_migration_record_get_object (record));

      g_hash_table_replace (entry->records, (gpointer) ferry_migration_record_get_id (merged), merged);
    }
  else
    g_hash_table_replace (entry->records, (gpointer) ferry_migration_record_get_id (record),
                          ferry_migration_record_ref (record));
  return TRUE;
}

void
ferry_migration_list_update_record (FerryMigrationList *self,
                                    FerryConnection    *connection,
                                    JsonObject         *record)
{
  Entry *entry;
  g_autoptr(FerryMigrationRecord) wrapped = NULL;
  const char *id;

  g_return_if_fail (FERRY_IS_MIGRATION_LIST (self));
  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (record != NULL);

  entry = find_entry (self, connection);
  wrapped = ferry_migration_record_new (record);
  id = ferry_migration_record_get_id (wrapped);
  if (entry == NULL || id == NULL || *id == '\0')
    return;

  if (store_record (entry, id, wrapped))
    reconcile (self, id, NULL, NULL);
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
  g_autoptr(GPtrArray) wrapped = g_ptr_array_new_full (n_records, (GDestroyNotify) ferry_migration_record_unref);

  g_return_if_fail (records != NULL || n_records == 0);

  for (guint i = 0; i < n_records; i++)
    g_ptr_array_add (wrapped, ferry_migration_record_new (records[i]));
  ferry_migration_list_update_prepared (self, connection, (FerryMigrationRecord * const *) wrapped->pdata,
                                        NULL, n_records);
}

/**
 * ferry_migration_list_update_prepared:
 * @records: (array length=n_records): records read from CONNECTION
 * @prepared: (array length=n_records) (nullable): for each record, NULL
 *   or ferry_migration_new_from_record() of it
 *
 * As ferry_migration_list_update_records(); a new item whose only record
 * is RECORDS[i] is PREPARED[i] itself rather than a migration built here
 * (a listing builds them in a worker thread: 15–30 µs each).
 */
void
ferry_migration_list_update_prepared (FerryMigrationList    *self,
                                      FerryConnection       *connection,
                                      FerryMigrationRecord * const *records,
                                      FerryMigration * const *prepared,
                                      guint                  n_records)
{
  Entry *entry;

  g_return_if_fail (FERRY_IS_MIGRATION_LIST (self));
  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (records != NULL || n_records == 0);

  entry = find_entry (self, connection);
  if (entry == NULL)
    return;

  ferry_migration_list_hold (self);
  for (guint i = 0; i < n_records; i++)
    {
      const char *id = ferry_migration_record_get_id (records[i]);

      if (id == NULL || *id == '\0')
        continue;
      if (store_record (entry, id, records[i]))
        reconcile (self, id, records[i], prepared != NULL ? prepared[i] : NULL);
    }
  ferry_migration_list_release (self);
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
  reconcile (self, migration_id, NULL, NULL);
}

FerryMigration *
ferry_migration_list_lookup (FerryMigrationList *self,
                             const char         *migration_id)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_LIST (self), NULL);
  g_return_val_if_fail (migration_id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, migration_id);
}

guint
ferry_migration_list_get_n_known (FerryMigrationList *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_LIST (self), 0);

  return g_hash_table_size (self->by_id);
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
