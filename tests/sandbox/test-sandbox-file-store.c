/* test-sandbox-file-store.c: the shared file store (§6), migrations from it
 * (§5.2 H) with undo, editing (§5.2 E) and reusing (§5.2 F) a package
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <glib/gstdio.h>

#include "sb-test-util.h"

#define P     SBT_TUTORIAL_ID
#define FILES "/api/mstrServices/library/storage/sharedFileStore/files"

static const char *const file_fields[] = {
  "id", "type", "name", "path", "sha256", "existing", "size", "extension",
  "creator", "environment", "creationDate", "lastUpdatedDate", "extraInfo", NULL
};

static void
assert_members (JsonNode           *node,
                const char *const  *names)
{
  JsonObject *object = json_node_get_object (node);
  guint n = 0;

  for (guint k = 0; names[k] != NULL; k++, n++)
    if (!json_object_has_member (object, names[k]))
      g_error ("member '%s' is missing in %s", names[k], sbt_json_to_string (node));
  g_assert_cmpuint (json_object_get_size (object), ==, n);
}

static void
assert_no_body (SbtResponse *r,
                guint        status)
{
  sbt_assert_status (r, status);
  g_assert_cmpuint (g_bytes_get_size (r->body), ==, 0);
}

/* An object migration of Year (force_replace) created on SRC: its id. */
static char *
create_year_migration (SbtClient  *src,
                       const char *src_url,
                       const char *tgt_url,
                       JsonNode  **record)
{
  g_autoptr(JsonNode) settings = sbt_json_parse ("{\"defaultAction\":\"use_existing\","
                                                 "\"aclOnReplacingObjects\":\"use_existing\","
                                                 "\"aclOnNewObjects\":[\"keep_acl_as_source_object\"]}");
  g_autofree char *content_text = g_strdup_printf ("[{\"id\":\"%s\",\"type\":12,\"action\":\"force_replace\","
                                                   "\"includeDependents\":false}]", SBT_YEAR_ID);
  g_autoptr(JsonNode) content = sbt_json_parse (content_text);
  g_autoptr(JsonNode) body = sbt_migration_body (src_url, tgt_url, "object_migration", "project", P,
                                                 settings, content);

  return sbt_migration_create (src, P, body, record);
}

static GBytes *
multipart_form (GBytes              *bytes,
                char               **content_type)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  SoupMessageHeaders *headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  GBytes *form = NULL;

  soup_multipart_append_form_file (multipart, "file", "package.mmp", "application/octet-stream", bytes);
  soup_multipart_to_message (multipart, headers, &form);
  *content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  soup_message_headers_unref (headers);
  return form;
}

static SbtResponse *
upload (SbtClient  *client,
        const char *file_id,
        GBytes     *bytes)
{
  g_autofree char *escaped = g_uri_escape_string (file_id, NULL, FALSE);
  g_autofree char *path = g_strdup_printf (FILES "/%s/binary", escaped);
  g_autofree char *content_type = NULL;
  g_autoptr(GBytes) form = multipart_form (bytes, &content_type);

  return sbt_request_full (client, "PUT", path, NULL, content_type, form, TRUE);
}

static char *
metadata_body (GBytes     *bytes,
               gint64      size,
               const char *env_url)
{
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  return g_strdup_printf ("{\"name\":\"Year.mmp\",\"extension\":\"mmp\",\"type\":\"migrations.packages\","
                          "\"size\":%" G_GINT64_FORMAT ",\"sha256\":\"%s\","
                          "\"environment\":{\"id\":\"%s\",\"name\":\"Development\"},"
                          "\"extraInfo\":{\"packageType\":\"project\","
                          "\"packagePurpose\":\"migration_from_shared_file_store\"}}",
                          size, sha, env_url);
}

