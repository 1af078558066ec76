/* test-connection.c: FerryConnection against in-process sandboxes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Login, errors as the user sees them, silent re-login, retries, timeouts,
 * cancellation, keep-alive, TLS trust, secrets kept out of the logs, and
 * the headers on the wire (a small SoupServer records them).
 */

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include <libsoup/soup.h>

#include "ferry-core.h"
#include "ferry-connection-private.h"
#include "ferry-sandbox.h"
#include "ferry-test-util.h"

#define TUTORIAL_ID       "B19DEDCC11D4E0EFC000EB9495D0F44F"
#define MIGRATOR_PASSWORD "Ferry-Migr8!"
#define TLS_SHA256        "74:07:2C:9B:75:A4:E4:16:D1:54:2C:1F:A0:19:64:20:" \
                          "9C:77:9B:14:27:CD:7F:27:0B:5A:54:75:51:E3:01:7F"
#define HTML_502          "<html><head><title>502 Bad Gateway</title></head>" \
                          "<body><center><h1>502 Bad Gateway</h1></center></body></html>"

/* Under AddressSanitizer: the LeakSanitizer of Debian 12's gcc 12 crashes
 * ("Tracer caught signal 11") at exit when it scans the dynamic TLS of the
 * threads that ran GnuTLS (glib-networking's module), a sanitizer bug with
 * glibc ≥ 2.35. Not intercepting __tls_get_addr avoids that scan; the leak
 * check itself stays on. Ignored by builds without ASan. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "intercept_tls_get_addr=0";
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                    */
/* ------------------------------------------------------------------------ */

/* From tests/ferry-test-util.h, under the names this file calls them. */
typedef FtuSandboxOptions SandboxOptions;
#define start_sandbox      ftu_sandbox_start
#define store_result_cb    ftu_store_result_cb
#define wait_for           ftu_wait_for
#define spin_for           ftu_spin
/* Until CONDITION (checked every 10 ms) or 10 s. */
#define spin_until(condition, data) ftu_spin_until ((condition), (data), 10000)
#define new_connection     ftu_connection_new
#define connect_sync       ftu_connection_connect
#define connect_as         ftu_connect_as
#define disconnect_sync    ftu_connection_disconnect
#define finish_connection  ftu_connection_finish

static JsonNode *
call_sync (FerryConnection   *c,
           const char        *method,
           const char        *path,
           const char        *project_id,
           FerryRequestFlags  flags,
           GCancellable      *cancellable,
           guint             *status,
           GError           **error)
{
  GAsyncResult *result = NULL;
  JsonNode *node;

  ferry_connection_call_async (c, method, path, project_id, NULL, flags, cancellable, store_result_cb, &result);
  node = ferry_connection_call_finish (c, wait_for (&result), status, error);
  g_object_unref (result);
  return node;
}

