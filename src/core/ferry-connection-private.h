/* ferry-connection-private.h: test hooks of FerryConnection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For tests only: nothing in the product may call these.
 */

#pragma once

#include "ferry-connection.h"

G_BEGIN_DECLS

/* The session token (so a test can assert it never reaches a log). */
const char *_ferry_connection_get_token_for_tests         (FerryConnection *self);
/* HTTP messages sent since the connection was created (every attempt,
 * retries and re-logins included). */
guint       _ferry_connection_get_attempt_count_for_tests (FerryConnection *self);

G_END_DECLS
