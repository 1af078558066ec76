/* ferry-connection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FerryConnection: the object, its properties, the base URL and the trusted
 * certificate. The class is split by concern, sharing
 * ferry-connection-private.h:
 *
 *   ferry-connection.c          the object, properties, secrets, certificates
 *   ferry-connection-request.c  one request (retry, back-off, re-login, parsing)
 *   ferry-connection-session.c  connect, disconnect and the keep-alive
 *
 * One SoupSession per connection, with a cookie jar: the token header and
 * the cookies the server set at login travel together on every request.
 *
 * Secrets: the password and the token are kept in memory only, wiped when
 * replaced, and never written to a log; debug lines name the method, the
 * path, the status and the time taken, never headers or bodies.
 */

#define G_LOG_DOMAIN "ferry-connection"

#include "config.h"

#include "ferry-connection.h"
#include "ferry-connection-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define G_LOG_DOMAIN "ferry-connection"


#include "ferry-connection.h"
#include "ferry-connection-private.h"

#include <string.h>

#define DEFAULT_REQUEST_TIMEOUT  60      /* seconds */

G_DEFINE_ENUM_TYPE (FerryLoginMode, ferry_login_mode,
  G_DEFINE_ENUM_VALUE (FERRY_LOGIN_MODE_STANDARD, "standard"),
  G_DEFINE_ENUM_VALUE (FERRY_LOGIN_MODE_LDAP, "ldap"))

