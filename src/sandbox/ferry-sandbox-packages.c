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

#include <string.h>

#include "ferry-sandbox-private.h"

#define STATUS_EMPTY      "EMPTY"
#define STATUS_PROCESSING "PROCESSING"
#define STATUS_READY      "READY"
#define STATUS_FAILED     "FAILED"
#define STATUS_DELETING   "DELETING"
#define STATUS_IMPORTED   "IMPORTED"

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
  FerrySandbox *sandbox;
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
  FerrySandbox    *sandbox;
  guint            done;
  guint            total;
  guint            per_tick;
};

/* ------------------------------------------------------------------------ */
/* Small helpers                                                              */
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

/* "2 GB" for 2 GiB; "N MB", "N KB" or "N bytes" otherwise. */
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

static char *
too_large_message (FerrySandbox *sandbox)
{
  g_autofree char *limit = format_size_limit (sb_sandbox_get_max_package_bytes (sandbox));

  return g_strdup_printf ("The package exceeds the maximum size of %s", limit);
}

/* How a job of N objects is paced: the work delay per object, at least one
 * object per tick, ticks no closer than 20 ms unless there is no delay. */
static void
job_pacing (FerrySandbox *sandbox,
            guint         n,
            guint        *interval_ms,
            guint        *per_tick)
{
  guint delay = sb_sandbox_get_work_delay_ms (sandbox);

  n = MAX (n, 1);
  if (delay == 0)
    {
      *interval_ms = 1;
      *per_tick = n;
      return;
    }
  *interval_ms = MAX (delay, 20);
  *per_tick = MAX (1, *interval_ms / delay);
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

/* Needs at least one of the bits in MASK (403 ERR014 otherwise). */
static gboolean
require_any_privilege (SbRequest *req,
                       guint      mask)
{
  if (req->session != NULL && req->session->account != NULL &&
      (req->session->account->privileges & mask) != 0)
    return TRUE;
  return sb_request_require_privileges (req, mask);
}

static gboolean
is_method (SbRequest  *req,
           const char *method)
{
  return g_strcmp0 (req->method, method) == 0;
}

/* ------------------------------------------------------------------------ */
/* Holders                                                                    */
/* ------------------------------------------------------------------------ */

void
sb_holder_free (SbHolder *holder)
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
  else if ((guint64) g_bytes_get_size (bytes) > sb_sandbox_get_max_package_bytes (job->sandbox))
    {
      holder->status = STATUS_FAILED;
      g_free (holder->message);
      holder->message = too_large_message (job->sandbox);
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
  return object_node (object);
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
        json_object_set_object_member (object, "settings", deep_copy_object (settings));
      if (show_content)
        json_object_set_array_member (object, "content",
                                      sb_package_file_content_json (holder->pkg));
    }
  if (holder->message != NULL)
    json_object_set_string_member (object, "message", holder->message);
  return object_node (object);
}

/* The session's holder with ID, or 404 ERR004 naming the id. */
static SbHolder *
require_holder (SbRequest  *req,
                const char *id)
{
  SbHolder *holder = req->session->holder;

  if (holder != NULL && g_strcmp0 (holder->id, id) == 0)
    return holder;
  sb_reply_error (req, 404, "ERR004", "Package '%s' was not found", id);
  return NULL;
}

/* POST /api/packages */
static void
handle_create_holder (SbRequest *req)
{
  const char *project_id = SB_CONFIGURATION_ID;
  SbHolder *holder;

  if (!require_any_privilege (req, SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE))
    return;

  if (req->project_header != NULL)
    {
      SbProject *project = sb_request_require_project (req);

      if (project == NULL)
        return;
      project_id = project->id;
    }

  if (req->session->holder != NULL)
    {
      sb_reply_error (req, 400, "ERR006",
                      "Only one package can exist per session: delete the existing package first");
      return;
    }

  holder = g_new0 (SbHolder, 1);
  holder->id = new_session_id (project_id);
  holder->project_id = g_strdup (project_id);
  holder->status = STATUS_EMPTY;
  req->session->holder = holder;

  sb_reply_json (req, 201, holder_status_json (holder));
}

