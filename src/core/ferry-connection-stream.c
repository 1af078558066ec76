/* ferry-connection-stream.c: streamed transfers of a FerryConnection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A package may be 2 GB: it never passes through memory whole.
 *
 * Download: soup_session_send_async() → the answer's body stream, counted
 * by a FerryTransferStream → g_output_stream_splice_async() into a new
 * file next to the destination (".NAME.XXXXXXXX.part"), renamed over the
 * destination only once every byte arrived (and as many as
 * Content-Length said). A failed or cancelled download deletes the
 * partial file: the destination is either the old file or the whole new
 * one.
 *
 * Upload: the request body is a stream (multipart head, the file read in
 * chunks, tail) with its exact Content-Length
 * (soup_message_set_request_body()).
 *
 * A 401 ERR009 (session expired) leads to one re-login, then the request
 * is sent again: for an upload with the file opened again (the body
 * stream is rebuilt; a streamed body cannot be replayed). Transfers are
 * not otherwise retried (an upload starts work; a download restarts from
 * the beginning only by the caller's choice). The request timeout is an
 * idle timeout here: the transfer fails when nothing moved for that long.
 */

#define G_LOG_DOMAIN "ferry-connection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "ferry-connection.h"
#include "ferry-connection-private.h"
#include "ferry-json.h"

#define ERROR_BODY_LIMIT   (64 * 1024)
#define ANSWER_BODY_LIMIT  (4 * 1024 * 1024)
#define READ_CHUNK         (64 * 1024)

typedef struct
{
  char                  *method;
  char                  *path;
  char                  *project_id;
  FerryRequestFlags      flags;

  /* download */
  GFile                 *destination;
  GFile                 *partial;
  gboolean               partial_created;
  goffset                expected;

  /* upload */
  GFile                 *source;
  char                  *field;
  char                  *filename;
  char                  *boundary;

  FerryTransferProgress  progress;
  gpointer               progress_data;
  GDestroyNotify         progress_destroy;

  gboolean               relogged;
  guint64                generation;

  SoupMessage           *msg;
  guint                  status;
  GCancellable          *attempt;       /* cancelled by the caller's or the idle timer */
  gulong                 caller_handler;
  GSource               *idle_source;
  gboolean               timed_out;
  GByteArray            *answer;        /* the (bounded) answer of an upload or an error */
  goffset                answer_limit;
} Transfer;

static void
transfer_free (Transfer *t)
{
  if (t->idle_source != NULL)
    {
      g_source_destroy (t->idle_source);
      g_source_unref (t->idle_source);
    }
  g_clear_object (&t->attempt);
  g_clear_object (&t->msg);
  g_free (t->method);
  g_free (t->path);
  g_free (t->project_id);
  g_clear_object (&t->destination);
  g_clear_object (&t->partial);
  g_clear_object (&t->source);
  g_free (t->field);
  g_free (t->filename);
  g_free (t->boundary);
  if (t->progress_destroy != NULL)
    t->progress_destroy (t->progress_data);
  g_clear_pointer (&t->answer, g_byte_array_unref);
  g_free (t);
}

static void send_attempt (GTask *task);

/* ------------------------------------------------------------------------ */
/* Ending                                                                     */
/* ------------------------------------------------------------------------ */

static void
stop_watching (GTask *task)
{
  Transfer *t = g_task_get_task_data (task);
  GCancellable *caller = g_task_get_cancellable (task);

  if (t->caller_handler != 0)
    {
      g_cancellable_disconnect (caller, t->caller_handler);
      t->caller_handler = 0;
    }
  if (t->idle_source != NULL)
    {
      g_source_destroy (t->idle_source);
      g_clear_pointer (&t->idle_source, g_source_unref);
    }
}

/* Fails the transfer with ERROR (taken), saying why in the words of the
 * request kind; deletes a partial download first. */
static void
transfer_fail (GTask  *task,
               GError *error)
{
  Transfer *t = g_task_get_task_data (task);
  FerryConnection *self = g_task_get_source_object (task);
  GCancellable *caller = g_task_get_cancellable (task);

  stop_watching (task);
  if (t->partial != NULL && t->partial_created)
    {
      g_autoptr(GError) local = NULL;

      /* Quick and local: the partial file must be gone when the caller
       * hears of the failure. */
      if (!g_file_delete (t->partial, NULL, &local) &&
          !g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_warning ("Could not delete the partial download: %s", local->message);
      t->partial_created = FALSE;
    }

  if (t->timed_out)
    {
      g_error_free (error);
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           /* Translators: "bi.example.com sent or took nothing for 60 seconds (GET /api/…)" */
                           _("%s sent or took nothing for %u seconds (%s %s)"),
                           self->host, self->request_timeout, t->method, t->path);
    }
  else if ((caller != NULL && g_cancellable_is_cancelled (caller)) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The transfer was cancelled (%s %s)"), t->method, t->path);
    }
  g_debug ("%s %s → failed: %s", t->method, t->path, error->message);
  g_task_return_error (task, error);
}