G_DEFINE_ENUM_TYPE (FerryConnectionState, ferry_connection_state,
  G_DEFINE_ENUM_VALUE (FERRY_CONNECTION_STATE_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (FERRY_CONNECTION_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (FERRY_CONNECTION_STATE_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (FERRY_CONNECTION_STATE_FAILED, "failed"))

G_DEFINE_FINAL_TYPE (FerryConnection, ferry_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_USERNAME,
  PROP_LOGIN_MODE,
  PROP_STATE,
  PROP_SERVER_VERSION,
  PROP_INSECURE,
  PROP_REQUEST_TIMEOUT,
  PROP_SESSION_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* Secrets                                                                    */
/* ------------------------------------------------------------------------ */

void
_ferry_connection_wipe_string (char **s)
{
  if (*s != NULL)
    {
      explicit_bzero (*s, strlen (*s));
      g_clear_pointer (s, g_free);
    }
}

/* ------------------------------------------------------------------------ */
/* Base URL                                                                   */
/* ------------------------------------------------------------------------ */

#define URL_EXAMPLE "https://server/MicroStrategyLibrary"

char *
ferry_connection_normalize_base_url (const char  *base_url,
                                     GError     **error)
{
  g_autofree char *text = g_strstrip (g_strdup (base_url ? base_url : ""));
  g_autoptr(GUri) uri = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  gsize len;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (*text == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is an example address */
                   _("Enter the address of the Library server, for example %s"), URL_EXAMPLE);
      return NULL;
    }

  uri = g_uri_parse (text, G_URI_FLAGS_PARSE_RELAXED | G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_scheme (uri) == NULL ||
      (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0 &&
       g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: the second %s is an example address */
                   _("“%s” is not the address of a Library server: it must start with https:// "
                     "(or http://), for example %s"), text, URL_EXAMPLE);
      return NULL;
    }
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   /* Translators: the second %s is "https" or "http", the third an example address */
                   _("“%s” names no server: add the server’s name after %s://, for example %s"),
                   text, g_uri_get_scheme (uri), URL_EXAMPLE);
      return NULL;
    }

  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  path = g_strdup (g_uri_get_path (uri));

  /* "…/MicroStrategyLibrary/", "…/MicroStrategyLibrary/api/" → "…/MicroStrategyLibrary" */
  len = strlen (path);
  while (len > 0 && path[len - 1] == '/')
    path[--len] = '\0';
  if (len >= 4 && g_ascii_strcasecmp (path + len - 4, "/api") == 0)
    {
      len -= 4;
      path[len] = '\0';
      while (len > 0 && path[len - 1] == '/')
        path[--len] = '\0';
    }

  return g_uri_join (G_URI_FLAGS_ENCODED, scheme, NULL, host, g_uri_get_port (uri), path, NULL, NULL);
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_str_has_suffix (host, ".localhost"))
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* ------------------------------------------------------------------------ */
/* Certificates                                                               */
/* ------------------------------------------------------------------------ */

/* "74:07:2C:…" for the DER of CERTIFICATE. */
static char *
certificate_sha256 (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *hex = NULL;
  GString *out;

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;
  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  out = g_string_sized_new (96);
  for (guint i = 0; hex[i] != '\0'; i += 2)
    {
      if (i > 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (hex[i]));
      g_string_append_c (out, g_ascii_toupper (hex[i + 1]));
    }
  return g_string_free (out, FALSE);
}

/* "74:07:2c…" or "74072C…" → "74072C…"; NULL when not 64 hex digits. */
static char *
normalize_fingerprint (const char *text)
{
  GString *out = g_string_sized_new (64);

  for (const char *p = text; *p; p++)
    {
      if (*p == ':' || g_ascii_isspace (*p))
        continue;
      if (!g_ascii_isxdigit (*p))
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append_c (out, g_ascii_toupper (*p));
    }
  if (out->len != 64)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static gboolean
fingerprint_matches (const char *trusted,
                     const char *presented)
{
  g_autofree char *normal = presented ? normalize_fingerprint (presented) : NULL;

  return trusted != NULL && normal != NULL && strcmp (trusted, normal) == 0;
}

/* TRUE when CERTIFICATE is the one the user trusted by its fingerprint;
 * else FALSE and *OUT_SHA256 (may be NULL) its fingerprint, to show. */
gboolean
_ferry_connection_trusts_certificate (FerryConnection  *self,
                                      GTlsCertificate  *certificate,
                                      char            **out_sha256)
{
  g_autofree char *sha256 = certificate_sha256 (certificate);

  if (fingerprint_matches (self->trusted_sha256, sha256))
    return TRUE;
  if (out_sha256 != NULL)
    *out_sha256 = g_steal_pointer (&sha256);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Properties                                                                 */
/* ------------------------------------------------------------------------ */

void
_ferry_connection_set_state (FerryConnection      *self,
           FerryConnectionState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
_ferry_connection_set_server_version (FerryConnection *self,
                    const char      *version)
{
  if (g_strcmp0 (self->server_version, version) == 0)
    return;
  g_free (self->server_version);
  self->server_version = g_strdup (version);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_VERSION]);
}

void
_ferry_connection_set_session_timeout (FerryConnection *self,
                     guint            seconds)
{
  if (self->session_timeout == seconds)
    return;
  self->session_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_TIMEOUT]);
}

void
_ferry_connection_set_token (FerryConnection *self,
           const char      *token)
{
  _ferry_connection_wipe_string (&self->token);
  self->token = g_strdup (token);
}

void
_ferry_connection_clear_cookies (FerryConnection *self)
{
  GSList *all = soup_cookie_jar_all_cookies (self->cookies);

  for (GSList *l = all; l != NULL; l = l->next)
    soup_cookie_jar_delete_cookie (self->cookies, l->data);
  g_slist_free_full (all, (GDestroyNotify) soup_cookie_free);
}


