/* ferry-compare.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The join: one pass over the source, probing the target's id index (built
 * with the inventory, so the join itself allocates only its output), then one
 * pass over the target for the ids nobody claimed. The result keeps both
 * inventories alive, so entries borrow ids and items instead of copying them:
 * 24 bytes per entry plus 4 per target object.
 */

#define G_LOG_DOMAIN "ferry-compare"

#include "config.h"

#include <string.h>

#include "ferry-compare.h"

/* How many objects between two looks at the cancellable. */
#define CANCEL_CHECK_EVERY 4096

#define NO_ENTRY G_MAXUINT32

struct _FerryCompareResult
{
  FerryInventory    *source;
  FerryInventory    *target;
  FerryCompareEntry *entries;
  guint              n_entries;
  guint32           *target_entry;   /* per target item: its entry index */
  guint              counts[FERRY_DIFF_N_STATES];
  guint              n_moved;
  /* per side: inventory index of a folder → FerryFolderDifferences, only
   * for folders with a difference below */
  GHashTable        *folders[2];
};

G_DEFINE_ENUM_TYPE (FerryDiffState, ferry_diff_state,
  G_DEFINE_ENUM_VALUE (FERRY_DIFF_STATE_ONLY_IN_SOURCE, "only-in-source"),
  G_DEFINE_ENUM_VALUE (FERRY_DIFF_STATE_ONLY_IN_TARGET, "only-in-target"),
  G_DEFINE_ENUM_VALUE (FERRY_DIFF_STATE_IDENTICAL, "identical"),
  G_DEFINE_ENUM_VALUE (FERRY_DIFF_STATE_NEWER_IN_SOURCE, "newer-in-source"),
  G_DEFINE_ENUM_VALUE (FERRY_DIFF_STATE_NEWER_IN_TARGET, "newer-in-target"),
  G_DEFINE_ENUM_VALUE (FERRY_DIFF_STATE_MOVED, "moved"))

G_DEFINE_BOXED_TYPE (FerryCompareResult, ferry_compare_result,
                     ferry_compare_result_ref, ferry_compare_result_unref)

/* ------------------------------------------------------------------------ */
/* The join                                                                   */
/* ------------------------------------------------------------------------ */

static void
classify (FerryCompareEntry        *entry,
          const FerryInventoryItem *s,
          const FerryInventoryItem *t)
{
  /* Parent ids are interned per inventory, not across the two: compare
   * the text. Unknown on either side means "not moved". */
  entry->moved = s->parent_id != NULL && t->parent_id != NULL &&
                 strcmp (s->parent_id, t->parent_id) != 0;

  if (strcmp (s->version, t->version) == 0)
    entry->state = entry->moved ? FERRY_DIFF_STATE_MOVED : FERRY_DIFF_STATE_IDENTICAL;
  else if (s->modified_ms > t->modified_ms)
    entry->state = FERRY_DIFF_STATE_NEWER_IN_SOURCE;
  else
    entry->state = FERRY_DIFF_STATE_NEWER_IN_TARGET; /* later or equal time */
}

guint
ferry_diff_state_severity (FerryDiffState state)
{
  switch (state)
    {
    case FERRY_DIFF_STATE_NEWER_IN_TARGET:
      return 5;
    case FERRY_DIFF_STATE_NEWER_IN_SOURCE:
      return 4;
    case FERRY_DIFF_STATE_ONLY_IN_TARGET:
      return 3;
    case FERRY_DIFF_STATE_ONLY_IN_SOURCE:
      return 2;
    case FERRY_DIFF_STATE_MOVED:
      return 1;
    case FERRY_DIFF_STATE_IDENTICAL:
    default:
      return 0;
    }
}

/* Every difference on SIDE counts in each folder above it: a walk up the
 * parent ids (by the inventory's index), so O(differences × depth). */
