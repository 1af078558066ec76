/* ferry-environment.c: a saved Library environment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-environment"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "ferry-environment.h"

G_DEFINE_QUARK (ferry-environment-error-quark, ferry_environment_error)

/* ------------------------------------------------------------------------ */
/* Keyring                                                                    */
/* ------------------------------------------------------------------------ */

static const SecretSchema *
password_schema (void)
{
  static const SecretSchema schema = {
    "io.github.ferryapp.Ferry.Password", SECRET_SCHEMA_NONE,
    {
      { "base-url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
ferry_password_store_async (const char         *base_url,
                            const char         *username,
                            const char         *password,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *label = g_strdup_printf (_("Ferry: %s at %s"), username, base_url);

  g_task_set_source_tag (task, ferry_password_store_async);
  secret_password_store (password_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, store_cb, task,
                         "base-url", base_url, "username", username, NULL);
}

gboolean
ferry_password_store_finish (GAsyncResult *result,
                             GError      **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    {
      /* Copy out of non-pageable memory into a string the caller frees;
       * it lives only as long as the connection needs it. */
      char *copy = g_strdup (password);
      secret_password_free (password);
      g_task_return_pointer (task, copy, g_free);
    }
}

void
ferry_password_lookup_async (const char         *base_url,
                             const char         *username,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ferry_password_lookup_async);
  secret_password_lookup (password_schema (), cancellable, lookup_cb, task,
                          "base-url", base_url, "username", username, NULL);
}

char *
ferry_password_lookup_finish (GAsyncResult *result,
                              GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
ferry_password_clear_async (const char         *base_url,
                            const char         *username,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ferry_password_clear_async);
  secret_password_clear (password_schema (), cancellable, clear_cb, task,
                         "base-url", base_url, "username", username, NULL);
}

gboolean
ferry_password_clear_finish (GAsyncResult *result,
                             GError      **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
ferry_password_describe_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_EXEC_FAILED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_CHILD_EXITED))
    return g_strdup (_("no keyring service is running"));
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE))
    return g_strdup (_("the keyring service gave an unexpected answer"));
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_strdup (_("the keyring service did not answer"));
  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return g_strdup (_("the keyring is locked"));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_strdup (_("unlocking the keyring was cancelled"));
  if (g_dbus_error_is_remote_error (error))
    {
      g_autoptr(GError) copy = g_error_copy (error);

      /* "GDBus.Error:org.freedesktop.…: text" → "text" */
      g_dbus_error_strip_remote_error (copy);
      return g_strdup (copy->message);
    }
  return g_strdup (error->message);
}

/* ------------------------------------------------------------------------ */
/* FerryEnvironment                                                           */
/* ------------------------------------------------------------------------ */

struct _FerryEnvironment
{
  GObject          parent_instance;

  char            *name;
  char            *base_url;
  FerryLoginMode   login_mode;
  char            *username;
  gboolean         remember_password;
  gboolean         is_demo;

  FerryConnection *connection;
  char            *last_error;
  char            *keyring_error;
  gulong           state_handler;
};

G_DEFINE_FINAL_TYPE (FerryEnvironment, ferry_environment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_BASE_URL,
  PROP_LOGIN_MODE,
  PROP_USERNAME,
  PROP_REMEMBER_PASSWORD,
  PROP_IS_DEMO,
  PROP_CONNECTION,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_KEYRING_ERROR,
  N_PROPS
};

static GParamSpec *env_props[N_PROPS];

static void
ferry_environment_dispose (GObject *object)
{
  FerryEnvironment *self = FERRY_ENVIRONMENT (object);

  if (self->connection != NULL)
    g_clear_signal_handler (&self->state_handler, self->connection);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (ferry_environment_parent_class)->dispose (object);
}

static void
ferry_environment_finalize (GObject *object)
{
  FerryEnvironment *self = FERRY_ENVIRONMENT (object);

  g_free (self->name);
  g_free (self->base_url);
  g_free (self->username);
  g_free (self->last_error);
  g_free (self->keyring_error);

  G_OBJECT_CLASS (ferry_environment_parent_class)->finalize (object);
}

