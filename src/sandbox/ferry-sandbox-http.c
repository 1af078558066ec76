/* ferry-sandbox-http.c: parsing a request, dispatching it on the route
 * table, counting it, and planned faults
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ferry-sandbox-http.h"
#include "ferry-sandbox-journal.h"
#include "ferry-sandbox-upload.h"

#define BASE_PATH "/MicroStrategyLibrary"
#define FILES_PATH BASE_PATH "/api/mstrServices/library/storage/sharedFileStore/files/"
#define UPLOADS_DIR "mstr/shared/migrations/packages"
/* What a multipart body may add to the package it carries: delimiters,
 * part headers, padding. */
#define MULTIPART_OVERHEAD (64 * 1024)
/* Every other request body (JSON) is read into memory, up to this. */
#define MAX_BODY_BYTES (G_GUINT64_CONSTANT (64) * 1024 * 1024)
/* A Range header with more ranges than this is ignored (200, whole). */
#define MAX_RANGES 16
#define BODY_KEY "ferry-sandbox-body"

typedef struct
{
  SbFaultKind kind;
  guint       status;
  char       *content_type;
  char       *body;
  guint       delay_ms;
} Fault;

typedef struct
{
  char  *method;       /* NULL = any */
  char  *path_prefix;
  guint  remaining;
  Fault  fault;
} PlannedFault;

struct _SbHttp
{
  SbHost     *host;            /* borrowed */
  GHashTable *request_counts;  /* "METHOD route" → count */
  GList      *faults;          /* PlannedFault* */
};

static void
fault_clear (Fault *fault)
{
  g_clear_pointer (&fault->content_type, g_free);
  g_clear_pointer (&fault->body, g_free);
}

static void
planned_fault_free (PlannedFault *pf)
{
  g_free (pf->method);
  g_free (pf->path_prefix);
  fault_clear (&pf->fault);
  g_free (pf);
}

SbHttp *
sb_http_new (SbHost *host)
{
  SbHttp *http = g_new0 (SbHttp, 1);

  http->host = host;
  http->request_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return http;
}

void
sb_http_free (SbHttp *http)
{
  if (http == NULL)
    return;
  g_hash_table_unref (http->request_counts);
  g_list_free_full (http->faults, (GDestroyNotify) planned_fault_free);
  g_free (http);
}

/* ------------------------------------------------------------------------ */
/* Counters and faults                                                        */
/* ------------------------------------------------------------------------ */

static void
count_request (SbHttp     *http,
               const char *method,
               const char *route)
{
  /* Only known methods get a counter of their own: a client inventing
   * method names must not grow the table. */
  static const char * const known[] = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", NULL };
  char *key = g_strdup_printf ("%s %s", g_strv_contains (known, method) ? method : "OTHER", route);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (http->request_counts, key));

  g_hash_table_replace (http->request_counts, key, GUINT_TO_POINTER (n + 1));
}

guint
sb_http_get_request_count (SbHttp     *http,
                           const char *method,
                           const char *route)
{
  g_autofree char *key = g_strdup_printf ("%s %s", method, route);

  return GPOINTER_TO_UINT (g_hash_table_lookup (http->request_counts, key));
}

void
sb_http_add_fault (SbHttp      *http,
                   const char  *method,
                   const char  *path_prefix,
                   guint        count,
                   SbFaultKind  kind,
                   guint        status,
                   const char  *content_type,
                   const char  *body,
                   guint        delay_ms)
{
  PlannedFault *pf = g_new0 (PlannedFault, 1);

  pf->method = g_strdup (method);
  pf->path_prefix = g_strdup (path_prefix);
  pf->remaining = count;
  pf->fault.kind = kind;
  pf->fault.status = status;
  pf->fault.content_type = g_strdup (content_type);
  pf->fault.body = g_strdup (body);
  pf->fault.delay_ms = delay_ms;
  http->faults = g_list_append (http->faults, pf);
}

void
sb_http_clear_faults (SbHttp *http)
{
  g_list_free_full (http->faults, (GDestroyNotify) planned_fault_free);
  http->faults = NULL;
}

