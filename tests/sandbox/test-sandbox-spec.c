/* test-sandbox-spec.c: every request of the two reference pages, replayed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The requests are the pages' own bodies and headers (fixtures/), sent
 * verbatim; the only changes are the session (the real token in place of
 * the pages' placeholder token, and the session cookie) and, where the page
 * says so, ids returned by earlier steps. The answers are compared with the
 * pages' sample responses: key sets, value types and enum values.
 */

#include <string.h>

#include <glib/gstdio.h>

#include "sb-test-util.h"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                    */
/* ------------------------------------------------------------------------ */

static JsonNode *
headers_fixture (const char *name,
                 gboolean    with_project)
{
  JsonNode *headers = sbt_load_fixture (name);

  if (!with_project)
    json_object_remove_member (json_node_get_object (headers), "X-MSTR-ProjectID");
  return headers;
}

/* METHOD PATH with the headers of HEADERS_NAME and the body of BODY_NAME
 * (a fixture sent byte for byte), or BODY (a node), or nothing. */
static SbtResponse *
replay (SbtClient  *client,
        const char *method,
        const char *path,
        JsonNode   *headers,
        const char *body_name,
        JsonNode   *body)
{
  g_autoptr(GBytes) bytes = NULL;

  if (body_name != NULL)
    {
      char *text = sbt_load_fixture_text (body_name);
      bytes = g_bytes_new_take (text, strlen (text));
    }
  else if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);
      bytes = g_bytes_new_take (text, strlen (text));
    }
  return sbt_request_with_headers (client, method, path, headers, NULL, bytes);
}

static SbtResponse *
replay_fixture (SbtClient  *client,
                const char *method,
                const char *path,
                const char *headers_name,
                const char *body_name)
{
  g_autoptr(JsonNode) headers = headers_fixture (headers_name, TRUE);

  return replay (client, method, path, headers, body_name, NULL);
}

static void
assert_matches_sample (SbtResponse       *response,
                       const char        *sample_name,
                       const char *const *ignore,
                       const SbtEnumRule *rules)
{
  g_autoptr(JsonNode) sample = sbt_load_fixture (sample_name);
  g_autoptr(GPtrArray) all_ignored = g_ptr_array_new ();

  /* Every migration record carries packageInfo.certification (api.md,
   * "Validation, certification, …"); the reference samples do not. */
  for (guint k = 0; ignore != NULL && ignore[k] != NULL; k++)
    g_ptr_array_add (all_ignored, (gpointer) ignore[k]);
  g_ptr_array_add (all_ignored, "packageInfo.certification");
  g_ptr_array_add (all_ignored, NULL);

  g_assert_nonnull (response->json);
  sbt_assert_same_shape (sample, response->json, (const char *const *) all_ignored->pdata);
  sbt_assert_enums (response->json, rules);
}

static void
assert_migration_id (const char *id)
{
  g_auto(GStrv) halves = NULL;

  g_assert_nonnull (id);
  halves = g_strsplit (id, ":", -1);
  g_assert_cmpuint (g_strv_length (halves), ==, 2);
  g_assert_true (sbt_is_hex32 (halves[0]));
  g_assert_true (sbt_is_hex32 (halves[1]));
}

/* ------------------------------------------------------------------------ */
/* Create a migration package                                                 */
/* ------------------------------------------------------------------------ */

typedef struct
{
  const char *project_id;     /* NULL: configuration package, no project header */
  const char *body_name;      /* the PUT body fixture */
  const char *explicit_id;
  const char *level;
} PackageCase;

/* Polls GET /api/packages/{id}?showContent=true with the page's headers. */
static SbtResponse *
wait_package (SbtClient  *client,
              const char *path,
              JsonNode   *headers)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (;;)
    {
      SbtResponse *r = replay (client, "GET", path, headers, NULL, NULL);
      const char *status;

      sbt_assert_status (r, 200);
      status = sbt_json_get_string (r->json, "status");
      if (g_strcmp0 (status, "PROCESSING") != 0)
        return r;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      sbt_response_free (r);
      g_usleep (10 * 1000);
    }
}

