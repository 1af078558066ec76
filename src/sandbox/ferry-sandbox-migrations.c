/* ferry-sandbox-migrations.c: the handlers of /api/migrations…
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each server keeps its own record of a migration (a JsonObject in the
 * form GET ?showContent=all serves; ferry-sandbox-store.h). The source
 * collects the package when the migration is created (so every error is a
 * 400 and nothing is stored) and a job writes the package file into the
 * shared storage; the target's import and undo run as jobs too, all or
 * nothing at the end (ferry-sandbox-migration-jobs.c).
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ferry-sandbox-migrations.h"
#include "ferry-sandbox-migration-jobs.h"
#include "ferry-sandbox-collect.h"
#include "ferry-sandbox-file-store.h"
#include "ferry-sandbox-validation.h"
#include "ferry-sandbox-writer.h"

#define STORAGE_WRITE_MESSAGE \
  "Cannot create or modify the shared file. It may be temporarily unavailable for accessing the storage location."

/* ------------------------------------------------------------------------ */
/* JSON helpers                                                               */
/* ------------------------------------------------------------------------ */

/* The full record, packageInfo.tocView / treeView only when asked for. */
static JsonNode *
record_view (SbMigration *m,
             gboolean     toc_view,
             gboolean     tree_view)
{
  JsonObject *object = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (sb_migration_record (m));

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (sb_migration_record (m), name);

      if (g_str_equal (name, "packageInfo") && JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *source = json_node_get_object (node);
          JsonObject *info = json_object_new ();
          g_autoptr(GList) info_members = json_object_get_members (source);

          for (GList *k = info_members; k != NULL; k = k->next)
            {
              if (!toc_view && g_str_equal (k->data, "tocView"))
                continue;
              if (!tree_view && g_str_equal (k->data, "treeView"))
                continue;
              json_object_set_member (info, k->data,
                                      sb_json_deep_copy (json_object_get_member (source, k->data)));
            }
          json_object_set_object_member (object, name, info);
        }
      else
        json_object_set_member (object, name, sb_json_deep_copy (node));
    }

  return sb_json_node_take_object (object);
}

