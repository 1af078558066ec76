/* ferry-sandbox-migrations.c: /api/migrations…, migrations through shared storage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each server keeps its own record of a migration (a JsonObject in the
 * form GET ?showContent=all serves). The source collects the package when
 * the migration is created (so every error is a 400 and nothing is
 * stored) and a job writes the package file into the shared storage.
 * Approval is recorded next to the package file ("<packageId>.approved"),
 * so a target, which reads nothing of the source but that folder, can
 * refuse a package that was never approved. The target's import and undo
 * run as jobs too; the engine applies them all or nothing at the end.
 *
 * Jobs find their record by id on every tick and stop when it is gone or
 * no longer theirs (SbMigration.job_id), so a deleted record or a store
 * that went away never leaves a dangling pointer behind.
 */

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ferry-sandbox-private.h"

#define RESTART_MESSAGE "The server was restarted while the work was in progress"
#define STORAGE_WRITE_MESSAGE \
  "Cannot create or modify the shared file. It may be temporarily unavailable for accessing the storage location."

#define SEED_SOURCE_URL "http://dev.example.com/MicroStrategyLibrary/"
#define SEED_TARGET_URL "http://prod.example.com/MicroStrategyLibrary/"

/* ------------------------------------------------------------------------ */
/* JSON helpers                                                               */
/* ------------------------------------------------------------------------ */

static JsonObject *
deep_copy_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) copy = NULL;

  json_node_set_object (node, object);
  copy = sb_json_deep_copy (node);
  return json_node_dup_object (copy);
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static JsonObject *
id_name (const char *id,
         const char *name)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", id != NULL ? id : "");
  json_object_set_string_member (object, "name", name != NULL ? name : "");
  return object;
}

static void
set_now (JsonObject *section,
         const char *member)
{
  g_autofree char *now = sb_format_time (sb_now_ms ());

  json_object_set_string_member (section, member, now);
}

static const char *
string_or (JsonObject *object,
           const char *member,
           const char *fallback)
{
  const char *value = object != NULL ? sb_json_get_string (object, member) : NULL;

  return value != NULL ? value : fallback;
}

/* The member as a string; absent or null → *OUT = NULL. Another type →
 * 400 ERR006 naming FIELD, and FALSE. */
static gboolean
optional_string (SbRequest   *req,
                 JsonObject  *object,
                 const char  *member,
                 const char  *field,
                 const char **out)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      *out = json_node_get_string (node);
      return TRUE;
    }
  sb_reply_error (req, 400, "ERR006", "'%s' must be a string", field);
  return FALSE;
}

static gboolean
optional_object (SbRequest   *req,
                 JsonObject  *object,
                 const char  *member,
                 const char  *field,
                 JsonObject **out)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      *out = json_node_get_object (node);
      return TRUE;
    }
  sb_reply_error (req, 400, "ERR006", "'%s' must be an object", field);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Records                                                                    */
/* ------------------------------------------------------------------------ */

static JsonObject *
package_info (SbMigration *m)
{
  return sb_json_get_object (m->record, "packageInfo");
}

static JsonObject *
import_info (SbMigration *m)
{
  return sb_json_get_object (m->record, "importInfo");
}

static const char *
package_id_of (SbMigration *m)
{
  return string_or (package_info (m), "id", "");
}

static const char *
import_id_of (SbMigration *m)
{
  return string_or (import_info (m), "id", "");
}

static const char *
storage_path_of (JsonObject *section,
                 const char *member)
{
  JsonObject *storage = section != NULL ? sb_json_get_object (section, member) : NULL;

  return storage != NULL ? sb_json_get_string (storage, "path") : NULL;
}

/* Member orders of the reference page's GET sample; members it does not
 * name follow in their own order. */
static const char *const record_order[] = {
  "id", "packageInfo", "importInfo", "validation", "version", NULL
};
static const char *const package_info_order[] = {
  "id", "replicated", "type", "purpose", "name", "creator", "creationDate",
  "lastUpdatedDate", "environment", "storage", "project", "status", "message",
  "progress", "deleted", "existing", "warnings", "certification", "groupId",
  "tocView", "treeView", NULL
};
static const char *const import_info_order[] = {
  "id", "creator", "creationDate", "lastUpdatedDate", "environment", "status",
  "importRequestStatus", "undoRequestStatus", "progress", "message",
  "undoStorage", "project", "deleted", NULL
};

/* A deep copy of OBJECT with the members named in ORDER first, in that
 * order, then the others in their own order; members named in SKIP are
 * left out. packageInfo and importInfo are ordered as well. */
static JsonObject *
ordered_copy (JsonObject        *object,
              const char *const *order,
              const char *const *skip)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (object);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint k = 0; order[k] != NULL; k++)
    if (json_object_has_member (object, order[k]))
      g_ptr_array_add (names, (gpointer) order[k]);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (order, l->data) && (skip == NULL || !g_strv_contains (skip, l->data)))
      g_ptr_array_add (names, l->data);

  for (guint k = 0; k < names->len; k++)
    {
      const char *name = g_ptr_array_index (names, k);
      JsonNode *node = json_object_get_member (object, name);

      if (order == record_order && JSON_NODE_HOLDS_OBJECT (node) &&
          (g_str_equal (name, "packageInfo") || g_str_equal (name, "importInfo")))
        json_object_set_object_member (copy, name,
                                       ordered_copy (json_node_get_object (node),
                                                     g_str_equal (name, "packageInfo")
                                                     ? package_info_order : import_info_order,
                                                     NULL));
      else
        json_object_set_member (copy, name, sb_json_deep_copy (node));
    }
  return copy;
}

/* Puts the record's members in the order of the reference page. Any
 * JsonObject of the record held before is stale afterwards. */
static void
normalize_record (SbMigration *m)
{
  JsonObject *record = ordered_copy (m->record, record_order, NULL);

  json_object_unref (m->record);
  m->record = record;
}

void
sb_migration_free (SbMigration *migration)
{
  if (migration == NULL)
    return;
  g_free (migration->id);
  g_clear_pointer (&migration->record, json_object_unref);
  g_free (migration);
}

JsonNode *
sb_migration_to_json (SbMigration *migration)
{
  JsonObject *object = deep_copy_object (migration->record);

  json_object_set_boolean_member (object, "sourceRole", migration->source_role);
  json_object_set_boolean_member (object, "targetRole", migration->target_role);
  return object_node (object);
}

SbMigration *
sb_migration_from_json (JsonObject  *json,
                        GError     **error)
{
  const char *id = sb_json_get_string (json, "id");
  static const char *const role_members[] = { "sourceRole", "targetRole", NULL };
  SbMigration *migration;
  JsonObject *record;

  if (id == NULL || *id == '\0' ||
      sb_json_get_object (json, "packageInfo") == NULL ||
      sb_json_get_object (json, "importInfo") == NULL)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "Invalid migration record: it needs id, packageInfo and importInfo");
      return NULL;
    }

  record = ordered_copy (json, record_order, role_members);

  migration = g_new0 (SbMigration, 1);
  migration->id = g_strdup (id);
  migration->record = record;
  migration->source_role = json_object_get_boolean_member_with_default (json, "sourceRole", FALSE);
  migration->target_role = json_object_get_boolean_member_with_default (json, "targetRole", FALSE);
  return migration;
}

static JsonNode *
progress_node (JsonObject *section)
{
  JsonNode *node = section != NULL ? json_object_get_member (section, "progress") : NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    return sb_json_deep_copy (node);
  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_int (node, 0);
  return node;
}

/* {id, packageInfo{id,status,progress}, importInfo{id,status,
 *  importRequestStatus,undoRequestStatus,progress}} */
static JsonNode *
short_form (SbMigration *m)
{
  JsonObject *p = package_info (m);
  JsonObject *i = import_info (m);
  JsonObject *object = json_object_new ();
  JsonObject *po = json_object_new ();
  JsonObject *io = json_object_new ();

  json_object_set_string_member (object, "id", m->id);

  json_object_set_string_member (po, "id", string_or (p, "id", ""));
  json_object_set_string_member (po, "status", string_or (p, "status", "unknown"));
  json_object_set_member (po, "progress", progress_node (p));
  json_object_set_object_member (object, "packageInfo", po);

  json_object_set_string_member (io, "id", string_or (i, "id", ""));
  json_object_set_string_member (io, "status", string_or (i, "status", "pending"));
  json_object_set_string_member (io, "importRequestStatus",
                                 string_or (i, "importRequestStatus", "pending"));
  json_object_set_string_member (io, "undoRequestStatus",
                                 string_or (i, "undoRequestStatus", "pending"));
  json_object_set_member (io, "progress", progress_node (i));
  json_object_set_object_member (object, "importInfo", io);

  return object_node (object);
}