/* GET PATH, which must succeed with a JSON answer. */
static JsonNode *
get_ok (FerryConnection *c,
        const char      *path,
        const char      *project_id)
{
  g_autoptr(GError) error = NULL;
  guint status = 0;
  JsonNode *node = call_sync (c, "GET", path, project_id, FERRY_REQUEST_NONE, NULL, &status, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (node);
  return node;
}

static gboolean
is_hex32 (const char *text)
{
  if (text == NULL || strlen (text) != 32)
    return FALSE;
  for (guint i = 0; i < 32; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Base URL                                                                   */
/* ------------------------------------------------------------------------ */

static void
test_normalize (void)
{
  static const struct {
    const char *in;
    const char *out;
    gboolean    insecure;
  } good[] = {
    { "http://127.0.0.1:8080/MicroStrategyLibrary", "http://127.0.0.1:8080/MicroStrategyLibrary", FALSE },
    { "http://127.0.0.1:8080/MicroStrategyLibrary/", "http://127.0.0.1:8080/MicroStrategyLibrary", FALSE },
    { "http://127.0.0.1:8080/MicroStrategyLibrary///", "http://127.0.0.1:8080/MicroStrategyLibrary", FALSE },
    { "http://127.0.0.1:8080/MicroStrategyLibrary/api", "http://127.0.0.1:8080/MicroStrategyLibrary", FALSE },
    { "http://127.0.0.1:8080/MicroStrategyLibrary/api/", "http://127.0.0.1:8080/MicroStrategyLibrary", FALSE },
    { "http://127.0.0.1:8080/MicroStrategyLibrary/API", "http://127.0.0.1:8080/MicroStrategyLibrary", FALSE },
    { "  HTTPS://Server.Example.COM/MicroStrategyLibrary  ", "https://server.example.com/MicroStrategyLibrary",
      FALSE },
    { "https://server", "https://server", FALSE },
    { "https://server/", "https://server", FALSE },
    { "https://server/api", "https://server", FALSE },
    { "https://server:8443/Lib/api?x=1#top", "https://server:8443/Lib", FALSE },
    { "http://[::1]:8080/Lib/", "http://[::1]:8080/Lib", FALSE },
    { "http://localhost/MicroStrategyLibrary", "http://localhost/MicroStrategyLibrary", FALSE },
    { "http://bi.example.com/MicroStrategyLibrary", "http://bi.example.com/MicroStrategyLibrary", TRUE },
    { "http://10.0.0.5:8080/MicroStrategyLibrary", "http://10.0.0.5:8080/MicroStrategyLibrary", TRUE },
    { "http://user:secret@bi.example.com/Lib", "http://bi.example.com/Lib", TRUE },
  };
  static const struct {
    const char *in;
    const char *sentence;
  } bad[] = {
    { "", "Enter the address of the Library server" },
    { "   ", "Enter the address of the Library server" },
    { "server/MicroStrategyLibrary", "it must start with https://" },
    { "server:8080/MicroStrategyLibrary", "it must start with https://" },
    { "ftp://server/MicroStrategyLibrary", "it must start with https://" },
    { "mailto:admin@example.com", "it must start with https://" },
    { "http://", "names no server" },
    { "https:///MicroStrategyLibrary", "names no server" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normal = ferry_connection_normalize_base_url (good[i].in, &error);
      g_autoptr(FerryConnection) c = NULL;
      g_autofree char *environment = NULL;

      g_test_message ("“%s”", good[i].in);
      g_assert_no_error (error);
      g_assert_cmpstr (normal, ==, good[i].out);

      c = ferry_connection_new (good[i].in, FERRY_LOGIN_MODE_STANDARD, "administrator", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (ferry_connection_get_base_url (c), ==, good[i].out);
      environment = ferry_connection_dup_environment_id (c);
      g_assert_true (g_str_has_suffix (environment, "/"));
      g_assert_true (g_str_has_prefix (environment, good[i].out));
      g_assert_cmpuint (strlen (environment), ==, strlen (good[i].out) + 1);
      g_assert_cmpint (ferry_connection_get_insecure (c), ==, good[i].insecure);
      {
        gboolean insecure = !good[i].insecure;
        g_autofree char *url = NULL;

        g_object_get (c, "insecure", &insecure, "base-url", &url, NULL);
        g_assert_cmpint (insecure, ==, good[i].insecure);
        g_assert_cmpstr (url, ==, good[i].out);
      }
      g_assert_cmpint (ferry_connection_get_state (c), ==, FERRY_CONNECTION_STATE_DISCONNECTED);
      g_assert_null (ferry_connection_get_server_version (c));
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) error2 = NULL;
      g_autofree char *normal = ferry_connection_normalize_base_url (bad[i].in, &error);
      FerryConnection *c = NULL;

      g_test_message ("“%s”: %s", bad[i].in, error ? error->message : "(no error)");
      g_assert_null (normal);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, bad[i].sentence));
      /* a sentence with an example the user can follow */
      g_assert_nonnull (strstr (error->message, "https://server/MicroStrategyLibrary"));

      c = ferry_connection_new (bad[i].in, FERRY_LOGIN_MODE_STANDARD, "administrator", &error2);
      g_assert_null (c);
      g_assert_error (error2, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error2->message, ==, error->message);
    }
}

/* ------------------------------------------------------------------------ */
/* Connecting                                                                 */
/* ------------------------------------------------------------------------ */

static void
record_state_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  GArray *states = user_data;
  int state = ferry_connection_get_state (FERRY_CONNECTION (object));

  g_array_append_val (states, state);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_connect (void)
{
  FerrySandbox *sb = start_sandbox (NULL);
  /* a pasted "/api/" is tolerated */
  g_autofree char *pasted = g_strconcat (ferry_sandbox_get_base_url (sb), "/api/", NULL);
  FerryConnection *c = new_connection (pasted, FERRY_LOGIN_MODE_STANDARD, "migrator");
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) projects = NULL;
  g_autofree char *token = NULL;
  guint version_notifies = 0;
  guint logouts;

  g_assert_cmpstr (ferry_connection_get_base_url (c), ==, ferry_sandbox_get_base_url (sb));
  g_assert_false (ferry_connection_get_insecure (c));   /* http, but to this computer */
  g_signal_connect (c, "notify::state", G_CALLBACK (record_state_cb), states);
  g_signal_connect (c, "notify::server-version", G_CALLBACK (count_notify_cb), &version_notifies);

  g_assert_true (connect_sync (c, MIGRATOR_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (states->len, ==, 2);
  g_assert_cmpint (g_array_index (states, int, 0), ==, FERRY_CONNECTION_STATE_CONNECTING);
  g_assert_cmpint (g_array_index (states, int, 1), ==, FERRY_CONNECTION_STATE_CONNECTED);
  g_assert_cmpstr (ferry_connection_get_server_version (c), ==, "11.4.1000");
  g_assert_cmpuint (version_notifies, ==, 1);
  g_assert_cmpuint (ferry_connection_get_session_timeout (c), ==, 1800);
  g_assert_cmpstr (ferry_connection_get_username (c), ==, "migrator");
  g_assert_cmpint (ferry_connection_get_login_mode (c), ==, FERRY_LOGIN_MODE_STANDARD);
  g_assert_cmpuint (ferry_sandbox_get_login_count (sb), ==, 1);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/status"), ==, 1);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/sessions"), ==, 1);

  /* token and cookies together: the sandbox checks both */
  projects = get_ok (c, "/api/projects", NULL);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (projects));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (projects)), >, 0);

  token = g_strdup (_ferry_connection_get_token_for_tests (c));
  g_assert_nonnull (token);

  logouts = ferry_sandbox_get_request_count (sb, "POST", "/api/auth/logout");
  disconnect_sync (c);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "POST", "/api/auth/logout"), ==, logouts + 1);
  g_assert_cmpint (ferry_connection_get_state (c), ==, FERRY_CONNECTION_STATE_DISCONNECTED);
  g_assert_null (ferry_connection_get_server_version (c));
  g_assert_null (_ferry_connection_get_token_for_tests (c));

  /* the server ended the session: the old token is refused */
  {
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autofree char *url = g_strconcat (ferry_sandbox_get_base_url (sb), "/api/projects", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(GBytes) body = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-MSTR-AuthToken", token);
    body = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
  }

  /* without a session, calls are refused before anything is sent */
  {
    guint attempts = _ferry_connection_get_attempt_count_for_tests (c);
    g_autoptr(JsonNode) none = call_sync (c, "GET", "/api/projects", NULL, FERRY_REQUEST_NONE, NULL, NULL, &error);

    g_assert_null (none);
    g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_CONNECTED);
    g_assert_cmpuint (_ferry_connection_get_attempt_count_for_tests (c), ==, attempts);
    g_clear_error (&error);
  }

  /* and it connects again */
  g_assert_true (connect_sync (c, MIGRATOR_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_sandbox_get_login_count (sb), ==, 2);
  finish_connection (c);
}

static void
test_wrong_password (void)
{
  FerrySandbox *sb = start_sandbox (NULL);
  FerryConnection *c = new_connection (ferry_sandbox_get_base_url (sb), FERRY_LOGIN_MODE_STANDARD, "migrator");
  g_autoptr(GError) error = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *expected = NULL;

  g_assert_false (connect_sync (c, "wrong", &error));
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_LOGIN_FAILED);
  g_assert_cmpstr (error->message, ==, "Login failed");
  g_assert_cmpuint (ferry_api_error_get_http_status (error), ==, 401);
  g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "ERR003");
  g_assert_true (is_hex32 (ferry_api_error_get_ticket_id (error)));
  sentence = ferry_api_error_describe (error);
  expected = g_strdup_printf ("Login failed (ticket %s)", ferry_api_error_get_ticket_id (error));
  g_assert_cmpstr (sentence, ==, expected);

  g_assert_cmpint (ferry_connection_get_state (c), ==, FERRY_CONNECTION_STATE_FAILED);
  g_assert_null (ferry_connection_get_server_version (c));
  g_assert_null (_ferry_connection_get_token_for_tests (c));
  g_assert_cmpuint (ferry_sandbox_get_login_count (sb), ==, 0);
  g_assert_finalize_object (c);
}

