/* ferry-sandbox-packages.c: /api/packages…, the session-bound package holders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A holder lives in its session (one at most) and is freed with it. Its
 * definition is collected synchronously when it is PUT (so every error is
 * a 400 and nothing changes); a job then "builds" the package file object
 * by object and marks the holder READY (or FAILED when the file is over
 * the size limit). Import processes live in the session too; their job
 * applies the package (or, for an undo package, restores the target) at
 * the end, all or nothing.
 *
 * Jobs and the things they work on are linked weakly both ways: freeing a
 * holder or a process detaches its job (which then stops at its next
 * tick), and a job that goes away detaches itself from its holder.
 */

#include "config.h"

#include <string.h>

#include "ferry-sandbox-packages.h"
#include "ferry-sandbox-collect.h"
#include "ferry-sandbox-import.h"

#define STATUS_EMPTY      "EMPTY"
#define STATUS_PROCESSING "PROCESSING"
#define STATUS_READY      "READY"
#define STATUS_FAILED     "FAILED"
#define STATUS_DELETING   "DELETING"
#define STATUS_IMPORTED   "IMPORTED"

typedef struct _SbImportProcess SbImportProcess;
typedef struct _HolderJob HolderJob;
typedef struct _ImportJob ImportJob;

struct _SbHolder
{
  char          *id;          /* base64 ("<projectId>:<32 hex>") */
  char          *project_id;  /* the X-MSTR-ProjectID it was made with, or the configuration */
  const char    *status;      /* STATUS_* */
  char          *message;     /* FAILED only */
  SbPackageFile *pkg;         /* the definition (PROCESSING, READY, FAILED) */
  JsonObject    *settings;    /* the settings exactly as PUT; NULL after an upload */
  GBytes        *bytes;       /* the package file (READY) */
  HolderJob     *job;         /* weak: the build in progress */
};

struct _HolderJob
{
  SbHolder     *holder;       /* weak */
  SbHost       *host;
  guint         done;
  guint         total;
  guint         per_tick;
};

struct _SbImportProcess
{
  char          *id;          /* base64 ("<projectId>:<32 hex>") */
  char          *project_id;  /* destination project; NULL = the configuration */
  const char    *status;      /* PROCESSING, IMPORTED, FAILED */
  char          *message;
  double         progress;
  gboolean       generate_undo;
  SbPackageFile *pkg;         /* what to import, until it is done */
  GBytes        *undo_bytes;  /* the undo package, when one was made */
  ImportJob     *job;         /* weak */
};

struct _ImportJob
{
  SbImportProcess *process;   /* weak */
  SbHost          *host;
  guint            done;
  guint            total;
  guint            per_tick;
};

/* ------------------------------------------------------------------------ */
/* Small helpers                                                              */
/* ------------------------------------------------------------------------ */

static char *
too_large_message (SbHost *host)
{
  g_autofree char *limit = sb_format_size_limit (host->settings.max_package_bytes);

  return g_strdup_printf ("The package exceeds the maximum size of %s", limit);
}

static char *
new_session_id (const char *project_id)
{
  g_autofree char *hex = sb_new_hex_id ();
  g_autofree char *text = g_strdup_printf ("%s:%s", project_id, hex);

  return g_base64_encode ((const guchar *) text, strlen (text));
}

static gboolean
is_package_type (const char *type)
{
  return g_strcmp0 (type, "project") == 0 ||
         g_strcmp0 (type, "configuration") == 0 ||
         g_strcmp0 (type, "project_security") == 0;
}

/* ------------------------------------------------------------------------ */
/* Holders                                                                    */
/* ------------------------------------------------------------------------ */

static void
holder_free (SbHolder *holder)
{
  if (holder == NULL)
    return;
  if (holder->job != NULL)
    holder->job->holder = NULL;
  g_free (holder->id);
  g_free (holder->project_id);
  g_free (holder->message);
  g_clear_pointer (&holder->pkg, sb_package_file_free);
  g_clear_pointer (&holder->settings, json_object_unref);
  g_clear_pointer (&holder->bytes, g_bytes_unref);
  g_free (holder);
}

static void
holder_job_free (gpointer data)
{
  HolderJob *job = data;

  if (job->holder != NULL)
    job->holder->job = NULL;
  g_free (job);
}

