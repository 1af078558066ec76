/* test-sandbox-limits.c: limits, sessions, privileges and bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sb-test-util.h"

#define P SBT_TUTORIAL_ID

static const char *const year_package =
  "{\"type\":\"project\",\"settings\":{\"defaultAction\":\"replace\","
  "\"aclOnReplacingObjects\":\"use_existing\",\"aclOnNewObjects\":[\"keep_acl_as_source_object\"]},"
  "\"content\":[{\"id\":\"" SBT_YEAR_ID "\",\"type\":12,\"action\":\"replace\",\"includeDependents\":true}]}";

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

static gboolean
contains_nocase (const char *haystack,
                 const char *needle)
{
  g_autofree char *h = g_ascii_strdown (haystack ? haystack : "", -1);
  g_autofree char *n = g_ascii_strdown (needle, -1);

  return strstr (h, n) != NULL;
}

/* METHOD PATH [BODY] must fail with STATUS/CODE (NULL: any) and a message
 * containing NEEDLE (case-insensitive; NULL: anything). Header pairs follow. */
static void
expect_error (SbtClient  *client,
              const char *method,
              const char *path,
              const char *body,
              guint       status,
              const char *code,
              const char *needle,
              ...)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new ();
  g_autoptr(GBytes) bytes = body ? g_bytes_new (body, strlen (body)) : NULL;
  g_autoptr(SbtResponse) r = NULL;
  const char *name;
  const char *message;
  va_list args;

  va_start (args, needle);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      g_ptr_array_add (pairs, (gpointer) name);
      g_ptr_array_add (pairs, va_arg (args, char *));
    }
  va_end (args);
  g_ptr_array_add (pairs, NULL);

  g_test_message ("%s %s %s", method, path, body ? body : "");
  r = sbt_request_full (client, method, path, (const char *const *) pairs->pdata, NULL, bytes, TRUE);
  message = sbt_assert_error (r, status, code);
  if (needle != NULL && !contains_nocase (message, needle))
    g_error ("%s %s: the message \"%s\" does not name \"%s\"", method, path, message, needle);
}

/* ------------------------------------------------------------------------ */
/* Package size and platform version                                          */
/* ------------------------------------------------------------------------ */

static void
test_size_limit (void)
{
  g_autofree char *shared = sbt_make_tmp_dir ();
  SbtOptions options = { .seed = "tutorial-dev", .shared_storage = shared, .max_package_bytes = 1024 };
  FerrySandbox *dev = sbt_sandbox_start (&options);
  g_autoptr(SbtClient) c = sbt_client_new_admin (dev);
  g_autoptr(SbtResponse) created = sbt_request (c, "POST", "/api/packages", NULL, "X-MSTR-ProjectID", P, NULL);
  g_autoptr(SbtResponse) defined = NULL;
  g_autoptr(JsonNode) failed = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *id = NULL;
  static const char *const message = "The package exceeds the maximum size of 1 KB";

  /* package holder: FAILED with the message */
  sbt_assert_status (created, 201);
  path = g_strdup_printf ("/api/packages/%s", sbt_json_get_string (created->json, "id"));
  defined = sbt_request (c, "PUT", path, year_package, "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
  sbt_assert_status (defined, 202);
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    for (;;)
      {
        g_autoptr(SbtResponse) r = sbt_request (c, "GET", path, NULL, "X-MSTR-ProjectID", P, NULL);
        sbt_assert_status (r, 200);
        if (g_strcmp0 (sbt_json_get_string (r->json, "status"), "PROCESSING") != 0)
          {
            failed = json_node_ref (r->json);
            break;
          }
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (10 * 1000);
      }
  }
  g_assert_cmpstr (sbt_json_get_string (failed, "status"), ==, "FAILED");
  g_assert_cmpstr (sbt_json_get_string (failed, "message"), ==, message);

  /* migration: create_failed with the message, and it cannot be approved */
  body = merge_body (c, c);
  id = sbt_migration_create (c, P, body, &record);
  g_assert_cmpstr (sbt_json_get_string (record, "packageInfo.status"), ==, "create_failed");
  g_assert_cmpstr (sbt_json_get_string (record, "packageInfo.message"), ==, message);
  {
    g_autofree char *mpath = g_strdup_printf ("/api/migrations/%s", id);
    expect_error (c, "PATCH", mpath, "{\"importInfo\":{\"importRequestStatus\":\"requested\"}}",
                  400, "ERR006", "created", NULL);
  }
}

static void
test_version (void)
{
  SbtOptions newer = { .server_version = "11.5.0100" };
  SbtPair pair;
  g_autoptr(SbtClient) dev = NULL;
  g_autoptr(SbtClient) prod = NULL;
  g_autoptr(JsonNode) prod_before = NULL;
  g_autoptr(JsonNode) prod_after = NULL;

  sbt_pair_start (&pair, &newer, NULL);
  dev = sbt_client_new_admin (pair.dev);
  prod = sbt_client_new_admin (pair.prod);

  {
    g_autoptr(SbtResponse) s1 = sbt_request (dev, "GET", "/api/status", NULL, NULL);
    g_autoptr(SbtResponse) s2 = sbt_request (prod, "GET", "/api/status", NULL, NULL);
    sbt_assert_status (s1, 200);
    sbt_assert_status (s2, 200);
    g_assert_cmpstr (sbt_json_get_string (s1->json, "iServerVersion"), ==, "11.5.0100");
    g_assert_cmpstr (sbt_json_get_string (s2->json, "iServerVersion"), ==, "11.4.1000");
  }

  /* newer → older: import_failed with the documented sentence, nothing changes */
  prod_before = ferry_sandbox_dup_objects (pair.prod, P);
  {
    g_autoptr(JsonNode) body = merge_body (dev, prod);
    g_autoptr(JsonNode) record = sbt_migration_run (dev, prod, P, body, NULL);

    g_assert_cmpstr (sbt_json_get_string (record, "importInfo.status"), ==, "import_failed");
    sbt_assert_contains (sbt_json_get_string (record, "importInfo.message"), SBT_VERSION_SENTENCE);
  }
  prod_after = ferry_sandbox_dup_objects (pair.prod, P);
  sbt_assert_json_equal (prod_before, prod_after);

  /* older → newer imports */
  {
    g_autoptr(JsonNode) body = merge_body (prod, dev);
    g_autoptr(JsonNode) record = sbt_migration_run (prod, dev, P, body, NULL);

    g_assert_cmpstr (sbt_json_get_string (record, "importInfo.status"), ==, "imported");
  }
}