/* TRUE (and fills FAULT) when a planned fault matches this request. */
static gboolean
take_fault (SbHttp     *http,
            const char *method,
            const char *path,
            Fault      *fault)
{
  for (GList *l = http->faults; l; l = l->next)
    {
      PlannedFault *pf = l->data;

      if (pf->method != NULL && g_ascii_strcasecmp (pf->method, method) != 0)
        continue;
      if (!g_str_has_prefix (path, pf->path_prefix))
        continue;

      fault->kind = pf->fault.kind;
      fault->status = pf->fault.status;
      fault->content_type = g_strdup (pf->fault.content_type);
      fault->body = g_strdup (pf->fault.body);
      fault->delay_ms = pf->fault.delay_ms;
      if (--pf->remaining == 0)
        {
          http->faults = g_list_delete_link (http->faults, l);
          planned_fault_free (pf);
        }
      return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Streamed uploads                                                           */
/* ------------------------------------------------------------------------ */

/* PUT …/sharedFileStore/files/{fileId}/binary */
static gboolean
is_file_upload (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *path = uri != NULL ? g_uri_get_path (uri) : NULL;
  const char *id;

  if (path == NULL || g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_PUT) != 0 ||
      !g_str_has_prefix (path, FILES_PATH) || !g_str_has_suffix (path, "/binary"))
    return FALSE;
  id = path + strlen (FILES_PATH);
  return strchr (id, '/') == id + strlen (id) - strlen ("/binary") && *id != '/';
}

/* The answer already set on MSG, written on its connection, which is then
 * closed: the request's body is never read. */
static void
refuse_unread (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GString) head = g_string_new (NULL);
  guint status = soup_server_message_get_status (msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  g_string_append_printf (head, "HTTP/1.1 %u %s\r\n", status, soup_status_get_phrase (status));
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Content-Length") != 0 && g_ascii_strcasecmp (name, "Connection") != 0)
      g_string_append_printf (head, "%s: %s\r\n", name, value);
  g_string_append_printf (head, "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n",
                          g_bytes_get_size (body));

  stream = soup_server_message_steal_connection (msg);
  if (stream != NULL)
    {
      GOutputStream *out = g_io_stream_get_output_stream (stream);

      if (g_output_stream_write_all (out, head->str, head->len, NULL, NULL, NULL))
        g_output_stream_write_all (out, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL, NULL, NULL);
      g_io_stream_close (stream, NULL, NULL);
    }
}

/* 413 with the error body, written at once, the connection closed: the
 * rest of the body is never read. */
static void
refuse_too_large (SbHttp            *http,
                  SoupServerMessage *msg,
                  const char        *route,
                  const char        *what,
                  guint64            limit,
                  gboolean          write_now)
{
  g_autofree char *text = sb_format_size_limit (limit);
  SbContext ctx = { 0 };

  ctx.host = http->host;
  ctx.msg = msg;
  ctx.method = soup_server_message_get_method (msg);
  g_rec_mutex_lock (http->host->lock);
  sb_reply_error (&ctx, 413, "ERR006", "The request body exceeds the maximum %s of %s", what, text);
  count_request (http, ctx.method, route);
  sb_context_clear (&ctx);
  g_rec_mutex_unlock (http->host->lock);
  if (write_now)
    refuse_unread (msg);
}

/* A JSON body, gathered here rather than by libsoup so that it stops at
 * MAX_BODY_BYTES however it is sent (Content-Length or chunked). */
static void
body_got_chunk (SoupServerMessage *msg,
                GBytes            *chunk,
                gpointer           data)
{
  SbHttp *http = data;
  GByteArray *body = g_object_get_data (G_OBJECT (msg), BODY_KEY);
  gsize length = 0;
  const guint8 *bytes = g_bytes_get_data (chunk, &length);

  if (body == NULL)
    return;
  if ((guint64) body->len + length > MAX_BODY_BYTES)
    {
      g_object_set_data (G_OBJECT (msg), BODY_KEY, NULL);
      g_signal_handlers_disconnect_by_func (msg, body_got_chunk, data);
      refuse_too_large (http, msg, "unknown", "request size", MAX_BODY_BYTES, TRUE);
      return;
    }
  g_byte_array_append (body, bytes, (guint) length);
}

/* More than MAX_RANGES ranges: the header goes, the answer is the whole
 * file (libsoup would build a multipart answer of every range, however
 * many and however they overlap). */
static void
limit_ranges (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *range = soup_message_headers_get_list (headers, "Range");
  guint n = 1;

  if (range == NULL)
    return;
  for (const char *p = range; *p != '\0' && n <= MAX_RANGES; p++)
    if (*p == ',')
      n++;
  if (n > MAX_RANGES || strlen (range) > 4096)
    soup_message_headers_remove (headers, "Range");
}

static void
upload_got_chunk (SoupServerMessage *msg,
                  GBytes            *chunk,
                  gpointer           data G_GNUC_UNUSED)
{
  SbUpload *upload = sb_upload_from_message (msg);
  gsize length = 0;
  const guint8 *bytes = g_bytes_get_data (chunk, &length);

  if (upload != NULL)
    sb_upload_feed (upload, bytes, length);
}

static void
upload_finished (SoupServerMessage *msg,
                 gpointer           data G_GNUC_UNUSED)
{
  /* A refused or cut-off upload leaves no temporary file behind. */
  sb_upload_detach (msg);
}

/* Headers read, body not yet: an upload to the shared file store is
 * bounded by its Content-Length, then written to a file as it arrives. */
static void
message_got_headers (SoupServerMessage *msg,
                     gpointer           data)
{
  SbHttp *http = data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *storage = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GHashTable) params = NULL;
  guint64 max_package, limit;
  SbUpload *upload;

  limit_ranges (msg);
  if (!is_file_upload (msg))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);

      soup_message_body_set_accumulate (body, FALSE);
      if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
          (guint64) soup_message_headers_get_content_length (headers) > MAX_BODY_BYTES)
        {
          refuse_too_large (http, msg, "unknown", "request size", MAX_BODY_BYTES,
                            (soup_message_headers_get_expectations (headers) & SOUP_EXPECTATION_CONTINUE) == 0);
          return;
        }
      g_object_set_data_full (G_OBJECT (msg), BODY_KEY, g_byte_array_new (),
                              (GDestroyNotify) g_byte_array_unref);
      g_signal_connect (msg, "got-chunk", G_CALLBACK (body_got_chunk), http);
      return;
    }

  g_rec_mutex_lock (http->host->lock);
  storage = g_strdup (http->host->settings.shared_storage);
  max_package = http->host->settings.max_package_bytes;
  g_rec_mutex_unlock (http->host->lock);
  limit = max_package > G_MAXUINT64 - MULTIPART_OVERHEAD ? G_MAXUINT64 : max_package + MULTIPART_OVERHEAD;

  /* Never accumulated, whatever happens next. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) soup_message_headers_get_content_length (headers) > limit)
    {
      g_autofree char *text = sb_format_size_limit (max_package);
      SbContext ctx = { 0 };

      ctx.host = http->host;
      ctx.msg = msg;
      ctx.method = soup_server_message_get_method (msg);
      g_rec_mutex_lock (http->host->lock);
      sb_reply_error (&ctx, 413, "ERR006",
                      "The request body (%" G_GUINT64_FORMAT " bytes) exceeds the maximum package size of %s",
                      (guint64) soup_message_headers_get_content_length (headers), text);
      count_request (http, ctx.method, "/api/mstrServices/library/storage/sharedFileStore/files/{id}/binary");
      sb_context_clear (&ctx);
      g_rec_mutex_unlock (http->host->lock);
      /* With "Expect: 100-continue" libsoup answers without reading the
       * body; otherwise the body would follow at once. */
      if ((soup_message_headers_get_expectations (headers) & SOUP_EXPECTATION_CONTINUE) == 0)
        refuse_unread (msg);
      return;
    }

  if (storage == NULL)
    return;    /* answered 503 by the route; the body is dropped */

  soup_message_headers_get_content_type (headers, &params);
  dir = g_build_filename (storage, UPLOADS_DIR, NULL);
  upload = sb_upload_new (dir, params != NULL ? g_hash_table_lookup (params, "boundary") : NULL, limit);
  sb_upload_attach (upload, msg);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (upload_got_chunk), NULL);
  g_signal_connect (msg, "finished", G_CALLBACK (upload_finished), NULL);
}

