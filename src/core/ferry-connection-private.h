/* ferry-connection-private.h: what the files of FerryConnection share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The instance struct and the friend functions of ferry-connection.c,
 * ferry-connection-request.c and ferry-connection-session.c, and the test
 * hooks (for tests only: nothing in the product may call those).
 */

#pragma once

#include "ferry-connection.h"

G_BEGIN_DECLS

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


/* ferry-connection.c: property setters (notify only on a change) */
void        _ferry_connection_set_state           (FerryConnection      *self,
                                                   FerryConnectionState  state);
void        _ferry_connection_set_server_version  (FerryConnection      *self,
                                                   const char           *version);
void        _ferry_connection_set_session_timeout (FerryConnection      *self,
                                                   guint                 seconds);
/* The token is a secret: the old one is wiped. */
void        _ferry_connection_set_token           (FerryConnection      *self,
                                                   const char           *token);
void        _ferry_connection_clear_cookies       (FerryConnection      *self);
/* Zeroes and frees *S (a secret), and sets it to NULL. */
void        _ferry_connection_wipe_string         (char                **s);
gboolean    _ferry_connection_trusts_certificate  (FerryConnection      *self,
                                                   GTlsCertificate      *certificate,
                                                   char                **out_sha256);

/* ferry-connection-request.c: POST /api/auth/login with the kept password;
 * sets the token and counts the login generation. */
void        _ferry_connection_login_async         (FerryConnection      *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean    _ferry_connection_login_finish        (FerryConnection      *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* ferry-connection-session.c: the keep-alive runs while the session is held
 * and connected. */
void        _ferry_connection_update_keepalive    (FerryConnection      *self);
void        _ferry_connection_stop_keepalive      (FerryConnection      *self);

/* Test hooks. The session token (so a test can assert it never reaches a
 * log). */
const char *_ferry_connection_get_token_for_tests         (FerryConnection *self);
/* HTTP messages sent since the connection was created (every attempt,
 * retries and re-logins included). */
guint       _ferry_connection_get_attempt_count_for_tests (FerryConnection *self);

G_END_DECLS
