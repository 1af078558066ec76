/* sb-test-util.c: helpers for the sandbox test suite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <glib/gstdio.h>

#include "sb-test-util.h"

#define SBT_WAIT_SECONDS 60

/* ------------------------------------------------------------------------ */
/* Set-up, temporary directories, fixtures                                    */
/* ------------------------------------------------------------------------ */

void
sbt_init (int    *argc,
          char ***argv)
{
  /* Without these GIO may look up GNOME proxy settings whose schema is not
   * installed (toolchain.md, style.md §2.11). */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* Not G_TEST_OPTION_ISOLATE_DIRS: GLib 2.74 leaks the previous dirs on
   * every test case, which LeakSanitizer cannot suppress (tests/meson.build
   * points HOME and the XDG dirs at the build tree instead). Sandboxes keep
   * their state in g_dir_make_tmp() folders removed after each test case. */
  g_test_init (argc, argv, NULL);
}

void
sbt_rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) &&
      !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          sbt_rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

static void
rm_rf_and_free (gpointer data)
{
  sbt_rm_rf (data);
  g_free (data);
}

char *
sbt_make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("ferry-sb-XXXXXX", &error);

  g_assert_no_error (error);
  g_test_queue_destroy (rm_rf_and_free, g_strdup (dir));
  return dir;
}

char *
sbt_fixture_path (const char *name)
{
  char *path = g_test_build_filename (G_TEST_DIST, "sandbox", "fixtures", name, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_free (path);
      path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
    }
  return path;
}

char *
sbt_load_fixture_text (const char *name)
{
  g_autofree char *path = sbt_fixture_path (name);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

JsonNode *
sbt_load_fixture (const char *name)
{
  g_autofree char *text = sbt_load_fixture_text (name);

  return sbt_json_parse (text);
}

/* ------------------------------------------------------------------------ */
/* Sandboxes                                                                  */
/* ------------------------------------------------------------------------ */

static void
stop_and_unref (gpointer data)
{
  FerrySandbox *sandbox = data;

  if (ferry_sandbox_is_running (sandbox))
    ferry_sandbox_stop (sandbox);
  g_object_unref (sandbox);
}

typedef struct
{
  const char *names[16];
  GValue      values[16];
  guint       n;
} PropList;

static void
prop_string (PropList   *list,
             const char *name,
             const char *value)
{
  g_assert_cmpuint (list->n, <, G_N_ELEMENTS (list->names));
  list->names[list->n] = name;
  g_value_init (&list->values[list->n], G_TYPE_STRING);
  g_value_set_string (&list->values[list->n], value);
  list->n++;
}

static void
prop_uint (PropList   *list,
           const char *name,
           guint       value)
{
  g_assert_cmpuint (list->n, <, G_N_ELEMENTS (list->names));
  list->names[list->n] = name;
  g_value_init (&list->values[list->n], G_TYPE_UINT);
  g_value_set_uint (&list->values[list->n], value);
  list->n++;
}

static void
prop_uint64 (PropList   *list,
             const char *name,
             guint64     value)
{
  g_assert_cmpuint (list->n, <, G_N_ELEMENTS (list->names));
  list->names[list->n] = name;
  g_value_init (&list->values[list->n], G_TYPE_UINT64);
  g_value_set_uint64 (&list->values[list->n], value);
  list->n++;
}

FerrySandbox *
sbt_sandbox_start (const SbtOptions *options)
{
  SbtOptions defaults = { 0 };
  const SbtOptions *o = options ? options : &defaults;
  g_autofree char *state_dir = o->state_dir ? g_strdup (o->state_dir) : sbt_make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  PropList props = { 0 };
  FerrySandbox *sandbox;

  prop_string (&props, "state-dir", state_dir);
  prop_string (&props, "seed", o->seed ? o->seed : "empty");
  if (o->shared_storage)
    prop_string (&props, "shared-storage", o->shared_storage);
  if (o->name)
    prop_string (&props, "name", o->name);
  if (o->server_version)
    prop_string (&props, "server-version", o->server_version);
  if (o->work_delay_ms)
    prop_uint (&props, "work-delay-ms", o->work_delay_ms);
  if (o->session_timeout)
    prop_uint (&props, "session-timeout", o->session_timeout);
  if (o->max_package_bytes)
    prop_uint64 (&props, "max-package-bytes", o->max_package_bytes);
  if (o->seed_migrations)
    prop_uint (&props, "seed-migrations", o->seed_migrations);
  if (o->clock_offset_s)
    {
      g_assert_cmpuint (props.n, <, G_N_ELEMENTS (props.names));
      props.names[props.n] = "clock-offset-s";
      g_value_init (&props.values[props.n], G_TYPE_INT);
      g_value_set_int (&props.values[props.n], o->clock_offset_s);
      props.n++;
    }

  sandbox = (FerrySandbox *) g_object_new_with_properties (FERRY_TYPE_SANDBOX, props.n,
                                                           props.names, props.values);
  for (guint i = 0; i < props.n; i++)
    g_value_unset (&props.values[i]);

  g_object_set_data_full (G_OBJECT (sandbox), "sbt-state-dir",
                          g_strdup (state_dir), g_free);
  g_test_queue_destroy (stop_and_unref, sandbox);

  ferry_sandbox_start (sandbox, &error);
  g_assert_no_error (error);
  g_assert_true (ferry_sandbox_is_running (sandbox));
  return sandbox;
}

const char *
sbt_sandbox_get_state_dir (FerrySandbox *sandbox)
{
  return g_object_get_data (G_OBJECT (sandbox), "sbt-state-dir");
}

void
sbt_pair_start (SbtPair          *pair,
                const SbtOptions *dev_options,
                const SbtOptions *prod_options)
{
  SbtOptions dev = { 0 };
  SbtOptions prod = { 0 };

  if (dev_options)
    dev = *dev_options;
  if (prod_options)
    prod = *prod_options;

  pair->shared = sbt_make_tmp_dir ();
  g_test_queue_free (pair->shared);

  dev.seed = "tutorial-dev";
  dev.name = "Development";
  dev.shared_storage = pair->shared;
  prod.seed = "tutorial-prod";
  prod.name = "Production";
  prod.shared_storage = pair->shared;

  pair->dev = sbt_sandbox_start (&dev);
  pair->prod = sbt_sandbox_start (&prod);
}

/* ------------------------------------------------------------------------ */
/* HTTP                                                                       */
/* ------------------------------------------------------------------------ */

struct _SbtClient
{
  SoupSession *session;
  char        *base_url;
  char        *token;
};

void
sbt_response_free (SbtResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_clear_error (&response->error);
  g_free (response->text);
  g_free (response);
}

SbtClient *
sbt_client_new (const char *base_url)
{
  SbtClient *client = g_new0 (SbtClient, 1);

  client->session = soup_session_new_with_options ("timeout", 60,
                                                   "idle-timeout", 60,
                                                   NULL);
  soup_session_add_feature_by_type (client->session, SOUP_TYPE_COOKIE_JAR);
  client->base_url = g_strdup (base_url);
  return client;
}

void
sbt_client_free (SbtClient *client)
{
  if (client == NULL)
    return;
  soup_session_abort (client->session);
  g_clear_object (&client->session);
  g_free (client->base_url);
  g_free (client->token);
  g_free (client);
}

const char *
sbt_client_get_token (SbtClient *client)
{
  return client->token;
}

void
sbt_client_set_token (SbtClient  *client,
                      const char *token)
{
  g_free (client->token);
  client->token = g_strdup (token);
}

const char *
sbt_client_get_base_url (SbtClient *client)
{
  return client->base_url;
}

SbtResponse *
sbt_request_full (SbtClient         *client,
                  const char        *method,
                  const char        *path,
                  const char *const *headers,
                  const char        *content_type,
                  GBytes            *body,
                  gboolean           add_token)
{
  g_autofree char *url = g_strconcat (client->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SbtResponse *response = g_new0 (SbtResponse, 1);
  SoupMessageHeaders *request_headers;
  gboolean token_named = FALSE;
  GBytes *bytes;

  if (msg == NULL)
    g_error ("invalid URL %s", url);

  request_headers = soup_message_get_request_headers (msg);
  for (guint i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    {
      const char *name = headers[i];
      const char *value = headers[i + 1];

      if (g_ascii_strcasecmp (name, "X-MSTR-AuthToken") == 0)
        {
          token_named = TRUE;
          soup_message_headers_replace (request_headers, name,
                                        client->token ? client->token : value);
        }
      else if (g_ascii_strcasecmp (name, "Content-Type") == 0 && body != NULL)
        {
          if (content_type == NULL)
            content_type = value;
        }
      else
        {
          soup_message_headers_append (request_headers, name, value);
        }
    }
  if (!token_named && add_token && client->token != NULL)
    soup_message_headers_replace (request_headers, "X-MSTR-AuthToken", client->token);

  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg,
                                              content_type ? content_type : "application/json",
                                              body);

  bytes = soup_session_send_and_read (client->session, msg, NULL, &response->error);
  response->status = response->error ? 0 : soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  response->body = bytes ? bytes : g_bytes_new (NULL, 0);
  {
    gsize size = 0;
    const char *data = g_bytes_get_data (response->body, &size);

    response->text = g_strndup (data ? data : "", size);
    if (size > 0)
      {
        g_autoptr(JsonParser) parser = json_parser_new ();

        if (json_parser_load_from_data (parser, response->text, size, NULL))
          response->json = json_node_ref (json_parser_get_root (parser));
      }
  }
  return response;
}

static GPtrArray *
collect_header_pairs (va_list args)
{
  GPtrArray *pairs = g_ptr_array_new ();
  const char *name;

  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      g_assert_nonnull (value);
      g_ptr_array_add (pairs, (gpointer) name);
      g_ptr_array_add (pairs, (gpointer) value);
    }
  g_ptr_array_add (pairs, NULL);
  return pairs;
}

SbtResponse *
sbt_request (SbtClient  *client,
             const char *method,
             const char *path,
             const char *body,
             ...)
{
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GBytes) bytes = NULL;
  va_list args;

  va_start (args, body);
  pairs = collect_header_pairs (args);
  va_end (args);

  if (body != NULL)
    bytes = g_bytes_new (body, strlen (body));
  return sbt_request_full (client, method, path, (const char *const *) pairs->pdata,
                           NULL, bytes, TRUE);
}

