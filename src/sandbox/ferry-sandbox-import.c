/* ferry-sandbox-import.c: the import engine (conflict rules applied to a
 * target) and undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The semantics are those of ../../../shared/api.md, "Sandbox semantics":
 * an import first computes every outcome against the target plus a scratch
 * map of changes, checks the result (blocked deletes, validateDependencies)
 * and only then mutates the target, so a failure leaves it untouched.
 */

#include "config.h"

#include <string.h>

#include "ferry-sandbox-import.h"

/* ------------------------------------------------------------------------ */
/* Import                                                                     */
/* ------------------------------------------------------------------------ */

static JsonArray *
acl_copy (JsonArray *acl)
{
  return acl != NULL ? sb_json_array_dup (acl) : json_array_new ();
}

static char *
ace_key (JsonNode *ace)
{
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (ace))
    return json_to_string (ace, FALSE);

  object = json_node_get_object (ace);
  return g_strdup_printf ("%s|%d",
                          sb_json_get_string (object, "trusteeId") ? sb_json_get_string (object, "trusteeId") : "",
                          json_object_get_boolean_member_with_default (object, "deny", FALSE));
}

/* The target's entries, then the source's that are not there yet
 * (by trusteeId and deny). */
static JsonArray *
acl_union (JsonArray *target_acl,
           JsonArray *source_acl)
{
  JsonArray *result = acl_copy (target_acl);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (result); i++)
    g_hash_table_add (seen, ace_key (json_array_get_element (result, i)));

  for (guint i = 0; source_acl != NULL && i < json_array_get_length (source_acl); i++)
    {
      JsonNode *ace = json_array_get_element (source_acl, i);
      char *key = ace_key (ace);

      if (g_hash_table_contains (seen, key))
        g_free (key);
      else
        {
          g_hash_table_add (seen, key);
          json_array_add_element (result, sb_json_deep_copy (ace));
        }
    }

  return result;
}

typedef enum
{
  OP_CREATE,
  OP_REPLACE,
  OP_DELETE,
} OpKind;

typedef struct
{
  OpKind    kind;
  char     *id;
  SbObject *object;   /* the new state, owned until applied; NULL for OP_DELETE */
} Op;

static void
op_free (Op *op)
{
  g_free (op->id);
  g_clear_pointer (&op->object, sb_object_free);
  g_free (op);
}

typedef enum
{
  FOLDER_OK,
  FOLDER_DELETED,
  FOLDER_UNKNOWN,
} FolderState;

typedef struct
{
  SbStore             *store;
  SbProject           *space;            /* the target project or the configuration */
  const SbPackageFile *pkg;
  SbRules                rules;
  gboolean             acl_inherit;      /* aclOnNewObjects: inherit_acl_as_dest_folder */
  const char          *acl_replacing;    /* use_existing | replace | keep_both */
  GHashTable          *source_folders;   /* id → SbObject* (borrowed from PKG) */
  GHashTable          *folder_items;     /* id → GUINT_TO_POINTER (item index + 1) */
  const char          *source_root_id;   /* source root mapped onto the target root */
  gboolean            *processed;        /* per item */
  GHashTable          *final;            /* id (borrowed from the op) → Op* */
  GPtrArray           *ops;              /* Op* (owned), in apply order */
  GArray              *duplicates;       /* guint item indexes */
  gboolean             any_delete;
  GPtrArray           *plan;             /* SbPlanItem* per item index */
} ImportCtx;

static void
import_ctx_clear (ImportCtx *ctx)
{
  sb_rules_clear (&ctx->rules);
  g_clear_pointer (&ctx->source_folders, g_hash_table_unref);
  g_clear_pointer (&ctx->folder_items, g_hash_table_unref);
  g_clear_pointer (&ctx->processed, g_free);
  g_clear_pointer (&ctx->final, g_hash_table_unref);
  g_clear_pointer (&ctx->ops, g_ptr_array_unref);
  g_clear_pointer (&ctx->duplicates, g_array_unref);
  g_clear_pointer (&ctx->plan, g_ptr_array_unref);
}

/* The object as the target would hold it after the import. */
static SbObject *
final_get (ImportCtx  *ctx,
           const char *id,
           gboolean   *deleted)
{
  Op *op = g_hash_table_lookup (ctx->final, id);

  if (deleted != NULL)
    *deleted = op != NULL && op->kind == OP_DELETE;

  if (op != NULL)
    return op->object;

  return sb_project_get_object (ctx->space, id);
}

static void
add_op (ImportCtx  *ctx,
        OpKind      kind,
        const char *id,
        SbObject   *object)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->id = g_strdup (id);
  op->object = object;
  g_ptr_array_add (ctx->ops, op);
  g_hash_table_insert (ctx->final, op->id, op);
  if (kind == OP_DELETE)
    ctx->any_delete = TRUE;
}

