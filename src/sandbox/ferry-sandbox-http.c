/* ferry-sandbox-http.c: routing, replies, authentication, discovery endpoints
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ferry-sandbox-private.h"

#define BASE_PATH "/MicroStrategyLibrary"
#define STORAGE_NOT_CONFIGURED \
  "The Storage Service is not configured properly, please contact your administrator to configure Storage Service"

/* ------------------------------------------------------------------------ */
/* Replies                                                                    */
/* ------------------------------------------------------------------------ */

void
sb_reply_json (SbRequest *req,
               guint      status,
               JsonNode  *node)
{
  g_autoptr(JsonNode) owned = node;
  g_autoptr(GBytes) bytes = sb_json_to_bytes (owned, FALSE);
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "application/json", SOUP_MEMORY_COPY, data, len);
  req->replied = TRUE;
}

void
sb_reply_empty (SbRequest *req,
                guint      status)
{
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);
  /* libsoup 3.2 closes a keep-alive connection after a 204 without saying
   * so; clients that reuse it then see a reset. Say it. */
  if (status == 204)
    soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                  "Connection", "close");
  req->replied = TRUE;
}

void
sb_reply_bytes (SbRequest  *req,
                guint       status,
                const char *content_type,
                GBytes     *bytes,
                const char *filename)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, content_type, SOUP_MEMORY_COPY, data, len);
  if (filename != NULL)
    {
      g_autofree char *value = g_strdup_printf ("attachment; filename=%s", filename);
      soup_message_headers_replace (headers, "Content-Disposition", value);
    }
  req->replied = TRUE;
}

static void
reply_error_full (SbRequest  *req,
                  guint       status,
                  const char *code,
                  gboolean    with_iserver,
                  gint64      iserver_code,
                  const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *ticket = sb_new_ticket_id ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  if (with_iserver)
    {
      json_builder_set_member_name (b, "iServerCode");
      json_builder_add_int_value (b, iserver_code);
    }
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "ticketId");
  json_builder_add_string_value (b, ticket);
  json_builder_end_object (b);
  sb_reply_json (req, status, json_builder_get_root (b));
}

void
sb_reply_error (SbRequest  *req,
                guint       status,
                const char *code,
                const char *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  reply_error_full (req, status, code, FALSE, 0, message);
}

void
sb_reply_error_iserver (SbRequest  *req,
                        guint       status,
                        const char *code,
                        gint64      iserver_code,
                        const char *format,
                        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  reply_error_full (req, status, code, TRUE, iserver_code, message);
}

void
sb_reply_gerror (SbRequest    *req,
                 const GError *error,
                 gboolean      in_body)
{
  if (error->domain == SB_ERROR && error->code == SB_ERROR_NOT_FOUND && !in_body)
    sb_reply_error (req, 404, "ERR004", "%s", error->message);
  else
    sb_reply_error (req, 400, "ERR006", "%s", error->message);
}

/* ------------------------------------------------------------------------ */
/* Request helpers                                                            */
/* ------------------------------------------------------------------------ */

const char *
sb_request_query (SbRequest  *req,
                  const char *key)
{
  return g_hash_table_lookup (req->query, key);
}

gboolean
sb_request_query_bool (SbRequest  *req,
                       const char *key,
                       gboolean    default_value,
                       gboolean   *out)
{
  const char *v = sb_request_query (req, key);

  if (v == NULL)
    *out = default_value;
  else if (g_ascii_strcasecmp (v, "true") == 0)
    *out = TRUE;
  else if (g_ascii_strcasecmp (v, "false") == 0)
    *out = FALSE;
  else
    {
      sb_reply_error (req, 400, "ERR006",
                      "Invalid value '%s' for query parameter '%s': expected true or false", v, key);
      return FALSE;
    }
  return TRUE;
}

gboolean
sb_request_query_int (SbRequest  *req,
                      const char *key,
                      gint64      default_value,
                      gint64      min,
                      gint64      max,
                      gint64     *out)
{
  const char *v = sb_request_query (req, key);
  gint64 n;

  if (v == NULL || *v == '\0')
    {
      *out = default_value;
      return TRUE;
    }
  if (!g_ascii_string_to_signed (v, 10, min, max, &n, NULL))
    {
      sb_reply_error (req, 400, "ERR006",
                      "Invalid value '%s' for query parameter '%s': expected an integer from %" G_GINT64_FORMAT
                      " to %" G_GINT64_FORMAT, v, key, min, max);
      return FALSE;
    }
  *out = n;
  return TRUE;
}

static char *
request_cookie (SbRequest  *req,
                const char *name)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *cookie = soup_message_headers_get_list (headers, "Cookie");
  g_auto(GStrv) parts = NULL;

  if (cookie == NULL)
    return NULL;
  parts = g_strsplit (cookie, ";", -1);
  for (guint i = 0; parts[i]; i++)
    {
      char *p = g_strstrip (parts[i]);
      size_t n = strlen (name);
      if (strncmp (p, name, n) == 0 && p[n] == '=')
        return g_strdup (p + n + 1);
    }
  return NULL;
}

gboolean
sb_request_require_session (SbRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *token = soup_message_headers_get_one (headers, "X-MSTR-AuthToken");
  g_autofree char *cookie = NULL;
  SbSession *session;
  gint64 idle_limit;

  if (token == NULL || *token == '\0')
    {
      sb_reply_error (req, 401, "ERR009",
                      "The request has no session: send the X-MSTR-AuthToken header and the cookies from POST /api/auth/login");
      return FALSE;
    }
  session = sb_sandbox_lookup_session (req->sandbox, token);
  if (session == NULL)
    {
      sb_reply_error (req, 401, "ERR009", "The user's session has expired, please reauthenticate");
      return FALSE;
    }

  idle_limit = (gint64) sb_sandbox_get_session_timeout (req->sandbox) * G_USEC_PER_SEC;
  if (session->expired || g_get_monotonic_time () - session->last_used_us > idle_limit)
    {
      sb_sandbox_end_session (req->sandbox, token);
      sb_reply_error (req, 401, "ERR009", "The user's session has expired, please reauthenticate");
      return FALSE;
    }

  cookie = request_cookie (req, "JSESSIONID");
  if (g_strcmp0 (cookie, session->cookie) != 0)
    {
      sb_reply_error (req, 401, "ERR009",
                      "The session cookie is missing or does not belong to this X-MSTR-AuthToken; "
                      "send the cookies set at login with every request");
      return FALSE;
    }

  session->last_used_us = g_get_monotonic_time ();
  req->session = session;
  return TRUE;
}