/* PUT /api/packages/{id} */
static void
handle_define_holder (SbRequest  *req,
                      const char *id)
{
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

  if (!sb_request_require_privileges (req, SB_PRIV_CREATE_PACKAGE))
    return;
  if ((holder = require_holder (req, id)) == NULL)
    return;
  if (!sb_request_require_prefer_async (req))
    return;

  if (g_str_equal (holder->status, STATUS_PROCESSING))
    {
      sb_reply_error (req, 400, "ERR006",
                      "The package is still being processed: wait until it is READY");
      return;
    }

  if ((body = sb_request_parse_object (req)) == NULL)
    return;

  type = sb_json_get_string (body, "type");
  if (!is_package_type (type))
    {
      sb_reply_error (req, 400, "ERR006",
                      "Invalid package type '%s': must be one of project, configuration, project_security",
                      type != NULL ? type : "");
      return;
    }

  settings = sb_json_get_object (body, "settings");
  if (settings == NULL)
    {
      sb_reply_error (req, 400, "ERR006", "The package definition needs a 'settings' object");
      return;
    }
  if (!sb_engine_validate_settings (type, settings, FALSE, &error))
    {
      sb_reply_gerror (req, error, TRUE);
      return;
    }

  if (g_str_equal (type, "configuration"))
    {
      if (req->project_header != NULL)
        {
          sb_reply_error (req, 400, "ERR006",
                          "X-MSTR-ProjectID must not be sent for configuration packages");
          return;
        }
    }
  else
    {
      if ((project = sb_request_require_project (req)) == NULL)
        return;
      if (g_strcmp0 (project->id, holder->project_id) != 0)
        {
          sb_reply_error (req, 400, "ERR006",
                          "X-MSTR-ProjectID '%s' is not the project of package '%s'",
                          project->id, holder->id);
          return;
        }
    }

  content = sb_json_get_array (body, "content");
  if (content == NULL || json_array_get_length (content) == 0)
    {
      sb_reply_error (req, 400, "ERR006",
                      "The package definition needs a non-empty 'content' array");
      return;
    }
  for (guint i = 0; i < json_array_get_length (content); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (content, i)))
      {
        sb_reply_error (req, 400, "ERR006", "Item %u of 'content' is not an object", i);
        return;
      }

  pkg = sb_engine_collect (req->store, project, type, "package", settings, content, &error);
  if (pkg == NULL)
    {
      sb_reply_gerror (req, error, TRUE);
      return;
    }

  /* Everything checked: now the holder changes. */
  g_clear_pointer (&holder->pkg, sb_package_file_free);
  g_clear_pointer (&holder->bytes, g_bytes_unref);
  g_clear_pointer (&holder->message, g_free);
  g_clear_pointer (&holder->settings, json_object_unref);
  holder->pkg = pkg;
  holder->settings = deep_copy_object (settings);
  holder->status = STATUS_PROCESSING;

  job = g_new0 (HolderJob, 1);
  job->holder = holder;
  job->sandbox = req->sandbox;
  job->total = MAX (pkg->items != NULL ? pkg->items->len : 0, 1);
  job_pacing (req->sandbox, job->total, &interval, &job->per_tick);
  holder->job = job;
  sb_sandbox_schedule (req->sandbox, interval, holder_job_tick, job, holder_job_free);

  sb_reply_json (req, 202, holder_status_json (holder));
}

/* GET /api/packages/{id} */
static void
handle_get_holder (SbRequest  *req,
                   const char *id)
{
  SbHolder *holder;
  gboolean show_content;

  if (!require_any_privilege (req, SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE))
    return;
  if ((holder = require_holder (req, id)) == NULL)
    return;
  if (!sb_request_query_bool (req, "showContent", TRUE, &show_content))
    return;

  sb_reply_json (req, 200, holder_to_json (holder, show_content));
}