static SbObject *build_created (ImportCtx      *ctx,
                                const SbObject *source,
                                const char     *new_id,
                                guint           depth);

/* Makes sure FOLDER_ID exists after the import, creating it (and the
 * folders above it) from the package's folder copies when absent. */
static FolderState
ensure_folder (ImportCtx  *ctx,
               const char *folder_id,
               guint       depth)
{
  gboolean deleted = FALSE;
  SbObject *source;
  SbObject *folder;

  if (final_get (ctx, folder_id, &deleted) != NULL)
    return FOLDER_OK;
  if (deleted)
    return FOLDER_DELETED;
  if (depth > SB_MAX_FOLDER_DEPTH)
    return FOLDER_UNKNOWN;

  source = g_hash_table_lookup (ctx->source_folders, folder_id);
  if (source == NULL)
    return FOLDER_UNKNOWN;

  folder = build_created (ctx, source, NULL, depth + 1);
  add_op (ctx, OP_CREATE, folder->id, folder);
  return FOLDER_OK;
}

/* Points OBJECT's parent at the target's copy of the source folder,
 * creating missing folders on the way. */
static void
place_in_folder (ImportCtx *ctx,
                 SbObject  *object,
                 guint      depth)
{
  if (object->parent_id == NULL)
    return;

  if (ctx->source_root_id != NULL && strcmp (object->parent_id, ctx->source_root_id) == 0)
    {
      g_free (object->parent_id);
      object->parent_id = g_strdup (ctx->space->root_folder_id);
    }

  switch (ensure_folder (ctx, object->parent_id, depth))
    {
    case FOLDER_OK:
    case FOLDER_DELETED:   /* the checks before applying fail the import */
      return;

    case FOLDER_UNKNOWN:
    default:
      /* The package does not know the folder: the target's root takes it. */
      if (ctx->space->root_folder_id != NULL &&
          strcmp (ctx->space->root_folder_id, object->id) != 0 &&
          final_get (ctx, ctx->space->root_folder_id, NULL) != NULL)
        {
          g_free (object->parent_id);
          object->parent_id = g_strdup (ctx->space->root_folder_id);
        }
      return;
    }
}

static SbObject *
build_created (ImportCtx      *ctx,
               const SbObject *source,
               const char     *new_id,
               guint           depth)
{
  SbObject *object = sb_object_copy_sharing_acl (source);

  if (new_id != NULL)
    {
      g_free (object->id);
      object->id = g_strdup (new_id);
    }

  place_in_folder (ctx, object, depth);

  if (ctx->acl_inherit && object->parent_id != NULL)
    {
      SbObject *folder = final_get (ctx, object->parent_id, NULL);

      if (folder != NULL)
        {
          g_clear_pointer (&object->acl, json_array_unref);
          object->acl = acl_copy (folder->acl);
        }
    }

  return object;
}

static SbObject *
build_replaced (ImportCtx      *ctx,
                const SbObject *source,
                const SbObject *target_copy)
{
  SbObject *object = sb_object_copy_sharing_acl (source);

  /* The owner stays the target's. */
  g_free (object->owner_id);
  g_free (object->owner_name);
  object->owner_id = g_strdup (target_copy->owner_id);
  object->owner_name = g_strdup (target_copy->owner_name);

  place_in_folder (ctx, object, 0);

  if (g_strcmp0 (ctx->acl_replacing, "replace") == 0)
    {
      if (object->acl == NULL)
        object->acl = json_array_new ();
    }
  else
    {
      JsonArray *acl;

      if (g_strcmp0 (ctx->acl_replacing, "keep_both") == 0)
        acl = acl_union (target_copy->acl, source->acl);
      else
        acl = acl_copy (target_copy->acl);

      g_clear_pointer (&object->acl, json_array_unref);
      object->acl = acl;
    }

  return object;
}

static gboolean
is_root_folder (ImportCtx      *ctx,
                const SbObject *object)
{
  return !ctx->space->is_configuration &&
         object->type == SB_TYPE_FOLDER &&
         object->parent_id == NULL;
}

