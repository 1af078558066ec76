/* ferry-migration-details.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything below the header is rebuilt from the migration's properties
 * in one place (update()), at most once per main-loop turn: records arrive
 * as several property notifications at once.
 */

#define G_LOG_DOMAIN "ferry-migration-details"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-migration-details.h"
#include "ferry-widget-util.h"

struct _FerryMigrationDetails
{
  AdwBin          parent_instance;

  /* template widgets */
  GtkLabel       *title_label;
  GtkWidget      *certification_badge;
  GtkImage       *certification_image;
  GtkLabel       *certification_label;
  GtkBox         *package_state_box;
  GtkImage       *package_state_image;
  GtkLabel       *package_state_label;
  GtkBox         *import_state_box;
  GtkImage       *import_state_image;
  GtkLabel       *import_state_label;
  GtkBox         *job_box;
  GtkLabel       *job_label;
  GtkProgressBar *job_progress;
  GtkWidget      *steps_box;
  GtkWidget      *finish_box;
  GtkWidget      *request_button;
  GtkWidget      *approve_button;
  GtkWidget      *reject_button;
  GtkWidget      *import_button;
  GtkWidget      *undo_steps_box;
  GtkWidget      *request_undo_button;
  GtkWidget      *approve_undo_button;
  GtkWidget      *reject_undo_button;
  GtkWidget      *undo_button;
  GtkWidget      *delete_button;
  GtkWidget      *validate_button;
  GtkWidget      *request_certification_button;
  GtkWidget      *certify_button;
  GtkWidget      *reject_certification_button;
  GtkWidget      *decertify_button;
  GtkWidget      *download_package_button;
  GtkWidget      *download_undo_package_button;
  GtkWidget      *edit_package_button;
  GtkWidget      *reuse_package_button;
  GtkLabel       *note_label;
  GtkListBox     *timeline_list;
  GtkWidget      *messages_group;
  GtkListBox     *messages_list;
  GtkListBox     *package_list;
  GtkStack       *content_stack;
  GtkSpinner     *content_spinner;
  GtkLabel       *content_error_label;
  GtkListBox     *content_list;

  /* owned */
  FerryMigration *migration;
  gulong          notify_handler;
  FerryJob       *job;
  gulong          job_handler;
  char           *source_name;
  char           *target_name;
  JsonObject     *toc_view;
  gboolean        content_loading;
  char           *content_error;
  GError         *last_error;
  guint           update_idle;
};

