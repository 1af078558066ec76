/* ferry-connection.h: one authenticated session with one Library server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ferry-error.h"
#include "ferry-transfer-stream.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_LOGIN_MODE_STANDARD = 1,
  FERRY_LOGIN_MODE_LDAP = 16,
} FerryLoginMode;

typedef enum
{
  FERRY_CONNECTION_STATE_DISCONNECTED,
  FERRY_CONNECTION_STATE_CONNECTING,
  FERRY_CONNECTION_STATE_CONNECTED,
  FERRY_CONNECTION_STATE_FAILED,
} FerryConnectionState;

/**
 * FerryRequestFlags:
 * @FERRY_REQUEST_NONE: a plain JSON request
 * @FERRY_REQUEST_PREFER_ASYNC: send `Prefer: respond-async`
 * @FERRY_REQUEST_STARTS_WORK: the request starts work on the server (create a
 *   migration or package, the import PUT, an approval): never retried after a
 *   connection failure, a timeout or a 5xx/429 answer (the server may have
 *   started the work). It is repeated once after a silent re-login when its
 *   answer was 401 ERR009, because then the server did nothing.
 * @FERRY_REQUEST_BINARY: the answer is a binary (`Accept: application/octet-stream`);
 *   ferry_connection_call_finish() then returns NULL and the bytes are read
 *   with ferry_connection_call_finish_bytes()
 * @FERRY_REQUEST_NO_SESSION: send no token (login, status)
 * @FERRY_REQUEST_JSON_BYTES: a JSON answer (checked to be JSON by its type,
 *   as always) that is not parsed: read it with
 *   ferry_connection_call_finish_bytes() (for a reader of its own, such as
 *   ferry-search-parse.h)
 * @FERRY_REQUEST_BULK: a large answer read beside the window's drawing: its
 *   body is read in 1 MB chunks at the redraw priority of GTK
 *   (G_PRIORITY_HIGH_IDLE + 20), so that frames and the reading take turns.
 *   At G_PRIORITY_DEFAULT, four pages of 100,000 migrations in flight kept
 *   a window from drawing for two seconds; below the redraw, a window that
 *   always has a frame due (GL on a software rasteriser) would starve the
 *   reading.
 */
typedef enum
{
  FERRY_REQUEST_NONE         = 0,
  FERRY_REQUEST_PREFER_ASYNC = 1 << 0,
  FERRY_REQUEST_STARTS_WORK  = 1 << 1,
  FERRY_REQUEST_BINARY       = 1 << 2,
  FERRY_REQUEST_NO_SESSION   = 1 << 3,
  FERRY_REQUEST_JSON_BYTES   = 1 << 4,
  FERRY_REQUEST_BULK         = 1 << 5,
} FerryRequestFlags;

#define FERRY_TYPE_CONNECTION (ferry_connection_get_type ())
G_DECLARE_FINAL_TYPE (FerryConnection, ferry_connection, FERRY, CONNECTION, GObject)

/* BASE_URL as a user types it: "http://host:port/MicroStrategyLibrary",
 * trailing slashes and a pasted "/api" tolerated. Returns NULL and sets
 * ERROR (G_IO_ERROR_INVALID_ARGUMENT, with a sentence for the user) when the
 * URL has no http(s) scheme or no host. */
FerryConnection *ferry_connection_new               (const char       *base_url,
                                                     FerryLoginMode    login_mode,
                                                     const char       *username,
                                                     GError          **error);

/* Normalised: no trailing slash, no "/api": "http://h:1/MicroStrategyLibrary". */
const char      *ferry_connection_get_base_url      (FerryConnection  *self);
/* The environment id as real clients send it: base URL + "/". */
char            *ferry_connection_dup_environment_id (FerryConnection *self);
const char      *ferry_connection_get_username      (FerryConnection  *self);
FerryLoginMode   ferry_connection_get_login_mode    (FerryConnection  *self);
FerryConnectionState ferry_connection_get_state     (FerryConnection  *self);
/* From GET /api/status once connected ("11.4.1000"), else NULL. */
const char      *ferry_connection_get_server_version (FerryConnection *self);
/* Seconds before a request is given up (default 60); 0 = no limit. The
 * limit applies to each HTTP exchange; a request that timed out fails with
 * G_IO_ERROR_TIMED_OUT and is not retried. */
void             ferry_connection_set_request_timeout (FerryConnection *self,
                                                       guint            seconds);
/* Accept this server certificate (SHA-256 fingerprint, hex with or without
 * colons, as ferry_api_error_get_certificate_sha256() gives it) although it
 * is not trusted by the system; NULL forgets it. */
void             ferry_connection_set_trusted_certificate (FerryConnection *self,
                                                           const char      *sha256);

/* Logs in (POST /api/auth/login) and reads /api/status and /api/sessions:
 * the status first (no session needed), so that an address that is not a
 * Library server (FERRY_API_ERROR_NOT_A_LIBRARY_SERVER) is found before the
 * password is sent there. PASSWORD is kept in memory only, for a silent
 * re-login when the session expires; it is never logged. Connecting again
 * logs the previous session out. */
void             ferry_connection_connect_async     (FerryConnection  *self,
                                                     const char       *password,
                                                     GCancellable     *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer          user_data);
gboolean         ferry_connection_connect_finish    (FerryConnection  *self,
                                                     GAsyncResult     *result,
                                                     GError          **error);
void             ferry_connection_disconnect_async  (FerryConnection  *self,
                                                     GCancellable     *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer          user_data);
gboolean         ferry_connection_disconnect_finish (FerryConnection  *self,
                                                     GAsyncResult     *result,
                                                     GError          **error);