static gboolean
process_item (ImportCtx *ctx,
              guint      index,
              GError   **error)
{
  SbPackageItem *item = g_ptr_array_index (ctx->pkg->items, index);
  const SbObject *source = item->object;
  const char *rule = NULL;
  const char *action;
  SbObject *target_copy;
  SbOutcome outcome;

  ctx->processed[index] = TRUE;

  action = sb_rules_resolve (&ctx->rules, item, ctx->source_folders, &rule);
  if (!sb_settings_is_valid_action (action))
    {
      g_autofree char *list = sb_join_list (sb_valid_actions);

      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "Invalid action '%s' for '%s' (%s): expected one of %s",
                   action ? action : "(missing)", source->name, source->id, list);
      return FALSE;
    }

  target_copy = sb_project_get_object (ctx->space, source->id);

  if (g_hash_table_contains (ctx->final, source->id))
    outcome = SB_OUTCOME_SKIP;     /* the same id twice in a package */
  else
    outcome = sb_decide_outcome (action, source, target_copy);

  /* The target project's root folder keeps its place and identity. */
  if (is_root_folder (ctx, source))
    {
      if (ctx->source_root_id != NULL && strcmp (ctx->source_root_id, source->id) == 0)
        outcome = SB_OUTCOME_SKIP;
      else if (outcome == SB_OUTCOME_DELETE)
        outcome = SB_OUTCOME_SKIP;
      else if (outcome == SB_OUTCOME_DUPLICATE)
        outcome = SB_OUTCOME_KEEP_EXISTING;
    }

  switch (outcome)
    {
    case SB_OUTCOME_CREATE:
      {
        SbObject *created = build_created (ctx, source, NULL, 0);

        add_op (ctx, OP_CREATE, created->id, created);
      }
      break;

    case SB_OUTCOME_REPLACE:
      add_op (ctx, OP_REPLACE, source->id, build_replaced (ctx, source, target_copy));
      break;

    case SB_OUTCOME_DELETE:
      add_op (ctx, OP_DELETE, source->id, NULL);
      break;

    case SB_OUTCOME_DUPLICATE:
      g_array_append_val (ctx->duplicates, index);
      break;

    case SB_OUTCOME_KEEP_EXISTING:
    case SB_OUTCOME_SKIP:
    default:
      break;
    }

  g_ptr_array_index (ctx->plan, index) = sb_plan_item_for (source, action, rule, outcome);
  return TRUE;
}

/* Folders go parents first, so that objects find their folder. */
static gboolean
process_folder_item (ImportCtx *ctx,
                     guint      index,
                     guint      depth,
                     GError   **error)
{
  SbPackageItem *item = g_ptr_array_index (ctx->pkg->items, index);
  const char *parent_id = item->object->parent_id;

  if (ctx->processed[index])
    return TRUE;
  ctx->processed[index] = TRUE;

  if (parent_id != NULL && depth < SB_MAX_FOLDER_DEPTH)
    {
      guint parent = GPOINTER_TO_UINT (g_hash_table_lookup (ctx->folder_items, parent_id));

      if (parent != 0 && !process_folder_item (ctx, parent - 1, depth + 1, error))
        return FALSE;
    }

  return process_item (ctx, index, error);
}

/* Every object the target would hold after the import (borrowed). */
static GPtrArray *
final_objects (ImportCtx *ctx)
{
  GPtrArray *list = g_ptr_array_sized_new (g_hash_table_size (ctx->space->objects) +
                                           ctx->ops->len);
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, ctx->space->objects);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Op *op = g_hash_table_lookup (ctx->final, key);

      if (op == NULL)
        g_ptr_array_add (list, value);
      else if (op->kind != OP_DELETE)
        g_ptr_array_add (list, op->object);
    }

  for (guint i = 0; i < ctx->ops->len; i++)
    {
      Op *op = g_ptr_array_index (ctx->ops, i);

      if (op->kind == OP_CREATE)
        g_ptr_array_add (list, op->object);
    }

  return list;
}

static void
process_duplicates (ImportCtx *ctx)
{
  g_autoptr(GHashTable) names = NULL;   /* folder id or "" → set of names */

  if (ctx->duplicates->len == 0)
    return;

  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                 (GDestroyNotify) g_hash_table_unref);

  for (guint i = 0; i < ctx->duplicates->len; i++)
    {
      guint index = g_array_index (ctx->duplicates, guint, i);
      SbPackageItem *item = g_ptr_array_index (ctx->pkg->items, index);
      SbPlanItem *plan_item = g_ptr_array_index (ctx->plan, index);
      g_autofree char *new_id = sb_new_hex_id ();
      SbObject *copy = build_created (ctx, item->object, new_id, 0);
      GHashTable *siblings;
      char *name = NULL;

      /* Built after the first copy so that folders it needed are known. */
      if (g_hash_table_size (names) == 0)
        {
          g_autoptr(GPtrArray) all = final_objects (ctx);

          for (guint j = 0; j < all->len; j++)
            {
              SbObject *object = g_ptr_array_index (all, j);
              const char *folder = object->parent_id ? object->parent_id : "";
              GHashTable *set = g_hash_table_lookup (names, folder);

              if (set == NULL)
                {
                  set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
                  g_hash_table_insert (names, g_strdup (folder), set);
                }
              if (object->name != NULL)
                g_hash_table_add (set, g_strdup (object->name));
            }
        }

      siblings = g_hash_table_lookup (names, copy->parent_id ? copy->parent_id : "");
      if (siblings == NULL)
        {
          siblings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (names, g_strdup (copy->parent_id ? copy->parent_id : ""), siblings);
        }

      for (guint n = 1; ; n++)
        {
          name = g_strdup_printf ("%s (%u)", item->object->name ? item->object->name : "", n);
          if (!g_hash_table_contains (siblings, name))
            break;
          g_free (name);
        }

      g_hash_table_add (siblings, g_strdup (name));
      g_free (copy->name);
      copy->name = name;

      add_op (ctx, OP_CREATE, copy->id, copy);
      plan_item->new_id = g_strdup (new_id);
    }
}

