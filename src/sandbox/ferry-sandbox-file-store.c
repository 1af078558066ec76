/* ferry-sandbox-file-store.c: the shared file store and migrations from it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Transfers: a download is streamed from the file in chunks (the response
 * body does not accumulate; each chunk is read when the previous one has
 * been written). An upload never is in memory either: the HTTP layer
 * (ferry-sandbox-http.c) bounds it by its Content-Length and writes the
 * file part of its multipart body to a temporary file as it arrives, its
 * size and sha256 counted (ferry-sandbox-upload.c); the handler checks them
 * against the metadata and moves the file into place.
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ferry-sandbox-file-store.h"
#include "ferry-sandbox-upload.h"
#include "ferry-sandbox-migration-jobs.h"

#define FILE_TYPE       "migrations.packages"
#define FILE_ID_PREFIX  FILE_TYPE ":"
#define METADATA_DIR    "mstr/shared/migrations/sharedFileStore"
#define PURPOSE         "migration_from_shared_file_store"
#define CHUNK_SIZE      (256 * 1024)

/* ------------------------------------------------------------------------ */
/* Ids and metadata                                                           */
/* ------------------------------------------------------------------------ */

static char *
file_id_for_hex (const char *hex)
{
  g_autofree char *text = g_strconcat (FILE_ID_PREFIX, hex, NULL);

  return g_base64_encode ((const guchar *) text, strlen (text));
}

/* The 32-hex of a file id, or NULL when ID is not one. */
static char *
hex_for_file_id (const char *id)
{
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;

  if (id == NULL || *id == '\0' || strspn (id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                           "abcdefghijklmnopqrstuvwxyz0123456789+/=") != strlen (id))
    return NULL;
  decoded = g_base64_decode (id, &len);
  text = g_strndup ((const char *) decoded, len);
  if (!g_str_has_prefix (text, FILE_ID_PREFIX) || !sb_is_hex_id (text + strlen (FILE_ID_PREFIX)))
    return NULL;
  return g_ascii_strup (text + strlen (FILE_ID_PREFIX), -1);
}

static char *
metadata_file (const char *storage,
               const char *hex)
{
  g_autofree char *name = g_strconcat (hex, ".json", NULL);

  return g_build_filename (storage, METADATA_DIR, name, NULL);
}

static JsonObject *
read_metadata (const char *storage,
               const char *hex)
{
  g_autofree char *path = metadata_file (storage, hex);

  return sb_json_read_object_file (path);
}

static gboolean
write_metadata (const char  *storage,
                const char  *hex,
                JsonObject  *metadata,
                GError     **error)
{
  g_autofree char *dir = g_build_filename (storage, METADATA_DIR, NULL);
  g_autofree char *path = metadata_file (storage, hex);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, SB_ERROR, SB_ERROR_IO, "Cannot create '%s': %s", dir, g_strerror (saved));
      return FALSE;
    }
  return sb_json_write_object_file (path, metadata, error);
}

/* The metadata of the route's file (new ref) and its hex, or 404 ERR004. */
static JsonObject *
require_file (SbContext  *ctx,
              char      **hex_out)
{
  g_autofree char *hex = hex_for_file_id (ctx->id);
  JsonObject *metadata = hex != NULL ? read_metadata (ctx->host->settings.shared_storage, hex) : NULL;

  if (metadata == NULL)
    {
      sb_reply_error (ctx, 404, "ERR004", "Shared file '%s' was not found", ctx->id);
      return NULL;
    }
  if (hex_out != NULL)
    *hex_out = g_steal_pointer (&hex);
  return metadata;
}

static char *
content_file (SbContext  *ctx,
              JsonObject *metadata)
{
  return sb_storage_file (ctx->host->settings.shared_storage, sb_json_get_string (metadata, "path"));
}

/* ------------------------------------------------------------------------ */
/* POST …/files                                                               */
/* ------------------------------------------------------------------------ */

static gboolean
is_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    if (!g_ascii_isxdigit (*c))
      return FALSE;
  return TRUE;
}