static void
test_forbidden (void)
{
  SandboxOptions options = { .shared_storage = TRUE };
  FerrySandbox *sb = start_sandbox (&options);
  FerryConnection *c = connect_as (sb, "analyst", "analyst", FERRY_LOGIN_MODE_STANDARD);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) projects = get_ok (c, "/api/projects", NULL);
  guint status = 0;
  g_autoptr(JsonNode) list =
    call_sync (c, "GET", "/api/migrations?packageInfo.purpose=object_migration%2Cproject_merge&offset=0&limit=1000",
               NULL, FERRY_REQUEST_NONE, NULL, &status, &error);
  g_autofree char *sentence = NULL;
  gint64 iserver = 0;

  g_assert_null (list);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_FORBIDDEN);
  g_assert_cmpuint (status, ==, 403);
  g_assert_cmpuint (ferry_api_error_get_http_status (error), ==, 403);
  g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "ERR014");
  g_assert_true (is_hex32 (ferry_api_error_get_ticket_id (error)));
  g_assert_true (ferry_api_error_get_iserver_code (error, &iserver));
  g_assert_cmpint (iserver, !=, 0);
  /* the server's own words */
  g_assert_nonnull (strstr (error->message, "does not have the privileges"));
  sentence = ferry_api_error_describe (error);
  g_assert_true (g_str_has_prefix (sentence, error->message));
  g_assert_nonnull (strstr (sentence, ferry_api_error_get_ticket_id (error)));

  /* a 403 is an answer: not retried, and the session is still fine */
  g_assert_cmpint (ferry_connection_get_state (c), ==, FERRY_CONNECTION_STATE_CONNECTED);
  finish_connection (c);
}

static void
test_ldap (void)
{
  FerrySandbox *sb = start_sandbox (NULL);
  FerryConnection *ldap = connect_as (sb, "ldapuser", "ldap-pass", FERRY_LOGIN_MODE_LDAP);
  FerryConnection *standard = new_connection (ferry_sandbox_get_base_url (sb), FERRY_LOGIN_MODE_STANDARD,
                                              "ldapuser");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) projects = get_ok (ldap, "/api/projects", NULL);

  g_assert_cmpint (ferry_connection_get_login_mode (ldap), ==, FERRY_LOGIN_MODE_LDAP);
  g_assert_false (connect_sync (standard, "ldap-pass", &error));
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_LOGIN_FAILED);
  g_assert_cmpint (ferry_connection_get_state (standard), ==, FERRY_CONNECTION_STATE_FAILED);
  g_assert_cmpuint (ferry_sandbox_get_login_count (sb), ==, 1);

  finish_connection (ldap);
  finish_connection (standard);
}