G_DEFINE_FINAL_TYPE (FerryMigrationDetails, ferry_migration_details, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_MIGRATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* Describing                                                                 */
/* ------------------------------------------------------------------------ */

static gboolean
is (const char *status,
    const char *wanted)
{
  return ferry_library_status_is (status, wanted);
}

const char *
ferry_migration_details_describe_purpose (const char *purpose)
{
  if (is (purpose, "object_migration"))
    return _("Object migration");
  if (is (purpose, "project_merge"))
    return _("Project merge");
  if (is (purpose, "migration_from_shared_file_store"))
    return _("From a package file");
  if (is (purpose, "migration_group") || is (purpose, "migration_group_child"))
    return _("Migration group");
  return purpose != NULL ? purpose : "";
}

const char *
ferry_migration_details_describe_package_type (const char *package_type)
{
  if (is (package_type, "project"))
    return _("Project");
  if (is (package_type, "configuration"))
    return _("Configuration");
  if (is (package_type, "project_security"))
    return _("Project security");
  return package_type != NULL ? package_type : "";
}

char *
ferry_migration_details_dup_kind (FerryMigration *migration)
{
  const char *purpose = ferry_migration_get_purpose (migration);
  const char *type = ferry_migration_get_package_type (migration);

  /* A merge is of a project: its type says nothing more. */
  if (type == NULL || *type == '\0' || is (type, "project") || is (purpose, "project_merge"))
    return g_strdup (ferry_migration_details_describe_purpose (purpose));
  /* Translators: a migration's kind and its package type, e.g. "Object migration (configuration)" */
  return g_strdup_printf (_("%s (%s)"), ferry_migration_details_describe_purpose (purpose),
                          is (type, "configuration") ? _("configuration")
                          : is (type, "project_security") ? _("project security")
                          : type);
}

char *
ferry_migration_details_describe_rules (guint n_folders,
                                        guint n_object_types,
                                        guint n_objects)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);

  if (n_folders > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u folder", "%u folders", n_folders), n_folders));
  if (n_object_types > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u object type", "%u object types", n_object_types),
                                             n_object_types));
  if (n_objects > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u object", "%u objects", n_objects), n_objects));
  if (parts->len == 0)
    return g_strdup (_("No rules: the default action applies to everything"));
  for (guint i = 0; i < parts->len; i++)
    {
      if (i > 0)
        /* Translators: between the parts of "2 folders, 1 object" */
        g_string_append (text, _(", "));
      g_string_append (text, g_ptr_array_index (parts, i));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

const char *
ferry_migration_details_describe_certification (FerryMigration  *migration,
                                                const char     **icon_name,
                                                const char     **style_class)
{
  const char *status;
  const char *icon = NULL;
  const char *style = NULL;
  const char *word = NULL;

  g_return_val_if_fail (FERRY_IS_MIGRATION (migration), NULL);

  status = ferry_migration_get_certification_status (migration);
  if (is (status, "certified"))
    {
      word = _("Certified");
      icon = "emblem-ok-symbolic";
      style = "success";
    }
  else if (is (status, "requested"))
    {
      word = _("Certification requested");
      icon = "mail-send-symbolic";
      style = "accent";
    }
  else if (is (status, "rejected"))
    {
      word = _("Certification rejected");
      icon = "action-unavailable-symbolic";
      style = "error";
    }
  if (icon_name != NULL)
    *icon_name = icon;
  if (style_class != NULL)
    *style_class = style;
  return word;
}

char *
ferry_migration_details_dup_validation_failure (FerryMigration *migration)
{
  const char *message;

  g_return_val_if_fail (FERRY_IS_MIGRATION (migration), NULL);

  if (!is (ferry_migration_get_validation_status (migration), "validation_failed"))
    return NULL;
  message = ferry_migration_get_validation_message (migration);
  if (message == NULL || *message == '\0')
    return g_strdup (_("Validation failed"));
  /* Translators: %s is the server's message */
  return g_strdup_printf (_("Validation failed: %s"), message);
}

const char *
ferry_migration_details_describe_action (const char *action)
{
  static const struct { const char *action; const char *label; } actions[] = {
    { "use_existing", N_("Use existing") },
    { "replace", N_("Replace") },
    { "keep_both", N_("Keep both") },
    { "use_newer", N_("Use newer") },
    { "use_older", N_("Use older") },
    { "force_replace", N_("Force replace") },
    { "force_keep_both", N_("Force keep both") },
    { "delete", N_("Delete") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (is (action, actions[i].action))
      return _(actions[i].label);
  return action != NULL ? action : "";
}

static void
set_out (const char **out,
         const char  *value)
{
  if (out != NULL)
    *out = value;
}

const char *
ferry_migration_details_describe_package_state (FerryMigration  *migration,
                                                const char     **icon_name,
                                                const char     **style_class)
{
  const char *status = ferry_migration_get_package_status (migration);
  const char *request = ferry_migration_get_import_request_status (migration);

  set_out (icon_name, NULL);
  set_out (style_class, NULL);

  if (is (status, "creating"))
    {
      set_out (icon_name, "emblem-synchronizing-symbolic");
      set_out (style_class, "accent");
      return _("Creating");
    }
  if (is (status, "create_failed"))
    {
      set_out (icon_name, "dialog-error-symbolic");
      set_out (style_class, "error");
      return _("Failed");
    }
  if (is (status, "locked") || is (request, "approved"))
    {
      set_out (icon_name, "emblem-ok-symbolic");
      set_out (style_class, "success");
      return _("Approved");
    }
  if (is (status, "created"))
    {
      if (is (request, "requested"))
        {
          set_out (icon_name, "appointment-soon-symbolic");
          set_out (style_class, "warning");
          return _("Waiting for approval");
        }
      if (is (request, "rejected"))
        {
          set_out (icon_name, "action-unavailable-symbolic");
          set_out (style_class, "error");
          return _("Rejected");
        }
      set_out (icon_name, "emblem-documents-symbolic");
      return _("Created");
    }
  if (is (status, "empty"))
    {
      set_out (icon_name, "radio-symbolic");
      set_out (style_class, "dim-label");
      return _("Empty");
    }
  set_out (icon_name, "dialog-question-symbolic");
  set_out (style_class, "dim-label");
  return status != NULL && *status != '\0' ? status : _("Unknown");
}

const char *
ferry_migration_details_describe_list_state (FerryMigration  *migration,
                                             const char     **icon_name,
                                             const char     **style_class)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION (migration), NULL);

  if (is (ferry_migration_get_validation_status (migration), "validation_failed") &&
      is (ferry_migration_get_package_status (migration), "created"))
    {
      set_out (icon_name, "dialog-warning-symbolic");
      set_out (style_class, "error");
      return _("Validation failed");
    }
  return ferry_migration_details_describe_package_state (migration, icon_name, style_class);
}

const char *
ferry_migration_details_describe_import_state (FerryMigration  *migration,
                                               const char     **icon_name,
                                               const char     **style_class)
{
  const char *status = ferry_migration_get_import_status (migration);
  const char *undo_request = ferry_migration_get_undo_request_status (migration);

  set_out (icon_name, NULL);
  set_out (style_class, NULL);

  if (is (status, "importing"))
    {
      set_out (icon_name, "emblem-synchronizing-symbolic");
      set_out (style_class, "accent");
      return _("Importing");
    }
  if (is (status, "imported"))
    {
      if (is (undo_request, "requested") || is (undo_request, "approved"))
        {
          set_out (icon_name, "appointment-soon-symbolic");
          set_out (style_class, "warning");
          return _("Undo requested");
        }
      set_out (icon_name, "emblem-ok-symbolic");
      set_out (style_class, "success");
      return _("Imported");
    }
  if (is (status, "import_failed"))
    {
      set_out (icon_name, "dialog-error-symbolic");
      set_out (style_class, "error");
      return _("Import failed");
    }
  if (is (status, "undoing"))
    {
      set_out (icon_name, "emblem-synchronizing-symbolic");
      set_out (style_class, "accent");
      return _("Undoing");
    }
  if (is (status, "undo_success"))
    {
      set_out (icon_name, "edit-undo-symbolic");
      return _("Undone");
    }
  if (is (status, "undo_failed"))
    {
      set_out (icon_name, "dialog-error-symbolic");
      set_out (style_class, "error");
      return _("Undo failed");
    }
  set_out (icon_name, "radio-symbolic");
  set_out (style_class, "dim-label");
  return _("Not imported");
}

char *
ferry_migration_details_format_date (GDateTime *date,
                                     gboolean   with_seconds)
{
  static GTimeZone *zone;
  g_autoptr(GDateTime) local = NULL;

  if (date == NULL)
    return NULL;
  /* Once: g_time_zone_new_local() looks at /etc/localtime each time, and
   * list cells format dates by the hundred. */
  if (g_once_init_enter (&zone))
    g_once_init_leave (&zone, g_time_zone_new_local ());
  local = g_date_time_to_timezone (date, zone);
  if (with_seconds)
    /* Translators: a date and time in the migration's details; see g_date_time_format() */
    return g_date_time_format (local, _("%-d %b %Y, %H:%M:%S"));
  /* Translators: a date and time in a list column, short; see g_date_time_format() */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
}

static JsonObject *
object_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* ------------------------------------------------------------------------ */
/* Rows                                                                       */
/* ------------------------------------------------------------------------ */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* A row with TITLE and VALUE (as the subtitle, so it wraps). */
static GtkWidget *
add_value_row (GtkListBox *list,
               const char *title,
               const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL && *value != '\0' ? value : "—");
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (row, "property-row");
  gtk_list_box_append (list, row);
  return row;
}

static void
copy_clicked_cb (GtkButton *button,
                 gpointer   user_data)
{
  const char *text = g_object_get_data (G_OBJECT (button), "copy-text");
  GtkWidget *details = gtk_widget_get_ancestor (GTK_WIDGET (button), FERRY_TYPE_MIGRATION_DETAILS);

  if (text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), text);
  if (details != NULL)
    gtk_widget_activate_action (details, "migrations.copied", NULL);
}