void
sb_handle_shared_file_create (SbContext *ctx)
{
  const char *storage = ctx->host->settings.shared_storage;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) metadata = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *hex = NULL;
  g_autofree char *id = NULL;
  g_autofree char *day = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sha256 = NULL;
  const char *name, *extension, *type, *sha;
  JsonObject *environment, *extra_info;
  JsonNode *size_node;
  gint64 size;
  SbAccount *account = ctx->session->account;

  /* Manage Migration Packages is the route's; uploading also needs
   * Environment Administrator. */
  if (!sb_request_require_privileges (ctx, SB_PRIV_ADMINISTER))
    return;
  if ((body = sb_request_parse_object (ctx)) == NULL)
    return;

  if (!sb_request_member_string (ctx, body, "name", "name", TRUE, &name) ||
      !sb_request_member_string (ctx, body, "extension", "extension", FALSE, &extension) ||
      !sb_request_member_string (ctx, body, "type", "type", TRUE, &type) ||
      !sb_request_member_string (ctx, body, "sha256", "sha256", TRUE, &sha) ||
      !sb_request_member_object (ctx, body, "environment", "environment", &environment) ||
      !sb_request_member_object (ctx, body, "extraInfo", "extraInfo", &extra_info))
    return;

  if (*name == '\0')
    {
      sb_reply_error (ctx, 400, "ERR006", "'name' must not be empty");
      return;
    }
  if (!g_str_equal (type, FILE_TYPE))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "Invalid type '%s': the only supported type is " FILE_TYPE, type);
      return;
    }
  if (extension != NULL && !g_str_equal (extension, "mmp"))
    {
      sb_reply_error (ctx, 400, "ERR006", "Invalid extension '%s': must be mmp", extension);
      return;
    }
  if (!is_sha256 (sha))
    {
      sb_reply_error (ctx, 400, "ERR006", "'sha256' must be 64 hexadecimal digits");
      return;
    }

  size_node = json_object_get_member (body, "size");
  if (!sb_json_node_is_int (size_node) || (size = json_node_get_int (size_node)) <= 0)
    {
      sb_reply_error (ctx, 400, "ERR006", "'size' must be a positive integer (bytes)");
      return;
    }
  if ((guint64) size > ctx->host->settings.max_package_bytes)
    {
      g_autofree char *limit = sb_format_size_limit (ctx->host->settings.max_package_bytes);

      sb_reply_error (ctx, 400, "ERR006", "The package exceeds the maximum size of %s", limit);
      return;
    }

  hex = sb_new_hex_id ();
  id = file_id_for_hex (hex);
  day = g_date_time_format (now, "%Y-%m-%d");
  path = g_strdup_printf ("mstr/shared/migrations/packages/%s/%s.mmp", day, hex);
  sha256 = g_ascii_strdown (sha, -1);

  metadata = json_object_new ();
  json_object_set_string_member (metadata, "id", id);
  json_object_set_string_member (metadata, "type", FILE_TYPE);
  json_object_set_string_member (metadata, "name", name);
  json_object_set_string_member (metadata, "path", path);
  json_object_set_string_member (metadata, "sha256", sha256);
  json_object_set_boolean_member (metadata, "existing", FALSE);
  json_object_set_int_member (metadata, "size", size);
  json_object_set_string_member (metadata, "extension", "mmp");
  json_object_set_object_member (metadata, "creator",
                                 sb_json_id_name (account->user_id,
                                                  account->full_name != NULL ? account->full_name
                                                                             : account->login));
  json_object_set_object_member (metadata, "environment",
                                 environment != NULL ? sb_json_object_dup (environment) : json_object_new ());
  sb_json_set_now (metadata, "creationDate");
  sb_json_set_now (metadata, "lastUpdatedDate");
  json_object_set_object_member (metadata, "extraInfo",
                                 extra_info != NULL ? sb_json_object_dup (extra_info) : json_object_new ());

  if (!write_metadata (storage, hex, metadata, &error))
    {
      sb_reply_error (ctx, 500, "ERR001", "%s", error->message);
      return;
    }
  sb_reply_json (ctx, 200, sb_json_node_take_object (json_object_ref (metadata)));
}

