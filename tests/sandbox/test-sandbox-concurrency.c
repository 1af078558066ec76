/* test-sandbox-concurrency.c: many clients at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 20 threads, each with its own login and its own package holder, create,
 * define, download and delete a package; every fourth also creates an object
 * migration. Every answer is 2xx, ids are distinct, and the server's list
 * holds exactly the migrations created.
 */

#include <string.h>

#include "sb-test-util.h"

#define P SBT_TUTORIAL_ID
#define N_WORKERS 20

typedef struct
{
  const char *base_url;
  guint       index;
  char       *holder_id;
  char       *migration_id;
  char       *migration_name;
  char       *login;
  gsize       binary_size;
} Worker;

static const char *const package_body =
  "{\"type\":\"project\",\"settings\":{\"defaultAction\":\"replace\","
  "\"aclOnReplacingObjects\":\"use_existing\",\"aclOnNewObjects\":[\"keep_acl_as_source_object\"]},"
  "\"content\":[{\"id\":\"" SBT_YEAR_ID "\",\"type\":12,\"action\":\"replace\",\"includeDependents\":true}]}";

static void
assert_2xx (SbtResponse *r,
            const char  *what)
{
  if (r->status < 200 || r->status > 299)
    g_error ("%s: HTTP %u %s %s", what, r->status, r->error ? r->error->message : "", r->text);
}

