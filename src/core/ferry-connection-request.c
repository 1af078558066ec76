/* ferry-connection-request.c: one request of a FerryConnection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A request (ferry_connection_call_async) is a small state machine kept as
 * the GTask's data:
 *
 *   SENDING ──2xx──────────────────────────────▶ (PARSING) ─▶ DONE
 *      │ 401 ERR009, once ─▶ LOGIN_WAIT ─▶ SENDING (one re-login shared by
 *      │                                            every request that waits)
 *      │ GET/DELETE: connection failure, 429/502/503/504 ─▶ BACKOFF ─▶ SENDING
 *      └ anything else ─▶ DONE (error)
 *
 * The caller's GCancellable is watched by a GSource for the whole life of
 * the request, so a cancellation ends it promptly in any state. Each
 * attempt has a cancellable of its own, cancelled by the caller's or by the
 * per-request timer (libsoup 3.2 has only session-wide timeouts).
 *
 * The login (and the one shared re-login after a session expired) is a
 * request too; its body holds the password and is wiped when sent.
 */

#define G_LOG_DOMAIN "ferry-connection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-connection.h"
#include "ferry-connection-private.h"
#include "ferry-json.h"

#include <string.h>

#define MAX_ATTEMPTS             3
#define FIRST_BACKOFF_MS         300
#define MAX_RETRY_AFTER_MS       5000
#define LARGE_BODY_BYTES         (256 * 1024)   /* parsed in a worker thread */
#define READ_CHUNK_BYTES         (64 * 1024)
/* FERRY_REQUEST_BULK: read beside the redraw (GDK_PRIORITY_REDRAW, which
 * core cannot include), in larger chunks as it gets one turn a frame. */
#define BULK_READ_CHUNK_BYTES    (1024 * 1024)
#define BULK_READ_PRIORITY       (G_PRIORITY_HIGH_IDLE + 20)

/* ------------------------------------------------------------------------ */
/* The login body: a secret                                                   */
/* ------------------------------------------------------------------------ */

typedef struct
{
  char  *data;
  gsize  len;
} Secret;

static void
secret_free (gpointer data)
{
  Secret *secret = data;

  explicit_bzero (secret->data, secret->len);
  g_free (secret->data);
  g_free (secret);
}

/* Appends TEXT as a JSON string (quotes included). */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) text; *p; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

/* The login body, in a buffer that is wiped when the request is done. The
 * buffer is sized once so that no copy of the password is left behind by
 * a reallocation. */
static GBytes *
login_body (FerryConnection *self)
{
  const char *password = self->password ? self->password : "";
  gsize size = 64 + 6 * (strlen (self->username) + strlen (password));
  GString *out = g_string_sized_new (size);
  Secret *secret;

  g_string_append (out, "{\"username\":");
  append_json_string (out, self->username);
  g_string_append (out, ",\"password\":");
  append_json_string (out, password);
  g_string_append_printf (out, ",\"loginMode\":%d}", (int) self->login_mode);
  g_assert (out->allocated_len >= size);

  secret = g_new0 (Secret, 1);
  secret->len = out->len;
  secret->data = g_string_free (out, FALSE);
  return g_bytes_new_with_free_func (secret->data, secret->len, secret_free, secret);
}

/* ------------------------------------------------------------------------ */
/* Requests                                                                   */
/* ------------------------------------------------------------------------ */

typedef enum
{
  PHASE_SENDING,
  PHASE_BACKOFF,
  PHASE_LOGIN_WAIT,
  PHASE_PARSING,
  PHASE_DONE,
} Phase;

typedef struct
{
  char                *method;
  char                *path;
  char                *project_id;
  GBytes              *body;
  char                *content_type;   /* of BODY; NULL = application/json */
  FerryRequestFlags    flags;

  Phase                phase;
  guint                attempt;        /* attempts sent so far */
  gboolean             relogged;       /* the one repeat after a re-login is used */
  guint64              generation;     /* login generation of the current attempt */
  gint64               started_us;

  SoupMessage         *msg;
  GInputStream        *stream;         /* the answer being read */
  GByteArray          *answer;         /* what was read of it */
  GByteArray          *reading;        /* ANSWER while a read writes into it */
  guint                reading_from;   /* where that read writes */
  guint                answer_expected; /* its said length (0: not said) */
  GCancellable        *attempt_cancellable;
  GSource             *timeout_source;
  gboolean             timed_out;
  GSource             *backoff_source;
  GSource             *cancel_source;  /* watches the caller's cancellable */

  char                *tls_sha256;     /* the certificate an attempt refused */
  GTlsCertificateFlags tls_errors;
} Request;