static gboolean
tally_folders (FerryCompareResult  *self,
               FerryCompareSide     side,
               GCancellable        *cancellable,
               GError             **error)
{
  FerryInventory *inventory = side == FERRY_COMPARE_SIDE_SOURCE ? self->source : self->target;
  guint n_items = ferry_inventory_get_n_items (inventory);

  self->folders[side] = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  for (guint i = 0; i < self->n_entries; i++)
    {
      const FerryCompareEntry *entry = &self->entries[i];
      gint32 index = side == FERRY_COMPARE_SIDE_SOURCE ? entry->source_index : entry->target_index;
      const FerryInventoryItem *item;

      if (i % CANCEL_CHECK_EVERY == CANCEL_CHECK_EVERY - 1 &&
          g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (entry->state == FERRY_DIFF_STATE_IDENTICAL || index < 0)
        continue;

      item = ferry_inventory_get_item (inventory, index);
      /* A cycle in bad data must not hang: no chain is longer than the inventory. */
      for (guint depth = 0; item->parent_id != NULL && depth < n_items; depth++)
        {
          FerryFolderDifferences *tally;
          guint parent;

          if (!ferry_inventory_lookup (inventory, item->parent_id, &parent))
            break;
          tally = g_hash_table_lookup (self->folders[side], GUINT_TO_POINTER (parent));
          if (tally == NULL)
            {
              tally = g_new0 (FerryFolderDifferences, 1);
              tally->worst = entry->state;
              g_hash_table_insert (self->folders[side], GUINT_TO_POINTER (parent), tally);
            }
          tally->n_differences++;
          tally->counts[entry->state]++;
          if (ferry_diff_state_severity (entry->state) > ferry_diff_state_severity (tally->worst))
            tally->worst = entry->state;
          item = ferry_inventory_get_item (inventory, parent);
        }
    }

  return TRUE;
}

static FerryCompareResult *
compare_run (FerryInventory  *source,
             FerryInventory  *target,
             GCancellable    *cancellable,
             GError         **error)
{
  FerryCompareResult *self;
  guint n_source = ferry_inventory_get_n_items (source);
  guint n_target = ferry_inventory_get_n_items (target);
  guint n = 0;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  self = g_atomic_rc_box_new0 (FerryCompareResult);
  self->source = ferry_inventory_ref (source);
  self->target = ferry_inventory_ref (target);
  self->entries = g_new (FerryCompareEntry, (gsize) n_source + n_target);
  self->target_entry = g_new (guint32, MAX (n_target, 1));
  memset (self->target_entry, 0xff, sizeof (guint32) * n_target);

  for (guint i = 0; i < n_source; i++)
    {
      const FerryInventoryItem *s = ferry_inventory_get_item (source, i);
      FerryCompareEntry *entry = &self->entries[n++];
      guint j;

      if (i % CANCEL_CHECK_EVERY == CANCEL_CHECK_EVERY - 1 &&
          g_cancellable_set_error_if_cancelled (cancellable, error))
        goto cancelled;

      entry->id = s->id;
      entry->source_index = (gint32) i;
      if (ferry_inventory_lookup (target, s->id, &j))
        {
          entry->target_index = (gint32) j;
          self->target_entry[j] = i;
          classify (entry, s, ferry_inventory_get_item (target, j));
        }
      else
        {
          entry->target_index = -1;
          entry->state = FERRY_DIFF_STATE_ONLY_IN_SOURCE;
          entry->moved = FALSE;
        }
      self->counts[entry->state]++;
      self->n_moved += entry->moved ? 1 : 0;
    }

  for (guint j = 0; j < n_target; j++)
    {
      FerryCompareEntry *entry;

      if (j % CANCEL_CHECK_EVERY == CANCEL_CHECK_EVERY - 1 &&
          g_cancellable_set_error_if_cancelled (cancellable, error))
        goto cancelled;
      if (self->target_entry[j] != NO_ENTRY)
        continue;

      entry = &self->entries[n];
      entry->id = ferry_inventory_get_item (target, j)->id;
      entry->source_index = -1;
      entry->target_index = (gint32) j;
      entry->state = FERRY_DIFF_STATE_ONLY_IN_TARGET;
      entry->moved = FALSE;
      self->target_entry[j] = n++;
      self->counts[FERRY_DIFF_STATE_ONLY_IN_TARGET]++;
    }

  self->n_entries = n;
  self->entries = g_renew (FerryCompareEntry, self->entries, n);

  for (guint side = 0; side < 2; side++)
    if (!tally_folders (self, side, cancellable, error))
      goto cancelled;

  return self;

cancelled:
  ferry_compare_result_unref (self);
  return NULL;
}

FerryCompareResult *
ferry_compare (FerryInventory *source,
               FerryInventory *target)
{
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (target != NULL, NULL);

  return compare_run (source, target, NULL, NULL);
}

/* ------------------------------------------------------------------------ */
/* Async                                                                      */
/* ------------------------------------------------------------------------ */

typedef struct
{
  FerryInventory *source;
  FerryInventory *target;
} CompareData;

static void
compare_data_free (gpointer data)
{
  CompareData *d = data;

  ferry_inventory_unref (d->source);
  ferry_inventory_unref (d->target);
  g_free (d);
}

static void
compare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  CompareData *d = task_data;
  GError *error = NULL;
  FerryCompareResult *result = compare_run (d->source, d->target, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) ferry_compare_result_unref);
}