gboolean
sb_request_require_privileges (SbRequest *req,
                               guint      privileges)
{
  g_assert (req->session != NULL);

  if ((req->session->account->privileges & privileges) == privileges)
    return TRUE;

  sb_reply_error_iserver (req, 403, "ERR014", -2147209151,
                          "User '%s' does not have the privileges needed for this request (%s%s%s)",
                          req->session->account->full_name,
                          (privileges & SB_PRIV_CREATE_PACKAGE) ? "Create package " : "",
                          (privileges & SB_PRIV_APPLY_PACKAGE) ? "Apply package " : "",
                          (privileges & SB_PRIV_ADMINISTER) ? "Administer environment" : "");
  return FALSE;
}

gboolean
sb_request_require_prefer_async (SbRequest *req)
{
  if (req->prefer_async)
    return TRUE;
  sb_reply_error (req, 400, "ERR005",
                  "The header 'Prefer: respond-async' is required: only asynchronous processing is supported");
  return FALSE;
}

SbProject *
sb_request_require_project (SbRequest *req)
{
  SbProject *p;

  if (req->project_header == NULL)
    {
      sb_reply_error (req, 400, "ERR005", "The X-MSTR-ProjectID header is required for this request");
      return NULL;
    }
  p = sb_store_get_project (req->store, req->project_header);
  if (p == NULL)
    {
      sb_reply_error_iserver (req, 404, "ERR004", -2147209151,
                              "Project '%s' (X-MSTR-ProjectID) does not exist or is not loaded",
                              req->project_header);
      return NULL;
    }
  return p;
}

const char *
sb_request_require_storage (SbRequest *req)
{
  const char *storage = sb_sandbox_get_shared_storage (req->sandbox);

  if (storage == NULL || !g_file_test (storage, G_FILE_TEST_IS_DIR))
    {
      sb_reply_error (req, 503, "ERR016", STORAGE_NOT_CONFIGURED);
      return NULL;
    }
  return storage;
}

JsonObject *
sb_request_parse_object (SbRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sb_json_parse_bytes (req->body, &error);

  if (node == NULL)
    {
      sb_reply_error (req, 400, "ERR006", "Invalid JSON: %s", error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      sb_reply_error (req, 400, "ERR006", "Invalid JSON: the body must be a JSON object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (node));
}

static gboolean
request_paging (SbRequest *req,
                gint64     default_limit,
                gint64    *offset,
                gint64    *limit)
{
  if (!sb_request_query_int (req, "offset", 0, 0, G_MAXINT32, offset))
    return FALSE;
  if (!sb_request_query_int (req, "limit", default_limit, -1, G_MAXINT32, limit))
    return FALSE;
  if (*limit == 0)
    *limit = default_limit;
  return TRUE;
}

static void
set_total_header (SbRequest *req,
                  guint      total)
{
  g_autofree char *value = g_strdup_printf ("%u", total);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "x-mstr-total-count", value);
}

static void
not_found_route (SbRequest *req)
{
  req->route = "unknown";
  sb_reply_error (req, 404, "ERR004", "HTTP 404 Not Found");
}

static void
method_not_allowed (SbRequest *req)
{
  sb_reply_error (req, 405, "ERR001", "HTTP 405 Method Not Allowed");
}

static gboolean
is_method (SbRequest  *req,
           const char *method)
{
  return strcmp (req->method, method) == 0;
}

/* ------------------------------------------------------------------------ */
/* Authentication and sessions                                                */
/* ------------------------------------------------------------------------ */

static gboolean
parse_login_mode (const char *text,
                  gint64     *out)
{
  return text != NULL && g_ascii_string_to_signed (text, 10, G_MININT32, G_MAXINT32, out, NULL);
}

static void
handle_login (SbRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autofree char *username = NULL;
  g_autofree char *password = NULL;
  gint64 mode = SB_LOGIN_STANDARD;
  gsize len = 0;
  const char *data = g_bytes_get_data (req->body, &len);
  SbAccount *account;
  SbSession *session;
  g_autofree char *cookie = NULL;

  req->route = "/api/auth/login";
  if (!is_method (req, "POST"))
    {
      method_not_allowed (req);
      return;
    }

  if (content_type != NULL && g_ascii_strcasecmp (content_type, "application/x-www-form-urlencoded") == 0)
    {
      g_autofree char *text = g_strndup (data, len);
      g_autoptr(GHashTable) form = soup_form_decode (text);
      const char *m = g_hash_table_lookup (form, "loginMode");

      username = g_strdup (g_hash_table_lookup (form, "username"));
      password = g_strdup (g_hash_table_lookup (form, "password"));
      if (m != NULL && !parse_login_mode (m, &mode))
        {
          sb_reply_error (req, 400, "ERR006", "Invalid value '%s' for loginMode", m);
          return;
        }
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = sb_json_parse_bytes (req->body, &error);
      JsonObject *obj;
      JsonNode *m;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          sb_reply_error (req, 400, "ERR006", "Invalid JSON: %s",
                          error ? error->message : "the body must be a JSON object");
          return;
        }
      obj = json_node_get_object (node);
      if (json_object_has_member (obj, "username") && sb_json_get_string (obj, "username") == NULL)
        {
          sb_reply_error (req, 400, "ERR006", "Invalid value for username: expected a string");
          return;
        }
      username = g_strdup (sb_json_get_string (obj, "username"));
      password = g_strdup (sb_json_get_string (obj, "password"));
      m = json_object_get_member (obj, "loginMode");
      if (m != NULL && JSON_NODE_HOLDS_VALUE (m))
        {
          if (json_node_get_value_type (m) == G_TYPE_INT64)
            mode = json_node_get_int (m);
          else if (json_node_get_value_type (m) != G_TYPE_STRING ||
                   !parse_login_mode (json_node_get_string (m), &mode))
            {
              sb_reply_error (req, 400, "ERR006", "Invalid value for loginMode: expected 1 (standard) or 16 (LDAP)");
              return;
            }
        }
      else if (m != NULL && !JSON_NODE_HOLDS_NULL (m))
        {
          sb_reply_error (req, 400, "ERR006", "Invalid value for loginMode: expected 1 (standard) or 16 (LDAP)");
          return;
        }
    }

  account = sb_store_find_account (req->store, username);
  if (account == NULL ||
      (mode != SB_LOGIN_STANDARD && mode != SB_LOGIN_LDAP) ||
      (account->login_modes & (guint) mode) == 0 ||
      g_strcmp0 (account->password, password ? password : "") != 0)
    {
      sb_reply_error (req, 401, "ERR003", "Login failed");
      return;
    }

  session = sb_sandbox_new_session (req->sandbox, account);
  sb_sandbox_count_login (req->sandbox);

  cookie = g_strdup_printf ("JSESSIONID=%s; Path=" BASE_PATH "; HttpOnly%s",
                            session->cookie, sb_sandbox_is_tls (req->sandbox) ? "; Secure" : "");
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "X-MSTR-AuthToken", session->token);
  soup_message_headers_append (soup_server_message_get_response_headers (req->msg),
                               "Set-Cookie", cookie);
  sb_reply_empty (req, 204);
}