/* The migration's identifier, labelled, selectable and with a copy
 * button: for a ticket, a script or the server's logs. The list does not
 * show it. */
static void
add_identifier_row (GtkListBox *list,
                    const char *id)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (_("Identifier"));
  GtkWidget *value = gtk_label_new (id);
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  PangoAttrList *attributes = pango_attr_list_new ();

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "identifier-row");
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_xalign (GTK_LABEL (value), 0.0);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  /* An id wraps anywhere, without hyphens that are not part of it. */
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (GTK_LABEL (value), attributes);
  pango_attr_list_unref (attributes);
  gtk_widget_add_css_class (value, "caption");
  gtk_widget_add_css_class (value, "dim-label");
  gtk_widget_add_css_class (value, "monospace");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), value);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Copy the Identifier"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy the identifier"), -1);
  g_object_set_data_full (G_OBJECT (button), "copy-text", g_strdup (id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (copy_clicked_cb), NULL);

  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), button);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_append (list, row);
}

/* A message row: TITLE, the MESSAGE, and a copy button copying COPY_TEXT. */
static void
add_message_row (GtkListBox *list,
                 const char *title,
                 const char *message,
                 const char *copy_text)
{
  GtkWidget *row = add_value_row (list, title, message);
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Copy"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy the message"),
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "copy-text", g_strdup (copy_text), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (copy_clicked_cb), NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
}

typedef enum
{
  STEP_FUTURE,
  STEP_CURRENT,
  STEP_DONE,
  STEP_FAILED,
} StepState;

static void
add_step (GtkListBox *list,
          StepState   state,
          const char *title,
          const char *detail)
{
  static const struct { const char *icon; const char *style; const char *word; } looks[] = {
    [STEP_FUTURE] = { "radio-symbolic", "dim-label", N_("Not yet") },
    [STEP_CURRENT] = { "emblem-synchronizing-symbolic", "accent", N_("Under way") },
    [STEP_DONE] = { "emblem-ok-symbolic", "success", N_("Done") },
    [STEP_FAILED] = { "dialog-error-symbolic", "error", N_("Failed") },
  };
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *image = gtk_image_new_from_icon_name (looks[state].icon);
  g_autofree char *subtitle = NULL;

  /* The word as well as the icon: never an icon (or colour) alone. */
  if (detail != NULL && *detail != '\0')
    subtitle = g_strdup_printf ("%s · %s", _(looks[state].word), detail);
  else
    subtitle = g_strdup (_(looks[state].word));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (image, looks[state].style);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(looks[state].word),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
  gtk_widget_add_css_class (row, state == STEP_FUTURE ? "step-future" : "step");
  gtk_list_box_append (list, row);
}

static char *
progress_text (double percent)
{
  /* Translators: a progress, e.g. "45 %" */
  return g_strdup_printf (_("%.0f %%"), CLAMP (percent, 0.0, 100.0));
}