static gpointer
worker_run (gpointer data)
{
  Worker *w = data;
  gboolean migrator = w->index % 2 == 1;
  g_autoptr(SbtClient) c = sbt_client_new_login (w->base_url, migrator ? "migrator" : "administrator",
                                                 migrator ? "Ferry-Migr8!" : "");
  g_autoptr(SbtResponse) created = NULL;
  g_autoptr(SbtResponse) defined = NULL;
  g_autoptr(SbtResponse) binary = NULL;
  g_autoptr(SbtResponse) deleted = NULL;
  g_autofree char *path = NULL;
  g_autofree char *binary_path = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  w->login = g_strdup (migrator ? "Migrator" : "Administrator");

  created = sbt_request (c, "POST", "/api/packages", NULL, "X-MSTR-ProjectID", P, NULL);
  assert_2xx (created, "POST /api/packages");
  w->holder_id = g_strdup (sbt_json_get_string (created->json, "id"));
  g_assert_nonnull (w->holder_id);
  path = g_strdup_printf ("/api/packages/%s", w->holder_id);
  binary_path = g_strdup_printf ("/api/packages/%s/binary", w->holder_id);

  defined = sbt_request (c, "PUT", path, package_body, "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
  assert_2xx (defined, "PUT /api/packages/{id}");
  for (;;)
    {
      g_autoptr(SbtResponse) r = sbt_request (c, "GET", path, NULL, "X-MSTR-ProjectID", P, NULL);

      assert_2xx (r, "GET /api/packages/{id}");
      if (g_strcmp0 (sbt_json_get_string (r->json, "status"), "READY") == 0)
        break;
      g_assert_cmpstr (sbt_json_get_string (r->json, "status"), ==, "PROCESSING");
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * 1000);
    }
  binary = sbt_request (c, "GET", binary_path, NULL, "X-MSTR-ProjectID", P,
                        "Accept", "application/octet-stream", NULL);
  assert_2xx (binary, "GET /api/packages/{id}/binary");
  w->binary_size = g_bytes_get_size (binary->body);

  if (w->index % 4 == 0)
    {
      g_autoptr(JsonNode) settings = sbt_json_parse ("{\"defaultAction\":\"replace\","
                                                     "\"aclOnReplacingObjects\":\"use_existing\","
                                                     "\"aclOnNewObjects\":[\"keep_acl_as_source_object\"]}");
      g_autoptr(JsonNode) content = sbt_json_parse ("[{\"id\":\"" SBT_YEAR_ID "\",\"type\":12,"
                                                    "\"action\":\"replace\",\"includeDependents\":true}]");
      g_autoptr(JsonNode) body = sbt_migration_body (w->base_url, w->base_url, "object_migration",
                                                     "project", P, settings, content);
      g_autoptr(JsonNode) record = NULL;

      w->migration_name = g_strdup_printf ("Concurrent migration %u", w->index);
      json_object_set_string_member (json_node_get_object (sbt_json_get (body, "packageInfo")),
                                     "name", w->migration_name);
      w->migration_id = sbt_migration_create (c, P, body, &record);
      g_assert_cmpstr (sbt_json_get_string (record, "packageInfo.status"), ==, "created");
    }

  deleted = sbt_request (c, "DELETE", path, NULL, "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
  assert_2xx (deleted, "DELETE /api/packages/{id}");
  return NULL;
}

static void
test_twenty_clients (void)
{
  g_autofree char *shared = sbt_make_tmp_dir ();
  SbtOptions options = { .seed = "tutorial-dev", .shared_storage = shared };
  FerrySandbox *sb = sbt_sandbox_start (&options);
  Worker workers[N_WORKERS] = { { 0 } };
  GThread *threads[N_WORKERS];
  g_autoptr(GHashTable) holders = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) migrations = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SbtClient) c = NULL;
  g_autoptr(SbtResponse) list = NULL;
  JsonArray *data;

  for (guint i = 0; i < N_WORKERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("worker-%u", i);

      workers[i].base_url = ferry_sandbox_get_base_url (sb);
      workers[i].index = i;
      threads[i] = g_thread_new (name, worker_run, &workers[i]);
    }
  for (guint i = 0; i < N_WORKERS; i++)
    g_thread_join (threads[i]);

  g_assert_cmpuint (ferry_sandbox_get_login_count (sb), ==, N_WORKERS);
  for (guint i = 0; i < N_WORKERS; i++)
    {
      g_assert_false (g_hash_table_contains (holders, workers[i].holder_id));
      g_hash_table_add (holders, workers[i].holder_id);
      g_assert_cmpuint (workers[i].binary_size, >, 0);
      if (workers[i].migration_id != NULL)
        {
          g_assert_false (g_hash_table_contains (migrations, workers[i].migration_id));
          g_hash_table_insert (migrations, workers[i].migration_id, &workers[i]);
        }
    }
  g_assert_cmpuint (g_hash_table_size (migrations), ==, (N_WORKERS + 3) / 4);

  /* the list holds exactly the migrations created, each consistent */
  c = sbt_client_new_admin (sb);
  list = sbt_request (c, "GET", "/api/migrations?offset=0&limit=1000", NULL, NULL);
  sbt_assert_status (list, 200);
  g_assert_cmpint (sbt_json_get_int (list->json, "total"), ==, g_hash_table_size (migrations));
  data = json_node_get_array (sbt_json_get (list->json, "data"));
  g_assert_cmpuint (json_array_get_length (data), ==, g_hash_table_size (migrations));
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonNode *item = json_array_get_element (data, i);
      const char *id = sbt_json_get_string (item, "id");
      Worker *w = g_hash_table_lookup (migrations, id);
      g_autofree char *path = g_strdup_printf ("/api/migrations/%s", id);
      g_autoptr(SbtResponse) one = sbt_request (c, "GET", path, NULL, NULL);

      g_assert_nonnull (w);
      g_assert_cmpstr (sbt_json_get_string (item, "packageInfo.name"), ==, w->migration_name);
      sbt_assert_status (one, 200);
      sbt_assert_enums (one->json, sbt_migration_enum_rules);
      g_assert_cmpstr (sbt_json_get_string (one->json, "id"), ==, id);
      g_assert_cmpstr (sbt_json_get_string (one->json, "packageInfo.name"), ==, w->migration_name);
      g_assert_cmpstr (sbt_json_get_string (one->json, "packageInfo.status"), ==, "created");
      g_assert_cmpstr (sbt_json_get_string (one->json, "packageInfo.purpose"), ==, "object_migration");
      g_assert_cmpstr (sbt_json_get_string (one->json, "packageInfo.creator.name"), ==, w->login);
      g_assert_cmpstr (sbt_json_get_string (one->json, "importInfo.status"), ==, "pending");
    }

  /* every holder is gone */
  for (guint i = 0; i < N_WORKERS; i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/packages/%s", workers[i].holder_id);
      gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

      for (;;)
        {
          g_autoptr(SbtResponse) r = sbt_request (c, "GET", path, NULL, "X-MSTR-ProjectID", P, NULL);

          if (r->status == 404)
            break;
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_usleep (10 * 1000);
        }
    }

  for (guint i = 0; i < N_WORKERS; i++)
    {
      g_free (workers[i].holder_id);
      g_free (workers[i].migration_id);
      g_free (workers[i].migration_name);
      g_free (workers[i].login);
    }
}

int
main (int   argc,
      char *argv[])
{
  sbt_init (&argc, &argv);

  g_test_add_func ("/sandbox/concurrency/twenty-clients", test_twenty_clients);

  return g_test_run ();
}