SbtResponse *
sbt_request_json (SbtClient  *client,
                  const char *method,
                  const char *path,
                  JsonNode   *body,
                  ...)
{
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GBytes) bytes = NULL;
  va_list args;

  va_start (args, body);
  pairs = collect_header_pairs (args);
  va_end (args);

  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);
      bytes = g_bytes_new_take (text, strlen (text));
    }
  return sbt_request_full (client, method, path, (const char *const *) pairs->pdata,
                           NULL, bytes, TRUE);
}

SbtResponse *
sbt_request_with_headers (SbtClient  *client,
                          const char *method,
                          const char *path,
                          JsonNode   *headers,
                          const char *content_type,
                          GBytes     *body)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new ();
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (headers));
  object = json_node_get_object (headers);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_ptr_array_add (pairs, l->data);
      g_ptr_array_add (pairs, (gpointer) json_object_get_string_member (object, l->data));
    }
  g_ptr_array_add (pairs, NULL);
  return sbt_request_full (client, method, path, (const char *const *) pairs->pdata,
                           content_type, body, TRUE);
}

SbtResponse *
sbt_client_login (SbtClient  *client,
                  const char *username,
                  const char *password,
                  int         login_mode)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  SbtResponse *response;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, username);
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, password);
  json_builder_set_member_name (b, "loginMode");
  json_builder_add_int_value (b, login_mode);
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  response = sbt_request_json (client, "POST", "/api/auth/login", body, NULL);
  if (response->status == 204)
    {
      const char *token = soup_message_headers_get_one (response->headers, "X-MSTR-AuthToken");

      if (token != NULL)
        sbt_client_set_token (client, token);
    }
  return response;
}