typedef struct
{
  guint               status;
  JsonNode           *node;
  GBytes             *bytes;
  SoupMessageHeaders *headers;
} CallResult;

static void
call_result_free (CallResult *result)
{
  g_clear_pointer (&result->node, json_node_unref);
  g_clear_pointer (&result->bytes, g_bytes_unref);
  g_clear_pointer (&result->headers, soup_message_headers_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CallResult, call_result_free)

static void
destroy_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
request_free (Request *req)
{
  destroy_source (&req->timeout_source);
  destroy_source (&req->backoff_source);
  destroy_source (&req->cancel_source);
  g_clear_object (&req->attempt_cancellable);
  g_clear_object (&req->stream);
  g_clear_pointer (&req->answer, g_byte_array_unref);
  g_clear_pointer (&req->reading, g_byte_array_unref);
  g_clear_object (&req->msg);
  g_free (req->method);
  g_free (req->path);
  g_free (req->project_id);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_free (req->content_type);
  g_free (req->tls_sha256);
  g_free (req);
}

static gboolean
is_retryable_method (const char *method)
{
  return strcmp (method, "GET") == 0 || strcmp (method, "DELETE") == 0 || strcmp (method, "HEAD") == 0;
}

static gboolean
may_retry (Request *req)
{
  return is_retryable_method (req->method) &&
         (req->flags & FERRY_REQUEST_STARTS_WORK) == 0 &&
         req->attempt < MAX_ATTEMPTS;
}

static gboolean
is_retryable_status (guint status)
{
  return status == 429 || status == 502 || status == 503 || status == 504;
}

/* Failures of the connection itself, where nothing was answered. */
static gboolean
is_retryable_transport_error (const GError *error)
{
  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_CONNECTION_REFUSED:
        case G_IO_ERROR_CONNECTION_CLOSED:
        case G_IO_ERROR_NOT_CONNECTED:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_PARTIAL_INPUT:
        case G_IO_ERROR_TIMED_OUT:
        case G_IO_ERROR_FAILED:
          return TRUE;
        default:
          return FALSE;
        }
    }
  if (error->domain == G_RESOLVER_ERROR)
    return error->code == G_RESOLVER_ERROR_TEMPORARY_FAILURE;
  return FALSE;
}

static const char *
log_path (Request *req)
{
  return req->path;
}

/* Ends the request: no source of it may fire afterwards. FALSE when it had
 * ended already (then the caller drops its answer). */
static gboolean
request_end (GTask *task)
{
  Request *req = g_task_get_task_data (task);

  if (req->phase == PHASE_DONE)
    return FALSE;
  req->phase = PHASE_DONE;
  destroy_source (&req->timeout_source);
  destroy_source (&req->backoff_source);
  destroy_source (&req->cancel_source);
  return TRUE;
}

static void
request_complete_error (GTask  *task,
                        GError *error)
{
  if (request_end (task))
    g_task_return_error (task, error);
  else
    g_error_free (error);
}

static void
request_complete (GTask      *task,
                  CallResult *result)
{
  if (request_end (task))
    g_task_return_pointer (task, result, (GDestroyNotify) call_result_free);
  else
    call_result_free (result);
}

static void send_attempt (GTask *task);
static void relogin_or_wait (GTask *task);

static gboolean
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  Request *req = g_task_get_task_data (task);
  FerryConnection *self = g_task_get_source_object (task);
  g_autoptr(GTask) keep = g_object_ref (task);

  g_clear_pointer (&req->cancel_source, g_source_unref);   /* returning REMOVE destroys it */

  switch (req->phase)
    {
    case PHASE_SENDING:
      /* send_cb ends the request */
      g_cancellable_cancel (req->attempt_cancellable);
      break;
    case PHASE_LOGIN_WAIT:
      if (self->relogin_waiters != NULL)
        g_ptr_array_remove (self->relogin_waiters, task);
      G_GNUC_FALLTHROUGH;
    case PHASE_BACKOFF:
    case PHASE_PARSING:
      request_complete_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                 /* Translators: "(GET /api/projects)" */
                                                 _("The request was cancelled (%s %s)"),
                                                 req->method, log_path (req)));
      break;
    case PHASE_DONE:
    default:
      break;
    }
  return G_SOURCE_REMOVE;
}

