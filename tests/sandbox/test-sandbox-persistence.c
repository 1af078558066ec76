/* test-sandbox-persistence.c: state survives a restart, a kill in the middle
 * of an import changes nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sb-test-util.h"

#define P SBT_TUTORIAL_ID

static JsonNode *
year_migration_body (SbtClient  *src,
                     SbtClient  *tgt,
                     const char *name)
{
  g_autoptr(JsonNode) settings = sbt_json_parse ("{\"defaultAction\":\"replace\","
                                                 "\"aclOnReplacingObjects\":\"use_existing\","
                                                 "\"aclOnNewObjects\":[\"keep_acl_as_source_object\"]}");
  g_autoptr(JsonNode) content = sbt_json_parse ("[{\"id\":\"" SBT_YEAR_ID "\",\"type\":12,"
                                                "\"action\":\"replace\",\"includeDependents\":true}]");
  JsonNode *body = sbt_migration_body (sbt_client_get_base_url (src), sbt_client_get_base_url (tgt),
                                       "object_migration", "project", P, settings, content);

  json_object_set_string_member (json_node_get_object (sbt_json_get (body, "packageInfo")), "name", name);
  return body;
}

static JsonNode *
merge_body (SbtClient *src,
            SbtClient *tgt)
{
  g_autoptr(JsonNode) settings = sbt_json_parse ("{\"defaultAction\":\"replace\","
                                                 "\"aclOnReplacingObjects\":\"use_existing\","
                                                 "\"aclOnNewObjects\":[\"keep_acl_as_source_object\"]}");

  return sbt_migration_body (sbt_client_get_base_url (src), sbt_client_get_base_url (tgt),
                             "project_merge", "project", P, settings, NULL);
}

static void
patch (SbtClient  *c,
       const char *id,
       const char *body)
{
  g_autofree char *path = g_strdup_printf ("/api/migrations/%s", id);
  g_autoptr(SbtResponse) r = sbt_request (c, "PATCH", path, body, NULL);

  sbt_assert_status (r, 200);
}

/* Everything a client can read about the server's migrations, and every
 * object (JSON compared by value: member order does not matter). */
static JsonNode *
snapshot (FerrySandbox *sb,
          SbtClient    *c)
{
  JsonArray *all = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(SbtResponse) list =
    sbt_request (c, "GET", "/api/migrations?packageInfo.purpose=object_migration%2Cproject_merge&offset=0&limit=1000",
                 NULL, NULL);
  const char *spaces[] = { SBT_TUTORIAL_ID, SBT_SECOND_PROJECT_ID, NULL };
  JsonArray *data;

  sbt_assert_status (list, 200);
  json_array_add_element (all, json_node_ref (list->json));
  data = json_node_get_array (sbt_json_get (list->json, "data"));
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      const char *id = sbt_json_get_string (json_array_get_element (data, i), "id");
      g_autofree char *path = g_strdup_printf ("/api/migrations/%s?showContent=all", id);
      g_autoptr(SbtResponse) r = sbt_request (c, "GET", path, NULL, NULL);

      sbt_assert_status (r, 200);
      json_array_add_element (all, json_node_ref (r->json));
    }
  for (guint i = 0; i < G_N_ELEMENTS (spaces); i++)
    json_array_add_element (all, ferry_sandbox_dup_objects (sb, spaces[i]));
  json_node_take_array (node, all);
  return node;
}

static FerrySandbox *
restart (FerrySandbox *old,
         const char   *shared)
{
  /* a different seed proves the state is loaded, not seeded again */
  SbtOptions options = { .state_dir = sbt_sandbox_get_state_dir (old), .seed = "empty",
                         .shared_storage = shared, .name = ferry_sandbox_get_name (old) };

  ferry_sandbox_stop (old);
  g_assert_false (ferry_sandbox_is_running (old));
  return sbt_sandbox_start (&options);
}