/* The generic call every typed call goes through. PATH is below the base
 * URL and includes the query ("/api/migrations?offset=0&limit=1000").
 * PROJECT_ID (nullable) is sent as X-MSTR-ProjectID. BODY (nullable) is sent
 * as JSON. Errors are in FERRY_API_ERROR (see ferry-error.h) or G_IO_ERROR
 * (G_IO_ERROR_CANCELLED, G_IO_ERROR_TIMED_OUT, connection failures).
 * GET and DELETE (unless FERRY_REQUEST_STARTS_WORK) are tried up to three
 * times, 0.3 s then 0.6 s apart, after a connection failure or a 429, 502,
 * 503 or 504 answer; other methods never. A 401 ERR009 (session expired)
 * leads to one silent re-login, shared by every request waiting for it, and
 * the request is sent again. Answers of 256 KiB or more are parsed in a
 * worker thread. */
void             ferry_connection_call_async        (FerryConnection  *self,
                                                     const char       *method,
                                                     const char       *path,
                                                     const char       *project_id,
                                                     JsonNode         *body,
                                                     FerryRequestFlags flags,
                                                     GCancellable     *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer          user_data);
/* The JSON answer (NULL for an empty 2xx body); *STATUS_OUT gets the HTTP
 * status when not NULL. */
JsonNode        *ferry_connection_call_finish       (FerryConnection  *self,
                                                     GAsyncResult     *result,
                                                     guint            *status_out,
                                                     GError          **error);
/* Like ferry_connection_call_async(), with BODY sent as is with CONTENT_TYPE
 * (for example a multipart/form-data upload). Finish with
 * ferry_connection_call_finish() or ferry_connection_call_finish_bytes(). */
void             ferry_connection_call_bytes_async  (FerryConnection  *self,
                                                     const char       *method,
                                                     const char       *path,
                                                     const char       *project_id,
                                                     const char       *content_type,
                                                     GBytes           *body,
                                                     FerryRequestFlags flags,
                                                     GCancellable     *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer          user_data);
GBytes          *ferry_connection_call_finish_bytes (FerryConnection  *self,
                                                     GAsyncResult     *result,
                                                     GError          **error);

/* Keep-alive: while held (counted), the session is renewed with
 * PUT /api/sessions well before it would expire. */
void             ferry_connection_hold_session      (FerryConnection  *self);
void             ferry_connection_release_session   (FerryConnection  *self);

/* --- Added by the connection module (beyond the first contract) ----------- */

#define FERRY_TYPE_LOGIN_MODE (ferry_login_mode_get_type ())
GType            ferry_login_mode_get_type          (void) G_GNUC_CONST;
#define FERRY_TYPE_CONNECTION_STATE (ferry_connection_state_get_type ())
GType            ferry_connection_state_get_type    (void) G_GNUC_CONST;

/* What ferry_connection_new() does to BASE_URL, for a form that checks an
 * address as it is typed: the normalised URL, or NULL and ERROR
 * (G_IO_ERROR_INVALID_ARGUMENT) with a sentence for the user. */
char            *ferry_connection_normalize_base_url (const char      *base_url,
                                                      GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* TRUE for plain http:// to a host that is not this computer: the
 * password and the token travel unencrypted (property "insecure"). */
gboolean         ferry_connection_get_insecure      (FerryConnection  *self);
/* The host of the base URL ("server.example.com"), for messages. */
const char      *ferry_connection_get_host          (FerryConnection  *self);
guint            ferry_connection_get_request_timeout (FerryConnection *self);
/* The server's idle session timeout in seconds (GET /api/sessions), 0
 * before the first connection. */
guint            ferry_connection_get_session_timeout (FerryConnection *self);

/* As ferry_connection_call_finish(), and *HEADERS_OUT (nullable) gets the
 * answer's headers (a new reference; x-mstr-total-count,
 * Content-Disposition, …) when the call succeeded. */
JsonNode        *ferry_connection_call_finish_full  (FerryConnection     *self,
                                                     GAsyncResult        *result,
                                                     guint               *status_out,
                                                     SoupMessageHeaders **headers_out,
                                                     GError             **error);
GBytes          *ferry_connection_call_finish_bytes_full (FerryConnection     *self,
                                                          GAsyncResult        *result,
                                                          guint               *status_out,
                                                          SoupMessageHeaders **headers_out,
                                                          GError             **error);

/* --- Streamed transfers (ferry-connection-stream.c) ------------------------ */

/* GET PATH into FILE, streamed: written to a partial file next to FILE and
 * renamed over it only when complete; a failed or cancelled download leaves
 * FILE as it was and no partial file. PROGRESS (nullable) is called in the
 * main context as bytes arrive (DESTROY frees PROGRESS_DATA with the
 * request). A 401 ERR009 re-logs in once; no other retry. The connection's
 * request timeout applies to a stall (nothing received for that long). */
void             ferry_connection_download_async    (FerryConnection       *self,
                                                     const char            *path,
                                                     const char            *project_id,
                                                     GFile                 *file,
                                                     FerryTransferProgress  progress,
                                                     gpointer               progress_data,
                                                     GDestroyNotify         progress_destroy,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
gboolean         ferry_connection_download_finish   (FerryConnection       *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);
/* METHOD PATH with FILE as the multipart/form-data field FIELD, streamed
 * from the disk with its exact Content-Length (the file is never read into
 * memory). After a 401 ERR009 the file is opened again and sent once more
 * after a re-login. FLAGS: FERRY_REQUEST_PREFER_ASYNC is honoured. Finish
 * with ferry_connection_upload_finish(): the JSON answer (NULL for an
 * empty 2xx body). */
void             ferry_connection_upload_async      (FerryConnection       *self,
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
                                                     gpointer               user_data);
JsonNode        *ferry_connection_upload_finish     (FerryConnection       *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);

G_END_DECLS