static gboolean
split_migration_id (const char *id,
                    char      **package_id,
                    char      **import_id)
{
  g_auto(GStrv) halves = g_strsplit (id, ":", -1);

  if (g_strv_length (halves) != 2 || !sb_is_hex_id (halves[0]) || !sb_is_hex_id (halves[1]))
    return FALSE;
  *package_id = g_strdup (halves[0]);
  *import_id = g_strdup (halves[1]);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* POST /api/migrations                                                       */
/* ------------------------------------------------------------------------ */

static gboolean
is_package_type (const char *type)
{
  return g_strcmp0 (type, "project") == 0 ||
         g_strcmp0 (type, "configuration") == 0 ||
         g_strcmp0 (type, "project_security") == 0;
}

static char *
default_name (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%m-%d-%Y");
  int hour = g_date_time_get_hour (now);

  return g_strdup_printf ("New Migration Package %s %02d:%02d:%02d %s", date,
                          hour % 12 == 0 ? 12 : hour % 12,
                          g_date_time_get_minute (now),
                          g_date_time_get_second (now),
                          hour < 12 ? "AM" : "PM");
}

static JsonObject *
new_import_info (const char *import_id,
                 JsonObject *environment,
                 JsonObject *project)
{
  JsonObject *i = json_object_new ();

  json_object_set_string_member (i, "id", import_id);
  json_object_set_object_member (i, "creator", json_object_new ());
  sb_json_set_now (i, "creationDate");
  sb_json_set_now (i, "lastUpdatedDate");
  if (environment != NULL)
    json_object_set_object_member (i, "environment", sb_json_object_dup (environment));
  json_object_set_string_member (i, "status", "pending");
  json_object_set_string_member (i, "importRequestStatus", "pending");
  json_object_set_string_member (i, "undoRequestStatus", "pending");
  json_object_set_int_member (i, "progress", 0);
  json_object_set_string_member (i, "message", "");
  json_object_set_object_member (i, "undoStorage", json_object_new ());
  if (project != NULL)
    json_object_set_object_member (i, "project", sb_json_object_dup (project));
  json_object_set_boolean_member (i, "deleted", FALSE);
  return i;
}

static gboolean
parse_import_info_body (SbContext   *ctx,
                        JsonObject  *body,
                        JsonObject **environment,
                        JsonObject **project)
{
  JsonObject *info;

  *environment = NULL;
  *project = NULL;
  if (!sb_request_member_object (ctx, body, "importInfo", "importInfo", &info))
    return FALSE;
  if (!sb_request_member_object (ctx, info, "environment", "importInfo.environment", environment))
    return FALSE;
  if (!sb_request_member_object (ctx, info, "project", "importInfo.project", project))
    return FALSE;
  return TRUE;
}

/* POST /api/migrations?packageId=…: a new migration of an existing package. */
static void
handle_reuse (SbContext  *ctx,
              JsonObject *body,
              const char *package_id)
{
  SbMigration *source = NULL;
  JsonObject *environment;
  JsonObject *project;
  g_autofree char *import_id = NULL;
  JsonObject *record;
  JsonObject *p;
  SbMigration *m;

  if (!parse_import_info_body (ctx, body, &environment, &project))
    return;

  for (guint k = ctx->store->migration_order->len; k > 0 && source == NULL; k--)
    {
      SbMigration *candidate = g_hash_table_lookup (ctx->store->migrations,
                                                    g_ptr_array_index (ctx->store->migration_order, k - 1));
      JsonObject *cp = candidate != NULL ? sb_migration_package_info (candidate) : NULL;
      const char *status = sb_json_get_string_or (cp, "status", "");

      if (candidate != NULL && candidate->source_role &&
          g_ascii_strcasecmp (sb_migration_package_id (candidate), package_id) == 0 &&
          (g_str_equal (status, "created") || g_str_equal (status, "locked")) &&
          sb_migration_storage_path (cp, "storage") != NULL)
        source = candidate;
    }

  if (source == NULL)
    {
      /* Known here but not reusable: name the state it needs. */
      for (guint k = 0; k < ctx->store->migration_order->len; k++)
        {
          SbMigration *other = g_hash_table_lookup (ctx->store->migrations,
                                                    g_ptr_array_index (ctx->store->migration_order, k));

          if (other != NULL && other->source_role &&
              g_ascii_strcasecmp (sb_migration_package_id (other), package_id) == 0)
            {
              sb_reply_error (ctx, 400, "ERR006",
                              "Package '%s' can be reused only when its status is created or locked; it is '%s'",
                              package_id, sb_json_get_string_or (sb_migration_package_info (other), "status", "unknown"));
              return;
            }
        }
      sb_reply_error (ctx, 404, "ERR004", "Migration package '%s' was not found", package_id);
      return;
    }

  import_id = sb_new_hex_id ();
  record = json_object_new ();
  p = sb_json_object_dup (sb_migration_package_info (source));
  json_object_set_string_member (p, "status", "created");
  json_object_set_string_member (record, "id", "");
  json_object_set_object_member (record, "packageInfo", p);
  json_object_set_object_member (record, "importInfo", new_import_info (import_id, environment, project));
  json_object_set_string_member (record, "version", "2");

  m = g_new0 (SbMigration, 1);
  m->id = g_strdup_printf ("%s:%s", sb_migration_package_id (source), import_id);
  json_object_set_string_member (record, "id", m->id);
  m->record = record;
  m->source_role = TRUE;
  sb_store_add_migration (ctx->store, m);
  sb_host_save (ctx->host, NULL);

  sb_reply_json (ctx, 201, sb_migration_short_form (m));
}

void
sb_handle_migration_create (SbContext *ctx)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  gboolean unlock_on_start;
  const char *reuse_id;
  JsonObject *pi;
  JsonObject *toc;
  JsonObject *settings;
  JsonObject *environment;
  JsonObject *body_project;
  JsonObject *import_environment;
  JsonObject *import_project;
  JsonNode *content_node;
  JsonArray *content = NULL;
  JsonNode *tree_view;
  const char *type;
  const char *purpose;
  const char *name;
  const char *body_project_id = NULL;
  const char *body_project_name = NULL;
  gboolean merge;
  SbProject *project = NULL;
  SbPackageFile *pkg;
  g_autofree char *generated_name = NULL;
  g_autofree char *package_id = NULL;
  g_autofree char *import_id = NULL;
  SbAccount *account = ctx->session->account;
  JsonObject *record;
  JsonObject *p;
  SbMigration *m;

  if (!sb_request_query_bool (ctx, "unlockOnStart", TRUE, &unlock_on_start))
    return;
  if ((body = sb_request_parse_object (ctx)) == NULL)
    return;

  reuse_id = sb_request_query (ctx, "packageId");
  if (reuse_id != NULL && *reuse_id != '\0')
    {
      handle_reuse (ctx, body, reuse_id);
      return;
    }

  /* packageInfo */
  if (!sb_request_member_object (ctx, body, "packageInfo", "packageInfo", &pi))
    return;
  if (g_strcmp0 (sb_json_get_string (pi, "purpose"), "migration_from_shared_file_store") == 0)
    {
      sb_file_store_create_migration (ctx, body);
      return;
    }
  if (pi == NULL)
    {
      sb_reply_error (ctx, 400, "ERR006", "The migration needs a 'packageInfo' object");
      return;
    }

  if (!sb_request_member_string (ctx, pi, "type", "packageInfo.type", FALSE, &type))
    return;
  if (!is_package_type (type))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "Invalid packageInfo.type '%s': must be one of project, configuration, project_security",
                      type != NULL ? type : "");
      return;
    }

  if (!sb_request_member_string (ctx, pi, "purpose", "packageInfo.purpose", FALSE, &purpose))
    return;
  if (purpose == NULL)
    purpose = "object_migration";
  if (!g_str_equal (purpose, "object_migration") && !g_str_equal (purpose, "project_merge"))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "Invalid packageInfo.purpose '%s': must be object_migration or project_merge",
                      purpose);
      return;
    }
  merge = g_str_equal (purpose, "project_merge");
  if (merge && !g_str_equal (type, "project"))
    {
      sb_reply_error (ctx, 400, "ERR006", "A project merge needs packageInfo.type 'project'");
      return;
    }

  if (!sb_request_member_string (ctx, pi, "name", "packageInfo.name", FALSE, &name))
    return;
  if (name == NULL || *name == '\0')
    name = generated_name = default_name ();

  if (!sb_request_member_object (ctx, pi, "environment", "packageInfo.environment", &environment))
    return;
  if (!sb_request_member_object (ctx, pi, "project", "packageInfo.project", &body_project))
    return;
  if (!sb_request_member_string (ctx, body_project, "id", "packageInfo.project.id", FALSE, &body_project_id))
    return;
  if (!sb_request_member_string (ctx, body_project, "name", "packageInfo.project.name", FALSE, &body_project_name))
    return;

  /* tocView */
  if (!sb_request_member_object (ctx, pi, "tocView", "packageInfo.tocView", &toc))
    return;
  if (!sb_request_member_object (ctx, toc, "settings", "packageInfo.tocView.settings", &settings))
    return;
  if (settings == NULL)
    {
      sb_reply_error (ctx, 400, "ERR006", "The migration needs packageInfo.tocView.settings");
      return;
    }

  content_node = toc != NULL ? json_object_get_member (toc, "content") : NULL;
  if (content_node != NULL && !JSON_NODE_HOLDS_NULL (content_node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (content_node))
        {
          sb_reply_error (ctx, 400, "ERR006", "'packageInfo.tocView.content' must be an array");
          return;
        }
      content = json_node_get_array (content_node);
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
  else
    {
      if (content == NULL || json_array_get_length (content) == 0)
        {
          sb_reply_error (ctx, 400, "ERR006",
                          "An object migration needs a non-empty packageInfo.tocView.content");
          return;
        }
      for (guint k = 0; k < json_array_get_length (content); k++)
        if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (content, k)))
          {
            sb_reply_error (ctx, 400, "ERR006",
                            "Item %u of packageInfo.tocView.content is not an object", k);
            return;
          }
    }

  tree_view = json_object_get_member (pi, "treeView");

  if (!parse_import_info_body (ctx, body, &import_environment, &import_project))
    return;

  /* The source project */
  if (!g_str_equal (type, "configuration"))
    {
      if ((project = sb_request_require_project (ctx)) == NULL)
        return;
      if (body_project_id != NULL && *body_project_id != '\0' &&
          g_ascii_strcasecmp (body_project_id, project->id) != 0)
        {
          sb_reply_error (ctx, 400, "ERR006",
                          "packageInfo.project.id '%s' is not the project of X-MSTR-ProjectID ('%s')",
                          body_project_id, project->id);
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

  /* Everything checked: the record. */
  package_id = sb_new_hex_id ();
  import_id = sb_new_hex_id ();

  p = json_object_new ();
  json_object_set_string_member (p, "id", package_id);
  json_object_set_boolean_member (p, "replicated", FALSE);
  json_object_set_string_member (p, "type", type);
  json_object_set_string_member (p, "purpose", purpose);
  json_object_set_string_member (p, "name", name);
  json_object_set_object_member (p, "creator",
                                 sb_json_id_name (account->user_id,
                                          account->full_name != NULL ? account->full_name : account->login));
  sb_json_set_now (p, "creationDate");
  sb_json_set_now (p, "lastUpdatedDate");
  if (environment != NULL)
    json_object_set_object_member (p, "environment", sb_json_object_dup (environment));
  json_object_set_object_member (p, "storage", json_object_new ());
  if (project != NULL)
    json_object_set_object_member (p, "project",
                                   sb_json_id_name (project->id,
                                            body_project_name != NULL && *body_project_name != '\0'
                                            ? body_project_name : project->name));
  else if (body_project != NULL)
    json_object_set_object_member (p, "project", sb_json_object_dup (body_project));
  json_object_set_string_member (p, "status", "creating");
  json_object_set_string_member (p, "message", "");
  json_object_set_int_member (p, "progress", 0);
  json_object_set_boolean_member (p, "deleted", FALSE);
  json_object_set_boolean_member (p, "existing", TRUE);
  json_object_set_object_member (p, "tocView", sb_json_object_dup (toc));
  if (tree_view != NULL && !JSON_NODE_HOLDS_NULL (tree_view))
    json_object_set_member (p, "treeView", sb_json_deep_copy (tree_view));
  else
    json_object_set_object_member (p, "treeView", json_object_new ());

  record = json_object_new ();
  json_object_set_string_member (record, "id", "");
  json_object_set_object_member (record, "packageInfo", p);
  json_object_set_object_member (record, "importInfo",
                                 new_import_info (import_id, import_environment, import_project));
  json_object_set_string_member (record, "version", "2");

  m = g_new0 (SbMigration, 1);
  m->id = g_strdup_printf ("%s:%s", package_id, import_id);
  json_object_set_string_member (record, "id", m->id);
  m->record = record;
  m->source_role = TRUE;
  sb_store_add_migration (ctx->store, m);

  sb_migration_start_job (ctx, m, SB_MIGRATION_JOB_CREATE, pkg, NULL, FALSE);
  sb_host_save (ctx->host, NULL);

  sb_reply_json (ctx, 201, sb_migration_short_form (m));
}

/* ------------------------------------------------------------------------ */
/* GET /api/migrations/{id}, GET /api/migrations                              */
/* ------------------------------------------------------------------------ */

static void
handle_get (SbContext   *ctx,
            SbMigration *m)
{
  const char *show = sb_request_query (ctx, "showContent");
  gboolean toc = FALSE;
  gboolean tree = FALSE;

  if (show == NULL || *show == '\0' || g_ascii_strcasecmp (show, "default") == 0)
    ;
  else if (g_ascii_strcasecmp (show, "tocView") == 0)
    toc = TRUE;
  else if (g_ascii_strcasecmp (show, "treeView") == 0)
    tree = TRUE;
  else if (g_ascii_strcasecmp (show, "all") == 0)
    toc = tree = TRUE;
  else
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "Invalid showContent '%s': must be one of default, tocView, treeView, all",
                      show);
      return;
    }

  /* The source: a validation's result from the target, and this server's
   * clock for the next one (ferry-sandbox-validation.c). */
  if (sb_validation_sync (ctx->host, m))
    sb_host_save (ctx->host, NULL);
  if (g_strcmp0 (sb_json_get_string (sb_migration_package_info (m), "status"), "created") == 0)
    sb_validation_stamp_clock (ctx->host, m);

  sb_reply_json (ctx, 200, record_view (m, toc, tree));
}

