/* ferry-sandbox.h: a local stand-in for a MicroStrategy Library server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A FerrySandbox serves the Library REST API under
 * http://127.0.0.1:PORT/MicroStrategyLibrary/api/… from a thread of its own
 * (with its own GMainContext), so its work never competes with the caller's
 * main loop and a caller may even use blocking HTTP calls against it.
 *
 * It is an independent implementation of the server: it shares no code with
 * src/core. Semantics follow ../shared/spec/ and ../shared/api.md.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define FERRY_SANDBOX_ERROR (ferry_sandbox_error_quark ())

typedef enum
{
  FERRY_SANDBOX_ERROR_FAILED,
  FERRY_SANDBOX_ERROR_INVALID_OPTION,
  FERRY_SANDBOX_ERROR_STATE,
  FERRY_SANDBOX_ERROR_NOT_FOUND,
} FerrySandboxError;

GQuark ferry_sandbox_error_quark (void);

typedef enum
{
  FERRY_SANDBOX_FAULT_STATUS,     /* answer with status/content-type/body instead */
  FERRY_SANDBOX_FAULT_DROP,       /* close the connection without an answer */
  FERRY_SANDBOX_FAULT_DELAY,      /* handle normally, but only after delay_ms */
} FerrySandboxFaultKind;

#define FERRY_TYPE_SANDBOX (ferry_sandbox_get_type ())
G_DECLARE_FINAL_TYPE (FerrySandbox, ferry_sandbox, FERRY, SANDBOX, GObject)

/* Properties (all construct-only, set with g_object_new or the setters below
 * before ferry_sandbox_start()):
 *   "port"              guint     0 = any free port (default 0)
 *   "state-dir"         gchar*    required: where state persists
 *   "shared-storage"    gchar*    shared package storage; NULL = Storage Service not configured
 *   "seed"              gchar*    tutorial-dev | tutorial-prod | empty | generated:N (default empty);
 *                                 used only when state-dir holds no state yet
 *   "seed-migrations"   guint     N finished migration records added to a fresh state
 *   "name"              gchar*    environment name (default "Library")
 *   "server-version"    gchar*    e.g. "11.4.1000" (default)
 *   "work-delay-ms"     guint     delay per object of asynchronous work (default 0;
 *                                 the only property that may change while running)
 *   "session-timeout"   guint     idle seconds before a session expires (default 1800)
 *   "max-package-bytes" guint64   package size limit (default 2 GiB)
 *   "clock-offset-s"    gint      seconds this server's clock is ahead of the real one
 *                                 (default 0; the clock validation compares, see
 *                                 ferry-sandbox-validation.c)
 *   "tls-cert-file"     gchar*    PEM certificate: serve HTTPS
 *   "tls-key-file"      gchar*    PEM private key for it
 */
FerrySandbox *ferry_sandbox_new               (const char    *state_dir,
                                               const char    *seed);

/* Loads (or seeds) the state, starts the server thread, and returns once
 * the server is listening. */
gboolean      ferry_sandbox_start             (FerrySandbox  *self,
                                               GError       **error);
/* Stops the server and joins its thread; the state is already on disk. */
void          ferry_sandbox_stop              (FerrySandbox  *self);
gboolean      ferry_sandbox_is_running        (FerrySandbox  *self);

/* "http://127.0.0.1:PORT/MicroStrategyLibrary" (no trailing slash). */
const char   *ferry_sandbox_get_base_url      (FerrySandbox  *self);
guint         ferry_sandbox_get_port          (FerrySandbox  *self);
const char   *ferry_sandbox_get_name          (FerrySandbox  *self);

/* --- Hooks for tests (thread-safe) --------------------------------------- */

/* Successful logins since start. */
guint         ferry_sandbox_get_login_count   (FerrySandbox  *self);
/* Requests answered for METHOD ROUTE since start. ROUTE is the route
 * pattern with ids replaced by "{id}", e.g. "/api/migrations/{id}". */
guint         ferry_sandbox_get_request_count (FerrySandbox  *self,
                                               const char    *method,
                                               const char    *route);
/* Every session is expired now: the next request with it gets 401 ERR009. */
void          ferry_sandbox_expire_sessions   (FerrySandbox  *self);
/* The sessions the sandbox holds: expired ones are freed on a timer
 * (every half "session-timeout", at least each second). */
guint         ferry_sandbox_get_session_count (FerrySandbox  *self);
/* The next COUNT requests whose method is METHOD (NULL = any) and whose path
 * (below /MicroStrategyLibrary, e.g. "/api/migrations/ABC:DEF") starts with
 * PATH_PREFIX get the fault instead of (or, for DELAY, before) their answer. */
void          ferry_sandbox_add_fault         (FerrySandbox  *self,
                                               const char    *method,
                                               const char    *path_prefix,
                                               guint          count,
                                               FerrySandboxFaultKind kind,
                                               guint          status,
                                               const char    *content_type,
                                               const char    *body,
                                               guint          delay_ms);
void          ferry_sandbox_clear_faults      (FerrySandbox  *self);

/* The object as GET /api/objects/{id} would show it (with acl, ancestors,
 * plus "uses" and "definition"), or NULL when absent. PROJECT_ID NULL means
 * the configuration (users, groups, …). */
JsonNode     *ferry_sandbox_dup_object        (FerrySandbox  *self,
                                               const char    *project_id,
                                               const char    *object_id);
/* Every object of the project (or configuration), each as above, sorted by id. */
JsonNode     *ferry_sandbox_dup_objects       (FerrySandbox  *self,
                                               const char    *project_id);
/* An edit as a designer would make one: the definition changes, a new
 * version is minted and dateModified is set to MODIFIED_MS (0 = now).
 * NEW_NAME and NEW_PARENT_ID may be NULL to keep them. */
gboolean      ferry_sandbox_modify_object     (FerrySandbox  *self,
                                               const char    *project_id,
                                               const char    *object_id,
                                               const char    *new_name,
                                               const char    *new_parent_id,
                                               gint64         modified_ms,
                                               GError       **error);
gboolean      ferry_sandbox_delete_object     (FerrySandbox  *self,
                                               const char    *project_id,
                                               const char    *object_id,
                                               GError       **error);

G_END_DECLS
