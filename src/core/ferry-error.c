/* ferry-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-error"

#include "config.h"

#include "ferry-error.h"
#include "ferry-json.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

/* Error bodies larger than this are not parsed (ferry_api_error_new_from_response). */
#define MAX_ERROR_BODY_BYTES (1024 * 1024)

/* How much of a non-JSON answer is quoted back, in characters. */
#define EXCERPT_CHARS 120

typedef struct
{
  guint    http_status;
  char    *server_code;
  char    *ticket_id;
  gint64   iserver_code;
  gboolean has_iserver_code;
  char    *content_type;
  char    *excerpt;
  char    *certificate_sha256;
  char    *certificate_host;
} FerryApiErrorPrivate;

static void
ferry_api_error_private_init (FerryApiErrorPrivate *priv)
{
  memset (priv, 0, sizeof *priv);
}

static void
ferry_api_error_private_copy (const FerryApiErrorPrivate *src,
                              FerryApiErrorPrivate       *dest)
{
  dest->http_status = src->http_status;
  dest->server_code = g_strdup (src->server_code);
  dest->ticket_id = g_strdup (src->ticket_id);
  dest->iserver_code = src->iserver_code;
  dest->has_iserver_code = src->has_iserver_code;
  dest->content_type = g_strdup (src->content_type);
  dest->excerpt = g_strdup (src->excerpt);
  dest->certificate_sha256 = g_strdup (src->certificate_sha256);
  dest->certificate_host = g_strdup (src->certificate_host);
}

static void
ferry_api_error_private_clear (FerryApiErrorPrivate *priv)
{
  g_clear_pointer (&priv->server_code, g_free);
  g_clear_pointer (&priv->ticket_id, g_free);
  g_clear_pointer (&priv->content_type, g_free);
  g_clear_pointer (&priv->excerpt, g_free);
  g_clear_pointer (&priv->certificate_sha256, g_free);
  g_clear_pointer (&priv->certificate_host, g_free);
}

G_DEFINE_EXTENDED_ERROR (FerryApiError, ferry_api_error)

/* The private data of ERROR, or NULL when it is not of our domain. */
static FerryApiErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != FERRY_API_ERROR)
    return NULL;
  return ferry_api_error_get_private (error);
}

/**
 * ferry_api_error_from_status:
 * @status: an HTTP status code that is not a success (not 2xx)
 *
 * Returns: the #FerryApiError code for a failed answer with @status.
 */
FerryApiError
ferry_api_error_from_status (guint status)
{
  switch (status)
    {
    case 400:
      return FERRY_API_ERROR_BAD_REQUEST;
    case 401:
      return FERRY_API_ERROR_UNAUTHORIZED;
    case 403:
      return FERRY_API_ERROR_FORBIDDEN;
    case 404:
      return FERRY_API_ERROR_NOT_FOUND;
    case 409:
      return FERRY_API_ERROR_CONFLICT;
    case 503:
      return FERRY_API_ERROR_UNAVAILABLE;
    default:
      if (status >= 500 && status <= 599)
        return FERRY_API_ERROR_SERVER;
      if (status >= 400 && status <= 499)
        return FERRY_API_ERROR_BAD_REQUEST;
      return FERRY_API_ERROR_FAILED;
    }
}

FerryApiError
ferry_api_error_from_server_code (guint       status,
                                  const char *server_code)
{
  if (status == 401 && g_strcmp0 (server_code, "ERR009") == 0)
    return FERRY_API_ERROR_SESSION_EXPIRED;
  if (status == 401 && g_strcmp0 (server_code, "ERR003") == 0)
    return FERRY_API_ERROR_LOGIN_FAILED;
  return ferry_api_error_from_status (status);
}

GError *
ferry_api_error_new_literal (FerryApiError  code,
                             guint          http_status,
                             const char    *server_code,
                             const char    *ticket_id,
                             const char    *message)
{
  GError *error = g_error_new_literal (FERRY_API_ERROR, code, message ? message : "");
  FerryApiErrorPrivate *priv = get_private (error);

  priv->http_status = http_status;
  priv->server_code = g_strdup (server_code);
  priv->ticket_id = g_strdup (ticket_id);
  return error;
}

/* ------------------------------------------------------------------------ */
/* What came back                                                             */
/* ------------------------------------------------------------------------ */

static char *
status_line (guint       status,
             const char *reason)
{
  if (reason == NULL || *reason == '\0')
    reason = soup_status_get_phrase (status);
  if (reason == NULL || *reason == '\0')
    return g_strdup_printf ("%u", status);
  return g_strdup_printf ("%u %s", status, reason);
}

