/* ferry-object-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-object-row"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-object-row.h"

struct _FerryObjectRow
{
  GObject          parent_instance;

  FerryObjectInfo *info;
  char            *id;          /* upper case */
  char            *parent_id;   /* upper case, nullable */
  char            *modified_text;
  char            *modified_tooltip;
  char            *version_short;
  char            *location;

  char            *mark_label;
  char            *mark_icon_name;
  char            *mark_tooltip;
  GStrv            mark_css_classes;

  int              diff_state;
  gboolean         differences_below;

  gboolean         loading;
  char            *error;

  GListModel      *children;
};

G_DEFINE_FINAL_TYPE (FerryObjectRow, ferry_object_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INFO,
  PROP_ID,
  PROP_NAME,
  PROP_ICON_NAME,
  PROP_TYPE_NAME,
  PROP_MODIFIED,
  PROP_MODIFIED_TEXT,
  PROP_MODIFIED_TOOLTIP,
  PROP_VERSION,
  PROP_VERSION_SHORT,
  PROP_OWNER,
  PROP_LOCATION,
  PROP_HAS_LOCATION,
  PROP_MARK_LABEL,
  PROP_MARK_ICON_NAME,
  PROP_MARK_TOOLTIP,
  PROP_MARK_CSS_CLASSES,
  PROP_HAS_MARK,
  PROP_LOADING,
  PROP_ERROR,
  PROP_HAS_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
ferry_object_type_icon_name (int type,
                             int subtype)
{
  switch (type)
    {
    case 1:   /* filter */
      if (subtype == 257)   /* custom group */
        return "view-list-bullet-symbolic";
      return "edit-find-symbolic";
    case 2:   /* template */
      return "view-grid-symbolic";
    case 3:   /* report */
      if (subtype == 776 || subtype == 779 || subtype == 780)   /* cubes */
        return "drive-multidisk-symbolic";
      return "x-office-document-symbolic";
    case 4:   /* metric */
    case 7:   /* aggregate metric */
      return "accessories-calculator-symbolic";
    case 8:   /* folder */
      return "folder-symbolic";
    case 10:  /* prompt */
      return "dialog-question-symbolic";
    case 12:  /* attribute */
      return "view-list-symbolic";
    case 13:  /* fact */
      return "input-dialpad-symbolic";
    case 14:  /* hierarchy */
      return "view-list-ordered-symbolic";
    case 15:  /* table */
      return "x-office-spreadsheet-symbolic";
    case 21:  /* attribute form */
      return "format-text-plaintext-symbolic";
    case 34:  /* user or group */
      if (subtype == 8705)
        return "system-users-symbolic";
      return "avatar-default-symbolic";
    case 43:  /* transformation */
      return "object-rotate-right-symbolic";
    case 44:  /* security role */
      return "security-high-symbolic";
    case 47:  /* consolidation */
      return "view-list-bullet-symbolic";
    case 55:  /* document, dossier */
      return "x-office-presentation-symbolic";
    case 58:  /* security filter */
      return "channel-secure-symbolic";
    default:
      return "text-x-generic-symbolic";
    }
}

static void
ferry_object_row_finalize (GObject *object)
{
  FerryObjectRow *self = FERRY_OBJECT_ROW (object);

  g_clear_object (&self->info);
  g_clear_object (&self->children);
  g_free (self->id);
  g_free (self->parent_id);
  g_free (self->modified_text);
  g_free (self->modified_tooltip);
  g_free (self->version_short);
  g_free (self->location);
  g_free (self->mark_label);
  g_free (self->mark_icon_name);
  g_free (self->mark_tooltip);
  g_strfreev (self->mark_css_classes);
  g_free (self->error);

  G_OBJECT_CLASS (ferry_object_row_parent_class)->finalize (object);
}

static gint64
modified_us (FerryObjectRow *self)
{
  GDateTime *modified = ferry_object_info_get_date_modified (self->info);

  return modified != NULL ? g_date_time_to_unix (modified) * G_USEC_PER_SEC
                            + g_date_time_get_microsecond (modified)
                          : 0;
}

static void
ferry_object_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FerryObjectRow *self = FERRY_OBJECT_ROW (object);
  FerryObjectInfo *info = self->info;

  switch (prop_id)
    {
    case PROP_INFO:
      g_value_set_object (value, info);
      break;
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, ferry_object_info_get_name (info));
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, ferry_object_type_icon_name (ferry_object_info_get_object_type (info),
                                                              ferry_object_info_get_subtype (info)));
      break;
    case PROP_TYPE_NAME:
      {
        const char *name = ferry_object_type_name (ferry_object_info_get_object_type (info),
                                                   ferry_object_info_get_subtype (info));

        if (name != NULL)
          g_value_set_string (value, name);
        else
          /* Translators: an object type Ferry has no name for */
          g_value_take_string (value, g_strdup_printf (_("Type %d"), ferry_object_info_get_object_type (info)));
      }
      break;
    case PROP_MODIFIED:
      g_value_set_int64 (value, modified_us (self));
      break;
    case PROP_MODIFIED_TEXT:
      g_value_set_string (value, self->modified_text);
      break;
    case PROP_MODIFIED_TOOLTIP:
      g_value_set_string (value, self->modified_tooltip);
      break;
    case PROP_VERSION:
      g_value_set_string (value, ferry_object_info_get_version (info));
      break;
    case PROP_VERSION_SHORT:
      g_value_set_string (value, self->version_short);
      break;
    case PROP_OWNER:
      g_value_set_string (value, ferry_object_info_get_owner_name (info));
      break;
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_HAS_LOCATION:
      g_value_set_boolean (value, self->location != NULL);
      break;
    case PROP_MARK_LABEL:
      g_value_set_string (value, self->mark_label);
      break;
    case PROP_MARK_ICON_NAME:
      g_value_set_string (value, self->mark_icon_name);
      break;
    case PROP_MARK_TOOLTIP:
      g_value_set_string (value, self->mark_tooltip);
      break;
    case PROP_MARK_CSS_CLASSES:
      g_value_set_boxed (value, self->mark_css_classes);
      break;
    case PROP_HAS_MARK:
      g_value_set_boolean (value, self->mark_label != NULL);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_HAS_ERROR:
      g_value_set_boolean (value, self->error != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_object_row_class_init (FerryObjectRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_object_row_finalize;
  object_class->get_property = ferry_object_row_get_property;

  properties[PROP_INFO] = g_param_spec_object ("info", NULL, NULL, FERRY_TYPE_OBJECT_INFO, ro);
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_ICON_NAME] = g_param_spec_string ("icon-name", NULL, NULL, NULL, ro);
  properties[PROP_TYPE_NAME] = g_param_spec_string ("type-name", NULL, NULL, NULL, ro);
  properties[PROP_MODIFIED] = g_param_spec_int64 ("modified", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);
  properties[PROP_MODIFIED_TEXT] = g_param_spec_string ("modified-text", NULL, NULL, NULL, ro);
  properties[PROP_MODIFIED_TOOLTIP] = g_param_spec_string ("modified-tooltip", NULL, NULL, NULL, ro);
  properties[PROP_VERSION] = g_param_spec_string ("version", NULL, NULL, NULL, ro);
  properties[PROP_VERSION_SHORT] = g_param_spec_string ("version-short", NULL, NULL, NULL, ro);
  properties[PROP_OWNER] = g_param_spec_string ("owner", NULL, NULL, NULL, ro);
  properties[PROP_LOCATION] = g_param_spec_string ("location", NULL, NULL, NULL, ro);
  properties[PROP_HAS_LOCATION] = g_param_spec_boolean ("has-location", NULL, NULL, FALSE, ro);
  properties[PROP_MARK_LABEL] = g_param_spec_string ("mark-label", NULL, NULL, NULL, ro);
  properties[PROP_MARK_ICON_NAME] = g_param_spec_string ("mark-icon-name", NULL, NULL, NULL, ro);
  properties[PROP_MARK_TOOLTIP] = g_param_spec_string ("mark-tooltip", NULL, NULL, NULL, ro);
  properties[PROP_MARK_CSS_CLASSES] = g_param_spec_boxed ("mark-css-classes", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_HAS_MARK] = g_param_spec_boolean ("has-mark", NULL, NULL, FALSE, ro);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, ro);
  properties[PROP_HAS_ERROR] = g_param_spec_boolean ("has-error", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_object_row_init (FerryObjectRow *self)
{
  self->diff_state = -1;
  self->mark_css_classes = g_new0 (char *, 1);
}

FerryObjectRow *
ferry_object_row_new (FerryObjectInfo *info)
{
  FerryObjectRow *self;
  GDateTime *modified;
  const char *version;

  g_return_val_if_fail (FERRY_IS_OBJECT_INFO (info), NULL);

  self = g_object_new (FERRY_TYPE_OBJECT_ROW, NULL);
  self->info = g_object_ref (info);
  self->id = g_ascii_strup (ferry_object_info_get_id (info), -1);
  if (ferry_object_info_get_parent_id (info) != NULL)
    self->parent_id = g_ascii_strup (ferry_object_info_get_parent_id (info), -1);

  modified = ferry_object_info_get_date_modified (info);
  if (modified != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (modified);

      /* The date in the column (it fits beside the others); the time in the tooltip. */
      /* Translators: a date in a list column, short; see g_date_time_format() */
      self->modified_text = g_date_time_format (local, _("%Y-%m-%d"));
      /* Translators: the full modification time in the tooltip; see g_date_time_format() */
      self->modified_tooltip = g_date_time_format (local, _("%A, %e %B %Y, %H:%M:%S"));
    }

  version = ferry_object_info_get_version (info);
  if (version != NULL)
    self->version_short = g_strndup (version, 8);

  return self;
}

FerryObjectInfo *
ferry_object_row_get_info (FerryObjectRow *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_ROW (self), NULL);
  return self->info;
}