SbtClient *
sbt_client_new_login (const char *base_url,
                      const char *username,
                      const char *password)
{
  SbtClient *client = sbt_client_new (base_url);
  g_autoptr(SbtResponse) response = sbt_client_login (client, username, password, 1);

  sbt_assert_status (response, 204);
  g_assert_nonnull (client->token);
  g_assert_cmpstr (client->token, !=, "");
  return client;
}

SbtClient *
sbt_client_new_admin (FerrySandbox *sandbox)
{
  return sbt_client_new_login (ferry_sandbox_get_base_url (sandbox), "administrator", "");
}

/* ------------------------------------------------------------------------ */
/* Assertions                                                                 */
/* ------------------------------------------------------------------------ */

/* TAP output takes one line per assertion message: the details go to
 * stderr, the assertion names the first line. */
static void
fail (const char *file,
      int         line,
      const char *func,
      char       *message)   /* takes ownership */
{
  char *newline = strchr (message, '\n');

  if (newline != NULL)
    {
      g_printerr ("%s:%d: %s\n", file, line, message);
      *newline = '\0';
      g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
    }
  else
    {
      g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
    }
  g_free (message);
}

void
sbt_assert_text_equal_impl (const char *expected,
                            const char *actual,
                            const char *file,
                            int         line,
                            const char *func)
{
  gsize i = 0;

  if (g_strcmp0 (expected, actual) == 0)
    return;
  if (expected == NULL || actual == NULL)
    {
      fail (file, line, func, g_strdup ("texts differ: one is NULL"));
      return;
    }
  while (expected[i] != '\0' && expected[i] == actual[i])
    i++;
  {
    gsize from = i > 300 ? i - 300 : 0;
    g_autofree char *e = g_strndup (expected + from, 600);
    g_autofree char *a = g_strndup (actual + from, 600);

    fail (file, line, func,
          g_strdup_printf ("texts differ at byte %" G_GSIZE_FORMAT " (of %" G_GSIZE_FORMAT " / %" G_GSIZE_FORMAT ")\n"
                           "expected: …%s…\nactual:   …%s…",
                           i, strlen (expected), strlen (actual), e, a));
  }
}

void
sbt_assert_status_impl (SbtResponse *response,
                        guint        status,
                        const char  *file,
                        int          line,
                        const char  *func)
{
  if (response->status == status)
    return;
  fail (file, line, func,
        g_strdup_printf ("expected HTTP %u, got %u%s%s: %s", status, response->status,
                         response->error ? " " : "",
                         response->error ? response->error->message : "",
                         response->text));
}

const char *
sbt_assert_error_impl (SbtResponse *response,
                       guint        status,
                       const char  *code,
                       const char  *file,
                       int          line,
                       const char  *func)
{
  JsonObject *object;
  const char *got_code;
  const char *message;
  const char *ticket;

  sbt_assert_status_impl (response, status, file, line, func);
  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    {
      fail (file, line, func,
            g_strdup_printf ("HTTP %u: error body is not a JSON object: %s", status, response->text));
      return NULL;
    }
  object = json_node_get_object (response->json);
  got_code = sbt_json_get_string (response->json, "code");
  message = sbt_json_get_string (response->json, "message");
  ticket = sbt_json_get_string (response->json, "ticketId");
  if (code != NULL && g_strcmp0 (got_code, code) != 0)
    fail (file, line, func,
          g_strdup_printf ("HTTP %u: expected code %s: %s", status, code, response->text));
  if (got_code == NULL)
    fail (file, line, func, g_strdup_printf ("error without a code: %s", response->text));
  if (message == NULL || *message == '\0')
    fail (file, line, func, g_strdup_printf ("error without a message: %s", response->text));
  if (!sbt_is_hex32 (ticket))
    fail (file, line, func,
          g_strdup_printf ("error without a 32-hex ticketId: %s", response->text));
  if (json_object_has_member (object, "iServerCode") &&
      json_node_get_value_type (json_object_get_member (object, "iServerCode")) != G_TYPE_INT64)
    fail (file, line, func, g_strdup_printf ("iServerCode is not an integer: %s", response->text));
  return message;
}

void
sbt_assert_contains_impl (const char *haystack,
                          const char *needle,
                          const char *file,
                          int         line,
                          const char *func)
{
  if (haystack != NULL && strstr (haystack, needle) != NULL)
    return;
  fail (file, line, func,
        g_strdup_printf ("\"%s\" does not contain \"%s\"", haystack ? haystack : "(null)", needle));
}

static const char *
kind_of (JsonNode *node)
{
  if (node == NULL)
    return "absent";
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "object";
    case JSON_NODE_ARRAY:
      return "array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "string";
    case G_TYPE_BOOLEAN:
      return "boolean";
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return "number";
    default:
      return "value";
    }
}

static gboolean
path_ignored (const char        *path,
              const char *const *ignore)
{
  for (guint i = 0; ignore != NULL && ignore[i] != NULL; i++)
    if (g_str_equal (path, ignore[i]))
      return TRUE;
  return FALSE;
}