/* The full record, packageInfo.tocView / treeView only when asked for. */
static JsonNode *
record_view (SbMigration *m,
             gboolean     toc_view,
             gboolean     tree_view)
{
  JsonObject *object = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (m->record);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (m->record, name);

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

  return object_node (object);
}

static SbMigration *
lookup_migration (SbStore    *store,
                  const char *id)
{
  SbMigration *m = g_hash_table_lookup (store->migrations, id);

  if (m == NULL)
    {
      g_autofree char *upper = g_ascii_strup (id, -1);

      m = g_hash_table_lookup (store->migrations, upper);
    }
  return m;
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
/* Shared storage                                                             */
/* ------------------------------------------------------------------------ */

/* The file under STORAGE for a record's relative path, or NULL when the
 * path does not point into the migrations folder. */
static char *
storage_file (const char *storage,
              const char *relative)
{
  g_auto(GStrv) parts = NULL;

  if (storage == NULL || relative == NULL ||
      !g_str_has_prefix (relative, "mstr/shared/migrations/") ||
      strchr (relative, '\\') != NULL)
    return NULL;

  parts = g_strsplit (relative, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] == '\0' || g_str_equal (parts[i], ".") || g_str_equal (parts[i], ".."))
      return NULL;

  return g_build_filename (storage, relative, NULL);
}

/* "<dir of the .mmp>/<packageId>.approved" */
static char *
approval_file (const char *package_file)
{
  g_autofree char *dir = g_path_get_dirname (package_file);
  g_autofree char *base = g_path_get_basename (package_file);
  g_autofree char *name = NULL;

  if (g_str_has_suffix (base, ".mmp"))
    base[strlen (base) - 4] = '\0';
  name = g_strconcat (base, ".approved", NULL);
  return g_build_filename (dir, name, NULL);
}

