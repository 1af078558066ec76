/* test-hostile-input.c: Ferry and its sandbox against hostile input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 13, part A: deeply nested JSON sent to every endpoint family of
 * the sandbox and answered to the client; endless, huge and HTML answers;
 * a redirect to another host; the randomness of tokens and ticket ids;
 * expired sessions freed; invalid UTF-8 never echoed; unknown methods not
 * counted one by one. The fake servers are SoupServers in this process,
 * run by the test's own main context (as the client is).
 */

#include "config.h"

#include <string.h>

#include "ferry-test-util.h"
#include "ferry-json.h"
#include "sb-test-util.h"

#define DEEP_LEVELS   100000
#define RSS_CEILING_MB 400

/* "[[[…]]]" nested LEVELS deep. */
static char *
deep_json (guint levels)
{
  char *text = g_malloc (2 * (gsize) levels + 1);

  memset (text, '[', levels);
  memset (text + levels, ']', levels);
  text[2 * (gsize) levels] = '\0';
  return text;
}

/* The peak resident size of this process so far, in MB (VmHWM). */
static guint64
peak_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10) / 1024;
}

/* ------------------------------------------------------------------------ */
/* The depth scan                                                             */
/* ------------------------------------------------------------------------ */

static void
test_depth_scan (void)
{
  g_autofree char *deep = deep_json (513);
  g_autofree char *ok = deep_json (512);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  /* Brackets inside strings and escaped quotes do not count. */
  static const char in_string[] = "{\"a\": \"[[[[[[[[[[\\\"[[[[[[[[\", \"b\": [1, {\"c\": \"}}}]]]\"}]}";

  g_assert_true (ferry_json_check_depth (ok, strlen (ok), FERRY_JSON_MAX_DEPTH));
  g_assert_false (ferry_json_check_depth (deep, strlen (deep), FERRY_JSON_MAX_DEPTH));
  g_assert_true (ferry_json_check_depth (in_string, strlen (in_string), 3));
  g_assert_false (ferry_json_check_depth (in_string, strlen (in_string), 2));

  node = ferry_json_parse (deep, -1, &error);
  g_assert_null (node);
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "nested too deeply"));
  g_clear_error (&error);

  node = ferry_json_parse (ok, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  g_clear_pointer (&node, json_node_unref);

  /* A plan file nested too deeply is refused, not parsed. */
  {
    g_autofree char *plan = g_strdup_printf ("{\"version\": 1, \"x\": %s}", deep);
    g_autoptr(FerryPlan) p = ferry_plan_new_from_data (plan, -1, &error);

    g_assert_null (p);
    g_assert_error (error, FERRY_PLAN_ERROR, FERRY_PLAN_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "nested too deeply"));
  }
}

/* ------------------------------------------------------------------------ */
/* The sandbox                                                                */
/* ------------------------------------------------------------------------ */

/* The next request of C is still served: the process is alive. */
static void
assert_still_serving (SbtClient *c)
{
  g_autoptr(SbtResponse) status = sbt_request (c, "GET", "/api/status", NULL, NULL);

  sbt_assert_status (status, 200);
}