static void
handle_logout (SbRequest *req)
{
  req->route = "/api/auth/logout";
  if (!is_method (req, "POST"))
    {
      method_not_allowed (req);
      return;
    }
  if (!sb_request_require_session (req))
    return;
  sb_sandbox_end_session (req->sandbox, req->session->token);
  req->session = NULL;
  sb_reply_empty (req, 204);
}

static void
handle_sessions (SbRequest *req)
{
  if (req->n_segments == 1)
    {
      req->route = "/api/sessions";
      if (!is_method (req, "GET") && !is_method (req, "PUT") && !is_method (req, "DELETE"))
        {
          method_not_allowed (req);
          return;
        }
      if (!sb_request_require_session (req))
        return;
      if (is_method (req, "PUT"))
        {
          /* The session's idle timer was reset by the lookup itself. */
          sb_reply_empty (req, 204);
        }
      else if (is_method (req, "DELETE"))
        {
          sb_sandbox_end_session (req->sandbox, req->session->token);
          req->session = NULL;
          sb_reply_empty (req, 204);
        }
      else
        {
          g_autoptr(JsonBuilder) b = json_builder_new ();
          SbAccount *a = req->session->account;

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "username");
          json_builder_add_string_value (b, a->login);
          json_builder_set_member_name (b, "userId");
          json_builder_add_string_value (b, a->user_id);
          json_builder_set_member_name (b, "userFullName");
          json_builder_add_string_value (b, a->full_name);
          json_builder_set_member_name (b, "locale");
          json_builder_add_int_value (b, 1033);
          json_builder_set_member_name (b, "maxSearch");
          json_builder_add_int_value (b, 3);
          json_builder_set_member_name (b, "workingSet");
          json_builder_add_int_value (b, 10);
          json_builder_set_member_name (b, "timeout");
          json_builder_add_int_value (b, sb_sandbox_get_session_timeout (req->sandbox));
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, req->session->token);
          json_builder_end_object (b);
          sb_reply_json (req, 200, json_builder_get_root (b));
        }
      return;
    }

  if (req->n_segments == 2 && strcmp (req->segments[1], "userInfo") == 0)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      SbAccount *a;
      g_autofree char *initials = NULL;

      req->route = "/api/sessions/userInfo";
      if (!is_method (req, "GET"))
        {
          method_not_allowed (req);
          return;
        }
      if (!sb_request_require_session (req))
        return;
      a = req->session->account;
      initials = g_strndup (a->full_name, 1);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "metadataUser");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, a->user_id);
      json_builder_set_member_name (b, "fullName");
      json_builder_add_string_value (b, a->full_name);
      json_builder_set_member_name (b, "initials");
      json_builder_add_string_value (b, initials);
      json_builder_end_object (b);
      sb_reply_json (req, 200, json_builder_get_root (b));
      return;
    }

  not_found_route (req);
}

static void
handle_status (SbRequest *req)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  SbStore *store = req->store;

  req->route = "/api/status";
  if (!is_method (req, "GET"))
    {
      method_not_allowed (req);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "webVersion");
  json_builder_add_string_value (b, store->server_version);
  json_builder_set_member_name (b, "iServerVersion");
  json_builder_add_string_value (b, store->server_version);
  json_builder_set_member_name (b, "deploymentType");
  json_builder_add_string_value (b, "sandbox");
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, store->name);
  json_builder_set_member_name (b, "upTimeText");
  json_builder_add_string_value (b, "running");
  json_builder_end_object (b);
  sb_reply_json (req, 200, json_builder_get_root (b));
}

/* ------------------------------------------------------------------------ */
/* Discovery                                                                  */
/* ------------------------------------------------------------------------ */

static void
handle_projects (SbRequest *req)
{
  if (!is_method (req, "GET"))
    {
      req->route = req->n_segments == 1 ? "/api/projects" : "/api/projects/{id}";
      method_not_allowed (req);
      return;
    }
  if (req->n_segments == 1)
    {
      JsonArray *array = json_array_new ();
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      req->route = "/api/projects";
      if (!sb_request_require_session (req))
        {
          json_array_unref (array);
          json_node_unref (node);
          return;
        }
      for (guint i = 0; i < req->store->project_order->len; i++)
        {
          SbProject *p = sb_store_get_project (req->store, g_ptr_array_index (req->store->project_order, i));
          if (p)
            json_array_add_element (array, sb_project_to_api (p));
        }
      json_node_take_array (node, array);
      sb_reply_json (req, 200, node);
      return;
    }
  if (req->n_segments == 2)
    {
      SbProject *p = NULL;

      req->route = "/api/projects/{id}";
      if (!sb_request_require_session (req))
        return;
      p = sb_store_get_project (req->store, req->segments[1]);
      for (guint i = 0; p == NULL && i < req->store->project_order->len; i++)
        {
          SbProject *q = sb_store_get_project (req->store, g_ptr_array_index (req->store->project_order, i));
          if (q && g_strcmp0 (q->name, req->segments[1]) == 0)
            p = q;
        }
      if (p == NULL)
        {
          sb_reply_error_iserver (req, 404, "ERR004", -2147209151,
                                  "Project '%s' does not exist or is not loaded", req->segments[1]);
          return;
        }
      sb_reply_json (req, 200, sb_project_to_api (p));
      return;
    }
  not_found_route (req);
}

static void
reply_object_page (SbRequest *req,
                   SbProject *project,
                   GPtrArray *objects,
                   gint64     offset,
                   gint64     limit,
                   gboolean   ancestors,
                   gboolean   wrap)
{
  JsonArray *array = json_array_new ();
  guint total = objects->len;

  for (guint i = (guint) MIN ((gint64) total, offset);
       i < total && (limit < 0 || i < offset + limit); i++)
    json_array_add_element (array, sb_project_object_to_api (project, g_ptr_array_index (objects, i),
                                                             ancestors, FALSE));
  set_total_header (req, total);

  if (wrap)
    {
      JsonObject *obj = json_object_new ();
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_int_member (obj, "totalItems", total);
      json_object_set_array_member (obj, "result", array);
      json_node_take_object (node, obj);
      sb_reply_json (req, 200, node);
    }
  else
    {
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, array);
      sb_reply_json (req, 200, node);
    }
}