/* ------------------------------------------------------------------------ */
/* Watching: the caller's cancellable and the idle timer                      */
/* ------------------------------------------------------------------------ */

static void
caller_cancelled_cb (GCancellable *cancellable G_GNUC_UNUSED,
                     gpointer      data)
{
  GCancellable *attempt = data;

  g_cancellable_cancel (attempt);
}

static gboolean
idle_timeout_cb (gpointer data)
{
  Transfer *t = data;

  g_clear_pointer (&t->idle_source, g_source_unref);
  t->timed_out = TRUE;
  g_cancellable_cancel (t->attempt);
  return G_SOURCE_REMOVE;
}

static void
rearm_idle_timer (GTask *task)
{
  Transfer *t = g_task_get_task_data (task);
  FerryConnection *self = g_task_get_source_object (task);

  if (t->idle_source != NULL)
    {
      g_source_destroy (t->idle_source);
      g_clear_pointer (&t->idle_source, g_source_unref);
    }
  if (self->request_timeout == 0 || t->timed_out)
    return;
  t->idle_source = g_timeout_source_new_seconds (self->request_timeout);
  g_source_set_name (t->idle_source, "[ferry] transfer idle timeout");
  g_source_set_callback (t->idle_source, idle_timeout_cb, t, NULL);
  g_source_attach (t->idle_source, g_task_get_context (task));
}

static void
progress_cb (goffset  done,
             goffset  total,
             gpointer data)
{
  GTask *task = data;
  Transfer *t = g_task_get_task_data (task);

  rearm_idle_timer (task);
  if (t->progress != NULL)
    t->progress (done, total, t->progress_data);
}

/* ------------------------------------------------------------------------ */
/* Reading a bounded answer (errors, an upload's JSON)                        */
/* ------------------------------------------------------------------------ */

static void answer_read_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data);
static void answer_complete (GTask        *task,
                             GInputStream *in);

static void
read_answer (GTask        *task,
             GInputStream *in,
             goffset       limit)
{
  Transfer *t = g_task_get_task_data (task);

  g_clear_pointer (&t->answer, g_byte_array_unref);
  t->answer = g_byte_array_new ();
  t->answer_limit = limit;
  g_input_stream_read_bytes_async (in, READ_CHUNK, G_PRIORITY_DEFAULT, t->attempt, answer_read_cb, task);
}

static void
answer_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;   /* the reference of the send */
  Transfer *t = g_task_get_task_data (task);
  GInputStream *in = G_INPUT_STREAM (object);
  GError *error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (in, result, &error);

  if (bytes == NULL)
    {
      transfer_fail (task, error);
      g_object_unref (task);
      g_object_unref (in);
      return;
    }
  if (g_bytes_get_size (bytes) == 0 || (goffset) t->answer->len >= t->answer_limit)
    {
      answer_complete (task, in);
      return;
    }
  g_byte_array_append (t->answer, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_input_stream_read_bytes_async (in, READ_CHUNK, G_PRIORITY_DEFAULT, t->attempt, answer_read_cb, task);
}

static void
relogin_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!_ferry_connection_login_finish (FERRY_CONNECTION (object), result, &error))
    {
      transfer_fail (task, error);
      return;
    }
  send_attempt (g_steal_pointer (&task));
}

/* The answer (bounded) of an error or of an upload has been read. Takes
 * the task's reference and IN's. */
