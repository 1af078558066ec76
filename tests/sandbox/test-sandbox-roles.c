/* test-sandbox-roles.c: privileges per seeded user, certification,
 * validation and importInfo.environment (api.md, "Validation,
 * certification, shared file store, edit, roles"; §5.1, §5.2 D and I)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "sb-test-util.h"

#define P SBT_TUTORIAL_ID

static JsonNode *
merge_body (const char *source_url,
            const char *target_url)
{
  g_autoptr(JsonNode) settings = sbt_json_parse ("{\"defaultAction\":\"replace\","
                                                 "\"aclOnReplacingObjects\":\"use_existing\","
                                                 "\"aclOnNewObjects\":[\"keep_acl_as_source_object\"]}");

  return sbt_migration_body (source_url, target_url, "project_merge", "project", P, settings, NULL);
}

/* METHOD PATH BODY: STATUS with an empty body. */
static void
expect_no_body (SbtClient  *client,
                const char *method,
                const char *path,
                const char *body,
                guint       status)
{
  g_autoptr(SbtResponse) r = sbt_request (client, method, path, body, "Prefer", "respond-async", NULL);

  sbt_assert_status (r, status);
  g_assert_cmpuint (g_bytes_get_size (r->body), ==, 0);
}

/* METHOD PATH BODY: a 403 ERR014 whose message names PRIVILEGE. */
static void
expect_forbidden (SbtClient  *client,
                  const char *method,
                  const char *path,
                  const char *body,
                  const char *privilege)
{
  g_autoptr(SbtResponse) r = sbt_request (client, method, path, body,
                                          "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
  const char *message = sbt_assert_error (r, 403, "ERR014");

  sbt_assert_contains (message, privilege);
  g_assert_nonnull (sbt_json_get (r->json, "iServerCode"));
}

static void
expect_error (SbtClient  *client,
              const char *method,
              const char *path,
              const char *body,
              guint       status,
              const char *code,
              const char *needle)
{
  g_autoptr(SbtResponse) r = sbt_request (client, method, path, body,
                                          "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
  const char *message = sbt_assert_error (r, status, code);

  if (needle != NULL)
    sbt_assert_contains (message, needle);
}

static JsonNode *
get_record (SbtClient  *client,
            const char *id,
            const char *query)
{
  g_autofree char *path = g_strdup_printf ("/api/migrations/%s%s", id, query ? query : "");
  g_autoptr(SbtResponse) r = sbt_request (client, "GET", path, NULL, NULL);

  sbt_assert_status (r, 200);
  return json_node_ref (r->json);
}

static SbtClient *
login (FerrySandbox *sandbox,
       const char   *user,
       const char   *password)
{
  return sbt_client_new_login (ferry_sandbox_get_base_url (sandbox), user, password);
}

/* ------------------------------------------------------------------------ */

static void
test_import_environment (void)
{
  SbtPair pair;
  g_autoptr(SbtClient) admin = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(SbtResponse) list = NULL;
  g_autoptr(SbtResponse) patch = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  JsonNode *environment;

  sbt_pair_start (&pair, NULL, NULL);
  admin = sbt_client_new_admin (pair.dev);

  /* A create body without importInfo (no target yet) */
  body = merge_body (sbt_client_get_base_url (admin), "unused");
  json_object_remove_member (json_node_get_object (body), "importInfo");
  id = sbt_migration_create (admin, P, body, &record);
  path = g_strdup_printf ("/api/migrations/%s", id);

  got = get_record (admin, id, NULL);
  environment = sbt_json_get (got, "importInfo.environment");
  g_assert_nonnull (environment);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (environment));
  g_assert_cmpuint (json_object_get_size (json_node_get_object (environment)), ==, 0);

  list = sbt_request (admin, "GET", "/api/migrations?packageInfo.purpose=project_merge", NULL, NULL);
  sbt_assert_status (list, 200);
  g_assert_nonnull (sbt_json_get (list->json, "data.0.importInfo.environment"));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (sbt_json_get (list->json, "data.0.importInfo.environment")));

  /* Set by PATCH (§5.2 G): then GET shows it, and the project */
  patch = sbt_request (admin, "PATCH", path,
                       "{\"importInfo\":{\"environment\":{\"id\":\"https://prod/MicroStrategyLibrary/\","
                       "\"name\":\"https://prod/MicroStrategyLibrary/\"},"
                       "\"project\":{\"id\":\"" P "\",\"name\":\"MicroStrategy Tutorial\"}}}", NULL);
  sbt_assert_status (patch, 200);
  g_clear_pointer (&got, json_node_unref);
  got = get_record (admin, id, NULL);
  g_assert_cmpstr (sbt_json_get_string (got, "importInfo.environment.id"), ==, "https://prod/MicroStrategyLibrary/");
  g_assert_cmpstr (sbt_json_get_string (got, "importInfo.project.id"), ==, P);
}

