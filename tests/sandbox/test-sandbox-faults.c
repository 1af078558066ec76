/* test-sandbox-faults.c: the fault plan and the counters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sb-test-util.h"

static const char html[] = "<html><head><title>502 Bad Gateway</title></head>"
                           "<body><h1>Bad Gateway</h1></body></html>";

static void
test_status_fault (void)
{
  SbtOptions options = { .seed = "empty" };
  FerrySandbox *sb = sbt_sandbox_start (&options);
  g_autoptr(SbtClient) c = sbt_client_new_admin (sb);

  ferry_sandbox_add_fault (sb, "GET", "/api/projects", 2, FERRY_SANDBOX_FAULT_STATUS,
                           502, "text/html", html, 0);

  /* another method and another route are not affected */
  {
    g_autoptr(SbtResponse) r = sbt_request (c, "GET", "/api/sessions", NULL, NULL);
    sbt_assert_status (r, 200);
  }
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SbtResponse) r = sbt_request (c, "GET", "/api/projects", NULL, NULL);

      sbt_assert_status (r, 502);
      g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "text/html");
      g_assert_cmpstr (r->text, ==, html);
      g_assert_null (r->json);
    }
  {
    g_autoptr(SbtResponse) r = sbt_request (c, "GET", "/api/projects", NULL, NULL);

    sbt_assert_status (r, 200);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (r->json));
  }

  /* any method, a path prefix; cleared before it fires */
  ferry_sandbox_add_fault (sb, NULL, "/api/projects/", 5, FERRY_SANDBOX_FAULT_STATUS,
                           503, "text/plain", "busy", 0);
  {
    g_autofree char *path = g_strdup_printf ("/api/projects/%s", SBT_TUTORIAL_ID);
    g_autoptr(SbtResponse) faulty = sbt_request (c, "GET", path, NULL, NULL);
    g_autoptr(SbtResponse) list = sbt_request (c, "GET", "/api/projects", NULL, NULL);
    g_autoptr(SbtResponse) cleared = NULL;

    sbt_assert_status (faulty, 503);
    g_assert_cmpstr (faulty->text, ==, "busy");
    sbt_assert_status (list, 200);
    ferry_sandbox_clear_faults (sb);
    cleared = sbt_request (c, "GET", path, NULL, NULL);
    sbt_assert_status (cleared, 200);
  }
}

static void
test_drop_fault (void)
{
  SbtOptions options = { .seed = "empty" };
  FerrySandbox *sb = sbt_sandbox_start (&options);

  ferry_sandbox_add_fault (sb, "GET", "/api/status", 1, FERRY_SANDBOX_FAULT_DROP, 0, NULL, NULL, 0);
  {
    /* a new client: a new connection, so the client cannot quietly retry */
    g_autoptr(SbtClient) c = sbt_client_new (ferry_sandbox_get_base_url (sb));
    g_autoptr(SbtResponse) r = sbt_request (c, "GET", "/api/status", NULL, NULL);

    g_assert_cmpuint (r->status, ==, 0);
    g_assert_nonnull (r->error);
    g_test_message ("dropped: %s", r->error->message);
  }
  {
    g_autoptr(SbtClient) c = sbt_client_new (ferry_sandbox_get_base_url (sb));
    g_autoptr(SbtResponse) r = sbt_request (c, "GET", "/api/status", NULL, NULL);

    sbt_assert_status (r, 200);
  }
}

static void
test_delay_fault (void)
{
  SbtOptions options = { .seed = "empty" };
  FerrySandbox *sb = sbt_sandbox_start (&options);
  g_autoptr(SbtClient) c = sbt_client_new_admin (sb);
  gint64 start;

  ferry_sandbox_add_fault (sb, "GET", "/api/projects", 1, FERRY_SANDBOX_FAULT_DELAY, 0, NULL, NULL, 400);
  start = g_get_monotonic_time ();
  {
    g_autoptr(SbtResponse) r = sbt_request (c, "GET", "/api/projects", NULL, NULL);
    sbt_assert_status (r, 200);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 400 * 1000);

  /* the server is not blocked meanwhile: a delayed request and a quick one */
  ferry_sandbox_add_fault (sb, "GET", "/api/projects", 1, FERRY_SANDBOX_FAULT_DELAY, 0, NULL, NULL, 400);
  start = g_get_monotonic_time ();
  {
    g_autoptr(SbtResponse) r = sbt_request (c, "GET", "/api/projects", NULL, NULL);
    g_autoptr(SbtResponse) quick = sbt_request (c, "GET", "/api/projects", NULL, NULL);

    sbt_assert_status (r, 200);
    sbt_assert_status (quick, 200);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 400 * 1000);
}

static void
test_counters (void)
{
  SbtOptions options = { .seed = "tutorial-dev" };
  FerrySandbox *sb = sbt_sandbox_start (&options);
  g_autoptr(SbtClient) a = NULL;
  g_autoptr(SbtClient) b = NULL;
  guint projects_before;
  g_autofree char *folder_path = NULL;

  g_assert_cmpuint (ferry_sandbox_get_login_count (sb), ==, 0);
  a = sbt_client_new_admin (sb);
  b = sbt_client_new_login (ferry_sandbox_get_base_url (sb), "migrator", "Ferry-Migr8!");
  {
    g_autoptr(SbtClient) failed = sbt_client_new (ferry_sandbox_get_base_url (sb));
    g_autoptr(SbtResponse) r = sbt_client_login (failed, "migrator", "nope", 1);
    sbt_assert_status (r, 401);
  }
  g_assert_cmpuint (ferry_sandbox_get_login_count (sb), ==, 2);

  projects_before = ferry_sandbox_get_request_count (sb, "GET", "/api/projects");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SbtResponse) r = sbt_request (i % 2 ? a : b, "GET", "/api/projects", NULL, NULL);
      sbt_assert_status (r, 200);
    }
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/projects"), ==, projects_before + 3);

  {
    g_autoptr(SbtResponse) top = sbt_request (a, "GET", "/api/folders", NULL,
                                              "X-MSTR-ProjectID", SBT_TUTORIAL_ID, NULL);
    sbt_assert_status (top, 200);
    folder_path = g_strdup_printf ("/api/folders/%s", sbt_json_get_string (top->json, "0.id"));
  }
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SbtResponse) r = sbt_request (a, "GET", folder_path, NULL,
                                              "X-MSTR-ProjectID", SBT_TUTORIAL_ID, NULL);
      sbt_assert_status (r, 200);
    }
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/folders/{id}"), ==, 2);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/folders"), ==, 1);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "POST", "/api/folders/{id}"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  sbt_init (&argc, &argv);

  g_test_add_func ("/sandbox/faults/status", test_status_fault);
  g_test_add_func ("/sandbox/faults/drop", test_drop_fault);
  g_test_add_func ("/sandbox/faults/delay", test_delay_fault);
  g_test_add_func ("/sandbox/faults/counters", test_counters);

  return g_test_run ();
}
