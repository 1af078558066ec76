/* ferry-preview.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-preview"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ferry-preview-private.h"
#include "ferry-inventory-loader.h"

/* At most this many dependency searches in flight at once. */
#define MAX_IN_FLIGHT 4
/* Deletes checked for users in the target (one search each); beyond this,
 * the check is left to the server. */
#define MAX_DELETE_CHECKS 200

const char *
ferry_preview_origin_to_string (FerryPreviewOrigin origin)
{
  switch (origin)
    {
    case FERRY_PREVIEW_ORIGIN_CONTENT:
      return _("selected");
    case FERRY_PREVIEW_ORIGIN_DEPENDENT:
      return _("dependent");
    case FERRY_PREVIEW_ORIGIN_FOLDER:
      return _("folder");
    case FERRY_PREVIEW_ORIGIN_PROJECT:
    default:
      return _("project");
    }
}

const char *
ferry_outcome_get_label (FerryOutcome outcome)
{
  switch (outcome)
    {
    case FERRY_OUTCOME_CREATE:
      return C_("outcome", "Create");
    case FERRY_OUTCOME_REPLACE:
      return C_("outcome", "Replace");
    case FERRY_OUTCOME_KEEP_EXISTING:
      return C_("outcome", "Keep existing");
    case FERRY_OUTCOME_DUPLICATE:
      return C_("outcome", "Duplicate");
    case FERRY_OUTCOME_SKIP:
      return C_("outcome", "Skip");
    case FERRY_OUTCOME_DELETE:
      return C_("outcome", "Delete");
    case FERRY_OUTCOME_FAIL:
    default:
      return C_("outcome", "Fail");
    }
}

const char *
ferry_outcome_get_icon_name (FerryOutcome outcome)
{
  switch (outcome)
    {
    case FERRY_OUTCOME_CREATE:
      return "list-add-symbolic";
    case FERRY_OUTCOME_REPLACE:
      return "view-refresh-symbolic";
    case FERRY_OUTCOME_KEEP_EXISTING:
      return "changes-prevent-symbolic";
    case FERRY_OUTCOME_DUPLICATE:
      return "edit-copy-symbolic";
    case FERRY_OUTCOME_SKIP:
      return "object-select-symbolic";
    case FERRY_OUTCOME_DELETE:
      return "user-trash-symbolic";
    case FERRY_OUTCOME_FAIL:
    default:
      return "dialog-error-symbolic";
    }
}

/* ------------------------------------------------------------------------ */
/* The computation                                                            */
/* ------------------------------------------------------------------------ */

/* The folders above an object, root first, as ferry-rules wants them. */
typedef struct
{
  guint        n;
  const char **ids;
  const char **names;
} Chain;

static void
chain_free (Chain *chain)
{
  g_free (chain->ids);
  g_free (chain->names);
  g_free (chain);
}

typedef struct
{
  FerryRuleSet       *set;
  FerryPackageType    package_type;
  FerryInventory     *source;
  FerryInventory     *target;
  GHashTable         *chains;    /* folder id (borrowed from SOURCE) → Chain */
  GHashTable         *seen;      /* upper-case id (borrowed from an item) → FerryPreviewItem */
  GPtrArray          *items;     /* FerryPreviewItem (owned) */
} Compute;

/* The chain of FOLDER_ID (the folder itself last). Iterative, with a bound
 * on depth, so a cycle in odd data ends. */
static Chain *
chain_for (Compute    *c,
           const char *folder_id)
{
  g_autoptr(GPtrArray) path = g_ptr_array_new ();   /* const char *ids, nearest first */
  Chain *base = NULL;
  const char *id = folder_id;

  for (guint depth = 0; id != NULL && depth < 128; depth++)
    {
      const FerryInventoryItem *item;

      base = g_hash_table_lookup (c->chains, id);
      if (base != NULL)
        break;
      g_ptr_array_add (path, (gpointer) id);
      item = ferry_inventory_find (c->source, id);
      id = item != NULL ? item->parent_id : NULL;
    }

  /* Build the chains of PATH's folders, outermost first. */
  for (guint i = path->len; i > 0; i--)
    {
      const char *fid = g_ptr_array_index (path, i - 1);
      const FerryInventoryItem *item = ferry_inventory_find (c->source, fid);
      guint n = (base ? base->n : 0) + 1;
      Chain *chain = g_new0 (Chain, 1);

      chain->n = n;
      chain->ids = g_new (const char *, n);
      chain->names = g_new (const char *, n);
      if (base != NULL && base->n > 0)
        {
          memcpy (chain->ids, base->ids, base->n * sizeof (const char *));
          memcpy (chain->names, base->names, base->n * sizeof (const char *));
        }
      chain->ids[n - 1] = item != NULL ? item->id : fid;
      chain->names[n - 1] = item != NULL ? item->name : NULL;
      g_hash_table_insert (c->chains, (gpointer) chain->ids[n - 1], chain);
      base = chain;
    }

  return base;
}

