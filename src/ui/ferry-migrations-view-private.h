/* ferry-migrations-view-private.h: what the Migrations page's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ferry-migrations-view.c (the widget: page, details, binding to the
 * FerryMigrationMonitor), ferry-migrations-view-columns.c (the columns'
 * texts, sorters and the filter), ferry-migrations-view-actions.c
 * (the actions: what they may do, asked of ferry-migration-actions, and
 * the calls to the monitor) and ferry-migration-cell.c (the cells).
 */

#pragma once

#include "ferry-migrations-view.h"
#include "ferry-migration-cell.h"

G_BEGIN_DECLS

typedef struct _FerryPackageDownload FerryPackageDownload;

struct _FerryMigrationsView
{
  AdwBin                 parent_instance;

  /* template widgets */
  GtkSearchEntry        *search_entry;
  GtkWidget             *refresh_button;
  GtkMenuButton         *export_button;
  GtkDropDown           *status_dropdown;
  GtkDropDown           *purpose_dropdown;
  GtkSpinner            *loading_spinner;
  GtkProgressBar        *loading_progress;
  GtkInscription        *count_label;
  GtkWidget             *waiting_button;
  GtkLabel              *waiting_label;
  GtkRevealer           *errors_revealer;
  GtkBox                *errors_box;
  AdwFlap               *flap;
  GtkStack              *stack;
  GtkSpinner            *page_spinner;
  AdwStatusPage         *empty_page;
  AdwStatusPage         *error_page;
  GtkScrolledWindow     *scrolled_window;
  GtkColumnView         *column_view;
  GtkColumnViewColumn   *columns[FERRY_MIGRATIONS_N_COLUMNS];   /* by FerryMigrationsColumn */
  FerryMigrationDetails *details;
  GMenuModel            *row_menu;

  /* borrowed */
  AdwToastOverlay       *toast_overlay;     /* weak */
  GtkWindow             *root_window;       /* weak */
  gulong                 active_handler;

  /* owned */
  GCancellable          *cancellable;       /* the view's own calls (PATCH answers, export) */
  FerryMigrationMonitor *monitor;
  gulong                 monitor_handlers[7];
  gboolean               auto_resume;       /* for a monitor the view makes */
  GtkCustomFilter       *filter;
  GtkFilterListModel    *filter_model;
  GtkSortListModel      *sort_model;
  GtkSingleSelection    *selection;
  GtkWidget             *row_popover;
  GHashTable            *empty_names;       /* without a monitor */
  GHashTable            *own_jobs;          /* FerryJob → name: run by an action, reported here */
  GHashTable            *cells;             /* FerryMigrationCell set */

  /* the columns that fit (ferry-migrations-view-columns.c) */
  guint                  columns_shown;     /* a bit per FerryMigrationsColumn */
  /* The "reading N of M" the count shows, and since when (see
   * update_count()). */
  guint64                reading_listed;
  gint64                 reading_total;
  guint                  reading_n_all;
  gint64                 reading_shown_us;
  int                    name_width;
  guint                  fit_idle;
  /* ferry_migrations_view_show_migration() of a row not listed yet */
  char                  *pending_show;

  /* filters */
  FerryMigrationsFilter  status_filter;
  char                  *purpose_filter;
  char                  *search_folded;

  /* updates */
  guint                  update_idle;
  guint                  resort_source;
  gint64                 last_resort_us;
  gint64                 last_refresh_us;

  /* the selection */
  FerryMigration        *selected;
  gulong                 selected_handler;
  gboolean               unselecting;       /* asked for, not the model moving the row */
  gboolean               at_top;            /* the list shows its first row at its top */

  /* the package download under way (ferry-migrations-view-package.c) */
  FerryPackageDownload  *download;
};

/* ferry-migrations-view.c */
void            _ferry_migrations_view_toast            (FerryMigrationsView *self,
                                                         const char          *message);
void            _ferry_migrations_view_queue_update     (FerryMigrationsView *self);
const char     *_ferry_migrations_view_migration_name   (FerryMigration      *migration);
char           *_ferry_migrations_view_dup_source_name  (FerryMigrationsView *self,
                                                         FerryMigration      *migration);
char           *_ferry_migrations_view_dup_target_name  (FerryMigrationsView *self,
                                                         FerryMigration      *migration);
char           *_ferry_migrations_view_dup_route_line   (FerryMigrationsView *self,
                                                         FerryMigration      *migration);
char           *_ferry_migrations_view_dup_projects_line (FerryMigration     *migration);
FerryJob       *_ferry_migrations_view_running_job      (FerryMigrationsView *self,
                                                         const char          *migration_id);
double          _ferry_migrations_view_row_progress     (FerryMigrationsView *self,
                                                         FerryMigration      *migration,
                                                         const char         **label);
void            _ferry_migrations_view_update_cells_for (FerryMigrationsView *self,
                                                         FerryMigration      *migration);
void            _ferry_migrations_view_add_cell         (FerryMigrationsView *self,
                                                         FerryMigrationCell  *cell);
void            _ferry_migrations_view_remove_cell      (FerryMigrationsView *self,
                                                         FerryMigrationCell  *cell);

/* ferry-migrations-view-columns.c */
void            _ferry_migrations_view_class_add_columns (GtkWidgetClass     *widget_class);
/* Scrolls the list the least that shows the row at POSITION. */
void            _ferry_migrations_view_scroll_to_row    (FerryMigrationsView *self,
                                                         guint                position);
/* A list the user has not scrolled stays at its first row while rows
 * come in above the first one shown (GTK keeps the row it shows first). */
void            _ferry_migrations_view_init_scrolling   (FerryMigrationsView *self);
void            _ferry_migrations_view_resort_dynamic   (FerryMigrationsView *self);
/* From size_allocate: the columns that fit WIDTH (the list's) show, from
 * an idle (not during the allocation). */
void            _ferry_migrations_view_fit_columns      (FerryMigrationsView *self,
                                                         int                  width);
gboolean        _ferry_migrations_view_filter_func      (gpointer             item,
                                                         gpointer             user_data);

/* ferry-migrations-view-actions.c */
/* A row was activated (Enter, double click): its details, focused. */
void            _ferry_migrations_view_row_activated    (FerryMigrationsView *self,
                                                         guint                position);
/* The rows changed: a pending ferry_migrations_view_show_migration(). */
void            _ferry_migrations_view_show_pending     (FerryMigrationsView *self);
void            _ferry_migrations_view_class_add_actions (GtkWidgetClass     *widget_class);
void            _ferry_migrations_view_update_actions   (FerryMigrationsView *self);
/* The selected migration, if ACTION applies to it now (else a toast says
 * why). */
FerryMigration *_ferry_migrations_view_action_target    (FerryMigrationsView *self,
                                                         FerryMigrationOp     action);
/* An action of the view started JOB on M: reported by the view. */
void            _ferry_migrations_view_ran              (FerryMigrationsView *self,
                                                         FerryMigration      *m,
                                                         FerryJob            *job);
/* A job an action started ended: its toast. */
void            _ferry_migrations_view_report_job       (FerryMigrationsView *self,
                                                         FerryJob            *job,
                                                         const char          *name);

/* ferry-migrations-view-package.c */
void            _ferry_migrations_view_class_add_package_actions (GtkWidgetClass *widget_class);
/* "NAME.mmp", "NAME (undo).mmp". */
char           *_ferry_migrations_view_dup_package_file_name (FerryMigration *m,
                                                              gboolean        undo);

G_END_DECLS