static void
request_started (SoupServer        *server G_GNUC_UNUSED,
                 SoupServerMessage *msg,
                 gpointer           data)
{
  /* One request per connection, every answer included: libsoup 3.2's
   * server leaks the socket of every keep-alive connection the client
   * closes (a server that had answered ~1,000 stopped answering). */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  g_signal_connect (msg, "got-headers", G_CALLBACK (message_got_headers), data);
}

void
sb_http_attach (SbHttp     *http,
                SoupServer *server)
{
  g_signal_connect (server, "request-started", G_CALLBACK (request_started), http);
}

/* ------------------------------------------------------------------------ */
/* Dispatch                                                                   */
/* ------------------------------------------------------------------------ */

/* Does PATTERN match SEGMENTS (the segments after "api")? A pattern
 * segment {id} matches any segment (*ID receives it); a last segment of two
 * stars matches one or more segments. */
static gboolean
pattern_matches (const char  *pattern,
                 char       **segments,
                 guint        n_segments,
                 const char **id)
{
  const char *p = pattern + strlen ("/api/");
  guint i = 0;

  *id = NULL;
  while (*p != '\0')
    {
      const char *slash = strchr (p, '/');
      size_t len = slash != NULL ? (size_t) (slash - p) : strlen (p);

      if (len == 2 && strncmp (p, "**", 2) == 0)
        return i < n_segments;
      if (i >= n_segments)
        return FALSE;
      if (len == 4 && strncmp (p, "{id}", 4) == 0)
        *id = segments[i];
      else if (strlen (segments[i]) != len || strncmp (segments[i], p, len) != 0)
        return FALSE;
      i++;
      p += len;
      if (*p == '/')
        p++;
    }
  return i == n_segments;
}