static FerryPreviewItem *
item_new_from_inventory (const FerryInventoryItem *src,
                         FerryPreviewOrigin        origin)
{
  FerryPreviewItem *item = g_object_new (FERRY_TYPE_PREVIEW_ITEM, NULL);

  item->id = g_strdup (src->id);
  item->name = g_strdup (src->name);
  item->path = g_strdup (src->path);
  item->type = src->type;
  item->subtype = src->subtype;
  item->type_name = _ferry_preview_type_name_for (src->type, src->subtype);
  item->origin = origin;
  item->source_version = g_strdup (src->version);
  item->source_modified = src->modified_ms;
  return item;
}

static void
remember (Compute          *c,
          FerryPreviewItem *item)
{
  g_hash_table_insert (c->seen, item->id, item);
  g_ptr_array_add (c->items, item);
}

/* Evaluates SRC with the rules and adds its row. */
static FerryPreviewItem *
add_evaluated (Compute                   *c,
               const FerryInventoryItem  *src,
               FerryPreviewOrigin         origin,
               const FerryConflictAction *content_action)
{
  FerryPreviewItem *item = item_new_from_inventory (src, origin);
  const FerryInventoryItem *tgt = ferry_inventory_find (c->target, src->id);
  Chain *chain = src->parent_id != NULL ? chain_for (c, src->parent_id) : NULL;
  FerryRuleSource source = {
    .id = src->id,
    .name = src->name,
    .type = src->type,
    .subtype = src->subtype,
    .ancestor_ids = chain ? chain->ids : NULL,
    .ancestor_names = chain ? chain->names : NULL,
    .n_ancestors = chain ? chain->n : 0,
    .version = src->version,
    .modified_ms = src->modified_ms,
  };
  FerryRuleTarget target;
  FerryRuleDecision decision;

  if (tgt != NULL)
    {
      target.version = tgt->version;
      target.modified_ms = tgt->modified_ms;
      item->target_version = g_strdup (tgt->version);
      item->target_modified = tgt->modified_ms;
    }

  ferry_rule_set_evaluate (c->set, &source, tgt ? &target : NULL, content_action, 0, &decision);
  item->state = decision.state;
  item->rule_kind = decision.kind;
  item->action = decision.action;
  item->outcome = decision.outcome;
  item->rule = ferry_rule_set_explain (c->set, &source, &decision);
  item->explanation = ferry_rule_set_explain_full (c->set, &source, &decision);

  remember (c, item);
  return item;
}

/* A content item the package cannot take. */
static void
add_failed (Compute          *c,
            FerryContentItem *content,
            char             *reason)   /* (transfer full) */
{
  FerryPreviewItem *item = g_object_new (FERRY_TYPE_PREVIEW_ITEM, NULL);
  const char *name = ferry_content_item_get_name (content);

  item->id = g_ascii_strup (ferry_content_item_get_object_id (content), -1);
  item->name = g_strdup (name ? name : item->id);
  item->path = g_strdup (ferry_content_item_get_path (content));
  item->type = ferry_content_item_get_object_type (content);
  item->subtype = ferry_content_item_get_subtype (content);
  item->type_name = _ferry_preview_type_name_for (item->type, item->subtype);
  item->origin = FERRY_PREVIEW_ORIGIN_CONTENT;
  item->rule_kind = FERRY_RULE_KIND_CONTENT;
  item->action = ferry_content_item_get_action (content);
  item->outcome = FERRY_OUTCOME_FAIL;
  item->rule = g_strdup_printf (_("Own action: %s"), ferry_conflict_action_get_phrase (item->action));
  item->explanation = reason;
  remember (c, item);
}