static gboolean
attempt_timeout_cb (gpointer user_data)
{
  Request *req = user_data;

  g_clear_pointer (&req->timeout_source, g_source_unref);
  req->timed_out = TRUE;
  g_cancellable_cancel (req->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
backoff_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  Request *req = g_task_get_task_data (task);

  g_clear_pointer (&req->backoff_source, g_source_unref);
  send_attempt (task);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (GTask *task,
                guint  delay_ms)
{
  Request *req = g_task_get_task_data (task);

  req->phase = PHASE_BACKOFF;
  g_debug ("%s %s: retrying in %u ms (attempt %u of %u)",
           req->method, log_path (req), delay_ms, req->attempt + 1, MAX_ATTEMPTS);
  req->backoff_source = g_timeout_source_new (delay_ms);
  g_source_set_name (req->backoff_source, "[ferry] request backoff");
  /* The source holds the task: nothing else does while it waits. */
  g_source_set_callback (req->backoff_source, backoff_done_cb, g_object_ref (task), g_object_unref);
  g_source_attach (req->backoff_source, g_task_get_context (task));
}

static guint
backoff_ms (Request            *req,
            SoupMessageHeaders *headers)
{
  guint delay = FIRST_BACKOFF_MS << MIN (req->attempt - 1, 8u);
  const char *retry_after = headers ? soup_message_headers_get_one (headers, "Retry-After") : NULL;
  guint64 seconds;

  /* A server that says when to come back is believed, within reason. */
  if (retry_after != NULL &&
      g_ascii_string_to_unsigned (retry_after, 10, 0, MAX_RETRY_AFTER_MS / 1000, &seconds, NULL))
    delay = MAX (delay, (guint) seconds * 1000);
  return delay;
}

static gboolean
accept_certificate_cb (SoupMessage         *msg,
                       GTlsCertificate     *certificate,
                       GTlsCertificateFlags errors,
                       gpointer             user_data)
{
  GTask *task = user_data;
  Request *req = g_task_get_task_data (task);
  FerryConnection *self = g_task_get_source_object (task);
  g_autofree char *sha256 = NULL;

  if (_ferry_connection_trusts_certificate (self, certificate, &sha256))
    {
      g_debug ("accepting the certificate of %s by its fingerprint", self->host);
      return TRUE;
    }
  g_free (req->tls_sha256);
  req->tls_sha256 = g_steal_pointer (&sha256);
  req->tls_errors = errors;
  return FALSE;
}

static gboolean
is_json_content (const char *content_type,
                 GBytes     *body)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);
  gsize i = 0;

  if (content_type != NULL)
    {
      if (g_ascii_strcasecmp (content_type, "application/json") == 0 ||
          g_ascii_strcasecmp (content_type, "text/json") == 0 ||
          g_str_has_suffix (content_type, "+json"))
        return TRUE;
      if (g_ascii_strcasecmp (content_type, "text/plain") != 0 &&
          g_ascii_strcasecmp (content_type, "application/octet-stream") != 0)
        return FALSE;
    }
  /* No type, or a generic one: JSON if it looks like JSON. */
  while (i < len && g_ascii_isspace (data[i]))
    i++;
  return i < len && (data[i] == '{' || data[i] == '[');
}

/* Checks the depth before json-glib, whose recursion a deeply nested
 * answer would overflow (ferry_json_parse() checks too: this only gives
 * the error its own words). */
static JsonNode *
parse_json (GBytes  *bytes,
            GError **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  if (!ferry_json_check_depth (data, len, FERRY_JSON_MAX_DEPTH))
    {
      g_set_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                   _("The server's answer is nested too deeply (over %u levels)"), FERRY_JSON_MAX_DEPTH);
      return NULL;
    }
  return ferry_json_parse (data, (gssize) len, error);
}

static void
parse_thread (GTask        *parse,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  JsonNode *node = parse_json (task_data, &error);

  if (error != NULL)
    g_task_return_error (parse, error);
  else
    g_task_return_pointer (parse, node, (GDestroyNotify) json_node_unref);
}

static GError *
invalid_json_error (CallResult *result,
                    GError     *parse_error)
{
  if (parse_error->domain == FERRY_API_ERROR)
    {
      return ferry_api_error_new_literal (FERRY_API_ERROR_INVALID_RESPONSE, result->status,
                                          NULL, NULL, parse_error->message);
    }
  g_autofree char *phrase = g_strdup_printf ("%u %s", result->status,
                                             soup_status_get_phrase (result->status));
  GError *error = ferry_api_error_new_literal (FERRY_API_ERROR_INVALID_RESPONSE, result->status, NULL, NULL, NULL);

  g_free (error->message);
  error->message = g_strdup_printf (_("The server answered %s with JSON it could not read: %s"),
                                    phrase, parse_error->message);
  return error;
}