static gboolean
holder_job_tick (gpointer data)
{
  HolderJob *job = data;
  SbHolder *holder = job->holder;
  g_autoptr(GBytes) bytes = NULL;

  if (holder == NULL)
    return G_SOURCE_REMOVE;

  job->done = MIN (job->total, job->done + job->per_tick);
  if (job->done < job->total)
    return G_SOURCE_CONTINUE;

  bytes = sb_package_file_serialize (holder->pkg);
  if (bytes == NULL)
    {
      holder->status = STATUS_FAILED;
      g_free (holder->message);
      holder->message = g_strdup ("The package could not be written");
    }
  else if ((guint64) g_bytes_get_size (bytes) > job->host->settings.max_package_bytes)
    {
      holder->status = STATUS_FAILED;
      g_free (holder->message);
      holder->message = too_large_message (job->host);
    }
  else
    {
      holder->status = STATUS_READY;
      g_clear_pointer (&holder->message, g_free);
      g_clear_pointer (&holder->bytes, g_bytes_unref);
      holder->bytes = g_steal_pointer (&bytes);
    }

  holder->job = NULL;
  job->holder = NULL;
  return G_SOURCE_REMOVE;
}

static JsonNode *
holder_status_json (SbHolder *holder)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", holder->id);
  json_object_set_string_member (object, "status", holder->status);
  return sb_json_node_take_object (object);
}

static JsonNode *
holder_to_json (SbHolder *holder,
                gboolean  show_content)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", holder->id);
  json_object_set_string_member (object, "status", holder->status);
  if (holder->pkg != NULL)
    {
      JsonObject *settings = holder->settings != NULL ? holder->settings : holder->pkg->settings;

      if (settings != NULL)
        json_object_set_object_member (object, "settings", sb_json_object_dup (settings));
      if (show_content)
        json_object_set_array_member (object, "content",
                                      sb_package_file_content_json (holder->pkg));
    }
  if (holder->message != NULL)
    json_object_set_string_member (object, "message", holder->message);
  return sb_json_node_take_object (object);
}

/* The session's holder with ID, or 404 ERR004 naming the id. */
static SbHolder *
require_holder (SbContext  *ctx,
                const char *id)
{
  SbHolder *holder = ctx->session->holder;

  if (holder != NULL && g_strcmp0 (holder->id, id) == 0)
    return holder;
  sb_reply_error (ctx, 404, "ERR004", "Package '%s' was not found", id);
  return NULL;
}

/* POST /api/packages */
void
sb_handle_create_holder (SbContext *ctx)
{
  const char *project_id = SB_CONFIGURATION_ID;
  SbHolder *holder;

  if (ctx->project_header != NULL)
    {
      SbProject *project = sb_request_require_project (ctx);

      if (project == NULL)
        return;
      project_id = project->id;
    }

  if (ctx->session->holder != NULL)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "Only one package can exist per session: delete the existing package first");
      return;
    }

  holder = g_new0 (SbHolder, 1);
  holder->id = new_session_id (project_id);
  holder->project_id = g_strdup (project_id);
  holder->status = STATUS_EMPTY;
  ctx->session->holder = holder;
  ctx->session->holder_free = (GDestroyNotify) holder_free;

  sb_reply_json (ctx, 201, holder_status_json (holder));
}

