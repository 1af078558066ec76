/* ferry-cell-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text of a cell of the Migrations list. It sizes like GtkInscription
 * (in characters and lines, never by its text), but measures the font once:
 * GTK 4.8's inscription asks Pango for the font's metrics at every measure,
 * and Pango shapes a sample sentence for each. A GtkColumnView of GTK 4.8
 * keeps about 200 rows of widgets whatever its height, so the seven texts
 * of each row were measured some 3,600 times after each change of the rows
 * (60 ms at 100,000 migrations when an environment was removed). The font
 * metrics are kept per font, resolution and language on the display (a
 * table in its object data), and the layout per widget, made when it is
 * first drawn.
 */

#define G_LOG_DOMAIN "ferry-cell-text"

#include "config.h"

#include <pango/pangocairo.h>

#include "ferry-cell-text.h"

struct _FerryCellText
{
  GtkWidget    parent_instance;

  char        *text;
  guint        min_chars;
  guint        nat_chars;
  guint        nat_lines;
  PangoLayout *layout;          /* made when drawn */
  int          layout_width;    /* what it was laid out for, in pixels */
  int          layout_height;
};

G_DEFINE_FINAL_TYPE (FerryCellText, ferry_cell_text, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* Font metrics, once per font                                              */
/* ------------------------------------------------------------------------ */

typedef struct
{
  PangoFontDescription *font;
  PangoFontMap         *font_map;    /* not a reference: compared only */
  PangoLanguage        *language;
  double                resolution;
} MetricsKey;

typedef struct
{
  MetricsKey key;
  int        char_width;   /* Pango units */
  int        line_height;  /* Pango units */
} Metrics;

static guint
metrics_hash (gconstpointer data)
{
  const MetricsKey *key = data;

  return pango_font_description_hash (key->font) ^ g_direct_hash (key->font_map) ^
         g_direct_hash (key->language) ^ (guint) (key->resolution * 16);
}

static gboolean
metrics_equal (gconstpointer a,
               gconstpointer b)
{
  const MetricsKey *ka = a;
  const MetricsKey *kb = b;

  return ka->font_map == kb->font_map && ka->language == kb->language &&
         ka->resolution == kb->resolution && pango_font_description_equal (ka->font, kb->font);
}

static void
metrics_free (gpointer data)
{
  Metrics *metrics = data;

  pango_font_description_free (metrics->key.font);
  g_free (metrics);
}

#define METRICS_KEY "ferry-cell-text-metrics"

/* The display's table of Metrics (each its own key), made when asked. */
static GHashTable *
metrics_table (GtkWidget *widget)
{
  GObject *display = G_OBJECT (gtk_widget_get_display (widget));
  GHashTable *table = g_object_get_data (display, METRICS_KEY);

  if (table == NULL)
    {
      table = g_hash_table_new_full (metrics_hash, metrics_equal, NULL, metrics_free);
      g_object_set_data_full (display, METRICS_KEY, table, (GDestroyNotify) g_hash_table_unref);
    }
  return table;
}

static const Metrics *
get_metrics (FerryCellText *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  MetricsKey key = {
    (PangoFontDescription *) pango_context_get_font_description (context),
    pango_context_get_font_map (context),
    pango_context_get_language (context),
    pango_cairo_context_get_resolution (context),
  };
  GHashTable *table = metrics_table (GTK_WIDGET (self));
  Metrics *metrics;
  PangoFontMetrics *measured;

  metrics = g_hash_table_lookup (table, &key);
  if (metrics != NULL)
    return metrics;

  measured = pango_context_get_metrics (context, NULL, NULL);
  metrics = g_new0 (Metrics, 1);
  metrics->key = key;
  metrics->key.font = pango_font_description_copy (key.font);
  /* Digits as wide as letters at least: the dates' columns are numbers. */
  metrics->char_width = MAX (pango_font_metrics_get_approximate_char_width (measured),
                             pango_font_metrics_get_approximate_digit_width (measured));
  metrics->line_height = pango_font_metrics_get_height (measured);
  if (metrics->line_height <= 0)
    metrics->line_height = pango_font_metrics_get_ascent (measured) + pango_font_metrics_get_descent (measured);
  pango_font_metrics_unref (measured);
  g_hash_table_add (table, metrics);
  return metrics;
}

/* ------------------------------------------------------------------------ */
/* Layout and drawing                                                        */
/* ------------------------------------------------------------------------ */

static void
ensure_layout (FerryCellText *self,
               int            width,
               int            height)
{
  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      if (self->nat_lines > 1)
        pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
      self->layout_width = -1;
    }
  if (width != self->layout_width || height != self->layout_height)
    {
      pango_layout_set_width (self->layout, width * PANGO_SCALE);
      if (self->nat_lines > 1)
        {
          int lines = height * PANGO_SCALE / MAX (1, get_metrics (self)->line_height);

          /* As many lines as the height holds, one at least. */
          pango_layout_set_height (self->layout, -CLAMP (lines, 1, (int) self->nat_lines));
        }
      self->layout_width = width;
      self->layout_height = height;
    }
}