static const char *
space_description (SbProject *space,
                   char     **to_free)
{
  if (space->is_configuration)
    return "the configuration";

  *to_free = g_strdup_printf ("project '%s'", space->name);
  return *to_free;
}

/* A delete is blocked when a remaining object uses the deleted one or,
 * for a folder, still sits in it. */
static gboolean
check_deletes (ImportCtx *ctx,
               GPtrArray *final_list,
               GError   **error)
{
  const SbObject *blocker = NULL;
  const char *blocked_id = NULL;
  gboolean contains = FALSE;

  if (!ctx->any_delete)
    return TRUE;

  for (guint i = 0; i < final_list->len; i++)
    {
      const SbObject *object = g_ptr_array_index (final_list, i);
      guint n_uses = object->uses != NULL ? object->uses->len : 0;

      /* Each used id, then the folder the object sits in. */
      for (guint j = 0; j <= n_uses; j++)
        {
          gboolean is_parent = j == n_uses;
          const char *id = is_parent ? object->parent_id : g_ptr_array_index (object->uses, j);
          Op *op;

          if (id == NULL)
            continue;
          op = g_hash_table_lookup (ctx->final, id);
          if (op == NULL || op->kind != OP_DELETE)
            continue;

          /* Report the smallest pair, so the message does not depend on
           * hash table order. */
          if (blocker == NULL ||
              strcmp (id, blocked_id) < 0 ||
              (strcmp (id, blocked_id) == 0 && strcmp (object->id, blocker->id) < 0))
            {
              blocker = object;
              blocked_id = id;
              contains = is_parent;
            }
        }
    }

  if (blocker != NULL)
    {
      SbObject *deleted = sb_project_get_object (ctx->space, blocked_id);
      const char *deleted_name = deleted ? deleted->name : blocked_id;

      if (contains)
        g_set_error (error, SB_ERROR, SB_ERROR_DEPENDENCY,
                     "Cannot delete folder '%s' (%s): '%s' (%s) is still in it",
                     deleted_name, blocked_id, blocker->name, blocker->id);
      else
        g_set_error (error, SB_ERROR, SB_ERROR_DEPENDENCY,
                     "Cannot delete '%s' (%s): '%s' (%s) uses it and is not deleted by this import",
                     deleted_name, blocked_id, blocker->name, blocker->id);
      return FALSE;
    }

  return TRUE;
}

/* validateDependencies: every id a target object uses must exist in the
 * target afterwards (configuration objects such as users always do). */
static gboolean
check_dependencies (ImportCtx *ctx,
                    GPtrArray *final_list,
                    GError   **error)
{
  const SbObject *culprit = NULL;
  const char *missing_id = NULL;

  for (guint i = 0; i < final_list->len; i++)
    {
      const SbObject *object = g_ptr_array_index (final_list, i);

      for (guint j = 0; object->uses != NULL && j < object->uses->len; j++)
        {
          const char *id = g_ptr_array_index (object->uses, j);

          if (final_get (ctx, id, NULL) != NULL ||
              sb_project_get_object (ctx->store->configuration, id) != NULL)
            continue;

          if (culprit == NULL || strcmp (object->id, culprit->id) < 0 ||
              (strcmp (object->id, culprit->id) == 0 && strcmp (id, missing_id) < 0))
            {
              culprit = object;
              missing_id = id;
            }
        }
    }

  if (culprit != NULL)
    {
      g_autofree char *to_free = NULL;

      g_set_error (error, SB_ERROR, SB_ERROR_DEPENDENCY,
                   "Dependency check failed: '%s' (%s) uses %s, which does not exist in %s",
                   culprit->name, culprit->id, missing_id,
                   space_description (ctx->space, &to_free));
      return FALSE;
    }

  return TRUE;
}