static void
parse_done_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  JsonNode *node = g_task_propagate_pointer (G_TASK (res), &error);
  CallResult *result;

  if (req->phase != PHASE_PARSING)
    {
      /* cancelled meanwhile */
      g_clear_pointer (&node, json_node_unref);
      return;
    }
  result = g_object_steal_data (G_OBJECT (res), "ferry-call-result");
  if (error != NULL)
    {
      request_complete_error (task, invalid_json_error (result, error));
      call_result_free (result);
      return;
    }
  result->node = node;
  request_complete (task, result);
}

static void
handle_success (GTask              *task,
                guint               status,
                SoupMessageHeaders *headers,
                GBytes             *bytes)
{
  Request *req = g_task_get_task_data (task);
  g_autoptr(CallResult) result = g_new0 (CallResult, 1);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  gsize len = g_bytes_get_size (bytes);

  result->status = status;
  result->headers = soup_message_headers_ref (headers);

  if (req->flags & FERRY_REQUEST_BINARY)
    {
      result->bytes = g_bytes_ref (bytes);
      request_complete (task, g_steal_pointer (&result));
      return;
    }
  if (len == 0)
    {
      request_complete (task, g_steal_pointer (&result));
      return;
    }
  if (!is_json_content (content_type, bytes))
    {
      request_complete_error (task, ferry_api_error_new_not_json (status, NULL, content_type, bytes));
      return;
    }
  if (req->flags & FERRY_REQUEST_JSON_BYTES)
    {
      /* The caller reads it (ferry-search-parse.h). */
      result->bytes = g_bytes_ref (bytes);
      request_complete (task, g_steal_pointer (&result));
      return;
    }

  if (len >= LARGE_BODY_BYTES)
    {
      GTask *parse = g_task_new (NULL, NULL, parse_done_cb, g_object_ref (task));

      req->phase = PHASE_PARSING;
      g_task_set_source_tag (parse, parse_thread);
      g_task_set_task_data (parse, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
      g_object_set_data_full (G_OBJECT (parse), "ferry-call-result", g_steal_pointer (&result),
                              (GDestroyNotify) call_result_free);
      g_task_run_in_thread (parse, parse_thread);
      g_object_unref (parse);
      return;
    }

  {
    g_autoptr(GError) error = NULL;

    result->node = parse_json (bytes, &error);
    if (error != NULL)
      request_complete_error (task, invalid_json_error (result, error));
    else
      request_complete (task, g_steal_pointer (&result));
  }
}

/* A 3xx answer: never followed (the token would go with it), an error
 * naming where it pointed. */
static GError *
redirect_error (SoupMessage *msg,
                guint        status)
{
  const char *location = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                       "Location");
  g_autoptr(GUri) target = NULL;
  g_autofree char *where = NULL;

  if (location != NULL)
    target = g_uri_parse_relative (soup_message_get_uri (msg), location, SOUP_HTTP_URI_FLAGS, NULL);
  if (target != NULL && g_uri_get_host (target) != NULL)
    {
      int port = g_uri_get_port (target);

      if (port < 0)
        port = g_ascii_strcasecmp (g_uri_get_scheme (target), "https") == 0 ? 443 : 80;
      where = g_strdup_printf ("%s:%d", g_uri_get_host (target), port);
    }
  else
    where = g_strdup (_("an address it did not say"));
  {
    g_autofree char *message =
      g_strdup_printf (_("The server answered with a redirect to %s; Ferry does not follow it"), where);

    return ferry_api_error_new_literal (FERRY_API_ERROR_INVALID_RESPONSE, status, NULL, NULL, message);
  }
}

static void
fail_transport (GTask   *task,
                GError  *error_in,
                gint64   ms)
{
  Request *req = g_task_get_task_data (task);
  FerryConnection *self = g_task_get_source_object (task);
  GCancellable *caller = g_task_get_cancellable (task);
  g_autoptr(GError) error = error_in;

  if (req->timed_out)
    {
      g_debug ("%s %s → timed out (%" G_GINT64_FORMAT " ms)", req->method, log_path (req), ms);
      request_complete_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                                 /* Translators: "bi.example.com did not answer within 60 seconds (GET /api/projects)" */
                                                 _("%s did not answer within %u seconds (%s %s)"),
                                                 self->host, self->request_timeout,
                                                 req->method, log_path (req)));
      return;
    }
  if ((caller != NULL && g_cancellable_is_cancelled (caller)) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("%s %s → cancelled (%" G_GINT64_FORMAT " ms)", req->method, log_path (req), ms);
      request_complete_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                 /* Translators: "(GET /api/projects)" */
                                                 _("The request was cancelled (%s %s)"),
                                                 req->method, log_path (req)));
      return;
    }
  g_debug ("%s %s → failed (%" G_GINT64_FORMAT " ms): %s", req->method, log_path (req), ms,
           error->message);
  if (req->tls_sha256 != NULL && error->domain == G_TLS_ERROR)
    {
      request_complete_error (task, ferry_api_error_new_untrusted_certificate (self->host, req->tls_sha256,
                                                                               req->tls_errors));
      return;
    }
  if (is_retryable_transport_error (error) && may_retry (req))
    {
      schedule_retry (task, backoff_ms (req, NULL));
      return;
    }
  /* Translators: a reason follows */
  g_prefix_error (&error, _("The connection to %s failed: "), self->host);
  request_complete_error (task, g_steal_pointer (&error));
}

