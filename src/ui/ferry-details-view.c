/* ferry-details-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-details-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-details-view.h"

#define N_SIDES 2

typedef struct
{
  char            *environment_name;
  FerryConnection *connection;
  char            *project_id;

  /* for the object shown */
  FerryObjectInfo *info;
  gboolean         absent;
  gboolean         pending;
  GError          *error;
} Side;

typedef struct
{
  const char *key;
  char       *values[N_SIDES];
  gboolean    differs;
} Field;

struct _FerryDetailsView
{
  AdwBin              parent_instance;

  /* template widgets */
  GtkLabel           *subtitle_label;
  GtkStack           *stack;
  GtkSpinner         *spinner;
  AdwStatusPage      *error_page;
  GtkGrid            *fields_grid;

  /* owned */
  Side                sides[N_SIDES];
  char               *object_id;
  int                 type;
  FerryCompareResult *result;
  char               *title;
  GPtrArray          *fields;       /* Field, in display order */
  GCancellable       *cancellable;
  FerryDetailsState   state;
};

G_DEFINE_FINAL_TYPE (FerryDetailsView, ferry_details_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STATE,
  PROP_OBJECT_ID,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
field_free (gpointer data)
{
  Field *field = data;

  for (guint i = 0; i < N_SIDES; i++)
    g_free (field->values[i]);
  g_free (field);
}

static void
side_clear_object (Side *side)
{
  g_clear_object (&side->info);
  g_clear_error (&side->error);
  side->absent = FALSE;
  side->pending = FALSE;
}

static void
set_state (FerryDetailsView  *self,
           FerryDetailsState  state)
{
  static const char *pages[] = { "empty", "loading", "details", "error" };

  gtk_stack_set_visible_child_name (self->stack, pages[state]);
  gtk_spinner_set_spinning (self->spinner, state == FERRY_DETAILS_STATE_LOADING);

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_title (FerryDetailsView *self,
           const char       *title)
{
  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  gtk_label_set_label (self->subtitle_label, title ? title : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), title != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/* --- values ---------------------------------------------------------------- */

static const char *
type_name (int type)
{
  switch (type)
    {
    case 1: return _("Filter");
    case 2: return _("Template");
    case 3: return _("Report");
    case 4: return _("Metric");
    case 8: return _("Folder");
    case 10: return _("Prompt");
    case 12: return _("Attribute");
    case 13: return _("Fact");
    case 14: return _("Hierarchy");
    case 15: return _("Table");
    case 32: return _("Project");
    case 34: return _("User or Group");
    case 43: return _("Transformation");
    case 44: return _("Security Role");
    case 55: return _("Document");
    case 58: return _("Security Filter");
    default: return NULL;
    }
}

static char *
format_type (FerryObjectInfo *info)
{
  int type = ferry_object_info_get_object_type (info);
  const char *name = type_name (type);

  if (name != NULL)
    return g_strdup (name);

  /* Translators: an object type Ferry has no name for, e.g. "Type 47" */
  return g_strdup_printf (_("Type %d"), type);
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return NULL;

  local = g_date_time_to_local (time);
  /* Translators: a date and time in an object's details; see g_date_time_format() */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M:%S"));
}

/* MicroStrategy rights bits (EnumDSSXMLAccessRightFlags). */
static char *
format_rights (gint64 rights)
{
  static const struct { gint64 bit; const char *name; } bits[] = {
    { 1, N_("Browse") },
    { 2, N_("Use Execute") },
    { 4, N_("Read") },
    { 8, N_("Write") },
    { 16, N_("Delete") },
    { 32, N_("Control") },
    { 64, N_("Use") },
    { 128, N_("Execute") },
  };
  g_autoptr(GString) text = NULL;

  switch (rights)
    {
    case 255: return g_strdup (_("Full Control"));
    case 223: return g_strdup (_("Modify"));
    case 221: return g_strdup (_("Modify"));
    case 199: return g_strdup (_("View"));
    case 197: return g_strdup (_("View"));
    case 0: return g_strdup (_("No rights"));
    default: break;
    }

  text = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (bits); i++)
    {
      if ((rights & bits[i].bit) == 0)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, _(bits[i].name));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

/* One line per entry, sorted, so equal ACLs read (and compare) alike. */
static char *
format_acl (FerryObjectInfo *info)
{
  JsonNode *node = ferry_object_info_get_acl (info);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *ace;
      const char *trustee;
      g_autofree char *rights = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;

      ace = json_node_get_object (element);
      trustee = json_object_get_string_member_with_default (ace, "trusteeName", NULL);
      if (trustee == NULL)
        trustee = json_object_get_string_member_with_default (ace, "trusteeId", "?");
      rights = format_rights (json_object_get_int_member_with_default (ace, "rights", 0));

      if (json_object_get_boolean_member_with_default (ace, "deny", FALSE))
        /* Translators: an ACL entry that denies: "Everyone: denied Write" */
        g_ptr_array_add (lines, g_strdup_printf (_("%s: denied %s"), trustee, rights));
      else
        /* Translators: an ACL entry: "Everyone: View" */
        g_ptr_array_add (lines, g_strdup_printf (_("%s: %s"), trustee, rights));
    }

  if (lines->len == 0)
    return g_strdup (_("No entries"));

  g_ptr_array_sort (lines, compare_strings);
  g_ptr_array_add (lines, NULL);

  return g_strjoinv ("\n", (char **) lines->pdata);
}

static char *
field_value (FerryObjectInfo *info,
             const char      *key)
{
  if (g_str_equal (key, "name"))
    return g_strdup (ferry_object_info_get_name (info));
  if (g_str_equal (key, "path"))
    return g_strdup (ferry_object_info_get_path (info));
  if (g_str_equal (key, "type"))
    return format_type (info);
  if (g_str_equal (key, "version"))
    return g_strdup (ferry_object_info_get_version (info));
  if (g_str_equal (key, "created"))
    return format_time (ferry_object_info_get_date_created (info));
  if (g_str_equal (key, "modified"))
    return format_time (ferry_object_info_get_date_modified (info));
  if (g_str_equal (key, "owner"))
    return g_strdup (ferry_object_info_get_owner_name (info));
  if (g_str_equal (key, "acl"))
    return format_acl (info);

  g_return_val_if_reached (NULL);
}

static const struct {
  const char *key;
  const char *title;
} field_titles[] = {
  { "name", N_("Name") },
  { "path", N_("Folder") },
  { "type", N_("Type") },
  { "version", N_("Version") },
  { "created", N_("Created") },
  { "modified", N_("Modified") },
  { "owner", N_("Owner") },
  { "acl", N_("Permissions (ACL)") },
};

/* --- building the grid ----------------------------------------------------- */

static void
clear_grid (FerryDetailsView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_grid))) != NULL)
    gtk_grid_remove (self->fields_grid, child);
}