/* The media type of CONTENT_TYPE, lower case, without parameters. */
static char *
media_type (const char *content_type)
{
  const char *semi;
  g_autofree char *type = NULL;

  if (content_type == NULL)
    return NULL;
  semi = strchr (content_type, ';');
  type = semi ? g_strndup (content_type, (gsize) (semi - content_type)) : g_strdup (content_type);
  g_strstrip (type);
  return g_ascii_strdown (type, -1);
}

static gboolean
is_json_type (const char *type)
{
  return type != NULL &&
         (strcmp (type, "application/json") == 0 || g_str_has_suffix (type, "+json") ||
          strcmp (type, "text/json") == 0);
}

/* The body as valid UTF-8 text (not necessarily nul-free in the source). */
static char *
body_text (GBytes *body)
{
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;

  if (data == NULL || len == 0)
    return g_strdup ("");
  return g_utf8_make_valid (data, (gssize) len);
}

static gboolean
looks_like_html (const char *type,
                 const char *text)
{
  const char *p = text;

  if (type != NULL && (strcmp (type, "text/html") == 0 || strcmp (type, "application/xhtml+xml") == 0))
    return TRUE;
  while (g_ascii_isspace (*p))
    p++;
  return g_ascii_strncasecmp (p, "<!doctype html", 14) == 0 || g_ascii_strncasecmp (p, "<html", 5) == 0;
}