static JsonObject *
read_approvals (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  node = sb_json_parse_bytes (bytes, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_dup_object (node);
}

static gboolean
is_approved (const char *package_file,
             const char *migration_id)
{
  g_autofree char *path = approval_file (package_file);
  g_autoptr(JsonObject) approvals = read_approvals (path);
  JsonArray *list = approvals != NULL ? sb_json_get_array (approvals, "approvals") : NULL;

  if (list == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *item = json_array_get_element (list, i);

      if (JSON_NODE_HOLDS_OBJECT (item) &&
          g_strcmp0 (sb_json_get_string (json_node_get_object (item), "migrationId"),
                     migration_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
write_approval (const char  *package_file,
                SbMigration *m,
                SbAccount   *account,
                GError     **error)
{
  g_autofree char *path = approval_file (package_file);
  g_autoptr(JsonObject) approvals = read_approvals (path);
  JsonArray *list;
  JsonObject *entry;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (approvals == NULL)
    approvals = json_object_new ();
  json_object_set_string_member (approvals, "packageId", package_id_of (m));
  list = sb_json_get_array (approvals, "approvals");
  if (list == NULL)
    {
      list = json_array_new ();
      json_object_set_array_member (approvals, "approvals", list);
    }

  entry = json_object_new ();
  json_object_set_string_member (entry, "migrationId", m->id);
  json_object_set_object_member (entry, "approver",
                                 id_name (account != NULL ? account->user_id : NULL,
                                          account != NULL ? account->full_name : NULL));
  set_now (entry, "date");
  json_array_add_object_element (list, entry);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, approvals);
  bytes = sb_json_to_bytes (node, TRUE);
  return sb_write_file_atomic (path, bytes, error);
}

static gboolean
write_storage_file (const char *file,
                    GBytes     *bytes,
                    GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (file);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, SB_ERROR, SB_ERROR_IO, "Cannot create '%s': %s",
                   dir, g_strerror (saved));
      return FALSE;
    }
  return sb_write_file_atomic (file, bytes, error);
}

static SbPackageFile *
read_package_file (const char *file,
                   GError    **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GBytes) bytes = NULL;

  if (!g_file_get_contents (file, &contents, &length, error))
    return NULL;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  return sb_package_file_parse (bytes, error);
}

static char *
format_size_limit (guint64 bytes)
{
  const guint64 kib = 1024;

  if (bytes >= kib * kib * kib && bytes % (kib * kib * kib) == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " GB", bytes / (kib * kib * kib));
  if (bytes >= kib * kib && bytes % (kib * kib) == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " MB", bytes / (kib * kib));
  if (bytes >= kib && bytes % kib == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " KB", bytes / kib);
  return g_strdup_printf ("%" G_GUINT64_FORMAT " bytes", bytes);
}

/* ------------------------------------------------------------------------ */
/* Jobs                                                                       */
/* ------------------------------------------------------------------------ */

typedef enum
{
  JOB_CREATE,
  JOB_IMPORT,
  JOB_UNDO,
} JobKind;

typedef struct
{
  FerrySandbox  *sandbox;
  char          *migration_id;
  JobKind        kind;
  guint          source_id;
  SbPackageFile *pkg;           /* CREATE: the collected package; IMPORT: the
                                 * package file; UNDO: the undo package */
  char          *project_id;    /* IMPORT/UNDO target; NULL = the configuration */
  gboolean       generate_undo;
  char          *user_id;       /* who imports */
  char          *user_name;
  guint          done;
  guint          total;
  guint          per_tick;
} MigrationJob;

static void
migration_job_free (gpointer data)
{
  MigrationJob *job = data;

  g_free (job->migration_id);
  g_clear_pointer (&job->pkg, sb_package_file_free);
  g_free (job->project_id);
  g_free (job->user_id);
  g_free (job->user_name);
  g_free (job);
}

static SbProject *
job_target (MigrationJob *job,
            SbStore      *store)
{
  if (job->project_id == NULL)
    return store->configuration;
  return sb_store_get_project (store, job->project_id);
}

static void
finish_create (MigrationJob *job,
               SbMigration  *m)
{
  JsonObject *p = package_info (m);
  const char *storage = sb_sandbox_get_shared_storage (job->sandbox);
  g_autoptr(GBytes) bytes = sb_package_file_serialize (job->pkg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *day = NULL;
  g_autofree char *relative = NULL;
  g_autofree char *file = NULL;
  guint64 limit = sb_sandbox_get_max_package_bytes (job->sandbox);
  gint64 created_ms;

  if (bytes == NULL)
    g_set_error (&error, SB_ERROR, SB_ERROR_IO, "The package could not be written");
  else if ((guint64) g_bytes_get_size (bytes) > limit)
    {
      g_autofree char *text = format_size_limit (limit);

      g_set_error (&error, SB_ERROR, SB_ERROR_TOO_LARGE,
                   "The package exceeds the maximum size of %s", text);
    }
  else if (storage == NULL)
    g_set_error (&error, SB_ERROR, SB_ERROR_IO,
                 "The Storage Service is not configured properly, please contact your administrator to configure Storage Service");
  else
    {
      if (!sb_parse_time (string_or (p, "creationDate", ""), &created_ms))
        created_ms = sb_now_ms ();
      created = g_date_time_new_from_unix_utc (created_ms / 1000);
      day = g_date_time_format (created, "%Y-%m-%d");
      relative = g_strdup_printf ("mstr/shared/migrations/packages/%s/%s.mmp",
                                  day, package_id_of (m));
      file = g_build_filename (storage, relative, NULL);
      write_storage_file (file, bytes, &error);
    }

  if (error == NULL)
    {
      JsonObject *info = json_object_new ();

      json_object_set_int_member (info, "size", (gint64) g_bytes_get_size (bytes));
      json_object_set_string_member (info, "path", relative);
      json_object_set_object_member (p, "storage", info);
      json_object_set_string_member (p, "status", "created");
      json_object_set_string_member (p, "message", "");
      json_object_set_int_member (p, "progress", 100);
    }
  else
    {
      json_object_set_string_member (p, "status", "create_failed");
      json_object_set_string_member (p, "message", error->message);
    }
  set_now (p, "lastUpdatedDate");
  sb_sandbox_save (job->sandbox, NULL);
}

static void
finish_import (MigrationJob *job,
               SbMigration  *m)
{
  SbStore *store = sb_sandbox_get_store (job->sandbox);
  SbProject *target = job_target (job, store);
  JsonObject *i = import_info (m);
  SbPackageFile *undo = NULL;
  g_autoptr(GError) error = NULL;

  if (target == NULL)
    g_set_error (&error, SB_ERROR, SB_ERROR_NOT_FOUND,
                 "Project '%s' was not found", job->project_id);
  else
    sb_engine_import (store, target, job->pkg, job->generate_undo, &undo, NULL, &error);

  if (error == NULL)
    {
      json_object_set_object_member (i, "undoStorage", json_object_new ());
      json_object_set_string_member (i, "message", "");

      if (undo != NULL)
        {
          const char *storage = sb_sandbox_get_shared_storage (job->sandbox);
          g_autoptr(GBytes) bytes = sb_package_file_serialize (undo);
          g_autofree char *relative = g_strdup_printf ("mstr/shared/migrations/undo/%s/%s.mmp",
                                                       package_id_of (m), import_id_of (m));
          g_autofree char *file = storage_file (storage, relative);
          g_autoptr(GError) write_error = NULL;

          if (bytes != NULL && file != NULL && write_storage_file (file, bytes, &write_error))
            {
              JsonObject *info = json_object_new ();

              json_object_set_int_member (info, "size", (gint64) g_bytes_get_size (bytes));
              json_object_set_string_member (info, "path", relative);
              json_object_set_object_member (i, "undoStorage", info);
            }
          else
            {
              g_autofree char *message =
                g_strdup_printf ("The undo package could not be written: %s",
                                 write_error != NULL ? write_error->message : "no storage");

              g_warning ("%s", message);
              json_object_set_string_member (i, "message", message);
            }
          sb_package_file_free (undo);
        }

      json_object_set_string_member (i, "status", "imported");
      json_object_set_int_member (i, "progress", 100);
      json_object_set_object_member (i, "creator", id_name (job->user_id, job->user_name));
      set_now (i, "lastUpdatedDate");
      sb_sandbox_save (job->sandbox, target);
    }
  else
    {
      json_object_set_string_member (i, "status", "import_failed");
      json_object_set_string_member (i, "message", error->message);
      set_now (i, "lastUpdatedDate");
      sb_sandbox_save (job->sandbox, NULL);
    }
}

static void
finish_undo (MigrationJob *job,
             SbMigration  *m)
{
  SbStore *store = sb_sandbox_get_store (job->sandbox);
  SbProject *target = job_target (job, store);
  JsonObject *i = import_info (m);
  g_autoptr(GError) error = NULL;

  if (target == NULL)
    g_set_error (&error, SB_ERROR, SB_ERROR_NOT_FOUND,
                 "Project '%s' was not found", job->project_id);
  else
    sb_engine_undo (store, target, job->pkg, &error);

  if (error == NULL)
    {
      json_object_set_string_member (i, "status", "undo_success");
      json_object_set_string_member (i, "message", "");
      set_now (i, "lastUpdatedDate");
      sb_sandbox_save (job->sandbox, target);
    }
  else
    {
      json_object_set_string_member (i, "status", "undo_failed");
      json_object_set_string_member (i, "message", error->message);
      set_now (i, "lastUpdatedDate");
      sb_sandbox_save (job->sandbox, NULL);
    }
}

static gboolean
migration_job_tick (gpointer data)
{
  MigrationJob *job = data;
  SbStore *store = sb_sandbox_get_store (job->sandbox);
  SbMigration *m = store != NULL ? g_hash_table_lookup (store->migrations, job->migration_id) : NULL;

  if (m == NULL || m->job_id != job->source_id || job->source_id == 0)
    return G_SOURCE_REMOVE;

  job->done = MIN (job->total, job->done + job->per_tick);
  if (job->done < job->total)
    {
      gint64 progress = MIN (99, (gint64) job->done * 100 / job->total);

      if (job->kind == JOB_CREATE)
        json_object_set_int_member (package_info (m), "progress", progress);
      else if (job->kind == JOB_IMPORT)
        json_object_set_int_member (import_info (m), "progress", progress);
      return G_SOURCE_CONTINUE;
    }

  m->job_id = 0;
  switch (job->kind)
    {
    case JOB_CREATE:
      finish_create (job, m);
      break;
    case JOB_IMPORT:
      finish_import (job, m);
      break;
    case JOB_UNDO:
    default:
      finish_undo (job, m);
      break;
    }
  return G_SOURCE_REMOVE;
}

/* Takes PKG. */
static void
start_job (SbRequest     *req,
           SbMigration   *m,
           JobKind        kind,
           SbPackageFile *pkg,
           const char    *project_id,
           gboolean       generate_undo)
{
  MigrationJob *job = g_new0 (MigrationJob, 1);
  guint delay = sb_sandbox_get_work_delay_ms (req->sandbox);
  guint interval;
  guint n = 0;

  job->sandbox = req->sandbox;
  job->migration_id = g_strdup (m->id);
  job->kind = kind;
  job->pkg = pkg;
  job->project_id = g_strdup (project_id);
  job->generate_undo = generate_undo;
  if (req->session != NULL && req->session->account != NULL)
    {
      job->user_id = g_strdup (req->session->account->user_id);
      job->user_name = g_strdup (req->session->account->full_name);
    }

  if (kind == JOB_UNDO)
    n = pkg->undo_entries != NULL ? pkg->undo_entries->len : 0;
  else
    n = pkg->items != NULL ? pkg->items->len : 0;
  job->total = MAX (n, 1);

  /* The work delay per object, at least one object per tick, ticks no
   * closer than 20 ms unless there is no delay at all. */
  if (delay == 0)
    {
      interval = 1;
      job->per_tick = job->total;
    }
  else
    {
      interval = MAX (delay, 20);
      job->per_tick = MAX (1, interval / delay);
    }

  job->source_id = sb_sandbox_schedule (req->sandbox, interval, migration_job_tick,
                                        job, migration_job_free);
  m->job_id = job->source_id;
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
  set_now (i, "creationDate");
  set_now (i, "lastUpdatedDate");
  if (environment != NULL)
    json_object_set_object_member (i, "environment", deep_copy_object (environment));
  json_object_set_string_member (i, "status", "pending");
  json_object_set_string_member (i, "importRequestStatus", "pending");
  json_object_set_string_member (i, "undoRequestStatus", "pending");
  json_object_set_int_member (i, "progress", 0);
  json_object_set_string_member (i, "message", "");
  json_object_set_object_member (i, "undoStorage", json_object_new ());
  if (project != NULL)
    json_object_set_object_member (i, "project", deep_copy_object (project));
  json_object_set_boolean_member (i, "deleted", FALSE);
  return i;
}

static gboolean
parse_import_info_body (SbRequest   *req,
                        JsonObject  *body,
                        JsonObject **environment,
                        JsonObject **project)
{
  JsonObject *info;

  *environment = NULL;
  *project = NULL;
  if (!optional_object (req, body, "importInfo", "importInfo", &info))
    return FALSE;
  if (!optional_object (req, info, "environment", "importInfo.environment", environment))
    return FALSE;
  if (!optional_object (req, info, "project", "importInfo.project", project))
    return FALSE;
  return TRUE;
}

/* POST /api/migrations?packageId=…: a new migration of an existing package. */
static void
handle_reuse (SbRequest  *req,
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

  if (!parse_import_info_body (req, body, &environment, &project))
    return;

  for (guint k = req->store->migration_order->len; k > 0 && source == NULL; k--)
    {
      SbMigration *candidate = g_hash_table_lookup (req->store->migrations,
                                                    g_ptr_array_index (req->store->migration_order, k - 1));
      JsonObject *cp = candidate != NULL ? package_info (candidate) : NULL;
      const char *status = string_or (cp, "status", "");

      if (candidate != NULL && candidate->source_role &&
          g_ascii_strcasecmp (package_id_of (candidate), package_id) == 0 &&
          (g_str_equal (status, "created") || g_str_equal (status, "locked")) &&
          storage_path_of (cp, "storage") != NULL)
        source = candidate;
    }

  if (source == NULL)
    {
      sb_reply_error (req, 404, "ERR004", "Migration package '%s' was not found", package_id);
      return;
    }

  import_id = sb_new_hex_id ();
  record = json_object_new ();
  p = deep_copy_object (package_info (source));
  json_object_set_string_member (p, "status", "created");
  json_object_set_string_member (record, "id", "");
  json_object_set_object_member (record, "packageInfo", p);
  json_object_set_object_member (record, "importInfo", new_import_info (import_id, environment, project));
  json_object_set_string_member (record, "version", "2");

  m = g_new0 (SbMigration, 1);
  m->id = g_strdup_printf ("%s:%s", package_id_of (source), import_id);
  json_object_set_string_member (record, "id", m->id);
  m->record = record;
  m->source_role = TRUE;
  sb_store_add_migration (req->store, m);
  sb_sandbox_save (req->sandbox, NULL);

  sb_reply_json (req, 201, short_form (m));
}

static void
handle_create (SbRequest *req)
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
  SbAccount *account = req->session->account;
  JsonObject *record;
  JsonObject *p;
  SbMigration *m;

  if (!sb_request_require_privileges (req, SB_PRIV_CREATE_PACKAGE))
    return;
  if (!sb_request_query_bool (req, "unlockOnStart", TRUE, &unlock_on_start))
    return;
  if ((body = sb_request_parse_object (req)) == NULL)
    return;

  reuse_id = sb_request_query (req, "packageId");
  if (reuse_id != NULL && *reuse_id != '\0')
    {
      handle_reuse (req, body, reuse_id);
      return;
    }

  /* packageInfo */
  if (!optional_object (req, body, "packageInfo", "packageInfo", &pi))
    return;
  if (pi == NULL)
    {
      sb_reply_error (req, 400, "ERR006", "The migration needs a 'packageInfo' object");
      return;
    }

  if (!optional_string (req, pi, "type", "packageInfo.type", &type))
    return;
  if (!is_package_type (type))
    {
      sb_reply_error (req, 400, "ERR006",
                      "Invalid packageInfo.type '%s': must be one of project, configuration, project_security",
                      type != NULL ? type : "");
      return;
    }

  if (!optional_string (req, pi, "purpose", "packageInfo.purpose", &purpose))
    return;
  if (purpose == NULL)
    purpose = "object_migration";
  if (g_str_equal (purpose, "migration_from_shared_file_store"))
    {
      sb_reply_error (req, 400, "ERR006",
                      "Migrations from the shared file store (migration_from_shared_file_store) are not supported by this server");
      return;
    }
  if (!g_str_equal (purpose, "object_migration") && !g_str_equal (purpose, "project_merge"))
    {
      sb_reply_error (req, 400, "ERR006",
                      "Invalid packageInfo.purpose '%s': must be object_migration or project_merge",
                      purpose);
      return;
    }
  merge = g_str_equal (purpose, "project_merge");
  if (merge && !g_str_equal (type, "project"))
    {
      sb_reply_error (req, 400, "ERR006", "A project merge needs packageInfo.type 'project'");
      return;
    }

  if (!optional_string (req, pi, "name", "packageInfo.name", &name))
    return;
  if (name == NULL || *name == '\0')
    name = generated_name = default_name ();

  if (!optional_object (req, pi, "environment", "packageInfo.environment", &environment))
    return;
  if (!optional_object (req, pi, "project", "packageInfo.project", &body_project))
    return;
  if (!optional_string (req, body_project, "id", "packageInfo.project.id", &body_project_id))
    return;
  if (!optional_string (req, body_project, "name", "packageInfo.project.name", &body_project_name))
    return;

  /* tocView */
  if (!optional_object (req, pi, "tocView", "packageInfo.tocView", &toc))
    return;
  if (!optional_object (req, toc, "settings", "packageInfo.tocView.settings", &settings))
    return;
  if (settings == NULL)
    {
      sb_reply_error (req, 400, "ERR006", "The migration needs packageInfo.tocView.settings");
      return;
    }

  content_node = toc != NULL ? json_object_get_member (toc, "content") : NULL;
  if (content_node != NULL && !JSON_NODE_HOLDS_NULL (content_node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (content_node))
        {
          sb_reply_error (req, 400, "ERR006", "'packageInfo.tocView.content' must be an array");
          return;
        }
      content = json_node_get_array (content_node);
    }
  if (merge)
    {
      if (content != NULL && json_array_get_length (content) > 0)
        {
          sb_reply_error (req, 400, "ERR006",
                          "A project merge takes the whole project: packageInfo.tocView.content must be empty");
          return;
        }
      content = NULL;
    }
  else
    {
      if (content == NULL || json_array_get_length (content) == 0)
        {
          sb_reply_error (req, 400, "ERR006",
                          "An object migration needs a non-empty packageInfo.tocView.content");
          return;
        }
      for (guint k = 0; k < json_array_get_length (content); k++)
        if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (content, k)))
          {
            sb_reply_error (req, 400, "ERR006",
                            "Item %u of packageInfo.tocView.content is not an object", k);
            return;
          }
    }

  tree_view = json_object_get_member (pi, "treeView");

  if (!parse_import_info_body (req, body, &import_environment, &import_project))
    return;

  /* The source project */
  if (!g_str_equal (type, "configuration"))
    {
      if ((project = sb_request_require_project (req)) == NULL)
        return;
      if (body_project_id != NULL && *body_project_id != '\0' &&
          g_ascii_strcasecmp (body_project_id, project->id) != 0)
        {
          sb_reply_error (req, 400, "ERR006",
                          "packageInfo.project.id '%s' is not the project of X-MSTR-ProjectID ('%s')",
                          body_project_id, project->id);
          return;
        }
    }

  if (!sb_engine_validate_settings (type, settings, merge, &error))
    {
      sb_reply_gerror (req, error, TRUE);
      return;
    }

  pkg = sb_engine_collect (req->store, project, type, purpose, settings, content, &error);
  if (pkg == NULL)
    {
      sb_reply_gerror (req, error, TRUE);
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
                                 id_name (account->user_id,
                                          account->full_name != NULL ? account->full_name : account->login));
  set_now (p, "creationDate");
  set_now (p, "lastUpdatedDate");
  if (environment != NULL)
    json_object_set_object_member (p, "environment", deep_copy_object (environment));
  json_object_set_object_member (p, "storage", json_object_new ());
  if (project != NULL)
    json_object_set_object_member (p, "project",
                                   id_name (project->id,
                                            body_project_name != NULL && *body_project_name != '\0'
                                            ? body_project_name : project->name));
  else if (body_project != NULL)
    json_object_set_object_member (p, "project", deep_copy_object (body_project));
  json_object_set_string_member (p, "status", "creating");
  json_object_set_string_member (p, "message", "");
  json_object_set_int_member (p, "progress", 0);
  json_object_set_boolean_member (p, "deleted", FALSE);
  json_object_set_boolean_member (p, "existing", TRUE);
  json_object_set_object_member (p, "tocView", deep_copy_object (toc));
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
  sb_store_add_migration (req->store, m);

  start_job (req, m, JOB_CREATE, pkg, NULL, FALSE);
  sb_sandbox_save (req->sandbox, NULL);

  sb_reply_json (req, 201, short_form (m));
}