static void
test_sandbox_deep_requests (void)
{
  FtuSandboxOptions options = { .shared_storage = TRUE };
  FerrySandbox *sandbox = ftu_sandbox_start (&options);
  const char *url = ferry_sandbox_get_base_url (sandbox);
  g_autoptr(SbtClient) admin = sbt_client_new_admin (sandbox);
  g_autofree char *deep = deep_json (DEEP_LEVELS);
  g_autofree char *deep_member = g_strdup_printf ("{\"username\": \"administrator\", \"x\": %s}", deep);
  /* One endpoint of each family that reads a JSON body. */
  static const struct { const char *method, *path; } routes[] = {
    { "POST",  "/api/mstrServices/library/storage/sharedFileStore/files" },
    { "POST",  "/api/migrations" },
  };

  /* Login, without any session: the body alone, and deep inside an object. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SbtClient) anonymous = sbt_client_new (url);
      g_autoptr(SbtResponse) r = sbt_request_full (anonymous, "POST", "/api/auth/login", NULL,
                                                   "application/json",
                                                   g_bytes_new_static (i ? deep_member : deep,
                                                                       strlen (i ? deep_member : deep)),
                                                   FALSE);
      const char *message = sbt_assert_error (r, 400, "ERR006");

      sbt_assert_contains (message, "nested too deeply");
      assert_still_serving (anonymous);
    }

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autoptr(SbtResponse) r = sbt_request (admin, routes[i].method, routes[i].path, deep, NULL);
      const char *message;

      g_test_message ("%s %s", routes[i].method, routes[i].path);
      message = sbt_assert_error (r, 400, "ERR006");
      sbt_assert_contains (message, "nested too deeply");
      assert_still_serving (admin);
    }

  /* Packages: POST makes an empty holder (no body); PUT defines it. */
  {
    g_autoptr(SbtResponse) holder = sbt_request (admin, "POST", "/api/packages", NULL,
                                                 "X-MSTR-ProjectID", "B7CA92F04B9FAE8D941C3E9B7E0CD754", NULL);
    g_autofree char *path = NULL;
    g_autoptr(SbtResponse) define = NULL;
    const char *message;

    sbt_assert_status (holder, 201);
    path = g_strconcat ("/api/packages/", sbt_json_get_string (holder->json, "id"), NULL);
    define = sbt_request (admin, "PUT", path, deep, "X-MSTR-ProjectID", "B7CA92F04B9FAE8D941C3E9B7E0CD754",
                          "Prefer", "respond-async", NULL);
    message = sbt_assert_error (define, 400, "ERR006");
    sbt_assert_contains (message, "nested too deeply");
    assert_still_serving (admin);
  }

  /* Sessions and discovery read no body (their parameters are in the
   * query): a deep one is ignored, and the server lives on. */
  {
    g_autoptr(SbtResponse) sessions = sbt_request (admin, "PUT", "/api/sessions", deep, NULL);
    g_autoptr(SbtResponse) search =
      sbt_request (admin, "POST", "/api/metadataSearches/results?name=Revenue", deep,
                   "X-MSTR-ProjectID", "B7CA92F04B9FAE8D941C3E9B7E0CD754", NULL);

    g_assert_cmpuint (sessions->status, <, 500);
    g_assert_cmpuint (sessions->status, !=, 0);
    g_assert_cmpuint (search->status, <, 500);
    g_assert_cmpuint (search->status, !=, 0);
    assert_still_serving (admin);
  }

  /* Still a working server: the session of before is served. */
  {
    g_autoptr(SbtResponse) r = sbt_request (admin, "GET", "/api/sessions", NULL, NULL);

    sbt_assert_status (r, 200);
  }
}

/* A state file nested too deeply (a damaged or planted store.json): the
 * sandbox refuses to start with a clear error instead of crashing. */
static void
test_sandbox_deep_state_file (void)
{
  const char *state_dir = ftu_make_tmp_dir ();
  g_autoptr(FerrySandbox) first = ferry_sandbox_new (state_dir, "empty");
  g_autoptr(FerrySandbox) second = NULL;
  g_autofree char *store = g_build_filename (state_dir, "store.json", NULL);
  g_autofree char *deep = deep_json (DEEP_LEVELS);
  g_autofree char *text = g_strdup_printf ("{\"version\": 1, \"x\": %s}", deep);
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_sandbox_start (first, &error));
  g_assert_no_error (error);
  ferry_sandbox_stop (first);
  g_assert_true (g_file_test (store, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_set_contents (store, text, -1, &error));

  second = ferry_sandbox_new (state_dir, "empty");
  g_assert_false (ferry_sandbox_start (second, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "nested too deeply"));
}

/* Invalid UTF-8 in a request: the error body is valid UTF-8, the offending
 * bytes replaced. */