/* The whole answer is read: ends the attempt. */
static void
answer_done (GTask *task)
{
  Request *req = g_task_get_task_data (task);
  FerryConnection *self = g_task_get_source_object (task);
  g_autoptr(SoupMessage) msg = g_steal_pointer (&req->msg);
  g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes (g_steal_pointer (&req->answer));
  gint64 ms = (g_get_monotonic_time () - req->started_us) / 1000;
  guint status = soup_message_get_status (msg);

  destroy_source (&req->timeout_source);
  g_clear_object (&req->attempt_cancellable);
  g_clear_object (&req->stream);
  g_signal_handlers_disconnect_by_func (msg, accept_certificate_cb, task);

  g_debug ("%s %s → %u (%" G_GINT64_FORMAT " ms)", req->method, log_path (req), status, ms);

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      handle_success (task, status, soup_message_get_response_headers (msg), bytes);
      return;
    }

  {
    SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
    g_autoptr(GError) api_error =
      ferry_api_error_new_from_response (status, soup_message_get_reason_phrase (msg),
                                         soup_message_headers_get_content_type (headers, NULL), bytes);

    if (g_error_matches (api_error, FERRY_API_ERROR, FERRY_API_ERROR_SESSION_EXPIRED) &&
        (req->flags & FERRY_REQUEST_NO_SESSION) == 0 && !req->relogged && self->password != NULL)
      {
        relogin_or_wait (task);
        return;
      }
    if (is_retryable_status (status) && may_retry (req))
      {
        schedule_retry (task, backoff_ms (req, headers));
        return;
      }
    request_complete_error (task, g_steal_pointer (&api_error));
  }
}

/* Ends the attempt with ERROR (an answer refused before it was read). */
static void
answer_refused (GTask  *task,
                GError *error)
{
  Request *req = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = g_steal_pointer (&req->msg);

  destroy_source (&req->timeout_source);
  g_clear_object (&req->attempt_cancellable);
  g_clear_object (&req->stream);   /* closing it drops the connection */
  g_clear_pointer (&req->answer, g_byte_array_unref);
  g_signal_handlers_disconnect_by_func (msg, accept_certificate_cb, task);
  g_debug ("%s %s → refused: %s", req->method, log_path (req), error->message);
  request_complete_error (task, error);
}

static GError *
too_large_error (guint status)
{
  g_autofree char *message =
    g_strdup_printf (_("The server's answer is larger than %u MB; Ferry does not read it"),
                     (guint) (FERRY_JSON_MAX_ANSWER_BYTES / (1024 * 1024)));

  return ferry_api_error_new_literal (FERRY_API_ERROR_INVALID_RESPONSE, status, NULL, NULL, message);
}

/* The most reserved for an answer before it arrives (its Content-Length
 * is the server's word only). */
#define ANSWER_PREALLOCATE_MAX (32 * 1024 * 1024)

static void read_more (GTask *task);

/* The answer is read straight into its array (no chunk copied into it):
 * the array holds a read's room while the read is under way, and the read
 * holds the array (READING), so that an attempt ended meanwhile frees
 * nothing the read still writes into. */
static void
read_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) reading = g_steal_pointer (&req->reading);
  gssize len = g_input_stream_read_finish (G_INPUT_STREAM (source), res, &error);

  if (req->phase == PHASE_DONE || reading != req->answer)
    return;
  if (len < 0)
    {
      gint64 ms = (g_get_monotonic_time () - req->started_us) / 1000;

      destroy_source (&req->timeout_source);
      g_clear_object (&req->attempt_cancellable);
      g_clear_object (&req->stream);
      g_clear_pointer (&req->answer, g_byte_array_unref);
      if (req->msg != NULL)
        g_signal_handlers_disconnect_by_func (req->msg, accept_certificate_cb, task);
      g_clear_object (&req->msg);
      fail_transport (task, g_steal_pointer (&error), ms);
      return;
    }
  g_byte_array_set_size (req->answer, req->reading_from + (guint) len);
  if (len == 0)
    {
      answer_done (task);
      return;
    }
  if (req->answer->len > FERRY_JSON_MAX_ANSWER_BYTES)
    {
      answer_refused (task, too_large_error (soup_message_get_status (req->msg)));
      return;
    }
  read_more (task);
}

