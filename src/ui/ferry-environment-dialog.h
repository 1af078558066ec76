/* ferry-environment-dialog.h: add or edit a saved environment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A modal window (transient for PARENT) with the fields name, base URL,
 * login mode (Standard, LDAP), user name, "Remember password" and password.
 * Save validates with ferry_environment_validate() and shows the error
 * under the field it concerns; plain http:// to a host other than this
 * computer shows "Passwords will be sent unencrypted" under the URL.
 *
 * A valid Save emits "saved" and the dialog STAYS OPEN: the window adds or
 * updates the list and connects, then either closes the dialog
 * (gtk_window_destroy) or reports what went wrong under the right field
 * with ferry_environment_dialog_show_error() / _show_gerror(), keeping
 * everything the user entered. ferry_environment_dialog_set_busy() shows a
 * spinner on the Save button meanwhile (optional).
 *
 * Signals:
 *   "saved" (FerryEnvironment *environment, const char *password,
 *            const char *old_name)
 *     ENVIRONMENT: a new, disconnected FerryEnvironment with the fields;
 *     PASSWORD: what was typed, "" included (an account without a
 *       password), or NULL when an edited environment keeps the password
 *       in the keyring (field left empty, "Remember password" on before
 *       and after);
 *     OLD_NAME: the edited environment's name, NULL when adding.
 *   "cancelled" (): Cancel or Escape; the dialog closes itself.
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"

G_BEGIN_DECLS

/* Fields for ferry_environment_dialog_show_error(). */
#define FERRY_ENVIRONMENT_FIELD_NAME     "name"
#define FERRY_ENVIRONMENT_FIELD_URL      "url"
#define FERRY_ENVIRONMENT_FIELD_USERNAME "username"
#define FERRY_ENVIRONMENT_FIELD_PASSWORD "password"

#define FERRY_TYPE_ENVIRONMENT_DIALOG (ferry_environment_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FerryEnvironmentDialog, ferry_environment_dialog, FERRY, ENVIRONMENT_DIALOG, AdwWindow)

/* ENVIRONMENT NULL: "Add Environment"; else "Edit Environment" with its
 * fields filled in (the password field stays empty). */
FerryEnvironmentDialog *ferry_environment_dialog_new          (GtkWindow              *parent,
                                                               FerryEnvironment       *environment);
/* The environment being edited, or NULL when adding. */
FerryEnvironment       *ferry_environment_dialog_get_environment (FerryEnvironmentDialog *self);

/* Shows MESSAGE under FIELD (one of FERRY_ENVIRONMENT_FIELD_*), or above
 * the fields when FIELD is NULL; ends the busy state. MESSAGE NULL clears
 * that field's error. Editing a field clears its error. */
void                    ferry_environment_dialog_show_error   (FerryEnvironmentDialog *self,
                                                               const char             *field,
                                                               const char             *message);
/* The same for an error of ferry_environment_validate(),
 * ferry_environment_list_add/update() or ferry_environment_connect_finish():
 * picks the field from the error (login failed → password, not a Library
 * server / unreachable / certificate → URL, duplicate name → name, …) and
 * the sentence from ferry_api_error_describe(). */
void                    ferry_environment_dialog_show_gerror  (FerryEnvironmentDialog *self,
                                                               const GError           *error);
/* TRUE: a spinner on Save, Save insensitive (e.g. while connecting). */
void                    ferry_environment_dialog_set_busy     (FerryEnvironmentDialog *self,
                                                               gboolean                busy);

G_END_DECLS
