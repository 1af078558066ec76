/* ferry-error.h: the error domain for answers from a Library server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FERRY_API_ERROR is an extended error domain (GLib 2.68): besides the code
 * and the message, every error of the domain carries what the server said
 * about it: the HTTP status, the server's own `code` ("ERR009"), the
 * `ticketId` a support person asks for, the `iServerCode` when there is one,
 * and, for an answer that was not JSON at all, its content type and a short
 * excerpt of what came back. Read them with the accessors below; they are
 * safe to call with any GError (they return 0 / NULL / FALSE for errors of
 * other domains).
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FERRY_API_ERROR (ferry_api_error_quark ())

/**
 * FerryApiError:
 * @FERRY_API_ERROR_FAILED: any other failure
 * @FERRY_API_ERROR_BAD_REQUEST: 400 (or another 4xx not named here), the server
 *   rejected the request
 * @FERRY_API_ERROR_UNAUTHORIZED: 401 without a more precise code
 * @FERRY_API_ERROR_FORBIDDEN: 403, a privilege or an ACL is missing
 * @FERRY_API_ERROR_NOT_FOUND: 404, no such route or object
 * @FERRY_API_ERROR_CONFLICT: 409, the request conflicts with the server's state
 * @FERRY_API_ERROR_SERVER: 5xx, the server failed
 * @FERRY_API_ERROR_UNAVAILABLE: 503, the server or a service it needs is unavailable
 * @FERRY_API_ERROR_INVALID_RESPONSE: the answer could not be understood (not
 *   JSON, e.g. a proxy's HTML page or an empty 502; or JSON of the wrong shape)
 * @FERRY_API_ERROR_SESSION_EXPIRED: 401 `ERR009`, the session is gone (expired,
 *   logged out, server restarted)
 * @FERRY_API_ERROR_LOGIN_FAILED: 401 `ERR003`, wrong user name, password or
 *   login mode
 * @FERRY_API_ERROR_NOT_A_LIBRARY_SERVER: the address answers, but not as a
 *   MicroStrategy Library server (a web page, no /api)
 * @FERRY_API_ERROR_TLS_UNTRUSTED: the server's certificate is not trusted;
 *   ferry_api_error_get_certificate_sha256() gives its fingerprint
 * @FERRY_API_ERROR_NOT_CONNECTED: a request that needs a session was made
 *   while the connection has none (never connected, or disconnected)
 *
 * Errors from a Library server. The GError message keeps the server's own
 * words; the code says what kind of failure it was.
 */
typedef enum
{
  FERRY_API_ERROR_FAILED,
  FERRY_API_ERROR_BAD_REQUEST,
  FERRY_API_ERROR_UNAUTHORIZED,
  FERRY_API_ERROR_FORBIDDEN,
  FERRY_API_ERROR_NOT_FOUND,
  FERRY_API_ERROR_CONFLICT,
  FERRY_API_ERROR_SERVER,
  FERRY_API_ERROR_UNAVAILABLE,
  FERRY_API_ERROR_INVALID_RESPONSE,
  FERRY_API_ERROR_SESSION_EXPIRED,
  FERRY_API_ERROR_LOGIN_FAILED,
  FERRY_API_ERROR_NOT_A_LIBRARY_SERVER,
  FERRY_API_ERROR_TLS_UNTRUSTED,
  FERRY_API_ERROR_NOT_CONNECTED,
} FerryApiError;

GQuark        ferry_api_error_quark           (void);
/* The code for a failed answer with STATUS (no server code known). */
FerryApiError ferry_api_error_from_status     (guint status);
/* The code for a failed answer with STATUS and the server's CODE
 * (401 "ERR009" → SESSION_EXPIRED, 401 "ERR003" → LOGIN_FAILED, …). */
FerryApiError ferry_api_error_from_server_code (guint       status,
                                                const char *server_code);

/* --- Building errors ------------------------------------------------------ */

/* An error with every server detail given (each may be 0 / NULL). */
GError       *ferry_api_error_new_literal     (FerryApiError  code,
                                               guint          http_status,
                                               const char    *server_code,
                                               const char    *ticket_id,
                                               const char    *message) G_GNUC_WARN_UNUSED_RESULT;
/* The error for a failed answer: STATUS (not 2xx), its REASON phrase
 * (nullable), CONTENT_TYPE (nullable) and BODY (nullable). A JSON error
 * body gives code, message, ticketId and iServerCode (also the
 * `errors[0]` form of the modeling service); anything else gives
 * FERRY_API_ERROR_INVALID_RESPONSE with a message saying what came back:
 * "The server answered 502 Bad Gateway with an HTML page instead of JSON:
 * “Bad Gateway”". */
GError       *ferry_api_error_new_from_response (guint        status,
                                                 const char  *reason,
                                                 const char  *content_type,
                                                 GBytes      *body) G_GNUC_WARN_UNUSED_RESULT;
/* The error for a 2xx answer that is not the JSON it should be. */
GError       *ferry_api_error_new_not_json    (guint          status,
                                               const char    *reason,
                                               const char    *content_type,
                                               GBytes        *body) G_GNUC_WARN_UNUSED_RESULT;
/* FERRY_API_ERROR_TLS_UNTRUSTED for HOST, whose certificate has the
 * fingerprint SHA256 ("74:07:2C:…", upper-case hex with colons); ERRORS
 * says why it is not trusted. */
GError       *ferry_api_error_new_untrusted_certificate (const char          *host,
                                                         const char          *sha256,
                                                         GTlsCertificateFlags errors) G_GNUC_WARN_UNUSED_RESULT;

/* --- Reading errors -------------------------------------------------------- */

/* 0 when unknown or when ERROR is not a FERRY_API_ERROR. */
guint         ferry_api_error_get_http_status (const GError  *error);
/* The server's `code` ("ERR009"), or NULL. */
const char   *ferry_api_error_get_server_code (const GError  *error);
/* The server's `ticketId`, or NULL. */
const char   *ferry_api_error_get_ticket_id   (const GError  *error);
/* TRUE and *OUT (nullable) set when the answer carried an `iServerCode`. */
gboolean      ferry_api_error_get_iserver_code (const GError *error,
                                                gint64       *out);
/* For an answer that was not JSON: its Content-Type (NULL when it had none)
 * and a short excerpt of it (the HTML title or the first words), or NULL. */
const char   *ferry_api_error_get_content_type (const GError *error);
const char   *ferry_api_error_get_excerpt     (const GError  *error);
/* For FERRY_API_ERROR_TLS_UNTRUSTED: the certificate's SHA-256 fingerprint
 * ("74:07:2C:…") and the host that presented it. */
const char   *ferry_api_error_get_certificate_sha256 (const GError *error);
const char   *ferry_api_error_get_certificate_host   (const GError *error);

/* The whole sentence for a person: the message, then the ticket id when
 * the server gave one: "Login failed (ticket 1CC7…)". Works for any GError
 * (others give their message). */
char         *ferry_api_error_describe        (const GError  *error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