/* ------------------------------------------------------------------------ */
/* GET …/files, DELETE …/files/{id}                                          */
/* ------------------------------------------------------------------------ */

static int
compare_creation (gconstpointer a,
                  gconstpointer b)
{
  JsonObject *x = *(JsonObject * const *) a;
  JsonObject *y = *(JsonObject * const *) b;
  int order = g_strcmp0 (sb_json_get_string (x, "creationDate"), sb_json_get_string (y, "creationDate"));

  return order != 0 ? order : g_strcmp0 (sb_json_get_string (x, "id"), sb_json_get_string (y, "id"));
}

void
sb_handle_shared_file_list (SbContext *ctx)
{
  const char *storage = ctx->host->settings.shared_storage;
  const char *type = sb_request_query (ctx, "type");
  g_autofree char *dir_path = g_build_filename (storage, METADATA_DIR, NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonObject *answer;
  JsonArray *data;
  gint64 offset, limit;
  const char *entry;

  if (type != NULL && !g_str_equal (type, FILE_TYPE))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "Invalid type '%s': the only supported type is " FILE_TYPE, type);
      return;
    }
  if (!sb_request_paging (ctx, 1000, &offset, &limit))
    return;
  if (limit > 1000)
    {
      sb_reply_error (ctx, 400, "ERR006", "'limit' must be at most 1000");
      return;
    }

  dir = g_dir_open (dir_path, 0, NULL);
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *hex = NULL;
      JsonObject *metadata;

      if (!g_str_has_suffix (entry, ".json"))
        continue;
      hex = g_strndup (entry, strlen (entry) - strlen (".json"));
      if (sb_is_hex_id (hex) && (metadata = read_metadata (storage, hex)) != NULL)
        g_ptr_array_add (files, metadata);
    }
  g_ptr_array_sort (files, compare_creation);

  answer = json_object_new ();
  data = json_array_new ();
  for (guint k = (guint) offset; k < files->len && (limit < 0 || k < (guint64) offset + limit); k++)
    json_array_add_object_element (data, json_object_ref (g_ptr_array_index (files, k)));
  json_object_set_array_member (answer, "data", data);
  sb_reply_json (ctx, 200, sb_json_node_take_object (answer));
}

void
sb_handle_shared_file_delete (SbContext *ctx)
{
  const char *storage = ctx->host->settings.shared_storage;
  g_autofree char *hex = NULL;
  g_autoptr(JsonObject) metadata = require_file (ctx, &hex);
  g_autofree char *file = NULL;
  g_autofree char *meta_path = NULL;

  if (metadata == NULL)
    return;
  file = content_file (ctx, metadata);
  if (file != NULL && g_unlink (file) != 0 && errno != ENOENT)
    g_warning ("Cannot remove '%s': %s", file, g_strerror (errno));
  meta_path = metadata_file (storage, hex);
  if (g_unlink (meta_path) != 0 && errno != ENOENT)
    {
      sb_reply_error (ctx, 500, "ERR001", "The shared file cannot be deleted: %s", g_strerror (errno));
      return;
    }
  sb_reply_empty (ctx, 204);
}

/* ------------------------------------------------------------------------ */
/* PUT …/files/{id}/binary                                                    */
/* ------------------------------------------------------------------------ */