static const char *const known_purposes[] = {
  "object_migration",
  "project_merge",
  "migration_from_shared_file_store",
  "migration_group",
  "migration_group_child",
};

/* The migrations of one purpose set, newest first, kept between the pages
 * of a listing: walking all of them (a hash look-up and two JSON look-ups
 * each) for every page made reading 100 000 records, 1000 a page,
 * quadratic. Good while store->migration_changes stays what it was (a
 * migration's purpose never changes once it is stored). */
typedef struct
{
  guint      changes;
  char      *purposes;    /* as asked */
  /* SbMigration (the store's): none is freed or replaced without a new
   * migration_changes (sb_store_add_migration(), _remove_migration()). */
  GPtrArray *matches;
} ListingCache;

static void
listing_cache_free (gpointer data)
{
  ListingCache *cache = data;

  g_free (cache->purposes);
  g_ptr_array_unref (cache->matches);
  g_free (cache);
}

static ListingCache *
listing_cache_get (SbStore           *store,
                   const char        *purpose_text,
                   const char *const *purposes)
{
  ListingCache *cache = store->listing_cache;
  GPtrArray *order = store->migration_order;

  if (cache != NULL && cache->changes == store->migration_changes &&
      g_str_equal (cache->purposes, purpose_text))
    return cache;

  if (cache != NULL)
    store->listing_cache_free (cache);
  cache = g_new0 (ListingCache, 1);
  cache->changes = store->migration_changes;
  cache->purposes = g_strdup (purpose_text);
  cache->matches = g_ptr_array_new ();
  for (guint k = order->len; k > 0; k--)
    {
      SbMigration *m = g_hash_table_lookup (store->migrations, g_ptr_array_index (order, k - 1));

      if (m != NULL && g_strv_contains (purposes, sb_migration_purpose (m)))
        g_ptr_array_add (cache->matches, m);
    }
  store->listing_cache = cache;
  store->listing_cache_free = listing_cache_free;
  return cache;
}