/* DELETE /api/packages/{id} */
static void
handle_delete_holder (SbRequest  *req,
                      const char *id)
{
  SbHolder *holder;
  JsonNode *reply;

  if (!require_any_privilege (req, SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE))
    return;
  if ((holder = require_holder (req, id)) == NULL)
    return;
  if (!sb_request_require_prefer_async (req))
    return;

  holder->status = STATUS_DELETING;
  reply = holder_status_json (holder);
  req->session->holder = NULL;
  sb_holder_free (holder);

  sb_reply_json (req, 202, reply);
}

/* GET /api/packages/{id}/binary */
static void
handle_download_holder (SbRequest  *req,
                        const char *id)
{
  SbHolder *holder;

  if (!require_any_privilege (req, SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE))
    return;
  if ((holder = require_holder (req, id)) == NULL)
    return;

  if (!g_str_equal (holder->status, STATUS_READY) || holder->bytes == NULL)
    {
      sb_reply_error (req, 400, "ERR006",
                      "The package is not ready to download: its status is %s", holder->status);
      return;
    }

  sb_reply_bytes (req, 200, "application/octet-stream", holder->bytes, NULL);
}

/* The "file" part of a multipart/form-data body (new ref), or NULL. */
static GBytes *
multipart_file (SbRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  g_autoptr(SoupMultipart) multipart = NULL;
  GBytes *first = NULL;

  multipart = soup_multipart_new_from_message (headers, req->body);
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
static void
handle_upload_holder (SbRequest  *req,
                      const char *id)
{
  SbHolder *holder;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SbPackageFile *pkg;

  if (!require_any_privilege (req, SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE))
    return;
  if ((holder = require_holder (req, id)) == NULL)
    return;

  if (!g_str_equal (holder->status, STATUS_EMPTY))
    {
      sb_reply_error (req, 400, "ERR006",
                      "A package can only be uploaded into an empty package: its status is %s",
                      holder->status);
      return;
    }

  bytes = multipart_file (req);
  if (bytes == NULL)
    {
      sb_reply_error (req, 400, "ERR006",
                      "Expected a multipart/form-data body with a 'file' field");
      return;
    }

  if ((guint64) g_bytes_get_size (bytes) > sb_sandbox_get_max_package_bytes (req->sandbox))
    {
      g_autofree char *message = too_large_message (req->sandbox);

      sb_reply_error (req, 400, "ERR006", "%s", message);
      return;
    }

  pkg = sb_package_file_parse (bytes, &error);
  if (pkg == NULL)
    {
      sb_reply_error (req, 400, "ERR006", "The uploaded file is not a valid package: %s",
                      error != NULL ? error->message : "unreadable");
      return;
    }

  holder->pkg = pkg;
  holder->bytes = g_steal_pointer (&bytes);
  holder->status = STATUS_READY;

  sb_reply_json (req, 200, holder_status_json (holder));
}

/* ------------------------------------------------------------------------ */
/* Import processes                                                           */
/* ------------------------------------------------------------------------ */

void
sb_import_process_free (SbImportProcess *process)
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
                                              (GDestroyNotify) sb_import_process_free);
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
                       FerrySandbox    *sandbox)
{
  SbStore *store = sb_sandbox_get_store (sandbox);
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
    ok = sb_engine_undo (store, target, process->pkg, &error);
  else
    ok = sb_engine_import (store, target, process->pkg, process->generate_undo,
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
      sb_sandbox_save (sandbox, target);
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

  import_process_finish (process, job->sandbox);

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
  return object_node (object);
}

static SbImportProcess *
require_import (SbRequest  *req,
                const char *id)
{
  SbImportProcess *process = NULL;

  if (req->session->imports != NULL)
    process = g_hash_table_lookup (req->session->imports, id);
  if (process == NULL)
    sb_reply_error (req, 404, "ERR004", "Package import '%s' was not found", id);
  return process;
}

/* POST /api/packages/imports?packageId=…&generateUndo=… */
static void
handle_create_import (SbRequest *req)
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

  if (!sb_request_require_privileges (req, SB_PRIV_APPLY_PACKAGE))
    return;
  if (!sb_request_require_prefer_async (req))
    return;

  package_id = sb_request_query (req, "packageId");
  if (package_id == NULL || *package_id == '\0')
    {
      sb_reply_error (req, 400, "ERR005", "The query parameter 'packageId' is required");
      return;
    }
  if (!sb_request_query_bool (req, "generateUndo", TRUE, &generate_undo))
    return;
  if ((holder = require_holder (req, package_id)) == NULL)
    return;

  if (!g_str_equal (holder->status, STATUS_READY) || holder->bytes == NULL)
    {
      sb_reply_error (req, 400, "ERR006",
                      "Package '%s' is not ready to import: its status is %s",
                      holder->id, holder->status);
      return;
    }

  /* A fresh copy, so the holder may go away while the import runs. */
  pkg = sb_package_file_parse (holder->bytes, &error);
  if (pkg == NULL)
    {
      sb_reply_error (req, 400, "ERR006", "The package is not valid: %s",
                      error != NULL ? error->message : "unreadable");
      return;
    }

  if (g_strcmp0 (pkg->type, "configuration") == 0)
    {
      if (req->project_header != NULL)
        {
          sb_package_file_free (pkg);
          sb_reply_error (req, 400, "ERR006",
                          "X-MSTR-ProjectID must not be sent for configuration packages");
          return;
        }
    }
  else if ((project = sb_request_require_project (req)) == NULL)
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
  g_hash_table_replace (session_imports (req->session), process->id, process);

  if (g_strcmp0 (pkg->kind, "undo") == 0)
    n = pkg->undo_entries != NULL ? pkg->undo_entries->len : 0;
  else
    n = pkg->items != NULL ? pkg->items->len : 0;

  job = g_new0 (ImportJob, 1);
  job->process = process;
  job->sandbox = req->sandbox;
  job->total = MAX (n, 1);
  job_pacing (req->sandbox, job->total, &interval, &job->per_tick);
  process->job = job;
  sb_sandbox_schedule (req->sandbox, interval, import_job_tick, job, import_job_free);

  sb_reply_json (req, 202, import_process_to_json (process));
}

