/* ferry-sandbox-seed.h: the seeds a sandbox starts from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-sandbox-store.h"

G_BEGIN_DECLS

/* Fills an empty store: accounts and users for every seed, then the
 * projects of SEED: "tutorial-dev", "tutorial-prod", "empty", "generated:N". */
gboolean     sb_seed_apply              (SbStore     *store,
                                         const char  *seed,
                                         GError     **error);
/* N finished migration records for list benchmarks (--seed-migrations). */
void         sb_seed_migrations         (SbStore     *store,
                                         guint        n);

G_END_DECLS