/* ------------------------------------------------------------------------ */
/* GET /api/migrations/{id}, GET /api/migrations                              */
/* ------------------------------------------------------------------------ */

static void
handle_get (SbRequest   *req,
            SbMigration *m)
{
  const char *show = sb_request_query (req, "showContent");
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
      sb_reply_error (req, 400, "ERR006",
                      "Invalid showContent '%s': must be one of default, tocView, treeView, all",
                      show);
      return;
    }

  sb_reply_json (req, 200, record_view (m, toc, tree));
}

static const char *const known_purposes[] = {
  "object_migration",
  "project_merge",
  "migration_from_shared_file_store",
  "migration_group",
  "migration_group_child",
};

static void
handle_list (SbRequest *req)
{
  const char *purpose_text = sb_request_query (req, "packageInfo.purpose");
  g_auto(GStrv) purposes = NULL;
  gint64 offset;
  gint64 limit;
  gint64 total = 0;
  JsonArray *data;
  JsonObject *object;
  GPtrArray *order = req->store->migration_order;

  if (!sb_request_query_int (req, "offset", 0, 0, G_MAXINT32, &offset))
    return;
  if (!sb_request_query_int (req, "limit", 100, 1, 1000, &limit))
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
          sb_reply_error (req, 400, "ERR006",
                          "Invalid packageInfo.purpose '%s': must be one of object_migration, project_merge, migration_from_shared_file_store, migration_group, migration_group_child",
                          purposes[k]);
          return;
        }
    }

  data = json_array_new ();
  for (guint k = order->len; k > 0; k--)
    {
      SbMigration *m = g_hash_table_lookup (req->store->migrations, g_ptr_array_index (order, k - 1));

      if (m == NULL || !g_strv_contains ((const char * const *) purposes,
                                         string_or (package_info (m), "purpose", "object_migration")))
        continue;
      if (total >= offset && total < offset + limit)
        json_array_add_element (data, record_view (m, FALSE, FALSE));
      total++;
    }

  object = json_object_new ();
  json_object_set_int_member (object, "total", total);
  json_object_set_array_member (object, "data", data);
  sb_reply_json (req, 200, object_node (object));
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
handle_patch (SbRequest   *req,
              SbMigration *m,
              const char  *storage)
{
  g_autoptr(JsonObject) body = NULL;
  JsonObject *bp;
  JsonObject *bi;
  const char *import_request;
  const char *undo_request;
  const char *new_name;
  JsonObject *new_environment;
  JsonObject *new_project;
  JsonObject *p = package_info (m);
  JsonObject *i = import_info (m);
  const char *package_status = string_or (p, "status", "");
  const char *import_status = string_or (i, "status", "pending");
  const char *current_import_request = string_or (i, "importRequestStatus", "pending");
  const char *current_undo_request = string_or (i, "undoRequestStatus", "pending");
  guint privileges = 0;
  g_autofree char *package_file = NULL;
  SbPackageFile *undo_pkg = NULL;
  g_autofree char *undo_project_id = NULL;
  gboolean changed = FALSE;

  if ((body = sb_request_parse_object (req)) == NULL)
    return;
  if (!optional_object (req, body, "packageInfo", "packageInfo", &bp))
    return;
  if (!optional_object (req, body, "importInfo", "importInfo", &bi))
    return;
  if (!optional_string (req, bi, "importRequestStatus", "importInfo.importRequestStatus", &import_request))
    return;
  if (!optional_string (req, bi, "undoRequestStatus", "importInfo.undoRequestStatus", &undo_request))
    return;
  if (!optional_object (req, bi, "environment", "importInfo.environment", &new_environment))
    return;
  if (!optional_object (req, bi, "project", "importInfo.project", &new_project))
    return;
  if (!optional_string (req, bp, "name", "packageInfo.name", &new_name))
    return;

  /* Same value again: nothing to do (a retried PATCH). */
  if (g_strcmp0 (import_request, current_import_request) == 0)
    import_request = NULL;
  if (g_strcmp0 (undo_request, current_undo_request) == 0)
    undo_request = NULL;

  if (import_request != NULL)
    privileges |= SB_PRIV_CREATE_PACKAGE;
  if (undo_request != NULL)
    privileges |= SB_PRIV_APPLY_PACKAGE;
  if (privileges != 0)
    {
      if (!sb_request_require_privileges (req, privileges))
        return;
    }
  else if ((req->session->account->privileges & (SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE)) == 0 &&
           !sb_request_require_privileges (req, SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE))
    return;

  if (new_name != NULL && *new_name == '\0')
    {
      sb_reply_error (req, 400, "ERR006", "packageInfo.name must not be empty");
      return;
    }

  /* The import request: pending → requested → approved | rejected */
  if (import_request != NULL)
    {
      if (g_str_equal (import_request, "requested"))
        {
          if (!is_one_of (current_import_request, "pending", "rejected"))
            {
              sb_reply_error (req, 400, "ERR006",
                              "The import request must be 'pending' before it can be requested; it is '%s'",
                              current_import_request);
              return;
            }
          if (!g_str_equal (package_status, "created"))
            {
              sb_reply_error (req, 400, "ERR006",
                              "The package must be 'created' before its import can be requested; it is '%s'",
                              package_status);
              return;
            }
          if (!g_str_equal (import_status, "pending"))
            {
              sb_reply_error (req, 400, "ERR006",
                              "The import must be 'pending' before it can be requested; it is '%s'",
                              import_status);
              return;
            }
        }
      else if (g_str_equal (import_request, "approved") || g_str_equal (import_request, "rejected"))
        {
          if (!g_str_equal (current_import_request, "requested"))
            {
              sb_reply_error (req, 400, "ERR006",
                              "The import request must be 'requested' before it can be %s; it is '%s'",
                              import_request, current_import_request);
              return;
            }
          if (g_str_equal (import_request, "approved"))
            {
              if (!g_str_equal (package_status, "created"))
                {
                  sb_reply_error (req, 400, "ERR006",
                                  "The package must be 'created' before its import can be approved; it is '%s'",
                                  package_status);
                  return;
                }
              package_file = storage_file (storage, storage_path_of (p, "storage"));
              if (package_file == NULL || !g_file_test (package_file, G_FILE_TEST_IS_REGULAR))
                {
                  sb_reply_error (req, 400, "ERR006",
                                  "The package file of this migration is missing from the shared storage");
                  return;
                }
            }
        }
      else
        {
          sb_reply_error (req, 400, "ERR006",
                          "Invalid importInfo.importRequestStatus '%s': must be requested, approved or rejected",
                          import_request);
          return;
        }
    }

  /* The undo request: pending → requested → approved | rejected */
  if (undo_request != NULL)
    {
      const char *undo_path = storage_path_of (i, "undoStorage");

      if (g_str_equal (undo_request, "requested"))
        {
          if (!is_one_of (import_status, "imported", "undo_failed"))
            {
              sb_reply_error (req, 400, "ERR006",
                              "The import must be 'imported' before an undo can be requested; it is '%s'",
                              import_status);
              return;
            }
          if (!is_one_of (current_undo_request, "pending", "rejected") &&
              !(g_str_equal (import_status, "undo_failed") && g_str_equal (current_undo_request, "approved")))
            {
              sb_reply_error (req, 400, "ERR006",
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
                  sb_engine_uses_keep_both (settings, content != NULL ? content : empty))
                sb_reply_error (req, 400, "ERR006",
                                "This migration has no undo package: keep_both was used in its conflict rules");
              else
                sb_reply_error (req, 400, "ERR006",
                                "This migration has no undo package: it was imported without generating one");
              return;
            }
        }
      else if (g_str_equal (undo_request, "approved") || g_str_equal (undo_request, "rejected"))
        {
          if (!g_str_equal (current_undo_request, "requested"))
            {
              sb_reply_error (req, 400, "ERR006",
                              "The undo request must be 'requested' before it can be %s; it is '%s'",
                              undo_request, current_undo_request);
              return;
            }
          if (g_str_equal (undo_request, "approved"))
            {
              g_autofree char *undo_file = NULL;
              g_autoptr(GError) error = NULL;
              const char *type = string_or (p, "type", "project");

              if (!is_one_of (import_status, "imported", "undo_failed"))
                {
                  sb_reply_error (req, 400, "ERR006",
                                  "The import must be 'imported' before an undo can be approved; it is '%s'",
                                  import_status);
                  return;
                }
              if (!g_str_equal (type, "configuration"))
                {
                  const char *target_id = string_or (sb_json_get_object (i, "project"), "id", NULL);

                  if (req->project_header == NULL)
                    {
                      sb_reply_error (req, 400, "ERR005",
                                      "X-MSTR-ProjectID header is required to approve an undo");
                      return;
                    }
                  if (sb_store_get_project (req->store, req->project_header) == NULL)
                    {
                      sb_reply_error (req, 404, "ERR004", "Project '%s' was not found",
                                      req->project_header);
                      return;
                    }
                  if (target_id != NULL && g_ascii_strcasecmp (target_id, req->project_header) != 0)
                    {
                      sb_reply_error (req, 400, "ERR006",
                                      "X-MSTR-ProjectID '%s' is not the target project of this migration ('%s')",
                                      req->project_header, target_id);
                      return;
                    }
                  undo_project_id = g_strdup (sb_store_get_project (req->store, req->project_header)->id);
                }

              undo_file = storage_file (storage, undo_path);
              if (undo_file == NULL)
                {
                  sb_reply_error (req, 400, "ERR006", "This migration has no undo package");
                  return;
                }
              undo_pkg = read_package_file (undo_file, &error);
              if (undo_pkg == NULL)
                {
                  sb_reply_error (req, 400, "ERR006",
                                  "The undo package of this migration cannot be read from the shared storage: %s",
                                  error != NULL ? error->message : "unreadable");
                  return;
                }
            }
        }
      else
        {
          sb_reply_error (req, 400, "ERR006",
                          "Invalid importInfo.undoRequestStatus '%s': must be requested, approved or rejected",
                          undo_request);
          return;
        }
    }

  /* Everything checked. The approval is written first: if the shared
   * storage refuses it, nothing has changed yet. */
  if (import_request != NULL && g_str_equal (import_request, "approved"))
    {
      g_autoptr(GError) error = NULL;

      if (!write_approval (package_file, m, req->session->account, &error))
        {
          g_warning ("Cannot record the approval of %s: %s", m->id, error->message);
          g_clear_pointer (&undo_pkg, sb_package_file_free);
          sb_reply_error (req, 400, "ERR006", STORAGE_WRITE_MESSAGE);
          return;
        }
    }

  if (new_name != NULL && g_strcmp0 (new_name, sb_json_get_string (p, "name")) != 0)
    {
      json_object_set_string_member (p, "name", new_name);
      set_now (p, "lastUpdatedDate");
      changed = TRUE;
    }

  if ((new_environment != NULL || new_project != NULL) &&
      is_one_of (import_status, "pending", "import_failed"))
    {
      if (new_environment != NULL)
        json_object_set_object_member (i, "environment", deep_copy_object (new_environment));
      if (new_project != NULL)
        json_object_set_object_member (i, "project", deep_copy_object (new_project));
      changed = TRUE;
    }

  if (import_request != NULL)
    {
      json_object_set_string_member (i, "importRequestStatus", import_request);
      if (g_str_equal (import_request, "approved"))
        {
          json_object_set_string_member (p, "status", "locked");
          set_now (p, "lastUpdatedDate");
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
          start_job (req, m, JOB_UNDO, g_steal_pointer (&undo_pkg), undo_project_id, FALSE);
        }
      changed = TRUE;
    }

  if (changed)
    set_now (i, "lastUpdatedDate");

  g_clear_pointer (&undo_pkg, sb_package_file_free);
  if (changed)
    {
      normalize_record (m);
      sb_sandbox_save (req->sandbox, NULL);
    }
  sb_reply_json (req, 200, short_form (m));
}