/* PUT /api/packages/{id} */
void
sb_handle_define_holder (SbContext *ctx)
{
  const char *id = ctx->id;
  SbHolder *holder;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  SbProject *project = NULL;
  const char *type;
  JsonObject *settings;
  JsonArray *content;
  SbPackageFile *pkg;
  HolderJob *job;
  guint interval;

  if ((holder = require_holder (ctx, id)) == NULL)
    return;
  if (!sb_request_require_prefer_async (ctx))
    return;

  if (g_str_equal (holder->status, STATUS_PROCESSING))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "The package is still being processed: wait until it is READY");
      return;
    }

  if ((body = sb_request_parse_object (ctx)) == NULL)
    return;

  type = sb_json_get_string (body, "type");
  if (!is_package_type (type))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "Invalid package type '%s': must be one of project, configuration, project_security",
                      type != NULL ? type : "");
      return;
    }

  settings = sb_json_get_object (body, "settings");
  if (settings == NULL)
    {
      sb_reply_error (ctx, 400, "ERR006", "The package definition needs a 'settings' object");
      return;
    }
  if (!sb_settings_validate (type, settings, FALSE, &error))
    {
      sb_reply_gerror (ctx, error, TRUE);
      return;
    }

  if (g_str_equal (type, "configuration"))
    {
      if (ctx->project_header != NULL)
        {
          sb_reply_error (ctx, 400, "ERR006",
                          "X-MSTR-ProjectID must not be sent for configuration packages");
          return;
        }
    }
  else
    {
      if ((project = sb_request_require_project (ctx)) == NULL)
        return;
      if (g_strcmp0 (project->id, holder->project_id) != 0)
        {
          sb_reply_error (ctx, 400, "ERR006",
                          "X-MSTR-ProjectID '%s' is not the project of package '%s'",
                          project->id, holder->id);
          return;
        }
    }

  content = sb_json_get_array (body, "content");
  if (content == NULL || json_array_get_length (content) == 0)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "The package definition needs a non-empty 'content' array");
      return;
    }
  for (guint i = 0; i < json_array_get_length (content); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (content, i)))
      {
        sb_reply_error (ctx, 400, "ERR006", "Item %u of 'content' is not an object", i);
        return;
      }

  pkg = sb_collect_package (ctx->store, project, type, "package", settings, content, &error);
  if (pkg == NULL)
    {
      sb_reply_gerror (ctx, error, TRUE);
      return;
    }

  /* Everything checked: now the holder changes. */
  g_clear_pointer (&holder->pkg, sb_package_file_free);
  g_clear_pointer (&holder->bytes, g_bytes_unref);
  g_clear_pointer (&holder->message, g_free);
  g_clear_pointer (&holder->settings, json_object_unref);
  holder->pkg = pkg;
  holder->settings = sb_json_object_dup (settings);
  holder->status = STATUS_PROCESSING;

  job = g_new0 (HolderJob, 1);
  job->holder = holder;
  job->host = ctx->host;
  job->total = MAX (pkg->items != NULL ? pkg->items->len : 0, 1);
  sb_host_job_pacing (ctx->host, job->total, &interval, &job->per_tick);
  holder->job = job;
  sb_host_schedule (ctx->host, interval, holder_job_tick, job, holder_job_free);

  sb_reply_json (ctx, 202, holder_status_json (holder));
}

/* GET /api/packages/{id} */
void
sb_handle_get_holder (SbContext *ctx)
{
  const char *id = ctx->id;
  SbHolder *holder;
  gboolean show_content;

  if ((holder = require_holder (ctx, id)) == NULL)
    return;
  if (!sb_request_query_bool (ctx, "showContent", TRUE, &show_content))
    return;

  sb_reply_json (ctx, 200, holder_to_json (holder, show_content));
}

/* DELETE /api/packages/{id} */
void
sb_handle_delete_holder (SbContext *ctx)
{
  const char *id = ctx->id;
  SbHolder *holder;
  JsonNode *reply;

  if ((holder = require_holder (ctx, id)) == NULL)
    return;
  if (!sb_request_require_prefer_async (ctx))
    return;

  holder->status = STATUS_DELETING;
  reply = holder_status_json (holder);
  ctx->session->holder = NULL;
  holder_free (holder);

  sb_reply_json (ctx, 202, reply);
}

/* GET /api/packages/{id}/binary */
void
sb_handle_download_holder (SbContext *ctx)
{
  const char *id = ctx->id;
  SbHolder *holder;

  if ((holder = require_holder (ctx, id)) == NULL)
    return;

  if (!g_str_equal (holder->status, STATUS_READY) || holder->bytes == NULL)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "The package is not ready to download: its status is %s", holder->status);
      return;
    }

  sb_reply_bytes (ctx, 200, "application/octet-stream", holder->bytes, NULL);
}

/* The "file" part of a multipart/form-data body (new ref), or NULL. */
static GBytes *
multipart_file (SbContext *ctx)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (ctx->msg);
  g_autoptr(SoupMultipart) multipart = NULL;
  GBytes *first = NULL;

  multipart = soup_multipart_new_from_message (headers, ctx->body);
  if (multipart == NULL)
    return NULL;

  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers = NULL;
      GBytes *part_body = NULL;
      g_autofree char *disposition = NULL;
      g_autoptr(GHashTable) params = NULL;

      if (!soup_multipart_get_part (multipart, i, &part_headers, &part_body))
        continue;
      if (soup_message_headers_get_content_disposition (part_headers, &disposition, &params) &&
          g_strcmp0 (g_hash_table_lookup (params, "name"), "file") == 0)
        return g_bytes_ref (part_body);
      if (first == NULL)
        first = part_body;
    }

  /* A single unnamed part is taken as the file too. */
  if (first != NULL && soup_multipart_get_length (multipart) == 1)
    return g_bytes_ref (first);
  return NULL;
}