/* ------------------------------------------------------------------------ */
/* Users, logins, sessions                                                    */
/* ------------------------------------------------------------------------ */

static void
test_analyst (void)
{
  SbtPair pair;
  g_autoptr(SbtClient) admin = NULL;
  g_autoptr(SbtClient) admin_prod = NULL;
  g_autoptr(SbtClient) analyst = NULL;
  g_autoptr(SbtClient) analyst_prod = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *path_all = NULL;

  sbt_pair_start (&pair, NULL, NULL);
  admin = sbt_client_new_admin (pair.dev);
  admin_prod = sbt_client_new_admin (pair.prod);
  analyst = sbt_client_new_login (ferry_sandbox_get_base_url (pair.dev), "analyst", "analyst");
  analyst_prod = sbt_client_new_login (ferry_sandbox_get_base_url (pair.prod), "analyst", "analyst");
  body = merge_body (admin, admin_prod);

  expect_error (analyst, "POST", "/api/packages", NULL, 403, "ERR014", NULL, "X-MSTR-ProjectID", P, NULL);
  {
    g_autofree char *text = json_to_string (body, FALSE);
    expect_error (analyst, "POST", "/api/migrations", text, 403, "ERR014", NULL,
                  "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
  }

  /* an approved migration made by the administrator */
  id = sbt_migration_create (admin, P, body, &record);
  path = g_strdup_printf ("/api/migrations/%s", id);
  path_all = g_strdup_printf ("/api/migrations/%s?showContent=all", id);
  expect_error (analyst, "PATCH", path, "{\"importInfo\":{\"importRequestStatus\":\"requested\"}}",
                403, "ERR014", NULL, NULL);
  sbt_migration_approve (admin, id);
  {
    g_autoptr(SbtResponse) all = sbt_request (admin, "GET", path_all, NULL, NULL);
    g_autoptr(SbtResponse) on_target = NULL;
    g_autofree char *text = NULL;

    sbt_assert_status (all, 200);
    json_object_set_boolean_member (json_node_get_object (sbt_json_get (all->json, "packageInfo")),
                                    "replicated", TRUE);
    text = json_to_string (all->json, FALSE);
    expect_error (analyst_prod, "PUT", path, text, 403, "ERR014", NULL,
                  "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    /* and nothing was recorded on the target */
    on_target = sbt_request (admin_prod, "GET", path, NULL, NULL);
    sbt_assert_error (on_target, 404, "ERR004");
  }
}

static void
test_logins (void)
{
  SbtOptions options = { .seed = "tutorial-dev" };
  FerrySandbox *sb = sbt_sandbox_start (&options);
  const char *url = ferry_sandbox_get_base_url (sb);
  g_autoptr(JsonNode) reference = sbt_load_fixture ("error-401.json");

  /* LDAP user: loginMode 16 only */
  {
    g_autoptr(SbtClient) c = sbt_client_new (url);
    g_autoptr(SbtResponse) ldap = sbt_client_login (c, "ldapuser", "ldap-pass", 16);
    g_autoptr(SbtClient) c2 = sbt_client_new (url);
    g_autoptr(SbtResponse) standard = sbt_client_login (c2, "ldapuser", "ldap-pass", 1);

    sbt_assert_status (ldap, 204);
    g_assert_nonnull (sbt_client_get_token (c));
    sbt_assert_error (standard, 401, "ERR003");
    g_assert_null (sbt_client_get_token (c2));
  }
  /* wrong password, unknown user: 401 ERR003 with the reference body's keys */
  {
    g_autoptr(SbtClient) c = sbt_client_new (url);
    g_autoptr(SbtResponse) wrong = sbt_client_login (c, "migrator", "wrong", 1);
    g_autoptr(SbtResponse) unknown = sbt_client_login (c, "nobody", "", 1);
    g_autoptr(SbtResponse) right = sbt_client_login (c, "migrator", "Ferry-Migr8!", 1);

    g_assert_cmpstr (sbt_assert_error (wrong, 401, "ERR003"), ==, "Login failed");
    sbt_assert_same_shape (reference, wrong->json, NULL);
    sbt_assert_error (unknown, 401, "ERR003");
    sbt_assert_same_shape (reference, unknown->json, NULL);
    g_assert_null (strstr (wrong->text, "wrong"));
    sbt_assert_status (right, 204);
    g_assert_null (strstr (right->text, "Ferry-Migr8!"));
  }
  /* the form body a real client sends, empty password included */
  {
    g_autoptr(SbtClient) c = sbt_client_new (url);
    static const char form[] = "loginMode=1&applicationType=76&username=administrator&password=";
    g_autoptr(GBytes) bytes = g_bytes_new_static (form, strlen (form));
    g_autoptr(SbtResponse) r = sbt_request_full (c, "POST", "/api/auth/login", NULL,
                                                 "application/x-www-form-urlencoded", bytes, FALSE);
    const char *cookie = soup_message_headers_get_one (r->headers, "Set-Cookie");
    g_autoptr(SbtResponse) sessions = NULL;
    g_autoptr(SbtResponse) logout = NULL;
    g_autoptr(SbtResponse) after = NULL;

    sbt_assert_status (r, 204);
    g_assert_cmpuint (g_bytes_get_size (r->body), ==, 0);
    g_assert_nonnull (soup_message_headers_get_one (r->headers, "X-MSTR-AuthToken"));
    g_assert_nonnull (cookie);
    g_assert_true (g_str_has_prefix (cookie, "JSESSIONID="));
    /* no Secure flag over plain http, or the client would not send it back */
    g_assert_false (contains_nocase (cookie, "secure"));
    sbt_client_set_token (c, soup_message_headers_get_one (r->headers, "X-MSTR-AuthToken"));

    sessions = sbt_request (c, "GET", "/api/sessions", NULL, NULL);
    sbt_assert_status (sessions, 200);
    g_assert_cmpfloat (sbt_json_get_number (sessions->json, "timeout"), >, 0);

    /* logout: no body, no Content-Type, 204; the session is gone */
    logout = sbt_request_full (c, "POST", "/api/auth/logout", NULL, NULL, NULL, TRUE);
    sbt_assert_status (logout, 204);
    after = sbt_request (c, "GET", "/api/sessions", NULL, NULL);
    sbt_assert_error (after, 401, "ERR009");
  }
  g_assert_cmpuint (ferry_sandbox_get_login_count (sb), ==, 3);
}

static void
test_no_session (void)
{
  SbtOptions options = { .seed = "tutorial-dev" };
  FerrySandbox *sb = sbt_sandbox_start (&options);
  const char *url = ferry_sandbox_get_base_url (sb);
  g_autoptr(SbtClient) c = sbt_client_new_admin (sb);
  g_autoptr(SbtClient) no_cookie = sbt_client_new (url);
  g_autoptr(SbtClient) bogus = sbt_client_new (url);
  g_autofree char *token = g_strdup (sbt_client_get_token (c));
  g_autoptr(SbtResponse) ok = sbt_request (c, "GET", "/api/projects", NULL, NULL);
  g_autoptr(SbtResponse) status = NULL;

  sbt_assert_status (ok, 200);

  /* the token without the session cookie */
  sbt_client_set_token (no_cookie, token);
  expect_error (no_cookie, "GET", "/api/projects", NULL, 401, "ERR009", NULL, NULL);
  /* the cookie without the token */
  sbt_client_set_token (c, NULL);
  expect_error (c, "GET", "/api/projects", NULL, 401, "ERR009", NULL, NULL);
  sbt_client_set_token (c, token);
  /* an unknown token */
  sbt_client_set_token (bogus, "ns42kvi9lb36ae7g3scphn0ga9");
  expect_error (bogus, "GET", "/api/projects", NULL, 401, "ERR009", NULL, NULL);
  expect_error (bogus, "POST", "/api/migrations", "{}", 401, "ERR009", NULL, NULL);

  /* /api/status needs no session */
  status = sbt_request (bogus, "GET", "/api/status", NULL, NULL);
  sbt_assert_status (status, 200);
  g_assert_cmpstr (sbt_json_get_string (status->json, "iServerVersion"), ==, "11.4.1000");
  g_assert_nonnull (sbt_json_get_string (status->json, "webVersion"));

  /* and the right session still works */
  {
    g_autoptr(SbtResponse) again = sbt_request (c, "GET", "/api/projects", NULL, NULL);
    sbt_assert_status (again, 200);
  }
}

static void
test_expiry (void)
{
  SbtOptions options = { .seed = "empty" };
  FerrySandbox *sb = sbt_sandbox_start (&options);
  SbtOptions short_options = { .seed = "empty", .session_timeout = 1 };
  FerrySandbox *brief = sbt_sandbox_start (&short_options);

  /* the hook: every session expires at once */
  {
    g_autoptr(SbtClient) a = sbt_client_new_admin (sb);
    g_autoptr(SbtClient) b = sbt_client_new_login (ferry_sandbox_get_base_url (sb), "migrator", "Ferry-Migr8!");
    g_autoptr(SbtResponse) before = sbt_request (a, "GET", "/api/sessions", NULL, NULL);

    sbt_assert_status (before, 200);
    ferry_sandbox_expire_sessions (sb);
    expect_error (a, "GET", "/api/sessions", NULL, 401, "ERR009", NULL, NULL);
    expect_error (b, "GET", "/api/projects", NULL, 401, "ERR009", NULL, NULL);
    {
      g_autoptr(SbtResponse) relogin = sbt_client_login (a, "administrator", "", 1);
      g_autoptr(SbtResponse) after = NULL;

      sbt_assert_status (relogin, 204);
      after = sbt_request (a, "GET", "/api/sessions", NULL, NULL);
      sbt_assert_status (after, 200);
    }
  }

  /* idle timeout of 1 s: every request resets it */
  {
    g_autoptr(SbtClient) c = sbt_client_new_admin (brief);
    g_autoptr(SbtResponse) sessions = sbt_request (c, "GET", "/api/sessions", NULL, NULL);

    sbt_assert_status (sessions, 200);
    g_assert_cmpfloat (sbt_json_get_number (sessions->json, "timeout"), ==, 1);
    for (guint i = 0; i < 4; i++)
      {
        g_autoptr(SbtResponse) r = NULL;

        g_usleep (300 * 1000);
        r = sbt_request (c, "GET", "/api/projects", NULL, NULL);
        sbt_assert_status (r, 200);
      }
    g_usleep (1500 * 1000);
    expect_error (c, "GET", "/api/projects", NULL, 401, "ERR009", NULL, NULL);
  }
}

/* ------------------------------------------------------------------------ */
/* Storage, holders, headers                                                  */
/* ------------------------------------------------------------------------ */

static void
test_storage_not_configured (void)
{
  SbtOptions options = { .seed = "tutorial-dev" };
  FerrySandbox *sb = sbt_sandbox_start (&options);
  g_autoptr(SbtClient) c = sbt_client_new_admin (sb);
  g_autoptr(JsonNode) body = merge_body (c, c);
  g_autofree char *text = json_to_string (body, FALSE);
  static const char *const id = "35958BEB7C56491C9A43F7661501E177:B71E7ECF60104A62BA15625C444A623F";
  g_autofree char *path = g_strdup_printf ("/api/migrations/%s", id);

  expect_error (c, "GET", "/api/migrations", NULL, 503, "ERR016", SBT_STORAGE_SENTENCE, NULL);
  expect_error (c, "POST", "/api/migrations", text, 503, "ERR016", SBT_STORAGE_SENTENCE,
                "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
  expect_error (c, "GET", path, NULL, 503, "ERR016", SBT_STORAGE_SENTENCE, NULL);
  expect_error (c, "PATCH", path, "{\"importInfo\":{\"importRequestStatus\":\"requested\"}}",
                503, "ERR016", SBT_STORAGE_SENTENCE, NULL);
  expect_error (c, "PUT", path, "{}", 503, "ERR016", SBT_STORAGE_SENTENCE,
                "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
  expect_error (c, "DELETE", "/api/migrations?packageId=35958BEB7C56491C9A43F7661501E177", NULL,
                503, "ERR016", SBT_STORAGE_SENTENCE, NULL);
  {
    g_autoptr(SbtResponse) storage = sbt_request (c, "GET", "/api/mstrServices/library/storage", NULL, NULL);
    g_autoptr(SbtResponse) holder = sbt_request (c, "POST", "/api/packages", NULL, "X-MSTR-ProjectID", P, NULL);

    sbt_assert_status (storage, 200);
    g_assert_false (sbt_json_get_bool (storage->json, "sharedFileStore.configured"));
    /* packages need no Storage Service */
    sbt_assert_status (holder, 201);
  }
}

static void
test_holders_and_headers (void)
{
  SbtPair pair;
  g_autoptr(SbtClient) c = NULL;
  g_autoptr(SbtClient) tgt = NULL;
  g_autoptr(SbtResponse) first = NULL;
  g_autofree char *path = NULL;
  g_autofree char *imports = NULL;

  sbt_pair_start (&pair, NULL, NULL);
  c = sbt_client_new_admin (pair.dev);
  tgt = sbt_client_new_admin (pair.prod);

  /* one package per session */
  first = sbt_request (c, "POST", "/api/packages", NULL, "X-MSTR-ProjectID", P, NULL);
  sbt_assert_status (first, 201);
  path = g_strdup_printf ("/api/packages/%s", sbt_json_get_string (first->json, "id"));
  expect_error (c, "POST", "/api/packages", NULL, 400, "ERR006", NULL, "X-MSTR-ProjectID", P, NULL);
  {
    /* another session may hold one */
    g_autoptr(SbtClient) other = sbt_client_new_admin (pair.dev);
    g_autoptr(SbtResponse) r = sbt_request (other, "POST", "/api/packages", NULL, "X-MSTR-ProjectID", P, NULL);
    sbt_assert_status (r, 201);
  }

  /* Prefer: respond-async is required on PUT, DELETE and imports */
  expect_error (c, "PUT", path, year_package, 400, "ERR005", "Prefer", "X-MSTR-ProjectID", P, NULL);
  expect_error (c, "DELETE", path, NULL, 400, "ERR005", "Prefer", "X-MSTR-ProjectID", P, NULL);
  {
    g_autofree char *escaped = g_uri_escape_string (sbt_json_get_string (first->json, "id"), NULL, FALSE);
    imports = g_strdup_printf ("/api/packages/imports?packageId=%s", escaped);
  }
  expect_error (c, "POST", imports, NULL, 400, "ERR005", "Prefer", "X-MSTR-ProjectID", P, NULL);
  {
    g_autoptr(SbtResponse) still = sbt_request (c, "GET", path, NULL, "X-MSTR-ProjectID", P, NULL);
    sbt_assert_status (still, 200);
    g_assert_cmpstr (sbt_json_get_string (still->json, "status"), ==, "EMPTY");
  }

  /* the undo approval needs the target project header */
  {
    g_autoptr(JsonNode) body = merge_body (c, tgt);
    g_autofree char *id = NULL;
    g_autoptr(JsonNode) record = sbt_migration_run (c, tgt, P, body, &id);
    g_autofree char *mpath = g_strdup_printf ("/api/migrations/%s", id);
    g_autoptr(SbtResponse) requested = NULL;
    g_autoptr(SbtResponse) after = NULL;

    g_assert_cmpstr (sbt_json_get_string (record, "importInfo.status"), ==, "imported");
    requested = sbt_request (tgt, "PATCH", mpath, "{\"importInfo\":{\"undoRequestStatus\":\"requested\"}}", NULL);
    sbt_assert_status (requested, 200);
    expect_error (tgt, "PATCH", mpath, "{\"importInfo\":{\"undoRequestStatus\":\"approved\"}}",
                  400, "ERR005", "X-MSTR-ProjectID", NULL);
    after = sbt_request (tgt, "GET", mpath, NULL, NULL);
    g_assert_cmpstr (sbt_json_get_string (after->json, "importInfo.status"), ==, "imported");
    g_assert_cmpstr (sbt_json_get_string (after->json, "importInfo.undoRequestStatus"), ==, "requested");
  }
}

/* ------------------------------------------------------------------------ */
/* Malformed input: every endpoint family; state unchanged afterwards          */
/* ------------------------------------------------------------------------ */

static JsonNode *
state_of (FerrySandbox *sb,
          SbtClient    *c)
{
  JsonArray *all = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(SbtResponse) list =
    sbt_request (c, "GET", "/api/migrations?packageInfo.purpose=object_migration%2Cproject_merge&offset=0&limit=1000",
                 NULL, NULL);
  const char *spaces[] = { SBT_TUTORIAL_ID, SBT_SECOND_PROJECT_ID, NULL };

  sbt_assert_status (list, 200);
  json_array_add_element (all, json_node_ref (list->json));
  for (guint i = 0; i < G_N_ELEMENTS (spaces); i++)
    json_array_add_element (all, ferry_sandbox_dup_objects (sb, spaces[i]));
  json_node_take_array (node, all);
  return node;
}

static void
test_malformed (void)
{
  SbtPair pair;
  g_autoptr(SbtClient) c = NULL;
  g_autoptr(SbtClient) fresh = NULL;
  g_autoptr(SbtClient) tgt = NULL;
  g_autoptr(SbtResponse) holder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autofree char *mid = NULL;
  g_autofree char *mpath = NULL;
  g_autofree char *hpath = NULL;
  g_autoptr(JsonNode) dev_before = NULL;
  g_autoptr(JsonNode) prod_before = NULL;
  g_autoptr(JsonNode) dev_after = NULL;
  g_autoptr(JsonNode) prod_after = NULL;
  g_autofree char *put_body = NULL;
  static const char *const unknown_hex = "0123456789ABCDEF0123456789ABCDEF";
  static const char *const unknown_mid = "0123456789ABCDEF0123456789ABCDEF:FEDCBA9876543210FEDCBA9876543210";

  sbt_pair_start (&pair, NULL, NULL);
  c = sbt_client_new_admin (pair.dev);
  fresh = sbt_client_new_admin (pair.dev);
  tgt = sbt_client_new_admin (pair.prod);

  /* a package holder (EMPTY) and a migration (created, import pending) */
  holder = sbt_request (c, "POST", "/api/packages", NULL, "X-MSTR-ProjectID", P, NULL);
  sbt_assert_status (holder, 201);
  hpath = g_strdup_printf ("/api/packages/%s", sbt_json_get_string (holder->json, "id"));
  body = merge_body (c, tgt);
  mid = sbt_migration_create (c, P, body, &record);
  mpath = g_strdup_printf ("/api/migrations/%s", mid);
  {
    g_autofree char *all_path = g_strdup_printf ("%s?showContent=all", mpath);
    g_autoptr(SbtResponse) all = sbt_request (c, "GET", all_path, NULL, NULL);

    sbt_assert_status (all, 200);
    json_object_set_boolean_member (json_node_get_object (sbt_json_get (all->json, "packageInfo")),
                                    "replicated", TRUE);
    put_body = json_to_string (all->json, FALSE);
  }

  dev_before = state_of (pair.dev, c);
  prod_before = state_of (pair.prod, tgt);

  /* --- the reference error bodies' shapes --- */
  {
    g_autoptr(JsonNode) ref404 = sbt_load_fixture ("error-404.json");
    g_autoptr(JsonNode) ref400 = sbt_load_fixture ("error-400.json");
    g_autoptr(SbtResponse) r404 = sbt_request (c, "GET", "/api/nothing", NULL, NULL);
    g_autoptr(SbtResponse) r400 = sbt_request (c, "POST", "/api/migrations", "{", "X-MSTR-ProjectID", P, NULL);

    g_assert_cmpstr (sbt_assert_error (r404, 404, "ERR004"), ==, "HTTP 404 Not Found");
    sbt_assert_same_shape (ref404, r404->json, NULL);
    sbt_assert_error (r400, 400, "ERR006");
    sbt_assert_same_shape (ref400, r400->json, NULL);
  }

  /* --- unknown routes and methods --- */
  expect_error (c, "GET", "/api/nothing", NULL, 404, "ERR004", "HTTP 404 Not Found", NULL);
  expect_error (c, "GET", "/api/projects/x/y/z", NULL, 404, "ERR004", "HTTP 404 Not Found", NULL);
  {
    g_autofree char *p = g_strdup_printf ("%s/bogus", hpath);
    expect_error (c, "GET", p, NULL, 404, "ERR004", "HTTP 404 Not Found", "X-MSTR-ProjectID", P, NULL);
  }
  {
    g_autofree char *p = g_strdup_printf ("%s/bogus", mpath);
    expect_error (c, "GET", p, NULL, 404, "ERR004", "HTTP 404 Not Found", NULL);
  }
  expect_error (c, "DELETE", "/api/projects", NULL, 405, "ERR001", "405", NULL);
  expect_error (c, "PUT", "/api/auth/login", "{}", 405, "ERR001", "405", NULL);
  expect_error (c, "POST", "/api/folders", "{}", 405, "ERR001", "405", "X-MSTR-ProjectID", P, NULL);
  expect_error (c, "PATCH", hpath, "{}", 405, "ERR001", "405", "X-MSTR-ProjectID", P, NULL);
  expect_error (c, "POST", mpath, "{}", 405, "ERR001", "405", NULL);
  expect_error (c, "POST", "/api/status", NULL, 405, "ERR001", "405", NULL);

  /* --- authentication --- */
  expect_error (c, "POST", "/api/auth/login", "{", 400, "ERR006", "JSON", NULL);
  expect_error (c, "POST", "/api/auth/login", "{\"username\":5,\"password\":\"\",\"loginMode\":1}",
                400, "ERR006", "username", NULL);
  expect_error (c, "POST", "/api/auth/login", "{\"username\":\"administrator\",\"password\":\"\",\"loginMode\":\"x\"}",
                400, "ERR006", "loginMode", NULL);
  expect_error (c, "POST", "/api/auth/login", "{}", 401, "ERR003", NULL, NULL);

  /* --- discovery --- */
  {
    g_autofree char *p = g_strdup_printf ("/api/projects/%s", unknown_hex);
    expect_error (c, "GET", p, NULL, 404, "ERR004", unknown_hex, NULL);
  }
  {
    g_autofree char *p1 = g_strdup_printf ("/api/objects/%s", SBT_YEAR_ID);
    g_autofree char *p2 = g_strdup_printf ("/api/objects/%s?type=abc", SBT_YEAR_ID);
    g_autofree char *p3 = g_strdup_printf ("/api/objects/%s?type=12", unknown_hex);
    g_autofree char *p4 = g_strdup_printf ("/api/objects/%s?type=12", SBT_YEAR_ID);
    g_autofree char *p5 = g_strdup_printf ("/api/objects/%s?type=32", unknown_hex);

    expect_error (c, "GET", p1, NULL, 400, "ERR005", "type", "X-MSTR-ProjectID", P, NULL);
    expect_error (c, "GET", p2, NULL, 400, "ERR006", "type", "X-MSTR-ProjectID", P, NULL);
    expect_error (c, "GET", p3, NULL, 404, "ERR004", unknown_hex, "X-MSTR-ProjectID", P, NULL);
    expect_error (c, "GET", p4, NULL, 404, "ERR004", unknown_hex, "X-MSTR-ProjectID", unknown_hex, NULL);
    expect_error (c, "GET", p5, NULL, 404, "ERR004", unknown_hex, NULL);
  }
  {
    g_autofree char *p = g_strdup_printf ("/api/folders/%s", unknown_hex);

    expect_error (c, "GET", "/api/folders", NULL, 400, "ERR005", "X-MSTR-ProjectID", NULL);
    expect_error (c, "GET", p, NULL, 404, "ERR004", unknown_hex, "X-MSTR-ProjectID", P, NULL);
    expect_error (c, "GET", "/api/folders?offset=-1", NULL, 400, "ERR006", "offset", "X-MSTR-ProjectID", P, NULL);
    expect_error (c, "GET", "/api/folders?limit=abc", NULL, 400, "ERR006", "limit", "X-MSTR-ProjectID", P, NULL);
  }
  {
    g_autofree char *p = g_strdup_printf ("/api/searches/results?root=%s", unknown_hex);

    expect_error (c, "GET", "/api/searches/results?name=Year&pattern=9", NULL, 400, "ERR006", "pattern",
                  "X-MSTR-ProjectID", P, NULL);
    expect_error (c, "GET", "/api/searches/results?type=abc", NULL, 400, "ERR006", "type",
                  "X-MSTR-ProjectID", P, NULL);
    expect_error (c, "GET", "/api/searches/results?getAncestors=maybe", NULL, 400, "ERR006", "getAncestors",
                  "X-MSTR-ProjectID", P, NULL);
    expect_error (c, "GET", p, NULL, 404, "ERR004", unknown_hex, "X-MSTR-ProjectID", P, NULL);
  }
  {
    g_autofree char *p1 = g_strdup_printf ("/api/users/%s", unknown_hex);
    g_autofree char *p2 = g_strdup_printf ("/api/usergroups/%s", unknown_hex);

    expect_error (c, "GET", p1, NULL, 404, "ERR004", unknown_hex, NULL);
    expect_error (c, "GET", p2, NULL, 404, "ERR004", unknown_hex, NULL);
    expect_error (c, "GET", "/api/users?offset=x", NULL, 400, "ERR006", "offset", NULL);
  }
  {
    g_autofree char *p1 = g_strdup_printf ("/api/metadataSearches/results?usesObject=%s%%3B12", unknown_hex);
    g_autofree char *p2 = g_strdup_printf ("/api/metadataSearches/results?searchId=%s", unknown_hex);
    g_autofree char *p3 = g_strdup_printf ("/api/metadataSearches/results?usesObject=%s%%3B12&usesRecursive=maybe",
                                           SBT_YEAR_ID);

    expect_error (c, "POST", p1, NULL, 404, "ERR004", unknown_hex, "X-MSTR-ProjectID", P, NULL);
    expect_error (c, "GET", "/api/metadataSearches/results", NULL, 400, "ERR005", "searchId",
                  "X-MSTR-ProjectID", P, NULL);
    expect_error (c, "GET", p2, NULL, 404, "ERR004", unknown_hex, "X-MSTR-ProjectID", P, NULL);
    expect_error (c, "POST", p3, NULL, 400, "ERR006", "usesRecursive", "X-MSTR-ProjectID", P, NULL);
  }

  /* --- packages --- */
  {
    g_autofree char *unknown_path = g_strdup_printf ("/api/packages/%s", "QUJDOkRFRg==");
    g_autofree char *bad_action = g_strdup (year_package);
    g_autofree char *bad_type = NULL;
    g_autofree char *unknown_item = NULL;
    g_autofree char *binary = g_strdup_printf ("%s/binary", hpath);
    g_autofree char *show = g_strdup_printf ("%s?showContent=maybe", hpath);

    {
      char *at = strstr (bad_action, "\"defaultAction\":\"replace\"");
      g_assert_nonnull (at);
      memcpy (at, "\"defaultAction\":\"REPLACE\"", strlen ("\"defaultAction\":\"REPLACE\""));
    }
    bad_type = g_strdup_printf ("{\"type\":\"project\",\"settings\":{\"defaultAction\":\"replace\"},"
                                "\"content\":[{\"id\":\"%s\",\"type\":\"12\",\"action\":\"replace\",\"includeDependents\":false}]}",
                                SBT_YEAR_ID);
    unknown_item = g_strdup_printf ("{\"type\":\"project\",\"settings\":{\"defaultAction\":\"replace\"},"
                                    "\"content\":[{\"id\":\"%s\",\"type\":12,\"action\":\"replace\",\"includeDependents\":false}]}",
                                    unknown_hex);

    expect_error (fresh, "POST", "/api/packages", NULL, 404, "ERR004", unknown_hex, "X-MSTR-ProjectID", unknown_hex, NULL);
    expect_error (c, "PUT", hpath, "{", 400, "ERR006", "JSON", "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    expect_error (c, "PUT", hpath, bad_action, 400, "ERR006", "defaultAction",
                  "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    expect_error (c, "PUT", hpath, bad_type, 400, "ERR006", "type",
                  "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    expect_error (c, "PUT", hpath, unknown_item, 400, "ERR006", unknown_hex,
                  "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    expect_error (c, "PUT", hpath, "{\"settings\":{\"defaultAction\":\"replace\"},\"content\":[]}", 400, "ERR006", "type",
                  "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    {
      g_autofree char *config = g_strdup_printf ("{\"type\":\"configuration\",\"settings\":{\"defaultAction\":\"replace\"},"
                                                 "\"content\":[{\"id\":\"%s\",\"type\":12,\"action\":\"replace\",\"includeDependents\":false}]}",
                                                 SBT_YEAR_ID);
      expect_error (c, "PUT", hpath, config, 400, "ERR006", NULL,
                    "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    }
    expect_error (c, "PUT", unknown_path, year_package, 404, "ERR004", "QUJDOkRFRg==",
                  "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    expect_error (c, "GET", show, NULL, 400, "ERR006", "showContent", "X-MSTR-ProjectID", P, NULL);
    expect_error (c, "GET", binary, NULL, 400, "ERR006", "ready", "X-MSTR-ProjectID", P, NULL);
    expect_error (c, "DELETE", unknown_path, NULL, 404, "ERR004", "QUJDOkRFRg==",
                  "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    expect_error (c, "POST", "/api/packages/imports?packageId=QUJDOkRFRg%3D%3D", NULL, 404, "ERR004", "QUJDOkRFRg==",
                  "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    expect_error (c, "POST", "/api/packages/imports", NULL, 400, "ERR005", "packageId",
                  "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    expect_error (c, "GET", "/api/packages/imports/QUJDOkRFRg==", NULL, 404, "ERR004", "QUJDOkRFRg==",
                  "X-MSTR-ProjectID", P, NULL);
  }

  /* --- migrations --- */
  {
    g_autofree char *text = json_to_string (body, FALSE);
    g_autoptr(JsonNode) variant = NULL;
    g_autofree char *bad = NULL;
    g_autofree char *unknown_path = g_strdup_printf ("/api/migrations/%s", unknown_mid);
    g_autofree char *bad_show = g_strdup_printf ("%s?showContent=bogus", mpath);

#define VARIANT(member, json_value, needle)                                               \
    G_STMT_START {                                                                         \
      g_autoptr(JsonNode) v = sbt_json_parse (text);                                       \
      g_autoptr(JsonNode) value = sbt_json_parse (json_value);                             \
      g_autofree char *vtext = NULL;                                                       \
      JsonNode *parent = sbt_json_get (v, member[0]);                                      \
      json_object_set_member (json_node_get_object (parent), member[1], json_node_copy (value)); \
      vtext = json_to_string (v, FALSE);                                                   \
      expect_error (c, "POST", "/api/migrations", vtext, 400, "ERR006", needle,           \
                    "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);              \
    } G_STMT_END

    {
      const char *m1[] = { "packageInfo", "type" };
      const char *m2[] = { "packageInfo", "purpose" };
      const char *m3[] = { "packageInfo.tocView.settings", "defaultAction" };
      const char *m4[] = { "packageInfo.tocView.settings", "folderActions" };
      const char *m5[] = { "packageInfo.tocView.settings", "aclOnNewObjects" };
      const char *m6[] = { "packageInfo.tocView", "settings" };
      const char *m7[] = { "packageInfo", "tocView" };

      VARIANT (m1, "\"bogus\"", "type");
      VARIANT (m2, "\"bogus\"", "purpose");
      VARIANT (m3, "\"Replace\"", "defaultAction");
      VARIANT (m4, "[{\"id\":\"" SBT_YEAR_ID "\",\"action\":5}]", "folderActions");
      VARIANT (m5, "\"keep_acl_as_source_object\"", "aclOnNewObjects");
      VARIANT (m6, "null", "settings");
      VARIANT (m7, "{}", "settings");
    }
#undef VARIANT

    expect_error (c, "POST", "/api/migrations", "{", 400, "ERR006", "JSON",
                  "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    expect_error (c, "POST", "/api/migrations", "[]", 400, "ERR006", NULL,
                  "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    expect_error (c, "POST", "/api/migrations", text, 400, "ERR005", "X-MSTR-ProjectID",
                  "Prefer", "respond-async", NULL);
    expect_error (c, "POST", "/api/migrations", text, 404, "ERR004", unknown_hex,
                  "X-MSTR-ProjectID", unknown_hex, "Prefer", "respond-async", NULL);
    variant = sbt_json_parse (text);
    json_object_set_string_member (json_node_get_object (sbt_json_get (variant, "packageInfo")),
                                   "purpose", "object_migration");
    json_object_set_member (json_node_get_object (sbt_json_get (variant, "packageInfo.tocView")), "content",
                            sbt_json_parse ("[{\"id\":\"0123456789ABCDEF0123456789ABCDEF\",\"type\":12,"
                                            "\"action\":\"replace\",\"includeDependents\":false}]"));
    bad = json_to_string (variant, FALSE);
    expect_error (c, "POST", "/api/migrations", bad, 400, "ERR006", unknown_hex,
                  "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);

    expect_error (c, "GET", unknown_path, NULL, 404, "ERR004", unknown_mid, NULL);
    expect_error (c, "GET", bad_show, NULL, 400, "ERR006", "showContent", NULL);
    expect_error (c, "GET", "/api/migrations?packageInfo.purpose=bogus", NULL, 400, "ERR006", "bogus", NULL);
    expect_error (c, "GET", "/api/migrations?limit=abc", NULL, 400, "ERR006", "limit", NULL);
    expect_error (c, "GET", "/api/migrations?offset=-5", NULL, 400, "ERR006", "offset", NULL);

    expect_error (c, "PATCH", mpath, "{", 400, "ERR006", "JSON", NULL);
    expect_error (c, "PATCH", mpath, "{\"importInfo\":{\"importRequestStatus\":\"approved\"}}",
                  400, "ERR006", "requested", NULL);
    expect_error (c, "PATCH", mpath, "{\"importInfo\":{\"importRequestStatus\":\"bogus\"}}",
                  400, "ERR006", "importRequestStatus", NULL);
    expect_error (c, "PATCH", mpath, "{\"importInfo\":{\"importRequestStatus\":5}}",
                  400, "ERR006", "importRequestStatus", NULL);
    expect_error (c, "PATCH", mpath, "{\"importInfo\":{\"undoRequestStatus\":\"requested\"}}",
                  400, "ERR006", "imported", NULL);
    expect_error (c, "PATCH", mpath, "{\"packageInfo\":{\"name\":\"\"}}", 400, "ERR006", "name", NULL);
    expect_error (c, "PATCH", unknown_path, "{\"importInfo\":{\"importRequestStatus\":\"requested\"}}",
                  404, "ERR004", unknown_mid, NULL);

    /* the target refuses a package that was never approved */
    expect_error (tgt, "PUT", mpath, put_body, 400, "ERR006", "approved",
                  "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    {
      g_autoptr(JsonNode) v = sbt_json_parse (put_body);
      g_autofree char *vtext = NULL;

      json_object_set_boolean_member (json_node_get_object (sbt_json_get (v, "packageInfo")), "replicated", FALSE);
      vtext = json_to_string (v, FALSE);
      expect_error (tgt, "PUT", mpath, vtext, 400, "ERR006", "replicated",
                    "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
      expect_error (tgt, "PUT", unknown_path, put_body, 400, "ERR006", NULL,
                    "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
      expect_error (tgt, "PUT", mpath, "{", 400, "ERR006", "JSON",
                    "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    }

    expect_error (c, "DELETE", "/api/migrations", NULL, 400, "ERR005", "packageId", NULL);
    expect_error (c, "DELETE", "/api/migrations?packageId=0123456789ABCDEF0123456789ABCDEF", NULL,
                  404, "ERR006", unknown_hex, NULL);
    expect_error (c, "GET", "/api/migrations/packages/0123456789ABCDEF0123456789ABCDEF/binary", NULL,
                  404, "ERR004", unknown_hex, NULL);
  }

  /* nothing changed: records, objects, the holder, the session's holder slot */
  dev_after = state_of (pair.dev, c);
  prod_after = state_of (pair.prod, tgt);
  sbt_assert_json_equal (dev_before, dev_after);
  sbt_assert_json_equal (prod_before, prod_after);
  {
    g_autoptr(SbtResponse) h = sbt_request (c, "GET", hpath, NULL, "X-MSTR-ProjectID", P, NULL);
    g_autoptr(SbtResponse) f = sbt_request (fresh, "POST", "/api/packages", NULL, "X-MSTR-ProjectID", P, NULL);
    g_autoptr(SbtResponse) m = sbt_request (c, "GET", mpath, NULL, NULL);

    sbt_assert_status (h, 200);
    g_assert_cmpstr (sbt_json_get_string (h->json, "status"), ==, "EMPTY");
    sbt_assert_status (f, 201);
    sbt_assert_status (m, 200);
    g_assert_cmpstr (sbt_json_get_string (m->json, "packageInfo.status"), ==, "created");
    g_assert_cmpstr (sbt_json_get_string (m->json, "importInfo.importRequestStatus"), ==, "pending");
  }
}

int
main (int   argc,
      char *argv[])
{
  sbt_init (&argc, &argv);

  g_test_add_func ("/sandbox/limits/size", test_size_limit);
  g_test_add_func ("/sandbox/limits/version", test_version);
  g_test_add_func ("/sandbox/limits/analyst", test_analyst);
  g_test_add_func ("/sandbox/limits/logins", test_logins);
  g_test_add_func ("/sandbox/limits/no-session", test_no_session);
  g_test_add_func ("/sandbox/limits/expiry", test_expiry);
  g_test_add_func ("/sandbox/limits/storage-not-configured", test_storage_not_configured);
  g_test_add_func ("/sandbox/limits/holders-and-headers", test_holders_and_headers);
  g_test_add_func ("/sandbox/limits/malformed", test_malformed);

  return g_test_run ();
}