static void
read_more (GTask *task)
{
  Request *req = g_task_get_task_data (task);
  gboolean bulk = (req->flags & FERRY_REQUEST_BULK) != 0;
  guint room = bulk ? BULK_READ_CHUNK_BYTES : READ_CHUNK_BYTES;

  /* Within what was reserved for a said length (and its end, one byte
   * more), so that the array is not grown (and copied) for the last read. */
  if (req->answer_expected > req->answer->len)
    room = MIN (room, req->answer_expected - req->answer->len);
  else if (req->answer_expected > 0)
    room = 1;
  req->reading_from = req->answer->len;
  g_byte_array_set_size (req->answer, req->reading_from + room);
  req->reading = g_byte_array_ref (req->answer);
  g_input_stream_read_async (req->stream, req->answer->data + req->reading_from, room,
                             bulk ? BULK_READ_PRIORITY : G_PRIORITY_DEFAULT,
                             req->attempt_cancellable, read_cb, g_object_ref (task));
}

static void
send_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  goffset length;
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (source), res, &error);

  if (req->phase == PHASE_DONE)
    return;

  if (stream == NULL)
    {
      gint64 ms = (g_get_monotonic_time () - req->started_us) / 1000;

      destroy_source (&req->timeout_source);
      g_clear_object (&req->attempt_cancellable);
      g_signal_handlers_disconnect_by_func (req->msg, accept_certificate_cb, task);
      g_clear_object (&req->msg);
      fail_transport (task, g_steal_pointer (&error), ms);
      return;
    }

  req->stream = g_steal_pointer (&stream);
  status = soup_message_get_status (req->msg);
  if (SOUP_STATUS_IS_REDIRECTION (status) &&
      soup_message_headers_get_one (soup_message_get_response_headers (req->msg), "Location") != NULL)
    {
      answer_refused (task, redirect_error (req->msg, status));
      return;
    }
  length = soup_message_headers_get_content_length (soup_message_get_response_headers (req->msg));
  if (soup_message_headers_get_encoding (soup_message_get_response_headers (req->msg)) ==
        SOUP_ENCODING_CONTENT_LENGTH &&
      length > FERRY_JSON_MAX_ANSWER_BYTES)
    {
      answer_refused (task, too_large_error (status));
      return;
    }
  /* Room for the whole answer when its length is said (and one byte to
   * read its end into): a listing page of 2 MB grew by doubling on the main
   * thread, a copy each time. */
  if (soup_message_headers_get_encoding (soup_message_get_response_headers (req->msg)) ==
        SOUP_ENCODING_CONTENT_LENGTH && length > 0 && length < ANSWER_PREALLOCATE_MAX)
    {
      req->answer_expected = (guint) length;
      req->answer = g_byte_array_sized_new (req->answer_expected + 1);
    }
  else
    {
      req->answer_expected = 0;
      req->answer = g_byte_array_new ();
    }
  read_more (task);
}

static void
send_attempt (GTask *task)
{
  Request *req = g_task_get_task_data (task);
  FerryConnection *self = g_task_get_source_object (task);
  g_autofree char *url = g_strconcat (self->base_url, req->path, NULL);
  SoupMessageHeaders *headers;

  g_assert (req->msg == NULL);

  req->msg = soup_message_new (req->method, url);
  if (req->msg == NULL)
    {
      request_complete_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                                 _("“%s” is not a valid request path"), req->path));
      return;
    }
  /* A redirect is an error (redirect_error): followed, it would take the
   * session token to wherever it points. */
  soup_message_add_flags (req->msg, SOUP_MESSAGE_NO_REDIRECT);

  req->phase = PHASE_SENDING;
  req->attempt++;
  req->timed_out = FALSE;
  req->generation = self->login_generation;
  self->attempts++;

  headers = soup_message_get_request_headers (req->msg);
  soup_message_headers_replace (headers, "Accept",
                                (req->flags & FERRY_REQUEST_BINARY) ? "application/octet-stream"
                                                                    : "application/json");
  if ((req->flags & FERRY_REQUEST_NO_SESSION) == 0 && self->token != NULL)
    soup_message_headers_replace (headers, "X-MSTR-AuthToken", self->token);
  if (req->project_id != NULL)
    soup_message_headers_replace (headers, "X-MSTR-ProjectID", req->project_id);
  if (req->flags & FERRY_REQUEST_PREFER_ASYNC)
    soup_message_headers_replace (headers, "Prefer", "respond-async");
  if (req->body != NULL)
    soup_message_set_request_body_from_bytes (req->msg,
                                              req->content_type ? req->content_type : "application/json",
                                              req->body);

  g_signal_connect (req->msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), task);

  req->attempt_cancellable = g_cancellable_new ();
  if (self->request_timeout > 0)
    {
      req->timeout_source = g_timeout_source_new (self->request_timeout * 1000);
      g_source_set_name (req->timeout_source, "[ferry] request timeout");
      g_source_set_callback (req->timeout_source, attempt_timeout_cb, req, NULL);
      g_source_attach (req->timeout_source, g_task_get_context (task));
    }

  req->started_us = g_get_monotonic_time ();
  soup_session_send_async (self->session, req->msg, G_PRIORITY_DEFAULT,
                           req->attempt_cancellable, send_cb, g_object_ref (task));
}