void
sb_handle_migration_list (SbContext *ctx)
{
  const char *purpose_text = sb_request_query (ctx, "packageInfo.purpose");
  g_auto(GStrv) purposes = NULL;
  gint64 offset;
  gint64 limit;
  gint64 total = 0;
  gint64 first;
  gint64 end;
  GString *out;
  g_autoptr(GBytes) bytes = NULL;
  ListingCache *cache;

  if (!sb_request_query_int (ctx, "offset", 0, 0, G_MAXINT32, &offset))
    return;
  if (!sb_request_query_int (ctx, "limit", 100, 1, 1000, &limit))
    return;

  if (purpose_text == NULL || *purpose_text == '\0')
    purpose_text = "object_migration";
  purposes = g_strsplit (purpose_text, ",", -1);
  for (guint k = 0; purposes[k] != NULL; k++)
    {
      gboolean known = FALSE;

      g_strstrip (purposes[k]);
      for (guint j = 0; j < G_N_ELEMENTS (known_purposes); j++)
        known = known || g_str_equal (purposes[k], known_purposes[j]);
      if (!known)
        {
          sb_reply_error (ctx, 400, "ERR006",
                          "Invalid packageInfo.purpose '%s': must be one of object_migration, project_merge, migration_from_shared_file_store, migration_group, migration_group_child",
                          purposes[k]);
          return;
        }
    }

  cache = listing_cache_get (ctx->store, purpose_text, (const char * const *) purposes);
  total = cache->matches->len;
  first = MIN (offset, total);
  end = MIN (offset + limit, total);
  out = g_string_sized_new (64 + (gsize) (end - first) * 2048);
  g_string_append (out, "{\"total\":");
  sb_write_int (out, total);
  g_string_append (out, ",\"data\":[");
  for (gint64 i = first; i < end; i++)
    {
      SbMigration *m = g_ptr_array_index (cache->matches, i);

      if (sb_validation_sync (ctx->host, m))
        {
          sb_store_touch_migration (ctx->store, m);
          sb_host_save (ctx->host, NULL);
        }
      if (i > first)
        g_string_append_c (out, ',');
      sb_migration_write_listing (out, m);
    }
  g_string_append (out, "]}");
  bytes = g_string_free_to_bytes (out);
  sb_reply_bytes (ctx, 200, "application/json", bytes, NULL);
}

/* ------------------------------------------------------------------------ */
/* PATCH /api/migrations/{id}                                                 */
/* ------------------------------------------------------------------------ */

static gboolean
is_one_of (const char *value,
           const char *a,
           const char *b)
{
  return g_strcmp0 (value, a) == 0 || g_strcmp0 (value, b) == 0;
}