/* Folder paths may break before each "\" (a zero-width space there). */
static char *
breakable_path (const char *path)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (const char *p = path; *p != '\0'; p++)
    {
      if (*p == '\\' && p != path)
        g_string_append (text, "\u200B");
      g_string_append_c (text, *p);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
value_label (const char *key,
             const char *text,
             gboolean    differs)
{
  g_autofree char *shown = NULL;
  GtkWidget *label;
  PangoAttrList *attributes = pango_attr_list_new ();

  if (text != NULL && g_str_equal (key, "path"))
    shown = breakable_path (text);
  label = gtk_label_new (shown != NULL ? shown : text != NULL ? text : "—");

  /* Ids and paths break anywhere, but without hyphens. */
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (GTK_LABEL (label), attributes);
  pango_attr_list_unref (attributes);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* The flap takes the details' natural width: keep it to a column each. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_valign (label, GTK_ALIGN_FILL);
  gtk_widget_add_css_class (label, "details-value");
  if (g_str_equal (key, "version"))
    gtk_widget_add_css_class (label, "monospace");
  if (text == NULL)
    gtk_widget_add_css_class (label, "dim-label");
  if (differs)
    gtk_widget_add_css_class (label, "differs");

  return label;
}

static GtkWidget *
differs_badge (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *label = gtk_label_new (_("Differs"));

  gtk_widget_add_css_class (box, "differs-badge");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Differs"),
                                  -1);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);

  return box;
}