/* GET /api/packages/imports/{id} */
static void
handle_get_import (SbRequest  *req,
                   const char *id)
{
  SbImportProcess *process;

  if (!require_any_privilege (req, SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE))
    return;
  if ((process = require_import (req, id)) == NULL)
    return;

  sb_reply_json (req, 200, import_process_to_json (process));
}

/* DELETE /api/packages/imports/{id} */
static void
handle_delete_import (SbRequest  *req,
                      const char *id)
{
  if (!require_any_privilege (req, SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE))
    return;
  if (require_import (req, id) == NULL)
    return;
  if (!sb_request_require_prefer_async (req))
    return;

  g_hash_table_remove (req->session->imports, id);
  sb_reply_empty (req, 202);
}

/* GET /api/packages/imports/{id}/undoPackage/binary */
static void
handle_download_undo (SbRequest  *req,
                      const char *id)
{
  SbImportProcess *process;

  if (!require_any_privilege (req, SB_PRIV_CREATE_PACKAGE | SB_PRIV_APPLY_PACKAGE))
    return;
  if ((process = require_import (req, id)) == NULL)
    return;

  if (process->undo_bytes == NULL)
    {
      sb_reply_error (req, 404, "ERR004", "Package import '%s' has no undo package", id);
      return;
    }

  sb_reply_bytes (req, 200, "application/octet-stream", process->undo_bytes, NULL);
}

/* ------------------------------------------------------------------------ */
/* Routing                                                                    */
/* ------------------------------------------------------------------------ */

typedef enum
{
  PKG_CREATE_HOLDER,
  PKG_GET_HOLDER,
  PKG_DEFINE_HOLDER,
  PKG_DELETE_HOLDER,
  PKG_DOWNLOAD_HOLDER,
  PKG_UPLOAD_HOLDER,
  PKG_CREATE_IMPORT,
  PKG_GET_IMPORT,
  PKG_DELETE_IMPORT,
  PKG_DOWNLOAD_UNDO,
  PKG_NONE,
} PackageAction;