static void
test_sandbox_invalid_utf8 (void)
{
  FerrySandbox *sandbox = ftu_sandbox_start (NULL);
  const char *url = ferry_sandbox_get_base_url (sandbox);
  g_autoptr(SbtClient) anonymous = sbt_client_new (url);
  static const char form[] = "loginMode=%FF%FE1&username=administrator&password=";
  g_autoptr(SbtResponse) login =
    sbt_request_full (anonymous, "POST", "/api/auth/login", NULL, "application/x-www-form-urlencoded",
                      g_bytes_new_static (form, strlen (form)), FALSE);
  g_autoptr(SbtClient) admin = sbt_client_new_admin (sandbox);
  g_autoptr(SbtResponse) query = sbt_request (admin, "GET", "/api/users?offset=%C3%28%FF", NULL, NULL);
  gsize len = 0;
  const char *data;
  const char *message;

  message = sbt_assert_error (login, 400, "ERR006");
  data = g_bytes_get_data (login->body, &len);
  g_assert_true (g_utf8_validate (data, (gssize) len, NULL));
  sbt_assert_contains (message, "\xef\xbf\xbd");   /* U+FFFD */

  message = sbt_assert_error (query, 400, "ERR006");
  data = g_bytes_get_data (query->body, &len);
  g_assert_true (g_utf8_validate (data, (gssize) len, NULL));
  sbt_assert_contains (message, "offset");
  assert_still_serving (admin);
}

static gboolean
contains_ignoring_case (const char *haystack,
                        const char *needle)
{
  g_autofree char *h = g_ascii_strdown (haystack, -1);
  g_autofree char *n = g_ascii_strdown (needle, -1);

  return strstr (h, n) != NULL;
}

/* 1,000 logins: 1,000 distinct tokens, none related to a ticket id, every
 * character of the alphabet used, no sequence between one token and the
 * next. */
static void
test_sandbox_tokens (void)
{
  FerrySandbox *sandbox = ftu_sandbox_start (NULL);
  const char *url = ferry_sandbox_get_base_url (sandbox);
  g_autoptr(GHashTable) tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  guint seen[256] = { 0 };
  guint same_position = 0;

  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(SbtClient) c = sbt_client_new (url);
      g_autoptr(SbtResponse) r = sbt_client_login (c, "administrator", "", 1);
      const char *token = sbt_client_get_token (c);

      sbt_assert_status (r, 204);
      g_assert_nonnull (token);
      g_assert_cmpuint (strlen (token), ==, 26);
      g_assert_false (g_hash_table_contains (tokens, token));
      g_hash_table_add (tokens, g_strdup (token));
      g_ptr_array_add (order, g_strdup (token));
      for (const char *p = token; *p; p++)
        seen[(guchar) *p]++;

      /* An error between two logins shows its ticket id. */
      if (i % 10 == 0)
        {
          g_autoptr(SbtClient) nobody = sbt_client_new (url);
          g_autoptr(SbtResponse) e = sbt_client_login (nobody, "nobody", "wrong", 1);

          sbt_assert_error (e, 401, "ERR003");
          g_ptr_array_add (tickets, g_strdup (sbt_json_get_string (e->json, "ticketId")));
        }
    }
  g_assert_cmpuint (g_hash_table_size (tokens), ==, 1000);

  /* Each of the 36 characters appears, none far from its share
   * (26,000 / 36 ≈ 722). */
  for (const char *a = "0123456789abcdefghijklmnopqrstuvwxyz"; *a; a++)
    {
      g_assert_cmpuint (seen[(guchar) *a], >, 500);
      g_assert_cmpuint (seen[(guchar) *a], <, 950);
    }

  /* No token equals, contains or is contained in a ticket id. */
  for (guint t = 0; t < tickets->len; t++)
    {
      const char *ticket = tickets->pdata[t];
      GHashTableIter iter;
      gpointer key;

      g_assert_true (sbt_is_hex32 (ticket));
      g_hash_table_iter_init (&iter, tokens);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          g_autofree char *prefix = g_strndup (key, 8);

          g_assert_false (contains_ignoring_case (ticket, prefix));
          g_assert_false (contains_ignoring_case (key, ticket));
        }
    }

  /* One login's token and the next agree at a position about once in 36:
   * no counter, no shared prefix. */
  for (guint i = 1; i < order->len; i++)
    for (guint k = 0; k < 26; k++)
      same_position += ((const char *) order->pdata[i])[k] == ((const char *) order->pdata[i - 1])[k];
  /* 999 × 26 / 36 ≈ 722 */
  g_assert_cmpuint (same_position, <, 1000);
}

