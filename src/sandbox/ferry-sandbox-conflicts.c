/* ferry-sandbox-conflicts.c: conflict rules: which action applies to an
 * object, and its outcome
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ferry-sandbox-conflicts.h"

static void
set_string_or_null (JsonObject *object,
                    const char *member,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}



/* ------------------------------------------------------------------------ */
/* Conflict rules: which action applies                                       */
/* ------------------------------------------------------------------------ */


static void
rules_add_id_rules (GHashTable *table,
                    JsonArray  *list)
{
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      const char *id;
      const char *action;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      id = sb_json_get_string (json_node_get_object (node), "id");
      action = sb_json_get_string (json_node_get_object (node), "action");
      if (id == NULL || action == NULL)
        continue;

      {
        char *key = g_ascii_strup (id, -1);

        /* The first rule for an id wins. */
        if (g_hash_table_contains (table, key))
          g_free (key);
        else
          g_hash_table_insert (table, key, (gpointer) action);
      }
    }
}

static gint64
type_key (int type,
          int subtype)
{
  return (gint64) (((guint64) (guint32) type << 32) | (guint32) subtype);
}

void
sb_rules_init (SbRules      *rules,
            JsonObject *settings,
            gboolean    merge)
{
  memset (rules, 0, sizeof *rules);
  rules->merge = merge;
  rules->default_action = sb_json_get_string (settings, "defaultAction");
  if (rules->default_action == NULL)
    rules->default_action = "use_existing";

  rules->object_rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  rules->folder_rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  rules->type_rules = g_hash_table_new (g_direct_hash, g_direct_equal);
  rules->subtype_rules = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  if (!merge || settings == NULL)
    return;

  rules_add_id_rules (rules->object_rules, sb_json_get_array (settings, "objectActions"));
  rules_add_id_rules (rules->folder_rules, sb_json_get_array (settings, "folderActions"));

  {
    JsonArray *list = sb_json_get_array (settings, "objectTypeActions");

    for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
      {
        JsonNode *node = json_array_get_element (list, i);
        JsonObject *rule;
        JsonNode *type_node;
        JsonNode *subtype_node;
        const char *action;
        int type;

        if (!JSON_NODE_HOLDS_OBJECT (node))
          continue;
        rule = json_node_get_object (node);
        type_node = json_object_get_member (rule, "type");
        subtype_node = json_object_get_member (rule, "subtype");
        action = sb_json_get_string (rule, "action");
        if (!sb_json_node_is_int (type_node) || action == NULL)
          continue;
        type = (int) json_node_get_int (type_node);

        if (sb_json_node_is_int (subtype_node))
          {
            gint64 key = type_key (type, (int) json_node_get_int (subtype_node));

            if (!g_hash_table_contains (rules->subtype_rules, &key))
              g_hash_table_insert (rules->subtype_rules, g_memdup2 (&key, sizeof key),
                                   (gpointer) action);
          }
        else if (!g_hash_table_contains (rules->type_rules, GINT_TO_POINTER (type)))
          g_hash_table_insert (rules->type_rules, GINT_TO_POINTER (type), (gpointer) action);
      }
  }
}

void
sb_rules_clear (SbRules *rules)
{
  g_clear_pointer (&rules->object_rules, g_hash_table_unref);
  g_clear_pointer (&rules->folder_rules, g_hash_table_unref);
  g_clear_pointer (&rules->type_rules, g_hash_table_unref);
  g_clear_pointer (&rules->subtype_rules, g_hash_table_unref);
}

/* The action for OBJECT in a project merge. SOURCE_FOLDERS maps the source's
 * folder ids to folder objects, to walk up the object's folder path. */
