/* ferry-sandbox-migration-jobs.c: migrations through shared storage: the
 * files in the storage folder, approvals, and the jobs that create, import
 * and undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Jobs find their record by id on every tick and stop when it is gone or
 * no longer theirs (SbMigration.job_id), so a deleted record or a store
 * that went away never leaves a dangling pointer behind.
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ferry-sandbox-migration-jobs.h"
#include "ferry-sandbox-import.h"
#include "ferry-sandbox-journal.h"

/* ------------------------------------------------------------------------ */
/* Shared storage                                                             */
/* ------------------------------------------------------------------------ */

/* The file under STORAGE for a record's relative path, or NULL when the
 * path does not point into the migrations folder. */
char *
sb_storage_file (const char *storage,
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
char *
sb_storage_approval_file (const char *package_file)
{
  g_autofree char *dir = g_path_get_dirname (package_file);
  g_autofree char *base = g_path_get_basename (package_file);
  g_autofree char *name = NULL;

  if (g_str_has_suffix (base, ".mmp"))
    base[strlen (base) - 4] = '\0';
  name = g_strconcat (base, ".approved", NULL);
  return g_build_filename (dir, name, NULL);
}

gboolean
sb_storage_is_approved (const char *package_file,
                        const char *migration_id)
{
  g_autofree char *path = sb_storage_approval_file (package_file);
  g_autoptr(JsonObject) approvals = sb_json_read_object_file (path);
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

gboolean
sb_storage_write_approval (const char  *package_file,
                           SbMigration *m,
                           SbAccount   *account,
                           GError     **error)
{
  g_autofree char *path = sb_storage_approval_file (package_file);
  g_autoptr(JsonObject) approvals = sb_json_read_object_file (path);
  JsonArray *list;
  JsonObject *entry;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (approvals == NULL)
    approvals = json_object_new ();
  json_object_set_string_member (approvals, "packageId", sb_migration_package_id (m));
  list = sb_json_get_array (approvals, "approvals");
  if (list == NULL)
    {
      list = json_array_new ();
      json_object_set_array_member (approvals, "approvals", list);
    }

  entry = json_object_new ();
  json_object_set_string_member (entry, "migrationId", m->id);
  json_object_set_object_member (entry, "approver",
                                 sb_json_id_name (account != NULL ? account->user_id : NULL,
                                          account != NULL ? account->full_name : NULL));
  sb_json_set_now (entry, "date");
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

SbPackageFile *
sb_storage_read_package_file (const char *file,
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

SbPackageFile *
sb_request_read_package_file (SbContext  *ctx,
                              const char *file,
                              const char *path,
                              const char *type)
{
  g_autoptr(GError) error = NULL;
  SbPackageFile *pkg = sb_storage_read_package_file (file, &error);

  if (pkg == NULL)
    {
      sb_reply_error (ctx, 400, "ERR006", "The package file '%s' cannot be read: %s",
                      path, error != NULL ? error->message : "unreadable");
      return NULL;
    }
  if (g_strcmp0 (pkg->type, type) != 0)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "packageInfo.type '%s' is not the type of the package file ('%s')",
                      type, pkg->type != NULL ? pkg->type : "");
      sb_package_file_free (pkg);
      return NULL;
    }
  return pkg;
}

/* ------------------------------------------------------------------------ */
/* Jobs                                                                       */
/* ------------------------------------------------------------------------ */

typedef struct
{
  SbHost        *host;
  char          *migration_id;
  SbMigrationJobKind        kind;
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
  /* The request that started the job, until its answer is written: the
   * job does no work before that (a server answers 202 at once and works
   * in the background). NULL once written, or for a job no request started. */
  SoupServerMessage *starter;
  gulong         starter_handler;
} MigrationJob;

static void
starter_done_cb (SoupServerMessage *msg,
                 gpointer           data)
{
  MigrationJob *job = data;

  g_clear_signal_handler (&job->starter_handler, job->starter);
  g_clear_object (&job->starter);
}

static void
migration_job_free (gpointer data)
{
  MigrationJob *job = data;

  if (job->starter != NULL)
    starter_done_cb (job->starter, job);

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
  JsonObject *p = sb_migration_package_info (m);
  const char *storage = job->host->settings.shared_storage;
  g_autoptr(GBytes) bytes = sb_package_file_serialize (job->pkg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *day = NULL;
  g_autofree char *relative = NULL;
  g_autofree char *file = NULL;
  guint64 limit = job->host->settings.max_package_bytes;
  gint64 created_ms;

  if (bytes == NULL)
    g_set_error (&error, SB_ERROR, SB_ERROR_IO, "The package could not be written");
  else if ((guint64) g_bytes_get_size (bytes) > limit)
    {
      g_autofree char *text = sb_format_size_limit (limit);

      g_set_error (&error, SB_ERROR, SB_ERROR_TOO_LARGE,
                   "The package exceeds the maximum size of %s", text);
    }
  else if (storage == NULL)
    g_set_error (&error, SB_ERROR, SB_ERROR_IO,
                 "The Storage Service is not configured properly, please contact your administrator to configure Storage Service");
  else
    {
      if (!sb_parse_time (sb_json_get_string_or (p, "creationDate", ""), &created_ms))
        created_ms = sb_now_ms ();
      created = g_date_time_new_from_unix_utc (created_ms / 1000);
      day = g_date_time_format (created, "%Y-%m-%d");
      relative = g_strdup_printf ("mstr/shared/migrations/packages/%s/%s.mmp",
                                  day, sb_migration_package_id (m));
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
  sb_json_set_now (p, "lastUpdatedDate");
  sb_host_save (job->host, NULL);
}

static void
finish_import (MigrationJob *job,
               SbMigration  *m)
{
  SbStore *store = job->host->store;
  SbProject *target = job_target (job, store);
  JsonObject *i = sb_migration_import_info (m);
  SbPackageFile *undo = NULL;
  g_autoptr(GError) error = NULL;

  if (target == NULL)
    g_set_error (&error, SB_ERROR, SB_ERROR_NOT_FOUND,
                 "Project '%s' was not found", job->project_id);
  else
    sb_import_package (store, target, job->pkg, job->generate_undo, &undo, NULL, &error);

  if (error == NULL)
    {
      json_object_set_object_member (i, "undoStorage", json_object_new ());
      json_object_set_string_member (i, "message", "");

      if (undo != NULL)
        {
          const char *storage = job->host->settings.shared_storage;
          g_autoptr(GBytes) bytes = sb_package_file_serialize (undo);
          g_autofree char *relative = g_strdup_printf ("mstr/shared/migrations/undo/%s/%s.mmp",
                                                       sb_migration_package_id (m), sb_migration_import_id (m));
          g_autofree char *file = sb_storage_file (storage, relative);
          g_autoptr(GError) write_error = NULL;

          if (bytes != NULL && file != NULL && write_storage_file (file, bytes, &write_error))
            {
              JsonObject *info = json_object_new ();

              json_object_set_int_member (info, "size", (gint64) g_bytes_get_size (bytes));
              json_object_set_string_member (info, "path", relative);
              json_object_set_object_member (i, "undoStorage", info);
              sb_crash_point ("undo-written");
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
      json_object_set_object_member (i, "creator", sb_json_id_name (job->user_id, job->user_name));
      sb_json_set_now (i, "lastUpdatedDate");
      sb_host_save (job->host, target);
    }
  else
    {
      json_object_set_string_member (i, "status", "import_failed");
      json_object_set_string_member (i, "message", error->message);
      sb_json_set_now (i, "lastUpdatedDate");
      sb_host_save (job->host, NULL);
    }
}

static void
finish_undo (MigrationJob *job,
             SbMigration  *m)
{
  SbStore *store = job->host->store;
  SbProject *target = job_target (job, store);
  JsonObject *i = sb_migration_import_info (m);
  g_autoptr(GError) error = NULL;

  if (target == NULL)
    g_set_error (&error, SB_ERROR, SB_ERROR_NOT_FOUND,
                 "Project '%s' was not found", job->project_id);
  else
    sb_import_undo (store, target, job->pkg, &error);

  if (error == NULL)
    {
      json_object_set_string_member (i, "status", "undo_success");
      json_object_set_string_member (i, "message", "");
      sb_json_set_now (i, "lastUpdatedDate");
      sb_host_save (job->host, target);
    }
  else
    {
      json_object_set_string_member (i, "status", "undo_failed");
      json_object_set_string_member (i, "message", error->message);
      sb_json_set_now (i, "lastUpdatedDate");
      sb_host_save (job->host, NULL);
    }
}

static gboolean
migration_job_tick (gpointer data)
{
  MigrationJob *job = data;
  SbStore *store = job->host->store;
  SbMigration *m = store != NULL ? g_hash_table_lookup (store->migrations, job->migration_id) : NULL;

  if (m == NULL || m->job_id != job->source_id || job->source_id == 0)
    return G_SOURCE_REMOVE;
  if (job->starter != NULL)
    return G_SOURCE_CONTINUE;   /* its 202 is not out yet */

  job->done = MIN (job->total, job->done + job->per_tick);
  if (job->done < job->total)
    {
      gint64 progress = MIN (99, (gint64) job->done * 100 / job->total);

      if (job->kind == SB_MIGRATION_JOB_CREATE)
        json_object_set_int_member (sb_migration_package_info (m), "progress", progress);
      else if (job->kind == SB_MIGRATION_JOB_IMPORT)
        json_object_set_int_member (sb_migration_import_info (m), "progress", progress);
      return G_SOURCE_CONTINUE;
    }

  m->job_id = 0;
  /* The record and (import, undo) the target change in one commit. */
  sb_store_touch_migration (store, m);
  switch (job->kind)
    {
    case SB_MIGRATION_JOB_CREATE:
      finish_create (job, m);
      break;
    case SB_MIGRATION_JOB_IMPORT:
      finish_import (job, m);
      break;
    case SB_MIGRATION_JOB_UNDO:
    default:
      finish_undo (job, m);
      break;
    }
  return G_SOURCE_REMOVE;
}

void
sb_migration_start_job (SbContext          *ctx,
                        SbMigration        *m,
                        SbMigrationJobKind  kind,
                        SbPackageFile      *pkg,
                        const char         *project_id,
                        gboolean            generate_undo)
{
  MigrationJob *job = g_new0 (MigrationJob, 1);
  guint interval;
  guint n = 0;

  job->host = ctx->host;
  job->migration_id = g_strdup (m->id);
  job->kind = kind;
  job->pkg = pkg;
  job->project_id = g_strdup (project_id);
  job->generate_undo = generate_undo;
  if (ctx->session != NULL && ctx->session->account != NULL)
    {
      job->user_id = g_strdup (ctx->session->account->user_id);
      job->user_name = g_strdup (ctx->session->account->full_name);
    }

  if (kind == SB_MIGRATION_JOB_UNDO)
    n = pkg->undo_entries != NULL ? pkg->undo_entries->len : 0;
  else
    n = pkg->items != NULL ? pkg->items->len : 0;
  job->total = MAX (n, 1);
  if (ctx->msg != NULL)
    {
      job->starter = g_object_ref (ctx->msg);
      job->starter_handler = g_signal_connect (job->starter, "finished", G_CALLBACK (starter_done_cb), job);
    }
  sb_host_job_pacing (ctx->host, job->total, &interval, &job->per_tick);

  job->source_id = sb_host_schedule (ctx->host, interval, migration_job_tick,
                                     job, migration_job_free);
  m->job_id = job->source_id;
}