static void
build_timeline (FerryMigrationDetails *self)
{
  FerryMigration *m = self->migration;
  const char *package = ferry_migration_get_package_status (m);
  const char *request = ferry_migration_get_import_request_status (m);
  const char *import = ferry_migration_get_import_status (m);
  const char *undo_request = ferry_migration_get_undo_request_status (m);
  const char *validation = ferry_migration_get_validation_status (m);
  g_autofree char *created = ferry_migration_details_format_date (ferry_migration_get_package_creation_date (m), TRUE);
  g_autofree char *package_updated = ferry_migration_details_format_date (ferry_migration_get_package_last_updated_date (m), TRUE);
  g_autofree char *import_started = ferry_migration_details_format_date (ferry_migration_get_import_creation_date (m), TRUE);
  g_autofree char *import_updated = ferry_migration_details_format_date (ferry_migration_get_import_last_updated_date (m), TRUE);
  gboolean import_begun = is (import, "importing") || is (import, "imported") || is (import, "import_failed") ||
                          is (import, "undoing") || is (import, "undo_success") || is (import, "undo_failed");
  gboolean approved = is (package, "locked") || is (request, "approved") || import_begun;
  gboolean requested = approved || is (request, "requested") || is (request, "rejected");
  gboolean undo_begun = is (import, "undoing") || is (import, "undo_success") || is (import, "undo_failed") ||
                        is (undo_request, "requested") || is (undo_request, "approved");

  clear_list (self->timeline_list);

  /* Created */
  if (is (package, "creating"))
    {
      g_autofree char *percent = progress_text (ferry_migration_get_package_progress (m));
      g_autofree char *detail = g_strdup_printf (_("started %s, %s"), created != NULL ? created : "—", percent);

      add_step (self->timeline_list, STEP_CURRENT, _("Package created"), detail);
    }
  else if (is (package, "create_failed"))
    add_step (self->timeline_list, STEP_FAILED, _("Package created"), package_updated);
  else if (is (package, "empty") || package == NULL)
    add_step (self->timeline_list, STEP_FUTURE, _("Package created"), NULL);
  else
    add_step (self->timeline_list, STEP_DONE, _("Package created"), created);

  /* Validated (the server's dry run), once asked for */
  if (validation != NULL)
    {
      g_autofree char *validated = ferry_migration_details_format_date (ferry_migration_get_validation_last_updated_date (m), TRUE);

      if (is (validation, "validating"))
        {
          g_autofree char *percent = progress_text (ferry_migration_get_validation_progress (m));
          /* Translators: "Validating… 40 %" */
          g_autofree char *title = g_strdup_printf (_("Validating… %s"), percent);

          add_step (self->timeline_list, STEP_CURRENT, title, NULL);
        }
      else if (is (validation, "validation_failed"))
        {
          g_autofree char *title = ferry_migration_details_dup_validation_failure (m);

          add_step (self->timeline_list, STEP_FAILED, title, validated);
        }
      else if (is (validation, "validated"))
        add_step (self->timeline_list, STEP_DONE, _("Validated"), validated);
    }

  /* Requested, then approved or rejected: who and when where the record
   * says (the approval locks the package; a request or a rejection only
   * moves the import side's last update). */
  add_step (self->timeline_list, requested ? STEP_DONE : STEP_FUTURE, _("Import requested"),
            is (request, "requested") ? import_updated : NULL);
  if (is (request, "rejected"))
    add_step (self->timeline_list, STEP_FAILED, _("Import rejected"), import_updated);
  else if (approved)
    add_step (self->timeline_list, STEP_DONE, _("Approved"),
              is (package, "locked") ? package_updated : NULL);
  else
    add_step (self->timeline_list, STEP_FUTURE, _("Approved"), NULL);

  /* Imported */
  if (is (import, "importing"))
    {
      g_autofree char *percent = progress_text (ferry_migration_get_import_progress (m));
      g_autofree char *detail = g_strdup_printf (_("started %s, %s"),
                                                 import_started != NULL ? import_started : "—", percent);

      add_step (self->timeline_list, STEP_CURRENT, _("Imported"), detail);
    }
  else if (is (import, "import_failed"))
    add_step (self->timeline_list, STEP_FAILED, _("Imported"), import_updated);
  else if (is (import, "imported"))
    add_step (self->timeline_list, STEP_DONE, _("Imported"), import_updated);
  else if (import_begun)
    {
      g_autofree char *detail = import_started != NULL ? g_strdup_printf (_("started %s"), import_started) : NULL;

      add_step (self->timeline_list, STEP_DONE, _("Imported"), detail);
    }
  else
    add_step (self->timeline_list, STEP_FUTURE, _("Imported"), NULL);

  /* Undo, once asked for: requested, then approved (undone) or rejected */
  if (undo_begun || is (undo_request, "rejected"))
    {
      add_step (self->timeline_list, STEP_DONE, _("Undo requested"),
                is (undo_request, "requested") ? import_updated : NULL);
      if (is (import, "undoing"))
        {
          g_autofree char *percent = progress_text (ferry_migration_get_import_progress (m));

          add_step (self->timeline_list, STEP_CURRENT, _("Undone"), percent);
        }
      else if (is (import, "undo_success"))
        add_step (self->timeline_list, STEP_DONE, _("Undone"), import_updated);
      else if (is (import, "undo_failed"))
        add_step (self->timeline_list, STEP_FAILED, _("Undone"), import_updated);
      else if (is (undo_request, "rejected"))
        add_step (self->timeline_list, STEP_FAILED, _("Undo rejected"), import_updated);
      else
        add_step (self->timeline_list, STEP_FUTURE, _("Undo approved"), NULL);
    }
}

static char *
size_text (gint64 size)
{
  return size >= 0 ? g_format_size ((guint64) size) : NULL;
}

/* "Development · MicroStrategy Tutorial" */
static char *
place_text (const char *environment,
            const char *project)
{
  gboolean has_env = environment != NULL && *environment != '\0';
  gboolean has_project = project != NULL && *project != '\0';

  if (has_env && has_project)
    return g_strdup_printf ("%s · %s", environment, project);
  return g_strdup (has_env ? environment : has_project ? project : NULL);
}

static void
build_package (FerryMigrationDetails *self)
{
  FerryMigration *m = self->migration;
  g_autofree char *source = place_text (self->source_name, ferry_migration_get_source_project_name (m));
  g_autofree char *target = place_text (self->target_name, ferry_migration_get_target_project_name (m));
  g_autofree char *size = size_text (ferry_migration_get_storage_size (m));
  g_autofree char *undo_size = size_text (ferry_migration_get_undo_storage_size (m));
  g_autofree char *storage = NULL;
  g_autofree char *undo = NULL;
  const char *path = ferry_migration_get_storage_path (m);
  const char *undo_path = ferry_migration_get_undo_storage_path (m);

  clear_list (self->package_list);

  {
    g_autofree char *kind = ferry_migration_details_dup_kind (m);

    add_value_row (self->package_list, _("Kind"), kind);
  }
  add_value_row (self->package_list, _("Source"), source);
  add_value_row (self->package_list, _("Target"), target);
  add_value_row (self->package_list, _("Created by"), ferry_migration_get_creator_name (m));

  if (path != NULL && *path != '\0')
    storage = size != NULL ? g_strdup_printf ("%s (%s)", path, size) : g_strdup (path);
  add_value_row (self->package_list, _("Package file"), storage != NULL ? storage : _("Not stored yet"));

  if (undo_path != NULL && *undo_path != '\0')
    undo = undo_size != NULL ? g_strdup_printf ("%s (%s)", undo_path, undo_size) : g_strdup (undo_path);
  else if (self->toc_view != NULL && ferry_toc_json_blocks_undo (self->toc_view))
    undo = g_strdup (_("None: keep_both was used in this migration's rules"));
  else
    undo = g_strdup (_("None"));
  add_value_row (self->package_list, _("Undo package"), undo);
  add_identifier_row (self->package_list, ferry_migration_get_id (m));
}

