/* ferry-sandbox-context.c: the handlers' context: replies, request checks,
 * and the server's services
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ferry-sandbox-context.h"
#include "ferry-sandbox-privileges.h"

#define STORAGE_NOT_CONFIGURED \
  "The Storage Service is not configured properly, please contact your administrator to configure Storage Service"

/* ------------------------------------------------------------------------ */
/* Services of the host                                                       */
/* ------------------------------------------------------------------------ */

guint
sb_host_get_work_delay_ms (SbHost *host)
{
  return g_atomic_int_get (&host->settings.work_delay_ms);
}

void
sb_host_job_pacing (SbHost *host,
                    guint   n,
                    guint  *interval_ms,
                    guint  *per_tick)
{
  guint delay = sb_host_get_work_delay_ms (host);

  n = MAX (n, 1);
  if (delay == 0)
    {
      *interval_ms = 1;
      *per_tick = n;
      return;
    }
  *interval_ms = MAX (delay, 20);
  *per_tick = MAX (1, *interval_ms / delay);
}

void
sb_host_save (SbHost    *host,
              SbProject *project)
{
  /* One journal entry for everything changed (ferry-sandbox-store.c). */
  sb_store_commit (host->store, project);
}

typedef struct
{
  SbHost        *host;
  GRecMutex     *lock;
  GSourceFunc    func;
  gpointer       data;
  GDestroyNotify destroy;
} Job;

static gboolean
job_dispatch (gpointer user_data)
{
  Job *job = user_data;
  gboolean again;

  g_rec_mutex_lock (job->lock);
  again = job->func (job->data);
  if (job->host->store != NULL)
    sb_store_release_records (job->host->store);   /* records as text again */
  g_rec_mutex_unlock (job->lock);
  return again;
}

static void
job_free (gpointer user_data)
{
  Job *job = user_data;

  if (job->destroy)
    job->destroy (job->data);
  g_free (job);
}

guint
sb_host_schedule (SbHost        *host,
                  guint          interval_ms,
                  GSourceFunc    func,
                  gpointer       data,
                  GDestroyNotify destroy)
{
  g_autoptr(GSource) source = g_timeout_source_new (interval_ms);
  Job *job = g_new0 (Job, 1);

  job->host = host;
  job->lock = host->lock;
  job->func = func;
  job->data = data;
  job->destroy = destroy;
  g_source_set_callback (source, job_dispatch, job, job_free);
  g_source_set_static_name (source, "[ferry-sandbox job]");
  return g_source_attach (source, host->context);
}

void
sb_host_unschedule (SbHost *host,
                    guint   source_id)
{
  GSource *source;

  if (source_id == 0 || host->context == NULL)
    return;
  source = g_main_context_find_source_by_id (host->context, source_id);
  if (source != NULL)
    g_source_destroy (source);
}

/* The answer's Date header from this server's clock (its "clock-offset-s"),
 * the way a client sees a server whose clock is off: SoupServer has put the
 * real time there when the request's headers arrived. */
static void
stamp_date (SbContext *ctx)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) clock = g_date_time_add_seconds (now, ctx->host->settings.clock_offset_s);
  g_autofree char *date = soup_date_time_to_string (clock, SOUP_DATE_HTTP);

  soup_message_headers_replace (soup_server_message_get_response_headers (ctx->msg), "Date", date);
}

void
sb_context_clear (SbContext *ctx)
{
  if (ctx->msg != NULL && ctx->host != NULL)
    stamp_date (ctx);
  g_clear_pointer (&ctx->body_object, json_object_unref);
}

/* ------------------------------------------------------------------------ */
/* Replies                                                                    */
/* ------------------------------------------------------------------------ */

void
sb_reply_json (SbContext *ctx,
               guint      status,
               JsonNode  *node)
{
  g_autoptr(JsonNode) owned = node;
  g_autoptr(GBytes) bytes = sb_json_to_bytes (owned, FALSE);
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  soup_server_message_set_status (ctx->msg, status, NULL);
  soup_server_message_set_response (ctx->msg, "application/json", SOUP_MEMORY_COPY, data, len);
  ctx->replied = TRUE;
}

void
sb_reply_empty (SbContext *ctx,
                guint      status)
{
  soup_server_message_set_status (ctx->msg, status, NULL);
  soup_server_message_set_response (ctx->msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);
  /* libsoup 3.2 closes a keep-alive connection after a 204 without saying
   * so; clients that reuse it then see a reset. Say it. */
  if (status == 204)
    soup_message_headers_replace (soup_server_message_get_response_headers (ctx->msg),
                                  "Connection", "close");
  ctx->replied = TRUE;
}

void
sb_reply_bytes (SbContext  *ctx,
                guint       status,
                const char *content_type,
                GBytes     *bytes,
                const char *filename)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (ctx->msg);
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  soup_server_message_set_status (ctx->msg, status, NULL);
  soup_server_message_set_response (ctx->msg, content_type, SOUP_MEMORY_COPY, data, len);
  if (filename != NULL)
    {
      g_autofree char *value = g_strdup_printf ("attachment; filename=%s", filename);
      soup_message_headers_replace (headers, "Content-Disposition", value);
    }
  ctx->replied = TRUE;
}