static void
answer_complete (GTask        *task,
                 GInputStream *in)
{
  Transfer *t = g_task_get_task_data (task);
  FerryConnection *self = g_task_get_source_object (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (t->msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes (g_steal_pointer (&t->answer));

  g_input_stream_close_async (in, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_object_unref (in);

  if (!SOUP_STATUS_IS_SUCCESSFUL (t->status))
    {
      GError *error = ferry_api_error_new_from_response (t->status, soup_message_get_reason_phrase (t->msg),
                                                         content_type, bytes);

      if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_SESSION_EXPIRED) &&
          !t->relogged && self->password != NULL)
        {
          g_error_free (error);
          t->relogged = TRUE;
          if (t->generation != self->login_generation)
            {
              send_attempt (task);
              return;
            }
          g_debug ("the session expired during %s %s: logging in again", t->method, t->path);
          _ferry_connection_login_async (self, t->attempt, relogin_done_cb, task);
          return;
        }
      transfer_fail (task, error);
      g_object_unref (task);
      return;
    }

  /* An upload's answer. */
  stop_watching (task);
  if (g_bytes_get_size (bytes) == 0)
    {
      g_task_return_pointer (task, NULL, NULL);
    }
  else
    {
      GError *error = NULL;
      gsize len = 0;
      const char *data = g_bytes_get_data (bytes, &len);
      /* Depth-checked before json-glib, as every answer is. */
      JsonNode *root = ferry_json_parse (data, (gssize) len, &error);

      if (error != NULL)
        {
          g_error_free (error);
          g_task_return_error (task, ferry_api_error_new_not_json (t->status, NULL, content_type, bytes));
        }
      else
        g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
    }
  g_object_unref (task);
}

/* ------------------------------------------------------------------------ */
/* Download: splice into the partial file, then rename                         */
/* ------------------------------------------------------------------------ */

static void
moved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Transfer *t = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_file_move_finish (G_FILE (object), result, &error))
    {
      transfer_fail (task, error);
      return;
    }
  t->partial_created = FALSE;
  stop_watching (task);
  g_task_return_pointer (task, NULL, NULL);
}

static void
spliced_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Transfer *t = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n = g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &error);

  if (n < 0)
    {
      transfer_fail (task, error);
      return;
    }
  if (t->expected >= 0 && n != t->expected)
    {
      transfer_fail (task, g_error_new (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                        _("The download ended after %lld of %lld bytes (%s)"),
                                        (long long) n, (long long) t->expected, t->path));
      return;
    }
  g_debug ("%s %s → %" G_GSSIZE_FORMAT " bytes written", t->method, t->path, n);
  g_file_move_async (t->partial, t->destination, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                     t->attempt, NULL, NULL, moved_cb, g_steal_pointer (&task));
}

static void
partial_created_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Transfer *t = g_task_get_task_data (task);
  g_autoptr(GInputStream) body = g_object_steal_data (G_OBJECT (task), "ferry-body");
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(FerryTransferStream) counted = NULL;
  GError *error = NULL;

  out = g_file_create_finish (G_FILE (object), result, &error);
  if (out == NULL)
    {
      transfer_fail (task, error);
      return;
    }
  t->partial_created = TRUE;

  parts = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (parts, g_object_ref (body));
  counted = ferry_transfer_stream_new (parts, t->expected);
  ferry_transfer_stream_set_progress (counted, progress_cb, task, NULL);
  g_output_stream_splice_async (G_OUTPUT_STREAM (out), G_INPUT_STREAM (counted),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, t->attempt, spliced_cb, g_steal_pointer (&task));
}

static void
start_writing (GTask        *task,
               GInputStream *body)
{
  Transfer *t = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (t->msg);
  g_autoptr(GFile) parent = g_file_get_parent (t->destination);
  g_autofree char *basename = g_file_get_basename (t->destination);
  g_autofree char *name = g_strdup_printf (".%s.%08x.part", basename, g_random_int ());

  t->expected = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
                ? soup_message_headers_get_content_length (headers) : -1;
  g_clear_object (&t->partial);
  t->partial = parent != NULL ? g_file_get_child (parent, name) : g_file_new_for_path (name);
  g_object_set_data_full (G_OBJECT (task), "ferry-body", body, g_object_unref);
  g_file_create_async (t->partial, G_FILE_CREATE_NONE, G_PRIORITY_DEFAULT, t->attempt,
                       partial_created_cb, task);
}

/* ------------------------------------------------------------------------ */
/* Sending                                                                    */
/* ------------------------------------------------------------------------ */