/* ------------------------------------------------------------------------ */
/* PUT /api/migrations/{id} (the target)                                      */
/* ------------------------------------------------------------------------ */

static void
handle_put (SbRequest  *req,
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

  if (!sb_request_require_privileges (req, SB_PRIV_APPLY_PACKAGE))
    return;
  if (!sb_request_query_bool (req, "generateUndo", TRUE, &generate_undo))
    return;

  m = lookup_migration (req->store, id);
  if (m != NULL)
    id = m->id;
  if (!split_migration_id (id, &package_id, &import_id))
    {
      sb_reply_error (req, 400, "ERR006",
                      "Invalid migration id '%s': expected '<packageId>:<importId>'", id);
      return;
    }

  if ((body = sb_request_parse_object (req)) == NULL)
    return;

  body_id = sb_json_get_string (body, "id");
  if (body_id == NULL || g_ascii_strcasecmp (body_id, id) != 0)
    {
      sb_reply_error (req, 400, "ERR006",
                      "The migration id in the body ('%s') is not the one of the path ('%s')",
                      body_id != NULL ? body_id : "", id);
      return;
    }

  if (!optional_object (req, body, "packageInfo", "packageInfo", &bp))
    return;
  if (!optional_object (req, body, "importInfo", "importInfo", &bi))
    return;
  if (bp == NULL)
    {
      sb_reply_error (req, 400, "ERR006",
                      "The body needs the source's packageInfo (GET ?showContent=all on the source)");
      return;
    }

  replicated = json_object_get_member (bp, "replicated");
  if (replicated == NULL || !JSON_NODE_HOLDS_VALUE (replicated) ||
      json_node_get_value_type (replicated) != G_TYPE_BOOLEAN ||
      !json_node_get_boolean (replicated))
    {
      sb_reply_error (req, 400, "ERR006",
                      "packageInfo.replicated must be true: send the source's migration with replicated set to true");
      return;
    }

  if (sb_json_get_string (bp, "id") != NULL &&
      g_ascii_strcasecmp (sb_json_get_string (bp, "id"), package_id) != 0)
    {
      sb_reply_error (req, 400, "ERR006",
                      "packageInfo.id '%s' is not the package of migration '%s'",
                      sb_json_get_string (bp, "id"), id);
      return;
    }

  type = sb_json_get_string (bp, "type");
  if (!is_package_type (type))
    {
      sb_reply_error (req, 400, "ERR006",
                      "Invalid packageInfo.type '%s': must be one of project, configuration, project_security",
                      type != NULL ? type : "");
      return;
    }

  if (!g_str_equal (type, "configuration"))
    {
      if ((project = sb_request_require_project (req)) == NULL)
        return;
    }

  if (m != NULL)
    {
      const char *status = string_or (import_info (m), "status", "pending");

      if (m->job_id != 0 || !is_one_of (status, "pending", "import_failed"))
        {
          sb_reply_error (req, 400, "ERR006",
                          "Migration '%s' cannot be imported again: its import is '%s' on this server",
                          m->id, status);
          return;
        }
    }

  path = storage_path_of (bp, "storage");
  if (path == NULL)
    {
      sb_reply_error (req, 400, "ERR006",
                      "The package of this migration is not in the shared storage (packageInfo.storage.path is missing)");
      return;
    }
  file = storage_file (storage, path);
  if (file == NULL)
    {
      sb_reply_error (req, 400, "ERR006",
                      "Invalid packageInfo.storage.path '%s'", path);
      return;
    }
  if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
    {
      sb_reply_error (req, 400, "ERR006",
                      "The package file '%s' is not in the shared storage", path);
      return;
    }
  if (!is_approved (file, id))
    {
      sb_reply_error (req, 400, "ERR006", "The import of this migration has not been approved");
      return;
    }

  pkg = read_package_file (file, &error);
  if (pkg == NULL)
    {
      sb_reply_error (req, 400, "ERR006", "The package file '%s' cannot be read: %s",
                      path, error != NULL ? error->message : "unreadable");
      return;
    }
  if (g_strcmp0 (pkg->type, type) != 0)
    {
      sb_reply_error (req, 400, "ERR006",
                      "packageInfo.type '%s' is not the type of the package file ('%s')",
                      type, pkg->type != NULL ? pkg->type : "");
      sb_package_file_free (pkg);
      return;
    }

  /* Everything checked: the record. */
  if (m == NULL)
    {
      JsonObject *record = deep_copy_object (body);

      json_object_set_string_member (record, "id", id);
      if (sb_json_get_object (record, "importInfo") == NULL)
        json_object_set_object_member (record, "importInfo", new_import_info (import_id, NULL, NULL));
      if (sb_json_get_string (record, "version") == NULL)
        json_object_set_string_member (record, "version", "2");

      m = g_new0 (SbMigration, 1);
      m->id = g_strdup (id);
      m->record = record;
      sb_store_add_migration (req->store, m);
    }
  m->target_role = TRUE;

  i = import_info (m);
  json_object_set_string_member (i, "id", import_id);
  if (sb_json_get_object (i, "creator") == NULL)
    json_object_set_object_member (i, "creator", json_object_new ());
  if (sb_json_get_string (i, "creationDate") == NULL)
    set_now (i, "creationDate");
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
                                     id_name (project->id,
                                              given_id != NULL && g_ascii_strcasecmp (given_id, project->id) == 0 &&
                                              given_name != NULL && *given_name != '\0'
                                              ? given_name : project->name));
    }
  if (!json_object_has_member (i, "deleted"))
    json_object_set_boolean_member (i, "deleted", FALSE);
  set_now (i, "lastUpdatedDate");

  normalize_record (m);
  start_job (req, m, JOB_IMPORT, pkg, project != NULL ? project->id : NULL, generate_undo);
  sb_sandbox_save (req->sandbox, NULL);

  sb_reply_json (req, 202, short_form (m));
}