void
sb_handle_shared_file_upload (SbContext *ctx)
{
  const char *storage = ctx->host->settings.shared_storage;
  SbUpload *upload = sb_upload_from_message (ctx->msg);
  g_autofree char *hex = NULL;
  g_autoptr(JsonObject) metadata = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;
  const char *expected_sha, *sha256, *message = NULL;
  gint64 expected_size;
  SbUploadStatus status;

  /* Manage Migration Packages is the route's; uploading also needs
   * Environment Administrator. */
  if (!sb_request_require_privileges (ctx, SB_PRIV_ADMINISTER))
    return;
  if ((metadata = require_file (ctx, &hex)) == NULL)
    return;
  if (json_object_get_boolean_member_with_default (metadata, "existing", FALSE))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "Shared file '%s' has already been uploaded: delete it and create a new one",
                      ctx->id);
      return;
    }
  file = content_file (ctx, metadata);
  if (file == NULL)
    {
      sb_reply_error (ctx, 500, "ERR001", "The shared file has an invalid path");
      return;
    }
  if (upload == NULL)
    {
      sb_reply_error (ctx, 500, "ERR001", "The upload was not received");
      return;
    }

  status = sb_upload_finish (upload, &message);
  switch (status)
    {
    case SB_UPLOAD_OK:
      break;
    case SB_UPLOAD_TOO_LARGE:
      {
        g_autofree char *limit = sb_format_size_limit (ctx->host->settings.max_package_bytes);

        sb_reply_error (ctx, 413, "ERR006", "The request body exceeds the maximum package size of %s", limit);
        return;
      }
    case SB_UPLOAD_IO:
      sb_reply_error (ctx, 500, "ERR001", "%s", message);
      return;
    case SB_UPLOAD_MALFORMED:
    default:
      sb_reply_error (ctx, 400, "ERR006", "Expected a multipart/form-data body with a 'file' field");
      return;
    }

  expected_size = json_object_get_int_member_with_default (metadata, "size", -1);
  if (sb_upload_get_size (upload) != expected_size)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "The size of the uploaded file (%" G_GINT64_FORMAT " bytes) does not match the size in its metadata (%" G_GINT64_FORMAT " bytes)",
                      (gint64) sb_upload_get_size (upload), expected_size);
      return;
    }
  sha256 = sb_upload_get_sha256 (upload);
  expected_sha = sb_json_get_string_or (metadata, "sha256", "");
  if (g_ascii_strcasecmp (sha256, expected_sha) != 0)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "The sha256 of the uploaded file (%s) does not match the sha256 in its metadata (%s)",
                      sha256, expected_sha);
      return;
    }
  if (!sb_upload_take_file (upload, file, &error))
    {
      sb_reply_error (ctx, 500, "ERR001", "%s", error->message);
      return;
    }

  json_object_set_boolean_member (metadata, "existing", TRUE);
  sb_json_set_now (metadata, "lastUpdatedDate");
  if (!write_metadata (storage, hex, metadata, &error))
    {
      sb_reply_error (ctx, 500, "ERR001", "%s", error->message);
      return;
    }
  sb_reply_json (ctx, 200, sb_json_node_take_object (json_object_ref (metadata)));
}

/* ------------------------------------------------------------------------ */
/* GET …/files/{id}/binary: streamed                                          */
/* ------------------------------------------------------------------------ */

typedef struct
{
  GInputStream    *in;
  SoupMessageBody *body;     /* the response body, owned by the message */
} Download;

static void
download_free (gpointer  data,
               GClosure *closure G_GNUC_UNUSED)
{
  Download *d = data;

  g_clear_object (&d->in);
  g_free (d);
}

/* Appends the next chunk of the file, or completes the body at its end. */
static void
download_next (Download *d)
{
  g_autoptr(GError) error = NULL;
  guint8 *buffer;
  gssize n;

  if (d->in == NULL)
    return;
  buffer = g_malloc (CHUNK_SIZE);
  n = g_input_stream_read (d->in, buffer, CHUNK_SIZE, NULL, &error);
  if (n > 0)
    {
      soup_message_body_append_take (d->body, buffer, (gsize) n);
      return;
    }
  g_free (buffer);
  if (n < 0)
    g_warning ("Shared file download: %s", error->message);
  g_clear_object (&d->in);
  soup_message_body_complete (d->body);
}

static void
download_wrote_chunk (SoupServerMessage *msg G_GNUC_UNUSED,
                      guint              chunk_size G_GNUC_UNUSED,
                      gpointer           data)
{
  download_next (data);
}

