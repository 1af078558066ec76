/* ferry-error.h: the error domain for answers from a Library server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FERRY_API_ERROR (ferry_api_error_quark ())

/**
 * FerryApiError:
 * @FERRY_API_ERROR_FAILED: any other failure
 * @FERRY_API_ERROR_BAD_REQUEST: 400 (or another 4xx not named here), the server
 *   rejected the request
 * @FERRY_API_ERROR_UNAUTHORIZED: 401, the login failed or the session is gone
 * @FERRY_API_ERROR_FORBIDDEN: 403, a privilege or an ACL is missing
 * @FERRY_API_ERROR_NOT_FOUND: 404, no such route or object
 * @FERRY_API_ERROR_CONFLICT: 409, the request conflicts with the server's state
 * @FERRY_API_ERROR_SERVER: 5xx, the server failed
 * @FERRY_API_ERROR_UNAVAILABLE: 503, the server or a service it needs is unavailable
 * @FERRY_API_ERROR_INVALID_RESPONSE: the answer could not be understood
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
} FerryApiError;

GQuark        ferry_api_error_quark           (void);
FerryApiError ferry_api_error_from_status     (guint status);

G_END_DECLS