static void
ferry_connection_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FerryConnection *self = FERRY_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_LOGIN_MODE:
      g_value_set_enum (value, self->login_mode);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SERVER_VERSION:
      g_value_set_string (value, self->server_version);
      break;
    case PROP_INSECURE:
      g_value_set_boolean (value, self->insecure);
      break;
    case PROP_REQUEST_TIMEOUT:
      g_value_set_uint (value, self->request_timeout);
      break;
    case PROP_SESSION_TIMEOUT:
      g_value_set_uint (value, self->session_timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_connection_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FerryConnection *self = FERRY_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      {
        g_autoptr(GError) error = NULL;

        g_free (self->base_url);
        self->base_url = ferry_connection_normalize_base_url (g_value_get_string (value), &error);
        if (self->base_url == NULL)
          g_critical ("FerryConnection:base-url: %s", error->message);
      }
      break;
    case PROP_USERNAME:
      g_free (self->username);
      self->username = g_value_dup_string (value);
      break;
    case PROP_LOGIN_MODE:
      self->login_mode = g_value_get_enum (value);
      break;
    case PROP_REQUEST_TIMEOUT:
      ferry_connection_set_request_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* No message of the session follows a redirect: libsoup would send it
 * again, X-MSTR-AuthToken and all, to whatever host the answer names.
 * Requests turn a 3xx into an error naming that host
 * (ferry-connection-request.c). */
static void
request_queued_cb (SoupSession *session,
                   SoupMessage *msg,
                   gpointer     user_data)
{
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
}

static void
ferry_connection_constructed (GObject *object)
{
  FerryConnection *self = FERRY_CONNECTION (object);
  g_autofree char *user_agent = g_strdup_printf ("Ferry/%s", PACKAGE_VERSION);

  G_OBJECT_CLASS (ferry_connection_parent_class)->constructed (object);

  if (self->username == NULL)
    self->username = g_strdup ("");
  if (self->base_url != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (self->base_url, G_URI_FLAGS_ENCODED, NULL);

      if (uri != NULL)
        {
          self->host = g_strdup (g_uri_get_host (uri));
          self->insecure = g_str_equal (g_uri_get_scheme (uri), "http") && !is_loopback_host (self->host);
        }
    }
  if (self->host == NULL)
    self->host = g_strdup ("the server");

  /* libsoup's own timeouts stay off: every request has its own timer. */
  self->session = soup_session_new_with_options ("user-agent", user_agent,
                                                 "timeout", 0,
                                                 "idle-timeout", 60,
                                                 "max-conns-per-host", 6,
                                                 NULL);
  self->cookies = soup_cookie_jar_new ();
  soup_session_add_feature (self->session, SOUP_SESSION_FEATURE (self->cookies));
  g_signal_connect (self->session, "request-queued", G_CALLBACK (request_queued_cb), NULL);
}

static void
logout_on_dispose_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GBytes) bytes = NULL;

  /* Fire and forget: whatever the answer, the session object goes. */
  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  g_debug ("logged out (connection disposed)");
}

static gboolean
accept_trusted_cb (SoupMessage         *msg,
                   GTlsCertificate     *certificate,
                   GTlsCertificateFlags errors,
                   gpointer             user_data)
{
  g_autofree char *sha256 = certificate_sha256 (certificate);

  return fingerprint_matches (user_data, sha256);
}

static void
ferry_connection_dispose (GObject *object)
{
  FerryConnection *self = FERRY_CONNECTION (object);

  _ferry_connection_stop_keepalive (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  if (self->token != NULL && self->session != NULL && self->base_url != NULL)
    {
      g_autofree char *url = g_strconcat (self->base_url, "/api/auth/logout", NULL);
      g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_POST, url);

      if (msg != NULL)
        {
          soup_message_headers_replace (soup_message_get_request_headers (msg),
                                        "X-MSTR-AuthToken", self->token);
          g_signal_connect_data (msg, "accept-certificate", G_CALLBACK (accept_trusted_cb),
                                 g_strdup (self->trusted_sha256), (GClosureNotify) g_free, 0);
          /* The pending send keeps the session alive until it is done. */
          soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, NULL,
                                            logout_on_dispose_cb, NULL);
        }
    }
  _ferry_connection_wipe_string (&self->token);
  _ferry_connection_wipe_string (&self->password);

  g_clear_object (&self->cookies);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (ferry_connection_parent_class)->dispose (object);
}

static void
ferry_connection_finalize (GObject *object)
{
  FerryConnection *self = FERRY_CONNECTION (object);

  g_assert (self->relogin_waiters == NULL);

  g_free (self->base_url);
  g_free (self->username);
  g_free (self->host);
  g_free (self->trusted_sha256);
  g_free (self->server_version);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (ferry_connection_parent_class)->finalize (object);
}