/* PUT /api/packages/{id}/binary */
void
sb_handle_upload_holder (SbContext *ctx)
{
  const char *id = ctx->id;
  SbHolder *holder;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SbPackageFile *pkg;

  if ((holder = require_holder (ctx, id)) == NULL)
    return;

  if (!g_str_equal (holder->status, STATUS_EMPTY))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "A package can only be uploaded into an empty package: its status is %s",
                      holder->status);
      return;
    }

  bytes = multipart_file (ctx);
  if (bytes == NULL)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "Expected a multipart/form-data body with a 'file' field");
      return;
    }

  if ((guint64) g_bytes_get_size (bytes) > ctx->host->settings.max_package_bytes)
    {
      g_autofree char *message = too_large_message (ctx->host);

      sb_reply_error (ctx, 400, "ERR006", "%s", message);
      return;
    }

  pkg = sb_package_file_parse (bytes, &error);
  if (pkg == NULL)
    {
      sb_reply_error (ctx, 400, "ERR006", "The uploaded file is not a valid package: %s",
                      error != NULL ? error->message : "unreadable");
      return;
    }

  holder->pkg = pkg;
  holder->bytes = g_steal_pointer (&bytes);
  holder->status = STATUS_READY;

  sb_reply_json (ctx, 200, holder_status_json (holder));
}

/* ------------------------------------------------------------------------ */
/* Import processes                                                           */
/* ------------------------------------------------------------------------ */

static void
import_process_free (SbImportProcess *process)
{
  if (process == NULL)
    return;
  if (process->job != NULL)
    process->job->process = NULL;
  g_free (process->id);
  g_free (process->project_id);
  g_free (process->message);
  g_clear_pointer (&process->pkg, sb_package_file_free);
  g_clear_pointer (&process->undo_bytes, g_bytes_unref);
  g_free (process);
}

static GHashTable *
session_imports (SbSession *session)
{
  if (session->imports == NULL)
    session->imports = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify) import_process_free);
  return session->imports;
}

static void
import_job_free (gpointer data)
{
  ImportJob *job = data;

  if (job->process != NULL)
    job->process->job = NULL;
  g_free (job);
}

static void
import_process_finish (SbImportProcess *process,
                       SbHost          *host)
{
  SbStore *store = host->store;
  SbProject *target;
  SbPackageFile *undo = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (process->project_id != NULL)
    target = sb_store_get_project (store, process->project_id);
  else
    target = store->configuration;

  if (target == NULL)
    {
      g_set_error (&error, SB_ERROR, SB_ERROR_NOT_FOUND,
                   "Project '%s' was not found", process->project_id);
      ok = FALSE;
    }
  else if (g_strcmp0 (process->pkg->kind, "undo") == 0)
    ok = sb_import_undo (store, target, process->pkg, &error);
  else
    ok = sb_import_package (store, target, process->pkg, process->generate_undo,
                           &undo, NULL, &error);

  if (ok)
    {
      if (undo != NULL)
        {
          process->undo_bytes = sb_package_file_serialize (undo);
          sb_package_file_free (undo);
        }
      process->status = STATUS_IMPORTED;
      process->progress = 100.0;
      sb_host_save (host, target);
    }
  else
    {
      process->status = STATUS_FAILED;
      g_free (process->message);
      process->message = g_strdup (error != NULL ? error->message : "The import failed");
    }

  g_clear_pointer (&process->pkg, sb_package_file_free);
}

static gboolean
import_job_tick (gpointer data)
{
  ImportJob *job = data;
  SbImportProcess *process = job->process;

  if (process == NULL)
    return G_SOURCE_REMOVE;

  job->done = MIN (job->total, job->done + job->per_tick);
  if (job->done < job->total)
    {
      process->progress = MIN (99.0, (double) job->done * 100.0 / job->total);
      return G_SOURCE_CONTINUE;
    }

  import_process_finish (process, job->host);

  process->job = NULL;
  job->process = NULL;
  return G_SOURCE_REMOVE;
}

static JsonNode *
import_process_to_json (SbImportProcess *process)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", process->id);
  json_object_set_string_member (object, "status", process->status);
  json_object_set_boolean_member (object, "undoPackageCreated", process->undo_bytes != NULL);
  json_object_set_double_member (object, "progress", process->progress);
  if (process->message != NULL)
    json_object_set_string_member (object, "message", process->message);
  return sb_json_node_take_object (object);
}