static void
handle_patch (SbContext   *ctx,
              SbMigration *m,
              const char  *storage)
{
  g_autoptr(JsonObject) body = NULL;
  JsonObject *bp;
  JsonObject *bi;
  JsonObject *bv;
  const char *import_request;
  const char *undo_request;
  const char *new_name;
  JsonObject *new_environment;
  JsonObject *new_project;
  JsonObject *p = sb_migration_package_info (m);
  JsonObject *i = sb_migration_import_info (m);
  const char *package_status = sb_json_get_string_or (p, "status", "");
  const char *import_status = sb_json_get_string_or (i, "status", "pending");
  const char *current_import_request = sb_json_get_string_or (i, "importRequestStatus", "pending");
  const char *current_undo_request = sb_json_get_string_or (i, "undoRequestStatus", "pending");
  guint privileges = 0;
  g_autofree char *package_file = NULL;
  SbPackageFile *undo_pkg = NULL;
  g_autofree char *undo_project_id = NULL;
  gboolean changed = FALSE;

  if ((body = sb_request_parse_object (ctx)) == NULL)
    return;
  if (!sb_request_member_object (ctx, body, "packageInfo", "packageInfo", &bp))
    return;
  if (!sb_request_member_object (ctx, body, "importInfo", "importInfo", &bi))
    return;
  if (!sb_request_member_string (ctx, bi, "importRequestStatus", "importInfo.importRequestStatus", FALSE, &import_request))
    return;
  if (!sb_request_member_string (ctx, bi, "undoRequestStatus", "importInfo.undoRequestStatus", FALSE, &undo_request))
    return;
  if (!sb_request_member_object (ctx, bi, "environment", "importInfo.environment", &new_environment))
    return;
  if (!sb_request_member_object (ctx, bi, "project", "importInfo.project", &new_project))
    return;
  if (!sb_request_member_string (ctx, bp, "name", "packageInfo.name", FALSE, &new_name))
    return;
  if (!sb_request_member_object (ctx, body, "validation", "validation", &bv))
    return;

  /* Same value again: nothing to do (a retried PATCH). */
  if (g_strcmp0 (import_request, current_import_request) == 0)
    import_request = NULL;
  if (g_strcmp0 (undo_request, current_undo_request) == 0)
    undo_request = NULL;

  /* Requesting needs Create package; approving and rejecting Apply package. */
  if (import_request != NULL)
    privileges |= g_str_equal (import_request, "requested") ? SB_PRIV_CREATE_PACKAGE : SB_PRIV_APPLY_PACKAGE;
  if (undo_request != NULL)
    privileges |= g_str_equal (undo_request, "requested") ? SB_PRIV_CREATE_PACKAGE : SB_PRIV_APPLY_PACKAGE;
  if (privileges != 0)
    {
      if (!sb_request_require_privileges (ctx, privileges))
        return;
    }
  else if ((ctx->session->account->privileges & (SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE)) == 0 &&
           !sb_request_require_privileges (ctx, SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE))
    return;

  if (new_name != NULL && *new_name == '\0')
    {
      sb_reply_error (ctx, 400, "ERR006", "packageInfo.name must not be empty");
      return;
    }

  /* The import request: pending → requested → approved | rejected */
  if (import_request != NULL)
    {
      if (g_str_equal (import_request, "requested"))
        {
          if (!is_one_of (current_import_request, "pending", "rejected"))
            {
              sb_reply_error (ctx, 400, "ERR006",
                              "The import request must be 'pending' before it can be requested; it is '%s'",
                              current_import_request);
              return;
            }
          if (!g_str_equal (package_status, "created"))
            {
              sb_reply_error (ctx, 400, "ERR006",
                              "The package must be 'created' before its import can be requested; it is '%s'",
                              package_status);
              return;
            }
          if (!g_str_equal (import_status, "pending"))
            {
              sb_reply_error (ctx, 400, "ERR006",
                              "The import must be 'pending' before it can be requested; it is '%s'",
                              import_status);
              return;
            }
        }
      else if (g_str_equal (import_request, "approved") || g_str_equal (import_request, "rejected"))
        {
          if (!g_str_equal (current_import_request, "requested"))
            {
              sb_reply_error (ctx, 400, "ERR006",
                              "The import request must be 'requested' before it can be %s; it is '%s'",
                              import_request, current_import_request);
              return;
            }
          if (g_str_equal (import_request, "approved"))
            {
              if (!g_str_equal (package_status, "created"))
                {
                  sb_reply_error (ctx, 400, "ERR006",
                                  "The package must be 'created' before its import can be approved; it is '%s'",
                                  package_status);
                  return;
                }
              package_file = sb_storage_file (storage, sb_migration_storage_path (p, "storage"));
              if (package_file == NULL || !g_file_test (package_file, G_FILE_TEST_IS_REGULAR))
                {
                  sb_reply_error (ctx, 400, "ERR006",
                                  "The package file of this migration is missing from the shared storage");
                  return;
                }
            }
        }
      else
        {
          sb_reply_error (ctx, 400, "ERR006",
                          "Invalid importInfo.importRequestStatus '%s': must be requested, approved or rejected",
                          import_request);
          return;
        }
    }

  /* The undo request: pending → requested → approved | rejected */
  if (undo_request != NULL)
    {
      const char *undo_path = sb_migration_storage_path (i, "undoStorage");

      if (g_str_equal (undo_request, "requested"))
        {
          if (!is_one_of (import_status, "imported", "undo_failed"))
            {
              sb_reply_error (ctx, 400, "ERR006",
                              "The import must be 'imported' before an undo can be requested; it is '%s'",
                              import_status);
              return;
            }
          if (!is_one_of (current_undo_request, "pending", "rejected") &&
              !(g_str_equal (import_status, "undo_failed") && g_str_equal (current_undo_request, "approved")))
            {
              sb_reply_error (ctx, 400, "ERR006",
                              "The undo request must be 'pending' before it can be requested; it is '%s'",
                              current_undo_request);
              return;
            }
          if (undo_path == NULL)
            {
              JsonObject *toc = sb_json_get_object (p, "tocView");
              JsonObject *settings = toc != NULL ? sb_json_get_object (toc, "settings") : NULL;
              JsonArray *content = toc != NULL ? sb_json_get_array (toc, "content") : NULL;
              g_autoptr(JsonArray) empty = json_array_new ();

              if (settings != NULL &&
                  sb_settings_uses_keep_both (settings, content != NULL ? content : empty))
                sb_reply_error (ctx, 400, "ERR006",
                                "This migration has no undo package: keep_both was used in its conflict rules");
              else
                sb_reply_error (ctx, 400, "ERR006",
                                "This migration has no undo package: it was imported without generating one");
              return;
            }
        }
      else if (g_str_equal (undo_request, "approved") || g_str_equal (undo_request, "rejected"))
        {
          if (!g_str_equal (current_undo_request, "requested"))
            {
              sb_reply_error (ctx, 400, "ERR006",
                              "The undo request must be 'requested' before it can be %s; it is '%s'",
                              undo_request, current_undo_request);
              return;
            }
          if (g_str_equal (undo_request, "approved"))
            {
              g_autofree char *undo_file = NULL;
              g_autoptr(GError) error = NULL;
              const char *type = sb_json_get_string_or (p, "type", "project");

              if (!is_one_of (import_status, "imported", "undo_failed"))
                {
                  sb_reply_error (ctx, 400, "ERR006",
                                  "The import must be 'imported' before an undo can be approved; it is '%s'",
                                  import_status);
                  return;
                }
              if (!g_str_equal (type, "configuration"))
                {
                  const char *target_id = sb_json_get_string_or (sb_json_get_object (i, "project"), "id", NULL);

                  if (ctx->project_header == NULL)
                    {
                      sb_reply_error (ctx, 400, "ERR005",
                                      "X-MSTR-ProjectID header is required to approve an undo");
                      return;
                    }
                  if (sb_store_get_project (ctx->store, ctx->project_header) == NULL)
                    {
                      sb_reply_error (ctx, 404, "ERR004", "Project '%s' was not found",
                                      ctx->project_header);
                      return;
                    }
                  if (target_id != NULL && g_ascii_strcasecmp (target_id, ctx->project_header) != 0)
                    {
                      sb_reply_error (ctx, 400, "ERR006",
                                      "X-MSTR-ProjectID '%s' is not the target project of this migration ('%s')",
                                      ctx->project_header, target_id);
                      return;
                    }
                  undo_project_id = g_strdup (sb_store_get_project (ctx->store, ctx->project_header)->id);
                }

              undo_file = sb_storage_file (storage, undo_path);
              if (undo_file == NULL)
                {
                  sb_reply_error (ctx, 400, "ERR006", "This migration has no undo package");
                  return;
                }
              undo_pkg = sb_storage_read_package_file (undo_file, &error);
              if (undo_pkg == NULL)
                {
                  sb_reply_error (ctx, 400, "ERR006",
                                  "The undo package of this migration cannot be read from the shared storage: %s",
                                  error != NULL ? error->message : "unreadable");
                  return;
                }
            }
        }
      else
        {
          sb_reply_error (ctx, 400, "ERR006",
                          "Invalid importInfo.undoRequestStatus '%s': must be requested, approved or rejected",
                          undo_request);
          return;
        }
    }

  /* {"validation":{"status":"validating"}}: kept, echoed, and completed
   * from the target's result (ferry-sandbox-validation.c). */
  if (bv != NULL)
    {
      if (!sb_validation_patch (ctx, m, bv))
        {
          g_clear_pointer (&undo_pkg, sb_package_file_free);
          return;
        }
      p = sb_migration_package_info (m);
      i = sb_migration_import_info (m);
      changed = TRUE;
    }

  /* Everything checked. The approval is written first: if the shared
   * storage refuses it, nothing has changed yet. */
  if (import_request != NULL && g_str_equal (import_request, "approved"))
    {
      g_autoptr(GError) error = NULL;

      if (!sb_storage_write_approval (package_file, m, ctx->session->account, &error))
        {
          g_warning ("Cannot record the approval of %s: %s", m->id, error->message);
          g_clear_pointer (&undo_pkg, sb_package_file_free);
          sb_reply_error (ctx, 400, "ERR006", STORAGE_WRITE_MESSAGE);
          return;
        }
    }

  if (new_name != NULL && g_strcmp0 (new_name, sb_json_get_string (p, "name")) != 0)
    {
      json_object_set_string_member (p, "name", new_name);
      sb_json_set_now (p, "lastUpdatedDate");
      changed = TRUE;
    }

  if ((new_environment != NULL || new_project != NULL) &&
      is_one_of (import_status, "pending", "import_failed"))
    {
      if (new_environment != NULL)
        json_object_set_object_member (i, "environment", sb_json_object_dup (new_environment));
      if (new_project != NULL)
        json_object_set_object_member (i, "project", sb_json_object_dup (new_project));
      changed = TRUE;
    }

  if (import_request != NULL)
    {
      json_object_set_string_member (i, "importRequestStatus", import_request);
      if (g_str_equal (import_request, "approved"))
        {
          json_object_set_string_member (p, "status", "locked");
          sb_json_set_now (p, "lastUpdatedDate");
        }
      changed = TRUE;
    }

  if (undo_request != NULL)
    {
      json_object_set_string_member (i, "undoRequestStatus", undo_request);
      if (g_str_equal (undo_request, "approved"))
        {
          json_object_set_string_member (i, "status", "undoing");
          json_object_set_string_member (i, "message", "");
          sb_migration_start_job (ctx, m, SB_MIGRATION_JOB_UNDO, g_steal_pointer (&undo_pkg), undo_project_id, FALSE);
        }
      changed = TRUE;
    }

  if (changed)
    sb_json_set_now (i, "lastUpdatedDate");

  g_clear_pointer (&undo_pkg, sb_package_file_free);
  if (changed)
    {
      sb_migration_normalize (m);
      sb_host_save (ctx->host, NULL);
    }
  if (g_strcmp0 (sb_json_get_string (sb_migration_package_info (m), "status"), "created") == 0)
    sb_validation_stamp_clock (ctx->host, m);
  sb_reply_json (ctx, 200, sb_migration_short_form (m));
}