static void
maybe_set_root (SbProject      *space,
                const SbObject *object)
{
  if (!space->is_configuration && space->root_folder_id == NULL &&
      object->type == SB_TYPE_FOLDER && object->parent_id == NULL)
    space->root_folder_id = g_strdup (object->id);
}

/* Applies every change; UNDO_ENTRIES (may be NULL) receives the priors. */
static void
apply_ops (ImportCtx *ctx,
           GPtrArray *undo_entries)
{
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < ctx->ops->len; i++)
      {
        Op *op = g_ptr_array_index (ctx->ops, i);
        SbObject *prior = NULL;

        /* Creations and replacements first, deletions last. */
        if ((pass == 0) == (op->kind == OP_DELETE))
          continue;

        if (op->kind != OP_CREATE)
          prior = sb_project_steal_object (ctx->space, op->id);

        if (op->object != NULL)
          {
            SbObject *object = g_steal_pointer (&op->object);

            maybe_set_root (ctx->space, object);
            sb_project_add_object (ctx->space, object);
          }

        if (undo_entries != NULL)
          g_ptr_array_add (undo_entries, sb_undo_entry_new (op->id, prior));
        else
          g_clear_pointer (&prior, sb_object_free);
      }
}

static SbPackageFile *
undo_package_new (SbStore             *store,
                  SbProject           *target,
                  const SbPackageFile *pkg)
{
  SbPackageFile *undo = sb_package_file_new ("undo");

  undo->server_version = g_strdup (store->server_version);
  undo->type = g_strdup (pkg->type);
  undo->purpose = g_strdup (pkg->purpose);
  if (target != NULL && !target->is_configuration)
    {
      undo->project_id = g_strdup (target->id);
      undo->project_name = g_strdup (target->name);
    }
  undo->created = sb_now_ms ();
  undo->settings = pkg->settings ? sb_json_object_dup (pkg->settings) : NULL;
  return undo;
}

/* Project security packages: links of users and user groups to TARGET. */
static SbOutcome
decide_security_outcome (const char     *action,
                         const SbObject *source,
                         const SbObject *user,
                         JsonArray      *source_links,
                         JsonArray      *target_links)
{
  gboolean source_newer;

  if (strcmp (action, "delete") == 0)
    return target_links != NULL ? SB_OUTCOME_DELETE : SB_OUTCOME_SKIP;
  if (user == NULL)
    return SB_OUTCOME_CREATE;
  if (target_links == NULL)
    return source_links != NULL ? SB_OUTCOME_CREATE : SB_OUTCOME_SKIP;
  if (source_links != NULL && json_array_equal (source_links, target_links))
    return strcmp (action, "force_replace") == 0 ? SB_OUTCOME_REPLACE : SB_OUTCOME_SKIP;

  source_newer = source->modified > user->modified;

  if (strcmp (action, "replace") == 0 || strcmp (action, "force_replace") == 0)
    return SB_OUTCOME_REPLACE;
  if (strcmp (action, "use_newer") == 0)
    return source_newer ? SB_OUTCOME_REPLACE : SB_OUTCOME_KEEP_EXISTING;
  if (strcmp (action, "use_older") == 0)
    return source_newer ? SB_OUTCOME_KEEP_EXISTING : SB_OUTCOME_REPLACE;

  return SB_OUTCOME_KEEP_EXISTING;   /* use_existing, keep_both */
}