static void
ferry_environment_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FerryEnvironment *self = FERRY_ENVIRONMENT (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_BASE_URL: g_value_set_string (value, self->base_url); break;
    case PROP_LOGIN_MODE: g_value_set_int (value, self->login_mode); break;
    case PROP_USERNAME: g_value_set_string (value, self->username); break;
    case PROP_REMEMBER_PASSWORD: g_value_set_boolean (value, self->remember_password); break;
    case PROP_IS_DEMO: g_value_set_boolean (value, self->is_demo); break;
    case PROP_CONNECTION: g_value_set_object (value, self->connection); break;
    case PROP_STATE: g_value_set_int (value, ferry_environment_get_state (self)); break;
    case PROP_LAST_ERROR: g_value_set_string (value, self->last_error); break;
    case PROP_KEYRING_ERROR: g_value_set_string (value, self->keyring_error); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_environment_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FerryEnvironment *self = FERRY_ENVIRONMENT (object);

  switch (prop_id)
    {
    case PROP_NAME: g_free (self->name); self->name = g_value_dup_string (value); break;
    case PROP_BASE_URL: g_free (self->base_url); self->base_url = g_value_dup_string (value); break;
    case PROP_LOGIN_MODE: self->login_mode = g_value_get_int (value); break;
    case PROP_USERNAME: g_free (self->username); self->username = g_value_dup_string (value); break;
    case PROP_REMEMBER_PASSWORD: self->remember_password = g_value_get_boolean (value); break;
    case PROP_IS_DEMO: self->is_demo = g_value_get_boolean (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_environment_class_init (FerryEnvironmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ferry_environment_dispose;
  object_class->finalize = ferry_environment_finalize;
  object_class->get_property = ferry_environment_get_property;
  object_class->set_property = ferry_environment_set_property;

  /* A definition is immutable: editing one replaces it in the list. */
  env_props[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, co);
  env_props[PROP_BASE_URL] = g_param_spec_string ("base-url", NULL, NULL, NULL, co);
  env_props[PROP_LOGIN_MODE] = g_param_spec_int ("login-mode", NULL, NULL, 0, G_MAXINT,
                                                 FERRY_LOGIN_MODE_STANDARD, co);
  env_props[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, co);
  env_props[PROP_REMEMBER_PASSWORD] = g_param_spec_boolean ("remember-password", NULL, NULL, TRUE, co);
  env_props[PROP_IS_DEMO] = g_param_spec_boolean ("is-demo", NULL, NULL, FALSE, co);
  env_props[PROP_CONNECTION] = g_param_spec_object ("connection", NULL, NULL, FERRY_TYPE_CONNECTION, ro);
  env_props[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, G_MAXINT,
                                            FERRY_CONNECTION_STATE_DISCONNECTED, ro);
  env_props[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, ro);
  env_props[PROP_KEYRING_ERROR] = g_param_spec_string ("keyring-error", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, env_props);
}

static void
ferry_environment_init (FerryEnvironment *self)
{
  self->login_mode = FERRY_LOGIN_MODE_STANDARD;
  self->remember_password = TRUE;
}

FerryEnvironment *
ferry_environment_new (const char     *name,
                       const char     *base_url,
                       FerryLoginMode  login_mode,
                       const char     *username,
                       gboolean        remember_password)
{
  return g_object_new (FERRY_TYPE_ENVIRONMENT,
                       "name", name,
                       "base-url", base_url,
                       "login-mode", (int) login_mode,
                       "username", username,
                       "remember-password", remember_password,
                       NULL);
}

const char *
ferry_environment_get_name (FerryEnvironment *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), NULL);
  return self->name;
}

const char *
ferry_environment_get_base_url (FerryEnvironment *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), NULL);
  return self->base_url;
}

FerryLoginMode
ferry_environment_get_login_mode (FerryEnvironment *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), FERRY_LOGIN_MODE_STANDARD);
  return self->login_mode;
}

const char *
ferry_environment_get_username (FerryEnvironment *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), NULL);
  return self->username;
}

gboolean
ferry_environment_get_remember_password (FerryEnvironment *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), FALSE);
  return self->remember_password;
}

gboolean
ferry_environment_get_is_demo (FerryEnvironment *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), FALSE);
  return self->is_demo;
}

FerryConnection *
ferry_environment_get_connection (FerryEnvironment *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), NULL);
  return self->connection;
}

FerryConnectionState
ferry_environment_get_state (FerryEnvironment *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), FERRY_CONNECTION_STATE_DISCONNECTED);
  return self->connection ? ferry_connection_get_state (self->connection)
                          : FERRY_CONNECTION_STATE_DISCONNECTED;
}

const char *
ferry_environment_get_keyring_error (FerryEnvironment *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), NULL);
  return self->keyring_error;
}

const char *
ferry_environment_get_last_error (FerryEnvironment *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), NULL);
  return self->last_error;
}

static void
set_last_error (FerryEnvironment *self,
                const char       *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), env_props[PROP_LAST_ERROR]);
}

/* The keyring's last failure for this environment as a sentence, NULL
 * once it worked again. */
static void
set_keyring_error (FerryEnvironment *self,
                   const char       *sentence)
{
  if (g_strcmp0 (self->keyring_error, sentence) == 0)
    return;
  g_free (self->keyring_error);
  self->keyring_error = g_strdup (sentence);
  g_object_notify_by_pspec (G_OBJECT (self), env_props[PROP_KEYRING_ERROR]);
}