/* ------------------------------------------------------------------------ */
/* PUT /api/migrations/{id} (the target)                                      */
/* ------------------------------------------------------------------------ */

static void
handle_put (SbContext  *ctx,
            const char *id,
            const char *storage)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *package_id = NULL;
  g_autofree char *import_id = NULL;
  g_autofree char *file = NULL;
  gboolean generate_undo;
  const char *body_id;
  const char *type;
  const char *path;
  JsonObject *bp;
  JsonObject *bi;
  JsonNode *replicated;
  SbProject *project = NULL;
  SbMigration *m;
  SbPackageFile *pkg;
  JsonObject *i;

  if (!sb_request_query_bool (ctx, "generateUndo", TRUE, &generate_undo))
    return;

  m = sb_store_lookup_migration (ctx->store, id);
  if (m != NULL)
    id = m->id;
  if (!split_migration_id (id, &package_id, &import_id))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "Invalid migration id '%s': expected '<packageId>:<importId>'", id);
      return;
    }

  if ((body = sb_request_parse_object (ctx)) == NULL)
    return;

  body_id = sb_json_get_string (body, "id");
  if (body_id == NULL || g_ascii_strcasecmp (body_id, id) != 0)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "The migration id in the body ('%s') is not the one of the path ('%s')",
                      body_id != NULL ? body_id : "", id);
      return;
    }

  if (!sb_request_member_object (ctx, body, "packageInfo", "packageInfo", &bp))
    return;
  if (!sb_request_member_object (ctx, body, "importInfo", "importInfo", &bi))
    return;
  if (bp == NULL)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "The body needs the source's packageInfo (GET ?showContent=all on the source)");
      return;
    }

  replicated = json_object_get_member (bp, "replicated");
  if (replicated == NULL || !JSON_NODE_HOLDS_VALUE (replicated) ||
      json_node_get_value_type (replicated) != G_TYPE_BOOLEAN ||
      !json_node_get_boolean (replicated))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "packageInfo.replicated must be true: send the source's migration with replicated set to true");
      return;
    }

  if (sb_json_get_string (bp, "id") != NULL &&
      g_ascii_strcasecmp (sb_json_get_string (bp, "id"), package_id) != 0)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "packageInfo.id '%s' is not the package of migration '%s'",
                      sb_json_get_string (bp, "id"), id);
      return;
    }

  type = sb_json_get_string (bp, "type");
  if (!is_package_type (type))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "Invalid packageInfo.type '%s': must be one of project, configuration, project_security",
                      type != NULL ? type : "");
      return;
    }

  if (!g_str_equal (type, "configuration"))
    {
      if ((project = sb_request_require_project (ctx)) == NULL)
        return;
    }

  if (m != NULL)
    {
      const char *status = sb_json_get_string_or (sb_migration_import_info (m), "status", "pending");

      if (m->job_id != 0 || !is_one_of (status, "pending", "import_failed"))
        {
          sb_reply_error (ctx, 400, "ERR006",
                          "Migration '%s' cannot be imported again: its import is '%s' on this server",
                          m->id, status);
          return;
        }
    }

  path = sb_migration_storage_path (bp, "storage");
  if (path == NULL)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "The package of this migration is not in the shared storage (packageInfo.storage.path is missing)");
      return;
    }
  file = sb_storage_file (storage, path);
  if (file == NULL)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "Invalid packageInfo.storage.path '%s'", path);
      return;
    }
  if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "The package file '%s' is not in the shared storage", path);
      return;
    }
  if (!sb_storage_is_approved (file, id))
    {
      sb_reply_error (ctx, 400, "ERR006", "The import of this migration has not been approved");
      return;
    }

  if ((pkg = sb_request_read_package_file (ctx, file, path, type)) == NULL)
    return;

  /* Everything checked: the record. */
  if (m == NULL)
    {
      JsonObject *record = sb_json_object_dup (body);

      json_object_set_string_member (record, "id", id);
      if (sb_json_get_object (record, "importInfo") == NULL)
        json_object_set_object_member (record, "importInfo", new_import_info (import_id, NULL, NULL));
      if (sb_json_get_string (record, "version") == NULL)
        json_object_set_string_member (record, "version", "2");

      m = g_new0 (SbMigration, 1);
      m->id = g_strdup (id);
      m->record = record;
      sb_store_add_migration (ctx->store, m);
    }
  m->target_role = TRUE;

  i = sb_migration_import_info (m);
  json_object_set_string_member (i, "id", import_id);
  if (sb_json_get_object (i, "creator") == NULL)
    json_object_set_object_member (i, "creator", json_object_new ());
  if (sb_json_get_string (i, "creationDate") == NULL)
    sb_json_set_now (i, "creationDate");
  json_object_set_string_member (i, "status", "importing");
  json_object_set_string_member (i, "importRequestStatus", "approved");
  json_object_set_string_member (i, "undoRequestStatus", "pending");
  json_object_set_int_member (i, "progress", 0);
  json_object_set_string_member (i, "message", "");
  json_object_set_object_member (i, "undoStorage", json_object_new ());
  if (project != NULL)
    {
      JsonObject *given = sb_json_get_object (i, "project");
      const char *given_id = given != NULL ? sb_json_get_string (given, "id") : NULL;
      const char *given_name = given != NULL ? sb_json_get_string (given, "name") : NULL;

      /* The project the import really goes into; a name sent with the same id is kept. */
      json_object_set_object_member (i, "project",
                                     sb_json_id_name (project->id,
                                              given_id != NULL && g_ascii_strcasecmp (given_id, project->id) == 0 &&
                                              given_name != NULL && *given_name != '\0'
                                              ? given_name : project->name));
    }
  if (!json_object_has_member (i, "deleted"))
    json_object_set_boolean_member (i, "deleted", FALSE);
  sb_json_set_now (i, "lastUpdatedDate");

  sb_migration_normalize (m);
  sb_migration_start_job (ctx, m, SB_MIGRATION_JOB_IMPORT, pkg, project != NULL ? project->id : NULL, generate_undo);
  sb_host_save (ctx->host, NULL);

  sb_reply_json (ctx, 202, sb_migration_short_form (m));
}