static void
test_restart (void)
{
  SbtPair pair;
  g_autoptr(SbtClient) dev = NULL;
  g_autoptr(SbtClient) prod = NULL;
  g_autoptr(SbtClient) dev2 = NULL;
  g_autoptr(SbtClient) prod2 = NULL;
  g_autoptr(SbtClient) stale = NULL;
  g_autoptr(SbtResponse) holder = NULL;
  g_autoptr(SbtResponse) binary_before = NULL;
  g_autoptr(SbtResponse) binary_after = NULL;
  g_autofree char *m_created = NULL;
  g_autofree char *m_requested = NULL;
  g_autofree char *m_approved = NULL;
  g_autofree char *m_imported = NULL;
  g_autofree char *m_undone = NULL;
  g_autofree char *m_merge = NULL;
  g_autoptr(JsonNode) dev_before = NULL;
  g_autoptr(JsonNode) prod_before = NULL;
  g_autoptr(JsonNode) dev_after = NULL;
  g_autoptr(JsonNode) prod_after = NULL;
  g_autofree char *holder_path = NULL;
  g_autofree char *binary_path = NULL;
  g_autofree char *old_token = NULL;
  FerrySandbox *dev_sb, *prod_sb;

  sbt_pair_start (&pair, NULL, NULL);
  dev = sbt_client_new_admin (pair.dev);
  prod = sbt_client_new_admin (pair.prod);

  /* a finished merge */
  {
    g_autoptr(JsonNode) body = merge_body (dev, prod);
    g_autoptr(JsonNode) r = sbt_migration_run (dev, prod, P, body, &m_merge);
    g_assert_cmpstr (sbt_json_get_string (r, "importInfo.status"), ==, "imported");
  }
  /* migrations in each state */
  {
    g_autoptr(JsonNode) b1 = year_migration_body (dev, prod, "Created");
    g_autoptr(JsonNode) b2 = year_migration_body (dev, prod, "Requested");
    g_autoptr(JsonNode) b3 = year_migration_body (dev, prod, "Approved");
    g_autoptr(JsonNode) b4 = year_migration_body (dev, prod, "Imported");
    g_autoptr(JsonNode) b5 = year_migration_body (dev, prod, "Undone");
    g_autoptr(JsonNode) r4 = NULL;
    g_autoptr(JsonNode) r5 = NULL;
    g_autoptr(JsonNode) u5 = NULL;

    m_created = sbt_migration_create (dev, P, b1, NULL);
    m_requested = sbt_migration_create (dev, P, b2, NULL);
    patch (dev, m_requested, "{\"importInfo\":{\"importRequestStatus\":\"requested\"}}");
    m_approved = sbt_migration_create (dev, P, b3, NULL);
    sbt_migration_approve (dev, m_approved);
    r4 = sbt_migration_run (dev, prod, P, b4, &m_imported);
    g_assert_cmpstr (sbt_json_get_string (r4, "importInfo.status"), ==, "imported");
    r5 = sbt_migration_run (dev, prod, P, b5, &m_undone);
    u5 = sbt_migration_undo (prod, m_undone, P);
    g_assert_cmpstr (sbt_json_get_string (u5, "importInfo.status"), ==, "undo_success");
  }
  /* a package holder, which lives only as long as its session */
  holder = sbt_request (dev, "POST", "/api/packages", NULL, "X-MSTR-ProjectID", P, NULL);
  sbt_assert_status (holder, 201);
  holder_path = g_strdup_printf ("/api/packages/%s", sbt_json_get_string (holder->json, "id"));
  {
    g_auto(GStrv) halves = g_strsplit (m_created, ":", 2);
    binary_path = g_strdup_printf ("/api/migrations/packages/%s/binary", halves[0]);
  }
  binary_before = sbt_request (dev, "GET", binary_path, NULL, NULL);
  sbt_assert_status (binary_before, 200);
  g_assert_cmpuint (g_bytes_get_size (binary_before->body), >, 0);

  dev_before = snapshot (pair.dev, dev);
  prod_before = snapshot (pair.prod, prod);
  old_token = g_strdup (sbt_client_get_token (dev));

  dev_sb = restart (pair.dev, pair.shared);
  prod_sb = restart (pair.prod, pair.shared);

  /* sessions do not survive */
  stale = sbt_client_new (ferry_sandbox_get_base_url (dev_sb));
  sbt_client_set_token (stale, old_token);
  {
    g_autoptr(SbtResponse) r = sbt_request (stale, "GET", "/api/projects", NULL, NULL);
    sbt_assert_error (r, 401, "ERR009");
  }

  dev2 = sbt_client_new_admin (dev_sb);
  prod2 = sbt_client_new_admin (prod_sb);
  dev_after = snapshot (dev_sb, dev2);
  prod_after = snapshot (prod_sb, prod2);
  sbt_assert_json_equal (dev_before, dev_after);
  sbt_assert_json_equal (prod_before, prod_after);

  binary_after = sbt_request (dev2, "GET", binary_path, NULL, NULL);
  sbt_assert_status (binary_after, 200);
  g_assert_true (g_bytes_equal (binary_before->body, binary_after->body));

  /* the holder died with its session */
  {
    g_autoptr(SbtResponse) r = sbt_request (dev2, "GET", holder_path, NULL, "X-MSTR-ProjectID", P, NULL);
    sbt_assert_error (r, 404, "ERR004");
  }

  /* and the records go on where they were */
  {
    g_autoptr(JsonNode) r = NULL;

    patch (dev2, m_requested, "{\"importInfo\":{\"importRequestStatus\":\"approved\"}}");
    r = sbt_migration_import (dev2, prod2, m_approved, P);
    g_assert_cmpstr (sbt_json_get_string (r, "importInfo.status"), ==, "imported");
  }
  {
    g_autoptr(JsonNode) r = sbt_migration_undo (prod2, m_imported, P);
    g_assert_cmpstr (sbt_json_get_string (r, "importInfo.status"), ==, "undo_success");
  }
}

