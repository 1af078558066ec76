/* ferry-sandbox-collect.c: collecting a package on the source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ferry-sandbox-collect.h"
#include "ferry-sandbox-settings.h"

/* ------------------------------------------------------------------------ */
/* Collecting a package on the source                                         */
/* ------------------------------------------------------------------------ */

typedef struct
{
  SbStore       *store;
  SbProject     *space;       /* where the objects come from */
  gboolean       with_chain;  /* copy the folders above each item */
  SbPackageFile *pkg;
  GHashTable    *included;    /* id (borrowed from the item) → SbPackageItem* */
  GHashTable    *path_memo;   /* parent id (owned) → folder path (owned) */
} CollectCtx;

static SbPackageItem *
collect_add (CollectCtx     *ctx,
             const SbObject *object,
             const char     *action,
             gboolean        explicit_included,
             gboolean        include_dependents)
{
  SbPackageItem *item = sb_package_item_new ();

  item->object = sb_object_copy_sharing_acl (object);
  item->action = g_strdup (action);
  item->explicit_included = explicit_included;
  item->include_dependents = include_dependents;

  if (!ctx->space->is_configuration && object->parent_id != NULL)
    {
      const char *path = g_hash_table_lookup (ctx->path_memo, object->parent_id);

      if (path == NULL)
        {
          char *computed = sb_project_folder_path (ctx->space, object);

          g_hash_table_insert (ctx->path_memo, g_strdup (object->parent_id), computed);
          path = computed;
        }
      item->folder_path = g_strdup (path);
    }

  if (ctx->with_chain && object->parent_id != NULL)
    {
      g_autoptr(GPtrArray) above = g_ptr_array_new ();
      const char *folder_id = object->parent_id;

      for (guint depth = 0; folder_id != NULL && depth < SB_MAX_FOLDER_DEPTH; depth++)
        {
          SbObject *folder = sb_project_get_object (ctx->space, folder_id);

          if (folder == NULL)
            break;
          g_ptr_array_add (above, folder);
          folder_id = folder->parent_id;
        }

      for (guint i = above->len; i > 0; i--)
        g_ptr_array_add (item->folder_chain, sb_object_copy_sharing_acl (g_ptr_array_index (above, i - 1)));
    }

  g_ptr_array_add (ctx->pkg->items, item);
  g_hash_table_insert (ctx->included, item->object->id, item);
  return item;
}

static int
compare_items_by_id (gconstpointer a,
                     gconstpointer b)
{
  const SbPackageItem *ia = *(const SbPackageItem * const *) a;
  const SbPackageItem *ib = *(const SbPackageItem * const *) b;

  return strcmp (ia->object->id, ib->object->id);
}

/* Finds a content item's object in the space the package type allows, or
 * says why not. */
static SbObject *
collect_find (CollectCtx  *ctx,
              SbProject   *project,
              const char  *type,
              const char  *id,
              gboolean     has_type,
              gint64       object_type,
              GError     **error)
{
  SbStore *store = ctx->store;
  SbObject *object = sb_project_get_object (ctx->space, id);
  gboolean is_project = g_strcmp0 (type, "project") == 0;
  gboolean is_security = g_strcmp0 (type, "project_security") == 0;

  if (object == NULL)
    {
      SbObject *elsewhere = NULL;
      const char *level = NULL;

      if (is_project)
        {
          elsewhere = sb_project_get_object (store->configuration, id);
          level = "a configuration object";
        }
      else
        {
          GHashTableIter iter;
          gpointer value;

          if (project != NULL)
            elsewhere = sb_project_get_object (project, id);
          g_hash_table_iter_init (&iter, store->projects);
          while (elsewhere == NULL && g_hash_table_iter_next (&iter, NULL, &value))
            {
              SbProject *other = value;

              if (!other->is_configuration)
                elsewhere = sb_project_get_object (other, id);
            }
          level = "a project object";
        }

      if (elsewhere != NULL)
        {
          g_set_error (error, SB_ERROR, SB_ERROR_WRONG_LEVEL,
                       "'%s' (%s) is %s: a %s takes only %s",
                       elsewhere->name, elsewhere->id, level,
                       is_project ? "project package"
                       : is_security ? "project security package" : "configuration package",
                       is_project ? "project objects"
                       : is_security ? "users and user groups" : "configuration objects");
          return NULL;
        }
    }
  else if (has_type && object->type != object_type)
    object = NULL;

  if (object == NULL)
    {
      const char *where = is_project ? ctx->space->name : "the configuration";

      if (has_type)
        g_set_error (error, SB_ERROR, SB_ERROR_NOT_FOUND,
                     "Object '%s' (type %" G_GINT64_FORMAT ") was not found in %s",
                     id, object_type, where);
      else
        g_set_error (error, SB_ERROR, SB_ERROR_NOT_FOUND,
                     "Object '%s' was not found in %s", id, where);
      return NULL;
    }

  if (is_security && object->type != SB_TYPE_USER)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_WRONG_LEVEL,
                   "'%s' (%s) is not a user or user group: a project security package "
                   "takes only users and user groups",
                   object->name, object->id);
      return NULL;
    }

  return object;
}