static char *
join_strings (JsonNode *node)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, json_node_get_string (element));
    }
  return text->len > 0 ? g_strdup (text->str) : NULL;
}

static const char *
describe_acl (const char *value)
{
  if (is (value, "use_existing"))
    return _("Keep the target's");
  if (is (value, "replace"))
    return _("Take the source's");
  if (is (value, "keep_both"))
    return _("Keep both");
  if (is (value, "keep_acl_as_source_object"))
    return _("As in the source");
  if (is (value, "inherit_acl_as_dest_folder"))
    return _("Inherit from the target folder");
  return value;
}

static guint
array_length (JsonObject *object,
              const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_array_get_length (json_node_get_array (node)) : 0;
}

static const char *
object_type_name (gint64 type)
{
  switch (type)
    {
    case 1: return _("Filter");
    case 2: return _("Template");
    case 3: return _("Report");
    case 4: return _("Metric");
    case 8: return _("Folder");
    case 10: return _("Prompt");
    case 11: return _("Function");
    case 12: return _("Attribute");
    case 13: return _("Fact");
    case 14: return _("Hierarchy");
    case 15: return _("Table");
    case 18: return _("Shortcut");
    case 34: return _("User or group");
    case 39: return _("Search");
    case 47: return _("Consolidation");
    case 55: return _("Document or dashboard");
    case 56: return _("Drill map");
    case 58: return _("Security filter");
    default: return _("Object");
    }
}

static void
build_content (FerryMigrationDetails *self)
{
  JsonObject *settings = object_member (self->toc_view, "settings");
  JsonNode *content_node = self->toc_view != NULL ? json_object_get_member (self->toc_view, "content") : NULL;
  g_autofree char *acl_new = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *rules = NULL;

  clear_list (self->content_list);

  if (self->toc_view == NULL)
    {
      if (self->content_loading)
        {
          gtk_stack_set_visible_child_name (self->content_stack, "loading");
          gtk_spinner_start (self->content_spinner);
        }
      else
        {
          gtk_label_set_text (self->content_error_label,
                              self->content_error != NULL ? self->content_error
                                                          : _("The settings could not be read: neither environment of this migration is connected."));
          gtk_stack_set_visible_child_name (self->content_stack, "error");
          gtk_spinner_stop (self->content_spinner);
        }
      return;
    }

  gtk_spinner_stop (self->content_spinner);
  gtk_stack_set_visible_child_name (self->content_stack, "content");

  if (settings != NULL)
    {
      const char *default_action = json_object_get_string_member_with_default (settings, "defaultAction", NULL);
      const char *acl_replacing = json_object_get_string_member_with_default (settings, "aclOnReplacingObjects", NULL);
      const char *translation = json_object_get_string_member_with_default (settings, "translationAction", NULL);

      add_value_row (self->content_list, _("Default action"),
                     default_action != NULL ? ferry_migration_details_describe_action (default_action) : NULL);
      rules = ferry_migration_details_describe_rules (array_length (settings, "folderActions"),
                                                      array_length (settings, "objectTypeActions"),
                                                      array_length (settings, "objectActions"));
      add_value_row (self->content_list, _("Rules"), rules);
      add_value_row (self->content_list, _("ACL of replaced objects"), describe_acl (acl_replacing));
      acl_new = join_strings (json_object_get_member (settings, "aclOnNewObjects"));
      add_value_row (self->content_list, _("ACL of new objects"),
                     acl_new != NULL && strchr (acl_new, ',') == NULL ? describe_acl (acl_new) : acl_new);
      if (json_object_has_member (settings, "validateDependencies"))
        add_value_row (self->content_list, _("Validate dependencies"),
                       json_object_get_boolean_member_with_default (settings, "validateDependencies", FALSE)
                       ? _("Yes") : _("No"));
      schema = join_strings (json_object_get_member (settings, "updateSchema"));
      if (schema != NULL)
        add_value_row (self->content_list, _("Update schema"), schema);
      if (translation != NULL)
        add_value_row (self->content_list, _("Translations"), translation);
    }

  if (content_node != NULL && JSON_NODE_HOLDS_ARRAY (content_node))
    {
      JsonArray *content = json_node_get_array (content_node);
      guint n = json_array_get_length (content);
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *title = g_strdup_printf (ngettext ("Content: %u object", "Content: %u objects", n), n);

      for (guint i = 0; i < n && i < 10; i++)
        {
          JsonNode *element = json_array_get_element (content, i);
          JsonObject *item;
          const char *name;
          const char *action;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          item = json_node_get_object (element);
          name = json_object_get_string_member_with_default (item, "name", NULL);
          action = json_object_get_string_member_with_default (item, "action", NULL);
          if (text->len > 0)
            g_string_append_c (text, '\n');
          /* Translators: a package content item: "Year (Attribute): Replace, with dependents" */
          g_string_append_printf (text, _("%s (%s): %s"),
                                  name != NULL ? name : json_object_get_string_member_with_default (item, "id", "?"),
                                  object_type_name (json_object_get_int_member_with_default (item, "type", 0)),
                                  ferry_migration_details_describe_action (action));
          if (json_object_get_boolean_member_with_default (item, "includeDependents", FALSE))
            g_string_append (text, _(", with dependents"));
        }
      if (n > 10)
        {
          g_string_append_c (text, '\n');
          g_string_append_printf (text, ngettext ("and %u more", "and %u more", n - 10), n - 10);
        }
      if (n > 0)
        add_value_row (self->content_list, title, text->str);
    }
  else if (self->migration != NULL && is (ferry_migration_get_purpose (self->migration), "project_merge"))
    add_value_row (self->content_list, _("Content"), _("The whole project"));
}