static void
build_grid (FerryDetailsView *self)
{
  int row = 0;

  clear_grid (self);

  /* The column headings: the environments, and "Not in …" for an absent copy. */
  for (guint i = 0; i < N_SIDES; i++)
    {
      Side *side = &self->sides[i];
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *name = gtk_label_new (side->environment_name ? side->environment_name : "");

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (name, "heading");
      gtk_box_append (GTK_BOX (box), name);

      if (side->absent)
        {
          g_autofree char *text = g_strdup_printf (_("Not in %s"), side->environment_name);
          GtkWidget *absent = gtk_label_new (text);

          gtk_label_set_xalign (GTK_LABEL (absent), 0);
          gtk_label_set_wrap (GTK_LABEL (absent), TRUE);
          gtk_widget_add_css_class (absent, "details-absent");
          gtk_widget_add_css_class (absent, "dim-label");
          gtk_box_append (GTK_BOX (box), absent);
        }

      gtk_widget_set_margin_bottom (box, 6);
      gtk_grid_attach (self->fields_grid, box, i, row, 1, 1);
    }
  row++;

  for (guint f = 0; f < self->fields->len; f++)
    {
      Field *field = g_ptr_array_index (self->fields, f);
      GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *title = NULL;

      for (guint t = 0; t < G_N_ELEMENTS (field_titles); t++)
        if (g_str_equal (field_titles[t].key, field->key))
          title = gtk_label_new (_(field_titles[t].title));
      g_assert (title != NULL);

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "caption-heading");
      if (!field->differs)
        gtk_widget_add_css_class (title, "dim-label");
      gtk_box_append (GTK_BOX (heading), title);
      if (field->differs)
        gtk_box_append (GTK_BOX (heading), differs_badge ());
      gtk_widget_set_margin_top (heading, 10);
      gtk_widget_set_margin_bottom (heading, 2);
      gtk_grid_attach (self->fields_grid, heading, 0, row++, 2, 1);

      for (guint i = 0; i < N_SIDES; i++)
        {
          GtkWidget *label;

          if (self->sides[i].absent)
            label = value_label (field->key, NULL, FALSE);
          else
            label = value_label (field->key, field->values[i], field->differs);
          gtk_grid_attach (self->fields_grid, label, i, row, 1, 1);
        }
      row++;
    }
}

static void
compute_fields (FerryDetailsView *self)
{
  gboolean both = !self->sides[0].absent && !self->sides[1].absent;

  g_ptr_array_set_size (self->fields, 0);

  for (guint t = 0; t < G_N_ELEMENTS (field_titles); t++)
    {
      Field *field = g_new0 (Field, 1);

      field->key = field_titles[t].key;
      for (guint i = 0; i < N_SIDES; i++)
        if (self->sides[i].info != NULL)
          field->values[i] = field_value (self->sides[i].info, field->key);

      /* Only two copies can differ: an absent copy is said once, above. */
      field->differs = both && g_strcmp0 (field->values[0], field->values[1]) != 0;
      g_ptr_array_add (self->fields, field);
    }
}

/* --- fetching -------------------------------------------------------------- */

typedef struct
{
  FerryDetailsView *self;
  guint             side;
  GCancellable     *cancellable;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->self);
  g_clear_object (&fetch->cancellable);
  g_free (fetch);
}

static void
finish_if_done (FerryDetailsView *self)
{
  const GError *error = NULL;

  for (guint i = 0; i < N_SIDES; i++)
    {
      if (self->sides[i].pending)
        return;
      if (self->sides[i].error != NULL && error == NULL)
        error = self->sides[i].error;
    }

  if (error != NULL)
    {
      g_autofree char *text = ferry_api_error_describe (error);

      adw_status_page_set_description (self->error_page, text);
      set_state (self, FERRY_DETAILS_STATE_ERROR);
      return;
    }

  if (self->sides[0].absent && self->sides[1].absent)
    {
      adw_status_page_set_description (self->error_page,
                                       _("The object is in neither environment any more."));
      set_state (self, FERRY_DETAILS_STATE_ERROR);
      return;
    }

  for (guint i = 0; i < N_SIDES; i++)
    if (self->sides[i].info != NULL)
      {
        set_title (self, ferry_object_info_get_name (self->sides[i].info));
        break;
      }

  compute_fields (self);
  build_grid (self);
  set_state (self, FERRY_DETAILS_STATE_LOADED);
}

