/* ferry-toc-settings.h: the package settings (tocView.settings) as a GObject
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One property per setting of the reference pages (spec/) and api.md, so the
 * settings editor binds widgets to it; JSON in and out; validation per
 * package type; a derived "undo-possible".
 *
 * JSON fidelity: ferry_toc_settings_to_json() gives back what
 * ferry_toc_settings_load_json() was given, as a JSON value (member order
 * aside): a member that was absent stays absent, a null stays null, arrays
 * stay arrays in their order, and members Ferry does not know are kept and
 * echoed untouched. A setting changed through a property is written out with
 * its new value (null for the two ACL settings when unset).
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

/* The rules and FerryConflictAction (ferry-toc-rule.h) */
#include "ferry-folder-rule.h"
#include "ferry-object-rule.h"
#include "ferry-object-type-rule.h"
#include "ferry-toc-rule.h"

G_BEGIN_DECLS

#define FERRY_TOC_SETTINGS_ERROR (ferry_toc_settings_error_quark ())

/**
 * FerryTocSettingsError:
 * @FERRY_TOC_SETTINGS_ERROR_INVALID_VALUE: a value that is not one of the
 *   allowed ones (the message names the field and lists the allowed values)
 * @FERRY_TOC_SETTINGS_ERROR_INVALID_TYPE: a member of the wrong JSON type
 *   (a number where a string belongs, an object where an array belongs…)
 */
typedef enum
{
  FERRY_TOC_SETTINGS_ERROR_INVALID_VALUE,
  FERRY_TOC_SETTINGS_ERROR_INVALID_TYPE,
} FerryTocSettingsError;

GQuark ferry_toc_settings_error_quark (void);

/* --- Enumerations (registered GEnums; each nick is the JSON spelling) ------ */

/**
 * FerryPackageType:
 * @FERRY_PACKAGE_TYPE_PROJECT: "project": project objects
 * @FERRY_PACKAGE_TYPE_CONFIGURATION: "configuration": configuration objects
 *   (users, groups, security roles…)
 * @FERRY_PACKAGE_TYPE_PROJECT_SECURITY: "project_security": a project's
 *   security links of users and groups
 */
typedef enum
{
  FERRY_PACKAGE_TYPE_PROJECT,
  FERRY_PACKAGE_TYPE_CONFIGURATION,
  FERRY_PACKAGE_TYPE_PROJECT_SECURITY,
} FerryPackageType;

/**
 * FerryAclOnReplacing:
 * @FERRY_ACL_ON_REPLACING_UNSET: JSON null (the setting does not apply,
 *   e.g. project security packages)
 *
 * "aclOnReplacingObjects": whose ACL a replaced object keeps.
 */
typedef enum
{
  FERRY_ACL_ON_REPLACING_UNSET,
  FERRY_ACL_ON_REPLACING_USE_EXISTING,
  FERRY_ACL_ON_REPLACING_REPLACE,
  FERRY_ACL_ON_REPLACING_KEEP_BOTH,
} FerryAclOnReplacing;

/**
 * FerryAclOnNew:
 * @FERRY_ACL_ON_NEW_UNSET: null, an empty array or absent
 *
 * "aclOnNewObjects" (a JSON array of one value): the ACL of a created object.
 */
typedef enum
{
  FERRY_ACL_ON_NEW_UNSET,
  FERRY_ACL_ON_NEW_KEEP_ACL_AS_SOURCE_OBJECT,
  FERRY_ACL_ON_NEW_INHERIT_ACL_AS_DEST_FOLDER,
} FerryAclOnNew;

/**
 * FerryTranslationAction:
 * @FERRY_TRANSLATION_ACTION_UNSET: absent (or null)
 * @FERRY_TRANSLATION_ACTION_EXISTING: "existing", as the reference page shows
 *
 * "translationAction" (project merges). Both the reference page's spelling
 * and the SDK's values are accepted and written back as given.
 */
typedef enum
{
  FERRY_TRANSLATION_ACTION_UNSET,
  FERRY_TRANSLATION_ACTION_EXISTING,
  FERRY_TRANSLATION_ACTION_NOT_MERGED,
  FERRY_TRANSLATION_ACTION_USE_EXISTING,
  FERRY_TRANSLATION_ACTION_REPLACE,
  FERRY_TRANSLATION_ACTION_FORCE_REPLACE,
} FerryTranslationAction;