static void
assert_package_content (FerrySandbox      *sandbox,
                        const PackageCase *pc,
                        JsonNode          *request,
                        JsonNode          *package)
{
  /* users and groups live in the configuration, whatever the package type */
  gboolean configuration = g_str_equal (pc->level, "configuration_object");
  g_autoptr(JsonNode) objects = ferry_sandbox_dup_objects (sandbox, configuration ? NULL : pc->project_id);
  g_autoptr(GHashTable) index = sbt_objects_index (objects);
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *default_action = sbt_json_get_string (request, "settings.defaultAction");
  JsonArray *content;

  if (sbt_json_get_bool (request, "content.0.includeDependents"))
    expected = sbt_uses_closure (index, pc->explicit_id);
  else
    expected = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_add (expected, (gpointer) pc->explicit_id);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (sbt_json_get (package, "content")));
  content = json_node_get_array (sbt_json_get (package, "content"));
  for (guint i = 0; i < json_array_get_length (content); i++)
    {
      JsonNode *item = json_array_get_element (content, i);
      const char *id = sbt_json_get_string (item, "id");
      JsonNode *object = g_hash_table_lookup (index, id);
      gboolean is_explicit = g_strcmp0 (id, pc->explicit_id) == 0;

      g_assert_true (g_hash_table_contains (expected, id));
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, (gpointer) id);
      g_assert_nonnull (object);

      g_assert_cmpstr (sbt_json_get_string (item, "name"), ==,
                       sbt_json_get_string (object, "name"));
      g_assert_cmpint (sbt_json_get_int (item, "type"), ==, sbt_json_get_int (object, "type"));
      g_assert_cmpstr (sbt_json_get_string (item, "version"), ==,
                       sbt_json_get_string (object, "version"));
      g_assert_true (sbt_is_hex32 (sbt_json_get_string (item, "version")));
      g_assert_cmpstr (sbt_json_get_string (item, "dateModified"), ==,
                       sbt_json_get_string (object, "dateModified"));
      g_assert_cmpstr (sbt_json_get_string (item, "dateCreated"), ==,
                       sbt_json_get_string (object, "dateCreated"));
      g_assert_true (sbt_is_timestamp (sbt_json_get_string (item, "dateModified")));
      g_assert_cmpstr (sbt_json_get_string (item, "owner.id"), ==,
                       sbt_json_get_string (object, "owner.id"));
      g_assert_cmpstr (sbt_json_get_string (item, "level"), ==, pc->level);
      g_assert_cmpint (sbt_json_get_bool (item, "explicitIncluded"), ==, is_explicit);
      if (is_explicit)
        {
          g_assert_cmpstr (sbt_json_get_string (item, "action"), ==,
                           sbt_json_get_string (request, "content.0.action"));
          g_assert_cmpint (sbt_json_get_bool (item, "includeDependents"), ==,
                           sbt_json_get_bool (request, "content.0.includeDependents"));
        }
      else
        {
          /* objects pulled in by includeDependents get defaultAction */
          g_assert_cmpstr (sbt_json_get_string (item, "action"), ==, default_action);
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, g_hash_table_size (expected));
}

static void
package_cycle (SbtClient         *client,
               FerrySandbox      *sandbox,
               const PackageCase *pc)
{
  gboolean with_project = pc->project_id != NULL;
  g_autoptr(JsonNode) create_headers = headers_fixture ("package-create.headers.json", with_project);
  g_autoptr(JsonNode) define_headers = headers_fixture ("package-define.headers.json", with_project);
  g_autoptr(JsonNode) get_headers = headers_fixture ("package-get.headers.json", with_project);
  g_autoptr(JsonNode) binary_headers = headers_fixture ("package-binary.headers.json", with_project);
  g_autoptr(JsonNode) delete_headers = headers_fixture ("package-delete.headers.json", with_project);
  g_autoptr(JsonNode) request = sbt_load_fixture (pc->body_name);
  g_autoptr(SbtResponse) created = NULL;
  g_autoptr(SbtResponse) defined = NULL;
  g_autoptr(SbtResponse) ready = NULL;
  g_autoptr(SbtResponse) binary = NULL;
  g_autoptr(SbtResponse) deleted = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *path_show = NULL;
  g_autofree char *path_binary = NULL;
  g_autoptr(GPtrArray) ignore = g_ptr_array_new ();

  /* The page's project header names the project of these samples. */
  if (with_project)
    g_assert_cmpstr (sbt_json_get_string (create_headers, "X-MSTR-ProjectID"), ==, pc->project_id);

  /* Create an empty package: 201 {"id", "status": "EMPTY"} */
  created = replay (client, "POST", "/api/packages", create_headers, NULL, NULL);
  sbt_assert_status (created, 201);
  assert_matches_sample (created, "package-create.response.json", NULL, sbt_package_enum_rules);
  g_assert_cmpstr (sbt_json_get_string (created->json, "status"), ==, "EMPTY");
  id = g_strdup (sbt_json_get_string (created->json, "id"));
  g_assert_nonnull (id);
  g_assert_cmpstr (id, !=, "");
  path = g_strdup_printf ("/api/packages/%s", id);
  path_show = g_strdup_printf ("/api/packages/%s?showContent=true", id);
  path_binary = g_strdup_printf ("/api/packages/%s/binary", id);

  /* Update the package definition: 202 PROCESSING */
  defined = replay (client, "PUT", path, define_headers, pc->body_name, NULL);
  sbt_assert_status (defined, 202);
  assert_matches_sample (defined, "package-define.response.json", NULL, sbt_package_enum_rules);
  g_assert_cmpstr (sbt_json_get_string (defined->json, "id"), ==, id);
  g_assert_cmpstr (sbt_json_get_string (defined->json, "status"), ==, "PROCESSING");

  /* Get the package definition: READY, the sample's shape */
  ready = wait_package (client, path_show, get_headers);
  g_assert_cmpstr (sbt_json_get_string (ready->json, "status"), ==, "READY");
  g_assert_cmpstr (sbt_json_get_string (ready->json, "id"), ==, id);
  /* The sample's settings hold arrays and strings where the other package
   * types send null; the settings are compared exactly below instead. */
  if (JSON_NODE_HOLDS_NULL (sbt_json_get (request, "settings.updateSchema")))
    g_ptr_array_add (ignore, "settings.updateSchema");
  if (JSON_NODE_HOLDS_NULL (sbt_json_get (request, "settings.aclOnReplacingObjects")))
    g_ptr_array_add (ignore, "settings.aclOnReplacingObjects");
  g_ptr_array_add (ignore, NULL);
  assert_matches_sample (ready, "package-get.response.json",
                         (const char *const *) ignore->pdata, sbt_package_enum_rules);
  sbt_assert_json_equal (sbt_json_get (request, "settings"), sbt_json_get (ready->json, "settings"));
  assert_package_content (sandbox, pc, request, ready->json);

  /* Download the package */
  binary = replay (client, "GET", path_binary, binary_headers, NULL, NULL);
  sbt_assert_status (binary, 200);
  g_assert_cmpuint (g_bytes_get_size (binary->body), >, 0);
  g_assert_cmpstr (soup_message_headers_get_content_type (binary->headers, NULL), ==,
                   "application/octet-stream");

  /* Delete the package: 202 DELETING, then it is gone */
  deleted = replay (client, "DELETE", path, delete_headers, NULL, NULL);
  sbt_assert_status (deleted, 202);
  assert_matches_sample (deleted, "package-delete.response.json", NULL, sbt_package_enum_rules);
  g_assert_cmpstr (sbt_json_get_string (deleted->json, "id"), ==, id);
  g_assert_cmpstr (sbt_json_get_string (deleted->json, "status"), ==, "DELETING");
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    for (;;)
      {
        g_autoptr(SbtResponse) r = replay (client, "GET", path, get_headers, NULL, NULL);

        if (r->status == 404)
          {
            const char *message = sbt_assert_error (r, 404, "ERR004");
            g_assert_cmpstr (message, !=, "HTTP 404 Not Found");
            break;
          }
        sbt_assert_status (r, 200);
        g_assert_cmpstr (sbt_json_get_string (r->json, "status"), ==, "DELETING");
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (10 * 1000);
      }
  }
}