static void
ferry_connection_class_init (FerryConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ferry_connection_constructed;
  object_class->dispose = ferry_connection_dispose;
  object_class->finalize = ferry_connection_finalize;
  object_class->get_property = ferry_connection_get_property;
  object_class->set_property = ferry_connection_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOGIN_MODE] =
    g_param_spec_enum ("login-mode", NULL, NULL, FERRY_TYPE_LOGIN_MODE, FERRY_LOGIN_MODE_STANDARD,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, FERRY_TYPE_CONNECTION_STATE,
                       FERRY_CONNECTION_STATE_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_VERSION] =
    g_param_spec_string ("server-version", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INSECURE] =
    g_param_spec_boolean ("insecure", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUEST_TIMEOUT] =
    g_param_spec_uint ("request-timeout", NULL, NULL, 0, G_MAXUINT / 1000, DEFAULT_REQUEST_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION_TIMEOUT] =
    g_param_spec_uint ("session-timeout", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_connection_init (FerryConnection *self)
{
  self->login_mode = FERRY_LOGIN_MODE_STANDARD;
  self->state = FERRY_CONNECTION_STATE_DISCONNECTED;
  self->request_timeout = DEFAULT_REQUEST_TIMEOUT;
  self->cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
}

/* ------------------------------------------------------------------------ */
/* Public accessors                                                           */
/* ------------------------------------------------------------------------ */

FerryConnection *
ferry_connection_new (const char      *base_url,
                      FerryLoginMode   login_mode,
                      const char      *username,
                      GError         **error)
{
  g_autofree char *normal = NULL;

  g_return_val_if_fail (username != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  normal = ferry_connection_normalize_base_url (base_url, error);
  if (normal == NULL)
    return NULL;
  return g_object_new (FERRY_TYPE_CONNECTION,
                       "base-url", normal,
                       "login-mode", login_mode,
                       "username", username,
                       NULL);
}

const char *
ferry_connection_get_base_url (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);
  return self->base_url;
}

char *
ferry_connection_dup_environment_id (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);
  return g_strconcat (self->base_url, "/", NULL);
}

const char *
ferry_connection_get_username (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);
  return self->username;
}

FerryLoginMode
ferry_connection_get_login_mode (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), FERRY_LOGIN_MODE_STANDARD);
  return self->login_mode;
}

FerryConnectionState
ferry_connection_get_state (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), FERRY_CONNECTION_STATE_DISCONNECTED);
  return self->state;
}

const char *
ferry_connection_get_server_version (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);
  return self->server_version;
}

gboolean
ferry_connection_get_insecure (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), FALSE);
  return self->insecure;
}

const char *
ferry_connection_get_host (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);
  return self->host;
}

guint
ferry_connection_get_request_timeout (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), 0);
  return self->request_timeout;
}

guint
ferry_connection_get_session_timeout (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), 0);
  return self->session_timeout;
}

void
ferry_connection_set_request_timeout (FerryConnection *self,
                                      guint            seconds)
{
  g_return_if_fail (FERRY_IS_CONNECTION (self));

  seconds = MIN (seconds, G_MAXUINT / 1000);
  if (self->request_timeout == seconds)
    return;
  self->request_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_TIMEOUT]);
}

void
ferry_connection_set_trusted_certificate (FerryConnection *self,
                                          const char      *sha256)
{
  g_autofree char *normal = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (self));

  if (sha256 != NULL)
    {
      normal = normalize_fingerprint (sha256);
      g_return_if_fail (normal != NULL);
    }
  g_free (self->trusted_sha256);
  self->trusted_sha256 = g_steal_pointer (&normal);
}

const char *
_ferry_connection_get_token_for_tests (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);
  return self->token;
}

guint
_ferry_connection_get_attempt_count_for_tests (FerryConnection *self)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), 0);
  return self->attempts;
}