/* Finds the route of REQ: sets req->route and returns the action, or
 * PKG_NONE with *KNOWN saying whether only the method was wrong. */
static PackageAction
package_route (SbRequest *req,
               gboolean  *known)
{
  char **seg = req->segments;
  guint n = req->n_segments;

  *known = TRUE;

  if (n == 1)
    {
      req->route = "/api/packages";
      if (is_method (req, "POST"))
        return PKG_CREATE_HOLDER;
      return PKG_NONE;
    }

  if (g_str_equal (seg[1], "imports"))
    {
      if (n == 2)
        {
          req->route = "/api/packages/imports";
          if (is_method (req, "POST"))
            return PKG_CREATE_IMPORT;
          return PKG_NONE;
        }
      if (n == 3)
        {
          req->route = "/api/packages/imports/{id}";
          if (is_method (req, "GET"))
            return PKG_GET_IMPORT;
          if (is_method (req, "DELETE"))
            return PKG_DELETE_IMPORT;
          return PKG_NONE;
        }
      if (n == 5 && g_str_equal (seg[3], "undoPackage") && g_str_equal (seg[4], "binary"))
        {
          req->route = "/api/packages/imports/{id}/undoPackage/binary";
          if (is_method (req, "GET"))
            return PKG_DOWNLOAD_UNDO;
          return PKG_NONE;
        }
      *known = FALSE;
      return PKG_NONE;
    }

  if (n == 2)
    {
      req->route = "/api/packages/{id}";
      if (is_method (req, "GET"))
        return PKG_GET_HOLDER;
      if (is_method (req, "PUT"))
        return PKG_DEFINE_HOLDER;
      if (is_method (req, "DELETE"))
        return PKG_DELETE_HOLDER;
      return PKG_NONE;
    }

  if (n == 3 && g_str_equal (seg[2], "binary"))
    {
      req->route = "/api/packages/{id}/binary";
      if (is_method (req, "GET"))
        return PKG_DOWNLOAD_HOLDER;
      if (is_method (req, "PUT"))
        return PKG_UPLOAD_HOLDER;
      return PKG_NONE;
    }

  *known = FALSE;
  return PKG_NONE;
}

void
sb_handle_packages (SbRequest *req)
{
  gboolean known;
  PackageAction action = package_route (req, &known);

  if (action == PKG_NONE)
    {
      if (known)
        sb_reply_error (req, 405, "ERR001", "HTTP 405 Method Not Allowed");
      else
        sb_reply_error (req, 404, "ERR004", "HTTP 404 Not Found");
      return;
    }

  if (!sb_request_require_session (req))
    return;

  switch (action)
    {
    case PKG_CREATE_HOLDER:
      handle_create_holder (req);
      break;
    case PKG_GET_HOLDER:
      handle_get_holder (req, req->segments[1]);
      break;
    case PKG_DEFINE_HOLDER:
      handle_define_holder (req, req->segments[1]);
      break;
    case PKG_DELETE_HOLDER:
      handle_delete_holder (req, req->segments[1]);
      break;
    case PKG_DOWNLOAD_HOLDER:
      handle_download_holder (req, req->segments[1]);
      break;
    case PKG_UPLOAD_HOLDER:
      handle_upload_holder (req, req->segments[1]);
      break;
    case PKG_CREATE_IMPORT:
      handle_create_import (req);
      break;
    case PKG_GET_IMPORT:
      handle_get_import (req, req->segments[2]);
      break;
    case PKG_DELETE_IMPORT:
      handle_delete_import (req, req->segments[2]);
      break;
    case PKG_DOWNLOAD_UNDO:
      handle_download_undo (req, req->segments[2]);
      break;
    case PKG_NONE:
    default:
      g_assert_not_reached ();
    }
}