static void
handle_folders (SbRequest *req)
{
  SbProject *project;
  g_autoptr(GPtrArray) children = NULL;
  gint64 offset, limit;
  const char *folder_id;

  req->route = req->n_segments == 1 ? "/api/folders" : "/api/folders/{id}";
  if (req->n_segments > 2)
    {
      not_found_route (req);
      return;
    }
  if (!is_method (req, "GET"))
    {
      method_not_allowed (req);
      return;
    }
  if (!sb_request_require_session (req) ||
      (project = sb_request_require_project (req)) == NULL ||
      !request_paging (req, -1, &offset, &limit))
    return;

  if (req->n_segments == 1)
    folder_id = project->root_folder_id;
  else
    {
      SbObject *folder = sb_project_get_object (project, req->segments[1]);

      if (folder == NULL || folder->type != SB_TYPE_FOLDER)
        {
          sb_reply_error_iserver (req, 404, "ERR004", -2147216373,
                                  "Folder '%s' was not found in project '%s'", req->segments[1], project->name);
          return;
        }
      folder_id = folder->id;
    }

  children = sb_project_children (project, folder_id);
  reply_object_page (req, project, children, offset, limit, FALSE, FALSE);
}

/* Every value of a repeated query parameter ("type=1&type=3" or "type=1,3"). */
static GArray *
query_ints (SbRequest  *req,
            const char *key,
            gboolean   *ok)
{
  GUri *uri = soup_server_message_get_uri (req->msg);
  const char *raw = g_uri_get_query (uri);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(GStrv) pairs = NULL;

  *ok = TRUE;
  if (raw == NULL)
    return out;
  pairs = g_strsplit (raw, "&", -1);
  for (guint i = 0; pairs[i]; i++)
    {
      g_autofree char *k = NULL;
      g_autofree char *v = NULL;
      char *eq = strchr (pairs[i], '=');
      g_auto(GStrv) values = NULL;

      if (eq == NULL)
        continue;
      k = g_uri_unescape_segment (pairs[i], eq, NULL);
      if (k == NULL || strcmp (k, key) != 0)
        continue;
      v = g_uri_unescape_string (eq + 1, NULL);
      values = g_strsplit (v ? v : "", ",", -1);
      for (guint j = 0; values[j]; j++)
        {
          gint64 n;
          if (*values[j] == '\0')
            continue;
          if (!g_ascii_string_to_signed (values[j], 10, 0, G_MAXINT32, &n, NULL))
            {
              sb_reply_error (req, 400, "ERR006",
                              "Invalid value '%s' for query parameter '%s': expected an object type or subtype number",
                              values[j], key);
              *ok = FALSE;
              return out;
            }
          g_array_append_val (out, n);
        }
    }
  return out;
}

static gboolean
matches_types (const SbObject *o,
               GArray         *types)
{
  if (types->len == 0)
    return TRUE;
  for (guint i = 0; i < types->len; i++)
    {
      gint64 t = g_array_index (types, gint64, i);
      if (t == o->type || t == o->subtype)
        return TRUE;
    }
  return FALSE;
}

static gboolean
matches_name (const SbObject *o,
              const char     *needle_folded,
              gint64          pattern)
{
  g_autofree char *hay = NULL;

  if (needle_folded == NULL || *needle_folded == '\0')
    return TRUE;
  hay = g_utf8_casefold (o->name, -1);
  switch (pattern)
    {
    case 1: /* begins with */
    case 3: /* begins with phrase */
      return g_str_has_prefix (hay, needle_folded);
    case 2: /* exactly */
      return strcmp (hay, needle_folded) == 0;
    case 5: /* ends with */
      return g_str_has_suffix (hay, needle_folded);
    case 0: /* contains any word */
      {
        g_auto(GStrv) words = g_strsplit (needle_folded, " ", -1);
        for (guint i = 0; words[i]; i++)
          if (*words[i] && strstr (hay, words[i]))
            return TRUE;
        return FALSE;
      }
    default: /* 4: contains */
      return strstr (hay, needle_folded) != NULL;
    }
}

static gboolean
is_below (SbProject      *project,
          const SbObject *o,
          const char     *root)
{
  const char *parent = o->parent_id;
  guint guard = 0;

  while (parent != NULL && guard++ < 256)
    {
      SbObject *f;
      if (strcmp (parent, root) == 0)
        return TRUE;
      f = sb_project_get_object (project, parent);
      parent = f ? f->parent_id : NULL;
    }
  return FALSE;
}

static int
by_name (gconstpointer pa,
         gconstpointer pb)
{
  const SbObject *a = *(SbObject * const *) pa;
  const SbObject *b = *(SbObject * const *) pb;
  int r = g_ascii_strcasecmp (a->name, b->name);

  return r != 0 ? r : strcmp (a->id, b->id);
}

/* The space a discovery request looks into: the project of the header, or
 * the configuration when there is no header. */
static SbProject *
request_space (SbRequest *req)
{
  if (req->project_header == NULL)
    return req->store->configuration;
  return sb_request_require_project (req);
}

/* Quick search answers, sorted, for the searches asked last. A client reads
 * a big answer page by page (offset + limit); without this every page
 * would search and sort the whole space again.
 *
 * An entry is the key of a search (space generation, root, name, pattern,
 * types) and the matching objects in answer order, borrowed from the space.
 * The space's generation changes with every object added, replaced,
 * removed or edited (sb_project_touch()), and generations are never reused,
 * so an entry whose generation is the space's current one holds pointers
 * to live objects that still match and sort the same; other entries are
 * never dereferenced, only dropped. Everything here runs with the sandbox
 * lock held, as every change to the store does. */
#define SEARCH_CACHE_SIZE 4

typedef struct
{
  char      *space_id;
  guint64    generation;   /* of the space when FOUND was made */
  char      *root;         /* NULL: the whole space */
  char      *needle;       /* case-folded name; NULL: any name */
  gint64     pattern;      /* -1 when NEEDLE is NULL (it does not matter) */
  GArray    *types;        /* gint64, as asked */
  GPtrArray *found;        /* SbObject* (borrowed), by_name order */
} SearchCacheEntry;