/* ------------------------------------------------------------------------ */
/* DELETE /api/migrations?packageId=…, GET …/packages/{id}/binary             */
/* ------------------------------------------------------------------------ */

static void
remove_storage_file (const char *storage,
                     const char *relative,
                     gboolean    with_approval)
{
  g_autofree char *file = storage_file (storage, relative);

  if (file == NULL)
    return;
  if (g_unlink (file) != 0 && errno != ENOENT)
    g_warning ("Cannot remove '%s': %s", file, g_strerror (errno));
  if (with_approval)
    {
      g_autofree char *approval = approval_file (file);

      if (g_unlink (approval) != 0 && errno != ENOENT)
        g_warning ("Cannot remove '%s': %s", approval, g_strerror (errno));
    }
}

static void
handle_delete (SbRequest  *req,
               const char *storage)
{
  const char *package_id = sb_request_query (req, "packageId");
  g_autoptr(GPtrArray) doomed = NULL;
  GPtrArray *order = req->store->migration_order;

  if ((req->session->account->privileges & (SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE)) == 0 &&
      !sb_request_require_privileges (req, SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE))
    return;

  if (package_id == NULL || *package_id == '\0')
    {
      sb_reply_error (req, 400, "ERR005", "The query parameter 'packageId' is required");
      return;
    }

  doomed = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; k < order->len; k++)
    {
      SbMigration *m = g_hash_table_lookup (req->store->migrations, g_ptr_array_index (order, k));

      if (m != NULL && g_ascii_strcasecmp (package_id_of (m), package_id) == 0)
        g_ptr_array_add (doomed, g_strdup (m->id));
    }

  if (doomed->len == 0)
    {
      sb_reply_error (req, 404, "ERR006", "Migration package '%s' was not found", package_id);
      return;
    }

  for (guint k = 0; k < doomed->len; k++)
    {
      SbMigration *m = g_hash_table_lookup (req->store->migrations, g_ptr_array_index (doomed, k));

      if (m == NULL)
        continue;
      if (m->job_id != 0)
        {
          sb_sandbox_unschedule (req->sandbox, m->job_id);
          m->job_id = 0;
        }
      if (m->source_role)
        remove_storage_file (storage, storage_path_of (package_info (m), "storage"), TRUE);
      if (m->target_role)
        remove_storage_file (storage, storage_path_of (import_info (m), "undoStorage"), FALSE);
      sb_store_remove_migration (req->store, g_ptr_array_index (doomed, k));
    }

  sb_sandbox_save (req->sandbox, NULL);
  sb_reply_empty (req, 204);
}