static void
test_package_project (void)
{
  SbtOptions options = { .seed = "tutorial-dev", .name = "Development" };
  FerrySandbox *dev = sbt_sandbox_start (&options);
  g_autoptr(SbtClient) client = sbt_client_new_admin (dev);
  PackageCase pc = { SBT_SECOND_PROJECT_ID, "package-define.request.json", SBT_YEAR_ID,
                     "project_object" };
  g_autoptr(JsonNode) example = sbt_load_fixture ("package-example-project.request.json");
  g_autoptr(JsonNode) workflow = sbt_load_fixture ("package-define.request.json");

  package_cycle (client, dev, &pc);

  /* "More examples: Create a project package": the same body; the session
   * may hold a new package once the first one is deleted. */
  sbt_assert_json_equal (workflow, example);
  pc.body_name = "package-example-project.request.json";
  package_cycle (client, dev, &pc);
}

static void
test_package_configuration (void)
{
  SbtOptions options = { .seed = "tutorial-dev", .name = "Development" };
  FerrySandbox *dev = sbt_sandbox_start (&options);
  g_autoptr(SbtClient) client = sbt_client_new_admin (dev);
  PackageCase pc = { NULL, "package-example-configuration.request.json", SBT_ADMINISTRATOR_ID,
                     "configuration_object" };

  package_cycle (client, dev, &pc);
}

static void
test_package_project_security (void)
{
  SbtOptions options = { .seed = "tutorial-dev", .name = "Development" };
  FerrySandbox *dev = sbt_sandbox_start (&options);
  g_autoptr(SbtClient) client = sbt_client_new_admin (dev);
  PackageCase pc = { SBT_SECOND_PROJECT_ID, "package-example-project-security.request.json",
                     SBT_ADMINISTRATOR_ID, "configuration_object" };
  g_autoptr(JsonNode) request = sbt_load_fixture (pc.body_name);
  g_autoptr(JsonNode) user = ferry_sandbox_dup_object (dev, NULL, SBT_ADMINISTRATOR_ID);

  /* only users and user groups, and includeDependents false: one item */
  g_assert_nonnull (user);
  g_assert_cmpint (sbt_json_get_int (user, "type"), ==, 34);
  g_assert_false (sbt_json_get_bool (request, "content.0.includeDependents"));
  package_cycle (client, dev, &pc);
}

/* The import half of the package workflow (upload the binary into an empty
 * package on the target, import it, fetch the undo package). */