static void
shape_compare (JsonNode          *sample,
               JsonNode          *actual,
               const char        *path,
               const char *const *ignore,
               GString           *errors)
{
  const char *sk = kind_of (sample);
  const char *ak = kind_of (actual);

  if (path_ignored (path, ignore))
    return;
  if (!g_str_equal (sk, ak))
    {
      g_string_append_printf (errors, "  %s: sample has %s, response has %s\n",
                              *path ? path : "(root)", sk, ak);
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (sample))
    {
      JsonObject *so = json_node_get_object (sample);
      JsonObject *ao = json_node_get_object (actual);
      g_autoptr(GList) skeys = json_object_get_members (so);
      g_autoptr(GList) akeys = json_object_get_members (ao);

      for (GList *l = skeys; l != NULL; l = l->next)
        {
          g_autofree char *child = *path ? g_strdup_printf ("%s.%s", path, (char *) l->data)
                                         : g_strdup (l->data);

          if (path_ignored (child, ignore))
            continue;
          if (!json_object_has_member (ao, l->data))
            g_string_append_printf (errors, "  %s: missing in the response\n", child);
          else
            shape_compare (json_object_get_member (so, l->data),
                           json_object_get_member (ao, l->data), child, ignore, errors);
        }
      for (GList *l = akeys; l != NULL; l = l->next)
        {
          g_autofree char *child = *path ? g_strdup_printf ("%s.%s", path, (char *) l->data)
                                         : g_strdup (l->data);

          if (!json_object_has_member (so, l->data) && !path_ignored (child, ignore))
            g_string_append_printf (errors, "  %s: not in the sample\n", child);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (sample))
    {
      JsonArray *sa = json_node_get_array (sample);
      JsonArray *aa = json_node_get_array (actual);
      g_autofree char *child = g_strdup_printf ("%s[]", path);

      if (json_array_get_length (sa) == 0)
        return;
      for (guint i = 0; i < json_array_get_length (aa); i++)
        {
          g_autoptr(GString) element_errors = g_string_new (NULL);

          shape_compare (json_array_get_element (sa, 0), json_array_get_element (aa, i),
                         child, ignore, element_errors);
          /* report each difference once, not once per element */
          if (element_errors->len > 0 && strstr (errors->str, element_errors->str) == NULL)
            g_string_append (errors, element_errors->str);
        }
    }
}

void
sbt_assert_same_shape_impl (JsonNode          *sample,
                            JsonNode          *actual,
                            const char *const *ignore,
                            const char        *file,
                            int                line,
                            const char        *func)
{
  g_autoptr(GString) errors = g_string_new (NULL);

  g_assert_nonnull (sample);
  if (actual == NULL)
    {
      fail (file, line, func, g_strdup ("no JSON response to compare with the sample"));
      return;
    }
  shape_compare (sample, actual, "", ignore, errors);
  if (errors->len > 0)
    {
      g_autofree char *text = sbt_json_to_string (actual);
      fail (file, line, func,
            g_strdup_printf ("response differs from the sample's shape:\n%sresponse: %s",
                             errors->str, text));
    }
}

static const char *const holder_status[] = { "EMPTY", "PROCESSING", "READY", "DELETING", "FAILED", NULL };
static const char *const actions[] = { "use_existing", "replace", "keep_both", "use_newer",
                                       "use_older", "force_replace", "delete", NULL };
static const char *const acl_replacing[] = { "use_existing", "replace", "keep_both", "(null)", NULL };
static const char *const acl_new[] = { "keep_acl_as_source_object", "inherit_acl_as_dest_folder", NULL };
static const char *const update_schema[] = { "recal_table_logical_size",
                                             "recal_table_keys_fact_entry_level",
                                             "update_schema_logical_info", NULL };
static const char *const levels[] = { "project_object", "configuration_object", "unknown", NULL };
static const char *const package_types[] = { "project", "configuration", "project_security", NULL };
static const char *const purposes[] = { "object_migration", "project_merge",
                                        "migration_from_shared_file_store", "migration_group",
                                        "migration_group_child", NULL };
static const char *const package_status[] = { "empty", "creating", "created", "create_failed",
                                              "locked", "unknown", NULL };
static const char *const import_status[] = { "pending", "importing", "imported", "import_failed",
                                             "undoing", "undo_success", "undo_failed", NULL };
static const char *const request_status[] = { "unknown", "pending", "requested", "rejected",
                                              "approved", NULL };
static const char *const translation[] = { "existing", "not_merged", "use_existing", "replace",
                                           "force_replace", NULL };

const SbtEnumRule sbt_package_enum_rules[] = {
  { "status", holder_status },
  { "type", package_types },
  { "settings.defaultAction", actions },
  { "settings.aclOnReplacingObjects", acl_replacing },
  { "settings.aclOnNewObjects[]", acl_new },
  { "settings.updateSchema[]", update_schema },
  { "content[].action", actions },
  { "content[].level", levels },
  { NULL, NULL },
};

const SbtEnumRule sbt_migration_enum_rules[] = {
  { "packageInfo.status", package_status },
  { "packageInfo.type", package_types },
  { "packageInfo.purpose", purposes },
  { "importInfo.status", import_status },
  { "importInfo.importRequestStatus", request_status },
  { "importInfo.undoRequestStatus", request_status },
  { "packageInfo.tocView.settings.defaultAction", actions },
  { "packageInfo.tocView.settings.aclOnReplacingObjects", acl_replacing },
  { "packageInfo.tocView.settings.aclOnNewObjects[]", acl_new },
  { "packageInfo.tocView.settings.updateSchema[]", update_schema },
  { "packageInfo.tocView.settings.folderActions[].action", actions },
  { "packageInfo.tocView.settings.objectTypeActions[].action", actions },
  { "packageInfo.tocView.settings.objectActions[].action", actions },
  { "packageInfo.tocView.settings.translationAction", translation },
  { "packageInfo.tocView.content[].action", actions },
  { NULL, NULL },
};

static gboolean
value_allowed (JsonNode          *node,
               const char *const *values)
{
  const char *text;

  if (JSON_NODE_HOLDS_NULL (node))
    return g_strv_contains (values, "(null)");
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  text = json_node_get_string (node);
  return g_strv_contains (values, text);
}

static void
enum_walk (JsonNode          *node,
           char             **tokens,
           guint              i,
           const char        *rule_path,
           const char *const *values,
           GString           *errors)
{
  const char *token;
  g_autofree char *name = NULL;
  gboolean each;

  if (tokens[i] == NULL)
    {
      if (!value_allowed (node, values))
        {
          g_autofree char *text = sbt_json_to_string (node);
          g_autofree char *allowed = g_strjoinv ("|", (char **) values);
          g_string_append_printf (errors, "  %s = %s is not one of %s\n", rule_path, text, allowed);
        }
      return;
    }

  token = tokens[i];
  each = g_str_has_suffix (token, "[]");
  name = g_strndup (token, strlen (token) - (each ? 2 : 0));
  if (*name != '\0')
    {
      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          !json_object_has_member (json_node_get_object (node), name))
        return;
      node = json_object_get_member (json_node_get_object (node), name);
    }
  if (each)
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return;
      for (guint k = 0; k < json_array_get_length (json_node_get_array (node)); k++)
        enum_walk (json_array_get_element (json_node_get_array (node), k), tokens, i + 1,
                   rule_path, values, errors);
    }
  else
    {
      enum_walk (node, tokens, i + 1, rule_path, values, errors);
    }
}