static void
assert_privileges (FerrySandbox       *sandbox,
                   const char         *user,
                   const char         *password,
                   const char * const *names)
{
  g_autoptr(SbtClient) client = login (sandbox, user, password);
  g_autoptr(SbtResponse) r = sbt_request (client, "GET", "/api/sessions/privileges", NULL, NULL);
  JsonArray *list;

  sbt_assert_status (r, 200);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (r->json));
  list = json_node_get_array (r->json);
  g_assert_cmpuint (json_array_get_length (list), ==, g_strv_length ((char **) names));
  for (guint k = 0; k < json_array_get_length (list); k++)
    {
      JsonObject *p = json_array_get_object_element (list, k);
      JsonArray *projects;
      JsonObject *first;
      char *end = NULL;

      g_assert_cmpuint (json_object_get_size (p), ==, 5);
      g_assert_cmpstr (json_object_get_string_member (p, "name"), ==, names[k]);
      /* id: an EnumDSSXMLPrivilegeTypes value, as a string */
      g_assert_true (sbt_json_get (json_array_get_element (list, k), "id") != NULL);
      g_ascii_strtoull (json_object_get_string_member (p, "id"), &end, 10);
      g_assert_true (end != NULL && *end == '\0');
      g_assert_true (*json_object_get_string_member (p, "description") != '\0');
      g_assert_true (json_object_get_boolean_member (p, "isUserLevelAllowed"));
      projects = json_object_get_array_member (p, "projects");
      g_assert_cmpuint (json_array_get_length (projects), >=, 1);
      first = json_array_get_object_element (projects, 0);
      g_assert_cmpuint (json_object_get_size (first), ==, 2);
      g_assert_true (sbt_is_hex32 (json_object_get_string_member (first, "id")));
      g_assert_true (json_object_get_boolean_member (first, "isUserLevelAllowed"));
    }
}

static void
test_privileges (void)
{
  SbtOptions options = { .seed = "tutorial-dev" };
  FerrySandbox *sandbox = sbt_sandbox_start (&options);
  static const char *const all[] = { "Create package", "Apply package",
                                     "Bypass all object security access checks",
                                     "Manage Migration Packages", "Environment Administrator", NULL };
  static const char *const architect[] = { "Create package", "Manage Migration Packages", NULL };
  static const char *const none[] = { NULL };
  g_autoptr(SbtClient) anonymous = sbt_client_new (ferry_sandbox_get_base_url (sandbox));
  g_autoptr(SbtResponse) r = NULL;

  assert_privileges (sandbox, "administrator", "", all);
  assert_privileges (sandbox, "migrator", "Ferry-Migr8!", all);
  assert_privileges (sandbox, "architect", "Arch1tect!", architect);
  assert_privileges (sandbox, "analyst", "analyst", none);

  r = sbt_request (anonymous, "GET", "/api/sessions/privileges", NULL, NULL);
  sbt_assert_error (r, 401, "ERR009");
}

