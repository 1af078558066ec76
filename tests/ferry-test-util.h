/* ferry-test-util.h: helpers shared by the tests that start in-process
 * sandboxes (tests/core and the ui tests): temporary folders removed at
 * the end of the test case, sandboxes, the main loop, connected clients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GUI-free: GLib, GIO, libsoup, json-glib, src/core and src/sandbox. The
 * sandbox's own tests (tests/sandbox, sb-test-util) do not use it: they
 * share no code with core.
 */

#pragma once

#include "ferry-core.h"
#include "ferry-sandbox.h"

G_BEGIN_DECLS

/* --- Temporary folders ------------------------------------------------------ */

/* Removes PATH and everything below it (symbolic links are removed, not
 * followed). */
void              ftu_rm_rf               (const char        *path);
/* A new temporary folder, removed with its contents when the test case
 * ends. */
const char       *ftu_make_tmp_dir        (void);

/* --- Sandboxes -------------------------------------------------------------- */

typedef struct
{
  const char *seed;             /* NULL: "tutorial-dev" */
  const char *name;             /* NULL: the sandbox's default */
  gboolean    shared_storage;   /* a package storage folder of its own */
  guint       session_timeout;  /* seconds; 0: the sandbox's default */
  gboolean    tls;              /* HTTPS with tests/data/tls */
  guint       seed_migrations;  /* finished migration records added to the seed */
} FtuSandboxOptions;

/* A running sandbox (OPTIONS may be NULL) in a temporary state folder;
 * stopped and released, and the folder removed, at the end of the test
 * case. */
FerrySandbox     *ftu_sandbox_start       (const FtuSandboxOptions *options);

/* --- The main loop ---------------------------------------------------------- */

typedef gboolean (*FtuCondition) (gpointer data);

/* Iterates the main context until CONDITION (DATA) or TIMEOUT_MS; returns
 * the condition's last answer. */
gboolean          ftu_spin_until          (FtuCondition       condition,
                                           gpointer           data,
                                           guint              timeout_ms);
/* The same, failing the test after TIMEOUT_S. */
void              ftu_wait_until          (FtuCondition       condition,
                                           gpointer           data,
                                           guint              timeout_s);
/* Until *FLAG is TRUE; fails the test after TIMEOUT_S. */
void              ftu_wait_flag           (gboolean          *flag,
                                           guint              timeout_s);
/* Iterates the main context for MS milliseconds. */
void              ftu_spin                (guint              ms);
/* A condition: *POINTER is not NULL (as ftu_store_result_cb() sets it). */
gboolean          ftu_is_set              (gpointer           pointer);
/* A GAsyncReadyCallback that stores a reference to the result in
 * *(GAsyncResult **) USER_DATA, which must be NULL. */
void              ftu_store_result_cb     (GObject           *object,
                                           GAsyncResult      *result,
                                           gpointer           user_data);
/* Iterates the main context until *RESULT is set (fails the test after
 * 60 s); returns it. */
GAsyncResult     *ftu_wait_for            (GAsyncResult     **result);

/* --- Connections ------------------------------------------------------------ */

/* A new connection (ferry_connection_new() must succeed). */
FerryConnection  *ftu_connection_new      (const char        *base_url,
                                           FerryLoginMode     mode,
                                           const char        *username);
/* ferry_connection_connect_async() and its finish, main loop spun. */
gboolean          ftu_connection_connect  (FerryConnection   *connection,
                                           const char        *password,
                                           GError           **error);
/* ferry_connection_disconnect_async(), which must succeed. */
void              ftu_connection_disconnect (FerryConnection *connection);
/* Disconnects CONNECTION if it is connected, then drops the last reference
 * (an error if another is left). */
void              ftu_connection_finish   (FerryConnection   *connection);
/* A connection to SANDBOX logged in as USERNAME in MODE (which must
 * succeed); the caller owns it. */
FerryConnection  *ftu_connect_as          (FerrySandbox      *sandbox,
                                           const char        *username,
                                           const char        *password,
                                           FerryLoginMode     mode);
/* administrator (empty password) on SANDBOX. At the end of the test case
 * it is disconnected (which must succeed) and finalized (nothing else may
 * hold it by then). */
FerryConnection  *ftu_connect_admin       (FerrySandbox      *sandbox);
/* A connection logged in to SANDBOX as USERNAME, or NULL and ERROR when
 * ferry_connection_new() or the login fails. At the end of the test case
 * it is disconnected if still connected (whatever the answer) and
 * released. */
FerryConnection  *ftu_try_connect         (FerrySandbox      *sandbox,
                                           const char        *username,
                                           const char        *password,
                                           GError           **error);
/* The same; the login must succeed. */
FerryConnection  *ftu_connect             (FerrySandbox      *sandbox,
                                           const char        *username,
                                           const char        *password);
/* ferry_discovery_list_folder_async() and its finish, which must succeed:
 * the items of FOLDER_ID (NULL: the top-level folders of PROJECT_ID). */
GPtrArray        *ftu_list_folder         (FerryConnection   *connection,
                                           const char        *project_id,
                                           const char        *folder_id);
/* A FerryEnvironment for SANDBOX named NAME, connected as USERNAME (which
 * must succeed); the caller owns it. */
FerryEnvironment *ftu_environment_connect (FerrySandbox      *sandbox,
                                           const char        *name,
                                           const char        *username,
                                           const char        *password);

G_END_DECLS