/* The folders above SRC that the target lacks are created on the way. */
static void
add_missing_folders (Compute                  *c,
                     const FerryInventoryItem *src)
{
  Chain *chain = src->parent_id != NULL ? chain_for (c, src->parent_id) : NULL;

  for (guint i = 0; chain != NULL && i < chain->n; i++)
    {
      const FerryInventoryItem *folder = ferry_inventory_find (c->source, chain->ids[i]);
      FerryPreviewItem *item;

      if (folder == NULL ||                              /* the root folder */
          g_hash_table_contains (c->seen, folder->id) ||
          ferry_inventory_find (c->target, folder->id) != NULL)
        continue;

      item = item_new_from_inventory (folder, FERRY_PREVIEW_ORIGIN_FOLDER);
      item->state = FERRY_TARGET_STATE_ABSENT;
      item->rule_kind = FERRY_RULE_KIND_CONTENT;
      item->action = FERRY_CONFLICT_ACTION_USE_EXISTING;
      item->outcome = FERRY_OUTCOME_CREATE;
      item->rule = g_strdup (_("Folder of a migrated object"));
      /* Translators: %s is the name of an object inside the folder */
      item->explanation = g_strdup_printf (_("folder above “%s”, absent from the target → create"), src->name);
      remember (c, item);
    }
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const FerryPreviewItem *ia = *(FerryPreviewItem * const *) a;
  const FerryPreviewItem *ib = *(FerryPreviewItem * const *) b;
  int r;

  r = g_strcmp0 (ia->path, ib->path);
  if (r != 0)
    return r;
  r = g_strcmp0 (ia->name, ib->name);
  if (r != 0)
    return r;
  return strcmp (ia->id, ib->id);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

FerryPreviewResult *
ferry_preview_compute (FerryRuleSet      *set,
                       FerryPackageType   package_type,
                       FerryInventory    *source,
                       FerryInventory    *target,
                       GPtrArray         *content,
                       GHashTable        *dependents,
                       GCancellable      *cancellable,
                       GError           **error)
{
  g_autoptr(FerryPreviewResult) result = NULL;
  Compute c = { 0 };
  gboolean merge;

  g_return_val_if_fail (set != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (target != NULL, NULL);

  merge = ferry_rule_set_get_project_merge (set);
  result = g_object_new (FERRY_TYPE_PREVIEW_RESULT, NULL);
  result->undo_possible = ferry_rule_set_get_undo_possible (set);
  result->n_source_objects = ferry_inventory_get_n_items (source);
  result->n_target_objects = ferry_inventory_get_n_items (target);

  c.set = set;
  c.package_type = package_type;
  c.source = source;
  c.target = target;
  c.chains = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) chain_free);
  c.seen = g_hash_table_new (g_str_hash, g_str_equal);
  c.items = g_ptr_array_new_with_free_func (g_object_unref);

  if (merge)
    {
      guint n = ferry_inventory_get_n_items (source);

      g_ptr_array_set_size (c.items, 0);
      for (guint i = 0; i < n; i++)
        {
          const FerryInventoryItem *src = ferry_inventory_get_item (source, i);

          if ((i & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
            goto fail;
          if (package_type == FERRY_PACKAGE_TYPE_PROJECT_SECURITY && src->type != 34)
            continue;
          if (!g_hash_table_contains (c.seen, src->id))
            add_evaluated (&c, src, FERRY_PREVIEW_ORIGIN_PROJECT, NULL);
        }
    }
  else
    {
      g_autoptr(GPtrArray) sources = g_ptr_array_new ();   /* FerryInventoryItem, for folders */

      for (guint i = 0; content != NULL && i < content->len; i++)
        {
          FerryContentItem *entry = g_ptr_array_index (content, i);
          const char *id = ferry_content_item_get_object_id (entry);
          const FerryInventoryItem *src = ferry_inventory_find (source, id);
          FerryConflictAction action = ferry_content_item_get_action (entry);
          g_autofree char *key = g_ascii_strup (id, -1);
          char *reason = NULL;

          if (g_hash_table_contains (c.seen, key))
            continue;   /* the first mention of an id wins */
          if (src == NULL)
            {
              const char *name = ferry_content_item_get_name (entry);

              add_failed (&c, entry,
                          g_strdup_printf (_("“%s” is not in the source: the package cannot be made"),
                                           name ? name : id));
              continue;
            }
          if (!ferry_package_type_accepts (package_type, src->type, src->name, &reason))
            {
              add_failed (&c, entry, reason);
              continue;
            }
          add_evaluated (&c, src, FERRY_PREVIEW_ORIGIN_CONTENT, &action);
          g_ptr_array_add (sources, (gpointer) src);
          /* an object's own keep_both: no undo package either */
          if (ferry_conflict_action_blocks_undo (action))
            result->undo_possible = FALSE;
        }

      if (dependents != NULL)
        {
          g_autofree gpointer *ids = NULL;
          guint n_ids = 0;

          /* In a stable order, whatever the hash table's. */
          ids = g_hash_table_get_keys_as_array (dependents, &n_ids);
          qsort (ids, n_ids, sizeof (gpointer), compare_strings);
          for (guint i = 0; i < n_ids; i++)
            {
              const FerryInventoryItem *src = ferry_inventory_find (source, ids[i]);

              if (src == NULL || g_hash_table_contains (c.seen, src->id))
                continue;
              if (package_type == FERRY_PACKAGE_TYPE_PROJECT_SECURITY && src->type != 34)
                continue;
              add_evaluated (&c, src, FERRY_PREVIEW_ORIGIN_DEPENDENT, NULL);
              g_ptr_array_add (sources, (gpointer) src);
            }
        }

      if (package_type == FERRY_PACKAGE_TYPE_PROJECT)
        for (guint i = 0; i < sources->len; i++)
          add_missing_folders (&c, g_ptr_array_index (sources, i));
    }

  g_ptr_array_sort (c.items, compare_items);
  for (guint i = 0; i < c.items->len; i++)
    {
      FerryPreviewItem *item = g_ptr_array_index (c.items, i);

      g_hash_table_insert (result->by_id, g_ascii_strup (item->id, -1), item);
    }
  g_list_store_splice (result->items, 0, 0, c.items->pdata, c.items->len);
  _ferry_preview_result_recount (result);

  g_hash_table_unref (c.chains);
  g_hash_table_unref (c.seen);
  g_ptr_array_unref (c.items);
  return g_steal_pointer (&result);

fail:
  g_hash_table_unref (c.chains);
  g_hash_table_unref (c.seen);
  g_ptr_array_unref (c.items);
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* The whole preview                                                          */
/* ------------------------------------------------------------------------ */

enum { SOURCE, TARGET };

typedef struct
{
  FerryConnection          *connections[2];
  char                     *project_ids[2];
  char                     *names[2];
  FerryPackageType          package_type;
  FerryRuleSet             *set;
  GPtrArray                *content;        /* FerryContentItem copies */

  FerryInventory           *inventories[2];
  guint64                   done[2];
  guint64                   total[2];
  guint                     pending;
  GError                   *error;

  GHashTable               *dependents;     /* upper-case id (owned) → NULL */
  GPtrArray                *queue;          /* FerryContentItem (borrowed) still to search */
  guint                     next;

  FerryPreviewResult       *result;
  GPtrArray                *deletes;        /* FerryPreviewItem (borrowed) */

  FerryPreviewProgressFunc  progress;
  gpointer                  progress_data;
  GDestroyNotify            progress_destroy;
} Run;

static void
run_free (Run *run)
{
  for (int i = 0; i < 2; i++)
    {
      g_clear_object (&run->connections[i]);
      g_clear_pointer (&run->project_ids[i], g_free);
      g_clear_pointer (&run->names[i], g_free);
      g_clear_pointer (&run->inventories[i], ferry_inventory_unref);
    }
  g_clear_pointer (&run->set, ferry_rule_set_unref);
  g_clear_pointer (&run->content, g_ptr_array_unref);
  g_clear_error (&run->error);
  g_clear_pointer (&run->dependents, g_hash_table_unref);
  g_clear_pointer (&run->queue, g_ptr_array_unref);
  g_clear_object (&run->result);
  g_clear_pointer (&run->deletes, g_ptr_array_unref);
  if (run->progress_destroy != NULL)
    run->progress_destroy (run->progress_data);
  g_free (run);
}

static void
report (Run        *run,
        const char *message,
        double      fraction)
{
  if (run->progress != NULL)
    run->progress (message, fraction, run->progress_data);
}

static const char *
project_of (Run *run,
            int  side)
{
  /* Configuration and project security objects live in the configuration. */
  if (run->package_type != FERRY_PACKAGE_TYPE_PROJECT)
    return NULL;
  return run->project_ids[side];
}

static void compute_start (GTask *task);
static void dependencies_next (GTask *task);
static void deletes_start (GTask *task);

/* --- 1. Both inventories at once ----------------------------------------------- */

typedef struct
{
  GTask *task;
  int    side;
} SideRef;

static void
side_ref_free (SideRef *ref)
{
  g_object_unref (ref->task);
  g_free (ref);
}

static void
inventory_progress_cb (guint64  done,
                       guint64  total,
                       gpointer user_data)
{
  SideRef *ref = user_data;
  Run *run = g_task_get_task_data (ref->task);
  g_autofree char *message = NULL;
  guint64 all_done, all_total;

  run->done[ref->side] = done;
  run->total[ref->side] = total;
  all_done = run->done[SOURCE] + run->done[TARGET];
  all_total = run->total[SOURCE] + run->total[TARGET];

  if (total > 0)
    {
      g_autofree char *done_text = g_strdup_printf ("%" G_GUINT64_FORMAT, done);
      g_autofree char *total_text = g_strdup_printf ("%" G_GUINT64_FORMAT, total);

      /* Translators: "Reading Development… 1200 of 9000 objects" */
      message = g_strdup_printf (_("Reading %s… %s of %s objects"), run->names[ref->side], done_text, total_text);
    }
  else
    message = g_strdup_printf (_("Reading %s…"), run->names[ref->side]);
  report (run, message, all_total > 0 ? (double) all_done / (double) all_total * 0.8 : -1.0);
}

static void
inventory_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SideRef *ref = user_data;
  GTask *task = ref->task;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  run->inventories[ref->side] = ferry_inventory_load_finish (result, NULL, &error);
  if (run->inventories[ref->side] == NULL && run->error == NULL)
    {
      g_prefix_error (&error, _("Could not read %s: "), run->names[ref->side]);
      run->error = g_steal_pointer (&error);
    }

  run->pending--;
  if (run->pending > 0)
    {
      side_ref_free (ref);
      return;
    }

  if (run->error != NULL)
    g_task_return_error (task, g_steal_pointer (&run->error));
  else if (run->queue->len > 0)
    dependencies_next (task);
  else
    compute_start (task);
  side_ref_free (ref);
}

static void
read_inventory (GTask *task,
                int    side)
{
  Run *run = g_task_get_task_data (task);
  SideRef *progress_ref = g_new0 (SideRef, 1);
  SideRef *done_ref = g_new0 (SideRef, 1);

  progress_ref->task = g_object_ref (task);
  progress_ref->side = side;
  done_ref->task = g_object_ref (task);
  done_ref->side = side;

  run->pending++;
  ferry_inventory_load_async (run->connections[side], project_of (run, side),
                              inventory_progress_cb, progress_ref, (GDestroyNotify) side_ref_free,
                              g_task_get_cancellable (task),
                              inventory_done_cb, done_ref);
}

/* --- 2. What "include dependents" pulls in ---------------------------------------- */

static void
dependencies_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  found = ferry_discovery_list_dependencies_finish (FERRY_CONNECTION (object), result, &error);
  if (found == NULL)
    {
      if (run->error == NULL)
        {
          g_prefix_error (&error, _("Could not find the dependents: "));
          run->error = g_steal_pointer (&error);
        }
    }
  else
    for (guint i = 0; i < found->len; i++)
      g_hash_table_add (run->dependents,
                        g_ascii_strup (ferry_object_info_get_id (g_ptr_array_index (found, i)), -1));

  run->pending--;
  if (run->error != NULL)
    {
      if (run->pending == 0)
        g_task_return_error (task, g_steal_pointer (&run->error));
      return;
    }
  dependencies_next (task);
}

static void
dependencies_next (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  while (run->pending < MAX_IN_FLIGHT && run->next < run->queue->len)
    {
      FerryContentItem *item = g_ptr_array_index (run->queue, run->next++);
      const char *id = ferry_content_item_get_object_id (item);
      const FerryInventoryItem *src = ferry_inventory_find (run->inventories[SOURCE], id);
      g_autofree char *message = NULL;

      if (src == NULL)
        continue;   /* not in the source: the preview says so */

      message = g_strdup_printf (_("Finding what “%s” uses…"), src->name);
      report (run, message, 0.8 + 0.15 * run->next / MAX (run->queue->len, 1));
      run->pending++;
      ferry_discovery_list_dependencies_async (run->connections[SOURCE], project_of (run, SOURCE),
                                               src->id, src->type, FERRY_DEPENDENCY_USES, TRUE,
                                               g_task_get_cancellable (task),
                                               dependencies_done_cb, g_object_ref (task));
    }

  if (run->pending == 0 && run->next >= run->queue->len)
    compute_start (task);
}

/* --- 3. The rules, in a thread ---------------------------------------------------- */

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Run *run = task_data;
  GError *error = NULL;
  FerryPreviewResult *result;

  result = ferry_preview_compute (run->set, run->package_type,
                                  run->inventories[SOURCE], run->inventories[TARGET],
                                  ferry_rule_set_get_project_merge (run->set) ? NULL : run->content,
                                  run->dependents, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, g_object_unref);
}