/* An architect creates and requests; only an administrator approves. */
static void
test_architect (void)
{
  SbtPair pair;
  g_autoptr(SbtClient) admin = NULL;
  g_autoptr(SbtClient) admin_prod = NULL;
  g_autoptr(SbtClient) architect = NULL;
  g_autoptr(SbtClient) architect_prod = NULL;
  g_autoptr(SbtClient) analyst = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) imported = NULL;
  g_autoptr(SbtResponse) r = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *validation = NULL;

  sbt_pair_start (&pair, NULL, NULL);
  admin = sbt_client_new_admin (pair.dev);
  admin_prod = sbt_client_new_admin (pair.prod);
  architect = login (pair.dev, "architect", "Arch1tect!");
  architect_prod = login (pair.prod, "architect", "Arch1tect!");
  analyst = login (pair.dev, "analyst", "analyst");
  body = merge_body (sbt_client_get_base_url (admin), sbt_client_get_base_url (admin_prod));

  text = sbt_json_to_string (body);
  expect_forbidden (analyst, "POST", "/api/migrations", text, "Create package");

  id = sbt_migration_create (architect, P, body, &record);
  g_assert_cmpstr (sbt_json_get_string (record, "packageInfo.status"), ==, "created");
  path = g_strdup_printf ("/api/migrations/%s", id);
  validation = g_strdup_printf ("/api/migrations/%s/validation", id);

  expect_forbidden (analyst, "PATCH", path, "{\"importInfo\":{\"importRequestStatus\":\"requested\"}}",
                    "Create package");
  r = sbt_request (architect, "PATCH", path, "{\"importInfo\":{\"importRequestStatus\":\"requested\"}}", NULL);
  sbt_assert_status (r, 200);
  g_assert_cmpstr (sbt_json_get_string (r->json, "importInfo.importRequestStatus"), ==, "requested");

  expect_forbidden (architect, "PATCH", path, "{\"importInfo\":{\"importRequestStatus\":\"approved\"}}",
                    "Apply package");
  expect_forbidden (architect, "PATCH", path, "{\"importInfo\":{\"importRequestStatus\":\"rejected\"}}",
                    "Apply package");
  expect_forbidden (architect, "PATCH", path, "{\"validation\":{\"status\":\"validating\"}}",
                    "Apply package");
  all = get_record (architect, id, "?showContent=all");
  json_object_set_boolean_member (json_node_get_object (sbt_json_get (all, "packageInfo")), "replicated", TRUE);
  g_free (text);
  text = sbt_json_to_string (all);
  expect_forbidden (architect_prod, "PUT", validation, text, "Apply package");
  {
    g_autofree char *cert = g_strdup_printf ("%s/packageInfo/certification", path);

    expect_forbidden (architect, "PATCH", cert,
                      "{\"packageInfo\":{\"certification\":{\"status\":\"certified\"}}}", "Apply package");
  }

  /* The administrator rejects; the architect asks again; approved */
  g_clear_pointer (&r, sbt_response_free);
  r = sbt_request (admin, "PATCH", path, "{\"importInfo\":{\"importRequestStatus\":\"rejected\"}}", NULL);
  sbt_assert_status (r, 200);
  g_assert_cmpstr (sbt_json_get_string (r->json, "importInfo.importRequestStatus"), ==, "rejected");
  g_clear_pointer (&r, sbt_response_free);
  r = sbt_request (architect, "PATCH", path, "{\"importInfo\":{\"importRequestStatus\":\"requested\"}}", NULL);
  sbt_assert_status (r, 200);
  g_clear_pointer (&r, sbt_response_free);
  r = sbt_request (admin, "PATCH", path, "{\"importInfo\":{\"importRequestStatus\":\"approved\"}}", NULL);
  sbt_assert_status (r, 200);
  g_assert_cmpstr (sbt_json_get_string (r->json, "packageInfo.status"), ==, "locked");

  /* The architect may not import; undo: request yes, approve no */
  g_clear_pointer (&all, json_node_unref);
  all = get_record (admin, id, "?showContent=all");
  json_object_set_boolean_member (json_node_get_object (sbt_json_get (all, "packageInfo")), "replicated", TRUE);
  g_free (text);
  text = sbt_json_to_string (all);
  expect_forbidden (architect_prod, "PUT", path, text, "Apply package");
  imported = sbt_migration_import (admin, admin_prod, id, P);
  g_assert_cmpstr (sbt_json_get_string (imported, "importInfo.status"), ==, "imported");
  g_clear_pointer (&r, sbt_response_free);
  r = sbt_request (architect_prod, "PATCH", path, "{\"importInfo\":{\"undoRequestStatus\":\"requested\"}}", NULL);
  sbt_assert_status (r, 200);
  g_assert_cmpstr (sbt_json_get_string (r->json, "importInfo.undoRequestStatus"), ==, "requested");
  expect_forbidden (architect_prod, "PATCH", path, "{\"importInfo\":{\"undoRequestStatus\":\"approved\"}}",
                    "Apply package");
}