gboolean
sb_file_store_reply_file (SbContext  *ctx,
                          const char *file,
                          const char *filename)
{
  g_autofree char *disposition = NULL;
  g_autoptr(GFile) gfile = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileInfo) info = NULL;
  SoupMessageHeaders *headers;
  Download *d;

  gfile = g_file_new_for_path (file);
  in = g_file_read (gfile, NULL, NULL);
  info = in != NULL ? g_file_input_stream_query_info (in, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, NULL) : NULL;
  if (info == NULL)
    return FALSE;

  disposition = g_str_has_suffix (filename, ".mmp") ? g_strdup_printf ("attachment; filename=%s", filename)
                                                    : g_strdup_printf ("attachment; filename=%s.mmp", filename);
  headers = soup_server_message_get_response_headers (ctx->msg);
  soup_server_message_set_status (ctx->msg, 200, NULL);
  soup_message_headers_set_content_type (headers, "application/octet-stream", NULL);
  soup_message_headers_replace (headers, "Content-Disposition", disposition);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CONTENT_LENGTH);
  soup_message_headers_set_content_length (headers, g_file_info_get_size (info));

  d = g_new0 (Download, 1);
  d->in = G_INPUT_STREAM (g_steal_pointer (&in));
  d->body = soup_server_message_get_response_body (ctx->msg);
  soup_message_body_set_accumulate (d->body, FALSE);
  g_signal_connect_data (ctx->msg, "wrote-chunk", G_CALLBACK (download_wrote_chunk), d,
                         download_free, 0);
  download_next (d);
  ctx->replied = TRUE;
  return TRUE;
}

void
sb_handle_shared_file_download (SbContext *ctx)
{
  g_autoptr(JsonObject) metadata = NULL;
  g_autofree char *file = NULL;

  if ((metadata = require_file (ctx, NULL)) == NULL)
    return;
  file = content_file (ctx, metadata);
  if (!json_object_get_boolean_member_with_default (metadata, "existing", FALSE) || file == NULL)
    {
      sb_reply_error (ctx, 404, "ERR004", "Shared file '%s' has not been uploaded", ctx->id);
      return;
    }
  if (!sb_file_store_reply_file (ctx, file, sb_json_get_string_or (metadata, "name", "package")))
    sb_reply_error (ctx, 404, "ERR004", "The content of shared file '%s' is not in the storage", ctx->id);
}

/* ------------------------------------------------------------------------ */
/* GET /api/migrations/imports/{importId}/binary: the undo package            */
/* ------------------------------------------------------------------------ */

void
sb_handle_migration_undo_download (SbContext *ctx)
{
  const char *storage = ctx->host->settings.shared_storage;
  GPtrArray *order = ctx->store->migration_order;
  g_autofree char *file = NULL;
  g_autofree char *filename = NULL;
  const char *path = NULL;

  /* The target's record of an imported migration with an undo package. */
  for (guint k = order->len; k > 0 && path == NULL; k--)
    {
      SbMigration *m = g_hash_table_lookup (ctx->store->migrations, g_ptr_array_index (order, k - 1));

      if (m != NULL && m->target_role && sb_migration_import_id (m) != NULL &&
          g_ascii_strcasecmp (sb_migration_import_id (m), ctx->id) == 0)
        path = sb_migration_storage_path (sb_migration_import_info (m), "undoStorage");
    }
  if (path == NULL)
    {
      sb_reply_error (ctx, 404, "ERR006", "No undo package was found for import '%s'", ctx->id);
      return;
    }
  file = sb_storage_file (storage, path);
  filename = g_strdup_printf ("undo-%s.mmp", ctx->id);
  if (file == NULL || !sb_file_store_reply_file (ctx, file, filename))
    sb_reply_error (ctx, 404, "ERR006", "The undo package of import '%s' is not in the shared storage", ctx->id);
}

/* ------------------------------------------------------------------------ */
/* POST /api/migrations, purpose migration_from_shared_file_store            */
/* ------------------------------------------------------------------------ */