struct _SbSearchCache
{
  GQueue entries;          /* SearchCacheEntry*, most recently used first */
};

static void
search_cache_entry_free (SearchCacheEntry *entry)
{
  g_free (entry->space_id);
  g_free (entry->root);
  g_free (entry->needle);
  g_array_unref (entry->types);
  g_ptr_array_unref (entry->found);
  g_free (entry);
}

SbSearchCache *
sb_search_cache_new (void)
{
  SbSearchCache *cache = g_new0 (SbSearchCache, 1);

  g_queue_init (&cache->entries);
  return cache;
}

void
sb_search_cache_clear (SbSearchCache *cache)
{
  g_queue_clear_full (&cache->entries, (GDestroyNotify) search_cache_entry_free);
}

void
sb_search_cache_free (SbSearchCache *cache)
{
  sb_search_cache_clear (cache);
  g_free (cache);
}

static gboolean
same_types (GArray *a,
            GArray *b)
{
  return a->len == b->len &&
         (a->len == 0 || memcmp (a->data, b->data, a->len * sizeof (gint64)) == 0);
}

/* The cached answer (borrowed, valid while the lock is held and the space
 * does not change) or NULL. Drops the entries of older generations of
 * PROJECT on the way: they can never be used again. */
static GPtrArray *
search_cache_lookup (SbSearchCache *cache,
                     SbProject     *project,
                     const char    *root,
                     const char    *needle,
                     gint64         pattern,
                     GArray        *types)
{
  GList *l = cache->entries.head;

  while (l != NULL)
    {
      SearchCacheEntry *entry = l->data;
      GList *next = l->next;

      if (entry->generation != project->generation)
        {
          if (strcmp (entry->space_id, project->id) == 0)
            {
              g_queue_delete_link (&cache->entries, l);
              search_cache_entry_free (entry);
            }
          l = next;
          continue;
        }
      if (g_strcmp0 (entry->root, root) == 0 &&
          g_strcmp0 (entry->needle, needle) == 0 &&
          entry->pattern == pattern &&
          same_types (entry->types, types))
        {
          g_queue_unlink (&cache->entries, l);
          g_queue_push_head_link (&cache->entries, l);
          return entry->found;
        }
      l = next;
    }
  return NULL;
}

/* Takes FOUND; returns it (borrowed from the cache now). */
static GPtrArray *
search_cache_add (SbSearchCache *cache,
                  SbProject     *project,
                  const char    *root,
                  const char    *needle,
                  gint64         pattern,
                  GArray        *types,
                  GPtrArray     *found)
{
  SearchCacheEntry *entry = g_new0 (SearchCacheEntry, 1);

  entry->space_id = g_strdup (project->id);
  entry->generation = project->generation;
  entry->root = g_strdup (root);
  entry->needle = g_strdup (needle);
  entry->pattern = pattern;
  entry->types = g_array_ref (types);
  entry->found = found;
  g_queue_push_head (&cache->entries, entry);
  while (cache->entries.length > SEARCH_CACHE_SIZE)
    search_cache_entry_free (g_queue_pop_tail (&cache->entries));
  return found;
}

static void
handle_searches (SbRequest *req)
{
  SbProject *project;
  SbSearchCache *cache = sb_sandbox_get_search_cache (req->sandbox);
  g_autoptr(GArray) types = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  GPtrArray *found;
  g_autofree char *needle = NULL;
  gint64 offset, limit, pattern;
  gboolean ancestors, ok;
  const char *root, *name;
  GHashTableIter iter;
  gpointer value;

  req->route = "/api/searches/results";
  if (req->n_segments != 2 || strcmp (req->segments[1], "results") != 0)
    {
      not_found_route (req);
      return;
    }
  if (!is_method (req, "GET"))
    {
      method_not_allowed (req);
      return;
    }
  if (!sb_request_require_session (req) ||
      (project = request_space (req)) == NULL ||
      !request_paging (req, -1, &offset, &limit) ||
      !sb_request_query_int (req, "pattern", 4, 0, 5, &pattern) ||
      !sb_request_query_bool (req, "getAncestors", FALSE, &ancestors))
    return;
  types = query_ints (req, "type", &ok);
  if (!ok)
    return;

  root = sb_request_query (req, "root");
  if (root != NULL && *root != '\0')
    {
      SbObject *folder = sb_project_get_object (project, root);
      if (folder == NULL || folder->type != SB_TYPE_FOLDER)
        {
          sb_reply_error (req, 404, "ERR004", "Folder '%s' (root) was not found in project '%s'",
                          root, project->name);
          return;
        }
    }
  else
    root = NULL;

  name = sb_request_query (req, "name");
  if (name != NULL && *name != '\0')
    needle = g_utf8_casefold (name, -1);
  else
    pattern = -1; /* any name matches, whatever the pattern */

  found = search_cache_lookup (cache, project, root, needle, pattern, types);
  if (found == NULL)
    {
      fresh = g_ptr_array_new ();
      g_hash_table_iter_init (&iter, project->objects);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          SbObject *o = value;
          if (o->parent_id == NULL && !project->is_configuration)
            continue; /* the root folder itself is not a search result */
          if (!matches_types (o, types) || !matches_name (o, needle, pattern))
            continue;
          if (root != NULL && !is_below (project, o, root))
            continue;
          g_ptr_array_add (fresh, o);
        }
      g_ptr_array_sort (fresh, by_name);
      found = fresh;

      /* Keep it when the client has more pages to read. */
      if (limit >= 0 && offset + limit < (gint64) fresh->len)
        found = search_cache_add (cache, project, root, needle, pattern, types,
                                  g_steal_pointer (&fresh));
    }
  reply_object_page (req, project, found, offset, limit, ancestors, TRUE);
}

static JsonNode *
project_as_object (SbProject *p)
{
  JsonNode *node = sb_project_to_api (p);
  JsonObject *obj = json_node_get_object (node);

  json_object_set_int_member (obj, "type", SB_TYPE_PROJECT);
  json_object_set_int_member (obj, "subtype", 8192);
  json_object_set_string_member (obj, "version", p->id);
  json_object_set_array_member (obj, "acl", json_array_new ());
  json_object_set_array_member (obj, "ancestors", json_array_new ());
  return node;
}

