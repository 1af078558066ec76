/* ferry-connection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SoupSession per connection, with a cookie jar: the token header and
 * the cookies the server set at login travel together on every request.
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
 * Secrets: the password and the token are kept in memory only, wiped when
 * replaced, and never written to a log; debug lines name the method, the
 * path, the status and the time taken, never headers or bodies.
 */

#define G_LOG_DOMAIN "ferry-connection"

#include "config.h"

#include "ferry-connection.h"
#include "ferry-connection-private.h"

#include <string.h>

#define DEFAULT_REQUEST_TIMEOUT  60      /* seconds */
#define DEFAULT_SESSION_TIMEOUT  1800    /* seconds, when the server does not say */
#define MAX_ATTEMPTS             3
#define FIRST_BACKOFF_MS         300
#define MAX_RETRY_AFTER_MS       5000
#define LARGE_BODY_BYTES         (256 * 1024)   /* parsed in a worker thread */

G_DEFINE_ENUM_TYPE (FerryLoginMode, ferry_login_mode,
  G_DEFINE_ENUM_VALUE (FERRY_LOGIN_MODE_STANDARD, "standard"),
  G_DEFINE_ENUM_VALUE (FERRY_LOGIN_MODE_LDAP, "ldap"))

G_DEFINE_ENUM_TYPE (FerryConnectionState, ferry_connection_state,
  G_DEFINE_ENUM_VALUE (FERRY_CONNECTION_STATE_DISCONNECTED, "disconnected"),
  G_DEFINE_ENUM_VALUE (FERRY_CONNECTION_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (FERRY_CONNECTION_STATE_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (FERRY_CONNECTION_STATE_FAILED, "failed"))

struct _FerryConnection
{
  GObject               parent_instance;

  /* What the user gave (construct-only) */
  char                 *base_url;
  char                 *username;
  FerryLoginMode        login_mode;
  char                 *host;
  gboolean              insecure;

  /* Settings */
  guint                 request_timeout;
  char                 *trusted_sha256;     /* 64 upper-case hex digits, or NULL */

  /* State */
  FerryConnectionState  state;
  char                 *server_version;
  guint                 session_timeout;

  /* Owned references */
  GMainContext         *context;
  SoupSession          *session;
  SoupCookieJar        *cookies;
  GCancellable         *cancellable;        /* cancelled on dispose */

  /* Secrets: never logged, wiped when replaced */
  char                 *token;
  char                 *password;

  /* Re-login: the generation counts logins; a request that was sent with
   * an older one just repeats after a 401. */
  guint64               login_generation;
  GPtrArray            *relogin_waiters;    /* of GTask, while a re-login runs */

  /* Keep-alive */
  guint                 hold_count;
  GSource              *keepalive_source;
  gboolean              keepalive_in_flight;

  /* Tests */
  guint                 attempts;
};

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

static void
wipe_string (char **s)
{
  if (*s != NULL)
    {
      explicit_bzero (*s, strlen (*s));
      g_clear_pointer (s, g_free);
    }
}

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
                   "Enter the address of the Library server, for example " URL_EXAMPLE);
      return NULL;
    }

  uri = g_uri_parse (text, G_URI_FLAGS_PARSE_RELAXED | G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_scheme (uri) == NULL ||
      (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0 &&
       g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not the address of a Library server: it must start with https:// "
                   "(or http://), for example " URL_EXAMPLE, text);
      return NULL;
    }
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” names no server: add the server’s name after %s://, for example " URL_EXAMPLE,
                   text, g_uri_get_scheme (uri));
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

/* ------------------------------------------------------------------------ */
/* Properties                                                                 */
/* ------------------------------------------------------------------------ */

static void
set_state (FerryConnection      *self,
           FerryConnectionState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_server_version (FerryConnection *self,
                    const char      *version)
{
  if (g_strcmp0 (self->server_version, version) == 0)
    return;
  g_free (self->server_version);
  self->server_version = g_strdup (version);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_VERSION]);
}

static void
set_session_timeout (FerryConnection *self,
                     guint            seconds)
{
  if (self->session_timeout == seconds)
    return;
  self->session_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_TIMEOUT]);
}

static void
set_token (FerryConnection *self,
           const char      *token)
{
  wipe_string (&self->token);
  self->token = g_strdup (token);
}

static void
clear_cookies (FerryConnection *self)
{
  GSList *all = soup_cookie_jar_all_cookies (self->cookies);

  for (GSList *l = all; l != NULL; l = l->next)
    soup_cookie_jar_delete_cookie (self->cookies, l->data);
  g_slist_free_full (all, (GDestroyNotify) soup_cookie_free);
}

static void update_keepalive (FerryConnection *self);

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
}