#define FERRY_TYPE_PACKAGE_TYPE        (ferry_package_type_get_type ())
#define FERRY_TYPE_ACL_ON_REPLACING    (ferry_acl_on_replacing_get_type ())
#define FERRY_TYPE_ACL_ON_NEW          (ferry_acl_on_new_get_type ())
#define FERRY_TYPE_TRANSLATION_ACTION  (ferry_translation_action_get_type ())

GType        ferry_package_type_get_type          (void) G_GNUC_CONST;
GType        ferry_acl_on_replacing_get_type      (void) G_GNUC_CONST;
GType        ferry_acl_on_new_get_type            (void) G_GNUC_CONST;
GType        ferry_translation_action_get_type    (void) G_GNUC_CONST;

/* JSON spellings ("project_security"…); the UNSET values
 * have none (NULL). from_string() is exact (case-sensitive) and returns
 * FALSE for anything else. */
const char  *ferry_package_type_to_string         (FerryPackageType     type);
gboolean     ferry_package_type_from_string       (const char          *text,
                                                   FerryPackageType    *out_type);

/* --- The settings --------------------------------------------------------- */

/*
 * Properties (all notify with G_PARAM_EXPLICIT_NOTIFY, only on a real change):
 *   "package-type"                       FerryPackageType
 *   "project-merge"                      gboolean   the settings of a project merge
 *                                                   (rules and translationAction apply)
 *   "update-schema-logical-size"         gboolean   updateSchema recal_table_logical_size
 *   "update-schema-keys-fact-entry-level" gboolean  … recal_table_keys_fact_entry_level
 *   "update-schema-logical-info"         gboolean   … update_schema_logical_info
 *   "acl-on-replacing-objects"           FerryAclOnReplacing
 *   "acl-on-new-objects"                 FerryAclOnNew
 *   "validate-dependencies"              gboolean   (setting it makes it present)
 *   "has-validate-dependencies"          gboolean   FALSE: the member is left out
 *   "default-action"                     FerryConflictAction
 *   "translation-action"                 FerryTranslationAction
 *   "folder-rules"                       GListModel of FerryFolderRule       (read-only;
 *   "object-type-rules"                  GListModel of FerryObjectTypeRule    a GListStore:
 *   "object-rules"                       GListModel of FerryObjectRule        edit it in place)
 *   "undo-possible"                      gboolean   read-only: FALSE when keep_both is the
 *                                                   default action or any rule's action
 *   "validation-messages"                GStrv      read-only: ferry_toc_settings_validate()
 *
 * Signal "changed" (no arguments): after any edit — a property, a rule's
 * property, a rule added or removed, a JSON load (once per load). Derived
 * properties are up to date when it is emitted.
 */
#define FERRY_TYPE_TOC_SETTINGS (ferry_toc_settings_get_type ())
G_DECLARE_FINAL_TYPE (FerryTocSettings, ferry_toc_settings, FERRY, TOC_SETTINGS, GObject)

/* Defaults: defaultAction use_existing, aclOnNewObjects
 * [keep_acl_as_source_object], aclOnReplacingObjects use_existing (null for
 * project security packages), updateSchema null, everything else absent. */
FerryTocSettings   *ferry_toc_settings_new                 (FerryPackageType   package_type);
/* SETTINGS is a tocView.settings (or a package definition's "settings"). */
FerryTocSettings   *ferry_toc_settings_new_from_json       (JsonObject        *settings,
                                                            FerryPackageType   package_type,
                                                            GError           **error);
/* Replaces every setting with SETTINGS'. On error nothing changes. */
gboolean            ferry_toc_settings_load_json           (FerryTocSettings  *self,
                                                            JsonObject        *settings,
                                                            GError           **error);
/* A new JSON object node. */
JsonNode           *ferry_toc_settings_to_json             (FerryTocSettings  *self);
/* An independent copy (rules copied too). */
FerryTocSettings   *ferry_toc_settings_copy                (FerryTocSettings  *self);