void
sb_file_store_create_migration (SbContext  *ctx,
                                JsonObject *body)
{
  const char *storage = ctx->host->settings.shared_storage;
  g_autoptr(JsonObject) metadata = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *file = NULL;
  g_autofree char *import_id = NULL;
  JsonObject *pi, *storage_info, *shared, *files, *environment, *project_body, *toc;
  JsonObject *import_info, *import_environment, *import_project;
  const char *file_id, *type, *name, *project_body_id;
  SbProject *project = NULL;
  SbPackageFile *pkg;
  SbAccount *account = ctx->session->account;
  JsonObject *record, *p, *i, *info;
  SbMigration *m;

  /* The import starts at creation: Apply package as for a target PUT. */
  if (!sb_request_require_privileges (ctx, SB_PRIV_APPLY_PACKAGE))
    return;

  if (!sb_request_member_object (ctx, body, "packageInfo", "packageInfo", &pi) ||
      !sb_request_member_object (ctx, pi, "storage", "packageInfo.storage", &storage_info) ||
      !sb_request_member_object (ctx, storage_info, "sharedFileStore", "packageInfo.storage.sharedFileStore", &shared) ||
      !sb_request_member_object (ctx, shared, "files", "packageInfo.storage.sharedFileStore.files", &files) ||
      !sb_request_member_string (ctx, files, "id", "packageInfo.storage.sharedFileStore.files.id", TRUE, &file_id) ||
      !sb_request_member_string (ctx, pi, "type", "packageInfo.type", FALSE, &type) ||
      !sb_request_member_string (ctx, pi, "name", "packageInfo.name", FALSE, &name) ||
      !sb_request_member_object (ctx, body, "importInfo", "importInfo", &import_info) ||
      !sb_request_member_object (ctx, import_info, "environment", "importInfo.environment", &import_environment) ||
      !sb_request_member_object (ctx, import_info, "project", "importInfo.project", &import_project) ||
      !sb_request_member_string (ctx, import_project, "id", "importInfo.project.id", FALSE, &project_body_id))
    return;

  hex = hex_for_file_id (file_id);
  metadata = hex != NULL ? read_metadata (storage, hex) : NULL;
  if (metadata == NULL)
    {
      sb_reply_error (ctx, 400, "ERR006", "Shared file '%s' was not found", file_id);
      return;
    }
  if (!json_object_get_boolean_member_with_default (metadata, "existing", FALSE))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "Shared file '%s' has no content yet: upload it first (PUT …/files/{fileId}/binary)",
                      file_id);
      return;
    }

  file = content_file (ctx, metadata);
  pkg = file != NULL ? sb_storage_read_package_file (file, &error) : NULL;
  if (pkg == NULL)
    {
      sb_reply_error (ctx, 400, "ERR006", "Shared file '%s' is not a valid package: %s", file_id,
                      error != NULL ? error->message : "unreadable");
      return;
    }
  if (type != NULL && g_strcmp0 (type, pkg->type) != 0)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "packageInfo.type '%s' is not the type of the package file ('%s')",
                      type, pkg->type != NULL ? pkg->type : "");
      sb_package_file_free (pkg);
      return;
    }

  if (!g_str_equal (pkg->type, "configuration"))
    {
      if ((project = sb_request_require_project (ctx)) == NULL)
        {
          sb_package_file_free (pkg);
          return;
        }
      if (project_body_id != NULL && *project_body_id != '\0' &&
          g_ascii_strcasecmp (project_body_id, project->id) != 0)
        {
          sb_reply_error (ctx, 400, "ERR006",
                          "importInfo.project.id '%s' is not the project of X-MSTR-ProjectID ('%s')",
                          project_body_id, project->id);
          sb_package_file_free (pkg);
          return;
        }
    }

  /* Everything checked: the record, locked, approved and importing. */
  import_id = sb_new_hex_id ();
  environment = sb_json_get_object (metadata, "environment");

  p = json_object_new ();
  json_object_set_string_member (p, "id", hex);
  json_object_set_boolean_member (p, "replicated", FALSE);
  json_object_set_string_member (p, "type", pkg->type);
  json_object_set_string_member (p, "purpose", PURPOSE);
  json_object_set_string_member (p, "name", name != NULL && *name != '\0' ? name
                                            : sb_json_get_string_or (metadata, "name", ""));
  json_object_set_object_member (p, "creator",
                                 sb_json_id_name (account->user_id,
                                                  account->full_name != NULL ? account->full_name
                                                                             : account->login));
  sb_json_set_now (p, "creationDate");
  sb_json_set_now (p, "lastUpdatedDate");
  json_object_set_object_member (p, "environment",
                                 environment != NULL ? sb_json_object_dup (environment) : json_object_new ());
  info = json_object_new ();
  json_object_set_int_member (info, "size", json_object_get_int_member_with_default (metadata, "size", 0));
  json_object_set_string_member (info, "path", sb_json_get_string (metadata, "path"));
  json_object_set_object_member (p, "storage", info);
  if (pkg->project_id != NULL)
    json_object_set_object_member (p, "project", sb_json_id_name (pkg->project_id, pkg->project_name));
  else if ((project_body = sb_json_get_object (pi, "project")) != NULL)
    json_object_set_object_member (p, "project", sb_json_object_dup (project_body));
  json_object_set_string_member (p, "status", "locked");
  json_object_set_string_member (p, "message", "");
  json_object_set_int_member (p, "progress", 100);
  json_object_set_boolean_member (p, "deleted", FALSE);
  json_object_set_boolean_member (p, "existing", TRUE);
  toc = json_object_new ();
  json_object_set_object_member (toc, "settings",
                                 pkg->settings != NULL ? sb_json_object_dup (pkg->settings) : json_object_new ());
  json_object_set_array_member (toc, "content",
                                pkg->content != NULL ? sb_json_array_dup (pkg->content) : json_array_new ());
  json_object_set_object_member (p, "tocView", toc);
  json_object_set_object_member (p, "treeView", json_object_new ());

  i = json_object_new ();
  json_object_set_string_member (i, "id", import_id);
  json_object_set_object_member (i, "creator", json_object_new ());
  sb_json_set_now (i, "creationDate");
  sb_json_set_now (i, "lastUpdatedDate");
  json_object_set_object_member (i, "environment",
                                 import_environment != NULL ? sb_json_object_dup (import_environment)
                                                            : json_object_new ());
  json_object_set_string_member (i, "status", "importing");
  json_object_set_string_member (i, "importRequestStatus", "approved");
  json_object_set_string_member (i, "undoRequestStatus", "pending");
  json_object_set_int_member (i, "progress", 0);
  json_object_set_string_member (i, "message", "");
  json_object_set_object_member (i, "undoStorage", json_object_new ());
  if (project != NULL)
    {
      const char *given_name = import_project != NULL ? sb_json_get_string (import_project, "name") : NULL;

      json_object_set_object_member (i, "project",
                                     sb_json_id_name (project->id, given_name != NULL && *given_name != '\0'
                                                                   ? given_name : project->name));
    }
  json_object_set_boolean_member (i, "deleted", FALSE);

  record = json_object_new ();
  m = g_new0 (SbMigration, 1);
  m->id = g_strdup_printf ("%s:%s", hex, import_id);
  json_object_set_string_member (record, "id", m->id);
  json_object_set_object_member (record, "packageInfo", p);
  json_object_set_object_member (record, "importInfo", i);
  json_object_set_string_member (record, "version", "2");
  m->record = record;
  m->target_role = TRUE;
  sb_store_add_migration (ctx->store, m);
  sb_migration_normalize (m);

  sb_migration_start_job (ctx, m, SB_MIGRATION_JOB_IMPORT, pkg, project != NULL ? project->id : NULL, TRUE);
  sb_host_save (ctx->host, NULL);

  sb_reply_json (ctx, 201, sb_migration_short_form (m));
}
