/* ferry-connection-session.c: connect, disconnect and the keep-alive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Connecting asks /api/status (is this a Library server, which version),
 * logs in and reads the session timeout; the keep-alive touches the session
 * while someone holds it; disconnecting logs out.
 */

#define G_LOG_DOMAIN "ferry-connection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-connection.h"
#include "ferry-connection-private.h"
#include "ferry-json.h"

#define DEFAULT_SESSION_TIMEOUT  1800    /* seconds, when the server does not say */

/* ------------------------------------------------------------------------ */
/* Connect and disconnect                                                     */
/* ------------------------------------------------------------------------ */

typedef struct
{
  char *server_version;
} ConnectData;

static void
connect_data_free (ConnectData *data)
{
  g_free (data->server_version);
  g_free (data);
}

static void
logout_quietly_cb (GObject      *source,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  g_autoptr(JsonNode) node = ferry_connection_call_finish (FERRY_CONNECTION (source), res, NULL, NULL);
}

static void
connect_failed (GTask  *task,
                GError *error)
{
  FerryConnection *self = g_task_get_source_object (task);

  /* A session that was opened before the failure is closed again. */
  if (self->token != NULL)
    ferry_connection_call_async (self, "POST", "/api/auth/logout", NULL, NULL, FERRY_REQUEST_NONE,
                                 NULL, logout_quietly_cb, NULL);
  _ferry_connection_set_token (self, NULL);
  _ferry_connection_wipe_string (&self->password);
  _ferry_connection_set_state (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                   ? FERRY_CONNECTION_STATE_DISCONNECTED : FERRY_CONNECTION_STATE_FAILED);
  g_debug ("connecting to %s failed: %s", self->base_url, error->message);
  g_task_return_error (task, error);
}

static void
sessions_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  FerryConnection *self = FERRY_CONNECTION (source);
  g_autoptr(GTask) task = user_data;
  ConnectData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ferry_connection_call_finish (self, res, NULL, &error);
  guint timeout = DEFAULT_SESSION_TIMEOUT;

  if (error != NULL)
    {
      connect_failed (task, g_steal_pointer (&error));
      return;
    }
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      double seconds = ferry_json_get_double (json_node_get_object (node), "timeout", 0);

      if (seconds >= 1)
        timeout = (guint) MIN (seconds, (double) G_MAXUINT / 1000);
    }

  _ferry_connection_set_session_timeout (self, timeout);
  _ferry_connection_set_server_version (self, data->server_version);
  _ferry_connection_set_state (self, FERRY_CONNECTION_STATE_CONNECTED);
  g_debug ("connected to %s (server %s, session timeout %u s)", self->base_url,
           self->server_version ? self->server_version : "of unknown version", timeout);
  _ferry_connection_update_keepalive (self);
  g_task_return_boolean (task, TRUE);
}

static void
connect_login_cb (GObject      *source,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  FerryConnection *self = FERRY_CONNECTION (source);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!_ferry_connection_login_finish (self, res, &error))
    {
      connect_failed (task, g_steal_pointer (&error));
      return;
    }
  ferry_connection_call_async (self, "GET", "/api/sessions", NULL, NULL, FERRY_REQUEST_NONE,
                               g_task_get_cancellable (task), sessions_cb, g_object_ref (task));
}

/* An address that answers, but not as a Library server. */
static GError *
not_a_library_server (FerryConnection *self,
                      GError          *error)
{
  g_autofree char *inner = error->message;

  g_assert (error->domain == FERRY_API_ERROR);
  error->domain = FERRY_API_ERROR;
  error->code = FERRY_API_ERROR_NOT_A_LIBRARY_SERVER;
  /* Translators: the first %s is the address, the second what the server answered instead */
  error->message = g_strdup_printf (_("No MicroStrategy Library server answers at %s. %s. "
                                      "Check the address: it usually ends in /MicroStrategyLibrary"),
                                    self->base_url, inner);
  return error;
}

static void
status_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  FerryConnection *self = FERRY_CONNECTION (source);
  g_autoptr(GTask) task = user_data;
  ConnectData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ferry_connection_call_finish (self, res, NULL, &error);

  if (error != NULL)
    {
      /* Some servers want a session for /api/status: the version then
       * stays unknown. Anything but JSON, or no /api at all, means the
       * address is wrong, and the password is not sent there. */
      if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE) ||
          g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND))
        {
          connect_failed (task, not_a_library_server (self, g_steal_pointer (&error)));
          return;
        }
      if (error->domain != FERRY_API_ERROR ||
          (ferry_api_error_get_http_status (error) != 401 && ferry_api_error_get_http_status (error) != 403))
        {
          connect_failed (task, g_steal_pointer (&error));
          return;
        }
    }
  else if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      connect_failed (task, g_error_new (FERRY_API_ERROR, FERRY_API_ERROR_NOT_A_LIBRARY_SERVER,
                                         _("No MicroStrategy Library server answers at %s: its /api/status "
                                           "says nothing about a server version. Check the address: it "
                                           "usually ends in /MicroStrategyLibrary"),
                                         self->base_url));
      return;
    }
  else
    {
      JsonObject *object = json_node_get_object (node);
      const char *version = ferry_json_get_string (object, "iServerVersion");

      if (version == NULL)
        version = ferry_json_get_string (object, "webVersion");
      data->server_version = g_strdup (version);
    }

  _ferry_connection_login_async (self, g_task_get_cancellable (task), connect_login_cb, g_object_ref (task));
}