static void
dispatch (SbContext *ctx)
{
  const SbRoute *matched = NULL;
  const SbRoute *row = NULL;

  for (guint k = 0; k < sb_n_routes && row == NULL; k++)
    {
      const SbRoute *r = &sb_routes[k];
      const char *id;

      if (matched != NULL && strcmp (r->pattern, matched->pattern) != 0)
        continue;
      if (!pattern_matches (r->pattern, ctx->segments, ctx->n_segments, &id))
        continue;
      if (matched == NULL)
        matched = r;
      if (strcmp (r->method, ctx->method) == 0)
        {
          row = r;
          ctx->id = id;
        }
    }

  if (matched == NULL)
    {
      sb_reply_not_found (ctx);
      return;
    }
  ctx->route = matched->name != NULL ? matched->name : matched->pattern;
  if (row == NULL)
    {
      sb_reply_method_not_allowed (ctx);
      return;
    }

  if ((row->flags & SB_ROUTE_PUBLIC) == 0 && !sb_request_require_session (ctx))
    return;
  if ((row->flags & SB_ROUTE_STORAGE) != 0 && sb_request_require_storage (ctx) == NULL)
    return;
  if (row->privileges != 0 && !sb_request_require_any_privilege (ctx, row->privileges))
    return;
  row->handler (ctx);
}