static void
stop_keepalive (FerryConnection *self)
{
  if (self->keepalive_source != NULL)
    {
      g_source_destroy (self->keepalive_source);
      g_clear_pointer (&self->keepalive_source, g_source_unref);
    }
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

  stop_keepalive (self);
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
  wipe_string (&self->token);
  wipe_string (&self->password);

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

/* Ends the request: no source of it may fire afterwards. */
static void
request_complete_error (GTask  *task,
                        GError *error)
{
  Request *req = g_task_get_task_data (task);

  if (req->phase == PHASE_DONE)
    {
      g_error_free (error);
      return;
    }
  req->phase = PHASE_DONE;
  destroy_source (&req->timeout_source);
  destroy_source (&req->backoff_source);
  destroy_source (&req->cancel_source);
  g_task_return_error (task, error);
}

static void
request_complete (GTask      *task,
                  CallResult *result)
{
  Request *req = g_task_get_task_data (task);

  if (req->phase == PHASE_DONE)
    {
      call_result_free (result);
      return;
    }
  req->phase = PHASE_DONE;
  destroy_source (&req->timeout_source);
  destroy_source (&req->backoff_source);
  destroy_source (&req->cancel_source);
  g_task_return_pointer (task, result, (GDestroyNotify) call_result_free);
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
                                                 "The request was cancelled (%s %s)",
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
  g_autofree char *sha256 = certificate_sha256 (certificate);

  if (fingerprint_matches (self->trusted_sha256, sha256))
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

static JsonNode *
parse_json (GBytes  *bytes,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, (gssize) len, error))
    return NULL;
  root = json_parser_get_root (parser);
  return root ? json_node_ref (root) : NULL;
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
  g_autofree char *phrase = g_strdup_printf ("%u %s", result->status,
                                             soup_status_get_phrase (result->status));
  GError *error = ferry_api_error_new_literal (FERRY_API_ERROR_INVALID_RESPONSE, result->status, NULL, NULL, NULL);

  g_free (error->message);
  error->message = g_strdup_printf ("The server answered %s with JSON it could not read: %s",
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

static void
send_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  FerryConnection *self = g_task_get_source_object (task);
  GCancellable *caller = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SoupMessage) msg = g_steal_pointer (&req->msg);
  gint64 ms;
  guint status;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), res, &error);
  ms = (g_get_monotonic_time () - req->started_us) / 1000;
  destroy_source (&req->timeout_source);
  g_clear_object (&req->attempt_cancellable);
  g_signal_handlers_disconnect_by_func (msg, accept_certificate_cb, task);

  if (req->phase == PHASE_DONE)
    return;

  if (error != NULL)
    {
      if (req->timed_out)
        {
          g_debug ("%s %s → timed out (%" G_GINT64_FORMAT " ms)", req->method, log_path (req), ms);
          request_complete_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                                     "%s did not answer within %u seconds (%s %s)",
                                                     self->host, self->request_timeout,
                                                     req->method, log_path (req)));
          return;
        }
      if ((caller != NULL && g_cancellable_is_cancelled (caller)) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("%s %s → cancelled (%" G_GINT64_FORMAT " ms)", req->method, log_path (req), ms);
          request_complete_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "The request was cancelled (%s %s)",
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
      g_prefix_error (&error, "The connection to %s failed: ", self->host);
      request_complete_error (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (msg);
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
                                                 "“%s” is not a valid request path", req->path));
      return;
    }

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
  soup_session_send_and_read_async (self->session, req->msg, G_PRIORITY_DEFAULT,
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
                                                         "The connection has no valid server address"));
      return;
    }
  if ((flags & FERRY_REQUEST_NO_SESSION) == 0 && self->token == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Not connected to %s: connect first", self->base_url);

      request_complete_error (task, ferry_api_error_new_literal (FERRY_API_ERROR_NOT_CONNECTED, 0, NULL, NULL,
                                                                 message));
      return;
    }

  if (cancellable != NULL)
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          request_complete_error (task, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "The request was cancelled (%s %s)",
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

static CallResult *
call_propagate (FerryConnection *self,
                GAsyncResult    *result,
                guint           *status_out,
                GError         **error)
{
  GError *local = NULL;
  CallResult *res = g_task_propagate_pointer (G_TASK (result), &local);

  if (local != NULL)
    {
      if (status_out != NULL)
        *status_out = ferry_api_error_get_http_status (local);
      g_propagate_error (error, local);
      return NULL;
    }
  if (status_out != NULL)
    *status_out = res->status;
  return res;
}

JsonNode *
ferry_connection_call_finish_full (FerryConnection     *self,
                                   GAsyncResult        *result,
                                   guint               *status_out,
                                   SoupMessageHeaders **headers_out,
                                   GError             **error)
{
  g_autoptr(CallResult) res = NULL;

  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  res = call_propagate (self, result, status_out, error);
  if (res == NULL)
    return NULL;
  if (headers_out != NULL)
    *headers_out = soup_message_headers_ref (res->headers);
  return g_steal_pointer (&res->node);
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
  g_autoptr(CallResult) res = NULL;

  g_return_val_if_fail (FERRY_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  res = call_propagate (self, result, status_out, error);
  if (res == NULL)
    return NULL;
  if (headers_out != NULL)
    *headers_out = soup_message_headers_ref (res->headers);
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
                               "The connection to %s was closed while logging in", self->host);
      return;
    }
  token = soup_message_headers_get_one (headers, "X-MSTR-AuthToken");
  if (token == NULL || *token == '\0')
    {
      g_task_return_new_error (task, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                               "%s accepted the login but sent no session token (X-MSTR-AuthToken)",
                               self->host);
      return;
    }
  set_token (self, token);
  self->login_generation++;
  g_debug ("logged in as %s", self->username);
  g_task_return_boolean (task, TRUE);
}