static void
test_package_import (void)
{
  SbtPair pair;
  g_autoptr(SbtClient) src = NULL;
  g_autoptr(SbtClient) tgt = NULL;
  g_autoptr(SbtResponse) created = NULL;
  g_autoptr(SbtResponse) defined = NULL;
  g_autoptr(SbtResponse) binary = NULL;
  g_autoptr(SbtResponse) holder = NULL;
  g_autoptr(SbtResponse) uploaded = NULL;
  g_autoptr(SbtResponse) import = NULL;
  g_autoptr(SbtResponse) undo = NULL;
  g_autoptr(SbtResponse) deleted = NULL;
  g_autoptr(JsonNode) imported = NULL;
  g_autoptr(JsonNode) year_dev = NULL;
  g_autoptr(JsonNode) year_before = NULL;
  g_autoptr(JsonNode) year_after = NULL;
  g_autoptr(SoupMultipart) multipart = NULL;
  g_autoptr(GBytes) form = NULL;
  SoupMessageHeaders *form_headers;
  g_autofree char *src_id = NULL;
  g_autofree char *tgt_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *import_id = NULL;
  /* Year is newer in Development's Tutorial: the import visibly replaces it */
  const char *project = SBT_TUTORIAL_ID;

  sbt_pair_start (&pair, NULL, NULL);
  src = sbt_client_new_admin (pair.dev);
  tgt = sbt_client_new_admin (pair.prod);
  year_dev = ferry_sandbox_dup_object (pair.dev, project, SBT_YEAR_ID);
  year_before = ferry_sandbox_dup_object (pair.prod, project, SBT_YEAR_ID);
  g_assert_nonnull (year_dev);
  g_assert_nonnull (year_before);
  g_assert_cmpstr (sbt_json_get_string (year_dev, "version"), !=, sbt_json_get_string (year_before, "version"));

  created = sbt_request (src, "POST", "/api/packages", NULL, "X-MSTR-ProjectID", project, NULL);
  sbt_assert_status (created, 201);
  src_id = g_strdup (sbt_json_get_string (created->json, "id"));
  path = g_strdup_printf ("/api/packages/%s", src_id);
  {
    g_autofree char *body = g_strdup_printf ("{\"type\":\"project\",\"settings\":{\"defaultAction\":\"use_existing\","
                                             "\"aclOnReplacingObjects\":\"use_existing\","
                                             "\"aclOnNewObjects\":[\"keep_acl_as_source_object\"]},"
                                             "\"content\":[{\"id\":\"%s\",\"type\":12,\"action\":\"force_replace\","
                                             "\"includeDependents\":false}]}", SBT_YEAR_ID);
    defined = sbt_request (src, "PUT", path, body, "X-MSTR-ProjectID", project,
                           "Prefer", "respond-async", NULL);
    sbt_assert_status (defined, 202);
  }
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/api/packages/%s?showContent=false", src_id);
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    for (;;)
      {
        g_autoptr(SbtResponse) r = sbt_request (src, "GET", path, NULL, "X-MSTR-ProjectID", project, NULL);
        sbt_assert_status (r, 200);
        if (g_strcmp0 (sbt_json_get_string (r->json, "status"), "READY") == 0)
          break;
        g_assert_cmpstr (sbt_json_get_string (r->json, "status"), ==, "PROCESSING");
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (10 * 1000);
      }
  }
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/api/packages/%s/binary", src_id);
  binary = sbt_request (src, "GET", path, NULL, "X-MSTR-ProjectID", project,
                        "Accept", "application/octet-stream", NULL);
  sbt_assert_status (binary, 200);

  /* Target: an empty package, then the upload (multipart field "file") */
  holder = sbt_request (tgt, "POST", "/api/packages", NULL, "X-MSTR-ProjectID", project, NULL);
  sbt_assert_status (holder, 201);
  tgt_id = g_strdup (sbt_json_get_string (holder->json, "id"));
  multipart = soup_multipart_new ("multipart/form-data");
  soup_multipart_append_form_file (multipart, "file", "package.mmp", "application/octet-stream",
                                   binary->body);
  form_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_multipart_to_message (multipart, form_headers, &form);
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/api/packages/%s/binary", tgt_id);
  {
    const char *headers[] = { "X-MSTR-ProjectID", project, NULL };
    uploaded = sbt_request_full (tgt, "PUT", path, headers,
                                 soup_message_headers_get_one (form_headers, "Content-Type"),
                                 form, TRUE);
  }
  soup_message_headers_unref (form_headers);
  sbt_assert_status (uploaded, 200);
  g_assert_cmpstr (sbt_json_get_string (uploaded->json, "status"), ==, "READY");

  /* Import it: 202 PROCESSING, then IMPORTED with an undo package */
  g_clear_pointer (&path, g_free);
  {
    g_autofree char *escaped = g_uri_escape_string (tgt_id, NULL, FALSE);
    path = g_strdup_printf ("/api/packages/imports?packageId=%s&generateUndo=True", escaped);
  }
  import = sbt_request (tgt, "POST", path, NULL, "X-MSTR-ProjectID", project,
                        "Prefer", "respond-async", NULL);
  sbt_assert_status (import, 202);
  g_assert_cmpstr (sbt_json_get_string (import->json, "status"), ==, "PROCESSING");
  import_id = g_strdup (sbt_json_get_string (import->json, "id"));
  g_assert_nonnull (import_id);
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/api/packages/imports/%s", import_id);
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    for (;;)
      {
        g_autoptr(SbtResponse) r = sbt_request (tgt, "GET", path, NULL, "X-MSTR-ProjectID", project, NULL);
        sbt_assert_status (r, 200);
        if (g_strcmp0 (sbt_json_get_string (r->json, "status"), "PROCESSING") != 0)
          {
            imported = json_node_ref (r->json);
            break;
          }
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (10 * 1000);
      }
  }
  g_assert_cmpstr (sbt_json_get_string (imported, "status"), ==, "IMPORTED");
  g_assert_true (sbt_json_get_bool (imported, "undoPackageCreated"));
  g_assert_cmpfloat (sbt_json_get_number (imported, "progress"), ==, 100.0);

  /* force_replace: Production's Year is now Development's */
  year_after = ferry_sandbox_dup_object (pair.prod, project, SBT_YEAR_ID);
  sbt_assert_object_migrated (year_dev, year_after);

  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/api/packages/imports/%s/undoPackage/binary", import_id);
  undo = sbt_request (tgt, "GET", path, NULL, "X-MSTR-ProjectID", project, NULL);
  sbt_assert_status (undo, 200);
  g_assert_cmpuint (g_bytes_get_size (undo->body), >, 0);

  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/api/packages/imports/%s", import_id);
  deleted = sbt_request (tgt, "DELETE", path, NULL, "X-MSTR-ProjectID", project,
                         "Prefer", "respond-async", NULL);
  sbt_assert_status (deleted, 202);
}

/* ------------------------------------------------------------------------ */
/* Project merge between environments                                         */
/* ------------------------------------------------------------------------ */

typedef struct
{
  SbtClient    *src;
  SbtClient    *tgt;
  FerrySandbox *dev;      /* NULL when the servers are subprocesses */
  FerrySandbox *prod;
  const char   *shared;
} MergeRun;

static JsonNode *
get_object_http (SbtClient  *client,
                 const char *id,
                 int         type)
{
  g_autofree char *path = g_strdup_printf ("/api/objects/%s?type=%d", id, type);
  g_autoptr(SbtResponse) r = sbt_request (client, "GET", path, NULL,
                                          "X-MSTR-ProjectID", SBT_TUTORIAL_ID, NULL);

  sbt_assert_status (r, 200);
  g_assert_cmpstr (sbt_json_get_string (r->json, "id"), ==, id);
  return json_node_ref (r->json);
}