void
sbt_assert_enums_impl (JsonNode          *node,
                       const SbtEnumRule *rules,
                       const char        *file,
                       int                line,
                       const char        *func)
{
  g_autoptr(GString) errors = g_string_new (NULL);

  g_assert_nonnull (node);
  for (guint r = 0; rules[r].path != NULL; r++)
    {
      g_auto(GStrv) tokens = g_strsplit (rules[r].path, ".", -1);
      enum_walk (node, tokens, 0, rules[r].path, rules[r].values, errors);
    }
  if (errors->len > 0)
    {
      g_autofree char *text = sbt_json_to_string (node);
      fail (file, line, func, g_strdup_printf ("enum values not allowed:\n%sin: %s", errors->str, text));
    }
}

/* Appends the path of the first difference between A and B to PATH. */
static gboolean
first_difference (JsonNode *a,
                  JsonNode *b,
                  GString  *path)
{
  if (a == NULL || b == NULL)
    return a != b;
  if (json_node_get_node_type (a) != json_node_get_node_type (b))
    return TRUE;
  if (JSON_NODE_HOLDS_OBJECT (a))
    {
      JsonObject *oa = json_node_get_object (a);
      JsonObject *ob = json_node_get_object (b);
      g_autoptr(GList) ka = json_object_get_members (oa);
      g_autoptr(GList) kb = json_object_get_members (ob);
      gsize len = path->len;

      for (GList *l = ka; l != NULL; l = l->next)
        {
          g_string_append_printf (path, ".%s", (char *) l->data);
          if (first_difference (json_object_get_member (oa, l->data),
                                json_object_has_member (ob, l->data) ? json_object_get_member (ob, l->data) : NULL,
                                path))
            return TRUE;
          g_string_truncate (path, len);
        }
      for (GList *l = kb; l != NULL; l = l->next)
        if (!json_object_has_member (oa, l->data))
          {
            g_string_append_printf (path, ".%s", (char *) l->data);
            return TRUE;
          }
      return FALSE;
    }
  if (JSON_NODE_HOLDS_ARRAY (a))
    {
      JsonArray *aa = json_node_get_array (a);
      JsonArray *ab = json_node_get_array (b);
      gsize len = path->len;

      for (guint i = 0; i < MAX (json_array_get_length (aa), json_array_get_length (ab)); i++)
        {
          g_string_append_printf (path, ".%u", i);
          if (first_difference (i < json_array_get_length (aa) ? json_array_get_element (aa, i) : NULL,
                                i < json_array_get_length (ab) ? json_array_get_element (ab, i) : NULL,
                                path))
            return TRUE;
          g_string_truncate (path, len);
        }
      return FALSE;
    }
  return !json_node_equal (a, b);
}

static char *
shortened (JsonNode *node)
{
  char *text = node ? sbt_json_to_string (node) : g_strdup ("(absent)");

  if (strlen (text) > 2000)
    strcpy (text + 1990, "…");
  return text;
}

void
sbt_assert_json_equal_impl (JsonNode   *expected,
                            JsonNode   *actual,
                            const char *file,
                            int         line,
                            const char *func)
{
  g_autoptr(GString) path = g_string_new (NULL);

  if (expected == NULL && actual == NULL)
    return;
  if (expected != NULL && actual != NULL && json_node_equal (expected, actual))
    return;
  if (!first_difference (expected, actual, path))
    g_string_truncate (path, 0);
  {
    const char *p = path->len > 0 && path->str[0] == '.' ? path->str + 1 : path->str;
    g_autofree char *e = shortened (sbt_json_get (expected, p));
    g_autofree char *a = shortened (sbt_json_get (actual, p));

    fail (file, line, func, g_strdup_printf ("JSON differs at %s\nexpected: %s\nactual:   %s",
                                             *p ? p : "(root)", e, a));
  }
}

/* ------------------------------------------------------------------------ */
/* JSON access                                                                */
/* ------------------------------------------------------------------------ */

JsonNode *
sbt_json_parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

char *
sbt_json_to_string (JsonNode *node)
{
  if (node == NULL)
    return g_strdup ("(null)");
  return json_to_string (node, FALSE);
}

JsonNode *
sbt_json_get (JsonNode   *node,
              const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (node == NULL)
    return NULL;
  if (path == NULL || *path == '\0')
    return node;
  parts = g_strsplit (path, ".", -1);
  for (guint i = 0; parts[i] != NULL && node != NULL; i++)
    {
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *o = json_node_get_object (node);
          node = json_object_has_member (o, parts[i]) ? json_object_get_member (o, parts[i]) : NULL;
        }
      else if (JSON_NODE_HOLDS_ARRAY (node) && g_ascii_isdigit (parts[i][0]))
        {
          JsonArray *a = json_node_get_array (node);
          guint64 index = g_ascii_strtoull (parts[i], NULL, 10);
          node = index < json_array_get_length (a) ? json_array_get_element (a, (guint) index) : NULL;
        }
      else
        {
          node = NULL;
        }
    }
  return node;
}

const char *
sbt_json_get_string (JsonNode   *node,
                     const char *path)
{
  JsonNode *n = sbt_json_get (node, path);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static JsonNode *
get_value_or_fail (JsonNode   *node,
                   const char *path,
                   GType       type)
{
  JsonNode *n = sbt_json_get (node, path);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) ||
      (type == G_TYPE_BOOLEAN && json_node_get_value_type (n) != G_TYPE_BOOLEAN) ||
      (type != G_TYPE_BOOLEAN && json_node_get_value_type (n) != G_TYPE_INT64 &&
       json_node_get_value_type (n) != G_TYPE_DOUBLE))
    {
      g_autofree char *text = sbt_json_to_string (node);
      g_error ("no %s at \"%s\" in %s", type == G_TYPE_BOOLEAN ? "boolean" : "number", path, text);
    }
  return n;
}

