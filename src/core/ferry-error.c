/* ferry-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-error"

#include "config.h"

#include "ferry-error.h"

G_DEFINE_QUARK (ferry-api-error-quark, ferry_api_error)

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
