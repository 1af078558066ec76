/* ferry-migration-cell.h: one cell of the Migrations page's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One small widget for every column of FerryMigrationsView: a text (an
 * ellipsizing FerryCellText), with an icon for the states, a second line
 * for the route's projects, a progress bar for the progress. A bound cell
 * follows its migration's notifications; the view updates it when names or
 * jobs change. Tooltips are made when asked for.
 */

#pragma once

#include <gtk/gtk.h>

#include "ferry-core.h"
#include "ferry-migrations-view.h"

G_BEGIN_DECLS

#define FERRY_TYPE_MIGRATION_CELL (ferry_migration_cell_get_type ())
G_DECLARE_FINAL_TYPE (FerryMigrationCell, ferry_migration_cell, FERRY, MIGRATION_CELL, GtkWidget)

/* A cell of COLUMN in VIEW (kept weakly). */
GtkWidget      *ferry_migration_cell_new           (FerryMigrationsView   *view,
                                                    FerryMigrationsColumn  column) G_GNUC_WARN_UNUSED_RESULT;
FerryMigration *ferry_migration_cell_get_migration (FerryMigrationCell    *self);
void            ferry_migration_cell_set_migration (FerryMigrationCell    *self,
                                                    FerryMigration        *migration);
/* What the cell's tooltip says (NULL: none): the name and id, the route,
 * a state with the server's message, the progress's step. */
char           *ferry_migration_cell_dup_tooltip   (FerryMigrationCell    *self) G_GNUC_WARN_UNUSED_RESULT;
/* Shows the migration's state again. */
void            ferry_migration_cell_update        (FerryMigrationCell    *self);

G_END_DECLS