void
ferry_compare_async (FerryInventory      *source,
                     FerryInventory      *target,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CompareData *d;

  g_return_if_fail (source != NULL);
  g_return_if_fail (target != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_compare_async);
  g_task_set_name (task, "ferry_compare_async");
  d = g_new0 (CompareData, 1);
  d->source = ferry_inventory_ref (source);
  d->target = ferry_inventory_ref (target);
  g_task_set_task_data (task, d, compare_data_free);
  /* Always in a worker thread: even a small join must not wait behind the
   * main loop, and the thread costs little next to a network round trip. */
  g_task_run_in_thread (task, compare_thread);
}

FerryCompareResult *
ferry_compare_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_compare_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* The result                                                                 */
/* ------------------------------------------------------------------------ */

FerryCompareResult *
ferry_compare_result_ref (FerryCompareResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
compare_result_clear (gpointer data)
{
  FerryCompareResult *self = data;

  g_free (self->entries);
  g_free (self->target_entry);
  g_clear_pointer (&self->folders[FERRY_COMPARE_SIDE_SOURCE], g_hash_table_unref);
  g_clear_pointer (&self->folders[FERRY_COMPARE_SIDE_TARGET], g_hash_table_unref);
  ferry_inventory_unref (self->source);
  ferry_inventory_unref (self->target);
}

void
ferry_compare_result_unref (FerryCompareResult *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, compare_result_clear);
}

FerryInventory *
ferry_compare_result_get_source (FerryCompareResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->source;
}

FerryInventory *
ferry_compare_result_get_target (FerryCompareResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->target;
}

guint
ferry_compare_result_get_n_entries (FerryCompareResult *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_entries;
}

const FerryCompareEntry *
ferry_compare_result_get_entry (FerryCompareResult *self,
                                guint               index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_entries, NULL);

  return &self->entries[index];
}

const FerryCompareEntry *
ferry_compare_result_lookup (FerryCompareResult *self,
                             const char         *id)
{
  guint index;

  g_return_val_if_fail (self != NULL, NULL);

  /* Source objects are entries 0 … n_source - 1, in order. */
  if (ferry_inventory_lookup (self->source, id, &index))
    return &self->entries[index];
  if (ferry_inventory_lookup (self->target, id, &index))
    return &self->entries[self->target_entry[index]];
  return NULL;
}

const FerryInventoryItem *
ferry_compare_result_get_source_item (FerryCompareResult      *self,
                                      const FerryCompareEntry *entry)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (entry != NULL, NULL);

  if (entry->source_index < 0)
    return NULL;
  return ferry_inventory_get_item (self->source, (guint) entry->source_index);
}

const FerryInventoryItem *
ferry_compare_result_get_target_item (FerryCompareResult      *self,
                                      const FerryCompareEntry *entry)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (entry != NULL, NULL);

  if (entry->target_index < 0)
    return NULL;
  return ferry_inventory_get_item (self->target, (guint) entry->target_index);
}

guint
ferry_compare_result_get_count (FerryCompareResult *self,
                                FerryDiffState      state)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail ((guint) state < FERRY_DIFF_N_STATES, 0);

  return self->counts[state];
}

guint
ferry_compare_result_get_n_moved (FerryCompareResult *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_moved;
}

const FerryFolderDifferences *
ferry_compare_result_get_folder_differences (FerryCompareResult *self,
                                             FerryCompareSide    side,
                                             const char         *folder_id)
{
  FerryInventory *inventory;
  guint index;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (side == FERRY_COMPARE_SIDE_SOURCE || side == FERRY_COMPARE_SIDE_TARGET, NULL);

  inventory = side == FERRY_COMPARE_SIDE_SOURCE ? self->source : self->target;
  if (folder_id == NULL || self->folders[side] == NULL ||
      !ferry_inventory_lookup (inventory, folder_id, &index))
    return NULL;

  return g_hash_table_lookup (self->folders[side], GUINT_TO_POINTER (index));
}
