/* ferry-window-private.h: what the main window's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ferry-window.c (pages, connecting, the demo, the window's state) and
 * ferry-window-actions.c (the win.* actions, the migration editors and
 * the end of their jobs).
 */

#pragma once

#include "ferry-password-dialog.h"
#include "ferry-window.h"

G_BEGIN_DECLS

struct _FerryWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *view_stack;
  GtkStack             *compare_stack;
  FerryCompareView     *compare_view;
  AdwViewStackPage     *migrations_page;
  AdwBin               *migrations_bin;
  /* the Migrations page's view, in migrations_bin: NULL until the first
   * frame was painted or something needs it
   * (_ferry_window_ensure_migrations_view) */
  FerryMigrationsView  *migrations_view;
  GMenu                *environment_section;
  GMenu                *demo_section;
  GMenuModel           *compare_migration_section;
  GMenuModel           *compare_section;
  GMenuModel           *migrations_section;
  GMenuModel           *help_section;
  GtkMenuButton        *menu_button;
  GtkWidget            *demo_label;
  GtkRevealer          *recovery_revealer;
  GtkLabel             *recovery_label;

  /* owned references */
  GSettings            *settings;   /* the application's; NULL: nothing is remembered */
  FerryEnvironmentList *environments;
  FerryMigrationMonitor *monitor;   /* the application's (or the window's own) */
  FerryTrustStore      *trust_store; /* over the settings */
  FerryDemo            *demo;
  GCancellable         *cancellable;
  /* FerryEnvironment → ConnectOp of the connection being made */
  GHashTable           *connecting;
  /* FerryEnvironment (weak) we watch for "notify::connection" */
  GPtrArray            *watched;
  /* the migration editor opened last (weak), for win.add-to-migration */
  GWeakRef              editor;
  /* the main menu of each page (built from the template's sections) */
  GMenu                *compare_menu;
  GMenu                *migrations_menu;
  /* "A migration is running" before quitting (weak), and whether quitting
   * was asked for (vs. closing the window); quitting confirmed */
  AdwMessageDialog     *quit_dialog;
  gboolean              quit_asked;
  gboolean              quit_confirmed;
  /* the password prompt shown (weak), and those waiting for it (PendingPrompt) */
  FerryPasswordDialog  *password_prompt;
  GQueue                password_queue;

  /* the draft an earlier run left, while it is offered */
  FerryPlan            *recovered_plan;
  GFile                *recovered_file;

  /* the clock whose first "after-paint" builds the Migrations page, until
   * it did; then the idle that builds it */
  GdkFrameClock        *first_frame_clock;
  guint                 build_idle_id;

  gboolean              differences_only;
  gboolean              show_details;
  gboolean              restoring;
};

/* ferry-window.c */
void _ferry_window_toast                   (FerryWindow            *self,
                                            const char             *message);
void _ferry_window_ensure_environments     (FerryWindow            *self);
FerryMigrationsView *
     _ferry_window_ensure_migrations_view  (FerryWindow            *self);
void _ferry_window_connect_environment     (FerryWindow            *self,
                                            FerryEnvironment       *environment,
                                            const char             *password,
                                            FerryEnvironmentDialog *dialog);

/* ferry-window-actions.c */
gboolean _ferry_window_ask_before_quit     (FerryWindow            *self,
                                            gboolean                quit);
void _ferry_window_class_add_actions       (GtkWidgetClass         *widget_class);
void _ferry_window_update_migration_actions (FerryWindow           *self);
void _ferry_window_n_running_cb            (FerryWindow            *self);
void _ferry_window_can_compare_cb          (FerryWindow            *self);
void _ferry_window_monitor_job_finished_cb (FerryWindow            *self,
                                            FerryJob               *job);
void _ferry_window_password_cleared_cb     (GObject                *object,
                                            GAsyncResult           *result,
                                            gpointer                user_data);

/* ferry-window-files.c */
void _ferry_window_class_add_files         (GtkWidgetClass         *widget_class);
void _ferry_window_files_init              (FerryWindow            *self);

/* ferry-window-recovery.c */
void _ferry_window_class_add_recovery      (GtkWidgetClass         *widget_class);
void _ferry_window_recovery_init           (FerryWindow            *self);
void _ferry_window_recovery_finalize       (FerryWindow            *self);

G_END_DECLS