static gboolean
import_security (SbStore              *store,
                 SbProject            *target,
                 const SbPackageFile  *pkg,
                 gboolean              dry_run,
                 gboolean              want_undo,
                 SbPackageFile       **undo_out,
                 GPtrArray           **plan_out,
                 GError              **error)
{
  SbProject *configuration = store->configuration;
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(SbPackageFile) undo = NULL;
  g_autoptr(GHashTable) priors = NULL;
  SbRules rules;

  if (target == NULL || target->is_configuration)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "A project security package must be imported into a project");
      return FALSE;
    }

  sb_rules_init (&rules, pkg->settings, FALSE);
  plan = sb_plan_new (pkg->items->len);

  /* Decide everything first. */
  for (guint i = 0; i < pkg->items->len; i++)
    {
      SbPackageItem *item = g_ptr_array_index (pkg->items, i);
      const SbObject *source = item->object;
      const char *rule = NULL;
      const char *action = sb_rules_resolve (&rules, item, NULL, &rule);
      SbOutcome outcome = SB_OUTCOME_SKIP;

      if (!sb_settings_is_valid_action (action))
        {
          g_autofree char *list = sb_join_list (sb_valid_actions);

          g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                       "Invalid action '%s' for '%s' (%s): expected one of %s",
                       action ? action : "(missing)", source->name, source->id, list);
          sb_rules_clear (&rules);
          return FALSE;
        }

      if (source->type == SB_TYPE_USER)
        outcome = decide_security_outcome (action, source,
                                           sb_project_get_object (configuration, source->id),
                                           pkg->security_links
                                           ? g_hash_table_lookup (pkg->security_links, source->id)
                                           : NULL,
                                           target->security_links
                                           ? g_hash_table_lookup (target->security_links, source->id)
                                           : NULL);

      g_ptr_array_index (plan, i) = sb_plan_item_for (source, action, rule, outcome);
    }
  sb_rules_clear (&rules);

  if (dry_run)
    {
      if (plan_out != NULL)
        *plan_out = g_steal_pointer (&plan);
      return TRUE;
    }

  /* Then apply. */
  if (want_undo)
    undo = undo_package_new (store, target, pkg);
  priors = sb_undo_links_table_new ();

  for (guint i = 0; i < pkg->items->len; i++)
    {
      SbPackageItem *item = g_ptr_array_index (pkg->items, i);
      SbPlanItem *plan_item = g_ptr_array_index (plan, i);
      const char *id = item->object->id;
      JsonArray *links;
      JsonArray *current;

      if (plan_item->outcome != SB_OUTCOME_CREATE &&
          plan_item->outcome != SB_OUTCOME_REPLACE &&
          plan_item->outcome != SB_OUTCOME_DELETE)
        continue;

      if (plan_item->outcome == SB_OUTCOME_CREATE &&
          sb_project_get_object (configuration, id) == NULL)
        {
          sb_project_add_object (configuration, sb_object_copy_sharing_acl (item->object));
          if (undo != NULL)
            g_ptr_array_add (undo->undo_entries, sb_undo_entry_new (id, NULL));
        }

      if (target->security_links == NULL)
        target->security_links = sb_links_table_new ();

      current = g_hash_table_lookup (target->security_links, id);
      if (!g_hash_table_contains (priors, id))
        {
          JsonNode *prior;

          if (current != NULL)
            {
              prior = json_node_new (JSON_NODE_ARRAY);
              json_node_take_array (prior, sb_json_array_dup (current));
            }
          else
            prior = json_node_new (JSON_NODE_NULL);
          g_hash_table_insert (priors, g_strdup (id), prior);
        }

      links = plan_item->outcome == SB_OUTCOME_DELETE || pkg->security_links == NULL
              ? NULL : g_hash_table_lookup (pkg->security_links, id);
      if (links != NULL)
        g_hash_table_insert (target->security_links, g_strdup (id), sb_json_array_dup (links));
      else
        g_hash_table_remove (target->security_links, id);
    }

  if (undo != NULL)
    {
      undo->undo_security_links = g_steal_pointer (&priors);
      if (undo_out != NULL)
        *undo_out = g_steal_pointer (&undo);
    }
  if (plan_out != NULL)
    *plan_out = g_steal_pointer (&plan);

  return TRUE;
}

static SbProject *
undo_space (SbStore             *store,
            SbProject           *target,
            const SbPackageFile *pkg)
{
  if (sb_package_type_is_configuration (pkg->type))
    return store->configuration;

  return target;
}

/* Importing an undo package (a rollback through /api/packages) undoes. */
static gboolean
import_undo_package (SbStore              *store,
                     SbProject            *target,
                     const SbPackageFile  *undo,
                     GPtrArray           **plan_out,
                     GError              **error)
{
  SbProject *space = undo_space (store, target, undo);
  g_autoptr(GPtrArray) plan = NULL;

  if (space == NULL)
    return sb_import_undo (store, target, undo, error);

  plan = sb_plan_new (undo->undo_entries->len);
  for (guint i = 0; i < undo->undo_entries->len; i++)
    {
      SbUndoEntry *entry = g_ptr_array_index (undo->undo_entries, i);
      SbObject *current = sb_project_get_object (space, entry->id);
      SbPlanItem *item;

      if (entry->prior == NULL)
        {
          if (current != NULL)
            item = sb_plan_item_for (current, "delete", "content", SB_OUTCOME_DELETE);
          else
            item = sb_plan_item_new (entry->id, NULL, 0, 0, "delete", "content", SB_OUTCOME_SKIP);
        }
      else
        item = sb_plan_item_for (entry->prior, "force_replace", "content",
                              current != NULL ? SB_OUTCOME_REPLACE : SB_OUTCOME_CREATE);
      g_ptr_array_index (plan, i) = item;
    }

  if (!sb_import_undo (store, target, undo, error))
    return FALSE;

  if (plan_out != NULL)
    *plan_out = g_steal_pointer (&plan);
  return TRUE;
}