/* Replaces the few entities an error page uses; others stay as they are. */
static void
decode_entities (GString *s)
{
  static const struct { const char *entity; const char *text; } entities[] = {
    { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
    { "&#39;", "'" }, { "&apos;", "'" }, { "&nbsp;", " " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    g_string_replace (s, entities[i].entity, entities[i].text, 0);
}

/* Whitespace runs become one space; the result is cut to EXCERPT_CHARS
 * characters (with an ellipsis). */
static char *
tidy_excerpt (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean space = FALSE;
  glong chars;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0xA0)
        {
          space = out->len > 0;
          continue;
        }
      if (g_unichar_iscntrl (c))
        continue;
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  chars = g_utf8_strlen (out->str, -1);
  if (chars > EXCERPT_CHARS)
    {
      const char *cut = g_utf8_offset_to_pointer (out->str, EXCERPT_CHARS);

      g_string_truncate (out, (gsize) (cut - out->str));
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append (out, "…");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Case-insensitive search of an ASCII NEEDLE. */
static const char *
find_ascii_ci (const char *haystack,
               const char *needle)
{
  gsize n = strlen (needle);

  for (const char *p = haystack; *p; p++)
    if (g_ascii_strncasecmp (p, needle, n) == 0)
      return p;
  return NULL;
}

/* The page's <title>, or the words of its body without the markup. */
static char *
html_excerpt (const char *html)
{
  const char *title = find_ascii_ci (html, "<title");
  g_autoptr(GString) s = g_string_new (NULL);

  if (title != NULL && (title = strchr (title, '>')) != NULL)
    {
      const char *end = find_ascii_ci (title + 1, "</title");
      g_autofree char *text = end ? g_strndup (title + 1, (gsize) (end - title - 1)) : NULL;

      if (text != NULL)
        {
          g_autofree char *tidy = NULL;

          g_string_assign (s, text);
          decode_entities (s);
          tidy = tidy_excerpt (s->str);
          if (*tidy != '\0')
            return g_steal_pointer (&tidy);
        }
    }

  /* No title: the text between the tags, skipping scripts and styles. */
  g_string_truncate (s, 0);
  for (const char *p = html; *p;)
    {
      if (*p == '<')
        {
          const char *skip_to = NULL;

          if (g_ascii_strncasecmp (p, "<script", 7) == 0)
            skip_to = find_ascii_ci (p, "</script");
          else if (g_ascii_strncasecmp (p, "<style", 6) == 0)
            skip_to = find_ascii_ci (p, "</style");
          else if (g_ascii_strncasecmp (p, "<head", 5) == 0 && (p[5] == '>' || g_ascii_isspace (p[5])))
            skip_to = find_ascii_ci (p, "</head");
          if (skip_to != NULL)
            p = skip_to + 2;
          p = strchr (p, '>');
          if (p == NULL)
            break;
          p++;
          g_string_append_c (s, ' ');
          continue;
        }
      g_string_append_c (s, *p);
      p++;
    }
  decode_entities (s);
  return tidy_excerpt (s->str);
}

static GError *
not_json_error (FerryApiError  code,
                guint          status,
                const char    *reason,
                const char    *content_type,
                GBytes        *body)
{
  g_autofree char *line = status_line (status, reason);
  g_autofree char *type = media_type (content_type);
  g_autofree char *text = body_text (body);
  g_autofree char *excerpt = NULL;
  g_autofree char *message = NULL;
  GError *error;
  FerryApiErrorPrivate *priv;
  gboolean textual;

  textual = type == NULL || g_str_has_prefix (type, "text/") || g_str_has_suffix (type, "xml") ||
            is_json_type (type);

  {
    g_autofree char *stripped = g_strstrip (g_strdup (text));

    if (*stripped == '\0')
      {
        /* Translators: %s is the HTTP status, e.g. "502 Bad Gateway" */
        message = g_strdup_printf (_("The server answered %s with an empty body instead of JSON"), line);
      }
    else if (looks_like_html (type, text))
      {
        /* Translators: %s is the HTTP status, e.g. "502 Bad Gateway" */
        message = g_strdup_printf (_("The server answered %s with an HTML page instead of JSON"), line);
        excerpt = html_excerpt (text);
      }
    else if (is_json_type (type))
      {
        /* Translators: %s is the HTTP status, e.g. "200 OK" */
        message = g_strdup_printf (_("The server answered %s with JSON it could not read instead of JSON"), line);
        excerpt = tidy_excerpt (text);
      }
    else if (type == NULL || strcmp (type, "text/plain") == 0)
      {
        /* Translators: %s is the HTTP status, e.g. "500 Internal Server Error" */
        message = g_strdup_printf (_("The server answered %s with text instead of JSON"), line);
        excerpt = textual ? tidy_excerpt (text) : NULL;
      }
    else
      {
        excerpt = textual ? tidy_excerpt (text) : NULL;
      }
  }

  if (excerpt != NULL && *excerpt == '\0')
    g_clear_pointer (&excerpt, g_free);

  if (message == NULL)
    /* Translators: the first %s is the HTTP status, the second a media type, e.g. "image/png" */
    message = g_strdup_printf (_("The server answered %s with %s content instead of JSON"), line, type);
  if (excerpt != NULL)
    {
      /* Translators: an error message, then the start of the server's answer in quotes */
      g_autofree char *quoted = g_strdup_printf (_("%s: “%s”"), message, excerpt);

      g_free (message);
      message = g_steal_pointer (&quoted);
    }

  error = g_error_new_literal (FERRY_API_ERROR, code, message);
  priv = get_private (error);
  priv->http_status = status;
  priv->content_type = g_strdup (content_type);
  priv->excerpt = g_steal_pointer (&excerpt);
  return error;
}

GError *
ferry_api_error_new_not_json (guint       status,
                              const char *reason,
                              const char *content_type,
                              GBytes     *body)
{
  return not_json_error (FERRY_API_ERROR_INVALID_RESPONSE, status, reason, content_type, body);
}

GError *
ferry_api_error_new_from_response (guint       status,
                                   const char *reason,
                                   const char *content_type,
                                   GBytes     *body)
{
  g_autofree char *type = media_type (content_type);
  g_autoptr(JsonNode) root = NULL;
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;
  JsonObject *object;
  const char *code, *message, *ticket;
  gint64 iserver = 0;
  gboolean has_iserver;
  GError *error;
  FerryApiErrorPrivate *priv;

  /* A JSON body, whatever the Content-Type says (some proxies relabel).
   * An error body is a few hundred bytes: a huge one is not parsed on the
   * main thread, it is shown as an answer that is no JSON. */
  if (data != NULL && len > 0 && len <= MAX_ERROR_BODY_BYTES)
    {
      gsize i = 0;

      while (i < len && g_ascii_isspace (data[i]))
        i++;
      if (i < len && (data[i] == '{' || is_json_type (type)))
        {
          root = ferry_json_parse (data, (gssize) len, NULL);
        }
    }

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return not_json_error (FERRY_API_ERROR_INVALID_RESPONSE, status, reason, content_type, body);

  object = json_node_get_object (root);
  /* The modeling service's form: {"errors": [{"code", "message"}]} */
  if (!json_object_has_member (object, "code") && !json_object_has_member (object, "message"))
    {
      JsonArray *errors = ferry_json_get_array (object, "errors");

      if (errors != NULL && json_array_get_length (errors) > 0 &&
          JSON_NODE_HOLDS_OBJECT (json_array_get_element (errors, 0)))
        object = json_array_get_object_element (errors, 0);
    }

  code = ferry_json_get_string (object, "code");
  message = ferry_json_get_string (object, "message");
  ticket = ferry_json_get_string (object, "ticketId");
  has_iserver = ferry_json_get_int (object, "iServerCode", &iserver);

  if (message == NULL || *message == '\0')
    {
      g_autofree char *line = status_line (status, reason);
      g_autofree char *fallback = g_strdup_printf (_("The server answered %s without saying why"), line);

      error = g_error_new_literal (FERRY_API_ERROR, ferry_api_error_from_server_code (status, code), fallback);
    }
  else
    {
      error = g_error_new_literal (FERRY_API_ERROR, ferry_api_error_from_server_code (status, code), message);
    }

  priv = get_private (error);
  priv->http_status = status;
  priv->server_code = g_strdup (code);
  priv->ticket_id = g_strdup (ticket);
  priv->iserver_code = iserver;
  priv->has_iserver_code = has_iserver;
  return error;
}

static void
add_reason (GString    *why,
            const char *reason)
{
  if (why->len > 0)
    g_string_append (why, ", ");
  g_string_append (why, reason);
}

GError *
ferry_api_error_new_untrusted_certificate (const char          *host,
                                           const char          *sha256,
                                           GTlsCertificateFlags errors)
{
  g_autoptr(GString) why = g_string_new (NULL);
  GError *error;
  FerryApiErrorPrivate *priv;

  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    add_reason (why, _("it is not signed by an authority this computer trusts"));
  if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    add_reason (why, _("it was not issued for this host name"));
  if (errors & G_TLS_CERTIFICATE_EXPIRED)
    add_reason (why, _("it has expired"));
  if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    add_reason (why, _("it is not valid yet"));
  if (errors & G_TLS_CERTIFICATE_REVOKED)
    add_reason (why, _("it has been revoked"));
  if (errors & G_TLS_CERTIFICATE_INSECURE)
    add_reason (why, _("it uses an insecure algorithm"));
  if (why->len == 0)
    add_reason (why, _("it could not be verified"));

  error = g_error_new (FERRY_API_ERROR, FERRY_API_ERROR_TLS_UNTRUSTED,
                       /* Translators: "The certificate of bi.example.com is not trusted: it has expired. Its SHA-256 fingerprint is 3A:…" */
                       _("The certificate of %s is not trusted: %s. Its SHA-256 fingerprint is %s; "
                         "trust it only if your administrator confirms this fingerprint"),
                       host ? host : _("the server"), why->str, sha256 ? sha256 : _("unknown"));
  priv = get_private (error);
  priv->certificate_host = g_strdup (host);
  priv->certificate_sha256 = g_strdup (sha256);
  return error;
}

/* ------------------------------------------------------------------------ */
/* Accessors                                                                  */
/* ------------------------------------------------------------------------ */

guint
ferry_api_error_get_http_status (const GError *error)
{
  FerryApiErrorPrivate *priv = get_private (error);

  return priv ? priv->http_status : 0;
}

const char *
ferry_api_error_get_server_code (const GError *error)
{
  FerryApiErrorPrivate *priv = get_private (error);

  return priv ? priv->server_code : NULL;
}

const char *
ferry_api_error_get_ticket_id (const GError *error)
{
  FerryApiErrorPrivate *priv = get_private (error);

  return priv ? priv->ticket_id : NULL;
}

gboolean
ferry_api_error_get_iserver_code (const GError *error,
                                  gint64       *out)
{
  FerryApiErrorPrivate *priv = get_private (error);

  if (priv == NULL || !priv->has_iserver_code)
    return FALSE;
  if (out != NULL)
    *out = priv->iserver_code;
  return TRUE;
}

const char *
ferry_api_error_get_content_type (const GError *error)
{
  FerryApiErrorPrivate *priv = get_private (error);

  return priv ? priv->content_type : NULL;
}

const char *
ferry_api_error_get_excerpt (const GError *error)
{
  FerryApiErrorPrivate *priv = get_private (error);

  return priv ? priv->excerpt : NULL;
}

const char *
ferry_api_error_get_certificate_sha256 (const GError *error)
{
  FerryApiErrorPrivate *priv = get_private (error);

  return priv ? priv->certificate_sha256 : NULL;
}

const char *
ferry_api_error_get_certificate_host (const GError *error)
{
  FerryApiErrorPrivate *priv = get_private (error);

  return priv ? priv->certificate_host : NULL;
}

char *
ferry_api_error_describe (const GError *error)
{
  const char *ticket;

  g_return_val_if_fail (error != NULL, NULL);

  ticket = ferry_api_error_get_ticket_id (error);
  if (ticket == NULL || *ticket == '\0')
    return g_strdup (error->message);
  /* Translators: an error message and the server's ticket id for it */
  return g_strdup_printf (_("%s (ticket %s)"), error->message, ticket);
}