/* ------------------------------------------------------------------------ */
/* DELETE /api/migrations?packageId=…, GET …/packages/{id}/binary             */
/* ------------------------------------------------------------------------ */

static void
remove_storage_file (const char *storage,
                     const char *relative,
                     gboolean    with_approval)
{
  g_autofree char *file = sb_storage_file (storage, relative);

  if (file == NULL)
    return;
  if (g_unlink (file) != 0 && errno != ENOENT)
    g_warning ("Cannot remove '%s': %s", file, g_strerror (errno));
  if (with_approval)
    {
      g_autofree char *approval = sb_storage_approval_file (file);

      if (g_unlink (approval) != 0 && errno != ENOENT)
        g_warning ("Cannot remove '%s': %s", approval, g_strerror (errno));
    }
}

static void
handle_delete (SbContext  *ctx,
               const char *storage)
{
  const char *package_id = sb_request_query (ctx, "packageId");
  g_autoptr(GPtrArray) doomed = NULL;
  GPtrArray *order = ctx->store->migration_order;

  if (package_id == NULL || *package_id == '\0')
    {
      sb_reply_error (ctx, 400, "ERR005", "The query parameter 'packageId' is required");
      return;
    }

  doomed = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; k < order->len; k++)
    {
      SbMigration *m = g_hash_table_lookup (ctx->store->migrations, g_ptr_array_index (order, k));

      if (m != NULL && g_ascii_strcasecmp (sb_migration_package_id (m), package_id) == 0)
        g_ptr_array_add (doomed, g_strdup (m->id));
    }

  if (doomed->len == 0)
    {
      sb_reply_error (ctx, 404, "ERR006", "Migration package '%s' was not found", package_id);
      return;
    }

  for (guint k = 0; k < doomed->len; k++)
    {
      SbMigration *m = g_hash_table_lookup (ctx->store->migrations, g_ptr_array_index (doomed, k));

      if (m == NULL)
        continue;
      if (m->job_id != 0)
        {
          sb_host_unschedule (ctx->host, m->job_id);
          m->job_id = 0;
        }
      if (m->source_role)
        remove_storage_file (storage, sb_migration_storage_path (sb_migration_package_info (m), "storage"), TRUE);
      if (m->target_role)
        remove_storage_file (storage, sb_migration_storage_path (sb_migration_import_info (m), "undoStorage"), FALSE);
      sb_store_remove_migration (ctx->store, g_ptr_array_index (doomed, k));
    }

  sb_host_save (ctx->host, NULL);
  sb_reply_empty (ctx, 204);
}