static gboolean
unpause_durable (gpointer data)
{
  SoupServerMessage *msg = data;

  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

/* Returns TRUE when MSG was paused until the commits its answer may have
 * seen are durable (then unpaused by the journal's writer). */
static gboolean
handle_now (SbHttp            *http,
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
  GRecMutex *lock = http->host->lock;
  const char *project, *prefer;
  SbContext ctx = { 0 };
  SbJournal *journal = NULL;
  guint64 seq = 0;

  ctx.host = http->host;
  ctx.msg = msg;
  ctx.method = soup_server_message_get_method (msg);
  ctx.path = path + strlen (BASE_PATH);

  if (query == NULL)
    query = empty_query = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.query = query;

  project = soup_message_headers_get_one (headers, "X-MSTR-ProjectID");
  ctx.project_header = (project != NULL && *project != '\0') ? project : NULL;
  prefer = soup_message_headers_get_list (headers, "Prefer");
  ctx.prefer_async = prefer != NULL && strstr (prefer, "respond-async") != NULL;

  /* A JSON body was gathered by body_got_chunk(); a streamed upload's
   * went to its file (sb_upload_from_message). */
  if (g_object_get_data (G_OBJECT (msg), BODY_KEY) != NULL)
    {
      GByteArray *gathered = g_object_get_data (G_OBJECT (msg), BODY_KEY);
      guint8 *copy = g_malloc (gathered->len + 1);

      /* NUL after the end, as soup_message_body_flatten() gives: libsoup's
       * own multipart parser runs strstr() over the body. */
      if (gathered->len > 0)
        memcpy (copy, gathered->data, gathered->len);
      copy[gathered->len] = '\0';
      bytes = g_bytes_new_take (copy, gathered->len);
    }
  else
    bytes = soup_message_body_get_accumulate (body) ? soup_message_body_flatten (body) : g_bytes_new (NULL, 0);
  ctx.body = bytes;

  /* "/api/a/b" → {"a", "b"}; segments are percent-decoded. */
  parts = g_strsplit (ctx.path, "/", -1);
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
      ctx.n_segments = segments->len;
      g_ptr_array_add (segments, NULL);
      ctx.segments = (char **) segments->pdata;

      g_rec_mutex_lock (lock);
      ctx.store = http->host->store;
      dispatch (&ctx);
      g_rec_mutex_unlock (lock);
    }
  else
    {
      g_rec_mutex_lock (lock);
      sb_reply_not_found (&ctx);
      g_rec_mutex_unlock (lock);
    }

  if (!ctx.replied)
    sb_reply_error (&ctx, 500, "ERR001", "The request was not answered");

  g_rec_mutex_lock (lock);
  count_request (http, ctx.method, ctx.route ? ctx.route : "unknown");
  sb_context_clear (&ctx);
  if (http->host->store != NULL)
    sb_store_release_records (http->host->store);   /* records as text again */
  /* The answer may tell of any commit queued so far: it goes out once
   * they are on disk, so no client learns of a change a kill could still
   * lose. The sync itself happens in the journal's thread, unlocked. */
  if (http->host->store != NULL && (journal = sb_store_get_journal (http->host->store)) != NULL)
    seq = sb_journal_last_seq (journal);
  g_rec_mutex_unlock (lock);

  if (seq == 0 || sb_journal_is_durable (journal, seq))
    return FALSE;
  soup_server_message_pause (msg);
  sb_journal_when_durable (journal, seq, http->host->context, unpause_durable, g_object_ref (msg));
  return TRUE;
}

typedef struct
{
  SbHttp            *http;
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

  if (!handle_now (d->http, d->msg, d->path, d->query))
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
  SbHttp *http = user_data;
  GRecMutex *lock = http->host->lock;
  Fault fault = { 0 };
  gboolean faulty;

  if (!g_str_has_prefix (path, BASE_PATH "/") && strcmp (path, BASE_PATH) != 0)
    {
      SbContext ctx = { 0 };

      ctx.host = http->host;
      ctx.msg = msg;
      ctx.method = soup_server_message_get_method (msg);
      sb_reply_not_found (&ctx);
      return;
    }

  g_rec_mutex_lock (lock);
  faulty = take_fault (http, soup_server_message_get_method (msg),
                       path + strlen (BASE_PATH), &fault);
  g_rec_mutex_unlock (lock);

  if (faulty && fault.kind == SB_FAULT_DROP)
    {
      GIOStream *stream = soup_server_message_steal_connection (msg);

      if (stream != NULL)
        {
          g_io_stream_close (stream, NULL, NULL);
          g_object_unref (stream);
        }
    }
  else if (faulty && fault.kind == SB_FAULT_STATUS)
    {
      const char *text = fault.body ? fault.body : "";

      soup_server_message_set_status (msg, fault.status ? fault.status : 502, NULL);
      soup_server_message_set_response (msg, fault.content_type ? fault.content_type : "text/html",
                                        SOUP_MEMORY_COPY, text, strlen (text));
    }
  else if (faulty && fault.kind == SB_FAULT_DELAY)
    {
      g_autoptr(GSource) source = g_timeout_source_new (fault.delay_ms);
      Delayed *d = g_new0 (Delayed, 1);

      /* The sandbox outlives its context, where this source lives. */
      d->http = http;
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
    handle_now (http, msg, path, query);

  fault_clear (&fault);
}