static void
test_unreachable (void)
{
  /* a port nobody listens on (just released by a listener) */
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_autofree char *url = NULL;
  FerryConnection *c;

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u/MicroStrategyLibrary", port);
  c = new_connection (url, FERRY_LOGIN_MODE_STANDARD, "migrator");
  g_assert_false (connect_sync (c, MIGRATOR_PASSWORD, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_true (g_str_has_prefix (error->message, "The connection to 127.0.0.1 failed: "));
  g_assert_cmpint (ferry_connection_get_state (c), ==, FERRY_CONNECTION_STATE_FAILED);
  /* a GET: tried three times */
  g_assert_cmpuint (_ferry_connection_get_attempt_count_for_tests (c), ==, 3);
  g_assert_finalize_object (c);
}

/* ------------------------------------------------------------------------ */
/* Secrets                                                                    */
/* ------------------------------------------------------------------------ */

static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_autofree char *line = g_log_writer_format_fields (level, fields, n_fields, FALSE);

  /* what is printed (converted to the locale's charset) … */
  g_string_append (captured_log, line);
  g_string_append_c (captured_log, '\n');
  /* … and every field as it was given */
  for (gsize i = 0; i < n_fields; i++)
    if (fields[i].length < 0)
      g_string_append_printf (captured_log, "%s=%s\n", fields[i].key, (const char *) fields[i].value);
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static gboolean
logout_counted (gpointer data)
{
  FerrySandbox *sb = data;

  return ferry_sandbox_get_request_count (sb, "POST", "/api/auth/logout") >= 2;
}

static void
test_secrets (void)
{
  if (g_test_subprocess ())
    {
      FerrySandbox *sb;
      FerryConnection *c;
      g_autofree char *token1 = NULL;
      g_autofree char *token2 = NULL;
      g_autoptr(GError) error = NULL;

      g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
      captured_log = g_string_new (NULL);
      g_log_set_writer_func (capture_writer, NULL, NULL);

      sb = start_sandbox (NULL);
      c = connect_as (sb, "migrator", MIGRATOR_PASSWORD, FERRY_LOGIN_MODE_STANDARD);
      token1 = g_strdup (_ferry_connection_get_token_for_tests (c));
      {
        g_autoptr(JsonNode) projects = get_ok (c, "/api/projects", NULL);
      }
      /* an error answer, a silent re-login, a keep-alive */
      {
        g_autoptr(JsonNode) none = call_sync (c, "GET", "/api/objects/00000000000000000000000000000000?type=12",
                                              TUTORIAL_ID, FERRY_REQUEST_NONE, NULL, NULL, &error);
        g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
        g_clear_error (&error);
      }
      ferry_sandbox_expire_sessions (sb);
      {
        g_autoptr(JsonNode) projects = get_ok (c, "/api/projects", NULL);
      }
      token2 = g_strdup (_ferry_connection_get_token_for_tests (c));
      g_assert_cmpstr (token1, !=, token2);
      disconnect_sync (c);
      /* a wrong password, then a connection dropped without disconnecting */
      g_assert_false (connect_sync (c, MIGRATOR_PASSWORD "x", &error));
      g_clear_error (&error);
      g_assert_true (connect_sync (c, MIGRATOR_PASSWORD, &error));
      g_assert_no_error (error);
      g_clear_pointer (&token1, g_free);
      token1 = g_strdup (_ferry_connection_get_token_for_tests (c));
      g_assert_finalize_object (c);
      g_assert_true (spin_until (logout_counted, sb));

      /* the log was captured (so this test can fail) … */
      g_assert_nonnull (strstr (captured_log->str, "logged in as migrator"));
      g_assert_nonnull (strstr (captured_log->str, "GET /api/projects → 200"));
      g_assert_nonnull (strstr (captured_log->str, "POST /api/auth/login → 204"));
      g_assert_nonnull (strstr (captured_log->str, "logging in again as migrator"));
      /* … and holds neither the password nor any token */
      g_assert_null (strstr (captured_log->str, MIGRATOR_PASSWORD));
      g_assert_null (strstr (captured_log->str, token1));
      g_assert_null (strstr (captured_log->str, token2));
      g_assert_cmpuint (strlen (token1), >=, 16);
      g_assert_cmpuint (strlen (token2), >=, 16);
      g_string_free (captured_log, TRUE);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*logged in as migrator*");
  g_test_trap_assert_stdout_unmatched ("*" MIGRATOR_PASSWORD "*");
  g_test_trap_assert_stderr_unmatched ("*" MIGRATOR_PASSWORD "*");
}

/* ------------------------------------------------------------------------ */
/* Session expiry                                                             */
/* ------------------------------------------------------------------------ */

static void
test_session_expired (void)
{
  FerrySandbox *sb = start_sandbox (NULL);
  FerryConnection *c = connect_as (sb, "migrator", MIGRATOR_PASSWORD, FERRY_LOGIN_MODE_STANDARD);
  g_autoptr(JsonNode) first = get_ok (c, "/api/projects", NULL);
  g_autoptr(GError) error = NULL;
  GAsyncResult *results[4] = { NULL };
  guint logins = ferry_sandbox_get_login_count (sb);

  g_assert_cmpuint (logins, ==, 1);

  /* expired in the middle: the next call succeeds after a silent re-login */
  ferry_sandbox_expire_sessions (sb);
  {
    g_autoptr(JsonNode) again = get_ok (c, "/api/projects", NULL);

    g_assert_true (JSON_NODE_HOLDS_ARRAY (again));
  }
  g_assert_cmpuint (ferry_sandbox_get_login_count (sb), ==, 2);
  g_assert_cmpint (ferry_connection_get_state (c), ==, FERRY_CONNECTION_STATE_CONNECTED);

  /* requests running at the same time share one re-login */
  ferry_sandbox_expire_sessions (sb);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    ferry_connection_call_async (c, "GET", i % 2 ? "/api/projects" : "/api/sessions", NULL, NULL,
                                 FERRY_REQUEST_NONE, NULL, store_result_cb, &results[i]);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autoptr(JsonNode) node = ferry_connection_call_finish (c, wait_for (&results[i]), NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (node);
      g_clear_object (&results[i]);
    }
  g_assert_cmpuint (ferry_sandbox_get_login_count (sb), ==, 3);

  /* a request that starts work is repeated after the 401: the server did nothing */
  ferry_sandbox_expire_sessions (sb);
  {
    g_autoptr(JsonNode) search =
      call_sync (c, "POST", "/api/metadataSearches/results?usesObject=8D679D5111D3E4981000E787EC6DE8A4%3B12",
                 TUTORIAL_ID, FERRY_REQUEST_STARTS_WORK, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (search);
    g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "POST", "/api/metadataSearches/results"), ==, 2);
  }
  g_assert_cmpuint (ferry_sandbox_get_login_count (sb), ==, 4);

  /* the re-login is tried once: a session that expires again is reported */
  ferry_sandbox_add_fault (sb, "GET", "/api/projects", 2, FERRY_SANDBOX_FAULT_STATUS, 401, "application/json",
                           "{\"code\":\"ERR009\",\"message\":\"The user's session has expired, please reauthenticate\","
                           "\"ticketId\":\"0123456789ABCDEF0123456789ABCDEF\"}", 0);
  {
    g_autoptr(JsonNode) none = call_sync (c, "GET", "/api/projects", NULL, FERRY_REQUEST_NONE, NULL, NULL, &error);

    g_assert_null (none);
    g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_SESSION_EXPIRED);
    g_assert_cmpstr (ferry_api_error_get_ticket_id (error), ==, "0123456789ABCDEF0123456789ABCDEF");
    g_clear_error (&error);
  }
  g_assert_cmpuint (ferry_sandbox_get_login_count (sb), ==, 5);

  finish_connection (c);
}

/* ------------------------------------------------------------------------ */
/* Retries                                                                    */
/* ------------------------------------------------------------------------ */

static void
test_retry_502 (void)
{
  FerrySandbox *sb = start_sandbox (NULL);
  FerryConnection *c = connect_as (sb, "migrator", MIGRATOR_PASSWORD, FERRY_LOGIN_MODE_STANDARD);
  g_autoptr(GError) error = NULL;
  guint attempts, handled;
  gint64 start;

  /* once: retried, and the caller never knows */
  ferry_sandbox_add_fault (sb, "GET", "/api/projects", 1, FERRY_SANDBOX_FAULT_STATUS, 502, "text/html", HTML_502, 0);
  attempts = _ferry_connection_get_attempt_count_for_tests (c);
  handled = ferry_sandbox_get_request_count (sb, "GET", "/api/projects");
  {
    g_autoptr(JsonNode) projects = get_ok (c, "/api/projects", NULL);

    g_assert_true (JSON_NODE_HOLDS_ARRAY (projects));
  }
  g_assert_cmpuint (_ferry_connection_get_attempt_count_for_tests (c), ==, attempts + 2);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/projects"), ==, handled + 1);

  /* five times: three attempts with backoff (0.3 s + 0.6 s), then the user
   * reads what came back */
  ferry_sandbox_add_fault (sb, "GET", "/api/projects", 5, FERRY_SANDBOX_FAULT_STATUS, 502, "text/html", HTML_502, 0);
  attempts = _ferry_connection_get_attempt_count_for_tests (c);
  start = g_get_monotonic_time ();
  {
    guint status = 0;
    g_autoptr(JsonNode) none = call_sync (c, "GET", "/api/projects", NULL, FERRY_REQUEST_NONE, NULL, &status, &error);

    g_assert_null (none);
    g_assert_cmpuint (status, ==, 502);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (error->message, ==,
                   "The server answered 502 Bad Gateway with an HTML page instead of JSON: “502 Bad Gateway”");
  g_assert_cmpuint (ferry_api_error_get_http_status (error), ==, 502);
  g_assert_cmpstr (ferry_api_error_get_content_type (error), ==, "text/html");
  g_assert_cmpuint (_ferry_connection_get_attempt_count_for_tests (c), ==, attempts + 3);
  g_clear_error (&error);
  ferry_sandbox_clear_faults (sb);

  /* an empty 502 says so */
  ferry_sandbox_add_fault (sb, "GET", "/api/projects", 3, FERRY_SANDBOX_FAULT_STATUS, 502, NULL, "", 0);
  {
    g_autoptr(JsonNode) none = call_sync (c, "GET", "/api/projects", NULL, FERRY_REQUEST_NONE, NULL, NULL, &error);

    g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
    g_assert_cmpstr (error->message, ==, "The server answered 502 Bad Gateway with an empty body instead of JSON");
    g_clear_error (&error);
  }

  /* a POST is never retried, even one that does not start work */
  ferry_sandbox_add_fault (sb, "POST", "/api/metadataSearches", 1, FERRY_SANDBOX_FAULT_STATUS, 503, "text/plain",
                           "busy", 0);
  attempts = _ferry_connection_get_attempt_count_for_tests (c);
  {
    g_autoptr(JsonNode) none =
      call_sync (c, "POST", "/api/metadataSearches/results?usesObject=8D679D5111D3E4981000E787EC6DE8A4%3B12",
                 TUTORIAL_ID, FERRY_REQUEST_NONE, NULL, NULL, &error);

    g_assert_null (none);
    g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
    g_assert_cmpstr (error->message, ==, "The server answered 503 Service Unavailable with text instead of JSON: “busy”");
    g_clear_error (&error);
  }
  g_assert_cmpuint (_ferry_connection_get_attempt_count_for_tests (c), ==, attempts + 1);

  /* a GET flagged as starting work is not retried either; a JSON 503 keeps
   * the server's words */
  ferry_sandbox_add_fault (sb, "GET", "/api/projects", 1, FERRY_SANDBOX_FAULT_STATUS, 503, "application/json",
                           "{\"code\":\"ERR016\",\"message\":\"Service not available\",\"ticketId\":\"AB\"}", 0);
  attempts = _ferry_connection_get_attempt_count_for_tests (c);
  {
    g_autoptr(JsonNode) none = call_sync (c, "GET", "/api/projects", NULL, FERRY_REQUEST_STARTS_WORK, NULL, NULL,
                                          &error);

    g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_UNAVAILABLE);
    g_assert_cmpstr (error->message, ==, "Service not available");
    g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "ERR016");
    g_clear_error (&error);
  }
  g_assert_cmpuint (_ferry_connection_get_attempt_count_for_tests (c), ==, attempts + 1);

  finish_connection (c);
}