/* DRY_RUN: every check of an import, nothing applied (validation). */
static gboolean
import_package (SbStore              *store,
                SbProject            *target,
                const SbPackageFile  *pkg,
                gboolean              dry_run,
                gboolean              generate_undo,
                SbPackageFile       **undo_out,
                GPtrArray           **plan_out,
                GError              **error)
{
  ImportCtx ctx;
  gboolean want_undo;
  gboolean is_config;
  JsonArray *acl_new;
  g_autoptr(GPtrArray) undo_entries = NULL;
  guint n_items;

  if (undo_out != NULL)
    *undo_out = NULL;
  if (plan_out != NULL)
    *plan_out = NULL;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (pkg != NULL, FALSE);

  if (pkg->server_version != NULL && store->server_version != NULL &&
      sb_compare_server_versions (pkg->server_version, store->server_version) > 0)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_VERSION,
                   "A package created in a newer platform version cannot be imported "
                   "into an older one");
      return FALSE;
    }

  if (g_strcmp0 (pkg->kind, "undo") == 0)
    {
      if (dry_run)
        {
          g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                       "An undo package cannot be validated");
          return FALSE;
        }
      return import_undo_package (store, target, pkg, plan_out, error);
    }

  want_undo = generate_undo && !sb_settings_uses_keep_both (pkg->settings, pkg->content);

  if (g_strcmp0 (pkg->type, "project_security") == 0)
    return import_security (store, target, pkg, dry_run, want_undo, undo_out, plan_out, error);

  is_config = g_strcmp0 (pkg->type, "configuration") == 0;
  memset (&ctx, 0, sizeof ctx);
  ctx.store = store;
  ctx.space = is_config ? store->configuration : target;
  ctx.pkg = pkg;

  if (ctx.space == NULL || (!is_config && ctx.space->is_configuration))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "A project package must be imported into a project");
      return FALSE;
    }

  n_items = pkg->items->len;
  sb_rules_init (&ctx.rules, pkg->settings, g_strcmp0 (pkg->purpose, "project_merge") == 0);
  ctx.acl_replacing = sb_json_get_string (pkg->settings, "aclOnReplacingObjects");
  if (ctx.acl_replacing == NULL)
    ctx.acl_replacing = "use_existing";
  acl_new = sb_json_get_array (pkg->settings, "aclOnNewObjects");
  for (guint i = 0; acl_new != NULL && i < json_array_get_length (acl_new); i++)
    {
      JsonNode *node = json_array_get_element (acl_new, i);

      if (sb_json_node_is_string (node) &&
          strcmp (json_node_get_string (node), "inherit_acl_as_dest_folder") == 0)
        ctx.acl_inherit = TRUE;
    }

  ctx.source_folders = sb_source_folders_new (pkg);
  ctx.folder_items = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.processed = g_new0 (gboolean, n_items + 1);
  ctx.final = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.ops = g_ptr_array_new_with_free_func ((GDestroyNotify) op_free);
  ctx.duplicates = g_array_new (FALSE, FALSE, sizeof (guint));
  ctx.plan = sb_plan_new (n_items);

  /* A source root folder that is not the target's root maps onto it. */
  if (!ctx.space->is_configuration && ctx.space->root_folder_id != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, ctx.source_folders);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          SbObject *folder = value;

          if (folder->parent_id == NULL &&
              strcmp (folder->id, ctx.space->root_folder_id) != 0 &&
              sb_project_get_object (ctx.space, folder->id) == NULL)
            {
              ctx.source_root_id = folder->id;
              break;
            }
        }
    }

  for (guint i = 0; i < n_items; i++)
    {
      SbPackageItem *item = g_ptr_array_index (pkg->items, i);

      if (item->object->type == SB_TYPE_FOLDER &&
          !g_hash_table_contains (ctx.folder_items, item->object->id))
        g_hash_table_insert (ctx.folder_items, item->object->id, GUINT_TO_POINTER (i + 1));
    }

  /* 1. Decide every outcome: folders parents first, then the rest. */
  for (guint i = 0; i < n_items; i++)
    {
      SbPackageItem *item = g_ptr_array_index (pkg->items, i);

      if (item->object->type == SB_TYPE_FOLDER &&
          !process_folder_item (&ctx, i, 0, error))
        goto fail;
    }

  for (guint i = 0; i < n_items; i++)
    if (!ctx.processed[i] && !process_item (&ctx, i, error))
      goto fail;

  process_duplicates (&ctx);

  /* 2. Check the would-be result. */
  if (ctx.any_delete ||
      (ctx.rules.merge && pkg->settings != NULL &&
       json_object_get_boolean_member_with_default (pkg->settings, "validateDependencies", FALSE)))
    {
      g_autoptr(GPtrArray) final_list = final_objects (&ctx);

      if (!check_deletes (&ctx, final_list, error))
        goto fail;

      if (ctx.rules.merge && pkg->settings != NULL &&
          json_object_get_boolean_member_with_default (pkg->settings,
                                                       "validateDependencies", FALSE) &&
          !check_dependencies (&ctx, final_list, error))
        goto fail;
    }

  /* 3. Apply. Nothing above has touched the target. */
  if (dry_run)
    {
      if (plan_out != NULL)
        *plan_out = g_steal_pointer (&ctx.plan);
      import_ctx_clear (&ctx);
      return TRUE;
    }
  if (want_undo)
    undo_entries = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_undo_entry_free);
  apply_ops (&ctx, undo_entries);

  if (want_undo && undo_out != NULL)
    {
      SbPackageFile *undo = undo_package_new (store, ctx.space, pkg);

      g_ptr_array_extend_and_steal (undo->undo_entries, g_steal_pointer (&undo_entries));
      *undo_out = undo;
    }

  if (plan_out != NULL)
    *plan_out = g_steal_pointer (&ctx.plan);

  import_ctx_clear (&ctx);
  return TRUE;

