/* ferry-preflight.h: the checks before a migration is created
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With GETs only (nothing is created or changed on either server), all at
 * once, under one GCancellable: the signed-in user's privileges on the
 * source (Create package) and the target (Apply package; Create package
 * alone lets him request the import: a NOTE), the Storage Service of both,
 * the version direction (older or equal → newer or equal), the clock skew
 * between the two servers (validation needs five minutes or less; read
 * from the Date headers), the target project (project packages) and the
 * 2 GB limit once the size is known. Each check is a FerryPreflightCheck of
 * ferry_preflight_get_checks().
 *
 * Properties (read-only, notified): "running", "blocked-reason" (the
 * message of the first failed blocking check, NULL when none or while
 * running), "can-apply" (the user may approve and import himself),
 * "can-request" (he may create the package and request its import).
 */

#pragma once

#include <gio/gio.h>

#include "ferry-connection.h"
#include "ferry-library-api.h"
#include "ferry-preflight-check.h"

G_BEGIN_DECLS

/* The largest package a server takes: 2 GB. */
#define FERRY_PREFLIGHT_MAX_PACKAGE_BYTES G_GINT64_CONSTANT (2147483648)

#define FERRY_TYPE_PREFLIGHT (ferry_preflight_get_type ())
G_DECLARE_FINAL_TYPE (FerryPreflight, ferry_preflight, FERRY, PREFLIGHT, GObject)

/* SOURCE and TARGET (may be the same connection) with the names messages
 * use ("Production"). PACKAGE_TYPE "project" (NULL), "configuration" or
 * "project_security"; the project ids are NULL for a configuration
 * package. */
FerryPreflight *ferry_preflight_new                 (FerryConnection       *source,
                                                     const char            *source_name,
                                                     FerryConnection       *target,
                                                     const char            *target_name,
                                                     const char            *package_type,
                                                     FerryMigrationPurpose  purpose,
                                                     const char            *source_project_id,
                                                     const char            *target_project_id);

/* (element-type FerryPreflightCheck) in a fixed order; a run replaces the
 * items. */
GListModel     *ferry_preflight_get_checks          (FerryPreflight        *self);
gboolean        ferry_preflight_get_running         (FerryPreflight        *self);
const char     *ferry_preflight_get_blocked_reason  (FerryPreflight        *self);
gboolean        ferry_preflight_get_can_apply       (FerryPreflight        *self);
gboolean        ferry_preflight_get_can_request     (FerryPreflight        *self);
/* Done, and the user may request the import but not apply it. */
gboolean        ferry_preflight_get_request_only    (FerryPreflight        *self);
/* Why a run must wait (checks running, or a blocking failure), or NULL. */
char           *ferry_preflight_dup_wait_reason     (FerryPreflight        *self) G_GNUC_WARN_UNUSED_RESULT;

/* The package's size in bytes once known (-1: unknown). Over 2 GB fails
 * the size check at once, without a request. */
void            ferry_preflight_set_package_size    (FerryPreflight        *self,
                                                     gint64                 size);

/* Runs every check (a run in progress is cancelled and replaced). TRUE
 * once all have a result, whatever it is; FALSE with G_IO_ERROR_CANCELLED
 * when cancelled. */
void            ferry_preflight_run_async           (FerryPreflight        *self,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
gboolean        ferry_preflight_run_finish          (FerryPreflight        *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);

G_END_DECLS