static void
test_kill_during_import (void)
{
  g_autofree char *shared = sbt_make_tmp_dir ();
  g_autofree char *prod_state = sbt_make_tmp_dir ();
  SbtOptions dev_options = { .seed = "tutorial-dev", .name = "Development", .shared_storage = shared };
  SbtOptions prod_options = { .state_dir = prod_state, .seed = "tutorial-prod", .name = "Production",
                              .shared_storage = shared };
  FerrySandbox *dev_sb = sbt_sandbox_start (&dev_options);
  FerrySandbox *prod_sb;
  g_autoptr(SbtClient) dev = sbt_client_new_admin (dev_sb);
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(SbtResponse) all = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *path_all = NULL;
  g_autofree char *put_body = NULL;

  /* the target's state as it is before the import */
  prod_sb = sbt_sandbox_start (&prod_options);
  before = ferry_sandbox_dup_objects (prod_sb, P);
  ferry_sandbox_stop (prod_sb);

  {
    g_autoptr(SbtProcess) target = sbt_process_start (prod_state, shared, NULL,
                                                      "--work-delay-ms", "20", "--name", "Production", NULL);
    g_autoptr(SbtClient) tgt = sbt_client_new_login (target->base_url, "administrator", "");
    g_autoptr(SbtResponse) put = NULL;

    body = merge_body (dev, tgt);
    id = sbt_migration_create (dev, P, body, NULL);
    sbt_migration_approve (dev, id);
    path = g_strdup_printf ("/api/migrations/%s", id);
    path_all = g_strdup_printf ("/api/migrations/%s?showContent=all", id);
    all = sbt_request (dev, "GET", path_all, NULL, NULL);
    sbt_assert_status (all, 200);
    json_object_set_boolean_member (json_node_get_object (sbt_json_get (all->json, "packageInfo")),
                                    "replicated", TRUE);
    put_body = json_to_string (all->json, FALSE);

    put = sbt_request (tgt, "PUT", path, put_body, "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    sbt_assert_status (put, 202);

    /* visibly importing (twice, 200 ms apart), then killed part way */
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(SbtResponse) r = NULL;

        g_usleep (200 * 1000);
        r = sbt_request (tgt, "GET", path, NULL, NULL);
        sbt_assert_status (r, 200);
        g_assert_cmpstr (sbt_json_get_string (r->json, "importInfo.status"), ==, "importing");
        g_test_message ("import progress %g", sbt_json_get_number (r->json, "importInfo.progress"));
        g_assert_cmpfloat (sbt_json_get_number (r->json, "importInfo.progress"), <, 100);
      }
    sbt_process_kill (target);
  }

  /* restarted on the same state: the import failed */
  {
    g_autoptr(SbtProcess) target = sbt_process_start (prod_state, shared, NULL, "--name", "Production", NULL);
    g_autoptr(SbtClient) tgt = sbt_client_new_login (target->base_url, "administrator", "");
    g_autoptr(SbtResponse) r = sbt_request (tgt, "GET", path, NULL, NULL);

    sbt_assert_status (r, 200);
    g_assert_cmpstr (sbt_json_get_string (r->json, "importInfo.status"), ==, "import_failed");
    g_assert_nonnull (sbt_json_get_string (r->json, "importInfo.message"));
    g_assert_cmpstr (sbt_json_get_string (r->json, "importInfo.message"), !=, "");
    sbt_process_terminate (target);
  }

  /* every target object is as before; a second PUT retries and imports */
  {
    SbtOptions again = prod_options;
    FerrySandbox *prod2;
    g_autoptr(SbtClient) tgt = NULL;
    g_autoptr(JsonNode) after_kill = NULL;
    g_autoptr(SbtResponse) put = NULL;
    g_autoptr(JsonNode) done = NULL;
    g_autoptr(JsonNode) year_dev = ferry_sandbox_dup_object (dev_sb, P, SBT_YEAR_ID);
    g_autoptr(JsonNode) year_prod = NULL;

    again.seed = "empty";
    prod2 = sbt_sandbox_start (&again);
    after_kill = ferry_sandbox_dup_objects (prod2, P);
    sbt_assert_json_equal (before, after_kill);

    tgt = sbt_client_new_admin (prod2);
    put = sbt_request (tgt, "PUT", path, put_body, "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    sbt_assert_status (put, 202);
    done = sbt_wait_for (tgt, path, "importInfo.status", "imported", "import_failed", NULL);
    g_assert_cmpstr (sbt_json_get_string (done, "importInfo.status"), ==, "imported");
    year_prod = ferry_sandbox_dup_object (prod2, P, SBT_YEAR_ID);
    sbt_assert_object_migrated (year_dev, year_prod);
  }
}

int
main (int   argc,
      char *argv[])
{
  sbt_init (&argc, &argv);

  g_test_add_func ("/sandbox/persistence/restart", test_restart);
  g_test_add_func ("/sandbox/persistence/kill-during-import", test_kill_during_import);

  return g_test_run ();
}