void
ferry_connection_connect_async (FerryConnection     *self,
                                const char          *password,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_connection_connect_async);
  g_task_set_task_data (task, g_new0 (ConnectData, 1), (GDestroyNotify) connect_data_free);

  if (self->state == FERRY_CONNECTION_STATE_CONNECTING)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("Already connecting to %s"), self->base_url);
      return;
    }
  if (self->base_url == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The connection has no valid server address"));
      return;
    }

  /* A new connect replaces the session: the old one is logged out. */
  _ferry_connection_stop_keepalive (self);
  if (self->token != NULL)
    ferry_connection_call_async (self, "POST", "/api/auth/logout", NULL, NULL, FERRY_REQUEST_NONE,
                                 NULL, logout_quietly_cb, NULL);
  _ferry_connection_set_token (self, NULL);
  _ferry_connection_wipe_string (&self->password);
  self->password = g_strdup (password ? password : "");
  _ferry_connection_set_state (self, FERRY_CONNECTION_STATE_CONNECTING);

  g_debug ("connecting to %s as %s", self->base_url, self->username);
  ferry_connection_call_async (self, "GET", "/api/status", NULL, NULL, FERRY_REQUEST_NO_SESSION,
                               cancellable, status_cb, g_steal_pointer (&task));
}

/* The end of connect and disconnect: TRUE, or FALSE with ERROR set. */
static gboolean
propagate_boolean (FerryConnection  *self,
                   GAsyncResult     *result,
                   GError          **error)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
ferry_connection_connect_finish (FerryConnection  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  return propagate_boolean (self, result, error);
}

static void
disconnected (FerryConnection *self)
{
  _ferry_connection_stop_keepalive (self);
  _ferry_connection_set_token (self, NULL);
  _ferry_connection_wipe_string (&self->password);
  _ferry_connection_clear_cookies (self);
  _ferry_connection_set_server_version (self, NULL);
  _ferry_connection_set_state (self, FERRY_CONNECTION_STATE_DISCONNECTED);
}

static void
logout_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  FerryConnection *self = FERRY_CONNECTION (source);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ferry_connection_call_finish (self, res, NULL, &error);

  disconnected (self);
  g_debug ("logged out of %s", self->base_url);
  /* A session that is already gone is as good as logged out. */
  if (error != NULL && !g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_SESSION_EXPIRED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
ferry_connection_disconnect_async (FerryConnection     *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_connection_disconnect_async);

  _ferry_connection_stop_keepalive (self);
  /* No re-login while logging out. */
  _ferry_connection_wipe_string (&self->password);
  if (self->token == NULL)
    {
      disconnected (self);
      g_task_return_boolean (task, TRUE);
      return;
    }
  ferry_connection_call_async (self, "POST", "/api/auth/logout", NULL, NULL, FERRY_REQUEST_NONE,
                               cancellable, logout_cb, g_steal_pointer (&task));
}

gboolean
ferry_connection_disconnect_finish (FerryConnection  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  return propagate_boolean (self, result, error);
}

/* ------------------------------------------------------------------------ */
/* Keep-alive                                                                 */
/* ------------------------------------------------------------------------ */

void
_ferry_connection_stop_keepalive (FerryConnection *self)
{
  if (self->keepalive_source != NULL)
    {
      g_source_destroy (self->keepalive_source);
      g_clear_pointer (&self->keepalive_source, g_source_unref);
    }
}

static void
keepalive_done_cb (GObject      *source,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  FerryConnection *self = FERRY_CONNECTION (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ferry_connection_call_finish (self, res, NULL, &error);

  self->keepalive_in_flight = FALSE;
  if (error != NULL)
    g_debug ("renewing the session failed: %s", error->message);
}

static gboolean
keepalive_cb (gpointer user_data)
{
  FerryConnection *self = user_data;

  if (!self->keepalive_in_flight && self->token != NULL)
    {
      self->keepalive_in_flight = TRUE;
      ferry_connection_call_async (self, "PUT", "/api/sessions", NULL, NULL, FERRY_REQUEST_NONE,
                                   self->cancellable, keepalive_done_cb, NULL);
    }
  return G_SOURCE_CONTINUE;
}

void
_ferry_connection_update_keepalive (FerryConnection *self)
{
  gboolean wanted = self->hold_count > 0 && self->state == FERRY_CONNECTION_STATE_CONNECTED;

  if (wanted && self->keepalive_source == NULL)
    {
      guint timeout = self->session_timeout ? self->session_timeout : DEFAULT_SESSION_TIMEOUT;
      guint interval_ms = MAX (1000u, (guint) ((guint64) timeout * 1000 / 3));

      g_debug ("keeping the session alive every %u ms", interval_ms);
      self->keepalive_source = g_timeout_source_new (interval_ms);
      g_source_set_name (self->keepalive_source, "[ferry] session keep-alive");
      g_source_set_callback (self->keepalive_source, keepalive_cb, self, NULL);
      g_source_attach (self->keepalive_source, self->context);
    }
  else if (!wanted)
    {
      _ferry_connection_stop_keepalive (self);
    }
}

void
ferry_connection_hold_session (FerryConnection *self)
{
  g_return_if_fail (FERRY_IS_CONNECTION (self));

  self->hold_count++;
  _ferry_connection_update_keepalive (self);
}

void
ferry_connection_release_session (FerryConnection *self)
{
  g_return_if_fail (FERRY_IS_CONNECTION (self));
  g_return_if_fail (self->hold_count > 0);

  self->hold_count--;
  _ferry_connection_update_keepalive (self);
}