static void
got_object_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fetch *fetch = user_data;
  FerryDetailsView *self = fetch->self;
  g_autoptr(FerryObjectInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  Side *side;

  info = ferry_discovery_get_object_finish (FERRY_CONNECTION (object), result, &error);

  /* A newer request (or dispose) took over. */
  if (g_cancellable_is_cancelled (fetch->cancellable))
    {
      fetch_free (fetch);
      return;
    }

  side = &self->sides[fetch->side];
  side->pending = FALSE;

  if (info != NULL)
    side->info = g_steal_pointer (&info);
  else if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND))
    side->absent = TRUE;
  else
    side->error = g_steal_pointer (&error);

  finish_if_done (self);
  fetch_free (fetch);
}

static void
start_fetch (FerryDetailsView *self)
{
  const FerryCompareEntry *entry = NULL;
  int type = self->type;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  for (guint i = 0; i < N_SIDES; i++)
    side_clear_object (&self->sides[i]);
  g_ptr_array_set_size (self->fields, 0);
  clear_grid (self);

  if (self->object_id == NULL)
    {
      set_title (self, NULL);
      set_state (self, FERRY_DETAILS_STATE_EMPTY);
      return;
    }

  if (self->result != NULL)
    entry = ferry_compare_result_lookup (self->result, self->object_id);
  if (entry != NULL)
    {
      const FerryInventoryItem *items[N_SIDES] = {
        ferry_compare_result_get_source_item (self->result, entry),
        ferry_compare_result_get_target_item (self->result, entry),
      };

      for (guint i = 0; i < N_SIDES; i++)
        {
          self->sides[i].absent = items[i] == NULL;
          if (type <= 0 && items[i] != NULL)
            type = items[i]->type;
        }
      if (items[0] != NULL)
        set_title (self, items[0]->name);
      else if (items[1] != NULL)
        set_title (self, items[1]->name);
    }

  self->cancellable = g_cancellable_new ();
  set_state (self, FERRY_DETAILS_STATE_LOADING);

  for (guint i = 0; i < N_SIDES; i++)
    {
      Side *side = &self->sides[i];
      Fetch *fetch;

      if (side->absent)
        continue;

      if (side->connection == NULL || side->project_id == NULL ||
          ferry_connection_get_state (side->connection) != FERRY_CONNECTION_STATE_CONNECTED)
        {
          side->error = g_error_new (FERRY_API_ERROR, FERRY_API_ERROR_NOT_CONNECTED,
                                     _("%s is not connected."),
                                     side->environment_name ? side->environment_name : _("The environment"));
          continue;
        }

      if (type <= 0)
        {
          side->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                             _("Compare the environments to see this object’s details."));
          continue;
        }

      side->pending = TRUE;
      fetch = g_new0 (Fetch, 1);
      fetch->self = g_object_ref (self);
      fetch->side = i;
      fetch->cancellable = g_object_ref (self->cancellable);
      ferry_discovery_get_object_async (side->connection, side->project_id, self->object_id, type,
                                        self->cancellable, got_object_cb, fetch);
    }

  finish_if_done (self);
}

static void
retry_clicked_cb (FerryDetailsView *self)
{
  ferry_details_view_reload (self);
}

/* --- API ------------------------------------------------------------------- */

void
ferry_details_view_set_side (FerryDetailsView *self,
                             FerryPaneSide     side_index,
                             const char       *environment_name,
                             FerryConnection  *connection,
                             const char       *project_id)
{
  Side *side;

  g_return_if_fail (FERRY_IS_DETAILS_VIEW (self));
  g_return_if_fail (side_index == FERRY_PANE_SIDE_SOURCE || side_index == FERRY_PANE_SIDE_TARGET);
  g_return_if_fail (!connection || FERRY_IS_CONNECTION (connection));

  side = &self->sides[side_index];
  if (g_strcmp0 (side->environment_name, environment_name) == 0 &&
      side->connection == connection &&
      g_strcmp0 (side->project_id, project_id) == 0)
    return;

  g_free (side->environment_name);
  side->environment_name = g_strdup (environment_name);
  g_set_object (&side->connection, connection);
  g_free (side->project_id);
  side->project_id = g_strdup (project_id);

  ferry_details_view_show_object (self, NULL, 0, NULL);
}