const char *
ferry_object_row_get_id (FerryObjectRow *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_ROW (self), NULL);
  return self->id;
}

const char *
ferry_object_row_get_name (FerryObjectRow *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_ROW (self), NULL);
  return ferry_object_info_get_name (self->info);
}

gboolean
ferry_object_row_is_folder (FerryObjectRow *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_ROW (self), FALSE);
  return ferry_object_info_is_folder (self->info);
}

const char *
ferry_object_row_get_parent_id (FerryObjectRow *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_ROW (self), NULL);
  return self->parent_id;
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
ferry_object_row_set_mark (FerryObjectRow *self,
                           const char     *label,
                           const char     *icon_name,
                           const char     *css_class,
                           const char     *tooltip)
{
  gboolean had_mark;

  g_return_if_fail (FERRY_IS_OBJECT_ROW (self));

  if (label == NULL)
    icon_name = css_class = tooltip = NULL;

  had_mark = self->mark_label != NULL;
  g_object_freeze_notify (G_OBJECT (self));

  if (set_string (&self->mark_label, label))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARK_LABEL]);
  if (set_string (&self->mark_icon_name, icon_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARK_ICON_NAME]);
  if (set_string (&self->mark_tooltip, tooltip))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARK_TOOLTIP]);

  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) classes = NULL;

    if (label != NULL)
      {
        g_strv_builder_add (builder, "compare-mark");
        if (css_class != NULL)
          g_strv_builder_add (builder, css_class);
      }
    classes = g_strv_builder_end (builder);
    if (!g_strv_equal ((const char * const *) classes, (const char * const *) self->mark_css_classes))
      {
        g_strfreev (self->mark_css_classes);
        self->mark_css_classes = g_steal_pointer (&classes);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARK_CSS_CLASSES]);
      }
  }

  if (had_mark != (label != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_MARK]);

  g_object_thaw_notify (G_OBJECT (self));
}