static void
test_retry_drop (void)
{
  FerrySandbox *sb = start_sandbox (NULL);
  FerryConnection *c = connect_as (sb, "migrator", MIGRATOR_PASSWORD, FERRY_LOGIN_MODE_STANDARD);
  g_autoptr(GError) error = NULL;
  guint attempts, handled;

  /* dropped twice: retried until it gets through (libsoup itself sends a
   * GET again once when a kept-alive connection was closed under it, so
   * two drops are needed to be sure that Ferry's own retry is what helps) */
  ferry_sandbox_add_fault (sb, "GET", "/api/projects", 2, FERRY_SANDBOX_FAULT_DROP, 0, NULL, NULL, 0);
  handled = ferry_sandbox_get_request_count (sb, "GET", "/api/projects");
  attempts = _ferry_connection_get_attempt_count_for_tests (c);
  {
    g_autoptr(JsonNode) projects = get_ok (c, "/api/projects", NULL);
  }
  g_assert_cmpuint (_ferry_connection_get_attempt_count_for_tests (c), >=, attempts + 2);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/projects"), ==, handled + 1);

  /* a dropped request that starts work is not sent again: the server may
   * have started it */
  ferry_sandbox_add_fault (sb, "POST", "/api/metadataSearches", 1, FERRY_SANDBOX_FAULT_DROP, 0, NULL, NULL, 0);
  attempts = _ferry_connection_get_attempt_count_for_tests (c);
  handled = ferry_sandbox_get_request_count (sb, "POST", "/api/metadataSearches/results");
  {
    g_autoptr(JsonNode) none =
      call_sync (c, "POST", "/api/metadataSearches/results?usesObject=8D679D5111D3E4981000E787EC6DE8A4%3B12",
                 TUTORIAL_ID, FERRY_REQUEST_STARTS_WORK, NULL, NULL, &error);

    g_assert_null (none);
    g_assert_nonnull (error);
    g_assert_true (error->domain == G_IO_ERROR);
    g_assert_true (g_str_has_prefix (error->message, "The connection to 127.0.0.1 failed: "));
    g_test_message ("dropped POST: %s", error->message);
    g_clear_error (&error);
  }
  g_assert_cmpuint (_ferry_connection_get_attempt_count_for_tests (c), ==, attempts + 1);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "POST", "/api/metadataSearches/results"), ==, handled);

  finish_connection (c);
}

/* ------------------------------------------------------------------------ */
/* Timeouts and cancellation                                                  */
/* ------------------------------------------------------------------------ */

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_timeout (void)
{
  FerrySandbox *sb = start_sandbox (NULL);
  FerryConnection *c = connect_as (sb, "migrator", MIGRATOR_PASSWORD, FERRY_LOGIN_MODE_STANDARD);
  g_autoptr(GError) error = NULL;
  guint attempts = _ferry_connection_get_attempt_count_for_tests (c);
  guint notifies = 0;
  gint64 start, elapsed;

  g_signal_connect (c, "notify::request-timeout", G_CALLBACK (count_notify_cb), &notifies);
  ferry_connection_set_request_timeout (c, 1);
  ferry_connection_set_request_timeout (c, 1);
  g_assert_cmpuint (notifies, ==, 1);
  g_assert_cmpuint (ferry_connection_get_request_timeout (c), ==, 1);

  ferry_sandbox_add_fault (sb, "GET", "/api/projects", 1, FERRY_SANDBOX_FAULT_DELAY, 0, NULL, NULL, 3000);
  start = g_get_monotonic_time ();
  {
    g_autoptr(JsonNode) none = call_sync (c, "GET", "/api/projects", NULL, FERRY_REQUEST_NONE, NULL, NULL, &error);

    g_assert_null (none);
  }
  elapsed = g_get_monotonic_time () - start;
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "did not answer within 1 seconds"));
  g_assert_cmpint (elapsed, >=, 1000 * 1000);
  g_assert_cmpint (elapsed, <, 2500 * 1000);
  /* a timeout is not retried */
  g_assert_cmpuint (_ferry_connection_get_attempt_count_for_tests (c), ==, attempts + 1);

  /* the connection is still usable */
  ferry_connection_set_request_timeout (c, 60);
  {
    g_autoptr(JsonNode) projects = get_ok (c, "/api/projects", NULL);
  }
  finish_connection (c);
}

static void
test_cancel (void)
{
  FerrySandbox *sb = start_sandbox (NULL);
  FerryConnection *c = connect_as (sb, "migrator", MIGRATOR_PASSWORD, FERRY_LOGIN_MODE_STANDARD);
  g_autoptr(GError) error = NULL;
  gint64 start, elapsed;

  /* while the server works on it */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    ferry_sandbox_add_fault (sb, "GET", "/api/projects", 1, FERRY_SANDBOX_FAULT_DELAY, 0, NULL, NULL, 3000);
    g_timeout_add (200, cancel_cb, cancellable);
    start = g_get_monotonic_time ();
    {
      g_autoptr(JsonNode) none = call_sync (c, "GET", "/api/projects", NULL, FERRY_REQUEST_NONE, cancellable, NULL,
                                            &error);
      g_assert_null (none);
    }
    elapsed = g_get_monotonic_time () - start;
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpint (elapsed, <, 700 * 1000);
    g_clear_error (&error);
  }

  /* while waiting to retry */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    ferry_sandbox_add_fault (sb, "GET", "/api/projects", 3, FERRY_SANDBOX_FAULT_STATUS, 502, "text/html",
                             HTML_502, 0);
    g_timeout_add (100, cancel_cb, cancellable);
    start = g_get_monotonic_time ();
    {
      g_autoptr(JsonNode) none = call_sync (c, "GET", "/api/projects", NULL, FERRY_REQUEST_NONE, cancellable, NULL,
                                            &error);
      g_assert_null (none);
    }
    elapsed = g_get_monotonic_time () - start;
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpint (elapsed, <, 280 * 1000);
    g_clear_error (&error);
    ferry_sandbox_clear_faults (sb);
  }

  /* already cancelled: nothing is sent */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    guint attempts = _ferry_connection_get_attempt_count_for_tests (c);

    g_cancellable_cancel (cancellable);
    {
      g_autoptr(JsonNode) none = call_sync (c, "GET", "/api/projects", NULL, FERRY_REQUEST_NONE, cancellable, NULL,
                                            &error);
      g_assert_null (none);
    }
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (_ferry_connection_get_attempt_count_for_tests (c), ==, attempts);
    g_clear_error (&error);
  }

  /* while connecting: the state goes back to disconnected */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    FerryConnection *other = new_connection (ferry_sandbox_get_base_url (sb), FERRY_LOGIN_MODE_STANDARD, "migrator");
    GAsyncResult *result = NULL;

    ferry_sandbox_add_fault (sb, "GET", "/api/status", 1, FERRY_SANDBOX_FAULT_DELAY, 0, NULL, NULL, 2000);
    ferry_connection_connect_async (other, MIGRATOR_PASSWORD, cancellable, store_result_cb, &result);
    g_assert_cmpint (ferry_connection_get_state (other), ==, FERRY_CONNECTION_STATE_CONNECTING);
    g_timeout_add (100, cancel_cb, cancellable);
    g_assert_false (ferry_connection_connect_finish (other, wait_for (&result), &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpint (ferry_connection_get_state (other), ==, FERRY_CONNECTION_STATE_DISCONNECTED);
    g_clear_error (&error);
    g_object_unref (result);
    g_assert_finalize_object (other);
  }

  finish_connection (c);
}