static SbImportProcess *
require_import (SbContext  *ctx,
                const char *id)
{
  SbImportProcess *process = NULL;

  if (ctx->session->imports != NULL)
    process = g_hash_table_lookup (ctx->session->imports, id);
  if (process == NULL)
    sb_reply_error (ctx, 404, "ERR004", "Package import '%s' was not found", id);
  return process;
}

/* POST /api/packages/imports?packageId=…&generateUndo=… */
void
sb_handle_create_import (SbContext *ctx)
{
  const char *package_id;
  gboolean generate_undo;
  SbHolder *holder;
  SbProject *project = NULL;
  SbPackageFile *pkg;
  SbImportProcess *process;
  ImportJob *job;
  g_autoptr(GError) error = NULL;
  guint interval;
  guint n;

  if (!sb_request_require_prefer_async (ctx))
    return;

  package_id = sb_request_query (ctx, "packageId");
  if (package_id == NULL || *package_id == '\0')
    {
      sb_reply_error (ctx, 400, "ERR005", "The query parameter 'packageId' is required");
      return;
    }
  if (!sb_request_query_bool (ctx, "generateUndo", TRUE, &generate_undo))
    return;
  if ((holder = require_holder (ctx, package_id)) == NULL)
    return;

  if (!g_str_equal (holder->status, STATUS_READY) || holder->bytes == NULL)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "Package '%s' is not ready to import: its status is %s",
                      holder->id, holder->status);
      return;
    }

  /* A fresh copy, so the holder may go away while the import runs. */
  pkg = sb_package_file_parse (holder->bytes, &error);
  if (pkg == NULL)
    {
      sb_reply_error (ctx, 400, "ERR006", "The package is not valid: %s",
                      error != NULL ? error->message : "unreadable");
      return;
    }

  if (g_strcmp0 (pkg->type, "configuration") == 0)
    {
      if (ctx->project_header != NULL)
        {
          sb_package_file_free (pkg);
          sb_reply_error (ctx, 400, "ERR006",
                          "X-MSTR-ProjectID must not be sent for configuration packages");
          return;
        }
    }
  else if ((project = sb_request_require_project (ctx)) == NULL)
    {
      sb_package_file_free (pkg);
      return;
    }

  process = g_new0 (SbImportProcess, 1);
  process->id = new_session_id (project != NULL ? project->id : SB_CONFIGURATION_ID);
  process->project_id = project != NULL ? g_strdup (project->id) : NULL;
  process->status = STATUS_PROCESSING;
  process->progress = 0.0;
  process->generate_undo = generate_undo;
  process->pkg = pkg;
  /* The key is the process's own id (the session's table does not own keys). */
  g_hash_table_replace (session_imports (ctx->session), process->id, process);

  if (g_strcmp0 (pkg->kind, "undo") == 0)
    n = pkg->undo_entries != NULL ? pkg->undo_entries->len : 0;
  else
    n = pkg->items != NULL ? pkg->items->len : 0;

  job = g_new0 (ImportJob, 1);
  job->process = process;
  job->host = ctx->host;
  job->total = MAX (n, 1);
  sb_host_job_pacing (ctx->host, job->total, &interval, &job->per_tick);
  process->job = job;
  sb_host_schedule (ctx->host, interval, import_job_tick, job, import_job_free);

  sb_reply_json (ctx, 202, import_process_to_json (process));
}

/* GET /api/packages/imports/{id} */
void
sb_handle_get_import (SbContext *ctx)
{
  const char *id = ctx->id;
  SbImportProcess *process;

  if ((process = require_import (ctx, id)) == NULL)
    return;

  sb_reply_json (ctx, 200, import_process_to_json (process));
}

/* DELETE /api/packages/imports/{id} */
void
sb_handle_delete_import (SbContext *ctx)
{
  const char *id = ctx->id;
  if (require_import (ctx, id) == NULL)
    return;
  if (!sb_request_require_prefer_async (ctx))
    return;

  g_hash_table_remove (ctx->session->imports, id);
  sb_reply_empty (ctx, 202);
}

/* GET /api/packages/imports/{id}/undoPackage/binary */
void
sb_handle_download_undo (SbContext *ctx)
{
  const char *id = ctx->id;
  SbImportProcess *process;

  if ((process = require_import (ctx, id)) == NULL)
    return;

  if (process->undo_bytes == NULL)
    {
      sb_reply_error (ctx, 404, "ERR004", "Package import '%s' has no undo package", id);
      return;
    }

  sb_reply_bytes (ctx, 200, "application/octet-stream", process->undo_bytes, NULL);
}