static void
handle_download (SbRequest  *req,
                 const char *package_id,
                 const char *storage)
{
  GPtrArray *order = req->store->migration_order;
  const char *path = NULL;
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *filename = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length = 0;

  if ((req->session->account->privileges & (SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE)) == 0 &&
      !sb_request_require_privileges (req, SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE))
    return;

  for (guint k = order->len; k > 0 && path == NULL; k--)
    {
      SbMigration *m = g_hash_table_lookup (req->store->migrations, g_ptr_array_index (order, k - 1));

      if (m != NULL && g_ascii_strcasecmp (package_id_of (m), package_id) == 0)
        path = storage_path_of (package_info (m), "storage");
    }

  if (path == NULL)
    {
      sb_reply_error (req, 404, "ERR004", "Migration package '%s' was not found", package_id);
      return;
    }

  file = storage_file (storage, path);
  if (file == NULL || !g_file_get_contents (file, &contents, &length, NULL))
    {
      sb_reply_error (req, 404, "ERR004",
                      "The file of migration package '%s' is not in the shared storage", package_id);
      return;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  filename = g_path_get_basename (file);
  sb_reply_bytes (req, 200, "application/octet-stream", bytes, filename);
}

/* ------------------------------------------------------------------------ */
/* Routing                                                                    */
/* ------------------------------------------------------------------------ */

typedef enum
{
  MIG_LIST,
  MIG_CREATE,
  MIG_DELETE,
  MIG_GET,
  MIG_PATCH,
  MIG_PUT,
  MIG_DOWNLOAD,
  MIG_NONE,
} MigrationAction;

static gboolean
is_method (SbRequest  *req,
           const char *method)
{
  return g_strcmp0 (req->method, method) == 0;
}

static MigrationAction
migration_route (SbRequest *req,
                 gboolean  *known)
{
  char **seg = req->segments;
  guint n = req->n_segments;

  *known = TRUE;

  if (n == 1)
    {
      req->route = "/api/migrations";
      if (is_method (req, "GET"))
        return MIG_LIST;
      if (is_method (req, "POST"))
        return MIG_CREATE;
      if (is_method (req, "DELETE"))
        return MIG_DELETE;
      return MIG_NONE;
    }

  if (n == 2)
    {
      req->route = "/api/migrations/{id}";
      if (is_method (req, "GET"))
        return MIG_GET;
      if (is_method (req, "PATCH"))
        return MIG_PATCH;
      if (is_method (req, "PUT"))
        return MIG_PUT;
      return MIG_NONE;
    }

  if (n == 4 && g_str_equal (seg[1], "packages") && g_str_equal (seg[3], "binary"))
    {
      req->route = "/api/migrations/packages/{id}/binary";
      if (is_method (req, "GET"))
        return MIG_DOWNLOAD;
      return MIG_NONE;
    }

  *known = FALSE;
  return MIG_NONE;
}

void
sb_handle_migrations (SbRequest *req)
{
  gboolean known;
  MigrationAction action = migration_route (req, &known);
  const char *storage;
  SbMigration *m;

  if (action == MIG_NONE)
    {
      if (known)
        sb_reply_error (req, 405, "ERR001", "HTTP 405 Method Not Allowed");
      else
        sb_reply_error (req, 404, "ERR004", "HTTP 404 Not Found");
      return;
    }

  if (!sb_request_require_session (req))
    return;
  if ((storage = sb_request_require_storage (req)) == NULL)
    return;

  switch (action)
    {
    case MIG_LIST:
      if ((req->session->account->privileges & (SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE)) == 0 &&
          !sb_request_require_privileges (req, SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE))
        return;
      handle_list (req);
      break;

    case MIG_CREATE:
      handle_create (req);
      break;

    case MIG_DELETE:
      handle_delete (req, storage);
      break;

    case MIG_GET:
    case MIG_PATCH:
      if ((req->session->account->privileges & (SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE)) == 0 &&
          !sb_request_require_privileges (req, SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE))
        return;
      m = lookup_migration (req->store, req->segments[1]);
      if (m == NULL)
        {
          sb_reply_error (req, 404, "ERR004", "Migration '%s' was not found", req->segments[1]);
          return;
        }
      if (action == MIG_GET)
        handle_get (req, m);
      else
        handle_patch (req, m, storage);
      break;

    case MIG_PUT:
      handle_put (req, req->segments[1], storage);
      break;

    case MIG_DOWNLOAD:
      handle_download (req, req->segments[2], storage);
      break;

    case MIG_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* ------------------------------------------------------------------------ */
/* Recovery and seeding                                                       */
/* ------------------------------------------------------------------------ */

void
sb_migrations_recover (SbStore *store)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, store->migrations);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SbMigration *m = value;
      JsonObject *p = package_info (m);
      JsonObject *i = import_info (m);

      m->job_id = 0;
      if (p != NULL && g_strcmp0 (sb_json_get_string (p, "status"), "creating") == 0)
        {
          json_object_set_string_member (p, "status", "create_failed");
          json_object_set_string_member (p, "message", RESTART_MESSAGE);
          set_now (p, "lastUpdatedDate");
        }
      if (i != NULL)
        {
          const char *status = sb_json_get_string (i, "status");
          const char *next = NULL;

          if (g_strcmp0 (status, "importing") == 0)
            next = "import_failed";
          else if (g_strcmp0 (status, "undoing") == 0)
            next = "undo_failed";
          if (next != NULL)
            {
              json_object_set_string_member (i, "status", next);
              json_object_set_string_member (i, "message", RESTART_MESSAGE);
              set_now (i, "lastUpdatedDate");
            }
        }
    }
}