static void
test_file_store_import_undo (void)
{
  SbtPair pair;
  g_autoptr(SbtClient) src = NULL;
  g_autoptr(SbtClient) tgt = NULL;
  g_autoptr(SbtClient) analyst = NULL;
  g_autoptr(SbtClient) architect = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) imported = NULL;
  g_autoptr(JsonNode) undone = NULL;
  g_autoptr(JsonNode) year_dev = NULL;
  g_autoptr(JsonNode) year_prod = NULL;
  g_autoptr(SbtResponse) binary = NULL;
  g_autoptr(SbtResponse) created = NULL;
  g_autoptr(SbtResponse) uploaded = NULL;
  g_autoptr(GBytes) wrong = NULL;
  g_autoptr(GBytes) shorter = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *file_id = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *migration_id = NULL;
  g_autofree char *day = NULL;
  g_autofree char *expected_path = NULL;
  g_autofree guchar *decoded = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *src_url, *tgt_url;
  gsize decoded_len = 0;

  sbt_pair_start (&pair, NULL, NULL);
  src = sbt_client_new_admin (pair.dev);
  tgt = sbt_client_new_admin (pair.prod);
  src_url = ferry_sandbox_get_base_url (pair.dev);
  tgt_url = ferry_sandbox_get_base_url (pair.prod);
  analyst = sbt_client_new_login (tgt_url, "analyst", "analyst");
  /* Manage Migration Packages without Environment Administrator: may
   * list and download, never upload. */
  architect = sbt_client_new_login (tgt_url, "architect", "Arch1tect!");

  /* A .mmp made by the sandbox itself, downloaded from the source */
  id = create_year_migration (src, src_url, tgt_url, &record);
  g_assert_cmpstr (sbt_json_get_string (record, "packageInfo.status"), ==, "created");
  path = g_strdup_printf ("/api/migrations/packages/%s/binary", sbt_json_get_string (record, "packageInfo.id"));
  binary = sbt_request (src, "GET", path, NULL, "Accept", "application/octet-stream", NULL);
  sbt_assert_status (binary, 200);
  g_assert_cmpuint (g_bytes_get_size (binary->body), >, 16);

  /* POST …/files: privileges, invalid metadata, then the metadata */
  meta = metadata_body (binary->body, (gint64) g_bytes_get_size (binary->body), src_url);
  {
    g_autoptr(SbtResponse) r = sbt_request (analyst, "POST", FILES, meta, NULL);
    g_autoptr(SbtResponse) a = sbt_request (architect, "POST", FILES, meta, NULL);
    g_autoptr(SbtResponse) listed = sbt_request (architect, "GET", FILES, NULL, NULL);
    g_autoptr(SbtResponse) not_listed = sbt_request (analyst, "GET", FILES, NULL, NULL);

    sbt_assert_contains (sbt_assert_error (r, 403, "ERR014"), "Manage Migration Packages");
    sbt_assert_contains (sbt_assert_error (a, 403, "ERR014"), "Environment Administrator");
    sbt_assert_status (listed, 200);
    sbt_assert_error (not_listed, 403, "ERR014");
  }
  {
    g_autoptr(SbtResponse) r = sbt_request (tgt, "POST", FILES,
                                            "{\"name\":\"x\",\"type\":\"images\",\"size\":1,"
                                            "\"sha256\":\"00\"}", NULL);
    sbt_assert_error (r, 400, "ERR006");
  }
  created = sbt_request (tgt, "POST", FILES, meta, NULL);
  sbt_assert_status (created, 200);
  assert_members (created->json, file_fields);
  g_assert_false (sbt_json_get_bool (created->json, "existing"));
  g_assert_cmpint (sbt_json_get_int (created->json, "size"), ==, (gint64) g_bytes_get_size (binary->body));
  g_assert_cmpstr (sbt_json_get_string (created->json, "type"), ==, "migrations.packages");
  g_assert_cmpstr (sbt_json_get_string (created->json, "extension"), ==, "mmp");
  g_assert_cmpstr (sbt_json_get_string (created->json, "environment.id"), ==, src_url);
  g_assert_cmpstr (sbt_json_get_string (created->json, "extraInfo.packageType"), ==, "project");
  file_id = g_strdup (sbt_json_get_string (created->json, "id"));
  decoded = g_base64_decode (file_id, &decoded_len);
  g_assert_cmpuint (decoded_len, ==, strlen ("migrations.packages:") + 32);
  g_assert_true (memcmp (decoded, "migrations.packages:", strlen ("migrations.packages:")) == 0);
  hex = g_strndup ((const char *) decoded + strlen ("migrations.packages:"), 32);
  g_assert_true (sbt_is_hex32 (hex));
  day = g_date_time_format (now, "%Y-%m-%d");
  expected_path = g_strdup_printf ("mstr/shared/migrations/packages/%s/%s.mmp", day, hex);
  g_assert_cmpstr (sbt_json_get_string (created->json, "path"), ==, expected_path);
  escaped = g_uri_escape_string (file_id, NULL, FALSE);

  /* Before the upload: no content, and no migration from it */
  {
    g_autofree char *p = g_strdup_printf (FILES "/%s/binary", escaped);
    g_autoptr(SbtResponse) r = sbt_request (tgt, "GET", p, NULL, NULL);
    sbt_assert_error (r, 404, "ERR004");
  }
  {
    g_autofree char *body = g_strdup_printf ("{\"packageInfo\":{\"storage\":{\"sharedFileStore\":{\"files\":{\"id\":\"%s\"}}},"
                                             "\"purpose\":\"migration_from_shared_file_store\"},"
                                             "\"importInfo\":{\"environment\":{\"id\":\"%s\",\"name\":\"Production\"},"
                                             "\"project\":{\"id\":\"%s\",\"name\":\"MicroStrategy Tutorial\"}}}",
                                             file_id, tgt_url, P);
    g_autoptr(SbtResponse) r = sbt_request (tgt, "POST", "/api/migrations", body,
                                            "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    sbt_assert_contains (sbt_assert_error (r, 400, "ERR006"), "upload");
  }

  /* The upload is checked against the metadata: size, then sha256 */
  shorter = g_bytes_new_from_bytes (binary->body, 0, g_bytes_get_size (binary->body) - 1);
  {
    g_autoptr(SbtResponse) r = upload (tgt, file_id, shorter);
    sbt_assert_contains (sbt_assert_error (r, 400, "ERR006"), "size");
  }
  {
    gsize len = g_bytes_get_size (binary->body);
    guint8 *copy = g_memdup2 (g_bytes_get_data (binary->body, NULL), len);
    copy[len - 1] ^= 0x20;
    wrong = g_bytes_new_take (copy, len);
  }
  {
    g_autoptr(SbtResponse) r = upload (analyst, file_id, binary->body);
    sbt_assert_error (r, 403, "ERR014");
  }
  {
    g_autoptr(SbtResponse) r = upload (tgt, file_id, wrong);
    sbt_assert_contains (sbt_assert_error (r, 400, "ERR006"), "sha256");
  }
  uploaded = upload (tgt, file_id, binary->body);
  sbt_assert_status (uploaded, 200);
  assert_members (uploaded->json, file_fields);
  g_assert_true (sbt_json_get_bool (uploaded->json, "existing"));
  g_assert_cmpstr (sbt_json_get_string (uploaded->json, "id"), ==, file_id);
  {
    g_autoptr(SbtResponse) r = upload (tgt, file_id, binary->body);
    sbt_assert_error (r, 400, "ERR006");
  }

  /* The list, and the download (streamed) */
  {
    g_autoptr(SbtResponse) r = sbt_request (tgt, "GET", FILES "?type=migrations.packages&offset=0&limit=10", NULL, NULL);
    JsonArray *data;
    sbt_assert_status (r, 200);
    g_assert_cmpuint (json_object_get_size (json_node_get_object (r->json)), ==, 1);
    data = json_node_get_array (sbt_json_get (r->json, "data"));
    g_assert_cmpuint (json_array_get_length (data), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (data, 0), "id"), ==, file_id);
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (data, 0), "existing"));
  }
  {
    g_autoptr(SbtResponse) r = sbt_request (tgt, "GET", FILES "?type=reports", NULL, NULL);
    sbt_assert_error (r, 400, "ERR006");
  }
  {
    g_autofree char *p = g_strdup_printf (FILES "/%s/binary", escaped);
    g_autoptr(SbtResponse) r = sbt_request (tgt, "GET", p, NULL, "Accept", "application/octet-stream", NULL);
    sbt_assert_status (r, 200);
    g_assert_true (g_bytes_equal (r->body, binary->body));
    sbt_assert_contains (soup_message_headers_get_one (r->headers, "Content-Disposition"), "filename=Year.mmp");
  }

  /* The migration from the file: locked, importing, approved at once */
  before = ferry_sandbox_dup_objects (pair.prod, P);
  {
    g_autofree char *body = g_strdup_printf ("{\"packageInfo\":{\"storage\":{\"sharedFileStore\":{\"files\":{\"id\":\"%s\"}}},"
                                             "\"purpose\":\"migration_from_shared_file_store\"},"
                                             "\"importInfo\":{\"environment\":{\"id\":\"%s\",\"name\":\"Production\"},"
                                             "\"project\":{\"id\":\"%s\",\"name\":\"MicroStrategy Tutorial\"}}}",
                                             file_id, tgt_url, P);
    g_autoptr(SbtResponse) r = sbt_request (tgt, "POST", "/api/migrations", body,
                                            "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    static const char *const short_fields[] = { "id", "packageInfo", "importInfo", NULL };
    static const char *const package_fields[] = { "id", "status", "progress", NULL };
    static const char *const import_fields[] = { "id", "status", "importRequestStatus", "undoRequestStatus", "progress", NULL };

    sbt_assert_status (r, 201);
    assert_members (r->json, short_fields);
    assert_members (sbt_json_get (r->json, "packageInfo"), package_fields);
    assert_members (sbt_json_get (r->json, "importInfo"), import_fields);
    g_assert_cmpstr (sbt_json_get_string (r->json, "packageInfo.status"), ==, "locked");
    g_assert_cmpstr (sbt_json_get_string (r->json, "importInfo.importRequestStatus"), ==, "approved");
    g_assert_true (g_strcmp0 (sbt_json_get_string (r->json, "importInfo.status"), "importing") == 0 ||
                   g_strcmp0 (sbt_json_get_string (r->json, "importInfo.status"), "imported") == 0);
    migration_id = g_strdup (sbt_json_get_string (r->json, "id"));
  }
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/api/migrations/%s", migration_id);
  imported = sbt_wait_for (tgt, path, "importInfo.status", "imported", "import_failed", NULL);
  g_assert_cmpstr (sbt_json_get_string (imported, "importInfo.status"), ==, "imported");
  g_assert_cmpstr (sbt_json_get_string (imported, "packageInfo.purpose"), ==, "migration_from_shared_file_store");
  g_assert_cmpstr (sbt_json_get_string (imported, "packageInfo.type"), ==, "project");
  g_assert_cmpstr (sbt_json_get_string (imported, "packageInfo.storage.path"), ==, expected_path);
  g_assert_cmpstr (sbt_json_get_string (imported, "importInfo.environment.id"), ==, tgt_url);
  g_assert_nonnull (sbt_json_get_string (imported, "importInfo.undoStorage.path"));
  year_dev = ferry_sandbox_dup_object (pair.dev, P, SBT_YEAR_ID);
  year_prod = ferry_sandbox_dup_object (pair.prod, P, SBT_YEAR_ID);
  g_assert_cmpstr (sbt_json_get_string (year_prod, "version"), ==, sbt_json_get_string (year_dev, "version"));
  {
    g_autoptr(JsonNode) mid = ferry_sandbox_dup_objects (pair.prod, P);
    g_assert_false (json_node_equal (before, mid));
  }
  /* Not editable: it was uploaded, and this is not its source */
  {
    g_autofree char *p = g_strdup_printf ("/api/migrations/%s/packageInfo", migration_id);
    g_autoptr(SbtResponse) r = sbt_request (tgt, "PUT", p, "{\"name\":\"x\"}", "Prefer", "respond-async", NULL);
    sbt_assert_error (r, 400, "ERR006");
  }

  /* The undo package of the import: GET /api/migrations/imports/{importId}/binary
   * on the target, streamed, the bytes the shared storage holds; 404 ERR006
   * on the source, for an unknown import; 403 for a user without the
   * privileges of a package download. */
  {
    const char *import_id = strchr (migration_id, ':') + 1;
    g_autofree char *p = g_strdup_printf ("/api/migrations/imports/%s/binary", import_id);
    g_autofree char *stored_path = g_build_filename (pair.shared,
                                                     sbt_json_get_string (imported, "importInfo.undoStorage.path"),
                                                     NULL);
    g_autofree char *stored = NULL;
    gsize stored_len = 0;
    g_autoptr(SbtResponse) r = sbt_request (tgt, "GET", p, NULL, NULL);
    g_autoptr(SbtResponse) on_source = NULL;
    g_autoptr(SbtResponse) unknown = NULL;
    g_autoptr(SbtResponse) forbidden = NULL;
    g_autoptr(SbtClient) src_admin = sbt_client_new_admin (pair.dev);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "application/octet-stream");
    g_assert_true (g_file_get_contents (stored_path, &stored, &stored_len, NULL));
    g_assert_cmpmem (stored, stored_len, g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));
    on_source = sbt_request (src_admin, "GET", p, NULL, NULL);
    sbt_assert_error (on_source, 404, "ERR006");
    unknown = sbt_request (tgt, "GET", "/api/migrations/imports/00000000000000000000000000000000/binary", NULL, NULL);
    sbt_assert_error (unknown, 404, "ERR006");
    forbidden = sbt_request (analyst, "GET", p, NULL, NULL);
    sbt_assert_error (forbidden, 403, "ERR014");
  }

  /* Undo: back to the exact prior state */
  undone = sbt_migration_undo (tgt, migration_id, P);
  g_assert_cmpstr (sbt_json_get_string (undone, "importInfo.status"), ==, "undo_success");
  after = ferry_sandbox_dup_objects (pair.prod, P);
  g_assert_true (json_node_equal (before, after));

  /* DELETE the file: 204 without a body, then it is gone */
  {
    g_autofree char *p = g_strdup_printf (FILES "/%s", escaped);
    g_autoptr(SbtResponse) r = sbt_request (tgt, "DELETE", p, NULL, NULL);
    g_autoptr(SbtResponse) again = NULL;
    assert_no_body (r, 204);
    again = sbt_request (tgt, "DELETE", p, NULL, NULL);
    sbt_assert_error (again, 404, "ERR004");
  }
  {
    g_autofree char *p = g_strdup_printf (FILES "/%s/binary", escaped);
    g_autoptr(SbtResponse) r = sbt_request (tgt, "GET", p, NULL, NULL);
    sbt_assert_error (r, 404, "ERR004");
  }
  {
    g_autoptr(SbtResponse) r = sbt_request (tgt, "GET", FILES "/bm90LWEtZmlsZQ==/binary", NULL, NULL);
    sbt_assert_error (r, 404, "ERR004");
  }
}