static void
build_messages (FerryMigrationDetails *self)
{
  FerryMigration *m = self->migration;
  const char *package_message = ferry_migration_get_package_message (m);
  const char *import_message = ferry_migration_get_import_message (m);
  gboolean any = FALSE;

  clear_list (self->messages_list);

  if (self->last_error != NULL)
    {
      const char *ticket = ferry_api_error_get_ticket_id (self->last_error);
      g_autofree char *described = ferry_api_error_describe (self->last_error);
      g_autofree char *shown = NULL;

      if (ticket != NULL)
        shown = g_strdup_printf (_("%s\nTicket: %s"), self->last_error->message, ticket);
      add_message_row (self->messages_list, _("Last action failed"),
                       shown != NULL ? shown : self->last_error->message, described);
      any = TRUE;
    }
  if (package_message != NULL && *package_message != '\0')
    {
      add_message_row (self->messages_list, _("Package"), package_message, package_message);
      any = TRUE;
    }
  if (import_message != NULL && *import_message != '\0')
    {
      add_message_row (self->messages_list, _("Import"), import_message, import_message);
      any = TRUE;
    }

  gtk_widget_set_visible (self->messages_group, any);
}

static void
set_state (GtkBox     *box,
           GtkImage   *image,
           GtkLabel   *label,
           const char *word,
           const char *icon_name,
           const char *style_class)
{
  static const char *const styles[] = { "success", "warning", "error", "accent", "dim-label", NULL };

  for (guint i = 0; styles[i] != NULL; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (box), styles[i]);
  if (style_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (box), style_class);
  gtk_image_set_from_icon_name (image, icon_name);
  gtk_label_set_text (label, word);
}

static void
update_job (FerryMigrationDetails *self)
{
  gboolean running = self->job != NULL && ferry_job_get_state (self->job) == FERRY_JOB_STATE_RUNNING;

  gtk_widget_set_visible (GTK_WIDGET (self->job_box), running);
  if (!running)
    return;

  {
    const char *warning = ferry_job_get_warning (self->job);
    g_autofree char *percent = progress_text (ferry_job_get_progress (self->job) * 100.0);
    g_autofree char *text = NULL;

    if (warning != NULL && *warning != '\0')
      text = g_strdup_printf ("%s — %s (%s)", ferry_job_get_step_label (self->job), percent, warning);
    else
      text = g_strdup_printf ("%s — %s", ferry_job_get_step_label (self->job), percent);
    gtk_label_set_text (self->job_label, text);
    ferry_progress_bar_set_fraction (self->job_progress, ferry_job_get_progress (self->job));
  }
}

static void
update_certification (FerryMigrationDetails *self)
{
  const char *icon = NULL;
  const char *style = NULL;
  const char *word = ferry_migration_details_describe_certification (self->migration, &icon, &style);
  g_autofree char *tooltip = NULL;

  gtk_widget_set_visible (self->certification_badge, word != NULL);
  if (word == NULL)
    return;
  gtk_widget_remove_css_class (self->certification_badge, "success");
  gtk_widget_remove_css_class (self->certification_badge, "error");
  gtk_widget_remove_css_class (self->certification_badge, "accent");
  gtk_widget_add_css_class (self->certification_badge, style);
  gtk_image_set_from_icon_name (self->certification_image, icon);
  gtk_label_set_text (self->certification_label, word);

  /* Who and when, where the record says. */
  {
    const char *who = ferry_migration_get_certification_operator_name (self->migration);
    g_autofree char *when = ferry_migration_details_format_date (ferry_migration_get_certification_date (self->migration), FALSE);

    if (who != NULL && *who != '\0' && when != NULL)
      /* Translators: "Certified by administrator, 2026-11-22 01:24" */
      tooltip = g_strdup_printf (_("%s by %s, %s"), word, who, when);
    else if (who != NULL && *who != '\0')
      tooltip = g_strdup_printf (_("%s by %s"), word, who);
    else
      tooltip = g_strdup (word);
  }
  gtk_widget_set_tooltip_text (self->certification_badge, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->certification_badge),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

static void
update (FerryMigrationDetails *self)
{
  FerryMigration *m = self->migration;
  const char *word;
  const char *icon;
  const char *style;

  if (m == NULL)
    {
      gtk_label_set_text (self->title_label, "");
      gtk_widget_set_visible (self->certification_badge, FALSE);
      clear_list (self->timeline_list);
      clear_list (self->package_list);
      clear_list (self->content_list);
      clear_list (self->messages_list);
      gtk_widget_set_visible (GTK_WIDGET (self->job_box), FALSE);
      return;
    }

  gtk_label_set_text (self->title_label,
                      ferry_migration_get_name (m) != NULL ? ferry_migration_get_name (m) : _("Unnamed migration"));
  update_certification (self);

  word = ferry_migration_details_describe_package_state (m, &icon, &style);
  set_state (self->package_state_box, self->package_state_image, self->package_state_label, word, icon, style);
  {
    g_autofree char *tooltip = g_strdup_printf (_("Package: %s"), word);

    gtk_widget_set_tooltip_text (GTK_WIDGET (self->package_state_box), tooltip);
  }
  word = ferry_migration_details_describe_import_state (m, &icon, &style);
  set_state (self->import_state_box, self->import_state_image, self->import_state_label, word, icon, style);
  {
    g_autofree char *tooltip = g_strdup_printf (_("Import: %s"), word);

    gtk_widget_set_tooltip_text (GTK_WIDGET (self->import_state_box), tooltip);
  }

  update_job (self);
  build_timeline (self);
  build_messages (self);
  build_package (self);
  build_content (self);
}

static gboolean
update_idle_cb (gpointer user_data)
{
  FerryMigrationDetails *self = user_data;

  self->update_idle = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

static void
queue_update (FerryMigrationDetails *self)
{
  if (self->update_idle == 0)
    self->update_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, update_idle_cb, self, NULL);
}

static void
migration_notify_cb (FerryMigrationDetails *self)
{
  queue_update (self);
}

static void
job_notify_cb (FerryMigrationDetails *self)
{
  update_job (self);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                    */
/* ------------------------------------------------------------------------ */

static void
ferry_migration_details_dispose (GObject *object)
{
  FerryMigrationDetails *self = FERRY_MIGRATION_DETAILS (object);

  g_clear_handle_id (&self->update_idle, g_source_remove);
  ferry_migration_details_set_migration (self, NULL);
  ferry_migration_details_set_job (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_MIGRATION_DETAILS);

  G_OBJECT_CLASS (ferry_migration_details_parent_class)->dispose (object);
}

static void
ferry_migration_details_finalize (GObject *object)
{
  FerryMigrationDetails *self = FERRY_MIGRATION_DETAILS (object);

  g_clear_pointer (&self->source_name, g_free);
  g_clear_pointer (&self->target_name, g_free);
  g_clear_pointer (&self->toc_view, json_object_unref);
  g_clear_pointer (&self->content_error, g_free);
  g_clear_error (&self->last_error);

  G_OBJECT_CLASS (ferry_migration_details_parent_class)->finalize (object);
}

static void
ferry_migration_details_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  FerryMigrationDetails *self = FERRY_MIGRATION_DETAILS (object);

  switch (prop_id)
    {
    case PROP_MIGRATION:
      g_value_set_object (value, self->migration);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_migration_details_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  FerryMigrationDetails *self = FERRY_MIGRATION_DETAILS (object);

  switch (prop_id)
    {
    case PROP_MIGRATION:
      ferry_migration_details_set_migration (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_migration_details_class_init (FerryMigrationDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_migration_details_dispose;
  object_class->finalize = ferry_migration_details_finalize;
  object_class->get_property = ferry_migration_details_get_property;
  object_class->set_property = ferry_migration_details_set_property;

  properties[PROP_MIGRATION] =
    g_param_spec_object ("migration", NULL, NULL,
                         FERRY_TYPE_MIGRATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryapp/Ferry/ferry-migration-details.ui");
  gtk_widget_class_set_css_name (widget_class, "ferry-migration-details");

  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, title_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, package_state_box);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, package_state_image);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, package_state_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, import_state_box);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, import_state_image);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, import_state_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, job_box);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, job_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, job_progress);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, steps_box);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, finish_box);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, request_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, approve_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, reject_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, undo_steps_box);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, request_undo_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, approve_undo_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, reject_undo_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, certification_badge);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, certification_image);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, certification_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, import_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, undo_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, delete_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, validate_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, request_certification_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, certify_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, reject_certification_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, decertify_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, download_package_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, download_undo_package_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, edit_package_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, reuse_package_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, note_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, timeline_list);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, messages_group);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, messages_list);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, package_list);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, content_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, content_spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, content_error_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationDetails, content_list);
}

