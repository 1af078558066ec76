/* ferry-preflight-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-preflight-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-preflight-view.h"

struct _FerryPreflightView
{
  AdwBin          parent_instance;

  /* template widgets */
  AdwPreferencesGroup *group;
  GtkWidget      *check_again_button;
  GtkListBox     *list;

  FerryPreflight *preflight;
  GPtrArray      *watched;       /* FerryPreflightCheck whose notify we follow (a run replaces them) */
  GPtrArray      *rows;          /* the AdwActionRow of each check, in order */
  GPtrArray      *state_labels;  /* char*: the accessible label of each row's icon */
  GtkWidget      *expander;      /* "All checks passed" while compact */
  gboolean        expanded;      /* the user opened it: kept across rebuilds */
  gboolean        compact;
  guint           rebuild_id;
};

G_DEFINE_FINAL_TYPE (FerryPreflightView, ferry_preflight_view, ADW_TYPE_BIN)

static void queue_rebuild (FerryPreflightView *self);

/* The icon of STATE and what it says to a screen reader. */
static GtkWidget *
state_icon (FerryPreflightCheck *check,
            const char         **label)
{
  GtkWidget *icon;
  const char *icon_name = NULL;
  const char *css = NULL;

  switch (ferry_preflight_check_get_state (check))
    {
    case FERRY_PREFLIGHT_PASSED:
      icon_name = "object-select-symbolic";
      css = "success";
      *label = _("Passed");
      break;
    case FERRY_PREFLIGHT_NOTE:
      icon_name = "dialog-information-symbolic";
      css = "accent";
      *label = _("Note");
      break;
    case FERRY_PREFLIGHT_FAILED:
      if (ferry_preflight_check_get_blocking (check))
        {
          icon_name = "dialog-error-symbolic";
          css = "error";
          *label = _("Failed");
        }
      else
        {
          icon_name = "dialog-warning-symbolic";
          css = "warning";
          *label = _("Warning");
        }
      break;
    case FERRY_PREFLIGHT_PENDING:
    case FERRY_PREFLIGHT_RUNNING:
    default:
      icon = gtk_spinner_new ();
      gtk_spinner_set_spinning (GTK_SPINNER (icon), TRUE);
      *label = _("Checking");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, *label, -1);
      gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
      return icon;
    }

  icon = gtk_image_new_from_icon_name (icon_name);
  gtk_widget_add_css_class (icon, css);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, *label, -1);
  return icon;
}

/* The subtitle: what was found, and for a failure what to do next. */
static char *
row_subtitle (FerryPreflightCheck *check)
{
  const char *message = ferry_preflight_check_get_message (check);
  const char *action = ferry_preflight_check_get_action (check);
  g_autofree char *escaped = g_markup_escape_text (message ? message : "", -1);

  if (ferry_preflight_check_get_state (check) == FERRY_PREFLIGHT_FAILED && action != NULL)
    {
      g_autofree char *escaped_action = g_markup_escape_text (action, -1);

      /* Translators: a failed check's finding, then (on a new line) the next action */
      return g_strdup_printf (_("%s\n<b>Next:</b> %s"), escaped, escaped_action);
    }
  return g_steal_pointer (&escaped);
}

static GtkWidget *
check_row (FerryPreflightView  *self,
           FerryPreflightCheck *check)
{
  GtkWidget *row = adw_action_row_new ();
  const char *label = NULL;
  g_autofree char *subtitle = row_subtitle (check);
  g_autofree char *title = g_markup_escape_text (ferry_preflight_check_get_title (check), -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), state_icon (check, &label));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_ptr_array_add (self->rows, row);
  g_ptr_array_add (self->state_labels, g_strdup (label));
  return row;
}

static void
expander_notify_cb (FerryPreflightView *self)
{
  if (self->expander != NULL)
    self->expanded = adw_expander_row_get_expanded (ADW_EXPANDER_ROW (self->expander));
}