/* POST /api/auth/login with the kept password; sets the token. */
static void
login_async (FerryConnection     *self,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GBytes) body = login_body (self);

  g_task_set_source_tag (task, login_async);
  call_bytes_async (self, "POST", "/api/auth/login", NULL, NULL, body, FERRY_REQUEST_NO_SESSION,
                    cancellable, login_async, login_done_cb, task);
}

static gboolean
login_finish (FerryConnection  *self,
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
  gboolean ok = login_finish (self, res, &error);

  if (!ok)
    {
      g_debug ("logging in again failed: %s", error->message);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_state (self, FERRY_CONNECTION_STATE_FAILED);
    }
  else if (self->state == FERRY_CONNECTION_STATE_FAILED)
    {
      set_state (self, FERRY_CONNECTION_STATE_CONNECTED);
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
  login_async (self, self->cancellable, relogin_done_cb, NULL);
}

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
  set_token (self, NULL);
  wipe_string (&self->password);
  set_state (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
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
      JsonNode *member = json_object_get_member (json_node_get_object (node), "timeout");

      if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
          (json_node_get_value_type (member) == G_TYPE_INT64 ||
           json_node_get_value_type (member) == G_TYPE_DOUBLE) &&
          json_node_get_double (member) >= 1)
        timeout = (guint) MIN (json_node_get_double (member), (double) G_MAXUINT / 1000);
    }

  set_session_timeout (self, timeout);
  set_server_version (self, data->server_version);
  set_state (self, FERRY_CONNECTION_STATE_CONNECTED);
  g_debug ("connected to %s (server %s, session timeout %u s)", self->base_url,
           self->server_version ? self->server_version : "of unknown version", timeout);
  update_keepalive (self);
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

  if (!login_finish (self, res, &error))
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
  error->message = g_strdup_printf ("No MicroStrategy Library server answers at %s. %s. "
                                    "Check the address: it usually ends in /MicroStrategyLibrary",
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
                                         "No MicroStrategy Library server answers at %s: its /api/status "
                                         "says nothing about a server version. Check the address: it "
                                         "usually ends in /MicroStrategyLibrary",
                                         self->base_url));
      return;
    }
  else
    {
      JsonObject *object = json_node_get_object (node);
      const char *version = json_object_get_string_member_with_default (object, "iServerVersion", NULL);

      if (version == NULL)
        version = json_object_get_string_member_with_default (object, "webVersion", NULL);
      data->server_version = g_strdup (version);
    }

  login_async (self, g_task_get_cancellable (task), connect_login_cb, g_object_ref (task));
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
                               "Already connecting to %s", self->base_url);
      return;
    }
  if (self->base_url == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "The connection has no valid server address");
      return;
    }

  /* A new connect replaces the session: the old one is logged out. */
  stop_keepalive (self);
  if (self->token != NULL)
    ferry_connection_call_async (self, "POST", "/api/auth/logout", NULL, NULL, FERRY_REQUEST_NONE,
                                 NULL, logout_quietly_cb, NULL);
  set_token (self, NULL);
  wipe_string (&self->password);
  self->password = g_strdup (password ? password : "");
  set_state (self, FERRY_CONNECTION_STATE_CONNECTING);

  g_debug ("connecting to %s as %s", self->base_url, self->username);
  ferry_connection_call_async (self, "GET", "/api/status", NULL, NULL, FERRY_REQUEST_NO_SESSION,
                               cancellable, status_cb, g_steal_pointer (&task));
}

gboolean
ferry_connection_connect_finish (FerryConnection  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
disconnected (FerryConnection *self)
{
  stop_keepalive (self);
  set_token (self, NULL);
  wipe_string (&self->password);
  clear_cookies (self);
  set_server_version (self, NULL);
  set_state (self, FERRY_CONNECTION_STATE_DISCONNECTED);
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

  stop_keepalive (self);
  /* No re-login while logging out. */
  wipe_string (&self->password);
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
  g_return_val_if_fail (FERRY_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Keep-alive                                                                 */
/* ------------------------------------------------------------------------ */

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

static void
update_keepalive (FerryConnection *self)
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
      stop_keepalive (self);
    }
}

void
ferry_connection_hold_session (FerryConnection *self)
{
  g_return_if_fail (FERRY_IS_CONNECTION (self));

  self->hold_count++;
  update_keepalive (self);
}

void
ferry_connection_release_session (FerryConnection *self)
{
  g_return_if_fail (FERRY_IS_CONNECTION (self));
  g_return_if_fail (self->hold_count > 0);

  self->hold_count--;
  update_keepalive (self);
}