static void
ferry_migration_details_init (FerryMigrationDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (self->messages_group, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                 */
/* ------------------------------------------------------------------------ */

GtkWidget *
ferry_migration_details_new (void)
{
  return g_object_new (FERRY_TYPE_MIGRATION_DETAILS, NULL);
}

FerryMigration *
ferry_migration_details_get_migration (FerryMigrationDetails *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DETAILS (self), NULL);

  return self->migration;
}

void
ferry_migration_details_set_migration (FerryMigrationDetails *self,
                                       FerryMigration        *migration)
{
  g_return_if_fail (FERRY_IS_MIGRATION_DETAILS (self));
  g_return_if_fail (migration == NULL || FERRY_IS_MIGRATION (migration));

  if (self->migration == migration)
    return;

  if (self->migration != NULL)
    {
      g_clear_signal_handler (&self->notify_handler, self->migration);
      g_clear_object (&self->migration);
      /* What belonged to the previous one. */
      g_clear_pointer (&self->toc_view, json_object_unref);
      g_clear_pointer (&self->content_error, g_free);
      g_clear_error (&self->last_error);
      self->content_loading = FALSE;
    }
  if (migration != NULL)
    {
      self->migration = g_object_ref (migration);
      self->notify_handler = g_signal_connect_swapped (migration, "notify",
                                                       G_CALLBACK (migration_notify_cb), self);
    }

  g_clear_handle_id (&self->update_idle, g_source_remove);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIGRATION]);
}

void
ferry_migration_details_set_environment_names (FerryMigrationDetails *self,
                                               const char            *source_name,
                                               const char            *target_name)
{
  g_return_if_fail (FERRY_IS_MIGRATION_DETAILS (self));

  if (g_strcmp0 (self->source_name, source_name) == 0 && g_strcmp0 (self->target_name, target_name) == 0)
    return;
  g_free (self->source_name);
  self->source_name = g_strdup (source_name);
  g_free (self->target_name);
  self->target_name = g_strdup (target_name);
  queue_update (self);
}

void
ferry_migration_details_set_content (FerryMigrationDetails *self,
                                     JsonObject            *toc_view,
                                     gboolean               loading,
                                     const char            *error_message)
{
  g_return_if_fail (FERRY_IS_MIGRATION_DETAILS (self));

  if (toc_view != self->toc_view)
    {
      g_clear_pointer (&self->toc_view, json_object_unref);
      if (toc_view != NULL)
        self->toc_view = json_object_ref (toc_view);
    }
  self->content_loading = loading;
  g_free (self->content_error);
  self->content_error = g_strdup (error_message);
  queue_update (self);
}

void
ferry_migration_details_set_job (FerryMigrationDetails *self,
                                 FerryJob              *job)
{
  g_return_if_fail (FERRY_IS_MIGRATION_DETAILS (self));
  g_return_if_fail (job == NULL || FERRY_IS_JOB (job));

  if (self->job == job)
    return;
  if (self->job != NULL)
    {
      g_clear_signal_handler (&self->job_handler, self->job);
      g_clear_object (&self->job);
    }
  if (job != NULL)
    {
      self->job = g_object_ref (job);
      self->job_handler = g_signal_connect_swapped (job, "notify", G_CALLBACK (job_notify_cb), self);
    }
  update_job (self);
}