static void
ferry_cell_text_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  FerryCellText *self = FERRY_CELL_TEXT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PangoRectangle logical;
  GdkRGBA color;

  if (self->text == NULL || *self->text == '\0' || width <= 0 || height <= 0)
    return;
  ensure_layout (self, width, height);
  pango_layout_get_pixel_extents (self->layout, NULL, &logical);

  /* (GTK 4.8 has no gtk_widget_get_color()) */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);

  gtk_snapshot_save (snapshot);
  /* Centred in the height, as a label. */
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, floorf ((height - logical.height) / 2.0f) - logical.y));
  gtk_snapshot_append_layout (snapshot, self->layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
ferry_cell_text_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  FerryCellText *self = FERRY_CELL_TEXT (widget);
  const Metrics *metrics = get_metrics (self);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = PANGO_PIXELS_CEIL ((int) self->min_chars * metrics->char_width);
      *natural = PANGO_PIXELS_CEIL ((int) MAX (self->min_chars, self->nat_chars) * metrics->char_width);
    }
  else
    {
      *minimum = PANGO_PIXELS_CEIL (metrics->line_height);
      *natural = PANGO_PIXELS_CEIL ((int) MAX (1, self->nat_lines) * metrics->line_height);
    }
}

/* The font may have changed (a style class, the text scale): the layout
 * is laid out again. */
static void
ferry_cell_text_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  FerryCellText *self = FERRY_CELL_TEXT (widget);

  GTK_WIDGET_CLASS (ferry_cell_text_parent_class)->css_changed (widget, change);
  if (self->layout != NULL)
    {
      pango_layout_context_changed (self->layout);
      self->layout_width = -1;
    }
}

static void
ferry_cell_text_system_setting_changed (GtkWidget        *widget,
                                        GtkSystemSetting  setting)
{
  FerryCellText *self = FERRY_CELL_TEXT (widget);

  GTK_WIDGET_CLASS (ferry_cell_text_parent_class)->system_setting_changed (widget, setting);
  /* Hinting and such change the metrics without changing the key. */
  g_hash_table_remove_all (metrics_table (widget));
  g_clear_object (&self->layout);
  gtk_widget_queue_resize (widget);
}

/* ------------------------------------------------------------------------ */
/* API                                                                       */
/* ------------------------------------------------------------------------ */

GtkWidget *
ferry_cell_text_new (guint min_chars,
                     guint nat_chars,
                     guint nat_lines)
{
  FerryCellText *self = g_object_new (FERRY_TYPE_CELL_TEXT, NULL);

  self->min_chars = min_chars;
  self->nat_chars = nat_chars;
  self->nat_lines = MAX (nat_lines, 1);
  return GTK_WIDGET (self);
}

void
ferry_cell_text_set_text (FerryCellText *self,
                          const char    *text)
{
  g_return_if_fail (FERRY_IS_CELL_TEXT (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, text != NULL ? text : "", -1);
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

const char *
ferry_cell_text_get_text (FerryCellText *self)
{
  g_return_val_if_fail (FERRY_IS_CELL_TEXT (self), NULL);

  return self->text;
}

guint
ferry_cell_text_get_nat_lines (FerryCellText *self)
{
  g_return_val_if_fail (FERRY_IS_CELL_TEXT (self), 1);

  return self->nat_lines;
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */
/* ------------------------------------------------------------------------ */

static void
ferry_cell_text_finalize (GObject *object)
{
  FerryCellText *self = FERRY_CELL_TEXT (object);

  g_clear_object (&self->layout);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (ferry_cell_text_parent_class)->finalize (object);
}

static void
ferry_cell_text_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FerryCellText *self = FERRY_CELL_TEXT (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_cell_text_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FerryCellText *self = FERRY_CELL_TEXT (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      ferry_cell_text_set_text (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_cell_text_class_init (FerryCellTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ferry_cell_text_finalize;
  object_class->get_property = ferry_cell_text_get_property;
  object_class->set_property = ferry_cell_text_set_property;
  widget_class->snapshot = ferry_cell_text_snapshot;
  widget_class->measure = ferry_cell_text_measure;
  widget_class->css_changed = ferry_cell_text_css_changed;
  widget_class->system_setting_changed = ferry_cell_text_system_setting_changed;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "ferry-cell-text");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
ferry_cell_text_init (FerryCellText *self)
{
}