static void
test_edit_and_reuse (void)
{
  SbtPair pair;
  g_autoptr(SbtClient) src = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(JsonNode) recreated = NULL;
  g_autofree char *id = NULL;
  g_autofree char *edit_path = NULL;
  g_autofree char *path = NULL;
  g_autofree char *reuse_path = NULL;
  const char *src_url, *tgt_url;
  const char *package_id;

  sbt_pair_start (&pair, NULL, NULL);
  src = sbt_client_new_admin (pair.dev);
  src_url = ferry_sandbox_get_base_url (pair.dev);
  tgt_url = ferry_sandbox_get_base_url (pair.prod);

  id = create_year_migration (src, src_url, tgt_url, &record);
  package_id = sbt_json_get_string (record, "packageInfo.id");
  edit_path = g_strdup_printf ("/api/migrations/%s/packageInfo", id);
  path = g_strdup_printf ("/api/migrations/%s", id);

  /* Reuse while it is not yet created or locked is not the case here:
   * created → reusable. Edit → 202 {"id","status":"creating","progress":0.0} */
  {
    g_autofree char *body = g_strdup_printf ("{\"type\":\"project\",\"purpose\":\"object_migration\",\"name\":\"Edited\","
                                             "\"tocView\":{\"settings\":{\"defaultAction\":\"replace\","
                                             "\"aclOnReplacingObjects\":\"use_existing\","
                                             "\"aclOnNewObjects\":[\"keep_acl_as_source_object\"]},"
                                             "\"content\":[{\"id\":\"%s\",\"type\":12,\"action\":\"replace\","
                                             "\"includeDependents\":false}]},\"treeView\":{}}", SBT_YEAR_ID);
    g_autoptr(SbtResponse) r = sbt_request (src, "PUT", edit_path, body, "Prefer", "respond-async", NULL);
    static const char *const fields[] = { "id", "status", "progress", NULL };
    JsonNode *progress;

    sbt_assert_status (r, 202);
    assert_members (r->json, fields);
    g_assert_cmpstr (sbt_json_get_string (r->json, "id"), ==, package_id);
    g_assert_cmpstr (sbt_json_get_string (r->json, "status"), ==, "creating");
    progress = sbt_json_get (r->json, "progress");
    g_assert_cmpint (json_node_get_value_type (progress), ==, G_TYPE_DOUBLE);
    g_assert_cmpfloat (json_node_get_double (progress), ==, 0.0);
  }
  recreated = sbt_wait_for (src, path, "packageInfo.status",
                            "created", "create_failed", NULL);
  g_assert_cmpstr (sbt_json_get_string (recreated, "packageInfo.status"), ==, "created");
  g_assert_cmpstr (sbt_json_get_string (recreated, "packageInfo.name"), ==, "Edited");
  {
    g_autofree char *p = g_strdup_printf ("%s?showContent=all", path);
    g_autoptr(SbtResponse) r = sbt_request (src, "GET", p, NULL, NULL);
    sbt_assert_status (r, 200);
    g_assert_cmpstr (sbt_json_get_string (r->json, "packageInfo.tocView.settings.defaultAction"), ==, "replace");
  }
  /* type and purpose cannot change */
  {
    g_autoptr(SbtResponse) r = sbt_request (src, "PUT", edit_path, "{\"type\":\"configuration\"}", NULL);
    sbt_assert_contains (sbt_assert_error (r, 400, "ERR006"), "type");
  }

  /* Reuse: a new migration of the same package */
  reuse_path = g_strdup_printf ("/api/migrations?packageId=%s", package_id);
  {
    g_autofree char *body = g_strdup_printf ("{\"importInfo\":{\"environment\":{\"id\":\"%s\",\"name\":\"Production\"},"
                                             "\"project\":{\"id\":\"%s\",\"name\":\"MicroStrategy Tutorial\"}}}",
                                             tgt_url, P);
    g_autoptr(SbtResponse) r = sbt_request (src, "POST", reuse_path, body, "X-MSTR-ProjectID", P, NULL);
    g_autofree char *prefix = g_strdup_printf ("%s:", package_id);
    sbt_assert_status (r, 201);
    g_assert_true (g_str_has_prefix (sbt_json_get_string (r->json, "id"), prefix));
    g_assert_cmpstr (sbt_json_get_string (r->json, "id"), !=, id);
    g_assert_cmpstr (sbt_json_get_string (r->json, "packageInfo.status"), ==, "created");
    g_assert_cmpstr (sbt_json_get_string (r->json, "importInfo.status"), ==, "pending");
  }
  {
    g_autoptr(SbtResponse) r = sbt_request (src, "POST", "/api/migrations?packageId=0123456789ABCDEF0123456789ABCDEF",
                                            "{}", NULL);
    sbt_assert_error (r, 404, "ERR004");
  }

  /* Approved → locked: no edit, naming the needed state */
  sbt_migration_approve (src, id);
  {
    g_autoptr(SbtResponse) r = sbt_request (src, "PUT", edit_path, "{\"name\":\"Again\"}", NULL);
    sbt_assert_contains (sbt_assert_error (r, 400, "ERR006"), "created or create_failed");
  }
  {
    g_autoptr(SbtResponse) r = sbt_request (src, "PUT", "/api/migrations/0123456789ABCDEF0123456789ABCDEF:0123456789ABCDEF0123456789ABCDEF/packageInfo",
                                            "{\"name\":\"Again\"}", NULL);
    sbt_assert_error (r, 404, "ERR004");
  }
}