static const char *
rules_resolve_merge (SbRules          *rules,
                     const SbObject *object,
                     GHashTable     *source_folders,
                     const char    **rule_out)
{
  const char *action;

  action = g_hash_table_lookup (rules->object_rules, object->id);
  if (action != NULL)
    {
      *rule_out = "object";
      return action;
    }

  if (g_hash_table_size (rules->folder_rules) > 0)
    {
      /* A folder rule covers the folder itself, then everything below it. */
      const char *folder_id = object->type == SB_TYPE_FOLDER ? object->id : object->parent_id;

      for (guint depth = 0; folder_id != NULL && depth < SB_MAX_FOLDER_DEPTH; depth++)
        {
          const SbObject *folder;

          action = g_hash_table_lookup (rules->folder_rules, folder_id);
          if (action != NULL)
            {
              *rule_out = "folder";
              return action;
            }
          folder = g_hash_table_lookup (source_folders, folder_id);
          folder_id = folder != NULL ? folder->parent_id : NULL;
        }
    }

  if (g_hash_table_size (rules->subtype_rules) > 0)
    {
      gint64 key = type_key (object->type, object->subtype);

      action = g_hash_table_lookup (rules->subtype_rules, &key);
      if (action != NULL)
        {
          *rule_out = "objectType";
          return action;
        }
    }

  action = g_hash_table_lookup (rules->type_rules, GINT_TO_POINTER (object->type));
  if (action != NULL)
    {
      *rule_out = "objectType";
      return action;
    }

  *rule_out = "default";
  return rules->default_action;
}

const char *
sb_rules_resolve (SbRules               *rules,
               const SbPackageItem *item,
               GHashTable          *source_folders,
               const char         **rule_out)
{
  if (rules->merge)
    return rules_resolve_merge (rules, item->object, source_folders, rule_out);

  if (item->action != NULL)
    {
      *rule_out = "content";
      return item->action;
    }

  *rule_out = "default";
  return rules->default_action;
}

/* Every folder the package knows of (folder items and the folder chains),
 * id → SbObject (borrowed from PKG). */
GHashTable *
sb_source_folders_new (const SbPackageFile *pkg)
{
  GHashTable *folders = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < pkg->items->len; i++)
    {
      SbPackageItem *item = g_ptr_array_index (pkg->items, i);

      for (guint j = 0; item->folder_chain != NULL && j < item->folder_chain->len; j++)
        {
          SbObject *folder = g_ptr_array_index (item->folder_chain, j);

          g_hash_table_insert (folders, folder->id, folder);
        }
    }

  /* Folder items win over chain copies (same objects in practice). */
  for (guint i = 0; i < pkg->items->len; i++)
    {
      SbPackageItem *item = g_ptr_array_index (pkg->items, i);

      if (item->object->type == SB_TYPE_FOLDER)
        g_hash_table_insert (folders, item->object->id, item->object);
    }

  return folders;
}

static JsonObject *
object_content_json (const SbObject *object,
                     const char     *action,
                     gboolean        include_dependents,
                     gboolean        explicit_included,
                     const char     *level)
{
  JsonObject *jo = json_object_new ();
  JsonObject *owner = json_object_new ();
  g_autofree char *created = sb_format_time (object->created);
  g_autofree char *modified = sb_format_time (object->modified);

  json_object_set_string_member (jo, "id", object->id);
  set_string_or_null (jo, "name", object->name);
  set_string_or_null (jo, "version", object->version);
  json_object_set_int_member (jo, "type", object->type);
  set_string_or_null (owner, "id", object->owner_id);
  json_object_set_object_member (jo, "owner", owner);
  json_object_set_string_member (jo, "dateCreated", created);
  json_object_set_string_member (jo, "dateModified", modified);
  json_object_set_string_member (jo, "action", action);
  json_object_set_boolean_member (jo, "includeDependents", include_dependents);
  json_object_set_boolean_member (jo, "explicitIncluded", explicit_included);
  json_object_set_string_member (jo, "level", level);
  return jo;
}

