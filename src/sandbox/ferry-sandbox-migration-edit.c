/* ferry-sandbox-migration-edit.c: PUT /api/migrations/{id}/packageInfo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The body is the edited packageInfo (alone, or as {"packageInfo":{…}}):
 * name, tocView and treeView may change; type and purpose may be sent but
 * not changed. Every error is a 400 before anything changes; then the
 * record goes back to creating and a create job writes the package file
 * anew (ferry-sandbox-migration-jobs.c).
 */

#include "config.h"

#include <string.h>

#include "ferry-sandbox-migration-edit.h"
#include "ferry-sandbox-migration-jobs.h"
#include "ferry-sandbox-collect.h"

static gboolean
unchanged (SbContext  *ctx,
           JsonObject *body,
           JsonObject *p,
           const char *member)
{
  JsonNode *node = json_object_get_member (body, member);
  const char *current = sb_json_get_string_or (p, member, "");

  if (sb_json_node_is_null (node))
    return TRUE;
  if (sb_json_node_is_string (node) && g_str_equal (json_node_get_string (node), current))
    return TRUE;
  sb_reply_error (ctx, 400, "ERR006", "packageInfo.%s cannot be changed by an edit: it is '%s'",
                  member, current);
  return FALSE;
}

void
sb_handle_migration_edit (SbContext *ctx)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  SbMigration *m = sb_store_lookup_migration (ctx->store, ctx->id);
  JsonObject *edited, *p, *i, *toc, *settings, *answer;
  JsonNode *node, *content_node, *tree_view;
  JsonArray *content = NULL;
  const char *status, *import_status, *request, *type, *purpose, *project_id;
  SbProject *project = NULL;
  SbPackageFile *pkg;
  gboolean merge;

  if (m == NULL)
    {
      sb_reply_error (ctx, 404, "ERR004", "Migration '%s' was not found", ctx->id);
      return;
    }
  p = sb_migration_package_info (m);
  i = sb_migration_import_info (m);
  status = sb_json_get_string_or (p, "status", "unknown");
  import_status = sb_json_get_string_or (i, "status", "pending");
  request = sb_json_get_string_or (i, "importRequestStatus", "pending");
  type = sb_json_get_string_or (p, "type", "");
  purpose = sb_json_get_string_or (p, "purpose", "object_migration");

  if (!m->source_role)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "Migration '%s' can be edited only on its source environment", m->id);
      return;
    }
  if (!g_str_equal (purpose, "object_migration") && !g_str_equal (purpose, "project_merge"))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "A migration of purpose '%s' cannot be edited: only object_migration and project_merge packages can",
                      purpose);
      return;
    }
  if (m->job_id != 0 || (!g_str_equal (status, "created") && !g_str_equal (status, "create_failed")))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "The package can be edited only when its status is created or create_failed; it is '%s'",
                      status);
      return;
    }
  if (!g_str_equal (import_status, "pending") ||
      (!g_str_equal (request, "pending") && !g_str_equal (request, "rejected")))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "The package can be edited only while its import request is pending or rejected; it is '%s' (import '%s')",
                      request, import_status);
      return;
    }

  if ((body = sb_request_parse_object (ctx)) == NULL)
    return;
  node = json_object_get_member (body, "packageInfo");
  edited = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : body;

  if (!unchanged (ctx, edited, p, "type") || !unchanged (ctx, edited, p, "purpose"))
    return;
  node = json_object_get_member (edited, "name");
  if (!sb_json_node_is_null (node) && (!sb_json_node_is_string (node) || *json_node_get_string (node) == '\0'))
    {
      sb_reply_error (ctx, 400, "ERR006", "'packageInfo.name' must be a non-empty string");
      return;
    }

  node = json_object_get_member (edited, "tocView");
  if (sb_json_node_is_null (node))
    toc = sb_json_get_object (p, "tocView");
  else if (JSON_NODE_HOLDS_OBJECT (node))
    toc = json_node_get_object (node);
  else
    {
      sb_reply_error (ctx, 400, "ERR006", "'packageInfo.tocView' must be an object");
      return;
    }
  settings = toc != NULL ? sb_json_get_object (toc, "settings") : NULL;
  if (settings == NULL)
    {
      sb_reply_error (ctx, 400, "ERR006", "The migration needs packageInfo.tocView.settings");
      return;
    }
  merge = g_str_equal (purpose, "project_merge");
  content_node = json_object_get_member (toc, "content");
  if (content_node != NULL && JSON_NODE_HOLDS_ARRAY (content_node))
    content = json_node_get_array (content_node);
  else if (!sb_json_node_is_null (content_node))
    {
      sb_reply_error (ctx, 400, "ERR006", "'packageInfo.tocView.content' must be an array");
      return;
    }
  if (merge)
    {
      if (content != NULL && json_array_get_length (content) > 0)
        {
          sb_reply_error (ctx, 400, "ERR006",
                          "A project merge takes the whole project: packageInfo.tocView.content must be empty");
          return;
        }
      content = NULL;
    }
  else if (content == NULL || json_array_get_length (content) == 0)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "An object migration needs a non-empty packageInfo.tocView.content");
      return;
    }
  else
    {
      for (guint k = 0; k < json_array_get_length (content); k++)
        if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (content, k)))
          {
            sb_reply_error (ctx, 400, "ERR006", "Item %u of packageInfo.tocView.content is not an object", k);
            return;
          }
    }

  if (!g_str_equal (type, "configuration"))
    {
      project_id = sb_json_get_string (sb_json_get_object (p, "project"), "id");
      project = project_id != NULL ? sb_store_get_project (ctx->store, project_id) : NULL;
      if (project == NULL)
        {
          sb_reply_error (ctx, 400, "ERR006", "The source project of migration '%s' no longer exists", m->id);
          return;
        }
    }

  if (!sb_settings_validate (type, settings, merge, &error))
    {
      sb_reply_gerror (ctx, error, TRUE);
      return;
    }
  pkg = sb_collect_package (ctx->store, project, type, purpose, settings, content, &error);
  if (pkg == NULL)
    {
      sb_reply_gerror (ctx, error, TRUE);
      return;
    }

  /* Everything checked: the edit. TOC may point into P, so copy first. */
  toc = sb_json_object_dup (toc);
  tree_view = json_object_get_member (edited, "treeView");
  if (!sb_json_node_is_null (tree_view))
    json_object_set_member (p, "treeView", sb_json_deep_copy (tree_view));
  if (sb_json_node_is_string (json_object_get_member (edited, "name")))
    json_object_set_string_member (p, "name", sb_json_get_string (edited, "name"));
  json_object_set_object_member (p, "tocView", toc);
  json_object_set_object_member (p, "storage", json_object_new ());
  json_object_set_string_member (p, "status", "creating");
  json_object_set_string_member (p, "message", "");
  json_object_set_int_member (p, "progress", 0);
  sb_json_set_now (p, "lastUpdatedDate");

  sb_migration_start_job (ctx, m, SB_MIGRATION_JOB_CREATE, pkg, NULL, FALSE);
  sb_host_save (ctx->host, NULL);

  answer = json_object_new ();
  json_object_set_string_member (answer, "id", sb_migration_package_id (m));
  json_object_set_string_member (answer, "status", "creating");
  json_object_set_double_member (answer, "progress", 0.0);
  sb_reply_json (ctx, 202, sb_json_node_take_object (answer));
}