static gboolean
session_count_is (gpointer data)
{
  gpointer *args = data;

  return ferry_sandbox_get_session_count (args[0]) == GPOINTER_TO_UINT (args[1]);
}

/* Sessions past their timeout are freed on a timer, with no request. */
static void
test_sandbox_sessions_freed (void)
{
  FtuSandboxOptions options = { .session_timeout = 1 };
  FerrySandbox *sandbox = ftu_sandbox_start (&options);
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func ((GDestroyNotify) sbt_client_free);
  gpointer args[2] = { sandbox, GUINT_TO_POINTER (0) };

  for (guint i = 0; i < 20; i++)
    g_ptr_array_add (clients, sbt_client_new_admin (sandbox));
  g_assert_cmpuint (ferry_sandbox_get_session_count (sandbox), >=, 1);
  g_assert_cmpuint (ferry_sandbox_get_session_count (sandbox), <=, 20);

  /* The reaper runs each second; a session idle over 1 s goes. */
  ftu_wait_until (session_count_is, args, 10);
  g_assert_cmpuint (ferry_sandbox_get_session_count (sandbox), ==, 0);

  /* And the freed sessions are refused as expired ones are. */
  {
    g_autoptr(SbtResponse) r = sbt_request (clients->pdata[0], "GET", "/api/sessions", NULL, NULL);

    sbt_assert_error (r, 401, "ERR009");
  }
}

/* A method nobody knows is counted as OTHER, not under its own name. */
static void
test_sandbox_unknown_methods (void)
{
  FerrySandbox *sandbox = ftu_sandbox_start (NULL);
  g_autoptr(SbtClient) c = sbt_client_new (ferry_sandbox_get_base_url (sandbox));

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *method = g_strdup_printf ("BREW%u", i);
      g_autoptr(SbtResponse) r = sbt_request (c, method, "/api/status", NULL, NULL);

      g_assert_cmpuint (r->status, >=, 400);
    }
  g_assert_cmpuint (ferry_sandbox_get_request_count (sandbox, "BREW0", "unknown"), ==, 0);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sandbox, "OTHER", "unknown") +
                    ferry_sandbox_get_request_count (sandbox, "OTHER", "/api/status"), ==, 20);
  assert_still_serving (c);
}

/* ------------------------------------------------------------------------ */
/* The client against a hostile server                                        */
/* ------------------------------------------------------------------------ */

typedef struct
{
  SoupServer *server;
  char       *base_url;
  char       *login_answer;    /* NULL: 204 with a token; else the mode */
  char       *redirect_to;     /* Location of GET /api/redirect and a 307 login */
  guint       requests;
  guint       with_token;      /* requests that carried X-MSTR-AuthToken */
  guint64     chunks_written;
} Fake;

static void
write_more_cb (SoupServerMessage *msg,
               gpointer           user_data)
{
  Fake *fake = user_data;
  static char chunk[64 * 1024];

  if (chunk[0] == '\0')
    for (gsize i = 0; i + 1 < sizeof chunk; i += 2)
      {
        chunk[i] = '1';
        chunk[i + 1] = ',';
      }
  fake->chunks_written++;
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                            chunk, sizeof chunk);
  soup_server_message_unpause (msg);
}