static void
assert_storage_file (const char *shared,
                     JsonNode   *storage)
{
  const char *path = sbt_json_get_string (storage, "path");
  gint64 size = sbt_json_get_int (storage, "size");
  g_autofree char *file = NULL;
  GStatBuf st;

  g_assert_nonnull (path);
  g_assert_true (g_str_has_suffix (path, ".mmp"));
  g_assert_cmpint (size, >, 0);
  if (shared == NULL)
    return;
  file = g_build_filename (shared, path, NULL);
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpint ((gint64) st.st_size, ==, size);
}

/* After the reference merge (defaultAction and the filter rule use_existing,
 * objectActions replace for Year, aclOnReplacingObjects use_existing,
 * aclOnNewObjects keep_acl_as_source_object, a folder rule naming Year,
 * which is no folder and so matches nothing). */
static void
assert_reference_merge_result (JsonNode *dev_objects,
                               JsonNode *before,
                               JsonNode *after)
{
  g_autoptr(GHashTable) dev = sbt_objects_index (dev_objects);
  g_autoptr(GHashTable) old = sbt_objects_index (before);
  g_autoptr(GHashTable) now = sbt_objects_index (after);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, now);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonNode *previous = g_hash_table_lookup (old, key);
      JsonNode *source = g_hash_table_lookup (dev, key);

      if (g_str_equal (key, SBT_YEAR_ID))
        {
          /* replaced, keeping the target copy's ACL */
          sbt_assert_object_migrated (source, value);
          g_assert_true (sbt_member_equal (previous, value, "acl"));
        }
      else if (previous != NULL)
        {
          sbt_assert_json_equal (previous, value);
        }
      else
        {
          /* created: the source object with the source's ACL */
          g_assert_nonnull (source);
          sbt_assert_object_migrated (source, value);
          g_assert_true (sbt_member_equal (source, value, "acl"));
        }
    }
  g_hash_table_iter_init (&iter, old);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_true (g_hash_table_contains (now, key));
  g_hash_table_iter_init (&iter, dev);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_true (g_hash_table_contains (now, key));
}