fail:
  import_ctx_clear (&ctx);
  return FALSE;
}

gboolean
sb_import_package (SbStore              *store,
                   SbProject            *target,
                   const SbPackageFile  *pkg,
                   gboolean              generate_undo,
                   SbPackageFile       **undo_out,
                   GPtrArray           **plan_out,
                   GError              **error)
{
  return import_package (store, target, pkg, FALSE, generate_undo, undo_out, plan_out, error);
}

gboolean
sb_import_check (SbStore              *store,
                 SbProject            *target,
                 const SbPackageFile  *pkg,
                 GPtrArray           **plan_out,
                 GError              **error)
{
  return import_package (store, target, pkg, TRUE, FALSE, NULL, plan_out, error);
}

/* ------------------------------------------------------------------------ */
/* Undo                                                                       */
/* ------------------------------------------------------------------------ */

gboolean
sb_import_undo (SbStore              *store,
                SbProject            *target,
                const SbPackageFile  *undo,
                GError              **error)
{
  SbProject *space;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (undo != NULL, FALSE);

  if (g_strcmp0 (undo->kind, "undo") != 0)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "This package is not an undo package");
      return FALSE;
    }

  space = undo_space (store, target, undo);
  if (space == NULL ||
      (!sb_package_type_is_configuration (undo->type) && space->is_configuration))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "This undo package must be applied to a project");
      return FALSE;
    }

  if (g_strcmp0 (undo->type, "configuration") != 0 && undo->project_id != NULL &&
      (target == NULL || g_strcmp0 (target->id, undo->project_id) != 0))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "This undo package belongs to project '%s' (%s), not to '%s'",
                   undo->project_name ? undo->project_name : undo->project_id,
                   undo->project_id,
                   target ? target->name : "(none)");
      return FALSE;
    }

  if (g_strcmp0 (undo->type, "project_security") == 0 &&
      (target == NULL || target->is_configuration))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "This undo package must be applied to a project");
      return FALSE;
    }

  /* Newest change first: children created after their folders go first,
   * folders deleted last come back first. */
  for (guint i = undo->undo_entries->len; i > 0; i--)
    {
      SbUndoEntry *entry = g_ptr_array_index (undo->undo_entries, i - 1);

      if (entry->prior == NULL)
        {
          SbObject *removed = sb_project_steal_object (space, entry->id);

          if (!space->is_configuration && g_strcmp0 (space->root_folder_id, entry->id) == 0)
            g_clear_pointer (&space->root_folder_id, g_free);
          g_clear_pointer (&removed, sb_object_free);
        }
      else
        sb_project_add_object (space, sb_object_copy_sharing_acl (entry->prior));
    }

  if (undo->undo_security_links != NULL && target != NULL)
    {
      GHashTableIter iter;
      gpointer key;
      gpointer value;

      if (target->security_links == NULL)
        target->security_links = sb_links_table_new ();

      g_hash_table_iter_init (&iter, undo->undo_security_links);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          JsonNode *prior = value;

          if (JSON_NODE_HOLDS_ARRAY (prior))
            g_hash_table_insert (target->security_links, g_strdup (key),
                                 sb_json_array_dup (json_node_get_array (prior)));
          else
            g_hash_table_remove (target->security_links, key);
        }
    }

  return TRUE;
}