/* "host:port" of BASE_URL, the port always said (the scheme's default when
 * the URL has none), an IPv6 address in brackets. */
static char *
host_and_port (const char *base_url)
{
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;
  int port;

  if (host == NULL || *host == '\0')
    return g_strdup (base_url);

  port = g_uri_get_port (uri);
  if (port < 0)
    port = g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0 ? 80 : 443;

  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%d", host, port);
  return g_strdup_printf ("%s:%d", host, port);
}

/* Why a connection to an address failed, in a few words (lower case: it
 * follows a colon). NULL: the error's own message says it best. */
static const char *
network_reason (const GError *error)
{
  if (error->domain != G_IO_ERROR)
    return NULL;

  switch (error->code)
    {
    case G_IO_ERROR_CONNECTION_REFUSED:
      return _("connection refused");
    case G_IO_ERROR_HOST_UNREACHABLE:
      return _("no route to the host");
    case G_IO_ERROR_NETWORK_UNREACHABLE:
      return _("the network is unreachable");
    case G_IO_ERROR_CONNECTION_CLOSED:
      return _("the server closed the connection");
    case G_IO_ERROR_NOT_CONNECTED:
      return _("not connected");
    default:
      return NULL;
    }
}

char *
ferry_environment_describe_error (FerryEnvironment *self,
                                  const GError     *error)
{
  g_autofree char *address = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *host;
  const char *reason;

  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (self), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  address = host_and_port (self->base_url);
  uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
  host = uri != NULL && g_uri_get_host (uri) != NULL ? g_uri_get_host (uri) : self->base_url;
  description = ferry_api_error_describe (error);

  if (g_error_matches (error, FERRY_ENVIRONMENT_ERROR, FERRY_ENVIRONMENT_ERROR_NO_PASSWORD))
    return g_strdup (error->message);

  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_LOGIN_FAILED))
    return g_strdup (_("The user name or password is wrong"));

  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_FORBIDDEN))
    return g_strdup_printf (_("%s lacks a privilege Ferry needs: %s"), self->username, description);

  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_A_LIBRARY_SERVER))
    return g_strdup_printf (_("%s answers, but not as a MicroStrategy Library server"), address);

  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_TLS_UNTRUSTED))
    return g_strdup_printf (_("The certificate of %s is not trusted"), host);

  if (error->domain == G_RESOLVER_ERROR ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND))
    return g_strdup_printf (_("Could not find the server %s"), host);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_strdup_printf (_("%s did not answer in time"), address);

  reason = network_reason (error);
  if (reason != NULL)
    /* Translators: "Could not reach 127.0.0.1:8443: connection refused" */
    return g_strdup_printf (_("Could not reach %s: %s"), address, reason);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FAILED) || error->domain == G_TLS_ERROR)
    return g_strdup_printf (_("Could not reach %s: %s"), address, description);

  return g_steal_pointer (&description);
}

gboolean
ferry_environment_validate (const char *name,
                            const char *base_url,
                            const char *username,
                            GError    **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *trimmed = NULL;
  const char *scheme;

  if (name == NULL || *g_strstrip ((trimmed = g_strdup (name))) == '\0')
    {
      g_set_error_literal (error, FERRY_ENVIRONMENT_ERROR, FERRY_ENVIRONMENT_ERROR_INVALID_NAME,
                           _("Give the environment a name"));
      return FALSE;
    }

  if (base_url == NULL || *base_url == '\0')
    {
      g_set_error_literal (error, FERRY_ENVIRONMENT_ERROR, FERRY_ENVIRONMENT_ERROR_INVALID_URL,
                           _("Enter the Library URL, for example https://bi.example.com/MicroStrategyLibrary"));
      return FALSE;
    }
  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error_literal (error, FERRY_ENVIRONMENT_ERROR, FERRY_ENVIRONMENT_ERROR_INVALID_URL,
                           _("The URL must start with https:// or http://, for example https://bi.example.com/MicroStrategyLibrary"));
      return FALSE;
    }
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error_literal (error, FERRY_ENVIRONMENT_ERROR, FERRY_ENVIRONMENT_ERROR_INVALID_URL,
                           _("The URL has no server name"));
      return FALSE;
    }

  if (username == NULL || *username == '\0')
    {
      g_set_error_literal (error, FERRY_ENVIRONMENT_ERROR, FERRY_ENVIRONMENT_ERROR_INVALID_USERNAME,
                           _("Enter the user name to log in with"));
      return FALSE;
    }
  return TRUE;
}

static void
connection_state_cb (FerryEnvironment *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), env_props[PROP_STATE]);
}

typedef struct
{
  char     *password;
  gboolean  typed;   /* the user typed it now (vs. from the keyring) */
} ConnectData;