static void
compute_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  run->result = g_task_propagate_pointer (G_TASK (result), &error);
  if (run->result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  deletes_start (task);
}

static void
compute_start (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  g_autoptr(GTask) thread_task = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  report (run, _("Applying the rules…"), 0.95);
  /* The thread's task borrows RUN: TASK (which owns it) lives until
   * compute_done_cb drops it. */
  thread_task = g_task_new (NULL, g_task_get_cancellable (task), compute_done_cb, g_object_ref (task));
  g_task_set_source_tag (thread_task, compute_start);
  g_task_set_task_data (thread_task, run, NULL);
  g_task_run_in_thread (thread_task, compute_thread);
}

/* --- 4. Deletes of objects that other target objects still use fail ----------------- */

typedef struct
{
  GTask            *task;
  FerryPreviewItem *item;
} DeleteRef;

static void deletes_next (GTask *task);

static void
delete_checked_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DeleteRef *ref = user_data;
  g_autoptr(GTask) task = ref->task;
  FerryPreviewItem *item = ref->item;
  Run *run = g_task_get_task_data (task);
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  g_free (ref);
  users = ferry_discovery_list_dependencies_finish (FERRY_CONNECTION (object), result, &error);
  run->pending--;

  if (users == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (run->error == NULL)
            run->error = g_steal_pointer (&error);
        }
      else
        /* Not knowing is no reason to stop the preview: the server checks. */
        g_debug ("Could not check the users of %s: %s", item->id, error->message);
    }
  else
    for (guint i = 0; i < users->len; i++)
      {
        FerryObjectInfo *user = g_ptr_array_index (users, i);
        FerryPreviewItem *other = ferry_preview_result_lookup (run->result, ferry_object_info_get_id (user));

        if (other != NULL && (other->outcome == FERRY_OUTCOME_DELETE || other->outcome == FERRY_OUTCOME_FAIL))
          continue;   /* removed in the same import */

        item->outcome = FERRY_OUTCOME_FAIL;
        g_free (item->explanation);
        /* Translators: the first %s is an action ("delete"), the second the
         * name of an object that uses the one being deleted, the third the
         * target environment */
        item->explanation = g_strdup_printf (_("%s; delete blocked: “%s” still uses it in %s"),
                                             item->rule, ferry_object_info_get_name (user),
                                             run->names[TARGET]);
        break;
      }

  deletes_next (task);
}