JsonArray *
sb_package_file_content_json (const SbPackageFile *pkg)
{
  JsonArray *array = json_array_new ();
  const char *level = sb_package_type_is_configuration (pkg->type) ? "configuration_object" : "project_object";
  gboolean merge = g_strcmp0 (pkg->purpose, "project_merge") == 0;
  g_autoptr(GHashTable) source_folders = NULL;
  SbRules rules;

  sb_rules_init (&rules, pkg->settings, merge);
  if (merge)
    source_folders = sb_source_folders_new (pkg);

  for (guint i = 0; pkg->items != NULL && i < pkg->items->len; i++)
    {
      SbPackageItem *item = g_ptr_array_index (pkg->items, i);
      const char *rule = NULL;
      const char *action = sb_rules_resolve (&rules, item, source_folders, &rule);

      json_array_add_object_element (array,
                                     object_content_json (item->object, action,
                                                          item->include_dependents,
                                                          item->explicit_included,
                                                          level));
    }

  /* An undo package lists what undoing it restores or removes. */
  for (guint i = 0; pkg->undo_entries != NULL && i < pkg->undo_entries->len; i++)
    {
      SbUndoEntry *entry = g_ptr_array_index (pkg->undo_entries, i);

      if (entry->prior != NULL)
        json_array_add_object_element (array,
                                       object_content_json (entry->prior, "force_replace",
                                                            FALSE, TRUE, level));
      else
        {
          JsonObject *jo = json_object_new ();

          json_object_set_string_member (jo, "id", entry->id);
          json_object_set_string_member (jo, "action", "delete");
          json_object_set_boolean_member (jo, "includeDependents", FALSE);
          json_object_set_boolean_member (jo, "explicitIncluded", TRUE);
          json_object_set_string_member (jo, "level", level);
          json_array_add_object_element (array, jo);
        }
    }

  sb_rules_clear (&rules);
  return array;
}

/* ------------------------------------------------------------------------ */
/* Outcomes and plans                                                         */
/* ------------------------------------------------------------------------ */

const char *
sb_outcome_to_string (SbOutcome outcome)
{
  switch (outcome)
    {
    case SB_OUTCOME_CREATE:
      return "create";
    case SB_OUTCOME_REPLACE:
      return "replace";
    case SB_OUTCOME_KEEP_EXISTING:
      return "keep_existing";
    case SB_OUTCOME_DUPLICATE:
      return "duplicate";
    case SB_OUTCOME_SKIP:
      return "skip";
    case SB_OUTCOME_DELETE:
      return "delete";
    default:
      return "unknown";
    }
}

void
sb_plan_item_free (SbPlanItem *item)
{
  if (item == NULL)
    return;

  g_free (item->id);
  g_free (item->name);
  g_free (item->action);
  g_free (item->rule);
  g_free (item->new_id);
  g_free (item);
}

SbPlanItem *
sb_plan_item_new (const char *id,
               const char *name,
               int         type,
               int         subtype,
               const char *action,
               const char *rule,
               SbOutcome   outcome)
{
  SbPlanItem *item = g_new0 (SbPlanItem, 1);

  item->id = g_strdup (id);
  item->name = g_strdup (name);
  item->type = type;
  item->subtype = subtype;
  item->action = g_strdup (action);
  item->rule = g_strdup (rule);
  item->outcome = outcome;
  return item;
}

SbPlanItem *
sb_plan_item_for (const SbObject *object,
               const char     *action,
               const char     *rule,
               SbOutcome       outcome)
{
  return sb_plan_item_new (object->id, object->name, object->type, object->subtype,
                        action, rule, outcome);
}

GPtrArray *
sb_plan_new (guint size)
{
  GPtrArray *plan = g_ptr_array_new_full (size, (GDestroyNotify) sb_plan_item_free);

  g_ptr_array_set_size (plan, size);
  return plan;
}

/* The conflict table of api.md, "Conflict actions". */
SbOutcome
sb_decide_outcome (const char     *action,
                const SbObject *source,
                const SbObject *target_copy)
{
  gboolean source_newer;

  if (target_copy == NULL)
    return strcmp (action, "delete") == 0 ? SB_OUTCOME_SKIP : SB_OUTCOME_CREATE;

  if (strcmp (action, "delete") == 0)
    return SB_OUTCOME_DELETE;

  if (g_strcmp0 (source->version, target_copy->version) == 0)
    return strcmp (action, "force_replace") == 0 ? SB_OUTCOME_REPLACE : SB_OUTCOME_SKIP;

  source_newer = source->modified > target_copy->modified;

  if (strcmp (action, "replace") == 0 || strcmp (action, "force_replace") == 0)
    return SB_OUTCOME_REPLACE;
  if (strcmp (action, "keep_both") == 0)
    return SB_OUTCOME_DUPLICATE;
  if (strcmp (action, "use_newer") == 0)
    return source_newer ? SB_OUTCOME_REPLACE : SB_OUTCOME_KEEP_EXISTING;
  if (strcmp (action, "use_older") == 0)
    return source_newer ? SB_OUTCOME_KEEP_EXISTING : SB_OUTCOME_REPLACE;

  return SB_OUTCOME_KEEP_EXISTING;   /* use_existing */
}
