/* ferry-environment.h: a saved Library environment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "ferry-connection.h"

G_BEGIN_DECLS

#define FERRY_ENVIRONMENT_ERROR (ferry_environment_error_quark ())

typedef enum
{
  FERRY_ENVIRONMENT_ERROR_INVALID_NAME,
  FERRY_ENVIRONMENT_ERROR_DUPLICATE_NAME,
  FERRY_ENVIRONMENT_ERROR_INVALID_URL,
  FERRY_ENVIRONMENT_ERROR_INVALID_USERNAME,
  FERRY_ENVIRONMENT_ERROR_NO_PASSWORD,
} FerryEnvironmentError;

GQuark ferry_environment_error_quark (void);

#define FERRY_TYPE_ENVIRONMENT (ferry_environment_get_type ())
G_DECLARE_FINAL_TYPE (FerryEnvironment, ferry_environment, FERRY, ENVIRONMENT, GObject)

/* Properties: "name", "base-url", "login-mode" (FerryLoginMode as int),
 * "username", "remember-password", "is-demo" (construct-only), and the
 * read-only "connection" (FerryConnection, NULL until connected),
 * "state" (FerryConnectionState as int), "last-error" (string) and
 * "keyring-error" (string: why the keyring could not store or give the
 * password, as a sentence for the user; NULL when it worked). */
FerryEnvironment *ferry_environment_new               (const char        *name,
                                                       const char        *base_url,
                                                       FerryLoginMode     login_mode,
                                                       const char        *username,
                                                       gboolean           remember_password);
const char       *ferry_environment_get_name          (FerryEnvironment  *self);
const char       *ferry_environment_get_base_url      (FerryEnvironment  *self);
FerryLoginMode    ferry_environment_get_login_mode    (FerryEnvironment  *self);
const char       *ferry_environment_get_username      (FerryEnvironment  *self);
gboolean          ferry_environment_get_remember_password (FerryEnvironment *self);
gboolean          ferry_environment_get_is_demo       (FerryEnvironment  *self);
FerryConnection  *ferry_environment_get_connection    (FerryEnvironment  *self);
FerryConnectionState ferry_environment_get_state      (FerryEnvironment  *self);
const char       *ferry_environment_get_last_error    (FerryEnvironment  *self);
const char       *ferry_environment_get_keyring_error (FerryEnvironment  *self);

/* Checks a definition before it is saved; the error says which field is
 * wrong in a sentence for the user (shown under that field). */
gboolean          ferry_environment_validate          (const char        *name,
                                                       const char        *base_url,
                                                       const char        *username,
                                                       GError           **error);

/* A sentence for the user saying why connecting failed: "Could not reach
 * 127.0.0.1:8443: connection refused", "The user name or password is wrong"
 * (the address with its port, the reason in words). */
char             *ferry_environment_describe_error    (FerryEnvironment  *self,
                                                       const GError      *error) G_GNUC_WARN_UNUSED_RESULT;

/* Connects with PASSWORD (an empty one is a password: accounts such as
 * MicroStrategy's default Administrator have none), or — when PASSWORD is NULL and the environment
 * remembers its password — with the one in the keyring (no keyring or no
 * entry: FERRY_ENVIRONMENT_ERROR_NO_PASSWORD, so the caller asks). On a
 * successful connection with a typed password and remember-password set,
 * the password is stored in the keyring; when that fails, the connection
 * stays and "keyring-error" says why. A keyring that cannot be read sets
 * "keyring-error" too, and the NO_PASSWORD error's message names the reason. */
void              ferry_environment_connect_async     (FerryEnvironment  *self,
                                                       const char        *password,
                                                       GCancellable      *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer           user_data);
gboolean          ferry_environment_connect_finish    (FerryEnvironment  *self,
                                                       GAsyncResult      *result,
                                                       GError           **error);
void              ferry_environment_disconnect        (FerryEnvironment  *self);

/* The keyring: passwords are stored under the schema
 * "io.github.ferryapp.Ferry.Password" with the attributes base-url and
 * username, and nowhere else. */
void              ferry_password_store_async          (const char        *base_url,
                                                       const char        *username,
                                                       const char        *password,
                                                       GCancellable      *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer           user_data);
gboolean          ferry_password_store_finish         (GAsyncResult      *result,
                                                       GError           **error);
void              ferry_password_lookup_async         (const char        *base_url,
                                                       const char        *username,
                                                       GCancellable      *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer           user_data);
/* The password, or NULL without error when there is none. */
char             *ferry_password_lookup_finish        (GAsyncResult      *result,
                                                       GError           **error);
void              ferry_password_clear_async          (const char        *base_url,
                                                       const char        *username,
                                                       GCancellable      *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer           user_data);
gboolean          ferry_password_clear_finish         (GAsyncResult      *result,
                                                       GError           **error);
/* Why the keyring failed, in words for a sentence ("no keyring service is
 * running", "the keyring is locked", or the service's own message). */
char             *ferry_password_describe_error       (const GError      *error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