static void
deletes_next (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  while (run->error == NULL && run->pending < MAX_IN_FLIGHT && run->next < run->deletes->len)
    {
      DeleteRef *ref = g_new0 (DeleteRef, 1);

      ref->task = g_object_ref (task);
      ref->item = g_ptr_array_index (run->deletes, run->next++);
      run->pending++;
      ferry_discovery_list_dependencies_async (run->connections[TARGET], project_of (run, TARGET),
                                               ref->item->id, ref->item->type, FERRY_DEPENDENCY_USED_BY, FALSE,
                                               g_task_get_cancellable (task),
                                               delete_checked_cb, ref);
    }

  if (run->pending > 0)
    return;
  if (run->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&run->error));
      return;
    }
  if (run->deletes->len > 0)
    _ferry_preview_result_recount (run->result);
  report (run, NULL, 1.0);
  g_task_return_pointer (task, g_steal_pointer (&run->result), g_object_unref);
}

static void
deletes_start (GTask *task)
{
  Run *run = g_task_get_task_data (task);
  GListModel *items = G_LIST_MODEL (run->result->items);
  guint n = g_list_model_get_n_items (items);

  run->deletes = g_ptr_array_new ();
  run->next = 0;
  run->pending = 0;
  if (run->result->counts[FERRY_OUTCOME_DELETE] <= MAX_DELETE_CHECKS)
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(FerryPreviewItem) item = g_list_model_get_item (items, i);

        if (item->outcome == FERRY_OUTCOME_DELETE)
          g_ptr_array_add (run->deletes, item);   /* the store keeps it alive */
      }
  else
    g_debug ("%u deletes: not checked for users in the target", run->result->counts[FERRY_OUTCOME_DELETE]);

  if (run->deletes->len > 0)
    report (run, _("Checking what still uses the objects to delete…"), 0.97);
  deletes_next (task);
}