/* A package that failed to be created cannot be reused (400 naming the
 * state), but can be edited. */
static void
test_reuse_refused (void)
{
  SbtPair pair;
  SbtOptions small = { .max_package_bytes = 64 };
  g_autoptr(SbtClient) src = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autofree char *id = NULL;
  g_autofree char *reuse_path = NULL;
  g_autofree char *edit_path = NULL;

  sbt_pair_start (&pair, &small, NULL);
  src = sbt_client_new_admin (pair.dev);
  id = create_year_migration (src, ferry_sandbox_get_base_url (pair.dev),
                              ferry_sandbox_get_base_url (pair.prod), &record);
  g_assert_cmpstr (sbt_json_get_string (record, "packageInfo.status"), ==, "create_failed");

  reuse_path = g_strdup_printf ("/api/migrations?packageId=%s", sbt_json_get_string (record, "packageInfo.id"));
  {
    g_autoptr(SbtResponse) r = sbt_request (src, "POST", reuse_path, "{}", "X-MSTR-ProjectID", P, NULL);
    const char *message = sbt_assert_error (r, 400, "ERR006");
    sbt_assert_contains (message, "created or locked");
    sbt_assert_contains (message, "create_failed");
  }
  edit_path = g_strdup_printf ("/api/migrations/%s/packageInfo", id);
  {
    g_autoptr(SbtResponse) r = sbt_request (src, "PUT", edit_path, "{\"name\":\"Retry\"}", "Prefer", "respond-async", NULL);
    sbt_assert_status (r, 202);
    g_assert_cmpstr (sbt_json_get_string (r->json, "status"), ==, "creating");
  }
}