static JsonObject *
seed_settings (gboolean merge)
{
  JsonObject *settings = json_object_new ();
  JsonArray *acl = json_array_new ();

  json_array_add_string_element (acl, "keep_acl_as_source_object");
  json_object_set_null_member (settings, "updateSchema");
  json_object_set_string_member (settings, "aclOnReplacingObjects", "use_existing");
  json_object_set_array_member (settings, "aclOnNewObjects", acl);
  if (merge)
    {
      json_object_set_boolean_member (settings, "validateDependencies", TRUE);
      json_object_set_string_member (settings, "defaultAction", "use_newer");
      json_object_set_array_member (settings, "folderActions", json_array_new ());
      json_object_set_array_member (settings, "objectTypeActions", json_array_new ());
      json_object_set_array_member (settings, "objectActions", json_array_new ());
      json_object_set_string_member (settings, "translationAction", "not_merged");
    }
  else
    json_object_set_string_member (settings, "defaultAction", "replace");
  return settings;
}

static JsonObject *
seed_storage (const char *relative,
              gint64      size)
{
  JsonObject *storage = json_object_new ();

  json_object_set_int_member (storage, "size", size);
  json_object_set_string_member (storage, "path", relative);
  return storage;
}

void
sb_migrations_seed (SbStore *store,
                    guint    n)
{
  static const char *const subjects[] = {
    "Sales dashboards", "Finance metrics", "HR attrition reports", "Inventory cubes",
    "Marketing attribution", "Executive scorecards", "Supply chain KPIs",
    "Customer 360 dossier", "Regional revenue reports", "Security filters",
    "Quarter close package", "Forecast models", "Store operations", "Web analytics",
  };
  static const char *const kinds[] = {
    "release", "hotfix", "refresh", "rollout", "sync", "cleanup",
  };
  /* imported ×3, import_failed, undo_success, created (not yet imported) */
  static const char *const statuses[] = {
    "imported", "imported", "imported", "import_failed", "undo_success", "created",
  };
  const gint64 day_ms = G_GINT64_CONSTANT (24) * 3600 * 1000;
  const gint64 span = 400 * day_ms;
  gint64 now = sb_now_ms ();
  SbProject *project = sb_store_get_project (store, SB_TUTORIAL_ID);
  const char *project_name = project != NULL ? project->name : "MicroStrategy Tutorial";

  for (guint k = 0; k < n; k++)
    {
      g_autofree char *package_id = sb_hex_from_text ("seeded migration package %u", k);
      g_autofree char *import_id = sb_hex_from_text ("seeded migration import %u", k);
      g_autofree char *id = g_strdup_printf ("%s:%s", package_id, import_id);
      gboolean merge = k % 5 == 3;
      const char *status = statuses[k % G_N_ELEMENTS (statuses)];
      gboolean created_only = g_str_equal (status, "created");
      gint64 spacing = span / MAX (n, 1);
      gint64 created = now - span + spacing * k + spacing * ((k * 7919) % 1000) / 2000;
      gint64 package_done = created + 20000 + (gint64) (k % 13) * 1000;
      gint64 imported = package_done + day_ms / 2 + (gint64) (k % 29) * 3600000;
      g_autofree char *created_text = sb_format_time (created);
      g_autofree char *package_done_text = sb_format_time (package_done);
      g_autofree char *imported_text = sb_format_time (imported);
      g_autoptr(GDateTime) day_time = g_date_time_new_from_unix_utc (created / 1000);
      g_autofree char *day = g_date_time_format (day_time, "%Y-%m-%d");
      g_autofree char *path = g_strdup_printf ("mstr/shared/migrations/packages/%s/%s.mmp", day, package_id);
      g_autofree char *undo_path = g_strdup_printf ("mstr/shared/migrations/undo/%s/%s.mmp", package_id, import_id);
      g_autofree char *name = NULL;
      JsonObject *record;
      JsonObject *p;
      JsonObject *i;
      JsonObject *toc;
      SbMigration *m;

      if (g_hash_table_contains (store->migrations, id))
        continue;

      if (merge)
        name = g_strdup_printf ("Project merge %s %u", kinds[k % G_N_ELEMENTS (kinds)], k + 1);
      else
        name = g_strdup_printf ("%s %s %u", subjects[k % G_N_ELEMENTS (subjects)],
                                kinds[(k / G_N_ELEMENTS (subjects)) % G_N_ELEMENTS (kinds)], k + 1);

      toc = json_object_new ();
      json_object_set_object_member (toc, "settings", seed_settings (merge));
      if (!merge)
        {
          JsonArray *content = json_array_new ();
          JsonObject *item = json_object_new ();

          json_object_set_string_member (item, "id", SB_YEAR_ID);
          json_object_set_string_member (item, "name", "Year");
          json_object_set_int_member (item, "type", SB_TYPE_ATTRIBUTE);
          json_object_set_string_member (item, "action", "replace");
          json_object_set_boolean_member (item, "includeDependents", TRUE);
          json_array_add_object_element (content, item);
          json_object_set_array_member (toc, "content", content);
        }

      p = json_object_new ();
      json_object_set_string_member (p, "id", package_id);
      json_object_set_boolean_member (p, "replicated", FALSE);
      json_object_set_string_member (p, "type", "project");
      json_object_set_string_member (p, "purpose", merge ? "project_merge" : "object_migration");
      json_object_set_string_member (p, "name", name);
      json_object_set_object_member (p, "creator", id_name (SB_ADMINISTRATOR_ID, "Administrator"));
      json_object_set_string_member (p, "creationDate", created_text);
      json_object_set_string_member (p, "lastUpdatedDate", package_done_text);
      json_object_set_object_member (p, "environment", id_name (SEED_SOURCE_URL, SEED_SOURCE_URL));
      json_object_set_object_member (p, "storage",
                                     seed_storage (path, 40000 + (gint64) (k % 211) * 1733));
      json_object_set_object_member (p, "project", id_name (SB_TUTORIAL_ID, project_name));
      json_object_set_string_member (p, "status", created_only ? "created" : "locked");
      json_object_set_string_member (p, "message", "");
      json_object_set_int_member (p, "progress", 100);
      json_object_set_boolean_member (p, "deleted", FALSE);
      json_object_set_boolean_member (p, "existing", TRUE);
      json_object_set_object_member (p, "tocView", toc);
      json_object_set_object_member (p, "treeView", json_object_new ());

      i = json_object_new ();
      json_object_set_string_member (i, "id", import_id);
      json_object_set_object_member (i, "creator",
                                     created_only ? json_object_new ()
                                                  : id_name (SB_ADMINISTRATOR_ID, "Administrator"));
      json_object_set_string_member (i, "creationDate", created_text);
      json_object_set_string_member (i, "lastUpdatedDate", created_only ? created_text : imported_text);
      json_object_set_object_member (i, "environment", id_name (SEED_TARGET_URL, SEED_TARGET_URL));
      json_object_set_string_member (i, "status", created_only ? "pending" : status);
      json_object_set_string_member (i, "importRequestStatus", created_only ? "pending" : "approved");
      json_object_set_string_member (i, "undoRequestStatus",
                                     g_str_equal (status, "undo_success") ? "approved" : "pending");
      json_object_set_int_member (i, "progress", created_only ? 0 : 100);
      json_object_set_string_member (i, "message",
                                     g_str_equal (status, "import_failed")
                                     ? "validateDependencies: objects in the target would use objects that are missing"
                                     : "");
      if (g_str_equal (status, "imported") || g_str_equal (status, "undo_success"))
        json_object_set_object_member (i, "undoStorage",
                                       seed_storage (undo_path, 2000 + (gint64) (k % 37) * 211));
      else
        json_object_set_object_member (i, "undoStorage", json_object_new ());
      json_object_set_object_member (i, "project", id_name (SB_TUTORIAL_ID, project_name));
      json_object_set_boolean_member (i, "deleted", FALSE);

      record = json_object_new ();
      json_object_set_string_member (record, "id", id);
      json_object_set_object_member (record, "packageInfo", p);
      json_object_set_object_member (record, "importInfo", i);
      json_object_set_string_member (record, "version", "2");

      m = g_new0 (SbMigration, 1);
      m->id = g_steal_pointer (&id);
      m->record = record;
      m->source_role = TRUE;
      sb_store_add_migration (store, m);
    }
}