void
ferry_preview_run_async (FerryConnection          *source,
                         const char               *source_project_id,
                         const char               *source_name,
                         FerryConnection          *target,
                         const char               *target_project_id,
                         const char               *target_name,
                         FerryTocSettings         *settings,
                         GListModel               *content,
                         FerryPreviewProgressFunc  progress,
                         gpointer                  progress_data,
                         GDestroyNotify            progress_destroy,
                         GCancellable             *cancellable,
                         GAsyncReadyCallback       callback,
                         gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;
  guint n;

  g_return_if_fail (FERRY_IS_CONNECTION (source));
  g_return_if_fail (FERRY_IS_CONNECTION (target));
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (settings));
  g_return_if_fail (content == NULL || G_IS_LIST_MODEL (content));

  run = g_new0 (Run, 1);
  run->connections[SOURCE] = g_object_ref (source);
  run->connections[TARGET] = g_object_ref (target);
  run->project_ids[SOURCE] = g_strdup (source_project_id);
  run->project_ids[TARGET] = g_strdup (target_project_id);
  run->names[SOURCE] = g_strdup (source_name ? source_name : ferry_connection_get_base_url (source));
  run->names[TARGET] = g_strdup (target_name ? target_name : ferry_connection_get_base_url (target));
  run->package_type = ferry_toc_settings_get_package_type (settings);
  run->set = ferry_rule_set_new (settings);
  run->content = g_ptr_array_new_with_free_func (g_object_unref);
  run->dependents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run->queue = g_ptr_array_new ();
  run->progress = progress;
  run->progress_data = progress_data;
  run->progress_destroy = progress_destroy;

  /* A snapshot: the editor may change its list while this runs. */
  n = content != NULL ? g_list_model_get_n_items (content) : 0;
  for (guint i = 0; i < n && !ferry_rule_set_get_project_merge (run->set); i++)
    {
      g_autoptr(FerryContentItem) item = g_list_model_get_item (content, i);
      FerryContentItem *copy = ferry_content_item_new (ferry_content_item_get_object_id (item),
                                                       ferry_content_item_get_name (item),
                                                       ferry_content_item_get_object_type (item),
                                                       ferry_content_item_get_subtype (item),
                                                       ferry_content_item_get_path (item),
                                                       ferry_content_item_get_action (item),
                                                       ferry_content_item_get_include_dependents (item));

      g_ptr_array_add (run->content, copy);
      if (ferry_content_item_get_include_dependents (copy))
        g_ptr_array_add (run->queue, copy);
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_preview_run_async);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);

  read_inventory (task, SOURCE);
  read_inventory (task, TARGET);
}

FerryPreviewResult *
ferry_preview_run_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