static void
assert_certification (SbtClient  *client,
                      const char *id,
                      const char *status,
                      const char *operator_id)
{
  g_autoptr(JsonNode) got = get_record (client, id, NULL);
  JsonNode *c = sbt_json_get (got, "packageInfo.certification");

  g_assert_nonnull (c);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (c)), ==, 3);
  g_assert_cmpstr (sbt_json_get_string (c, "status"), ==, status);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (sbt_json_get (c, "operator"))), ==, 3);
  g_assert_cmpstr (sbt_json_get_string (c, "operator.id"), ==, operator_id);
  g_assert_nonnull (sbt_json_get_string (c, "operator.name"));
  g_assert_nonnull (sbt_json_get_string (c, "operator.fullName"));
  g_assert_true (sbt_is_timestamp (sbt_json_get_string (c, "lastUpdatedDate")));
}

static void
test_certification (void)
{
  SbtPair pair;
  g_autoptr(SbtClient) admin = NULL;
  g_autoptr(SbtClient) architect = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(SbtResponse) r = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *sync = NULL;
  g_autofree char *architect_id = NULL;

  sbt_pair_start (&pair, NULL, NULL);
  admin = sbt_client_new_admin (pair.dev);
  architect = login (pair.dev, "architect", "Arch1tect!");
  body = merge_body (sbt_client_get_base_url (admin), "https://prod/MicroStrategyLibrary/");

  id = sbt_migration_create (architect, P, body, &record);
  architect_id = g_strdup (sbt_json_get_string (record, "packageInfo.creator.id"));
  path = g_strdup_printf ("/api/migrations/%s", id);
  cert = g_strdup_printf ("/api/migrations/%s/packageInfo/certification", id);
  sync = g_strdup_printf ("%s?autoSync=true", cert);

  /* Before any change: uncertified, the creator as operator */
  assert_certification (admin, id, "uncertified", architect_id);

  /* The documented nested body: request (Create package), 204 no body */
  expect_no_body (architect, "PATCH", cert, "{\"packageInfo\":{\"certification\":{\"status\":\"requested\"}}}", 204);
  assert_certification (admin, id, "requested", architect_id);
  /* revert and request again */
  expect_no_body (architect, "PATCH", cert, "{\"packageInfo\":{\"certification\":{\"status\":\"uncertified\"}}}", 204);
  expect_no_body (architect, "PATCH", cert, "{\"packageInfo\":{\"certification\":{\"status\":\"requested\"}}}", 204);
  /* the same again: a retry, 204 */
  expect_no_body (architect, "PATCH", cert, "{\"packageInfo\":{\"certification\":{\"status\":\"requested\"}}}", 204);

  /* The SDK's flat body with operator and date (Apply package) */
  expect_no_body (admin, "PATCH", cert,
                  "{\"status\":\"certified\",\"operator\":{\"id\":\"" SBT_ADMINISTRATOR_ID "\","
                  "\"name\":\"Administrator\",\"fullName\":\"Administrator\"},"
                  "\"lastUpdatedDate\":\"2022-03-16T07:38:40.125+0000\"}", 204);
  assert_certification (admin, id, "certified", SBT_ADMINISTRATOR_ID);
  {
    g_autoptr(JsonNode) got = get_record (admin, id, NULL);
    g_assert_cmpstr (sbt_json_get_string (got, "packageInfo.certification.lastUpdatedDate"), ==,
                     "2022-03-16T07:38:40.125+0000");
  }

  /* ?autoSync=true with no body and with {} */
  expect_no_body (admin, "PATCH", sync, NULL, 204);
  expect_no_body (admin, "PATCH", sync, "{}", 204);
  assert_certification (admin, id, "certified", SBT_ADMINISTRATOR_ID);

  /* Refused: no body without autoSync, an unknown status, a transition */
  expect_error (admin, "PATCH", cert, NULL, 400, "ERR006", "status");
  expect_error (admin, "PATCH", cert, "{\"status\":\"approved\"}", 400, "ERR006", "approved");
  expect_error (admin, "PATCH", cert, "{\"status\":\"rejected\"}", 400, "ERR006", "certified");
  expect_forbidden (architect, "PATCH", cert, "{\"status\":\"uncertified\"}", "Apply package");
  expect_no_body (admin, "PATCH", cert, "{\"status\":\"uncertified\"}", 204);
  expect_no_body (architect, "PATCH", cert, "{\"status\":\"requested\"}", 204);
  expect_forbidden (architect, "PATCH", cert, "{\"status\":\"rejected\"}", "Apply package");
  expect_no_body (admin, "PATCH", cert, "{\"status\":\"rejected\"}", 204);
  assert_certification (admin, id, "rejected", SBT_ADMINISTRATOR_ID);

  /* Unknown migration: 404 */
  expect_error (admin, "PATCH",
                "/api/migrations/00000000000000000000000000000000:00000000000000000000000000000000/packageInfo/certification",
                "{\"status\":\"requested\"}", 404, "ERR004", NULL);

  /* Only while created: after approval (locked) it is refused */
  sbt_migration_approve (admin, id);
  expect_error (admin, "PATCH", cert, "{\"status\":\"requested\"}", 400, "ERR006", "created");
  (void) path;
}