static void
handle_objects (SbRequest *req)
{
  SbProject *project;
  SbObject *object;
  gint64 type;
  JsonNode *node;

  req->route = "/api/objects/{id}";
  if (req->n_segments != 2)
    {
      not_found_route (req);
      return;
    }
  if (!is_method (req, "GET"))
    {
      method_not_allowed (req);
      return;
    }
  if (!sb_request_require_session (req))
    return;
  if (sb_request_query (req, "type") == NULL)
    {
      sb_reply_error (req, 400, "ERR005", "The query parameter 'type' is required");
      return;
    }
  if (!sb_request_query_int (req, "type", 0, 0, G_MAXINT32, &type))
    return;

  if (type == SB_TYPE_PROJECT)
    {
      SbProject *p = sb_store_get_project (req->store, req->segments[1]);
      if (p == NULL)
        {
          sb_reply_error_iserver (req, 404, "ERR004", -2147209151,
                                  "Project '%s' does not exist or is not loaded", req->segments[1]);
          return;
        }
      sb_reply_json (req, 200, project_as_object (p));
      return;
    }

  if ((project = request_space (req)) == NULL)
    return;
  object = sb_project_get_object (project, req->segments[1]);
  if (object == NULL && req->project_header != NULL)
    {
      /* Configuration objects are found whatever project is selected. */
      project = req->store->configuration;
      object = sb_project_get_object (project, req->segments[1]);
    }
  if (object == NULL || object->type != type)
    {
      sb_reply_error_iserver (req, 404, "ERR004", -2147216373,
                              "Object '%s' of type %" G_GINT64_FORMAT " was not found in %s '%s'",
                              req->segments[1], type,
                              project->is_configuration ? "the" : "project",
                              project->name);
      return;
    }
  node = sb_project_object_to_api (project, object, TRUE, TRUE);
  json_object_set_int_member (json_node_get_object (node), "extType", 0);
  sb_reply_json (req, 200, node);
}

static JsonNode *
user_to_api (SbStore  *store,
             SbObject *o)
{
  JsonNode *node = sb_project_object_to_api (store->configuration, o, FALSE, FALSE);
  JsonObject *obj = json_node_get_object (node);
  SbAccount *a = sb_store_find_account_by_user (store, o->id);

  if (o->subtype == SB_SUBTYPE_USER)
    {
      json_object_set_string_member (obj, "username", a ? a->login : o->name);
      json_object_set_string_member (obj, "fullName", a && a->full_name ? a->full_name : o->name);
      json_object_set_boolean_member (obj, "enabled", TRUE);
    }
  return node;
}

static void
handle_users (SbRequest *req,
              int        subtype)
{
  gboolean groups = subtype == SB_SUBTYPE_USER_GROUP;
  SbProject *conf = req->store->configuration;
  gint64 offset, limit;

  req->route = req->n_segments == 1 ? (groups ? "/api/usergroups" : "/api/users")
                                    : (groups ? "/api/usergroups/{id}" : "/api/users/{id}");
  if (req->n_segments > 2)
    {
      not_found_route (req);
      return;
    }
  if (!is_method (req, "GET"))
    {
      method_not_allowed (req);
      return;
    }
  if (!sb_request_require_session (req))
    return;

  if (req->n_segments == 2)
    {
      SbObject *o = sb_project_get_object (conf, req->segments[1]);
      if (o == NULL || o->type != SB_TYPE_USER || o->subtype != subtype)
        {
          sb_reply_error (req, 404, "ERR004", "%s '%s' was not found",
                          groups ? "User group" : "User", req->segments[1]);
          return;
        }
      sb_reply_json (req, 200, user_to_api (req->store, o));
      return;
    }

  if (!request_paging (req, -1, &offset, &limit))
    return;
  {
    g_autoptr(GPtrArray) found = g_ptr_array_new ();
    const char *begins = sb_request_query (req, "nameBegins");
    JsonArray *array = json_array_new ();
    JsonNode *node = json_node_new (JSON_NODE_ARRAY);
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, conf->objects);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        SbObject *o = value;
        if (o->type == SB_TYPE_USER && o->subtype == subtype &&
            (begins == NULL || g_ascii_strncasecmp (o->name, begins, strlen (begins)) == 0))
          g_ptr_array_add (found, o);
      }
    g_ptr_array_sort (found, by_name);
    for (guint i = (guint) MIN ((gint64) found->len, offset);
         i < found->len && (limit < 0 || i < offset + limit); i++)
      json_array_add_element (array, user_to_api (req->store, g_ptr_array_index (found, i)));
    set_total_header (req, found->len);
    json_node_take_array (node, array);
    sb_reply_json (req, 200, node);
  }
}

/* "id;type" or "id" */
static char *
parse_object_ref (const char *value)
{
  const char *semi = strchr (value, ';');
  return semi ? g_strndup (value, (gsize) (semi - value)) : g_strdup (value);
}

/* Objects that use ID (directly, or transitively when RECURSIVE). */
static void
collect_users_of (SbProject  *project,
                  const char *id,
                  gboolean    recursive,
                  GHashTable *out)
{
  g_autoptr(GHashTable) used_by = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GQueue) queue = g_queue_new ();
  GHashTableIter iter;
  gpointer value;

  /* Reverse index: used id → users. */
  g_hash_table_iter_init (&iter, project->objects);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SbObject *o = value;
      for (guint i = 0; i < o->uses->len; i++)
        {
          const char *u = g_ptr_array_index (o->uses, i);
          GPtrArray *list = g_hash_table_lookup (used_by, u);
          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (used_by, (gpointer) u, list);
            }
          g_ptr_array_add (list, o);
        }
    }

  g_queue_push_tail (queue, (gpointer) id);
  while (!g_queue_is_empty (queue))
    {
      const char *cur = g_queue_pop_head (queue);
      GPtrArray *list = g_hash_table_lookup (used_by, cur);

      for (guint i = 0; list && i < list->len; i++)
        {
          SbObject *o = g_ptr_array_index (list, i);
          if (g_hash_table_contains (out, o->id))
            continue;
          g_hash_table_add (out, o->id);
          if (recursive)
            g_queue_push_tail (queue, o->id);
        }
    }
}

/* Objects that ID uses (directly, or transitively when RECURSIVE). */
static void
collect_used_by (SbProject  *project,
                 const char *id,
                 gboolean    recursive,
                 GHashTable *out)
{
  g_autoptr(GQueue) queue = g_queue_new ();

  g_queue_push_tail (queue, (gpointer) id);
  while (!g_queue_is_empty (queue))
    {
      SbObject *cur = sb_project_get_object (project, g_queue_pop_head (queue));

      for (guint i = 0; cur && i < cur->uses->len; i++)
        {
          SbObject *o = sb_project_get_object (project, g_ptr_array_index (cur->uses, i));
          if (o == NULL || g_hash_table_contains (out, o->id))
            continue;
          g_hash_table_add (out, o->id);
          if (recursive)
            g_queue_push_tail (queue, o->id);
        }
    }
}