void
ferry_migration_details_set_last_error (FerryMigrationDetails *self,
                                        const GError          *error)
{
  g_return_if_fail (FERRY_IS_MIGRATION_DETAILS (self));

  g_clear_error (&self->last_error);
  if (error != NULL)
    self->last_error = g_error_copy (error);
  queue_update (self);
}

void
ferry_migration_details_set_note (FerryMigrationDetails *self,
                                  const char            *note)
{
  g_return_if_fail (FERRY_IS_MIGRATION_DETAILS (self));

  if (g_strcmp0 (gtk_label_get_text (self->note_label), note != NULL ? note : "") != 0)
    gtk_label_set_text (self->note_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL && *note != '\0');
}

GtkWidget *
ferry_migration_details_get_action_button (FerryMigrationDetails *self,
                                           const char            *action_name)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_DETAILS (self), NULL);
  g_return_val_if_fail (action_name != NULL, NULL);

  if (g_str_equal (action_name, FERRY_MIGRATION_ACTION_REQUEST_IMPORT))
    return self->request_button;
  if (g_str_equal (action_name, FERRY_MIGRATION_ACTION_APPROVE))
    return self->approve_button;
  if (g_str_equal (action_name, FERRY_MIGRATION_ACTION_REJECT))
    return self->reject_button;
  if (g_str_equal (action_name, FERRY_MIGRATION_ACTION_IMPORT))
    return self->import_button;
  if (g_str_equal (action_name, FERRY_MIGRATION_ACTION_REQUEST_UNDO))
    return self->request_undo_button;
  if (g_str_equal (action_name, FERRY_MIGRATION_ACTION_APPROVE_UNDO))
    return self->approve_undo_button;
  if (g_str_equal (action_name, FERRY_MIGRATION_ACTION_REJECT_UNDO))
    return self->reject_undo_button;
  if (g_str_equal (action_name, FERRY_MIGRATION_ACTION_UNDO))
    return self->undo_button;
  if (g_str_equal (action_name, FERRY_MIGRATION_ACTION_DELETE))
    return self->delete_button;
  if (g_str_equal (action_name, FERRY_MIGRATION_ACTION_VALIDATE))
    return self->validate_button;
  if (g_str_equal (action_name, FERRY_MIGRATION_ACTION_REQUEST_CERTIFICATION))
    return self->request_certification_button;
  if (g_str_equal (action_name, FERRY_MIGRATION_ACTION_CERTIFY))
    return self->certify_button;
  if (g_str_equal (action_name, FERRY_MIGRATION_ACTION_REJECT_CERTIFICATION))
    return self->reject_certification_button;
  if (g_str_equal (action_name, FERRY_MIGRATION_ACTION_DECERTIFY))
    return self->decertify_button;
  if (g_str_equal (action_name, FERRY_MIGRATION_ACTION_DOWNLOAD_PACKAGE))
    return self->download_package_button;
  if (g_str_equal (action_name, FERRY_MIGRATION_ACTION_DOWNLOAD_UNDO_PACKAGE))
    return self->download_undo_package_button;
  if (g_str_equal (action_name, FERRY_MIGRATION_ACTION_EDIT_PACKAGE))
    return self->edit_package_button;
  if (g_str_equal (action_name, FERRY_MIGRATION_ACTION_REUSE_PACKAGE))
    return self->reuse_package_button;
  return NULL;
}

void
ferry_migration_details_set_action_visible (FerryMigrationDetails *self,
                                            const char            *action_name,
                                            gboolean               visible)
{
  GtkWidget *button;

  g_return_if_fail (FERRY_IS_MIGRATION_DETAILS (self));

  button = ferry_migration_details_get_action_button (self, action_name);
  if (button == NULL)
    return;
  if (gtk_widget_get_visible (button) != visible)
    gtk_widget_set_visible (button, visible);
  /* A row of steps none of which shows takes no room either. */
  {
    GtkWidget *box = gtk_widget_get_parent (button);
    gboolean any = FALSE;

    for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
      any = any || gtk_widget_get_visible (child);
    if (gtk_widget_get_visible (box) != any)
      gtk_widget_set_visible (box, any);
  }
}

void
ferry_migration_details_set_primary_action (FerryMigrationDetails *self,
                                            const char            *action_name)
{
  GtkWidget *buttons[] = { self->request_button, self->approve_button, self->reject_button,
                           self->import_button, self->request_undo_button, self->approve_undo_button,
                           self->reject_undo_button, self->undo_button, self->delete_button };
  GtkWidget *primary;

  g_return_if_fail (FERRY_IS_MIGRATION_DETAILS (self));

  primary = action_name != NULL ? ferry_migration_details_get_action_button (self, action_name) : NULL;
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      if (buttons[i] == primary)
        gtk_widget_add_css_class (buttons[i], "suggested-action");
      else
        gtk_widget_remove_css_class (buttons[i], "suggested-action");
    }
}

GtkWidget *
ferry_migration_details_get_primary_button (FerryMigrationDetails *self)
{
  GtkWidget *buttons[] = { self->request_button, self->approve_button, self->reject_button,
                           self->import_button, self->request_undo_button, self->approve_undo_button,
                           self->reject_undo_button, self->undo_button, self->delete_button };

  g_return_val_if_fail (FERRY_IS_MIGRATION_DETAILS (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    if (gtk_widget_has_css_class (buttons[i], "suggested-action") && gtk_widget_get_visible (buttons[i]))
      return buttons[i];
  return NULL;
}

void
ferry_migration_details_set_action_tooltip (FerryMigrationDetails *self,
                                            const char            *action_name,
                                            const char            *tooltip)
{
  GtkWidget *button;

  g_return_if_fail (FERRY_IS_MIGRATION_DETAILS (self));

  button = ferry_migration_details_get_action_button (self, action_name);
  if (button == NULL)
    return;
  ferry_widget_set_tooltip_text (button, tooltip);
}