/* Validation: the target runs the import's checks and commits nothing;
 * the source picks the result up. */
static void
run_validation (SbtPair    *pair,
                gboolean    expect_valid,
                const char *expect_message)
{
  g_autoptr(SbtClient) admin = sbt_client_new_admin (pair->dev);
  g_autoptr(SbtClient) admin_prod = sbt_client_new_admin (pair->prod);
  g_autoptr(JsonNode) body = merge_body (sbt_client_get_base_url (admin), sbt_client_get_base_url (admin_prod));
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) before = ferry_sandbox_dup_objects (pair->prod, P);
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) done = NULL;
  g_autoptr(SbtResponse) r = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *validation = NULL;
  g_autofree char *text = NULL;

  id = sbt_migration_create (admin, P, body, &record);
  path = g_strdup_printf ("/api/migrations/%s", id);
  validation = g_strdup_printf ("/api/migrations/%s/validation", id);

  all = get_record (admin, id, "?showContent=all");
  g_assert_null (sbt_json_get (all, "validation"));
  text = sbt_json_to_string (all);
  expect_no_body (admin_prod, "PUT", validation, text, 202);

  r = sbt_request (admin, "PATCH", path, "{\"validation\":{\"status\":\"validating\"}}", NULL);
  sbt_assert_status (r, 200);
  g_assert_nonnull (sbt_json_get_string (r->json, "validation.status"));
  g_assert_nonnull (sbt_json_get (r->json, "validation.progress"));

  done = sbt_wait_for (admin, path, "validation.status", "validated", "validation_failed", NULL);
  g_assert_cmpstr (sbt_json_get_string (done, "validation.status"), ==,
                   expect_valid ? "validated" : "validation_failed");
  g_assert_cmpuint (json_object_get_size (json_node_get_object (sbt_json_get (done, "validation"))), ==, 5);
  g_assert_cmpfloat (sbt_json_get_number (done, "validation.progress"), ==, 100);
  g_assert_true (sbt_is_timestamp (sbt_json_get_string (done, "validation.creationDate")));
  g_assert_true (sbt_is_timestamp (sbt_json_get_string (done, "validation.lastUpdatedDate")));
  if (expect_message != NULL)
    sbt_assert_contains (sbt_json_get_string (done, "validation.message"), expect_message);
  else
    g_assert_cmpstr (sbt_json_get_string (done, "validation.message"), ==, "");
  /* still created: validation commits nothing, on either side */
  g_assert_cmpstr (sbt_json_get_string (done, "packageInfo.status"), ==, "created");
  after = ferry_sandbox_dup_objects (pair->prod, P);
  sbt_assert_same_objects (before, after);
  {
    g_autoptr(SbtResponse) on_target = sbt_request (admin_prod, "GET", path, NULL, NULL);
    sbt_assert_error (on_target, 404, "ERR004");
  }

  /* Only while created: after approval, refused on both sides */
  sbt_migration_approve (admin, id);
  g_clear_pointer (&all, json_node_unref);
  all = get_record (admin, id, "?showContent=all");
  g_free (text);
  text = sbt_json_to_string (all);
  expect_error (admin_prod, "PUT", validation, text, 400, "ERR006", "created");
  expect_error (admin, "PATCH", path, "{\"validation\":{\"status\":\"validating\"}}", 400, "ERR006", "created");
}

