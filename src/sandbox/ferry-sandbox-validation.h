/* ferry-sandbox-validation.h: validation of a migration (a dry run of its
 * import on the target) and its sync back to the source through the
 * shared storage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-sandbox-context.h"

G_BEGIN_DECLS

/* PUT /api/migrations/{id}/validation (the target): 202, no body; the
 * result is `validating` until a job paced by "work-delay-ms" has gone
 * through the package's objects. */
void        sb_handle_migration_validation   (SbContext   *ctx);

/* The source: records this server's clock next to M's package file in the
 * shared storage (what the target compares its own clock with). Quiet
 * when M has no package file yet. */
void        sb_validation_stamp_clock        (SbHost      *host,
                                              SbMigration *m);
/* The source: takes the target's result for M from the shared storage
 * while M's validation is `validating`. TRUE when the record changed. */
gboolean    sb_validation_sync               (SbHost      *host,
                                              SbMigration *m);
/* The source's PATCH {"validation":{"status":"validating"}}: checks the
 * body member (400 ERR006) and the privilege (403 ERR014), then records
 * the validation as started. FALSE after replying with an error. */
gboolean    sb_validation_patch              (SbContext   *ctx,
                                              SbMigration *m,
                                              JsonObject  *validation);

G_END_DECLS