static gboolean
accept_certificate_cb (SoupMessage         *msg G_GNUC_UNUSED,
                       GTlsCertificate     *certificate,
                       GTlsCertificateFlags errors G_GNUC_UNUSED,
                       gpointer             user_data)
{
  FerryConnection *self = user_data;

  return _ferry_connection_trusts_certificate (self, certificate, NULL);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;   /* the reference of the send */
  Transfer *t = g_task_get_task_data (task);
  FerryConnection *self = g_task_get_source_object (task);
  GError *error = NULL;
  GInputStream *in = soup_session_send_finish (SOUP_SESSION (object), result, &error);

  if (in == NULL)
    {
      if (error->domain != G_IO_ERROR || error->code != G_IO_ERROR_CANCELLED)
        g_prefix_error (&error, _("The connection to %s failed: "), self->host);
      transfer_fail (task, error);
      g_object_unref (task);
      return;
    }

  t->status = soup_message_get_status (t->msg);
  g_debug ("%s %s → %u", t->method, t->path, t->status);
  rearm_idle_timer (task);

  if (SOUP_STATUS_IS_SUCCESSFUL (t->status) && t->destination != NULL)
    {
      start_writing (task, in);   /* takes both */
      return;
    }
  read_answer (task, in, SOUP_STATUS_IS_SUCCESSFUL (t->status) ? ANSWER_BODY_LIMIT : ERROR_BODY_LIMIT);
}

/* The multipart body of an upload, as a stream of its exact length. */
static gboolean
set_upload_body (GTask    *task,
                 GError  **error)
{
  Transfer *t = g_task_get_task_data (task);
  g_autoptr(GFileInputStream) file_in = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(FerryTransferStream) body = NULL;
  g_autofree char *head = NULL;
  g_autofree char *tail = NULL;
  g_autofree char *content_type = NULL;
  goffset size, total;

  /* Opening and stat'ing a local file does not wait on anything. */
  file_in = g_file_read (t->source, t->attempt, error);
  if (file_in == NULL)
    return FALSE;
  info = g_file_input_stream_query_info (file_in, G_FILE_ATTRIBUTE_STANDARD_SIZE, t->attempt, error);
  if (info == NULL)
    return FALSE;
  size = g_file_info_get_size (info);

  head = g_strdup_printf ("--%s\r\n"
                          "Content-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                          "Content-Type: application/octet-stream\r\n"
                          "\r\n",
                          t->boundary, t->field, t->filename);
  tail = g_strdup_printf ("\r\n--%s--\r\n", t->boundary);
  total = (goffset) strlen (head) + size + (goffset) strlen (tail);

  parts = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (parts, g_memory_input_stream_new_from_data (g_steal_pointer (&head), -1, g_free));
  g_ptr_array_add (parts, g_steal_pointer (&file_in));
  g_ptr_array_add (parts, g_memory_input_stream_new_from_data (g_steal_pointer (&tail), -1, g_free));
  body = ferry_transfer_stream_new (parts, total);
  ferry_transfer_stream_set_progress (body, progress_cb, task, NULL);

  content_type = g_strdup_printf ("multipart/form-data; boundary=%s", t->boundary);
  soup_message_set_request_body (t->msg, content_type, G_INPUT_STREAM (body), (gssize) total);
  return TRUE;
}

/* Takes a reference to TASK. */
static void
send_attempt (GTask *task)
{
  Transfer *t = g_task_get_task_data (task);
  FerryConnection *self = g_task_get_source_object (task);
  g_autofree char *url = g_strconcat (self->base_url, t->path, NULL);
  SoupMessageHeaders *headers;
  GError *error = NULL;

  g_clear_object (&t->msg);
  t->msg = soup_message_new (t->method, url);
  if (t->msg == NULL)
    {
      transfer_fail (task, g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                        _("“%s” is not a valid request path"), t->path));
      g_object_unref (task);
      return;
    }
  t->generation = self->login_generation;
  self->attempts++;

  headers = soup_message_get_request_headers (t->msg);
  soup_message_headers_replace (headers, "Accept",
                                t->destination != NULL ? "application/octet-stream" : "application/json");
  if (self->token != NULL)
    soup_message_headers_replace (headers, "X-MSTR-AuthToken", self->token);
  if (t->project_id != NULL)
    soup_message_headers_replace (headers, "X-MSTR-ProjectID", t->project_id);
  if (t->flags & FERRY_REQUEST_PREFER_ASYNC)
    soup_message_headers_replace (headers, "Prefer", "respond-async");
  if (t->source != NULL && !set_upload_body (task, &error))
    {
      transfer_fail (task, error);
      g_object_unref (task);
      return;
    }
  g_signal_connect_object (t->msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), self, 0);

  rearm_idle_timer (task);
  soup_session_send_async (self->session, t->msg, G_PRIORITY_DEFAULT, t->attempt, sent_cb, task);
}