void
ferry_details_view_show_object (FerryDetailsView   *self,
                                const char         *object_id,
                                int                 type,
                                FerryCompareResult *result)
{
  g_return_if_fail (FERRY_IS_DETAILS_VIEW (self));

  if (result != self->result)
    {
      g_clear_pointer (&self->result, ferry_compare_result_unref);
      if (result != NULL)
        self->result = ferry_compare_result_ref (result);
    }

  if (g_strcmp0 (self->object_id, object_id) != 0)
    {
      g_free (self->object_id);
      self->object_id = g_strdup (object_id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OBJECT_ID]);
    }
  self->type = type;

  start_fetch (self);
}

void
ferry_details_view_reload (FerryDetailsView *self)
{
  g_return_if_fail (FERRY_IS_DETAILS_VIEW (self));

  start_fetch (self);
}

FerryDetailsState
ferry_details_view_get_state (FerryDetailsView *self)
{
  g_return_val_if_fail (FERRY_IS_DETAILS_VIEW (self), FERRY_DETAILS_STATE_EMPTY);

  return self->state;
}

const char *
ferry_details_view_get_object_id (FerryDetailsView *self)
{
  g_return_val_if_fail (FERRY_IS_DETAILS_VIEW (self), NULL);

  return self->object_id;
}

const char *
ferry_details_view_get_title (FerryDetailsView *self)
{
  g_return_val_if_fail (FERRY_IS_DETAILS_VIEW (self), NULL);

  return self->title;
}

GStrv
ferry_details_view_dup_differing_fields (FerryDetailsView *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (FERRY_IS_DETAILS_VIEW (self), NULL);

  for (guint f = 0; f < self->fields->len; f++)
    {
      Field *field = g_ptr_array_index (self->fields, f);

      if (field->differs)
        g_strv_builder_add (builder, field->key);
    }

  return g_strv_builder_end (builder);
}

const char *
ferry_details_view_get_value (FerryDetailsView *self,
                              FerryPaneSide     side,
                              const char       *key)
{
  g_return_val_if_fail (FERRY_IS_DETAILS_VIEW (self), NULL);
  g_return_val_if_fail (side == FERRY_PANE_SIDE_SOURCE || side == FERRY_PANE_SIDE_TARGET, NULL);

  for (guint f = 0; f < self->fields->len; f++)
    {
      Field *field = g_ptr_array_index (self->fields, f);

      if (g_strcmp0 (field->key, key) == 0)
        return field->values[side];
    }

  return NULL;
}

/* --- GObject --------------------------------------------------------------- */

static void
ferry_details_view_dispose (GObject *object)
{
  FerryDetailsView *self = FERRY_DETAILS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_DETAILS_VIEW);

  for (guint i = 0; i < N_SIDES; i++)
    {
      side_clear_object (&self->sides[i]);
      g_clear_pointer (&self->sides[i].environment_name, g_free);
      g_clear_object (&self->sides[i].connection);
      g_clear_pointer (&self->sides[i].project_id, g_free);
    }
  g_clear_pointer (&self->result, ferry_compare_result_unref);

  G_OBJECT_CLASS (ferry_details_view_parent_class)->dispose (object);
}

static void
ferry_details_view_finalize (GObject *object)
{
  FerryDetailsView *self = FERRY_DETAILS_VIEW (object);

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->object_id, g_free);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (ferry_details_view_parent_class)->finalize (object);
}

static void
ferry_details_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FerryDetailsView *self = FERRY_DETAILS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    case PROP_OBJECT_ID:
      g_value_set_string (value, self->object_id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_details_view_class_init (FerryDetailsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_details_view_dispose;
  object_class->finalize = ferry_details_view_finalize;
  object_class->get_property = ferry_details_view_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      FERRY_DETAILS_STATE_EMPTY, FERRY_DETAILS_STATE_ERROR, FERRY_DETAILS_STATE_EMPTY,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_OBJECT_ID] =
    g_param_spec_string ("object-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, APP_RESOURCE_PATH "/ferry-details-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryDetailsView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, FerryDetailsView, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryDetailsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryDetailsView, error_page);
  gtk_widget_class_bind_template_child (widget_class, FerryDetailsView, fields_grid);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);

  gtk_widget_class_set_css_name (widget_class, "ferry-details-view");
}

static void
ferry_details_view_init (FerryDetailsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields = g_ptr_array_new_with_free_func (field_free);
  set_state (self, FERRY_DETAILS_STATE_EMPTY);
}

GtkWidget *
ferry_details_view_new (void)
{
  return g_object_new (FERRY_TYPE_DETAILS_VIEW, NULL);
}