FerryPackageType    ferry_toc_settings_get_package_type    (FerryTocSettings  *self);
void                ferry_toc_settings_set_package_type    (FerryTocSettings  *self,
                                                            FerryPackageType   package_type);
gboolean            ferry_toc_settings_get_project_merge   (FerryTocSettings  *self);
void                ferry_toc_settings_set_project_merge   (FerryTocSettings  *self,
                                                            gboolean           project_merge);
gboolean            ferry_toc_settings_get_update_schema_logical_size (FerryTocSettings *self);
void                ferry_toc_settings_set_update_schema_logical_size (FerryTocSettings *self,
                                                                       gboolean          value);
gboolean            ferry_toc_settings_get_update_schema_keys_fact_entry_level (FerryTocSettings *self);
void                ferry_toc_settings_set_update_schema_keys_fact_entry_level (FerryTocSettings *self,
                                                                                gboolean          value);
gboolean            ferry_toc_settings_get_update_schema_logical_info (FerryTocSettings *self);
void                ferry_toc_settings_set_update_schema_logical_info (FerryTocSettings *self,
                                                                       gboolean          value);
FerryAclOnReplacing ferry_toc_settings_get_acl_on_replacing_objects (FerryTocSettings   *self);
void                ferry_toc_settings_set_acl_on_replacing_objects (FerryTocSettings   *self,
                                                                     FerryAclOnReplacing value);
FerryAclOnNew       ferry_toc_settings_get_acl_on_new_objects (FerryTocSettings *self);
void                ferry_toc_settings_set_acl_on_new_objects (FerryTocSettings *self,
                                                               FerryAclOnNew     value);
gboolean            ferry_toc_settings_get_validate_dependencies (FerryTocSettings *self);
void                ferry_toc_settings_set_validate_dependencies (FerryTocSettings *self,
                                                                  gboolean          value);
gboolean            ferry_toc_settings_get_has_validate_dependencies (FerryTocSettings *self);
void                ferry_toc_settings_set_has_validate_dependencies (FerryTocSettings *self,
                                                                      gboolean          value);
FerryConflictAction ferry_toc_settings_get_default_action  (FerryTocSettings  *self);
void                ferry_toc_settings_set_default_action  (FerryTocSettings  *self,
                                                            FerryConflictAction action);
FerryTranslationAction ferry_toc_settings_get_translation_action (FerryTocSettings      *self);
void                ferry_toc_settings_set_translation_action (FerryTocSettings      *self,
                                                               FerryTranslationAction action);

/* The rule lists (owned by SELF; append, remove or edit items in place). */
GListStore         *ferry_toc_settings_get_folder_rules      (FerryTocSettings *self);
GListStore         *ferry_toc_settings_get_object_type_rules (FerryTocSettings *self);
GListStore         *ferry_toc_settings_get_object_rules      (FerryTocSettings *self);

gboolean            ferry_toc_settings_get_undo_possible   (FerryTocSettings  *self);
/* NULL-terminated, owned by SELF; empty when nothing is wrong. */
const char * const *ferry_toc_settings_get_validation_messages (FerryTocSettings *self);
/* TRUE when nothing is wrong. MESSAGES (may be NULL) receives a new array of
 * sentences (strings, freed with the array) that say what does not apply
 * to the package type or purpose. */
gboolean            ferry_toc_settings_validate            (FerryTocSettings  *self,
                                                            GPtrArray        **messages);

/* TRUE when something is set that does not apply: an update of the schema
 * outside a project package, an ACL on replacing in a project security
 * package, rules or a translation action outside a project merge.
 * clear_inapplicable() turns all of those off (the rules are removed). */
gboolean            ferry_toc_settings_has_inapplicable    (FerryTocSettings  *self);
void                ferry_toc_settings_clear_inapplicable  (FerryTocSettings  *self);

/* The one keep_both rule over a JSON TOC (a tocView, or a package
 * definition: {settings, content}): TRUE when an import of it makes no undo
 * package, i.e. when keep_both (or force_keep_both) is the default action,
 * the action of a folder, object-type or object rule, or an object's own
 * action in "content". TOC may be NULL (FALSE). Members of the wrong type
 * are ignored. */
gboolean            ferry_toc_json_blocks_undo             (JsonObject        *toc);

G_END_DECLS
