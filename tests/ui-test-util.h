/* ui-test-util.h: helpers shared by the UI tests (tests/test-*.c that
 * need a display): the start of a test program, the main loop, template
 * children and toplevels, screenshots, stand-in notification servers and
 * in-process sandboxes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-application.h"
#include "ferry-core.h"
#include "ferry-sandbox.h"
#include "ferry-window.h"

G_BEGIN_DECLS

#define UTU_TUTORIAL_ID "B19DEDCC11D4E0EFC000EB9495D0F44F"
#define UTU_YEAR_ID     "8D679D5111D3E4981000E787EC6DE8A4"
#define UTU_ADMIN_ID    "54F3D26011D2896560009A8E67019608"
#define UTU_MIGRATOR    "migrator"
#define UTU_PASSWORD    "Ferry-Migr8!"

typedef gboolean (*UtuCondition) (gpointer data);

/* A stand-in desktop notification server (org.freedesktop.Notifications on
 * the test's session bus, which the test suite shares: only the test that
 * sends notifications starts it): how many notifications it got, and the
 * last one's summary and body. */
extern guint  utu_notifications_sent;
extern char  *utu_notification_summary;
extern char  *utu_notification_body;
void          utu_notification_server_start (void);
/* For tests that may send notifications without counting them: a stand-in
 * that gives the name up to utu_notification_server_start() (and gets it
 * back when that test ends), so that GLib never warns of a missing server. */
void          utu_notification_server_start_standby (void);

/* The start of a test program. Without a display they print a TAP skip
 * and return NULL, or under CI=true (where a skip would hide that nothing
 * ran) say so and exit 1. Then gtk_test_init(), adw_init() and a
 * registered application, as in the app, so that its style.css applies;
 * NON_UNIQUE, as the tests run in parallel. The application stays owned
 * by these helpers until utu_application_teardown().
 *
 * utu_init(): a plain AdwApplication, for tests of widgets on their own. */
GtkApplication       *utu_init                 (int          *argc,
                                                char       ***argv);
/* utu_application_init(): a FerryApplication, for tests that need its
 * actions (app.try-demo, app.about), its demo, its environment list or
 * the app icons on the icon theme's path. */
FerryApplication     *utu_application_init     (int          *argc,
                                                char       ***argv);
/* Stops the FerryApplication's demo if any, destroys the application's
 * windows, drains the main context and drops the application. */
void                  utu_application_teardown (void);
/* The application's FerryWindow (NULL while none is open), its Compare
 * page and a pane of that. */
FerryWindow          *utu_main_window          (void);
FerryCompareView     *utu_compare_view         (void);
FerryEnvironmentPane *utu_pane                 (FerryPaneSide side);

/* Iterates the main context until CONDITION (DATA) or TIMEOUT_MS; returns
 * the condition's last answer. */
gboolean              utu_spin_until           (UtuCondition  condition,
                                                gpointer      data,
                                                guint         timeout_ms);
/* Lets animations finish. (Turning them off instead makes libadwaita
 * 1.2's AdwViewSwitcherTitle warn about allocating its hidden switcher
 * with height -1, and warnings are fatal here.) */
void                  utu_wait_ms              (guint         ms);
/* Conditions for utu_spin_until(): WIDGET mapped and laid out; *POINTER
 * not NULL (as utu_store_result_cb() sets it). */
gboolean              utu_is_mapped            (gpointer      widget);
gboolean              utu_is_set               (gpointer      pointer);
/* A GAsyncReadyCallback that stores a reference to the result in
 * *(GAsyncResult **) USER_DATA. */
void                  utu_store_result_cb      (GObject      *object,
                                                GAsyncResult *result,
                                                gpointer      user_data);
/* Presents WINDOW and waits until it is mapped and laid out. */
void                  utu_present              (GtkWindow    *window);
/* Draws WIDGET again and waits until its frame clock has painted it. */
gboolean              utu_wait_for_paint       (GtkWidget    *widget,
                                                guint         timeout_ms);
/* The widget-paintable recipe (toolchain.md §4) after a repaint: writes
 * G_TEST_BUILDDIR/FILE (its folder made if missing) and asserts that the
 * image is not blank. */
void                  utu_save_png             (GtkWidget    *widget,
                                                const char   *file);
/* utu_save_png() of screenshots/NAME, once animations (revealers,
 * stacks) have had 150 ms to settle. */
void                  utu_screenshot           (GtkWidget    *widget,
                                                const char   *name);
/* WIDGET's template child NAME of TYPE; an error when there is none. */
GObject              *utu_child                (gpointer      widget,
                                                GType         type,
                                                const char   *name);
/* The mapped toplevel of TYPE, or NULL (GTK holds its reference). */
GtkWindow            *utu_find_toplevel        (GType         type);
/* The mapped AdwMessageDialog, or NULL; and a condition that there is one. */
AdwMessageDialog     *utu_find_dialog          (void);
gboolean              utu_dialog_shown         (gpointer      data);
/* A file of tests/core/fixtures as JSON. */
JsonNode             *utu_fixture              (const char   *name);
JsonObject           *utu_member_object        (JsonNode     *node,
                                                const char   *path);
/* The mark the pane of SIDE shows for a state of the seed manifest
 * (tests/data/seed-differences.json), in the pane's words; NULL: the
 * object is not on that side. */
const char           *utu_expected_mark        (const char   *state,
                                                FerryPaneSide side);

/* Two in-process sandboxes, tutorial-dev ("Development") and
 * tutorial-prod ("Production"), sharing package storage. */
typedef struct
{
  char         *dir;
  FerrySandbox *dev;
  FerrySandbox *prod;
} UtuPair;

void                  utu_pair_start           (UtuPair      *pair);
void                  utu_pair_stop            (UtuPair      *pair);
/* A FerryEnvironment for SANDBOX named NAME, connected as USERNAME. */
FerryEnvironment     *utu_environment_connect  (FerrySandbox *sandbox,
                                                const char   *name,
                                                const char   *username,
                                                const char   *password);

G_END_DECLS