/* Answers MSG the hostile way MODE names. */
static void
answer_hostile (Fake              *fake,
                SoupServerMessage *msg,
                const char        *mode)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (g_str_equal (mode, "deep"))
    {
      char *deep = deep_json (DEEP_LEVELS);

      soup_message_headers_replace (headers, "X-MSTR-AuthToken", "faketoken");
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, deep, strlen (deep));
    }
  else if (g_str_equal (mode, "deep-error"))
    {
      char *deep = deep_json (DEEP_LEVELS);

      soup_server_message_set_status (msg, 500, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, deep, strlen (deep));
    }
  else if (g_str_equal (mode, "big-error"))
    {
      GString *big = g_string_new ("{\"code\":\"ERR001\",\"message\":\"Too big to read\",\"pad\":\"");

      while (big->len < 2 * 1024 * 1024)
        g_string_append (big, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
      g_string_append (big, "\"}");
      soup_server_message_set_status (msg, 500, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, big->str, big->len);
      g_string_free (big, FALSE);
    }
  else if (g_str_equal (mode, "html"))
    {
      static const char html[] = "<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>";

      soup_message_headers_replace (headers, "X-MSTR-AuthToken", "faketoken");
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, html, strlen (html));
    }
  else if (g_str_equal (mode, "endless"))
    {
      SoupMessageBody *body = soup_server_message_get_response_body (msg);

      soup_message_headers_replace (headers, "X-MSTR-AuthToken", "faketoken");
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (headers, "application/json", NULL);
      soup_message_body_set_accumulate (body, FALSE);
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_body_append (body, SOUP_MEMORY_STATIC, "[", 1);
      g_signal_connect (msg, "wrote-chunk", G_CALLBACK (write_more_cb), fake);
    }
  else if (g_str_equal (mode, "huge"))
    {
      SoupMessageBody *body = soup_server_message_get_response_body (msg);

      soup_message_headers_replace (headers, "X-MSTR-AuthToken", "faketoken");
      soup_message_headers_set_content_length (headers, G_GINT64_CONSTANT (10) * 1024 * 1024 * 1024);
      soup_message_headers_set_content_type (headers, "application/json", NULL);
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_body_append (body, SOUP_MEMORY_STATIC, "[1,", 3);
    }
  else if (g_str_equal (mode, "redirect"))
    {
      soup_message_headers_replace (headers, "Location", fake->redirect_to);
      soup_server_message_set_status (msg, 307, NULL);
    }
  else
    g_assert_not_reached ();
}

static void
fake_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fake *fake = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);

  fake->requests++;
  if (soup_message_headers_get_one (request_headers, "X-MSTR-AuthToken") != NULL)
    fake->with_token++;

  if (g_str_has_suffix (path, "/api/status"))
    {
      static const char status[] = "{\"webVersion\":\"11.4.0000\",\"iServerVersion\":\"11.4.1000\"}";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, status, strlen (status));
    }
  else if (g_str_has_suffix (path, "/api/auth/login"))
    {
      if (fake->login_answer != NULL)
        {
          answer_hostile (fake, msg, fake->login_answer);
          return;
        }
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "X-MSTR-AuthToken",
                                    "faketoken");
      soup_server_message_set_status (msg, 204, NULL);
    }
  else if (g_str_has_suffix (path, "/api/sessions"))
    {
      static const char sessions[] = "{\"username\":\"administrator\",\"userFullName\":\"Administrator\"}";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, sessions,
                                        strlen (sessions));
    }
  else if (g_str_has_suffix (path, "/api/auth/logout"))
    soup_server_message_set_status (msg, 204, NULL);
  else if (strstr (path, "/api/hostile/") != NULL)
    answer_hostile (fake, msg, strstr (path, "/api/hostile/") + strlen ("/api/hostile/"));
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static void
fake_free (Fake *fake)
{
  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
  g_free (fake->base_url);
  g_free (fake->login_answer);
  g_free (fake->redirect_to);
  g_free (fake);
}

/* A fake Library server on a free port of 127.0.0.1, freed at the end of
 * the test case. */