/* ------------------------------------------------------------------------ */
/* Streamed uploads                                                           */
/* ------------------------------------------------------------------------ */

#define UPLOADS_DIR "mstr/shared/migrations/packages"

/* Temporary upload files in the shared storage (".upload-*"); *BYTES
 * receives their total size. */
static guint
count_partial_uploads (const char *shared,
                       goffset    *bytes)
{
  g_autofree char *path = g_build_filename (shared, UPLOADS_DIR, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  if (bytes != NULL)
    *bytes = 0;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, ".upload-"))
      {
        g_autofree char *file = g_build_filename (path, name, NULL);
        GStatBuf st;

        n++;
        if (bytes != NULL && g_stat (file, &st) == 0)
          *bytes += st.st_size;
      }
  return n;
}

/* Waits (at most 20 s) until count_partial_uploads() says N with at least
 * MIN_BYTES in them; FALSE on timeout. */
static gboolean
wait_partial_uploads (const char *shared,
                      guint       n,
                      goffset     min_bytes)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  goffset bytes = 0;

  while (count_partial_uploads (shared, &bytes) != n || bytes < min_bytes)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (10 * 1000);
    }
  return TRUE;
}

static GBytes *
random_bytes (gsize   size,
              guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint32 *words = g_new (guint32, size / 4 + 1);

  for (gsize k = 0; k < size / 4 + 1; k++)
    words[k] = g_rand_int (rand);
  return g_bytes_new_take (words, size);
}