static void
reply_error_full (SbContext  *ctx,
                  guint       status,
                  const char *code,
                  gboolean    with_iserver,
                  gint64      iserver_code,
                  const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *ticket = sb_new_ticket_id ();
  /* Messages quote what the client sent (paths, query values, form
   * fields, ids): bytes that are no UTF-8 are never echoed, or the body
   * would be invalid JSON (also found by fuzzing). */
  g_autofree char *valid = g_utf8_make_valid (message, -1);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  if (with_iserver)
    {
      json_builder_set_member_name (b, "iServerCode");
      json_builder_add_int_value (b, iserver_code);
    }
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, valid);
  json_builder_set_member_name (b, "ticketId");
  json_builder_add_string_value (b, ticket);
  json_builder_end_object (b);
  sb_reply_json (ctx, status, json_builder_get_root (b));
}

void
sb_reply_error (SbContext  *ctx,
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
  reply_error_full (ctx, status, code, FALSE, 0, message);
}

void
sb_reply_error_iserver (SbContext  *ctx,
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
  reply_error_full (ctx, status, code, TRUE, iserver_code, message);
}

void
sb_reply_gerror (SbContext    *ctx,
                 const GError *error,
                 gboolean      in_body)
{
  if (error->domain == SB_ERROR && error->code == SB_ERROR_NOT_FOUND && !in_body)
    sb_reply_error (ctx, 404, "ERR004", "%s", error->message);
  else
    sb_reply_error (ctx, 400, "ERR006", "%s", error->message);
}

/* ------------------------------------------------------------------------ */
/* Request helpers                                                            */
/* ------------------------------------------------------------------------ */

const char *
sb_request_query (SbContext  *ctx,
                  const char *key)
{
  return g_hash_table_lookup (ctx->query, key);
}

gboolean
sb_request_query_bool (SbContext  *ctx,
                       const char *key,
                       gboolean    default_value,
                       gboolean   *out)
{
  const char *v = sb_request_query (ctx, key);

  if (v == NULL)
    *out = default_value;
  else if (g_ascii_strcasecmp (v, "true") == 0)
    *out = TRUE;
  else if (g_ascii_strcasecmp (v, "false") == 0)
    *out = FALSE;
  else
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "Invalid value '%s' for query parameter '%s': expected true or false", v, key);
      return FALSE;
    }
  return TRUE;
}

gboolean
sb_request_query_int (SbContext  *ctx,
                      const char *key,
                      gint64      default_value,
                      gint64      min,
                      gint64      max,
                      gint64     *out)
{
  const char *v = sb_request_query (ctx, key);
  gint64 n;

  if (v == NULL || *v == '\0')
    {
      *out = default_value;
      return TRUE;
    }
  if (!g_ascii_string_to_signed (v, 10, min, max, &n, NULL))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "Invalid value '%s' for query parameter '%s': expected an integer from %" G_GINT64_FORMAT
                      " to %" G_GINT64_FORMAT, v, key, min, max);
      return FALSE;
    }
  *out = n;
  return TRUE;
}

char *
sb_request_cookie (SbContext  *ctx,
                   const char *name)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (ctx->msg);
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
sb_request_require_session (SbContext *ctx)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (ctx->msg);
  const char *token = soup_message_headers_get_one (headers, "X-MSTR-AuthToken");
  g_autofree char *cookie = NULL;
  SbSession *session;
  gint64 idle_limit;

  if (token == NULL || *token == '\0')
    {
      sb_reply_error (ctx, 401, "ERR009",
                      "The request has no session: send the X-MSTR-AuthToken header and the cookies from POST /api/auth/login");
      return FALSE;
    }
  session = sb_sessions_lookup (ctx->host->sessions, token);
  if (session == NULL)
    {
      sb_reply_error (ctx, 401, "ERR009", "The user's session has expired, please reauthenticate");
      return FALSE;
    }

  idle_limit = (gint64) ctx->host->settings.session_timeout * G_USEC_PER_SEC;
  if (session->expired || g_get_monotonic_time () - session->last_used_us > idle_limit)
    {
      sb_sessions_end (ctx->host->sessions, token);
      sb_reply_error (ctx, 401, "ERR009", "The user's session has expired, please reauthenticate");
      return FALSE;
    }

  cookie = sb_request_cookie (ctx, "JSESSIONID");
  if (g_strcmp0 (cookie, session->cookie) != 0)
    {
      sb_reply_error (ctx, 401, "ERR009",
                      "The session cookie is missing or does not belong to this X-MSTR-AuthToken; "
                      "send the cookies set at login with every request");
      return FALSE;
    }

  session->last_used_us = g_get_monotonic_time ();
  ctx->session = session;
  return TRUE;
}