static void
handle_download (SbContext  *ctx,
                 const char *package_id,
                 const char *storage)
{
  GPtrArray *order = ctx->store->migration_order;
  const char *path = NULL;
  g_autofree char *file = NULL;
  g_autofree char *filename = NULL;

  for (guint k = order->len; k > 0 && path == NULL; k--)
    {
      SbMigration *m = g_hash_table_lookup (ctx->store->migrations, g_ptr_array_index (order, k - 1));

      if (m != NULL && g_ascii_strcasecmp (sb_migration_package_id (m), package_id) == 0)
        path = sb_migration_storage_path (sb_migration_package_info (m), "storage");
    }

  if (path == NULL)
    {
      sb_reply_error (ctx, 404, "ERR004", "Migration package '%s' was not found", package_id);
      return;
    }

  /* Streamed: a package may be 2 GB. */
  file = sb_storage_file (storage, path);
  filename = file != NULL ? g_path_get_basename (file) : NULL;
  if (file == NULL || !sb_file_store_reply_file (ctx, file, filename))
    sb_reply_error (ctx, 404, "ERR004",
                    "The file of migration package '%s' is not in the shared storage", package_id);
}

/* ------------------------------------------------------------------------ */
/* Handlers of the route table                                                */
/* ------------------------------------------------------------------------ */

/* The record of the route's {id}, or 404 ERR004. */
static SbMigration *
require_migration (SbContext *ctx)
{
  SbMigration *m = sb_store_lookup_migration (ctx->store, ctx->id);

  if (m == NULL)
    sb_reply_error (ctx, 404, "ERR004", "Migration '%s' was not found", ctx->id);
  return m;
}

void
sb_handle_migration_get (SbContext *ctx)
{
  SbMigration *m = require_migration (ctx);

  if (m != NULL)
    handle_get (ctx, m);
}

void
sb_handle_migration_patch (SbContext *ctx)
{
  SbMigration *m = require_migration (ctx);

  if (m != NULL)
    handle_patch (ctx, m, ctx->host->settings.shared_storage);
}

void
sb_handle_migration_put (SbContext *ctx)
{
  handle_put (ctx, ctx->id, ctx->host->settings.shared_storage);
}

void
sb_handle_migration_delete (SbContext *ctx)
{
  handle_delete (ctx, ctx->host->settings.shared_storage);
}

void
sb_handle_migration_download (SbContext *ctx)
{
  handle_download (ctx, ctx->id, ctx->host->settings.shared_storage);
}