/* ------------------------------------------------------------------------ */
/* Keep-alive                                                                 */
/* ------------------------------------------------------------------------ */

static void
test_keepalive (void)
{
  SandboxOptions options = { .session_timeout = 3 };
  FerrySandbox *sb = start_sandbox (&options);
  FerryConnection *c = connect_as (sb, "migrator", MIGRATOR_PASSWORD, FERRY_LOGIN_MODE_STANDARD);
  guint renewals;

  g_assert_cmpuint (ferry_connection_get_session_timeout (c), ==, 3);
  g_assert_cmpuint (ferry_sandbox_get_login_count (sb), ==, 1);

  /* held (twice, released once): renewed every second, the session lives */
  ferry_connection_hold_session (c);
  ferry_connection_hold_session (c);
  ferry_connection_release_session (c);
  spin_for (4500);
  renewals = ferry_sandbox_get_request_count (sb, "PUT", "/api/sessions");
  g_assert_cmpuint (renewals, >=, 3);
  {
    g_autoptr(JsonNode) projects = get_ok (c, "/api/projects", NULL);
  }
  g_assert_cmpuint (ferry_sandbox_get_login_count (sb), ==, 1);

  /* released: no renewal, the session expires; the next call logs in again */
  ferry_connection_release_session (c);
  renewals = ferry_sandbox_get_request_count (sb, "PUT", "/api/sessions");
  spin_for (4500);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "PUT", "/api/sessions"), ==, renewals);
  {
    g_autoptr(JsonNode) projects = get_ok (c, "/api/projects", NULL);
  }
  g_assert_cmpuint (ferry_sandbox_get_login_count (sb), ==, 2);

  finish_connection (c);
}

/* ------------------------------------------------------------------------ */
/* TLS                                                                        */
/* ------------------------------------------------------------------------ */

static void
test_tls (void)
{
  SandboxOptions options = { .tls = TRUE };
  FerrySandbox *sb = start_sandbox (&options);
  const char *url = ferry_sandbox_get_base_url (sb);
  FerryConnection *c = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lower = NULL;

  g_assert_true (g_str_has_prefix (url, "https://127.0.0.1:"));
  c = new_connection (url, FERRY_LOGIN_MODE_STANDARD, "migrator");
  g_assert_false (ferry_connection_get_insecure (c));

  /* untrusted: refused, with the fingerprint to show the user */
  g_assert_false (connect_sync (c, MIGRATOR_PASSWORD, &error));
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_TLS_UNTRUSTED);
  g_assert_cmpstr (ferry_api_error_get_certificate_sha256 (error), ==, TLS_SHA256);
  g_assert_cmpstr (ferry_api_error_get_certificate_host (error), ==, "127.0.0.1");
  g_assert_nonnull (strstr (error->message, TLS_SHA256));
  g_assert_cmpint (ferry_connection_get_state (c), ==, FERRY_CONNECTION_STATE_FAILED);
  g_assert_cmpuint (ferry_sandbox_get_login_count (sb), ==, 0);
  g_clear_error (&error);

  /* another fingerprint does not help */
  ferry_connection_set_trusted_certificate (c, "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
                                               "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF");
  g_assert_false (connect_sync (c, MIGRATOR_PASSWORD, &error));
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_TLS_UNTRUSTED);
  g_clear_error (&error);

  /* trusted by its fingerprint (any spelling): connects */
  lower = g_ascii_strdown (TLS_SHA256, -1);
  g_strdelimit (lower, ":", ' ');
  ferry_connection_set_trusted_certificate (c, lower);
  g_assert_true (connect_sync (c, MIGRATOR_PASSWORD, &error));
  g_assert_no_error (error);
  {
    g_autoptr(JsonNode) projects = get_ok (c, "/api/projects", NULL);
  }
  g_assert_cmpuint (ferry_sandbox_get_login_count (sb), ==, 1);
  finish_connection (c);
}

/* ------------------------------------------------------------------------ */
/* Dispose                                                                    */
/* ------------------------------------------------------------------------ */

static gboolean
one_logout (gpointer data)
{
  return ferry_sandbox_get_request_count (data, "POST", "/api/auth/logout") == 1;
}

static void
test_dispose_logs_out (void)
{
  FerrySandbox *sb = start_sandbox (NULL);
  FerryConnection *c = connect_as (sb, "migrator", MIGRATOR_PASSWORD, FERRY_LOGIN_MODE_STANDARD);

  ferry_connection_hold_session (c);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "POST", "/api/auth/logout"), ==, 0);
  g_assert_finalize_object (c);
  g_assert_true (spin_until (one_logout, sb));
}

/* ------------------------------------------------------------------------ */
/* The wire, seen by a small server                                           */
/* ------------------------------------------------------------------------ */

typedef struct
{
  SoupServer *server;
  char       *base;            /* http://127.0.0.1:N */
  GHashTable *headers;         /* path → SoupMessageHeaders (last request) */
  GHashTable *bodies;          /* path → GBytes */
  GPtrArray  *paths;           /* every path asked, in order */
} Wire;