static void
unwatch (FerryPreflightView *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched, i), self);
  g_ptr_array_set_size (self->watched, 0);
}

static void
rebuild (FerryPreflightView *self)
{
  GListModel *checks = self->preflight ? ferry_preflight_get_checks (self->preflight) : NULL;
  guint n = checks ? g_list_model_get_n_items (checks) : 0;
  gboolean running = self->preflight != NULL && ferry_preflight_get_running (self->preflight);
  gboolean failed = FALSE, done = !running && n > 0;
  guint notes = 0;
  const char *first_note = NULL;
  GtkWidget *child;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  unwatch (self);
  if (self->expander != NULL)
    g_signal_handlers_disconnect_by_data (self->expander, self);
  self->expander = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->state_labels, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryPreflightCheck) check = g_list_model_get_item (checks, i);
      FerryPreflightState state = ferry_preflight_check_get_state (check);

      g_signal_connect_swapped (check, "notify", G_CALLBACK (queue_rebuild), self);
      g_ptr_array_add (self->watched, g_object_ref (check));
      if (state == FERRY_PREFLIGHT_FAILED)
        failed = TRUE;
      if (state == FERRY_PREFLIGHT_PENDING || state == FERRY_PREFLIGHT_RUNNING)
        done = FALSE;
      if (state == FERRY_PREFLIGHT_NOTE && notes++ == 0)
        first_note = ferry_preflight_check_get_message (check);
    }

  self->compact = done && !failed;
  if (self->compact)
    {
      g_autofree char *subtitle = NULL;

      self->expander = adw_expander_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->expander), _("All checks passed"));
      /* Names the list of its rows for a screen reader (tests/test-a11y.py). */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->expander), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("All checks passed"), -1);
      if (first_note != NULL)
        {
          g_autofree char *escaped = g_markup_escape_text (first_note, -1);

          subtitle = g_strdup (escaped);
        }
      else
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u check, on both servers",
                                                 "%u checks, on both servers", n), n);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self->expander), subtitle);
      {
        /* Everything passed: the check mark, even with a note (the note is
         * the subtitle, and the row's own icon inside says it). */
        const char *label = notes > 0 ? _("Passed, with a note") : _("Passed");
        GtkWidget *icon = gtk_image_new_from_icon_name ("object-select-symbolic");

        gtk_widget_add_css_class (icon, "success");
        gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
        gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
        adw_expander_row_add_prefix (ADW_EXPANDER_ROW (self->expander), icon);
      }
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FerryPreflightCheck) check = g_list_model_get_item (checks, i);

          adw_expander_row_add_row (ADW_EXPANDER_ROW (self->expander), check_row (self, check));
        }
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self->expander), self->expanded);
      g_signal_connect_swapped (self->expander, "notify::expanded", G_CALLBACK (expander_notify_cb), self);
      gtk_list_box_append (self->list, self->expander);
    }
  else
    /* Once the checks ran, the failures come first: in view without
     * scrolling, however many passed. */
    for (guint pass = 0; pass < 2; pass++)
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FerryPreflightCheck) check = g_list_model_get_item (checks, i);
          gboolean first = !running && ferry_preflight_check_get_state (check) == FERRY_PREFLIGHT_FAILED;

          if (first == (pass == 0))
            gtk_list_box_append (self->list, check_row (self, check));
        }

  if (running)
    adw_preferences_group_set_description (self->group, _("Checking both servers; nothing is created yet."));
  else if (failed && self->preflight != NULL && ferry_preflight_get_blocked_reason (self->preflight) != NULL)
    adw_preferences_group_set_description (self->group,
                                           _("Nothing is created on either server until the failed checks pass."));
  else
    adw_preferences_group_set_description (self->group, NULL);
  gtk_widget_set_visible (self->check_again_button, !running && failed);
  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);
}