static void
handle_metadata_searches (SbRequest *req)
{
  GHashTable *searches = sb_sandbox_get_searches (req->sandbox);

  req->route = "/api/metadataSearches/results";
  if (req->n_segments != 2 || strcmp (req->segments[1], "results") != 0)
    {
      not_found_route (req);
      return;
    }
  if (!is_method (req, "POST") && !is_method (req, "GET"))
    {
      method_not_allowed (req);
      return;
    }
  if (!sb_request_require_session (req))
    return;

  if (is_method (req, "POST"))
    {
      SbProject *project;
      g_autoptr(GArray) types = NULL;
      g_autoptr(GHashTable) uses_set = NULL;
      g_autoptr(GHashTable) used_by_set = NULL;
      g_autoptr(GPtrArray) found = g_ptr_array_new ();
      g_autofree char *needle = NULL;
      GPtrArray *result;
      const char *uses = sb_request_query (req, "usesObject");
      const char *used_by = sb_request_query (req, "usedByObject");
      const char *name = sb_request_query (req, "name");
      gboolean uses_rec, used_by_rec, ok;
      gint64 pattern;
      char *search_id;
      GHashTableIter iter;
      gpointer value;
      JsonObject *obj;
      JsonNode *node;

      if ((project = request_space (req)) == NULL ||
          !sb_request_query_bool (req, "usesRecursive", FALSE, &uses_rec) ||
          !sb_request_query_bool (req, "usedByRecursive", FALSE, &used_by_rec) ||
          !sb_request_query_int (req, "pattern", 4, 0, 5, &pattern))
        return;
      types = query_ints (req, "type", &ok);
      if (!ok)
        return;

      if (uses != NULL)
        {
          g_autofree char *id = parse_object_ref (uses);
          if (sb_project_get_object (project, id) == NULL)
            {
              sb_reply_error (req, 404, "ERR004", "Object '%s' (usesObject) was not found in project '%s'",
                              id, project->name);
              return;
            }
          uses_set = g_hash_table_new (g_str_hash, g_str_equal);
          collect_users_of (project, id, uses_rec, uses_set);
        }
      if (used_by != NULL)
        {
          g_autofree char *id = parse_object_ref (used_by);
          if (sb_project_get_object (project, id) == NULL)
            {
              sb_reply_error (req, 404, "ERR004", "Object '%s' (usedByObject) was not found in project '%s'",
                              id, project->name);
              return;
            }
          used_by_set = g_hash_table_new (g_str_hash, g_str_equal);
          collect_used_by (project, id, used_by_rec, used_by_set);
        }

      needle = name ? g_utf8_casefold (name, -1) : NULL;
      g_hash_table_iter_init (&iter, project->objects);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          SbObject *o = value;
          if (uses_set && !g_hash_table_contains (uses_set, o->id))
            continue;
          if (used_by_set && !g_hash_table_contains (used_by_set, o->id))
            continue;
          if (!matches_types (o, types) || !matches_name (o, needle, pattern))
            continue;
          g_ptr_array_add (found, o);
        }
      g_ptr_array_sort (found, by_name);

      result = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (result, g_strdup (project->id));
      for (guint i = 0; i < found->len; i++)
        g_ptr_array_add (result, g_strdup (((SbObject *) g_ptr_array_index (found, i))->id));
      search_id = sb_new_hex_id ();

      /* Searches are kept for a while, as the server's cache keeps them. */
      if (g_hash_table_size (searches) > 256)
        g_hash_table_remove_all (searches);
      g_hash_table_replace (searches, g_strdup (search_id), result);

      obj = json_object_new ();
      json_object_set_string_member (obj, "id", search_id);
      g_free (search_id);
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, obj);
      sb_reply_json (req, 200, node);
      return;
    }
  else
    {
      const char *search_id = sb_request_query (req, "searchId");
      GPtrArray *result;
      SbProject *project;
      g_autoptr(GPtrArray) objects = g_ptr_array_new ();
      gint64 offset, limit;

      if (search_id == NULL)
        {
          sb_reply_error (req, 400, "ERR005", "The query parameter 'searchId' is required");
          return;
        }
      result = g_hash_table_lookup (searches, search_id);
      if (result == NULL)
        {
          sb_reply_error (req, 404, "ERR004", "Search '%s' was not found or has expired", search_id);
          return;
        }
      if (!request_paging (req, -1, &offset, &limit))
        return;
      project = sb_store_get_space (req->store, g_ptr_array_index (result, 0));
      for (guint i = 1; project && i < result->len; i++)
        {
          SbObject *o = sb_project_get_object (project, g_ptr_array_index (result, i));
          if (o)
            g_ptr_array_add (objects, o);
        }
      if (project == NULL)
        {
          sb_reply_error (req, 404, "ERR004", "Search '%s' was not found or has expired", search_id);
          return;
        }
      reply_object_page (req, project, objects, offset, limit, FALSE, FALSE);
    }
}

static void
handle_storage (SbRequest *req)
{
  const char *storage = sb_sandbox_get_shared_storage (req->sandbox);
  gboolean configured = storage != NULL && g_file_test (storage, G_FILE_TEST_IS_DIR);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  req->route = "/api/mstrServices/library/storage";
  if (req->n_segments != 3 || strcmp (req->segments[1], "library") != 0 ||
      strcmp (req->segments[2], "storage") != 0)
    {
      not_found_route (req);
      return;
    }
  if (!is_method (req, "GET"))
    {
      method_not_allowed (req);
      return;
    }
  if (!sb_request_require_session (req))
    return;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sharedFileStore");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, configured ? "file_system" : "unset");
  json_builder_set_member_name (b, "alias");
  json_builder_add_string_value (b, configured ? "Shared storage" : "");
  json_builder_set_member_name (b, "location");
  json_builder_add_string_value (b, configured ? storage : "");
  json_builder_set_member_name (b, "configured");
  json_builder_add_boolean_value (b, configured);
  json_builder_end_object (b);
  json_builder_end_object (b);
  sb_reply_json (req, 200, json_builder_get_root (b));
}

/* ------------------------------------------------------------------------ */
/* Dispatch                                                                   */
/* ------------------------------------------------------------------------ */