gint64
sbt_json_get_int (JsonNode   *node,
                  const char *path)
{
  JsonNode *n = get_value_or_fail (node, path, G_TYPE_INT64);

  if (json_node_get_value_type (n) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (n);
  return json_node_get_int (n);
}

double
sbt_json_get_number (JsonNode   *node,
                     const char *path)
{
  JsonNode *n = get_value_or_fail (node, path, G_TYPE_DOUBLE);

  if (json_node_get_value_type (n) == G_TYPE_DOUBLE)
    return json_node_get_double (n);
  return (double) json_node_get_int (n);
}

gboolean
sbt_json_get_bool (JsonNode   *node,
                   const char *path)
{
  return json_node_get_boolean (get_value_or_fail (node, path, G_TYPE_BOOLEAN));
}

gboolean
sbt_is_hex32 (const char *text)
{
  if (text == NULL || strlen (text) != 32)
    return FALSE;
  for (guint i = 0; i < 32; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

gboolean
sbt_is_timestamp (const char *text)
{
  return text != NULL &&
         g_regex_match_simple ("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}[+-]\\d{4}$",
                               text, 0, 0);
}

/* ------------------------------------------------------------------------ */
/* Objects                                                                    */
/* ------------------------------------------------------------------------ */

const char *
sbt_object_parent_id (JsonNode *object)
{
  JsonNode *ancestors = sbt_json_get (object, "ancestors");
  JsonArray *array;
  guint n;

  if (ancestors == NULL || !JSON_NODE_HOLDS_ARRAY (ancestors))
    return NULL;
  array = json_node_get_array (ancestors);
  n = json_array_get_length (array);
  if (n == 0)
    return NULL;
  return sbt_json_get_string (json_array_get_element (array, n - 1), "id");
}

GHashTable *
sbt_objects_index (JsonNode *objects)
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (objects));
  array = json_node_get_array (objects);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);
      const char *id = sbt_json_get_string (o, "id");

      g_assert_nonnull (id);
      g_hash_table_insert (index, (gpointer) id, o);
    }
  return index;
}

void
sbt_add_uses (GHashTable *used,
              GHashTable *index)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, index);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      JsonNode *uses = sbt_json_get (value, "uses");

      for (guint i = 0; uses && i < json_array_get_length (json_node_get_array (uses)); i++)
        g_hash_table_add (used, (gpointer) json_array_get_string_element (json_node_get_array (uses), i));
    }
}

GHashTable *
sbt_uses_closure (GHashTable *index,
                  const char *id)
{
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) todo = g_ptr_array_new ();

  g_ptr_array_add (todo, (gpointer) id);
  while (todo->len > 0)
    {
      const char *current = g_ptr_array_steal_index (todo, todo->len - 1);
      JsonNode *object = g_hash_table_lookup (index, current);
      JsonNode *uses = sbt_json_get (object, "uses");

      if (uses == NULL || !JSON_NODE_HOLDS_ARRAY (uses))
        continue;
      for (guint i = 0; i < json_array_get_length (json_node_get_array (uses)); i++)
        {
          const char *used = json_array_get_string_element (json_node_get_array (uses), i);

          if (g_str_equal (used, id) || g_hash_table_contains (seen, used))
            continue;
          g_hash_table_add (seen, (gpointer) used);
          g_ptr_array_add (todo, (gpointer) used);
        }
    }
  return seen;
}

gboolean
sbt_member_equal (JsonNode   *a,
                  JsonNode   *b,
                  const char *member)
{
  JsonNode *x = sbt_json_get (a, member);
  JsonNode *y = sbt_json_get (b, member);

  if (x == NULL || y == NULL)
    return x == y;
  return json_node_equal (x, y);
}

void
sbt_assert_object_migrated_impl (JsonNode   *source,
                                 JsonNode   *target,
                                 const char *file,
                                 int         line,
                                 const char *func)
{
  static const char *const members[] = { "id", "name", "type", "subtype", "version",
                                         "dateModified", "definition", NULL };
  g_autoptr(GString) errors = g_string_new (NULL);

  if (source == NULL || target == NULL)
    {
      fail (file, line, func, g_strdup_printf ("object absent (source %p, target %p)",
                                               (void *) source, (void *) target));
      return;
    }
  for (guint i = 0; members[i] != NULL; i++)
    if (!sbt_member_equal (source, target, members[i]))
      g_string_append_printf (errors, " %s", members[i]);
  if (g_strcmp0 (sbt_object_parent_id (source), sbt_object_parent_id (target)) != 0)
    g_string_append (errors, " folder");
  if (errors->len > 0)
    {
      g_autofree char *s = sbt_json_to_string (source);
      g_autofree char *t = sbt_json_to_string (target);
      fail (file, line, func,
            g_strdup_printf ("the target copy differs from the source in:%s\nsource: %s\ntarget: %s",
                             errors->str, s, t));
    }
}

/* ------------------------------------------------------------------------ */
/* Migrations                                                                 */
/* ------------------------------------------------------------------------ */

JsonNode *
sbt_wait_for (SbtClient  *client,
              const char *path,
              const char *field,
              ...)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  gint64 deadline = g_get_monotonic_time () + SBT_WAIT_SECONDS * G_USEC_PER_SEC;
  const char *v;
  va_list args;

  va_start (args, field);
  while ((v = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (values, (gpointer) v);
  va_end (args);
  g_ptr_array_add (values, NULL);

  for (;;)
    {
      g_autoptr(SbtResponse) r = sbt_request (client, "GET", path, NULL, NULL);
      const char *now;

      sbt_assert_status (r, 200);
      g_assert_nonnull (r->json);
      now = sbt_json_get_string (r->json, field);
      if (now != NULL && g_strv_contains ((const char *const *) values->pdata, now))
        return json_node_ref (r->json);
      if (g_get_monotonic_time () > deadline)
        g_error ("GET %s: %s still \"%s\" after %d s: %s", path, field, now ? now : "(absent)",
                 SBT_WAIT_SECONDS, r->text);
      g_usleep (10 * 1000);
    }
}

static void
add_environment (JsonBuilder *b,
                 const char  *member,
                 const char  *url)
{
  g_autofree char *id = g_strconcat (url, "/", NULL);

  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, id);
  json_builder_end_object (b);
}