static void
run_reference_merge (MergeRun *run)
{
  g_autoptr(JsonNode) create_request = sbt_load_fixture ("merge-create.request.json");
  g_autoptr(JsonNode) dev_objects = NULL;
  g_autoptr(JsonNode) prod_before = NULL;
  g_autoptr(JsonNode) prod_after = NULL;
  g_autoptr(JsonNode) year_src = NULL;
  g_autoptr(JsonNode) year_before = NULL;
  g_autoptr(JsonNode) year_after = NULL;
  g_autoptr(JsonNode) year_undone = NULL;
  g_autoptr(SbtResponse) created = NULL;
  g_autoptr(SbtResponse) requested = NULL;
  g_autoptr(SbtResponse) approved = NULL;
  g_autoptr(SbtResponse) all = NULL;
  g_autoptr(SbtResponse) put = NULL;
  g_autoptr(SbtResponse) imported_all = NULL;
  g_autoptr(SbtResponse) undo_requested = NULL;
  g_autoptr(SbtResponse) undo_approved = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(JsonNode) imported = NULL;
  g_autoptr(JsonNode) undone = NULL;
  g_autoptr(JsonNode) get_headers = headers_fixture ("merge-get.headers.json", TRUE);
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *path_all = NULL;
  g_autofree char *delete_path = NULL;
  const char *package_id;
  /* packageInfo.certification: in every record (api.md, "Validation,
   * certification, …"), not in the reference page's samples. */
  static const char *const plain_get_ignore[] = { "packageInfo.tocView", "packageInfo.treeView",
                                                  "packageInfo.certification", NULL };
  static const char *const record_ignore[] = { "packageInfo.certification", NULL };

  /* Target state before: Year is newer in Development */
  year_src = get_object_http (run->src, SBT_YEAR_ID, 12);
  year_before = get_object_http (run->tgt, SBT_YEAR_ID, 12);
  g_assert_cmpstr (sbt_json_get_string (year_src, "version"), !=,
                   sbt_json_get_string (year_before, "version"));
  g_assert_cmpstr (sbt_json_get_string (year_src, "dateModified"), >,
                   sbt_json_get_string (year_before, "dateModified"));
  if (run->dev != NULL)
    {
      dev_objects = ferry_sandbox_dup_objects (run->dev, SBT_TUTORIAL_ID);
      prod_before = ferry_sandbox_dup_objects (run->prod, SBT_TUTORIAL_ID);
    }

  /* Step 1: POST /api/migrations on the source */
  created = replay_fixture (run->src, "POST", "/api/migrations",
                            "merge-create.headers.json", "merge-create.request.json");
  sbt_assert_status (created, 201);
  assert_matches_sample (created, "merge-create.response.json", NULL, sbt_migration_enum_rules);
  id = g_strdup (sbt_json_get_string (created->json, "id"));
  assert_migration_id (id);
  package_id = sbt_json_get_string (created->json, "packageInfo.id");
  g_assert_true (g_str_has_prefix (id, package_id));
  g_assert_true (g_str_has_suffix (id, sbt_json_get_string (created->json, "importInfo.id")));
  g_assert_cmpstr (sbt_json_get_string (created->json, "packageInfo.status"), ==, "creating");
  g_assert_cmpstr (sbt_json_get_string (created->json, "importInfo.status"), ==, "pending");
  g_assert_cmpstr (sbt_json_get_string (created->json, "importInfo.importRequestStatus"), ==, "pending");
  g_assert_cmpstr (sbt_json_get_string (created->json, "importInfo.undoRequestStatus"), ==, "pending");
  g_assert_cmpfloat (sbt_json_get_number (created->json, "importInfo.progress"), ==, 0);
  path = g_strdup_printf ("/api/migrations/%s", id);
  path_all = g_strdup_printf ("/api/migrations/%s?showContent=all", id);
  delete_path = g_strdup_printf ("/api/migrations?packageId=%s", package_id);

  /* Step 2: poll GET on the source until created */
  {
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    for (;;)
      {
        g_autoptr(SbtResponse) r = replay (run->src, "GET", path, get_headers, NULL, NULL);
        const char *status;

        sbt_assert_status (r, 200);
        status = sbt_json_get_string (r->json, "packageInfo.status");
        if (g_strcmp0 (status, "creating") != 0)
          {
            record = json_node_ref (r->json);
            break;
          }
        g_assert_cmpfloat (sbt_json_get_number (r->json, "packageInfo.progress"), >=, 0);
        g_assert_cmpfloat (sbt_json_get_number (r->json, "packageInfo.progress"), <=, 100);
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (10 * 1000);
      }
  }
  {
    g_autoptr(JsonNode) sample = sbt_load_fixture ("merge-get-created.response.json");
    sbt_assert_same_shape (sample, record, record_ignore);
    sbt_assert_enums (record, sbt_migration_enum_rules);
  }
  g_assert_cmpstr (sbt_json_get_string (record, "id"), ==, id);
  g_assert_cmpstr (sbt_json_get_string (record, "packageInfo.status"), ==, "created");
  g_assert_false (sbt_json_get_bool (record, "packageInfo.replicated"));
  g_assert_cmpstr (sbt_json_get_string (record, "packageInfo.type"), ==, "project");
  g_assert_cmpstr (sbt_json_get_string (record, "packageInfo.purpose"), ==, "project_merge");
  g_assert_cmpstr (sbt_json_get_string (record, "packageInfo.name"), ==, "ProjectMerge_success");
  g_assert_cmpstr (sbt_json_get_string (record, "packageInfo.creator.id"), ==, SBT_ADMINISTRATOR_ID);
  g_assert_cmpstr (sbt_json_get_string (record, "packageInfo.creator.name"), ==, "Administrator");
  g_assert_true (sbt_is_timestamp (sbt_json_get_string (record, "packageInfo.creationDate")));
  g_assert_true (sbt_is_timestamp (sbt_json_get_string (record, "packageInfo.lastUpdatedDate")));
  g_assert_true (sbt_is_timestamp (sbt_json_get_string (record, "importInfo.creationDate")));
  sbt_assert_json_equal (sbt_json_get (create_request, "packageInfo.environment"),
                         sbt_json_get (record, "packageInfo.environment"));
  sbt_assert_json_equal (sbt_json_get (create_request, "importInfo.environment"),
                         sbt_json_get (record, "importInfo.environment"));
  sbt_assert_json_equal (sbt_json_get (create_request, "importInfo.project"),
                         sbt_json_get (record, "importInfo.project"));
  g_assert_cmpstr (sbt_json_get_string (record, "packageInfo.project.id"), ==, SBT_TUTORIAL_ID);
  g_assert_cmpfloat (sbt_json_get_number (record, "packageInfo.progress"), ==, 100);
  g_assert_false (sbt_json_get_bool (record, "packageInfo.deleted"));
  g_assert_true (sbt_json_get_bool (record, "packageInfo.existing"));
  g_assert_cmpuint (json_object_get_size (json_node_get_object (sbt_json_get (record, "importInfo.creator"))), ==, 0);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (sbt_json_get (record, "importInfo.undoStorage"))), ==, 0);
  g_assert_cmpstr (sbt_json_get_string (record, "importInfo.status"), ==, "pending");
  g_assert_cmpstr (sbt_json_get_string (record, "version"), ==, "2");
  assert_storage_file (run->shared, sbt_json_get (record, "packageInfo.storage"));

  /* Only object_migration records are listed unless a purpose is named */
  {
    g_autoptr(SbtResponse) list = sbt_request (run->src, "GET", "/api/migrations", NULL, NULL);
    g_autoptr(SbtResponse) merges = sbt_request (run->src, "GET",
                                                 "/api/migrations?packageInfo.purpose=project_merge",
                                                 NULL, NULL);
    sbt_assert_status (list, 200);
    g_assert_cmpint (sbt_json_get_int (list->json, "total"), ==, 0);
    sbt_assert_status (merges, 200);
    g_assert_cmpint (sbt_json_get_int (merges->json, "total"), ==, 1);
    g_assert_cmpstr (sbt_json_get_string (merges->json, "data.0.id"), ==, id);
  }

  /* Step 3: PATCH requested, then approved */
  requested = replay_fixture (run->src, "PATCH", path, "merge-patch.headers.json",
                              "merge-patch-requested.request.json");
  sbt_assert_status (requested, 200);
  assert_matches_sample (requested, "merge-patch-requested.response.json", NULL,
                         sbt_migration_enum_rules);
  g_assert_cmpstr (sbt_json_get_string (requested->json, "id"), ==, id);
  g_assert_cmpstr (sbt_json_get_string (requested->json, "packageInfo.status"), ==, "created");
  g_assert_cmpstr (sbt_json_get_string (requested->json, "importInfo.status"), ==, "pending");
  g_assert_cmpstr (sbt_json_get_string (requested->json, "importInfo.importRequestStatus"), ==, "requested");
  g_assert_cmpstr (sbt_json_get_string (requested->json, "importInfo.undoRequestStatus"), ==, "pending");

  approved = replay_fixture (run->src, "PATCH", path, "merge-patch.headers.json",
                             "merge-patch-approved.request.json");
  sbt_assert_status (approved, 200);
  assert_matches_sample (approved, "merge-patch-approved.response.json", NULL,
                         sbt_migration_enum_rules);
  g_assert_cmpstr (sbt_json_get_string (approved->json, "packageInfo.status"), ==, "locked");
  g_assert_cmpstr (sbt_json_get_string (approved->json, "importInfo.status"), ==, "pending");
  g_assert_cmpstr (sbt_json_get_string (approved->json, "importInfo.importRequestStatus"), ==, "approved");

  /* Step 4: GET ?showContent=all */
  all = replay (run->src, "GET", path_all, get_headers, NULL, NULL);
  sbt_assert_status (all, 200);
  assert_matches_sample (all, "merge-get-all.response.json", NULL, sbt_migration_enum_rules);
  sbt_assert_json_equal (sbt_json_get (create_request, "packageInfo.tocView"),
                         sbt_json_get (all->json, "packageInfo.tocView"));
  sbt_assert_json_equal (sbt_json_get (create_request, "packageInfo.treeView"),
                         sbt_json_get (all->json, "packageInfo.treeView"));
  g_assert_cmpstr (sbt_json_get_string (all->json, "packageInfo.status"), ==, "locked");
  g_assert_cmpstr (sbt_json_get_string (all->json, "importInfo.importRequestStatus"), ==, "approved");

  /* Step 5: replicated = true, PUT on the target */
  json_object_set_boolean_member (json_node_get_object (sbt_json_get (all->json, "packageInfo")),
                                  "replicated", TRUE);
  {
    g_autoptr(JsonNode) sample = sbt_load_fixture ("merge-import.request.json");
    g_autoptr(JsonNode) headers = headers_fixture ("merge-import.headers.json", TRUE);

    sbt_assert_same_shape (sample, all->json, record_ignore);
    put = replay (run->tgt, "PUT", path, headers, NULL, all->json);
  }
  sbt_assert_status (put, 202);
  assert_matches_sample (put, "merge-import.response.json", NULL, sbt_migration_enum_rules);
  g_assert_cmpstr (sbt_json_get_string (put->json, "id"), ==, id);
  g_assert_cmpstr (sbt_json_get_string (put->json, "packageInfo.status"), ==, "locked");
  g_assert_cmpstr (sbt_json_get_string (put->json, "importInfo.status"), ==, "importing");
  g_assert_cmpstr (sbt_json_get_string (put->json, "importInfo.importRequestStatus"), ==, "approved");

  /* Step 6: poll the target until imported */
  imported = sbt_wait_for (run->tgt, path, "importInfo.status", "imported", "import_failed", NULL);
  g_assert_cmpstr (sbt_json_get_string (imported, "importInfo.status"), ==, "imported");
  {
    g_autoptr(JsonNode) sample = sbt_load_fixture ("merge-get-imported.response.json");

    sbt_assert_same_shape (sample, imported, plain_get_ignore);
    sbt_assert_enums (imported, sbt_migration_enum_rules);
    imported_all = sbt_request (run->tgt, "GET", path_all, NULL, NULL);
    sbt_assert_status (imported_all, 200);
    sbt_assert_same_shape (sample, imported_all->json, record_ignore);
    sbt_assert_enums (imported_all->json, sbt_migration_enum_rules);
  }
  g_assert_cmpstr (sbt_json_get_string (imported, "importInfo.importRequestStatus"), ==, "approved");
  g_assert_cmpstr (sbt_json_get_string (imported, "importInfo.creator.id"), ==, SBT_ADMINISTRATOR_ID);
  g_assert_cmpfloat (sbt_json_get_number (imported, "importInfo.progress"), ==, 100);
  assert_storage_file (run->shared, sbt_json_get (imported, "importInfo.undoStorage"));

  year_after = get_object_http (run->tgt, SBT_YEAR_ID, 12);
  g_assert_cmpstr (sbt_json_get_string (year_after, "version"), ==,
                   sbt_json_get_string (year_src, "version"));
  g_assert_cmpstr (sbt_json_get_string (year_after, "dateModified"), ==,
                   sbt_json_get_string (year_src, "dateModified"));
  if (run->dev != NULL)
    {
      prod_after = ferry_sandbox_dup_objects (run->prod, SBT_TUTORIAL_ID);
      assert_reference_merge_result (dev_objects, prod_before, prod_after);
    }

  /* Undo, step 1: PATCH undoRequestStatus requested */
  undo_requested = replay_fixture (run->tgt, "PATCH", path, "undo-patch-requested.headers.json",
                                   "undo-patch-requested.request.json");
  sbt_assert_status (undo_requested, 200);
  assert_matches_sample (undo_requested, "undo-patch-requested.response.json", NULL,
                         sbt_migration_enum_rules);
  g_assert_cmpstr (sbt_json_get_string (undo_requested->json, "packageInfo.status"), ==, "locked");
  g_assert_cmpstr (sbt_json_get_string (undo_requested->json, "importInfo.status"), ==, "imported");
  g_assert_cmpstr (sbt_json_get_string (undo_requested->json, "importInfo.importRequestStatus"), ==, "approved");
  g_assert_cmpstr (sbt_json_get_string (undo_requested->json, "importInfo.undoRequestStatus"), ==, "requested");
  g_assert_cmpfloat (sbt_json_get_number (undo_requested->json, "importInfo.progress"), ==, 100);

  /* Undo, step 2: PATCH approved, with the target project header */
  undo_approved = replay_fixture (run->tgt, "PATCH", path, "undo-patch-approved.headers.json",
                                  "undo-patch-approved.request.json");
  sbt_assert_status (undo_approved, 200);
  assert_matches_sample (undo_approved, "undo-patch-approved.response.json", NULL,
                         sbt_migration_enum_rules);
  g_assert_cmpstr (sbt_json_get_string (undo_approved->json, "importInfo.status"), ==, "undoing");
  g_assert_cmpstr (sbt_json_get_string (undo_approved->json, "importInfo.undoRequestStatus"), ==, "approved");

  /* Undo, step 3: poll until undo_success; the target is as before */
  undone = sbt_wait_for (run->tgt, path, "importInfo.status", "undo_success", "undo_failed", NULL);
  g_assert_cmpstr (sbt_json_get_string (undone, "importInfo.status"), ==, "undo_success");
  year_undone = get_object_http (run->tgt, SBT_YEAR_ID, 12);
  sbt_assert_json_equal (year_before, year_undone);
  if (run->prod != NULL)
    {
      g_autoptr(JsonNode) prod_undone = ferry_sandbox_dup_objects (run->prod, SBT_TUTORIAL_ID);
      sbt_assert_json_equal (prod_before, prod_undone);
    }

  /* Delete package: on the source, then on the target */
  {
    g_autoptr(SbtResponse) del_src = replay_fixture (run->src, "DELETE", delete_path,
                                                     "merge-delete-source.headers.json", NULL);
    g_autoptr(SbtResponse) del_tgt = replay_fixture (run->tgt, "DELETE", delete_path,
                                                     "merge-delete-target.headers.json", NULL);
    g_autoptr(SbtResponse) get_src = sbt_request (run->src, "GET", path, NULL, NULL);
    g_autoptr(SbtResponse) get_tgt = sbt_request (run->tgt, "GET", path, NULL, NULL);
    g_autoptr(SbtResponse) again_src = replay_fixture (run->src, "DELETE", delete_path,
                                                       "merge-delete-source.headers.json", NULL);
    g_autoptr(SbtResponse) again_tgt = replay_fixture (run->tgt, "DELETE", delete_path,
                                                       "merge-delete-target.headers.json", NULL);
    g_autoptr(SbtResponse) list = sbt_request (run->src, "GET",
                                               "/api/migrations?packageInfo.purpose=project_merge",
                                               NULL, NULL);

    sbt_assert_status (del_src, 204);
    g_assert_cmpuint (g_bytes_get_size (del_src->body), ==, 0);
    sbt_assert_status (del_tgt, 204);
    g_assert_cmpuint (g_bytes_get_size (del_tgt->body), ==, 0);
    sbt_assert_contains (sbt_assert_error (get_src, 404, "ERR004"), package_id);
    sbt_assert_contains (sbt_assert_error (get_tgt, 404, "ERR004"), package_id);
    sbt_assert_error (again_src, 404, "ERR006");
    sbt_assert_error (again_tgt, 404, "ERR006");
    sbt_assert_status (list, 200);
    g_assert_cmpint (sbt_json_get_int (list->json, "total"), ==, 0);
  }
}

