/* ferry-inventory-loader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-inventory-loader"

#include "config.h"

#include "ferry-inventory-loader.h"

/* --- One inventory ------------------------------------------------------------ */

typedef struct
{
  FerryInventoryBuilder *builder;     /* filled in the search's worker thread */
  FerryInventory        *inventory;
  guint64                n_items;
} Load;

static void
load_free (Load *load)
{
  g_clear_pointer (&load->builder, ferry_inventory_builder_free);
  g_clear_pointer (&load->inventory, ferry_inventory_unref);
  g_free (load);
}

/* The index is built off the main thread: for 100 000 objects it takes
 * longer than a frame. */
static void
load_end_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Load *load = task_data;

  /* The builder stays the load's: ending it does not free it. */
  g_task_return_pointer (task, ferry_inventory_builder_end (load->builder), (GDestroyNotify) ferry_inventory_unref);
}

static void
load_search_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!ferry_discovery_search_inventory_finish (FERRY_CONNECTION (object), result, &load->n_items, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_run_in_thread (task, load_end_thread);
}

void
ferry_inventory_load_async (FerryConnection     *connection,
                            const char          *project_id,
                            FerryProgressFunc    progress,
                            gpointer             progress_data,
                            GDestroyNotify       progress_destroy,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(FerrySearchQuery) query = NULL;
  GTask *task;
  Load *load;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_inventory_load_async);
  g_task_set_name (task, "[ferry] inventory");
  load = g_new0 (Load, 1);
  load->builder = ferry_inventory_builder_new ();
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);

  /* Every object of the project, with its folders: pages parsed as they
   * arrive, in worker threads, straight into the builder (no JSON tree). */
  query = ferry_search_query_new ();
  query->get_ancestors = TRUE;
  ferry_discovery_search_inventory_async (connection, project_id, query, load->builder,
                                          progress, progress_data, progress_destroy,
                                          cancellable, load_search_done_cb, task);
}

FerryInventory *
ferry_inventory_load_finish (GAsyncResult  *result,
                             guint64       *n_items,
                             GError       **error)
{
  Load *load;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_inventory_load_async, NULL);

  load = g_task_get_task_data (G_TASK (result));
  if (n_items != NULL)
    *n_items = load->n_items;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- Two projects, compared ------------------------------------------------------ */

typedef struct _Compare Compare;

typedef struct
{
  Compare          *compare;
  FerryCompareSide  side;
} SideRef;

struct _Compare
{
  GTask                    *task;            /* weak: the task owns this */
  GCancellable             *cancellable;     /* the loads': cancelled with the caller's, or on a failure */
  gulong                    cancelled_id;
  GCancellable             *outer;
  FerryInventory           *inventories[2];
  SideRef                   refs[2];
  guint                     pending;
  gboolean                  failed;
  int                       failed_side;

  FerryCompareProgressFunc  progress;
  gpointer                  progress_data;
  GDestroyNotify            progress_destroy;
};

static void
compare_free (Compare *compare)
{
  if (compare->outer != NULL)
    g_cancellable_disconnect (compare->outer, compare->cancelled_id);
  g_clear_object (&compare->outer);
  g_clear_object (&compare->cancellable);
  for (guint i = 0; i < 2; i++)
    g_clear_pointer (&compare->inventories[i], ferry_inventory_unref);
  if (compare->progress_destroy != NULL)
    compare->progress_destroy (compare->progress_data);
  g_free (compare);
}

static void
outer_cancelled_cb (GCancellable *outer,
                    GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

static void
side_progress_cb (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  SideRef *ref = user_data;
  Compare *compare = ref->compare;

  if (compare->progress != NULL && !g_cancellable_is_cancelled (compare->cancellable))
    compare->progress (ref->side, done, total, FALSE, compare->progress_data);
}

static void
joined_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  FerryCompareResult *compare_result = ferry_compare_finish (result, &error);

  if (compare_result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, compare_result, (GDestroyNotify) ferry_compare_result_unref);
}

static void
side_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SideRef *ref = user_data;
  Compare *compare = ref->compare;
  g_autoptr(GTask) task = compare->task;    /* the reference taken for this side */
  g_autoptr(GError) error = NULL;
  guint64 n_items = 0;
  FerryInventory *inventory = ferry_inventory_load_finish (result, &n_items, &error);

  compare->pending--;
  if (compare->failed)
    {
      g_clear_pointer (&inventory, ferry_inventory_unref);
      return;
    }
  if (inventory == NULL)
    {
      /* The first failure is the answer; the other side stops. */
      compare->failed = TRUE;
      compare->failed_side = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
                             g_cancellable_is_cancelled (compare->outer) ? -1 : (int) ref->side;
      g_cancellable_cancel (compare->cancellable);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  compare->inventories[ref->side] = inventory;
  if (compare->progress != NULL)
    compare->progress (ref->side, n_items, n_items, TRUE, compare->progress_data);
  if (compare->pending > 0)
    return;

  ferry_compare_async (compare->inventories[FERRY_COMPARE_SIDE_SOURCE],
                       compare->inventories[FERRY_COMPARE_SIDE_TARGET],
                       compare->cancellable, joined_cb, g_object_ref (task));
}

void
ferry_compare_projects_async (FerryConnection          *source,
                              const char               *source_project_id,
                              FerryConnection          *target,
                              const char               *target_project_id,
                              FerryCompareProgressFunc  progress,
                              gpointer                  progress_data,
                              GDestroyNotify            progress_destroy,
                              GCancellable             *cancellable,
                              GAsyncReadyCallback       callback,
                              gpointer                  user_data)
{
  FerryConnection *connections[2] = { source, target };
  const char *projects[2] = { source_project_id, target_project_id };
  Compare *compare;
  GTask *task;

  g_return_if_fail (FERRY_IS_CONNECTION (source));
  g_return_if_fail (FERRY_IS_CONNECTION (target));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_compare_projects_async);
  g_task_set_name (task, "[ferry] compare projects");

  compare = g_new0 (Compare, 1);
  compare->task = task;
  compare->failed_side = -1;
  compare->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      compare->outer = g_object_ref (cancellable);
      compare->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                                     compare->cancellable, NULL);
    }
  compare->progress = progress;
  compare->progress_data = progress_data;
  compare->progress_destroy = progress_destroy;
  g_task_set_task_data (task, compare, (GDestroyNotify) compare_free);

  for (guint i = 0; i < 2; i++)
    {
      compare->refs[i].compare = compare;
      compare->refs[i].side = i;
      compare->pending++;
      g_object_ref (task);    /* for side_loaded_cb */
      ferry_inventory_load_async (connections[i], projects[i],
                                  side_progress_cb, &compare->refs[i], NULL,
                                  compare->cancellable, side_loaded_cb, &compare->refs[i]);
    }
  g_object_unref (task);
}

FerryCompareResult *
ferry_compare_projects_finish (GAsyncResult  *result,
                               int           *failed_side,
                               GError       **error)
{
  Compare *compare;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_compare_projects_async, NULL);

  compare = g_task_get_task_data (G_TASK (result));
  if (failed_side != NULL)
    *failed_side = compare->failed_side;
  return g_task_propagate_pointer (G_TASK (result), error);
}