static void
connect_data_free (ConnectData *data)
{
  if (data->password != NULL)
    {
      memset (data->password, 0, strlen (data->password));
      g_free (data->password);
    }
  g_free (data);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FerryEnvironment) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ferry_password_store_finish (result, &error))
    {
      g_autofree char *reason = ferry_password_describe_error (error);
      g_autofree char *sentence = NULL;

      /* The connection stays: the password was typed and works for this
       * session; the next start asks again, and says why. */
      g_message ("The password could not be saved in the keyring: %s", error->message);
      sentence = g_strdup_printf (_("The password for %s was not saved: %s"), self->name, reason);
      set_keyring_error (self, sentence);
    }
  else
    set_keyring_error (self, NULL);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FerryEnvironment *self = g_task_get_source_object (task);
  ConnectData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ferry_connection_connect_finish (FERRY_CONNECTION (source), result, &error))
    {
      set_last_error (self, error->message);
      g_task_return_error (task, error);
      return;
    }

  set_last_error (self, NULL);
  if (data->typed && self->remember_password && !self->is_demo)
    ferry_password_store_async (ferry_connection_get_base_url (self->connection), self->username,
                                data->password, NULL, stored_cb, g_object_ref (self));
  g_task_return_boolean (task, TRUE);
}

static void
start_connection (GTask *task)
{
  FerryEnvironment *self = g_task_get_source_object (task);
  ConnectData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryConnection) connection = NULL;

  connection = ferry_connection_new (self->base_url, self->login_mode, self->username, &error);
  if (connection == NULL)
    {
      set_last_error (self, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (self->connection != NULL)
    {
      g_clear_signal_handler (&self->state_handler, self->connection);
      g_clear_object (&self->connection);
    }
  self->connection = g_steal_pointer (&connection);
  self->state_handler = g_signal_connect_swapped (self->connection, "notify::state",
                                                  G_CALLBACK (connection_state_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), env_props[PROP_CONNECTION]);
  g_object_notify_by_pspec (G_OBJECT (self), env_props[PROP_STATE]);

  ferry_connection_connect_async (self->connection, data->password ? data->password : "",
                                  g_task_get_cancellable (task), connected_cb, task);
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  ConnectData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  FerryEnvironment *self = g_task_get_source_object (task);

  data->password = ferry_password_lookup_finish (result, &error);
  if (data->password == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *reason = ferry_password_describe_error (error);
          g_autofree char *sentence = g_strdup_printf (_("The keyring could not be read: %s"), reason);

          g_debug ("No keyring available: %s", error->message);
          set_keyring_error (self, sentence);
          g_task_return_new_error (task, FERRY_ENVIRONMENT_ERROR, FERRY_ENVIRONMENT_ERROR_NO_PASSWORD,
                                   _("The keyring could not be read (%s). Enter the password for %s"),
                                   reason, self->username);
        }
      else
        g_task_return_new_error (task, FERRY_ENVIRONMENT_ERROR, FERRY_ENVIRONMENT_ERROR_NO_PASSWORD,
                                 _("Enter the password for %s"), self->username);
      g_object_unref (task);
      return;
    }
  start_connection (task);
}

void
ferry_environment_connect_async (FerryEnvironment   *self,
                                 const char         *password,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  GTask *task;
  ConnectData *data;

  g_return_if_fail (FERRY_IS_ENVIRONMENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_environment_connect_async);
  data = g_new0 (ConnectData, 1);
  data->password = g_strdup (password);
  data->typed = password != NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) connect_data_free);

  if (password == NULL && self->remember_password && !self->is_demo)
    {
      ferry_password_lookup_async (self->base_url, self->username, cancellable, looked_up_cb, task);
      return;
    }
  if (password == NULL && !self->is_demo)
    {
      g_task_return_new_error (task, FERRY_ENVIRONMENT_ERROR, FERRY_ENVIRONMENT_ERROR_NO_PASSWORD,
                               _("Enter the password for %s"), self->username);
      g_object_unref (task);
      return;
    }
  start_connection (task);
}

gboolean
ferry_environment_connect_finish (FerryEnvironment *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ferry_environment_disconnect (FerryEnvironment *self)
{
  g_return_if_fail (FERRY_IS_ENVIRONMENT (self));

  if (self->connection == NULL)
    return;
  ferry_connection_disconnect_async (self->connection, NULL, NULL, NULL);
  g_clear_signal_handler (&self->state_handler, self->connection);
  g_clear_object (&self->connection);
  g_object_notify_by_pspec (G_OBJECT (self), env_props[PROP_CONNECTION]);
  g_object_notify_by_pspec (G_OBJECT (self), env_props[PROP_STATE]);
}