static void
wire_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Wire *wire = user_data;
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  g_ptr_array_add (wire->paths, g_strdup (path));
  g_hash_table_replace (wire->headers, g_strdup (path),
                        soup_message_headers_ref (soup_server_message_get_request_headers (msg)));
  g_hash_table_replace (wire->bodies, g_strdup (path), soup_message_body_flatten (body));

  if (g_str_has_prefix (path, "/web/"))
    {
      const char *page = "<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head>"
                         "<body>It works</body></html>";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
    }
  else if (strcmp (path, "/Lib/api/status") == 0)
    {
      const char *json = "{\"iServerVersion\":\"11.3.1200\",\"webVersion\":\"11.3.1200.0042\"}";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, json, strlen (json));
    }
  else if (strcmp (path, "/Lib/api/auth/login") == 0)
    {
      soup_message_headers_replace (response, "X-MSTR-AuthToken", "wire-token");
      soup_message_headers_append (response, "Set-Cookie", "JSESSIONID=wire-cookie; Path=/Lib; HttpOnly");
      soup_server_message_set_status (msg, 204, NULL);
    }
  else if (strcmp (path, "/Lib/api/sessions") == 0)
    {
      const char *json = "{\"timeout\":600}";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, json, strlen (json));
    }
  else if (strcmp (path, "/Lib/api/binary") == 0)
    {
      static const char data[] = { 0x01, (char) 0x80, (char) 0xbe, (char) 0xfe, 0x00, 0x7f };

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_STATIC, data, sizeof data);
    }
  else if (strcmp (path, "/Lib/api/empty") == 0)
    {
      soup_server_message_set_status (msg, 204, NULL);
    }
  else if (strcmp (path, "/Lib/api/html-ok") == 0)
    {
      const char *page = "<html><title>Sign in</title></html>";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, page, strlen (page));
    }
  else if (strcmp (path, "/Lib/api/bad-json") == 0)
    {
      const char *json = "{\"id\": ";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, json, strlen (json));
    }
  else if (strcmp (path, "/Lib/api/big") == 0)
    {
      /* over the size that is parsed in a worker thread */
      GString *json = g_string_new ("[");

      for (guint i = 0; i < 20000; i++)
        g_string_append_printf (json, "%s{\"id\":\"%032X\",\"name\":\"Object %u\"}", i ? "," : "", i, i);
      g_string_append (json, "]");
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, json->str, json->len);
      g_string_free (json, FALSE);
    }
  else
    {
      const char *json = "{\"ok\":true}";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, json, strlen (json));
    }
}

static void
wire_free (Wire *wire)
{
  soup_server_disconnect (wire->server);
  g_object_unref (wire->server);
  g_free (wire->base);
  g_hash_table_unref (wire->headers);
  g_hash_table_unref (wire->bodies);
  g_ptr_array_unref (wire->paths);
  g_free (wire);
}

static Wire *
wire_start (void)
{
  Wire *wire = g_new0 (Wire, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  wire->server = soup_server_new (NULL, NULL);
  wire->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) soup_message_headers_unref);
  wire->bodies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  wire->paths = g_ptr_array_new_with_free_func (g_free);
  soup_server_add_handler (wire->server, NULL, wire_handler, wire, NULL);
  soup_server_listen_local (wire->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (wire->server);
  wire->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_test_queue_destroy ((GDestroyNotify) wire_free, wire);
  return wire;
}

static SoupMessageHeaders *
wire_headers (Wire       *wire,
              const char *path)
{
  SoupMessageHeaders *headers = g_hash_table_lookup (wire->headers, path);

  g_assert_nonnull (headers);
  return headers;
}

static void
wire_call (FerryConnection   *c,
           const char        *method,
           const char        *path,
           const char        *project_id,
           JsonNode          *body,
           FerryRequestFlags  flags)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  ferry_connection_call_async (c, method, path, project_id, body, flags, NULL, store_result_cb, &result);
  node = ferry_connection_call_finish (c, wait_for (&result), NULL, &error);
  g_assert_no_error (error);
  g_object_unref (result);
}