static void
test_merge_in_process (void)
{
  SbtPair pair;
  MergeRun run = { 0 };
  g_autoptr(SbtClient) src = NULL;
  g_autoptr(SbtClient) tgt = NULL;

  sbt_pair_start (&pair, NULL, NULL);
  src = sbt_client_new_admin (pair.dev);
  tgt = sbt_client_new_admin (pair.prod);
  run.src = src;
  run.tgt = tgt;
  run.dev = pair.dev;
  run.prod = pair.prod;
  run.shared = pair.shared;
  run_reference_merge (&run);
}

static void
test_merge_two_processes (void)
{
  g_autofree char *shared = sbt_make_tmp_dir ();
  g_autofree char *dev_state = sbt_make_tmp_dir ();
  g_autofree char *prod_state = sbt_make_tmp_dir ();
  g_autoptr(SbtProcess) dev = sbt_process_start (dev_state, shared, "tutorial-dev",
                                                 "--name", "Development", NULL);
  g_autoptr(SbtProcess) prod = sbt_process_start (prod_state, shared, "tutorial-prod",
                                                  "--name", "Production", NULL);
  g_autoptr(SbtClient) src = sbt_client_new_login (dev->base_url, "administrator", "");
  g_autoptr(SbtClient) tgt = sbt_client_new_login (prod->base_url, "administrator", "");
  MergeRun run = { src, tgt, NULL, NULL, shared };

  g_assert_cmpstr (dev->base_url, !=, prod->base_url);
  run_reference_merge (&run);

  sbt_process_terminate (dev);
  sbt_process_terminate (prod);
}

int
main (int   argc,
      char *argv[])
{
  sbt_init (&argc, &argv);

  g_test_add_func ("/sandbox/spec/package/project", test_package_project);
  g_test_add_func ("/sandbox/spec/package/configuration", test_package_configuration);
  g_test_add_func ("/sandbox/spec/package/project-security", test_package_project_security);
  g_test_add_func ("/sandbox/spec/package/import", test_package_import);
  g_test_add_func ("/sandbox/spec/merge/in-process", test_merge_in_process);
  g_test_add_func ("/sandbox/spec/merge/two-processes", test_merge_two_processes);

  return g_test_run ();
}
