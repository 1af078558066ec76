/* editor-test-util.h: helpers of the migration editor's tests
 * (test-settings-editor, test-migration-editor, test-plan)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"
#include "ferry-sandbox.h"

G_BEGIN_DECLS

#define ETU_TUTORIAL_ID "B19DEDCC11D4E0EFC000EB9495D0F44F"
#define ETU_YEAR_ID     "8D679D5111D3E4981000E787EC6DE8A4"
#define ETU_ADMIN_ID    "54F3D26011D2896560009A8E67019608"
#define ETU_MIGRATOR    "migrator"
#define ETU_PASSWORD    "Ferry-Migr8!"

typedef gboolean (*EtuCondition) (gpointer data);

/* A stand-in desktop notification server (org.freedesktop.Notifications on
 * the test's session bus, which the test suite shares: only the test that
 * sends notifications starts it): how many notifications it got, and the
 * last one's summary and body. */
extern guint  etu_notifications_sent;
extern char  *etu_notification_summary;
extern char  *etu_notification_body;
void          etu_notification_server_start (void);
/* For tests that may send notifications without counting them: a stand-in
 * that gives the name up to etu_notification_server_start() (and gets it
 * back when that test ends), so that GLib never warns of a missing server. */
void          etu_notification_server_start_standby (void);

/* Skips (or fails under CI=true) without a display. Returns FALSE to skip. */
gboolean          etu_init                 (int          *argc,
                                            char       ***argv);
gboolean          etu_spin_until           (EtuCondition  condition,
                                            gpointer      data,
                                            guint         timeout_ms);
void              etu_wait_ms              (guint         ms);
/* Presents WINDOW and waits until it is mapped and laid out. */
void              etu_present              (GtkWindow    *window);
/* The widget-paintable recipe (toolchain.md §4) after a repaint; writes
 * G_TEST_BUILDDIR/screenshots/NAME and returns its path. */
char             *etu_screenshot           (GtkWidget    *widget,
                                            const char   *name);
GObject          *etu_child                (gpointer      widget,
                                            GType         type,
                                            const char   *name);
/* A file of tests/core/fixtures as JSON. */
JsonNode         *etu_fixture              (const char   *name);
JsonObject       *etu_member_object        (JsonNode     *node,
                                            const char   *path);

/* Two in-process sandboxes, tutorial-dev ("Development") and
 * tutorial-prod ("Production"), sharing package storage. */
typedef struct
{
  char         *dir;
  FerrySandbox *dev;
  FerrySandbox *prod;
} EtuPair;

void              etu_pair_start           (EtuPair      *pair);
void              etu_pair_stop            (EtuPair      *pair);
/* A FerryEnvironment for SANDBOX named NAME, connected as USERNAME. */
FerryEnvironment *etu_environment_connect  (FerrySandbox *sandbox,
                                            const char   *name,
                                            const char   *username,
                                            const char   *password);

G_END_DECLS