JsonNode *
sbt_migration_body (const char *source_url,
                    const char *target_url,
                    const char *purpose,
                    const char *type,
                    const char *project_id,
                    JsonNode   *settings,
                    JsonNode   *content)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "packageInfo");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, type);
  json_builder_set_member_name (b, "purpose");
  json_builder_add_string_value (b, purpose);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "Sandbox test: migration 01-02-2025 10:11:12 AM");
  add_environment (b, "environment", source_url);
  json_builder_set_member_name (b, "tocView");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "settings");
  json_builder_add_value (b, json_node_copy (settings));
  if (content != NULL)
    {
      json_builder_set_member_name (b, "content");
      json_builder_add_value (b, json_node_copy (content));
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "treeView");
  json_builder_begin_object (b);
  json_builder_end_object (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "importInfo");
  json_builder_begin_object (b);
  add_environment (b, "environment", target_url);
  if (project_id != NULL)
    {
      json_builder_set_member_name (b, "project");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, project_id);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, "MicroStrategy Tutorial");
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
sbt_migration_create (SbtClient  *source,
                      const char *project_id,
                      JsonNode   *body,
                      JsonNode  **record)
{
  g_autoptr(SbtResponse) r = NULL;
  g_autofree char *path = NULL;
  char *id;

  if (project_id != NULL)
    r = sbt_request_json (source, "POST", "/api/migrations", body,
                          "X-MSTR-ProjectID", project_id, "Prefer", "respond-async", NULL);
  else
    r = sbt_request_json (source, "POST", "/api/migrations", body,
                          "Prefer", "respond-async", NULL);
  sbt_assert_status (r, 201);
  id = g_strdup (sbt_json_get_string (r->json, "id"));
  g_assert_nonnull (id);
  g_assert_cmpstr (sbt_json_get_string (r->json, "packageInfo.status"), ==, "creating");
  g_assert_cmpstr (sbt_json_get_string (r->json, "importInfo.status"), ==, "pending");

  path = g_strdup_printf ("/api/migrations/%s", id);
  {
    g_autoptr(JsonNode) done = sbt_wait_for (source, path, "packageInfo.status",
                                             "created", "create_failed", NULL);
    if (record != NULL)
      *record = g_steal_pointer (&done);
  }
  return id;
}

static JsonNode *
patch_import_info (SbtClient  *client,
                   const char *migration_id,
                   const char *member,
                   const char *value,
                   const char *project_id)
{
  g_autofree char *path = g_strdup_printf ("/api/migrations/%s", migration_id);
  g_autofree char *body = g_strdup_printf ("{\"importInfo\":{\"%s\":\"%s\"}}", member, value);
  g_autoptr(SbtResponse) r = NULL;

  if (project_id != NULL)
    r = sbt_request (client, "PATCH", path, body,
                     "X-MSTR-ProjectID", project_id, "Prefer", "respond-async", NULL);
  else
    r = sbt_request (client, "PATCH", path, body, NULL);
  sbt_assert_status (r, 200);
  g_assert_cmpstr (sbt_json_get_string (r->json, "id"), ==, migration_id);
  {
    g_autofree char *field = g_strdup_printf ("importInfo.%s", member);
    g_assert_cmpstr (sbt_json_get_string (r->json, field), ==, value);
  }
  return json_node_ref (r->json);
}

void
sbt_migration_approve (SbtClient  *source,
                       const char *migration_id)
{
  g_autoptr(JsonNode) requested = patch_import_info (source, migration_id, "importRequestStatus",
                                                     "requested", NULL);
  g_autoptr(JsonNode) approved = patch_import_info (source, migration_id, "importRequestStatus",
                                                    "approved", NULL);

  g_assert_cmpstr (sbt_json_get_string (approved, "packageInfo.status"), ==, "locked");
}

JsonNode *
sbt_migration_import (SbtClient  *source,
                      SbtClient  *target,
                      const char *migration_id,
                      const char *target_project_id)
{
  g_autofree char *path = g_strdup_printf ("/api/migrations/%s", migration_id);
  g_autofree char *path_all = g_strdup_printf ("/api/migrations/%s?showContent=all", migration_id);
  g_autoptr(SbtResponse) all = sbt_request (source, "GET", path_all, NULL, NULL);
  g_autoptr(SbtResponse) put = NULL;

  sbt_assert_status (all, 200);
  json_object_set_boolean_member (json_node_get_object (sbt_json_get (all->json, "packageInfo")),
                                  "replicated", TRUE);
  if (target_project_id != NULL)
    put = sbt_request_json (target, "PUT", path, all->json,
                            "X-MSTR-ProjectID", target_project_id, "Prefer", "respond-async", NULL);
  else
    put = sbt_request_json (target, "PUT", path, all->json, "Prefer", "respond-async", NULL);
  sbt_assert_status (put, 202);
  g_assert_cmpstr (sbt_json_get_string (put->json, "id"), ==, migration_id);
  return sbt_wait_for (target, path, "importInfo.status", "imported", "import_failed", NULL);
}

JsonNode *
sbt_migration_undo (SbtClient  *target,
                    const char *migration_id,
                    const char *target_project_id)
{
  g_autofree char *path = g_strdup_printf ("/api/migrations/%s", migration_id);
  g_autoptr(JsonNode) requested = patch_import_info (target, migration_id, "undoRequestStatus",
                                                     "requested", NULL);
  g_autoptr(JsonNode) approved = patch_import_info (target, migration_id, "undoRequestStatus",
                                                    "approved", target_project_id);
  const char *status = sbt_json_get_string (approved, "importInfo.status");

  g_assert_true (g_strcmp0 (status, "undoing") == 0 || g_strcmp0 (status, "undo_success") == 0);
  return sbt_wait_for (target, path, "importInfo.status", "undo_success", "undo_failed", NULL);
}

JsonNode *
sbt_migration_run (SbtClient  *source,
                   SbtClient  *target,
                   const char *project_id,
                   JsonNode   *body,
                   char      **migration_id)
{
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *id = sbt_migration_create (source, project_id, body, &created);
  JsonNode *result;

  g_assert_cmpstr (sbt_json_get_string (created, "packageInfo.status"), ==, "created");
  sbt_migration_approve (source, id);
  result = sbt_migration_import (source, target, id, project_id);
  if (migration_id != NULL)
    *migration_id = g_steal_pointer (&id);
  return result;
}