static void
test_validation (void)
{
  SbtPair pair;

  sbt_pair_start (&pair, NULL, NULL);
  run_validation (&pair, TRUE, NULL);
}

static void
test_validation_version (void)
{
  SbtPair pair;
  SbtOptions older = { .server_version = "11.3.1200" };

  sbt_pair_start (&pair, NULL, &older);
  run_validation (&pair, FALSE, SBT_VERSION_SENTENCE);
}

static void
test_validation_refused (void)
{
  SbtPair pair;
  SbtOptions skewed = { .clock_offset_s = 6 * 60 };
  g_autoptr(SbtClient) admin = NULL;
  g_autoptr(SbtClient) admin_prod = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autofree char *id = NULL;
  g_autofree char *validation = NULL;
  g_autofree char *text = NULL;

  sbt_pair_start (&pair, NULL, &skewed);
  admin = sbt_client_new_admin (pair.dev);
  admin_prod = sbt_client_new_admin (pair.prod);
  body = merge_body (sbt_client_get_base_url (admin), sbt_client_get_base_url (admin_prod));
  id = sbt_migration_create (admin, P, body, &record);
  validation = g_strdup_printf ("/api/migrations/%s/validation", id);
  all = get_record (admin, id, "?showContent=all");
  text = sbt_json_to_string (all);

  /* Clocks six minutes apart: the documented sentence */
  expect_error (admin_prod, "PUT", validation, text, 400, "ERR006",
                "The time difference between the source and target environments should be five minutes or less. "
                "Please modify the environment system time and try again.");
  /* A body for another migration, no storage */
  expect_error (admin_prod, "PUT", "/api/migrations/00000000000000000000000000000000:00000000000000000000000000000000/validation",
                text, 400, "ERR006", "not the one of the path");
}

/* The validation takes a moment, as a real server's: with a work delay the
 * source shows `validating` with a progress that moves before the verdict. */