static gboolean
rebuild_cb (gpointer data)
{
  FerryPreflightView *self = data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* Checks change a few at a time: one rebuild for them all. */
static void
queue_rebuild (FerryPreflightView *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_cb, self);
}

void
ferry_preflight_view_set_preflight (FerryPreflightView *self,
                                    FerryPreflight     *preflight)
{
  g_return_if_fail (FERRY_IS_PREFLIGHT_VIEW (self));
  g_return_if_fail (preflight == NULL || FERRY_IS_PREFLIGHT (preflight));

  if (self->preflight == preflight)
    return;
  if (self->preflight != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->preflight, self);
      g_signal_handlers_disconnect_by_data (ferry_preflight_get_checks (self->preflight), self);
    }
  g_set_object (&self->preflight, preflight);
  if (preflight != NULL)
    {
      g_signal_connect_swapped (preflight, "notify", G_CALLBACK (queue_rebuild), self);
      g_signal_connect_swapped (ferry_preflight_get_checks (preflight), "items-changed",
                                G_CALLBACK (queue_rebuild), self);
    }
  self->expanded = FALSE;
  rebuild (self);
}

FerryPreflight *
ferry_preflight_view_get_preflight (FerryPreflightView *self)
{
  g_return_val_if_fail (FERRY_IS_PREFLIGHT_VIEW (self), NULL);
  return self->preflight;
}

gboolean
ferry_preflight_view_get_compact (FerryPreflightView *self)
{
  g_return_val_if_fail (FERRY_IS_PREFLIGHT_VIEW (self), FALSE);
  if (self->rebuild_id != 0)
    rebuild (self);
  return self->compact;
}

GtkWidget *
ferry_preflight_view_get_row (FerryPreflightView *self,
                              guint               position)
{
  g_return_val_if_fail (FERRY_IS_PREFLIGHT_VIEW (self), NULL);
  if (self->rebuild_id != 0)
    rebuild (self);
  return position < self->rows->len ? g_ptr_array_index (self->rows, position) : NULL;
}

const char *
ferry_preflight_view_get_state_label (FerryPreflightView *self,
                                      guint               position)
{
  g_return_val_if_fail (FERRY_IS_PREFLIGHT_VIEW (self), NULL);
  if (self->rebuild_id != 0)
    rebuild (self);
  return position < self->state_labels->len ? g_ptr_array_index (self->state_labels, position) : NULL;
}

static void
ferry_preflight_view_dispose (GObject *object)
{
  FerryPreflightView *self = FERRY_PREFLIGHT_VIEW (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  unwatch (self);
  if (self->expander != NULL)
    g_signal_handlers_disconnect_by_data (self->expander, self);
  self->expander = NULL;
  if (self->preflight != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->preflight, self);
      g_signal_handlers_disconnect_by_data (ferry_preflight_get_checks (self->preflight), self);
    }
  g_clear_object (&self->preflight);
  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);
  /* Not gtk_widget_dispose_template(): the template's root is the bin's
   * child, which AdwBin unparents itself. */

  G_OBJECT_CLASS (ferry_preflight_view_parent_class)->dispose (object);
}

static void
ferry_preflight_view_finalize (GObject *object)
{
  FerryPreflightView *self = FERRY_PREFLIGHT_VIEW (object);

  g_clear_pointer (&self->watched, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->state_labels, g_ptr_array_unref);

  G_OBJECT_CLASS (ferry_preflight_view_parent_class)->finalize (object);
}

static void
ferry_preflight_view_class_init (FerryPreflightViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_preflight_view_dispose;
  object_class->finalize = ferry_preflight_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryapp/Ferry/ferry-preflight-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryPreflightView, group);
  gtk_widget_class_bind_template_child (widget_class, FerryPreflightView, check_again_button);
  gtk_widget_class_bind_template_child (widget_class, FerryPreflightView, list);
}

static void
ferry_preflight_view_init (FerryPreflightView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->rows = g_ptr_array_new ();   /* the list holds the rows */
  self->state_labels = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