static void
call_bytes_async (FerryConnection     *self,
                  const char          *method,
                  const char          *path,
                  const char          *project_id,
                  const char          *content_type,
                  GBytes              *body,
                  FerryRequestFlags    flags,
                  GCancellable        *cancellable,
                  gpointer             source_tag,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Request *req;

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "[ferry] call");

  req = g_new0 (Request, 1);
  req->method = g_ascii_strup (method, -1);
  req->path = g_str_has_prefix (path, "/") ? g_strdup (path) : g_strconcat ("/", path, NULL);
  req->project_id = (project_id != NULL && *project_id != '\0') ? g_strdup (project_id) : NULL;
  req->body = body ? g_bytes_ref (body) : NULL;
  req->content_type = g_strdup (content_type);
  req->flags = flags;
  g_task_set_task_data (task, req, (GDestroyNotify) request_free);

  if (self->base_url == NULL)
    {
      request_complete_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                                         _("The connection has no valid server address")));
      return;
    }
  if ((flags & FERRY_REQUEST_NO_SESSION) == 0 && self->token == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Not connected to %s: connect first"), self->base_url);

      request_complete_error (task, ferry_api_error_new_literal (FERRY_API_ERROR_NOT_CONNECTED, 0, NULL, NULL,
                                                                 message));
      return;
    }

  if (cancellable != NULL)
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          request_complete_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     /* Translators: "(GET /api/projects)" */
                                                     _("The request was cancelled (%s %s)"),
                                                     req->method, log_path (req)));
          return;
        }
      req->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_name (req->cancel_source, "[ferry] request cancellation");
      g_source_set_callback (req->cancel_source, (GSourceFunc) (void (*) (void)) caller_cancelled_cb, task, NULL);
      g_source_attach (req->cancel_source, g_task_get_context (task));
    }

  send_attempt (task);
}

void
ferry_connection_call_async (FerryConnection     *self,
                             const char          *method,
                             const char          *path,
                             const char          *project_id,
                             JsonNode            *body,
                             FerryRequestFlags    flags,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (body != NULL)
    {
      gsize len = 0;
      char *text = json_to_string (body, FALSE);

      len = strlen (text);
      bytes = g_bytes_new_take (text, len);
    }
  call_bytes_async (self, method, path, project_id, NULL, bytes, flags, cancellable,
                    ferry_connection_call_async, callback, user_data);
}