static GTask *
transfer_new (FerryConnection       *self,
              const char            *method,
              const char            *path,
              const char            *project_id,
              FerryRequestFlags      flags,
              FerryTransferProgress  progress,
              gpointer               progress_data,
              GDestroyNotify         progress_destroy,
              GCancellable          *cancellable,
              gpointer               source_tag,
              GAsyncReadyCallback    callback,
              gpointer               user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Transfer *t = g_new0 (Transfer, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "[ferry] transfer");
  t->method = g_ascii_strup (method, -1);
  t->path = g_str_has_prefix (path, "/") ? g_strdup (path) : g_strconcat ("/", path, NULL);
  t->project_id = (project_id != NULL && *project_id != '\0') ? g_strdup (project_id) : NULL;
  t->flags = flags;
  t->expected = -1;
  t->progress = progress;
  t->progress_data = progress_data;
  t->progress_destroy = progress_destroy;
  t->attempt = g_cancellable_new ();
  g_task_set_task_data (task, t, (GDestroyNotify) transfer_free);
  return task;
}

/* Starts TASK (taken) unless it cannot be. */
static void
transfer_start (GTask *task)
{
  Transfer *t = g_task_get_task_data (task);
  FerryConnection *self = g_task_get_source_object (task);
  GCancellable *caller = g_task_get_cancellable (task);

  if (self->base_url == NULL || self->token == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Not connected to %s: connect first"),
                                                  self->base_url ? self->base_url : _("the server"));

      g_task_return_error (task, ferry_api_error_new_literal (FERRY_API_ERROR_NOT_CONNECTED, 0, NULL, NULL,
                                                              message));
      g_object_unref (task);
      return;
    }
  if (caller != NULL)
    {
      /* Called at once when already cancelled: the send then fails cancelled. */
      t->caller_handler = g_cancellable_connect (caller, G_CALLBACK (caller_cancelled_cb),
                                                 g_object_ref (t->attempt), g_object_unref);
    }
  send_attempt (task);
}

void
ferry_connection_download_async (FerryConnection       *self,
                                 const char            *path,
                                 const char            *project_id,
                                 GFile                 *file,
                                 FerryTransferProgress  progress,
                                 gpointer               progress_data,
                                 GDestroyNotify         progress_destroy,
                                 GCancellable          *cancellable,
                                 GAsyncReadyCallback    callback,
                                 gpointer               user_data)
{
  GTask *task;
  Transfer *t;

  g_return_if_fail (FERRY_IS_CONNECTION (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = transfer_new (self, "GET", path, project_id, FERRY_REQUEST_BINARY, progress, progress_data,
                       progress_destroy, cancellable, ferry_connection_download_async, callback, user_data);
  t = g_task_get_task_data (task);
  t->destination = g_object_ref (file);
  transfer_start (task);
}

gboolean
ferry_connection_download_finish (FerryConnection  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  GError *local = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  g_task_propagate_pointer (G_TASK (result), &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  return TRUE;
}

void
ferry_connection_upload_async (FerryConnection       *self,
                               const char            *method,
                               const char            *path,
                               const char            *project_id,
                               const char            *field,
                               GFile                 *file,
                               FerryRequestFlags      flags,
                               FerryTransferProgress  progress,
                               gpointer               progress_data,
                               GDestroyNotify         progress_destroy,
                               GCancellable          *cancellable,
                               GAsyncReadyCallback    callback,
                               gpointer               user_data)
{
  GTask *task;
  Transfer *t;
  g_autofree char *basename = NULL;
  GString *safe;

  g_return_if_fail (FERRY_IS_CONNECTION (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (field != NULL);
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = transfer_new (self, method, path, project_id, flags, progress, progress_data, progress_destroy,
                       cancellable, ferry_connection_upload_async, callback, user_data);
  t = g_task_get_task_data (task);
  t->source = g_object_ref (file);
  t->field = g_strdup (field);
  /* The file name goes into a quoted header parameter. */
  basename = g_file_get_basename (file);
  safe = g_string_new (NULL);
  for (const char *p = basename ? basename : "package.mmp"; *p != '\0'; p++)
    g_string_append_c (safe, (*p == '"' || *p == '\\' || *p == '\r' || *p == '\n') ? '_' : *p);
  t->filename = g_string_free (safe, FALSE);
  t->boundary = g_strdup_printf ("ferry-%08x%08x%08x", g_random_int (), g_random_int (), g_random_int ());
  transfer_start (task);
}

JsonNode *
ferry_connection_upload_finish (FerryConnection  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