const char *
ferry_object_row_get_mark_label (FerryObjectRow *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_ROW (self), NULL);
  return self->mark_label;
}

void
ferry_object_row_set_diff (FerryObjectRow *self,
                           int             state,
                           gboolean        differences_below)
{
  g_return_if_fail (FERRY_IS_OBJECT_ROW (self));
  self->diff_state = state;
  self->differences_below = !!differences_below;
}

int
ferry_object_row_get_diff_state (FerryObjectRow *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_ROW (self), -1);
  return self->diff_state;
}

gboolean
ferry_object_row_get_differences_below (FerryObjectRow *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_ROW (self), FALSE);
  return self->differences_below;
}

void
ferry_object_row_set_location (FerryObjectRow *self,
                               const char     *location)
{
  gboolean had;

  g_return_if_fail (FERRY_IS_OBJECT_ROW (self));

  had = self->location != NULL;
  if (!set_string (&self->location, location))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCATION]);
  if (had != (location != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_LOCATION]);
}

void
ferry_object_row_set_loading (FerryObjectRow *self,
                              gboolean        loading)
{
  g_return_if_fail (FERRY_IS_OBJECT_ROW (self));

  loading = !!loading;
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

gboolean
ferry_object_row_get_loading (FerryObjectRow *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_ROW (self), FALSE);
  return self->loading;
}

void
ferry_object_row_set_error (FerryObjectRow *self,
                            const char     *error)
{
  gboolean had;

  g_return_if_fail (FERRY_IS_OBJECT_ROW (self));

  had = self->error != NULL;
  if (!set_string (&self->error, error))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  if (had != (error != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_ERROR]);
}

GListModel *
ferry_object_row_get_children (FerryObjectRow *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_ROW (self), NULL);
  return self->children;
}

void
ferry_object_row_set_children (FerryObjectRow *self,
                               GListModel     *children)
{
  g_return_if_fail (FERRY_IS_OBJECT_ROW (self));
  g_set_object (&self->children, children);
}