static SbPackageFile *
collect_fail (GQueue *queue)
{
  g_queue_clear (queue);
  return NULL;
}

SbPackageFile *
sb_collect_package (SbStore     *store,
                   SbProject   *project,
                   const char  *type,
                   const char  *purpose,
                   JsonObject  *settings,
                   JsonArray   *content,
                   GError     **error)
{
  g_autoptr(SbPackageFile) pkg = NULL;
  g_autoptr(GHashTable) included = NULL;
  g_autoptr(GHashTable) path_memo = NULL;
  gboolean is_config = g_strcmp0 (type, "configuration") == 0;
  gboolean is_security = g_strcmp0 (type, "project_security") == 0;
  gboolean is_project = g_strcmp0 (type, "project") == 0;
  CollectCtx ctx;

  g_return_val_if_fail (store != NULL, NULL);

  if (!is_config && !is_security && !is_project)
    {
      g_autofree char *list = sb_join_list (sb_valid_package_types);

      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "Invalid value '%s' for type: expected one of %s",
                   type ? type : "(missing)", list);
      return NULL;
    }

  if (!is_config && (project == NULL || project->is_configuration))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "A %s package needs a project (X-MSTR-ProjectID)",
                   is_project ? "project" : "project security");
      return NULL;
    }

  pkg = sb_package_file_new ("package");
  pkg->server_version = g_strdup (store->server_version);
  pkg->type = g_strdup (type);
  pkg->purpose = g_strdup (purpose ? purpose : "package");
  if (!is_config)
    {
      pkg->project_id = g_strdup (project->id);
      pkg->project_name = g_strdup (project->name);
    }
  pkg->created = sb_now_ms ();
  pkg->settings = settings ? sb_json_object_dup (settings) : NULL;
  pkg->content = content ? sb_json_array_dup (content) : NULL;

  included = g_hash_table_new (g_str_hash, g_str_equal);
  path_memo = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  ctx.store = store;
  ctx.space = is_project ? project : store->configuration;
  ctx.with_chain = content != NULL && is_project;
  ctx.pkg = pkg;
  ctx.included = included;
  ctx.path_memo = path_memo;

  if (content == NULL)
    {
      /* A project merge: the whole space. Every folder is an item itself,
       * so the items need no folder chains. */
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, ctx.space->objects);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          SbObject *object = value;

          if (is_security && object->type != SB_TYPE_USER)
            continue;
          collect_add (&ctx, object, NULL, TRUE, FALSE);
        }
      g_ptr_array_sort (pkg->items, compare_items_by_id);
    }
  else
    {
      g_autoptr(GHashTable) visited = g_hash_table_new (g_str_hash, g_str_equal);
      GQueue queue = G_QUEUE_INIT;
      g_autofree char *actions = sb_join_list (sb_valid_actions);

      for (guint i = 0; i < json_array_get_length (content); i++)
        {
          JsonNode *node = json_array_get_element (content, i);
          JsonObject *entry;
          JsonNode *id_node;
          JsonNode *type_node;
          JsonNode *action_node;
          JsonNode *deps_node;
          g_autofree char *id = NULL;
          gboolean include_dependents = FALSE;
          SbObject *object;
          SbPackageItem *item;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                           "content[%u] must be an object {id, type, action, includeDependents}", i);
              return collect_fail (&queue);
            }
          entry = json_node_get_object (node);

          id_node = json_object_get_member (entry, "id");
          if (!sb_json_node_is_string (id_node) || *json_node_get_string (id_node) == '\0')
            {
              g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                           "content[%u].id is missing", i);
              return collect_fail (&queue);
            }
          id = g_ascii_strup (json_node_get_string (id_node), -1);

          type_node = json_object_get_member (entry, "type");
          if (!sb_json_node_is_null (type_node) && !sb_json_node_is_int (type_node))
            {
              g_autofree char *shown = sb_json_describe_node (type_node);

              g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                           "Invalid value %s for content[%u].type: expected an integer object type",
                           shown, i);
              return collect_fail (&queue);
            }

          action_node = json_object_get_member (entry, "action");
          if (sb_json_node_is_null (action_node))
            {
              g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                           "content[%u].action is missing: expected one of %s", i, actions);
              return collect_fail (&queue);
            }
          if (!sb_json_node_is_string (action_node) ||
              !sb_str_in (json_node_get_string (action_node), sb_valid_actions))
            {
              g_autofree char *field = g_strdup_printf ("content[%u].action", i);

              sb_settings_invalid_value (error, field, action_node, sb_valid_actions);
              return collect_fail (&queue);
            }

          deps_node = json_object_get_member (entry, "includeDependents");
          if (sb_json_node_is_bool (deps_node))
            include_dependents = json_node_get_boolean (deps_node);
          else if (!sb_json_node_is_null (deps_node))
            {
              g_autofree char *shown = sb_json_describe_node (deps_node);

              g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                           "Invalid value %s for content[%u].includeDependents: expected true or false",
                           shown, i);
              return collect_fail (&queue);
            }

          object = collect_find (&ctx, project, type, id,
                                 sb_json_node_is_int (type_node),
                                 sb_json_node_is_int (type_node) ? json_node_get_int (type_node) : 0,
                                 error);
          if (object == NULL)
            return collect_fail (&queue);

          /* The first mention of an id wins. */
          if (g_hash_table_contains (included, object->id))
            continue;

          item = collect_add (&ctx, object, json_node_get_string (action_node),
                              TRUE, include_dependents);
          if (include_dependents)
            {
              g_hash_table_add (visited, item->object->id);
              g_queue_push_tail (&queue, item->object);
            }
        }

      /* Dependents: what the items use, transitively, in the same space. */
      while (!g_queue_is_empty (&queue))
        {
          SbObject *object = g_queue_pop_head (&queue);

          for (guint i = 0; object->uses != NULL && i < object->uses->len; i++)
            {
              const char *used_id = g_ptr_array_index (object->uses, i);
              SbPackageItem *item;
              SbObject *used;

              if (g_hash_table_contains (visited, used_id))
                continue;

              item = g_hash_table_lookup (included, used_id);
              if (item == NULL)
                {
                  used = sb_project_get_object (ctx.space, used_id);
                  if (used == NULL || (is_security && used->type != SB_TYPE_USER))
                    continue;
                  item = collect_add (&ctx, used, NULL, FALSE, FALSE);
                }

              g_hash_table_add (visited, item->object->id);
              g_queue_push_tail (&queue, item->object);
            }
        }
    }

  if (is_security)
    {
      pkg->security_links = sb_links_table_new ();
      for (guint i = 0; project->security_links != NULL && i < pkg->items->len; i++)
        {
          SbPackageItem *item = g_ptr_array_index (pkg->items, i);
          JsonArray *links = g_hash_table_lookup (project->security_links, item->object->id);

          if (links != NULL)
            g_hash_table_insert (pkg->security_links, g_strdup (item->object->id),
                                 sb_json_array_dup (links));
        }
    }

  return g_steal_pointer (&pkg);
}