static Fake *
fake_start (void)
{
  Fake *fake = g_new0 (Fake, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, fake_handler, fake, NULL);
  g_assert_true (soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  fake->base_url = g_strdup_printf ("http://127.0.0.1:%d/MicroStrategyLibrary", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_test_queue_destroy ((GDestroyNotify) fake_free, fake);
  return fake;
}

typedef struct
{
  GSource *ticker;
  gint64   last_us;
  gint64   max_gap_us;
} Stall;

static gboolean
tick_cb (gpointer data)
{
  Stall *stall = data;
  gint64 now = g_get_monotonic_time ();

  if (stall->last_us != 0)
    stall->max_gap_us = MAX (stall->max_gap_us, now - stall->last_us);
  stall->last_us = now;
  return G_SOURCE_CONTINUE;
}

static void
stall_watch (Stall *stall)
{
  stall->ticker = g_timeout_source_new (10);
  g_source_set_callback (stall->ticker, tick_cb, stall, NULL);
  g_source_attach (stall->ticker, NULL);
}

static void
stall_stop (Stall *stall)
{
  g_source_destroy (stall->ticker);
  g_clear_pointer (&stall->ticker, g_source_unref);
}

/* GET /api/hostile/MODE on a connection logged in to FAKE; returns the
 * error (the call must fail). */
static GError *
hostile_get (Fake       *fake,
             const char *mode)
{
  FerryConnection *connection = ftu_connection_new (fake->base_url, FERRY_LOGIN_MODE_STANDARD, "administrator");
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *path = g_strconcat ("/api/hostile/", mode, NULL);

  g_assert_true (ftu_connection_connect (connection, "", &error));
  g_assert_no_error (error);
  ferry_connection_call_async (connection, "GET", path, NULL, NULL, FERRY_REQUEST_NONE, NULL,
                               ftu_store_result_cb, &result);
  node = ferry_connection_call_finish (connection, ftu_wait_for (&result), NULL, &error);
  g_assert_null (node);
  g_assert_nonnull (error);
  g_clear_object (&result);   /* it holds the connection */
  ftu_connection_finish (connection);
  return g_steal_pointer (&error);
}

/* The login answered MODE: the connection fails; returns the error. */
static GError *
hostile_login (Fake       *fake,
               const char *mode)
{
  g_autoptr(FerryConnection) connection =
    ftu_connection_new (fake->base_url, FERRY_LOGIN_MODE_STANDARD, "administrator");
  GError *error = NULL;

  g_free (fake->login_answer);
  fake->login_answer = g_strdup (mode);
  g_assert_false (ftu_connection_connect (connection, "secret", &error));
  g_assert_nonnull (error);
  g_free (fake->login_answer);
  fake->login_answer = NULL;
  return error;
}

static void
test_client_deep_answers (void)
{
  Fake *fake = fake_start ();
  g_autoptr(GError) get = hostile_get (fake, "deep");
  g_autoptr(GError) error_body = hostile_get (fake, "deep-error");
  g_autoptr(GError) login = hostile_login (fake, "deep");

  g_assert_error (get, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (get->message, ==, "The server's answer is nested too deeply (over 512 levels)");
  /* An error answer nested too deeply is read as an answer that is no
   * JSON: the status stays. */
  g_assert_true (error_body->domain == FERRY_API_ERROR);
  g_assert_cmpuint (ferry_api_error_get_http_status (error_body), ==, 500);
  g_assert_true (login->domain == FERRY_API_ERROR);
  g_assert_nonnull (strstr (login->message, "nested too deeply (over 512 levels)"));
}

/* An error body of megabytes is not parsed on the main thread: it is
 * shown as an answer that is no JSON, its status kept. */
static void
test_client_big_error (void)
{
  Fake *fake = fake_start ();
  g_autoptr(GError) get = hostile_get (fake, "big-error");

  g_assert_error (get, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
  g_assert_cmpuint (ferry_api_error_get_http_status (get), ==, 500);
  g_assert_null (ferry_api_error_get_server_code (get));
}

static void
test_client_html_answer (void)
{
  Fake *fake = fake_start ();
  g_autoptr(GError) get = hostile_get (fake, "html");
  g_autoptr(GError) login = hostile_login (fake, "html");

  g_assert_error (get, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
  g_assert_cmpuint (ferry_api_error_get_http_status (get), ==, 200);
  g_assert_true (login->domain == FERRY_API_ERROR);
}

static void
test_client_huge_answer (void)
{
  Fake *fake = fake_start ();
  g_autoptr(GError) get = hostile_get (fake, "huge");
  g_autoptr(GError) login = hostile_login (fake, "huge");

  g_assert_error (get, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (get->message, ==, "The server's answer is larger than 256 MB; Ferry does not read it");
  g_assert_true (login->domain == FERRY_API_ERROR);
  g_assert_nonnull (strstr (login->message, "larger than 256 MB"));
  g_assert_cmpuint (peak_rss_mb (), <, RSS_CEILING_MB);
}

static void
test_client_endless_answer (void)
{
  Fake *fake = fake_start ();
  Stall stall = { 0 };
  g_autoptr(GError) get = NULL;

  stall_watch (&stall);
  get = hostile_get (fake, "endless");
  stall_stop (&stall);

  g_assert_error (get, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (get->message, ==, "The server's answer is larger than 256 MB; Ferry does not read it");
  /* The server did send more than the cap: the client stopped reading. */
  g_assert_cmpuint (fake->chunks_written * 64 * 1024, >=, (guint64) FERRY_JSON_MAX_ANSWER_BYTES);
  g_test_message ("peak RSS %" G_GUINT64_FORMAT " MB, longest main loop gap %" G_GINT64_FORMAT " ms",
                  peak_rss_mb (), stall.max_gap_us / 1000);
#if defined(__SANITIZE_ADDRESS__)
  /* AddressSanitizer keeps freed blocks in quarantine (256 MB): the
   * ceiling holds for the real allocator only. */
#else
  g_assert_cmpuint (peak_rss_mb (), <, RSS_CEILING_MB);
#endif
  /* Read chunk by chunk: the main loop never waited a second. */
  g_assert_cmpint (stall.max_gap_us, <, 2 * G_USEC_PER_SEC);
}

/* A 307 to another host (another port is another origin): never followed,
 * the token never sent there, the error names the host. */
static void
test_client_redirect (void)
{
  Fake *fake = fake_start ();
  Fake *other = fake_start ();
  g_autoptr(GUri) other_uri = g_uri_parse (other->base_url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *other_host = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (other_uri));
  g_autoptr(GError) get = NULL;
  g_autoptr(GError) login = NULL;
  g_autofree char *expected = NULL;

  fake->redirect_to = g_strconcat (other->base_url, "/api/sessions", NULL);
  get = hostile_get (fake, "redirect");
  login = hostile_login (fake, "redirect");

  expected = g_strdup_printf ("The server answered with a redirect to %s; Ferry does not follow it", other_host);
  g_assert_error (get, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
  g_assert_cmpstr (get->message, ==, expected);
  g_assert_cmpuint (ferry_api_error_get_http_status (get), ==, 307);
  g_assert_true (login->domain == FERRY_API_ERROR);
  g_assert_nonnull (strstr (login->message, other_host));

  /* The first server saw the token; the other saw nothing at all. */
  g_assert_cmpuint (fake->with_token, >, 0);
  g_assert_cmpuint (other->with_token, ==, 0);
  g_assert_cmpuint (other->requests, ==, 0);

  /* https → http on another port: the same. */
  {
    g_autoptr(GError) again = NULL;

    g_free (fake->redirect_to);
    fake->redirect_to = g_strdup ("http://other.example/MicroStrategyLibrary/api/sessions");
    again = hostile_get (fake, "redirect");
    g_assert_cmpstr (again->message, ==,
                     "The server answered with a redirect to other.example:80; Ferry does not follow it");
  }
}

int
main (int    argc,
      char **argv)
{
  sbt_init (&argc, &argv);

  g_test_add_func ("/hostile/depth-scan", test_depth_scan);
  g_test_add_func ("/hostile/sandbox/deep-requests", test_sandbox_deep_requests);
  g_test_add_func ("/hostile/sandbox/deep-state-file", test_sandbox_deep_state_file);
  g_test_add_func ("/hostile/sandbox/invalid-utf8", test_sandbox_invalid_utf8);
  g_test_add_func ("/hostile/sandbox/tokens", test_sandbox_tokens);
  g_test_add_func ("/hostile/sandbox/sessions-freed", test_sandbox_sessions_freed);
  g_test_add_func ("/hostile/sandbox/unknown-methods", test_sandbox_unknown_methods);
  g_test_add_func ("/hostile/client/deep-answers", test_client_deep_answers);
  g_test_add_func ("/hostile/client/big-error", test_client_big_error);
  g_test_add_func ("/hostile/client/html-answer", test_client_html_answer);
  g_test_add_func ("/hostile/client/huge-answer", test_client_huge_answer);
  g_test_add_func ("/hostile/client/endless-answer", test_client_endless_answer);
  g_test_add_func ("/hostile/client/redirect", test_client_redirect);
  return g_test_run ();
}