/* ------------------------------------------------------------------------ */
/* Subprocesses                                                               */
/* ------------------------------------------------------------------------ */

typedef struct
{
  gboolean done;
  char    *line;
  GError  *error;
} LineRead;

static void
line_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  LineRead *read = data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, &read->error);
  read->done = TRUE;
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  gboolean *done = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

/* Iterates a private context until *DONE or the deadline; TRUE when done. */
static gboolean
iterate_until (GMainContext *context,
               gboolean     *done,
               guint         seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!*done && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (context, FALSE))
        g_usleep (2000);
    }
  return *done;
}

/* A test that fails aborts without cleaning up: the server must not outlive it. */
static void
die_with_parent (gpointer data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGKILL);
#endif
}

SbtProcess *
sbt_process_start (const char *state_dir,
                   const char *shared_storage,
                   const char *seed,
                   ...)
{
  const char *bin = g_getenv ("FERRY_SANDBOX_BIN");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GDataInputStream) lines = NULL;
  LineRead read = { 0 };
  SbtProcess *process;
  const char *arg;
  va_list args;

  if (bin == NULL)
    g_error ("FERRY_SANDBOX_BIN is not set (run the suite with meson test)");

  g_ptr_array_add (argv, (gpointer) bin);
  g_ptr_array_add (argv, "--port");
  g_ptr_array_add (argv, "0");
  g_ptr_array_add (argv, "--state");
  g_ptr_array_add (argv, (gpointer) state_dir);
  if (shared_storage != NULL)
    {
      g_ptr_array_add (argv, "--shared-storage");
      g_ptr_array_add (argv, (gpointer) shared_storage);
    }
  if (seed != NULL)
    {
      g_ptr_array_add (argv, "--seed");
      g_ptr_array_add (argv, (gpointer) seed);
    }
  va_start (args, seed);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_new0 (SbtProcess, 1);
  process->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata,
                                                   &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process->process));
  g_object_set_data_full (G_OBJECT (process->process), "sbt-stdout",
                          g_object_ref (lines), g_object_unref);

  g_main_context_push_thread_default (context);
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, line_read_cb, &read);
  iterate_until (context, &read.done, 30);
  g_main_context_pop_thread_default (context);

  if (!read.done)
    g_error ("%s printed no line within 30 s", bin);
  g_assert_no_error (read.error);
  if (read.line == NULL || !g_str_has_prefix (read.line, "Listening on "))
    g_error ("%s: expected \"Listening on <URL>\", got \"%s\"", bin, read.line ? read.line : "(EOF)");
  process->base_url = g_strstrip (g_strdup (read.line + strlen ("Listening on ")));
  g_free (read.line);
  g_assert_true (g_str_has_prefix (process->base_url, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (process->base_url, "/MicroStrategyLibrary"));
  return process;
}

static void
process_wait (SbtProcess *process,
              guint       seconds)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  gboolean done = FALSE;

  g_main_context_push_thread_default (context);
  g_subprocess_wait_async (process->process, NULL, wait_cb, &done);
  if (!iterate_until (context, &done, seconds))
    {
      g_subprocess_force_exit (process->process);
      iterate_until (context, &done, 10);
    }
  /* let the cancelled/finished callback run */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
}

void
sbt_process_kill (SbtProcess *process)
{
  g_subprocess_force_exit (process->process);
  process_wait (process, 10);
  g_assert_true (g_subprocess_get_if_signaled (process->process));
  g_assert_cmpint (g_subprocess_get_term_sig (process->process), ==, SIGKILL);
}

void
sbt_process_terminate (SbtProcess *process)
{
  g_subprocess_send_signal (process->process, SIGTERM);
  process_wait (process, 10);
}

void
sbt_process_free (SbtProcess *process)
{
  if (process == NULL)
    return;
  if (g_subprocess_get_identifier (process->process) != NULL)
    {
      g_subprocess_force_exit (process->process);
      process_wait (process, 10);
    }
  g_clear_object (&process->process);
  g_free (process->base_url);
  g_free (process);
}

/* The same version, dateModified, ACL and folder. */
static gboolean
same_object_state (JsonNode *a,
                   JsonNode *b)
{
  return sbt_member_equal (a, b, "version") && sbt_member_equal (a, b, "dateModified") &&
         sbt_member_equal (a, b, "acl") &&
         g_strcmp0 (sbt_object_parent_id (a), sbt_object_parent_id (b)) == 0;
}

/* Every object of BEFORE is in AFTER as it was: version, dateModified,
 * ACL and folder (and no object more or less). */
void
sbt_assert_same_objects (JsonNode *before,
                         JsonNode *after)
{
  g_autoptr(GHashTable) old = sbt_objects_index (before);
  g_autoptr(GHashTable) now = sbt_objects_index (after);
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_assert_cmpuint (g_hash_table_size (old), ==, g_hash_table_size (now));
  g_hash_table_iter_init (&iter, old);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonNode *then = value;
      JsonNode *back = g_hash_table_lookup (now, key);

      if (back == NULL)
        g_error ("%s is gone after the undo", (char *) key);
      if (!same_object_state (then, back))
        g_error ("%s (%s) is not back as it was", (char *) key, sbt_json_get_string (then, "name"));
    }
}

/* Objects of ID that differ between BEFORE and AFTER (version, date,
 * folder, ACL), or that appeared or went. */
guint
sbt_count_changed (JsonNode *before,
                   JsonNode *after)
{
  g_autoptr(GHashTable) old = sbt_objects_index (before);
  g_autoptr(GHashTable) now = sbt_objects_index (after);
  GHashTableIter iter;
  gpointer key;
  gpointer value;
  guint changed = 0;

  g_hash_table_iter_init (&iter, now);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonNode *then = g_hash_table_lookup (old, key);

      if (then == NULL || !same_object_state (then, value))
        changed++;
    }
  return changed + (g_hash_table_size (old) > g_hash_table_size (now)
                    ? g_hash_table_size (old) - g_hash_table_size (now) : 0);
}