static void
route (SbRequest *req)
{
  const char *first;

  if (req->n_segments == 0)
    {
      not_found_route (req);
      return;
    }
  first = req->segments[0];

  if (strcmp (first, "auth") == 0 && req->n_segments == 2 && strcmp (req->segments[1], "login") == 0)
    handle_login (req);
  else if (strcmp (first, "auth") == 0 && req->n_segments == 2 && strcmp (req->segments[1], "logout") == 0)
    handle_logout (req);
  else if (strcmp (first, "sessions") == 0)
    handle_sessions (req);
  else if (strcmp (first, "status") == 0 && req->n_segments == 1)
    handle_status (req);
  else if (strcmp (first, "projects") == 0)
    handle_projects (req);
  else if (strcmp (first, "folders") == 0)
    handle_folders (req);
  else if (strcmp (first, "searches") == 0)
    handle_searches (req);
  else if (strcmp (first, "objects") == 0)
    handle_objects (req);
  else if (strcmp (first, "users") == 0)
    handle_users (req, SB_SUBTYPE_USER);
  else if (strcmp (first, "usergroups") == 0)
    handle_users (req, SB_SUBTYPE_USER_GROUP);
  else if (strcmp (first, "metadataSearches") == 0)
    handle_metadata_searches (req);
  else if (strcmp (first, "mstrServices") == 0)
    handle_storage (req);
  else if (strcmp (first, "packages") == 0)
    sb_handle_packages (req);
  else if (strcmp (first, "migrations") == 0)
    sb_handle_migrations (req);
  else
    not_found_route (req);
}

static void
handle_now (FerrySandbox      *self,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GHashTable) empty_query = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) segments = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = NULL;
  GRecMutex *lock = sb_sandbox_get_lock (self);
  const char *project, *prefer;
  SbRequest req = { 0 };

  req.sandbox = self;
  req.msg = msg;
  req.method = soup_server_message_get_method (msg);
  req.path = path + strlen (BASE_PATH);

  if (query == NULL)
    query = empty_query = g_hash_table_new (g_str_hash, g_str_equal);
  req.query = query;

  project = soup_message_headers_get_one (headers, "X-MSTR-ProjectID");
  req.project_header = (project != NULL && *project != '\0') ? project : NULL;
  prefer = soup_message_headers_get_list (headers, "Prefer");
  req.prefer_async = prefer != NULL && strstr (prefer, "respond-async") != NULL;

  bytes = soup_message_body_flatten (body);
  req.body = bytes;

  /* "/api/a/b" → {"a", "b"}; segments are percent-decoded. */
  parts = g_strsplit (req.path, "/", -1);
  if (parts[0] != NULL && parts[1] != NULL && strcmp (parts[1], "api") == 0)
    {
      for (guint i = 2; parts[i]; i++)
        {
          char *seg;
          if (*parts[i] == '\0')
            continue;
          seg = g_uri_unescape_string (parts[i], NULL);
          g_ptr_array_add (segments, seg ? seg : g_strdup (parts[i]));
        }
      req.n_segments = segments->len;
      g_ptr_array_add (segments, NULL);
      req.segments = (char **) segments->pdata;

      g_rec_mutex_lock (lock);
      req.store = sb_sandbox_get_store (self);
      route (&req);
      g_rec_mutex_unlock (lock);
    }
  else
    {
      g_rec_mutex_lock (lock);
      not_found_route (&req);
      g_rec_mutex_unlock (lock);
    }

  if (!req.replied)
    sb_reply_error (&req, 500, "ERR001", "The request was not answered");

  g_rec_mutex_lock (lock);
  sb_sandbox_count_request (self, req.method, req.route ? req.route : "unknown");
  g_rec_mutex_unlock (lock);
}

typedef struct
{
  FerrySandbox      *self;
  SoupServerMessage *msg;
  char              *path;
  GHashTable        *query;
} Delayed;

static void
delayed_free (Delayed *d)
{
  g_object_unref (d->msg);
  g_free (d->path);
  g_clear_pointer (&d->query, g_hash_table_unref);
  g_free (d);
}

static gboolean
delayed_cb (gpointer data)
{
  Delayed *d = data;

  handle_now (d->self, d->msg, d->path, d->query);
  soup_server_message_unpause (d->msg);
  return G_SOURCE_REMOVE;
}

void
sb_http_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  FerrySandbox *self = user_data;
  GRecMutex *lock = sb_sandbox_get_lock (self);
  SbFault fault = { 0 };
  gboolean faulty;

  if (!g_str_has_prefix (path, BASE_PATH "/") && strcmp (path, BASE_PATH) != 0)
    {
      SbRequest req = { 0 };

      req.sandbox = self;
      req.msg = msg;
      req.method = soup_server_message_get_method (msg);
      not_found_route (&req);
      return;
    }

  g_rec_mutex_lock (lock);
  faulty = sb_sandbox_take_fault (self, soup_server_message_get_method (msg),
                                  path + strlen (BASE_PATH), &fault);
  g_rec_mutex_unlock (lock);

  if (faulty && fault.kind == FERRY_SANDBOX_FAULT_DROP)
    {
      GIOStream *stream = soup_server_message_steal_connection (msg);

      if (stream != NULL)
        {
          g_io_stream_close (stream, NULL, NULL);
          g_object_unref (stream);
        }
    }
  else if (faulty && fault.kind == FERRY_SANDBOX_FAULT_STATUS)
    {
      const char *text = fault.body ? fault.body : "";

      soup_server_message_set_status (msg, fault.status ? fault.status : 502, NULL);
      soup_server_message_set_response (msg, fault.content_type ? fault.content_type : "text/html",
                                        SOUP_MEMORY_COPY, text, strlen (text));
    }
  else if (faulty && fault.kind == FERRY_SANDBOX_FAULT_DELAY)
    {
      g_autoptr(GSource) source = g_timeout_source_new (fault.delay_ms);
      Delayed *d = g_new0 (Delayed, 1);

      /* The sandbox outlives its context, where this source lives. */
      d->self = self;
      d->msg = g_object_ref (msg);
      d->path = g_strdup (path);
      if (query != NULL)
        {
          GHashTableIter iter;
          gpointer k, v;

          d->query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          g_hash_table_iter_init (&iter, query);
          while (g_hash_table_iter_next (&iter, &k, &v))
            g_hash_table_replace (d->query, g_strdup (k), g_strdup (v));
        }
      soup_server_message_pause (msg);
      g_source_set_callback (source, delayed_cb, d, (GDestroyNotify) delayed_free);
      g_source_attach (source, g_main_context_get_thread_default ());
    }
  else
    handle_now (self, msg, path, query);

  sb_fault_clear (&fault);
}