static void
test_wire (void)
{
  Wire *wire = wire_start ();
  g_autofree char *url = g_strconcat (wire->base, "/Lib/", NULL);
  FerryConnection *c = new_connection (url, FERRY_LOGIN_MODE_LDAP, "mig\"rator");
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *h;

  g_assert_true (connect_sync (c, "p\\ss \"word\"", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_connection_get_server_version (c), ==, "11.3.1200");
  g_assert_cmpuint (ferry_connection_get_session_timeout (c), ==, 600);

  /* the status is read before the password is sent anywhere */
  g_assert_cmpstr (g_ptr_array_index (wire->paths, 0), ==, "/Lib/api/status");
  g_assert_cmpstr (g_ptr_array_index (wire->paths, 1), ==, "/Lib/api/auth/login");
  g_assert_cmpstr (g_ptr_array_index (wire->paths, 2), ==, "/Lib/api/sessions");
  g_assert_null (soup_message_headers_get_one (wire_headers (wire, "/Lib/api/status"), "X-MSTR-AuthToken"));

  /* the login body: JSON with the three members */
  {
    h = wire_headers (wire, "/Lib/api/auth/login");
    g_assert_cmpstr (soup_message_headers_get_content_type (h, NULL), ==, "application/json");
    g_assert_null (soup_message_headers_get_one (h, "X-MSTR-AuthToken"));
    g_assert_null (soup_message_headers_get_one (h, "X-MSTR-ProjectID"));
    {
      GBytes *body = g_hash_table_lookup (wire->bodies, "/Lib/api/auth/login");
      g_autoptr(JsonNode) login = json_from_string (g_bytes_get_data (body, NULL), &error);
      JsonObject *o;

      g_assert_no_error (error);
      o = json_node_get_object (login);
      g_assert_cmpuint (json_object_get_size (o), ==, 3);
      g_assert_cmpstr (json_object_get_string_member (o, "username"), ==, "mig\"rator");
      g_assert_cmpstr (json_object_get_string_member (o, "password"), ==, "p\\ss \"word\"");
      g_assert_cmpint (json_object_get_int_member (o, "loginMode"), ==, 16);
    }
  }

  /* token and cookie on every call; no project header unless given */
  wire_call (c, "GET", "/api/echo-plain", NULL, NULL, FERRY_REQUEST_NONE);
  h = wire_headers (wire, "/Lib/api/echo-plain");
  g_assert_cmpstr (soup_message_headers_get_one (h, "X-MSTR-AuthToken"), ==, "wire-token");
  g_assert_nonnull (strstr (soup_message_headers_get_one (h, "Cookie"), "JSESSIONID=wire-cookie"));
  g_assert_null (soup_message_headers_get_one (h, "X-MSTR-ProjectID"));
  g_assert_null (soup_message_headers_get_one (h, "Prefer"));
  g_assert_null (soup_message_headers_get_one (h, "Content-Type"));
  g_assert_cmpstr (soup_message_headers_get_one (h, "Accept"), ==, "application/json");

  /* an empty project id is no project id */
  wire_call (c, "GET", "/api/echo-empty", "", NULL, FERRY_REQUEST_NONE);
  g_assert_null (soup_message_headers_get_one (wire_headers (wire, "/Lib/api/echo-empty"), "X-MSTR-ProjectID"));

  /* a project, Prefer and a JSON body */
  {
    g_autoptr(JsonNode) body = json_from_string ("{\"importInfo\":{\"importRequestStatus\":\"requested\"}}", &error);
    GBytes *sent;

    g_assert_no_error (error);
    wire_call (c, "PATCH", "/api/echo-full?migrationId=A%3AB", TUTORIAL_ID, body,
               FERRY_REQUEST_PREFER_ASYNC | FERRY_REQUEST_STARTS_WORK);
    h = wire_headers (wire, "/Lib/api/echo-full");
    g_assert_cmpstr (soup_message_headers_get_one (h, "X-MSTR-ProjectID"), ==, TUTORIAL_ID);
    g_assert_cmpstr (soup_message_headers_get_one (h, "Prefer"), ==, "respond-async");
    g_assert_cmpstr (soup_message_headers_get_content_type (h, NULL), ==, "application/json");
    sent = g_hash_table_lookup (wire->bodies, "/Lib/api/echo-full");
    g_assert_cmpmem (g_bytes_get_data (sent, NULL), g_bytes_get_size (sent),
                     "{\"importInfo\":{\"importRequestStatus\":\"requested\"}}",
                     strlen ("{\"importInfo\":{\"importRequestStatus\":\"requested\"}}"));
  }

  /* no session header when asked */
  wire_call (c, "GET", "/api/echo-nosession", NULL, NULL, FERRY_REQUEST_NO_SESSION);
  g_assert_null (soup_message_headers_get_one (wire_headers (wire, "/Lib/api/echo-nosession"), "X-MSTR-AuthToken"));

  /* binary answers */
  {
    GAsyncResult *result = NULL;
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(SoupMessageHeaders) headers = NULL;
    guint status = 0;
    static const char expected[] = { 0x01, (char) 0x80, (char) 0xbe, (char) 0xfe, 0x00, 0x7f };

    ferry_connection_call_async (c, "GET", "/api/binary", TUTORIAL_ID, NULL, FERRY_REQUEST_BINARY, NULL,
                                 store_result_cb, &result);
    bytes = ferry_connection_call_finish_bytes_full (c, wait_for (&result), &status, &headers, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "application/octet-stream");
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), expected, sizeof expected);
    g_assert_cmpstr (soup_message_headers_get_one (wire_headers (wire, "/Lib/api/binary"), "Accept"), ==,
                     "application/octet-stream");
    g_object_unref (result);
  }

  /* an empty 2xx is NULL without an error */
  {
    guint status = 0;
    g_autoptr(JsonNode) node = call_sync (c, "DELETE", "/api/empty", NULL, FERRY_REQUEST_NONE, NULL, &status, &error);

    g_assert_no_error (error);
    g_assert_null (node);
    g_assert_cmpuint (status, ==, 204);
  }

  /* a 2xx that is not JSON, and JSON that is broken */
  {
    g_autoptr(JsonNode) node = call_sync (c, "GET", "/api/html-ok", NULL, FERRY_REQUEST_NONE, NULL, NULL, &error);

    g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
    g_assert_cmpstr (error->message, ==, "The server answered 200 OK with an HTML page instead of JSON: “Sign in”");
    g_clear_error (&error);
  }
  {
    g_autoptr(JsonNode) node = call_sync (c, "GET", "/api/bad-json", NULL, FERRY_REQUEST_NONE, NULL, NULL, &error);

    g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
    g_assert_true (g_str_has_prefix (error->message, "The server answered 200 OK with JSON it could not read: "));
    g_clear_error (&error);
  }

  /* a large answer is parsed in a worker thread, and is the same */
  {
    g_autoptr(JsonNode) node = get_ok (c, "/api/big", NULL);
    JsonArray *array = json_node_get_array (node);

    g_assert_cmpuint (json_array_get_length (array), ==, 20000);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 19999), "name"), ==,
                     "Object 19999");
    /* the caller may change what it got (a job sets "replicated") */
    json_object_set_boolean_member (json_array_get_object_element (array, 0), "replicated", TRUE);
  }

  disconnect_sync (c);
  g_assert_nonnull (g_hash_table_lookup (wire->headers, "/Lib/api/auth/logout"));
  g_assert_cmpstr (soup_message_headers_get_one (wire_headers (wire, "/Lib/api/auth/logout"), "X-MSTR-AuthToken"),
                   ==, "wire-token");
  g_assert_cmpuint (g_bytes_get_size (g_hash_table_lookup (wire->bodies, "/Lib/api/auth/logout")), ==, 0);
  g_assert_finalize_object (c);
}

static void
test_not_a_library (void)
{
  Wire *wire = wire_start ();
  g_autofree char *url = g_strconcat (wire->base, "/web/", NULL);
  FerryConnection *c = new_connection (url, FERRY_LOGIN_MODE_STANDARD, "migrator");
  g_autoptr(GError) error = NULL;

  g_assert_false (connect_sync (c, MIGRATOR_PASSWORD, &error));
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_A_LIBRARY_SERVER);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Welcome to nginx!"));
  g_assert_nonnull (strstr (error->message, "No MicroStrategy Library server answers at"));
  g_assert_cmpstr (ferry_api_error_get_excerpt (error), ==, "Welcome to nginx!");
  g_assert_cmpuint (ferry_api_error_get_http_status (error), ==, 200);
  /* the password was sent nowhere */
  g_assert_cmpuint (wire->paths->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (wire->paths, 0), ==, "/web/api/status");
  g_assert_cmpint (ferry_connection_get_state (c), ==, FERRY_CONNECTION_STATE_FAILED);
  g_assert_finalize_object (c);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/connection/normalize", test_normalize);
  g_test_add_func ("/connection/connect", test_connect);
  g_test_add_func ("/connection/wrong-password", test_wrong_password);
  g_test_add_func ("/connection/forbidden", test_forbidden);
  g_test_add_func ("/connection/ldap", test_ldap);
  g_test_add_func ("/connection/unreachable", test_unreachable);
  g_test_add_func ("/connection/secrets", test_secrets);
  g_test_add_func ("/connection/session-expired", test_session_expired);
  g_test_add_func ("/connection/retry-502", test_retry_502);
  g_test_add_func ("/connection/retry-drop", test_retry_drop);
  g_test_add_func ("/connection/timeout", test_timeout);
  g_test_add_func ("/connection/cancel", test_cancel);
  g_test_add_func ("/connection/keepalive", test_keepalive);
  g_test_add_func ("/connection/tls", test_tls);
  g_test_add_func ("/connection/dispose-logs-out", test_dispose_logs_out);
  g_test_add_func ("/connection/wire", test_wire);
  g_test_add_func ("/connection/not-a-library", test_not_a_library);

  return g_test_run ();
}