static void
reply_missing_privileges (SbContext  *ctx,
                          guint       missing,
                          const char *separator)
{
  g_autofree char *names = sb_privileges_describe (missing, separator);

  /* The message names the privilege (a 403 names what is missing). */
  sb_reply_error_iserver (ctx, 403, "ERR014", -2147209151,
                          "User '%s' does not have the privileges needed for this request (%s)",
                          ctx->session->account->full_name, names);
}

gboolean
sb_request_require_privileges (SbContext *ctx,
                               guint      privileges)
{
  g_assert (ctx->session != NULL);

  if ((ctx->session->account->privileges & privileges) == privileges)
    return TRUE;

  reply_missing_privileges (ctx, privileges & ~ctx->session->account->privileges, " and ");
  return FALSE;
}

gboolean
sb_request_require_any_privilege (SbContext *ctx,
                                  guint      mask)
{
  g_assert (ctx->session != NULL);

  if ((ctx->session->account->privileges & mask) != 0)
    return TRUE;
  reply_missing_privileges (ctx, mask, " or ");
  return FALSE;
}

gboolean
sb_request_require_prefer_async (SbContext *ctx)
{
  if (ctx->prefer_async)
    return TRUE;
  sb_reply_error (ctx, 400, "ERR005",
                  "The header 'Prefer: respond-async' is required: only asynchronous processing is supported");
  return FALSE;
}

SbProject *
sb_request_require_project (SbContext *ctx)
{
  SbProject *p;

  if (ctx->project_header == NULL)
    {
      sb_reply_error (ctx, 400, "ERR005", "The X-MSTR-ProjectID header is required for this request");
      return NULL;
    }
  p = sb_store_get_project (ctx->store, ctx->project_header);
  if (p == NULL)
    {
      sb_reply_error_iserver (ctx, 404, "ERR004", -2147209151,
                              "Project '%s' (X-MSTR-ProjectID) does not exist or is not loaded",
                              ctx->project_header);
      return NULL;
    }
  return p;
}

const char *
sb_request_require_storage (SbContext *ctx)
{
  const char *storage = ctx->host->settings.shared_storage;

  if (storage == NULL || !g_file_test (storage, G_FILE_TEST_IS_DIR))
    {
      sb_reply_error (ctx, 503, "ERR016", STORAGE_NOT_CONFIGURED);
      return NULL;
    }
  return storage;
}

JsonObject *
sb_request_parse_object (SbContext *ctx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (ctx->body_object != NULL)
    return json_object_ref (ctx->body_object);
  node = sb_json_parse_bytes (ctx->body, &error);
  if (node == NULL)
    {
      sb_reply_error (ctx, 400, "ERR006", "Invalid JSON: %s", error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      sb_reply_error (ctx, 400, "ERR006", "Invalid JSON: the body must be a JSON object");
      return NULL;
    }
  ctx->body_object = json_object_ref (json_node_get_object (node));
  return json_object_ref (ctx->body_object);
}

gboolean
sb_request_paging (SbContext *ctx,
                   gint64     default_limit,
                   gint64    *offset,
                   gint64    *limit)
{
  if (!sb_request_query_int (ctx, "offset", 0, 0, G_MAXINT32, offset))
    return FALSE;
  if (!sb_request_query_int (ctx, "limit", default_limit, -1, G_MAXINT32, limit))
    return FALSE;
  if (*limit == 0)
    *limit = default_limit;
  return TRUE;
}

void
sb_reply_set_total (SbContext *ctx,
                    guint      total)
{
  g_autofree char *value = g_strdup_printf ("%u", total);
  soup_message_headers_replace (soup_server_message_get_response_headers (ctx->msg),
                                "x-mstr-total-count", value);
}

void
sb_reply_not_found (SbContext *ctx)
{
  ctx->route = "unknown";
  sb_reply_error (ctx, 404, "ERR004", "HTTP 404 Not Found");
}

void
sb_reply_method_not_allowed (SbContext *ctx)
{
  sb_reply_error (ctx, 405, "ERR001", "HTTP 405 Method Not Allowed");
}

gboolean
sb_request_member_string (SbContext   *ctx,
                          JsonObject  *object,
                          const char  *member,
                          const char  *field,
                          gboolean     required,
                          const char **out)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  *out = NULL;
  if (sb_json_node_is_null (node))
    {
      if (required)
        sb_reply_error (ctx, 400, "ERR006", "'%s' is required", field);
      return !required;
    }
  if (!sb_json_node_is_string (node))
    {
      sb_reply_error (ctx, 400, "ERR006", "'%s' must be a string", field);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
sb_request_member_object (SbContext   *ctx,
                          JsonObject  *object,
                          const char  *member,
                          const char  *field,
                          JsonObject **out)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  *out = NULL;
  if (sb_json_node_is_null (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      sb_reply_error (ctx, 400, "ERR006", "'%s' must be an object", field);
      return FALSE;
    }
  *out = json_node_get_object (node);
  return TRUE;
}