/* A raw HTTP/1.1 connection to SANDBOX, with a 20 s timeout on reads. */
static GIOStream *
raw_connect (FerrySandbox *sandbox)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", (guint16) ferry_sandbox_get_port (sandbox),
                                                NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 20);
  return G_IO_STREAM (connection);
}

static void
raw_send (GIOStream  *stream,
          const void *data,
          gsize       length)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (stream), data, length, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Reads until the server closes the connection (or the timeout fails the
 * test): the whole answer. */
static GString *
raw_receive_all (GIOStream *stream)
{
  GString *answer = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  do
    {
      g_autoptr(GError) error = NULL;

      n = g_input_stream_read (g_io_stream_get_input_stream (stream), buffer, sizeof buffer, NULL, &error);
      g_assert_no_error (error);
      g_string_append_len (answer, buffer, n);
    }
  while (n > 0);
  return answer;
}

static char *
put_head (const char *file_id,
          const char *token,
          const char *content_type,
          guint64     length)
{
  g_autofree char *escaped = g_uri_escape_string (file_id, NULL, FALSE);

  return g_strdup_printf ("PUT /MicroStrategyLibrary" FILES "/%s/binary HTTP/1.1\r\n"
                          "Host: 127.0.0.1\r\n"
                          "X-MSTR-AuthToken: %s\r\n"
                          "Content-Type: %s\r\n"
                          "Content-Length: %" G_GUINT64_FORMAT "\r\n\r\n",
                          escaped, token, content_type, length);
}