void
ferry_connection_call_bytes_async (FerryConnection     *self,
                                   const char          *method,
                                   const char          *path,
                                   const char          *project_id,
                                   const char          *content_type,
                                   GBytes              *body,
                                   FerryRequestFlags    flags,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_CONNECTION (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (content_type != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* Same source tag as the JSON call: finished with the same functions. */
  call_bytes_async (self, method, path, project_id, content_type, body, flags, cancellable,
                    ferry_connection_call_async, callback, user_data);
}

/* The answer of a call (both finish functions), its status and headers
 * given out; NULL and ERROR set when the call failed. */
static CallResult *
call_propagate (FerryConnection     *self,
                GAsyncResult        *result,
                guint               *status_out,
                SoupMessageHeaders **headers_out,
                GError             **error)
{
  GError *local = NULL;
  CallResult *res;

  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  res = g_task_propagate_pointer (G_TASK (result), &local);

  if (local != NULL)
    {
      if (status_out != NULL)
        *status_out = ferry_api_error_get_http_status (local);
      g_propagate_error (error, local);
      return NULL;
    }
  if (status_out != NULL)
    *status_out = res->status;
  if (headers_out != NULL)
    *headers_out = soup_message_headers_ref (res->headers);
  return res;
}

JsonNode *
ferry_connection_call_finish_full (FerryConnection     *self,
                                   GAsyncResult        *result,
                                   guint               *status_out,
                                   SoupMessageHeaders **headers_out,
                                   GError             **error)
{
  g_autoptr(CallResult) res = call_propagate (self, result, status_out, headers_out, error);

  return res != NULL ? g_steal_pointer (&res->node) : NULL;
}

JsonNode *
ferry_connection_call_finish (FerryConnection  *self,
                              GAsyncResult     *result,
                              guint            *status_out,
                              GError          **error)
{
  return ferry_connection_call_finish_full (self, result, status_out, NULL, error);
}

GBytes *
ferry_connection_call_finish_bytes_full (FerryConnection     *self,
                                         GAsyncResult        *result,
                                         guint               *status_out,
                                         SoupMessageHeaders **headers_out,
                                         GError             **error)
{
  g_autoptr(CallResult) res = call_propagate (self, result, status_out, headers_out, error);

  if (res == NULL)
    return NULL;
  if (res->bytes == NULL)
    return g_bytes_new (NULL, 0);
  return g_steal_pointer (&res->bytes);
}

GBytes *
ferry_connection_call_finish_bytes (FerryConnection  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  return ferry_connection_call_finish_bytes_full (self, result, NULL, NULL, error);
}

/* ------------------------------------------------------------------------ */
/* Login                                                                      */
/* ------------------------------------------------------------------------ */

static void
login_done_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  FerryConnection *self = FERRY_CONNECTION (source);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *token;

  node = ferry_connection_call_finish_full (self, res, NULL, &headers, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (self->password == NULL)
    {
      /* Disconnected while logging in: the new session is not kept (the
       * server ends it when it expires). */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The connection to %s was closed while logging in"), self->host);
      return;
    }
  token = soup_message_headers_get_one (headers, "X-MSTR-AuthToken");
  if (token == NULL || *token == '\0')
    {
      g_task_return_new_error (task, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                               _("%s accepted the login but sent no session token (X-MSTR-AuthToken)"),
                               self->host);
      return;
    }
  _ferry_connection_set_token (self, token);
  self->login_generation++;
  g_debug ("logged in as %s", self->username);
  g_task_return_boolean (task, TRUE);
}

/* POST /api/auth/login with the kept password; sets the token. */
void
_ferry_connection_login_async (FerryConnection     *self,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GBytes) body = login_body (self);

  g_task_set_source_tag (task, _ferry_connection_login_async);
  call_bytes_async (self, "POST", "/api/auth/login", NULL, NULL, body, FERRY_REQUEST_NO_SESSION,
                    cancellable, _ferry_connection_login_async, login_done_cb, task);
}

gboolean
_ferry_connection_login_finish (FerryConnection  *self,
              GAsyncResult     *result,
              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
relogin_done_cb (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  FerryConnection *self = FERRY_CONNECTION (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->relogin_waiters);
  gboolean ok = _ferry_connection_login_finish (self, res, &error);

  if (!ok)
    {
      g_debug ("logging in again failed: %s", error->message);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _ferry_connection_set_state (self, FERRY_CONNECTION_STATE_FAILED);
    }
  else if (self->state == FERRY_CONNECTION_STATE_FAILED)
    {
      _ferry_connection_set_state (self, FERRY_CONNECTION_STATE_CONNECTED);
    }

  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);
      Request *req = g_task_get_task_data (task);

      if (req->phase != PHASE_LOGIN_WAIT)
        continue;
      if (ok)
        send_attempt (task);
      else
        request_complete_error (task, g_error_copy (error));
    }
}

/* After a 401 ERR009: repeat at once if another request already logged in
 * again since this one was sent; else join (or start) the one re-login. */
static void
relogin_or_wait (GTask *task)
{
  Request *req = g_task_get_task_data (task);
  FerryConnection *self = g_task_get_source_object (task);

  req->relogged = TRUE;
  if (req->generation != self->login_generation)
    {
      send_attempt (task);
      return;
    }

  req->phase = PHASE_LOGIN_WAIT;
  if (self->relogin_waiters != NULL)
    {
      g_ptr_array_add (self->relogin_waiters, g_object_ref (task));
      return;
    }

  g_debug ("the session expired: logging in again as %s", self->username);
  self->relogin_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->relogin_waiters, g_object_ref (task));
  _ferry_connection_login_async (self, self->cancellable, relogin_done_cb, NULL);
}