static void
test_validation_phase (void)
{
  SbtPair pair;
  SbtOptions slow = { .work_delay_ms = 5 };
  g_autoptr(SbtClient) admin = NULL;
  g_autoptr(SbtClient) admin_prod = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(JsonNode) all = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *validation = NULL;
  g_autofree char *text = NULL;
  gboolean seen_between = FALSE;
  double last = 0;
  gint64 deadline;

  sbt_pair_start (&pair, NULL, &slow);
  admin = sbt_client_new_admin (pair.dev);
  admin_prod = sbt_client_new_admin (pair.prod);
  body = merge_body (sbt_client_get_base_url (admin), sbt_client_get_base_url (admin_prod));
  id = sbt_migration_create (admin, P, body, &record);
  path = g_strdup_printf ("/api/migrations/%s", id);
  validation = g_strdup_printf ("/api/migrations/%s/validation", id);
  all = get_record (admin, id, "?showContent=all");
  text = sbt_json_to_string (all);

  expect_no_body (admin_prod, "PUT", validation, text, 202);
  {
    g_autoptr(SbtResponse) r = sbt_request (admin, "PATCH", path, "{\"validation\":{\"status\":\"validating\"}}", NULL);

    sbt_assert_status (r, 200);
    g_assert_cmpstr (sbt_json_get_string (r->json, "validation.status"), ==, "validating");
    g_assert_cmpfloat (sbt_json_get_number (r->json, "validation.progress"), <, 100);
  }

  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(JsonNode) now = get_record (admin, id, NULL);
      const char *status = sbt_json_get_string (now, "validation.status");
      double progress = sbt_json_get_number (now, "validation.progress");

      if (g_strcmp0 (status, "validating") != 0)
        {
          g_assert_cmpstr (status, ==, "validated");
          g_assert_cmpfloat (progress, ==, 100);
          break;
        }
      g_assert_cmpfloat (progress, >=, last);
      g_assert_cmpfloat (progress, <, 100);
      seen_between |= progress > 0;
      last = progress;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * 1000);   /* polling a server, as a client does */
    }
  g_assert_true (seen_between);
}

/* Every answer's Date header is the server's clock: "clock-offset-s" shows
 * in what a client observes (HTTP dates have one-second resolution). */
static void
assert_date_offset (FerrySandbox *sandbox,
                    const char   *path,
                    int           offset_s)
{
  g_autoptr(SbtClient) admin = sbt_client_new_admin (sandbox);
  g_autoptr(SbtResponse) r = NULL;
  g_autoptr(GDateTime) date = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  gint64 after;
  const char *header;

  r = sbt_request (admin, "GET", path, NULL, NULL);
  after = g_get_real_time () / G_USEC_PER_SEC;
  header = soup_message_headers_get_one (r->headers, "Date");
  g_assert_nonnull (header);
  date = soup_date_time_new_from_http_string (header);
  g_assert_nonnull (date);
  g_assert_cmpint (g_date_time_to_unix (date), >=, before + offset_s - 1);
  g_assert_cmpint (g_date_time_to_unix (date), <=, after + offset_s + 1);
}

static void
test_clock_date (void)
{
  SbtPair pair;
  SbtOptions ahead = { .clock_offset_s = 600 };

  sbt_pair_start (&pair, NULL, &ahead);
  assert_date_offset (pair.dev, "/api/sessions/privileges", 0);
  assert_date_offset (pair.prod, "/api/sessions/privileges", 600);
  assert_date_offset (pair.prod, "/api/status", 600);
  /* an error answer too */
  assert_date_offset (pair.prod, "/api/no-such-route", 600);
}

int
main (int   argc,
      char *argv[])
{
  sbt_init (&argc, &argv);

  g_test_add_func ("/sandbox/roles/import-environment", test_import_environment);
  g_test_add_func ("/sandbox/roles/privileges", test_privileges);
  g_test_add_func ("/sandbox/roles/architect", test_architect);
  g_test_add_func ("/sandbox/roles/certification", test_certification);
  g_test_add_func ("/sandbox/roles/validation", test_validation);
  g_test_add_func ("/sandbox/roles/validation-version", test_validation_version);
  g_test_add_func ("/sandbox/roles/validation-refused", test_validation_refused);
  g_test_add_func ("/sandbox/roles/validation-phase", test_validation_phase);
  g_test_add_func ("/sandbox/roles/clock-date", test_clock_date);

  return g_test_run ();
}