/* A 24 MB upload is written to the storage as it arrives and checked
 * against its metadata; a cut-off upload leaves nothing; a body larger than
 * --max-package-bytes (plus the multipart's share) is refused from its
 * Content-Length, before it is sent. */
static void
test_streamed_upload (void)
{
  SbtPair pair;
  SbtOptions options = { .max_package_bytes = 32 * 1024 * 1024 };
  const gsize size = 24 * 1024 * 1024;
  g_autoptr(SbtClient) c = NULL;
  g_autoptr(GBytes) data = random_bytes (size, 12);
  g_autoptr(GBytes) other = random_bytes (size, 13);
  g_autofree char *url = NULL;
  g_autofree char *good_meta = NULL;
  g_autofree char *wrong_meta = NULL;

  sbt_pair_start (&pair, &options, NULL);
  c = sbt_client_new_admin (pair.dev);
  url = g_strdup (ferry_sandbox_get_base_url (pair.dev));
  good_meta = metadata_body (data, (gint64) size, url);
  wrong_meta = metadata_body (other, (gint64) size, url);

  /* The size matches, the sha256 does not: refused, naming both */
  {
    g_autoptr(SbtResponse) created = sbt_request (c, "POST", FILES, wrong_meta, NULL);
    g_autoptr(SbtResponse) r = NULL;
    g_autofree char *expected = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, other);
    g_autofree char *actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
    const char *message;

    sbt_assert_status (created, 200);
    r = upload (c, sbt_json_get_string (created->json, "id"), data);
    message = sbt_assert_error (r, 400, "ERR006");
    sbt_assert_contains (message, "sha256");
    sbt_assert_contains (message, expected);
    sbt_assert_contains (message, actual);
    g_assert_true (wait_partial_uploads (pair.shared, 0, 0));
  }

  /* Intact: the download is the upload, byte for byte */
  {
    g_autoptr(SbtResponse) created = sbt_request (c, "POST", FILES, good_meta, NULL);
    g_autoptr(SbtResponse) uploaded = NULL;
    g_autoptr(SbtResponse) downloaded = NULL;
    g_autofree char *escaped = NULL;
    g_autofree char *path = NULL;
    g_autofree char *stored = NULL;
    const char *id;

    sbt_assert_status (created, 200);
    id = sbt_json_get_string (created->json, "id");
    uploaded = upload (c, id, data);
    sbt_assert_status (uploaded, 200);
    g_assert_true (sbt_json_get_bool (uploaded->json, "existing"));
    g_assert_cmpint (sbt_json_get_int (uploaded->json, "size"), ==, (gint64) size);

    escaped = g_uri_escape_string (id, NULL, FALSE);
    path = g_strdup_printf (FILES "/%s/binary", escaped);
    downloaded = sbt_request (c, "GET", path, NULL, NULL);
    sbt_assert_status (downloaded, 200);
    g_assert_true (g_bytes_equal (downloaded->body, data));

    stored = g_build_filename (pair.shared, sbt_json_get_string (uploaded->json, "path"), NULL);
    g_assert_true (g_file_test (stored, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpuint (count_partial_uploads (pair.shared, NULL), ==, 0);
  }

  /* Cut off halfway: the half is on disk (streamed, not buffered), then
   * nothing is, and the file is still not uploaded */
  {
    g_autoptr(SbtResponse) created = sbt_request (c, "POST", FILES, good_meta, NULL);
    g_autoptr(GIOStream) raw = NULL;
    g_autofree char *content_type = NULL;
    g_autoptr(GBytes) form = multipart_form (data, &content_type);
    g_autofree char *head = NULL;
    g_autofree char *escaped = NULL;
    g_autofree char *path = NULL;
    g_autofree char *stored = NULL;
    const char *id;

    sbt_assert_status (created, 200);
    id = sbt_json_get_string (created->json, "id");
    head = put_head (id, sbt_client_get_token (c), content_type, g_bytes_get_size (form));
    raw = raw_connect (pair.dev);
    raw_send (raw, head, strlen (head));
    raw_send (raw, g_bytes_get_data (form, NULL), g_bytes_get_size (form) / 2);
    g_assert_true (wait_partial_uploads (pair.shared, 1, (goffset) size / 4));
    g_io_stream_close (raw, NULL, NULL);
    g_assert_true (wait_partial_uploads (pair.shared, 0, 0));

    escaped = g_uri_escape_string (id, NULL, FALSE);
    path = g_strdup_printf (FILES "/%s/binary", escaped);
    {
      g_autoptr(SbtResponse) r = sbt_request (c, "GET", path, NULL, NULL);
      sbt_assert_contains (sbt_assert_error (r, 404, "ERR004"), "has not been uploaded");
    }
    {
      g_autoptr(SbtResponse) list = sbt_request (c, "GET", FILES "?type=migrations.packages", NULL, NULL);
      JsonArray *files;
      gboolean seen = FALSE;

      sbt_assert_status (list, 200);
      files = json_node_get_array (sbt_json_get (list->json, "data"));
      for (guint k = 0; k < json_array_get_length (files); k++)
        {
          JsonObject *f = json_array_get_object_element (files, k);

          if (g_strcmp0 (json_object_get_string_member (f, "id"), id) == 0)
            {
              seen = TRUE;
              g_assert_false (json_object_get_boolean_member (f, "existing"));
              stored = g_build_filename (pair.shared, json_object_get_string_member (f, "path"), NULL);
            }
        }
      g_assert_true (seen);
      g_assert_false (g_file_test (stored, G_FILE_TEST_EXISTS));
    }

    /* …and it can still be uploaded whole */
    {
      g_autoptr(SbtResponse) r = upload (c, id, data);
      sbt_assert_status (r, 200);
    }
  }

  /* Over the limit: 413 from the headers alone (no byte of body is sent;
   * reading it would never end) */
  {
    g_autoptr(SbtResponse) created = sbt_request (c, "POST", FILES, good_meta, NULL);
    g_autoptr(GIOStream) raw = NULL;
    g_autoptr(GString) answer = NULL;
    g_autoptr(JsonNode) body = NULL;
    g_autofree char *head = NULL;
    const char *json;

    sbt_assert_status (created, 200);
    head = put_head (sbt_json_get_string (created->json, "id"), sbt_client_get_token (c),
                     "multipart/form-data; boundary=x", 33 * 1024 * 1024);
    raw = raw_connect (pair.dev);
    raw_send (raw, head, strlen (head));
    answer = raw_receive_all (raw);
    g_test_message ("%s", answer->str);
    g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 413 "));
    sbt_assert_contains (answer->str, "Content-Type: application/json");
    json = strstr (answer->str, "\r\n\r\n");
    g_assert_nonnull (json);
    body = sbt_json_parse (json + 4);
    g_assert_cmpstr (sbt_json_get_string (body, "code"), ==, "ERR006");
    sbt_assert_contains (sbt_json_get_string (body, "message"), "32 MB");
    g_assert_true (sbt_is_hex32 (sbt_json_get_string (body, "ticketId")));
    g_assert_cmpuint (count_partial_uploads (pair.shared, NULL), ==, 0);
  }

  /* The sandbox still answers after all that */
  {
    g_autoptr(SbtResponse) r = sbt_request (c, "GET", FILES, NULL, NULL);
    sbt_assert_status (r, 200);
  }
}

int
main (int argc, char **argv)
{
  sbt_init (&argc, &argv);

  g_test_add_func ("/sandbox/file-store/import-undo", test_file_store_import_undo);
  g_test_add_func ("/sandbox/file-store/edit-reuse", test_edit_and_reuse);
  g_test_add_func ("/sandbox/file-store/reuse-refused", test_reuse_refused);
  g_test_add_func ("/sandbox/file-store/streamed-upload", test_streamed_upload);
  return g_test_run ();
}
