/* ferry-preferences-window.h: Preferences (issue 16)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An AdwPreferencesWindow over the application's settings: the folder the
 * file choosers for plans and packages start in ("default-folder"), the
 * bounds of the polling back-off ("poll-interval-min", "poll-interval-max",
 * read by FerryMigrationMonitor), and the certificates the user chose to
 * trust (FerryTrustStore), each with its host, fingerprint and date and a
 * Revoke button: the next connection to that host asks again. The window
 * keeps nothing but widgets: every value lives in GSettings.
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FERRY_TYPE_PREFERENCES_WINDOW (ferry_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (FerryPreferencesWindow, ferry_preferences_window, FERRY, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* SETTINGS: the application's (the schema io.github.ferryapp.Ferry). */
FerryPreferencesWindow *ferry_preferences_window_new (GtkWindow *parent,
                                                      GSettings *settings) G_GNUC_WARN_UNUSED_RESULT;

/* The trusted hosts' rows (AdwActionRow, title = host), in order. */
GtkWidget *ferry_preferences_window_get_trust_row (FerryPreferencesWindow *self,
                                                   const char             *host);

/* Makes CHOOSER start in the default folder of the FerryApplication that
 * WIDGET belongs to ("default-folder", else the home folder). Outside a
 * FerryApplication (a widget's own test) it does nothing. */
void       ferry_preferences_apply_default_folder (GtkFileChooser *chooser,
                                                   GtkWidget      *widget);

G_END_DECLS
